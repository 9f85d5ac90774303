/* The document of an inspection: the copy each party receives. Every
 * mention décret 2016-382 requires is laid out once, in reading order, as
 * a list of blocks (headings, "label : text" fields, paragraphs, tables);
 * the plain text (80 columns), the PDF (core/inspection_pdf.c) and the
 * JSON writers all read the same document, so the copies cannot differ in
 * content. Text from the database is cleaned on the way in: no control,
 * invisible or invalid character reaches a file or a terminal. */
#ifndef LOGE_INSPECTION_DOC_H
#define LOGE_INSPECTION_DOC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "uid.h"

struct db;
struct user;
struct inspection;
struct charge_statement;

/* Widest line of the text version, in display columns. */
#define IDOC_TEXT_COLS 80

enum idoc_kind {
	IDOC_TITLE,      /* the document's title */
	IDOC_HEADING,    /* a section: one mention of the décret */
	IDOC_SUBHEADING, /* a room */
	IDOC_FIELD,      /* "label : text" */
	IDOC_TEXT,       /* a paragraph */
	IDOC_TABLE,
};

struct idoc_column {
	const char *head;
	int txt_width;   /* display columns in the text version; 0: what is left */
	int pdf_weight;  /* share of the page's width (any unit) */
	int right;       /* aligned right (amounts) */
};

struct idoc_table {
	const struct idoc_column *cols;
	size_t ncols;
	/* Text version: each row as lines "head : cell" under its first
	 * cell, the table being too wide for 80 columns. */
	int txt_records;
	size_t nrows;
	char **cells;           /* nrows × ncols; "\n" forces a line break */
	unsigned char *marked;  /* per row: changed since entry ("*", bold) */
};

struct idoc_block {
	enum idoc_kind kind;
	char *label;            /* IDOC_FIELD */
	char *text;             /* all but IDOC_TABLE */
	struct idoc_table *table;
};

struct inspection_doc {
	struct inspection *in;
	/* Exit or pre-exit: what the tenant owes (or would); else NULL. */
	struct charge_statement *charges;
	char digest[65];        /* SHA-256 of the content as it is now */
	int verified;           /* inspection_verify(): 1, 0, -1 not signed */
	char *header[2];        /* landlord's name and address, on every page */
	char *footer;           /* the document's hash, or that it is a draft */
	struct idoc_block *blocks;
	size_t nblocks;
};

/* Loads inspection id (who: the right to read inspections; NULL for
 * internal callers) with its charge statement, and lays the document
 * out. The caller frees *out with inspection_doc_free. -1 with e set
 * (French). */
int inspection_doc_load(struct db *db, const struct user *who, const char *id,
    struct inspection_doc **out, struct err *e);
void inspection_doc_free(struct inspection_doc *d);

enum {
	IDOC_TERMINAL = 1 << 0, /* text to a terminal: every line sanitised */
};

/* Writers: 0, or -1 with e set when writing failed. The text version
 * never has a line wider than IDOC_TEXT_COLS display columns. */
int inspection_doc_text(const struct inspection_doc *d, FILE *f, int flags, struct err *e);
int inspection_doc_json(const struct inspection_doc *d, FILE *f, struct err *e);
/* A4 PDF (cairo), the landlord's header and page N/M on each page, the
 * hash in each page's footer. */
int inspection_doc_pdf(const struct inspection_doc *d, FILE *f, struct err *e);

/* Helpers shared by the writers, and tested on their own. */

/* "1 234,56 €", with no-break spaces (U+00A0) inside. */
void inspection_doc_money(int64_t cents, char out[40]);
/* Display width of UTF-8 text: combining marks 0, East Asian wide 2,
 * everything else 1. */
size_t inspection_doc_width(const char *s);
/* A copy of s (NULL: "") fit for a document: valid UTF-8 (bad bytes
 * become U+FFFD), without control or invisible format characters; tabs
 * become spaces, and so do line ends (CR LF, LF, CR) unless keep_lines,
 * which keeps them as one LF. The caller frees it. */
char *inspection_doc_clean(const char *s, int keep_lines);

/* The dwelling whose id or reference is ref_or_id (for loge inspection
 * list); -1 with e set when none. */
int inspection_doc_dwelling(struct db *db, const char *ref_or_id, char out[UID_SIZE],
    struct err *e);

#endif
