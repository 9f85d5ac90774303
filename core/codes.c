#include "codes.h"

#include <string.h>

int
codes_find(const char *const table[][2], size_t n, const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < n; i++)
		if (strcmp(table[i][0], code) == 0)
			return (int)i;
	return -1;
}

const char *
codes_label(const char *const table[][2], size_t n, const char *code, const char *unknown)
{
	int i = codes_find(table, n, code);

	return i >= 0 ? table[i][1] : code ? code : unknown;
}
