/* Frames of the sync protocol (see proto.h). */
#include "proto.h"

#include <stdlib.h>
#include <string.h>

#include "core/sha256.h"
#include "core/xalloc.h"
#include "json.h"
#include "link.h"

enum mtype { M_INT, M_STR, M_ARR, M_OBJ, M_ANY };

struct member {
	const char *key;
	enum mtype type;
	int required;
};

#define MEMBERS_MAX 12

struct frame_spec {
	const char *type;
	struct member members[MEMBERS_MAX];
};

/* Every frame and its members; "t" is implied. */
static const struct frame_spec specs[] = {
	{"hello", {{"v", M_INT, 1}, {"node", M_STR, 1}, {"schema", M_INT, 1}, {"seq", M_INT, 1},
	    {"cursor", M_INT, 1}, {"clock", M_INT, 1}, {"token", M_STR, 0}, {"bundle", M_INT, 0},
	    {"scope", M_ARR, 0}}},
	{"welcome", {{"v", M_INT, 1}, {"schema", M_INT, 1}, {"clock", M_INT, 1},
	    {"acked", M_INT, 1}, {"scope", M_ARR, 1}, {"token", M_STR, 1}, {"head", M_INT, 1},
	    {"user", M_STR, 1}, {"warning", M_STR, 0}, {"resync", M_INT, 0},
	    {"tag", M_STR, 0}}},
	{"push", {{"batch", M_INT, 1}, {"ops", M_ARR, 1}}},
	{"results", {{"batch", M_INT, 1}, {"results", M_ARR, 1}}},
	{"pull", {{"cursor", M_INT, 1}}},
	{"snapshot", {{"sectors", M_ARR, 1}, {"table", M_STR, 0}, {"after", M_STR, 0}}},
	{"changes", {{"from", M_INT, 1}, {"to", M_INT, 1}, {"head", M_INT, 1},
	    {"sum", M_STR, 1}, {"rows", M_ARR, 1}, {"table", M_STR, 0}, {"after", M_STR, 0},
	    {"snapshot", M_INT, 0}}},
	{"offer", {{"files", M_ARR, 1}}},
	{"need", {{"files", M_ARR, 1}, {"have", M_ARR, 1}, {"stored", M_ARR, 1},
	    {"bad", M_ARR, 1}}},
	{"blob", {{"sha256", M_STR, 1}, {"size", M_INT, 1}, {"offset", M_INT, 1},
	    {"data", M_STR, 1}}},
	{"want", {{"files", M_ARR, 1}}},
	{"have", {{"missing", M_ARR, 1}}},
	{"end", {{"summary", M_OBJ, 0}}},
	{"error", {{"code", M_STR, 1}, {"message", M_STR, 1}}},
};

#define NSPECS (sizeof specs / sizeof specs[0])

static const struct frame_spec *
spec_find(const char *type)
{
	size_t i;

	for (i = 0; i < NSPECS; i++)
		if (strcmp(specs[i].type, type) == 0)
			return &specs[i];
	return NULL;
}

static int
member_ok(const cJSON *v, enum mtype t)
{
	int64_t i;

	switch (t) {
	case M_INT:
		return json_int(v, &i) == 0;
	case M_STR:
		return cJSON_IsString(v);
	case M_ARR:
		return cJSON_IsArray(v);
	case M_OBJ:
		return cJSON_IsObject(v);
	case M_ANY:
		return 1;
	}
	return 0;
}

static int
frame_check(const cJSON *f, const struct frame_spec *s, struct err *e)
{
	const cJSON *m;
	const struct member *mb;
	size_t i;

	for (m = f->child; m != NULL; m = m->next) {
		if (strcmp(m->string, "t") == 0)
			continue;
		for (i = 0; i < MEMBERS_MAX && s->members[i].key != NULL; i++)
			if (strcmp(s->members[i].key, m->string) == 0)
				break;
		if (i == MEMBERS_MAX || s->members[i].key == NULL)
			return err_set(e, "trame « %s » : membre inconnu « %.40s »", s->type,
			    m->string);
		if (!member_ok(m, s->members[i].type))
			return err_set(e, "trame « %s » : membre « %s » du mauvais type", s->type,
			    m->string);
	}
	for (mb = s->members; mb < s->members + MEMBERS_MAX && mb->key != NULL; mb++)
		if (mb->required && cJSON_GetObjectItemCaseSensitive(f, mb->key) == NULL)
			return err_set(e, "trame « %s » : membre « %s » manquant", s->type, mb->key);
	return 0;
}

/* Is type one of the comma-separated names? */
static int
type_listed(const char *types, const char *type)
{
	size_t n = strlen(type);
	const char *p = types;

	while ((p = strstr(p, type)) != NULL) {
		if ((p == types || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

int
proto_recv(struct link *l, const char *types, cJSON **out, struct err *e)
{
	const struct frame_spec *s;
	const char *line, *t;
	size_t len;
	cJSON *f;
	int rc;

	*out = NULL;
	rc = link_read_line(l, &line, &len, JSON_MAX_FRAME, e);
	if (rc <= 0)
		return rc;
	if (json_parse(line, len, &f, e) != 0)
		return -1;
	t = json_str(f, "t");
	if (t == NULL || (s = spec_find(t)) == NULL) {
		err_set(e, "trame de type inconnu « %.40s »", t ? t : "(aucun)");
		goto bad;
	}
	if (frame_check(f, s, e) != 0)
		goto bad;
	if (strcmp(t, "error") == 0) {
		err_set(e, "%s", json_str(f, "message"));
		goto bad;
	}
	if (!type_listed(types, t)) {
		err_set(e, "trame « %s » inattendue ici (attendu : %s)", t, types);
		goto bad;
	}
	*out = f;
	return 1;
bad:
	cJSON_Delete(f);
	return -1;
}

int
proto_send(struct link *l, cJSON *frame, struct err *e)
{
	struct buf b;
	int rc;

	buf_init(&b);
	json_write(&b, frame);
	buf_addc(&b, '\n');
	cJSON_Delete(frame);
	rc = link_write(l, b.data, b.len, e);
	buf_free(&b);
	return rc;
}

void
proto_send_error(struct link *l, const char *code, const char *msg)
{
	cJSON *f = proto_frame("error");
	struct err e;

	proto_add_str(f, "code", code);
	proto_add_str(f, "message", msg);
	proto_send(l, f, &e);
}

cJSON *
proto_frame(const char *t)
{
	cJSON *f = cJSON_CreateObject();

	if (f == NULL)
		abort();
	proto_add_str(f, "t", t);
	return f;
}

void
proto_add_int(cJSON *o, const char *key, int64_t v)
{
	cJSON_AddItemToObject(o, key, json_new_int(v));
}

void
proto_add_str(cJSON *o, const char *key, const char *s)
{
	cJSON_AddItemToObject(o, key, s ? cJSON_CreateString(s) : cJSON_CreateNull());
}

const char *
proto_type(const cJSON *frame)
{
	return json_str(frame, "t");
}

void
proto_digest(const cJSON *item, char hex[65])
{
	struct buf b;

	buf_init(&b);
	json_write(&b, item);
	sha256_hex(b.data ? b.data : "", b.len, hex);
	buf_free(&b);
}
