/* The RGPD hint after free text is saved: the screens call it once the
 * text is in the database, so it never blocks or loses anything. */
#ifndef LOGE_TUI_PRIVACY_NOTE_H
#define LOGE_TUI_PRIVACY_NOTE_H

struct tui;

/* If text looks like it holds sensitive data (core/privacy.h), replaces
 * the status line with "Enregistré. Attention : « … » ressemble à …";
 * otherwise leaves the screen's own message. Returns 1 if it warned. */
int tui_privacy_note(struct tui *t, const char *text);

#endif
