/* Doing a round (tui/view_round.c), opened from the rounds list and
 * from the home screen alike. */
#ifndef LOGE_TUI_VIEW_ROUND_H
#define LOGE_TUI_VIEW_ROUND_H

struct tui;

/* Starts who's round of the template, or resumes who's unfinished run,
 * and opens it; 0, or -1 with the message set. */
int view_round_begin(struct tui *t, const char *template_id);

#endif
