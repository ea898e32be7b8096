/* load.c - the load pass: schema files to the model.
 *
 * Each file is read into a YAML tree (tree.c: its bytes, then libyaml's
 * events), and the tree into the model (read.c).  Then the file's imports
 * are found and loaded the same way, each file once, identified by its
 * real path.
 *
 * The model's memory comes from the model's arena; the tree has an arena
 * of its own, given back once the file is read, so everything the model
 * keeps of it (names, docs, scalars) is copied.
 */
#define _XOPEN_SOURCE 700
#include "passes.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tree.h"

/* ---- Files and imports ------------------------------------------------ */

static schema *find_schema(const model *m, const char *id)
{
    for (size_t i = 0; i < m->schemas.len; i++) {
        schema *s = PV_AT(m->schemas, i);
        if (strcmp(s->id, id) == 0)
            return s;
    }
    return NULL;
}

static const char *strip_ext(arena *a, const char *file)
{
    static const char *const exts[] = {".yaml", ".yml"};
    size_t n = strlen(file);
    for (size_t i = 0; i < 2; i++) {
        size_t e = strlen(exts[i]);
        if (n > e && strcmp(file + n - e, exts[i]) == 0)
            return ar_strndup(a, file, n - e);
    }
    return file;
}

/* A new schema, registered at once so that an import cycle finds it. */
static schema *new_schema(model *m, const char *path, const char *id)
{
    schema *s = ar_alloc(m->a, sizeof *s);
    s->path = ar_strdup(m->a, path);
    s->id = ar_strdup(m->a, id);
    const char *slash = strrchr(s->path, '/');
    s->file = slash ? slash + 1 : s->path;
    s->stem = strip_ext(m->a, s->file);
    pv_push(m->a, &m->schemas, s);
    return s;
}

static void load_imports(model *m, schema *s);

/* Reads TEXT (in the arena, outliving the diag) into S, then its imports. */
static void load_schema(model *m, schema *s, const char *text, size_t len)
{
    diag_add_source(m->d, s->path, text, len);
    arena *tree = ar_new(); /* given back once the model has what it needs */
    int errors = diag_errors(m->d);
    const node *root = ld_read_tree(tree, m->d, s->path, text, len);
    bool read = root != NULL;
    if (read)
        ld_read_schema(m->a, m->d, s, root);
    ar_free(tree);
    s->incomplete = diag_errors(m->d) != errors;
    if (read)
        load_imports(m, s);
}

static const char *file_id(arena *a, const char *path)
{
    char buf[PATH_MAX];
    return realpath(path, buf) ? ar_strdup(a, buf) : path;
}

/* The schema of file PATH, loaded when it was not yet; NULL when the file
 * cannot be read (reported). */
static schema *load_path(model *m, const char *path)
{
    const char *id = file_id(m->a, path);
    schema *s = find_schema(m, id);
    if (s)
        return s;
    size_t len = 0;
    char *text = ar_read_file(m->a, path, &len);
    if (!text) {
        diag_plain_error(m->d, "cannot read '%s': %s", path, strerror(errno));
        return NULL;
    }
    s = new_schema(m, path, id);
    load_schema(m, s, text, len);
    return s;
}

/* Only regular files: an import of a directory or of /dev/zero is no schema. */
static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Where import IM of S is: next to S, then in each -I directory. */
static const char *find_import(model *m, const schema *s, const import_def *im)
{
    strbuf tried;
    sb_init(&tried, m->a);
    const char *slash = strrchr(s->path, '/');
    const char *dir = slash ? ar_strndup(m->a, s->path, (size_t)(slash - s->path) + 1) : "";
    bool absolute = im->path[0] == '/';
    for (size_t i = 0; i <= m->include.len; i++) {
        const char *cand;
        if (i == 0)
            cand = absolute ? im->path : ar_join_path(m->a, dir, im->path);
        else if (absolute)
            break;
        else
            cand = ar_join_path(m->a, PV_AT(m->include, i - 1), im->path);
        if (is_file(cand))
            return cand;
        sb_printf(&tried, "%s'%s'", i ? ", " : "", cand);
    }
    diag_error(m->d, im->at, "cannot find import '%s'", im->path);
    diag_note(m->d, im->at, "looked for %s", tried.data);
    return NULL;
}

static void load_imports(model *m, schema *s)
{
    for (size_t i = 0; i < s->imports.len; i++) {
        import_def *im = PV_AT(s->imports, i);
        const char *path = find_import(m, s, im);
        if (path)
            im->target = load_path(m, path);
        if (!im->target)
            s->incomplete = true;
    }
}

schema *ld_load(model *m, const char *path)
{
    schema *s = load_path(m, path);
    if (s)
        s->is_root = true;
    return s;
}

schema *ld_load_text(model *m, const char *path, const char *text, size_t len)
{
    schema *s = find_schema(m, path);
    if (!s) {
        char *copy = ar_alloc(m->a, len + 1);
        if (len)
            memcpy(copy, text, len);
        s = new_schema(m, path, path);
        load_schema(m, s, copy, len);
    }
    s->is_root = true;
    return s;
}
