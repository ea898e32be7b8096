/* phash.h - the perfect hash over the slot names of one class.
 *
 * A hash-and-displace table (Belazzougui, Botelho and Dietzfelbinger's
 * "hash, displace, and compress", with xor displacements): slot_hash()
 * with SEED gives 64 bits; the high half picks one of NBUCKETS buckets,
 * and the bucket's displacement, xored into the low half, picks one of
 * NKEYS positions, which holds the name (see slot_key).  The runtime's
 * slot_index() is the other half of this contract.
 */
#ifndef SLOTC_PHASH_H
#define SLOTC_PHASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <slot/slot.h>

#include "arena.h"

/* The most names one table takes: positions and displacements are 16-bit. */
#define PH_MAX_KEYS 32767

/* Up to this many names, a table of one bucket (no displacement) is tried
 * first: at 16 names in 32 positions about one seed in 100 gives one. */
#define PH_DIRECT_MAX 16

/* From this many names on, a table of the power of two at or above their
 * count is tried first, however full that leaves it (see ph_build). */
#define PH_DENSE_MIN 256

typedef struct ph_table {
    uint64_t seed;
    uint16_t *disp;  /* per bucket */
    size_t nbuckets; /* a power of two */
    slot_key *keys;  /* the name at each position; free where none lands */
    size_t nkeys;    /* a power of two, at least the names; 1.25 times them
                        below PH_DENSE_MIN names */
    unsigned tries;  /* seeds tried before one worked */
    /* What the lookup slotc generates can take for granted: */
    size_t same_len; /* every name has this many bytes (1 to 16); 0 if not */
    bool has_long;   /* some name has more than 16 bytes */
} ph_table;

/* Builds the table for the N distinct NAMES (N <= PH_MAX_KEYS) in expected
 * linear time.  Deterministic: the same names give the same table.  False
 * only if no seed worked, which takes astronomically bad luck. */
bool ph_build(arena *a, const char *const *names, size_t n, ph_table *out);

#endif
