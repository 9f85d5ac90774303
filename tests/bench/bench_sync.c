/* Timings of the sync engine against issue 4's performance targets,
 * through the real protocol as tests/unit/test_sync.c runs it: the hub in
 * a forked child on one end of a socket pair, the node in this process on
 * the other, each with its own database file. One figure per line.
 *
 * Usage: bench_sync demo DB DWELLINGS    a demo hub (seed 1), untimed
 *        bench_sync sectors HUB LOGIN N  gives LOGIN N sectors, untimed
 *        bench_sync first HUB LOGIN NODE a first sync: time, rows, peak RSS
 *        bench_sync capture NODE         change capture cost
 *        bench_sync push HUB NODE        hub apply rate, bytes per operation
 *        bench_sync pull HUB NODE        laptop apply rate, bytes per row
 *        bench_sync cut HUB NODE         operations resent after cuts
 * first makes NODE; the others take gardien1's laptop, already synced with
 * HUB. Every command but demo writes to HUB (the sync log at least): the
 * script hands in copies. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/datetime.h"
#include "core/db.h"
#include "core/demo.h"
#include "core/uid.h"
#include "core/user.h"
#include "core/xalloc.h"
#include "sync/capture.h"
#include "sync/hub.h"
#include "sync/link.h"
#include "sync/node.h"
#include "tests/unit/sync_harness.h"

#define BENCH_LOGIN "gardien1"
#define BENCH_HUB_LOGIN "agent1"     /* who edits on the hub meanwhile */
#define BENCH_OTHER_LOGIN "gardien2" /* a gardien of another sector */
#define BENCH_CAPTURE_ROWS 20000     /* rows written in one transaction */
#define BENCH_CAPTURE_TX_ROWS 2000   /* rows written one transaction each */
#define BENCH_CAPTURE_REPS 3
#define BENCH_PUSH_INSERTS 3000      /* logbook entries made on the laptop */
#define BENCH_PUSH_ROUNDS 2          /* edits of each claim on the laptop */
#define BENCH_PULL_CHANGES 20000     /* rows changed on the hub */
#define BENCH_CUT_INSERTS 3000
#define BENCH_NCUTS 8
#define BENCH_RESULTS_HALF 6000     /* bytes: 500 results are about 13 KB */
#define BENCH_LABEL "%-44s"

/* The phases of a session, named by the frame the node sends to open
 * each: the meter link charges time and bytes to the current one. */
enum phase { PH_HELLO, PH_PUSH, PH_SNAPSHOT, PH_PULL, PH_END, PH_COUNT };

static const char *const phase_frames[PH_COUNT] = {"hello", "push", "snapshot", "pull", "end"};

/* A link over a socket that times each phase, the time spent waiting on
 * the hub (blocked in read) and the bytes either way; left >= 0 cuts
 * the connection after that many bytes, like a cable pulled out. */
struct meter {
	struct link l;
	int fd;
	long left;
	enum phase ph;
	double mark, cpu_mark;
	double wall[PH_COUNT], wait[PH_COUNT], cpu[PH_COUNT];
	uint64_t in[PH_COUNT], out[PH_COUNT];
	uint64_t total;     /* bytes either way */
	uint64_t push_end;  /* total at the end of the first push frame */
};

/* What one session did and cost. */
struct run {
	int rc;
	char msg[1024];
	double wall;                    /* node_sync, seconds */
	double ph_wall[PH_COUNT], ph_wait[PH_COUNT];
	double ph_cpu[PH_COUNT];        /* the node's CPU time: steadier than
	                                 * wall time on a busy machine */
	uint64_t ph_in[PH_COUNT], ph_out[PH_COUNT];
	struct sync_counts n;
	enum phase last;                /* the phase it ended in (or was cut) */
	uint64_t push_end;              /* bytes up to the end of the first push */
	double hub_cpu;                 /* the hub process, user + system */
	long hub_rss_kb;
};

static void
die(const char *what, const char *msg)
{
	fprintf(stderr, "bench_sync: %s: %s\n", what, msg);
	exit(1);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
meter_switch(struct meter *m, enum phase ph)
{
	double t = now_s(), c = cpu_s();

	m->wall[m->ph] += t - m->mark;
	m->cpu[m->ph] += c - m->cpu_mark;
	m->mark = t;
	m->cpu_mark = c;
	m->ph = ph;
}

/* The phase a frame the node writes opens ({"t":"push",...). */
static enum phase
frame_phase(const char *p, size_t n, enum phase cur)
{
	static const char head[] = "{\"t\":\"";
	size_t k = sizeof head - 1, len;
	int i;

	if (n <= k || memcmp(p, head, k) != 0)
		return cur;
	for (i = 0; i < PH_COUNT; i++) {
		len = strlen(phase_frames[i]);
		if (n > k + len && memcmp(p + k, phase_frames[i], len) == 0 && p[k + len] == '"')
			return (enum phase)i;
	}
	return cur;
}

static ssize_t
meter_read(struct link *l, void *p, size_t n, struct err *e)
{
	struct meter *m = (struct meter *)l;
	double t0 = now_s();
	ssize_t got;

	if (m->left == 0) {
		shutdown(m->fd, SHUT_RDWR);
		return err_set(e, "coupure simulée");
	}
	if (m->left > 0 && n > (size_t)m->left)
		n = (size_t)m->left;
	got = read(m->fd, p, n);
	m->wait[m->ph] += now_s() - t0;
	if (got < 0)
		return err_set(e, "lecture");
	if (m->left > 0)
		m->left -= got;
	m->in[m->ph] += (uint64_t)got;
	m->total += (uint64_t)got;
	return got;
}

static int
meter_write(struct link *l, const void *p, size_t n, struct err *e)
{
	struct meter *m = (struct meter *)l;
	const char *s = p;
	size_t k = n;
	ssize_t w;

	meter_switch(m, frame_phase(p, n, m->ph));
	if (m->left >= 0 && k > (size_t)m->left)
		k = (size_t)m->left;
	for (; k > 0; s += w, k -= (size_t)w)
		if ((w = write(m->fd, s, k)) <= 0)
			return err_set(e, "écriture");
	m->out[m->ph] += (uint64_t)(s - (const char *)p);
	m->total += (uint64_t)(s - (const char *)p);
	if (m->ph == PH_PUSH && m->push_end == 0)
		m->push_end = m->total;
	if (m->left >= 0) {
		m->left -= s - (const char *)p;
		if ((size_t)(s - (const char *)p) < n) {
			shutdown(m->fd, SHUT_RDWR);
			return err_set(e, "coupure simulée");
		}
	}
	return 0;
}

static void
meter_close(struct link *l)
{
	link_release(l);
	free(l);
}

static struct meter *
meter_new(int fd, long cut)
{
	struct meter *m = xcalloc(1, sizeof *m);

	link_init(&m->l);
	m->l.read = meter_read;
	m->l.write = meter_write;
	m->l.close = meter_close;
	m->fd = fd;
	m->left = cut > 0 ? cut : -1;
	m->mark = now_s();
	m->cpu_mark = cpu_s();
	return m;
}

static double
tv_s(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* One session of the node (created if missing) with the hub, as login;
 * cut > 0 cuts it after that many bytes. */
static void
session(const char *hub, const char *login, const char *node, long cut, struct run *r)
{
	struct node_opts o = {"bench", NULL, NULL, NULL};
	struct rusage ru;
	struct meter *m;
	struct db *db;
	struct err e;
	int sv[2], status;
	pid_t pid;
	double t0;

	memset(r, 0, sizeof *r);
	fflush(stdout);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0 || (pid = fork()) < 0)
		die("session", "socketpair/fork");
	if (pid == 0) {
		close(sv[0]);
		harness_hub_child(hub, login, "bench", sv[1]);
	}
	close(sv[1]);
	if (db_open(&db, node, DB_CREATE, &e) != 0)
		die(node, e.msg);
	m = meter_new(sv[0], cut);
	t0 = now_s();
	r->rc = node_sync(db, &m->l, &o, &r->n, &e);
	r->wall = now_s() - t0;
	meter_switch(m, m->ph);
	r->last = m->ph;
	r->push_end = m->push_end;
	memcpy(r->ph_wall, m->wall, sizeof r->ph_wall);
	memcpy(r->ph_wait, m->wait, sizeof r->ph_wait);
	memcpy(r->ph_cpu, m->cpu, sizeof r->ph_cpu);
	memcpy(r->ph_in, m->in, sizeof r->ph_in);
	memcpy(r->ph_out, m->out, sizeof r->ph_out);
	snprintf(r->msg, sizeof r->msg, "%s", r->rc ? e.msg : "");
	link_close(&m->l);
	close(sv[0]);
	db_close(db);
	if (wait4(pid, &status, 0, &ru) != pid)
		die("session", "wait4");
	r->hub_cpu = tv_s(ru.ru_utime) + tv_s(ru.ru_stime);
	r->hub_rss_kb = ru.ru_maxrss;
}

static void
must_session(const char *hub, const char *login, const char *node, struct run *r)
{
	session(hub, login, node, 0, r);
	if (r->rc != 0)
		die("session", r->msg);
}

static struct db *
open_db(const char *path)
{
	struct db *db;
	struct err e;

	if (db_open(&db, path, 0, &e) != 0)
		die(path, e.msg);
	return db;
}

static int64_t
one_int(struct db *db, const char *sql)
{
	int64_t v = 0;
	struct err e;

	if (db_int(db, &e, &v, sql, "") < 0)
		die(sql, e.msg);
	return v;
}

static void
must(struct db *db, int rc, struct err *e)
{
	if (rc != 0) {
		if (db_in_transaction(db))
			db_rollback(db);
		die("sql", e->msg);
	}
}

static void
find_user(struct db *db, const char *login, struct user *u)
{
	struct err e;

	if (user_find(db, login, u, &e) != 1)
		die(login, "utilisateur introuvable");
}

/* The ids a query returns, with one text parameter (arg, or none if
 * NULL); *n gets the count. The caller frees with ids_free. */
static char **
ids_query(struct db *db, const char *sql, const char *arg, size_t *n)
{
	struct db_stmt *st;
	struct err e;
	char **v = NULL;
	size_t cap = 0;
	int rc;

	*n = 0;
	if ((st = db_stmt(db, &e, sql)) == NULL || (arg != NULL && db_bind(st, &e, "t", arg) != 0))
		die(sql, e.msg);
	while ((rc = db_step(st, &e)) == 1) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 256;
			v = xreallocarray(v, cap, sizeof *v);
		}
		v[(*n)++] = db_col_dup(st, 0);
	}
	if (rc < 0)
		die(sql, e.msg);
	return v;
}

static char **
ids_of(struct db *db, const char *sql, size_t *n)
{
	return ids_query(db, sql, NULL, n);
}

static void
ids_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Sets capture on or off in a transaction of its own, so that the
 * timed loop of a plain write runs no capture statement at all. */
static void
capture_set_committed(struct db *db, int on)
{
	struct err e;

	must(db, db_begin(db, &e), &e);
	must(db, on ? capture_resume(db, &e) : capture_suspend(db, &e), &e);
	must(db, db_commit(db, &e), &e);
}

static void
logbook_insert(struct db *db, const char *id, const char *author, const char *dwelling,
    const char *text, const char *at)
{
	struct err e;

	must(db, db_run(db, &e, "INSERT INTO logbook_entry (id, at, author_id, text, "
	    "dwelling_id, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)", "ttttttt",
	    id, at, author, text, dwelling, at, author), &e);
}

/* The capture benchmark's laptop: its gardien, the sector's dwellings,
 * and the ids of the rows each pass writes: [one_tx][rep][capture on]. */
struct capbench {
	struct db *db;
	struct user u;
	char **dw;
	size_t ndw;
	char **rows[2][BENCH_CAPTURE_REPS][2];
};

/* Writes rows ids[0..n) of the logbook (inserts, or updates of text),
 * each in its own transaction or all in one; returns the seconds. */
static double
capture_pass(struct capbench *c, char **ids, size_t n, int update, int one_tx)
{
	char at[DT_STAMP_SIZE];
	struct err e;
	double t0 = now_s();
	size_t i;

	dt_now(at);
	if (one_tx)
		must(c->db, db_begin(c->db, &e), &e);
	for (i = 0; i < n; i++) {
		if (!one_tx)
			must(c->db, db_begin(c->db, &e), &e);
		if (update)
			must(c->db, db_run(c->db, &e, "UPDATE logbook_entry SET text = ? WHERE id = ?",
			    "tt", "Ronde faite, rien à signaler", ids[i]), &e);
		else
			logbook_insert(c->db, ids[i], c->u.id, c->dw[i % c->ndw], "Passage du gardien",
			    at);
		if (!one_tx)
			must(c->db, db_commit(c->db, &e), &e);
	}
	if (one_tx)
		must(c->db, db_commit(c->db, &e), &e);
	return now_s() - t0;
}

static void
print_capture(const char *what, double on, double off, size_t n)
{
	char label[80];

	snprintf(label, sizeof label, "capture: %s, on", what);
	printf(BENCH_LABEL " %10.2f us/row  (%zu rows, best of %d)\n", label,
	    on * 1e6 / (double)n, n, BENCH_CAPTURE_REPS);
	snprintf(label, sizeof label, "capture: %s, suspended", what);
	printf(BENCH_LABEL " %10.2f us/row\n", label, off * 1e6 / (double)n);
	snprintf(label, sizeof label, "capture: %s, cost", what);
	printf(BENCH_LABEL " %10.2f x       (on / suspended; target <= 2)\n", label, on / off);
}

static char **
new_ids(size_t n)
{
	char **v = xcalloc(n, sizeof *v);
	size_t i;

	for (i = 0; i < n; i++) {
		v[i] = xmalloc(UID_SIZE);
		uid_new(v[i]);
	}
	return v;
}

/* One case: capture on, then suspended (in a transaction of its own, so
 * that the plain writes run no capture statement), the best of reps. */
static void
capture_case(struct capbench *c, const char *what, int update, int one_tx, size_t n)
{
	double on = 1e9, off = 1e9, t;
	int rep;

	for (rep = 0; rep < BENCH_CAPTURE_REPS; rep++) {
		if ((t = capture_pass(c, c->rows[one_tx][rep][1], n, update, one_tx)) < on)
			on = t;
		capture_set_committed(c->db, 0);
		if ((t = capture_pass(c, c->rows[one_tx][rep][0], n, update, one_tx)) < off)
			off = t;
		capture_set_committed(c->db, 1);
	}
	print_capture(what, on, off, n);
}

/* Change capture on the laptop: the same writes with capture on and with
 * it suspended, on rows of its own sector; inserts make fresh rows,
 * updates change them again. */
static int
bench_capture(const char *path)
{
	const size_t size[2] = {BENCH_CAPTURE_TX_ROWS, BENCH_CAPTURE_ROWS};
	struct capbench c;
	char **warm = new_ids(500);
	int tx, rep, on;

	c.db = open_db(path);
	find_user(c.db, BENCH_LOGIN, &c.u);
	c.dw = ids_of(c.db, "SELECT id FROM dwelling ORDER BY id", &c.ndw);
	for (tx = 0; tx < 2; tx++)
		for (rep = 0; rep < BENCH_CAPTURE_REPS; rep++)
			for (on = 0; on < 2; on++)
				c.rows[tx][rep][on] = new_ids(size[tx]);
	capture_pass(&c, warm, 500, 0, 1);
	capture_case(&c, "insert, 1 row/tx", 0, 0, size[0]);
	capture_case(&c, "insert, 1 tx", 0, 1, size[1]);
	capture_case(&c, "update 1 col, 1 row/tx", 1, 0, size[0]);
	capture_case(&c, "update 1 col, 1 tx", 1, 1, size[1]);
	for (tx = 0; tx < 2; tx++)
		for (rep = 0; rep < BENCH_CAPTURE_REPS; rep++)
			for (on = 0; on < 2; on++)
				ids_free(c.rows[tx][rep][on], size[tx]);
	ids_free(warm, 500);
	ids_free(c.dw, c.ndw);
	user_clear(&c.u);
	db_close(c.db);
	return 0;
}

/* Operations and field operations waiting on the node. */
static void
pending_ops(const char *node, int64_t *ops, int64_t *fields)
{
	struct db *db = open_db(node);

	*ops = one_int(db, "SELECT count(*) FROM op WHERE state IN ('pending','sent')");
	*fields = one_int(db, "SELECT coalesce(sum((SELECT count(*) FROM json_each(o.fields))), 0) "
	    "FROM op o WHERE state IN ('pending','sent')");
	db_close(db);
}

/* The gardien's day on the laptop: logbook entries about dwellings of the
 * sector, and every claim of the sector edited `rounds` times. */
static void
laptop_edits(const char *node, size_t inserts, int rounds)
{
	struct db *db = open_db(node);
	struct user u;
	struct err e;
	char **dw, id[UID_SIZE], at[DT_STAMP_SIZE], *text;
	size_t ndw, i;
	int k;

	find_user(db, BENCH_LOGIN, &u);
	dw = ids_of(db, "SELECT id FROM dwelling ORDER BY id", &ndw);
	dt_now(at);
	must(db, db_begin(db, &e), &e);
	for (i = 0; i < inserts; i++) {
		uid_new(id);
		text = xasprintf("Passage n° %06zu : parties communes propres", i);
		logbook_insert(db, id, u.id, dw[i % ndw], text, at);
		free(text);
	}
	for (k = 0; k < rounds; k++)
		must(db, db_run(db, &e, "UPDATE claim SET description = description || ?, "
		    "updated_at = ?, updated_by = ?", "ttt", k ? " Relancé." : " Vu sur place.",
		    at, u.id), &e);
	must(db, db_commit(db, &e), &e);
	ids_free(dw, ndw);
	user_clear(&u);
	db_close(db);
}

/* Concurrent edits at the agency on the claims the laptop edits: one in
 * three on the same field (a conflict for the ledger), one in three on
 * another field (a merge). */
static void
hub_claim_edits(const char *hub, const char *node)
{
	struct db *ndb = open_db(node), *db;
	struct user u;
	struct err e;
	char **claims, at[DT_STAMP_SIZE];
	size_t n, i;

	claims = ids_of(ndb, "SELECT id FROM claim ORDER BY id", &n);
	db_close(ndb);
	db = open_db(hub);
	find_user(db, BENCH_HUB_LOGIN, &u);
	dt_now(at);
	must(db, db_begin(db, &e), &e);
	for (i = 0; i < n; i++) {
		if (i % 3 == 0)
			must(db, db_run(db, &e, "UPDATE claim SET description = description || "
			    "' Rappel du locataire.', updated_at = ?, updated_by = ? WHERE id = ?",
			    "ttt", at, u.id, claims[i]), &e);
		else if (i % 3 == 1)
			must(db, db_run(db, &e, "UPDATE claim SET channel = 'letter', updated_at = ?, "
			    "updated_by = ? WHERE id = ?", "ttt", at, u.id, claims[i]), &e);
	}
	must(db, db_commit(db, &e), &e);
	ids_free(claims, n);
	user_clear(&u);
	db_close(db);
}

static double
rate(double count, double s)
{
	return s > 0 ? count / s : 0;
}

/* Pushed operations applied by the hub: the push phase as the node sees
 * it, and the part of it spent waiting on the hub's results. */
static int
bench_push(const char *hub, const char *node)
{
	struct run idle, r;
	int64_t ops, fields;
	double push, wait;

	must_session(hub, BENCH_LOGIN, node, &idle);
	laptop_edits(node, BENCH_PUSH_INSERTS, BENCH_PUSH_ROUNDS);
	hub_claim_edits(hub, node);
	pending_ops(node, &ops, &fields);
	must_session(hub, BENCH_LOGIN, node, &r);
	push = r.ph_wall[PH_PUSH];
	wait = r.ph_wait[PH_PUSH];
	printf(BENCH_LABEL " %10.0f fields/s (%lld ops, %lld fields in %.3f s; %lld applied, "
	    "%lld merged, %lld conflicts, %lld refused)\n", "hub apply: push phase, end to end",
	    rate((double)fields, push), (long long)ops, (long long)fields, push,
	    (long long)r.n.applied, (long long)r.n.merged, (long long)r.n.conflicts,
	    (long long)r.n.refused);
	printf(BENCH_LABEL " %10.0f fields/s (%.0f ops/s; %.3f s waiting on results; "
	    "target >= 5,000)\n", "hub apply: hub's share of the push", rate((double)fields, wait),
	    rate((double)ops, wait), wait);
	printf(BENCH_LABEL " %10.3f s       (no-op session %.3f s; hub CPU %.3f s vs %.3f s)\n",
	    "hub apply: whole session", r.wall, idle.wall, r.hub_cpu, idle.hub_cpu);
	printf(BENCH_LABEL " %10.1f B/op    (results %.1f B/op back)\n",
	    "wire: bytes sent per operation pushed", (double)r.ph_out[PH_PUSH] / (double)ops,
	    (double)r.ph_in[PH_PUSH] / (double)ops);
	printf(BENCH_LABEL " %10lld rows    (%.3f s, %.1f KB; own edits come back unless kept "
	    "as sent)\n", "push: rows pulled after it", (long long)r.n.pulled, r.ph_wall[PH_PULL],
	    (double)r.ph_in[PH_PULL] / 1024.0);
	if (r.n.refused != 0 || r.n.sent != ops)
		die("push", "opérations refusées ou non envoyées : le banc est faux");
	return 0;
}

/* Work at the agency on the gardien's sector while the laptop is away:
 * every claim and piece of equipment edited, and new logbook entries up
 * to `total` changes. Returns the number of changes. */
static size_t
hub_sector_edits(const char *hub, const char *node, size_t total)
{
	struct db *ndb = open_db(node), *db;
	struct user u;
	struct err e;
	char **dw, **eq, **cl, id[UID_SIZE], at[DT_STAMP_SIZE];
	size_t ndw, neq, ncl, i, done = 0;

	dw = ids_of(ndb, "SELECT id FROM dwelling ORDER BY id", &ndw);
	eq = ids_of(ndb, "SELECT id FROM equipment ORDER BY id", &neq);
	cl = ids_of(ndb, "SELECT id FROM claim ORDER BY id", &ncl);
	db_close(ndb);
	db = open_db(hub);
	find_user(db, BENCH_HUB_LOGIN, &u);
	dt_now(at);
	must(db, db_begin(db, &e), &e);
	for (i = 0; i < neq && done < total; i++, done++)
		must(db, db_run(db, &e, "UPDATE equipment SET serial = 'SN-' || ?, updated_at = ?, "
		    "updated_by = ? WHERE id = ?", "ttt" "t", at, at, u.id, eq[i]), &e);
	for (i = 0; i < ncl && done < total; i++, done++)
		must(db, db_run(db, &e, "UPDATE claim SET description = description || ' Suivi agence.', "
		    "updated_at = ?, updated_by = ? WHERE id = ?", "ttt", at, u.id, cl[i]), &e);
	for (i = 0; done < total; i++, done++) {
		uid_new(id);
		logbook_insert(db, id, u.id, dw[i % ndw], "Visite de l'agence", at);
	}
	must(db, db_commit(db, &e), &e);
	ids_free(dw, ndw);
	ids_free(eq, neq);
	ids_free(cl, ncl);
	user_clear(&u);
	db_close(db);
	return done;
}

/* New logbook entries on the hub about dwellings of other's sectors:
 * changes the laptop must not receive. */
static void
hub_other_edits(const char *hub, const char *other, size_t total)
{
	struct db *db = open_db(hub);
	struct user u;
	struct err e;
	char **dw, id[UID_SIZE], at[DT_STAMP_SIZE];
	size_t ndw, i;

	dw = ids_query(db, "SELECT d.id FROM dwelling d JOIN entrance en ON en.id = d.entrance_id "
	    "JOIN building b ON b.id = en.building_id JOIN estate es ON es.id = b.estate_id "
	    "JOIN user_sector us ON us.sector_id = es.sector_id JOIN user_account u "
	    "ON u.id = us.user_id WHERE u.login = ? ORDER BY d.id", other, &ndw);
	if (ndw == 0)
		die(other, "aucun logement dans ses secteurs");
	find_user(db, BENCH_HUB_LOGIN, &u);
	dt_now(at);
	must(db, db_begin(db, &e), &e);
	for (i = 0; i < total; i++) {
		uid_new(id);
		logbook_insert(db, id, u.id, dw[i % ndw], "Visite de l'agence", at);
	}
	must(db, db_commit(db, &e), &e);
	ids_free(dw, ndw);
	user_clear(&u);
	db_close(db);
}

/* Rows pulled and applied by the laptop: the pull phase end to end, and
 * the node's own part of it (not waiting on the hub); then a pull after
 * as many changes in another sector, which the laptop must skip. */
static int
bench_pull(const char *hub, const char *node)
{
	struct run r;
	size_t changes = hub_sector_edits(hub, node, BENCH_PULL_CHANGES);
	double pull, own;

	must_session(hub, BENCH_LOGIN, node, &r);
	pull = r.ph_wall[PH_PULL];
	own = pull - r.ph_wait[PH_PULL];
	printf(BENCH_LABEL " %10.0f rows/s  (%lld rows in %.3f s; %zu changes on the hub)\n",
	    "laptop apply: pull phase, end to end", rate((double)r.n.pulled, pull),
	    (long long)r.n.pulled, pull, changes);
	printf(BENCH_LABEL " %10.0f rows/s  (%.3f s of node time; target >= 20,000)\n",
	    "laptop apply: the node's own share", rate((double)r.n.pulled, own), own);
	printf(BENCH_LABEL " %10.0f rows/s  (%.3f s of the node's CPU)\n",
	    "laptop apply: node CPU", rate((double)r.n.pulled, r.ph_cpu[PH_PULL]),
	    r.ph_cpu[PH_PULL]);
	printf(BENCH_LABEL " %10.0f rows/s  (%.3f s waiting on the hub)\n",
	    "pull: hub serving the changes", rate((double)r.n.pulled, r.ph_wait[PH_PULL]),
	    r.ph_wait[PH_PULL]);
	printf(BENCH_LABEL " %10.1f B/row   (%.1f MB)\n", "wire: bytes received per row pulled",
	    (double)r.ph_in[PH_PULL] / (double)(r.n.pulled ? r.n.pulled : 1),
	    (double)r.ph_in[PH_PULL] / 1048576.0);
	hub_other_edits(hub, BENCH_OTHER_LOGIN, BENCH_PULL_CHANGES);
	must_session(hub, BENCH_LOGIN, node, &r);
	printf(BENCH_LABEL " %10.3f s       (%d changes in another sector; %lld rows pulled)\n",
	    "pull: skipping other sectors' changes", r.ph_wall[PH_PULL], BENCH_PULL_CHANGES,
	    (long long)r.n.pulled);
	return 0;
}

/* A first sync of login's scope into a new node. The hub is opened (and
 * migrated) once before the clock starts. */
static int
bench_first(const char *hub, const char *login, const char *node)
{
	struct rusage self;
	struct run r;
	char label[80];
	double t0 = now_s();
	struct db *db = open_db(hub);

	db_close(db);
	if (now_s() - t0 > 1.0)
		printf(BENCH_LABEL " %10.3f s       (once, untimed below)\n",
		    "first sync: hub opened and migrated", now_s() - t0);
	must_session(hub, login, node, &r);
	getrusage(RUSAGE_SELF, &self);
	snprintf(label, sizeof label, "first sync: %s", login);
	printf(BENCH_LABEL " %10.3f s       (%lld rows, %.0f rows/s; target < 30 s)\n", label,
	    r.wall, (long long)r.n.pulled, rate((double)r.n.pulled, r.wall));
	snprintf(label, sizeof label, "first sync: %s, node's own share", login);
	printf(BENCH_LABEL " %10.3f s       (%.3f s waiting on the hub; node CPU %.3f s, "
	    "hub CPU %.3f s)\n", label,
	    r.wall - r.ph_wait[PH_SNAPSHOT] - r.ph_wait[PH_PULL] - r.ph_wait[PH_HELLO],
	    r.ph_wait[PH_SNAPSHOT] + r.ph_wait[PH_PULL] + r.ph_wait[PH_HELLO],
	    r.ph_cpu[PH_HELLO] + r.ph_cpu[PH_SNAPSHOT] + r.ph_cpu[PH_PULL] + r.ph_cpu[PH_END],
	    r.hub_cpu);
	snprintf(label, sizeof label, "first sync: %s, peak RSS", login);
	printf(BENCH_LABEL " %10.1f MB      (node; hub %.1f MB)\n", label,
	    (double)self.ru_maxrss / 1024.0, (double)r.hub_rss_kb / 1024.0);
	snprintf(label, sizeof label, "first sync: %s, wire", login);
	printf(BENCH_LABEL " %10.1f B/row   (%.1f MB received)\n", label,
	    (double)(r.ph_in[PH_SNAPSHOT] + r.ph_in[PH_PULL]) / (double)(r.n.pulled ? r.n.pulled : 1),
	    (double)(r.ph_in[PH_SNAPSHOT] + r.ph_in[PH_PULL]) / 1048576.0);
	return 0;
}

/* The hub's count of operations received (replays included) and of
 * distinct operations. */
static void
hub_received(const char *hub, int64_t *received, int64_t *distinct)
{
	struct db *db = open_db(hub);

	*received = one_int(db, "SELECT coalesce(sum(received), 0) FROM sync_session "
	    "WHERE side = 'hub'");
	*distinct = one_int(db, "SELECT count(*) FROM sync_received");
	db_close(db);
}

/* The bytes a push of the pending operations takes, about. */
static long
push_bytes(const char *node)
{
	struct db *db = open_db(node);
	long n = (long)one_int(db, "SELECT coalesce(sum(length(fields) + 120), 0) FROM op "
	    "WHERE state IN ('pending','sent')");

	db_close(db);
	return n;
}

/* Push sessions cut at several places, then one to the end: the
 * operations the hub received twice. Every other cut falls inside the
 * results of the first batch (where the previous session's first push
 * frame ended, plus half a results frame): the hub has committed the
 * batch and the node never hears of it, the worst case. */
static int
bench_cut(const char *hub, const char *node)
{
	static const double where[BENCH_NCUTS / 2] = {0.3, 0.0, 0.6, 0.9};
	struct run r;
	int64_t ops, fields, rec0, dist0, rec, dist, prev = 0, worst = 0;
	uint64_t push_end = 0;
	long cut;
	int i, in_push = 0, in_results = 0;

	laptop_edits(node, BENCH_CUT_INSERTS, 0);
	hub_received(hub, &rec0, &dist0);
	for (i = 0; i < BENCH_NCUTS; i++) {
		if (i % 2 == 1 && push_end > 0)
			cut = (long)push_end + BENCH_RESULTS_HALF;
		else	/* about 300 bytes of hello and welcome, then the push */
			cut = 7 + (long)(where[i / 2] * (double)(push_bytes(node) + 300));
		session(hub, BENCH_LOGIN, node, cut, &r);
		in_push += r.rc != 0 && r.last == PH_PUSH;
		in_results += i % 2 == 1 && push_end > 0 && r.rc != 0 && r.last == PH_PUSH;
		if (r.push_end > 0)
			push_end = r.push_end;
		hub_received(hub, &rec, &dist);
		if ((rec - rec0) - (dist - dist0) - prev > worst)
			worst = (rec - rec0) - (dist - dist0) - prev;
		prev = (rec - rec0) - (dist - dist0);
	}
	must_session(hub, BENCH_LOGIN, node, &r);
	hub_received(hub, &rec, &dist);
	pending_ops(node, &ops, &fields);
	printf(BENCH_LABEL " %10lld ops     (%d cuts, %d in the push, %d in results; at most "
	    "%lld in one session; target <= 500 per cut)\n", "cut: operations the hub received twice",
	    (long long)((rec - rec0) - (dist - dist0)), BENCH_NCUTS, in_push, in_results,
	    (long long)worst);
	printf(BENCH_LABEL " %10lld ops     (of %d made; %lld still pending on the node)\n",
	    "cut: operations the hub holds", (long long)(dist - dist0), BENCH_CUT_INSERTS,
	    (long long)ops);
	if (dist - dist0 != BENCH_CUT_INSERTS || ops != 0)
		die("cut", "des opérations manquent après les coupures");
	return 0;
}

/* Gives login n - 1 more sectors of the agency of its own, as when a
 * gardien stands in for colleagues: a larger scope for a first sync. */
static int
bench_sectors(const char *hub, const char *login, const char *count)
{
	struct db *db = open_db(hub);
	struct user u;
	struct err e;
	char **sec, id[UID_SIZE], at[DT_STAMP_SIZE];
	size_t n, i;

	find_user(db, login, &u);
	if ((sec = ids_query(db, "SELECT s.id FROM sector s WHERE s.agency_id = (SELECT "
	    "agency_id FROM sector WHERE id = (SELECT sector_id FROM user_sector WHERE user_id = ?1 "
	    "LIMIT 1)) AND s.id NOT IN (SELECT sector_id FROM user_sector WHERE user_id = ?1) "
	    "ORDER BY s.code", u.id, &n)) == NULL || n == 0)
		die(login, "pas d'autre secteur dans son agence");
	dt_now(at);
	must(db, db_begin(db, &e), &e);
	for (i = 0; i < n && i + 1 < (size_t)atol(count); i++) {
		uid_new(id);
		must(db, db_run(db, &e, "INSERT INTO user_sector (id, user_id, sector_id, updated_at, "
		    "updated_by) VALUES (?, ?, ?, ?, ?)", "ttttt", id, u.id, sec[i], at, u.id), &e);
	}
	must(db, db_commit(db, &e), &e);
	ids_free(sec, n);
	user_clear(&u);
	db_close(db);
	return 0;
}

static int
bench_demo(const char *path, const char *dwellings)
{
	struct demo_opts o = {atol(dwellings), 1, "2026-11-20"};
	struct db *db;
	struct err e;

	if (db_open(&db, path, DB_CREATE, &e) != 0 || demo_build(db, &o, &e) != 0)
		die(path, e.msg);
	db_close(db);
	return 0;
}

int
main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 4 && strcmp(argv[1], "demo") == 0)
		return bench_demo(argv[2], argv[3]);
	if (argc == 5 && strcmp(argv[1], "sectors") == 0)
		return bench_sectors(argv[2], argv[3], argv[4]);
	if (argc == 5 && strcmp(argv[1], "first") == 0)
		return bench_first(argv[2], argv[3], argv[4]);
	if (argc == 3 && strcmp(argv[1], "capture") == 0)
		return bench_capture(argv[2]);
	if (argc == 4 && strcmp(argv[1], "push") == 0)
		return bench_push(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "pull") == 0)
		return bench_pull(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "cut") == 0)
		return bench_cut(argv[2], argv[3]);
	fprintf(stderr, "usage: bench_sync demo DB DWELLINGS | sectors HUB LOGIN N | "
	    "first HUB LOGIN NODE | "
	    "capture NODE | push HUB NODE | pull HUB NODE | cut HUB NODE\n");
	return 2;
}
