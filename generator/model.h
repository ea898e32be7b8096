/* model.h - the schema model that flows through the passes.
 *
 * load fills in what the YAML says (names, raw scalars, positions); check
 * resolves names and types and converts scalars into constants; layout
 * decides memory order, offsets, presence bits and hash parameters; emit
 * only reads.  Each field below says which pass writes it.  Every object
 * lives in the run's arena.
 */
#ifndef SLOTC_MODEL_H
#define SLOTC_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "phash.h"

typedef struct schema schema;
typedef struct class_def class_def;
typedef struct enum_def enum_def;

/* A scalar as written in YAML (load). */
typedef struct scalar {
    const char *text;
    size_t len;  /* text may hold NUL bytes from escapes */
    bool quoted; /* single- or double-quoted: always a string */
    loc at;
} scalar;

typedef enum ty_kind {
    TY_NONE, /* not resolved (yet, or never: an error was reported) */
    TY_BOOL,
    TY_I8,
    TY_I16,
    TY_I32,
    TY_I64,
    TY_U8,
    TY_U16,
    TY_U32,
    TY_U64,
    TY_F32,
    TY_F64,
    TY_STR,    /* str[N]: inline, N bytes of text + NUL */
    TY_STRING, /* heap, owned by the instance */
    TY_ENUM,
    TY_CLASS, /* embedded by value */
    TY_REF    /* Class*: non-owning reference */
} ty_kind;

#define TY_IS_INT(k) ((k) >= TY_I8 && (k) <= TY_U64)
#define TY_IS_SIGNED(k) ((k) >= TY_I8 && (k) <= TY_I64)
#define TY_IS_FLOAT(k) ((k) == TY_F32 || (k) == TY_F64)
#define TY_IS_NUMBER(k) (TY_IS_INT(k) || TY_IS_FLOAT(k))

/* A type expression such as "u8[3]", "str[31]", "Label*" or "Align". */
typedef struct type_expr {
    const char *text; /* as written (load) */
    loc at;
    const char *name;   /* base type name: "u8", "str", "Label" (load) */
    bool is_ref;        /* written with '*' (load) */
    uint64_t str_len;   /* N of str[N] (load) */
    uint64_t array_len; /* N of T[N]; 0 when not an array (load) */
    bool is_array;      /* written with [N], so T[0] can be told from T (load) */
    ty_kind kind;       /* check */
    enum_def *en;       /* TY_ENUM (check) */
    class_def *cls;     /* TY_CLASS, TY_REF (check) */
} type_expr;

/* A scalar converted for its type (check). */
typedef struct constant {
    bool set;
    int64_t i;     /* signed integers, bool (0/1), enum value */
    uint64_t u;    /* unsigned integers */
    double f;      /* floats; also min/max of any number type */
    const char *s; /* strings (may hold no NUL: length is s_len) */
    size_t s_len;
    size_t member; /* enum member index */
} constant;

/* The ABI families layout lays every class out for, in the order of
 * SLOT_ABI's arguments (slot.h): generated code picks its figures by the
 * target it is compiled for, so the same output serves any of them. */
typedef enum lay_abi { ABI_LP64, ABI_ILP32, ABI_ILP32_A4, ABI_COUNT } lay_abi;

/* What the reads of every slot of a class share on one ABI (see
 * slot_read): the class's get writes it in, so that the compiler folds the
 * choices it makes constant.  Only when the class has slots and reads. */
typedef struct read_common {
    bool any;         /* the class has slots, and reads were made */
    uint8_t how_vary; /* the bits of how that differ between slots */
    uint8_t how;      /* the other bits' values */
    bool same_lsh, same_rsh;
    uint8_t lsh, rsh; /* when the same in every slot */
    bool no_presence; /* no slot has a presence bit: pmask is 0 in all */
} read_common;

typedef struct slot_def {
    const char *name;
    loc at;
    const char *doc;
    type_expr type;
    scalar *dflt, *min, *max;            /* NULL when absent (load) */
    constant dflt_val, min_val, max_val; /* check */
    class_def *owner;
    /* layout, per ABI */
    size_t offset[ABI_COUNT]; /* within the owner's struct */
    size_t size[ABI_COUNT], align[ABI_COUNT];
    int presence; /* bit index in the owner's presence bytes; -1: none */
} slot_def;

/* A class attribute: shared by all instances, read-only (attrs:). */
typedef struct attr_def {
    const char *name;
    loc at;
    const char *doc;
    type_expr type;
    scalar *value;
    constant val; /* check */
} attr_def;

typedef enum layout_mode { LAYOUT_COMPACT, LAYOUT_DECLARED, LAYOUT_PACKED } layout_mode;

/* What a struct member is: a schema slot or something slotc adds. */
typedef enum member_kind {
    MEMBER_BASE,     /* the base class struct, always first */
    MEMBER_SLOT,     /* a slot of the schema */
    MEMBER_PRESENCE, /* presence bits of slots without a default */
    MEMBER_DICT,     /* the per-instance dict */
    MEMBER_WEAKREF   /* the weak reference list */
} member_kind;

typedef struct member_def {
    member_kind kind;
    const char *name; /* C member name */
    slot_def *slot;   /* MEMBER_SLOT */
    /* per ABI */
    size_t offset[ABI_COUNT], size[ABI_COUNT], align[ABI_COUNT];
    size_t pad_before[ABI_COUNT]; /* padding bytes in front of this member */
} member_def;

struct class_def {
    const char *name;
    loc at;
    const char *doc;
    const char *extends; /* load */
    loc extends_at;
    class_def *base; /* check */
    ptrvec slots;    /* own slot_def*, in declared order (load) */
    ptrvec attrs;    /* attr_def* (load) */
    bool dict, weakref, dynamic;
    layout_mode layout;
    schema *schema;
    /* check */
    bool has_dict;    /* dict of its own or inherited */
    bool has_weakref; /* weakref of its own or inherited */
    /* layout; the figures per ABI */
    bool laid_out;
    ptrvec members;   /* member_def*, in memory order (the same on every ABI) */
    ptrvec all_slots; /* slot_def*: the base's slots first, then its own */
    size_t size[ABI_COUNT], align[ABI_COUNT];
    size_t declared_size[ABI_COUNT]; /* what declared order would give */
    size_t presence_bytes;
    size_t padding[ABI_COUNT];     /* total padding bytes, tail included */
    size_t order;                  /* position in dependency order within its schema */
    ph_table hash;                 /* the perfect hash over all_slots' names */
    slot_read *reads[ABI_COUNT];   /* per position of hash: how its slot is read */
    read_common common[ABI_COUNT]; /* what those reads share */
};

typedef struct enum_value {
    const char *name;
    loc at;
    int64_t value;
} enum_value;

struct enum_def {
    const char *name;
    loc at;
    ptrvec values; /* enum_value* in declared order (load) */
    schema *schema;
    bool incomplete; /* load reported errors in its members and dropped them:
                        "no members" would only echo those (load) */
};

typedef struct import_def {
    const char *path; /* as written */
    loc at;
    schema *target; /* load; NULL when it could not be read */
} import_def;

struct schema {
    const char *path; /* as given or found; used in messages */
    const char *stem; /* file name without directory and .yaml: output name */
    const char *file; /* file name without directory: for the banner */
    const char *id;   /* identifies the file so that each is loaded once: its
                         realpath, or the path given for text from memory (load) */
    const char *name; /* the C prefix */
    loc name_at;
    const char *doc;
    ptrvec imports; /* import_def* (load) */
    ptrvec enums;   /* enum_def* in declared order (load) */
    ptrvec classes; /* class_def* in declared order (load) */
    ptrvec sorted;  /* class_def* in dependency order (check) */
    bool is_root;   /* named on the command line */
    bool checked;
    bool incomplete; /* load reported errors in this file (or could not find
                        one of its imports) and dropped what it could not
                        read: a name missing from it may be no news (load) */
};

/* Everything one run reads. */
typedef struct model {
    arena *a;
    diag *d;
    ptrvec schemas; /* schema*, every file read, roots and imports */
    ptrvec include; /* const char*: -I directories */
} model;

#endif
