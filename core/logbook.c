#include "logbook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "perm.h"
#include "sanitize.h"
#include "user.h"
#include "utf8.h"
#include "xalloc.h"

/* The places an entry may be about, and how to check that one exists. */
static const struct logbook_place {
	enum place_kind kind;
	const char *exists; /* 1 row if the place exists */
} logbook_places[] = {
	{PLACE_DWELLING, "SELECT 1 FROM dwelling WHERE id = ?"},
	{PLACE_ENTRANCE, "SELECT 1 FROM entrance WHERE id = ?"},
	{PLACE_BUILDING, "SELECT 1 FROM building WHERE id = ?"},
};

#define NPLACES (sizeof logbook_places / sizeof logbook_places[0])

/* The entries of a scope, found from its sectors down the indexes and
 * from their authors, rather than by walking every entry up to its
 * sector. Filled with the scope on sector_id and the author condition;
 * ?1 as in the scope. */
static const char scope_ids[] =
    "WITH ls_es AS (SELECT id FROM estate WHERE %s), "
    " ls_b AS (SELECT b.id FROM ls_es JOIN building b ON b.estate_id = ls_es.id), "
    " ls_en AS (SELECT en.id FROM ls_b JOIN entrance en ON en.building_id = ls_b.id), "
    " ids AS (SELECT rowid AS r FROM logbook_entry WHERE %s "
    "  UNION SELECT l.rowid FROM ls_b JOIN logbook_entry l ON l.building_id = ls_b.id "
    "  UNION SELECT l.rowid FROM ls_en JOIN logbook_entry l ON l.entrance_id = ls_en.id "
    "  UNION SELECT l.rowid FROM ls_en JOIN dwelling d ON d.entrance_id = ls_en.id "
    "   JOIN logbook_entry l ON l.dwelling_id = d.id) ";

/* Entries one may read without their place being in one's sectors: a
 * gardien's own, those of one's agency's people. */
static const char *const scope_authors[] = {
	[SCOPE_NONE] = "0",
	[SCOPE_SECTORS] = "author_id = ?1",
	[SCOPE_AGENCY] = "author_id IN (SELECT id FROM user_account WHERE agency_id = ?1)",
	[SCOPE_ALL] = "1",
};

/* The joins that name an entry's author and place, up to its estate. */
#define LOGBOOK_JOINS \
	"LEFT JOIN user_account ua ON ua.id = l.author_id " \
	"LEFT JOIN dwelling d ON d.id = l.dwelling_id " \
	"LEFT JOIN entrance en ON en.id = coalesce(l.entrance_id, d.entrance_id) " \
	"LEFT JOIN building b ON b.id = coalesce(l.building_id, en.building_id) " \
	"LEFT JOIN estate es ON es.id = b.estate_id "

/* Filled with a WITH clause (or nothing), the entries to start from and
 * the WHERE condition (see logbook_sql). "+l.at": sorting the rows found
 * beats reading the whole table in logbook_at order, one random page per
 * entry. */
static const char list_sql[] =
    "%sSELECT l.id, l.at, l.author_id, coalesce(ua.display_name, l.author_id), "
    " l.dwelling_id, l.entrance_id, l.building_id, " PATRIMOINE_PLACE_LABEL_SQL ", l.text "
    "FROM %s " LOGBOOK_JOINS "WHERE %s ORDER BY +l.at DESC, l.id DESC";

static const char days_sql[] =
    "%sSELECT substr(l.at, 1, 10) AS day, count(*) FROM %s WHERE %s "
    "GROUP BY day ORDER BY day DESC";

/* ---- Folding ---- */

static char
ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Appends s folded: ASCII lowered, other letters through sanitize_ascii
 * ("É" "E", "œ" "oe") then lowered, the rest (and invalid bytes) as is. */
static void
fold_into(struct buf *b, const char *s)
{
	const char *a;
	size_t len = strlen(s), i = 0;
	uint32_t cp;
	int n;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			buf_addc(b, ascii_lower(s[i++]));
			continue;
		}
		if ((n = utf8_decode(s + i, len - i, &cp)) == 0) {
			buf_addc(b, s[i++]);
			continue;
		}
		if ((a = sanitize_ascii(cp)) == NULL)
			buf_add(b, s + i, (size_t)n);
		for (; a != NULL && *a != '\0'; a++)
			buf_addc(b, ascii_lower(*a));
		i += (size_t)n;
	}
	buf_add(b, "", 0);
}

char *
logbook_fold(const char *s)
{
	struct buf b;

	buf_init(&b);
	fold_into(&b, s ? s : "");
	return buf_steal(&b);
}

/* ---- Adding ---- */

static int
logbook_check_text(const char *text, size_t *start, size_t *len, struct err *e)
{
	size_t i, s = 0, n = text ? strlen(text) : 0;

	while (s < n && strchr(" \t\r\n", text[s]) != NULL)
		s++;
	while (n > s && strchr(" \t\r\n", text[n - 1]) != NULL)
		n--;
	if (n == s)
		return err_set(e, "main courante : le texte est vide");
	if (!utf8_valid(text + s, n - s))
		return err_set(e, "main courante : texte invalide (UTF-8) à l'octet %zu",
		    utf8_invalid_at(text + s, n - s) + 1);
	if (n - s > LOGBOOK_TEXT_MAX)
		return err_set(e, "main courante : texte trop long (%zu octets, %d au plus)",
		    n - s, LOGBOOK_TEXT_MAX);
	for (i = s; i < n; i++)
		if (((unsigned char)text[i] < 0x20 && text[i] != '\n' && text[i] != '\t') ||
		    text[i] == 0x7f)
			return err_set(e, "main courante : caractère de contrôle interdit "
			    "dans le texte (octet %zu)", i - s + 1);
	*start = s;
	*len = n - s;
	return 0;
}

static int
logbook_check_place(struct db *db, enum place_kind kind, const char *place_id,
    struct err *e)
{
	int64_t one;
	size_t i;
	int rc;

	if (kind == PLACE_NONE)
		return 0;
	for (i = 0; i < NPLACES && logbook_places[i].kind != kind; i++)
		;
	if (i == NPLACES)
		return err_set(e, "main courante : une entrée se rattache à un logement, "
		    "une entrée ou un bâtiment, pas à : %s", patrimoine_kind_label(kind));
	if (place_id == NULL || *place_id == '\0')
		return err_set(e, "main courante : %s non indiqué", patrimoine_kind_label(kind));
	rc = db_int(db, e, &one, logbook_places[i].exists, "t", place_id);
	if (rc == 0)
		return err_set(e, "main courante : %s introuvable : %s",
		    patrimoine_kind_label(kind), place_id);
	return rc < 0 ? -1 : 0;
}

int
logbook_add(struct db *db, const struct user *who, const char *text, enum place_kind kind,
    const char *place_id, char out_id[UID_SIZE], struct err *e)
{
	char id[UID_SIZE], now[DT_STAMP_SIZE], *body;
	size_t start = 0, len = 0;
	int rc;

	if (!perm_can_write(who->role, PG_LOGBOOK))
		return err_set(e, "main courante : votre rôle (%s) ne permet pas d'y écrire",
		    user_role_label(who->role));
	if (logbook_check_text(text, &start, &len, e) != 0 ||
	    logbook_check_place(db, kind, place_id, e) != 0)
		return -1;
	body = xstrndup(text + start, len);
	uid_new(id);
	dt_now(now);
	if (db_begin(db, e) != 0) {
		free(body);
		return -1;
	}
	rc = db_run(db, e, "INSERT INTO logbook_entry (id, at, author_id, text, dwelling_id, "
	    "entrance_id, building_id, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    "ttttttttt", id, now, who->id, body, kind == PLACE_DWELLING ? place_id : NULL,
	    kind == PLACE_ENTRANCE ? place_id : NULL, kind == PLACE_BUILDING ? place_id : NULL,
	    now, who->id);
	free(body);
	if (rc != 0 || db_commit(db, e) != 0) {
		db_rollback(db);
		return err_prefix(e, "main courante : ");
	}
	if (out_id)
		memcpy(out_id, id, UID_SIZE);
	return 0;
}

/* ---- Reading ---- */

/* The statement for a scope and, when day is set, a day (then ?2 and ?3
 * are that day and the next, the entries are found along logbook_at and
 * each is walked up to its sector). The caller frees. */
static char *
logbook_sql(const char *form, const struct scope *s, int day)
{
	char *sectors, *with, *cond, *sql;

	if (day) {
		sectors = patrimoine_scope_sql(s, "es.sector_id");
		cond = xasprintf("(%s OR %s) AND l.at >= ?2 AND l.at < ?3",
		    scope_authors[s->kind], sectors);
		sql = xasprintf(form, "", "logbook_entry l", cond);
	} else if (s->kind == SCOPE_SECTORS || s->kind == SCOPE_AGENCY) {
		sectors = patrimoine_scope_sql(s, "sector_id");
		with = xasprintf(scope_ids, sectors, scope_authors[s->kind]);
		sql = xasprintf(form, with, "ids CROSS JOIN logbook_entry l ON l.rowid = ids.r",
		    "1");
		free(with);
		cond = NULL;
	} else {
		sectors = patrimoine_scope_sql(s, "NULL");
		sql = xasprintf(form, "", "logbook_entry l", sectors);
		cond = NULL;
	}
	free(sectors);
	free(cond);
	return sql;
}

static struct db_stmt *
logbook_prepare(struct db *db, const struct user *who, const char *form, const char *day,
    struct err *e)
{
	struct db_stmt *st;
	struct scope s;
	char next[DT_DATE_SIZE], *sql;

	if (!perm_can_read(who->role, PG_LOGBOOK)) {
		err_set(e, "main courante : votre rôle (%s) ne permet pas de la lire",
		    user_role_label(who->role));
		return NULL;
	}
	if (day && !dt_date_valid(day)) {
		err_set(e, "main courante : jour invalide : %s (AAAA-MM-JJ attendu)", day);
		return NULL;
	}
	patrimoine_scope(who, &s);
	sql = logbook_sql(form, &s, day != NULL);
	st = db_stmt(db, e, sql);
	free(sql);
	if (st == NULL)
		return NULL;
	if (day)
		dt_from_days(dt_days(day) + 1, next);
	if ((day ? db_bind(st, e, "ttt", s.arg, day, next) : db_bind(st, e, "t", s.arg)) != 0)
		return NULL;
	return st;
}

static void
logbook_fill(struct logbook_row *r, struct db_stmt *st)
{
	static const enum place_kind kinds[] = {PLACE_DWELLING, PLACE_ENTRANCE, PLACE_BUILDING};
	const char *v;
	int i;

	memset(r, 0, sizeof *r);
	snprintf(r->id, sizeof r->id, "%s", db_col_text(st, 0));
	snprintf(r->at, sizeof r->at, "%s", db_col_text(st, 1));
	snprintf(r->author_id, sizeof r->author_id, "%s", db_col_text(st, 2));
	r->author = db_col_dup(st, 3);
	for (i = 0; i < 3; i++) {
		if ((v = db_col_text(st, 4 + i)) == NULL)
			continue;
		r->place_kind = kinds[i];
		snprintf(r->place_id, sizeof r->place_id, "%s", v);
		break;
	}
	r->place = db_col_dup(st, 7);
	r->text = db_col_dup(st, 8);
}

/* 1 if the entry's text holds the folded needle (NULL: no search). */
static int
logbook_match(struct buf *scratch, const char *text, const char *needle)
{
	if (needle == NULL)
		return 1;
	buf_reset(scratch);
	fold_into(scratch, text ? text : "");
	return strstr(scratch->data, needle) != NULL;
}

int
logbook_list(struct db *db, const struct user *who, const char *day, const char *search,
    struct logbook_row **rows, size_t *n, struct err *e)
{
	struct db_stmt *st;
	struct buf scratch;
	char *needle = NULL;
	size_t cap = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	if ((st = logbook_prepare(db, who, list_sql, day, e)) == NULL)
		return -1;
	if (search && *search)
		needle = logbook_fold(search);
	buf_init(&scratch);
	while ((rc = db_step(st, e)) == 1) {
		if (!logbook_match(&scratch, db_col_text(st, 8), needle))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*rows = xreallocarray(*rows, cap, sizeof **rows);
		}
		logbook_fill(&(*rows)[(*n)++], st);
	}
	buf_free(&scratch);
	free(needle);
	if (rc < 0) {
		logbook_rows_free(*rows, *n);
		*rows = NULL;
		*n = 0;
	}
	return rc;
}

void
logbook_rows_free(struct logbook_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(rows[i].author);
		free(rows[i].place);
		free(rows[i].text);
	}
	free(rows);
}

int
logbook_days(struct db *db, const struct user *who, struct logbook_day **days, size_t *n,
    struct err *e)
{
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*days = NULL;
	*n = 0;
	if ((st = logbook_prepare(db, who, days_sql, NULL, e)) == NULL)
		return -1;
	while ((rc = db_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*days = xreallocarray(*days, cap, sizeof **days);
		}
		snprintf((*days)[*n].day, DT_DATE_SIZE, "%s", db_col_text(st, 0));
		(*days)[(*n)++].entries = (long)db_col_int(st, 1);
	}
	if (rc < 0) {
		free(*days);
		*days = NULL;
		*n = 0;
	}
	return rc;
}
