/* driver.c - load -> check -> layout -> emit, then write what changed.
 *
 * Nothing is written until every schema has been generated without error,
 * and a file whose content is unchanged is not touched, so that build
 * tools see no new modification time.
 */
#define _POSIX_C_SOURCE 200809L
#include "driver.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emit.h"
#include "passes.h"

typedef struct output {
    const char *path;
    strbuf text;
} output;

/* Templates from DIR where it has them, the built-in ones otherwise. */
static const em_template *load_templates(model *m, const char *dir)
{
    size_t n = 0;
    while (em_builtin_templates[n].name)
        n++;
    if (!dir)
        return em_builtin_templates;
    DIR *d = opendir(dir);
    if (!d) {
        diag_plain_error(m->d, "cannot open template directory '%s': %s", dir, strerror(errno));
        return NULL;
    }
    closedir(d);
    em_template *list = ar_alloc(m->a, (n + 1) * sizeof *list);
    for (size_t i = 0; i < n; i++) {
        size_t len;
        const char *path =
            ar_join_path(m->a, dir, ar_printf(m->a, "%s.mustache", em_builtin_templates[i].name));
        const char *text = ar_read_file(m->a, path, &len);
        list[i].name = em_builtin_templates[i].name;
        list[i].text = text ? text : em_builtin_templates[i].text;
    }
    return list;
}

static int mkdirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int rc = mkdir(path, 0777);
        *p = '/';
        if (rc != 0 && errno != EEXIST)
            return -1;
    }
    return mkdir(path, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

static bool make_dir(model *m, const char *dir)
{
    if (mkdirs(ar_strdup(m->a, dir)) == 0)
        return true;
    diag_plain_error(m->d, "cannot create '%s': %s", dir, strerror(errno));
    return false;
}

/* Writes TEXT to PATH unless PATH already holds exactly TEXT; through a
 * temporary file and rename(), so a reader never sees half a file. */
static bool write_if_changed(model *m, const char *path, const strbuf *text)
{
    size_t len;
    const char *old = ar_read_file(m->a, path, &len);
    if (old && len == text->len && memcmp(old, text->data, len) == 0)
        return true;
    const char *tmp = ar_printf(m->a, "%s.tmp%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    bool ok = f && fwrite(text->data, 1, text->len, f) == text->len;
    if (f && fclose(f) != 0)
        ok = false;
    if (ok && rename(tmp, path) != 0)
        ok = false;
    if (!ok) {
        diag_plain_error(m->d, "cannot write '%s': %s", path, strerror(errno));
        remove(tmp);
    }
    return ok;
}

/* Make's syntax: spaces, '#' and '$' escaped in file names. */
static void dep_name(strbuf *b, const char *name)
{
    for (const char *p = name; *p; p++) {
        if (*p == ' ' || *p == '#')
            sb_putc(b, '\\');
        else if (*p == '$')
            sb_putc(b, '$');
        sb_putc(b, *p);
    }
}

static void depfile_text(const model *m, const output *outs, size_t n, strbuf *b)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_putc(b, ' ');
        dep_name(b, outs[i].path);
    }
    sb_putc(b, ':');
    for (size_t i = 0; i < m->schemas.len; i++) {
        sb_puts(b, " \\\n  ");
        dep_name(b, ((const schema *)PV_AT(m->schemas, i))->path);
    }
    sb_putc(b, '\n');
}

static int status_of(const model *m)
{
    return diag_errors(m->d) ? DRV_SCHEMA_ERROR : DRV_OK;
}

static int run(model *m, const drv_options *opt)
{
    ptrvec roots = {0};
    for (size_t i = 0; i < opt->n_schemas; i++) {
        schema *s = ld_load(m, opt->schemas[i]);
        if (!s)
            return DRV_USAGE_ERROR;
        s->is_root = true;
        pv_push(m->a, &roots, s);
    }
    /* check runs after load errors too, so that one run reports both; load
     * keeps every node it could make sense of and drops the rest. */
    ck_check(m);
    if (diag_errors(m->d))
        return DRV_SCHEMA_ERROR;
    lay_layout(m);
    if (diag_errors(m->d))
        return DRV_SCHEMA_ERROR;
    if (opt->layout)
        for (size_t i = 0; i < roots.len; i++)
            lay_report(PV_AT(roots, i), stdout);
    if (opt->check_only || opt->layout)
        return status_of(m);

    size_t n = roots.len * 2;
    output *outs = ar_alloc(m->a, n * sizeof *outs);
    for (size_t i = 0; i < roots.len; i++) {
        const schema *s = PV_AT(roots, i);
        outs[2 * i].path = ar_join_path(m->a, opt->out_dir, ar_printf(m->a, "%s.slot.h", s->stem));
        outs[2 * i + 1].path =
            ar_join_path(m->a, opt->out_dir, ar_printf(m->a, "%s.slot.c", s->stem));
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(outs[i].path, outs[j].path) == 0) {
                diag_plain_error(m->d, "two schemas would write '%s'", outs[i].path);
                return DRV_USAGE_ERROR;
            }
    if (opt->list_outputs) {
        for (size_t i = 0; i < n; i++)
            printf("%s\n", outs[i].path);
        return DRV_OK;
    }

    const em_template *templates = load_templates(m, opt->templates_dir);
    if (!templates)
        return DRV_USAGE_ERROR;
    for (size_t i = 0; i < roots.len; i++) {
        sb_init(&outs[2 * i].text, m->a);
        sb_init(&outs[2 * i + 1].text, m->a);
        if (!em_emit(m, PV_AT(roots, i), templates, &outs[2 * i].text, &outs[2 * i + 1].text))
            return DRV_USAGE_ERROR;
    }

    /* Directories first (the depfile's too), so that a bad one stops the
     * run before any output is written. */
    if (!make_dir(m, opt->out_dir))
        return DRV_USAGE_ERROR;
    if (opt->depfile) {
        const char *slash = strrchr(opt->depfile, '/');
        if (slash && slash != opt->depfile &&
            !make_dir(m, ar_strndup(m->a, opt->depfile, (size_t)(slash - opt->depfile))))
            return DRV_USAGE_ERROR;
    }
    for (size_t i = 0; i < n; i++)
        if (!write_if_changed(m, outs[i].path, &outs[i].text))
            return DRV_USAGE_ERROR;
    if (opt->depfile) {
        strbuf dep;
        sb_init(&dep, m->a);
        depfile_text(m, outs, n, &dep);
        if (!write_if_changed(m, opt->depfile, &dep))
            return DRV_USAGE_ERROR;
    }
    return DRV_OK;
}

int drv_run(const drv_options *opt)
{
    model m = {0};
    m.a = ar_new();
    m.d = diag_new(m.a, stderr);
    diag_set_werror(m.d, opt->werror);
    diag_set_quiet(m.d, opt->quiet);
    for (size_t i = 0; i < opt->n_includes; i++)
        pv_push(m.a, &m.include, (void *)opt->includes[i]);
    int status = run(&m, opt);
    ar_free(m.a);
    return status;
}
