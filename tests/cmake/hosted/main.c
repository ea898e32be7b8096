#include <stdio.h>

#include "points.slot.h"

int main(void)
{
    pts_P p;
    pts_P_init(&p);
    slot_status st = pts_P_set_x(&p, 11);
    printf("x=%d %s, unit %s, %zu bytes\n", (int)pts_P_get_x(&p), slot_strerror(st),
           units_Unit_name(pts_P_get_unit(&p)), sizeof p);
    return st == SLOT_ERANGE ? 0 : 1;
}
