#include <stdio.h>

#include <slot/io.h>

#include "points.slot.h"

int main(void)
{
    pts_P p;
    pts_P_init(&p);
    slot_status st = pts_P_set_x(&p, 11);
    printf("x=%d %s, unit %s\n", (int)pts_P_get_x(&p), slot_strerror(st),
           units_Unit_name(pts_P_get_unit(&p)));
    if (st != SLOT_ERANGE)
        return 1;
    st = slot_load_text(&pts_P_class, &p, "x: 5", 4, "text", NULL, NULL);
    printf("loaded x=%d %s\n", (int)pts_P_get_x(&p), slot_strerror(st));
    return st == SLOT_OK ? 0 : 1;
}
