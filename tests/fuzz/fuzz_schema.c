/* fuzz_schema.c - libFuzzer target: any bytes through load, check and
 * layout must end in a model or in diagnostics, never in a crash, a leak or
 * undefined behaviour. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "passes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *sink;
    if (!sink)
        sink = fopen("/dev/null", "w");
    model m = {0};
    m.a = ar_new();
    m.d = diag_new(m.a, sink);
    if (ld_load_text(&m, "fuzz.yaml", (const char *)data, size)) {
        ck_check(&m);
        if (!diag_errors(m.d))
            lay_layout(&m);
    }
    ar_free(m.a);
    return 0;
}
