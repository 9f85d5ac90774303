/* loge report NAME: one dashboard table over a period and a part of the
 * patrimoine, as text or CSV; --list names them. */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/datetime.h"
#include "core/db.h"
#include "core/report.h"
#include "core/user.h"
#include "core/xalloc.h"

struct cmd_report_args {
	const char *name;
	char from[DT_DATE_SIZE], to[DT_DATE_SIZE];
	enum report_scope scope;
	const char *scope_arg;
	int csv;
	int list;
	const char *output;
};

static int cmd_report_run(struct cli *, int, char **);

const struct cli_cmd cmd_report = {
	"report",
	"NAME [--from DATE] [--to DATE] [--agency X|--sector X|--estate X] "
	"[--format csv|txt] [-o FILE] | --list",
	"produit un tableau de bord (réclamations, travaux, vacance…)",
	"Un tableau de chiffres sur une période et une partie du patrimoine.\n"
	"Les anciennetés, retards et vacances sont mesurés aujourd'hui.\n"
	"En texte, la tendance suit : un chiffre par mois (par semaine sur\n"
	"moins de 90 jours).\n"
	"\n"
	"Options :\n"
	"  --list              la liste des tableaux disponibles\n"
	"  --from DATE         début de la période (AAAA-MM-JJ ; défaut : il y a\n"
	"                      12 mois)\n"
	"  --to DATE           fin de la période, incluse (défaut : aujourd'hui)\n"
	"  --agency X          une agence (code), dans votre périmètre\n"
	"  --sector X          un secteur (code), dans votre périmètre\n"
	"  --estate X          une résidence (code), dans votre périmètre\n"
	"  --format csv|txt    CSV séparé par « ; » ou tableau texte (défaut : txt)\n"
	"  -o FILE             écrit dans FILE (défaut : sortie standard)\n",
	cmd_report_run,
};

static int
cmd_report_date(const char *s, char *out)
{
	if (!dt_date_valid(s))
		return cli_usage_error(&cmd_report, "date invalide « %s » (AAAA-MM-JJ attendu)", s);
	snprintf(out, DT_DATE_SIZE, "%s", s);
	return 0;
}

static int
cmd_report_scope(struct cmd_report_args *a, enum report_scope s, const char *arg)
{
	if (a->scope != REPORT_SCOPE_USER)
		return cli_usage_error(&cmd_report,
		    "une seule des options --agency, --sector, --estate");
	a->scope = s;
	a->scope_arg = arg;
	return 0;
}

static int
cmd_report_opt(struct cmd_report_args *a, int c, const char *arg, char **argv)
{
	switch (c) {
	case 'f':
		return cmd_report_date(arg, a->from);
	case 't':
		return cmd_report_date(arg, a->to);
	case 'a':
		return cmd_report_scope(a, REPORT_SCOPE_AGENCY, arg);
	case 's':
		return cmd_report_scope(a, REPORT_SCOPE_SECTOR, arg);
	case 'e':
		return cmd_report_scope(a, REPORT_SCOPE_ESTATE, arg);
	case 'F':
		if (strcmp(arg, "csv") != 0 && strcmp(arg, "txt") != 0)
			return cli_usage_error(&cmd_report, "format inconnu « %s » (csv ou txt)", arg);
		a->csv = strcmp(arg, "csv") == 0;
		return 0;
	case 'o':
		a->output = arg;
		return 0;
	case 'l':
		a->list = 1;
		return 0;
	case ':':
		return cli_usage_error(&cmd_report, "l'option %s demande une valeur",
		    argv[optind - 1]);
	default:
		return cli_usage_error(&cmd_report, "option inconnue « %s »", argv[optind - 1]);
	}
}

static int
cmd_report_parse(struct cli *cli, int argc, char **argv, struct cmd_report_args *a)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"agency", required_argument, NULL, 'a'},
		{"sector", required_argument, NULL, 's'},
		{"estate", required_argument, NULL, 'e'},
		{"format", required_argument, NULL, 'F'},
		{"list", no_argument, NULL, 'l'},
		{NULL, 0, NULL, 0},
	};
	int c, rc;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ho:", opts, NULL)) != -1) {
		if (cli_common(cli, &cmd_report, c, optarg))
			continue;
		if ((rc = cmd_report_opt(a, c, optarg, argv)) != 0)
			return rc;
	}
	if (optind < argc)
		a->name = argv[optind++];
	if (optind < argc)
		return cli_usage_error(&cmd_report, "argument inattendu « %s »", argv[optind]);
	if (a->list)
		return 0;
	if (a->name == NULL)
		return cli_usage_error(&cmd_report, "quel tableau ? (loge report --list)");
	if (!report_known(a->name))
		return cli_usage_error(&cmd_report, "tableau inconnu « %s » (loge report --list)",
		    a->name);
	if (strcmp(a->from, a->to) > 0)
		return cli_usage_error(&cmd_report, "la période finit avant de commencer");
	return 0;
}

/* Defaults: the twelve months up to today. */
static void
cmd_report_defaults(struct cmd_report_args *a)
{
	char year[8];

	dt_today(a->to);
	snprintf(year, sizeof year, "%04d", (atoi(a->to) - 1) % 10000);
	memcpy(a->from, a->to, sizeof a->from);
	memcpy(a->from, year, 4);
	if (!dt_date_valid(a->from))  /* 29 February */
		a->from[9] = '8';
	dt_from_days(dt_days(a->from) + 1, a->from);
}

static int
cmd_report_write(const struct report *r, int csv, FILE *f)
{
	return csv ? report_write_csv(r, f) : report_write_txt(r, f);
}

struct cmd_report_out {
	const struct report *r;
	int csv;
};

static int
cmd_report_out(FILE *f, const void *ctx, struct err *e)
{
	const struct cmd_report_out *o = ctx;

	return cmd_report_write(o->r, o->csv, f);
}

static void
cmd_report_list(void)
{
	const char *n;
	size_t i;

	for (i = 0; (n = report_name(i)) != NULL; i++)
		printf("%-18s %s\n", n, report_title(i));
}

static int
cmd_report_do(struct db *db, const struct user *who, const struct cmd_report_args *a)
{
	struct report_params p = {a->from, a->to, NULL, a->scope, a->scope_arg};
	char now[DT_STAMP_SIZE];
	struct report r;
	struct err e;
	int rc;

	dt_now(now);
	p.now = now;
	if (report_run(db, who, a->name, &p, &r, &e) != 0)
		return cli_fail("%s", e.msg);
	if (a->output != NULL) {
		struct cmd_report_out o = {&r, a->csv};

		rc = cli_write_file(a->output, 0644, cmd_report_out, &o);
	}
	else if ((rc = cmd_report_write(&r, a->csv, stdout)) != 0 || fflush(stdout) != 0)
		rc = cli_fail("sortie standard : %s", strerror(errno));
	report_free(&r);
	return rc;
}

static int
cmd_report_run(struct cli *cli, int argc, char **argv)
{
	struct cmd_report_args a;
	struct db *db = NULL;
	struct user who;
	int rc;

	memset(&a, 0, sizeof a);
	memset(&who, 0, sizeof who);
	cmd_report_defaults(&a);
	if ((rc = cmd_report_parse(cli, argc, argv, &a)) != 0)
		return rc;
	if (a.list) {
		cmd_report_list();
		return 0;
	}
	if (cli_open(cli, DB_READONLY, &db, &who) != 0)
		return 1;
	rc = cmd_report_do(db, &who, &a);
	user_clear(&who);
	db_close(db);
	return rc;
}
