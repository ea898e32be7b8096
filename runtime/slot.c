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
