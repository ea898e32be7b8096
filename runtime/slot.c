/* slot.c - status names and the allocator hook. */
#include <slot/slot.h>

#include <stdlib.h>

const char *slot_strerror(slot_status st)
{
    switch (st) {
    case SLOT_OK:
        return "success";
    case SLOT_ENOATTR:
        return "no such attribute";
    case SLOT_EUNSET:
        return "attribute not set";
    case SLOT_ETYPE:
        return "wrong type";
    case SLOT_ERANGE:
        return "value out of range";
    case SLOT_ETOOLONG:
        return "string too long";
    case SLOT_EREADONLY:
        return "attribute is read-only";
    case SLOT_ENOMEM:
        return "out of memory";
    case SLOT_ESYNTAX:
        return "syntax error";
    case SLOT_ELIMIT:
        return "limit exceeded";
    case SLOT_EIO:
        return "input/output error";
    }
    return "unknown status";
}

static void *default_malloc(size_t size, void *ctx)
{
    (void)ctx;
    return malloc(size);
}

static void default_free(void *ptr, void *ctx)
{
    (void)ctx;
    free(ptr);
}

static slot_malloc_fn alloc_fn = default_malloc;
static slot_free_fn free_fn = default_free;
static void *alloc_ctx;

void slot_set_allocator(slot_malloc_fn alloc, slot_free_fn release, void *ctx)
{
    alloc_fn = alloc ? alloc : default_malloc;
    free_fn = release ? release : default_free;
    alloc_ctx = ctx;
}

void *slot_malloc(size_t size)
{
    return alloc_fn(size ? size : 1, alloc_ctx);
}

void slot_free(void *ptr)
{
    if (ptr)
        free_fn(ptr, alloc_ctx);
}

char *slot_strndup(const char *s, size_t len)
{
    char *p = (char *)slot_malloc(len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

slot_status slot_i_string_set(const char **field, const char *value, const char *dflt)
{
    char *copy;
    if (!value)
        return SLOT_ETYPE;
    copy = slot_strndup(value, strlen(value));
    if (!copy)
        return SLOT_ENOMEM;
    slot_i_string_del(field, dflt);
    *field = copy;
    return SLOT_OK;
}

slot_status slot_i_string_copy(const char **field, const char *src, const char *dflt)
{
    char *copy;
    if (!src || src == dflt) {
        *field = src;
        return SLOT_OK;
    }
    copy = slot_strndup(src, strlen(src));
    if (!copy)
        return SLOT_ENOMEM;
    *field = copy;
    return SLOT_OK;
}

void slot_i_string_del(const char **field, const char *dflt)
{
    if (*field != dflt)
        slot_free((void *)(uintptr_t)*field);
    *field = dflt;
}

bool slot_i_string_equal(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}
