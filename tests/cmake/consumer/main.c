#include <stdio.h>

#include "my.points.slot.h"

int main(void)
{
    pts_P p;
    pts_P_init(&p);
    slot_status st = pts_P_set_x(&p, 11);
    printf("x=%d %s\n", (int)pts_P_get_x(&p), slot_strerror(st));
    return st == SLOT_ERANGE ? 0 : 1;
}
