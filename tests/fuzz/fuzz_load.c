/* fuzz_load.c - libFuzzer target for libslot_io: any bytes loaded into an
 * instance of each class of tests/io/io.yaml, whose slots take every type
 * (and which has dict classes, weak references, a packed class and classes
 * that aliases can multiply).  A load must succeed or fail with a status
 * and a message, never crash, leak or reach undefined behaviour; a failed
 * load must leave the instance as it was; what loads must dump as YAML and
 * as JSON (or fail to, with a status), and each dump must load back and
 * dump to the same text.  slot_load_each reads the same bytes as a stream
 * of Node instances.
 */
#define _POSIX_C_SOURCE 200809L /* fmemopen */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <slot/io.h>

#include "io.slot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const slot_class *const classes[] = {
    &io_Label_class,  &io_Nums_class,    &io_Arrays_class, &io_Bag_class,  &io_Node_class,
    &io_Holder_class, &io_Station_class, &io_Header_class, &io_Tree_class,
};

/* Small limits, so that no input takes long. */
static const slot_io_opts limits = {SLOT_YAML, 16, 1 << 16, 20000};

static void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_load: %s\n", what);
        abort();
    }
}

/* OBJ, a loaded CLS instance, dumps in FORMAT to text that loads back and
 * dumps the same. */
static void round_trip(const slot_class *cls, const void *obj, slot_format format)
{
    slot_io_opts o = {format, 0, 0, 0};
    slot_io_error err;
    int n = slot_dump_text(cls, obj, NULL, 0, &o), again;
    char *text, *text2;
    void *back;
    if (n < 0) {
        check(n == -(int)SLOT_ETYPE || n == -(int)SLOT_ERANGE, "dump failed with another status");
        return;
    }
    text = malloc((size_t)n + 1);
    check(slot_dump_text(cls, obj, text, (size_t)n + 1, &o) == n, "dump is not snprintf-like");
    back = malloc(cls->size);
    slot_init(cls, back);
    check(slot_load_text(cls, back, text, (size_t)n, "dump", NULL, &err) == SLOT_OK,
          "a dump did not load back");
    again = slot_dump_text(cls, back, NULL, 0, &o);
    check(again == n, "a dump loaded back dumps to another length");
    text2 = malloc((size_t)n + 1);
    slot_dump_text(cls, back, text2, (size_t)n + 1, &o);
    check(memcmp(text, text2, (size_t)n) == 0, "a dump loaded back dumps to other text");
    free(text2);
    slot_clear(cls, back);
    free(back);
    free(text);
}

static slot_status each_node(void *obj, size_t index, void *ctx)
{
    (void)index;
    (void)ctx;
    round_trip(&io_Node_class, obj, SLOT_YAML);
    return SLOT_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t i;
    if (size > 0) {
        FILE *in = fmemopen((void *)(uintptr_t)data, size, "r");
        slot_io_error err;
        if (in) {
            slot_status st =
                slot_load_each(&io_Node_class, in, "fuzz", each_node, NULL, &limits, &err);
            check(st == err.status, "load_each: the status and err.status differ");
            fclose(in);
        }
    }
    for (i = 0; i < sizeof classes / sizeof classes[0]; i++) {
        const slot_class *cls = classes[i];
        unsigned char *obj = malloc(cls->size), *before = malloc(cls->size);
        slot_io_error err;
        slot_status st;
        slot_init(cls, obj);
        memcpy(before, obj, cls->size);
        st = slot_load_text(cls, obj, (const char *)data, size, "fuzz", &limits, &err);
        check(st == err.status, "the status and err.status differ");
        if (st == SLOT_OK) {
            round_trip(cls, obj, SLOT_YAML);
            round_trip(cls, obj, SLOT_JSON);
        } else {
            check(strncmp(err.message, "fuzz:", 5) == 0, "a message without its position");
            check(memcmp(before, obj, cls->size) == 0, "a failed load changed the instance");
        }
        slot_clear(cls, obj);
        free(obj);
        free(before);
    }
    return 0;
}
