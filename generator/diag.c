/* diag.c - diagnostics with quoted source lines and "did you mean" hints. */
#include "diag.h"

#include <stdarg.h>
#include <string.h>

typedef struct source {
    const char *file, *text;
    size_t len;
} source;

struct diag {
    arena *a;
    FILE *out;
    ptrvec sources;
    int errors, warnings;
    bool werror, quiet;
};

diag *diag_new(arena *a, FILE *out)
{
    diag *d = ar_alloc(a, sizeof *d);
    d->a = a;
    d->out = out;
    return d;
}

void diag_add_source(diag *d, const char *file, const char *text, size_t len)
{
    source *s = ar_alloc(d->a, sizeof *s);
    s->file = file;
    s->text = text;
    s->len = len;
    pv_push(d->a, &d->sources, s);
}

void diag_keep_source(diag *d, const char *file, const char *text, size_t len)
{
    char *copy = ar_bytes(d->a, len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    diag_add_source(d, ar_strdup(d->a, file), copy, len);
}

void diag_set_werror(diag *d, bool werror)
{
    d->werror = werror;
}

static const source *find_source(const diag *d, const char *file)
{
    for (size_t i = 0; file && i < d->sources.len; i++) {
        const source *s = PV_AT(d->sources, i);
        if (strcmp(s->file, file) == 0)
            return s;
    }
    return NULL;
}

/* Prints line AT.line of its file and a caret under column AT.col, keeping
 * tabs so that the caret lines up however the terminal expands them. */
static void quote_line(const diag *d, loc at)
{
    const source *s = find_source(d, at.file);
    if (!s || at.line == 0)
        return;
    const char *p = s->text, *end = s->text + s->len;
    for (unsigned n = 1; n < at.line && p < end; n++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return;
        p = nl + 1;
    }
    const char *eol = p;
    while (eol < end && *eol != '\n' && *eol != '\r')
        eol++;
    fprintf(d->out, "%5u | ", at.line);
    for (const char *c = p; c < eol; c++)
        fputc((unsigned char)*c >= 0x20 || *c == '\t' ? *c : '?', d->out);
    fputs("\n      | ", d->out);
    for (unsigned i = 1; i < at.col && p + i - 1 < eol; i++)
        fputc(p[i - 1] == '\t' ? '\t' : ' ', d->out);
    fputs("^\n", d->out);
}

static void vreport(diag *d, loc at, const char *kind, const char *wname, const char *fmt,
                    va_list ap)
{
    if (at.file && at.line)
        fprintf(d->out, "%s:%u:%u: %s: ", at.file, at.line, at.col, kind);
    else if (at.file)
        fprintf(d->out, "%s: %s: ", at.file, kind);
    else
        fprintf(d->out, "slotc: %s: ", kind);
    vfprintf(d->out, fmt, ap);
    if (wname)
        fprintf(d->out, " [-W%s]", wname);
    fputc('\n', d->out);
    if (strcmp(kind, "note") != 0)
        quote_line(d, at);
}

void diag_error(diag *d, loc at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(d, at, "error", NULL, fmt, ap);
    va_end(ap);
    d->errors++;
}

void diag_set_quiet(diag *d, bool quiet)
{
    d->quiet = quiet;
}

void diag_warning(diag *d, loc at, const char *name, const char *fmt, ...)
{
    va_list ap;
    if (!d->werror && d->quiet) {
        d->warnings++;
        return;
    }
    va_start(ap, fmt);
    vreport(d, at, d->werror ? "error" : "warning", name, fmt, ap);
    va_end(ap);
    if (d->werror)
        d->errors++;
    else
        d->warnings++;
}

void diag_note(diag *d, loc at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(d, at, "note", NULL, fmt, ap);
    va_end(ap);
}

void diag_plain_error(diag *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("slotc: error: ", d->out);
    vfprintf(d->out, fmt, ap);
    fputc('\n', d->out);
    va_end(ap);
    d->errors++;
}

int diag_errors(const diag *d)
{
    return d->errors;
}

int diag_warnings(const diag *d)
{
    return d->warnings;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Edit distance counting insertions, deletions, substitutions and swaps of
 * two neighbours (so "f46" is one edit from "f64"), case-insensitive. */
static size_t edit_distance(const char *a, const char *b)
{
    enum { MAXW = 64 };
    size_t la = strlen(a), lb = strlen(b);
    if (la >= MAXW || lb >= MAXW)
        return (size_t)-1;
    static size_t d[MAXW + 1][MAXW + 1];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            size_t best = d[i - 1][j - 1] + (lower(a[i - 1]) != lower(b[j - 1]));
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
                lower(a[i - 2]) == lower(b[j - 1]) && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

const char *diag_suggest(const char *word, const char *const *candidates, size_t n)
{
    size_t len = strlen(word);
    /* A third of the word may differ, and at least one edit is allowed. */
    size_t limit = len / 3 > 1 ? len / 3 : 1;
    const char *best = NULL;
    size_t best_dist = limit + 1;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(word, candidates[i]) == 0)
            continue; /* the word itself is no hint */
        size_t dist = edit_distance(word, candidates[i]);
        if (dist < best_dist) {
            best = candidates[i];
            best_dist = dist;
        }
    }
    return best;
}

void diag_hint(diag *d, loc at, const char *word, const char *const *candidates, size_t n)
{
    const char *s = diag_suggest(word, candidates, n);
    if (s)
        diag_note(d, at, "did you mean '%s'?", s);
}
