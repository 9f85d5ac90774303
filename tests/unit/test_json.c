/* The frame layer: what json_parse refuses and why, what it keeps, and the
 * canonical writer (write, reparse, write again gives the same bytes). */
#include <locale.h>
#include <math.h>
#include <time.h>

#include "tests/unit/testutil.h"

#include "sync/json.h"

/* A frame given with its length, so NUL bytes can be part of it. */
struct frame {
	const char *text;
	size_t len;
	const char *msg;
};

#define F(s, m) {s, sizeof(s) - 1, m}

static char *
frame_write(const cJSON *tree)
{
	struct buf b;

	buf_init(&b);
	json_write(&b, tree);
	return buf_steal(&b);
}

static void
refuse(const char *text, size_t len, const char *msg)
{
	cJSON *tree = (cJSON *)1;
	struct err e;

	err_clear(&e);
	if (json_parse(text, len, &tree, &e) == 0)
		fail_msg("accepted: %.*s", (int)(len < 200 ? len : 200), text);
	assert_null(tree);
	assert_string_equal(e.msg, msg);
}

/* Parses text, checks the canonical form if want is not NULL, and that
 * writing is idempotent; returns the tree for more checks. */
static cJSON *
accept(const char *text, size_t len, const char *want)
{
	cJSON *tree = NULL, *again = NULL;
	char *w1, *w2;
	struct err e;

	err_clear(&e);
	if (json_parse(text, len, &tree, &e) != 0)
		fail_msg("refused: %s: %.*s", e.msg, (int)(len < 200 ? len : 200), text);
	w1 = frame_write(tree);
	if (want != NULL)
		assert_string_equal(w1, want);
	if (json_parse(w1, strlen(w1), &again, &e) != 0)
		fail_msg("canonical text refused: %s: %s", e.msg, w1);
	w2 = frame_write(again);
	assert_string_equal(w1, w2);
	cJSON_Delete(again);
	free(w1);
	free(w2);
	return tree;
}

static cJSON *
accept_str(const char *text, const char *want)
{
	return accept(text, strlen(text), want);
}

static void
accept_free(const char *text, const char *want)
{
	cJSON_Delete(accept(text, strlen(text), want));
}

static void
test_json_refusals(void **state)
{
	static const struct frame cases[] = {
		F("", "trame invalide : la trame doit être un objet JSON (octet 0)"),
		F("[1]", "trame invalide : la trame doit être un objet JSON (octet 0)"),
		F("\"x\"", "trame invalide : la trame doit être un objet JSON (octet 0)"),
		F("1", "trame invalide : la trame doit être un objet JSON (octet 0)"),
		F(" {}", "trame invalide : la trame doit être un objet JSON (octet 0)"),
		F("\xef\xbb\xbf{}", "trame invalide : la trame doit être un objet JSON (octet 0)"),
		/* whatever follows the object, the line feed included */
		F("{}\n", "trame invalide : caractères en trop après l'objet (octet 2)"),
		F("{}\r\n", "trame invalide : caractères en trop après l'objet (octet 2)"),
		F("{} ", "trame invalide : caractères en trop après l'objet (octet 2)"),
		F("{}{}", "trame invalide : caractères en trop après l'objet (octet 2)"),
		F("{\"a\":1}x", "trame invalide : caractères en trop après l'objet (octet 7)"),
		/* invalid UTF-8, inside strings or not */
		F("{\"a\":\"\xc0\xaf\"}", "trame invalide : UTF-8 invalide (octet 6)"),
		F("{\"a\":\"\xe0\x80\xaf\"}", "trame invalide : UTF-8 invalide (octet 6)"),
		F("{\"a\":\"\xed\xa0\x80\"}", "trame invalide : UTF-8 invalide (octet 6)"),
		F("{\"a\":\"\xf4\x90\x80\x80\"}", "trame invalide : UTF-8 invalide (octet 6)"),
		F("{\"a\":\"\xe2\x82\"}", "trame invalide : UTF-8 invalide (octet 6)"),
		F("{\"a\":\"x\xe2\x82", "trame invalide : UTF-8 invalide (octet 7)"),
		F("{\"\xff\":1}", "trame invalide : UTF-8 invalide (octet 2)"),
		F("{\"a\":\"Caf\xe9\"}", "trame invalide : UTF-8 invalide (octet 9)"),
		F("{\xc3\xa9}", "trame invalide : clé attendue (octet 1)"),
		/* NUL, raw or escaped */
		F("{\"a\":\"b\0\"}", "trame invalide : octet NUL (octet 7)"),
		F("{\0}", "trame invalide : octet NUL (octet 1)"),
		F("{}\0", "trame invalide : octet NUL (octet 2)"),
		F("{\"a\":\"\\u0000\"}", "trame invalide : \\u0000 interdit (octet 6)"),
		F("{\"\\u0000\":1}", "trame invalide : \\u0000 interdit (octet 2)"),
		/* surrogates */
		F("{\"a\":\"\\uD800\"}", "trame invalide : surrogate \\uD800 non apparié (octet 6)"),
		F("{\"a\":\"\\udbff\"}", "trame invalide : surrogate \\uDBFF non apparié (octet 6)"),
		F("{\"a\":\"\\uDC00\"}", "trame invalide : surrogate \\uDC00 non apparié (octet 6)"),
		F("{\"a\":\"x\\uDFFF\\uD800\"}", "trame invalide : surrogate \\uDFFF non apparié (octet 7)"),
		F("{\"a\":\"\\uD800\\u0041\"}", "trame invalide : surrogate \\uD800 non apparié (octet 6)"),
		F("{\"a\":\"\\uD800\\uD800\"}", "trame invalide : surrogate \\uD800 non apparié (octet 6)"),
		F("{\"a\":\"\\uD800x\"}", "trame invalide : surrogate \\uD800 non apparié (octet 6)"),
		F("{\"a\":\"\\uD800\\n\"}", "trame invalide : surrogate \\uD800 non apparié (octet 6)"),
		F("{\"a\":\"\\uD800\\uDC0\"}", "trame invalide : surrogate \\uD800 non apparié (octet 6)"),
		/* strings */
		F("{\"a\":\"x\ty\"}", "trame invalide : caractère de contrôle 0x09 dans une chaîne (octet 7)"),
		F("{\"a\":\"\n\"}", "trame invalide : caractère de contrôle 0x0a dans une chaîne (octet 6)"),
		F("{\"a\":\"\x1f\"}", "trame invalide : caractère de contrôle 0x1f dans une chaîne (octet 6)"),
		F("{\"a\x01\":1}", "trame invalide : caractère de contrôle 0x01 dans une chaîne (octet 3)"),
		F("{\"a\":\"\\x\"}", "trame invalide : échappement invalide (octet 6)"),
		F("{\"a\":\"\\'\"}", "trame invalide : échappement invalide (octet 6)"),
		F("{\"a\":\"\\u12G4\"}", "trame invalide : échappement \\u invalide (octet 6)"),
		F("{\"a\":\"\\u12\"}", "trame invalide : échappement \\u invalide (octet 6)"),
		F("{\"a\":\"x", "trame invalide : chaîne non terminée (octet 5)"),
		F("{\"a\":\"x\\\"}", "trame invalide : chaîne non terminée (octet 5)"),
		F("{\"a\":\"x\\", "trame invalide : chaîne non terminée (octet 5)"),
		F("{\"a", "trame invalide : chaîne non terminée (octet 1)"),
		/* duplicate keys, compared once unescaped */
		F("{\"a\":1,\"a\":2}", "trame invalide : clé « a » en double (octet 7)"),
		F("{\"a\":1,\"\\u0061\":2}", "trame invalide : clé « a » en double (octet 7)"),
		F("{\"b\":1,\"a\":1,\"b\":2,\"a\":2}", "trame invalide : clé « b » en double (octet 13)"),
		F("{\"x\":{\"\\n\\\"\":1,\"\\n\\\"\":[]}}", "trame invalide : clé « \\n\\\" » en double (octet 15)"),
		F("{\"é\":1,\"\\u00e9\":2}", "trame invalide : clé « é » en double (octet 8)"),
		/* numbers */
		F("{\"a\":01}", "trame invalide : nombre invalide (octet 5)"),
		F("{\"a\":-01}", "trame invalide : nombre invalide (octet 5)"),
		F("{\"a\":00}", "trame invalide : nombre invalide (octet 5)"),
		F("{\"a\":+1}", "trame invalide : nombre invalide (octet 5)"),
		F("{\"a\":.5}", "trame invalide : nombre invalide (octet 5)"),
		F("{\"a\":1.}", "trame invalide : nombre invalide (octet 5)"),
		F("{\"a\":1.e5}", "trame invalide : nombre invalide (octet 5)"),
		F("{\"a\":-}", "trame invalide : nombre invalide (octet 5)"),
		F("{\"a\":--1}", "trame invalide : nombre invalide (octet 5)"),
		F("{\"a\":1e}", "trame invalide : nombre invalide (octet 5)"),
		F("{\"a\":1e+}", "trame invalide : nombre invalide (octet 5)"),
		F("{\"a\":1.5.3}", "trame invalide : nombre invalide (octet 5)"),
		F("{\"a\":1e5e5}", "trame invalide : nombre invalide (octet 5)"),
		F("{\"a\":1-2}", "trame invalide : nombre invalide (octet 5)"),
		F("{\"a\":0x10}", "trame invalide : « , » ou « } » attendu (octet 6)"),
		F("{\"a\":-Infinity}", "trame invalide : nombre invalide (octet 5)"),
		F("{\"a\":NaN}", "trame invalide : valeur attendue (octet 5)"),
		F("{\"a\":Infinity}", "trame invalide : valeur attendue (octet 5)"),
		F("{\"a\":9223372036854775808}", "trame invalide : nombre hors limites (octet 5)"),
		F("{\"a\":-9223372036854775809}", "trame invalide : nombre hors limites (octet 5)"),
		F("{\"a\":18446744073709551616}", "trame invalide : nombre hors limites (octet 5)"),
		F("{\"a\":123456789012345678901234567890}", "trame invalide : nombre hors limites (octet 5)"),
		F("{\"a\":1e999}", "trame invalide : nombre hors limites (octet 5)"),
		F("{\"a\":-1.5e309}", "trame invalide : nombre hors limites (octet 5)"),
		F("{\"a\":[1,2,1E400]}", "trame invalide : nombre hors limites (octet 10)"),
		/* literals and punctuation */
		F("{\"a\":tru}", "trame invalide : valeur attendue (octet 5)"),
		F("{\"a\":True}", "trame invalide : valeur attendue (octet 5)"),
		F("{\"a\":nul", "trame invalide : valeur attendue (octet 5)"),
		F("{\"a\":undefined}", "trame invalide : valeur attendue (octet 5)"),
		F("{\"a\":1,}", "trame invalide : clé attendue (octet 7)"),
		F("{,}", "trame invalide : clé attendue (octet 1)"),
		F("{\"a\":[1,]}", "trame invalide : valeur attendue (octet 8)"),
		F("{\"a\":[,1]}", "trame invalide : valeur attendue (octet 6)"),
		F("{\"a\":[1 2]}", "trame invalide : « , » ou « ] » attendu (octet 8)"),
		F("{\"a\" 1}", "trame invalide : « : » attendu (octet 5)"),
		F("{\"a\":1 \"b\":2}", "trame invalide : « , » ou « } » attendu (octet 7)"),
		F("{'a':1}", "trame invalide : clé attendue (octet 1)"),
		F("{a:1}", "trame invalide : clé attendue (octet 1)"),
		F("{\"a\":1 /* c */}", "trame invalide : « , » ou « } » attendu (octet 7)"),
		F("{\"a\":", "trame invalide : fin de trame inattendue, valeur attendue (octet 5)"),
		F("{\"a\"", "trame invalide : fin de trame inattendue, « : » attendu (octet 4)"),
		F("{\"a\":1", "trame invalide : fin de trame inattendue, « , » ou « } » attendu (octet 6)"),
		F("{\"a\":[1", "trame invalide : fin de trame inattendue, « , » ou « ] » attendu (octet 7)"),
		F("{", "trame invalide : fin de trame inattendue, clé attendue (octet 1)"),
		F("{\"a\":1,", "trame invalide : fin de trame inattendue, clé attendue (octet 7)"),
		F("{\"a\":\"\xc2\xa0\"\xc2\xa0}", "trame invalide : « , » ou « } » attendu (octet 9)"),
		F("{\"a\":\v1}", "trame invalide : valeur attendue (octet 5)"),
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		refuse(cases[i].text, cases[i].len, cases[i].msg);
}

/* Inputs json_parse accepts, with their canonical text. */
static void
test_json_canonical(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"{}", "{}"},
		{"{ }", "{}"},
		{"{\"a\":[]}", "{\"a\":[]}"},
		{"{ \"a\" :\t[ 1 ,\r\n2 ] , \"b\" : { } }", "{\"a\":[1,2],\"b\":{}}"},
		{"{\"z\":1,\"a\":2,\"m\":3}", "{\"z\":1,\"a\":2,\"m\":3}"},
		{"{\"t\":true,\"f\":false,\"n\":null}", "{\"t\":true,\"f\":false,\"n\":null}"},
		{"{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}", "{\"a\":\"\\\"\\\\/\\b\\f\\n\\r\\t\"}"},
		{"{\"a\":\"\\u00e9\\u20AC\\uD83D\\uDE00\"}", "{\"a\":\"é€\xf0\x9f\x98\x80\"}"},
		{"{\"a\":\"\\u0001\\u001F\\u007f\\u0080\"}", "{\"a\":\"\\u0001\\u001f\x7f\xc2\x80\"}"},
		{"{\"a\":\"\\uFFFF\\uFEFF\\uDBFF\\uDFFF\"}", "{\"a\":\"\xef\xbf\xbf\xef\xbb\xbf\xf4\x8f\xbf\xbf\"}"},
		{"{\"\\u0041\\n\":\"</script>\"}", "{\"A\\n\":\"</script>\"}"},
		{"{\"a\":0,\"b\":-0,\"c\":-1,\"d\":10}", "{\"a\":0,\"b\":-0,\"c\":-1,\"d\":10}"},
		{"{\"a\":9223372036854775807,\"b\":-9223372036854775808}",
		    "{\"a\":9223372036854775807,\"b\":-9223372036854775808}"},
		{"{\"a\":1.50,\"b\":1E5,\"c\":-0.0,\"d\":2.5e-3,\"e\":1e+2}",
		    "{\"a\":1.50,\"b\":1E5,\"c\":-0.0,\"d\":2.5e-3,\"e\":1e+2}"},
		{"{\"a\":1e-999,\"b\":4.9e-324,\"c\":1.7976931348623157e308}",
		    "{\"a\":1e-999,\"b\":4.9e-324,\"c\":1.7976931348623157e308}"},
		{"{\"a\":[[[[[[[1]]]]]]]}", "{\"a\":[[[[[[[1]]]]]]]}"},
		{"{\"t\":\"hello\", \"v\":1, \"node\":\"01JD3ZK4W8Q6N2V7XHB5C9MTRE\", \"schema\":4, "
		    "\"seq\":120, \"cursor\":3051, \"clock\":114013853745512448}",
		    "{\"t\":\"hello\",\"v\":1,\"node\":\"01JD3ZK4W8Q6N2V7XHB5C9MTRE\",\"schema\":4,"
		    "\"seq\":120,\"cursor\":3051,\"clock\":114013853745512448}"},
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		accept_free(cases[i].in, cases[i].out);
}

/* The round trip over frames in the shapes of man/loge-sync.5. */
static void
test_json_roundtrip_frames(void **state)
{
	static const char *frames[] = {
		"{\"t\":\"welcome\",\"v\":1,\"schema\":4,\"clock\":114013853745512449,"
		    "\"acked\":119,\"scope\":[\"01JD3ZK4W8Q6N2V7XHB5C9MTRF\",\"01JD3ZK4W8Q6N2V7XHB5C9MTRG\"]}",
		"{\"t\":\"push\",\"batch\":7,\"ops\":[{\"seq\":121,\"table\":\"claim\",\"row\":\"01JD\","
		    "\"kind\":\"update\",\"base\":3051,\"hlc\":114013853745512450,\"schema\":4,"
		    "\"fields\":{\"status\":[\"open\",\"closed\"],\"cost\":[null,12.5],"
		    "\"note\":[\"Fuite \\u00e0 l'\\u00e9vier\\n\",\"R\\u00e9par\\u00e9e « vite »\"]}},"
		    "{\"seq\":122,\"table\":\"note\",\"row\":\"01JE\",\"kind\":\"delete\",\"base\":3051,"
		    "\"hlc\":114013853745512451,\"schema\":4}]}",
		"{\"t\":\"results\",\"batch\":7,\"results\":[{\"seq\":121,\"r\":\"merged\",\"code\":null},"
		    "{\"seq\":122,\"r\":\"refused\",\"code\":\"immutable\"}]}",
		"{\"t\":\"changes\",\"from\":3051,\"to\":3060,\"sum\":"
		    "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\","
		    "\"rows\":[{\"table\":\"dwelling\",\"row\":\"01JF\",\"kind\":\"insert\","
		    "\"values\":{\"surface\":54.3,\"rooms\":3,\"floor\":-1,\"label\":\"B\\u00e2t. A\"}}]}",
		"{\"t\":\"error\",\"code\":\"schema\",\"message\":\"Mettez Loge \\u00e0 jour\\t(2 versions d'\\u00e9cart)\"}",
		"{\"t\":\"end\",\"summary\":{\"pushed\":2,\"pulled\":9,\"conflicts\":0}}",
	};
	size_t i;

	for (i = 0; i < sizeof frames / sizeof frames[0]; i++)
		accept_free(frames[i], NULL);
}

static void
test_json_int64(void **state)
{
	cJSON *t = accept_str("{\"max\":9223372036854775807,\"min\":-9223372036854775808,"
	    "\"big\":9007199254740993,\"real\":1.0,\"exp\":1e2,\"s\":\"7\",\"neg0\":-0}", NULL);
	int64_t v = 42;
	double d;

	assert_int_equal(json_get_int(t, "max", &v), 0);
	assert_true(v == INT64_MAX);
	assert_int_equal(json_get_int(t, "min", &v), 0);
	assert_true(v == INT64_MIN);
	/* above 2^53: the double rounds, the integer does not */
	assert_int_equal(json_get_int(t, "big", &v), 0);
	assert_true(v == 9007199254740993LL);
	assert_true(cJSON_GetObjectItemCaseSensitive(t, "big")->valuedouble == 9007199254740992.0);
	assert_int_equal(json_get_int(t, "neg0", &v), 0);
	assert_true(v == 0);
	v = 42;
	assert_int_equal(json_get_int(t, "real", &v), -1);
	assert_int_equal(json_get_int(t, "exp", &v), -1);
	assert_int_equal(json_get_int(t, "s", &v), -1);
	assert_int_equal(json_get_int(t, "missing", &v), -1);
	assert_true(v == 42);
	assert_int_equal(json_real(cJSON_GetObjectItemCaseSensitive(t, "exp"), &d), 0);
	assert_true(d == 100.0);
	assert_int_equal(json_real(cJSON_GetObjectItemCaseSensitive(t, "max"), &d), 0);
	assert_true(d == 9223372036854775807.0);
	assert_int_equal(json_real(cJSON_GetObjectItemCaseSensitive(t, "s"), &d), -1);
	assert_int_equal(json_real(NULL, &d), -1);
	assert_int_equal(json_int(NULL, &v), -1);
	cJSON_Delete(t);
}

static void
test_json_accessors(void **state)
{
	cJSON *t = accept_str("{\"t\":\"hello\",\"v\":1,\"e\":\"\",\"n\":null,"
	    "\"u\":\"\\u00e9\",\"tiny\":1e-999}", NULL);
	double d = 1;

	assert_string_equal(json_str(t, "t"), "hello");
	assert_string_equal(json_str(t, "e"), "");
	assert_string_equal(json_str(t, "u"), "é");
	assert_null(json_str(t, "v"));
	assert_null(json_str(t, "n"));
	assert_null(json_str(t, "T"));
	assert_null(json_str(NULL, "t"));
	/* underflow is kept: it reads as 0 and writes its own text */
	assert_int_equal(json_real(cJSON_GetObjectItemCaseSensitive(t, "tiny"), &d), 0);
	assert_true(d == 0.0);
	cJSON_Delete(t);
}

static void
test_json_new_numbers(void **state)
{
	static const struct {
		double v;
		const char *text;
	} reals[] = {
		{2.0, "2.0"}, {0.1, "0.1"}, {-0.0, "-0.0"}, {12.5, "12.5"}, {1e300, "1e+300"},
		{1.0 / 3.0, "0.3333333333333333"}, {5e-324, "4.94065645841247e-324"},
		{9007199254740993.0, "9007199254740992.0"}, {1e17, "1e+17"},
	};
	cJSON *o = cJSON_CreateObject(), *n;
	struct buf b;
	int64_t v;
	double d;
	size_t i;
	char *w;

	buf_init(&b);
	for (i = 0; i < sizeof reals / sizeof reals[0]; i++) {
		n = json_new_real(reals[i].v);
		buf_reset(&b);
		json_write(&b, n);
		assert_string_equal(b.data, reals[i].text);
		buf_reset(&b);
		jw_real(&b, reals[i].v);
		assert_string_equal(b.data, reals[i].text);
		assert_int_equal(json_real(n, &d), 0);
		assert_true(d == reals[i].v);
		assert_int_equal(json_int(n, &v), -1);
		cJSON_Delete(n);
	}
	buf_free(&b);
	cJSON_AddItemToObject(o, "min", json_new_int(INT64_MIN));
	cJSON_AddItemToObject(o, "max", json_new_int(INT64_MAX));
	cJSON_AddItemToObject(o, "zero", json_new_int(0));
	cJSON_AddItemToObject(o, "r", json_new_real(1.5));
	w = frame_write(o);
	assert_string_equal(w, "{\"min\":-9223372036854775808,\"max\":9223372036854775807,"
	    "\"zero\":0,\"r\":1.5}");
	assert_int_equal(json_get_int(o, "max", &v), 0);
	assert_true(v == INT64_MAX);
	free(w);
	cJSON_Delete(o);
}

/* Trees built with cJSON alone (no text on numbers), copies, and numbers
 * changed after parsing. */
static void
test_json_write_cjson_trees(void **state)
{
	cJSON *o = cJSON_CreateObject(), *t, *copy;
	struct err e;
	int64_t v;
	char *w;

	cJSON_AddNumberToObject(o, "i", 3);
	cJSON_AddNumberToObject(o, "neg", -4096);
	cJSON_AddNumberToObject(o, "half", 0.5);
	cJSON_AddNumberToObject(o, "big", 1e16);
	cJSON_AddStringToObject(o, "bad", "a\xff" "b\xc3");
	cJSON_AddStringToObject(o, "ctl", "\x01\x7f/");
	cJSON_AddBoolToObject(o, "ok", 1);
	w = frame_write(o);
	assert_string_equal(w, "{\"i\":3,\"neg\":-4096,\"half\":0.5,\"big\":1e+16,"
	    "\"bad\":\"a\xef\xbf\xbd" "b\xef\xbf\xbd\",\"ctl\":\"\\u0001\x7f/\",\"ok\":true}");
	assert_int_equal(json_get_int(o, "i", &v), 0);
	assert_true(v == 3);
	assert_int_equal(json_get_int(o, "half", &v), -1);
	assert_int_equal(json_get_int(o, "big", &v), -1);
	free(w);
	cJSON_Delete(o);

	assert_int_equal(json_parse("{\"a\":9007199254740993,\"b\":5}", 28, &t, &e), 0);
	copy = cJSON_Duplicate(t, 1);
	w = frame_write(copy);
	assert_string_equal(w, "{\"a\":9007199254740993,\"b\":5}");
	free(w);
	cJSON_SetNumberValue(cJSON_GetObjectItemCaseSensitive(t, "b"), 7);
	w = frame_write(t);
	assert_string_equal(w, "{\"a\":9007199254740993,\"b\":7}");
	assert_int_equal(json_get_int(t, "b", &v), 0);
	assert_true(v == 7);
	free(w);
	cJSON_Delete(copy);
	cJSON_Delete(t);
}

static void
test_json_streaming(void **state)
{
	struct buf b;

	buf_init(&b);
	buf_addc(&b, '{');
	jw_str(&b, "t");
	buf_addc(&b, ':');
	jw_str(&b, "say \"hi\"\n\\");
	buf_addc(&b, ',');
	jw_str(&b, "n");
	buf_addc(&b, ':');
	jw_int(&b, INT64_MIN);
	buf_addc(&b, '}');
	assert_string_equal(b.data, "{\"t\":\"say \\\"hi\\\"\\n\\\\\",\"n\":-9223372036854775808}");
	cJSON_Delete(accept(b.data, b.len, b.data));
	buf_free(&b);
}

/* "{"a":" then n levels of wrapper; the top object is depth 1. */
static char *
nested(int levels, char open, char close)
{
	struct buf b;
	int i;

	buf_init(&b);
	buf_adds(&b, "{\"a\":");
	for (i = 0; i < levels; i++)
		buf_adds(&b, open == '[' ? "[" : "{\"a\":");
	buf_addc(&b, '1');
	for (i = 0; i < levels; i++)
		buf_addc(&b, close);
	buf_addc(&b, '}');
	return buf_steal(&b);
}

static void
test_json_depth(void **state)
{
	char *s;

	s = nested(7, '[', ']');
	cJSON_Delete(accept(s, strlen(s), s));
	free(s);
	s = nested(7, '{', '}');
	cJSON_Delete(accept(s, strlen(s), s));
	free(s);
	s = nested(8, '[', ']');
	refuse(s, strlen(s), "trame invalide : imbrication trop profonde (plus de 8 niveaux) (octet 12)");
	free(s);
	s = nested(8, '{', '}');
	refuse(s, strlen(s), "trame invalide : imbrication trop profonde (plus de 8 niveaux) (octet 40)");
	free(s);
}

/* 100000 '[' (and as many objects) stop at the ninth level, long before
 * the stack could overflow. */
static void
test_json_deep_attack(void **state)
{
	size_t n = 100000, i;
	char *s = xmalloc(5 + 5 * n + 1);

	memcpy(s, "{\"a\":", 5);
	memset(s + 5, '[', n);
	refuse(s, 5 + n, "trame invalide : imbrication trop profonde (plus de 8 niveaux) (octet 12)");
	for (i = 0; i < n; i++)
		memcpy(s + 5 + 5 * i, "{\"a\":", 5);
	refuse(s, 5 + 5 * n, "trame invalide : imbrication trop profonde (plus de 8 niveaux) (octet 40)");
	free(s);
}

/* {"a":"xxx...x"} of exactly len bytes. */
static char *
sized(size_t len)
{
	char *s = xmalloc(len + 1);

	memcpy(s, "{\"a\":\"", 6);
	memset(s + 6, 'x', len - 8);
	memcpy(s + len - 2, "\"}", 3);
	return s;
}

static void
test_json_frame_size(void **state)
{
	char *s = sized(JSON_MAX_FRAME);
	cJSON *t;

	assert_int_equal(JSON_MAX_FRAME, 1048576);
	t = accept(s, JSON_MAX_FRAME, s);
	assert_int_equal(strlen(json_str(t, "a")), JSON_MAX_FRAME - 8);
	cJSON_Delete(t);
	free(s);
	s = sized(JSON_MAX_FRAME + 1);
	refuse(s, JSON_MAX_FRAME + 1,
	    "trame invalide : trop longue (1048577 octets, au plus 1048576)");
	free(s);
}

/* An object of 90000 distinct keys (nearly 1 MiB) parses quickly; one
 * key repeated at its end is found. */
static void
test_json_many_keys(void **state)
{
	struct buf b;
	struct timespec t0, t1;
	cJSON *t;
	double secs;
	int i;

	buf_init(&b);
	buf_addc(&b, '{');
	for (i = 0; i < 90000; i++)
		buf_printf(&b, "%s\"k%d\":0", i ? "," : "", i);
	buf_addc(&b, '}');
	clock_gettime(CLOCK_MONOTONIC, &t0);
	t = accept(b.data, b.len, b.data);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	print_message("# 90000 keys (%zu bytes): parse+write+parse+write %.3f s\n", b.len, secs);
	assert_true(secs < 5.0);
	assert_int_equal(cJSON_GetArraySize(t), 90000);
	cJSON_Delete(t);
	b.data[--b.len] = '\0';
	buf_adds(&b, ",\"k89998\":0}");
	{
		char *msg = xasprintf("trame invalide : clé « k89998 » en double (octet %zu)",
		    b.len - 11);

		refuse(b.data, b.len, msg);
		free(msg);
	}
	buf_free(&b);
}

/* Under a locale whose decimal point is a comma, numbers still read and
 * write with a point. Run with LC_ALL=fr_FR.UTF-8 available to exercise
 * it; otherwise it checks the C locale only. */
static void
test_json_locale(void **state)
{
	static const char *names[] = {"fr_FR.UTF-8", "fr_FR.utf8", "de_DE.UTF-8", "fr_FR"};
	cJSON *t;
	struct buf b;
	double d;
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (setlocale(LC_ALL, names[i]) != NULL)
			break;
	if (i == sizeof names / sizeof names[0])
		print_message("# no comma locale here: checked in C only\n");
	else
		assert_string_equal(localeconv()->decimal_point, ",");
	t = accept_str("{\"a\":1.5,\"b\":-2.25e1}", "{\"a\":1.5,\"b\":-2.25e1}");
	assert_int_equal(json_real(cJSON_GetObjectItemCaseSensitive(t, "a"), &d), 0);
	assert_true(d == 1.5);
	cJSON_Delete(t);
	buf_init(&b);
	jw_real(&b, 0.25);
	assert_string_equal(b.data, "0.25");
	buf_free(&b);
	t = cJSON_CreateNumber(3.75);
	b.data = frame_write(t);
	assert_string_equal(b.data, "3.75");
	free(b.data);
	cJSON_Delete(t);
	setlocale(LC_ALL, "C");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_refusals),
		cmocka_unit_test(test_json_canonical),
		cmocka_unit_test(test_json_roundtrip_frames),
		cmocka_unit_test(test_json_int64),
		cmocka_unit_test(test_json_accessors),
		cmocka_unit_test(test_json_new_numbers),
		cmocka_unit_test(test_json_write_cjson_trees),
		cmocka_unit_test(test_json_streaming),
		cmocka_unit_test(test_json_depth),
		cmocka_unit_test(test_json_deep_attack),
		cmocka_unit_test(test_json_frame_size),
		cmocka_unit_test(test_json_many_keys),
		cmocka_unit_test(test_json_locale),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
