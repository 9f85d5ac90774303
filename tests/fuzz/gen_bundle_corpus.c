/* Writes the seed corpus of fuzz_bundle into a directory: real replies of
 * the hub, made by the code from the same world as the fuzz target's
 * laptops (tests/fuzz/fuzz_bundle.c, included here), and malformed ones
 * made from them. Tokens, clocks and stamps differ from one run to the
 * next; row ids and sequence numbers do not. Regenerate with
 * `make -f tests/fuzz/fuzz.mk fuzz-bundle-corpus`. */
#include "fuzz_bundle.c"
#include "sync/hub_internal.h"

#define FZ_ID_JSON(n) "\"01900000-0000-7000-8000-0000000000" n "\""
#define FZ_T_JSON "\"2026-11-22T08:00:00Z\""
#define GEN_MAX 4096	/* tests/run.sh's -max_len: a longer seed would be cut */

struct gen {
	const char *dir;
	char *r1, *r2;        /* the real replies */
	char *welcome, *results, *changes, *tail;  /* r2's lines, with their "\n" */
	char *token1;         /* r1's token */
	int64_t cursor;       /* the synced laptop's */
};

static void
gen_write(const struct gen *g, const char *name, const char *data, size_t len)
{
	char *path = xasprintf("%s/%s", g->dir, name);

	if (len >= GEN_MAX)
		fz_die(name, "seed too long for -max_len=4096: make the world smaller");
	fz_spit(path, data, len);
	free(path);
}

static void
gen_puts(const struct gen *g, const char *name, const char *text)
{
	gen_write(g, name, text, strlen(text));
}

/* text with the first old replaced by new; the caller frees. */
static char *
gen_replace(const char *text, const char *old, const char *new)
{
	const char *at = strstr(text, old);
	struct buf b;

	if (at == NULL)
		fz_die(old, "not found in a reply: the generator needs updating");
	buf_init(&b);
	buf_add(&b, text, (size_t)(at - text));
	buf_adds(&b, new);
	buf_adds(&b, at + strlen(old));
	return buf_steal(&b);
}

static void
gen_put_replaced(const struct gen *g, const char *name, const char *text, const char *old,
    const char *new)
{
	char *s = gen_replace(text, old, new);

	gen_puts(g, name, s);
	free(s);
}

/* s n times; the caller frees. */
static char *
gen_repeat(const char *s, int n)
{
	struct buf b;

	buf_init(&b);
	while (n-- > 0)
		buf_adds(&b, s);
	return buf_steal(&b);
}

/* Line n (from 0) of text with its "\n"; the caller frees. */
static char *
gen_line(const char *text, int n)
{
	const char *p = text, *q;

	for (; n > 0 && (p = strchr(p, '\n')) != NULL; n--)
		p++;
	if (p == NULL || *p == '\0')
		fz_die("reply", "fewer lines than expected");
	q = strchr(p, '\n');
	return xasprintf("%.*s", (int)(q != NULL ? q - p + 1 : (ptrdiff_t)strlen(p)), p);
}

/* The value of member key in a one-line frame, as a tree; the caller
 * frees it. */
static cJSON *
gen_member(const char *line, const char *key)
{
	cJSON *f, *v;
	struct err e;

	if (json_parse(line, strcspn(line, "\n"), &f, &e) != 0)
		fz_die(line, e.msg);
	v = cJSON_DetachItemFromObjectCaseSensitive(f, key);
	cJSON_Delete(f);
	if (v == NULL)
		fz_die(key, "no such member");
	return v;
}

/* A changes frame with a right sum, and its "\n"; takes rows. table:
 * a snapshot batch with more to come. The caller frees. */
static char *
gen_changes(int64_t from, int64_t to, int64_t head, cJSON *rows, int snapshot,
    const char *table)
{
	cJSON *f = hub_changes_frame(from, to, head, rows, snapshot, table,
	    "01900000-0000-7000-8000-000000000000");
	struct buf b;

	buf_init(&b);
	json_write(&b, f);
	buf_addc(&b, '\n');
	cJSON_Delete(f);
	return buf_steal(&b);
}

/* Rows from JSON text (an array). */
static cJSON *
gen_rows(const char *text)
{
	char *w = xasprintf("{\"v\":%s}", text);
	cJSON *rows = gen_member(w, "v");

	free(w);
	return rows;
}

/* r2 with its changes line replaced by changes (which it frees). */
static void
gen_put_changes(const struct gen *g, const char *name, char *changes)
{
	char *s = xasprintf("%s%s%s%s", g->welcome, g->results, changes, g->tail);

	gen_puts(g, name, s);
	free(s);
	free(changes);
}

/* Replies as the hub writes them, whole or cut short. */
static void
gen_real(const struct gen *g)
{
	size_t n = strlen(g->r2), at = strlen(g->welcome) + strlen(g->results);
	char *s;

	gen_puts(g, "reply_snapshot_new_laptop", g->r1);
	gen_puts(g, "reply_results_and_changes", g->r2);
	/* Cut inside the changes frame: the results stay applied. */
	gen_write(g, "reply_cut_in_changes", g->r2, at + strlen(g->changes) / 2);
	gen_write(g, "reply_cut_after_results", g->r2, at);
	gen_write(g, "reply_cut_in_welcome", g->r2, strlen(g->welcome) / 2);
	gen_write(g, "reply_no_last_newline", g->r2, n - 1);
	s = xasprintf("%s%s", g->r2, g->r2);
	gen_puts(g, "reply_twice_in_one_file", s);
	free(s);
	s = xasprintf("%s%s", g->welcome, strstr(g->r2, "{\"t\":\"end\""));
	gen_puts(g, "reply_welcome_end", s);
	free(s);
}

/* Text that the frame layer must refuse, inside real replies. */
static void
gen_bad_json(const struct gen *g)
{
	static const char deep[] = "\"description\":[[[[[[[[[\"x\"]]]]]]]]]";
	char *s;

	gen_put_replaced(g, "json_deep_nesting", g->r2, "\"description\":\"Vu au poste\"", deep);
	/* Depth 8, the most a frame may have: parsed, then refused as a value. */
	gen_put_replaced(g, "json_depth8_value", g->r2, "\"description\":\"Vu au poste\"",
	    "\"description\":[[[[\"x\"]]]]");
	gen_put_replaced(g, "json_deep_scope", g->r2, "\"scope\":[", "\"scope\":[[[[[[[[[[]]]]]]]]],");
	gen_put_replaced(g, "json_u0000", g->r2, "\"user\":\"" FZ_GARDIEN "\"",
	    "\"user\":\"" FZ_GARDIEN "\\u0000\"");
	gen_put_replaced(g, "json_lone_surrogate", g->r2, "\"description\":\"Vu au poste\"",
	    "\"description\":\"Vu au\\ud800 poste\"");
	gen_put_replaced(g, "json_invalid_utf8", g->r2, "\"description\":\"Vu au poste\"",
	    "\"description\":\"Vu au\xc3\x28 poste\"");
	gen_put_replaced(g, "json_latin1_token", g->r2, "\"token\":\"", "\"token\":\"\xe9");
	gen_put_replaced(g, "json_duplicate_key", g->r2, "\"head\":", "\"token\":\"x\",\"head\":");
	gen_put_replaced(g, "json_duplicate_value_key", g->r2, "\"description\":\"Vu au poste\"",
	    "\"description\":\"Vu au poste\",\"description\":\"Ni\"");
	gen_put_replaced(g, "json_1e999_to", g->r2, "\"to\":", "\"to\":1e999,\"x\":");
	gen_put_replaced(g, "json_1e999_clock", g->r2, "\"clock\":", "\"clock\":1e999,\"c\":");
	gen_put_replaced(g, "json_int64_overflow", g->r2, "\"head\":",
	    "\"head\":9223372036854775808,\"h\":");
	gen_put_replaced(g, "json_trailing_comma", g->r2, "\"rows\":[", "\"rows\":[,");
	s = xstrdup(g->r2);
	s[strlen(g->welcome) / 2] = '\0';
	gen_write(g, "json_nul_byte", s, strlen(g->r2));
	free(s);
	gen_puts(g, "json_empty_file", "");
	gen_puts(g, "json_only_newline", "\n");
	gen_puts(g, "json_not_object", "[1,2]\n");
}

/* r2 with the member key of its welcome set to v (which it takes). */
static void
gen_put_welcome(const struct gen *g, const char *name, const char *key, cJSON *v)
{
	cJSON *f;
	struct err e;
	struct buf b;

	if (json_parse(g->welcome, strlen(g->welcome) - 1, &f, &e) != 0)
		fz_die(name, e.msg);
	cJSON_ReplaceItemInObjectCaseSensitive(f, key, v);
	buf_init(&b);
	json_write(&b, f);
	buf_printf(&b, "\n%s%s%s", g->results, g->changes, g->tail);
	gen_puts(g, name, b.data);
	buf_free(&b);
	cJSON_Delete(f);
}

/* Welcomes of another reply, or that change the laptop's scope. */
static void
gen_welcomes(const struct gen *g)
{
	char *s, *t;

	/* Another reply (r1's token) whose body is r2's: imported as new. */
	t = xasprintf("\"token\":\"%s\"", g->token1);
	s = xasprintf("\"token\":\"%.36s\"", strstr(g->welcome, "\"token\":\"") + 9);
	gen_put_replaced(g, "welcome_other_token", g->r2, s, t);
	free(s);
	free(t);
	gen_put_replaced(g, "welcome_empty_scope", g->r2, "\"scope\":[" FZ_ID_JSON("03") "]",
	    "\"scope\":[]");
	gen_put_replaced(g, "welcome_other_scope", g->r2, "\"scope\":[" FZ_ID_JSON("03") "]",
	    "\"scope\":[" FZ_ID_JSON("99") "]");
	gen_put_replaced(g, "welcome_two_scopes", g->r2, "\"scope\":[" FZ_ID_JSON("03") "]",
	    "\"scope\":[" FZ_ID_JSON("03") "," FZ_ID_JSON("99") "]");
	gen_put_replaced(g, "welcome_warning", g->r2, "\"head\":",
	    "\"warning\":\"horloge en avance de 3 s\",\"head\":");
	/* A clock no laptop can go past: its next change would overflow. */
	gen_put_welcome(g, "welcome_clock_max", "clock", json_new_int(INT64_MAX));
}

/* Well-formed frames that a laptop must refuse or take with care. */
static void
gen_bad_frames(const struct gen *g)
{
	char *s, *t;

	gen_put_replaced(g, "frame_unknown_type", g->r2, "{\"t\":\"results\"", "{\"t\":\"bogus\"");
	gen_put_replaced(g, "frame_unknown_member", g->r2, "\"head\":", "\"spare\":1,\"head\":");
	gen_put_replaced(g, "frame_missing_member", g->r2, "\"acked\":", "\"acke\":");
	gen_put_replaced(g, "frame_wrong_type", g->r2, "\"acked\":0", "\"acked\":\"0\"");
	gen_puts(g, "frame_hello_instead", "{\"t\":\"hello\",\"v\":1,\"node\":\"n\",\"schema\":1,"
	    "\"seq\":0,\"cursor\":0,\"clock\":0}\n");
	gen_puts(g, "frame_results_first", strstr(g->r2, "{\"t\":\"results\""));
	s = xasprintf("%s%s", g->welcome, g->r2);
	gen_puts(g, "frame_welcome_twice", s);
	free(s);
	s = xasprintf("%s{\"t\":\"error\",\"code\":\"x\",\"message\":\"Arrêt du hub\"}\n", g->welcome);
	gen_puts(g, "frame_error_from_hub", s);
	free(s);
	/* Text cut to fit a message must still be UTF-8: a hub's message
	 * longer than an error holds, a member name cut at 40 bytes. */
	t = gen_repeat("é", 700);
	s = xasprintf("%s{\"t\":\"error\",\"code\":\"x\",\"message\":\"%s\"}\n", g->welcome, t);
	gen_puts(g, "frame_error_long_message", s);
	free(s);
	free(t);
	t = gen_repeat("é", 20);
	s = xasprintf("\"a%s\":1,\"head\":", t);
	gen_put_replaced(g, "frame_unknown_member_utf8", g->r2, "\"head\":", s);
	free(s);
	free(t);
	/* An attachment chunk (man/loge-sync.5) where the rows end. */
	s = xasprintf("%s%s%s{\"t\":\"blob\",\"sha256\":\"%064d\",\"offset\":0,\"data\":\"aGk=\"}\n%s",
	    g->welcome, g->results, g->changes, 0, g->tail);
	gen_puts(g, "frame_blob_chunk", s);
	free(s);
}

#define GEN_ROW(table, id, kind, values) "{\"table\":\"" table "\",\"row\":" FZ_ID_JSON(id) \
	",\"kind\":\"" kind "\"" values "}"
#define GEN_ESTATE(more) GEN_ROW("estate", "06", "upsert", ",\"values\":{\"id\":" \
	FZ_ID_JSON("06") ",\"sector_id\":" FZ_ID_JSON("03") ",\"name\":\"R\"" more "}")

/* Changes frames with right sums that the laptop must refuse or skip,
 * each in place of r2's. */
static void
gen_bad_changes(const struct gen *g)
{
	static const struct {
		const char *name, *rows;
	} bad[] = {
		{"rows_unknown_table", "[" GEN_ROW("nope", "06", "upsert", ",\"values\":{\"id\":"
		    FZ_ID_JSON("06") "}") "]"},
		{"rows_unknown_column", "[" GEN_ESTATE(",\"zzz\":1") "]"},
		{"rows_wrong_type", "[" GEN_ESTATE(",\"year_built\":\"x\"") "]"},
		{"rows_check_fails", "[" GEN_ESTATE(",\"qpv\":7") "]"},
		{"rows_real_in_int", "[" GEN_ESTATE(",\"year_built\":1.5e3") "]"},
		{"rows_wrong_row_id", "[" GEN_ROW("estate", "07", "upsert", ",\"values\":{\"id\":"
		    FZ_ID_JSON("06") ",\"name\":\"R\"}") "]"},
		{"rows_unknown_kind", "[" GEN_ROW("estate", "06", "merge", "") "]"},
		{"rows_no_values", "[" GEN_ROW("estate", "06", "upsert", "") "]"},
		{"rows_not_objects", "[1,\"x\",null,[],{}]"},
		{"rows_delete_pending", "[" GEN_ROW("claim", "12", "delete", "") ","
		    GEN_ROW("logbook_entry", "20", "delete", "") "]"},
		{"rows_delete_unknown", "[" GEN_ROW("claim", "98", "delete", "") "]"},
		{"rows_new_estate", "[" GEN_ROW("estate", "97", "upsert", ",\"values\":{\"id\":"
		    FZ_ID_JSON("97") ",\"sector_id\":" FZ_ID_JSON("03") ",\"name\":\"N\","
		    "\"qpv\":0,\"updated_at\":" FZ_T_JSON ",\"updated_by\":" FZ_ID_JSON("04") "}") "]"},
		{"rows_empty", "[]"},
	};
	int64_t c = g->cursor;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		gen_put_changes(g, bad[i].name, gen_changes(c, c + 1, c + 4, gen_rows(bad[i].rows),
		    0, NULL));
	gen_put_changes(g, "changes_from_beyond_cursor", gen_changes(c + 3, c + 5, c + 5,
	    gen_member(g->changes, "rows"), 0, NULL));
	gen_put_changes(g, "changes_to_beyond_head", gen_changes(c, c + 1000, c + 1,
	    gen_member(g->changes, "rows"), 0, NULL));
	gen_put_changes(g, "changes_already_applied", gen_changes(c - 5, c, c,
	    gen_member(g->changes, "rows"), 0, NULL));
	gen_put_changes(g, "changes_to_int64_max", gen_changes(c, INT64_MAX, INT64_MAX,
	    gen_member(g->changes, "rows"), 0, NULL));
	gen_put_changes(g, "changes_negative", gen_changes(-5, -1, 0,
	    gen_member(g->changes, "rows"), 0, NULL));
}

/* Two good batches, then one whose sum is wrong: the cursor must stop at
 * the end of the second. */
static void
gen_batches(const struct gen *g)
{
	cJSON *rows = gen_member(g->changes, "rows"), *first = cJSON_CreateArray();
	char *a, *b, *bad, *p, *s;
	int64_t c = g->cursor;

	cJSON_AddItemToArray(first, cJSON_DetachItemFromArray(rows, 0));
	a = gen_changes(c, c + 2, c + 6, first, 0, NULL);
	b = gen_changes(c + 2, c + 4, c + 6, rows, 0, NULL);
	bad = gen_changes(c + 4, c + 6, c + 6, gen_rows("[" GEN_ESTATE("") "]"), 0, NULL);
	p = strstr(bad, "\"sum\":\"") + 7;
	*p = *p == '0' ? '1' : '0';
	s = xasprintf("%s%s%s%s%s%s", g->welcome, g->results, a, b, bad, g->tail);
	gen_puts(g, "changes_two_batches_then_bad_sum", s);
	free(s);
	s = xstrdup(g->r2);
	p = strstr(s, "\"sum\":\"") + 7;
	*p = *p == 'f' ? 'e' : 'f';
	gen_puts(g, "changes_wrong_sum", s);
	free(s);
	free(a);
	free(b);
	free(bad);
}

/* A snapshot in two batches (the first names where the next begins), to
 * the new laptop it is for and to the synced one (a sector that joined). */
static void
gen_snapshots(const struct gen *g)
{
	char *line = gen_line(g->r1, 1), *w1 = gen_line(g->r1, 0), *a, *b, *s;
	cJSON *rows = gen_member(line, "rows"), *first = cJSON_CreateArray();
	cJSON *second = cJSON_CreateArray();
	int64_t head = 0;
	cJSON *h = gen_member(line, "head");

	json_int(h, &head);
	cJSON_AddItemToArray(first, cJSON_DetachItemFromArray(rows, 0));
	cJSON_AddItemToArray(first, cJSON_DetachItemFromArray(rows, 0));
	cJSON_AddItemToArray(second, cJSON_DetachItemFromArray(rows, 0));
	a = gen_changes(head, head, head, first, 1, "agency");
	b = gen_changes(head, head, head, second, 1, NULL);
	s = xasprintf("%s%s%s%s", w1, a, b, strstr(g->r1, "{\"t\":\"end\""));
	gen_puts(g, "snapshot_in_two_batches", s);
	free(s);
	s = xasprintf("%s%s%s", g->welcome, b, g->tail);
	gen_puts(g, "snapshot_to_synced_laptop", s);
	free(s);
	free(a);
	free(b);
	free(line);
	free(w1);
	cJSON_Delete(rows);
	cJSON_Delete(h);
}

/* Results for operations the laptop does not have, or that say nothing
 * sensible; and a refusal of each kind of operation. */
static void
gen_results(const struct gen *g)
{
	static const struct {
		const char *name, *results;
	} bad[] = {
		{"results_unknown_seq", "[{\"seq\":999,\"r\":\"applied\"},{\"seq\":-1,\"r\":\"refused\","
		    "\"code\":\"rule\",\"message\":\"non\"},{\"seq\":0,\"r\":\"conflict\"}]"},
		{"results_bad_result", "[{\"seq\":1,\"r\":\"bogus\"}]"},
		{"results_no_seq", "[{\"r\":\"applied\"},{\"seq\":\"1\",\"r\":\"applied\"}]"},
		{"results_not_objects", "[1,\"x\",null,[]]"},
		{"results_refused_all", "[{\"seq\":1,\"r\":\"refused\",\"code\":\"rule\"},{\"seq\":2,"
		    "\"r\":\"refused\",\"code\":\"permission\"},{\"seq\":3,\"r\":\"refused\","
		    "\"code\":\"scope\",\"message\":\"hors périmètre\"}]"},
		{"results_twice_same_seq", "[{\"seq\":3,\"r\":\"refused\",\"code\":\"rule\"},"
		    "{\"seq\":3,\"r\":\"applied\"},{\"seq\":3,\"r\":\"refused\",\"code\":\"rule\"}]"},
	};
	char *s;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		s = xasprintf("%s{\"t\":\"results\",\"batch\":1,\"results\":%s}\n%s%s", g->welcome,
		    bad[i].results, g->changes, g->tail);
		gen_puts(g, bad[i].name, s);
		free(s);
	}
}

int
main(int argc, char **argv)
{
	struct fz_world *w = &fz.w;
	struct gen g;
	cJSON *token;
	size_t n;

	if (argc != 2) {
		fprintf(stderr, "usage: gen_bundle_corpus DIR\n");
		return 2;
	}
	memset(&g, 0, sizeof g);
	g.dir = argv[1];
	fz_world_build(w);
	g.cursor = w->cursor;
	g.r1 = fz_slurp(w->r1, &n);
	g.r2 = fz_slurp(w->r2, &n);
	g.welcome = gen_line(g.r2, 0);
	g.results = gen_line(g.r2, 1);
	g.changes = gen_line(g.r2, 2);
	g.tail = xstrdup(g.r2 + strlen(g.welcome) + strlen(g.results) + strlen(g.changes));
	token = gen_member(g.r1, "token");
	g.token1 = xstrdup(token->valuestring);
	cJSON_Delete(token);
	gen_real(&g);
	gen_bad_json(&g);
	gen_welcomes(&g);
	gen_bad_frames(&g);
	gen_bad_changes(&g);
	gen_batches(&g);
	gen_snapshots(&g);
	gen_results(&g);
	fz_world_free(w);
	free(g.r1);
	free(g.r2);
	free(g.welcome);
	free(g.results);
	free(g.changes);
	free(g.tail);
	free(g.token1);
	return 0;
}
