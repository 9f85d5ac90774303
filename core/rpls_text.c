/* Text helpers of the RPLS importer: the normalised form of import keys,
 * joining address parts, quoting values in messages. */
#include "rpls_internal.h"

#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "utf8.h"
#include "xalloc.h"

#define RPLS_QUOTE_MAX 40 /* code points of a value quoted in a message */

static uint32_t rpls_upper(uint32_t cp);

/* Upper case for ASCII and the Latin letters of French; keys compare
 * "Allée" and "ALLEE" apart but "allée" and "ALLÉE" together. */
static uint32_t
rpls_upper(uint32_t cp)
{
	if (cp >= 'a' && cp <= 'z')
		return cp - 0x20;
	if (cp >= 0xe0 && cp <= 0xfe && cp != 0xf7)
		return cp - 0x20;
	if (cp == 0x153)
		return 0x152;
	if (cp == 0xff)
		return 0x178;
	return cp;
}

/* Returns s in upper case with runs of blanks made one space and no blank
 * at either end: the form of every import key. The caller frees. */
char *
rpls_norm(const char *s)
{
	struct buf b;
	char enc[4];
	uint32_t cp;
	size_t len = strlen(s);
	int n, blank = 0;

	buf_init(&b);
	while (len > 0) {
		n = utf8_decode(s, len, &cp);
		if (n == 0)
			n = 1;
		if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r') {
			blank = b.len > 0;
		} else {
			if (blank)
				buf_addc(&b, ' ');
			blank = 0;
			buf_add(&b, enc, (size_t)utf8_encode(rpls_upper(cp), enc));
		}
		s += n;
		len -= (size_t)n;
	}
	return buf_steal(&b);
}

/* Joins the non-empty strings of a NULL-terminated list with spaces. The
 * caller frees the result. */
char *
rpls_join(const char *first, ...)
{
	struct buf b;
	const char *s;
	va_list ap;

	buf_init(&b);
	va_start(ap, first);
	for (s = first; s != NULL; s = va_arg(ap, const char *)) {
		if (*s == '\0')
			continue;
		if (b.len > 0)
			buf_addc(&b, ' ');
		buf_adds(&b, s);
	}
	va_end(ap);
	return buf_steal(&b);
}

/* A value as quoted in a message, cut if long. The caller frees. */
char *
rpls_quote(const char *v)
{
	size_t i, n = 0;

	for (i = 0; v[i] != '\0'; i++)
		if (((unsigned char)v[i] & 0xc0) != 0x80 && ++n > RPLS_QUOTE_MAX)
			return xasprintf("%.*s…", (int)i, v);
	return xstrdup(v);
}

char *
rpls_trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

const char *
rpls_nz(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}
