/* arena.h - one arena per run: the generator never frees piecemeal.
 *
 * Every allocation of the generator comes from an arena and is released at
 * once by ar_free().  Allocation failure is fatal (the generator prints
 * "out of memory" and exits 2): a schema compiler has no better recovery.
 *
 * A scratch arena holds what is needed only for a while (the YAML tree of
 * one file, the template data of one class): ar_mark() and ar_release()
 * give back everything allocated in between, and keep its chunks for the
 * next allocations, so that memory already touched is used again.
 */
#ifndef SLOTC_ARENA_H
#define SLOTC_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena arena;

arena *ar_new(void);
void ar_free(arena *a);
/* Memory outside any arena, for a table that grows to millions of entries
 * and is freed by its owner; failure is fatal, as in an arena. */
void *xmalloc(size_t n);

void *ar_alloc(arena *a, size_t size);     /* zeroed, aligned for any type */
void *ar_alloc_raw(arena *a, size_t size); /* not zeroed, aligned for any type */
char *ar_bytes(arena *a, size_t size);     /* not zeroed, not aligned: text */
char *ar_strdup(arena *a, const char *s);
char *ar_strndup(arena *a, const char *s, size_t n);
char *ar_printf(arena *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
char *ar_vprintf(arena *a, const char *fmt, va_list ap);

/* A point in an arena's history; ar_release(a, m) frees whatever was
 * allocated after ar_mark(a) returned M.  Marks nest: release the inner
 * one first. */
typedef struct arena_mark {
    struct chunk *head, *cur;
    size_t used;
} arena_mark;

arena_mark ar_mark(const arena *a);
void ar_release(arena *a, arena_mark m);

/* The whole file at PATH, NUL-terminated, in the arena; *LEN its length.
 * NULL with errno set when it cannot be read. */
char *ar_read_file(arena *a, const char *path, size_t *len);
/* DIR/NAME with exactly one '/' between; NAME alone when DIR is "". */
const char *ar_join_path(arena *a, const char *dir, const char *name);

/* A growable array of pointers, stored in the arena.  Growth abandons the
 * old storage to the arena: at most as much again as the array holds. */
typedef struct ptrvec {
    void **items;
    size_t len, cap;
} ptrvec;

void pv_push(arena *a, ptrvec *v, void *item);
#define PV_AT(v, i) ((v).items[(i)])

/* A growable byte buffer, stored in the arena; always NUL-terminated. */
typedef struct strbuf {
    char *data;
    size_t len, cap;
    arena *a;
} strbuf;

void sb_init(strbuf *b, arena *a);
void sb_putn(strbuf *b, const char *s, size_t n);
void sb_puts(strbuf *b, const char *s);
void sb_putc(strbuf *b, char c);
void sb_printf(strbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
