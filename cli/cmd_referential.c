/* loge referentiel: the reference data of états des lieux (wear grid,
 * price list, templates) as CSV files, for bulk work in a spreadsheet.
 * Exporting is open to every role, as the screens show them to all;
 * importing is the administrator's (core/referential.h). */
#include "cli/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/csv.h"
#include "core/db.h"
#include "core/referential.h"
#include "core/sanitize.h"
#include "core/user.h"
#include "core/xalloc.h"

/* Larger is not a reference table: a wrong file. */
#define CMD_REF_MAX_FILE (16L * 1024 * 1024)

struct cmd_ref_args {
	int import;          /* 0 export, 1 import */
	int set;             /* enum referential_set, -1 if not given */
	const char *output;  /* export: NULL for stdout */
	const char *input;   /* import */
	int dry_run;
};

static int cmd_ref_run(struct cli *, int, char **);

const struct cli_cmd cmd_referential = {
	"referentiel",
	"export --table TABLE [-o FICHIER.csv] | import --table TABLE FICHIER.csv [--dry-run]",
	"référentiels des états des lieux : vétusté, prix, modèles (CSV)",
	"Les référentiels des états des lieux en fichiers CSV (séparateur « ; »,\n"
	"ligne d'en-tête, UTF-8), pour les retravailler dans un tableur. Les\n"
	"pourcentages s'écrivent 12,85 et les prix en euros 24,50.\n"
	"\n"
	"  export --table TABLE [-o FICHIER.csv]\n"
	"                     écrit la table (sur la sortie standard sans -o)\n"
	"  import --table TABLE FICHIER.csv [--dry-run]\n"
	"                     met à jour ou ajoute chaque ligne du fichier selon sa\n"
	"                     clé (la catégorie, le code, le modèle avec les positions\n"
	"                     de la pièce et de l'élément) ; les lignes absentes du\n"
	"                     fichier restent. Tout ou rien : une ligne fautive et rien\n"
	"                     n'est modifié. Réservé à l'administrateur.\n"
	"\n"
	"Tables :\n"
	"  vetuste   grille de vétusté : categorie, libelle, duree_de_vie (ans),\n"
	"            franchise (ans), taux_annuel (%), part_residuelle (%)\n"
	"  prix      bordereau de prix : code, libelle, unite (m2, ml, unit, hour,\n"
	"            flat), prix_unitaire (€), categorie (vide : sans vétusté)\n"
	"  modeles   modèles d'états des lieux, une ligne par élément : modele, type\n"
	"            (T1 à T6 ou vide), balcon, cave, parking (oui/non),\n"
	"            piece_position, piece, element_position, element, categorie\n"
	"            (ou other), nature\n"
	"\n"
	"Options :\n"
	"  -t, --table TABLE  vetuste, prix ou modeles (obligatoire)\n"
	"  -o, --output FICHIER  export : écrit dans FICHIER (mode 0600, remplacé\n"
	"                     seulement si l'export réussit)\n"
	"  -n, --dry-run      import : dit ce qui changerait, sans rien modifier\n"
	"\n"
	"Code de sortie : 0 fait, 1 refusé ou échec, 2 erreur d'utilisation.\n"
	"\n"
	"Options communes :\n",
	cmd_ref_run,
};

/* Returns -1 when parsed, else an exit status after saying why. */
static int
cmd_ref_options(struct cli *cli, int argc, char **argv, struct cmd_ref_args *a)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{"table", required_argument, NULL, 't'},
		{"output", required_argument, NULL, 'o'},
		{"dry-run", no_argument, NULL, 'n'},
		{NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ht:o:n", opts, NULL)) != -1) {
		if (cli_common(cli, &cmd_referential, c, optarg))
			continue;
		if (c == 't' && (a->set = referential_set_parse(optarg)) < 0)
			return cli_usage_error(&cmd_referential, "table inconnue « %s » (vetuste, "
			    "prix ou modeles)", optarg);
		else if (c == 'o')
			a->output = optarg;
		else if (c == 'n')
			a->dry_run = 1;
		else if (c == ':')
			return cli_usage_error(&cmd_referential, "l'option %s demande une valeur",
			    argv[optind - 1]);
		else if (c != 't')
			return cli_usage_error(&cmd_referential, "option inconnue « %s »",
			    argv[optind - 1]);
	}
	return -1;
}

static int
cmd_ref_parse(struct cli *cli, int argc, char **argv, struct cmd_ref_args *a)
{
	int rc = cmd_ref_options(cli, argc, argv, a), left;

	if (rc >= 0)
		return rc;
	argv += optind;
	left = argc - optind;
	if (left == 0)
		return cli_usage_error(&cmd_referential, "export ou import attendu");
	if (strcmp(argv[0], "export") != 0 && strcmp(argv[0], "import") != 0)
		return cli_usage_error(&cmd_referential, "action inconnue « %s » (export ou "
		    "import)", argv[0]);
	a->import = argv[0][0] == 'i';
	if (a->set < 0)
		return cli_usage_error(&cmd_referential, "--table manquant (vetuste, prix ou "
		    "modeles)");
	if (a->import && left != 2)
		return cli_usage_error(&cmd_referential, "import : un fichier CSV attendu");
	if (!a->import && left != 1)
		return cli_usage_error(&cmd_referential, "argument inattendu « %s »", argv[1]);
	if (a->import && a->output)
		return cli_usage_error(&cmd_referential, "-o ne va qu'avec export");
	if (!a->import && a->dry_run)
		return cli_usage_error(&cmd_referential, "--dry-run ne va qu'avec import");
	if (a->output && *a->output == '\0')
		return cli_usage_error(&cmd_referential, "nom de fichier vide après -o");
	a->input = a->import ? argv[1] : NULL;
	return -1;
}

/* ---- Export ---- */

static int
cmd_ref_write(int fd, const char *data, size_t len)
{
	ssize_t k;

	while (len > 0) {
		k = write(fd, data, len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		data += k;
		len -= (size_t)k;
	}
	return 0;
}

/* FILE.tmp, then renamed over FILE: a failed export leaves FILE as it was. */
static int
cmd_ref_file(const char *path, const struct buf *b)
{
	char *tmp = xasprintf("%s.tmp", path);
	int fd, rc = 1;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		cli_fail("%s : création impossible : %s", tmp, strerror(errno));
		goto out;
	}
	if (cmd_ref_write(fd, b->data, b->len) != 0 || fsync(fd) != 0) {
		cli_fail("%s : écriture impossible : %s (fichier inchangé)", path, strerror(errno));
		close(fd);
	} else if (close(fd) != 0 || rename(tmp, path) != 0) {
		cli_fail("%s : %s (fichier inchangé)", path, strerror(errno));
	} else {
		rc = 0;
	}
	if (rc != 0)
		unlink(tmp);
out:
	free(tmp);
	return rc;
}

static int
cmd_ref_export(struct db *db, const struct cmd_ref_args *a)
{
	struct buf b;
	struct err e;
	char *safe;
	long n;
	int rc = 0;

	buf_init(&b);
	buf_adds(&b, "");
	n = referential_export(db, (enum referential_set)a->set, &b, &e);
	if (n < 0) {
		rc = cli_fail("%s", e.msg);
	} else if (a->output != NULL) {
		rc = cmd_ref_file(a->output, &b);
		if (rc == 0)
			fprintf(stderr, "loge : %ld ligne%s écrite%s dans %s\n", n, n > 1 ? "s" : "",
			    n > 1 ? "s" : "", a->output);
	} else {
		/* On a terminal, escape sequences from the database are shown. */
		safe = isatty(fileno(stdout)) ? sanitize(b.data, b.len, SAN_NEWLINE) : NULL;
		fputs(safe ? safe : b.data, stdout);
		free(safe);
		if (fflush(stdout) != 0)
			rc = cli_fail("sortie standard : %s", strerror(errno));
	}
	buf_free(&b);
	return rc;
}

/* ---- Import ---- */

static void
cmd_ref_summary(const struct cmd_ref_args *a, const struct referential_report *r)
{
	cli_say("%s : %ld ajout%s, %ld modification%s, %ld inchangé%s%s",
	    referential_set_name((enum referential_set)a->set), r->added, r->added > 1 ? "s" : "",
	    r->changed, r->changed > 1 ? "s" : "", r->same, r->same > 1 ? "s" : "",
	    a->dry_run ? " (essai : rien n'a été modifié)" : "");
}

static int
cmd_ref_import(struct db *db, const struct user *who, const struct cmd_ref_args *a)
{
	struct referential_report r;
	struct err e;
	char *data = NULL;
	size_t len = 0, i;
	int rc;

	if (csv_slurp(a->input, CMD_REF_MAX_FILE, &data, &len, &e) != 0)
		return cli_fail("%s", e.msg);
	rc = referential_import(db, who, (enum referential_set)a->set, a->input, data, len,
	    a->dry_run, &r, &e);
	for (i = 0; i < r.nerrors; i++)
		cli_fail("%s : %s", a->input, r.errors[i]);
	if (rc != 0) {
		cli_fail("%s", e.msg);
	} else {
		for (i = 0; i < r.nchanges; i++)
			cli_say("%s", r.changes[i]);
		cmd_ref_summary(a, &r);
	}
	referential_report_free(&r);
	free(data);
	return rc != 0;
}

static int
cmd_ref_run(struct cli *cli, int argc, char **argv)
{
	struct cmd_ref_args a = {0, -1, NULL, NULL, 0};
	struct db *db = NULL;
	struct user who;
	int rc;

	memset(&who, 0, sizeof who);
	if ((rc = cmd_ref_parse(cli, argc, argv, &a)) >= 0)
		return rc;
	if (cli_open(cli, a.import ? 0 : DB_READONLY, &db, &who) != 0)
		return 1;
	if (a.import && !referential_can_write(&who))
		rc = cli_fail("loge referentiel import : refusé au rôle « %s » (%s)", who.role,
		    referential_reserved());
	else
		rc = a.import ? cmd_ref_import(db, &who, &a) : cmd_ref_export(db, &a);
	user_clear(&who);
	db_close(db);
	return rc;
}
