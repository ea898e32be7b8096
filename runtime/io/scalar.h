/* scalar.h - how the YAML 1.2 core schema reads a plain scalar, which the
 * loader uses to type values and the dump to know which strings must be
 * quoted.  Private to libslot_io.
 */
#ifndef SLOT_IO_SCALAR_H_INCLUDED
#define SLOT_IO_SCALAR_H_INCLUDED

#include <slot/slot.h>

typedef enum plain_type {
    PLAIN_STR,   /* anything else */
    PLAIN_NULL,  /* ~ null Null NULL, and the empty scalar */
    PLAIN_BOOL,  /* true True TRUE false False FALSE */
    PLAIN_INT,   /* [-+]?[0-9]+, 0o[0-7]+, 0x[0-9a-fA-F]+ */
    PLAIN_FLOAT, /* [-+]?(.[0-9]+|[0-9]+(.[0-9]*)?)([eE][-+]?[0-9]+)?, [-+]?.inf, .nan */
    PLAIN_RANGE  /* an integer no 64-bit type holds, a finite float no double holds */
} plain_type;

/* What TEXT[0..LEN) is as a plain scalar.  When OUT is not NULL it gets
 * the value: a bool, an integer (SLOT_INT, or SLOT_UINT past INT64_MAX),
 * or a float (to the nearest double; as F32, to the nearest float when
 * that is finite).  Without OUT, a float too large for a double is
 * PLAIN_FLOAT: only the value knows.  A float's TEXT
 * must be followed by a byte that cannot continue a number (libyaml's
 * scalars end in a NUL). */
plain_type io_plain(const char *text, size_t len, bool f32, slot_value *out);

/* Whether TEXT[0..LEN) is PLAIN_NULL, without typing it further: the
 * loader asks this of every value before it types it for its slot. */
bool io_plain_null(const char *text, size_t len);

#endif
