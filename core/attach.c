/* The attachment store (see attach.h). */
#include "attach.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sha256.h"
#include "xalloc.h"

void
attach_open(struct attach_store *s, const char *db_path)
{
	s->dir = xasprintf("%s.attachments", db_path);
}

void
attach_close(struct attach_store *s)
{
	free(s->dir);
	s->dir = NULL;
}

int
attach_valid_name(const char *sha)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((sha[i] >= '0' && sha[i] <= '9') || (sha[i] >= 'a' && sha[i] <= 'f')))
			return 0;
	return sha[64] == '\0';
}

char *
attach_path(const struct attach_store *s, const char *sha)
{
	return xasprintf("%s/%.2s/%s", s->dir, sha, sha);
}

static char *
partial_path(const struct attach_store *s, const char *sha)
{
	return xasprintf("%s/tmp/%s.part", s->dir, sha);
}

static int64_t
file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) ? (int64_t)st.st_size : -1;
}

int64_t
attach_size(const struct attach_store *s, const char *sha)
{
	char *p = attach_path(s, sha);
	int64_t n = file_size(p);

	free(p);
	return n;
}

int
attach_has(const struct attach_store *s, const char *sha)
{
	return attach_size(s, sha) >= 0;
}

int64_t
attach_partial(const struct attach_store *s, const char *sha)
{
	char *p = partial_path(s, sha);
	int64_t n = file_size(p);

	free(p);
	return n < 0 ? 0 : n;
}

static int
make_dir(const char *path, struct err *e)
{
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return err_set(e, "%s : %s", path, strerror(errno));
	return 0;
}

/* The store, its tmp/ and the shard of sha. */
static int
make_dirs(const struct attach_store *s, const char *sha, struct err *e)
{
	char *tmp = xasprintf("%s/tmp", s->dir), *shard = xasprintf("%s/%.2s", s->dir, sha);
	int rc = make_dir(s->dir, e) != 0 || make_dir(tmp, e) != 0 || make_dir(shard, e) != 0;

	free(tmp);
	free(shard);
	return rc ? -1 : 0;
}

static int
sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Moves the synced file tmp into place as sha, durably. */
static int
publish(const struct attach_store *s, const char *tmp, const char *sha, struct err *e)
{
	char *dst = attach_path(s, sha), *shard = xasprintf("%s/%.2s", s->dir, sha);
	int rc = 0;

	if (rename(tmp, dst) != 0)
		rc = err_set(e, "pièce jointe %.12s : %s", sha, strerror(errno));
	else if (sync_dir(shard) != 0)
		rc = err_set(e, "pièce jointe %.12s : %s", sha, strerror(errno));
	free(dst);
	free(shard);
	return rc;
}

/* SHA-256 of the whole content of fd. */
static int
digest_fd(int fd, char hex[65], struct err *e)
{
	struct sha256 h;
	char buf[65536];
	ssize_t n;
	off_t off = 0;

	sha256_init(&h);
	while ((n = pread(fd, buf, sizeof buf, off)) > 0) {
		sha256_update(&h, buf, (size_t)n);
		off += n;
	}
	if (n < 0)
		return err_set(e, "lecture d'une pièce jointe : %s", strerror(errno));
	sha256_final_hex(&h, hex);
	return 0;
}

static int
write_all(int fd, const void *p, size_t n, off_t off)
{
	const char *c = p;
	ssize_t w;

	while (n > 0) {
		if ((w = pwrite(fd, c, n, off)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c += w;
		n -= (size_t)w;
		off += w;
	}
	return 0;
}

/* Copies src into the open temporary file fd, hashing it. */
static int
copy_in(int in, int fd, const char *src, char sha[65], struct err *e)
{
	struct sha256 h;
	char buf[65536];
	ssize_t n;
	off_t off = 0;

	sha256_init(&h);
	while ((n = read(in, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return err_set(e, "%s : %s", src, strerror(errno));
		if (off + n > ATTACH_MAX_SIZE)
			return err_set(e, "%s : plus de %d Mo, trop gros pour une pièce jointe", src,
			    ATTACH_MAX_SIZE / (1024 * 1024));
		if (write_all(fd, buf, (size_t)n, off) != 0)
			return err_set(e, "copie de %s : %s", src, strerror(errno));
		sha256_update(&h, buf, (size_t)n);
		off += n;
	}
	if (fsync(fd) != 0)
		return err_set(e, "copie de %s : %s", src, strerror(errno));
	sha256_final_hex(&h, sha);
	return 0;
}

int
attach_add_file(struct attach_store *s, const char *src, char sha[65], struct err *e)
{
	char *tmp = NULL;
	int in, fd = -1, rc = -1;

	if ((in = open(src, O_RDONLY)) < 0)
		return err_set(e, "%s : %s", src, strerror(errno));
	if (make_dir(s->dir, e) != 0)
		goto out;
	tmp = xasprintf("%s/tmp", s->dir);
	if (make_dir(tmp, e) != 0)
		goto out;
	free(tmp);
	tmp = xasprintf("%s/tmp/add-XXXXXX", s->dir);
	if ((fd = mkstemp(tmp)) < 0) {
		err_set(e, "%s : %s", s->dir, strerror(errno));
		goto out;
	}
	if (copy_in(in, fd, src, sha, e) != 0 || make_dirs(s, sha, e) != 0)
		goto out;
	if (attach_has(s, sha))
		rc = 0;
	else if ((rc = publish(s, tmp, sha, e)) == 0) {
		close(fd);
		fd = -1;
	}
out:
	if (fd >= 0) {
		close(fd);
		unlink(tmp);
	}
	free(tmp);
	close(in);
	return rc;
}

/* The partial file is whole: check it against its name and publish it. */
static int
finish(struct attach_store *s, int fd, const char *part, const char *sha, struct err *e)
{
	char hex[65];

	if (fsync(fd) != 0)
		return err_set(e, "pièce jointe %.12s : %s", sha, strerror(errno));
	if (digest_fd(fd, hex, e) != 0)
		return -1;
	if (strcmp(hex, sha) != 0) {
		unlink(part);
		return err_set(e, "pièce jointe %.12s : le contenu reçu ne correspond pas à son "
		    "empreinte, elle est refusée", sha);
	}
	return publish(s, part, sha, e);
}

static int
check_chunk(const char *sha, int64_t size, int64_t offset, size_t n, struct err *e)
{
	if (!attach_valid_name(sha))
		return err_set(e, "nom de pièce jointe invalide");
	if (size < 0 || size > ATTACH_MAX_SIZE)
		return err_set(e, "pièce jointe %.12s : taille %lld refusée", sha, (long long)size);
	if (offset < 0 || (int64_t)n > size - offset)
		return err_set(e, "pièce jointe %.12s : morceau hors du fichier", sha);
	return 0;
}

int
attach_write(struct attach_store *s, const char *sha, int64_t size, int64_t offset,
    const void *data, size_t n, int *done, struct err *e)
{
	char *part;
	struct stat st;
	int fd, rc = -1;

	*done = 0;
	if (check_chunk(sha, size, offset, n, e) != 0)
		return -1;
	if (attach_has(s, sha)) {
		*done = 1;
		return 0;
	}
	if (make_dirs(s, sha, e) != 0)
		return -1;
	part = partial_path(s, sha);
	if ((fd = open(part, O_RDWR | O_CREAT, 0600)) < 0 || fstat(fd, &st) != 0) {
		err_set(e, "%s : %s", part, strerror(errno));
		goto out;
	}
	if (offset > st.st_size) {
		err_set(e, "pièce jointe %.12s : morceau à l'octet %lld, %lld reçus", sha,
		    (long long)offset, (long long)st.st_size);
		goto out;
	}
	if ((offset < st.st_size && ftruncate(fd, offset) != 0) ||
	    write_all(fd, data, n, offset) != 0) {
		err_set(e, "pièce jointe %.12s : %s", sha, strerror(errno));
		goto out;
	}
	rc = 0;
	if (offset + (int64_t)n == size) {
		rc = finish(s, fd, part, sha, e);
		*done = rc == 0;
	}
out:
	if (fd >= 0)
		close(fd);
	free(part);
	return rc;
}

int
attach_read(const struct attach_store *s, const char *sha, int64_t offset, void *buf,
    size_t n, size_t *got, struct err *e)
{
	char *p = attach_path(s, sha);
	ssize_t r;
	int fd;

	*got = 0;
	if ((fd = open(p, O_RDONLY)) < 0) {
		err_set(e, "pièce jointe %.12s : %s", sha, strerror(errno));
		free(p);
		return -1;
	}
	free(p);
	while ((r = pread(fd, buf, n, offset)) < 0 && errno == EINTR)
		;
	close(fd);
	if (r < 0)
		return err_set(e, "pièce jointe %.12s : %s", sha, strerror(errno));
	*got = (size_t)r;
	return 0;
}
