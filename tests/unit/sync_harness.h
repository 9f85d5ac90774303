/* The hub's side of an in-process sync session, for tests and benchmarks:
 * run in a forked child on one end of a socket pair, with its own
 * connection to the hub database, as `loge sync-server` would be. */
#ifndef LOGE_TESTS_SYNC_HARNESS_H
#define LOGE_TESTS_SYNC_HARNESS_H

#include <unistd.h>

#include "core/db.h"
#include "core/user.h"
#include "sync/hub.h"
#include "sync/link.h"

/* Serves one session on fd as login, then exits: 0 if it ended well. */
static inline void
harness_hub_child(const char *hub, const char *login, const char *peer, int fd)
{
	struct db *db;
	struct user who;
	struct link *l;
	struct err e;
	int rc = 1;

	if (db_open(&db, hub, 0, &e) == 0) {
		if (user_find(db, login, &who, &e) == 1) {
			l = link_fd_new(fd, fd);
			rc = hub_serve(db, &who, l, peer, NULL, &e) != 0;
			link_close(l);
			user_clear(&who);
		}
		db_close(db);
	}
	_exit(rc);
}

#endif
