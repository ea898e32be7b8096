/* io.h - libslot_io: instances of any class slotc generated, to and from
 * YAML and JSON text, through the class tables alone.
 *
 * A library of its own, on libslot and libyaml, so that a program which
 * never reads text links libc alone.  docs/io.md has every rule, with the
 * exact error each gives.
 */
#ifndef SLOT_IO_H_INCLUDED
#define SLOT_IO_H_INCLUDED

#include <stdio.h>

#include <slot/slot.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum slot_format {
    SLOT_YAML = 0, /* block style */
    SLOT_JSON = 1
} slot_format;

/* Options of a load or a dump; NULL means every default.  A field left
 * at 0 takes its default too. */
typedef struct slot_io_opts {
    slot_format format; /* dump: YAML or JSON; a load reads both */
    size_t max_depth;   /* nesting of mappings and sequences; default 64 */
    size_t max_bytes;   /* bytes of input; default 0, no limit */
    size_t max_nodes;   /* nodes of one instance, aliases expanded; default 1,000,000 */
} slot_io_opts;

/* What went wrong, and where.  Positions are 1-based, of the offending
 * key or value; the message starts with "name:line:column: ". */
typedef struct slot_io_error {
    slot_status status; /* SLOT_OK when nothing failed */
    unsigned line, column;
    char path[256];    /* where in the document: "sensors[3].at.x"; "" at the top */
    char message[512]; /* "data.yaml:4:7: 'Point' object has no attribute 'z'" */
} slot_io_error;

/* Loads one instance from a YAML or JSON mapping, TEXT[0..LEN), into OBJ,
 * an initialised CLS instance: all or nothing.  On success OBJ holds what
 * the text says over CLS's init state (what it held before is freed; its
 * own weak references stay); on any error OBJ is exactly as it was and
 * nothing leaked.  NAME names the text in messages ("<input>" when NULL);
 * ERR, when not NULL, is filled either way. */
SLOT_CHECK slot_status slot_load_text(const slot_class *cls, void *obj, const char *text,
                                      size_t len, const char *name, const slot_io_opts *opts,
                                      slot_io_error *err);

/* slot_load_text for the text read from IN (to its end; SLOT_EIO when a
 * read fails). */
SLOT_CHECK slot_status slot_load_file(const slot_class *cls, void *obj, FILE *in, const char *name,
                                      const slot_io_opts *opts, slot_io_error *err);

/* Many instances, one at a time, in memory that does not grow with the
 * input: each document of the stream IN is a mapping (one instance) or a
 * sequence of mappings.  FN sees each instance, numbered from 0 across the
 * stream; the loader clears it after FN returns (FN copies what it
 * keeps).  FN's non-OK status stops the load and is returned.  An error
 * stops the load at the instance it is in; those before it were given to
 * FN. */
typedef slot_status (*slot_each_fn)(void *obj, size_t index, void *ctx);
SLOT_CHECK slot_status slot_load_each(const slot_class *cls, FILE *in, const char *name,
                                      slot_each_fn fn, void *ctx, const slot_io_opts *opts,
                                      slot_io_error *err);

/* OBJ as text, snprintf-like: writes at most N bytes with the NUL into
 * BUF and returns the length the whole text needs, or a negative status
 * (-SLOT_ERANGE, -SLOT_ETYPE, ...) when OBJ holds a value the format
 * cannot carry exactly.  The text ends in a newline. */
int slot_dump_text(const slot_class *cls, const void *obj, char *buf, size_t n,
                   const slot_io_opts *opts);

/* OBJ as text, written to OUT; SLOT_EIO when a write fails. */
SLOT_CHECK slot_status slot_dump_file(const slot_class *cls, const void *obj, FILE *out,
                                      const slot_io_opts *opts);

#ifdef __cplusplus
}
#endif

#endif
