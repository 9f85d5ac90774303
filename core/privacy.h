/* Free text and the RGPD: tenants' data in Loge is minimal, so a note
 * that looks like it holds health, income, family or judicial data, or a
 * social security, bank or card number, earns a warning. Never a refusal:
 * the word may be innocent ("RSA" the acronym of a company), and the
 * person writing decides. */
#ifndef LOGE_PRIVACY_H
#define LOGE_PRIVACY_H

#include <stddef.h>

struct privacy_hit {
	/* What it looks like, without article: "donnée de santé". Static. */
	const char *what;
	/* The same with its article: "une donnée de santé". Static. */
	const char *a_what;
	/* The words as written in the text (numbers shortened so that the
	 * warning does not repeat them whole), NUL-terminated. */
	char seen[64];
};

/* Looks for the first sensitive word or number in text (UTF-8; NULL is
 * clean). Returns 1 and fills hit, or 0. */
int privacy_find(const char *text, struct privacy_hit *hit);
/* NULL for clean text, else a short warning such as
 * "« hospitalisé » : donnée de santé ?"; the caller frees it. */
char *privacy_check(const char *text);
/* NULL for clean text, else the advice shown after saving: "Attention :
 * « hospitalisé » ressemble à une donnée de santé ; ne notez que ce qui
 * est utile (RGPD)"; the caller frees it. */
char *privacy_advice(const char *text);

#endif
