/* The PDF copy of an inspection (cairo's PDF surface, A4): the blocks of
 * core/inspection_doc.h laid out with our own line breaking, tables whose
 * heads come again after a page break, and on every page the landlord's
 * header and a footer with the document's hash and "page N/M". The
 * layout runs twice: the first pass only counts the pages, so that the
 * second can print N/M. */
#include "inspection_doc.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "inspection.h"
#include "utf8.h"
#include "xalloc.h"

#define PDF_W 595.0
#define PDF_H 842.0
#define PDF_MARGIN 42.0
#define PDF_TOP 92.0            /* where content starts, under the header */
#define PDF_BOTTOM (PDF_H - 52.0) /* where it ends, over the footer */
#define PDF_LABEL_W 140.0       /* labels of "label : text" fields */
#define PDF_PAD 3.0             /* inside table cells */
#define PDF_GUTTER 10.0         /* the "*" of rows changed since entry */
#define PDF_FONT "DejaVu Sans"

struct pdf {
	cairo_t *cr;
	const struct inspection_doc *d;
	int draw;       /* 0: first pass, counting pages only */
	int page, npages;
	double y;
	double size;    /* current font size */
	int bold;
};

struct pdf_lines {
	char **v;
	size_t n;
};

/* ---- Text ---- */

static void
pdf_font(struct pdf *p, double size, int bold)
{
	if (p->size == size && p->bold == bold)
		return;
	cairo_select_font_face(p->cr, PDF_FONT, CAIRO_FONT_SLANT_NORMAL,
	    bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(p->cr, size);
	p->size = size;
	p->bold = bold;
}

static double
pdf_width_n(struct pdf *p, const char *s, size_t n)
{
	cairo_text_extents_t ext;
	char *tmp;

	if (n == 0)
		return 0;
	if (s[n] == '\0') {
		cairo_text_extents(p->cr, s, &ext);
		return ext.x_advance;
	}
	tmp = xstrndup(s, n);
	cairo_text_extents(p->cr, tmp, &ext);
	free(tmp);
	return ext.x_advance;
}

static double
pdf_width(struct pdf *p, const char *s)
{
	return pdf_width_n(p, s, strlen(s));
}

static double
pdf_line_h(const struct pdf *p)
{
	return p->size * 1.3;
}

static void
pdf_lines_add(struct pdf_lines *l, const char *s, size_t n)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = xstrndup(s, n);
}

static void
pdf_lines_free(struct pdf_lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* A word wider than a line, cut where it stops fitting; returns the
 * bytes of w (n bytes) that go on the next line. */
static size_t
pdf_cut_word(struct pdf *p, const char *w, size_t n, double width, struct pdf_lines *out)
{
	size_t i = 0, k = 1;
	double acc = 0, cw;
	uint32_t cp;
	int len;

	while (i < n) {
		len = utf8_decode(w + i, n - i, &cp);
		k = len > 0 ? (size_t)len : 1;
		cw = pdf_width_n(p, w + i, k);
		if (acc + cw > width)
			break;
		acc += cw;
		i += k;
	}
	if (i == 0)
		i = k;
	if (i >= n)
		return 0;
	pdf_lines_add(out, w, i);
	return n - i;
}

/* Greedy line filling of one paragraph, words measured one by one (the
 * toy text API does not kern, so widths add up). */
static void
pdf_wrap_para(struct pdf *p, const char *s, size_t len, double width, struct pdf_lines *out)
{
	double space = pdf_width(p, " "), lw = 0, ww;
	size_t i = 0, start, line = 0, end = 0, wl, rest;
	int empty = 1;

	while (i < len) {
		while (i < len && s[i] == ' ')
			i++;
		if (i >= len)
			break;
		for (start = i; i < len && s[i] != ' '; i++)
			continue;
		ww = pdf_width_n(p, s + start, i - start);
		if (!empty && lw + space + ww <= width) {
			lw += space + ww;
			end = i;
			continue;
		}
		if (!empty)
			pdf_lines_add(out, s + line, end - line);
		wl = i - start;
		while (ww > width && (rest = pdf_cut_word(p, s + start, wl, width, out)) > 0) {
			start += wl - rest;
			wl = rest;
			ww = pdf_width_n(p, s + start, wl);
		}
		line = start;
		end = i;
		lw = ww;
		empty = 0;
	}
	pdf_lines_add(out, empty ? "" : s + line, empty ? 0 : end - line);
}

static void
pdf_wrap(struct pdf *p, const char *text, double width, struct pdf_lines *out)
{
	const char *nl;

	for (;;) {
		nl = strchr(text, '\n');
		pdf_wrap_para(p, text, nl ? (size_t)(nl - text) : strlen(text), width, out);
		if (nl == NULL)
			return;
		text = nl + 1;
	}
}

/* Shows s with its top at y. */
static void
pdf_show(struct pdf *p, double x, double y, const char *s)
{
	cairo_font_extents_t fe;

	if (!p->draw || *s == '\0')
		return;
	cairo_font_extents(p->cr, &fe);
	cairo_move_to(p->cr, x, y + fe.ascent);
	cairo_show_text(p->cr, s);
}

static void
pdf_rule(struct pdf *p, double x0, double x1, double y, double gray, double width)
{
	if (!p->draw)
		return;
	cairo_set_source_rgb(p->cr, gray, gray, gray);
	cairo_set_line_width(p->cr, width);
	cairo_move_to(p->cr, x0, y);
	cairo_line_to(p->cr, x1, y);
	cairo_stroke(p->cr);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
}

/* ---- Pages ---- */

static void
pdf_header(struct pdf *p)
{
	const char *title = inspection_kind_label(p->d->in->kind);
	double x = PDF_W - PDF_MARGIN;

	pdf_font(p, 10, 1);
	pdf_show(p, PDF_MARGIN, 30, p->d->header[0]);
	pdf_font(p, 8, 0);
	pdf_show(p, PDF_MARGIN, 44, p->d->header[1]);
	pdf_show(p, x - pdf_width(p, title), 30, title);
	if (p->d->in->dwelling_ref)
		pdf_show(p, x - pdf_width(p, p->d->in->dwelling_ref), 44, p->d->in->dwelling_ref);
	pdf_rule(p, PDF_MARGIN, x, 62, 0, 0.8);
}

static void
pdf_footer(struct pdf *p)
{
	struct pdf_lines l = {NULL, 0};
	double x = PDF_W - PDF_MARGIN;
	char num[48];
	size_t i;

	snprintf(num, sizeof num, "page %d/%d", p->page, p->npages);
	pdf_rule(p, PDF_MARGIN, x, PDF_H - 40, 0, 0.5);
	pdf_font(p, 8, 0);
	pdf_show(p, x - pdf_width(p, num), PDF_H - 34, num);
	if (!p->draw)
		return;
	pdf_font(p, 6.5, 0);
	pdf_wrap(p, p->d->footer ? p->d->footer : "", x - PDF_MARGIN - 60, &l);
	for (i = 0; i < l.n; i++)
		pdf_show(p, PDF_MARGIN, PDF_H - 34 + 8.5 * (double)i, l.v[i]);
	pdf_lines_free(&l);
}

static void
pdf_page_start(struct pdf *p)
{
	double size = p->size;
	int bold = p->bold;

	p->page++;
	pdf_header(p);
	p->y = PDF_TOP;
	pdf_font(p, size, bold);
}

static void
pdf_page_end(struct pdf *p)
{
	double size = p->size;
	int bold = p->bold;

	pdf_footer(p);
	if (p->draw)
		cairo_show_page(p->cr);
	pdf_font(p, size, bold);
}

/* Makes room for h points, starting a new page if needed; 1 if it did. */
static int
pdf_need(struct pdf *p, double h)
{
	if (p->y + h <= PDF_BOTTOM || p->y <= PDF_TOP)
		return 0;
	pdf_page_end(p);
	pdf_page_start(p);
	return 1;
}

/* ---- Blocks ---- */

/* Wrapped lines of text at x, over width, moving down the page. */
static void
pdf_paragraph(struct pdf *p, double x, double width, const char *text)
{
	struct pdf_lines l = {NULL, 0};
	size_t i;

	pdf_wrap(p, text, width, &l);
	for (i = 0; i < l.n; i++) {
		pdf_need(p, pdf_line_h(p));
		pdf_show(p, x, p->y, l.v[i]);
		p->y += pdf_line_h(p);
	}
	pdf_lines_free(&l);
}

static void
pdf_title(struct pdf *p, const char *text)
{
	pdf_font(p, 16, 1);
	pdf_show(p, (PDF_W - pdf_width(p, text)) / 2, p->y, text);
	p->y += 28;
}

static void
pdf_heading(struct pdf *p, const char *text, double size, double keep)
{
	p->y += size * 0.9;
	pdf_font(p, size, 1);
	/* A heading never ends a page: it keeps some of what follows. */
	pdf_need(p, pdf_line_h(p) + keep);
	pdf_show(p, PDF_MARGIN, p->y, text);
	p->y += pdf_line_h(p);
	if (size >= 11)
		pdf_rule(p, PDF_MARGIN, PDF_W - PDF_MARGIN, p->y - 1, 0.4, 0.5);
	p->y += 3;
}

static void
pdf_field(struct pdf *p, const char *label, const char *text)
{
	struct pdf_lines ll = {NULL, 0}, tl = {NULL, 0};
	double x = PDF_MARGIN + PDF_LABEL_W + 8, lh;
	size_t i, n;

	pdf_font(p, 9, 1);
	/* A label too long for its column gets a line of its own, so that
	 * label and text still read in order (pdftotext, screen readers). */
	if (pdf_width(p, label) > PDF_LABEL_W) {
		pdf_paragraph(p, PDF_MARGIN, PDF_W - 2 * PDF_MARGIN, label);
		pdf_lines_add(&ll, "", 0);
	} else {
		pdf_lines_add(&ll, label, strlen(label));
	}
	pdf_font(p, 9, 0);
	pdf_wrap(p, text, PDF_W - PDF_MARGIN - x, &tl);
	lh = pdf_line_h(p);
	n = ll.n > tl.n ? ll.n : tl.n;
	for (i = 0; i < n; i++) {
		pdf_need(p, lh);
		if (i < ll.n) {
			pdf_font(p, 9, 1);
			pdf_show(p, PDF_MARGIN, p->y, ll.v[i]);
			pdf_font(p, 9, 0);
		}
		if (i < tl.n)
			pdf_show(p, x, p->y, tl.v[i]);
		p->y += lh;
	}
	p->y += 1.5;
	pdf_lines_free(&ll);
	pdf_lines_free(&tl);
}

/* ---- Tables ---- */

struct pdf_table {
	const struct idoc_table *t;
	double x[8], w[8];  /* each column's left edge and width */
	double right;
};

static void
pdf_columns(struct pdf_table *pt, const struct idoc_table *t)
{
	double total = 0, x = PDF_MARGIN + PDF_GUTTER;
	double avail = PDF_W - PDF_MARGIN - x;
	size_t i;

	pt->t = t;
	for (i = 0; i < t->ncols; i++)
		total += t->cols[i].pdf_weight;
	for (i = 0; i < t->ncols; i++) {
		pt->x[i] = x;
		pt->w[i] = avail * t->cols[i].pdf_weight / total;
		x += pt->w[i];
	}
	pt->right = x;
}

/* Wraps the cells of a row (cells NULL: the heads) in the row's font;
 * returns its height in lines. */
static size_t
pdf_row_wrap(struct pdf *p, const struct pdf_table *pt, char *const *cells, int bold,
    struct pdf_lines *l)
{
	const struct idoc_table *t = pt->t;
	size_t i, n = 0;

	pdf_font(p, 8, bold);
	for (i = 0; i < t->ncols; i++) {
		l[i].v = NULL;
		l[i].n = 0;
		pdf_wrap(p, cells ? cells[i] : t->cols[i].head, pt->w[i] - 2 * PDF_PAD, &l[i]);
		n = l[i].n > n ? l[i].n : n;
	}
	return n;
}

static void
pdf_row_free(const struct pdf_table *pt, struct pdf_lines *l)
{
	size_t i;

	for (i = 0; i < pt->t->ncols; i++)
		pdf_lines_free(&l[i]);
}

/* Draws lines [from, from + n) of a wrapped row at y and moves down. */
static void
pdf_row_draw(struct pdf *p, const struct pdf_table *pt, const struct pdf_lines *l,
    size_t from, size_t n, int marked, int head)
{
	const struct idoc_table *t = pt->t;
	double lh = pdf_line_h(p), h = (double)n * lh + 2 * PDF_PAD, x;
	size_t i, j;

	if (p->draw && head) {
		cairo_set_source_rgb(p->cr, 0.88, 0.88, 0.88);
		cairo_rectangle(p->cr, pt->x[0], p->y, pt->right - pt->x[0], h);
		cairo_fill(p->cr);
		cairo_set_source_rgb(p->cr, 0, 0, 0);
	}
	if (marked && from == 0)
		pdf_show(p, PDF_MARGIN + 2, p->y + PDF_PAD, "*");
	for (i = 0; i < t->ncols; i++)
		for (j = from; j < from + n && j < l[i].n; j++) {
			x = t->cols[i].right ? pt->x[i] + pt->w[i] - PDF_PAD - pdf_width(p, l[i].v[j]) :
			    pt->x[i] + PDF_PAD;
			pdf_show(p, x, p->y + PDF_PAD + (double)(j - from) * lh, l[i].v[j]);
		}
	pdf_rule(p, pt->x[0], pt->right, p->y + h, 0.6, 0.4);
	p->y += h;
}

static void
pdf_heads(struct pdf *p, const struct pdf_table *pt)
{
	struct pdf_lines l[8];
	size_t n = pdf_row_wrap(p, pt, NULL, 1, l);

	pdf_row_draw(p, pt, l, 0, n, 0, 1);
	pdf_row_free(pt, l);
}

/* One row: on the page it starts if it fits, else on the next one, with
 * the heads at the top of each page the table runs on; a row taller than
 * a page goes on over the next. */
static void
pdf_table_row(struct pdf *p, const struct pdf_table *pt, size_t r, double heads_h)
{
	const struct idoc_table *t = pt->t;
	struct pdf_lines l[8];
	size_t nl, from = 0, n;
	double lh;

	nl = pdf_row_wrap(p, pt, &t->cells[r * t->ncols], t->marked[r], l);
	lh = pdf_line_h(p);
	if (r == 0 || p->y + (double)nl * lh + 2 * PDF_PAD > PDF_BOTTOM)
		if (pdf_need(p, heads_h + (double)nl * lh + 2 * PDF_PAD) || r == 0)
			pdf_heads(p, pt);
	pdf_font(p, 8, t->marked[r]);
	while (from < nl) {
		n = (size_t)((PDF_BOTTOM - p->y - 2 * PDF_PAD) / lh);
		n = n < 1 ? 1 : n > nl - from ? nl - from : n;
		pdf_row_draw(p, pt, l, from, n, t->marked[r], 0);
		if ((from += n) < nl) {
			pdf_page_end(p);
			pdf_page_start(p);
			pdf_heads(p, pt);
			pdf_font(p, 8, t->marked[r]);
		}
	}
	pdf_row_free(pt, l);
}

static void
pdf_table(struct pdf *p, const struct idoc_table *t)
{
	struct pdf_table pt;
	struct pdf_lines l[8];
	double heads_h;
	size_t r;

	pdf_columns(&pt, t);
	heads_h = (double)pdf_row_wrap(p, &pt, NULL, 1, l) * pdf_line_h(p) + 2 * PDF_PAD;
	pdf_row_free(&pt, l);
	for (r = 0; r < t->nrows; r++)
		pdf_table_row(p, &pt, r, heads_h);
	p->y += 6;
}

static void
pdf_block(struct pdf *p, const struct idoc_block *b)
{
	switch (b->kind) {
	case IDOC_TITLE:
		pdf_title(p, b->text);
		break;
	case IDOC_HEADING:
		pdf_heading(p, b->text, 11, 40);
		break;
	case IDOC_SUBHEADING:
		pdf_heading(p, b->text, 9.5, 40);
		break;
	case IDOC_FIELD:
		pdf_field(p, b->label, b->text);
		break;
	case IDOC_TEXT:
		pdf_font(p, 9, 0);
		pdf_paragraph(p, PDF_MARGIN, PDF_W - 2 * PDF_MARGIN, b->text);
		p->y += 2;
		break;
	case IDOC_TABLE:
		pdf_table(p, b->table);
		break;
	}
}

static void
pdf_document(struct pdf *p)
{
	size_t i;

	p->page = 0;
	p->size = 0;
	pdf_font(p, 9, 0);
	pdf_page_start(p);
	for (i = 0; i < p->d->nblocks; i++)
		pdf_block(p, &p->d->blocks[i]);
	pdf_page_end(p);
}

/* ---- Output ---- */

static cairo_status_t
pdf_write(void *closure, const unsigned char *data, unsigned int n)
{
	return fwrite(data, 1, n, closure) == n ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_WRITE_ERROR;
}

static void
pdf_metadata(cairo_surface_t *s, const struct inspection_doc *d)
{
	const char *when = d->in->signed_at[0] ? d->in->signed_at : d->in->done_at;
	char *title = xasprintf("%s — %s", inspection_kind_label(d->in->kind),
	    d->in->dwelling_ref ? d->in->dwelling_ref : d->in->id);

	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, d->header[0]);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "Loge");
	/* A signed document's copies are alike to the byte. */
	if (when[0])
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, when);
	free(title);
}

int
inspection_doc_pdf(const struct inspection_doc *d, FILE *f, struct err *e)
{
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(pdf_write, f, PDF_W, PDF_H);
	struct pdf p;
	cairo_status_t st;

	memset(&p, 0, sizeof p);
	p.d = d;
	pdf_metadata(s, d);
	p.cr = cairo_create(s);
	pdf_document(&p);
	p.npages = p.page;
	p.draw = 1;
	pdf_document(&p);
	cairo_destroy(p.cr);
	cairo_surface_finish(s);
	st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st == CAIRO_STATUS_WRITE_ERROR || fflush(f) != 0 || ferror(f))
		return err_set(e, "écriture impossible : %s", strerror(errno));
	if (st != CAIRO_STATUS_SUCCESS)
		return err_set(e, "PDF : %s", cairo_status_to_string(st));
	return 0;
}
