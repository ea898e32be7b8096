/* driver.h - runs the pipeline for the options main() parsed, and writes
 * the outputs: all of them or, after any error, none. */
#ifndef SLOTC_DRIVER_H
#define SLOTC_DRIVER_H

#include <stdbool.h>
#include <stddef.h>

enum { DRV_OK = 0, DRV_SCHEMA_ERROR = 1, DRV_USAGE_ERROR = 2 };

typedef struct drv_options {
    const char *out_dir;   /* default "." */
    const char **includes; /* -I directories */
    size_t n_includes;
    const char **schemas; /* the SCHEMA arguments */
    size_t n_schemas;
    const char *depfile;       /* NULL: none */
    const char *templates_dir; /* NULL: the built-in templates */
    bool check_only, layout, list_outputs, werror, quiet;
    bool with_imports; /* write the outputs of every imported schema too */
} drv_options;

/* Returns the process exit status: DRV_OK, DRV_SCHEMA_ERROR or DRV_USAGE_ERROR. */
int drv_run(const drv_options *opt);

#endif
