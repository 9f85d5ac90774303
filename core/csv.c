#include "csv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int csv_at_eol(const struct csv *c);
static void csv_eol(struct csv *c);
static int csv_quoted(struct csv *c, struct err *e);
static void csv_unquoted(struct csv *c);
static void csv_push(struct csv *c);

void
csv_init(struct csv *c, const char *name, const char *data, size_t len, char sep)
{
	memset(c, 0, sizeof *c);
	c->name = name;
	c->p = data;
	c->end = data + len;
	c->sep = sep;
	c->line = 1;
	buf_init(&c->text);
}

void
csv_free(struct csv *c)
{
	buf_free(&c->text);
	free(c->offs);
	free(c->fields);
	c->offs = NULL;
	c->fields = NULL;
	c->nfields = c->cap = 0;
}

/* LF or CRLF ends a record; a lone CR is data. A CR just before the end of
 * the data counts as a line end too (a last line cut after its CR). */
static int
csv_at_eol(const struct csv *c)
{
	if (*c->p == '\n')
		return 1;
	return *c->p == '\r' && (c->p + 1 == c->end || c->p[1] == '\n');
}

static void
csv_eol(struct csv *c)
{
	if (*c->p == '\r')
		c->p++;
	if (c->p < c->end)
		c->p++;
	c->line++;
}

/* Reads a quoted field from its opening quote. Text after the closing
 * quote is kept as it is: spreadsheets write `"12" bis` and refusing it
 * would only annoy. */
static int
csv_quoted(struct csv *c, struct err *e)
{
	long start = c->line;

	for (c->p++;; c->p++) {
		if (c->p == c->end) {
			c->rec_line = start;
			if (c->name)
				return err_set(e, "%s:%ld: guillemet ouvert jamais fermé "
				    "(jusqu'à la fin du fichier)", c->name, start);
			return err_set(e, "ligne %ld : guillemet ouvert jamais fermé "
			    "(jusqu'à la fin du fichier)", start);
		}
		if (*c->p == '"') {
			if (c->p + 1 < c->end && c->p[1] == '"') {
				buf_addc(&c->text, '"');
				c->p++;
				continue;
			}
			c->p++;
			break;
		}
		if (*c->p == '\n')
			c->line++;
		buf_addc(&c->text, *c->p);
	}
	csv_unquoted(c);
	return 0;
}

static void
csv_unquoted(struct csv *c)
{
	const char *s = c->p;

	while (c->p < c->end && *c->p != c->sep && !csv_at_eol(c))
		c->p++;
	buf_add(&c->text, s, (size_t)(c->p - s));
}

static void
csv_push(struct csv *c)
{
	if (c->nfields == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->offs = xreallocarray(c->offs, c->cap, sizeof *c->offs);
		c->fields = xreallocarray(c->fields, c->cap, sizeof *c->fields);
	}
	c->offs[c->nfields++] = c->text.len;
}

int
csv_next(struct csv *c, struct err *e)
{
	size_t i;

	while (c->p < c->end && csv_at_eol(c))
		csv_eol(c);
	if (c->p == c->end)
		return 0;
	c->rec_line = c->line;
	c->nfields = 0;
	buf_reset(&c->text);
	for (;;) {
		csv_push(c);
		if (c->p < c->end && *c->p == '"') {
			if (csv_quoted(c, e) != 0) {
				c->p = c->end;
				return -1;
			}
		} else
			csv_unquoted(c);
		buf_addc(&c->text, '\0');
		if (c->p == c->end)
			break;
		if (*c->p == c->sep) {
			c->p++;
			continue;
		}
		csv_eol(c);
		break;
	}
	for (i = 0; i < c->nfields; i++)
		c->fields[i] = c->text.data + c->offs[i];
	return 1;
}

char
csv_sniff(const char *data, size_t len)
{
	size_t i, semi = 0, comma = 0;
	int quoted = 0;

	for (i = 0; i < len; i++) {
		if (data[i] == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (data[i] == '\n')
			break;
		else if (data[i] == ';')
			semi++;
		else if (data[i] == ',')
			comma++;
	}
	return comma > semi ? ',' : ';';
}

int
csv_slurp(const char *path, size_t max, char **data, size_t *len, struct err *e)
{
	struct stat sb;
	struct buf b;
	char chunk[65536];
	ssize_t n;
	int fd, rc = -1;

	*data = NULL;
	*len = 0;
	buf_init(&b);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return err_set(e, "%s : impossible d'ouvrir le fichier : %s", path,
		    strerror(errno));
	if (fstat(fd, &sb) != 0) {
		err_set(e, "%s : %s", path, strerror(errno));
		goto out;
	}
	if (S_ISDIR(sb.st_mode)) {
		err_set(e, "%s : est un dossier, pas un fichier", path);
		goto out;
	}
	/* A regular file is allocated once; pipes have no size, so the limit
	 * is checked as they are read. */
	if (S_ISREG(sb.st_mode)) {
		if ((uintmax_t)sb.st_size > max)
			goto big;
		b.cap = (size_t)sb.st_size + 1;
		b.data = xmalloc(b.cap);
		b.data[0] = '\0';
	}
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_set(e, "%s : lecture impossible : %s", path, strerror(errno));
			goto out;
		}
		if (b.len + (size_t)n > max)
			goto big;
		buf_add(&b, chunk, (size_t)n);
	}
	*len = b.len;
	*data = buf_steal(&b);
	rc = 0;
	goto out;
big:
	err_set(e, "%s : fichier trop gros (plus de %zu Mio)", path, max >> 20);
out:
	buf_free(&b);
	close(fd);
	return rc;
}
