/* Dates are ISO 8601 text: "YYYY-MM-DD" for days, "YYYY-MM-DDTHH:MM:SSZ"
 * (UTC) for moments. These helpers make and check them. */
#ifndef LOGE_DATETIME_H
#define LOGE_DATETIME_H

#include <stdint.h>

#define DT_DATE_SIZE 11
#define DT_STAMP_SIZE 21

/* 1 if s is a real calendar date in YYYY-MM-DD form. */
int dt_date_valid(const char *s);
/* 1 if s is a real moment in YYYY-MM-DDTHH:MM:SSZ form. */
int dt_stamp_valid(const char *s);
/* Days since 1970-01-01 for a valid date; the inverse below. */
int64_t dt_days(const char *date);
void dt_from_days(int64_t days, char out[DT_DATE_SIZE]);
/* Now, in UTC. */
void dt_now(char out[DT_STAMP_SIZE]);
void dt_today(char out[DT_DATE_SIZE]);
/* A stamp from a day number and seconds in the day. */
void dt_stamp(int64_t days, int secs, char out[DT_STAMP_SIZE]);
/* Milliseconds since the epoch, from the real-time clock. */
uint64_t dt_now_ms(void);

#endif
