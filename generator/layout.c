/* layout.c - member order, offsets, sizes and presence bits of each class.
 *
 * The target is the common 64-bit ABI: natural alignment, 8-byte pointers,
 * 4-byte enums.  The generated header asserts every size and offset that is
 * computed here, so a compiler that disagrees stops the build instead of
 * silently using another layout.
 */
#include "passes.h"

#include <stdlib.h>
#include <string.h>

#define PTR_SIZE 8
#define ENUM_SIZE 4
#define MAX_CLASS_SIZE 0x7fffffffu

static size_t align_up(size_t n, size_t align)
{
    return (n + align - 1) / align * align;
}

/* Alignments are powers of two. */
static unsigned align_log2(size_t align)
{
    unsigned k = 0;
    while (k < 63 && ((size_t)1 << (k + 1)) <= align)
        k++;
    return k;
}

static void layout_class(model *m, arena *scratch, class_def *c);

/* Size and alignment of one element of TYPE (an array multiplies it). */
static void element_size(model *m, arena *scratch, const type_expr *t, size_t *size, size_t *align)
{
    switch (t->kind) {
    case TY_BOOL:
    case TY_I8:
    case TY_U8:
        *size = *align = 1;
        return;
    case TY_I16:
    case TY_U16:
        *size = *align = 2;
        return;
    case TY_I32:
    case TY_U32:
    case TY_F32:
        *size = *align = 4;
        return;
    case TY_I64:
    case TY_U64:
    case TY_F64:
        *size = *align = 8;
        return;
    case TY_ENUM:
        *size = *align = ENUM_SIZE;
        return;
    case TY_STRING:
    case TY_REF:
        *size = *align = PTR_SIZE;
        return;
    case TY_STR:
        *size = (size_t)t->str_len + 1;
        *align = 1;
        return;
    case TY_CLASS:
        layout_class(m, scratch, t->cls);
        *size = t->cls->size;
        *align = t->cls->align;
        return;
    case TY_NONE:
        break;
    }
    *size = *align = 1;
}

static member_def *new_member(model *m, member_kind kind, const char *name, size_t size,
                              size_t align)
{
    member_def *mem = ar_alloc(m->a, sizeof *mem);
    mem->kind = kind;
    mem->name = name;
    mem->size = size;
    mem->align = align;
    return mem;
}

/* Members in declared order: base, slots, dict, weak list, presence bits. */
static void collect_members(model *m, arena *scratch, class_def *c, ptrvec *out)
{
    if (c->base)
        pv_push(m->a, out, new_member(m, MEMBER_BASE, "_slot_base", c->base->size, c->base->align));
    int bits = 0;
    for (size_t i = 0; i < c->slots.len; i++) {
        slot_def *f = PV_AT(c->slots, i);
        size_t size, align;
        element_size(m, scratch, &f->type, &size, &align);
        if (f->type.array_len)
            size = f->type.array_len > (MAX_CLASS_SIZE + 1ull) / size
                       ? MAX_CLASS_SIZE + 1ull
                       : size * (size_t)f->type.array_len;
        f->size = size;
        f->align = align;
        f->presence = f->dflt_val.set ? -1 : bits++;
        member_def *mem = new_member(m, MEMBER_SLOT, f->name, size, align);
        mem->slot = f;
        pv_push(m->a, out, mem);
    }
    if (c->has_dict && !(c->base && c->base->has_dict))
        pv_push(m->a, out, new_member(m, MEMBER_DICT, "_slot_dict", PTR_SIZE, PTR_SIZE));
    if (c->has_weakref && !(c->base && c->base->has_weakref))
        pv_push(m->a, out, new_member(m, MEMBER_WEAKREF, "_slot_weakrefs", PTR_SIZE, PTR_SIZE));
    c->presence_bytes = ((size_t)bits + 7) / 8;
    /* An empty struct is not valid C: a class with nothing else keeps one
     * byte of (unused) presence bits. */
    if (c->presence_bytes == 0 && out->len == 0)
        c->presence_bytes = 1;
    if (c->presence_bytes)
        pv_push(m->a, out, new_member(m, MEMBER_PRESENCE, "_slot_present", c->presence_bytes, 1));
}

/* Compact order: the base first, then by falling alignment (declared order
 * among equals), presence bits last.  Members then pack without padding
 * except at the end, because every size is a multiple of its alignment.
 * A counting sort over the powers of two that alignments are: linear in
 * the members, however many a class has. */
static void sort_compact(arena *a, ptrvec *v)
{
    size_t first = 0, last = v->len;
    if (first < last && ((member_def *)PV_AT(*v, first))->kind == MEMBER_BASE)
        first++;
    if (first < last && ((member_def *)PV_AT(*v, last - 1))->kind == MEMBER_PRESENCE)
        last--;
    size_t start[65] = {0};
    for (size_t i = first; i < last; i++)
        start[64 - align_log2(((member_def *)PV_AT(*v, i))->align)]++;
    for (size_t k = 0, sum = first; k < 65; k++) {
        size_t n = start[k];
        start[k] = sum;
        sum += n;
    }
    void **sorted = ar_alloc_raw(a, (last - first + 1) * sizeof *sorted);
    for (size_t i = first; i < last; i++) {
        member_def *mem = PV_AT(*v, i);
        sorted[start[64 - align_log2(mem->align)]++ - first] = mem;
    }
    if (last > first)
        memcpy(v->items + first, sorted, (last - first) * sizeof *sorted);
}

/* Assigns offsets in the given order; returns the struct's size. */
static size_t place(ptrvec *v, bool packed, size_t *align_out)
{
    size_t off = 0, align = 1;
    for (size_t i = 0; i < v->len; i++) {
        member_def *mem = PV_AT(*v, i);
        size_t a = packed ? 1 : mem->align;
        size_t at = align_up(off, a);
        mem->pad_before = at - off;
        mem->offset = at;
        off = at + mem->size;
        if (a > align)
            align = a;
        if (off > MAX_CLASS_SIZE)
            off = MAX_CLASS_SIZE + 1ull;
    }
    *align_out = align;
    return align_up(off, align);
}

/* The slot_type of a slot of type T: one element's, for an array. */
static slot_type slot_type_of(const type_expr *t)
{
    switch (t->kind) {
    case TY_I8:
        return SLOT_T_I8;
    case TY_I16:
        return SLOT_T_I16;
    case TY_I32:
        return SLOT_T_I32;
    case TY_I64:
        return SLOT_T_I64;
    case TY_U8:
        return SLOT_T_U8;
    case TY_U16:
        return SLOT_T_U16;
    case TY_U32:
        return SLOT_T_U32;
    case TY_U64:
        return SLOT_T_U64;
    case TY_F32:
        return SLOT_T_F32;
    case TY_F64:
        return SLOT_T_F64;
    case TY_STR:
        return SLOT_T_STR;
    case TY_STRING:
        return SLOT_T_STRING;
    case TY_ENUM:
        return SLOT_T_ENUM;
    case TY_CLASS:
        return SLOT_T_OBJ;
    case TY_REF:
        return SLOT_T_REF;
    case TY_BOOL:
    case TY_NONE:
        break;
    }
    return SLOT_T_BOOL;
}

/* Where the presence byte of slot F is: in the presence bytes of the
 * class that declares it, whose struct begins every subclass's.  They are
 * the owner's last member in every layout, so the search from the end
 * stops at once (from the front it made a class of N slots cost N^2). */
static size_t presence_at(const slot_def *f)
{
    const class_def *o = f->owner;
    for (size_t i = o->members.len; i-- > 0;) {
        const member_def *mem = PV_AT(o->members, i);
        if (mem->kind == MEMBER_PRESENCE)
            return mem->offset + (size_t)f->presence / 8;
    }
    return 0;
}

/* How slot_getattr reads each name's slot from C's instances, in the cell
 * the name lands on: libslot's own rule (slot_i_read_of), given the row
 * the class table has for the slot. */
static void fill_reads(class_def *c)
{
    for (size_t pos = 0; pos < c->hash.nkeys; pos++) {
        slot_key *k = &c->hash.keys[pos];
        if (k->len == SLOT_KEY_FREE)
            continue;
        const slot_def *f = PV_AT(c->all_slots, k->index);
        size_t count = (size_t)f->type.array_len;
        slot_member row;
        memset(&row, 0, sizeof row);
        row.type = (uint8_t)slot_type_of(&f->type);
        row.offset = (uint32_t)f->offset;
        row.size = (uint32_t)(count ? f->size / count : f->size);
        row.count = (uint32_t)count;
        if (f->presence >= 0) {
            row.pbyte = (uint32_t)presence_at(f);
            row.pmask = (uint8_t)(1u << (f->presence % 8));
        }
        k->read = slot_i_read_of(&row, c->size);
    }
}

/* The perfect hash over every slot name of C, the inherited ones too.
 * ph_build works in SCRATCH; the table it leaves is copied into the run's
 * arena, and the rest given back. */
static void hash_names(model *m, arena *scratch, class_def *c)
{
    size_t n = c->all_slots.len;
    if (n > PH_MAX_KEYS) {
        diag_error(m->d, c->at, "class '%s' has %zu slots; a class can hold at most %d", c->name, n,
                   PH_MAX_KEYS);
        return;
    }
    arena_mark mark = ar_mark(scratch);
    const char **names = ar_alloc_raw(scratch, (n + 1) * sizeof *names);
    for (size_t i = 0; i < n; i++)
        names[i] = ((const slot_def *)PV_AT(c->all_slots, i))->name;
    if (!ph_build(scratch, names, n, &c->hash)) {
        diag_error(m->d, c->at, "no perfect hash found for the slot names of class '%s'", c->name);
    } else {
        uint16_t *disp = ar_alloc_raw(m->a, c->hash.nbuckets * sizeof *disp + 1);
        slot_key *keys = ar_alloc_raw(m->a, c->hash.nkeys * sizeof *keys);
        memcpy(disp, c->hash.disp, c->hash.nbuckets * sizeof *disp);
        memcpy(keys, c->hash.keys, c->hash.nkeys * sizeof *keys);
        c->hash.disp = disp;
        c->hash.keys = keys;
        if (c->size <= MAX_CLASS_SIZE)
            fill_reads(c);
    }
    ar_release(scratch, mark);
}

static void layout_class(model *m, arena *scratch, class_def *c)
{
    if (c->laid_out)
        return;
    c->laid_out = true; /* check has ruled out cycles; this guards anyway */
    if (c->base)
        layout_class(m, scratch, c->base);

    ptrvec members = {0};
    collect_members(m, scratch, c, &members);
    size_t align;
    c->declared_size = place(&members, c->layout == LAYOUT_PACKED, &align);
    /* place() assigns offsets again in the chosen order. */
    if (c->layout == LAYOUT_COMPACT) {
        arena_mark mark = ar_mark(scratch);
        sort_compact(scratch, &members);
        ar_release(scratch, mark);
        c->size = place(&members, false, &c->align);
    } else {
        c->size = c->declared_size;
        c->align = align;
    }
    c->members = members;

    c->padding = c->size;
    for (size_t i = 0; i < members.len; i++) {
        member_def *mem = PV_AT(members, i);
        c->padding -= mem->size;
        if (mem->slot)
            mem->slot->offset = mem->offset;
    }
    size_t inherited = c->base ? c->base->all_slots.len : 0;
    c->all_slots.len = c->all_slots.cap = inherited + c->slots.len;
    c->all_slots.items = ar_alloc_raw(m->a, (c->all_slots.len + 1) * sizeof(void *));
    if (inherited)
        memcpy(c->all_slots.items, c->base->all_slots.items, inherited * sizeof(void *));
    if (c->slots.len)
        memcpy(c->all_slots.items + inherited, c->slots.items, c->slots.len * sizeof(void *));

    if (c->size > MAX_CLASS_SIZE)
        diag_error(m->d, c->at, "class '%s' is too large (more than %u bytes)", c->name,
                   MAX_CLASS_SIZE);
    hash_names(m, scratch, c);
}

void lay_layout(model *m)
{
    arena *scratch = ar_new();
    for (size_t i = 0; i < m->schemas.len; i++) {
        schema *s = PV_AT(m->schemas, i);
        for (size_t j = 0; j < s->sorted.len; j++)
            layout_class(m, scratch, PV_AT(s->sorted, j));
    }
    ar_free(scratch);
}

static const char *mode_name(layout_mode mode)
{
    return mode == LAYOUT_PACKED ? "packed" : mode == LAYOUT_DECLARED ? "declared" : "compact";
}

void lay_report(const schema *s, FILE *out)
{
    for (size_t i = 0; i < s->sorted.len; i++) {
        const class_def *c = PV_AT(s->sorted, i);
        size_t inside = 0, used = 0;
        fprintf(out, "%s_%s (%s): %zu bytes, align %zu\n", s->name, c->name, mode_name(c->layout),
                c->size, c->align);
        fprintf(out, "  offset  size  align  member\n");
        for (size_t j = 0; j < c->members.len; j++) {
            const member_def *mem = PV_AT(c->members, j);
            if (mem->pad_before)
                fprintf(out, "  %6zu  %4zu         (padding)\n", mem->offset - mem->pad_before,
                        mem->pad_before);
            fprintf(out, "  %6zu  %4zu  %5zu  %s\n", mem->offset, mem->size,
                    c->layout == LAYOUT_PACKED ? (size_t)1 : mem->align, mem->name);
            inside += mem->pad_before;
            used = mem->offset + mem->size;
        }
        if (c->size > used)
            fprintf(out, "  %6zu  %4zu         (padding)\n", used, c->size - used);
        fprintf(out, "  padding: %zu bytes (%zu inside, %zu at the end)\n", c->padding, inside,
                c->size - used);
        if (c->declared_size > c->size)
            fprintf(out, "  declared order: %zu bytes; %s saves %zu\n", c->declared_size,
                    mode_name(c->layout), c->declared_size - c->size);
        else
            fprintf(out, "  declared order: %zu bytes\n", c->declared_size);
    }
}
