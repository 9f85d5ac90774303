/* loge demo: creates a realistic, deterministic demonstration database. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/datetime.h"
#include "core/db.h"
#include "core/demo.h"
#include "core/sanitize.h"
#include "core/xalloc.h"

static int run(struct cli *cli, int argc, char **argv);

const struct cli_cmd cmd_demo = {
	"demo",
	"[--db FICHIER] [--dwellings N] [--agencies N] [--seed S] [--date AAAA-MM-JJ] "
	"[--force]",
	"crée une base de démonstration réaliste",
	"  --dwellings N   nombre de logements, de 10 à 500000 (défaut : 1000)\n"
	"  --agencies N    les répartit entre N agences, de 1 à 8, au moins 10\n"
	"                  logements chacune (défaut : une agence par tranche de\n"
	"                  20000 logements)\n"
	"  --seed S        graine du tirage ; même graine et même date, même base\n"
	"                  (défaut : 1)\n"
	"  --date AAAA-MM-JJ\n"
	"                  « aujourd'hui » de la démonstration (défaut : la date du\n"
	"                  jour) ; toutes les dates en découlent\n"
	"  --force         remplace FICHIER s'il existe déjà\n",
	run,
};

enum {
	OPT_DWELLINGS = 0x2001,
	OPT_AGENCIES,
	OPT_SEED,
	OPT_DATE,
	OPT_FORCE,
};

static const struct option options[] = {
	CLI_COMMON_OPTIONS,
	{"dwellings", required_argument, NULL, OPT_DWELLINGS},
	{"agencies", required_argument, NULL, OPT_AGENCIES},
	{"seed", required_argument, NULL, OPT_SEED},
	{"date", required_argument, NULL, OPT_DATE},
	{"force", no_argument, NULL, OPT_FORCE},
	{NULL, 0, NULL, 0},
};

/* Removes path and its WAL companions; 0, or -1 after printing why. */
static int
remove_db(const char *path)
{
	static const char *const suffixes[] = {"", "-wal", "-shm"};
	char *p;
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		p = xasprintf("%s%s", path, suffixes[i]);
		if (unlink(p) != 0 && errno != ENOENT) {
			cli_fail("%s : impossible de supprimer : %s", p, strerror(errno));
			rc = -1;
		}
		free(p);
	}
	return rc;
}

static double
elapsed(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* "1 agence", "2 agences": appends one count to b. */
static void
add_count(struct buf *b, long n, const char *one, const char *many)
{
	buf_printf(b, "%s%ld %s", b->len ? ", " : "", n, n > 1 ? many : one);
}

static void
summary(const char *path, const struct demo_stats *s, double secs)
{
	char *safe = sanitize_str(path, 0), took[32], *comma;
	struct buf b;

	buf_init(&b);
	add_count(&b, s->agencies, "agence", "agences");
	add_count(&b, s->sectors, "secteur", "secteurs");
	add_count(&b, s->estates, "résidence", "résidences");
	add_count(&b, s->dwellings, "logement", "logements");
	add_count(&b, s->tenants, "locataire", "locataires");
	add_count(&b, s->leases, "bail", "baux");
	add_count(&b, s->inspections, "état des lieux", "états des lieux");
	add_count(&b, s->claims, "réclamation", "réclamations");
	/* French decimal comma. */
	snprintf(took, sizeof took, "%.1f", secs);
	if ((comma = strchr(took, '.')) != NULL)
		*comma = ',';
	fprintf(stderr, "loge : démonstration créée dans %s : %s, en %s s\n", safe, b.data,
	    took);
	fprintf(stderr, "loge : connectez-vous en « admin » (loge --db %s --user admin), "
	    "ou en gardien1, agent1, technicien1, superviseur1, auditeur\n", safe);
	buf_free(&b);
	free(safe);
}

/* Builds the demo beside path and renames it into place at the end: a
 * build that is killed or fails leaves no half database under that name
 * (the build runs with a memory journal, for speed). */
static int
build(const char *path, const struct demo_opts *o, int agencies)
{
	struct timespec t0;
	struct demo_stats stats;
	struct db *db = NULL;
	struct err e;
	char *part = xasprintf("%s.part", path);
	int rc = 1;

	err_clear(&e);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (remove_db(part) != 0)
		goto out;
	if (db_open(&db, part, DB_CREATE, &e) != 0) {
		cli_fail("%s", e.msg);
		goto fail;
	}
	if (demo_build_agencies(db, o, agencies, &e) != 0 ||
	    demo_stats(db, &stats, &e) != 0) {
		cli_fail("%s : %s", path, e.msg);
		goto fail;
	}
	db_close(db);
	db = NULL;
	if (rename(part, path) != 0) {
		cli_fail("%s : impossible de renommer %s : %s", path, part, strerror(errno));
		goto fail;
	}
	summary(path, &stats, elapsed(&t0));
	rc = 0;
	goto out;
fail:
	db_close(db);
	remove_db(part);
out:
	free(part);
	return rc;
}

static int
parse(struct cli *cli, int argc, char **argv, struct demo_opts *o, int *agencies,
    int *force)
{
	long long v;
	int opt;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		if (cli_common(cli, &cmd_demo, opt, optarg))
			continue;
		switch (opt) {
		case OPT_DWELLINGS:
			if (cli_number(optarg, DEMO_MIN_DWELLINGS, DEMO_MAX_DWELLINGS, &v) != 0)
				return cli_usage_error(&cmd_demo, "nombre de logements "
				    "invalide « %s » (de %d à %d)", optarg, DEMO_MIN_DWELLINGS,
				    DEMO_MAX_DWELLINGS);
			o->dwellings = (long)v;
			break;
		case OPT_AGENCIES:
			if (cli_number(optarg, 1, DEMO_MAX_AGENCIES, &v) != 0)
				return cli_usage_error(&cmd_demo, "nombre d'agences invalide "
				    "« %s » (de 1 à %d)", optarg, DEMO_MAX_AGENCIES);
			*agencies = (int)v;
			break;
		case OPT_SEED:
			if (cli_number(optarg, 0, INT64_MAX, &v) != 0)
				return cli_usage_error(&cmd_demo, "graine invalide « %s » "
				    "(nombre entier positif attendu)", optarg);
			o->seed = (uint64_t)v;
			break;
		case OPT_DATE:
			if (!dt_date_valid(optarg))
				return cli_usage_error(&cmd_demo, "date invalide « %s » "
				    "(AAAA-MM-JJ attendu)", optarg);
			o->date = optarg;
			break;
		case OPT_FORCE:
			*force = 1;
			break;
		case ':':
			return cli_usage_error(&cmd_demo, "l'option %s demande une valeur",
			    argv[optind - 1]);
		default:
			return cli_usage_error(&cmd_demo, "option inconnue « %s »",
			    argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_demo, "argument inattendu « %s »", argv[optind]);
	return 0;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct demo_opts o = {1000, 1, NULL};
	char today[DT_DATE_SIZE], *path = NULL;
	struct stat sb;
	int agencies = 0, force = 0, rc;

	if ((rc = parse(cli, argc, argv, &o, &agencies, &force)) != 0)
		return rc;
	if (o.date == NULL) {
		dt_today(today);
		o.date = today;
	}
	path = cli->db_path ? xstrdup(cli->db_path) : cli_default_db();
	rc = 1;
	if (cli_make_parent(path) != 0)
		goto out;
	if (stat(path, &sb) == 0 && sb.st_size > 0) {
		if (!force) {
			cli_fail("%s existe déjà et n'est pas vide : ajoutez --force pour le "
			    "remplacer, ou choisissez un autre fichier avec --db", path);
			goto out;
		}
		if (remove_db(path) != 0)
			goto out;
	}
	rc = build(path, &o, agencies);
out:
	free(path);
	return rc;
}
