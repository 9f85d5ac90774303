/* loge sync [--db FICHIER] [--identity CLÉ] [--accept-new] [user@]hub[:port]:
 * one sync session with the hub over SSH (libssh, public key, the hub's key
 * pinned in Loge's own known-hosts file). On a FICHIER that does not exist
 * yet, a new laptop database is made and receives its user's sectors. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/db.h"
#include "core/sanitize.h"
#include "core/user.h"
#include "core/xalloc.h"
#include "sync/capture.h"
#include "sync/hub.h"
#include "sync/link.h"
#include "sync/node.h"
#include "sync/ssh_link.h"

static int cmd_sync_run(struct cli *cli, int argc, char **argv);

const struct cli_cmd cmd_sync = {
	"sync",
	"[--db FICHIER] [--identity CLÉ] [--accept-new] [--known-hosts F] [user@]hub[:port]\n"
	"       loge sync [--db FICHIER] --export-bundle F | --import-bundle F\n"
	"       loge sync --db HUB --user LOGIN --import-bundle F --export-bundle RÉPONSE",
	"synchronise ce poste avec le hub",
	"Envoie au hub les modifications faites sur ce poste, puis reçoit celles\n"
	"des secteurs de l'utilisateur (loge-sync(5)). Sur un FICHIER qui n'existe\n"
	"pas encore, crée la base du poste et y reçoit les secteurs de l'utilisateur.\n"
	"À la première connexion, l'empreinte de la clé du hub est affichée et\n"
	"demandée ; elle est ensuite retenue dans ~/.config/loge/known_hosts.\n"
	"Code de sortie : 0 session réussie, 1 échec (rien n'est perdu : la\n"
	"session suivante reprend où celle-ci s'est arrêtée).\n"
	"\n"
	"  [user@]hub[:port]  le hub (port 22 par défaut ; [::1]:2222 en IPv6)\n"
	"  --identity CLÉ     clé privée SSH (défaut : ~/.ssh/id_ed25519, id_ecdsa, id_rsa)\n"
	"  --accept-new       retient la clé d'un hub inconnu sans demander (scripts)\n"
	"  --known-hosts F    fichier des clés de hubs retenues\n"
	"\n"
	"Sans réseau (clé USB) : sur le poste, --export-bundle F écrit ses\n"
	"modifications dans F ; sur le hub, --import-bundle F --export-bundle R\n"
	"--user LOGIN les applique et écrit la réponse R ; de retour sur le poste,\n"
	"--import-bundle R la reçoit. Importer deux fois le même fichier ne change rien.\n",
	cmd_sync_run,
};

enum { OPT_IDENTITY = 0x2001, OPT_ACCEPT_NEW, OPT_KNOWN_HOSTS, OPT_EXPORT, OPT_IMPORT };

/* Asks on the terminal; without one, an unknown hub is refused. */
static int
cmd_sync_confirm(const char *host_port, const char *fingerprint, void *arg)
{
	char answer[16];
	FILE *tty = fopen("/dev/tty", "r+");
	int yes;

	if (tty == NULL)
		return 0;
	fprintf(tty, "Hub inconnu %s.\nEmpreinte de sa clé : %s\n"
	    "Vérifiez-la auprès de l'administrateur. Lui faire confiance ? [o/N] ",
	    host_port, fingerprint);
	fflush(tty);
	yes = fgets(answer, sizeof answer, tty) != NULL && (answer[0] == 'o' || answer[0] == 'O');
	fclose(tty);
	return yes;
}

static void
cmd_sync_progress(void *arg, const char *phase, int64_t done, int64_t total)
{
	int width = 30, fill;

	if (!isatty(STDERR_FILENO))
		return;
	if (total > 0) {
		fill = (int)(done * width / (total ? total : 1));
		fill = fill > width ? width : fill;
		fprintf(stderr, "\r%-11s [%.*s%*s] %lld/%lld ", phase, fill,
		    "##############################", width - fill, "", (long long)done,
		    (long long)total);
	} else {
		fprintf(stderr, "\r%-11s %lld lignes ", phase, (long long)done);
	}
	fflush(stderr);
}

static void
cmd_sync_warn(void *arg, const char *msg)
{
	char *safe = sanitize_str(msg, 0);

	fprintf(stderr, "loge sync : attention : %s\n", safe);
	free(safe);
}

static void
cmd_sync_summary(const struct sync_counts *n)
{
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "\r%60s\r", "");
	printf("envoyées : %lld (appliquées %lld, fusionnées %lld, conflits %lld, refusées %lld) ; "
	    "reçues : %lld lignes\n", (long long)n->sent, (long long)n->applied,
	    (long long)n->merged, (long long)n->conflicts, (long long)n->refused,
	    (long long)n->pulled);
	if (n->files_sent + n->files_received + n->files_refused + n->files_missing > 0)
		printf("photos : %lld envoyée%s, %lld reçue%s", (long long)n->files_sent,
		    n->files_sent > 1 ? "s" : "", (long long)n->files_received,
		    n->files_received > 1 ? "s" : "");
	if (n->files_refused > 0)
		printf(", %lld refusée%s (renvoyée%s à la prochaine synchronisation)",
		    (long long)n->files_refused, n->files_refused > 1 ? "s" : "",
		    n->files_refused > 1 ? "s" : "");
	if (n->files_missing > 0)
		printf(", %lld pas encore sur le hub", (long long)n->files_missing);
	if (n->files_sent + n->files_received + n->files_refused + n->files_missing > 0)
		printf("\n");
	if (n->refused > 0)
		printf("%lld modification%s refusée%s par le hub : voir « loge synclog » ou "
		    "l'écran Synchronisation.\n", (long long)n->refused, n->refused > 1 ? "s" : "",
		    n->refused > 1 ? "s" : "");
}

/* A database that holds a patrimoine but never synced is a hub (or a
 * demo): it must not turn into a laptop. */
static int
cmd_sync_is_hub(struct db *db)
{
	char *scope = db_meta_get(db, "sync_scope");
	int64_t sectors = 0, hub = 0;

	db_int(db, NULL, &sectors, "SELECT count(*) FROM sector", "");
	db_int(db, NULL, &hub, "SELECT hub FROM sync_state", "");
	free(scope);
	return scope == NULL && hub && sectors > 0;
}

static int
cmd_sync_session(struct db *db, struct ssh_target *t, const char *spec)
{
	struct node_opts o = {spec, cmd_sync_progress, cmd_sync_warn, NULL};
	struct sync_counts n;
	struct link *l = NULL;
	struct err e;
	int rc;

	if ((l = ssh_link_open(t, &e)) == NULL)
		return cli_fail("%s", e.msg);
	l->timeout_ms = 120000;
	memset(&n, 0, sizeof n);
	rc = node_sync(db, l, &o, &n, &e);
	link_close(l);
	if (rc != 0) {
		if (isatty(STDERR_FILENO))
			fprintf(stderr, "\n");
		return cli_fail("synchronisation avec %s : %s", spec, e.msg);
	}
	cmd_sync_summary(&n);
	return 0;
}

/* Writes a bundle into path.part, then renames it: a bundle is whole or
 * absent, never half-written on the stick. */
static int
cmd_sync_write_bundle(const char *path, struct link **l, int *fd, char **part)
{
	*part = xasprintf("%s.part", path);
	*fd = open(*part, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (*fd < 0)
		return cli_fail("%s : impossible d'écrire : %s", *part, strerror(errno));
	*l = link_fd_new(-1, *fd);
	return 0;
}

static int
cmd_sync_close_bundle(const char *path, struct link *l, int fd, char *part, int ok)
{
	int rc = 0;

	link_close(l);
	if (ok && (fsync(fd) != 0 || close(fd) != 0 || rename(part, path) != 0))
		rc = cli_fail("%s : écriture impossible : %s", path, strerror(errno));
	else if (!ok)
		close(fd);
	if (!ok || rc != 0)
		unlink(part);
	free(part);
	return ok && rc == 0 ? 0 : 1;
}

static int
cmd_sync_read_bundle(const char *path, struct link **l, int *fd)
{
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return cli_fail("%s : impossible de lire : %s", path, strerror(errno));
	*l = link_fd_new(*fd, -1);
	return 0;
}

/* On a laptop: one of export, import. */
static int
cmd_sync_node_bundle(struct db *db, const char *out, const char *in)
{
	struct node_opts o = {out ? out : in, cmd_sync_progress, cmd_sync_warn, NULL};
	struct sync_counts n;
	struct link *l = NULL;
	struct err e;
	char *part;
	int fd, rc;

	memset(&n, 0, sizeof n);
	if (out != NULL) {
		if (cmd_sync_write_bundle(out, &l, &fd, &part) != 0)
			return 1;
		rc = node_export_bundle(db, l, &o, &n, &e);
		if (rc != 0)
			cli_fail("%s : %s", out, e.msg);
		if (cmd_sync_close_bundle(out, l, fd, part, rc == 0) != 0)
			return 1;
		printf("%lld modification%s écrite%s dans %s\n", (long long)n.sent,
		    n.sent > 1 ? "s" : "", n.sent > 1 ? "s" : "", out);
		return 0;
	}
	if (cmd_sync_read_bundle(in, &l, &fd) != 0)
		return 1;
	rc = node_import_bundle(db, l, &o, &n, &e);
	link_close(l);
	close(fd);
	if (rc != 0)
		return cli_fail("%s : %s", in, e.msg);
	cmd_sync_summary(&n);
	return 0;
}

/* On the hub: a laptop's bundle in, the reply out, as the laptop's user. */
static int
cmd_sync_hub_bundle(struct cli *cli, struct db *db, const char *in, const char *out)
{
	struct sync_counts n;
	struct link *l = NULL;
	struct user who;
	struct err e;
	const char *how;
	char *part;
	int rfd, wfd, rc;

	memset(&who, 0, sizeof who);
	if (user_resolve(db, cli->user, &who, &how, &e) != 0)
		return cli_fail("%s", e.msg);
	rfd = open(in, O_RDONLY | O_CLOEXEC);
	if (rfd < 0) {
		user_clear(&who);
		return cli_fail("%s : impossible de lire : %s", in, strerror(errno));
	}
	part = xasprintf("%s.part", out);
	wfd = open(part, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (wfd < 0) {
		rc = cli_fail("%s : impossible d'écrire : %s", part, strerror(errno));
		free(part);
		close(rfd);
		user_clear(&who);
		return rc;
	}
	l = link_fd_new(rfd, wfd);
	rc = hub_bundle(db, &who, l, in, &n, &e);
	if (rc != 0)
		cli_fail("%s : %s", in, e.msg);
	close(rfd);
	rc = cmd_sync_close_bundle(out, l, wfd, part, rc == 0);
	if (rc == 0)
		printf("reçues : %lld (appliquées %lld, fusionnées %lld, conflits %lld, refusées %lld) ; "
		    "photos : %lld reçue%s, %lld envoyée%s ; réponse : %s\n", (long long)n.received,
		    (long long)n.applied, (long long)n.merged, (long long)n.conflicts,
		    (long long)n.refused, (long long)n.files_received, n.files_received > 1 ? "s" : "",
		    (long long)n.files_sent, n.files_sent > 1 ? "s" : "", out);
	user_clear(&who);
	return rc;
}

static int
cmd_sync_bundles(struct cli *cli, const char *out, const char *in, const char *extra)
{
	struct db *db = NULL;
	int64_t hub = 0;
	int rc;

	if (extra != NULL)
		return cli_usage_error(&cmd_sync, "pas de hub avec un fichier d'échange : « %s »",
		    extra);
	if (cli_open(cli, in != NULL && out != NULL ? 0 : DB_CREATE, &db, NULL) != 0)
		return 1;
	db_int(db, NULL, &hub, "SELECT hub FROM sync_state", "");
	if (hub && cmd_sync_is_hub(db) && (in == NULL || out == NULL || cli->user == NULL))
		rc = cli_usage_error(&cmd_sync, "sur le hub : --import-bundle F --export-bundle "
		    "RÉPONSE --user LOGIN (l'utilisateur du poste)");
	else if (hub && cmd_sync_is_hub(db))
		rc = cmd_sync_hub_bundle(cli, db, in, out);
	else if (in != NULL && out != NULL)
		rc = cli_usage_error(&cmd_sync, "sur un poste : --export-bundle ou --import-bundle, "
		    "l'un ou l'autre");
	else
		rc = cmd_sync_node_bundle(db, out, in);
	db_close(db);
	return rc;
}

static int
cmd_sync_run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{"identity", required_argument, NULL, OPT_IDENTITY},
		{"accept-new", no_argument, NULL, OPT_ACCEPT_NEW},
		{"known-hosts", required_argument, NULL, OPT_KNOWN_HOSTS},
		{"export-bundle", required_argument, NULL, OPT_EXPORT},
		{"import-bundle", required_argument, NULL, OPT_IMPORT},
		{NULL, 0, NULL, 0},
	};
	const char *out = NULL, *in = NULL;
	struct ssh_target t;
	struct db *db = NULL;
	char *storage = NULL;
	struct err e;
	int c, rc;

	memset(&t, 0, sizeof t);
	t.confirm = cmd_sync_confirm;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == OPT_IDENTITY)
			t.identity = optarg;
		else if (c == OPT_ACCEPT_NEW)
			t.accept_new = 1;
		else if (c == OPT_KNOWN_HOSTS)
			t.known_hosts = optarg;
		else if (c == OPT_EXPORT)
			out = optarg;
		else if (c == OPT_IMPORT)
			in = optarg;
		else if (!cli_common(cli, &cmd_sync, c, optarg))
			return cli_usage_error(&cmd_sync, "option inconnue");
	}
	if (out != NULL || in != NULL)
		return cmd_sync_bundles(cli, out, in, optind < argc ? argv[optind] : NULL);
	if (optind + 1 != argc)
		return cli_usage_error(&cmd_sync, "indiquez un hub, et un seul");
	if (ssh_target_parse(&t, argv[optind], &storage, &e) != 0) {
		free(storage);
		return cli_usage_error(&cmd_sync, "%s", e.msg);
	}
	rc = 1;
	if (cli->db_path != NULL && cli_make_parent(cli->db_path) != 0)
		cli_fail("%s : impossible de créer son dossier", cli->db_path);
	else if (cli_open(cli, DB_CREATE, &db, NULL) == 0) {
		if (cmd_sync_is_hub(db))
			cli_fail("cette base contient un patrimoine et n'a jamais été synchronisée : "
			    "c'est une base de hub ou de démonstration. Pour un poste, partez "
			    "d'un fichier neuf (loge sync --db NOUVEAU_FICHIER ...)");
		else
			rc = cmd_sync_session(db, &t, argv[optind]);
		db_close(db);
	}
	free(storage);
	return rc;
}
