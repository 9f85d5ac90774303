/* Shared by the files of loge serve: the parent (serve.c), a connection
 * (serve_conn.c) and the TUI on its pseudo-terminal (serve_pty.c). */
#ifndef LOGE_SYNC_SERVE_INTERNAL_H
#define LOGE_SYNC_SERVE_INTERNAL_H

#include <signal.h>
#include <time.h>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>

#include "core/user.h"
#include "serve.h"

enum conn_mode { MODE_NONE, MODE_TUI, MODE_SYNC };

/* One connection, in its own process. */
struct conn {
	const struct serve_opts *o;
	ssh_session s;
	ssh_event ev;
	ssh_channel ch;
	struct db *db;
	char peer[80];           /* "192.0.2.1:50522" */
	int status_fd;           /* tells the parent "authenticated" */
	int tries;               /* failed authentications */
	int authed;
	struct user who;
	char *key_type, *key_blob; /* the key that signed, for SIGHUP */
	char fingerprint[80];
	enum conn_mode mode;
	char term[64];
	int cols, rows;
	char lang[2][48];        /* LANG, LC_ALL from env requests */
	int eof;                 /* the client closed its side */
	struct ssh_server_callbacks_struct scb;
	struct ssh_channel_callbacks_struct ccb;
	int tui_fd;              /* the pty's master side */
	void *relay;             /* serve_pty.c's state, for the channel's data */
	time_t started;
};

/* Set by the connection process's signal handlers (nothing else is done
 * in them). */
extern volatile sig_atomic_t serve_got_term, serve_got_hup;

/* Serves the accepted socket fd in this (child) process; never returns. */
void serve_conn(ssh_bind b, int fd, const char *peer, int status_fd,
    const struct serve_opts *o) __attribute__((noreturn));
/* Runs the TUI for c->who on a pseudo-terminal and relays it with the
 * channel until either side ends; returns the TUI's exit status. */
int serve_pty_run(struct conn *c);
/* Is the user still allowed (SIGHUP)? 1 yes. */
int serve_conn_still_valid(struct conn *c);

#endif
