/* Expected failures (bad input, constraint violations, missing files) travel
 * up as a return status plus one message a person can read; broken
 * invariants are not errors but bugs, and abort. */
#ifndef LOGE_ERR_H
#define LOGE_ERR_H

struct err {
	char msg[1024];
};

void err_clear(struct err *e);
/* Sets the message (e may be NULL); always returns -1 so callers can write
 * `return err_set(e, ...);`. */
int err_set(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prepends context ("file.csv: ") to an existing message. */
int err_prefix(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
