/* life.c - init, clear, copy and equal of an instance through its class
 * table.
 *
 * A small schema's classes spell these out slot by slot in C, which the
 * compiler optimises into the code one would write by hand.  A large
 * schema's (more than 2048 slots) call these instead, as protobuf-c's
 * generated code calls its library: a table walk costs some speed in copy
 * and equal, and saves every file of the schema the compile time of tens
 * of thousands of functions.  Each does what the generated version does,
 * and its comment in slot.h says so.
 */
#include <slot/slot.h>

#include <stdint.h>
#include <string.h>

static char *at(void *self, uint32_t offset)
{
    return (char *)self + offset;
}

static const char *cat(const void *self, uint32_t offset)
{
    return (const char *)self + offset;
}

/* Elements of M: an array's count, or 1. */
static uint32_t elements(const slot_member *m)
{
    return m->count ? m->count : 1;
}

static bool owns(const slot_class *cls)
{
    if (cls->flags & (SLOT_C_DICT | SLOT_C_WEAKREF))
        return true;
    for (uint32_t i = 0; i < cls->count; i++)
        if (cls->members[i].flags & SLOT_F_OWNS)
            return true;
    return false;
}

void slot_i_init(const slot_class *cls, void *self)
{
    memset(self, 0, cls->size);
    for (uint32_t i = 0; i < cls->count; i++) {
        const slot_member *m = &cls->members[i];
        char *p = at(self, m->offset);
        if (m->type == SLOT_T_OBJ) {
            const slot_class *sub = (const slot_class *)m->info;
            for (uint32_t k = 0; k < elements(m); k++)
                slot_init(sub, p + (size_t)k * m->size);
        } else if (!(m->flags & SLOT_F_DEFAULT)) {
            continue;
        } else if (m->type == SLOT_T_STRING) {
            const char *dflt = (const char *)m->limits; /* the class's own copy */
            memcpy(p, &dflt, sizeof dflt);
        } else if (m->type == SLOT_T_STR) {
            const char *text = (const char *)m->limits;
            memcpy(p, text, strlen(text) + 1);
        } else { /* limits is {min, max, default} of the slot's C type */
            memcpy(p, (const char *)m->limits + 2 * (size_t)m->size, m->size);
        }
    }
}

void slot_i_clear(const slot_class *cls, void *self)
{
    for (uint32_t i = 0; i < cls->count; i++) {
        const slot_member *m = &cls->members[i];
        char *p = at(self, m->offset);
        if (!(m->flags & SLOT_F_OWNS))
            continue;
        if (m->type == SLOT_T_STRING) {
            const char *s;
            memcpy(&s, p, sizeof s);
            slot_i_string_del(&s, (m->flags & SLOT_F_DEFAULT) ? (const char *)m->limits : NULL);
            memcpy(p, &s, sizeof s);
        } else if (m->type == SLOT_T_OBJ) {
            const slot_class *sub = (const slot_class *)m->info;
            for (uint32_t k = 0; k < elements(m); k++)
                slot_clear(sub, p + (size_t)k * m->size);
        }
    }
    if (cls->flags & SLOT_C_DICT) {
        slot_dict *d;
        memcpy(&d, at(self, cls->dict_offset), sizeof d);
        slot_dict_free(d);
    }
    if (cls->flags & SLOT_C_WEAKREF)
        slot_i_weakrefs_clear((slot_weakref **)(void *)at(self, cls->weakref_offset));
    slot_i_init(cls, self);
}

/* Copies what slot M of SRC holds into TMP, which init made. */
static slot_status copy_member(const slot_member *m, void *tmp, const void *src)
{
    char *p = at(tmp, m->offset);
    const char *q = cat(src, m->offset);
    slot_status st = SLOT_OK;
    if (!(m->flags & SLOT_F_OWNS)) {
        memcpy(p, q, (size_t)m->size * elements(m));
    } else if (m->type == SLOT_T_STRING) {
        const char *s, *copy = NULL;
        memcpy(&s, q, sizeof s);
        st = slot_i_string_copy(&copy, s,
                                (m->flags & SLOT_F_DEFAULT) ? (const char *)m->limits : NULL);
        if (st == SLOT_OK)
            memcpy(p, &copy, sizeof copy);
    } else { /* SLOT_T_OBJ */
        const slot_class *sub = (const slot_class *)m->info;
        for (uint32_t k = 0; k < elements(m) && st == SLOT_OK; k++)
            st = slot_copy(sub, p + (size_t)k * m->size, q + (size_t)k * m->size);
    }
    if (m->pmask) {
        unsigned char *b = (unsigned char *)at(tmp, m->pbyte);
        *b = (unsigned char)((*b & ~m->pmask) |
                             (*(const unsigned char *)cat(src, m->pbyte) & m->pmask));
    }
    return st;
}

slot_status slot_i_copy(const slot_class *cls, void *dst, const void *src)
{
    slot_status st = SLOT_OK;
    if (dst == src)
        return SLOT_OK;
    if (!owns(cls)) {
        memcpy(dst, src, cls->size);
        return SLOT_OK;
    }
    /* Build the copy aside so that a failure leaves DST untouched. */
    void *tmp = slot_malloc(cls->size);
    if (!tmp)
        return SLOT_ENOMEM;
    slot_i_init(cls, tmp);
    for (uint32_t i = 0; i < cls->count && st == SLOT_OK; i++)
        st = copy_member(&cls->members[i], tmp, src);
    if (st == SLOT_OK && (cls->flags & SLOT_C_DICT)) {
        slot_dict *d;
        memcpy(&d, cat(src, cls->dict_offset), sizeof d);
        st = slot_dict_copy((slot_dict **)(void *)at(tmp, cls->dict_offset), d);
    }
    if (st != SLOT_OK) {
        slot_i_clear(cls, tmp);
        slot_free(tmp);
        return st;
    }
    /* DST stays the same object: its weak references outlive the copy. */
    if (cls->flags & SLOT_C_WEAKREF) {
        memcpy(at(tmp, cls->weakref_offset), at(dst, cls->weakref_offset), sizeof(void *));
        memset(at(dst, cls->weakref_offset), 0, sizeof(void *));
    }
    slot_i_clear(cls, dst);
    memcpy(dst, tmp, cls->size);
    slot_free(tmp);
    return SLOT_OK;
}

void slot_init(const slot_class *cls, void *obj)
{
    if (cls->init)
        cls->init(obj);
    else
        slot_i_init(cls, obj);
}

void slot_clear(const slot_class *cls, void *obj)
{
    if (cls->clear)
        cls->clear(obj);
    else
        slot_i_clear(cls, obj);
}

slot_status slot_copy(const slot_class *cls, void *dst, const void *src)
{
    if (cls->copy)
        return cls->copy(dst, src);
    return slot_i_copy(cls, dst, src);
}

/* Whether element P of slot M equals Q, as the generated == would say. */
static bool equal_element(const slot_member *m, const char *p, const char *q)
{
    switch ((slot_type)m->type) {
    case SLOT_T_F32: {
        float x, y;
        memcpy(&x, p, sizeof x);
        memcpy(&y, q, sizeof y);
        return x == y;
    }
    case SLOT_T_F64: {
        double x, y;
        memcpy(&x, p, sizeof x);
        memcpy(&y, q, sizeof y);
        return x == y;
    }
    case SLOT_T_STR:
        return strcmp(p, q) == 0;
    case SLOT_T_STRING: {
        const char *x, *y;
        memcpy(&x, p, sizeof x);
        memcpy(&y, q, sizeof y);
        return slot_i_string_equal(x, y);
    }
    case SLOT_T_OBJ:
        return slot_i_equal((const slot_class *)m->info, p, q);
    default: /* integers, bool, enums, references: their bytes */
        return memcmp(p, q, m->size) == 0;
    }
}

bool slot_i_equal(const slot_class *cls, const void *a, const void *b)
{
    for (uint32_t i = 0; i < cls->count; i++) {
        const slot_member *m = &cls->members[i];
        if (m->pmask &&
            ((*(const unsigned char *)cat(a, m->pbyte) ^ *(const unsigned char *)cat(b, m->pbyte)) &
             m->pmask))
            return false;
        for (uint32_t k = 0; k < elements(m); k++)
            if (!equal_element(m, cat(a, m->offset) + (size_t)k * m->size,
                               cat(b, m->offset) + (size_t)k * m->size))
                return false;
    }
    if (cls->flags & SLOT_C_DICT) {
        slot_dict *x, *y;
        memcpy(&x, cat(a, cls->dict_offset), sizeof x);
        memcpy(&y, cat(b, cls->dict_offset), sizeof y);
        return slot_dict_equal(x, y);
    }
    return true;
}
