/* Shared by the inspection modules (core/inspection*.c) only. */
#ifndef LOGE_INSPECTION_INTERNAL_H
#define LOGE_INSPECTION_INTERNAL_H

#include "datetime.h"
#include "err.h"
#include "uid.h"

struct db;
struct user;

/* Provenance of a write: now, by whom. */
struct insp_ctx {
	struct db *db;
	const struct user *who;
	char now[DT_STAMP_SIZE];
};

#define INSPECTION_FROZEN_MSG \
	"état des lieux signé : il ne peut plus être modifié (faites un avenant)"
#define INSPECTION_READY_MSG \
	"état des lieux prêt à signer : repassez-le en brouillon pour le modifier"

/* Checks that who may write inspections and that the inspection exists
 * and is a draft; fills c. -1 with a French message otherwise. */
int insp_writable(struct insp_ctx *c, struct db *db, const struct user *who,
    const char *inspection_id, struct err *e);
/* The inspection a room, an item or a line (meter, key, party) belongs
 * to; -1 with a message when the row does not exist. */
int insp_of(struct db *db, const char *table, const char *id, char out[UID_SIZE],
    struct err *e);

/* Ends the transaction a write opened: commit when rc is 0, else roll
 * back; 0 or -1. */
int insp_finish(struct db *db, int rc, struct err *e);

#endif
