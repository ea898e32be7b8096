/* test_dynamic.c - behaviour of dict classes (dict: true, dynamic: true)
 * and weak references, on the tables slotc emits for dynamic.yaml: the
 * lookup order of SPEC section 3 and shadowing, vars(), repr, sizeof,
 * copy, equal and clear with a dict; a model test of long random
 * sequences of set, get, del, clear and copy; and failure injection, in
 * which each allocation of a call fails in turn and the instance must be
 * exactly as before.
 *
 * Every test runs with the counting allocator of alloc.h, whose teardown
 * fails when a block it handed out was not freed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alloc.h"
#include "byname.h"
#include "dict.h" /* libslot's own: slot_i_dict_shares_keys */
#include "dynamic.slot.h"

#define CLS(c) (&dyn_##c##_class)

/* ---- Helpers ----------------------------------------------------------- */

#define SET(cls, obj, name, v) assert_int_equal(slot_setattr((cls), (obj), (name), (v)), SLOT_OK)

static char text[2048];

static const char *repr(const slot_class *cls, const void *obj)
{
    int n = slot_repr(cls, obj, text, sizeof text);
    assert_true(n >= 0 && (size_t)n < sizeof text);
    return text;
}

/* What vars() lists, as "name=value" joined by "; ", in order; floats
 * with every digit, so that any change shows. */
static const char *vars_text(const slot_class *cls, const void *obj, char *out, size_t size)
{
    slot_iter it;
    const char *name;
    slot_value v;
    size_t at = 0;
    out[0] = '\0';
    slot_vars_begin(&it, cls, obj);
    while (slot_vars_next(&it, &name, &v)) {
        char one[256];
        if (v.kind == SLOT_STR)
            snprintf(one, sizeof one, "%s='%s'", name, v.as.s);
        else if (v.kind == SLOT_FLOAT)
            snprintf(one, sizeof one, "%s=%.17g", name, v.as.f);
        else if (v.kind == SLOT_INT)
            snprintf(one, sizeof one, "%s=%lld", name, (long long)v.as.i);
        else if (v.kind == SLOT_UINT)
            snprintf(one, sizeof one, "%s=%llu", name, (unsigned long long)v.as.u);
        else if (v.kind == SLOT_BOOL)
            snprintf(one, sizeof one, "%s=%s", name, v.as.b ? "True" : "False");
        else if (v.kind == SLOT_OBJ)
            snprintf(one, sizeof one, "%s=<%p>", name, v.as.obj);
        else
            snprintf(one, sizeof one, "%s=None", name);
        at += (size_t)snprintf(out + at, size - at, "%s%s", at ? "; " : "", one);
        assert_true(at < size);
    }
    return out;
}

/* Everything a user can observe of OBJ by name: vars(), repr, sizeof. */
typedef struct snapshot {
    char vars[2048];
    char repr[2048];
    size_t size;
} snapshot;

static void take(snapshot *s, const slot_class *cls, const void *obj)
{
    vars_text(cls, obj, s->vars, sizeof s->vars);
    snprintf(s->repr, sizeof s->repr, "%s", repr(cls, obj));
    s->size = slot_sizeof(cls, obj);
}

static void assert_same(const snapshot *a, const snapshot *b)
{
    assert_string_equal(a->vars, b->vars);
    assert_string_equal(a->repr, b->repr);
    assert_int_equal(a->size, b->size);
}

/* ---- Lookup order and shadowing ---------------------------------------- */

/* set slot -> instance dict -> class attribute -> SLOT_ENOATTR, and
 * SLOT_EUNSET for an unset slot that nothing else answers. */
static void lookup_order(void **state)
{
    (void)state;
    dyn_Node n;
    slot_value v;
    dyn_Node_init(&n);
    assert_int_equal(slot_getattr(CLS(Node), &n, "id", &v), SLOT_EUNSET);
    assert_int_equal(slot_getattr(CLS(Node), &n, "color", &v), SLOT_ENOATTR);
    assert_string_equal(get_str(CLS(Node), &n, "kind"), "node");
    assert_int_equal(get(CLS(Node), &n, "size").as.u, 12);

    /* A slot name always means the slot: the dict never sees it. */
    SET(CLS(Node), &n, "id", slot_uint(7));
    assert_int_equal(dyn_Node_get_id(&n), 7);
    assert_int_equal(slot_setattr(CLS(Node), &n, "id", slot_str("seven")), SLOT_ETYPE);
    assert_int_equal(slot_setattr(CLS(Node), &n, "tag", slot_str("too long")), SLOT_ETOOLONG);

    /* Any other name goes to the dict, with any kind of value. */
    SET(CLS(Node), &n, "color", slot_str("red"));
    SET(CLS(Node), &n, "weight", slot_float(2.5));
    SET(CLS(Node), &n, "none", slot_none());
    assert_string_equal(get_str(CLS(Node), &n, "color"), "red");
    assert_true(get_float(CLS(Node), &n, "weight") == 2.5);
    assert_int_equal(get(CLS(Node), &n, "none").kind, SLOT_NONE);
    assert_true(slot_hasattr(CLS(Node), &n, "color"));
    assert_false(slot_hasattr(CLS(Node), &n, "colour"));
    assert_int_equal(slot_setattr(CLS(Node), &n, "bad", slot_str(NULL)), SLOT_ETYPE);
    assert_false(slot_hasattr(CLS(Node), &n, "bad"));
    dyn_Node_clear(&n);
}

/* A dict class shadows a class attribute per instance; deleting the
 * instance's value shows the class's again, and the class's own cannot
 * be deleted through an instance ("has no attribute", as Python says). */
static void shadowing(void **state)
{
    (void)state;
    dyn_Node a, b;
    dyn_Node_init(&a);
    dyn_Node_init(&b);
    SET(CLS(Node), &a, "kind", slot_str("special"));
    SET(CLS(Node), &a, "limit", slot_int(99));
    assert_string_equal(get_str(CLS(Node), &a, "kind"), "special");
    assert_int_equal(get(CLS(Node), &a, "limit").as.i, 99);
    assert_string_equal(get_str(CLS(Node), &b, "kind"), "node");
    assert_string_equal(dyn_Node_get_kind(), "node");

    assert_int_equal(slot_delattr(CLS(Node), &a, "kind"), SLOT_OK);
    assert_string_equal(get_str(CLS(Node), &a, "kind"), "node");
    assert_int_equal(slot_delattr(CLS(Node), &a, "kind"), SLOT_ENOATTR);
    assert_int_equal(slot_delattr(CLS(Node), &a, "nothing"), SLOT_ENOATTR);
    slot_format_error(text, sizeof text, CLS(Node), "kind", SLOT_ENOATTR);
    assert_string_equal(text, "'Node' object has no attribute 'kind'");

    /* Without a dict, the class attribute is read-only. */
    dyn_Plain p;
    dyn_Plain_init(&p);
    assert_int_equal(slot_setattr(CLS(Plain), &p, "kind", slot_str("x")), SLOT_EREADONLY);
    assert_int_equal(slot_setattr(CLS(Plain), &p, "other", slot_int(1)), SLOT_ENOATTR);
    assert_int_equal(slot_delattr(CLS(Plain), &p, "kind"), SLOT_EREADONLY);
    slot_format_error(text, sizeof text, CLS(Plain), "kind", SLOT_EREADONLY);
    assert_string_equal(text, "'Plain' object attribute 'kind' is read-only");
    dyn_Node_clear(&a);
    dyn_Node_clear(&b);
}

/* dynamic: any name; a subclass of a dict class inherits the dict; a
 * slotted base gains one in a subclass that asks for it. */
static void inheritance(void **state)
{
    (void)state;
    dyn_Bag g;
    dyn_Leaf l;
    dyn_Opened o;
    dyn_Bag_init(&g);
    dyn_Leaf_init(&l);
    dyn_Opened_init(&o);
    assert_int_equal(CLS(Bag)->count, 0);
    SET(CLS(Bag), &g, "x", slot_float(1));
    SET(CLS(Bag), &g, "kind", slot_str("mine"));
    assert_string_equal(repr(CLS(Bag), &g), "Bag(x=1.0, kind='mine')");

    SET(CLS(Leaf), &l, "depth", slot_uint(3));
    SET(CLS(Leaf), &l, "extra", slot_bool(true));
    /* The base's table reaches the same dict: a Leaf upcasts to a Node. */
    assert_true(get(CLS(Node), &l, "extra").as.b);
    SET(CLS(Node), &l, "more", slot_int(-1));
    assert_int_equal(get(CLS(Leaf), &l, "more").as.i, -1);
    assert_string_equal(repr(CLS(Leaf), &l), "Leaf(size=12, depth=3, extra=True, more=-1)");

    SET(CLS(Opened), &o, "x", slot_float(0.5));
    SET(CLS(Opened), &o, "y", slot_float(1.5));
    SET(CLS(Opened), &o, "kind", slot_str("opened"));
    assert_string_equal(get_str(CLS(Opened), &o, "kind"), "opened");
    /* Through the base's table the instance has no dict: Plain's rules. */
    assert_int_equal(slot_setattr(CLS(Plain), &o, "y", slot_float(2)), SLOT_ENOATTR);
    assert_string_equal(repr(CLS(Opened), &o), "Opened(x=0.5, y=1.5, kind='opened')");
    dyn_Bag_clear(&g);
    dyn_Leaf_clear(&l);
    dyn_Opened_clear(&o);
}

/* vars(): set slots in slot order, then dict entries in insertion order;
 * a deleted name set again goes to the end, as in Python. */
static void vars_order(void **state)
{
    (void)state;
    dyn_Node n;
    char buf[512];
    dyn_Node_init(&n);
    SET(CLS(Node), &n, "b", slot_int(1));
    SET(CLS(Node), &n, "tag", slot_str("t"));
    SET(CLS(Node), &n, "a", slot_int(2));
    SET(CLS(Node), &n, "c", slot_int(3));
    SET(CLS(Node), &n, "b", slot_int(4));
    assert_string_equal(vars_text(CLS(Node), &n, buf, sizeof buf),
                        "size=12; tag='t'; b=4; a=2; c=3");
    assert_int_equal(slot_delattr(CLS(Node), &n, "b"), SLOT_OK);
    SET(CLS(Node), &n, "b", slot_int(5));
    assert_string_equal(vars_text(CLS(Node), &n, buf, sizeof buf),
                        "size=12; tag='t'; a=2; c=3; b=5");
    assert_string_equal(repr(CLS(Node), &n), "Node(size=12, tag='t', a=2, c=3, b=5)");
    dyn_Node_clear(&n);
    assert_string_equal(vars_text(CLS(Node), &n, buf, sizeof buf), "size=12");
}

/* sizeof counts the dict and its strings; copy is deep; equal compares
 * the dicts in any order; clear frees them. */
static void copy_equal_sizeof(void **state)
{
    (void)state;
    dyn_Node *a = dyn_Node_new(), *b = dyn_Node_new();
    assert_non_null(a);
    assert_non_null(b);
    size_t bare = slot_sizeof(CLS(Node), a);
    assert_int_equal(bare, sizeof(dyn_Node));
    SET(CLS(Node), a, "note", slot_str("a string the dict owns"));
    SET(CLS(Node), a, "n", slot_int(1));
    assert_true(slot_sizeof(CLS(Node), a) > bare + strlen("a string the dict owns"));

    assert_false(dyn_Node_equal(a, b));
    assert_int_equal(dyn_Node_copy(b, a), SLOT_OK);
    assert_true(dyn_Node_equal(a, b));
    /* Deep: b's string survives a's going away. */
    dyn_Node_free(a);
    assert_string_equal(get_str(CLS(Node), b, "note"), "a string the dict owns");

    dyn_Node *c = dyn_Node_new();
    assert_non_null(c);
    SET(CLS(Node), c, "n", slot_float(1.0)); /* 1 == 1.0, as in Python */
    SET(CLS(Node), c, "note", slot_str("a string the dict owns"));
    assert_true(dyn_Node_equal(b, c));
    SET(CLS(Node), c, "n", slot_float(1.5));
    assert_false(dyn_Node_equal(b, c));

    dyn_Node_clear(b);
    assert_int_equal(slot_sizeof(CLS(Node), b), bare);
    assert_int_equal(slot_getattr(CLS(Node), b, "note", &(slot_value){0}), SLOT_ENOATTR);
    dyn_Node_free(b);
    dyn_Node_free(c);

    /* An embedded dict instance is copied, compared and freed with its
     * holder. */
    dyn_Holder h, k;
    dyn_Holder_init(&h);
    dyn_Holder_init(&k);
    SET(CLS(Node), &h.node, "inner", slot_str("deep"));
    assert_true(slot_sizeof(CLS(Holder), &h) > sizeof h);
    assert_int_equal(dyn_Holder_copy(&k, &h), SLOT_OK);
    assert_true(dyn_Holder_equal(&h, &k));
    dyn_Holder_clear(&h);
    assert_string_equal(get_str(CLS(Node), &k.node, "inner"), "deep");
    assert_false(dyn_Holder_equal(&h, &k));
    dyn_Holder_clear(&k);
}

/* setattrs is all or nothing across slots and dict: a bad pair after a
 * dict pair leaves the dict as it was. */
static void setattrs_with_dict(void **state)
{
    (void)state;
    dyn_Node n;
    snapshot before, after;
    dyn_Node_init(&n);
    SET(CLS(Node), &n, "old", slot_int(1));
    take(&before, CLS(Node), &n);
    slot_kv bad[] = {{"new", slot_int(2)}, {"old", slot_str("x")}, {"id", slot_int(-1)}};
    assert_int_equal(slot_setattrs(CLS(Node), &n, bad, 3), SLOT_ERANGE);
    take(&after, CLS(Node), &n);
    assert_same(&before, &after);
    /* A failure on the dict's side, after a slot pair and a dict pair. */
    slot_kv bad_dict[] = {{"new", slot_int(2)}, {"id", slot_uint(3)}, {"bad", slot_str(NULL)}};
    assert_int_equal(slot_setattrs(CLS(Node), &n, bad_dict, 3), SLOT_ETYPE);
    take(&after, CLS(Node), &n);
    assert_same(&before, &after);
    assert_int_equal(slot_setattrs(CLS(Node), &n, NULL, 0), SLOT_OK);
    take(&after, CLS(Node), &n);
    assert_same(&before, &after);

    slot_kv good[] = {
        {"new", slot_int(2)}, {"id", slot_uint(4)}, {"old", slot_str("x")}, {"new", slot_int(3)}};
    assert_int_equal(slot_setattrs(CLS(Node), &n, good, 4), SLOT_OK);
    assert_string_equal(repr(CLS(Node), &n), "Node(id=4, size=12, old='x', new=3)");
    dyn_Node_clear(&n);
}

/* getitem/setitem on a dict entry: not an array. */
static void items_of_dict_entries(void **state)
{
    (void)state;
    dyn_Node n;
    slot_value v;
    dyn_Node_init(&n);
    SET(CLS(Node), &n, "list", slot_int(1));
    assert_int_equal(slot_getitem(CLS(Node), &n, "list", 0, &v), SLOT_ETYPE);
    assert_int_equal(slot_setitem(CLS(Node), &n, "list", 0, slot_int(2)), SLOT_ETYPE);
    assert_int_equal(slot_getitem(CLS(Node), &n, "none", 0, &v), SLOT_ENOATTR);
    assert_int_equal(slot_setitem(CLS(Node), &n, "none", 0, slot_int(2)), SLOT_ENOATTR);
    dyn_Node_clear(&n);
}

/* repr writes a dict key that Python would not take as a keyword quoted,
 * in a **{...} group, so that no key reads as more than one entry. */
static void repr_of_odd_keys(void **state)
{
    (void)state;
    dyn_Bag g;
    dyn_Bag_init(&g);
    SET(CLS(Bag), &g, "x", slot_int(1));
    SET(CLS(Bag), &g, "a=1, b", slot_int(2));
    SET(CLS(Bag), &g, "it's", slot_str("q"));
    SET(CLS(Bag), &g, "_ok2", slot_int(3));
    SET(CLS(Bag), &g, "if", slot_bool(true));
    SET(CLS(Bag), &g, "", slot_none());
    SET(CLS(Bag), &g, "2x", slot_float(0.5));
    SET(CLS(Bag), &g, "tab\there", slot_int(4));
    assert_string_equal(repr(CLS(Bag), &g),
                        "Bag(x=1, **{'a=1, b': 2, \"it's\": 'q'}, _ok2=3, "
                        "**{'if': True, '': None, '2x': 0.5, 'tab\\there': 4})");
    dyn_Bag_clear(&g);
    dyn_Bag_init(&g);
    SET(CLS(Bag), &g, "x y", slot_int(1));
    assert_string_equal(repr(CLS(Bag), &g), "Bag(**{'x y': 1})");
    dyn_Bag_clear(&g);
}

/* A class attribute of a dict class can be shadowed by slot_setattr, so
 * slot_setitem does not call it read-only: it is no array.  Without a
 * dict, both say read-only. */
static void items_of_class_attributes(void **state)
{
    (void)state;
    dyn_Node n;
    dyn_Plain p;
    slot_value v;
    dyn_Node_init(&n);
    dyn_Plain_init(&p);
    assert_int_equal(slot_setitem(CLS(Node), &n, "kind", 0, slot_str("x")), SLOT_ETYPE);
    assert_int_equal(slot_getitem(CLS(Node), &n, "kind", 0, &v), SLOT_ETYPE);
    slot_format_error(text, sizeof text, CLS(Node), "kind", SLOT_ETYPE);
    assert_string_equal(text, "'Node' object attribute 'kind': wrong type");
    assert_int_equal(slot_setattr(CLS(Node), &n, "kind", slot_str("x")), SLOT_OK);
    assert_int_equal(slot_setitem(CLS(Node), &n, "kind", 0, slot_str("y")), SLOT_ETYPE);
    assert_string_equal(get_str(CLS(Node), &n, "kind"), "x");
    assert_int_equal(slot_setitem(CLS(Plain), &p, "kind", 0, slot_str("x")), SLOT_EREADONLY);
    assert_int_equal(slot_setattr(CLS(Plain), &p, "kind", slot_str("x")), SLOT_EREADONLY);
    dyn_Node_clear(&n);
}

/* A delete of an unset slot is worded for a delete; every other status
 * of a delete reads as slot_format_error has it. */
static void delete_messages(void **state)
{
    (void)state;
    dyn_Node n;
    dyn_Plain p;
    char buf[8];
    slot_status st;
    dyn_Node_init(&n);
    dyn_Plain_init(&p);
    st = slot_delattr(CLS(Node), &n, "id");
    assert_int_equal(st, SLOT_EUNSET);
    slot_format_del_error(text, sizeof text, CLS(Node), "id", st);
    assert_string_equal(text, "cannot delete 'Node' object attribute 'id': it is not set");
    slot_format_error(text, sizeof text, CLS(Node), "id", st);
    assert_string_equal(text, "'Node' object has no attribute 'id'");
    st = slot_delattr(CLS(Node), &n, "nothing");
    slot_format_del_error(text, sizeof text, CLS(Node), "nothing", st);
    assert_string_equal(text, "'Node' object has no attribute 'nothing'");
    st = slot_delattr(CLS(Plain), &p, "kind");
    slot_format_del_error(text, sizeof text, CLS(Plain), "kind", st);
    assert_string_equal(text, "'Plain' object attribute 'kind' is read-only");
    /* snprintf-like: the whole length, whatever fits. */
    assert_int_equal(slot_format_del_error(buf, sizeof buf, CLS(Node), "id", SLOT_EUNSET), 57);
    assert_string_equal(buf, "cannot ");
    assert_int_equal(slot_format_del_error(NULL, 0, CLS(Node), NULL, SLOT_EUNSET), 55);
    dyn_Node_clear(&n);
}

/* ---- Weak references --------------------------------------------------- */

static void weak_references(void **state)
{
    (void)state;
    dyn_Node *n = dyn_Node_new();
    assert_non_null(n);
    slot_weakref *r1 = slot_weakref_new(CLS(Node), n);
    slot_weakref *r2 = slot_weakref_new(CLS(Node), n);
    slot_weakref *r3 = slot_weakref_new(CLS(Node), n);
    assert_non_null(r1);
    assert_non_null(r2);
    assert_non_null(r3);
    assert_ptr_equal(slot_weakref_get(r1), n);
    assert_ptr_equal(slot_weakref_get(r3), n);

    /* Freed in any order, before the instance: the others stay. */
    slot_weakref_free(r2);
    assert_ptr_equal(slot_weakref_get(r1), n);
    assert_ptr_equal(slot_weakref_get(r3), n);

    /* A copy into N keeps N's references: N is still the same object. */
    dyn_Node src;
    dyn_Node_init(&src);
    SET(CLS(Node), &src, "k", slot_int(1));
    assert_int_equal(dyn_Node_copy(n, &src), SLOT_OK);
    assert_ptr_equal(slot_weakref_get(r1), n);
    slot_weakref_free(r3);
    dyn_Node_clear(&src);

    /* Freeing the instance: every reference reads NULL, and is still
     * freed on its own. */
    slot_weakref *r4 = slot_weakref_new(CLS(Node), n);
    dyn_Node_free(n);
    assert_null(slot_weakref_get(r1));
    assert_null(slot_weakref_get(r4));
    slot_weakref_free(r4);
    slot_weakref_free(r1);
    slot_weakref_free(NULL);
    assert_null(slot_weakref_get(NULL));

    /* Clearing counts as the end: a new reference is needed afterwards. */
    dyn_Leaf l;
    dyn_Leaf_init(&l);
    slot_weakref *rl = slot_weakref_new(CLS(Leaf), &l);
    slot_weakref *rb = slot_weakref_new(CLS(Node), &l); /* through the base */
    assert_ptr_equal(slot_weakref_get(rl), &l);
    assert_ptr_equal(slot_weakref_get(rb), &l);
    dyn_Leaf_clear(&l);
    assert_null(slot_weakref_get(rl));
    assert_null(slot_weakref_get(rb));
    slot_weakref_free(rl);
    slot_weakref_free(rb);

    /* An embedded instance set by name or by its typed setter stays the
     * same object, and keeps its references; clearing its holder ends it. */
    dyn_Holder h;
    dyn_Node other;
    dyn_Holder_init(&h);
    dyn_Node_init(&other);
    SET(CLS(Node), &other, "from", slot_str("other"));
    slot_weakref *rn = slot_weakref_new(CLS(Node), &h.node);
    SET(CLS(Holder), &h, "node", slot_obj(&other));
    assert_ptr_equal(slot_weakref_get(rn), &h.node);
    slot_kv kv[] = {{"node", slot_obj(&other)}, {"count", slot_int(2)}};
    assert_int_equal(slot_setattrs(CLS(Holder), &h, kv, 2), SLOT_OK);
    assert_ptr_equal(slot_weakref_get(rn), &h.node);
    assert_int_equal(dyn_Holder_set_node(&h, &other), SLOT_OK);
    assert_ptr_equal(slot_weakref_get(rn), &h.node);
    assert_string_equal(get_str(CLS(Node), &h.node, "from"), "other");
    dyn_Holder_clear(&h);
    assert_null(slot_weakref_get(rn));
    slot_weakref_free(rn);
    dyn_Node_clear(&other);

    /* No weakref: true, no reference. */
    dyn_Bag g;
    dyn_Bag_init(&g);
    assert_null(slot_weakref_new(CLS(Bag), &g));
    assert_null(slot_weakref_new(CLS(Node), NULL));

    /* Out of memory: NULL, and the instance's list is as it was. */
    dyn_Node m;
    dyn_Node_init(&m);
    slot_weakref *keep = slot_weakref_new(CLS(Node), &m);
    fail_nth(1);
    assert_null(slot_weakref_new(CLS(Node), &m));
    fail_nth(0);
    dyn_Node_clear(&m);
    assert_null(slot_weakref_get(keep));
    slot_weakref_free(keep);
}

/* ---- Failing allocations ------------------------------------------------- */

/* The instance the failure tests work on: a Twin, whose class's chain of
 * shared keys no other test uses, in the shared-keys form; or a Node made
 * to hold keys of its own. */
typedef struct subject {
    const slot_class *cls;
    bool shared; /* the dict shares its keys */
} subject;

static void *obj_of(const subject *sj, dyn_Twin *t)
{
    return sj->cls == CLS(Twin) ? (void *)t : (void *)&t->_slot_base;
}

typedef void (*make_fn)(const subject *sj, void *obj, int size);
typedef slot_status (*op_fn)(const subject *sj, void *obj, int size);

/* Runs OP on a fresh instance made by MAKE, failing its Nth allocation for
 * N = 1, 2, ... until it succeeds: each failure must report SLOT_ENOMEM,
 * leave everything observable as it was, and hold no block more.  A run
 * may also succeed with an allocation failed (a shared-keys dict that
 * cannot have a new shape takes keys of its own): it must then give what
 * a run without failures gives.  Returns how many allocations the run
 * without failures made. */
static long fail_each(const subject *sj, make_fn make, op_fn op, int size)
{
    dyn_Twin t;
    void *obj = obj_of(sj, &t);
    snapshot want, before, after;
    dyn_Twin_init(&t);
    make(sj, obj, size);
    assert_int_equal(slot_i_dict_shares_keys(*(slot_dict **)((char *)obj + sj->cls->dict_offset)),
                     sj->shared && size > 0);
    fail_nth(0);
    assert_int_equal(op(sj, obj, size), SLOT_OK);
    long calls = ctl.calls;
    take(&want, sj->cls, obj);
    slot_clear(sj->cls, obj);
    for (long k = 1;; k++) {
        dyn_Twin_init(&t);
        make(sj, obj, size);
        take(&before, sj->cls, obj);
        long live = ctl.live;
        fail_nth(k);
        slot_status st = op(sj, obj, size);
        fail_nth(0);
        if (st == SLOT_OK) {
            take(&after, sj->cls, obj);
            assert_string_equal(after.vars, want.vars);
            assert_string_equal(after.repr, want.repr);
            slot_clear(sj->cls, obj);
            if (k > calls)
                return calls;
            continue;
        }
        assert_int_equal(st, SLOT_ENOMEM);
        take(&after, sj->cls, obj);
        assert_same(&before, &after);
        assert_int_equal(ctl.live, live);
        slot_clear(sj->cls, obj);
    }
}

/* The Ith dict name make_full sets: the Ith along Twin's chain. */
static const char *nth_name(int i)
{
    static char name[2][16];
    snprintf(name[i & 1], sizeof name[0], "attr%d", i);
    return name[i & 1];
}

/* SIZE dict entries, every third a string, and two string slots.  A Node
 * first sets two names and deletes and sets one again, which gives its
 * dict keys of its own whatever its class's chain holds. */
static void make_full(const subject *sj, void *obj, int size)
{
    SET(sj->cls, obj, "name", slot_str("owned name"));
    SET(sj->cls, obj, "tag", slot_str("tag"));
    if (!sj->shared) {
        SET(sj->cls, obj, "pad", slot_none());
        SET(sj->cls, obj, "scratch", slot_none());
        assert_int_equal(slot_delattr(sj->cls, obj, "scratch"), SLOT_OK);
        SET(sj->cls, obj, "scratch", slot_none());
    }
    for (int i = 0; i < size; i++)
        SET(sj->cls, obj, nth_name(i), i % 3 ? slot_int(i) : slot_str("a string value"));
}

static slot_status add_float(const subject *sj, void *obj, int size)
{
    return slot_setattr(sj->cls, obj, nth_name(size), slot_float(0.25));
}

static slot_status add_string(const subject *sj, void *obj, int size)
{
    return slot_setattr(sj->cls, obj, nth_name(size), slot_str("a new string"));
}

static slot_status replace_string(const subject *sj, void *obj, int size)
{
    return slot_setattr(sj->cls, obj, size ? "attr0" : "kind", slot_str("replaced"));
}

/* Two new names along the chain, a dict name replaced, slots around. */
static slot_status set_many(const subject *sj, void *obj, int size)
{
    slot_kv kv[] = {{"name", slot_str("new name")},
                    {nth_name(size), slot_str("fresh")},
                    {"attr0", slot_float(9)},
                    {"id", slot_uint(5)},
                    {nth_name(size + 1), slot_int(7)}};
    return slot_setattrs(sj->cls, obj, kv, sizeof kv / sizeof *kv);
}

static dyn_Twin copy_src;

static slot_status copy_into(const subject *sj, void *obj, int size)
{
    (void)size;
    return slot_copy(sj->cls, obj, obj_of(sj, &copy_src));
}

static void failing_allocations(void **state)
{
    (void)state;
    const subject subjects[] = {{CLS(Twin), true}, {CLS(Node), false}};
    for (size_t s = 0; s < 2; s++) {
        const subject *sj = &subjects[s];
        /* Dicts of every size across the searched and indexed forms, each
         * growth of the table, and Twin's chain up to its 30 names. */
        for (int size = 0; size <= 40; size++) {
            const subject *at = sj->shared && size > 28 ? &subjects[1] : sj;
            /* A shared-keys dict of SIZE values takes a bigger block for a
             * new name when its room (SIZE rounded up to a power of two) is
             * full; a table of its own often has room. */
            long block = at->shared && (size & (size - 1)) == 0 ? 1 : 0;
            assert_true(fail_each(at, make_full, add_float, size) >= block);
            assert_true(fail_each(at, make_full, add_string, size) >= 1 + block);
            assert_true(fail_each(at, make_full, replace_string, size) >= 1);
            assert_true(fail_each(at, make_full, set_many, size) >= 3);
        }
        dyn_Twin_init(&copy_src);
        make_full(sj, obj_of(sj, &copy_src), 25);
        for (int size = 0; size <= 12; size += 4)
            assert_true(fail_each(sj, make_full, copy_into, size) >= 3);
        slot_clear(sj->cls, obj_of(sj, &copy_src));
    }
}

/* ---- The model test ------------------------------------------------------ */

/* The names the model test uses: the slots, the class attributes, and
 * more dict names than a small dict holds. */
static const char *const model_names[] = {
    "id", "name", "size", "tag", "kind", "limit", "a", "b", "c", "d",
    "e",  "f",    "g",    "h",   "i",    "j",     "k", "l", "m", "a_much_longer_attribute_name",
};
#define NNAMES (sizeof model_names / sizeof *model_names)
#define NSLOTS 4 /* the first four names */

/* What the model says one name holds. */
typedef struct cell {
    bool present;
    slot_value v;
    char s[32]; /* the text of a string value */
} cell;

typedef struct model {
    cell c[NNAMES];
    size_t order[NNAMES]; /* dict names in insertion order */
    size_t norder;
} model;

static void model_init(model *m)
{
    memset(m, 0, sizeof *m);
    m->c[2].present = true; /* size: a default of 12 */
    m->c[2].v = slot_uint(12);
}

static void model_forget(model *m, size_t i)
{
    for (size_t k = 0; k < m->norder; k++)
        if (m->order[k] == i) {
            memmove(&m->order[k], &m->order[k + 1], (m->norder - k - 1) * sizeof *m->order);
            m->norder--;
            return;
        }
}

static uint64_t rng_state = UINT64_C(0x9e3779b97f4a7c15);

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* A random value, often one that the slot called NAME refuses. */
static slot_value random_value(cell *scratch)
{
    switch (rng() % 6) {
    case 0:
        return slot_int((int64_t)(rng() % 2000) - 1000);
    case 1:
        return slot_uint(rng() % 70000);
    case 2:
        return slot_float((double)(rng() % 1000) / 8);
    case 3:
        return slot_bool(rng() & 1);
    case 4:
        snprintf(scratch->s, sizeof scratch->s, "%.*s", (int)(rng() % 12), "abcdefghijkl");
        return slot_str(scratch->s);
    }
    return slot_none();
}

/* What setting slot I to V must give: the status, and the value stored. */
static slot_status slot_rule(size_t i, slot_value v, slot_value *stored)
{
    bool is_int = v.kind == SLOT_INT || v.kind == SLOT_UINT;
    int64_t x = v.kind == SLOT_INT ? v.as.i : (int64_t)v.as.u;
    switch (i) {
    case 0: /* id: u32 */
    case 2: /* size: u16 */
        if (!is_int)
            return SLOT_ETYPE;
        if (x < 0 || x > (i == 0 ? 4294967295 : 65535))
            return SLOT_ERANGE;
        *stored = slot_uint((uint64_t)x);
        return SLOT_OK;
    case 1: /* name: string */
        if (v.kind != SLOT_STR)
            return SLOT_ETYPE;
        *stored = v;
        return SLOT_OK;
    default: /* tag: str[7] */
        if (v.kind != SLOT_STR)
            return SLOT_ETYPE;
        if (strlen(v.as.s) > 7)
            return SLOT_ETOOLONG;
        *stored = v;
        return SLOT_OK;
    }
}

static void model_set(model *m, size_t i, slot_value v)
{
    cell *c = &m->c[i];
    if (!c->present && i >= NSLOTS)
        m->order[m->norder++] = i;
    c->present = true;
    c->v = v;
    if (v.kind == SLOT_STR) {
        snprintf(c->s, sizeof c->s, "%s", v.as.s);
        c->v.as.s = c->s;
    }
}

/* Checks every name of OBJ and vars() against M. */
static void model_check(const model *m, const dyn_Node *obj, long step)
{
    for (size_t i = 0; i < NNAMES; i++) {
        slot_value v = slot_none();
        slot_status st = slot_getattr(CLS(Node), obj, model_names[i], &v);
        const cell *c = &m->c[i];
        if (c->present) {
            if (st != SLOT_OK || !slot_value_equal(v, c->v))
                fail_msg("step %ld: '%s' reads wrong (status %d)", step, model_names[i], st);
        } else if (i == 4 || i == 5) {
            assert_int_equal(st, SLOT_OK); /* the class attribute */
            assert_true(i == 4 ? strcmp(v.as.s, "node") == 0 : v.as.i == 10);
        } else {
            assert_int_equal(st, i < NSLOTS ? SLOT_EUNSET : SLOT_ENOATTR);
        }
    }
    /* vars(): slots in index order, then the dict in insertion order. */
    slot_iter it;
    const char *name;
    slot_value v;
    size_t k = 0, d = 0;
    slot_vars_begin(&it, CLS(Node), obj);
    while (slot_vars_next(&it, &name, &v)) {
        while (k < NSLOTS && !m->c[k].present)
            k++;
        size_t want = k < NSLOTS ? k++ : m->order[d++];
        assert_true(want < NNAMES);
        assert_string_equal(name, model_names[want]);
        assert_true(slot_value_equal(v, m->c[want].v));
    }
    while (k < NSLOTS && !m->c[k].present)
        k++;
    assert_int_equal(k, NSLOTS);
    assert_int_equal(d, m->norder);
}

static void model_test(void **state)
{
    (void)state;
    for (int round = 0; round < 20; round++) {
        dyn_Node *obj = dyn_Node_new();
        model m;
        assert_non_null(obj);
        model_init(&m);
        for (long step = 0; step < 2000; step++) {
            size_t i = (size_t)(rng() % NNAMES);
            unsigned op = (unsigned)(rng() % 100);
            cell scratch;
            if (op < 55) {
                slot_value v = random_value(&scratch), stored = v;
                slot_status want = i < NSLOTS ? slot_rule(i, v, &stored) : SLOT_OK;
                assert_int_equal(slot_setattr(CLS(Node), obj, model_names[i], v), want);
                if (want == SLOT_OK)
                    model_set(&m, i, stored);
            } else if (op < 85) {
                slot_status want = SLOT_OK;
                if (i == 2) {
                    m.c[i].v = slot_uint(12); /* back to the default */
                } else if (!m.c[i].present) {
                    want = i < NSLOTS ? SLOT_EUNSET : SLOT_ENOATTR;
                } else {
                    m.c[i].present = false;
                    model_forget(&m, i);
                }
                assert_int_equal(slot_delattr(CLS(Node), obj, model_names[i]), want);
            } else if (op < 90) {
                dyn_Node_clear(obj);
                model_init(&m);
            } else {
                /* Continue on a deep copy; the original goes away. */
                dyn_Node *copy = dyn_Node_new();
                assert_non_null(copy);
                SET(CLS(Node), copy, "stale", slot_int(1)); /* replaced by the copy */
                assert_int_equal(dyn_Node_copy(copy, obj), SLOT_OK);
                assert_true(dyn_Node_equal(copy, obj));
                dyn_Node_free(obj);
                obj = copy;
            }
            model_check(&m, obj, step);
        }
        dyn_Node_free(obj);
    }
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(lookup_order),          T(shadowing),
        T(inheritance),           T(vars_order),
        T(copy_equal_sizeof),     T(setattrs_with_dict),
        T(items_of_dict_entries), T(weak_references),
        T(failing_allocations),   T(model_test),
        T(repr_of_odd_keys),      T(items_of_class_attributes),
        T(delete_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
