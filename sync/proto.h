/* The sync protocol's frames (man/loge-sync.5): sending, receiving and
 * checking them against one table of frame types and their members, so
 * that a frame is refused before anything reads it. */
#ifndef LOGE_SYNC_PROTO_H
#define LOGE_SYNC_PROTO_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "core/err.h"

struct link;

/* 2: the welcome may bring the node's numbering tag (core/numbering.h).
 * The hub still serves a node of PROTO_VERSION_MIN, at that version
 * (without the tag, which its frame checks would refuse). */
#define PROTO_VERSION 2
#define PROTO_VERSION_MIN 1
#define PROTO_BATCH_OPS 500
#define PROTO_BATCH_BYTES (1024 * 1024 - 4096) /* room for the envelope */
#define PROTO_SKEW_WARN_MS 2000
#define PROTO_QUARANTINE_MS (5 * 60 * 1000)

/* Reads one frame and checks it: its type must be one of the
 * comma-separated `types` ("push,pull,end"), its members those of the
 * type. An "error" frame from the peer becomes -1 with the peer's message.
 * 1 a frame (*out, the caller frees with cJSON_Delete), 0 clean end of
 * stream, -1 error. */
int proto_recv(struct link *l, const char *types, cJSON **out, struct err *e);
/* Writes frame (and frees it). */
int proto_send(struct link *l, cJSON *frame, struct err *e);
/* Sends {"t":"error","code":code,"message":msg}; errors are ignored (the
 * session is ending anyway). */
void proto_send_error(struct link *l, const char *code, const char *msg);
/* A new frame object of type t. */
cJSON *proto_frame(const char *t);
void proto_add_int(cJSON *o, const char *key, int64_t v);
void proto_add_str(cJSON *o, const char *key, const char *s);
/* The frame's type ("hello"). */
const char *proto_type(const cJSON *frame);
/* SHA-256 (hex) of the canonical text of item. */
void proto_digest(const cJSON *item, char hex[65]);

#endif
