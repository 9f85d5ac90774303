/* loge synclog: the sync sessions, newest first, one line each; with
 * --conflicts only those with conflicts or refusals, each followed by its
 * ledger lines and its refusals; --json for scripts. Who sees what is the
 * TUI's rule (synclog_filter_for): a gardien his own sessions, agency
 * staff their agency's, organisation-wide roles all. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/datetime.h"
#include "core/db.h"
#include "core/field.h"
#include "core/perm.h"
#include "core/sanitize.h"
#include "core/user.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "sync/json.h"
#include "sync/synclog.h"

struct cmd_synclog_args {
	const char *since;
	int conflicts;
	int json;
};

static int cmd_synclog_run(struct cli *, int, char **);

const struct cli_cmd cmd_synclog = {
	"synclog",
	"[--since DATE] [--conflicts] [--json]",
	"affiche le journal des synchronisations",
	"Une ligne par session, la plus récente d'abord : début (heure locale),\n"
	"durée, côté (hub ou poste), utilisateur, poste, opérations envoyées et\n"
	"reçues, appliquées, fusionnées, en conflit, refusées, lignes reçues du\n"
	"hub, octets reçus/envoyés, décalage d'horloge, issue.\n"
	"Un gardien voit ses sessions, le personnel d'agence celles de son agence,\n"
	"l'administrateur et l'auditeur toutes.\n"
	"\n"
	"Options :\n"
	"  --since DATE   sessions commencées ce jour-là (AAAA-MM-JJ) ou après\n"
	"  --conflicts    seulement les sessions avec conflits ou refus, chacune\n"
	"                 suivie de ses conflits et de ses refus\n"
	"  --json         un tableau JSON, un objet par ligne (dates en UTC) ; avec\n"
	"                 --conflicts, chaque session a aussi conflict_details et\n"
	"                 refusal_details\n",
	cmd_synclog_run,
};

static int
cmd_synclog_parse(struct cli *cli, int argc, char **argv, struct cmd_synclog_args *a)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{"since", required_argument, NULL, 's'},
		{"conflicts", no_argument, NULL, 'c'},
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (cli_common(cli, &cmd_synclog, c, optarg))
			continue;
		switch (c) {
		case 's':
			a->since = optarg;
			break;
		case 'c':
			a->conflicts = 1;
			break;
		case 'j':
			a->json = 1;
			break;
		case ':':
			return cli_usage_error(&cmd_synclog, "l'option %s demande une valeur",
			    argv[optind - 1]);
		default:
			return cli_usage_error(&cmd_synclog, "option inconnue « %s »",
			    argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_synclog, "argument inattendu « %s »", argv[optind]);
	if (a->since != NULL && !dt_date_valid(a->since))
		return cli_usage_error(&cmd_synclog, "date invalide « %s » (AAAA-MM-JJ attendu)",
		    a->since);
	return 0;
}

/* ---- Text ---- */

/* Sanitised text padded (or cut) to width code points, then a space;
 * width 0: the whole text, no padding. */
static void
put_cell(struct buf *b, const char *text, size_t width, int right)
{
	char *s = sanitize_str(text, 0);
	size_t n = 0, off = 0, len = strlen(s), i;
	uint32_t cp;
	int k;

	while (off < len && (width == 0 || n < width)) {
		k = utf8_decode(s + off, len - off, &cp);
		off += k > 0 ? (size_t)k : 1;
		n++;
	}
	for (i = n; right && i < width; i++)
		buf_addc(b, ' ');
	buf_add(b, s, off);
	for (i = n; !right && i < width; i++)
		buf_addc(b, ' ');
	if (width > 0)
		buf_addc(b, ' ');
	free(s);
}

static void
put_int(struct buf *b, int64_t v, size_t width)
{
	char n[24];

	snprintf(n, sizeof n, "%lld", (long long)v);
	put_cell(b, n, width, 1);
}

static void
duration(const struct synclog_session *s, char *out, size_t size)
{
	int64_t secs;

	if (s->ended_at == NULL || !dt_stamp_valid(s->ended_at) || !dt_stamp_valid(s->started_at)) {
		snprintf(out, size, "-");
		return;
	}
	secs = (dt_days(s->ended_at) - dt_days(s->started_at)) * 86400 +
	    (atoi(s->ended_at + 11) - atoi(s->started_at + 11)) * 3600 +
	    (atoi(s->ended_at + 14) - atoi(s->started_at + 14)) * 60 +
	    atoi(s->ended_at + 17) - atoi(s->started_at + 17);
	if (secs < 120)
		snprintf(out, size, "%lld s", (long long)secs);
	else
		snprintf(out, size, "%lld min", (long long)(secs / 60));
}

static void
print_header(void)
{
	static const struct {
		const char *title;
		size_t width;
		int right;
	} cols[] = {
		{"Début", 16, 0}, {"Durée", 6, 1}, {"Côté", 5, 0}, {"Utilisateur", 18, 0},
		{"Poste", 8, 0}, {"Env.", 5, 1}, {"Reçues", 6, 1}, {"Appl.", 5, 1},
		{"Fus.", 4, 1}, {"Confl.", 6, 1}, {"Refus", 5, 1}, {"Tirées", 6, 1},
		{"Octets r/e", 15, 1}, {"Décalage", 9, 1}, {"Issue", 0, 0},
	};
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; i < sizeof cols / sizeof cols[0]; i++)
		put_cell(&b, cols[i].title, cols[i].width, cols[i].right);
	printf("%s\n", b.data);
	buf_free(&b);
}

static void
print_session(const struct synclog_session *s)
{
	char when[32], dur[32], bytes[48], skew[32];
	struct buf b;
	char *err;

	synclog_when(s->started_at, 1, when, sizeof when);
	duration(s, dur, sizeof dur);
	snprintf(bytes, sizeof bytes, "%lld/%lld", (long long)s->bytes_in, (long long)s->bytes_out);
	snprintf(skew, sizeof skew, s->skew_known ? "%lld ms" : "-", (long long)s->skew_ms);
	buf_init(&b);
	put_cell(&b, when, 16, 0);
	put_cell(&b, dur, 6, 1);
	put_cell(&b, strcmp(s->side, "hub") == 0 ? "hub" : "poste", 5, 0);
	put_cell(&b, s->user_name ? s->user_name : "(ce poste)", 18, 0);
	put_cell(&b, s->node_id ? s->node_id : "-", 8, 0);
	put_int(&b, s->sent, 5);
	put_int(&b, s->received, 6);
	put_int(&b, s->applied, 5);
	put_int(&b, s->merged, 4);
	put_int(&b, s->conflicts, 6);
	put_int(&b, s->refused, 5);
	put_int(&b, s->pulled, 6);
	put_cell(&b, bytes, 15, 1);
	put_cell(&b, skew, 9, 1);
	buf_adds(&b, synclog_outcome_text(s->outcome));
	if (s->error != NULL) {
		err = sanitize_str(s->error, 0);
		buf_printf(&b, " : %s", err);
		free(err);
	}
	printf("%s\n", b.data);
	buf_free(&b);
}

/* "3 (Claire Martin, poste 11111111, 10/01/2026 08:55)" */
static void
side_text(struct buf *b, const char *table, const char *col, const char *value,
    const char *user, const char *node, const char *at)
{
	char *v = synclog_value_text(table, col, value), when[32];

	synclog_when(at, 1, when, sizeof when);
	buf_printf(b, "%s (%s, %s%.8s, %s)", v, user ? user : "?",
	    node && strcmp(node, "hub") != 0 ? "poste " : "", node ? node : "?", when);
	free(v);
}

static void
print_conflict(const struct synclog_conflict *c)
{
	char *field = synclog_field_label(c->tbl, c->col), *base, *safe;
	struct buf b;

	buf_init(&b);
	buf_printf(&b, "    conflit  %s, %s : ", c->row_label ? c->row_label : c->tbl, field);
	if (c->hidden) {
		buf_adds(&b, "valeurs réservées à d'autres rôles");
	} else {
		base = synclog_value_text(c->tbl, c->col, c->base_value);
		buf_printf(&b, "base %s ; gardée ", base);
		free(base);
		side_text(&b, c->tbl, c->col, c->win_value, c->win_user, c->win_node, c->win_at);
		buf_adds(&b, " ; écartée ");
		side_text(&b, c->tbl, c->col, c->lose_value, c->lose_user, c->lose_node,
		    c->lose_at);
	}
	buf_printf(&b, " ; règle : %s ; %s", synclog_rule_text(c->rule),
	    synclog_status_text(c->status));
	if (c->settled_by != NULL)
		buf_printf(&b, " par %s", c->settled_by);
	safe = sanitize_str(b.data, 0);
	printf("%s\n", safe);
	free(safe);
	free(field);
	buf_free(&b);
}

static void
print_refusal(const struct synclog_refusal *r)
{
	char when[32], *what, *safe;
	struct buf b;

	synclog_when(r->at, 1, when, sizeof when);
	buf_init(&b);
	buf_printf(&b, "    refus    opération %lld", (long long)r->seq);
	if (r->node_id != NULL)
		buf_printf(&b, " du poste %.8s", r->node_id);
	if (r->row_label != NULL)
		buf_printf(&b, ", %s", r->row_label);
	what = synclog_fields_text(r->tbl, r->fields);
	if (*what)
		buf_printf(&b, " (%s)", what);
	free(what);
	buf_printf(&b, " : %s, %s ; %s", r->code ? r->code : "?", synclog_code_text(r->code),
	    when);
	safe = sanitize_str(b.data, 0);
	printf("%s\n", safe);
	free(safe);
	buf_free(&b);
}

/* ---- JSON ---- */

static void
jw_key(struct buf *b, const char *key, int *first)
{
	buf_adds(b, *first ? "" : ",");
	*first = 0;
	jw_str(b, key);
	buf_addc(b, ':');
}

static void
jw_text(struct buf *b, const char *key, const char *v, int *first)
{
	jw_key(b, key, first);
	if (v == NULL)
		buf_adds(b, "null");
	else
		jw_str(b, v);
}

static void
jw_num(struct buf *b, const char *key, int64_t v, int *first)
{
	jw_key(b, key, first);
	jw_int(b, v);
}

/* A ledger value as the JSON it is. */
static void
jw_value(struct buf *b, const char *key, const char *json, int *first)
{
	cJSON *v = synclog_scalar(json);

	jw_key(b, key, first);
	if (v != NULL)
		json_write(b, v);
	else if (json != NULL)
		jw_str(b, json);
	else
		buf_adds(b, "null");
	cJSON_Delete(v);
}

static void
json_session(struct buf *b, const struct synclog_session *s)
{
	const char *names[] = {"sent", "received", "applied", "merged", "conflicts", "refused",
	    "pulled", "bytes_in", "bytes_out", "open_conflicts"};
	const int64_t vals[] = {s->sent, s->received, s->applied, s->merged, s->conflicts,
	    s->refused, s->pulled, s->bytes_in, s->bytes_out, s->open};
	int first = 1;
	size_t i;

	buf_addc(b, '{');
	jw_text(b, "id", s->id, &first);
	jw_text(b, "side", s->side, &first);
	jw_text(b, "started_at", s->started_at, &first);
	jw_text(b, "ended_at", s->ended_at, &first);
	jw_text(b, "user", s->user_login, &first);
	jw_text(b, "user_name", s->user_name, &first);
	jw_text(b, "node", s->node_id, &first);
	jw_text(b, "peer", s->peer, &first);
	for (i = 0; i < sizeof vals / sizeof vals[0]; i++)
		jw_num(b, names[i], vals[i], &first);
	jw_key(b, "skew_ms", &first);
	if (s->skew_known)
		jw_int(b, s->skew_ms);
	else
		buf_adds(b, "null");
	jw_text(b, "outcome", s->outcome, &first);
	jw_text(b, "error", s->error, &first);
}

static void
json_conflict(struct buf *b, const struct synclog_conflict *c)
{
	int first = 1;

	buf_addc(b, '{');
	jw_text(b, "id", c->id, &first);
	jw_text(b, "at", c->at, &first);
	jw_text(b, "table", c->tbl, &first);
	jw_text(b, "row", c->row_id, &first);
	jw_text(b, "row_label", c->row_label, &first);
	jw_text(b, "column", c->col, &first);
	jw_text(b, "rule", c->rule, &first);
	jw_key(b, "hidden", &first);
	buf_adds(b, c->hidden ? "true" : "false");
	jw_value(b, "base", c->base_value, &first);
	jw_value(b, "win", c->win_value, &first);
	jw_value(b, "lose", c->lose_value, &first);
	jw_value(b, "current", c->cur_value, &first);
	jw_text(b, "win_user", c->win_user, &first);
	jw_text(b, "win_node", c->win_node, &first);
	jw_text(b, "win_at", c->win_at, &first);
	jw_text(b, "lose_user", c->lose_user, &first);
	jw_text(b, "lose_node", c->lose_node, &first);
	jw_text(b, "lose_at", c->lose_at, &first);
	jw_text(b, "status", c->status, &first);
	jw_text(b, "settled_by", c->settled_by, &first);
	jw_text(b, "settled_at", c->settled_at, &first);
	buf_addc(b, '}');
}

static void
json_refusal(struct buf *b, const struct synclog_refusal *r)
{
	int first = 1;

	buf_addc(b, '{');
	jw_text(b, "node", r->node_id, &first);
	jw_num(b, "seq", r->seq, &first);
	jw_text(b, "table", r->tbl, &first);
	jw_text(b, "row", r->row_id, &first);
	jw_text(b, "code", r->code, &first);
	jw_text(b, "at", r->at, &first);
	buf_addc(b, '}');
}

/* ---- Both ---- */

static int
detail(struct db *db, const struct user *who, const struct synclog_session *s, int json,
    struct buf *b)
{
	struct synclog_conflict *c;
	struct synclog_refusal *r;
	size_t nc, nr, i;
	struct err e;

	if (synclog_conflicts(db, who->role, s->id, &c, &nc, &e) != 0)
		return cli_fail("journal des conflits : %s", e.msg);
	if (synclog_session_refusals(db, s, &r, &nr, &e) != 0) {
		synclog_conflicts_free(c, nc);
		return cli_fail("refus : %s", e.msg);
	}
	if (json) {
		buf_adds(b, ",\"conflict_details\":[");
		for (i = 0; i < nc; i++) {
			buf_adds(b, i ? "," : "");
			json_conflict(b, &c[i]);
		}
		buf_adds(b, "],\"refusal_details\":[");
		for (i = 0; i < nr; i++) {
			buf_adds(b, i ? "," : "");
			json_refusal(b, &r[i]);
		}
		buf_addc(b, ']');
	} else {
		for (i = 0; i < nc; i++)
			print_conflict(&c[i]);
		for (i = 0; i < nr; i++)
			print_refusal(&r[i]);
	}
	synclog_conflicts_free(c, nc);
	synclog_refusals_free(r, nr);
	return 0;
}

static int
cmd_synclog_print(struct db *db, const struct user *who, const struct cmd_synclog_args *a)
{
	struct synclog_filter f = {a->since, a->conflicts, NULL, NULL, 0};
	struct synclog_session *s;
	struct buf b;
	struct err e;
	size_t n, i;
	int rc = 0;

	synclog_filter_for(who, &f);
	if (synclog_sessions(db, &f, &s, &n, &e) != 0)
		return cli_fail("journal des synchronisations : %s", e.msg);
	if (!a->json && n == 0)
		printf("Aucune session%s.\n", a->conflicts ? " avec conflits ou refus" : "");
	else if (!a->json)
		print_header();
	if (a->json)
		printf("[");
	for (i = 0; i < n && rc == 0; i++) {
		buf_init(&b);
		if (a->json)
			json_session(&b, &s[i]);
		else
			print_session(&s[i]);
		if (a->conflicts)
			rc = detail(db, who, &s[i], a->json, &b);
		if (a->json && rc == 0)
			printf("%s\n%s}", i ? "," : "", b.data);
		buf_free(&b);
	}
	if (a->json)
		printf("\n]\n");
	synclog_sessions_free(s, n);
	if (fflush(stdout) != 0)
		return cli_fail("sortie standard : écriture impossible");
	return rc;
}

static int
cmd_synclog_run(struct cli *cli, int argc, char **argv)
{
	struct cmd_synclog_args a = {NULL, 0, 0};
	struct db *db = NULL;
	struct user who;
	char *why;
	int rc;

	memset(&who, 0, sizeof who);
	if ((rc = cmd_synclog_parse(cli, argc, argv, &a)) != 0)
		return rc;
	if (cli_open(cli, DB_READONLY, &db, &who) != 0)
		return 1;
	if (!perm_can_read(who.role, PG_SYNCLOG)) {
		why = field_reserved(PG_SYNCLOG);
		rc = cli_fail("journal des synchronisations refusé au rôle %s (%s)",
		    user_role_label(who.role), why);
		free(why);
	} else {
		rc = cmd_synclog_print(db, &who, &a);
	}
	user_clear(&who);
	db_close(db);
	return rc;
}
