/* Shown as an error-styled status line so that it is noticed, though the
 * save itself went through. */
#include "tui/privacy_note.h"

#include <stdlib.h>

#include "core/privacy.h"
#include "tui/view.h"

int
tui_privacy_note(struct tui *t, const char *text)
{
	char *advice = privacy_advice(text);

	if (advice == NULL)
		return 0;
	tui_say(t, 1, " Enregistré. %.230s", advice);
	free(advice);
	return 1;
}
