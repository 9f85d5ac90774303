/* The Synchronisation screens (key y, from anywhere): for supervisors,
 * admin and auditor on the hub, the sessions of their agency and, for one
 * session, its conflicts (to acknowledge or restore) and its refusals;
 * for a gardien, or anyone on a node, their refused changes and how many
 * wait to be sent. */
#ifndef LOGE_TUI_VIEW_SYNCLOG_H
#define LOGE_TUI_VIEW_SYNCLOG_H

#include "tui/view.h"

/* The screen key y opens for t's user and database; NULL, with the
 * status line saying why, when there is none for them. */
const struct view_ops *view_synclog_choose(struct tui *t);

extern const struct view_ops view_sessions_ops, view_session_ops, view_refused_ops;

#endif
