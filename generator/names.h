/* names.h - every C identifier slotc generates, spelt in one place.
 *
 * emit asks here for each name it prints, and check walks the same list
 * (nm_each) to reject two schema names that would generate one identifier.
 */
#ifndef SLOTC_NAMES_H
#define SLOTC_NAMES_H

#include "model.h"

const char *nm_type(arena *a, const schema *s, const char *name);            /* s_Name */
const char *nm_class(arena *a, const class_def *c);                          /* s_C */
const char *nm_enum(arena *a, const enum_def *e);                            /* s_E */
const char *nm_enum_value(arena *a, const enum_def *e, const enum_value *v); /* s_E_v */
const char *nm_class_fn(arena *a, const class_def *c, const char *what);     /* s_C_what */
const char *nm_slot_fn(arena *a, const class_def *c, const char *verb,
                       const slot_def *f);                                  /* s_C_verb_f */
const char *nm_attr_get(arena *a, const class_def *c, const attr_def *t);   /* s_C_get_a */
const char *nm_slot_index(arena *a, const class_def *c, const slot_def *f); /* s_C_f_INDEX */
const char *nm_guard(arena *a, const schema *s); /* STEM_SLOT_H_INCLUDED */

/* Calls FN for every class attribute an instance of C answers with: C's
 * own, then each base's that no nearer class overrides, nearest first. */
typedef void (*nm_attr_fn)(void *ctx, const attr_def *t);
void nm_each_attr(const class_def *c, nm_attr_fn fn, void *ctx);

/* Calls FN for every identifier that the output for S declares at file
 * scope, with the position of the schema name it comes from: those of
 * each enum, then those of each class.  IDENT is made in A and released
 * when FN returns, so FN must not allocate in A. */
typedef void (*nm_fn)(void *ctx, const char *ident, loc at);
void nm_each(arena *a, const schema *s, nm_fn fn, void *ctx);
void nm_each_enum(arena *a, const enum_def *e, nm_fn fn, void *ctx);
void nm_each_class(arena *a, const class_def *c, nm_fn fn, void *ctx);

#endif
