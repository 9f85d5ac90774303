/* loge tenant export ID: a tenant's right of access, everything Loge
 * holds on them as JSON or text, on standard output or in a file written
 * whole (mode 0600: it is personal data) or not at all. */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/datetime.h"
#include "core/db.h"
#include "core/tenant_export.h"
#include "core/user.h"
#include "core/xalloc.h"

static int cmd_tenant_run(struct cli *, int, char **);

const struct cli_cmd cmd_tenant = {
	"tenant",
	"export ID [--format json|txt] [-o FICHIER]",
	"exporte les données d'un locataire (droit d'accès RGPD)",
	"Tout ce que Loge détient sur un locataire, pour répondre à sa demande\n"
	"d'accès : identité, coordonnées, baux (logements, dates), réclamations\n"
	"dont il est le locataire concerné et leur suivi, états des lieux où il\n"
	"est partie (présence, signatures), et les consultations de ses données\n"
	"si la base tient un journal d'audit. Rien sur ses colocataires. La main\n"
	"courante et les notes, rattachées aux lieux, n'y figurent pas.\n"
	"Réservé à l'agence (pour un locataire ayant un bail dans l'agence) et à\n"
	"l'administrateur.\n"
	"\n"
	"  export ID          ID : l'identifiant du locataire\n"
	"\n"
	"Options :\n"
	"  --format json|txt  JSON indenté ou texte lisible (défaut : json)\n"
	"  -o FICHIER         écrit dans FICHIER, créé en mode 0600 (défaut :\n"
	"                     sortie standard)\n"
	"\n"
	"Code de sortie : 0 fait, 1 refusé ou échec, 2 erreur d'utilisation.\n"
	"\n"
	"Options communes :\n",
	cmd_tenant_run,
};

struct cmd_tenant_args {
	const char *id;
	int txt;
	const char *output;
};

static int
cmd_tenant_opt(struct cmd_tenant_args *a, int c, const char *arg, char **argv)
{
	switch (c) {
	case 'F':
		if (strcmp(arg, "json") != 0 && strcmp(arg, "txt") != 0)
			return cli_usage_error(&cmd_tenant, "format inconnu « %s » (json ou txt)", arg);
		a->txt = strcmp(arg, "txt") == 0;
		return 0;
	case 'o':
		a->output = arg;
		return 0;
	case ':':
		return cli_usage_error(&cmd_tenant, "l'option %s demande une valeur",
		    argv[optind - 1]);
	default:
		return cli_usage_error(&cmd_tenant, "option inconnue « %s »", argv[optind - 1]);
	}
}

static int
cmd_tenant_parse(struct cli *cli, int argc, char **argv, struct cmd_tenant_args *a)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{"format", required_argument, NULL, 'F'},
		{"output", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	int c, rc;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ho:", opts, NULL)) != -1) {
		if (cli_common(cli, &cmd_tenant, c, optarg))
			continue;
		if ((rc = cmd_tenant_opt(a, c, optarg, argv)) != 0)
			return rc;
	}
	if (optind >= argc)
		return cli_usage_error(&cmd_tenant, "quelle action ? (export)");
	if (strcmp(argv[optind], "export") != 0)
		return cli_usage_error(&cmd_tenant, "action inconnue « %s » (export)", argv[optind]);
	if (++optind >= argc)
		return cli_usage_error(&cmd_tenant, "quel locataire ? (son identifiant)");
	a->id = argv[optind++];
	if (optind < argc)
		return cli_usage_error(&cmd_tenant, "argument inattendu « %s »", argv[optind]);
	return 0;
}

static int
cmd_tenant_write(const cJSON *doc, int txt, FILE *f)
{
	return txt ? tenant_export_write_txt(doc, f) : tenant_export_write_json(doc, f);
}

struct cmd_tenant_out {
	const cJSON *doc;
	int txt;
};

/* The file holds personal data: 0600. */
static int
cmd_tenant_out(FILE *f, const void *ctx, struct err *e)
{
	const struct cmd_tenant_out *o = ctx;

	return cmd_tenant_write(o->doc, o->txt, f);
}

static int
cmd_tenant_do(struct db *db, const struct user *who, const struct cmd_tenant_args *a)
{
	char now[DT_STAMP_SIZE];
	struct err e;
	cJSON *doc;
	int rc;

	dt_now(now);
	/* The export is itself a display of the tenant's data: logged
	 * (cli_open made who the actor). */
	audit_set_screen("loge tenant export");
	if ((doc = tenant_export_load(db, who, a->id, now, &e)) == NULL)
		return cli_fail("%s", e.msg);
	if (a->output != NULL) {
		struct cmd_tenant_out o = {doc, a->txt};

		rc = cli_write_file(a->output, 0600, cmd_tenant_out, &o);
	} else if ((rc = cmd_tenant_write(doc, a->txt, stdout)) != 0 || fflush(stdout) != 0)
		rc = cli_fail("sortie standard : %s", strerror(errno));
	cJSON_Delete(doc);
	return rc;
}

static int
cmd_tenant_run(struct cli *cli, int argc, char **argv)
{
	struct cmd_tenant_args a;
	struct db *db = NULL;
	struct user who;
	int rc;

	memset(&a, 0, sizeof a);
	memset(&who, 0, sizeof who);
	if ((rc = cmd_tenant_parse(cli, argc, argv, &a)) != 0)
		return rc;
	if (cli_open(cli, DB_READONLY, &db, &who) != 0)
		return 1;
	rc = cmd_tenant_do(db, &who, &a);
	user_clear(&who);
	db_close(db);
	return rc;
}
