/* loge serve: the hub's SSH server (sync/serve.h, man/loge-serve.8). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/db.h"
#include "core/xalloc.h"
#include "sync/serve.h"

static int cmd_serve_run(struct cli *cli, int argc, char **argv);

const struct cli_cmd cmd_serve = {
	"serve",
	"--db FICHIER [--listen ADRESSE:PORT] [--host-key FICHIER] [--max-sessions N]",
	"serveur SSH du hub : l'interface pour l'agence, la synchronisation",
	"Serveur SSH du hub, par clé publique seulement : « ssh -t -p PORT LOGIN@hub »\n"
	"ouvre l'interface de cet utilisateur ; le sous-système loge-sync sert\n"
	"« loge sync ». Tout le reste est refusé. Une ligne par événement sur la\n"
	"sortie d'erreur. SIGTERM : plus de nouvelle connexion, les sessions ont\n"
	"--stop-grace secondes pour finir ; SIGHUP : les sessions d'utilisateurs\n"
	"désactivés ou dont la clé a été retirée sont terminées.\n"
	"\n"
	"  --listen ADRESSE:PORT  adresse d'écoute (défaut : 127.0.0.1:2222)\n"
	"  --host-key FICHIER     clé d'hôte ed25519, créée au premier lancement\n"
	"                         (défaut : FICHIER.host_ed25519_key à côté de la base)\n"
	"  --max-sessions N       connexions à la fois (défaut : 200)\n"
	"  --max-startups N       connexions pas encore authentifiées (défaut : 10)\n"
	"  --max-auth-tries N     essais de clé par connexion (défaut : 6)\n"
	"  --login-grace S        délai pour s'authentifier (défaut : 60 s)\n"
	"  --idle S               interface sans touche pendant S s : fin (défaut : 1800)\n"
	"  --stop-grace S         délai laissé aux sessions à l'arrêt (défaut : 30 s)\n",
	cmd_serve_run,
};

enum {
	OPT_LISTEN = 0x2001, OPT_HOST_KEY, OPT_MAX_SESSIONS, OPT_MAX_STARTUPS, OPT_MAX_AUTH,
	OPT_GRACE, OPT_IDLE, OPT_STOP,
};

/* "ADDR:PORT", "[v6]:PORT" or ":PORT"; addr points into storage. */
static int
parse_listen(const char *s, struct serve_opts *o, char **storage)
{
	char *copy = xstrdup(s), *colon = strrchr(copy, ':'), *addr = copy;
	long long port;

	*storage = copy;
	if (colon == NULL || cli_number(colon + 1, 1, 65535, &port) != 0)
		return -1;
	*colon = '\0';
	if (addr[0] == '[' && colon > addr && colon[-1] == ']') {
		colon[-1] = '\0';
		addr++;
	}
	o->addr = *addr ? addr : "127.0.0.1";
	o->port = (int)port;
	return 0;
}

static int
set_number(const char *arg, int min, int max, int *out)
{
	long long v;

	if (cli_number(arg, min, max, &v) != 0)
		return -1;
	*out = (int)v;
	return 0;
}

static int
parse(struct cli *cli, int argc, char **argv, struct serve_opts *o, char **storage)
{
	static const struct option opts[] = {CLI_COMMON_OPTIONS,
	    {"listen", required_argument, NULL, OPT_LISTEN},
	    {"host-key", required_argument, NULL, OPT_HOST_KEY},
	    {"max-sessions", required_argument, NULL, OPT_MAX_SESSIONS},
	    {"max-startups", required_argument, NULL, OPT_MAX_STARTUPS},
	    {"max-auth-tries", required_argument, NULL, OPT_MAX_AUTH},
	    {"login-grace", required_argument, NULL, OPT_GRACE},
	    {"idle", required_argument, NULL, OPT_IDLE},
	    {"stop-grace", required_argument, NULL, OPT_STOP},
	    {NULL, 0, NULL, 0}};
	int c, bad = 0, idx = 0;

	while (!bad && (c = getopt_long(argc, argv, "h", opts, &idx)) != -1) {
		if (c == OPT_LISTEN)
			bad = parse_listen(optarg, o, storage) != 0;
		else if (c == OPT_HOST_KEY)
			o->host_key = optarg;
		else if (c == OPT_MAX_SESSIONS)
			bad = set_number(optarg, 1, 10000, &o->max_sessions) != 0;
		else if (c == OPT_MAX_STARTUPS)
			bad = set_number(optarg, 1, 10000, &o->max_startups) != 0;
		else if (c == OPT_MAX_AUTH)
			bad = set_number(optarg, 1, 100, &o->max_auth_tries) != 0;
		else if (c == OPT_GRACE)
			bad = set_number(optarg, 1, 3600, &o->login_grace_s) != 0;
		else if (c == OPT_IDLE)
			bad = set_number(optarg, 10, 86400 * 7, &o->idle_s) != 0;
		else if (c == OPT_STOP)
			bad = set_number(optarg, 0, 3600, &o->stop_grace_s) != 0;
		else if (!cli_common(cli, &cmd_serve, c, optarg))
			return cli_usage_error(&cmd_serve, "option inconnue");
	}
	if (bad)
		return cli_usage_error(&cmd_serve, "valeur invalide pour --%s", opts[idx].name);
	if (optind != argc)
		return cli_usage_error(&cmd_serve, "argument en trop « %s »", argv[optind]);
	if (cli->db_path == NULL)
		return cli_usage_error(&cmd_serve, "--db est obligatoire");
	return 0;
}

/* Sessions run as the database's owner: as root, that owner must be
 * someone else. */
static int
check_owner(const char *db)
{
	struct stat st;

	if (stat(db, &st) != 0)
		return cli_fail("%s : base introuvable (créez-la avec loge demo ou loge import)", db);
	if (geteuid() == 0 && st.st_uid == 0)
		return cli_fail("%s appartient à root : lancé en root, loge serve fait tourner chaque "
		    "session sous le propriétaire de la base, qui doit être un utilisateur sans "
		    "privilège (chown loge: %s)", db, db);
	return 0;
}

static int
cmd_serve_run(struct cli *cli, int argc, char **argv)
{
	struct serve_opts o;
	char exe[PATH_MAX], *storage = NULL, *key = NULL, *dbabs = NULL;
	struct db *db;
	struct err e;
	ssize_t n;
	int rc;

	serve_defaults(&o);
	if ((rc = parse(cli, argc, argv, &o, &storage)) != 0) {
		free(storage);
		return rc;
	}
	if ((rc = check_owner(cli->db_path)) != 0)
		goto out;
	/* Sessions run the TUI with this path, whatever their directory. */
	if ((dbabs = realpath(cli->db_path, NULL)) == NULL) {
		rc = cli_fail("%s : %s", cli->db_path, strerror(errno));
		goto out;
	}
	o.db_path = dbabs;
	/* Migrated once here, not by each session. */
	if (db_open(&db, o.db_path, 0, &e) != 0) {
		rc = cli_fail("%s : %s", o.db_path, e.msg);
		goto out;
	}
	db_close(db);
#ifdef __GLIBC__
	malloc_trim(0);  /* the parent stays small for its whole life */
#endif
	if ((n = readlink("/proc/self/exe", exe, sizeof exe - 1)) < 0) {
		rc = cli_fail("chemin du programme introuvable");
		goto out;
	}
	exe[n] = '\0';
	o.exe = exe;
	if (o.host_key == NULL)
		o.host_key = key = xasprintf("%s.host_ed25519_key", o.db_path);
	if (serve_run(&o, &e) != 0)
		rc = cli_fail("%s", e.msg);
out:
	free(storage);
	free(key);
	free(dbabs);
	return rc;
}
