/* The node's side of the SSH transport: a libssh client that logs in to
 * the hub with a key, checks the hub's host key against Loge's own pinned
 * list, opens the `loge-sync` subsystem and hands back a struct link.
 * Nothing is read from ~/.ssh/config or ~/.ssh/known_hosts: what Loge
 * trusts is in one file it manages, so that a gardien's laptop behaves the
 * same whatever else is installed on it. */
#ifndef LOGE_SYNC_SSH_LINK_H
#define LOGE_SYNC_SSH_LINK_H

#include <stddef.h>

#include <libssh/libssh.h>

#include "sync/link.h"

struct ssh_target {
	const char *user;          /* NULL: the local login name (getpwuid) */
	const char *host;
	int port;                  /* 0: 22 */
	const char *identity;      /* private key file; NULL: ~/.ssh/id_ed25519, then id_ecdsa, id_rsa */
	const char *known_hosts;   /* Loge's own pinned host keys; NULL: $XDG_CONFIG_HOME/loge/known_hosts (~/.config/loge/known_hosts) */
	int accept_new;            /* --accept-new: pin an unknown host without asking */
	/* asks the person to confirm an unknown host key; returns 1 yes.
	 * fingerprint is "SHA256:<base64>", as `ssh-keygen -lf` prints it.
	 * NULL: refuse unknown hosts. */
	int (*confirm)(const char *host_port, const char *fingerprint, void *arg);
	void *confirm_arg;
};

/* Parses "[user@]host[:port]" (IPv6 in brackets [::1]:2222, or bare ::1
 * without a port) into t->user, t->host and t->port, leaving the other
 * fields alone; 0 ok, -1 usage message in e. The pointers point into a
 * copy the caller frees via *storage (NULL on error). */
int ssh_target_parse(struct ssh_target *t, const char *spec, char **storage,
    struct err *e);
/* Connects, checks or pins the host key, authenticates with the key and
 * opens the loge-sync subsystem. Returns a link the caller closes with
 * link_close (which sends EOF, closes the channel and disconnects), or
 * NULL and a French message naming host:port in e. Reads have no timeout
 * unless the caller sets l->timeout_ms; connecting and each SSH exchange
 * give up after 30 s. */
struct link *ssh_link_open(const struct ssh_target *t, struct err *e);
/* A key's fingerprint as `ssh-keygen -lf` prints it ("SHA256:<base64>",
 * "?" if it cannot be made), for the client's prompt and the server's
 * log. */
void ssh_link_key_fingerprint(ssh_key key, char *out, size_t size);

#endif
