#include "sanitize.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "xalloc.h"

struct translit {
	uint32_t cp;
	const char *ascii;
};

/* Sorted by code point: what French text, the breadcrumb and the charts
 * need when the terminal can only show ASCII. */
static const struct translit translit[] = {
	{0xa0, " "}, {0xab, "\""}, {0xb0, "o"}, {0xb2, "2"}, {0xb3, "3"},
	{0xb7, "."}, {0xbb, "\""}, {0xc0, "A"}, {0xc1, "A"}, {0xc2, "A"},
	{0xc3, "A"}, {0xc4, "A"}, {0xc5, "A"}, {0xc6, "AE"}, {0xc7, "C"},
	{0xc8, "E"}, {0xc9, "E"}, {0xca, "E"}, {0xcb, "E"}, {0xcc, "I"},
	{0xcd, "I"}, {0xce, "I"}, {0xcf, "I"}, {0xd1, "N"}, {0xd2, "O"},
	{0xd3, "O"}, {0xd4, "O"}, {0xd5, "O"}, {0xd6, "O"}, {0xd7, "x"},
	{0xd8, "O"}, {0xd9, "U"}, {0xda, "U"}, {0xdb, "U"}, {0xdc, "U"},
	{0xdd, "Y"}, {0xdf, "ss"}, {0xe0, "a"}, {0xe1, "a"}, {0xe2, "a"},
	{0xe3, "a"}, {0xe4, "a"}, {0xe5, "a"}, {0xe6, "ae"}, {0xe7, "c"},
	{0xe8, "e"}, {0xe9, "e"}, {0xea, "e"}, {0xeb, "e"}, {0xec, "i"},
	{0xed, "i"}, {0xee, "i"}, {0xef, "i"}, {0xf1, "n"}, {0xf2, "o"},
	{0xf3, "o"}, {0xf4, "o"}, {0xf5, "o"}, {0xf6, "o"}, {0xf7, "/"},
	{0xf8, "o"}, {0xf9, "u"}, {0xfa, "u"}, {0xfb, "u"}, {0xfc, "u"},
	{0xfd, "y"}, {0xff, "y"}, {0x152, "OE"}, {0x153, "oe"}, {0x178, "Y"},
	{0x2013, "-"}, {0x2014, "-"}, {0x2018, "'"}, {0x2019, "'"},
	{0x201c, "\""}, {0x201d, "\""}, {0x2022, "*"}, {0x2026, "..."},
	{0x202f, " "}, {0x2039, "<"}, {0x203a, ">"}, {0x20ac, "EUR"},
	{0x2190, "<-"}, {0x2192, "->"}, {0x2191, "^"}, {0x2193, "v"},
	{0x2264, "<="}, {0x2265, ">="}, {0x2581, "_"}, {0x2582, "_"},
	{0x2583, "-"}, {0x2584, "-"}, {0x2585, "="}, {0x2586, "="},
	{0x2587, "#"}, {0x2588, "#"}, {0x2591, ":"}, {0x2592, "%"},
	{0x2593, "#"}, {0x25b2, "^"}, {0x25b6, ">"}, {0x25bc, "v"},
	{0x25c0, "<"}, {0x2713, "v"}, {0x2717, "x"},
};

static int
translit_cmp(const void *k, const void *e)
{
	uint32_t a = *(const uint32_t *)k, b = ((const struct translit *)e)->cp;

	return a < b ? -1 : a > b;
}

const char *
sanitize_ascii(unsigned int cp)
{
	uint32_t key = cp;
	const struct translit *t;

	/* Box drawing: horizontals, verticals, everything else a corner. */
	if (cp >= 0x2500 && cp <= 0x257f) {
		if (cp == 0x2500 || cp == 0x2501 || cp == 0x2550)
			return "-";
		if (cp == 0x2502 || cp == 0x2503 || cp == 0x2551)
			return "|";
		return "+";
	}
	t = bsearch(&key, translit, sizeof translit / sizeof translit[0],
	    sizeof translit[0], translit_cmp);
	return t ? t->ascii : NULL;
}

/* Format characters that reorder or hide text: shown, never obeyed. */
static int
is_invisible_format(uint32_t cp)
{
	return cp == 0xad || cp == 0x61c || cp == 0x180e ||
	    (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x206f) ||
	    cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb) ||
	    (cp >= 0xe0000 && cp <= 0xe007f);
}

static void
sanitize_cp(struct buf *b, const char *raw, int n, uint32_t cp, int flags)
{
	const char *a;

	if (cp >= 0x80 && cp <= 0x9f) {
		buf_printf(b, "<U+%04X>", (unsigned)cp);
	} else if (is_invisible_format(cp)) {
		buf_printf(b, "<U+%04X>", (unsigned)cp);
	} else if (flags & SAN_ASCII) {
		a = sanitize_ascii(cp);
		buf_adds(b, a ? a : "?");
	} else {
		buf_add(b, raw, (size_t)n);
	}
}

char *
sanitize(const char *s, size_t len, int flags)
{
	struct buf b;
	size_t i = 0;
	unsigned char c;
	uint32_t cp;
	int n;

	buf_init(&b);
	buf_add(&b, "", 0);
	while (i < len) {
		c = (unsigned char)s[i];
		if (c == '\n' && (flags & SAN_NEWLINE)) {
			buf_addc(&b, '\n');
			i++;
		} else if (c == '\t' && (flags & SAN_TAB)) {
			buf_addc(&b, '\t');
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			buf_addc(&b, '^');
			buf_addc(&b, c == 0x7f ? '?' : (char)(c + 0x40));
			i++;
		} else if (c < 0x80) {
			buf_addc(&b, (char)c);
			i++;
		} else if ((n = utf8_decode(s + i, len - i, &cp)) == 0) {
			buf_printf(&b, "\\x%02X", c);
			i++;
		} else {
			sanitize_cp(&b, s + i, n, cp, flags);
			i += (size_t)n;
		}
	}
	return buf_steal(&b);
}

char *
sanitize_str(const char *s, int flags)
{
	return s ? sanitize(s, strlen(s), flags) : xstrdup("");
}
