/* diag.h - GCC-style diagnostics: "file:line:col: error: message", the
 * source line, a caret under the spot, and an optional note.
 *
 * Passes report every problem they find and keep going; the driver asks
 * diag_errors() at the end of each pass and stops before writing anything.
 */
#ifndef SLOTC_DIAG_H
#define SLOTC_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "arena.h"

/* A position in a schema file.  line and col are 1-based; 0 means unknown. */
typedef struct loc {
    const char *file;
    unsigned line, col;
} loc;

typedef struct diag diag;

diag *diag_new(arena *a, FILE *out);
/* Registers the text of a file so that messages can quote its lines.  The
 * text must outlive the diag (it normally lives in the same arena). */
void diag_add_source(diag *d, const char *file, const char *text, size_t len);
/* The same for text that may not outlive the call: FILE and TEXT are copied. */
void diag_keep_source(diag *d, const char *file, const char *text, size_t len);
void diag_set_werror(diag *d, bool werror);
/* Quiet: warnings are counted but not printed. */
void diag_set_quiet(diag *d, bool quiet);

#if defined(__GNUC__)
#define DIAG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define DIAG_PRINTF(f, a)
#endif

void diag_error(diag *d, loc at, const char *fmt, ...) DIAG_PRINTF(3, 4);
/* A warning named NAME (printed as [-WNAME]); an error under -W error. */
void diag_warning(diag *d, loc at, const char *name, const char *fmt, ...) DIAG_PRINTF(4, 5);
/* A note attached to the previous message (no source line is quoted). */
void diag_note(diag *d, loc at, const char *fmt, ...) DIAG_PRINTF(3, 4);
/* A message without a position, e.g. about a file that cannot be read. */
void diag_plain_error(diag *d, const char *fmt, ...) DIAG_PRINTF(2, 3);

int diag_errors(const diag *d);
int diag_warnings(const diag *d);

/* The candidate closest to WORD by edit distance, or NULL when none is
 * close enough to be a plausible misspelling. */
const char *diag_suggest(const char *word, const char *const *candidates, size_t n);
/* diag_note(at, "did you mean '%s'?") when diag_suggest finds a candidate. */
void diag_hint(diag *d, loc at, const char *word, const char *const *candidates, size_t n);

#endif
