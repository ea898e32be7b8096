/* check.h - what the files of the check pass share: the checker's state,
 * its hash table, and the entry points of each file's job. */
#ifndef SLOTC_CHECK_H
#define SLOTC_CHECK_H

#include <stdarg.h>

#include "passes.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* ---- map.c ---------------------------------------------------------------- */

/* Open addressing, linear probing, at most half full.  Keys are C strings
 * or pointers compared by identity; there is no removal. */
typedef struct map_entry {
    const void *key;
    void *val;
} map_entry;

typedef struct map {
    arena *a;
    bool strings;
    map_entry *e;
    size_t cap, len; /* cap is 0 or a power of two */
} map;

void map_init(map *m, arena *a, bool strings);
void *map_get(const map *m, const void *key);
/* Inserts or replaces.  VAL must not be NULL: NULL means "absent". */
void map_put(map *m, const void *key, void *val);

/* ---- The checker's state (check.c) ------------------------------------------ */

/* What check keeps per class, beside the model. */
typedef struct cinfo {
    bool named;        /* SLOTS and ATTRS are made (only for bases) */
    map slots, attrs;  /* own slot_def* / attr_def* by name */
    int ext;           /* extends walk: 0 new, 1 on the current path, 2 done */
    int emb;           /* embedding search: 0 new, 1 on the stack, 2 done */
    bool inherited;    /* has_dict/has_weakref set and base rules checked */
    ptrvec dependents; /* classes of the same schema that must come after */
    size_t indeg;      /* dependencies not yet placed */
} cinfo;

/* A name visible in the schema being checked. */
typedef struct sym {
    class_def *cls;
    enum_def *en;
    loc at;
    schema *from;      /* the defining schema */
    struct sym *other; /* another direct import defining the same name */
} sym;

typedef struct ck {
    arena *a;     /* the run's: what check writes into the model */
    arena *tmp;   /* check's own, freed when it ends */
    arena *spell; /* for the identifiers nm_each makes, one at a time */
    diag *d;
    struct ck_idents *ids; /* every generated identifier of the run (check_names.c) */
    map words;             /* every word of word_lists -> its word_list */
    map errors;            /* "file:line:col" of every error reported */
    map classes;           /* class_def* -> cinfo* */
    ptrvec stack;          /* schemas whose imports are being checked */
    size_t nclasses;       /* in the whole model: bounds every search stack */
    void *frames;          /* the stack of the embedding search, nclasses deep */
    /* The schema being checked and what it sees. */
    schema *s;
    map names;          /* name -> sym*: own names and direct imports' names */
    map used;           /* imported schema* -> non-NULL once a name of it is used */
    ptrvec type_cands;  /* builtins and visible names, for hints */
    ptrvec class_cands; /* visible class names, for hints */
} ck;

/* Reports an error unless AT already has one; returns whether it did, so
 * that the caller attaches its notes only to a message that was printed. */
bool ck_err(ck *c, loc at, const char *fmt, ...) DIAG_PRINTF(3, 4);
bool ck_has_error(ck *c, loc at);
void ck_hint(ck *c, loc at, const char *word, const ptrvec *cands);
cinfo *ck_info(ck *c, const class_def *k);

/* Whether T was written with [N] after its base type: load sets is_array
 * so that T[0] can be told from T. */
static inline bool is_array(const type_expr *t)
{
    return t->is_array || t->array_len > 0;
}

static inline const char *type_text(const type_expr *t)
{
    return t->text ? t->text : t->name;
}

static inline bool is_alpha(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

static inline bool is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

/* ---- check_const.c ---------------------------------------------------------- */

/* The name of built-in type I, or NULL past the last. */
const char *ck_builtin_name(size_t i);
/* Whether NAME is a built-in type; if so, *KIND is it. */
bool ck_builtin(const char *name, ty_kind *kind);

/* What is being converted, for messages: WORD starts "default 300 is out of
 * range"; WORD, OWNER and NAME make "default of slot 'x' must be a number". */
typedef struct subject {
    const char *word, *owner, *name;
} subject;

/* Converts V for a scalar type T (no array, class or reference). */
bool ck_convert(ck *c, const type_expr *t, const scalar *v, subject sub, constant *out);
/* The default, min and max of F, and how they relate. */
void ck_slot_values(ck *c, slot_def *f);

/* ---- check_names.c ---------------------------------------------------------- */

void ck_names_init(ck *c);
/* The rules every name shares; false (reported) when NAME breaks one. */
bool ck_name(ck *c, const char *name, loc at);
/* A class or enum name, which is a type name too. */
void ck_type_name(ck *c, const char *name, loc at);
void ck_schema_name(ck *c, schema *s);
/* No two generated identifiers of S and what it includes are the same. */
void ck_collisions(ck *c, schema *s);
void ck_idents_init(ck *c);
void ck_idents_free(ck *c);

#endif
