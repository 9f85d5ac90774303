/* loge retention: lists (--dry-run, the default) or anonymises (--apply)
 * the former tenants past the retention period; --set-years stores the
 * period. Administrator only; --apply on the hub only. */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/datetime.h"
#include "core/db.h"
#include "core/retention.h"
#include "core/user.h"
#include "sync/scrub.h"

static int cmd_retention_run(struct cli *, int, char **);

const struct cli_cmd cmd_retention = {
	"retention",
	"[--dry-run | --apply] [--years N] | --set-years N",
	"anonymise les anciens locataires après la durée de conservation",
	"Les locataires dont tous les baux ont pris fin il y a plus de N ans\n"
	"(aucun bail en cours ni à venir) sont anonymisés : nom remplacé par\n"
	"« Anonymisé », prénom, téléphone et courriel effacés. Leurs baux,\n"
	"réclamations et états des lieux restent : l'historique du logement\n"
	"indique « locataire anonymisé ». Les textes libres (descriptions,\n"
	"commentaires) et les états des lieux signés ne sont pas modifiés.\n"
	"L'anonymisation se fait sur le hub, en une transaction ; les postes la\n"
	"reçoivent à leur synchronisation suivante. Dans la même transaction, les\n"
	"anciennes valeurs (nom, prénom, téléphone, courriel) des locataires\n"
	"anonymisés sont effacées du journal de synchronisation et du registre\n"
	"des conflits ; chaque poste fait de même en recevant la ligne anonymisée.\n"
	"Réservé à l'administrateur.\n"
	"\n"
	"Options :\n"
	"  --dry-run        liste sans rien modifier : nombre, puis pour chaque\n"
	"                   locataire son identifiant, la fin de son dernier bail\n"
	"                   et le logement (par défaut)\n"
	"  --apply          anonymise (refusé sur un poste synchronisé)\n"
	"  --years N        durée de conservation en années, de 1 à 100 (défaut :\n"
	"                   la durée enregistrée, sinon 5)\n"
	"  --set-years N    enregistre la durée de conservation de cette base\n"
	"\n"
	"Code de sortie : 0 fait, 1 refusé ou échec, 2 erreur d'utilisation.\n"
	"\n"
	"Options communes :\n",
	cmd_retention_run,
};

struct cmd_retention_args {
	int apply, dry_run;
	int years;     /* 0: the stored one */
	int set_years; /* 0: not asked */
};

static int
cmd_retention_years(const char *opt, const char *arg, int *out)
{
	long long n;

	if (cli_number(arg, RETENTION_MIN_YEARS, RETENTION_MAX_YEARS, &n) != 0)
		return cli_usage_error(&cmd_retention, "%s : nombre d'années de %d à %d attendu, "
		    "pas « %s »", opt, RETENTION_MIN_YEARS, RETENTION_MAX_YEARS, arg);
	*out = (int)n;
	return 0;
}

static int
cmd_retention_opt(struct cmd_retention_args *a, int c, const char *arg, char **argv)
{
	switch (c) {
	case 'a':
		a->apply = 1;
		return 0;
	case 'n':
		a->dry_run = 1;
		return 0;
	case 'y':
		return cmd_retention_years("--years", arg, &a->years);
	case 's':
		return cmd_retention_years("--set-years", arg, &a->set_years);
	case ':':
		return cli_usage_error(&cmd_retention, "l'option %s demande une valeur",
		    argv[optind - 1]);
	default:
		return cli_usage_error(&cmd_retention, "option inconnue « %s »", argv[optind - 1]);
	}
}

static int
cmd_retention_parse(struct cli *cli, int argc, char **argv, struct cmd_retention_args *a)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{"apply", no_argument, NULL, 'a'},
		{"dry-run", no_argument, NULL, 'n'},
		{"years", required_argument, NULL, 'y'},
		{"set-years", required_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	int c, rc;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (cli_common(cli, &cmd_retention, c, optarg))
			continue;
		if ((rc = cmd_retention_opt(a, c, optarg, argv)) != 0)
			return rc;
	}
	if (optind < argc)
		return cli_usage_error(&cmd_retention, "argument inattendu « %s »", argv[optind]);
	if (a->apply && a->dry_run)
		return cli_usage_error(&cmd_retention, "--apply ou --dry-run, pas les deux");
	if (a->set_years && (a->apply || a->dry_run || a->years))
		return cli_usage_error(&cmd_retention, "--set-years s'emploie seul");
	return 0;
}

static void
cmd_retention_list(const struct retention_plan *p, int applied)
{
	size_t i;

	printf("Conservation : %d an%s (baux terminés avant le %s)\n", p->years,
	    p->years > 1 ? "s" : "", p->cutoff);
	if (p->n == 0)
		printf("Aucun locataire à anonymiser%s\n", applied ? " : rien n'est modifié." : ".");
	else if (applied)
		printf("%zu locataire%s anonymisé%s ; les postes le recevront à leur prochaine "
		    "synchronisation.\n", p->n, p->n > 1 ? "s" : "", p->n > 1 ? "s" : "");
	else
		printf("%zu locataire%s à anonymiser (simulation, rien n'est modifié)\n", p->n,
		    p->n > 1 ? "s" : "");
	if (p->n > 0)
		printf("%-36s  %-10s  %s\n", "Locataire", "Fin bail", "Logement");
	for (i = 0; i < p->n; i++)
		cli_say("%-36s  %-10s  %s", p->rows[i].id, p->rows[i].last_end,
		    p->rows[i].dwelling);
}

static int
cmd_retention_do(struct db *db, const struct user *who, const struct cmd_retention_args *a)
{
	struct retention_plan p;
	char today[DT_DATE_SIZE];
	struct err e;
	int years = a->years, rc;

	if (a->set_years) {
		if (retention_set_years(db, who, a->set_years, &e) != 0)
			return cli_fail("%s", e.msg);
		printf("Durée de conservation enregistrée : %d an%s\n", a->set_years,
		    a->set_years > 1 ? "s" : "");
		return 0;
	}
	if (years == 0 && retention_years(db, &years, &e) != 0)
		return cli_fail("%s", e.msg);
	dt_today(today);
	rc = a->apply ? scrub_retention_apply(db, who, years, today, &p, &e) :
	    retention_plan(db, who, years, today, &p, &e);
	if (rc != 0)
		return cli_fail("%s", e.msg);
	cmd_retention_list(&p, a->apply);
	retention_plan_free(&p);
	return fflush(stdout) != 0 ? cli_fail("sortie standard : %s", strerror(errno)) : 0;
}

static int
cmd_retention_run(struct cli *cli, int argc, char **argv)
{
	struct cmd_retention_args a;
	struct db *db = NULL;
	struct user who;
	int rc;

	memset(&a, 0, sizeof a);
	memset(&who, 0, sizeof who);
	if ((rc = cmd_retention_parse(cli, argc, argv, &a)) != 0)
		return rc;
	if (cli_open(cli, a.apply || a.set_years ? 0 : DB_READONLY, &db, &who) != 0)
		return 1;
	rc = cmd_retention_do(db, &who, &a);
	user_clear(&who);
	db_close(db);
	return rc;
}
