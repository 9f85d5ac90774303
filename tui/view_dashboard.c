/* Tableau de bord: one report of core/report.c at a time, for who's
 * scope or an agency, sector or estate of it, over a period: the table
 * with a bar per row, then the trend as a sparkline. Bars and sparklines
 * are block characters in UTF-8 and '#' and a ramp of ASCII signs
 * elsewhere, so they read in monochrome on a vt100. `n`/`N` change the
 * report, `p` the period, `P` types one, `L` the place. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/datetime.h"
#include "core/report.h"
#include "core/xalloc.h"
#include "tui/draw.h"
#include "tui/prompt.h"
#include "tui/view.h"

enum { ASK_PLACE = 1, ASK_PERIOD };

/* The preset periods, in days back from today (included). */
static const struct {
	int days;
	const char *label;
} periods[] = {
	{30, "30 derniers jours"}, {91, "3 derniers mois"}, {365, "12 derniers mois"},
	{1826, "5 dernières années"},
};
#define NPERIODS (sizeof periods / sizeof periods[0])
#define PERIOD_TYPED NPERIODS

#define TABLE_TOP 4   /* rows above the table's rows: title, place, period, head */
#define TREND_ROWS 4  /* blank, title, sparkline, min and max */

struct dashv {
	size_t report;
	size_t period;        /* index in periods, or PERIOD_TYPED */
	char from[DT_DATE_SIZE], to[DT_DATE_SIZE];
	enum report_scope scope;
	char *scope_arg;      /* the code typed, NULL: who's scope */
	char *scope_name;     /* "Agence ...", NULL: who's scope */
	struct report r;
	int loaded;
	char **places;        /* for Tab */
	size_t nplaces;
	struct prompt ask;
};

static const enum tui_action dash_actions[] = {
	A_BACK, A_QUIT, A_HELP, A_DOWN, A_UP, A_PAGE_DOWN, A_PAGE_UP, A_FIRST, A_LAST, A_REDRAW,
	A_NONE,
};

static const struct view_key dash_keys[] = {
	{"n N", "Tableau", "Tableau suivant, précédent (réclamations, délais, travaux, EDL, "
	    "vacance, rondes)"},
	{"1-6", "Tableau", "Aller au tableau de ce numéro"},
	{"p", "Période", "30 jours, 3 mois, 12 mois, 5 ans"},
	{"P", "Dates", "Saisir la période : AAAA-MM-JJ AAAA-MM-JJ"},
	{"L", "Lieu", "Agence, secteur ou résidence par son code (Tab complète ; vide : tout)"},
	{NULL, NULL, NULL},
};

static size_t
dash_count(void)
{
	size_t n = 0;

	while (report_name(n) != NULL)
		n++;
	return n;
}

static void
dash_preset(struct dashv *d, const char *today)
{
	snprintf(d->to, sizeof d->to, "%s", today);
	dt_from_days(dt_days(today) - periods[d->period].days + 1, d->from);
}

/* Runs the report; on failure the previous figures go and the status
 * line says why. */
static void
dash_load(struct dashv *d, struct tui *t, struct view *v)
{
	struct report_params p;
	char now[DT_STAMP_SIZE];
	struct err e;

	if (d->loaded)
		report_free(&d->r);
	d->loaded = 0;
	dt_now(now);
	memset(&p, 0, sizeof p);
	p.from = d->from;
	p.to = d->to;
	p.now = now;
	p.scope = d->scope;
	p.scope_arg = d->scope_arg;
	if (report_run(t->db, t->who, report_name(d->report), &p, &d->r, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		v->pos.n = 0;
		return;
	}
	d->loaded = 1;
	v->pos.n = d->r.nrows;
	v->pos.sel = v->pos.top = 0;
}

static int
dash_open(struct view *v, struct tui *t, const char *arg)
{
	struct dashv *d = xcalloc(1, sizeof *d);
	struct err e;

	d->period = 2;
	dash_preset(d, t->today);
	if (report_places(t->db, t->who, &d->places, &d->nplaces, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		free(d);
		return -1;
	}
	v->data = d;
	snprintf(v->crumb, sizeof v->crumb, "Tableau de bord");
	dash_load(d, t, v);
	return 0;
}

/* ---- Drawing ---- */

static int64_t
cell_num(const struct report *r, size_t row, size_t col)
{
	return r->cells[row * r->ncols + col].num;
}

static void
cell_text(const struct report *r, size_t row, size_t col, char *out, size_t size)
{
	const struct report_cell *c = &r->cells[row * r->ncols + col];

	if (r->cols[col].kind == REPORT_TEXT)
		snprintf(out, size, "%s", c->text ? c->text : "");
	else if (c->num < 0)
		snprintf(out, size, "-");
	else
		snprintf(out, size, "%lld", (long long)c->num);
}

/* A figure's column title, cut to four letters and a dot ("Réal.")
 * when short is set and it is longer than five. */
static void
dash_title(const struct report *r, size_t j, int short_, char *out, size_t size)
{
	const char *t = r->cols[j].title, *p = t;
	int n = 0;

	if (!short_ || j == 0 || draw_width(t) <= 5) {
		snprintf(out, size, "%s", t);
		return;
	}
	while (*p && n < 4) {
		p++;
		while (((unsigned char)*p & 0xC0) == 0x80)
			p++;
		n++;
	}
	snprintf(out, size, "%.*s.", (int)(p - t), t);
}

/* Column widths: figures as wide as their title or largest value; the
 * first column as wide as its names (at most 40) if a bar of 10 cells
 * still fits, else the titles are cut (*short_ set) and the names get
 * what is left once a bar of 6 fits: names read before bars. */
static void
dash_widths(const struct report *r, int *w, int cols, int *short_)
{
	char buf[256];
	size_t i, j;
	int used, n, pass;

	for (pass = 0; pass < 2; pass++) {
		*short_ = pass;
		for (j = 0, used = 0; j < r->ncols; j++) {
			dash_title(r, j, pass, buf, sizeof buf);
			w[j] = draw_width(buf);
			for (i = 0; i < r->nrows; i++) {
				cell_text(r, i, j, buf, sizeof buf);
				if ((n = draw_width(buf)) > w[j])
					w[j] = n;
			}
			if (j > 0)
				used += w[j] + 1;
		}
		if (w[0] > 40)
			w[0] = 40;
		if (w[0] + 1 + used + 10 <= cols)
			return;
	}
	if (w[0] + 1 + used + 6 > cols)
		w[0] = cols - used - 7 > 10 ? cols - used - 7 : 10;
}

static void
dash_bar(int y, int x, int width, int64_t v, int64_t max)
{
	static const char *const eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
	char bar[512];
	size_t len = 0;
	int64_t cells8;
	int k;

	if (width <= 0 || max <= 0 || v <= 0)
		return;
	cells8 = (v * width * 8 + max - 1) / max;
	if (!draw_is_utf8()) {
		for (k = 0; k < (cells8 + 7) / 8 && k < width; k++)
			bar[len++] = '#';
		bar[len] = '\0';
	} else {
		for (k = 0; k < cells8 / 8 && len + 4 < sizeof bar; k++)
			len += (size_t)snprintf(bar + len, sizeof bar - len, "█");
		if (cells8 % 8)
			snprintf(bar + len, sizeof bar - len, "%s", eighths[cells8 % 8]);
	}
	draw_text(y, x, width, DS_NORMAL, 0, bar);
}

static void
dash_table(struct view *v, const struct report *r, int top, int rows)
{
	int w[REPORT_MAX_COLS], x, cols = draw_cols() - 2, barx, short_;
	int64_t max = 0;
	char buf[512], title[64];
	size_t i, j;
	int y;

	dash_widths(r, w, cols, &short_);
	for (i = 0; i < r->nrows && r->bar_col >= 0; i++)
		if (cell_num(r, i, (size_t)r->bar_col) > max)
			max = cell_num(r, i, (size_t)r->bar_col);
	for (j = 0, x = 1; j < r->ncols; x += w[j] + 1, j++) {
		dash_title(r, j, short_, title, sizeof title);
		snprintf(buf, sizeof buf, "%*s%s", j ? w[j] - draw_width(title) : 0, "", title);
		draw_text(top, x, w[j], DS_HEADER, 1, buf);
	}
	barx = x;
	if (r->nrows == 0)
		draw_text(top + 1, 1, cols, DS_DIM, 1, "Aucune donnée pour ce lieu et cette période.");
	list_move(&v->pos, A_NONE, rows);
	for (i = v->pos.top, y = top + 1; i < r->nrows && y <= top + rows; i++, y++) {
		enum draw_style st = i == v->pos.sel ? DS_SELECTED : DS_NORMAL;

		if (st == DS_SELECTED)
			draw_line(y, st);
		for (j = 0, x = 1; j < r->ncols; x += w[j] + 1, j++) {
			char cell[200];

			cell_text(r, i, j, cell, sizeof cell);
			if (j == 0)
				snprintf(buf, sizeof buf, "%s", cell);
			else
				snprintf(buf, sizeof buf, "%*s%s", w[j] - draw_width(cell), "", cell);
			draw_text(y, x, w[j], st, 1, buf);
		}
		if (r->bar_col >= 0)
			dash_bar(y, barx, cols - barx, cell_num(r, i, (size_t)r->bar_col), max);
	}
}

/* The trend as one character per month or week: a ramp of eight block
 * heights (or ASCII signs), a blank for a step without a value. */
static void
dash_trend(const struct report *r, int y)
{
	static const char *const blocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
	static const char ascii[] = "_.-:=+*#";
	const struct report_trend *t = &r->trend;
	char spark[REPORT_TREND_MAX * 4 + 1], first[DT_DATE_SIZE], last[DT_DATE_SIZE], line[256];
	int64_t max = 0, min = -1;
	size_t i, len = 0;
	int k;

	if (t->title == NULL || t->n == 0)
		return;
	for (i = 0; i < t->n; i++) {
		if (t->v[i] > max)
			max = t->v[i];
		if (t->v[i] >= 0 && (min < 0 || t->v[i] < min))
			min = t->v[i];
	}
	for (i = 0; i < t->n; i++) {
		k = t->v[i] < 0 ? -1 : max > 0 ? (int)(t->v[i] * 7 / max) : 0;
		if (k < 0)
			spark[len++] = ' ';
		else if (draw_is_utf8())
			len += (size_t)snprintf(spark + len, sizeof spark - len, "%s", blocks[k]);
		else
			spark[len++] = ascii[k];
	}
	spark[len] = '\0';
	report_trend_day(r, 0, first);
	report_trend_day(r, t->n - 1, last);
	snprintf(line, sizeof line, "%s, par %s", t->title, t->monthly ? "mois" : "semaine");
	draw_text(y, 1, draw_cols() - 2, DS_HEADER, 1, line);
	snprintf(line, sizeof line, "%.*s", t->monthly ? 7 : 10, first);
	draw_text(y + 1, 1, 10, DS_DIM, 1, line);
	draw_text(y + 1, 12, (int)t->n, DS_NORMAL, 0, spark);
	snprintf(line, sizeof line, "%.*s", t->monthly ? 7 : 10, last);
	draw_text(y + 1, 13 + (int)t->n, 10, DS_DIM, 0, line);
	if (min < 0)
		snprintf(line, sizeof line, "aucune valeur sur la période");
	else
		snprintf(line, sizeof line, "min %lld · max %lld · dernier %s", (long long)min,
		    (long long)max, t->v[t->n - 1] < 0 ? "-" : "");
	if (min >= 0 && t->v[t->n - 1] >= 0)
		snprintf(line + strlen(line), sizeof line - strlen(line), "%lld",
		    (long long)t->v[t->n - 1]);
	draw_text(y + 2, 12, draw_cols() - 13, DS_DIM, 1, line);
}

static void
dash_draw(struct view *v, struct tui *t, int top, int height)
{
	struct dashv *d = v->data;
	char line[256];
	int rows;

	snprintf(line, sizeof line, "%zu/%zu  %s", d->report + 1, dash_count(),
	    report_title(d->report));
	draw_text(top, 1, draw_cols() - 2, DS_HEADER, 1, line);
	snprintf(line, sizeof line, "Lieu : %s", d->scope_name ? d->scope_name :
	    "tout votre périmètre");
	draw_text(top + 1, 1, draw_cols() - 2, DS_NORMAL, 1, line);
	snprintf(line, sizeof line, "Période : du %s au %s%s%s", d->from, d->to,
	    d->loaded && d->r.snapshot ? " · chiffres au " : "",
	    d->loaded && d->r.snapshot ? d->r.at : "");
	draw_text(top + 2, 1, draw_cols() - 2, DS_NORMAL, 1, line);
	rows = height - TABLE_TOP - TREND_ROWS;
	if (d->loaded) {
		dash_table(v, &d->r, top + 3, rows);
		dash_trend(&d->r, top + height - TREND_ROWS + 1);
	}
	if (d->ask.active)
		prompt_draw(&d->ask, top + height - 1);
}

/* ---- Keys ---- */

/* "AAAA-MM-JJ AAAA-MM-JJ" (or with "au", a dash...): the two dates. */
static int
dash_parse_period(const char *text, char *from, char *to)
{
	char a[DT_DATE_SIZE], b[DT_DATE_SIZE];
	const char *p = text;
	size_t i;

	for (i = 0; i < 2; i++) {
		char *out = i ? b : a;

		p += strcspn(p, "0123456789");
		if (strspn(p, "0123456789-") < 10)
			return -1;
		snprintf(out, DT_DATE_SIZE, "%.10s", p);
		p += 10;
		if (!dt_date_valid(out))
			return -1;
	}
	if (strcmp(a, b) > 0)
		return -1;
	memcpy(from, a, DT_DATE_SIZE);
	memcpy(to, b, DT_DATE_SIZE);
	return 0;
}

static void
dash_place(struct dashv *d, struct tui *t, struct view *v, char *text)
{
	enum report_scope scope;
	char *name, *code;
	struct err e;

	code = xstrndup(text + strspn(text, " "), strcspn(text + strspn(text, " "), " "));
	if (report_scope_find(t->db, code, &scope, &name, &e) != 0) {
		tui_say(t, 1, " %.250s", e.msg);
		free(code);
		return;
	}
	free(d->scope_arg);
	free(d->scope_name);
	d->scope = scope;
	d->scope_arg = scope == REPORT_SCOPE_USER ? NULL : code;
	if (scope == REPORT_SCOPE_USER)
		free(code);
	d->scope_name = name;
	dash_load(d, t, v);
}

static void
dash_answer(struct dashv *d, struct tui *t, struct view *v)
{
	int tag = d->ask.tag;
	char *text = prompt_take(&d->ask);

	if (tag == ASK_PLACE) {
		dash_place(d, t, v, text);
	} else if (dash_parse_period(text, d->from, d->to) != 0) {
		tui_say(t, 1, " Période invalide : deux dates AAAA-MM-JJ, la première avant "
		    "la seconde");
	} else {
		d->period = PERIOD_TYPED;
		dash_load(d, t, v);
	}
	free(text);
}

static int
dash_key(struct view *v, struct tui *t, int key)
{
	struct dashv *d = v->data;
	char buf[32];

	if (d->ask.active) {
		if (prompt_key(&d->ask, key) == PROMPT_DONE)
			dash_answer(d, t, v);
		return 1;
	}
	if (key == 'n' || key == 'N') {
		d->report = (d->report + (key == 'n' ? 1 : dash_count() - 1)) % dash_count();
	} else if (key >= '1' && key <= '9' && (size_t)(key - '1') < dash_count()) {
		d->report = (size_t)(key - '1');
	} else if (key == 'p') {
		d->period = d->period >= NPERIODS - 1 ? 0 : d->period + 1;
		dash_preset(d, t->today);
		tui_say(t, 0, " Période : %s", periods[d->period].label);
	} else if (key == 'P') {
		snprintf(buf, sizeof buf, "%s %s", d->from, d->to);
		prompt_start(&d->ask, ASK_PERIOD, "Période (du au)", buf, 40, NULL, 0);
		prompt_propose(&d->ask);
		return 1;
	} else if (key == 'L') {
		prompt_start(&d->ask, ASK_PLACE, "Lieu (code ; vide : tout)", NULL, 80,
		    (const char *const *)d->places, d->nplaces);
		return 1;
	} else {
		return 0;
	}
	dash_load(d, t, v);
	return 1;
}

static int
dash_action(struct view *v, struct tui *t, enum tui_action a)
{
	return list_move(&v->pos, a, v->height - TABLE_TOP - TREND_ROWS);
}

static void
dash_close(struct view *v)
{
	struct dashv *d = v->data;

	if (d->loaded)
		report_free(&d->r);
	prompt_close(&d->ask);
	report_places_free(d->places, d->nplaces);
	free(d->scope_arg);
	free(d->scope_name);
	free(d);
}

const struct view_ops view_dashboard_ops = {
	"Tableau de bord", dash_open, dash_draw, dash_action, dash_key, dash_close, dash_actions,
	dash_keys,
};
