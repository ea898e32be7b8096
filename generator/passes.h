/* passes.h - the generator's pipeline: load -> check -> layout -> emit.
 *
 * Each pass reads the model the previous ones filled in and reports
 * problems through m->d; the driver stops after any pass with errors.
 */
#ifndef SLOTC_PASSES_H
#define SLOTC_PASSES_H

#include "model.h"

/* load.c: reads PATH and, recursively, every schema it imports (each file
 * once).  Returns NULL when PATH itself cannot be read. */
schema *ld_load(model *m, const char *path);
/* load.c: loads schema text that is already in memory (tests, fuzzing). */
schema *ld_load_text(model *m, const char *path, const char *text, size_t len);

/* check.c: enforces every rule of the schema language on all schemas. */
void ck_check(model *m);

/* layout.c: member order, offsets, sizes and presence bits of every class. */
void lay_layout(model *m);
/* layout.c: the ABI family of the host, whose figures --layout reports. */
lay_abi lay_host_abi(void);
/* layout.c: the --layout report for the classes of S, on the host's ABI,
 * after lay_report_abi's lines that say which ABI that is. */
void lay_report_abi(FILE *out);
void lay_report(const schema *s, FILE *out);

#endif
