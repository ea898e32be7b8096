/* test_arena.c - the arena: alignment, zeroing, marks that give memory back
 * and reuse it, and reading whole files. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

static void allocations_are_aligned_and_zeroed(void **state)
{
    (void)state;
    arena *a = ar_new();
    for (size_t n = 0; n < 300; n++) {
        ar_bytes(a, n % 7); /* text leaves the next offset unaligned */
        unsigned char *p = ar_alloc(a, n);
        assert_int_equal((uintptr_t)p % sizeof(max_align_t), 0);
        for (size_t i = 0; i < n; i++)
            assert_int_equal(p[i], 0);
        memset(p, 0xff, n);
    }
    char *s = ar_printf(a, "%s-%d", "x", 42);
    assert_string_equal(s, "x-42");
    char long_text[1000];
    memset(long_text, 'y', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    assert_string_equal(ar_printf(a, "%s", long_text), long_text);
    ar_free(a);
}

static void release_frees_and_reuses(void **state)
{
    (void)state;
    arena *a = ar_new();
    char *keep = ar_strdup(a, "kept");
    arena_mark m = ar_mark(a);
    char *first = NULL;
    for (int round = 0; round < 3; round++) {
        char *p = ar_alloc_raw(a, 100);
        if (round == 0)
            first = p;
        assert_ptr_equal(p, first);   /* the same memory each round */
        for (int i = 0; i < 100; i++) /* several chunks, and big requests */
            ar_bytes(a, i % 10 ? 1000 : 200000);
        ar_release(a, m);
        arena_mark now = ar_mark(a);
        assert_ptr_equal(now.head, m.head);
        assert_int_equal(now.used, m.used);
    }
    assert_string_equal(keep, "kept");
    /* Marks nest. */
    arena_mark outer = ar_mark(a);
    ar_bytes(a, 70000);
    arena_mark inner = ar_mark(a);
    ar_bytes(a, 10);
    ar_release(a, inner);
    ar_release(a, outer);
    assert_ptr_equal(ar_mark(a).head, outer.head);
    ar_free(a);
}

static void pointer_vectors_and_buffers_grow(void **state)
{
    (void)state;
    arena *a = ar_new();
    ptrvec v = {0};
    for (size_t i = 0; i < 1000; i++)
        pv_push(a, &v, (void *)(uintptr_t)(i + 1));
    for (size_t i = 0; i < 1000; i++)
        assert_int_equal((uintptr_t)PV_AT(v, i), i + 1);
    strbuf b;
    sb_init(&b, a);
    assert_string_equal(b.data, "");
    for (int i = 0; i < 1000; i++)
        sb_printf(&b, "%d,", i % 10);
    assert_int_equal(b.len, 2000);
    assert_memory_equal(b.data + 1990, "5,6,7,8,9,", 11);
    ar_free(a);
}

static void read_file_whole(void **state)
{
    (void)state;
    arena *a = ar_new();
    const char *path = "test_arena.tmp"; /* in the test's working directory */
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    for (int i = 0; i < 50000; i++)
        fprintf(f, "%d\n", i);
    fclose(f);
    size_t len = 0;
    char *text = ar_read_file(a, path, &len);
    assert_non_null(text);
    assert_int_equal(len, strlen(text));
    assert_memory_equal(text + len - 6, "49999\n", 6);
    remove(path);
    errno = 0;
    assert_null(ar_read_file(a, path, &len));
    ar_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(allocations_are_aligned_and_zeroed),
        cmocka_unit_test(release_frees_and_reuses),
        cmocka_unit_test(pointer_vectors_and_buffers_grow),
        cmocka_unit_test(read_file_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
