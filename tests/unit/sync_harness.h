/* The hub's side of an in-process sync session, for tests and benchmarks:
 * run in a forked child on one end of a socket pair, with its own
 * connection to the hub database, as `loge sync-server` would be. */
#ifndef LOGE_TESTS_SYNC_HARNESS_H
#define LOGE_TESTS_SYNC_HARNESS_H

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/db.h"
#include "core/user.h"
#include "sync/hub.h"
#include "sync/link.h"
#include "sync/node.h"

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

/* One session of the node database at path (created if missing) with
 * the hub database at hub, as login: the node here, the hub in a forked
 * child. node_sync's result (0, or -1 with e set); *counts receives the
 * node's counts and *child the hub child's exit status (-1 if it did not
 * exit). */
static inline int
harness_sync(const char *hub, const char *login, const char *path,
    struct sync_counts *counts, int *child, struct err *e)
{
	struct node_opts o = {"test", NULL, NULL, NULL};
	struct db *db;
	struct link *l;
	int sv[2], status, rc;
	pid_t pid;

	memset(counts, 0, sizeof *counts);
	*child = -1;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		return err_set(e, "socketpair: %s", strerror(errno));
	if ((pid = fork()) < 0) {
		close(sv[0]);
		close(sv[1]);
		return err_set(e, "fork: %s", strerror(errno));
	}
	if (pid == 0) {
		close(sv[0]);
		harness_hub_child(hub, login, "test", sv[1]);
	}
	close(sv[1]);
	if ((rc = db_open(&db, path, DB_CREATE, e)) == 0) {
		l = link_fd_new(sv[0], sv[0]);
		rc = node_sync(db, l, &o, counts, e);
		link_close(l);
		db_close(db);
	}
	close(sv[0]);
	if (waitpid(pid, &status, 0) == pid && WIFEXITED(status))
		*child = WEXITSTATUS(status);
	return rc;
}

#endif
