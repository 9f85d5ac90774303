/* libFuzzer target for the laptop's import of a hub's reply bundle
 * (node_import_bundle, sync/node.c). Any bytes are imported into a laptop
 * that has really synced (a scope, a cursor, rows and pending operations)
 * and, when they carry a snapshot, into a new laptop too. Afterwards the
 * database must still be sound: its file intact, no transaction open, no
 * sync session left running, capture and foreign keys back on, no local
 * operation lost, made or put back to pending, the cursor where it was or
 * at the end of a complete batch of the input, a refusal that says why in
 * valid UTF-8, and a reply imported whole imported again for nothing.
 *
 * The world (a tiny hub, the two laptops, two real replies) is built once
 * with fixed row ids, so that the seed corpus (gen_bundle_corpus.c, which
 * includes this file) fits the laptops here. Each input starts from the
 * same laptop file, restored by copying its bytes. An input whose changes
 * frames fail their checksum is imported a second time with the sums made
 * right, so that mutated rows get through to node_apply_rows. Run with
 * `make -f tests/fuzz/fuzz.mk fuzz-bundle`; every file it writes is in
 * one temporary directory (in /dev/shm when there is one). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/db.h"
#include "core/uid.h"
#include "core/user.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "sync/hub.h"
#include "sync/json.h"
#include "sync/link.h"
#include "sync/node.h"
#include "sync/proto.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Row ids of the world: fixed, so that replies made elsewhere fit. */
#define FZ_ID(n) "'01900000-0000-7000-8000-0000000000" n "'"
#define FZ_T "'2026-11-22T08:00:00Z'"
#define FZ_PROV FZ_T ", " FZ_ID("04")
#define FZ_GARDIEN "gardien1"

/* One organisation, one sector of one estate whose hall has a claim, and
 * its gardien: a hub whose snapshot has rows of reference, of the scope
 * and of the gardien's own work, and still stays under the 4096 bytes
 * that tests/run.sh gives libFuzzer (a dwelling and its entrance would
 * not fit). */
static const char fz_hub_sql[] =
    "INSERT INTO organisation (id, name, updated_at, updated_by) VALUES ("
    FZ_ID("01") ", 'O', " FZ_PROV ");"
    "INSERT INTO agency (id, organisation_id, code, name, updated_at, updated_by) VALUES ("
    FZ_ID("02") ", " FZ_ID("01") ", 'A', 'A', " FZ_PROV ");"
    "INSERT INTO sector (id, agency_id, code, name, updated_at, updated_by) VALUES ("
    FZ_ID("03") ", " FZ_ID("02") ", 'S', 'S', " FZ_PROV ");"
    "INSERT INTO user_account (id, login, display_name, role, agency_id, updated_at, "
    "updated_by) VALUES (" FZ_ID("04") ", '" FZ_GARDIEN "', 'G', 'gardien', " FZ_ID("02") ", "
    FZ_PROV ");"
    "INSERT INTO user_sector (id, user_id, sector_id, updated_at, updated_by) VALUES ("
    FZ_ID("05") ", " FZ_ID("04") ", " FZ_ID("03") ", " FZ_PROV ");"
    "INSERT INTO estate (id, sector_id, name, updated_at, updated_by) VALUES ("
    FZ_ID("06") ", " FZ_ID("03") ", 'R', " FZ_PROV ");"
    "INSERT INTO common_area (id, estate_id, kind, name, updated_at, updated_by) VALUES ("
    FZ_ID("07") ", " FZ_ID("06") ", 'hall', 'H', " FZ_PROV ");"
    "INSERT INTO claim_category (id, code, label, updated_at, updated_by) VALUES ("
    FZ_ID("10") ", 'c', 'C', " FZ_PROV ");"
    "INSERT INTO claim_urgency (id, code, label, target_hours, updated_at, updated_by) "
    "VALUES (" FZ_ID("11") ", 'normal', 'N', 72, " FZ_PROV ");"
    "INSERT INTO claim (id, number, common_area_id, category, urgency, channel, description, "
    "opened_at, updated_at, updated_by) VALUES (" FZ_ID("12") ", '1', " FZ_ID("07") ", 'c', "
    "'normal', 'phone', 'Fuite', " FZ_T ", " FZ_PROV ");";

/* What the hub changes after the first reply: the claim the laptop edits
 * too (a conflict). */
static const char fz_hub_edit_sql[] =
    "UPDATE claim SET description = 'Vu au hub' WHERE id = " FZ_ID("12") ";";

/* The laptop's pending operations: a logbook entry (applied), an estate's
 * name that a gardien may not change (refused), the claim (conflict). */
static const char fz_node_edit_sql[] =
    "INSERT INTO logbook_entry (id, at, author_id, text, updated_at, updated_by) VALUES ("
    FZ_ID("20") ", " FZ_T ", " FZ_ID("04") ", 'Note', " FZ_PROV ");"
    "UPDATE estate SET name = 'X' WHERE id = " FZ_ID("06") ";"
    "UPDATE claim SET description = 'Vu au poste' WHERE id = " FZ_ID("12") ";";

struct fz_world {
	char *dir;       /* every file of the world is in it */
	char *hub;       /* the hub database */
	char *fresh;     /* a new laptop that has written its first bundle */
	char *node;      /* the same laptop synced by r1, three operations pending */
	char *r1;        /* the reply to a new laptop: snapshot */
	char *r2;        /* the reply to its operations: results and changes */
	int64_t cursor;  /* the laptop's cursor (r1's head) */
};

/* A laptop the inputs are imported into, and what it was before. */
struct fz_laptop {
	const char *path;
	struct db *db;        /* open for the whole run */
	char *tmpl;           /* the file's bytes before any input */
	size_t len;
	int64_t cursor, ops, pending;
	int64_t hub;          /* 1 until a first welcome */
};

static struct {
	struct fz_world w;
	struct fz_laptop synced, fresh;
	char *input;          /* the file the link reads an input from */
	int fd;               /* open on input */
	unsigned long runs;
} fz = {.fd = -1};

static void fz_rmdir(const char *dir);

/* A broken invariant: the input that did it is what libFuzzer keeps, the
 * world's files go. */
static void
fz_die(const char *what, const char *msg)
{
	fprintf(stderr, "fuzz_bundle: %s: %s\n", what, msg);
	if (fz.w.dir != NULL)
		fz_rmdir(fz.w.dir);
	abort();
}

/* The directories of runs that died on a sanitizer's report, which ends
 * the process before any cleanup: named after their process, gone with
 * it. */
static void
fz_sweep(const char *base)
{
	DIR *d = opendir(base);
	struct dirent *de;
	char *p;
	long pid;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, "loge-fuzz-bundle-", 17) != 0 ||
		    (pid = strtol(de->d_name + 17, NULL, 10)) <= 0 ||
		    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		p = xasprintf("%s/%s", base, de->d_name);
		fz_rmdir(p);
		free(p);
	}
	closedir(d);
}

/* A temporary directory in memory when there is one; the caller frees. */
static char *
fz_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *dir;

	if (access("/dev/shm", W_OK) == 0)
		base = "/dev/shm";
	else if (base == NULL || *base == '\0')
		base = "/tmp";
	fz_sweep(base);
	dir = xasprintf("%s/loge-fuzz-bundle-%ld-XXXXXX", base, (long)getpid());
	if (mkdtemp(dir) == NULL)
		fz_die(dir, "mkdtemp");
	return dir;
}

/* Removes dir and the files in it (the world makes no subdirectory). */
static void
fz_rmdir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char *p;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		p = xasprintf("%s/%s", dir, de->d_name);
		unlink(p);
		free(p);
	}
	closedir(d);
	rmdir(dir);
}

static struct db *
fz_open(const char *path)
{
	struct db *db;
	struct err e;

	if (db_open(&db, path, DB_CREATE, &e) != 0)
		fz_die(path, e.msg);
	return db;
}

/* Runs a script of writes in one transaction. */
static void
fz_write_sql(const char *path, const char *sql)
{
	struct db *db = fz_open(path);
	struct err e;

	if (db_begin(db, &e) != 0 || db_script(db, &e, sql) != 0 || db_commit(db, &e) != 0)
		fz_die(sql, e.msg);
	db_close(db);
}

static int64_t
fz_int(struct db *db, const char *sql)
{
	struct err e;
	int64_t v = 0;
	int rc = db_int(db, &e, &v, sql, "");

	if (rc != 1)
		fz_die(sql, rc < 0 ? e.msg : "no row");
	return v;
}

/* The laptop writes its bundle to path (export) or imports the reply at
 * path, as `loge sync --export-bundle / --import-bundle` do. */
static void
fz_node_bundle(const char *node, const char *path, int export)
{
	struct node_opts o = {"bundle", NULL, NULL, NULL};
	struct db *db = fz_open(node);
	struct link *l;
	struct err e;
	int fd, rc;

	fd = export ? open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600) : open(path, O_RDONLY);
	if (fd < 0)
		fz_die(path, "open");
	l = export ? link_fd_new(-1, fd) : link_fd_new(fd, -1);
	rc = export ? node_export_bundle(db, l, &o, NULL, &e) : node_import_bundle(db, l, &o,
	    NULL, &e);
	link_close(l);
	close(fd);
	db_close(db);
	if (rc != 0)
		fz_die(path, e.msg);
}

/* The hub reads the laptop's bundle in and writes its reply to out. */
static void
fz_hub_bundle(const char *hub, const char *in, const char *out)
{
	struct db *db = fz_open(hub);
	struct user who;
	struct link *l;
	struct err e;
	int rfd = open(in, O_RDONLY), wfd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600), rc;

	if (rfd < 0 || wfd < 0)
		fz_die(in, "open");
	memset(&who, 0, sizeof who);
	if (user_find(db, FZ_GARDIEN, &who, &e) != 1)
		fz_die(FZ_GARDIEN, "user_find");
	l = link_fd_new(rfd, wfd);
	rc = hub_bundle(db, &who, l, in, NULL, &e);
	link_close(l);
	close(rfd);
	close(wfd);
	user_clear(&who);
	db_close(db);
	if (rc != 0)
		fz_die(in, e.msg);
}

/* The whole file at path; the caller frees. */
static char *
fz_slurp(const char *path, size_t *len)
{
	struct buf b;
	char chunk[65536];
	ssize_t got;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		fz_die(path, "open");
	buf_init(&b);
	while ((got = read(fd, chunk, sizeof chunk)) > 0)
		buf_add(&b, chunk, (size_t)got);
	if (got < 0)
		fz_die(path, "read");
	close(fd);
	*len = b.len;
	return b.data != NULL ? buf_steal(&b) : xstrdup("");
}

static void
fz_spit(const char *path, const void *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || (n > 0 && write(fd, p, n) != (ssize_t)n) || close(fd) != 0)
		fz_die(path, "write");
}

/* Copies a closed database (its WAL was checkpointed at close). */
static void
fz_copy(const char *from, const char *to)
{
	size_t n;
	char *p = fz_slurp(from, &n);

	fz_spit(to, p, n);
	free(p);
}

/* A new laptop by USB stick (r1), then its three edits against one of the
 * hub (r2, not imported: the laptop keeps them pending). */
static void
fz_world_build(struct fz_world *w)
{
	char *b1, *b2;
	struct db *db;

	memset(w, 0, sizeof *w);
	w->dir = fz_tmpdir();
	w->hub = xasprintf("%s/hub.db", w->dir);
	w->fresh = xasprintf("%s/fresh.db", w->dir);
	w->node = xasprintf("%s/node.db", w->dir);
	w->r1 = xasprintf("%s/r1", w->dir);
	w->r2 = xasprintf("%s/r2", w->dir);
	b1 = xasprintf("%s/b1", w->dir);
	b2 = xasprintf("%s/b2", w->dir);
	fz_write_sql(w->hub, fz_hub_sql);
	fz_node_bundle(w->node, b1, 1);
	fz_copy(w->node, w->fresh);
	fz_hub_bundle(w->hub, b1, w->r1);
	fz_node_bundle(w->node, w->r1, 0);
	fz_write_sql(w->hub, fz_hub_edit_sql);
	usleep(5000);	/* the laptop's edit is the later one */
	fz_write_sql(w->node, fz_node_edit_sql);
	fz_node_bundle(w->node, b2, 1);
	fz_hub_bundle(w->hub, b2, w->r2);
	db = fz_open(w->node);
	w->cursor = fz_int(db, "SELECT cursor FROM sync_state");
	db_close(db);
	unlink(b1);
	unlink(b2);
	free(b1);
	free(b2);
}

static void
fz_world_free(struct fz_world *w)
{
	if (w->dir != NULL)
		fz_rmdir(w->dir);
	free(w->dir);
	free(w->hub);
	free(w->fresh);
	free(w->node);
	free(w->r1);
	free(w->r2);
	memset(w, 0, sizeof *w);
}

/* ---- The harness ---- */

/* What the harness reads in an input before importing it. */
struct fz_scan {
	int64_t *to;     /* the "to" of each coherent changes frame: where a cursor may stop */
	size_t nto, cap;
	int fixed;       /* some changes frame had a wrong sum */
	int snapshot;    /* some changes frame was a snapshot's */
	int rows;        /* some changes frame had rows */
	struct buf out;  /* the input with every sum made right */
};

/* A batch that ends past the hub's head is incoherent (a live session
 * refuses it): no cursor may stop there. */
static void
fz_scan_to(struct fz_scan *s, const cJSON *f)
{
	int64_t to, head;

	if (json_get_int(f, "to", &to) != 0 || json_get_int(f, "head", &head) != 0 || to > head)
		return;
	if (s->nto == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 8;
		s->to = xreallocarray(s->to, s->cap, sizeof *s->to);
	}
	s->to[s->nto++] = to;
}

/* One line (without its "\n"): a changes frame is noted, and rewritten in
 * canonical text if its sum was wrong; anything else is kept as it is. */
static void
fz_scan_line(struct fz_scan *s, const char *line, size_t len)
{
	const cJSON *rows;
	const char *t, *have;
	cJSON *f = NULL;
	char sum[65];
	struct err e;

	if (json_parse(line, len, &f, &e) != 0 || (t = json_str(f, "t")) == NULL ||
	    strcmp(t, "changes") != 0)
		goto keep;
	fz_scan_to(s, f);
	s->snapshot |= cJSON_GetObjectItemCaseSensitive(f, "snapshot") != NULL;
	rows = cJSON_GetObjectItemCaseSensitive(f, "rows");
	s->rows |= cJSON_GetArraySize(rows) > 0;
	if ((have = json_str(f, "sum")) == NULL || !cJSON_IsArray(rows))
		goto keep;
	proto_digest(rows, sum);
	if (strcmp(sum, have) == 0)
		goto keep;
	cJSON_ReplaceItemInObjectCaseSensitive(f, "sum", cJSON_CreateString(sum));
	json_write(&s->out, f);
	s->fixed = 1;
	cJSON_Delete(f);
	return;
keep:
	buf_add(&s->out, line, len);
	cJSON_Delete(f);
}

static void
fz_scan(struct fz_scan *s, const char *data, size_t size)
{
	const char *p = data, *end = data + size, *q;

	memset(s, 0, sizeof *s);
	buf_init(&s->out);
	while (p < end) {
		q = memchr(p, '\n', (size_t)(end - p));
		fz_scan_line(s, p, q != NULL ? (size_t)(q - p) : (size_t)(end - p));
		if (q != NULL)
			buf_addc(&s->out, '\n');
		p = q != NULL ? q + 1 : end;
	}
}

static void
fz_scan_free(struct fz_scan *s)
{
	free(s->to);
	buf_free(&s->out);
}

/* The laptop as it was before any input, and the input as the link's
 * file. */
static void
fz_restore(const struct fz_laptop *lt, const char *data, size_t size)
{
	int fd = open(lt->path, O_WRONLY);

	/* Over the same pages, not truncated first: cheaper for tmpfs. */
	if (fd < 0 || pwrite(fd, lt->tmpl, lt->len, 0) != (ssize_t)lt->len ||
	    ftruncate(fd, (off_t)lt->len) != 0 || close(fd) != 0)
		fz_die(lt->path, "write");
	if (ftruncate(fz.fd, 0) != 0 || (size > 0 && pwrite(fz.fd, data, size, 0) !=
	    (ssize_t)size) || lseek(fz.fd, 0, SEEK_SET) != 0)
		fz_die(fz.input, "write");
}

static int
fz_import(struct db *db, struct err *e)
{
	struct node_opts o = {"fuzz", NULL, NULL, NULL};
	struct sync_counts n;
	struct link *l = link_fd_new(fz.fd, -1);
	int rc;

	err_clear(e);
	rc = node_import_bundle(db, l, &o, &n, e);
	link_close(l);
	return rc;
}

/* Statement sql (no parameter) must give the text want (NULL: no row). */
static void
fz_expect_text(struct db *db, const char *sql, const char *want)
{
	struct err e;
	char *got;

	err_clear(&e);
	got = db_text(db, &e, sql, "");
	if (e.msg[0] != '\0')
		fz_die(sql, e.msg);
	if ((got == NULL) != (want == NULL) || (got != NULL && strcmp(got, want) != 0))
		fz_die(sql, got != NULL ? got : "(no row)");
	free(got);
}

/* The cursor stays, or goes forward to the end of a batch of the input. */
static void
fz_check_cursor(const struct fz_laptop *lt, const struct fz_scan *s)
{
	int64_t cursor = fz_int(lt->db, "SELECT cursor FROM sync_state");
	size_t i;

	if (cursor == lt->cursor)
		return;
	for (i = 0; i < s->nto; i++)
		if (s->to[i] == cursor && cursor > lt->cursor)
			return;
	fprintf(stderr, "cursor %lld, was %lld\n", (long long)cursor, (long long)lt->cursor);
	fz_die(lt->path, "the cursor moved to no batch's end");
}

/* The gardien can still write: a new logbook entry goes in with its
 * operation (then is rolled back). */
static void
fz_check_write(const struct fz_laptop *lt)
{
	char id[UID_SIZE];
	struct err e;
	int rc;

	uid_new(id);
	if (db_begin(lt->db, &e) != 0)
		fz_die(lt->path, e.msg);
	rc = db_run(lt->db, &e, "INSERT INTO logbook_entry (id, at, author_id, text, updated_at, "
	    "updated_by) VALUES (?, " FZ_T ", " FZ_ID("04") ", 'Sonde', " FZ_PROV ")", "t", id);
	if (rc != 0)
		fz_die("a local change refused after the import", e.msg);
	if (fz_int(lt->db, "SELECT count(*) FROM op") != lt->ops + 1)
		fz_die("a local change not captured after the import", "");
	db_rollback(lt->db);
}

/* What must hold after any import, good or bad. */
static void
fz_check(const struct fz_laptop *lt, int rc, const struct err *e, const struct fz_scan *s)
{
	struct db *db = lt->db;

	if (rc != 0 && (e->msg[0] == '\0' || !utf8_valid(e->msg, strlen(e->msg))))
		fz_die("a refusal without a readable message", e->msg);
	if (db_in_transaction(db))
		fz_die("a transaction left open", e->msg);
	if (fz_int(db, "SELECT count(*) FROM sync_session WHERE outcome = 'running'") != 0)
		fz_die("the import's session left running in the sync log", e->msg);
	if (fz_int(db, "SELECT capture FROM sync_state") != 1)
		fz_die("capture left off", e->msg);
	if (fz_int(db, "SELECT hub FROM sync_state") > lt->hub)
		fz_die("the laptop taken for a hub", e->msg);
	if (fz_int(db, "PRAGMA foreign_keys") != 1)
		fz_die("foreign keys left off", e->msg);
	if (fz_int(db, "SELECT count(*) FROM op") != lt->ops ||
	    fz_int(db, "SELECT count(*) FROM op WHERE state IN ('pending','sent')") > lt->pending)
		fz_die("local operations made, lost or put back to pending", e->msg);
	fz_check_cursor(lt, s);
	fz_check_write(lt);
}

/* The whole file, which costs more than most imports: after every import
 * that went through, and one in eight of the others. The hub's rows are
 * trusted (they go in with foreign keys off), so foreign keys are checked
 * after inputs that bring none: what a purge or an undone refusal leaves
 * must not dangle. */
static void
fz_check_file(struct db *db, int rc, const struct fz_scan *s)
{
	if (rc != 0 && (fz.runs & 7) != 0)
		return;
	fz_expect_text(db, (fz.runs & 63) == 0 ? "PRAGMA integrity_check" : "PRAGMA quick_check",
	    "ok");
	if (!s->rows)
		fz_expect_text(db, "PRAGMA foreign_key_check", NULL);
}

/* data is the input, or the input with its sums made right. */
static void
fz_run(const struct fz_laptop *lt, const char *data, size_t size, const struct fz_scan *s)
{
	struct err e;
	int64_t cursor;
	int rc;

	fz_restore(lt, data, size);
	rc = fz_import(lt->db, &e);
	fz_check(lt, rc, &e, s);
	fz_check_file(lt->db, rc, s);
	if (rc != 0)
		return;
	/* Imported whole: a second time changes nothing. */
	cursor = fz_int(lt->db, "SELECT cursor FROM sync_state");
	if (lseek(fz.fd, 0, SEEK_SET) != 0)
		fz_die(fz.input, "lseek");
	if (fz_import(lt->db, &e) != 0)
		fz_die("a reply imported whole was refused the second time", e.msg);
	fz_check(lt, 0, &e, s);
	if (fz_int(lt->db, "SELECT cursor FROM sync_state") != cursor)
		fz_die("a second import moved the cursor", "");
}

/* Opens a laptop for the whole run and keeps its bytes. Its connection
 * stays open from one input to the next, because opening parses the
 * whole schema (the capture triggers), which costs more than most
 * imports. Each input then rewrites the file in place under the idle
 * connection, which is sound in rollback-journal mode: SQLite holds no
 * lock between transactions there and reads the header's change counter
 * at the start of each one, and a counter other than the one it cached
 * empties its page cache, as when another process wrote the file. Every
 * write transaction moves the counter on, so a file that no longer is
 * the template has another counter than the template's. The schema stays
 * the same, so cached statements stay good;
 * the temporary tables of an import are emptied before each use. Nothing
 * here needs to outlive a crash: no fsync. */
static void
fz_laptop_open(struct fz_laptop *lt, const char *path, int synced)
{
	struct err e;

	lt->path = path;
	lt->db = fz_open(path);
	if (db_script(lt->db, &e, "PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF") != 0)
		fz_die(path, e.msg);
	lt->cursor = fz_int(lt->db, "SELECT cursor FROM sync_state");
	lt->hub = fz_int(lt->db, "SELECT hub FROM sync_state");
	lt->ops = fz_int(lt->db, "SELECT count(*) FROM op");
	lt->pending = fz_int(lt->db, "SELECT count(*) FROM op WHERE state IN ('pending','sent')");
	if (synced && (lt->pending == 0 || lt->cursor == 0))
		fz_die(path, "the laptop has no pending operation or no cursor");
	lt->tmpl = fz_slurp(path, &lt->len);
}

static void
fz_laptop_close(struct fz_laptop *lt)
{
	db_close(lt->db);
	free(lt->tmpl);
	memset(lt, 0, sizeof *lt);
}

static void
fz_cleanup(void)
{
	fz_laptop_close(&fz.synced);
	fz_laptop_close(&fz.fresh);
	if (fz.fd >= 0)
		close(fz.fd);
	fz_world_free(&fz.w);
	free(fz.input);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_world_build(&fz.w);
	fz_laptop_open(&fz.synced, fz.w.node, 1);
	fz_laptop_open(&fz.fresh, fz.w.fresh, 0);
	unlink(fz.w.hub);
	unlink(fz.w.r1);
	unlink(fz.w.r2);
	fz.input = xasprintf("%s/input", fz.w.dir);
	if ((fz.fd = open(fz.input, O_RDWR | O_CREAT | O_TRUNC, 0600)) < 0)
		fz_die(fz.input, "open");
	atexit(fz_cleanup);
	return 0;
}

/* Every input goes to the synced laptop; one that carries a snapshot goes
 * to the new laptop too, the one it is made for. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_scan s;

	fz.runs++;
	fz_scan(&s, (const char *)data, size);
	fz_run(&fz.synced, (const char *)data, size, &s);
	if (s.fixed)
		fz_run(&fz.synced, s.out.data, s.out.len, &s);
	if (s.snapshot) {
		fz_run(&fz.fresh, (const char *)data, size, &s);
		if (s.fixed)
			fz_run(&fz.fresh, s.out.data, s.out.len, &s);
	}
	fz_scan_free(&s);
	return 0;
}
