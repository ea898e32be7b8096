#include <stdio.h>

#include "app.slot.h"
#include "note.slot.h"

int main(void)
{
    app_Reading r;
    app_Reading_init(&r);
    note_Note n;
    note_Note_init(&n);
    slot_status st = note_Note_set_text(&n, "first");
    printf("unit %s, note %s\n", units_Unit_name(app_Reading_get_unit(&r)), note_Note_get_text(&n));
    note_Note_clear(&n);
    return st != SLOT_OK;
}
