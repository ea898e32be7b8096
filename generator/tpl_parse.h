/* tpl_parse.h - a template parsed into a tree of nodes (tpl_parse.c), as
 * the renderer (tpl.c) walks it.  Private to the two. */
#ifndef SLOTC_TPL_PARSE_H
#define SLOTC_TPL_PARSE_H

#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "diag.h"

/* FNV-1a over N bytes of S: of a map's key (tpl.c) and of a tag's name
 * (tpl_parse.c), which must hash alike. */
static inline uint32_t hash_name(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* A template as written, for messages: NAME is the file in every loc. */
typedef struct tsrc {
    const char *name, *text;
} tsrc;

typedef enum { N_TEXT, N_VAR, N_SECTION, N_INVERTED, N_PARTIAL } node_kind;

typedef struct node {
    node_kind kind;
    const char *text; /* N_TEXT: LEN bytes of the template */
    size_t len;
    const char *name;   /* the tag's name, trimmed */
    size_t head;        /* the length of its first dotted part */
    uint32_t hash;      /* of that part, for finding it in maps */
    const char *indent; /* N_PARTIAL: the indentation of a standalone tag */
    const tsrc *src;
    loc at;      /* of the tag's opening delimiter */
    ptrvec body; /* sections: the nodes up to the close tag */
} node;

/* Reports an error in SRC at AT, registering SRC so that the message can
 * quote the line.  Returns false. */
bool tpl_vfail(arena *a, diag *d, const tsrc *src, loc at, const char *fmt, va_list ap);

/* Parses TEXT, which is SRC's text indented by BIAS columns, into OUT, the
 * nodes of the template's top level, in arena A.  Returns false after
 * reporting a malformed template through D. */
bool tpl_parse(arena *a, diag *d, const tsrc *src, const char *text, unsigned bias, ptrvec *out);

#endif
