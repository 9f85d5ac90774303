/* The full-screen interface. */
#ifndef LOGE_TUI_H
#define LOGE_TUI_H

struct db;
struct user;

/* Runs the TUI until the user quits; returns an exit status. `notice`, if
 * not NULL, is shown on the status line until the first key (how the user
 * was chosen, when it was implicit). */
int tui_run(struct db *db, const struct user *who, const char *node_label,
    const char *notice);

#endif
