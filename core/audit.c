/* The audit log of personal-data displays (see audit.h). Loaders note
 * what they hand out; one flush per load writes the notes in a single
 * short transaction, so that an export of a thousand tenants costs one
 * commit, not a thousand. */
#include "audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "patrimoine.h"
#include "perm.h"
#include "sheet.h"
#include "user.h"
#include "xalloc.h"

struct note {
	char tenant_id[UID_SIZE];
	int what;
	char *screen;
};

static char *actor;
static char *screen;
static struct note *notes;
static size_t nnotes, capnotes;

void
audit_set_actor(const char *user_id)
{
	free(actor);
	actor = user_id ? xstrdup(user_id) : NULL;
}

void
audit_set_screen(const char *s)
{
	free(screen);
	screen = s ? xstrdup(s) : NULL;
}

void
audit_set_screen_command(const char *name)
{
	free(screen);
	screen = xasprintf("loge %s", name);
}

const char *
audit_screen(void)
{
	return screen ? screen : "?";
}

void
audit_note(const char *tenant_id, int what)
{
	struct note *n;
	size_t i;

	if (actor == NULL || tenant_id == NULL || strlen(tenant_id) != UID_SIZE - 1 ||
	    (what & (AUDIT_IDENTITY | AUDIT_CONTACT)) == 0)
		return;
	/* A list shows the same tenant on several lines: one note. */
	for (i = 0; i < nnotes; i++)
		if (strcmp(notes[i].tenant_id, tenant_id) == 0 &&
		    strcmp(notes[i].screen, audit_screen()) == 0) {
			notes[i].what |= what;
			return;
		}
	if (nnotes == capnotes) {
		capnotes = capnotes ? 2 * capnotes : 16;
		notes = xreallocarray(notes, capnotes, sizeof *notes);
	}
	n = &notes[nnotes++];
	memcpy(n->tenant_id, tenant_id, UID_SIZE);
	n->what = what;
	n->screen = xstrdup(audit_screen());
}

void
audit_discard(void)
{
	size_t i;

	for (i = 0; i < nnotes; i++)
		free(notes[i].screen);
	nnotes = 0;
}

/* One row unless the same display was logged within the window. */
static int
audit_write_one(struct db *db, const struct note *n, const char *what, const char *node,
    const char *now, const char *since, struct err *e)
{
	char id[UID_SIZE];
	int64_t seen = 0;

	if (db_int(db, e, &seen, "SELECT count(*) FROM audit_log WHERE tenant_id = ? AND "
	    "user_id = ? AND screen = ? AND what = ? AND at >= ?", "ttttt", n->tenant_id, actor,
	    n->screen, what, since) < 0)
		return -1;
	if (seen > 0)
		return 0;
	uid_new(id);
	return db_run(db, e, "INSERT INTO audit_log (id, at, user_id, node, tenant_id, screen, "
	    "what, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "ttttttttt",
	    id, now, actor, node, n->tenant_id, n->screen, what, now, actor);
}

static int
audit_write(struct db *db, struct err *e)
{
	char now[DT_STAMP_SIZE], since[DT_STAMP_SIZE];
	char *node = db_meta_get(db, "node_id");
	int64_t ms = (int64_t)dt_now_ms() / 1000 - AUDIT_DEDUP_SECONDS;
	size_t i;
	int rc = 0;

	dt_now(now);
	dt_stamp(ms / 86400, (int)(ms % 86400), since);
	if (db_begin(db, e) != 0) {
		free(node);
		return -1;
	}
	for (i = 0; i < nnotes && rc == 0; i++) {
		if (notes[i].what & AUDIT_IDENTITY)
			rc = audit_write_one(db, &notes[i], "identity", node ? node : "?", now,
			    since, e);
		if (rc == 0 && (notes[i].what & AUDIT_CONTACT))
			rc = audit_write_one(db, &notes[i], "contact", node ? node : "?", now,
			    since, e);
	}
	free(node);
	if (rc != 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db, e);
}

int
audit_flush(struct db *db, struct err *e)
{
	struct db *rw;
	int rc;

	if (nnotes == 0 || db_in_transaction(db))
		return 0;
	err_clear(e);
	if (!db_readonly(db)) {
		rc = audit_write(db, e);
	} else {
		/* Exports open the base read-only; the log is written anyway,
		 * through a handle of its own. */
		rc = db_open(&rw, db_path(db), 0, e);
		if (rc == 0) {
			rc = audit_write(rw, e);
			db_close(rw);
		}
	}
	if (rc != 0)
		err_prefix(e, "journal des consultations : ");
	audit_discard();
	return rc;
}

/* ---- Reading ---- */

const char *
audit_what_label(const char *what)
{
	if (what != NULL && strcmp(what, "identity") == 0)
		return "identité";
	if (what != NULL && strcmp(what, "contact") == 0)
		return "coordonnées";
	return what ? what : "";
}

/* Tenants in the reader's scope: those with a lease in a dwelling of it. */
#define AUDIT_TENANT_IN(cond) \
	"EXISTS (SELECT 1 FROM lease_tenant lt JOIN lease l ON l.id = lt.lease_id " \
	"JOIN dwelling d ON d.id = l.dwelling_id JOIN entrance en ON en.id = d.entrance_id " \
	"JOIN building b ON b.id = en.building_id JOIN estate es ON es.id = b.estate_id " \
	"WHERE lt.tenant_id = a.tenant_id AND " cond ")"

static char *
audit_list_sql(const struct scope *sc)
{
	char *cond, *where, *sql;

	if (sc->kind == SCOPE_ALL) {
		where = xstrdup("(?1 IS NOT NULL OR ?1 IS NULL)");
	} else {
		cond = patrimoine_scope_sql(sc, "es.sector_id");
		where = xasprintf(AUDIT_TENANT_IN("%s"), cond);
		free(cond);
	}
	sql = xasprintf("SELECT a.id, a.at, coalesce(u.login, a.user_id), a.node, a.tenant_id, "
	    "t.last_name, t.first_name, coalesce(t.anonymised, 0), a.screen, a.what "
	    "FROM audit_log a LEFT JOIN user_account u ON u.id = a.user_id "
	    "LEFT JOIN tenant t ON t.id = a.tenant_id "
	    "WHERE %s AND (?2 IS NULL OR a.tenant_id = ?2) "
	    "AND (?3 IS NULL OR u.login = ?3) AND (?4 IS NULL OR a.at >= ?4) "
	    "ORDER BY a.at DESC, a.id DESC LIMIT ?5", where);
	free(where);
	return sql;
}

static void
audit_row_fill(struct audit_row *r, struct db_stmt *st)
{
	const char *s;

	memset(r, 0, sizeof *r);
	snprintf(r->id, sizeof r->id, "%s", db_col_text(st, 0));
	snprintf(r->at, sizeof r->at, "%s", db_col_text(st, 1));
	r->login = db_col_dup(st, 2);
	r->node = db_col_dup(st, 3);
	snprintf(r->tenant_id, sizeof r->tenant_id, "%s", db_col_text(st, 4));
	s = db_col_text(st, 5);
	r->tenant = s ? sheet_person(s, db_col_text(st, 6), (int)db_col_int(st, 7))
	    : xstrdup("locataire inconnu");
	r->screen = db_col_dup(st, 8);
	r->what = db_col_dup(st, 9);
}

int
audit_list(struct db *db, const struct user *who, const struct audit_filter *f,
    struct audit_row **rows, size_t *n, struct err *e)
{
	char since[DT_STAMP_SIZE + 8];
	struct db_stmt *st;
	struct scope sc;
	size_t cap = 0;
	char *sql;
	int rc;

	*rows = NULL;
	*n = 0;
	if (!perm_can_read(who->role, PG_AUDIT))
		return err_set(e, "%s : réservé à %s", perm_group_label(PG_AUDIT),
		    perm_group_owner(PG_AUDIT));
	if (f->since != NULL)
		snprintf(since, sizeof since, "%.10sT00:00:00Z", f->since);
	patrimoine_scope(who, &sc);
	sql = audit_list_sql(&sc);
	st = db_stmt(db, e, sql);
	free(sql);
	if (st == NULL || db_bind(st, e, "ttttd", sc.arg ? sc.arg : who->id, f->tenant_id,
	    f->login, f->since ? since : NULL, f->limit ? (int)f->limit : -1) != 0)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 32;
			*rows = xreallocarray(*rows, cap, sizeof **rows);
		}
		audit_row_fill(&(*rows)[(*n)++], st);
	}
	if (rc < 0) {
		audit_rows_free(*rows, *n);
		*rows = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void
audit_rows_free(struct audit_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(rows[i].login);
		free(rows[i].node);
		free(rows[i].tenant);
		free(rows[i].screen);
		free(rows[i].what);
	}
	free(rows);
}
