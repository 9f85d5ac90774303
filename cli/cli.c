#include "cli/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/db.h"
#include "core/err.h"
#include "core/sanitize.h"
#include "core/user.h"
#include "core/xalloc.h"

int
cli_common(struct cli *cli, const struct cli_cmd *cmd, int opt, const char *arg)
{
	switch (opt) {
	case CLI_OPT_DB:
		cli->db_path = arg;
		return 1;
	case CLI_OPT_USER:
		cli->user = arg;
		return 1;
	case CLI_OPT_HELP:
		printf("Usage : loge %s%s%s\n%s\n\n%s", cmd->name, *cmd->usage ? " " : "",
		    cmd->usage, cmd->summary, cmd->help);
		printf("  --db FICHIER    base à utiliser (défaut : "
		    "$XDG_DATA_HOME/loge/loge.db)\n"
		    "  --user LOGIN    agir en tant que cet utilisateur\n"
		    "  -h, --help      cette aide\n");
		exit(0);
	}
	return 0;
}

/* fmt filled with ap, sanitised for the terminal (the caller frees). */
static char *
cli_vsafe(int flags, const char *fmt, va_list ap)
{
	char *msg = xvasprintf(fmt, ap), *safe = sanitize_str(msg, flags);

	free(msg);
	return safe;
}

int
cli_usage_error(const struct cli_cmd *cmd, const char *fmt, ...)
{
	va_list ap;
	char *safe;

	va_start(ap, fmt);
	safe = cli_vsafe(0, fmt, ap);
	va_end(ap);
	fprintf(stderr, "loge %s : %s\nUsage : loge %s %s\n"
	    "(loge %s --help pour l'aide)\n", cmd->name, safe, cmd->name, cmd->usage,
	    cmd->name);
	free(safe);
	return EXIT_USAGE;
}

int
cli_fail(const char *fmt, ...)
{
	va_list ap;
	char *safe;

	va_start(ap, fmt);
	safe = cli_vsafe(SAN_NEWLINE, fmt, ap);
	va_end(ap);
	fprintf(stderr, "loge : %s\n", safe);
	free(safe);
	return 1;
}

void
cli_say(const char *fmt, ...)
{
	va_list ap;
	char *safe;

	va_start(ap, fmt);
	safe = cli_vsafe(0, fmt, ap);
	va_end(ap);
	printf("%s\n", safe);
	free(safe);
}

char *
cli_default_db(void)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");

	if (xdg && *xdg == '/')
		return xasprintf("%s/loge/loge.db", xdg);
	return xasprintf("%s/.local/share/loge/loge.db", home && *home ? home : ".");
}

int
cli_write_file(const char *path, unsigned mode,
    int (*write)(FILE *f, const void *ctx, struct err *e), const void *ctx)
{
	char *tmp = xasprintf("%s.tmp", path);
	struct err e;
	FILE *f;
	int fd, rc = -1;

	err_clear(&e);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, (mode_t)mode);
	if (fd < 0) {
		cli_fail("%s : création impossible : %s", tmp, strerror(errno));
		free(tmp);
		return 1;
	}
	if ((f = fdopen(fd, "w")) == NULL) {
		err_set(&e, "%s", strerror(errno));
		close(fd);
	} else {
		rc = write(f, ctx, &e);
		if (rc == 0 && (fflush(f) != 0 || fsync(fileno(f)) != 0))
			rc = -1;
		if (fclose(f) != 0)
			rc = -1;
		if (rc != 0 && e.msg[0] == '\0')
			err_set(&e, "écriture impossible : %s", strerror(errno));
	}
	if (rc == 0 && rename(tmp, path) != 0)
		rc = err_set(&e, "impossible de remplacer le fichier : %s", strerror(errno));
	if (rc != 0) {
		unlink(tmp);
		cli_fail("%s : %s (fichier inchangé)", path, e.msg);
	}
	free(tmp);
	return rc != 0;
}

int
cli_make_parent(const char *path)
{
	char *dir = xstrdup(path), *p;
	int rc = 0;

	/* mkdir -p of the parent, private: the database holds tenants' data. */
	for (p = dir + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			rc = cli_fail("%s : impossible de créer le dossier : %s", dir,
			    strerror(errno));
			break;
		}
		*p = '/';
	}
	free(dir);
	return rc == 0 ? 0 : -1;
}

int
cli_number(const char *s, long long min, long long max, long long *out)
{
	char *end;
	long long v;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
cli_open(struct cli *cli, int flags, struct db **db, struct user *who)
{
	char *path = cli->db_path ? xstrdup(cli->db_path) : cli_default_db();
	const char *how;
	struct err e;
	int rc = 1;

	err_clear(&e);
	*db = NULL;
	if (access(path, F_OK) != 0 && !(flags & DB_CREATE)) {
		cli_fail("%s : base introuvable. Créez une base de démonstration avec "
		    "« loge demo --db %s », ou indiquez --db FICHIER.", path, path);
		goto out;
	}
	if (db_open(db, path, flags, &e) != 0) {
		cli_fail("%s", e.msg);
		goto out;
	}
	if (who != NULL) {
		if (user_resolve(*db, cli->user, who, &how, &e) != 0) {
			cli_fail("%s : %s", path, e.msg);
			db_close(*db);
			*db = NULL;
			goto out;
		}
		cli->user_how = how;
		audit_set_actor(who->id);
		if (cli->user == NULL && !cli->quiet_user)
			fprintf(stderr, "loge : %s (%s)\n", how, who->login);
	}
	rc = 0;
out:
	free(path);
	return rc;
}
