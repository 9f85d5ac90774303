/* loge roles: the permission matrix of core/perm.c, as people read it (one
 * row per field group, one column per role) or as CSV for scripts and the
 * role walk test. Needs no database: the table is the program's. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "core/perm.h"
#include "core/utf8.h"

static int cmd_roles_run(struct cli *, int, char **);

const struct cli_cmd cmd_roles = {
	"roles",
	"[--format txt|csv]",
	"affiche qui peut lire et modifier quoi, et sur quel périmètre",
	"Le tableau des droits : pour chaque groupe de données (en ligne) et\n"
	"chaque rôle (en colonne), « L+É » lecture et écriture, « L » lecture\n"
	"seule, « — » aucun accès ; puis le périmètre de chaque rôle (ses\n"
	"secteurs, son agence, tout le patrimoine) et qui contrôle sur place\n"
	"les travaux réalisés. Ce tableau est celui que consultent tous les\n"
	"écrans, commandes, exports et synchronisations.\n"
	"\n"
	"Options :\n"
	"  --format txt|csv    tableau texte (défaut) ou CSV séparé par « ; » :\n"
	"                      une ligne par groupe (nom, libellé, puis rw, r\n"
	"                      ou - par rôle), une ligne « check_work » (yes\n"
	"                      ou no : contrôle sur place des travaux) et une\n"
	"                      ligne « scope » (sectors, agency ou all)\n",
	cmd_roles_run,
};

/* The label column's width: the longest group label, in characters. */
static size_t
cmd_roles_label_width(void)
{
	size_t w = strlen("Données"), n;
	int g;

	for (g = 0; g < PG_COUNT; g++)
		if ((n = utf8_length(perm_group_label((enum perm_group)g))) > w)
			w = n;
	return w;
}

/* Prints s left-aligned on width characters (UTF-8 aware). */
static void
cmd_roles_cell(const char *s, size_t width)
{
	size_t n = utf8_length(s);

	fputs(s, stdout);
	while (n++ < width)
		putchar(' ');
}

static const char *
cmd_roles_mark(int rights, int csv)
{
	if (rights & PERM_WRITE)
		return csv ? "rw" : "L+É";
	if (rights & PERM_READ)
		return csv ? "r" : "L";
	return csv ? "-" : "—";
}

static void
cmd_roles_text(void)
{
	size_t lw = cmd_roles_label_width(), r, nroles = perm_role_count();
	int g;

	cmd_roles_cell("Données", lw);
	for (r = 0; r < nroles; r++)
		printf("  %s", perm_role_name(r));
	putchar('\n');
	for (g = 0; g < PG_COUNT; g++) {
		cmd_roles_cell(perm_group_label((enum perm_group)g), lw);
		/* The last column unpadded: no trailing blanks. */
		for (r = 0; r < nroles; r++) {
			fputs("  ", stdout);
			cmd_roles_cell(cmd_roles_mark(perm_rights(perm_role_name(r),
			    (enum perm_group)g), 0),
			    r + 1 < nroles ? strlen(perm_role_name(r)) : 0);
		}
		putchar('\n');
	}
	printf("\nL+É : lecture et écriture · L : lecture seule · — : aucun accès\n"
	    "\nPérimètre :\n");
	for (r = 0; r < nroles; r++) {
		fputs("  ", stdout);
		cmd_roles_cell(perm_role_name(r), 13);
		printf("%s\n", perm_scope_label(perm_scope(perm_role_name(r))));
	}
	printf("\nContrôle sur place des travaux réalisés :");
	for (r = 0; r < nroles; r++)
		if (perm_may_check_work(perm_role_name(r)))
			printf(" %s", perm_role_name(r));
	putchar('\n');
}

static void
cmd_roles_csv(void)
{
	static const char *const scope_names[] = {
		[PERM_SCOPE_NONE] = "none", [PERM_SCOPE_SECTORS] = "sectors",
		[PERM_SCOPE_AGENCY] = "agency", [PERM_SCOPE_ALL] = "all",
	};
	size_t r, nroles = perm_role_count();
	int g;

	printf("group;label");
	for (r = 0; r < nroles; r++)
		printf(";%s", perm_role_name(r));
	putchar('\n');
	for (g = 0; g < PG_COUNT; g++) {
		printf("%s;%s", perm_group_name((enum perm_group)g),
		    perm_group_label((enum perm_group)g));
		for (r = 0; r < nroles; r++)
			printf(";%s", cmd_roles_mark(perm_rights(perm_role_name(r),
			    (enum perm_group)g), 1));
		putchar('\n');
	}
	printf("check_work;Contrôle sur place des travaux réalisés");
	for (r = 0; r < nroles; r++)
		printf(";%s", perm_may_check_work(perm_role_name(r)) ? "yes" : "no");
	printf("\nscope;Périmètre");
	for (r = 0; r < nroles; r++)
		printf(";%s", scope_names[perm_scope(perm_role_name(r))]);
	putchar('\n');
}

static int
cmd_roles_run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{"format", required_argument, NULL, 'F'},
		{NULL, 0, NULL, 0},
	};
	int c, csv = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (cli_common(cli, &cmd_roles, c, optarg))
			continue;
		if (c == 'F' && (strcmp(optarg, "csv") == 0 || strcmp(optarg, "txt") == 0))
			csv = strcmp(optarg, "csv") == 0;
		else if (c == 'F')
			return cli_usage_error(&cmd_roles, "format inconnu « %s » (txt ou csv)",
			    optarg);
		else if (c == ':')
			return cli_usage_error(&cmd_roles, "l'option %s demande une valeur",
			    argv[optind - 1]);
		else
			return cli_usage_error(&cmd_roles, "option inconnue « %s »",
			    argv[optind - 1]);
	}
	if (optind < argc)
		return cli_usage_error(&cmd_roles, "argument inattendu « %s »", argv[optind]);
	if (csv)
		cmd_roles_csv();
	else
		cmd_roles_text();
	if (fflush(stdout) != 0 || ferror(stdout))
		return cli_fail("écriture impossible sur la sortie standard");
	return 0;
}
