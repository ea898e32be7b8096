/* arena.c - chunked bump allocator, pointer vectors, string buffers, and
 * reading whole files into the arena. */
#define _POSIX_C_SOURCE 200809L
#include "arena.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CHUNK_SIZE (64 * 1024)
#define ALIGN sizeof(max_align_t)

/* Chunks form a list, newest first, so that everything allocated after a
 * mark is in front of the mark's chunk or in the rest of CUR.  Allocation
 * bumps through CUR; a request of more than a quarter chunk gets a chunk
 * of its own, which goes on the list without becoming CUR. */
typedef struct chunk {
    struct chunk *next;
    size_t used, size;
    max_align_t data[];
} chunk;

struct arena {
    chunk *head, *cur;
    chunk *spare; /* released chunks of CHUNK_SIZE, kept for reuse */
};

void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (!p) {
        fputs("slotc: out of memory\n", stderr);
        exit(2);
    }
    return p;
}

arena *ar_new(void)
{
    arena *a = xmalloc(sizeof *a);
    a->head = a->cur = a->spare = NULL;
    return a;
}

static void free_list(chunk *c)
{
    for (chunk *next; c; c = next) {
        next = c->next;
        free(c);
    }
}

void ar_free(arena *a)
{
    if (!a)
        return;
    free_list(a->head);
    free_list(a->spare);
    free(a);
}

static chunk *new_chunk(arena *a, size_t cap)
{
    chunk *c;
    if (cap == CHUNK_SIZE && a->spare) {
        c = a->spare;
        a->spare = c->next;
    } else {
        c = xmalloc(sizeof *c + cap);
        c->size = cap;
    }
    c->used = 0;
    c->next = a->head;
    a->head = c;
    return c;
}

/* SIZE bytes at an offset that is a multiple of ALIGN (or of 1). */
static void *bump(arena *a, size_t size, size_t align)
{
    chunk *c = a->cur;
    size_t at = c ? (c->used + align - 1) / align * align : 0;
    if (!c || at > c->size || c->size - at < size) {
        if (size > CHUNK_SIZE / 4) {
            c = new_chunk(a, size);
            c->used = size;
            return c->data;
        }
        c = a->cur = new_chunk(a, CHUNK_SIZE);
        at = 0;
    }
    c->used = at + size;
    return (char *)c->data + at;
}

void *ar_alloc_raw(arena *a, size_t size)
{
    return bump(a, size ? size : 1, ALIGN);
}

void *ar_alloc(arena *a, size_t size)
{
    void *p = ar_alloc_raw(a, size);
    memset(p, 0, size);
    return p;
}

char *ar_bytes(arena *a, size_t size)
{
    return bump(a, size ? size : 1, 1);
}

arena_mark ar_mark(const arena *a)
{
    arena_mark m = {a->head, a->cur, a->cur ? a->cur->used : 0};
    return m;
}

void ar_release(arena *a, arena_mark m)
{
    while (a->head != m.head) {
        chunk *c = a->head;
        a->head = c->next;
        if (c->size == CHUNK_SIZE) {
            c->next = a->spare;
            a->spare = c;
        } else {
            free(c);
        }
    }
    a->cur = m.cur;
    if (a->cur)
        a->cur->used = m.used;
}

char *ar_strndup(arena *a, const char *s, size_t n)
{
    char *p = ar_bytes(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *ar_strdup(arena *a, const char *s)
{
    return ar_strndup(a, s, strlen(s));
}

/* Short results are formatted once, into a buffer on the stack. */
char *ar_vprintf(arena *a, const char *fmt, va_list ap)
{
    char buf[256];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(buf, sizeof buf, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    if ((size_t)n < sizeof buf)
        return ar_strndup(a, buf, (size_t)n);
    char *p = ar_bytes(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *ar_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = ar_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void pv_push(arena *a, ptrvec *v, void *item)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        void **items = ar_alloc_raw(a, cap * sizeof *items);
        if (v->len)
            memcpy(items, v->items, v->len * sizeof *items);
        v->items = items;
        v->cap = cap;
    }
    v->items[v->len++] = item;
}

void sb_init(strbuf *b, arena *a)
{
    b->a = a;
    b->len = 0;
    b->cap = 64;
    b->data = ar_bytes(a, b->cap);
    b->data[0] = '\0';
}

static void sb_reserve(strbuf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap * 2;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *data = ar_bytes(b->a, cap);
    memcpy(data, b->data, b->len + 1);
    b->data = data;
    b->cap = cap;
}

void sb_putn(strbuf *b, const char *s, size_t n)
{
    sb_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void sb_puts(strbuf *b, const char *s)
{
    sb_putn(b, s, strlen(s));
}

void sb_putc(strbuf *b, char c)
{
    sb_putn(b, &c, 1);
}

void sb_printf(strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = ar_vprintf(b->a, fmt, ap);
    va_end(ap);
    sb_puts(b, s);
}

/* One allocation of the size the file has, read straight into it; a file
 * that grows meanwhile, or is no regular file, is read on in steps. */
char *ar_read_file(arena *a, const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    struct stat st;
    size_t cap = 16384, n = 0;
    if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
        cap = (size_t)st.st_size + 1;
    char *data = ar_bytes(a, cap);
    for (;;) {
        n += fread(data + n, 1, cap - 1 - n, fp);
        int c = n == cap - 1 ? getc(fp) : EOF;
        if (c == EOF)
            break;
        char *more = ar_bytes(a, cap * 2);
        memcpy(more, data, n);
        more[n++] = (char)c;
        data = more;
        cap *= 2;
    }
    data[n] = '\0';
    int failed = ferror(fp);
    int err = errno;
    fclose(fp);
    if (failed) {
        errno = err ? err : EIO;
        return NULL;
    }
    *len = n;
    return data;
}

const char *ar_join_path(arena *a, const char *dir, const char *name)
{
    size_t n = strlen(dir);
    if (n == 0)
        return name;
    return ar_printf(a, "%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", name);
}
