#include "version.h"

#include "schema.h"

int
loge_schema_version(void)
{
	return schema_latest();
}
