#ifndef LOGE_VERSION_H
#define LOGE_VERSION_H

#define LOGE_VERSION "0.1.0"

/* The database schema this build writes (same as schema_latest()). */
int loge_schema_version(void);

#endif
