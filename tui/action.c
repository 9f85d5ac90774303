#include "tui/action.h"

#include <stdio.h>
#include <string.h>

#include "tui/draw.h"

static const char *const action_helps[A_COUNT] = {
	[A_NONE] = "",
#define X(name, label, help) [A_##name] = help,
	TUI_ACTIONS(X)
#undef X
};

static const char *const action_labels[A_COUNT] = {
	[A_NONE] = "",
#define X(name, label, help) [A_##name] = label,
	TUI_ACTIONS(X)
#undef X
};

struct keybind {
	int key;
	const char *label;
	enum tui_action action;
};

/* The default key map. Letters first: function keys are only extras. */
static const struct keybind keymap[] = {
	{'q', "q", A_BACK}, {K_ESC, "Échap", A_BACK},
	{'Q', "Q", A_QUIT},
	{'?', "?", A_HELP},
	{'j', "j", A_DOWN}, {K_DOWN, "Bas", A_DOWN},
	{'k', "k", A_UP}, {K_UP, "Haut", A_UP},
	{'f', "f", A_PAGE_DOWN}, {' ', "Espace", A_PAGE_DOWN}, {K_PGDN, "PgDn", A_PAGE_DOWN},
	{'b', "b", A_PAGE_UP}, {K_PGUP, "PgUp", A_PAGE_UP},
	{'g', "g", A_FIRST}, {K_HOME, "Début", A_FIRST},
	{'G', "G", A_LAST}, {K_END, "Fin", A_LAST},
	{'L' - 64, "Ctrl-L", A_REDRAW},
	{'o', "o", A_OPEN}, {K_ENTER, "Entrée", A_OPEN}, {K_RIGHT, "Droite", A_OPEN},
	{'/', "/", A_SEARCH}, {'s', "s", A_SEARCH},
	{'l', "l", A_LOGBOOK_ADD},
	{'m', "m", A_LOGBOOK},
	{'h', "h", A_HISTORY},
	{'e', "e", A_EDIT},
	{'a', "a", A_ALL_DWELLINGS},
	{'F', "F", A_OPEN_SHEET},
	{'y', "y", A_SYNCLOG},
	{'v', "v", A_SETTLE_ACK},
	{'r', "r", A_SETTLE_RESTORE},
	{'i', "i", A_INSPECTIONS},
	{'d', "d", A_ROUNDS},
	{'z', "z", A_REFERENTIAL},
	{'c', "c", A_CLAIM_NEW},
	{'w', "w", A_CLAIMS},
	{'t', "t", A_DASHBOARD},
	{'W', "W", A_WORK_ORDER_NEW},
	{'p', "p", A_WORK_ORDERS},
	{'u', "u", A_AUDIT},
};

#define NKEYMAP (sizeof keymap / sizeof keymap[0])

const char *
action_help(enum tui_action a)
{
	return a > A_NONE && a < A_COUNT ? action_helps[a] : "";
}

int
action_is_movement(enum tui_action a)
{
	return a == A_DOWN || a == A_UP || a == A_PAGE_DOWN || a == A_PAGE_UP ||
	    a == A_FIRST || a == A_LAST || a == A_REDRAW;
}

const char *
action_label(enum tui_action a)
{
	return a > A_NONE && a < A_COUNT ? action_labels[a] : "";
}

const char *
action_key(enum tui_action a)
{
	size_t i;

	for (i = 0; i < NKEYMAP; i++)
		if (keymap[i].action == a)
			return keymap[i].label;
	return "";
}

enum tui_action
action_for_key(int key)
{
	size_t i;

	for (i = 0; i < NKEYMAP; i++)
		if (keymap[i].key == key)
			return keymap[i].action;
	return A_NONE;
}

const char *
action_keys(enum tui_action a)
{
	static char out[64];
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < NKEYMAP; i++) {
		if (keymap[i].action != a)
			continue;
		len += (size_t)snprintf(out + len, sizeof out - len, "%s%s",
		    len ? ", " : "", keymap[i].label);
		if (len >= sizeof out)
			break;
	}
	return out;
}
