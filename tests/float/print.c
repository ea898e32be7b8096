/* print.c - reads bit patterns, one per line ("d 3ff0000000000000" for a
 * double, "f 3f800000" for a float), and writes the text libslot gives
 * each one, a line each, for check.py to compare with Python's. */
#include <slot/slot.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    char line[64], text[64];
    while (fgets(line, sizeof line, stdin)) {
        uint64_t bits;
        double x;
        if (sscanf(line + 1, "%" SCNx64, &bits) != 1)
            return 2;
        if (line[0] == 'f') {
            uint32_t b = (uint32_t)bits;
            float f;
            memcpy(&f, &b, sizeof f);
            x = f;
        } else {
            memcpy(&x, &bits, sizeof x);
        }
        if (slot_i_float_repr(text, sizeof text, x, line[0] == 'f') >= (int)sizeof text)
            return 2;
        puts(text);
    }
    return 0;
}
