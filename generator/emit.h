/* emit.h - turns the laid-out model into the data the templates render. */
#ifndef SLOTC_EMIT_H
#define SLOTC_EMIT_H

#include "model.h"
#include "tpl.h"

typedef struct em_template {
    const char *name; /* file name without .mustache */
    const char *text;
} em_template;

/* The templates embedded at build time, ended by a {NULL, NULL} entry. */
extern const em_template em_builtin_templates[];

/* Renders the header and source for S with TEMPLATES (ended by a NULL
 * name) to HEADER and SOURCE, one class at a time: what emit makes for a
 * class is released once the class is written, so that its memory does
 * not grow with the schema.  Returns false after reporting a template
 * error through m->d; the outputs are then incomplete. */
bool em_emit(model *m, const schema *s, const em_template *templates, tpl_out *header,
             tpl_out *source);

#endif
