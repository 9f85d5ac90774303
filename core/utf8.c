#include "utf8.h"

#include "err.h"

#include <string.h>

#include "xalloc.h"

int
utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c;
	int n, i;

	if (len == 0)
		return 0;
	c = s[0];
	*cp = c;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, c &= 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, c &= 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, c &= 0x07;
	else
		return 0;
	if ((size_t)n > len)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are refused. */
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return n;
}

size_t
utf8_invalid_at(const char *s, size_t len)
{
	size_t i = 0;
	uint32_t cp;
	int n;

	while (i < len) {
		if (s[i] == '\0')
			return i;
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			return i;
		i += (size_t)n;
	}
	return len;
}

int
utf8_valid(const char *s, size_t len)
{
	return utf8_invalid_at(s, len) == len;
}

int
utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

char *
utf8_from_latin1(const char *s, size_t len)
{
	char *out = xmalloc(len * 2 + 1), *o = out;
	size_t i;

	for (i = 0; i < len; i++)
		o += utf8_encode((unsigned char)s[i], o);
	*o = '\0';
	return out;
}

size_t
utf8_length(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

int
utf8_check_text(const char *what, const char *s, size_t len, size_t max, struct err *e)
{
	size_t i;

	if (len > max)
		return err_set(e, "%s trop long (%zu octets, %zu au plus)", what, len, max);
	if (!utf8_valid(s, len))
		return err_set(e, "%s : texte invalide (UTF-8) à l'octet %zu", what,
		    utf8_invalid_at(s, len) + 1);
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return err_set(e, "%s : caractère de contrôle interdit (octet %zu)",
			    what, i + 1);
	return 0;
}
