/* Shared by core/charge.c and core/charge_order.c only. */
#ifndef LOGE_CHARGE_INTERNAL_H
#define LOGE_CHARGE_INTERNAL_H

/* The contractor trade that repairs a wear-grid kind ("plumbing"), or
 * NULL for a kind Loge does not know. */
const char *charge_kind_trade(const char *kind);

#endif
