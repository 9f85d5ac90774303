/* The log of loge serve (see serve_log.h). */
#include "serve_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "core/datetime.h"

void
serve_log(const char *event, const char *fmt, ...)
{
	char line[1024], now[DT_STAMP_SIZE];
	va_list ap;
	int n, m;

	dt_now(now);
	n = snprintf(line, sizeof line, "%s pid=%ld event=%s ", now, (long)getpid(), event);
	va_start(ap, fmt);
	m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	va_end(ap);
	n += m < 0 ? 0 : m;
	if (n > (int)sizeof line - 2)
		n = (int)sizeof line - 2;
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, (size_t)n) < 0)
		return;  /* nowhere left to say it */
}

const char *
serve_log_safe(const char *s, char *out, size_t size)
{
	size_t i = 0;

	for (; s != NULL && *s != '\0' && i + 1 < size; s++)
		out[i++] = *s > ' ' && *s < 127 && *s != '"' && *s != '\\' && *s != '\'' ? *s : '?';
	if (i == 0 && size > 1)
		out[i++] = '-';
	out[i] = '\0';
	return out;
}
