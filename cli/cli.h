/* The `loge` command: one table of subcommands, each in its own file
 * (cli/cmd_NAME.c). --db, --user and --help are accepted by every
 * subcommand, before or after its other arguments. */
#ifndef LOGE_CLI_H
#define LOGE_CLI_H

#include <getopt.h>
#include <stdio.h>

#define EXIT_USAGE 2

struct cli {
	const char *db_path;  /* --db, else the default path */
	const char *user;     /* --user LOGIN, else NULL */
	int quiet_user;       /* cli_open: don't print who was chosen */
	const char *user_how; /* cli_open: how the user was chosen, "" if --user */
};

struct cli_cmd {
	const char *name;
	const char *usage;   /* what follows the name in a usage line */
	const char *summary; /* one line for `loge --help` */
	const char *help;    /* the options, for `loge NAME --help` */
	int (*run)(struct cli *cli, int argc, char **argv);
};

/* The options every subcommand takes; put CLI_COMMON_OPTIONS at the head
 * of a getopt_long table and pass the codes to cli_common(). */
#define CLI_OPT_DB 0x1001
#define CLI_OPT_USER 0x1002
#define CLI_OPT_HELP 'h'
#define CLI_COMMON_OPTIONS \
	{"db", required_argument, NULL, CLI_OPT_DB}, \
	{"user", required_argument, NULL, CLI_OPT_USER}, \
	{"help", no_argument, NULL, CLI_OPT_HELP}

/* Handles a common option: returns 1 if it was one (for --help, prints the
 * command's help and exits 0), 0 if not. */
int cli_common(struct cli *cli, const struct cli_cmd *cmd, int opt, const char *arg);
/* Prints "loge NAME: message" and the usage line; returns EXIT_USAGE. */
int cli_usage_error(const struct cli_cmd *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Prints "loge: message" on stderr (sanitised); returns 1. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a line on stdout, sanitised (text from the database). */
void cli_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The default database: $XDG_DATA_HOME/loge/loge.db. The caller frees. */
char *cli_default_db(void);
/* Creates the directory that will hold path (mode 0700), if missing. */
int cli_make_parent(const char *path);
struct err;
/* Writes path whole or not at all: write fills a temporary file beside it
 * (created with mode, never through a link), which is flushed to disk and
 * renamed over path. write returns 0, or -1 with e set (or e left empty:
 * errno says why). Returns 0, or 1 after saying why on stderr, path left
 * as it was. */
int cli_write_file(const char *path, unsigned mode,
    int (*write)(FILE *f, const void *ctx, struct err *e), const void *ctx);
/* Parses a whole decimal number in [min, max]; 0 ok, -1 not. */
int cli_number(const char *s, long long min, long long max, long long *out);

extern const struct cli_cmd cmd_tui, cmd_demo, cmd_import, cmd_export, cmd_sync,
    cmd_sync_server, cmd_synclog, cmd_serve, cmd_user, cmd_inspection, cmd_attach,
    cmd_referential, cmd_report;
extern const struct cli_cmd cmd_retention, cmd_tenant;
extern const struct cli_cmd cmd_roles;
extern const struct cli_cmd cmd_audit;


struct db;
struct user;
/* Opens cli's database (the default one when --db is absent) with the
 * db_open() flags and resolves the acting user (--user, else the node's
 * user, else the demo administrator), saying on stderr who was chosen when
 * it was implicit. Returns 0, or 1 after printing why not. */
int cli_open(struct cli *cli, int flags, struct db **db, struct user *who);

#endif
