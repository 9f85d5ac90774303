/* loge serve: the TUI of one SSH session. The loge binary itself runs on
 * a new pseudo-terminal as the authenticated user (a fresh process image:
 * no key, no libssh state), with the client's checked TERM and a plain
 * environment; this process relays bytes between the pty and the
 * channel, applies window changes, and ends the TUI when the client goes,
 * the server stops or the user's access is withdrawn. */
/* posix_openpt, grantpt, unlockpt, ptsname. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "serve_internal.h"
#include "serve_log.h"

struct relay {
	struct conn *c;
	pid_t pid;
	int master;
	int tui_gone;        /* the pty said EOF/EIO */
	int pty_closed;      /* ... and left the event: the TUI is exiting */
	time_t last_input;
};

static void __attribute__((noreturn))
tui_exec(struct conn *c, const char *slave_name)
{
	char term[80], lang[64], lc_all[64], idle[32], *envp[8];
	char *argv[] = {"loge", "--db", (char *)c->o->db_path, "--user", c->who.login, NULL};
	int slave, n = 0;

	setsid();
	if ((slave = open(slave_name, O_RDWR)) < 0)
		_exit(127);
	ioctl(slave, TIOCSCTTY, 0);
	dup2(slave, 0);
	dup2(slave, 1);
	dup2(slave, 2);
	if (slave > 2)
		close(slave);
	snprintf(term, sizeof term, "TERM=%s", c->term);
	snprintf(lang, sizeof lang, "LANG=%s", c->lang[0][0] ? c->lang[0] : "C.UTF-8");
	snprintf(idle, sizeof idle, "LOGE_IDLE=%d", c->o->idle_s);
	envp[n++] = term;
	envp[n++] = lang;
	if (c->lang[1][0]) {
		snprintf(lc_all, sizeof lc_all, "LC_ALL=%s", c->lang[1]);
		envp[n++] = lc_all;
	}
	envp[n++] = idle;
	envp[n++] = "LOGE_REMOTE=1";
	envp[n++] = "PATH=/usr/bin:/bin";
	envp[n] = NULL;
	execve(c->o->exe, argv, envp);
	_exit(127);
}

static int
from_tui(socket_t fd, int revents, void *arg)
{
	struct relay *r = arg;
	char buf[16384];
	ssize_t n = read(fd, buf, sizeof buf);

	if (n > 0)
		ssh_channel_write(r->c->ch, buf, (uint32_t)n);
	else if (n == 0 || errno != EINTR)
		r->tui_gone = 1;
	return 0;
}

static int
to_tui(ssh_session s, ssh_channel ch, void *data, uint32_t len, int is_stderr, void *arg)
{
	struct relay *r = ((struct conn *)arg)->relay;
	const char *p = data;
	uint32_t done = 0;
	ssize_t w;

	r->last_input = time(NULL);
	while (done < len) {
		if ((w = write(r->master, p + done, len - done)) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		done += (uint32_t)w;
	}
	return (int)len;
}

static int
pty_open(struct conn *c, char *name, size_t size)
{
	struct winsize ws;
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	const char *p;

	if (m < 0 || grantpt(m) != 0 || unlockpt(m) != 0 || (p = ptsname(m)) == NULL) {
		if (m >= 0)
			close(m);
		return -1;
	}
	snprintf(name, size, "%s", p);
	fcntl(m, F_SETFD, FD_CLOEXEC);
	memset(&ws, 0, sizeof ws);
	ws.ws_col = (unsigned short)c->cols;
	ws.ws_row = (unsigned short)c->rows;
	ioctl(m, TIOCSWINSZ, &ws);
	return m;
}

/* Ends the TUI: a signal, then after 5 s the kill. */
static int
tui_end(struct relay *r, int sig)
{
	int status = 0, i;

	kill(r->pid, sig);
	for (i = 0; i < 50; i++) {
		if (waitpid(r->pid, &status, WNOHANG) == r->pid)
			return status;
		usleep(100000);
	}
	kill(r->pid, SIGKILL);
	waitpid(r->pid, &status, 0);
	return status;
}

/* Why the relay stops, or NULL to go on. */
static const char *
relay_check(struct relay *r, int *status)
{
	struct conn *c = r->c;

	if (waitpid(r->pid, status, WNOHANG) == r->pid) {
		r->pid = -1;
		return "tui-exit";
	}
	if (c->eof || !ssh_channel_is_open(c->ch) || ssh_is_connected(c->s) == 0)
		return "client-gone";
	if (serve_got_term)
		return "server-stop";
	if (serve_got_hup) {
		serve_got_hup = 0;
		if (!serve_conn_still_valid(c))
			return "access-withdrawn";
	}
	/* The TUI ends itself after LOGE_IDLE with a warning; this is the
	 * backstop for one that would not. */
	if (time(NULL) - r->last_input > c->o->idle_s + 120)
		return "idle";
	return NULL;
}

static const char *const goodbye[][2] = {
	{"server-stop", "\r\nLoge : le serveur s'arrête, la session est terminée.\r\n"},
	{"access-withdrawn", "\r\nLoge : votre accès a été retiré, la session est terminée.\r\n"},
	{"idle", "\r\nLoge : session inactive, terminée.\r\n"},
};

static int
relay(struct relay *r)
{
	struct conn *c = r->c;
	const char *why = NULL;
	int status = 0;
	size_t i;

	while (why == NULL) {
		/* Once the pty is closed, the TUI is about to be reaped: a long
		 * poll would hold the client for a second after it quits. */
		ssh_event_dopoll(c->ev, r->pty_closed ? 10 : 1000);
		if (r->tui_gone) {
			ssh_event_remove_fd(c->ev, r->master);
			r->tui_gone = 0;
			r->pty_closed = 1;
		}
		why = relay_check(r, &status);
	}
	if (r->pid > 0)
		status = tui_end(r, strcmp(why, "client-gone") == 0 ? SIGHUP : SIGTERM);
	for (i = 0; i < sizeof goodbye / sizeof goodbye[0]; i++)
		if (strcmp(why, goodbye[i][0]) == 0 && ssh_channel_is_open(c->ch))
			ssh_channel_write(c->ch, goodbye[i][1], (uint32_t)strlen(goodbye[i][1]));
	serve_log("tui-end", "from=%s user=%s why=%s", c->peer, c->who.login, why);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int
serve_pty_run(struct conn *c)
{
	struct relay r;
	char name[128];

	memset(&r, 0, sizeof r);
	r.c = c;
	r.last_input = time(NULL);
	if ((r.master = pty_open(c, name, sizeof name)) < 0) {
		serve_log("error", "from=%s reason=pty errno=%d", c->peer, errno);
		return 1;
	}
	fcntl(ssh_get_fd(c->s), F_SETFD, FD_CLOEXEC);
	fcntl(c->status_fd, F_SETFD, FD_CLOEXEC);
	if ((r.pid = fork()) < 0) {
		close(r.master);
		return 1;
	}
	if (r.pid == 0)
		tui_exec(c, name);
	c->tui_fd = r.master;
	serve_log("tui", "from=%s user=%s term=%s size=%dx%d", c->peer, c->who.login, c->term,
	    c->cols, c->rows);
	/* The channel's callbacks all have the connection as userdata. */
	c->relay = &r;
	c->ccb.channel_data_function = to_tui;
	ssh_event_add_fd(c->ev, r.master, POLLIN, from_tui, &r);
	return relay(&r);
}
