/* tables.h - the name tables the benchmarks compare slot_index against.
 *
 * For each class, gen.cmake writes the slot names twice from the schema:
 * as gperf input, whose lookup function returns the slot's index, and as
 * a plain list that scan_index walks.
 */
#ifndef BENCH_TABLES_H_INCLUDED
#define BENCH_TABLES_H_INCLUDED

#include <stddef.h>
#include <string.h>

/* What a gperf lookup returns; index is -1 in the table's empty places. */
struct bench_entry {
    const char *name;
    int index;
};

/* A class's slot names in slot order, with their lengths. */
typedef struct name_list {
    const char *cls;
    const char *const *names;
    const size_t *lens;
    size_t count;
} name_list;

/* The index of NAME[0..LEN) in LIST, or -1: the loop a hand-written
 * lookup would be, comparing lengths before bytes. */
int scan_index(const name_list *list, const char *name, size_t len);

/* Returns LEN & 1 and nothing else: a lookup's call and loop, without
 * the lookup. */
int empty_call(const void *cls, const char *name, size_t len);

/* The same for a get's call: CLS, OBJ and the value OUT untouched. */
int empty_get(const void *cls, const void *obj, const char *name, void *out);

/* Generated per class (see CMakeLists.txt): <prefix>_gperf by gperf and
 * <prefix>_names by gen.cmake. */
const struct bench_entry *point_gperf(const char *str, size_t len);
const struct bench_entry *record_gperf(const char *str, size_t len);
const struct bench_entry *wide_gperf(const char *str, size_t len);
extern const name_list point_names;
extern const name_list record_names;
extern const name_list wide_names;

#endif
