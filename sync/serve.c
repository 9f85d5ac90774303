/* loge serve, the parent process: the host key, the listening socket,
 * and the children, one per connection (see serve.h). It does no SSH
 * work itself, so that a hostile client meets only its own process. Its
 * signal handlers only note the signal; the loop acts on it. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/xalloc.h"
#include "serve_internal.h"
#include "serve_log.h"
#include "ssh_link.h"

struct kid {
	pid_t pid;
	int fd;       /* its status pipe: one byte once authenticated */
	int authed;
	time_t started;
	char peer[80];
};

struct server {
	const struct serve_opts *o;
	ssh_bind bind;
	int lfd;                /* listening socket, -1 once stopping */
	struct kid *kids;
	int nkids;
	time_t stop_at;         /* SIGTERM: when sessions are told to end */
	int told, killed;
};

static int self_pipe[2] = {-1, -1};
static volatile sig_atomic_t got_term, got_hup, got_chld;

void
serve_defaults(struct serve_opts *o)
{
	memset(o, 0, sizeof *o);
	o->addr = "127.0.0.1";
	o->port = 2222;
	o->max_sessions = 200;
	o->max_startups = 10;
	o->max_auth_tries = 6;
	o->login_grace_s = 60;
	o->idle_s = 1800;
	o->stop_grace_s = 30;
}

static void
on_signal(int sig)
{
	int saved = errno;

	if (sig == SIGTERM || sig == SIGINT)
		got_term = 1;
	else if (sig == SIGHUP)
		got_hup = 1;
	else if (sig == SIGCHLD)
		got_chld = 1;
	if (write(self_pipe[1], "x", 1) < 0)
		(void)0;  /* the pipe is full: the loop wakes anyway */
	errno = saved;
}

static int
signals_setup(struct err *e)
{
	struct sigaction sa;
	int i;

	if (pipe(self_pipe) != 0)
		return err_set(e, "pipe : %s", strerror(errno));
	for (i = 0; i < 2; i++)
		fcntl(self_pipe[i], F_SETFL, O_NONBLOCK), fcntl(self_pipe[i], F_SETFD, FD_CLOEXEC);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

/* The host key: loaded, or made (ed25519, mode 0600) on first start. */
static int
host_key_load(const char *path, ssh_key *key, struct err *e)
{
	struct stat st;
	mode_t old;
	int rc;

	if (stat(path, &st) == 0) {
		if (st.st_mode & 077)
			return err_set(e, "%s : clé d'hôte lisible par d'autres (chmod 600 %s)", path,
			    path);
		if (ssh_pki_import_privkey_file(path, NULL, NULL, NULL, key) != SSH_OK)
			return err_set(e, "%s : clé d'hôte illisible", path);
		return 0;
	}
	if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, key) != SSH_OK)
		return err_set(e, "génération de la clé d'hôte impossible");
	old = umask(077);
	rc = ssh_pki_export_privkey_file(*key, NULL, NULL, NULL, path);
	umask(old);
	if (rc != SSH_OK) {
		ssh_key_free(*key);
		return err_set(e, "%s : impossible d'écrire la clé d'hôte", path);
	}
	serve_log("hostkey", "made=%s", path);
	return 0;
}

static void
fingerprint_print(ssh_key key)
{
	char fp[80];

	ssh_link_key_fingerprint(key, fp, sizeof fp);
	fprintf(stderr, "loge serve : empreinte de la clé d'hôte : %s\n", fp);
}

static int
listen_setup(struct server *sv, struct err *e)
{
	const struct serve_opts *o = sv->o;
	int off = 0, verbosity = SSH_LOG_NOLOG;
	ssh_key key = NULL;

	if (host_key_load(o->host_key, &key, e) != 0)
		return -1;
	fingerprint_print(key);
	sv->bind = ssh_bind_new();
	/* First, so that no system configuration is read at listen. */
	ssh_bind_options_set(sv->bind, SSH_BIND_OPTIONS_PROCESS_CONFIG, &off);
	ssh_bind_options_set(sv->bind, SSH_BIND_OPTIONS_LOG_VERBOSITY, &verbosity);
	ssh_bind_options_set(sv->bind, SSH_BIND_OPTIONS_BINDADDR, o->addr);
	ssh_bind_options_set(sv->bind, SSH_BIND_OPTIONS_BINDPORT, &o->port);
	/* The bind owns the key from here. */
	if (ssh_bind_options_set(sv->bind, SSH_BIND_OPTIONS_IMPORT_KEY, key) != SSH_OK) {
		ssh_key_free(key);
		return err_set(e, "clé d'hôte refusée par libssh");
	}
	if (ssh_bind_listen(sv->bind) != SSH_OK)
		return err_set(e, "écoute sur %s:%d impossible : %s", o->addr, o->port,
		    ssh_get_error(sv->bind));
	sv->lfd = ssh_bind_get_fd(sv->bind);
	fcntl(sv->lfd, F_SETFD, FD_CLOEXEC);
	fcntl(sv->lfd, F_SETFL, O_NONBLOCK);  /* a client gone before accept */
	serve_log("listen", "addr=%s port=%d db=%s", o->addr, o->port, o->db_path);
	return 0;
}

static int
count_authed(const struct server *sv)
{
	int i, n = 0;

	for (i = 0; i < sv->nkids; i++)
		n += sv->kids[i].authed;
	return n;
}

static void
peer_name(int fd, char *out, size_t size)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char host[64] = "?";
	int port = 0;

	if (getpeername(fd, (struct sockaddr *)&ss, &len) == 0) {
		if (ss.ss_family == AF_INET) {
			struct sockaddr_in *a = (struct sockaddr_in *)&ss;
			inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
			port = ntohs(a->sin_port);
		} else if (ss.ss_family == AF_INET6) {
			struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
			inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
			port = ntohs(a->sin6_port);
		}
	}
	snprintf(out, size, "%s:%d", host, port);
}

/* In the child: only the connection's socket and status pipe stay. */
static void
child_start(struct server *sv, int fd, const char *peer, int status_fd)
{
	struct sigaction sa;
	int i;

	for (i = 0; i < sv->nkids; i++)
		close(sv->kids[i].fd);
	close(self_pipe[0]);
	close(self_pipe[1]);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	serve_conn(sv->bind, fd, peer, status_fd, sv->o);
}

/* A new connection: refused at once over the limits (like OpenSSH's
 * MaxStartups, without the random early drop), else given a child. */
static void
accept_one(struct server *sv)
{
	int fd = accept(sv->lfd, NULL, NULL), st[2];
	int unauth = sv->nkids - count_authed(sv);
	char peer[80];
	pid_t pid;

	if (fd < 0)
		return;
	peer_name(fd, peer, sizeof peer);
	if (unauth >= sv->o->max_startups || sv->nkids >= sv->o->max_sessions) {
		serve_log("refuse", "from=%s reason=%s", peer,
		    unauth >= sv->o->max_startups ? "max-startups" : "max-sessions");
		close(fd);
		return;
	}
	if (pipe(st) != 0 || (pid = fork()) < 0) {
		serve_log("error", "from=%s reason=fork errno=%d", peer, errno);
		close(fd);
		return;
	}
	if (pid == 0) {
		close(st[0]);
		child_start(sv, fd, peer, st[1]);
	}
	close(fd);
	close(st[1]);
	fcntl(st[0], F_SETFD, FD_CLOEXEC);
	sv->kids = xreallocarray(sv->kids, (size_t)sv->nkids + 1, sizeof *sv->kids);
	sv->kids[sv->nkids] = (struct kid){pid, st[0], 0, time(NULL), ""};
	snprintf(sv->kids[sv->nkids++].peer, sizeof sv->kids[0].peer, "%s", peer);
	serve_log("connect", "from=%s child=%ld", peer, (long)pid);
}

static void
reap(struct server *sv)
{
	int status, i;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (i = 0; i < sv->nkids && sv->kids[i].pid != pid; i++)
			;
		if (i == sv->nkids)
			continue;
		if (WIFSIGNALED(status) && WTERMSIG(status) != SIGTERM && WTERMSIG(status) != SIGKILL)
			serve_log("crash", "child=%ld signal=%d", (long)pid, WTERMSIG(status));
		close(sv->kids[i].fd);
		sv->kids[i] = sv->kids[--sv->nkids];
	}
}

/* The connection process keeps its own login grace time with poll
 * timeouts; this is the backstop for a client that trickles bytes to
 * stretch the key exchange. */
static void
grace_backstop(struct server *sv)
{
	time_t now = time(NULL);
	int i;

	for (i = 0; i < sv->nkids; i++)
		if (!sv->kids[i].authed && sv->kids[i].started > 0 &&
		    now - sv->kids[i].started > sv->o->login_grace_s + 5) {
			serve_log("timeout", "from=%s child=%ld stage=kex", sv->kids[i].peer,
			    (long)sv->kids[i].pid);
			kill(sv->kids[i].pid, SIGKILL);
			sv->kids[i].started = 0;
		}
}

static void
signal_kids(struct server *sv, int sig, int authed_only)
{
	int i;

	for (i = 0; i < sv->nkids; i++)
		if (!authed_only || sv->kids[i].authed)
			kill(sv->kids[i].pid, sig);
}

/* SIGTERM: no new connection; sessions get stop_grace_s to end, then are
 * told to end cleanly, then, 5 s later, killed. */
static void
stopping(struct server *sv)
{
	time_t now = time(NULL);

	if (sv->lfd >= 0) {
		serve_log("stop", "sessions=%d grace=%d", sv->nkids, sv->o->stop_grace_s);
		ssh_bind_free(sv->bind);
		sv->bind = NULL;
		sv->lfd = -1;
		sv->stop_at = now + sv->o->stop_grace_s;
	}
	if (!sv->told && now >= sv->stop_at) {
		signal_kids(sv, SIGTERM, 0);
		sv->told = 1;
	}
	if (!sv->killed && now >= sv->stop_at + 5) {
		signal_kids(sv, SIGKILL, 0);
		sv->killed = 1;
	}
}

static void
drain(int fd)
{
	char buf[64];

	while (read(fd, buf, sizeof buf) > 0)
		;
}

static void
poll_once(struct server *sv)
{
	struct pollfd *p = xcalloc((size_t)sv->nkids + 2, sizeof *p);
	int i, n = 0, rc;
	char c;

	p[n++] = (struct pollfd){self_pipe[0], POLLIN, 0};
	if (sv->lfd >= 0)
		p[n++] = (struct pollfd){sv->lfd, POLLIN, 0};
	for (i = 0; i < sv->nkids; i++)
		p[n + i] = (struct pollfd){sv->kids[i].fd, POLLIN, 0};
	rc = poll(p, (nfds_t)(n + sv->nkids), 1000);
	if (rc > 0) {
		if (p[0].revents)
			drain(self_pipe[0]);
		for (i = 0; i < sv->nkids; i++)
			if ((p[n + i].revents & POLLIN) && read(sv->kids[i].fd, &c, 1) == 1)
				sv->kids[i].authed = 1;
		if (sv->lfd >= 0 && (p[1].revents & POLLIN))
			accept_one(sv);
	}
	free(p);
}

int
serve_run(const struct serve_opts *o, struct err *e)
{
	struct server sv;

	memset(&sv, 0, sizeof sv);
	sv.o = o;
	sv.lfd = -1;
	if (signals_setup(e) != 0 || listen_setup(&sv, e) != 0) {
		if (sv.bind != NULL)
			ssh_bind_free(sv.bind);
		return -1;
	}
	while (sv.lfd >= 0 || sv.nkids > 0) {
		poll_once(&sv);
		if (got_chld) {
			got_chld = 0;
			reap(&sv);
		}
		if (got_hup) {
			got_hup = 0;
			serve_log("reload", "sessions=%d", count_authed(&sv));
			signal_kids(&sv, SIGHUP, 1);
		}
		if (got_term)
			stopping(&sv);
		grace_backstop(&sv);
	}
	serve_log("stopped", "%s", "");
	free(sv.kids);
	return 0;
}
