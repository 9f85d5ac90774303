/* Row identifiers: UUIDv7 text (36 characters). Many laptops create rows
 * offline, so ids must be unique without asking anyone, and their time
 * prefix keeps rows created together close in the B-tree. */
#ifndef LOGE_UID_H
#define LOGE_UID_H

#include <stdint.h>

#define UID_LEN 36
#define UID_SIZE 37

/* A fresh id from the clock and the system's random source. */
void uid_new(char out[UID_SIZE]);
/* An id for a given millisecond and 74 bits of "random" payload; used by
 * the demo generator so that the same seed gives the same ids. */
void uid_make(char out[UID_SIZE], uint64_t unix_ms, uint64_t rand_hi, uint64_t rand_lo);
/* 1 if s is a well-formed UUID text in lower case with version 7. */
int uid_valid(const char *s);
/* The millisecond timestamp of a UUIDv7. */
uint64_t uid_time_ms(const char *s);

#endif
