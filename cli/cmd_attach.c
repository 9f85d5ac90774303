/* loge attach: photos (or any file) from a camera's card or a laptop's
 * disk into the attachment store beside the database (core/attach.h),
 * each named by its SHA-256, optionally attached to an inspection item at
 * once. Files are read where loge runs: never in a session the hub serves
 * over SSH, where the "files" would be the hub's own. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/attach.h"
#include "core/db.h"
#include "core/inspection.h"
#include "core/uid.h"
#include "core/user.h"

static int cmd_attach_run(struct cli *, int, char **);

const struct cli_cmd cmd_attach = {
	"attach",
	"[--item ÉLÉMENT] FICHIER...",
	"joint des photos (dépôt de pièces jointes de la base)",
	"Copie chaque FICHIER dans le dépôt de pièces jointes à côté de la base\n"
	"(FICHIER.db.attachments/), sous le nom de son empreinte SHA-256, et\n"
	"affiche une ligne par fichier : l'empreinte, deux espaces, le nom. Un\n"
	"fichier déjà présent n'est pas copié deux fois. Les photos se joignent\n"
	"depuis le portable où elles sont, jamais dans une session ouverte sur le\n"
	"hub par SSH.\n"
	"\n"
	"Options :\n"
	"  --item ÉLÉMENT     joint aussi chaque photo à cet élément d'un état des\n"
	"                     lieux non signé (son identifiant)\n"
	"\n"
	"Code de sortie : 0 tout est joint, 1 un fichier au moins a échoué ou\n"
	"refusé, 2 erreur d'utilisation.\n"
	"\n"
	"Options communes :\n",
	cmd_attach_run,
};

/* Stores one file; with item, attaches it too. 0 or 1. */
static int
cmd_attach_one(struct db *db, const struct user *who, struct attach_store *st,
    const char *item, const char *path)
{
	char sha[65];
	struct err e;
	int rc;

	err_clear(&e);
	if (item != NULL)
		rc = inspection_photo_add(db, who, item, path, sha, &e);
	else
		rc = attach_add_file(st, path, sha, &e);
	if (rc != 0)
		return cli_fail("%s : %s (non joint)", path, e.msg);
	cli_say("%s  %s", sha, path);
	return 0;
}

static int
cmd_attach_parse(struct cli *cli, int argc, char **argv, const char **item)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{"item", required_argument, NULL, 'i'},
		{NULL, 0, NULL, 0},
	};
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (cli_common(cli, &cmd_attach, opt, optarg))
			continue;
		if (opt == 'i')
			*item = optarg;
		else if (opt == ':')
			return cli_usage_error(&cmd_attach, "l'option %s demande une valeur",
			    argv[optind - 1]);
		else
			return cli_usage_error(&cmd_attach, "option inconnue « %s »",
			    argv[optind - 1]);
	}
	if (optind >= argc)
		return cli_usage_error(&cmd_attach, "aucun fichier à joindre");
	return -1;
}

static int
cmd_attach_run(struct cli *cli, int argc, char **argv)
{
	const char *item = NULL, *remote = getenv("LOGE_REMOTE");
	struct attach_store st;
	struct db *db = NULL;
	struct user who;
	int rc, i;

	if ((rc = cmd_attach_parse(cli, argc, argv, &item)) >= 0)
		return rc;
	if (remote != NULL && strcmp(remote, "1") == 0)
		return cli_fail("loge attach : refusé dans une session ouverte sur le hub par "
		    "SSH, où les fichiers seraient ceux du serveur. Joignez les photos depuis le "
		    "portable où elles sont (loge attach, puis loge sync).");
	if (item != NULL && !uid_valid(item))
		return cli_fail("identifiant d'élément mal formé « %s » : 36 caractères attendus, "
		    "comme 01a2008d-792a-7254-b22e-2bfe17c6edcb", item);
	memset(&who, 0, sizeof who);
	if (cli_open(cli, item ? 0 : DB_READONLY, &db, item ? &who : NULL) != 0)
		return 1;
	attach_open(&st, db_path(db));
	rc = 0;
	for (i = optind; i < argc; i++)
		rc |= cmd_attach_one(db, &who, &st, item, argv[i]);
	attach_close(&st);
	user_clear(&who);
	db_close(db);
	return rc;
}
