/* emit_i.h - what the files of the emit pass share: the emitter, the
 * class being made, and the C spellings both emit.c and emit_table.c use.
 * Private to the emit pass. */
#ifndef SLOTC_EMIT_I_H
#define SLOTC_EMIT_I_H

#include "emit.h"

/* A is where the data being made goes: the arena of the file's root map
 * while that is made, then the scratch arena in which each class and enum
 * is made while the renderer reaches it, and released after. */
typedef struct emitter {
    arena *a;
    const schema *s;
    ptrvec string_defaults; /* slot_def* of string slots with a default */
    ptrvec inline_bases;    /* class_def* whose base needs its accessors too */
    bool large;             /* more than EM_INLINE_MAX accessors (emit.c) */
} emitter;

/* A class being made: its lists are built when a template first uses
 * them, so that a template that only needs the class's name (the typedefs)
 * pays for no more. */
typedef struct class_ctx {
    emitter *e;
    const class_def *c;
    tpl_val **own; /* the slot data of the class's own slots, once made */
} class_ctx;

typedef struct attr_list {
    emitter *e;
    const class_def *c;
    tpl_val *list;
} attr_list;

/* V in decimal. */
const char *em_num(emitter *e, uint64_t v);
/* A figure of the layout, per ABI: the number where every ABI has the
 * same, else "SLOT_ABI(lp64, ilp32, ilp32_a4)". */
const char *em_abi_num(emitter *e, const size_t v[ABI_COUNT]);
/* "0x%02xu" of the mask of presence bit BIT. */
const char *em_pmask(emitter *e, int bit);
/* The C type of one element of T. */
const char *em_scalar_ctype(emitter *e, const type_expr *t);
/* The zero of T's C type, as a literal. */
const char *em_zero_value(emitter *e, const type_expr *t);
/* Constant C of type T as a C expression. */
const char *em_constant_c(emitter *e, const type_expr *t, const constant *c);
/* Whether a value of T owns heap memory (a string, or a class that does). */
bool em_type_owns_memory(const type_expr *t);
/* The class in C's chain whose struct holds the member of KIND. */
const class_def *em_holder(const class_def *c, member_kind kind);
/* The accessor table's data of class X into V (emit_table.c). */
void em_table_data(class_ctx *x, tpl_val *v);

#endif
