/* The hub's SSH server, `loge serve` (man/loge-serve.8): agency staff
 * reach the TUI with a plain `ssh`, laptops sync through the `loge-sync`
 * subsystem. The parent process only accepts connections and forks; each
 * connection is served by its own process, which does all the SSH work,
 * authenticates a Loge user by public key, and then either runs the TUI
 * on a pseudo-terminal (the loge binary itself, exec'd with that user)
 * or serves the sync protocol. Everything else is refused. */
#ifndef LOGE_SYNC_SERVE_H
#define LOGE_SYNC_SERVE_H

#include "core/err.h"

struct serve_opts {
	const char *db_path;
	const char *addr;       /* listen address, "127.0.0.1" */
	int port;               /* 2222 */
	const char *host_key;   /* ed25519 private key, made on first start */
	const char *exe;        /* the loge binary that runs the TUI */
	int max_sessions;       /* connections at once */
	int max_startups;       /* of which not yet authenticated */
	int max_auth_tries;     /* failed authentications per connection */
	int login_grace_s;      /* to authenticate */
	int idle_s;             /* a TUI without a key for this long ends */
	int stop_grace_s;       /* SIGTERM: sessions may finish for this long */
};

/* Defaults like OpenSSH's where it has them. */
void serve_defaults(struct serve_opts *o);
/* Loads or makes the host key and prints its fingerprint, listens, and
 * serves until SIGTERM or SIGINT. 0 after a clean stop; -1 with e set
 * when it could not start. */
int serve_run(const struct serve_opts *o, struct err *e);

#endif
