/* Attachments (inspection photos): files named by the SHA-256 of their
 * content in a directory beside the database, FILE.attachments/ab/abcd...
 * A file is only ever visible there whole and verified: it is written
 * under FILE.attachments/tmp/, synced, checked against its name and then
 * renamed into place. A transfer cut half-way leaves the partial file in
 * tmp/, and the next one resumes at its size. */
#ifndef LOGE_ATTACH_H
#define LOGE_ATTACH_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Photos from a camera are a few MB; a limit keeps a hostile peer from
 * filling the disk with one "photo". */
#define ATTACH_MAX_SIZE (64 * 1024 * 1024)

struct attach_store {
	char *dir;  /* FILE.attachments */
};

/* The store beside the database file db_path (not created until a file
 * is added). attach_close frees it. */
void attach_open(struct attach_store *s, const char *db_path);
void attach_close(struct attach_store *s);

/* Is sha (64 lowercase hex digits) a well-formed name? */
int attach_valid_name(const char *sha);
/* The path of a stored file (the caller frees), present or not. */
char *attach_path(const struct attach_store *s, const char *sha);
/* 1 when the file is in the store, whole; 0 otherwise. */
int attach_has(const struct attach_store *s, const char *sha);
/* Bytes already received of a partial file (0 when none). */
int64_t attach_partial(const struct attach_store *s, const char *sha);
/* Size of a stored file, -1 when absent. */
int64_t attach_size(const struct attach_store *s, const char *sha);

/* Copies the file at src into the store; sha gets its name. 0 or -1
 * with e set (unreadable, too large, disk full: nothing is left behind). */
int attach_add_file(struct attach_store *s, const char *src, char sha[65], struct err *e);

/* Writes a received chunk of the file sha of size bytes at offset: an
 * offset at or before the partial file's end resumes there, one beyond
 * it is refused. When the file is whole (*done = 1), it is synced,
 * checked against sha and renamed into place; a content that does not
 * match is deleted and refused. A file already stored is left alone
 * (*done = 1). 0 or -1 with e set. */
int attach_write(struct attach_store *s, const char *sha, int64_t size, int64_t offset,
    const void *data, size_t n, int *done, struct err *e);

/* Reads up to n bytes of the stored file sha from offset into buf; *got
 * gets the count (0 at the end). 0 or -1 with e set. */
int attach_read(const struct attach_store *s, const char *sha, int64_t offset, void *buf,
    size_t n, size_t *got, struct err *e);

#endif
