/* emit.h - turns the laid-out model into the data the templates render. */
#ifndef SLOTC_EMIT_H
#define SLOTC_EMIT_H

#include "model.h"

typedef struct em_template {
    const char *name; /* file name without .mustache */
    const char *text;
} em_template;

/* The templates embedded at build time, ended by a {NULL, NULL} entry. */
extern const em_template em_builtin_templates[];

/* Renders the header and source for S with TEMPLATES (ended by a NULL
 * name).  Returns false after reporting a template error through m->d. */
bool em_emit(model *m, const schema *s, const em_template *templates, strbuf *header,
             strbuf *source);

#endif
