/* loge user: the users of Loge and their SSH keys for the hub's server
 * (loge serve). One table of actions, each one or two words after
 * "user"; the writing ones need the right to write the users
 * (core/perm.h: the administrator), the others the right to read them. */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/perm.h"
#include "core/sanitize.h"
#include "core/user.h"
#include "core/utf8.h"
#include "core/xalloc.h"

static int cmd_user_run(struct cli *cli, int argc, char **argv);

const struct cli_cmd cmd_user = {
	"user",
	"add|list|disable|enable|key add|key remove|key list [ARGUMENTS]",
	"gère les utilisateurs et leurs clés SSH",
	"Les utilisateurs de Loge et leurs clés SSH pour le serveur du hub\n"
	"(loge serve). Créer, désactiver, réactiver un utilisateur et gérer ses clés\n"
	"est réservé à l'administrateur ; lister, aussi au superviseur et à\n"
	"l'auditeur.\n"
	"\n"
	"  add LOGIN --role RÔLE [--name NOM] [--agency AGENCE] [--sector SECTEUR]...\n"
	"      [--key FICHIER.pub]\n"
	"                     crée l'utilisateur LOGIN (1 à 32 caractères parmi a-z,\n"
	"                     0-9, « . », « _ », « - »)\n"
	"  list               les utilisateurs : rôle, état, nombre de clés, agence,\n"
	"                     nom et secteurs\n"
	"  disable LOGIN      désactive l'utilisateur : le hub refuse ses clés\n"
	"  enable LOGIN       le réactive\n"
	"  key add LOGIN FICHIER.pub\n"
	"                     ajoute une clé publique : le fichier .pub tel que\n"
	"                     ssh-keygen l'écrit (ssh-ed25519, ecdsa-sha2-nistp256,\n"
	"                     -nistp384, -nistp521, ou ssh-rsa de 2048 bits au moins)\n"
	"  key remove LOGIN EMPREINTE\n"
	"                     retire la clé d'empreinte SHA256:... (celle de\n"
	"                     « loge user key list » ou de « ssh-keygen -lf »)\n"
	"  key list LOGIN     les clés de l'utilisateur\n"
	"\n"
	"Options de add :\n"
	"  --role RÔLE        gardien, agent, technicien, superviseur, admin ou\n"
	"                     auditeur (obligatoire)\n"
	"  --name NOM         nom affiché (défaut : LOGIN)\n"
	"  --agency AGENCE    code ou identifiant de son agence (défaut : celle de\n"
	"                     ses secteurs s'ils sont dans la même ; sinon aucune,\n"
	"                     c'est-à-dire toute l'organisation)\n"
	"  --sector SECTEUR   code ou identifiant d'un secteur ; à répéter\n"
	"  --key FICHIER.pub  sa clé publique SSH\n"
	"\n"
	"Code de sortie : 0 fait, 1 refusé ou échec, 2 erreur d'utilisation.\n"
	"\n"
	"Options communes :\n",
	cmd_user_run,
};

struct cmd_user_opts {
	const char *role;
	const char *name;
	const char *agency;
	const char *key;
	const char **sectors;
	size_t nsectors;
	const char *add_only; /* the first option given that only add takes */
};

struct cmd_user_ctx {
	struct db *db;
	struct user who;
	const struct cmd_user_opts *o;
};

/* ---- Output ---- */

/* Prints text from the database or a file, sanitised, padded (or cut) to
 * width code points and a space; width 0: all of it. */
static void
cmd_user_cell(const char *text, size_t width)
{
	char *s = sanitize_str(text ? text : "-", 0);
	size_t n = 0, off = 0, len = strlen(s);
	uint32_t cp;
	int k;

	while (off < len && (width == 0 || n < width)) {
		k = utf8_decode(s + off, len - off, &cp);
		off += k > 0 ? (size_t)k : 1;
		n++;
	}
	printf("%.*s", (int)off, s);
	for (; width > 0 && n <= width; n++)
		putchar(' ');
	free(s);
}

/* ---- Actions ---- */

static int
cmd_user_add(struct cmd_user_ctx *c, char **args)
{
	struct pubkey key;
	struct user_new u;
	struct err e;
	int rc = 1;

	memset(&key, 0, sizeof key);
	memset(&u, 0, sizeof u);
	if (c->o->key && pubkey_read(c->o->key, &key, &e) != 0)
		return cli_fail("%s", e.msg);
	u.login = args[0];
	u.role = c->o->role;
	u.display_name = c->o->name;
	u.agency = c->o->agency;
	u.sectors = c->o->sectors;
	u.nsectors = c->o->nsectors;
	u.key = c->o->key ? &key : NULL;
	if (user_add(c->db, &c->who, &u, NULL, &e) != 0) {
		cli_fail("%s (utilisateur non créé)", e.msg);
		goto out;
	}
	cli_say("utilisateur « %s » créé (%s)", u.login, user_role_label(u.role));
	if (u.key)
		cli_say("clé ajoutée : %s %s%s%s", key.fingerprint, key.type,
		    key.comment ? " " : "", key.comment ? key.comment : "");
	else
		cli_say("sans clé, il ne peut pas se connecter au hub : "
		    "loge user key add %s FICHIER.pub", u.login);
	if (perm_scope(u.role) == PERM_SCOPE_SECTORS && u.nsectors == 0)
		fprintf(stderr, "loge : attention, un gardien sans secteur ne voit aucun "
		    "logement (--sector)\n");
	rc = 0;
out:
	pubkey_clear(&key);
	return rc;
}

static void
cmd_user_list_header(void)
{
	static const struct {
		const char *title;
		size_t width;
	} cols[] = {
		{"Identifiant", 16}, {"Rôle", 11}, {"État", 9}, {"Clés", 4}, {"Agence", 10},
		{"Nom", 28}, {"Secteurs", 0},
	};
	size_t i;

	for (i = 0; i < sizeof cols / sizeof cols[0]; i++)
		cmd_user_cell(cols[i].title, cols[i].width);
	putchar('\n');
}

static int
cmd_user_list(struct cmd_user_ctx *c, char **args)
{
	struct user_row *rows;
	char keys[24];
	struct err e;
	size_t n, i;

	if (user_list(c->db, &c->who, &rows, &n, &e) != 0)
		return cli_fail("%s", e.msg);
	cmd_user_list_header();
	for (i = 0; i < n; i++) {
		snprintf(keys, sizeof keys, "%4ld", rows[i].nkeys);
		cmd_user_cell(rows[i].u.login, 16);
		cmd_user_cell(rows[i].u.role, 11);
		cmd_user_cell(rows[i].u.disabled ? "désactivé" : "actif", 9);
		cmd_user_cell(keys, 4);
		cmd_user_cell(rows[i].agency_code, 10);
		cmd_user_cell(rows[i].u.display_name, 28);
		cmd_user_cell(*rows[i].sectors ? rows[i].sectors : "-", 0);
		putchar('\n');
	}
	user_rows_free(rows, n);
	return 0;
}

static int
cmd_user_able(struct cmd_user_ctx *c, const char *login, int disabled)
{
	struct err e;
	int rc;

	if ((rc = user_set_disabled(c->db, &c->who, login, disabled, &e)) < 0)
		return cli_fail("%s", e.msg);
	if (rc == 0)
		cli_say("« %s » était déjà %s", login, disabled ? "désactivé" : "actif");
	else if (disabled)
		cli_say("utilisateur « %s » désactivé : le hub refuse désormais ses clés",
		    login);
	else
		cli_say("utilisateur « %s » réactivé", login);
	return 0;
}

static int
cmd_user_disable(struct cmd_user_ctx *c, char **args)
{
	return cmd_user_able(c, args[0], 1);
}

static int
cmd_user_enable(struct cmd_user_ctx *c, char **args)
{
	return cmd_user_able(c, args[0], 0);
}

static int
cmd_user_key_add(struct cmd_user_ctx *c, char **args)
{
	struct pubkey key;
	struct err e;
	int rc = 0;

	if (pubkey_read(args[1], &key, &e) != 0)
		return cli_fail("%s", e.msg);
	if (user_key_add(c->db, &c->who, args[0], &key, &e) != 0)
		rc = cli_fail("%s (clé non ajoutée)", e.msg);
	else
		cli_say("clé ajoutée à « %s » : %s %s%s%s", args[0], key.fingerprint,
		    key.type, key.comment ? " " : "", key.comment ? key.comment : "");
	pubkey_clear(&key);
	return rc;
}

static int
cmd_user_key_remove(struct cmd_user_ctx *c, char **args)
{
	struct err e;

	if (user_key_remove(c->db, &c->who, args[0], args[1], &e) != 0)
		return cli_fail("%s", e.msg);
	cli_say("clé %s retirée de « %s »", args[1], args[0]);
	return 0;
}

static int
cmd_user_key_list(struct cmd_user_ctx *c, char **args)
{
	struct user_key_row *rows;
	struct err e;
	size_t n, i;

	if (user_key_list(c->db, &c->who, args[0], &rows, &n, &e) != 0)
		return cli_fail("%s", e.msg);
	if (n == 0)
		cli_say("« %s » n'a aucune clé", args[0]);
	else {
		cmd_user_cell("Empreinte", 50);
		cmd_user_cell("Type", 19);
		cmd_user_cell("Ajoutée", 10);
		cmd_user_cell("Par", 12);
		cmd_user_cell("Commentaire", 0);
		putchar('\n');
	}
	for (i = 0; i < n; i++) {
		cmd_user_cell(rows[i].fingerprint, 50);
		cmd_user_cell(rows[i].type, 19);
		/* The day is enough; the moment is in the database. */
		printf("%.10s ", rows[i].added_at ? rows[i].added_at : "-");
		cmd_user_cell(rows[i].added_by, 12);
		cmd_user_cell(rows[i].comment, 0);
		putchar('\n');
	}
	user_key_rows_free(rows, n);
	return 0;
}

static const struct cmd_user_action {
	const char *name;
	const char *args; /* for usage messages */
	int nargs;
	int right; /* on PG_USERS */
	int (*run)(struct cmd_user_ctx *, char **);
} cmd_user_actions[] = {
	{"add", "LOGIN", 1, PERM_WRITE, cmd_user_add},
	{"list", "", 0, PERM_READ, cmd_user_list},
	{"disable", "LOGIN", 1, PERM_WRITE, cmd_user_disable},
	{"enable", "LOGIN", 1, PERM_WRITE, cmd_user_enable},
	{"key add", "LOGIN FICHIER.pub", 2, PERM_WRITE, cmd_user_key_add},
	{"key remove", "LOGIN EMPREINTE", 2, PERM_WRITE, cmd_user_key_remove},
	{"key list", "LOGIN", 1, PERM_READ, cmd_user_key_list},
};

#define CMD_USER_NACTIONS (sizeof cmd_user_actions / sizeof cmd_user_actions[0])

/* ---- Dispatch ---- */

/* The action named by the first words of argv; *nwords: how many. */
static const struct cmd_user_action *
cmd_user_find(int argc, char **argv, int *nwords)
{
	char *name;
	size_t i;

	*nwords = argc >= 2 && strcmp(argv[0], "key") == 0 ? 2 : 1;
	if (argc < 1)
		return NULL;
	name = *nwords == 2 ? xasprintf("key %s", argv[1]) : xstrdup(argv[0]);
	for (i = 0; i < CMD_USER_NACTIONS && strcmp(cmd_user_actions[i].name, name) != 0; i++)
		;
	free(name);
	return i < CMD_USER_NACTIONS ? &cmd_user_actions[i] : NULL;
}

/* Reads the options into o; returns -1, or an exit status. */
static int
cmd_user_options(struct cli *cli, int argc, char **argv, struct cmd_user_opts *o)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{"role", required_argument, NULL, 'r'},
		{"name", required_argument, NULL, 'n'},
		{"agency", required_argument, NULL, 'a'},
		{"sector", required_argument, NULL, 's'},
		{"key", required_argument, NULL, 'k'},
		{NULL, 0, NULL, 0},
	};
	int opt, i;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, &i)) != -1) {
		if (cli_common(cli, &cmd_user, opt, optarg))
			continue;
		if (opt == ':')
			return cli_usage_error(&cmd_user, "l'option %s demande une valeur",
			    argv[optind - 1]);
		if (opt != 'r' && opt != 'n' && opt != 'a' && opt != 's' && opt != 'k')
			return cli_usage_error(&cmd_user, "option inconnue « %s »",
			    argv[optind - 1]);
		if (o->add_only == NULL)
			o->add_only = opts[i].name;
		if (opt == 'r')
			o->role = optarg;
		else if (opt == 'n')
			o->name = optarg;
		else if (opt == 'a')
			o->agency = optarg;
		else if (opt == 'k' && o->key != NULL)
			return cli_usage_error(&cmd_user, "une seule option --key");
		else if (opt == 'k')
			o->key = optarg;
		else if (opt == 's') {
			o->sectors = xreallocarray(o->sectors, o->nsectors + 1, sizeof *o->sectors);
			o->sectors[o->nsectors++] = optarg;
		}
	}
	return -1;
}

/* Usage errors found without the database; returns -1 if none. */
static int
cmd_user_check(const struct cmd_user_action *a, int argc, char **argv, int nwords,
    const struct cmd_user_opts *o)
{
	if (a == NULL && argc == 0)
		return cli_usage_error(&cmd_user, "action manquante");
	if (a == NULL && nwords == 1 && strcmp(argv[0], "key") == 0)
		return cli_usage_error(&cmd_user, "add, remove ou list attendu après « key »");
	if (a == NULL)
		return cli_usage_error(&cmd_user, "action inconnue « %s%s%s »", argv[0],
		    nwords == 2 ? " " : "", nwords == 2 ? argv[1] : "");
	if (argc - nwords != a->nargs)
		return cli_usage_error(&cmd_user, "%s (loge user %s %s)",
		    argc - nwords < a->nargs ? "argument manquant" : "argument en trop", a->name,
		    a->args);
	if (a->run != cmd_user_add && o->add_only != NULL)
		return cli_usage_error(&cmd_user, "l'option --%s ne va qu'avec « loge user add »",
		    o->add_only);
	if (a->run != cmd_user_add)
		return -1;
	if (!user_login_valid(argv[nwords]))
		return cli_usage_error(&cmd_user, "identifiant invalide « %s » (1 à 32 "
		    "caractères parmi a-z, 0-9, « . », « _ », « - »)", argv[nwords]);
	if (o->role == NULL)
		return cli_usage_error(&cmd_user, "--role RÔLE manquant");
	if (!user_role_valid(o->role))
		return cli_usage_error(&cmd_user, "rôle inconnu « %s » (gardien, agent, "
		    "technicien, superviseur, admin ou auditeur)", o->role);
	return -1;
}

static int
cmd_user_exec(struct cli *cli, const struct cmd_user_action *a, const struct cmd_user_opts *o,
    char **args)
{
	struct cmd_user_ctx c;
	int rc;

	memset(&c, 0, sizeof c);
	c.o = o;
	if (cli_open(cli, 0, &c.db, &c.who) != 0)
		return 1;
	if ((perm_rights(c.who.role, PG_USERS) & a->right) != a->right)
		rc = cli_fail("loge user %s : refusé au rôle « %s » (%s : réservé à %s)", a->name,
		    c.who.role, perm_group_label(PG_USERS), a->right == PERM_WRITE ?
		    perm_group_owner(PG_USERS) : "l'administrateur, au superviseur et à l'auditeur");
	else
		rc = a->run(&c, args);
	user_clear(&c.who);
	db_close(c.db);
	return rc;
}

static int
cmd_user_run(struct cli *cli, int argc, char **argv)
{
	const struct cmd_user_action *a;
	struct cmd_user_opts o;
	int rc, nwords;

	memset(&o, 0, sizeof o);
	if ((rc = cmd_user_options(cli, argc, argv, &o)) < 0) {
		argc -= optind;
		argv += optind;
		a = cmd_user_find(argc, argv, &nwords);
		if ((rc = cmd_user_check(a, argc, argv, nwords, &o)) < 0)
			rc = cmd_user_exec(cli, a, &o, argv + nwords);
	}
	free(o.sectors);
	return rc;
}
