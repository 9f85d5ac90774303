/* Base64 (see base64.h). */
#include "base64.h"

#include <stdint.h>

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void
base64_encode(const void *p, size_t n, struct buf *out)
{
	const uint8_t *b = p;
	char q[4];
	uint32_t v;
	size_t i;

	for (i = 0; i + 3 <= n; i += 3) {
		v = (uint32_t)b[i] << 16 | (uint32_t)b[i + 1] << 8 | b[i + 2];
		q[0] = alphabet[v >> 18];
		q[1] = alphabet[(v >> 12) & 63];
		q[2] = alphabet[(v >> 6) & 63];
		q[3] = alphabet[v & 63];
		buf_add(out, q, 4);
	}
	if (i < n) {
		v = (uint32_t)b[i] << 16 | (i + 1 < n ? (uint32_t)b[i + 1] << 8 : 0);
		q[0] = alphabet[v >> 18];
		q[1] = alphabet[(v >> 12) & 63];
		q[2] = i + 1 < n ? alphabet[(v >> 6) & 63] : '=';
		q[3] = '=';
		buf_add(out, q, 4);
	}
	buf_addc(out, '\0');
	out->len--;
}

static int
value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

int
base64_decode(const char *s, size_t n, struct buf *out)
{
	uint8_t b[3];
	uint32_t v;
	size_t i, j, pad;
	int d;

	if (n % 4 != 0)
		return -1;
	for (i = 0; i < n; i += 4) {
		pad = i + 4 == n ? (s[i + 3] == '=') + (s[i + 2] == '=') : 0;
		if (pad == 1 && s[i + 2] == '=')
			return -1;
		for (v = 0, j = 0; j < 4; j++) {
			d = j >= 4 - pad ? 0 : value(s[i + j]);
			if (d < 0)
				return -1;
			v = v << 6 | (uint32_t)d;
		}
		b[0] = (uint8_t)(v >> 16);
		b[1] = (uint8_t)(v >> 8);
		b[2] = (uint8_t)v;
		/* The bits beyond the last byte must be zero. */
		if ((pad == 1 && b[2] != 0) || (pad == 2 && (b[1] != 0 || b[2] != 0)))
			return -1;
		buf_add(out, b, 3 - pad);
	}
	return 0;
}
