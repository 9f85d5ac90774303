/* loge: dispatches to the subcommand named on the command line; with none,
 * opens the TUI. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/audit.h"
#include "core/version.h"

static const struct cli_cmd *const cmds[] = {
	&cmd_demo, &cmd_import, &cmd_export, &cmd_sync, &cmd_sync_server, &cmd_synclog,
	&cmd_serve, &cmd_user, &cmd_inspection, &cmd_attach, &cmd_referential,
	&cmd_report,
	&cmd_retention, &cmd_tenant,
	&cmd_roles,
	&cmd_audit,
};

#define NCMDS (sizeof cmds / sizeof cmds[0])

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage : loge [--db FICHIER] [--user LOGIN] [COMMANDE [ARGUMENTS]]\n\n"
	    "Sans commande, loge ouvre l'interface plein écran.\n\nCommandes :\n");
	for (i = 0; i < NCMDS; i++)
		fprintf(f, "  %-10s %s\n", cmds[i]->name, cmds[i]->summary);
	fprintf(f, "\nOptions :\n"
	    "  --db FICHIER    base à utiliser (défaut : $XDG_DATA_HOME/loge/loge.db)\n"
	    "  --user LOGIN    agir en tant que cet utilisateur\n"
	    "  -h, --help      cette aide ; loge COMMANDE --help pour une commande\n"
	    "  -V, --version   version de Loge\n"
	    "\nVoir loge(1).\n");
}

static const struct cli_cmd *
find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < NCMDS; i++)
		if (strcmp(cmds[i]->name, name) == 0)
			return cmds[i];
	return NULL;
}

int
main(int argc, char **argv)
{
	struct cli cli = {NULL, NULL, 0, ""};
	const struct cli_cmd *cmd;
	int i;

	/* Global options stand before the command; the command itself also
	 * takes --db and --user, anywhere among its arguments. */
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
			printf("loge %s (schéma de base %d)\n", LOGE_VERSION, loge_schema_version());
			return 0;
		} else if (strcmp(a, "--db") == 0 || strcmp(a, "--user") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr, "loge : l'option %s demande une valeur\n", a);
				return EXIT_USAGE;
			}
			*(a[2] == 'd' ? &cli.db_path : &cli.user) = argv[++i];
		} else if (strncmp(a, "--db=", 5) == 0) {
			cli.db_path = a + 5;
		} else if (strncmp(a, "--user=", 7) == 0) {
			cli.user = a + 7;
		} else if (a[0] == '-') {
			fprintf(stderr, "loge : option inconnue « %s » (loge --help)\n", a);
			return EXIT_USAGE;
		} else {
			cmd = find_cmd(a);
			if (cmd == NULL) {
				fprintf(stderr, "loge : commande inconnue « %s » "
				    "(loge --help pour la liste)\n", a);
				return EXIT_USAGE;
			}
			audit_set_screen_command(cmd->name);
			return cmd->run(&cli, argc - i, argv + i);
		}
	}
	{
		char *tui_argv[] = {(char *)"loge", NULL};
		return cmd_tui.run(&cli, 1, tui_argv);
	}
}
