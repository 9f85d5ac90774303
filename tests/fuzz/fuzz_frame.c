/* libFuzzer target for the frame layer (sync/json.c): any bytes either are
 * refused with a message, or parse into a tree whose canonical text parses
 * again and writes back to the same bytes. Run with `make fuzz`. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *
fuzz_write(const cJSON *tree)
{
	struct buf b;

	buf_init(&b);
	json_write(&b, tree);
	return buf_steal(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *tree = NULL, *again = NULL;
	char *w1 = NULL, *w2 = NULL;
	struct err e;

	err_clear(&e);
	if (json_parse((const char *)data, size, &tree, &e) != 0) {
		if (tree != NULL || e.msg[0] == '\0')
			abort();	/* a refusal leaves no tree and says why */
		return 0;
	}
	w1 = fuzz_write(tree);
	if (json_parse(w1, strlen(w1), &again, &e) != 0) {
		fprintf(stderr, "canonical text refused: %s\n%s\n", e.msg, w1);
		abort();
	}
	w2 = fuzz_write(again);
	if (strcmp(w1, w2) != 0) {
		fprintf(stderr, "not idempotent:\n%s\n%s\n", w1, w2);
		abort();
	}
	free(w1);
	free(w2);
	cJSON_Delete(tree);
	cJSON_Delete(again);
	return 0;
}
