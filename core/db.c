#include "db.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "schema.h"
#include "uid.h"
#include "utf8.h"
#include "xalloc.h"

/* "LOGE" in the database header tells our files from other SQLite files. */
#define DB_APPLICATION_ID 0x4c4f4745

struct db_stmt {
	struct db *db;
	sqlite3_stmt *st;
	char *sql;
};

struct db {
	sqlite3 *h;
	char *path;
	struct db_stmt **stmts;
	size_t nstmts;
	int depth;         /* transaction nesting */
	int readonly;      /* opened with DB_READONLY */
	const char *tx_file; /* where the outermost transaction was opened */
	int tx_line;
};

static int db_check_header(struct db *db, int flags, struct err *e);
static int db_check_mode(const char *path, struct err *e);
static int db_ensure_node_id(struct db *db, struct err *e);

/* Turns SQLite's result into a message a person can act on. */
static int
db_fail(struct db *db, struct err *e, int rc)
{
	const char *what, *detail = sqlite3_errmsg(db->h);
	int ext = sqlite3_extended_errcode(db->h);

	switch (ext) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		what = "valeur déjà existante";
		break;
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		what = "référence vers une ligne inexistante ou encore utilisée";
		break;
	case SQLITE_CONSTRAINT_CHECK:
		what = "valeur hors des valeurs permises";
		break;
	case SQLITE_CONSTRAINT_NOTNULL:
		what = "valeur obligatoire manquante";
		break;
	case SQLITE_CONSTRAINT_DATATYPE:
		what = "type de valeur incorrect";
		break;
	default:
		switch (rc & 0xff) {
		case SQLITE_FULL:
			what = "disque plein : rien n'a été écrit";
			break;
		case SQLITE_BUSY:
		case SQLITE_LOCKED:
			what = "base occupée par un autre processus";
			break;
		case SQLITE_READONLY:
			what = "base en lecture seule";
			break;
		case SQLITE_NOTADB:
		case SQLITE_CORRUPT:
			what = "fichier qui n'est pas une base Loge valide";
			break;
		case SQLITE_IOERR:
		case SQLITE_CANTOPEN:
			what = "erreur d'accès au fichier";
			break;
		default:
			what = "erreur de base de données";
		}
	}
	return err_set(e, "%s (%s)", what, detail);
}

int
db_open(struct db **out, const char *path, int flags, struct err *e)
{
	struct db *db;
	int fd, oflags, rc;

	*out = NULL;
	if ((flags & DB_CREATE) && !(flags & DB_READONLY)) {
		/* Made here, not by SQLite, so that the file is private from
		 * its first byte: tenants' data lives in it. */
		fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0)
			return err_set(e, "%s : impossible de créer la base : %s", path,
			    strerror(errno));
		close(fd);
	} else if (access(path, F_OK) != 0) {
		return err_set(e, "%s : base introuvable : %s", path, strerror(errno));
	}
	if (db_check_mode(path, e) != 0)
		return -1;
	db = xcalloc(1, sizeof *db);
	db->path = xstrdup(path);
	db->readonly = (flags & DB_READONLY) != 0;
	oflags = (flags & DB_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	rc = sqlite3_open_v2(path, &db->h, oflags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		db_fail(db, e, rc);
		err_prefix(e, "%s : ", path);
		db_close(db);
		return -1;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, 5000);
	if (db_check_header(db, flags, e) != 0 ||
	    (!(flags & DB_READONLY) &&
		/* secure_delete: a tenant's erased name or phone must not
		 * linger in free pages of a lost laptop's file ("fast": only
		 * where it costs no extra I/O). */
		(db_script(db, e, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
		    "PRAGMA temp_store=MEMORY; PRAGMA secure_delete=FAST;") != 0 ||
		    schema_migrate(db, e) != 0 || db_ensure_node_id(db, e) != 0)) ||
	    db_script(db, e, "PRAGMA foreign_keys=ON;") != 0) {
		err_prefix(e, "%s : ", path);
		db_close(db);
		return -1;
	}
	*out = db;
	return 0;
}

/* The file holds tenants' names and phones: on a shared or lost laptop,
 * a copy readable by other accounts is a leak, so Loge will not work on
 * it rather than silently spreading the data further (the -wal and -shm
 * files SQLite makes take the main file's mode). Execute bits are
 * harmless and ignored. */
static int
db_check_mode(const char *path, struct err *e)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return err_set(e, "%s : base inaccessible : %s", path, strerror(errno));
	if ((st.st_mode & 066) == 0)
		return 0;
	return err_set(e, "%s : base accessible à d'autres utilisateurs (mode %04o) ; elle "
	    "contient des données personnelles de locataires. Loge refuse de l'ouvrir. "
	    "Réservez-la à son propriétaire avec : chmod 600 %s", path,
	    (unsigned)(st.st_mode & 07777), path);
}

/* Reads the header before anything writes to the file: a newer schema or a
 * foreign file must leave the file exactly as it was. */
static int
db_check_header(struct db *db, int flags, struct err *e)
{
	int64_t version = 0, appid = 0, tables = 0;

	if (db_int(db, e, &version, "PRAGMA user_version", "") < 0 ||
	    db_int(db, e, &appid, "PRAGMA application_id", "") < 0 ||
	    db_int(db, e, &tables, "SELECT count(*) FROM sqlite_schema", "") < 0)
		return -1;
	if (appid != DB_APPLICATION_ID && (appid != 0 || tables != 0))
		return err_set(e, "ce fichier SQLite n'est pas une base Loge");
	if (version > schema_latest())
		return err_set(e, "base créée par une version plus récente de Loge "
		    "(schéma %lld, cette version connaît le schéma %d) : "
		    "mettez Loge à jour ; la base n'a pas été modifiée",
		    (long long)version, schema_latest());
	if ((flags & DB_READONLY) && version < schema_latest())
		return err_set(e, "base au schéma %lld à mettre à jour (schéma %d) : "
		    "ouvrez-la une fois en écriture", (long long)version, schema_latest());
	return 0;
}

/* Every node has its own id from its first open: it names the node in the
 * sync log and in operation ids. */
static int
db_ensure_node_id(struct db *db, struct err *e)
{
	char *id = db_meta_get(db, "node_id");
	char fresh[UID_SIZE];
	int rc = 0;

	if (id == NULL) {
		uid_new(fresh);
		rc = db_meta_set(db, e, "node_id", fresh);
	}
	free(id);
	return rc;
}

void
db_close(struct db *db)
{
	size_t i;

	if (db == NULL)
		return;
	if (db->depth > 0) {
		fprintf(stderr, "loge: transaction ouverte en %s:%d jamais terminée, annulée\n",
		    db->tx_file, db->tx_line);
		db->depth = 1;
		db_rollback(db);
	}
	for (i = 0; i < db->nstmts; i++) {
		sqlite3_finalize(db->stmts[i]->st);
		free(db->stmts[i]->sql);
		free(db->stmts[i]);
	}
	free(db->stmts);
	if (db->h)
		sqlite3_close(db->h);
	free(db->path);
	free(db);
}

const char *
db_path(const struct db *db)
{
	return db->path;
}

int
db_schema_version(struct db *db)
{
	int64_t v = 0;

	db_int(db, NULL, &v, "PRAGMA user_version", "");
	return (int)v;
}

int
db_begin_at(struct db *db, struct err *e, const char *file, int line)
{
	char sql[64];

	if (db->depth == 0) {
		if (db_script(db, e, "BEGIN IMMEDIATE") != 0)
			return -1;
		db->tx_file = file;
		db->tx_line = line;
	} else {
		snprintf(sql, sizeof sql, "SAVEPOINT sp%d", db->depth);
		if (db_script(db, e, sql) != 0)
			return -1;
	}
	db->depth++;
	return 0;
}

int
db_commit(struct db *db, struct err *e)
{
	char sql[64];

	if (db->depth <= 0)
		return err_set(e, "validation sans transaction ouverte");
	if (db->depth == 1) {
		if (db_script(db, e, "COMMIT") != 0) {
			db_rollback(db);
			return -1;
		}
	} else {
		snprintf(sql, sizeof sql, "RELEASE sp%d", db->depth - 1);
		if (db_script(db, e, sql) != 0)
			return -1;
	}
	db->depth--;
	return 0;
}

void
db_rollback(struct db *db)
{
	char sql[80];

	if (db->depth <= 0)
		return;
	if (db->depth == 1) {
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	} else {
		snprintf(sql, sizeof sql, "ROLLBACK TO sp%d; RELEASE sp%d", db->depth - 1,
		    db->depth - 1);
		sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	}
	db->depth--;
}

int
db_readonly(const struct db *db)
{
	return db->readonly;
}

int
db_in_transaction(const struct db *db)
{
	return db->depth > 0;
}

struct db_stmt *
db_stmt(struct db *db, struct err *e, const char *sql)
{
	struct db_stmt *s;
	sqlite3_stmt *st;
	size_t i;
	int rc;

	for (i = 0; i < db->nstmts; i++) {
		s = db->stmts[i];
		/* By content, never by pointer: a freed SQL string's address
		 * may come back holding other SQL. */
		if (strcmp(s->sql, sql) == 0) {
			sqlite3_reset(s->st);
			sqlite3_clear_bindings(s->st);
			return s;
		}
	}
	rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		db_fail(db, e, rc);
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	s->db = db;
	s->st = st;
	s->sql = xstrdup(sql);
	db->stmts = xreallocarray(db->stmts, db->nstmts + 1, sizeof *db->stmts);
	db->stmts[db->nstmts++] = s;
	return s;
}

static int
db_vbind(struct db_stmt *s, struct err *e, int first, const char *types, va_list ap)
{
	const char *t;
	int i, rc = SQLITE_OK;

	for (i = first, t = types; *t; t++, i++) {
		switch (*t) {
		case 't': {
			const char *v = va_arg(ap, const char *);
			size_t len = v ? strlen(v) : 0;
			if (v && !utf8_valid(v, len))
				return err_set(e, "texte invalide (UTF-8) dans le paramètre %d", i);
			rc = v ? sqlite3_bind_text(s->st, i, v, (int)len, SQLITE_TRANSIENT)
			       : sqlite3_bind_null(s->st, i);
			break;
		}
		case 'i':
			rc = sqlite3_bind_int64(s->st, i, va_arg(ap, int64_t));
			break;
		case 'd':
			rc = sqlite3_bind_int(s->st, i, va_arg(ap, int));
			break;
		case 'f':
			rc = sqlite3_bind_double(s->st, i, va_arg(ap, double));
			break;
		case 'n':
			rc = sqlite3_bind_null(s->st, i);
			break;
		default:
			return err_set(e, "type de paramètre inconnu '%c'", *t);
		}
		if (rc != SQLITE_OK)
			return db_fail(s->db, e, rc);
	}
	return 0;
}

int
db_bind(struct db_stmt *s, struct err *e, const char *types, ...)
{
	va_list ap;
	int rc;

	va_start(ap, types);
	rc = db_vbind(s, e, 1, types, ap);
	va_end(ap);
	return rc;
}

int
db_bind_at(struct db_stmt *s, struct err *e, int i, int type, ...)
{
	char types[2] = {(char)type, '\0'};
	va_list ap;
	int rc;

	va_start(ap, type);
	rc = db_vbind(s, e, i, types, ap);
	va_end(ap);
	return rc;
}

char
db_col_kind(struct db_stmt *s, int col)
{
	switch (sqlite3_column_type(s->st, col)) {
	case SQLITE_INTEGER:
		return 'i';
	case SQLITE_FLOAT:
		return 'f';
	case SQLITE_NULL:
		return 'n';
	default:
		return 't';
	}
}

int
db_last_was_constraint(struct db *db)
{
	return (sqlite3_extended_errcode(db->h) & 0xff) == SQLITE_CONSTRAINT;
}

int
db_step(struct db_stmt *s, struct err *e)
{
	int rc = sqlite3_step(s->st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(s->st);
		return 0;
	}
	db_fail(s->db, e, rc);
	sqlite3_reset(s->st);
	return -1;
}

void
db_reset(struct db_stmt *s)
{
	sqlite3_reset(s->st);
}

const char *
db_col_text(struct db_stmt *s, int col)
{
	return (const char *)sqlite3_column_text(s->st, col);
}

int64_t
db_col_int(struct db_stmt *s, int col)
{
	return sqlite3_column_int64(s->st, col);
}

double
db_col_double(struct db_stmt *s, int col)
{
	return sqlite3_column_double(s->st, col);
}

int
db_col_is_null(struct db_stmt *s, int col)
{
	return sqlite3_column_type(s->st, col) == SQLITE_NULL;
}

int
db_col_count(struct db_stmt *s)
{
	return sqlite3_column_count(s->st);
}

const char *
db_col_name(struct db_stmt *s, int col)
{
	return sqlite3_column_name(s->st, col);
}

char *
db_col_dup(struct db_stmt *s, int col)
{
	return xstrdup(db_col_text(s, col));
}

static struct db_stmt *
db_vprepare(struct db *db, struct err *e, const char *sql, const char *types, va_list ap)
{
	struct db_stmt *s = db_stmt(db, e, sql);

	if (s == NULL || db_vbind(s, e, 1, types, ap) != 0)
		return NULL;
	return s;
}

int
db_run(struct db *db, struct err *e, const char *sql, const char *types, ...)
{
	struct db_stmt *s;
	va_list ap;
	int rc;

	va_start(ap, types);
	s = db_vprepare(db, e, sql, types, ap);
	va_end(ap);
	if (s == NULL)
		return -1;
	while ((rc = db_step(s, e)) == 1)
		;
	return rc;
}

int
db_int(struct db *db, struct err *e, int64_t *out, const char *sql, const char *types, ...)
{
	struct db_stmt *s;
	va_list ap;
	int rc;

	va_start(ap, types);
	s = db_vprepare(db, e, sql, types, ap);
	va_end(ap);
	if (s == NULL)
		return -1;
	rc = db_step(s, e);
	if (rc == 1) {
		*out = db_col_int(s, 0);
		sqlite3_reset(s->st);
	}
	return rc;
}

char *
db_text(struct db *db, struct err *e, const char *sql, const char *types, ...)
{
	struct db_stmt *s;
	va_list ap;
	char *v = NULL;

	va_start(ap, types);
	s = db_vprepare(db, e, sql, types, ap);
	va_end(ap);
	if (s == NULL)
		return NULL;
	if (db_step(s, e) == 1) {
		v = db_col_dup(s, 0);
		sqlite3_reset(s->st);
	}
	return v;
}

int
db_script(struct db *db, struct err *e, const char *sql)
{
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : db_fail(db, e, rc);
}

int64_t
db_changes(struct db *db)
{
	return sqlite3_changes64(db->h);
}

char *
db_meta_get(struct db *db, const char *key)
{
	return db_text(db, NULL, "SELECT value FROM meta WHERE key = ?", "t", key);
}

int
db_meta_set(struct db *db, struct err *e, const char *key, const char *value)
{
	return db_run(db, e,
	    "INSERT INTO meta(key, value) VALUES (?, ?) "
	    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
	    "tt", key, value);
}
