/* A CSV reader after RFC 4180, for the files landlords export from their
 * information systems and spreadsheets: quoted fields may hold the
 * separator, doubled quotes and line breaks; records end with LF or CRLF.
 * It works on a buffer already in memory and remembers the physical line
 * at which each record starts, so that every complaint about a row can say
 * where the row is in the file. */
#ifndef LOGE_CSV_H
#define LOGE_CSV_H

#include <stddef.h>

#include "err.h"
#include "xalloc.h"

struct csv {
	const char *name;  /* file name for messages, or NULL */
	const char *p;     /* next byte to read */
	const char *end;
	char sep;
	long line;         /* physical line of p, from 1 */
	long rec_line;     /* line at which the current record starts */
	struct buf text;   /* the current record's fields, NUL after each */
	size_t *offs;      /* start of each field in text */
	char **fields;     /* the fields, valid until the next csv_next */
	size_t nfields;
	size_t cap;
};

/* Reads data[0..len) (which must outlive c) with separator sep. */
void csv_init(struct csv *c, const char *name, const char *data, size_t len, char sep);
void csv_free(struct csv *c);
/* Reads the next record into c->fields / c->nfields, skipping empty lines:
 * 1 a record, 0 end of data, -1 a quote opened and never closed (e says
 * where; the rest of the data is consumed). */
int csv_next(struct csv *c, struct err *e);
/* The separator of a file from its first line: ';' or ',', whichever
 * appears more often outside quotes (';' on a tie or if neither does). */
char csv_sniff(const char *data, size_t len);
/* Reads a whole file of at most max bytes into *data (NUL-terminated, the
 * caller frees it); -1 with e set if it cannot be read or is too large. */
int csv_slurp(const char *path, size_t max, char **data, size_t *len, struct err *e);

#endif
