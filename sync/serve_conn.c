/* loge serve, one connection in its own process: privileges dropped
 * first, then the key exchange and public-key authentication within the
 * login grace time (poll timeouts, no alarm), then one session channel
 * whose first request fixes what it is: a pty and a shell run the TUI,
 * the loge-sync subsystem runs the sync. Every other request is refused
 * and logged. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/db.h"
#include "core/xalloc.h"
#include "hub.h"
#include "link.h"
#include "serve_internal.h"
#include "serve_log.h"
#include "ssh_link.h"

volatile sig_atomic_t serve_got_term, serve_got_hup;

static void
conn_signal(int sig)
{
	if (sig == SIGHUP)
		serve_got_hup = 1;
	else
		serve_got_term = 1;
}

/* No core dumps, no ptrace by other processes of the user; if started as
 * root, become the owner of the database (serve_run checked it is not
 * root); descriptors other than ours closed. */
static int
harden(const struct serve_opts *o, int keep1, int keep2, int keep3)
{
	struct rlimit nocore = {0, 0};
	struct sigaction sa;
	struct stat st;
	int fd;

	setrlimit(RLIMIT_CORE, &nocore);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	for (fd = 3; fd < 1024; fd++)
		if (fd != keep1 && fd != keep2 && fd != keep3)
			close(fd);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = conn_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (geteuid() != 0)
		return 0;
	if (stat(o->db_path, &st) != 0 || st.st_uid == 0)
		return -1;
	if (setgroups(0, NULL) != 0 || setgid(st.st_gid) != 0 || setuid(st.st_uid) != 0)
		return -1;
	return setuid(0) == 0 ? -1 : 0;  /* there must be no way back */
}

/* Gives freed heap back to the system (glibc keeps it otherwise). */
static void
trim(void)
{
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}

/* The identity is bound only on a valid signature, to the user that owns
 * the key that signed; a probe (no signature) only says "go on". An
 * unknown user and an unknown key get the same answer. */
static int
auth_pubkey(ssh_session s, const char *user, struct ssh_key_struct *pubkey, char state,
    void *arg)
{
	struct conn *c = arg;
	char *b64 = NULL, safe[40], fp[80];
	const char *type = ssh_key_type_to_char(ssh_key_type(pubkey));
	struct user u;
	struct err e;
	int found = 0;

	memset(&u, 0, sizeof u);
	ssh_link_key_fingerprint(pubkey, fp, sizeof fp);
	serve_log_safe(user, safe, sizeof safe);
	if (c->authed || c->tries >= c->o->max_auth_tries)
		return SSH_AUTH_DENIED;
	if (type != NULL && ssh_pki_export_pubkey_base64(pubkey, &b64) == SSH_OK)
		found = user_by_key(c->db, type, b64, &u, &e) == 1 && strcmp(u.login, user) == 0;
	if (!found || (state != SSH_PUBLICKEY_STATE_NONE && state != SSH_PUBLICKEY_STATE_VALID)) {
		c->tries++;
		serve_log("auth", "result=fail from=%s user=%s key=%s try=%d", c->peer, safe, fp,
		    c->tries);
		user_clear(&u);
		free(b64);
		return SSH_AUTH_DENIED;
	}
	if (state == SSH_PUBLICKEY_STATE_NONE) {
		user_clear(&u);
		free(b64);
		return SSH_AUTH_SUCCESS;
	}
	c->who = u;
	c->key_type = xstrdup(type);
	c->key_blob = b64;
	snprintf(c->fingerprint, sizeof c->fingerprint, "%s", fp);
	c->authed = 1;
	serve_log("auth", "result=ok from=%s user=%s role=%s key=%s", c->peer, u.login, u.role, fp);
	if (write(c->status_fd, "A", 1) != 1)
		serve_log("error", "reason=status-pipe");
	return SSH_AUTH_SUCCESS;
}

int
serve_conn_still_valid(struct conn *c)
{
	struct user u;
	struct err e;
	int rc;

	/* A TUI session closed its connection to the database (the TUI has
	 * its own): opened for this question only. */
	if (c->db == NULL && db_open(&c->db, c->o->db_path, 0, &e) != 0)
		return 1;  /* can't tell: the session goes on */
	memset(&u, 0, sizeof u);
	rc = user_by_key(c->db, c->key_type, c->key_blob, &u, &e) == 1 &&
	    strcmp(u.id, c->who.id) == 0;
	user_clear(&u);
	if (c->mode == MODE_TUI) {
		db_close(c->db);
		c->db = NULL;
	}
	return rc;
}

static void
refuse(struct conn *c, const char *what, const char *detail)
{
	char safe[64];

	serve_log("refuse", "from=%s user=%s what=%s detail=%s", c->peer,
	    c->authed ? c->who.login : "-", what, serve_log_safe(detail, safe, sizeof safe));
}

/* A name from the client that may go into a path or the environment:
 * 1 to max ASCII letters, digits and the characters of extra. */
static int
plain(const char *s, size_t max, const char *extra)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > max)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || strchr(extra, s[i]) != NULL))
			return 0;
	return 1;
}

/* A terminal type the TUI can draw on: a name installed in terminfo. */
static int
term_known(const char *t)
{
	static const char *const dirs[] = {"/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo"};
	char path[256];
	struct stat st;
	size_t i;

	if (!plain(t, 40, "._+-"))
		return 0;
	for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		snprintf(path, sizeof path, "%s/%c/%s", dirs[i], t[0], t);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			return 1;
		snprintf(path, sizeof path, "%s/%02x/%s", dirs[i], (unsigned char)t[0], t);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			return 1;
	}
	return 0;
}

static int
clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static int
pty_request(ssh_session s, ssh_channel ch, const char *term, int w, int h, int pw, int ph,
    void *arg)
{
	struct conn *c = arg;

	if (c->mode != MODE_NONE || c->term[0]) {
		refuse(c, "pty", "second");
		return -1;
	}
	snprintf(c->term, sizeof c->term, "%s", term_known(term) ? term : "vt100");
	c->cols = clamp(w, 20, 500);
	c->rows = clamp(h, 5, 300);
	return 0;
}

static int
shell_request(ssh_session s, ssh_channel ch, void *arg)
{
	struct conn *c = arg;

	if (c->mode != MODE_NONE || !c->term[0]) {
		refuse(c, "shell", c->term[0] ? "second" : "no-pty");
		return 1;
	}
	c->mode = MODE_TUI;
	return 0;
}

static int
exec_request(ssh_session s, ssh_channel ch, const char *cmd, void *arg)
{
	refuse(arg, "exec", cmd);
	return 1;
}

static int
subsystem_request(ssh_session s, ssh_channel ch, const char *name, void *arg)
{
	struct conn *c = arg;

	if (c->mode != MODE_NONE || strcmp(name, "loge-sync") != 0) {
		refuse(c, "subsystem", name);
		return 1;
	}
	c->mode = MODE_SYNC;
	return 0;
}

/* Only the locale travels, and only a plain name. */
static int
env_request(ssh_session s, ssh_channel ch, const char *name, const char *value, void *arg)
{
	struct conn *c = arg;
	int slot = strcmp(name, "LANG") == 0 ? 0 : strcmp(name, "LC_ALL") == 0 ? 1 : -1;

	if (slot < 0 || !plain(value, sizeof c->lang[0] - 1, "_.@-"))
		return 1;
	snprintf(c->lang[slot], sizeof c->lang[slot], "%s", value);
	return 0;
}

static int
window_change(ssh_session s, ssh_channel ch, int w, int h, int pw, int ph, void *arg)
{
	struct conn *c = arg;
	struct winsize ws;

	c->cols = clamp(w, 20, 500);
	c->rows = clamp(h, 5, 300);
	if (c->tui_fd >= 0) {
		memset(&ws, 0, sizeof ws);
		ws.ws_col = (unsigned short)c->cols;
		ws.ws_row = (unsigned short)c->rows;
		ioctl(c->tui_fd, TIOCSWINSZ, &ws);
	}
	return 0;
}

static void
agent_request(ssh_session s, ssh_channel ch, void *arg)
{
	refuse(arg, "agent-forwarding", "");
}

static void
x11_request(ssh_session s, ssh_channel ch, int single, const char *proto, const char *cookie,
    uint32_t screen, void *arg)
{
	refuse(arg, "x11-forwarding", "");
}

static void
channel_eof(ssh_session s, ssh_channel ch, void *arg)
{
	((struct conn *)arg)->eof = 1;
}

/* Nothing happens before authentication; one session channel only. */
static ssh_channel
channel_open(ssh_session s, void *arg)
{
	struct conn *c = arg;

	if (!c->authed || c->ch != NULL) {
		refuse(c, "channel", c->authed ? "second" : "before-auth");
		return NULL;
	}
	c->ch = ssh_channel_new(s);
	ssh_callbacks_init(&c->ccb);
	c->ccb.userdata = c;
	c->ccb.channel_pty_request_function = pty_request;
	c->ccb.channel_shell_request_function = shell_request;
	c->ccb.channel_exec_request_function = exec_request;
	c->ccb.channel_subsystem_request_function = subsystem_request;
	c->ccb.channel_env_request_function = env_request;
	c->ccb.channel_pty_window_change_function = window_change;
	c->ccb.channel_auth_agent_req_function = agent_request;
	c->ccb.channel_x11_req_function = x11_request;
	c->ccb.channel_eof_function = channel_eof;
	ssh_set_channel_callbacks(c->ch, &c->ccb);
	return c->ch;
}

/* Polls until cond(c) or the deadline; 0 when cond holds, -2 when the
 * client went away, -1 otherwise. */
static int
wait_for(struct conn *c, int (*cond)(struct conn *), time_t deadline)
{
	time_t now;

	while (!cond(c)) {
		now = time(NULL);
		if (ssh_is_connected(c->s) == 0)
			return -2;
		if (now >= deadline || serve_got_term || c->tries >= c->o->max_auth_tries)
			return -1;
		if (ssh_event_dopoll(c->ev, (int)(deadline - now) * 1000) == SSH_ERROR)
			return -1;
	}
	return 0;
}

static int
is_authed(struct conn *c)
{
	return c->authed;
}

static int
has_mode(struct conn *c)
{
	return c->mode != MODE_NONE;
}

static const char *
channel_kind(int sub)
{
	return sub == SSH_CHANNEL_DIRECT_TCPIP ? "direct-tcpip" : sub == SSH_CHANNEL_X11 ? "x11" :
	    sub == SSH_CHANNEL_FORWARDED_TCPIP ? "forwarded-tcpip" :
	    sub == SSH_CHANNEL_AUTH_AGENT ? "auth-agent" : "other";
}

/* What no callback took: libssh answers it with a refusal (return 1);
 * this only writes it down. */
static int
on_message(ssh_session s, ssh_message m, void *arg)
{
	struct conn *c = arg;
	int type = ssh_message_type(m), sub = ssh_message_subtype(m);

	if (type == SSH_REQUEST_CHANNEL_OPEN)
		refuse(c, "channel", channel_kind(sub));
	else if (type == SSH_REQUEST_GLOBAL && sub == SSH_GLOBAL_REQUEST_TCPIP_FORWARD)
		refuse(c, "port-forwarding", ssh_message_global_request_address(m));
	else if (type == SSH_REQUEST_AUTH && (sub == SSH_AUTH_METHOD_PASSWORD ||
	    sub == SSH_AUTH_METHOD_INTERACTIVE || sub == SSH_AUTH_METHOD_HOSTBASED))
		serve_log("auth", "result=fail from=%s method=%s", c->peer,
		    sub == SSH_AUTH_METHOD_PASSWORD ? "password" :
		    sub == SSH_AUTH_METHOD_INTERACTIVE ? "keyboard-interactive" : "hostbased");
	return 1;
}

static int
setup(struct conn *c, ssh_bind b, int fd)
{
	struct err e;

	c->s = ssh_new();
	if (ssh_bind_accept_fd(b, c->s, fd) != SSH_OK)
		return -1;
	ssh_bind_free(b);
	ssh_options_set(c->s, SSH_OPTIONS_COMPRESSION, "no");
	ssh_options_set(c->s, SSH_OPTIONS_TIMEOUT, &(long){c->o->login_grace_s});
	if (db_open(&c->db, c->o->db_path, 0, &e) != 0) {
		serve_log("error", "from=%s reason=db detail=\"%s\"", c->peer, e.msg);
		return -1;
	}
	ssh_callbacks_init(&c->scb);
	c->scb.userdata = c;
	c->scb.auth_pubkey_function = auth_pubkey;
	c->scb.channel_open_request_session_function = channel_open;
	ssh_set_server_callbacks(c->s, &c->scb);
	ssh_set_message_callback(c->s, on_message, c);
	ssh_set_auth_methods(c->s, SSH_AUTH_METHOD_PUBLICKEY);
	return 0;
}

/* The sync protocol over the channel: a link whose reads wait on the
 * channel (the client sends hello first). */
struct chan_link {
	struct link l;
	ssh_channel ch;
};

static ssize_t
chan_read(struct link *l, void *p, size_t n, struct err *e)
{
	struct chan_link *cl = (struct chan_link *)l;
	int got = ssh_channel_read_timeout(cl->ch, p, (uint32_t)(n > 65536 ? 65536 : n), 0,
	    l->timeout_ms > 0 ? l->timeout_ms : -1);

	if (got == SSH_ERROR)
		return err_set(e, "connexion SSH perdue");
	if (got == 0 && !ssh_channel_is_eof(cl->ch) && l->timeout_ms > 0)
		return err_set(e, "poste muet depuis %d s", l->timeout_ms / 1000);
	return got;
}

static int
chan_write(struct link *l, const void *p, size_t n, struct err *e)
{
	struct chan_link *cl = (struct chan_link *)l;

	if (ssh_channel_write(cl->ch, p, (uint32_t)n) != (int)n)
		return err_set(e, "connexion SSH perdue");
	return 0;
}

static void
chan_close(struct link *l)
{
	link_release(l);
	free(l);
}

static int
run_sync(struct conn *c)
{
	struct chan_link *cl = xcalloc(1, sizeof *cl);
	struct sync_counts n;
	struct err e;
	int rc;

	link_init(&cl->l);
	cl->l.read = chan_read;
	cl->l.write = chan_write;
	cl->l.close = chan_close;
	cl->l.timeout_ms = c->o->idle_s * 1000;
	cl->ch = c->ch;
	/* The channel's data now stays for chan_read. */
	ssh_event_remove_session(c->ev, c->s);
	memset(&n, 0, sizeof n);
	rc = hub_serve(c->db, &c->who, &cl->l, c->peer, &n, &e);
	serve_log("sync", "from=%s user=%s result=%s received=%lld applied=%lld merged=%lld "
	    "conflicts=%lld refused=%lld pulled=%lld files_in=%lld files_out=%lld",
	    c->peer, c->who.login, rc == 0 ? "ok" : "error", (long long)n.received,
	    (long long)n.applied, (long long)n.merged, (long long)n.conflicts,
	    (long long)n.refused, (long long)n.pulled, (long long)n.files_received,
	    (long long)n.files_sent);
	link_close(&cl->l);
	return rc == 0 ? 0 : 1;
}

static void
finish(struct conn *c, int status)
{
	time_t deadline = time(NULL) + 2;

	if (c->ch != NULL && ssh_channel_is_open(c->ch)) {
		ssh_channel_request_send_exit_status(c->ch, status);
		ssh_channel_send_eof(c->ch);
		ssh_channel_close(c->ch);
		/* The client closes its side and the connection: then it says
		 * "closed", not "closed by remote host". */
		if (c->mode == MODE_TUI)
			while (ssh_is_connected(c->s) && time(NULL) < deadline &&
			    ssh_event_dopoll(c->ev, 100) != SSH_ERROR)
				;
	}
	ssh_disconnect(c->s);
	serve_log("end", "from=%s user=%s mode=%s status=%d seconds=%ld", c->peer,
	    c->authed ? c->who.login : "-", c->mode == MODE_TUI ? "tui" : c->mode == MODE_SYNC ?
	    "sync" : "none", status, (long)(time(NULL) - c->started));
}

void
serve_conn(ssh_bind b, int fd, const char *peer, int status_fd, const struct serve_opts *o)
{
	struct conn c;
	int status = 1, rc;

	memset(&c, 0, sizeof c);
	c.o = o;
	c.status_fd = status_fd;
	c.tui_fd = -1;
	c.started = time(NULL);
	snprintf(c.peer, sizeof c.peer, "%s", peer);
	/* Keys and screens in small packets: no Nagle delay (OpenSSH too). */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &(int){1}, sizeof(int));
	if (harden(o, fd, status_fd, ssh_bind_get_fd(b)) != 0) {
		serve_log("error", "from=%s reason=privileges", peer);
		_exit(1);
	}
	if (setup(&c, b, fd) != 0 || ssh_handle_key_exchange(c.s) != SSH_OK) {
		if (time(NULL) - c.started >= o->login_grace_s)
			serve_log("timeout", "from=%s stage=kex", peer);
		else
			serve_log("kex", "from=%s result=fail detail=\"%s\"", peer,
			    c.s ? ssh_get_error(c.s) : "");
		_exit(1);
	}
	c.ev = ssh_event_new();
	ssh_event_add_session(c.ev, c.s);
	if ((rc = wait_for(&c, is_authed, c.started + o->login_grace_s)) != 0) {
		if (rc == -2)
			serve_log("end", "from=%s user=- mode=none reason=client-gone tries=%d", peer,
			    c.tries);
		else if (c.tries >= o->max_auth_tries)
			serve_log("refuse", "from=%s what=auth detail=too-many-tries tries=%d", peer,
			    c.tries);
		else
			serve_log("timeout", "from=%s stage=auth tries=%d", peer, c.tries);
		ssh_disconnect(c.s);
		_exit(1);
	}
	/* What the session is: its first request says, within a minute. */
	if (wait_for(&c, has_mode, time(NULL) + 60) == 0) {
		if (c.mode == MODE_TUI) {
			/* The TUI opens its own: 2 MB less per session. */
			db_close(c.db);
			c.db = NULL;
			trim();
			status = serve_pty_run(&c);
		} else {
			status = run_sync(&c);
		}
	}
	finish(&c, status);
	_exit(status == 0 ? 0 : 1);
}
