#include "sync/json.h"

#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

#define JNUM_TMP 40		/* an int64 or a %.17g double, with room */
#define JSON_2P53 9007199254740992.0
#define JP_KEY_SHOWN 60		/* bytes of a key quoted in a message */

/* The reader: the frame, where it is, how deep. */
struct jp {
	const char *s;
	size_t len;
	size_t pos;
	int depth;
	struct err *e;
};

/* A member of an object being read, kept to find a key given twice. */
struct jp_key {
	const char *key;
	size_t off;
};

/* The escapes of JSON strings: the byte and the letter after '\'. The
 * reader uses every row; the writer never meets '/' (it writes it as is). */
static const struct {
	char raw;
	char esc;
} json_escapes[] = {
	{'"', '"'}, {'\\', '\\'}, {'/', '/'}, {'\b', 'b'}, {'\f', 'f'},
	{'\n', 'n'}, {'\r', 'r'}, {'\t', 't'},
};

/* The literals a value may be, and the node each one makes. */
static const struct {
	const char *word;
	cJSON *(*make)(void);
} json_literals[] = {
	{"true", cJSON_CreateTrue},
	{"false", cJSON_CreateFalse},
	{"null", cJSON_CreateNull},
};

static int jp_value(struct jp *, cJSON **);
static int jp_fail(struct jp *, size_t, const char *, ...)
    __attribute__((format(printf, 3, 4)));

/* A broken invariant in code that builds trees: not a frame error. */
static void
json_bug(const char *what)
{
	fprintf(stderr, "loge: json: %s\n", what);
	abort();
}

/* cJSON's allocators may fail; like xmalloc, stop cleanly instead. */
static cJSON *
json_node(cJSON *n)
{
	if (n == NULL) {
		fprintf(stderr, "loge: out of memory (cJSON node)\n");
		exit(1);
	}
	return n;
}

/* Returns memory cJSON_Delete can free (through cJSON's own hooks). */
static char *
json_alloc(size_t n)
{
	char *p = cJSON_malloc(n);

	if (p == NULL) {
		fprintf(stderr, "loge: out of memory (%zu bytes)\n", n);
		exit(1);
	}
	return p;
}

static char *
json_strndup(const char *s, size_t n)
{
	char *p = json_alloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* The TUI runs under the user's locale, where the decimal point may be a
 * comma; numbers on the wire are always read and written in "C". */
static locale_t
json_c_locale(void)
{
	static locale_t c;

	if (c == (locale_t)0)
		c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (c == (locale_t)0)
		json_bug("no C locale");
	return c;
}

static double
json_strtod(const char *s)
{
	locale_t old = uselocale(json_c_locale());
	double d = strtod(s, NULL);

	uselocale(old);
	return d;
}

/* The first of %.15g, %.16g, %.17g that reads back as d, into tmp: 0.1
 * stays "0.1", not "0.10000000000000001". */
static void
jnum_format(double d, char tmp[JNUM_TMP])
{
	locale_t old = uselocale(json_c_locale());
	int prec;

	for (prec = 15; prec <= 17; prec++) {
		snprintf(tmp, JNUM_TMP, "%.*g", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	uselocale(old);
}

static size_t
jnum_digits(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

/* Length of the JSON number at the start of s, 0 if there is none; *is_int
 * says it has neither fraction nor exponent. */
static size_t
jnum_scan(const char *s, size_t len, int *is_int)
{
	size_t i = 0, d;

	*is_int = 1;
	if (i < len && s[i] == '-')
		i++;
	if (i < len && s[i] == '0')
		i++;
	else if ((d = jnum_digits(s + i, len - i)) > 0)
		i += d;
	else
		return 0;
	if (i < len && s[i] == '.') {
		*is_int = 0;
		if ((d = jnum_digits(s + i + 1, len - i - 1)) == 0)
			return 0;
		i += 1 + d;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		*is_int = 0;
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		if ((d = jnum_digits(s + i, len - i)) == 0)
			return 0;
		i += d;
	}
	return i;
}

/* A byte that, right after a number, means the number was malformed ("01",
 * "1.2.3", "1e5e5") rather than followed by the next token. */
static int
jnum_char(char c)
{
	return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' ||
	    c == '+' || c == '-';
}

/* The value of n scanned bytes: 0, or -1 out of range (an integer outside
 * int64_t, a real that overflows). *dv is set for both kinds. */
static int
jnum_value(const char *s, size_t n, int is_int, int64_t *iv, double *dv)
{
	uint64_t u = 0, lim;
	size_t i, neg = s[0] == '-';
	char small[64], *z;

	if (!is_int) {
		z = n < sizeof small ? small : xmalloc(n + 1);
		memcpy(z, s, n);
		z[n] = '\0';
		*dv = json_strtod(z);
		if (z != small)
			free(z);
		return isfinite(*dv) ? 0 : -1;
	}
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (i = neg; i < n; i++) {
		if (u > (lim - (uint64_t)(s[i] - '0')) / 10)
			return -1;
		u = u * 10 + (uint64_t)(s[i] - '0');
	}
	if (neg)
		*iv = u == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)u;
	else
		*iv = (int64_t)u;
	*dv = (double)*iv;
	return 0;
}

/* A number node holding its text (n bytes at s) and value. */
static cJSON *
jnum_node(const char *s, size_t n, double d)
{
	cJSON *item = json_node(cJSON_CreateNumber(d));

	item->valuestring = json_strndup(s, n);
	return item;
}

/* The text json_write gives a number: its own while it still reads as
 * valuedouble, else one made from the double into tmp; NULL if the double
 * is not finite. */
static const char *
jnum_text(const cJSON *item, char tmp[JNUM_TMP])
{
	const char *vs = item->valuestring;
	double d = item->valuedouble, dv;
	int64_t iv;
	int is_int;
	size_t n;

	if (vs != NULL && (n = strlen(vs)) > 0 && jnum_scan(vs, n, &is_int) == n &&
	    jnum_value(vs, n, is_int, &iv, &dv) == 0 && dv == d)
		return vs;
	if (!isfinite(d))
		return NULL;
	if (d == floor(d) && fabs(d) < JSON_2P53)
		snprintf(tmp, JNUM_TMP, "%" PRId64, (int64_t)d);
	else
		jnum_format(d, tmp);
	return tmp;
}

/* Sets e to a frame error at byte off; returns -1. */
static int
jp_fail(struct jp *p, size_t off, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return err_set(p->e, "trame invalide : %s (octet %zu)", what, off);
}

static int
jp_peek(const struct jp *p)
{
	return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static void
jp_ws(struct jp *p)
{
	int c;

	while ((c = jp_peek(p)) == ' ' || c == '\t' || c == '\n' || c == '\r')
		p->pos++;
}

/* Consumes c, or fails with what was expected instead ("« : » attendu"). */
static int
jp_expect(struct jp *p, int c, const char *expected)
{
	if (jp_peek(p) == c) {
		p->pos++;
		return 0;
	}
	if (p->pos >= p->len)
		return jp_fail(p, p->pos, "fin de trame inattendue, %s", expected);
	return jp_fail(p, p->pos, "%s", expected);
}

static int
jp_hex4(const char *s, size_t avail, uint32_t *v)
{
	size_t i;
	int c;

	*v = 0;
	if (avail < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		c = (unsigned char)s[i];
		if (c >= '0' && c <= '9')
			c -= '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			c = (c | 0x20) - 'a' + 10;
		else
			return -1;
		*v = (*v << 4) | (uint32_t)c;
	}
	return 0;
}

/* Decodes \uXXXX (and the low half of a surrogate pair) at *i, before end,
 * as UTF-8 at *o; advances both. */
static int
jp_unicode(struct jp *p, size_t *i, size_t end, char **o)
{
	size_t at = *i;
	uint32_t cp, lo;

	if (jp_hex4(p->s + at + 2, end - at - 2, &cp) != 0)
		return jp_fail(p, at, "échappement \\u invalide");
	*i = at + 6;
	if (cp == 0)
		return jp_fail(p, at, "\\u0000 interdit");
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return jp_fail(p, at, "surrogate \\u%04X non apparié", (unsigned)cp);
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (end - *i < 6 || p->s[*i] != '\\' || p->s[*i + 1] != 'u' ||
		    jp_hex4(p->s + *i + 2, 4, &lo) != 0 || lo < 0xdc00 || lo > 0xdfff)
			return jp_fail(p, at, "surrogate \\u%04X non apparié", (unsigned)cp);
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		*i += 6;
	}
	*o += utf8_encode(cp, *o);
	return 0;
}

/* Decodes the escape at *i (on its backslash) onto *o. */
static int
jp_escape(struct jp *p, size_t *i, size_t end, char **o)
{
	char c = p->s[*i + 1];
	size_t k;

	if (c == 'u')
		return jp_unicode(p, i, end, o);
	for (k = 0; k < sizeof json_escapes / sizeof json_escapes[0]; k++) {
		if (json_escapes[k].esc == c) {
			*(*o)++ = json_escapes[k].raw;
			*i += 2;
			return 0;
		}
	}
	return jp_fail(p, *i, "échappement invalide");
}

/* Reads the string whose opening quote is at p->pos into *out, memory the
 * cJSON tree will free. The frame is already known to be valid UTF-8 with
 * no NUL, so bytes from 0x20 up are copied as they are. */
static int
jp_string(struct jp *p, char **out)
{
	size_t start = p->pos, end, i;
	char *o, *str;

	*out = NULL;
	for (end = start + 1; end < p->len && p->s[end] != '"'; end++)
		if (p->s[end] == '\\')
			end++;
	if (end >= p->len)
		return jp_fail(p, start, "chaîne non terminée");
	o = str = json_alloc(end - start);	/* escapes only shrink */
	for (i = start + 1; i < end;) {
		if ((unsigned char)p->s[i] < 0x20) {
			jp_fail(p, i, "caractère de contrôle 0x%02x dans une chaîne",
			    (unsigned char)p->s[i]);
			goto fail;
		}
		if (p->s[i] != '\\')
			*o++ = p->s[i++];
		else if (jp_escape(p, &i, end, &o) != 0)
			goto fail;
	}
	*o = '\0';
	p->pos = end + 1;
	*out = str;
	return 0;
fail:
	cJSON_free(str);
	return -1;
}

static int
jp_string_node(struct jp *p, cJSON **out)
{
	char *s;

	if (jp_string(p, &s) != 0)
		return -1;
	*out = json_node(cJSON_CreateString(""));
	cJSON_free((*out)->valuestring);
	(*out)->valuestring = s;
	return 0;
}

static int
jp_number(struct jp *p, cJSON **out)
{
	const char *s = p->s + p->pos;
	size_t at = p->pos, n;
	int64_t iv;
	double dv;
	int is_int;

	n = jnum_scan(s, p->len - at, &is_int);
	if (n == 0 || (at + n < p->len && jnum_char(s[n])))
		return jp_fail(p, at, "nombre invalide");
	if (jnum_value(s, n, is_int, &iv, &dv) != 0)
		return jp_fail(p, at, "nombre hors limites");
	*out = jnum_node(s, n, dv);
	p->pos += n;
	return 0;
}

static int
jp_literal(struct jp *p, cJSON **out)
{
	size_t k, n;

	for (k = 0; k < sizeof json_literals / sizeof json_literals[0]; k++) {
		n = strlen(json_literals[k].word);
		if (p->len - p->pos >= n &&
		    memcmp(p->s + p->pos, json_literals[k].word, n) == 0) {
			*out = json_node(json_literals[k].make());
			p->pos += n;
			return 0;
		}
	}
	if (p->pos >= p->len)
		return jp_fail(p, p->pos, "fin de trame inattendue, valeur attendue");
	return jp_fail(p, p->pos, "valeur attendue");
}

/* A key as a message shows it: escaped as on the wire, cut at a character
 * boundary after JP_KEY_SHOWN bytes. */
static void
jp_shown(const char *key, char out[JP_KEY_SHOWN + 8])
{
	struct buf b;
	size_t n;

	buf_init(&b);
	jw_str(&b, key);
	n = b.len - 2;
	if (n > JP_KEY_SHOWN) {
		n = JP_KEY_SHOWN;
		while (n > 0 && ((unsigned char)b.data[1 + n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(out, b.data + 1, n);
	strcpy(out + n, n < b.len - 2 ? "…" : "");
	buf_free(&b);
}

static int
jp_key_cmp(const void *a, const void *b)
{
	const struct jp_key *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* Fails on the first key, in the order of the frame, that an earlier
 * member of the same object already had. Sorting keeps a 1 MiB object of
 * distinct keys from costing n^2 comparisons. */
static int
jp_dupkeys(struct jp *p, struct jp_key *keys, size_t n)
{
	struct jp_key *dup = NULL;
	char name[JP_KEY_SHOWN + 8];
	size_t i;

	if (n < 2)
		return 0;
	qsort(keys, n, sizeof *keys, jp_key_cmp);
	for (i = 1; i < n; i++)
		if (strcmp(keys[i - 1].key, keys[i].key) == 0 &&
		    (dup == NULL || keys[i].off < dup->off))
			dup = &keys[i];
	if (dup == NULL)
		return 0;
	jp_shown(dup->key, name);
	return jp_fail(p, dup->off, "clé « %s » en double", name);
}

/* Reads one member ("key":value) and appends it to obj. */
static int
jp_member(struct jp *p, cJSON *obj, struct jp_key *key)
{
	cJSON *item = NULL;
	char *k;

	jp_ws(p);
	key->off = p->pos;
	if (jp_peek(p) != '"')
		return jp_expect(p, '"', "clé attendue");
	if (jp_string(p, &k) != 0)
		return -1;
	jp_ws(p);
	if (jp_expect(p, ':', "« : » attendu") == 0) {
		jp_ws(p);
		jp_value(p, &item);
	}
	if (item == NULL) {
		cJSON_free(k);
		return -1;
	}
	item->string = k;
	cJSON_AddItemToArray(obj, item);
	key->key = k;
	return 0;
}

static int
jp_object(struct jp *p, cJSON **out)
{
	cJSON *obj = json_node(cJSON_CreateObject());
	struct jp_key *keys = NULL;
	size_t n = 0, cap = 0;
	int rc = -1;

	p->pos++;
	jp_ws(p);
	if (jp_peek(p) != '}') {
		for (;;) {
			if (n == cap) {
				cap = cap ? cap * 2 : 8;
				keys = xreallocarray(keys, cap, sizeof *keys);
			}
			if (jp_member(p, obj, &keys[n]) != 0)
				goto out;
			n++;
			jp_ws(p);
			if (jp_peek(p) != ',')
				break;
			p->pos++;
		}
	}
	if (jp_expect(p, '}', "« , » ou « } » attendu") == 0)
		rc = jp_dupkeys(p, keys, n);
out:
	free(keys);
	if (rc != 0) {
		cJSON_Delete(obj);
		obj = NULL;
	}
	*out = obj;
	return rc;
}

static int
jp_array(struct jp *p, cJSON **out)
{
	cJSON *arr = json_node(cJSON_CreateArray()), *item;

	p->pos++;
	jp_ws(p);
	if (jp_peek(p) != ']') {
		for (;;) {
			jp_ws(p);
			if (jp_value(p, &item) != 0)
				goto fail;
			cJSON_AddItemToArray(arr, item);
			jp_ws(p);
			if (jp_peek(p) != ',')
				break;
			p->pos++;
		}
	}
	if (jp_expect(p, ']', "« , » ou « ] » attendu") != 0)
		goto fail;
	*out = arr;
	return 0;
fail:
	cJSON_Delete(arr);
	return -1;
}

/* Reads any value at p->pos; containers count against the depth before
 * they are entered, so a frame of 100000 '[' stops at the ninth. */
static int
jp_value(struct jp *p, cJSON **out)
{
	int c = jp_peek(p), rc;

	*out = NULL;
	if (c == '{' || c == '[') {
		if (p->depth == JSON_MAX_DEPTH)
			return jp_fail(p, p->pos, "imbrication trop profonde (plus de %d niveaux)",
			    JSON_MAX_DEPTH);
		p->depth++;
		rc = c == '{' ? jp_object(p, out) : jp_array(p, out);
		p->depth--;
		return rc;
	}
	if (c == '"')
		return jp_string_node(p, out);
	if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'))
		return jp_number(p, out);
	return jp_literal(p, out);
}

int
json_parse(const char *text, size_t len, cJSON **out, struct err *e)
{
	struct jp p = {text, len, 0, 0, e};
	size_t bad;

	*out = NULL;
	if (len > JSON_MAX_FRAME)
		return err_set(e, "trame invalide : trop longue (%zu octets, au plus %d)",
		    len, JSON_MAX_FRAME);
	bad = utf8_invalid_at(text, len);
	if (bad < len)
		return jp_fail(&p, bad, "%s", text[bad] == '\0' ? "octet NUL" : "UTF-8 invalide");
	if (len == 0 || text[0] != '{')
		return jp_fail(&p, 0, "la trame doit être un objet JSON");
	if (jp_value(&p, out) != 0)
		return -1;
	if (p.pos != len) {
		cJSON_Delete(*out);
		*out = NULL;
		return jp_fail(&p, p.pos, "caractères en trop après l'objet");
	}
	return 0;
}

int
json_int(const cJSON *item, int64_t *out)
{
	char tmp[JNUM_TMP];
	const char *t;
	int is_int;
	size_t n;
	double dv;

	if (!cJSON_IsNumber(item) || (t = jnum_text(item, tmp)) == NULL)
		return -1;
	n = strlen(t);
	if (jnum_scan(t, n, &is_int) != n || !is_int)
		return -1;
	return jnum_value(t, n, 1, out, &dv);
}

int
json_real(const cJSON *item, double *out)
{
	if (!cJSON_IsNumber(item) || !isfinite(item->valuedouble))
		return -1;
	*out = item->valuedouble;
	return 0;
}

const char *
json_str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

int
json_get_int(const cJSON *obj, const char *key, int64_t *out)
{
	return json_int(cJSON_GetObjectItemCaseSensitive(obj, key), out);
}

cJSON *
json_new_int(int64_t v)
{
	char tmp[JNUM_TMP];
	int n = snprintf(tmp, sizeof tmp, "%" PRId64, v);

	return jnum_node(tmp, (size_t)n, (double)v);
}

/* The text of a real: as jnum_format, with ".0" added when it would
 * otherwise read as an integer. Aborts on NaN or infinity. */
static void
jreal_text(double v, char tmp[JNUM_TMP])
{
	if (!isfinite(v))
		json_bug("non-finite real");
	jnum_format(v, tmp);
	if (strpbrk(tmp, ".e") == NULL)
		strcat(tmp, ".0");
}

cJSON *
json_new_real(double v)
{
	char tmp[JNUM_TMP];

	jreal_text(v, tmp);
	return jnum_node(tmp, strlen(tmp), v);
}

/* Appends the escape of control or quoting byte c. */
static void
jw_escape(struct buf *b, unsigned char c)
{
	size_t k;

	for (k = 0; k < sizeof json_escapes / sizeof json_escapes[0]; k++) {
		if ((unsigned char)json_escapes[k].raw == c) {
			buf_addc(b, '\\');
			buf_addc(b, json_escapes[k].esc);
			return;
		}
	}
	buf_printf(b, "\\u%04x", c);
}

void
jw_str(struct buf *b, const char *s)
{
	size_t len = strlen(s), start = 0, i = 0;
	unsigned char c;
	uint32_t cp;
	int n;

	buf_addc(b, '"');
	while (i < len) {
		c = (unsigned char)s[i];
		if (c >= 0x80 && (n = utf8_decode(s + i, len - i, &cp)) > 0) {
			i += (size_t)n;
			continue;
		}
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		buf_add(b, s + start, i - start);
		if (c >= 0x80)
			buf_adds(b, "\xef\xbf\xbd");	/* U+FFFD for a bad byte */
		else
			jw_escape(b, c);
		start = ++i;
	}
	buf_add(b, s + start, i - start);
	buf_addc(b, '"');
}

void
jw_int(struct buf *b, int64_t v)
{
	buf_printf(b, "%" PRId64, v);
}

void
jw_real(struct buf *b, double v)
{
	char tmp[JNUM_TMP];

	jreal_text(v, tmp);
	buf_adds(b, tmp);
}

static void
jw_container(struct buf *b, const cJSON *item)
{
	int obj = cJSON_IsObject(item);
	const cJSON *c;

	buf_addc(b, obj ? '{' : '[');
	for (c = item->child; c != NULL; c = c->next) {
		if (c != item->child)
			buf_addc(b, ',');
		if (obj) {
			if (c->string == NULL)
				json_bug("object member without a key");
			jw_str(b, c->string);
			buf_addc(b, ':');
		}
		json_write(b, c);
	}
	buf_addc(b, obj ? '}' : ']');
}

void
json_write(struct buf *b, const cJSON *item)
{
	char tmp[JNUM_TMP];
	const char *t;

	switch (item->type & 0xff) {
	case cJSON_False:
		buf_adds(b, "false");
		break;
	case cJSON_True:
		buf_adds(b, "true");
		break;
	case cJSON_NULL:
		buf_adds(b, "null");
		break;
	case cJSON_Number:
		if ((t = jnum_text(item, tmp)) == NULL)
			json_bug("non-finite number");
		buf_adds(b, t);
		break;
	case cJSON_String:
		if (item->valuestring == NULL)
			json_bug("string node without a value");
		jw_str(b, item->valuestring);
		break;
	case cJSON_Array:
	case cJSON_Object:
		jw_container(b, item);
		break;
	default:
		json_bug("cJSON node of an unexpected type");
	}
}
