/* loge export: CSV or JSON of one kind of rows, to stdout or to a file.
 * A file is written next to its final name and renamed over it only once
 * every byte is on disk, so a failed export never leaves half a file. */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/db.h"
#include "core/export.h"
#include "core/user.h"
#include "core/xalloc.h"

struct cmd_export_args {
	enum export_format format;
	const char *what;
	const char *output; /* NULL: stdout */
	int what_set;       /* --what given */
};

static int cmd_export_run(struct cli *, int, char **);

/* The kinds listed here must match export_kinds() (core/export.c). */
const struct cli_cmd cmd_export = {
	"export",
	"[TYPE] [--format json|csv] [--what TYPE] [-o FICHIER]",
	"exporte les données (JSON ou CSV)",
	"Formats :\n"
	"  csv   (défaut) séparateur virgule, ligne d'en-tête, UTF-8 sans BOM,\n"
	"        fins de ligne LF, champ vide pour une valeur absente\n"
	"  json  un tableau d'objets, une ligne par objet, null pour une valeur absente\n"
	"Les montants sont en centimes d'euro (colonnes *_cents).\n"
	"\n"
	"L'export suit les droits de l'utilisateur (loge roles) : seulement les\n"
	"lignes de son périmètre (ses secteurs, son agence ou tout le patrimoine,\n"
	"selon le rôle ; la main courante, aussi les entrées de ses auteurs),\n"
	"montants vides (CSV) ou null (JSON) pour un rôle qui ne lit pas les\n"
	"montants des travaux ; les entreprises (contractors) sont communes à\n"
	"tout l'organisme ; opendata est réservé aux rôles qui voient tout le\n"
	"patrimoine.\n"
	"\n"
	"Options :\n"
	"  --format FORMAT   csv ou json (défaut : csv)\n"
	"  --what TYPE       données à exporter (défaut : dwellings) :\n"
	"                      agencies      agences\n"
	"                      sectors       secteurs\n"
	"                      estates       résidences\n"
	"                      buildings     bâtiments\n"
	"                      entrances     entrées\n"
	"                      dwellings     logements\n"
	"                      common_areas  parties communes\n"
	"                      equipment     équipements\n"
	"                      works         travaux\n"
	"                      contractors   entreprises\n"
	"                      claims        réclamations\n"
	"                      work_orders   bons de travaux\n"
	"                      logbook       main courante\n"
	"                      opendata      patrimoine publiable (voir plus bas)\n"
	"                    TYPE peut aussi être donné seul : loge export opendata\n"
	"  -o, --output FICHIER  écrit dans FICHIER (créé en mode 0600, remplacé\n"
	"                    seulement si l'export réussit) au lieu de la sortie\n"
	"                    standard\n"
	"\n"
	"Données ouvertes (opendata) : un fichier prêt à publier, une ligne par\n"
	"logement, colonnes au nom du RPLS (IDENT_REP, IDENT_INT, DEPCOM,\n"
	"CODEPOSTAL, RESIDENCE, BAT, ENTREE, ETAGE, TYPOLOGIE, NBPIECE, SURFHAB,\n"
	"CONSTRUCT, FINAN, QPV, ASCENSEUR, CHAUFFAGE, DPEDATE, DPEENERGIE,\n"
	"DPESERRE). Aucune donnée personnelle (ni locataire, ni bail, ni occupation\n"
	"du logement, ni nom d'utilisateur), aucun texte libre (seulement des codes,\n"
	"nombres et dates ; un code qui contient autre chose qu'un code sort vide ;\n"
	"ni nom ni adresse de résidence : DEPCOM et le code postal situent le\n"
	"logement), aucun montant.\n"
	"  loge export opendata -o patrimoine.csv\n",
	cmd_export_run,
};

static const struct {
	const char *name;
	enum export_format format;
} cmd_export_formats[] = {
	{"csv", EXPORT_CSV},
	{"json", EXPORT_JSON},
};

#define NFORMATS (sizeof cmd_export_formats / sizeof cmd_export_formats[0])

static int
cmd_export_format(const char *s, enum export_format *out)
{
	size_t i;

	for (i = 0; i < NFORMATS; i++) {
		if (strcmp(cmd_export_formats[i].name, s) == 0) {
			*out = cmd_export_formats[i].format;
			return 0;
		}
	}
	return cli_usage_error(&cmd_export, "format inconnu « %s » (formats : csv, json)", s);
}

static int
cmd_export_what(const char *s)
{
	const char *const *k;
	struct buf list;
	int rc;

	for (k = export_kinds(); *k != NULL; k++)
		if (strcmp(*k, s) == 0)
			return 0;
	buf_init(&list);
	for (k = export_kinds(); *k != NULL; k++)
		buf_printf(&list, "%s%s", list.len ? ", " : "", *k);
	rc = cli_usage_error(&cmd_export, "type inconnu « %s » (types : %s)", s, list.data);
	buf_free(&list);
	return rc;
}

/* Returns 0 with a filled, checked in; EXIT_USAGE after saying why. */
static int
cmd_export_parse(struct cli *cli, int argc, char **argv, struct cmd_export_args *a)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{"format", required_argument, NULL, 'f'},
		{"what", required_argument, NULL, 'w'},
		{"output", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ho:", opts, NULL)) != -1) {
		if (cli_common(cli, &cmd_export, c, optarg))
			continue;
		switch (c) {
		case 'f':
			if (cmd_export_format(optarg, &a->format) != 0)
				return EXIT_USAGE;
			break;
		case 'w':
			a->what = optarg;
			a->what_set = 1;
			break;
		case 'o':
			a->output = optarg;
			break;
		case ':':
			return cli_usage_error(&cmd_export, "l'option %s demande une valeur",
			    argv[optind - 1]);
		default:
			if (optopt > 0 && optopt < 0x80)
				return cli_usage_error(&cmd_export, "option inconnue « -%c »",
				    optopt);
			return cli_usage_error(&cmd_export, "option inconnue « %s »",
			    argv[optind - 1]);
		}
	}
	if (optind < argc && a->what_set && strcmp(argv[optind], a->what) != 0)
		return cli_usage_error(&cmd_export, "type donné deux fois : « %s » et « %s »",
		    a->what, argv[optind]);
	if (optind < argc)
		a->what = argv[optind++];
	if (optind < argc)
		return cli_usage_error(&cmd_export, "argument inattendu « %s »", argv[optind]);
	if (a->output != NULL && *a->output == '\0')
		return cli_usage_error(&cmd_export, "nom de fichier vide après -o");
	return cmd_export_what(a->what);
}

static int
cmd_export_stdout(struct db *db, const struct user *who, const struct cmd_export_args *a)
{
	int flags = isatty(fileno(stdout)) ? EXPORT_SANITIZE : 0;
	struct err e;

	err_clear(&e);
	if (export_write(db, who, stdout, a->what, a->format, flags, &e) < 0)
		return cli_fail("sortie standard : %s", e.msg);
	return 0;
}

struct cmd_export_out {
	struct db *db;
	const struct user *who;
	const struct cmd_export_args *a;
};

static int
cmd_export_out(FILE *f, const void *ctx, struct err *e)
{
	const struct cmd_export_out *o = ctx;

	return export_write(o->db, o->who, f, o->a->what, o->a->format, 0, e) < 0 ? -1 : 0;
}

/* Exports may hold personal data: 0600. */
static int
cmd_export_file(struct db *db, const struct user *who, const struct cmd_export_args *a)
{
	struct cmd_export_out o = {db, who, a};

	return cli_write_file(a->output, 0600, cmd_export_out, &o);
}

static int
cmd_export_run(struct cli *cli, int argc, char **argv)
{
	struct cmd_export_args a = {EXPORT_CSV, "dwellings", NULL, 0};
	struct db *db = NULL;
	struct user who;
	int rc;

	memset(&who, 0, sizeof who);
	if ((rc = cmd_export_parse(cli, argc, argv, &a)) != 0)
		return rc;
	if (cli_open(cli, DB_READONLY, &db, &who) != 0)
		return 1;
	if (a.output != NULL)
		rc = cmd_export_file(db, &who, &a);
	else
		rc = cmd_export_stdout(db, &who, &a);
	user_clear(&who);
	db_close(db);
	return rc;
}
