/* Every action of the TUI, once: this X-macro makes the enum, the names
 * and the help lines, so that `?` can never disagree with dispatch. */
#ifndef LOGE_ACTION_H
#define LOGE_ACTION_H

#define TUI_ACTIONS(X) \
	X(BACK, "Retour", "Écran précédent (depuis l'accueil : quitter Loge)") \
	X(QUIT, "Quitter", "Quitter Loge") \
	X(HELP, "Aide", "Afficher les touches de cet écran") \
	X(DOWN, "Bas", "Ligne suivante") \
	X(UP, "Haut", "Ligne précédente") \
	X(PAGE_DOWN, "Page+", "Page suivante") \
	X(PAGE_UP, "Page-", "Page précédente") \
	X(FIRST, "Début", "Première ligne") \
	X(LAST, "Fin", "Dernière ligne") \
	X(REDRAW, "Redessiner", "Redessiner l'écran") \
	X(OPEN, "Ouvrir", "Ouvrir la ligne choisie") \
	X(SEARCH, "Chercher", "Chercher : logement, adresse, locataire, réclamation") \
	X(LOGBOOK_ADD, "Noter", "Noter à la main courante (lié à ce que montre l'écran)") \
	X(LOGBOOK, "Main courante", "Consulter la main courante, jour par jour") \
	X(HISTORY, "Historique", "Historique du logement, du bâtiment ou de la résidence") \
	X(EDIT, "Modifier", "Modifier le champ choisi") \
	X(ALL_DWELLINGS, "Logements", "Tous les logements de ce secteur, de cette résidence...") \
	X(OPEN_SHEET, "Fiche", "Ouvrir la fiche du logement concerné") \
	X(SYNCLOG, "Synchro", "Synchronisations, conflits, vos modifications refusées") \
	X(SETTLE_ACK, "Acquitter", "Acquitter le conflit : la valeur gardée reste") \
	X(SETTLE_RESTORE, "Rétablir", "Rétablir la valeur écartée (repart vers les postes)") \
	X(INSPECTIONS, "EDL", "États des lieux du logement : consulter, planifier") \
	X(ROUNDS, "Rondes", "Les rondes à faire et leur échéance") \
	X(CLAIM_NEW, "Réclamation", "Prendre une réclamation sur ce lieu") \
	X(CLAIMS, "Réclamations", "Les réclamations en cours du secteur ou de l'agence") \
	X(DASHBOARD, "Chiffres", "Tableau de bord : chiffres et tendances") \
	X(WORK_ORDER_NEW, "Intervention", "Commander une intervention sur ce lieu") \
	X(WORK_ORDERS, "Interventions", "Les bons de travaux du secteur ou de l'agence") \
	X(REFERENTIAL, "Référentiels", "Vétusté, prix, modèles d'EDL, urgences, rondes") \
	X(AUDIT, "Consultations", "Qui a consulté les données des locataires, et quand")

enum tui_action {
	A_NONE,
#define X(name, label, help) A_##name,
	TUI_ACTIONS(X)
#undef X
	A_COUNT
};

/* The help line of an action, and its one-word label for the key bar. */
const char *action_help(enum tui_action a);
const char *action_label(enum tui_action a);
/* The action bound to a key, A_NONE if none. */
enum tui_action action_for_key(int key);
/* The keys bound to an action, as text ("j, Bas"); static storage. */
const char *action_keys(enum tui_action a);
/* The first (letter) key of an action, as text; static storage. */
const char *action_key(enum tui_action a);
/* 1 for cursor movements (left out of the key bar). */
int action_is_movement(enum tui_action a);

#endif
