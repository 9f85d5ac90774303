/* Response targets of claims: the calendar of working days (weekends
 * and French public holidays) and the overdue rule. Pure functions. */
#include "claim.h"

#include <stdio.h>
#include <string.h>

#include "claim_internal.h"

#define DAY_SECS 86400
#define HOUR_SECS 3600

/* Public holidays on a fixed date, month and day. */
static const struct {
	int month, day;
} claim_fixed_holidays[] = {
	{1, 1}, {5, 1}, {5, 8}, {7, 14}, {8, 15}, {11, 1}, {11, 11}, {12, 25},
};

/* Public holidays that follow Easter Sunday: Easter Monday, Ascension
 * Day, Whit Monday. */
static const int claim_easter_offsets[] = {1, 39, 50};

#define NFIXED (sizeof claim_fixed_holidays / sizeof claim_fixed_holidays[0])
#define NEASTER (sizeof claim_easter_offsets / sizeof claim_easter_offsets[0])

static int claim_day_of_week(int64_t day);
static int64_t claim_working_seconds(int64_t t, int64_t remaining);

/* 0 Monday ... 6 Sunday: 1970-01-01 was a Thursday. */
static int
claim_day_of_week(int64_t day)
{
	return (int)(((day % 7) + 7 + 3) % 7);
}

static int64_t
claim_date_days(int year, int month, int day)
{
	char s[DT_DATE_SIZE];

	snprintf(s, sizeof s, "%04d-%02d-%02d", year, month, day);
	return dt_days(s);
}

/* The anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
int64_t
claim_easter(int year)
{
	int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
	int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;

	return claim_date_days(year, month, day);
}

int
claim_public_holiday(int64_t day)
{
	char date[DT_DATE_SIZE];
	int year, month, mday;
	int64_t easter;
	size_t i;

	dt_from_days(day, date);
	if (sscanf(date, "%4d-%2d-%2d", &year, &month, &mday) != 3)
		return 0;
	for (i = 0; i < NFIXED; i++)
		if (claim_fixed_holidays[i].month == month && claim_fixed_holidays[i].day == mday)
			return 1;
	easter = claim_easter(year);
	for (i = 0; i < NEASTER; i++)
		if (day == easter + claim_easter_offsets[i])
			return 1;
	return 0;
}

int
claim_working_day(int64_t day)
{
	return claim_day_of_week(day) < 5 && !claim_public_holiday(day);
}

int
claim_stamp_secs(const char *stamp, int64_t *out)
{
	int h, m, s;

	if (!dt_stamp_valid(stamp) || sscanf(stamp + 11, "%2d:%2d:%2d", &h, &m, &s) != 3)
		return -1;
	*out = dt_days(stamp) * DAY_SECS + h * HOUR_SECS + m * 60 + s;
	return 0;
}

void
claim_secs_stamp(int64_t t, char out[DT_STAMP_SIZE])
{
	dt_stamp(t / DAY_SECS, (int)(t % DAY_SECS), out);
}

/* The moment `remaining` seconds of working days after t: the clock
 * runs through working days and skips the others whole. */
static int64_t
claim_working_seconds(int64_t t, int64_t remaining)
{
	int64_t day, left;

	for (;;) {
		day = t / DAY_SECS;
		if (!claim_working_day(day)) {
			t = (day + 1) * DAY_SECS;
			continue;
		}
		left = (day + 1) * DAY_SECS - t;
		if (remaining <= left)
			return t + remaining;
		remaining -= left;
		t = (day + 1) * DAY_SECS;
	}
}

int
claim_due(const char *from, int hours, int working_days, char out[DT_STAMP_SIZE])
{
	int64_t t;

	if (hours <= 0 || claim_stamp_secs(from, &t) != 0)
		return -1;
	if (working_days)
		t = claim_working_seconds(t, (int64_t)hours * HOUR_SECS);
	else
		t += (int64_t)hours * HOUR_SECS;
	claim_secs_stamp(t, out);
	return 0;
}

int
claim_overdue(const char *status, const char *due_at, const char *now)
{
	int s = claim_status_parse(status);

	if (due_at == NULL || *due_at == '\0' || now == NULL)
		return 0;
	if (s != CLAIM_NEW && s != CLAIM_FORWARDED && s != CLAIM_IN_PROGRESS)
		return 0;
	return strcmp(now, due_at) > 0;
}
