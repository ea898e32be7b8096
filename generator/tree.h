/* tree.h - the YAML tree of one schema file, as the load pass reads it
 * (tree.c) and turns it into the model (read.c). */
#ifndef SLOTC_TREE_H
#define SLOTC_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "model.h"

typedef enum nkind {
    N_SCALAR,
    N_SEQ,
    N_MAP,
    N_BAD /* an error was reported for it: skipped silently */
} nkind;

/* A YAML node.  Aliases share the anchored node, so the tree is a DAG;
 * WEIGHT counts its nodes with aliases expanded. */
typedef struct node {
    nkind kind;
    loc at;
    const char *text; /* scalars: NUL-terminated, but may hold NULs too */
    size_t len;
    bool plain;  /* plain style without a tag: may be null */
    bool quoted; /* any style but plain (block scalars too), or !!str */
    int shift;   /* columns from AT to the text when the text is the source
                    verbatim on one line (0 plain, 1 quoted); -1 otherwise */
    ptrvec kids; /* sequence items, or mapping key, value, key, value... */
    size_t weight;
} node;

/* The position of byte OFF of N's text: exact for text that is the source
 * verbatim on one line, else N's own position. */
loc ld_sub_loc(const node *n, size_t off);

/* Reads TEXT, the LEN bytes of file PATH (which messages name), into a
 * tree in arena A and returns its top-level mapping; NULL after reporting
 * errors through D that stop the file.  Node texts are in A: what outlives
 * the tree must be copied. */
node *ld_read_tree(arena *a, diag *d, const char *path, const char *text, size_t len);

/* Reads ROOT, a file's top-level mapping, into schema S: its name, doc,
 * imports (as written: load.c finds them), enums and classes, allocated
 * in arena A, with every text copied there.  Reports each bad node
 * through D and skips it. */
void ld_read_schema(arena *a, diag *d, schema *s, const node *root);

static inline bool text_is(const node *n, const char *s)
{
    return n->kind == N_SCALAR && n->len == strlen(s) && memcmp(n->text, s, n->len) == 0;
}

static inline bool is_null(const node *n)
{
    return n->kind == N_SCALAR && n->plain &&
           (n->len == 0 || text_is(n, "~") || text_is(n, "null") || text_is(n, "Null") ||
            text_is(n, "NULL"));
}

static inline bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

static inline bool is_ident_start(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

static inline bool is_ident(char ch)
{
    return is_ident_start(ch) || (ch >= '0' && ch <= '9');
}

#endif
