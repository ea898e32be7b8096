/* demo.c - what the code slotc generates for schemas/ looks like in use. */
#include <stdio.h>

#include "inventory.slot.h"
#include "records.slot.h"
#include "shapes.slot.h"

/* The record of records.yaml, written by hand in declared order. */
struct by_hand {
    uint8_t a;
    double b;
    uint8_t c;
    uint32_t d;
    uint16_t e;
    uint8_t f;
};

static void sizes(void)
{
    printf("One record {a: u8, b: f64, c: u8, d: u32, e: u16, f: u8} in each layout:\n");
    printf("  hand-written struct     %2zu bytes\n", sizeof(struct by_hand));
    printf("  layout: declared        %2zu bytes (source order, + presence bits)\n",
           sizeof(records_Declared));
    printf("  layout: compact         %2zu bytes (reordered, + presence bits)\n",
           sizeof(records_Compact));
    printf("  layout: packed          %2zu bytes (no padding at all)\n", sizeof(records_Packed));
    printf("  compact, all defaults   %2zu bytes (no presence bits needed)\n\n",
           sizeof(records_Defaults));
}

static void defaults_and_presence(void)
{
    shapes_Label label;
    shapes_Label_init(&label);
    printf("A new Label: size %u (its default), align %s, text \"%s\"\n",
           (unsigned)shapes_Label_get_size(&label),
           shapes_Align_name(shapes_Label_get_align(&label)), shapes_Label_get_text(&label));
    printf("  has 'size'? %s (it has a default)   has 'owner'? %s (never set)\n",
           shapes_Label_has_size(&label) ? "yes" : "no",
           shapes_Label_has_owner(&label) ? "yes" : "no");

    slot_status st = shapes_Label_set_size(&label, 1000);
    printf("  set size = 1000 -> %s; size is still %u (allowed: 1..512)\n", slot_strerror(st),
           (unsigned)shapes_Label_get_size(&label));
    st = shapes_Label_set_text(&label, "a label far longer than thirty-one bytes");
    printf("  set text to 40 bytes -> %s; text is still \"%s\"\n", slot_strerror(st),
           shapes_Label_get_text(&label));
    st = shapes_Label_set_owner(&label, "demo");
    printf("  set owner = \"demo\" -> %s; has 'owner'? %s\n", slot_strerror(st),
           shapes_Label_has_owner(&label) ? "yes" : "no");

    shapes_Label copy;
    shapes_Label_init(&copy);
    st = shapes_Label_copy(&copy, &label);
    printf("  deep copy -> %s; equal? %s\n", slot_strerror(st),
           shapes_Label_equal(&copy, &label) ? "yes" : "no");
    shapes_Label_del_owner(&copy);
    printf("  del owner in the copy; equal? %s\n\n",
           shapes_Label_equal(&copy, &label) ? "yes" : "no");
    shapes_Label_clear(&copy);
    shapes_Label_clear(&label);
}

static void inheritance(void)
{
    shapes_Point3 p;
    shapes_Point3_init(&p);
    if (shapes_Point3_set_x(&p, 1.5) != SLOT_OK || shapes_Point3_set_z(&p, -2) != SLOT_OK)
        return;
    const shapes_Point *base = (const shapes_Point *)&p; /* the base is a prefix */
    printf("Point3 extends Point: x=%g (through the Point view: %g), w=%g (default), z=%g\n",
           shapes_Point3_get_x(&p), shapes_Point_get_x(base), shapes_Point3_get_w(&p),
           shapes_Point3_get_z(&p));
    printf("  %d slots, in index order:", shapes_Point3_SLOT_COUNT);
#define PRINT_NAME(name, type) printf(" %s", #name);
    shapes_Point3_SLOTS(PRINT_NAME)
#undef PRINT_NAME
        printf("\n\n");
}

static void arrays(void)
{
    inventory_Item *item = inventory_Item_new();
    if (!item)
        return;
    slot_status st = inventory_Item_set_tags(item, 0, "fragile");
    slot_status bad = inventory_Item_set_tags(item, 4, "past the end");
    printf("Item: name \"%s\" (default), tag[0] \"%s\" (%s), tag[4] -> %s\n",
           inventory_Item_get_name(item), inventory_Item_get_tags(item, 0), slot_strerror(st),
           slot_strerror(bad));
    st = inventory_Item_set_discount(item, 1.5f);
    printf("  set discount = 1.5 -> %s (allowed: 0..1)\n", slot_strerror(st));
    inventory_Item_free(item);
}

int main(void)
{
    sizes();
    defaults_and_presence();
    inheritance();
    arrays();
    return 0;
}
