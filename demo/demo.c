/* demo.c - what the code slotc generates for schemas/ looks like in use,
 * and instances read from YAML and written back with libslot_io. */
#include <stdio.h>

#include <slot/io.h>

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

/* Prints what a by-name call returned, worded as Python would. */
static void report(const char *call, const slot_class *cls, const char *name, slot_status st)
{
    char msg[128];
    slot_format_error(msg, sizeof msg, cls, name, st);
    printf("  %s -> %s%s%s\n", call, slot_strerror(st), st == SLOT_OK ? "" : ": ",
           st == SLOT_OK ? "" : msg);
}

static void by_name(void)
{
    char text[160];
    shapes_Point p;
    shapes_Point_init(&p);
    printf("\nBy name, through the table shapes_Point_class:\n");
    report("setattr(p, \"x\", 2.5)", &shapes_Point_class, "x",
           slot_setattr(&shapes_Point_class, &p, "x", slot_float(2.5)));
    report("setattr(p, \"q\", 1)", &shapes_Point_class, "q",
           slot_setattr(&shapes_Point_class, &p, "q", slot_int(1)));
    slot_repr(&shapes_Point_class, &p, text, sizeof text);
    printf("  repr: %s\n", text);

    /* Label has dict: true: other names go to its dict, and an instance
     * may shadow the class attribute 'kind'. */
    shapes_Label label;
    shapes_Label_init(&label);
    printf("Label has a dict and weak references:\n");
    report("setattr(label, \"note\", \"kept in the dict\")", &shapes_Label_class, "note",
           slot_setattr(&shapes_Label_class, &label, "note", slot_str("kept in the dict")));
    report("setattr(label, \"kind\", \"caption\")", &shapes_Label_class, "kind",
           slot_setattr(&shapes_Label_class, &label, "kind", slot_str("caption")));
    slot_repr(&shapes_Label_class, &label, text, sizeof text);
    printf("  repr: %s\n", text);
    slot_weakref *ref = slot_weakref_new(&shapes_Label_class, &label);
    printf("  a weak reference reads %s;", slot_weakref_get(ref) ? "the label" : "NULL");
    shapes_Label_clear(&label);
    printf(" after clear it reads %s\n", slot_weakref_get(ref) ? "the label" : "NULL");
    slot_weakref_free(ref);

    /* Bag is dynamic: true, with no slots: every attribute is in the dict. */
    shapes_Bag *bag = shapes_Bag_new();
    if (!bag)
        return;
    if (slot_setattr(&shapes_Bag_class, bag, "width", slot_int(640)) == SLOT_OK &&
        slot_setattr(&shapes_Bag_class, bag, "ratio", slot_float(1.5)) == SLOT_OK) {
        slot_repr(&shapes_Bag_class, bag, text, sizeof text);
        printf("Bag is dynamic: %s, %zu bytes with its dict\n", text,
               slot_sizeof(&shapes_Bag_class, bag));
    }
    shapes_Bag_free(bag);
}

/* Prints each label slot_load_each reads, and keeps a copy of the second
 * in CTX (the loader clears its own instance after each call). */
static slot_status show_label(void *obj, size_t index, void *ctx)
{
    char text[512];
    slot_repr(&shapes_Label_class, obj, text, sizeof text);
    printf("  [%zu] %s\n", index, text);
    return index == 1 ? shapes_Label_copy((shapes_Label *)ctx, (const shapes_Label *)obj) : SLOT_OK;
}

/* DIR holds labels.yaml, a sequence of shapes Labels, and bad-label.yaml,
 * which a load refuses. */
static void text_io(const char *dir)
{
    static const slot_io_opts json = {SLOT_JSON, 0, 0, 0};
    char path[512], text[512];
    slot_io_error err;
    shapes_Label label;
    slot_status st;
    FILE *in;

    snprintf(path, sizeof path, "%s/labels.yaml", dir);
    in = fopen(path, "r");
    if (!in) {
        printf("\nText I/O: cannot open %s (run the demo from the repository's top)\n", path);
        return;
    }
    shapes_Label_init(&label);
    printf("\nText I/O (libslot_io): %s, one Label at a time (slot_load_each):\n", path);
    st = slot_load_each(&shapes_Label_class, in, path, show_label, &label, NULL, &err);
    fclose(in);
    if (st != SLOT_OK)
        printf("  -> %s: %s\n", slot_strerror(st), err.message);

    snprintf(path, sizeof path, "%s/bad-label.yaml", dir);
    in = fopen(path, "r");
    if (in) {
        st = slot_load_file(&shapes_Label_class, &label, in, path, NULL, &err);
        fclose(in);
        printf("slot_load_file(%s) into the copy of [1] -> %s\n  %s\n  (path \"%s\")\n", path,
               slot_strerror(st), err.message, err.path);
        slot_repr(&shapes_Label_class, &label, text, sizeof text);
        printf("  the copy is as it was: %s\n", text);
    }

    printf("Label [1] dumped as YAML (slot_dump_file):\n");
    if (slot_dump_file(&shapes_Label_class, &label, stdout, NULL) != SLOT_OK)
        printf("  (dump failed)\n");
    printf("and as JSON:\n");
    if (slot_dump_file(&shapes_Label_class, &label, stdout, &json) != SLOT_OK)
        printf("  (dump failed)\n");
    shapes_Label_clear(&label);
}

/* The optional argument is the directory of the demo's data files. */
int main(int argc, char **argv)
{
    sizes();
    defaults_and_presence();
    inheritance();
    arrays();
    by_name();
    text_io(argc > 1 ? argv[1] : "schemas/data");
    return 0;
}
