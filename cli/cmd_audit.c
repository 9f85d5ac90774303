/* loge audit: the log of personal-data displays (core/audit.h), for the
 * supervisor (his agency's tenants), the administrator and the auditor.
 * Here --user filters by the user who saw the data; the acting user is
 * given before the command (loge --user LOGIN audit). */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/datetime.h"
#include "core/db.h"
#include "core/perm.h"
#include "core/sanitize.h"
#include "core/uid.h"
#include "core/user.h"
#include "core/utf8.h"

static int cmd_audit_run(struct cli *, int, char **);

static const char cmd_audit_help[] =
    "Qui a vu l'identité ou les coordonnées de quel locataire, quand, depuis\n"
    "quel poste et sur quel écran ; les plus récentes d'abord. Réservé au\n"
    "superviseur (locataires de son agence), à l'administrateur et à\n"
    "l'auditeur. L'utilisateur qui consulte se donne avant la commande :\n"
    "loge --user LOGIN audit ...\n"
    "\n"
    "Options :\n"
    "  --tenant ID         les consultations d'un locataire\n"
    "  --user LOGIN        les consultations faites par cet utilisateur\n"
    "  --since DATE        depuis cette date (AAAA-MM-JJ)\n"
    "  --format txt|csv    tableau texte ou CSV (défaut : txt)\n";

const struct cli_cmd cmd_audit = {
	"audit",
	"[--tenant ID] [--user LOGIN] [--since DATE] [--format txt|csv]",
	"journal des consultations de données personnelles",
	cmd_audit_help,
	cmd_audit_run,
};

struct cmd_audit_args {
	struct audit_filter f;
	int csv;
};

static void
cmd_audit_usage(void)
{
	printf("Usage : loge audit %s\n%s\n\n%s", cmd_audit.usage, cmd_audit.summary,
	    cmd_audit_help);
	printf("  --db FICHIER        base à utiliser (défaut : "
	    "$XDG_DATA_HOME/loge/loge.db)\n"
	    "  -h, --help          cette aide\n");
}

static int
cmd_audit_opt(struct cmd_audit_args *a, int c, const char *arg, char **argv)
{
	switch (c) {
	case 't':
		if (!uid_valid(arg))
			return cli_usage_error(&cmd_audit, "identifiant de locataire invalide "
			    "« %s »", arg);
		a->f.tenant_id = arg;
		return 0;
	case 'u':
		a->f.login = arg;
		return 0;
	case 's':
		if (!dt_date_valid(arg))
			return cli_usage_error(&cmd_audit, "date invalide « %s » "
			    "(AAAA-MM-JJ attendu)", arg);
		a->f.since = arg;
		return 0;
	case 'F':
		if (strcmp(arg, "csv") != 0 && strcmp(arg, "txt") != 0)
			return cli_usage_error(&cmd_audit, "format inconnu « %s » (txt ou csv)",
			    arg);
		a->csv = strcmp(arg, "csv") == 0;
		return 0;
	case ':':
		return cli_usage_error(&cmd_audit, "l'option %s demande une valeur",
		    argv[optind - 1]);
	default:
		return cli_usage_error(&cmd_audit, "option inconnue « %s »", argv[optind - 1]);
	}
}

static int
cmd_audit_parse(struct cli *cli, int argc, char **argv, struct cmd_audit_args *a)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, CLI_OPT_DB},
		{"help", no_argument, NULL, CLI_OPT_HELP},
		{"tenant", required_argument, NULL, 't'},
		{"user", required_argument, NULL, 'u'},
		{"since", required_argument, NULL, 's'},
		{"format", required_argument, NULL, 'F'},
		{NULL, 0, NULL, 0},
	};
	int c, rc;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (c == CLI_OPT_HELP) {
			cmd_audit_usage();
			exit(0);
		}
		if (cli_common(cli, &cmd_audit, c, optarg))
			continue;
		if ((rc = cmd_audit_opt(a, c, optarg, argv)) != 0)
			return rc;
	}
	if (optind < argc)
		return cli_usage_error(&cmd_audit, "argument inattendu « %s »", argv[optind]);
	return 0;
}

/* A CSV field, quoted when it must be (RFC 4180), sanitised. */
static void
cmd_audit_csv_field(const char *s, int last)
{
	char *safe = sanitize_str(s, 0);
	const char *p;

	if (strpbrk(safe, ",\"\n\r") == NULL) {
		fputs(safe, stdout);
	} else {
		putchar('"');
		for (p = safe; *p; p++) {
			if (*p == '"')
				putchar('"');
			putchar(*p);
		}
		putchar('"');
	}
	putchar(last ? '\n' : ',');
	free(safe);
}

static void
cmd_audit_csv(const struct audit_row *r, size_t n)
{
	size_t i;

	printf("at,user,node,tenant_id,tenant,screen,what\n");
	for (i = 0; i < n; i++) {
		cmd_audit_csv_field(r[i].at, 0);
		cmd_audit_csv_field(r[i].login, 0);
		cmd_audit_csv_field(r[i].node, 0);
		cmd_audit_csv_field(r[i].tenant_id, 0);
		cmd_audit_csv_field(r[i].tenant, 0);
		cmd_audit_csv_field(r[i].screen, 0);
		cmd_audit_csv_field(r[i].what, 1);
	}
}

static void
cmd_audit_txt(const struct audit_row *r, size_t n)
{
	size_t i;

	if (n == 0) {
		printf("Aucune consultation enregistrée.\n");
		return;
	}
	for (i = 0; i < n; i++) {
		const char *what = audit_what_label(r[i].what);
		/* Padded by characters, not bytes: "identité" is 9 bytes. */
		int pad = 12 - (int)utf8_length(what);

		cli_say("%.10s %.5s  %-12s %s%*s%s (%s) — écran « %s », poste %.8s",
		    r[i].at, r[i].at + 11, r[i].login, what, pad > 0 ? pad : 1, "",
		    r[i].tenant, r[i].tenant_id, r[i].screen, r[i].node);
	}
	printf("%zu consultation%s.\n", n, n > 1 ? "s" : "");
}

static int
cmd_audit_run(struct cli *cli, int argc, char **argv)
{
	struct cmd_audit_args a;
	struct audit_row *rows;
	struct db *db = NULL;
	struct user who;
	struct err e;
	size_t n;
	int rc;

	memset(&a, 0, sizeof a);
	memset(&who, 0, sizeof who);
	if ((rc = cmd_audit_parse(cli, argc, argv, &a)) != 0)
		return rc;
	if (cli_open(cli, DB_READONLY, &db, &who) != 0)
		return 1;
	err_clear(&e);
	if (audit_list(db, &who, &a.f, &rows, &n, &e) != 0) {
		rc = cli_fail("%s", e.msg);
	} else {
		if (a.csv)
			cmd_audit_csv(rows, n);
		else
			cmd_audit_txt(rows, n);
		rc = fflush(stdout) != 0 ? cli_fail("sortie standard : %s", strerror(errno)) : 0;
		audit_rows_free(rows, n);
	}
	user_clear(&who);
	db_close(db);
	return rc;
}
