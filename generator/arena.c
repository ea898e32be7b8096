/* arena.c - chunked bump allocator, pointer vectors, string buffers, and
 * reading whole files into the arena. */
#include "arena.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_SIZE (64 * 1024)

/* Chunks form a list; big requests get a chunk of their own. */
typedef struct chunk {
    struct chunk *next;
    size_t used, size;
    max_align_t data[];
} chunk;

struct arena {
    chunk *head;
};

static void *xmalloc(size_t n)
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
    a->head = NULL;
    return a;
}

void ar_free(arena *a)
{
    if (!a)
        return;
    for (chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(a);
}

void *ar_alloc(arena *a, size_t size)
{
    const size_t align = sizeof(max_align_t);
    size = (size + align - 1) / align * align;
    if (size == 0)
        size = align;
    chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        size_t cap = size > CHUNK_SIZE ? size : CHUNK_SIZE;
        c = xmalloc(sizeof *c + cap);
        c->size = cap;
        c->used = 0;
        if (a->head && size > CHUNK_SIZE) {
            /* Keep the current chunk in front: it still has room. */
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
        }
    }
    void *p = (char *)c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

char *ar_strndup(arena *a, const char *s, size_t n)
{
    char *p = ar_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *ar_strdup(arena *a, const char *s)
{
    return ar_strndup(a, s, strlen(s));
}

char *ar_vprintf(arena *a, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    char *p = ar_alloc(a, (size_t)n + 1);
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
        void **items = ar_alloc(a, cap * sizeof *items);
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
    b->data = ar_alloc(a, b->cap);
}

static void sb_reserve(strbuf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap * 2;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *data = ar_alloc(b->a, cap);
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

char *ar_read_file(arena *a, const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    strbuf b;
    sb_init(&b, a);
    char buf[16384];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        sb_putn(&b, buf, n);
    int failed = ferror(fp);
    int err = errno;
    fclose(fp);
    if (failed) {
        errno = err ? err : EIO;
        return NULL;
    }
    *len = b.len;
    return b.data;
}

const char *ar_join_path(arena *a, const char *dir, const char *name)
{
    size_t n = strlen(dir);
    if (n == 0)
        return name;
    return ar_printf(a, "%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", name);
}
