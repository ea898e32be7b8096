/* dict.h - what the rest of libslot uses of dict.c beyond the public
 * slot_dict API.  Private to libslot: not installed, not part of the API.
 */
#ifndef SLOT_DICT_H_INCLUDED
#define SLOT_DICT_H_INCLUDED

#include <slot/slot.h>

/* slot_dict_set for the dict of an instance of a class whose instances
 * share their keys through SHARED (slot_class.shared; NULL: none).  Same
 * contract as slot_dict_set. */
SLOT_CHECK slot_status slot_i_dict_set(slot_dict **d, slot_shared *shared, const char *key,
                                       size_t len, slot_value v);

/* Whether D shares its keys with other instances of its class (the split
 * form) rather than holding them (the combined form or NULL). */
bool slot_i_dict_shares_keys(const slot_dict *d);

/* Blocks from slot_malloc that libslot keeps for the program's lifetime to
 * share keys (shapes and the table that numbers them): never freed, so an
 * allocator that counts live blocks sees these too. */
size_t slot_i_shape_blocks(void);

#endif
