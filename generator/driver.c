/* driver.c - load -> check -> layout -> emit, then write what changed.
 *
 * Nothing is written until every schema has been generated without error,
 * and a file whose content is unchanged is not touched, so that build
 * tools see no new modification time.  emit streams each output through a
 * buffer: while the text matches the file already there it is only
 * compared with it, block by block; from the first difference on it goes
 * to a temporary file beside it (the matching start copied from the old
 * file), which replaces the old file once every output is complete.  So
 * neither text is ever held whole.
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

#define OUT_BUF (64 * 1024)

/* One file being written.  OLD is the file as it was, read along while
 * what is written still matches it (SAME bytes so far); TMP is open once
 * the two differ, or when there was no file. */
typedef struct output {
    const char *path, *tmp_path;
    FILE *old, *tmp;
    size_t same;
    bool changed, failed;
    int err;
    char *cmp; /* OUT_BUF bytes, for reading OLD */
    tpl_out sink;
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

/* Creates PATH and its parents; each directory it made is added to MADE
 * (outermost first), so that a run that fails can take them back. */
static int mkdirs(model *m, char *path, ptrvec *made)
{
    if (!*path) {
        errno = ENOENT;
        return -1;
    }
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char end = *p;
        *p = '\0';
        int rc = mkdir(path, 0777);
        if (rc == 0)
            pv_push(m->a, made, ar_strdup(m->a, path));
        *p = end;
        if (rc != 0 && errno != EEXIST)
            return -1;
        if (!end)
            return 0;
    }
}

static bool make_dir(model *m, const char *dir, ptrvec *made)
{
    if (mkdirs(m, ar_strdup(m->a, dir), made) == 0)
        return true;
    diag_plain_error(m->d, "cannot create '%s': %s", dir, strerror(errno));
    return false;
}

static void write_failed(output *o)
{
    if (!o->failed) {
        o->failed = true;
        o->err = errno ? errno : EIO;
    }
}

/* From the first difference on, output goes to the temporary file, which
 * starts with the SAME bytes that matched, copied from the old file. */
static void diverge(output *o)
{
    o->changed = true;
    o->tmp = fopen(o->tmp_path, "wb");
    if (!o->tmp) {
        write_failed(o);
    } else if (o->old && o->same) {
        rewind(o->old);
        for (size_t left = o->same; left && !o->failed;) {
            size_t n = fread(o->cmp, 1, left < OUT_BUF ? left : OUT_BUF, o->old);
            if (n == 0 || fwrite(o->cmp, 1, n, o->tmp) != n)
                write_failed(o);
            left -= n;
        }
    }
    if (o->old)
        fclose(o->old);
    o->old = NULL;
}

static void take(output *o, const char *text, size_t n)
{
    if (o->failed || n == 0)
        return;
    if (!o->changed) {
        size_t got = fread(o->cmp, 1, n, o->old);
        if (got == n && memcmp(o->cmp, text, n) == 0) {
            o->same += n;
            return;
        }
        diverge(o);
        if (o->failed)
            return;
    }
    if (fwrite(text, 1, n, o->tmp) != n)
        write_failed(o);
}

static void flush_output(tpl_out *sink)
{
    take(sink->ctx, sink->buf, sink->len);
    sink->len = 0;
}

/* Starts writing PATH; BUF (2 * OUT_BUF bytes) is the output's until
 * close_output. */
static void open_output(output *o, const char *path, const char *tmp_path, char *buf)
{
    memset(o, 0, sizeof *o);
    o->path = path;
    o->tmp_path = tmp_path;
    o->cmp = buf + OUT_BUF;
    o->sink = (tpl_out){buf, 0, OUT_BUF, flush_output, o};
    o->old = fopen(path, "rb");
    if (!o->old)
        diverge(o);
}

/* Ends the text: unchanged when the old file ends where it does. */
static void close_output(output *o)
{
    flush_output(&o->sink);
    if (!o->changed && !o->failed && getc(o->old) != EOF)
        diverge(o);
    if (o->old)
        fclose(o->old);
    o->old = NULL;
    if (o->tmp && fclose(o->tmp) != 0)
        write_failed(o);
    o->tmp = NULL;
    o->sink.buf = o->cmp = NULL;
}

static void discard_output(output *o)
{
    if (o->old)
        fclose(o->old);
    if (o->tmp)
        fclose(o->tmp);
    if (o->changed)
        remove(o->tmp_path);
    o->old = o->tmp = NULL;
    o->changed = false;
}

/* Puts every changed output in place; when any failed, none.  A rename
 * can still fail half way, but not for a path that is no file. */
static bool commit_outputs(model *m, output *outs, size_t n)
{
    struct stat st;
    for (size_t i = 0; i < n; i++) {
        if (!outs[i].failed && outs[i].changed && stat(outs[i].path, &st) == 0 &&
            !S_ISREG(st.st_mode)) {
            outs[i].failed = true;
            outs[i].err = S_ISDIR(st.st_mode) ? EISDIR : EEXIST;
        }
        if (outs[i].failed) {
            diag_plain_error(m->d, "cannot write '%s': %s", outs[i].path, strerror(outs[i].err));
            return false;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (outs[i].changed && rename(outs[i].tmp_path, outs[i].path) != 0) {
            diag_plain_error(m->d, "cannot write '%s': %s", outs[i].path, strerror(errno));
            return false;
        }
    return true;
}

/* Takes back the directories a failed run made, innermost first. */
static void remove_dirs(const ptrvec *made)
{
    for (size_t i = made->len; i-- > 0;)
        rmdir(PV_AT(*made, i));
}

/* Make's syntax, which Ninja reads too: '$' doubled; a space, tab, '#' or
 * ':' after a backslash, and the backslashes just before it doubled (2N+1
 * backslashes and a space read as N backslashes and a space).  Other
 * backslashes stand for themselves. */
static void dep_name(strbuf *b, const char *name)
{
    size_t backslashes = 0;
    for (const char *p = name; *p; p++) {
        if (*p == '$') {
            sb_putc(b, '$');
        } else if (*p == ' ' || *p == '\t' || *p == '#' || *p == ':') {
            for (size_t i = 0; i <= backslashes; i++)
                sb_putc(b, '\\');
        }
        backslashes = *p == '\\' ? backslashes + 1 : 0;
        sb_putc(b, *p);
    }
}

/* Make has no way to write a newline in a file name, nor a backslash at
 * its end. */
static bool dep_nameable(model *m, const char *name)
{
    size_t n = strlen(name);
    if (!strchr(name, '\n') && (n == 0 || name[n - 1] != '\\'))
        return true;
    diag_plain_error(m->d, "cannot name '%s' in a depfile: it %s", name,
                     strchr(name, '\n') ? "holds a newline" : "ends in a backslash");
    return false;
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

/* A header includes the headers of its schema's imports; a note names each
 * one this run did not write, so that a first build does not stop at a
 * missing file with no word of where it comes from. */
static void note_unwritten_imports(model *m, const ptrvec *roots)
{
    for (size_t i = 0; i < roots->len; i++) {
        const schema *s = PV_AT(*roots, i);
        for (size_t j = 0; j < s->imports.len; j++) {
            const import_def *imp = PV_AT(s->imports, j);
            if (imp->target && !imp->target->is_root)
                diag_note(m->d, imp->at,
                          "%s.slot.h includes %s.slot.h, which this run did not write: name '%s' "
                          "too, or give --with-imports",
                          s->stem, imp->target->stem, imp->target->path);
        }
    }
}

/* Root I as the command line named it (a schema named twice is one
 * schema), or as found, for an import that --with-imports added. */
static const char *root_name(const drv_options *opt, const ptrvec *roots, size_t i)
{
    return i < opt->n_schemas ? opt->schemas[i] : ((const schema *)PV_AT(*roots, i))->path;
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
    /* --with-imports: every schema read is written, the imports after the
     * schemas named, in the order they were read. */
    if (opt->with_imports)
        for (size_t i = 0; i < m->schemas.len; i++) {
            schema *s = PV_AT(m->schemas, i);
            if (!s->is_root) {
                s->is_root = true;
                pv_push(m->a, &roots, s);
            }
        }

    /* The outputs are known before anything is printed, so that --check
     * and --layout reject what a run that writes would reject. */
    size_t n = roots.len * 2;
    output *outs = ar_alloc(m->a, (n + 1) * sizeof *outs); /* and the depfile */
    for (size_t i = 0; i < roots.len; i++) {
        const schema *s = PV_AT(roots, i);
        outs[2 * i].path = ar_join_path(m->a, opt->out_dir, ar_printf(m->a, "%s.slot.h", s->stem));
        outs[2 * i + 1].path =
            ar_join_path(m->a, opt->out_dir, ar_printf(m->a, "%s.slot.c", s->stem));
    }
    /* Only headers can clash with headers, and a schema's source clashes
     * when its header does. */
    bool clash = false;
    for (size_t i = 0; i < roots.len; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(outs[2 * i].path, outs[2 * j].path) == 0) {
                diag_plain_error(m->d, "two schemas would write '%s': '%s' and '%s'",
                                 outs[2 * i].path, root_name(opt, &roots, j),
                                 root_name(opt, &roots, i));
                clash = true;
                break;
            }
    if (clash)
        return DRV_USAGE_ERROR;
    if (opt->layout) {
        lay_report_abi(stdout);
        for (size_t i = 0; i < roots.len; i++)
            lay_report(PV_AT(roots, i), stdout);
    }
    if (opt->check_only || opt->layout)
        return status_of(m);
    if (opt->list_outputs) {
        for (size_t i = 0; i < n; i++)
            printf("%s\n", outs[i].path);
        return DRV_OK;
    }
    if (opt->depfile) {
        bool nameable = true;
        for (size_t i = 0; i < n; i++)
            nameable &= dep_nameable(m, outs[i].path);
        for (size_t i = 0; i < m->schemas.len; i++)
            nameable &= dep_nameable(m, ((const schema *)PV_AT(m->schemas, i))->path);
        if (!nameable)
            return DRV_USAGE_ERROR;
    }

    const em_template *templates = load_templates(m, opt->templates_dir);
    if (!templates)
        return DRV_USAGE_ERROR;
    /* Directories first (the depfile's too), so that a bad one stops the
     * run before anything is written; a run that fails later takes back
     * the directories it made. */
    ptrvec made = {0};
    bool ok = make_dir(m, opt->out_dir, &made);
    if (ok && opt->depfile) {
        const char *slash = strrchr(opt->depfile, '/');
        if (slash && slash != opt->depfile)
            ok = make_dir(m, ar_strndup(m->a, opt->depfile, (size_t)(slash - opt->depfile)), &made);
    }
    /* The outputs of one schema at a time share these buffers. */
    char *buf = ar_alloc_raw(m->a, 4 * OUT_BUF);
    for (size_t i = 0; ok && i < roots.len; i++) {
        output *h = &outs[2 * i], *c = &outs[2 * i + 1];
        open_output(h, h->path, ar_printf(m->a, "%s.tmp%ld", h->path, (long)getpid()), buf);
        open_output(c, c->path, ar_printf(m->a, "%s.tmp%ld", c->path, (long)getpid()),
                    buf + 2 * OUT_BUF);
        ok = em_emit(m, PV_AT(roots, i), templates, &h->sink, &c->sink);
        close_output(h);
        close_output(c);
    }
    if (ok && opt->depfile) {
        strbuf dep;
        sb_init(&dep, m->a);
        depfile_text(m, outs, n, &dep);
        output *d = &outs[n];
        open_output(d, opt->depfile, ar_printf(m->a, "%s.tmp%ld", opt->depfile, (long)getpid()),
                    buf);
        take(d, dep.data, dep.len);
        close_output(d);
    }
    if (ok && commit_outputs(m, outs, n + 1)) {
        if (!opt->quiet)
            note_unwritten_imports(m, &roots);
        return DRV_OK;
    }
    for (size_t i = 0; i <= n; i++)
        discard_output(&outs[i]);
    remove_dirs(&made);
    return DRV_USAGE_ERROR;
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
