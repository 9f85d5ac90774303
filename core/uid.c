#include "uid.h"

#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

static void
uid_format(char out[UID_SIZE], const unsigned char b[16])
{
	static const char hex[] = "0123456789abcdef";
	int i, o = 0;

	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[b[i] >> 4];
		out[o++] = hex[b[i] & 15];
	}
	out[o] = '\0';
}

void
uid_make(char out[UID_SIZE], uint64_t ms, uint64_t rand_hi, uint64_t rand_lo)
{
	unsigned char b[16];
	int i;

	for (i = 0; i < 6; i++)
		b[i] = (unsigned char)(ms >> (40 - 8 * i));
	b[6] = (unsigned char)(0x70 | ((rand_hi >> 8) & 0x0f));
	b[7] = (unsigned char)rand_hi;
	b[8] = (unsigned char)(0x80 | ((rand_lo >> 56) & 0x3f));
	for (i = 9; i < 16; i++)
		b[i] = (unsigned char)(rand_lo >> (8 * (15 - i)));
	uid_format(out, b);
}

void
uid_new(char out[UID_SIZE])
{
	/* Within one millisecond the 12-bit field counts up from a random
	 * start, so ids made by one process sort in creation order. */
	static uint64_t last_ms, counter;
	struct timespec ts;
	uint64_t ms, r[2] = {0, 0};
	size_t got = 0;
	ssize_t n;

	clock_gettime(CLOCK_REALTIME, &ts);
	ms = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
	while (got < sizeof r) {
		n = getrandom((char *)r + got, sizeof r - got, 0);
		if (n > 0)
			got += (size_t)n;
	}
	if (ms <= last_ms) {
		ms = last_ms;
		if (++counter > 0xfff) {
			ms = ++last_ms;
			counter = r[0] & 0x3ff;
		}
	} else {
		last_ms = ms;
		counter = r[0] & 0x3ff;
	}
	uid_make(out, ms, counter, r[1]);
}

int
uid_valid(const char *s)
{
	int i;

	if (s == NULL || strlen(s) != UID_LEN)
		return 0;
	for (i = 0; i < UID_LEN; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) {
			return 0;
		}
	}
	return s[14] == '7' && strchr("89ab", s[19]) != NULL;
}

uint64_t
uid_time_ms(const char *s)
{
	uint64_t ms = 0;
	int i;

	for (i = 0; i < 13; i++) {
		if (s[i] == '-')
			continue;
		ms = ms * 16 + (uint64_t)(s[i] <= '9' ? s[i] - '0' : s[i] - 'a' + 10);
	}
	return ms;
}
