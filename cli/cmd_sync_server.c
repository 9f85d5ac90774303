/* loge sync-server --db FICHIER --user LOGIN: the hub's side of the sync
 * protocol on standard input and output, for OpenSSH's sshd to run with
 * ForceCommand (or a command= key option). The user is the one the SSH
 * server authenticated, given by the administrator's configuration. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/db.h"
#include "core/sanitize.h"
#include "core/user.h"
#include "sync/hub.h"
#include "sync/link.h"

static int cmd_sync_server_run(struct cli *cli, int argc, char **argv);

const struct cli_cmd cmd_sync_server = {
	"sync-server",
	"--db FICHIER --user LOGIN",
	"sert la synchronisation sur l'entrée et la sortie standard (sshd)",
	"Le côté hub du protocole loge-sync(5), sur l'entrée et la sortie\n"
	"standard : pour le sshd d'OpenSSH, avec dans sshd_config une ligne\n"
	"« Subsystem loge-sync /bin/false » et, pour chaque utilisateur,\n"
	"« ForceCommand loge sync-server --db FICHIER --user LOGIN » (ou une\n"
	"option command=\"...\" devant sa clé dans authorized_keys).\n"
	"L'utilisateur est celui que sshd a authentifié : jamais celui d'un message.\n"
	"\n"
	"  --db FICHIER    la base du hub\n"
	"  --user LOGIN    l'utilisateur Loge de cette session (obligatoire)\n",
	cmd_sync_server_run,
};

static int
cmd_sync_server_run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {CLI_COMMON_OPTIONS, {NULL, 0, NULL, 0}};
	struct sync_counts n;
	struct db *db = NULL;
	struct link *l;
	struct user who;
	struct err e;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		if (!cli_common(cli, &cmd_sync_server, c, optarg))
			return cli_usage_error(&cmd_sync_server, "option inconnue");
	if (optind != argc)
		return cli_usage_error(&cmd_sync_server, "argument en trop « %s »", argv[optind]);
	if (cli->user == NULL || cli->db_path == NULL)
		return cli_usage_error(&cmd_sync_server, "--db et --user sont obligatoires");
	memset(&who, 0, sizeof who);
	cli->quiet_user = 1;
	if (cli_open(cli, 0, &db, &who) != 0)
		return 1;
	if (who.disabled) {
		user_clear(&who);
		db_close(db);
		return cli_fail("utilisateur %s désactivé : synchronisation refusée", cli->user);
	}
	l = link_fd_new(STDIN_FILENO, STDOUT_FILENO);
	rc = hub_serve(db, &who, l, "stdin", &n, &e);
	link_close(l);
	if (rc != 0)
		cli_fail("synchronisation de %s : %s", who.login, e.msg);
	user_clear(&who);
	db_close(db);
	return rc ? 1 : 0;
}
