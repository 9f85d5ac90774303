#include "datetime.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Howard Hinnant's civil-from-days algorithms, valid for the proleptic
 * Gregorian calendar; no dependence on the process's time zone. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int
digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

static int
date_parts(const char *s, int *y, int *m, int *d)
{
	int yy, mm, dd;

	if (!digits(s, 4, &yy) || s[4] != '-' || !digits(s + 5, 2, &mm) ||
	    s[7] != '-' || !digits(s + 8, 2, &dd))
		return 0;
	if (yy < 1800 || mm < 1 || mm > 12 || dd < 1)
		return 0;
	{
		int dy, dm, ddd;
		civil_from_days(days_from_civil(yy, mm, dd), &dy, &dm, &ddd);
		if (dy != yy || dm != mm || ddd != dd)
			return 0;
	}
	*y = yy, *m = mm, *d = dd;
	return 1;
}

int
dt_date_valid(const char *s)
{
	int y, m, d;

	return s && strlen(s) == 10 && date_parts(s, &y, &m, &d);
}

int
dt_stamp_valid(const char *s)
{
	int y, m, d, hh, mi, ss;

	return s && strlen(s) == 20 && date_parts(s, &y, &m, &d) &&
	    s[10] == 'T' && digits(s + 11, 2, &hh) && s[13] == ':' &&
	    digits(s + 14, 2, &mi) && s[16] == ':' && digits(s + 17, 2, &ss) &&
	    s[19] == 'Z' && hh < 24 && mi < 60 && ss < 60;
}

int64_t
dt_days(const char *date)
{
	int y, m, d;

	if (!date_parts(date, &y, &m, &d))
		return 0;
	return days_from_civil(y, m, d);
}

static void
put_digits(char *o, int v, int n)
{
	while (n-- > 0) {
		o[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

static void
format_date(char out[DT_DATE_SIZE], int y, int m, int d)
{
	put_digits(out, y < 0 ? 0 : y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	out[10] = '\0';
}

void
dt_from_days(int64_t days, char out[DT_DATE_SIZE])
{
	int y, m, d;

	civil_from_days(days, &y, &m, &d);
	format_date(out, y, m, d);
}

void
dt_stamp(int64_t days, int secs, char out[DT_STAMP_SIZE])
{
	char date[DT_DATE_SIZE];

	dt_from_days(days, date);
	secs = secs < 0 ? 0 : secs % 86400;
	memcpy(out, date, 10);
	out[10] = 'T';
	put_digits(out + 11, secs / 3600, 2);
	out[13] = ':';
	put_digits(out + 14, secs / 60 % 60, 2);
	out[16] = ':';
	put_digits(out + 17, secs % 60, 2);
	out[19] = 'Z';
	out[20] = '\0';
}

uint64_t
dt_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void
dt_now(char out[DT_STAMP_SIZE])
{
	time_t t = time(NULL);

	dt_stamp((int64_t)(t / 86400), (int)(t % 86400), out);
}

void
dt_today(char out[DT_DATE_SIZE])
{
	/* "Today" is the user's calendar day, not UTC's. */
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	format_date(out, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
