/* layout.c - member order, offsets, sizes and presence bits of each class.
 *
 * Generated code is compiled for targets other than the one slotc runs on,
 * so every class is laid out for each ABI family of lay_abi: natural
 * alignment, 4-byte enums, and pointers and 64-bit numbers as each family
 * has them.  The member order is one for all: compact sorts by alignment on
 * every family at once, so that it packs as tightly on each.  The generated
 * code asserts every size and offset computed here, picking each family's
 * figure with SLOT_ABI, so a compiler that disagrees stops the build
 * instead of silently using another layout.
 */
#include "passes.h"

#include <stdlib.h>
#include <string.h>

#define ENUM_SIZE 4
#define MAX_CLASS_SIZE 0x7fffffffu

/* Pointer size and the alignment of a 64-bit number (i64, u64, f64) inside
 * a struct, per family, in lay_abi's order. */
static const struct {
    size_t ptr, align64;
} abis[ABI_COUNT] = {{8, 8}, {4, 8}, {4, 4}};

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

lay_abi lay_host_abi(void)
{
    struct probe {
        char c;
        int64_t x;
    };
    if (sizeof(void *) == 8)
        return ABI_LP64;
    return offsetof(struct probe, x) == 8 ? ABI_ILP32 : ABI_ILP32_A4;
}

static void layout_class(model *m, arena *scratch, class_def *c);

/* Size and alignment of one element of TYPE (an array multiplies it) on
 * ABI. */
static void element_size(model *m, arena *scratch, const type_expr *t, lay_abi abi, size_t *size,
                         size_t *align)
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
        *size = 8;
        *align = abis[abi].align64;
        return;
    case TY_ENUM:
        *size = *align = ENUM_SIZE;
        return;
    case TY_STRING:
    case TY_REF:
        *size = *align = abis[abi].ptr;
        return;
    case TY_STR:
        *size = (size_t)t->str_len + 1;
        *align = 1;
        return;
    case TY_CLASS:
        layout_class(m, scratch, t->cls);
        *size = t->cls->size[abi];
        *align = t->cls->align[abi];
        return;
    case TY_NONE:
        break;
    }
    *size = *align = 1;
}

static member_def *new_member(model *m, member_kind kind, const char *name)
{
    member_def *mem = ar_alloc(m->a, sizeof *mem);
    mem->kind = kind;
    mem->name = name;
    return mem;
}

/* A member of the same SIZE and ALIGN on every ABI. */
static member_def *fixed_member(model *m, member_kind kind, const char *name, size_t size,
                                size_t align)
{
    member_def *mem = new_member(m, kind, name);
    for (int abi = 0; abi < ABI_COUNT; abi++) {
        mem->size[abi] = size;
        mem->align[abi] = align;
    }
    return mem;
}

/* A pointer member: as large and as aligned as each ABI's pointers. */
static member_def *pointer_member(model *m, member_kind kind, const char *name)
{
    member_def *mem = new_member(m, kind, name);
    for (int abi = 0; abi < ABI_COUNT; abi++)
        mem->size[abi] = mem->align[abi] = abis[abi].ptr;
    return mem;
}

static member_def *slot_member_of(model *m, arena *scratch, slot_def *f)
{
    member_def *mem = new_member(m, MEMBER_SLOT, f->name);
    for (int abi = 0; abi < ABI_COUNT; abi++) {
        size_t size, align;
        element_size(m, scratch, &f->type, (lay_abi)abi, &size, &align);
        if (f->type.array_len)
            size = f->type.array_len > (MAX_CLASS_SIZE + 1ull) / size
                       ? MAX_CLASS_SIZE + 1ull
                       : size * (size_t)f->type.array_len;
        f->size[abi] = mem->size[abi] = size;
        f->align[abi] = mem->align[abi] = align;
    }
    mem->slot = f;
    return mem;
}

/* Members in declared order: base, slots, dict, weak list, presence bits. */
static void collect_members(model *m, arena *scratch, class_def *c, ptrvec *out)
{
    if (c->base) {
        member_def *mem = new_member(m, MEMBER_BASE, "_slot_base");
        memcpy(mem->size, c->base->size, sizeof mem->size);
        memcpy(mem->align, c->base->align, sizeof mem->align);
        pv_push(m->a, out, mem);
    }
    int bits = 0;
    for (size_t i = 0; i < c->slots.len; i++) {
        slot_def *f = PV_AT(c->slots, i);
        f->presence = f->dflt_val.set ? -1 : bits++;
        pv_push(m->a, out, slot_member_of(m, scratch, f));
    }
    if (c->has_dict && !(c->base && c->base->has_dict))
        pv_push(m->a, out, pointer_member(m, MEMBER_DICT, "_slot_dict"));
    if (c->has_weakref && !(c->base && c->base->has_weakref))
        pv_push(m->a, out, pointer_member(m, MEMBER_WEAKREF, "_slot_weakrefs"));
    c->presence_bytes = ((size_t)bits + 7) / 8;
    /* An empty struct is not valid C: a class with nothing else keeps one
     * byte of (unused) presence bits. */
    if (c->presence_bytes == 0 && out->len == 0)
        c->presence_bytes = 1;
    if (c->presence_bytes)
        pv_push(m->a, out, fixed_member(m, MEMBER_PRESENCE, "_slot_present", c->presence_bytes, 1));
}

/* Compact order: the base first, then by falling alignment (declared order
 * among equals), presence bits last.  Members then pack without padding
 * except at the end, because every size is a multiple of its alignment.
 * Alignments fall on every ABI at once: sorted by the lp64 alignment, then
 * the ilp32 one, then the ilp32_a4 one, since no type is more aligned on a
 * later family than on an earlier one (64-bit numbers: 8, 8, 4; pointers:
 * 8, 4, 4; the rest the same on all).  A stable counting sort per family,
 * the last first, over the powers of two that alignments are: linear in
 * the members, however many a class has. */
static void sort_by_align(arena *a, ptrvec *v, size_t first, size_t last, lay_abi abi)
{
    size_t start[65] = {0};
    for (size_t i = first; i < last; i++)
        start[64 - align_log2(((member_def *)PV_AT(*v, i))->align[abi])]++;
    for (size_t k = 0, sum = first; k < 65; k++) {
        size_t n = start[k];
        start[k] = sum;
        sum += n;
    }
    void **sorted = ar_alloc_raw(a, (last - first + 1) * sizeof *sorted);
    for (size_t i = first; i < last; i++) {
        member_def *mem = PV_AT(*v, i);
        sorted[start[64 - align_log2(mem->align[abi])]++ - first] = mem;
    }
    if (last > first)
        memcpy(v->items + first, sorted, (last - first) * sizeof *sorted);
}

static void sort_compact(arena *a, ptrvec *v)
{
    size_t first = 0, last = v->len;
    if (first < last && ((member_def *)PV_AT(*v, first))->kind == MEMBER_BASE)
        first++;
    if (first < last && ((member_def *)PV_AT(*v, last - 1))->kind == MEMBER_PRESENCE)
        last--;
    for (int abi = ABI_COUNT; abi-- > 0;)
        sort_by_align(a, v, first, last, (lay_abi)abi);
}

/* Assigns offsets on ABI in the given order; returns the struct's size. */
static size_t place(ptrvec *v, lay_abi abi, bool packed, size_t *align_out)
{
    size_t off = 0, align = 1;
    for (size_t i = 0; i < v->len; i++) {
        member_def *mem = PV_AT(*v, i);
        size_t a = packed ? 1 : mem->align[abi];
        size_t at = align_up(off, a);
        mem->pad_before[abi] = at - off;
        mem->offset[abi] = at;
        off = at + mem->size[abi];
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

/* Where the presence byte of slot F is on ABI: in the presence bytes of
 * the class that declares it, whose struct begins every subclass's.  They
 * are the owner's last member in every layout, so the search from the end
 * stops at once (from the front it made a class of N slots cost N^2). */
static size_t presence_at(const slot_def *f, lay_abi abi)
{
    const class_def *o = f->owner;
    for (size_t i = o->members.len; i-- > 0;) {
        const member_def *mem = PV_AT(o->members, i);
        if (mem->kind == MEMBER_PRESENCE)
            return mem->offset[abi] + (size_t)f->presence / 8;
    }
    return 0;
}

/* What the reads of the slots at the used positions of HASH share. */
static read_common common_of(const ph_table *hash, const slot_read *reads)
{
    read_common rc;
    uint8_t ones = 0xff, zeros = 0xff;
    memset(&rc, 0, sizeof rc);
    rc.same_lsh = rc.same_rsh = rc.no_presence = true;
    for (size_t pos = 0; pos < hash->nkeys; pos++) {
        const slot_read *r = &reads[pos];
        if (hash->keys[pos].len == SLOT_KEY_FREE)
            continue;
        if (!rc.any) {
            rc.any = true;
            rc.lsh = r->lsh;
            rc.rsh = r->rsh;
        }
        ones &= r->how;
        zeros &= (uint8_t)~r->how;
        rc.same_lsh = rc.same_lsh && r->lsh == rc.lsh;
        rc.same_rsh = rc.same_rsh && r->rsh == rc.rsh;
        rc.no_presence = rc.no_presence && r->pmask == 0;
    }
    rc.how_vary = (uint8_t) ~(ones | zeros);
    rc.how = ones;
    return rc;
}

/* How slot_getattr reads each name's slot from C's instances on ABI, in
 * the cell the name lands on: libslot's own rule (slot_i_read_of), given
 * the row the class table has for the slot there. */
static void fill_reads(model *m, class_def *c, lay_abi abi)
{
    slot_read *reads = ar_alloc(m->a, (c->hash.nkeys + 1) * sizeof *reads);
    for (size_t pos = 0; pos < c->hash.nkeys; pos++) {
        const slot_key *k = &c->hash.keys[pos];
        if (k->len == SLOT_KEY_FREE)
            continue;
        const slot_def *f = PV_AT(c->all_slots, k->index);
        size_t count = (size_t)f->type.array_len;
        slot_member row;
        memset(&row, 0, sizeof row);
        row.type = (uint8_t)slot_type_of(&f->type);
        row.offset = (uint32_t)f->offset[abi];
        row.size = (uint32_t)(count ? f->size[abi] / count : f->size[abi]);
        row.count = (uint32_t)count;
        if (f->presence >= 0) {
            row.pbyte = (uint32_t)presence_at(f, abi);
            row.pmask = (uint8_t)(1u << (f->presence % 8));
        }
        reads[pos] = slot_i_read_of(&row, c->size[abi]);
    }
    c->reads[abi] = reads;
    c->common[abi] = common_of(&c->hash, reads);
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
        if (c->size[ABI_LP64] <= MAX_CLASS_SIZE)
            for (int abi = 0; abi < ABI_COUNT; abi++)
                fill_reads(m, c, (lay_abi)abi);
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
    size_t align[ABI_COUNT];
    for (int abi = 0; abi < ABI_COUNT; abi++)
        c->declared_size[abi] =
            place(&members, (lay_abi)abi, c->layout == LAYOUT_PACKED, &align[abi]);
    /* place() assigns offsets again in the chosen order. */
    if (c->layout == LAYOUT_COMPACT) {
        arena_mark mark = ar_mark(scratch);
        sort_compact(scratch, &members);
        ar_release(scratch, mark);
        for (int abi = 0; abi < ABI_COUNT; abi++)
            c->size[abi] = place(&members, (lay_abi)abi, false, &c->align[abi]);
    } else {
        memcpy(c->size, c->declared_size, sizeof c->size);
        memcpy(c->align, align, sizeof c->align);
    }
    c->members = members;

    for (int abi = 0; abi < ABI_COUNT; abi++) {
        c->padding[abi] = c->size[abi];
        for (size_t i = 0; i < members.len; i++) {
            member_def *mem = PV_AT(members, i);
            c->padding[abi] -= mem->size[abi];
            if (mem->slot)
                mem->slot->offset[abi] = mem->offset[abi];
        }
    }
    size_t inherited = c->base ? c->base->all_slots.len : 0;
    c->all_slots.len = c->all_slots.cap = inherited + c->slots.len;
    c->all_slots.items = ar_alloc_raw(m->a, (c->all_slots.len + 1) * sizeof(void *));
    if (inherited)
        memcpy(c->all_slots.items, c->base->all_slots.items, inherited * sizeof(void *));
    if (c->slots.len)
        memcpy(c->all_slots.items + inherited, c->slots.items, c->slots.len * sizeof(void *));

    /* lp64's figures are the largest. */
    if (c->size[ABI_LP64] > MAX_CLASS_SIZE)
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

static const char *const abi_names[ABI_COUNT] = {
    "lp64 (8-byte pointers: x86_64, aarch64)",
    "ilp32 (4-byte pointers, 8-byte aligned 64-bit numbers: armhf)",
    "ilp32_a4 (4-byte pointers, 4-byte aligned 64-bit numbers: i386)"};

void lay_report_abi(FILE *out)
{
    fprintf(out, "ABI: %s, the one slotc runs on.\n", abi_names[lay_host_abi()]);
    fprintf(out, "The generated code adapts to the ABI it is compiled for: lp64, ilp32 or\n"
                 "ilp32_a4, each with its own figures, which its asserts check.\n");
}

void lay_report(const schema *s, FILE *out)
{
    lay_abi abi = lay_host_abi();
    for (size_t i = 0; i < s->sorted.len; i++) {
        const class_def *c = PV_AT(s->sorted, i);
        size_t inside = 0, used = 0;
        fprintf(out, "%s_%s (%s): %zu bytes, align %zu\n", s->name, c->name, mode_name(c->layout),
                c->size[abi], c->align[abi]);
        fprintf(out, "  offset  size  align  member\n");
        for (size_t j = 0; j < c->members.len; j++) {
            const member_def *mem = PV_AT(c->members, j);
            if (mem->pad_before[abi])
                fprintf(out, "  %6zu  %4zu         (padding)\n",
                        mem->offset[abi] - mem->pad_before[abi], mem->pad_before[abi]);
            fprintf(out, "  %6zu  %4zu  %5zu  %s\n", mem->offset[abi], mem->size[abi],
                    c->layout == LAYOUT_PACKED ? (size_t)1 : mem->align[abi], mem->name);
            inside += mem->pad_before[abi];
            used = mem->offset[abi] + mem->size[abi];
        }
        size_t size = c->size[abi], declared = c->declared_size[abi];
        if (size > used)
            fprintf(out, "  %6zu  %4zu         (padding)\n", used, size - used);
        fprintf(out, "  padding: %zu bytes (%zu inside, %zu at the end)\n", c->padding[abi], inside,
                size - used);
        if (declared > size)
            fprintf(out, "  declared order: %zu bytes; %s saves %zu\n", declared,
                    mode_name(c->layout), declared - size);
        else
            fprintf(out, "  declared order: %zu bytes\n", declared);
    }
}
