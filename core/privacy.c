/* Sensitive-data hints in free text. Words are matched on a folded copy
 * of the text (lower case, accents removed, blanks collapsed) that keeps,
 * for each folded byte, where it came from, so that the warning can quote
 * the words as the person wrote them. A word matches at word boundaries
 * only: "RSA" is not in "traversant".
 *
 * The list is short on purpose and leaves out words whose everyday
 * meaning in building work would make the warning noise: "traitement"
 * (anti-termites, de l'eau), "dépression" alone (VMC, mise en
 * dépression), "enceinte" alone (de la résidence), "casier" alone (boîte
 * aux lettres), "condamné" even followed by "à" (porte condamnée à la
 * demande du bailleur), "détenu" (clés détenues par l'entreprise),
 * "plainte" (a caretaker files them for vandalism). */
#include "privacy.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "xalloc.h"

enum privacy_cat {
	PRIV_HEALTH, PRIV_INCOME, PRIV_FAMILY, PRIV_JUSTICE, PRIV_BANK,
	PRIV_NIR, PRIV_IBAN, PRIV_CARD,
};

static const struct {
	const char *what, *a_what;
} privacy_cats[] = {
	[PRIV_HEALTH] = {"donnée de santé", "une donnée de santé"},
	[PRIV_INCOME] = {"donnée sur les revenus", "une donnée sur les revenus"},
	[PRIV_FAMILY] = {"donnée sur la situation familiale",
	    "une donnée sur la situation familiale"},
	[PRIV_JUSTICE] = {"donnée judiciaire", "une donnée judiciaire"},
	[PRIV_BANK] = {"coordonnée bancaire", "une coordonnée bancaire"},
	[PRIV_NIR] = {"numéro de sécurité sociale", "un numéro de sécurité sociale"},
	[PRIV_IBAN] = {"IBAN", "un IBAN"},
	[PRIV_CARD] = {"numéro de carte bancaire", "un numéro de carte bancaire"},
};

/* Folded forms. A final '*' matches any ending ("hospitalis*":
 * hospitalisé, hospitalisation); otherwise the word itself or with a
 * final s or x. */
static const struct {
	const char *word;
	enum privacy_cat cat;
} privacy_words[] = {
	{"malade", PRIV_HEALTH}, {"maladie", PRIV_HEALTH}, {"hospitalis*", PRIV_HEALTH},
	{"handicap*", PRIV_HEALTH}, {"depressif", PRIV_HEALTH},
	{"depressive", PRIV_HEALTH}, {"depression nerveuse", PRIV_HEALTH},
	{"burn out", PRIV_HEALTH}, {"burnout", PRIV_HEALTH}, {"cancer*", PRIV_HEALTH},
	{"est enceinte", PRIV_HEALTH}, {"femme enceinte", PRIV_HEALTH},
	{"grossesse", PRIV_HEALTH}, {"medecin", PRIV_HEALTH},
	{"traitement medical", PRIV_HEALTH}, {"psychiatr*", PRIV_HEALTH},
	{"psycholog*", PRIV_HEALTH}, {"alcool*", PRIV_HEALTH}, {"sante", PRIV_HEALTH},
	{"infirmier", PRIV_HEALTH}, {"infirmiere", PRIV_HEALTH}, {"dialyse", PRIV_HEALTH},
	{"diabet*", PRIV_HEALTH}, {"medicament*", PRIV_HEALTH},
	{"fauteuil roulant", PRIV_HEALTH}, {"chimiotherapie", PRIV_HEALTH},
	{"alzheimer", PRIV_HEALTH}, {"sida", PRIV_HEALTH}, {"vih", PRIV_HEALTH},
	{"toxicomane", PRIV_HEALTH}, {"invalidite", PRIV_HEALTH},
	{"rsa", PRIV_INCOME}, {"chomage", PRIV_INCOME}, {"chomeur", PRIV_INCOME},
	{"chomeuse", PRIV_INCOME}, {"salaire", PRIV_INCOME}, {"revenus", PRIV_INCOME},
	{"revenu fiscal", PRIV_INCOME}, {"avis d'imposition", PRIV_INCOME},
	{"surendette*", PRIV_INCOME}, {"apl", PRIV_INCOME}, {"caf", PRIV_INCOME},
	{"aah", PRIV_INCOME}, {"allocation logement", PRIV_INCOME},
	{"allocations familiales", PRIV_INCOME}, {"pole emploi", PRIV_INCOME},
	{"france travail", PRIV_INCOME}, {"smic", PRIV_INCOME},
	{"divorc*", PRIV_FAMILY}, {"separation", PRIV_FAMILY}, {"deces", PRIV_FAMILY},
	{"decede*", PRIV_FAMILY}, {"veuf", PRIV_FAMILY}, {"veuve", PRIV_FAMILY},
	{"tutelle", PRIV_FAMILY}, {"curatelle", PRIV_FAMILY},
	{"enfant place", PRIV_FAMILY}, {"enfants places", PRIV_FAMILY},
	{"garde alternee", PRIV_FAMILY}, {"violence conjugale", PRIV_FAMILY},
	{"violences conjugales", PRIV_FAMILY}, {"mere celibataire", PRIV_FAMILY},
	{"pere celibataire", PRIV_FAMILY}, {"famille monoparentale", PRIV_FAMILY},
	{"aide sociale a l'enfance", PRIV_FAMILY}, {"juge des enfants", PRIV_FAMILY},
	{"casier judiciaire", PRIV_JUSTICE}, {"prison", PRIV_JUSTICE},
	{"incarcer*", PRIV_JUSTICE}, {"garde a vue", PRIV_JUSTICE},
	{"bracelet electronique", PRIV_JUSTICE}, {"sursis", PRIV_JUSTICE},
	{"iban", PRIV_BANK}, {"rib", PRIV_BANK},
};

#define NWORDS (sizeof privacy_words / sizeof privacy_words[0])

/* The folded text; from[i] and to[i] bound the original bytes that gave
 * folded byte i. */
struct privacy_fold {
	struct buf s;
	size_t *from, *to;
	size_t cap;
};

/* Base letters of U+00C0..U+00FF; '1' stands for "ae", '2' for "ss". */
static const char privacy_latin1[] =
    "aaaaaa1ceeeeiiiidnooooo*ouuuuyt2"
    "aaaaaa1ceeeeiiiidnooooo*ouuuuyty";

static void
privacy_put(struct privacy_fold *f, char c, size_t from, size_t to)
{
	if (f->s.len + 1 > f->cap) {
		f->cap = f->cap ? f->cap * 2 : 64;
		f->from = xreallocarray(f->from, f->cap, sizeof *f->from);
		f->to = xreallocarray(f->to, f->cap, sizeof *f->to);
	}
	f->from[f->s.len] = from;
	f->to[f->s.len] = to;
	buf_addc(&f->s, c);
}

/* The folded form of one code point: up to two ASCII bytes. Unknown
 * letters become '_', which counts as part of a word. */
static const char *
privacy_fold_cp(uint32_t cp, char out[3])
{
	char c;

	out[1] = out[2] = '\0';
	if (cp < 0x80) {
		out[0] = (cp >= 'A' && cp <= 'Z') ? (char)(cp - 'A' + 'a') : (char)cp;
		if (cp == '\t' || cp == '\n' || cp == '\r')
			out[0] = ' ';
		return out;
	}
	if (cp == 0xa0 || cp == 0x202f) {
		out[0] = ' ';
	} else if (cp == 0x2019 || cp == 0x2018) {
		out[0] = '\'';
	} else if (cp >= 0xc0 && cp <= 0xff) {
		c = privacy_latin1[cp - 0xc0];
		if (c == '1')
			return strcpy(out, "ae");
		if (c == '2')
			return strcpy(out, "ss");
		out[0] = c;
	} else if (cp == 0x152 || cp == 0x153) {
		return strcpy(out, "oe");
	} else if (cp == 0x178) {
		out[0] = 'y';
	} else {
		out[0] = '_';
	}
	return out;
}

static void
privacy_fold(struct privacy_fold *f, const char *text)
{
	size_t i = 0, len = strlen(text);
	const char *p;
	char tmp[3];
	uint32_t cp;
	int n;

	buf_init(&f->s);
	while (i < len) {
		if ((n = utf8_decode(text + i, len - i, &cp)) == 0)
			n = 1, cp = '_';
		for (p = privacy_fold_cp(cp, tmp); *p; p++) {
			/* Blanks collapse: "garde  à\nvue" is "garde a vue". */
			if (*p == ' ' && f->s.len > 0 && f->s.data[f->s.len - 1] == ' ')
				f->to[f->s.len - 1] = i + (size_t)n;
			else
				privacy_put(f, *p, i, i + (size_t)n);
		}
		i += (size_t)n;
	}
}

static int
privacy_wordch(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* Length of the folded match of word at s (a word start), or 0. */
static size_t
privacy_match(const char *s, const char *word)
{
	size_t n = strlen(word), j;

	if (word[n - 1] == '*') {
		if (strncmp(s, word, n - 1) != 0)
			return 0;
		for (j = n - 1; privacy_wordch(s[j]); j++)
			;
		return j;
	}
	if (strncmp(s, word, n) != 0)
		return 0;
	j = n;
	if ((s[j] == 's' || s[j] == 'x') && !privacy_wordch(s[j + 1]))
		j++;
	return privacy_wordch(s[j]) ? 0 : j;
}

static void
privacy_quote(struct privacy_hit *hit, const char *text, size_t from, size_t to)
{
	size_t n = to - from;

	if (n >= sizeof hit->seen) {
		n = sizeof hit->seen - 1;
		while (n > 0 && ((unsigned char)text[from + n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(hit->seen, text + from, n);
	hit->seen[n] = '\0';
}

static int
privacy_find_word(const char *text, struct privacy_hit *hit)
{
	struct privacy_fold f = {{0}, NULL, NULL, 0};
	size_t i, k, n;
	int found = 0;

	privacy_fold(&f, text);
	for (i = 0; !found && i < f.s.len; i++) {
		if (!privacy_wordch(f.s.data[i]) || (i > 0 && privacy_wordch(f.s.data[i - 1])))
			continue;
		for (k = 0; k < NWORDS; k++) {
			if ((n = privacy_match(f.s.data + i, privacy_words[k].word)) == 0)
				continue;
			hit->what = privacy_cats[privacy_words[k].cat].what;
			hit->a_what = privacy_cats[privacy_words[k].cat].a_what;
			privacy_quote(hit, text, f.from[i], f.to[i + n - 1]);
			found = 1;
			break;
		}
	}
	buf_free(&f.s);
	free(f.from);
	free(f.to);
	return found;
}

static int
privacy_isalnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
privacy_sep(char c)
{
	return c == ' ' || c == '.' || c == '-';
}

/* Counts the digits of a number written with single spaces, dots or
 * dashes between groups ("1 85 05 78 006 084"); *end is past its last
 * digit. Copies at most size digits into digits. */
static size_t
privacy_digits(const char *s, char *digits, size_t size, size_t *end)
{
	size_t i = 0, n = 0;

	for (;;) {
		if (s[i] >= '0' && s[i] <= '9') {
			if (n < size)
				digits[n] = s[i];
			n++;
			i++;
		} else if (i > 0 && privacy_sep(s[i]) && s[i + 1] >= '0' && s[i + 1] <= '9') {
			i++;
		} else {
			break;
		}
	}
	*end = i;
	return n;
}

/* Card numbers carry a Luhn check digit: meter and order numbers of the
 * same length rarely pass it. */
static int
privacy_luhn(const char *d, size_t n)
{
	size_t i;
	int sum = 0, v;

	for (i = 0; i < n; i++) {
		v = d[n - 1 - i] - '0';
		if (i % 2 == 1 && (v *= 2) > 9)
			v -= 9;
		sum += v;
	}
	return sum % 10 == 0;
}

/* "FR76 3000 6000 0112 3456 7890 189": FR, two check digits, then
 * letters and digits in groups. */
static size_t
privacy_iban(const char *s)
{
	size_t i = 4, n = 4;

	if ((s[0] != 'F' && s[0] != 'f') || (s[1] != 'R' && s[1] != 'r') ||
	    !(s[2] >= '0' && s[2] <= '9') || !(s[3] >= '0' && s[3] <= '9'))
		return 0;
	for (;;) {
		if (privacy_isalnum(s[i]))
			n++, i++;
		else if (s[i] == ' ' && privacy_isalnum(s[i + 1]))
			i++;
		else
			break;
	}
	return n >= 20 ? i : 0;
}

/* Quotes the first four digits of a number, not the whole of it. */
static void
privacy_quote_number(struct privacy_hit *hit, const char *s, enum privacy_cat cat)
{
	size_t i = 0, digits = 0;

	while (digits < 4 && s[i] != '\0') {
		if (privacy_isalnum(s[i]))
			digits++;
		i++;
	}
	memcpy(hit->seen, s, i);
	strcpy(hit->seen + i, "…");
	hit->what = privacy_cats[cat].what;
	hit->a_what = privacy_cats[cat].a_what;
}

static int
privacy_find_number(const char *text, struct privacy_hit *hit)
{
	char d[20];
	size_t i, n, end;

	for (i = 0; text[i] != '\0'; i++) {
		if (i > 0 && privacy_isalnum(text[i - 1]))
			continue;
		if (privacy_iban(text + i) > 0) {
			privacy_quote_number(hit, text + i, PRIV_IBAN);
			return 1;
		}
		if (!(text[i] >= '0' && text[i] <= '9'))
			continue;
		n = privacy_digits(text + i, d, sizeof d, &end);
		if (privacy_isalnum(text[i + end])) {
			i += end;
			continue;
		}
		if ((n == 13 || n == 15) && strchr("1278", d[0]) != NULL) {
			privacy_quote_number(hit, text + i, PRIV_NIR);
			return 1;
		}
		if (n == 16 && privacy_luhn(d, n)) {
			privacy_quote_number(hit, text + i, PRIV_CARD);
			return 1;
		}
		i += end - 1;
	}
	return 0;
}

int
privacy_find(const char *text, struct privacy_hit *hit)
{
	if (text == NULL || *text == '\0')
		return 0;
	return privacy_find_word(text, hit) || privacy_find_number(text, hit);
}

char *
privacy_check(const char *text)
{
	struct privacy_hit h;

	if (!privacy_find(text, &h))
		return NULL;
	return xasprintf("« %s » : %s ?", h.seen, h.what);
}

char *
privacy_advice(const char *text)
{
	struct privacy_hit h;

	if (!privacy_find(text, &h))
		return NULL;
	return xasprintf("Attention : « %s » ressemble à %s ; ne notez que ce qui est "
	    "utile (RGPD)", h.seen, h.a_what);
}
