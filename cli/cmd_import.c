/* loge import rpls FICHIER.csv: a patrimoine from a file in the columns of
 * the RPLS. Each rejected row is listed on stderr, then a summary. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/db.h"
#include "core/perm.h"
#include "core/rpls.h"
#include "core/sanitize.h"
#include "core/user.h"

static int cmd_import_run(struct cli *cli, int argc, char **argv);

const struct cli_cmd cmd_import = {
	"import",
	"rpls FICHIER.csv [--sector CODE] [--db FICHIER]",
	"importe un patrimoine au format RPLS (CSV)",
	"Le fichier a les colonnes du RPLS (DEPCOM ou LIBCOM, NOMVOIE et NBPIECE au\n"
	"moins ; aussi IDENT_REP, IDENT_INT, NUMVOIE, BAT, ESC, ETAGE, NUMAPPT,\n"
	"SURFHAB, CONSTRUCT, QPV, FINAN, DPEDATE, DPEENERGIE, DPESERRE...) et sa\n"
	"ligne d'en-tête ; il est séparé par « ; » ou « , », en UTF-8 ou Latin-1.\n"
	"Les lignes invalides sont signalées (fichier:ligne: colonne : raison), les\n"
	"autres importées. Réimporter le même fichier met à jour les logements sans\n"
	"les dupliquer. Un fichier illisible ne change rien à la base.\n"
	"Code de sortie : 0 tout est importé, 1 lignes rejetées ou fichier refusé,\n"
	"2 erreur d'utilisation.\n"
	"\n"
	"  FICHIER.csv     le fichier à importer\n"
	"  --sector CODE   range toutes les résidences dans ce secteur existant\n"
	"                  (défaut : un secteur par commune, dans l'agence\n"
	"                  « Import RPLS », créés au besoin)\n",
	cmd_import_run,
};

/* The French plural ending: 0 and 1 take the singular. */
static const char *
cmd_import_s(long n)
{
	return n > 1 ? "s" : "";
}

static void
cmd_import_report(const struct rpls_report *r)
{
	size_t i;
	char *safe;

	for (i = 0; i < r->nproblems; i++) {
		safe = sanitize_str(r->problems[i], 0);
		fprintf(stderr, "%s\n", safe);
		free(safe);
	}
	if (r->dropped > 0)
		fprintf(stderr, "(et %ld autre%s problème%s non affiché%s)\n", r->dropped,
		    cmd_import_s(r->dropped), cmd_import_s(r->dropped), cmd_import_s(r->dropped));
}

static void
cmd_import_summary(const struct rpls_report *r)
{
	printf("%ld ligne%s lue%s : %ld créée%s, %ld mise%s à jour, %ld rejetée%s\n",
	    r->rows, cmd_import_s(r->rows), cmd_import_s(r->rows),
	    r->inserted, cmd_import_s(r->inserted), r->updated, cmd_import_s(r->updated),
	    r->rejected, cmd_import_s(r->rejected));
}

static int
cmd_import_rpls(struct cli *cli, const char *path, const char *sector)
{
	struct rpls_report r;
	struct db *db = NULL;
	struct user who;
	struct err e;
	int rc;

	memset(&who, 0, sizeof who);
	memset(&r, 0, sizeof r);
	err_clear(&e);
	if (cli_open(cli, 0, &db, &who) != 0)
		return 1;
	/* An import writes the patrimoine's technical data: the same right
	 * as editing it on the sheet. */
	if (!perm_can_write(who.role, PG_TECHNICAL)) {
		rc = cli_fail("%s : import refusé au rôle « %s » (%s : réservé au %s)", path,
		    who.role, perm_group_label(PG_TECHNICAL), perm_group_owner(PG_TECHNICAL));
		user_clear(&who);
		db_close(db);
		return rc;
	}
	rc = rpls_import_file(db, path, sector, who.id, &r, &e);
	cmd_import_report(&r);
	if (rc != 0)
		rc = cli_fail("%s (rien n'a été importé)", e.msg);
	else {
		cmd_import_summary(&r);
		rc = r.rejected > 0;
	}
	rpls_report_free(&r);
	user_clear(&who);
	db_close(db);
	return rc;
}

static int
cmd_import_run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{"sector", required_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	const char *sector = NULL;
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (cli_common(cli, &cmd_import, opt, optarg))
			continue;
		if (opt == 's')
			sector = optarg;
		else if (opt == ':')
			return cli_usage_error(&cmd_import, "l'option %s demande une valeur",
			    argv[optind - 1]);
		else
			return cli_usage_error(&cmd_import, "option inconnue « %s »",
			    argv[optind - 1]);
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		return cli_usage_error(&cmd_import, "type d'import manquant (rpls)");
	if (strcmp(argv[0], "rpls") != 0)
		return cli_usage_error(&cmd_import, "type d'import inconnu « %s » "
		    "(seul « rpls » est possible)", argv[0]);
	if (argc < 2)
		return cli_usage_error(&cmd_import, "fichier à importer manquant");
	if (argc > 2)
		return cli_usage_error(&cmd_import, "argument en trop : « %s »", argv[2]);
	return cmd_import_rpls(cli, argv[1], sector);
}
