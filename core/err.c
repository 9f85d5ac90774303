#include "err.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* A message cut to fit, or holding a name cut at so many bytes, stays
 * UTF-8: each byte that starts no whole character becomes '?'. */
static void
err_mend(char *s)
{
	size_t len = strlen(s), i = 0;
	uint32_t cp;
	int n;

	while (i < len) {
		if ((n = utf8_decode(s + i, len - i, &cp)) > 0) {
			i += (size_t)n;
			continue;
		}
		s[i++] = '?';
	}
}

void
err_clear(struct err *e)
{
	if (e)
		e->msg[0] = '\0';
}

int
err_set(struct err *e, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	err_mend(e->msg);
	return -1;
}

int
err_prefix(struct err *e, const char *fmt, ...)
{
	char head[512], old[sizeof e->msg];
	va_list ap;
	size_t n;

	if (e == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(head, sizeof head, fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof old);
	n = strlen(head);
	if (n >= sizeof e->msg)
		n = sizeof e->msg - 1;
	memcpy(e->msg, head, n);
	snprintf(e->msg + n, sizeof e->msg - n, "%.*s", (int)(sizeof e->msg - n - 1), old);
	err_mend(e->msg);
	return -1;
}
