/* loge inspection: the états des lieux of a dwelling, one shown as text,
 * exported as the tenant's copy (PDF), plain text or JSON, and the check
 * of a signed one's hash. Read-only: the inspections are written in the
 * TUI. An export is written beside its final name and renamed over it
 * only once every byte is on disk, so that a killed process never leaves
 * half a document. */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/db.h"
#include "core/inspection.h"
#include "core/inspection_doc.h"
#include "core/uid.h"
#include "core/user.h"
#include "core/xalloc.h"

static int cmd_inspection_run(struct cli *, int, char **);

const struct cli_cmd cmd_inspection = {
	"inspection",
	"list LOGEMENT | show ID | export ID -o FICHIER | verify ID",
	"affiche, exporte et vérifie les états des lieux",
	"  list LOGEMENT      les états des lieux du logement (référence ou\n"
	"                     identifiant), le plus récent d'abord, avec leur ID\n"
	"  show ID            l'état des lieux en texte, sur la sortie standard\n"
	"  export ID -o FICHIER\n"
	"                     le document de l'état des lieux : toutes les mentions\n"
	"                     du décret 2016-382, pièces et éléments (à la sortie à\n"
	"                     côté de l'état d'entrée), réparations locatives,\n"
	"                     signatures et empreinte SHA-256\n"
	"  verify ID          recalcule l'empreinte d'un état des lieux signé et la\n"
	"                     compare à celle enregistrée à la signature\n"
	"\n"
	"Options de export :\n"
	"  --format FORMAT    pdf (défaut : l'exemplaire à remettre, A4), txt (texte\n"
	"                     de 80 colonnes, pour l'imprimante ou le courriel) ou\n"
	"                     json (pour d'autres logiciels)\n"
	"  -o, --output FICHIER\n"
	"                     écrit dans FICHIER (créé en mode 0600, remplacé\n"
	"                     seulement une fois écrit en entier) ; « - » : la sortie\n"
	"                     standard (txt et json)\n"
	"\n"
	"Code de sortie : 0 fait (verify : empreinte conforme), 1 refusé, échec ou\n"
	"empreinte non conforme, 2 erreur d'utilisation.\n"
	"\n"
	"Options communes :\n",
	cmd_inspection_run,
};

enum cmd_inspection_format { FMT_PDF, FMT_TXT, FMT_JSON };

static const char *const cmd_inspection_formats[] = {"pdf", "txt", "json"};

struct cmd_inspection_args {
	int format;         /* -1: not given */
	const char *output; /* NULL: not given; "-": stdout */
};

struct cmd_inspection_ctx {
	struct db *db;
	struct user who;
	const struct cmd_inspection_args *a;
};

/* ---- Output ---- */

static int
cmd_inspection_write(const struct inspection_doc *d, int format, FILE *f, int flags,
    struct err *e)
{
	if (format == FMT_PDF)
		return inspection_doc_pdf(d, f, e);
	if (format == FMT_JSON)
		return inspection_doc_json(d, f, e);
	return inspection_doc_text(d, f, flags, e);
}

struct cmd_inspection_out {
	const struct inspection_doc *d;
	int format;
};

static int
cmd_inspection_out(FILE *f, const void *ctx, struct err *e)
{
	const struct cmd_inspection_out *o = ctx;

	return cmd_inspection_write(o->d, o->format, f, 0, e);
}

/* ---- Actions ---- */

/* Loads the document of inspection id; 1 after saying why not. */
static int
cmd_inspection_doc(struct cmd_inspection_ctx *c, const char *id, struct inspection_doc **d)
{
	struct err e;

	if (inspection_doc_load(c->db, &c->who, id, d, &e) != 0)
		return cli_fail("%s", e.msg);
	return 0;
}

static int
cmd_inspection_list(struct cmd_inspection_ctx *c, const char *ref)
{
	struct inspection_row *rows;
	char dw[UID_SIZE], when[DT_STAMP_SIZE];
	struct err e;
	size_t n, i;

	if (inspection_doc_dwelling(c->db, ref, dw, &e) != 0 ||
	    inspection_list(c->db, &c->who, dw, &rows, &n, &e) != 0)
		return cli_fail("%s", e.msg);
	if (n == 0)
		cli_say("aucun état des lieux pour le logement %s", ref);
	for (i = 0; i < n; i++) {
		snprintf(when, sizeof when, "%.10s",
		    rows[i].done_at[0] ? rows[i].done_at : rows[i].planned_date);
		cli_say("%s  %-10s  %s%s (%s) — %ld éléments, %ld dégradés", rows[i].id,
		    when[0] ? when : "-", inspection_kind_label(rows[i].kind),
		    rows[i].amends_id[0] ? ", avenant" : "", inspection_state_label(rows[i].state),
		    rows[i].nitems, rows[i].ndegraded);
	}
	free(rows);
	return 0;
}

static int
cmd_inspection_show(struct cmd_inspection_ctx *c, const char *id)
{
	struct inspection_doc *d;
	struct err e;
	int rc;

	if (cmd_inspection_doc(c, id, &d) != 0)
		return 1;
	rc = inspection_doc_text(d, stdout, isatty(STDOUT_FILENO) ? IDOC_TERMINAL : 0, &e);
	inspection_doc_free(d);
	return rc != 0 ? cli_fail("sortie standard : %s", e.msg) : 0;
}

static int
cmd_inspection_export(struct cmd_inspection_ctx *c, const char *id)
{
	int format = c->a->format < 0 ? FMT_PDF : c->a->format;
	struct inspection_doc *d;
	struct err e;
	int rc;

	if (cmd_inspection_doc(c, id, &d) != 0)
		return 1;
	if (strcmp(c->a->output, "-") != 0) {
		struct cmd_inspection_out o = {d, format};

		rc = cli_write_file(c->a->output, 0600, cmd_inspection_out, &o);
	} else {
		rc = cmd_inspection_write(d, format, stdout,
		    isatty(STDOUT_FILENO) ? IDOC_TERMINAL : 0, &e);
		if (rc != 0)
			rc = cli_fail("sortie standard : %s", e.msg);
	}
	inspection_doc_free(d);
	return rc;
}

static int
cmd_inspection_verify(struct cmd_inspection_ctx *c, const char *id)
{
	struct inspection *in;
	char sha[65];
	struct err e;
	int rc;

	if (inspection_load(c->db, &c->who, id, &in, &e) != 0)
		return cli_fail("%s", e.msg);
	inspection_digest(in, sha);
	rc = inspection_verify(in);
	if (rc == 1)
		cli_say("empreinte conforme : %s", sha);
	else if (rc == 0)
		cli_fail("empreinte non conforme : le contenu a changé depuis la signature "
		    "(enregistrée %s, recalculée %s)", in->content_sha256, sha);
	else
		cli_fail("état des lieux non signé (%s) : aucune empreinte à vérifier "
		    "(empreinte actuelle %s)", inspection_state_label(in->state), sha);
	inspection_free(in);
	return rc == 1 ? 0 : 1;
}

static const struct cmd_inspection_action {
	const char *name;
	const char *arg;     /* its one argument, for messages */
	int (*run)(struct cmd_inspection_ctx *, const char *);
} cmd_inspection_actions[] = {
	{"list", "LOGEMENT", cmd_inspection_list},
	{"show", "ID", cmd_inspection_show},
	{"export", "ID", cmd_inspection_export},
	{"verify", "ID", cmd_inspection_verify},
};

#define CMD_INSPECTION_NACTIONS (sizeof cmd_inspection_actions / sizeof cmd_inspection_actions[0])

/* ---- Dispatch ---- */

static int
cmd_inspection_format(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof cmd_inspection_formats / sizeof cmd_inspection_formats[0]; i++)
		if (strcmp(cmd_inspection_formats[i], s) == 0)
			return (int)i;
	return -1;
}

/* Reads the options into a; returns -1, or an exit status. */
static int
cmd_inspection_options(struct cli *cli, int argc, char **argv, struct cmd_inspection_args *a)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":ho:", opts, NULL)) != -1) {
		if (cli_common(cli, &cmd_inspection, opt, optarg))
			continue;
		if (opt == ':')
			return cli_usage_error(&cmd_inspection, "l'option %s demande une valeur",
			    argv[optind - 1]);
		if (opt == 'o') {
			a->output = optarg;
		} else if (opt == 'f') {
			if ((a->format = cmd_inspection_format(optarg)) < 0)
				return cli_usage_error(&cmd_inspection, "format inconnu « %s » "
				    "(formats : pdf, txt, json)", optarg);
		} else if (optopt > 0 && optopt < 0x80) {
			return cli_usage_error(&cmd_inspection, "option inconnue « -%c »", optopt);
		} else {
			return cli_usage_error(&cmd_inspection, "option inconnue « %s »",
			    argv[optind - 1]);
		}
	}
	return -1;
}

/* Usage errors found without the database; returns -1 if none. */
static int
cmd_inspection_check(const struct cmd_inspection_action *act, int argc, char **argv,
    const struct cmd_inspection_args *a)
{
	if (argc == 0)
		return cli_usage_error(&cmd_inspection, "action manquante (list, show, export "
		    "ou verify)");
	if (act == NULL)
		return cli_usage_error(&cmd_inspection, "action inconnue « %s » (list, show, "
		    "export ou verify)", argv[0]);
	if (argc != 2)
		return cli_usage_error(&cmd_inspection, "%s (loge inspection %s %s)",
		    argc < 2 ? "argument manquant" : "argument en trop", act->name, act->arg);
	if (act->run != cmd_inspection_export && (a->output || a->format >= 0))
		return cli_usage_error(&cmd_inspection, "--format et -o ne vont qu'avec "
		    "« loge inspection export »");
	if (act->run != cmd_inspection_export)
		return -1;
	if (a->output == NULL)
		return cli_usage_error(&cmd_inspection, "-o FICHIER manquant (« -o - » pour la "
		    "sortie standard)");
	if (*a->output == '\0')
		return cli_usage_error(&cmd_inspection, "nom de fichier vide après -o");
	if (strcmp(a->output, "-") == 0 && a->format <= FMT_PDF)
		return cli_usage_error(&cmd_inspection, "le PDF ne s'écrit pas sur la sortie "
		    "standard : -o FICHIER.pdf, ou --format txt ou json");
	return -1;
}

static int
cmd_inspection_run(struct cli *cli, int argc, char **argv)
{
	struct cmd_inspection_args a = {-1, NULL};
	const struct cmd_inspection_action *act = NULL;
	struct cmd_inspection_ctx c;
	size_t i;
	int rc;

	if ((rc = cmd_inspection_options(cli, argc, argv, &a)) >= 0)
		return rc;
	argc -= optind;
	argv += optind;
	for (i = 0; argc > 0 && i < CMD_INSPECTION_NACTIONS; i++)
		if (strcmp(cmd_inspection_actions[i].name, argv[0]) == 0)
			act = &cmd_inspection_actions[i];
	if ((rc = cmd_inspection_check(act, argc, argv, &a)) >= 0)
		return rc;
	/* An inspection's id is a UUID; say so rather than "not found". */
	if (strcmp(act->arg, "ID") == 0 && !uid_valid(argv[1]))
		return cli_fail("identifiant d'état des lieux mal formé « %s » : 36 caractères "
		    "attendus, comme 01a2008d-792a-7254-b22e-2bfe17c6edcb (loge inspection list "
		    "LOGEMENT les donne)", argv[1]);
	memset(&c, 0, sizeof c);
	c.a = &a;
	if (cli_open(cli, DB_READONLY, &c.db, &c.who) != 0)
		return 1;
	rc = act->run(&c, argv[1]);
	user_clear(&c.who);
	db_close(c.db);
	return rc;
}
