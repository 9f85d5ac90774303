/* The one form layer: every field a screen lets you change is edited
 * here, from its descriptor in core/field.h (type, range, choices,
 * permission). Enter or Ctrl-S saves in one transaction; a refusal says
 * why in place and keeps what was typed; Esc cancels, asking first if
 * something was changed. */
#ifndef LOGE_FORM_H
#define LOGE_FORM_H

struct tui;

/* Opens the form for field_id on row_id; on save, the screens below are
 * reloaded. */
void form_edit(struct tui *t, const char *field_id, const char *row_id);

#endif
