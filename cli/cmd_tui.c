/* `loge` with no command: the full-screen interface. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/db.h"
#include "core/user.h"
#include "core/xalloc.h"
#include "tui/tui.h"

static int
tui_main(struct cli *cli, int argc, char **argv)
{
	struct db *db;
	struct user who;
	char *node, *demo, *label;
	int rc;

	cli->quiet_user = 1;
	if (cli_open(cli, 0, &db, &who) != 0)
		return 1;
	node = db_meta_get(db, "node_id");
	demo = db_meta_get(db, "demo");
	label = xasprintf("%s%.8s", demo ? "démo " : "", node ? node : "?");
	rc = tui_run(db, &who, label, *cli->user_how ? cli->user_how : NULL);
	free(label);
	free(node);
	free(demo);
	user_clear(&who);
	db_close(db);
	return rc;
}

const struct cli_cmd cmd_tui = {
	"", "", "ouvre l'interface plein écran", "", tui_main,
};
