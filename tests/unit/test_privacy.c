/* core/privacy.c: sensitive words found whatever their accents and case,
 * at word boundaries only; numbers that look like a NIR, an IBAN or a card;
 * clean text left alone. */
#include "tests/unit/testutil.h"

#include "core/privacy.h"

/* The hit's quote and category for text, or fails. */
static void
expect_hit(const char *text, const char *seen, const char *what)
{
	struct privacy_hit h;

	if (privacy_find(text, &h) != 1)
		fail_msg("no hit in « %s »", text);
	if (strcmp(h.seen, seen) != 0 || strcmp(h.what, what) != 0)
		fail_msg("« %s »: saw « %s » (%s), expected « %s » (%s)", text, h.seen,
		    h.what, seen, what);
}

static void
expect_clean(const char *text)
{
	struct privacy_hit h;

	if (privacy_find(text, &h) != 0)
		fail_msg("« %s »: unexpected hit « %s » (%s)", text, h.seen, h.what);
}

static void
test_words_accents_and_case(void **state)
{
	(void)state;
	expect_hit("Mme est hospitalisée depuis lundi", "hospitalisée", "donnée de santé");
	expect_hit("HOSPITALISÉ", "HOSPITALISÉ", "donnée de santé");
	expect_hit("hospitalise (sans accent)", "hospitalise", "donnée de santé");
	expect_hit("Locataire au RSA", "RSA", "donnée sur les revenus");
	expect_hit("au chômage depuis mars", "chômage", "donnée sur les revenus");
	expect_hit("Chomage", "Chomage", "donnée sur les revenus");
	expect_hit("Décès du mari", "Décès", "donnée sur la situation familiale");
	expect_hit("sous curatelle", "curatelle", "donnée sur la situation familiale");
	expect_hit("Il sort de prison.", "prison", "donnée judiciaire");
	expect_hit("M. est Malade, passer plus tard", "Malade", "donnée de santé");
	expect_hit("deux malades", "malades", "donnée de santé");
	expect_hit("suivi psychiatrique", "psychiatrique", "donnée de santé");
	expect_hit("l'alcool", "alcool", "donnée de santé");
	expect_hit("l’APL versée", "APL", "donnée sur les revenus");
	/* Several words, blanks collapsed, quoted as written. */
	expect_hit("placé en garde  à\nvue", "garde  à\nvue", "donnée judiciaire");
	expect_hit("femme ENCEINTE", "femme ENCEINTE", "donnée de santé");
	expect_hit("œil: handicapé moteur", "handicapé", "donnée de santé");
}

static void
test_word_boundaries(void **state)
{
	(void)state;
	expect_clean("Logement traversant, vue dégagée");   /* rsa */
	expect_clean("Café fermé, escalier B");             /* caf */
	expect_clean("Caparaçon");                          /* apl? no */
	expect_clean("Vérifier la maladrerie");             /* malade */
	expect_clean("Porte condamnée, enceinte de la résidence");
	expect_clean("Fenêtre condamnée à la demande du bailleur");
	expect_clean("Clés détenues par l'entreprise");
	expect_clean("Traitement anti-termites du sous-sol");
	expect_clean("Mise en dépression de la VMC");
	expect_clean("Prisonnier");                         /* prison* not a prefix */
	expect_clean("Casier à vélos cassé");
	expect_clean("Il est revenu voir la fuite");
	expect_hit("Casier judiciaire", "Casier judiciaire", "donnée judiciaire");
}

static void
test_numbers(void **state)
{
	(void)state;
	expect_hit("NIR 1 85 05 78 006 084 36 à noter", "1 85 0…", "numéro de sécurité sociale");
	expect_hit("n° 2850578006084", "2850…", "numéro de sécurité sociale");
	expect_hit("virement sur FR76 3000 6000 0112 3456 7890 189", "FR76…", "IBAN");
	expect_hit("iban: fr7630006000011234567890189", "iban", "coordonnée bancaire");
	expect_hit("carte 4111 1111 1111 1111 exp 12/27", "4111…", "numéro de carte bancaire");
	expect_hit("carte 4111-1111-1111-1111", "4111…", "numéro de carte bancaire");
	/* Lengths and checks that are not such numbers. */
	expect_clean("Appeler le 06 12 34 56 78 ou le 01 23 45 67 89");
	expect_clean("Compteur Linky PDL 12345678901234");
	expect_clean("Compteur n° 1234 5678 9012 3456");  /* Luhn fails */
	expect_clean("le 12.03.2024 à 10h30, bon 2025-000123");
	expect_clean("3850578006084");                    /* NIR starts 1, 2, 7 or 8 */
	expect_clean("X1850578006084");                   /* glued to a letter */
	expect_clean("FR76 1234");                        /* too short for an IBAN */
}

static void
test_messages(void **state)
{
	char *s;

	(void)state;
	assert_null(privacy_check(NULL));
	assert_null(privacy_check(""));
	assert_null(privacy_check("Fuite sous l'évier, plombier prévenu."));
	assert_null(privacy_advice("Ampoule changée hall A"));
	s = privacy_check("Hospitalisé jusqu'au 12");
	assert_string_equal(s, "« Hospitalisé » : donnée de santé ?");
	free(s);
	s = privacy_advice("hospitalisé");
	assert_string_equal(s, "Attention : « hospitalisé » ressemble à une donnée de "
	    "santé ; ne notez que ce qui est utile (RGPD)");
	free(s);
	s = privacy_advice("1 85 05 78 006 084 36");
	assert_string_equal(s, "Attention : « 1 85 0… » ressemble à un numéro de sécurité "
	    "sociale ; ne notez que ce qui est utile (RGPD)");
	free(s);
}

/* Invalid UTF-8 and long words must neither crash nor overflow. */
static void
test_odd_input(void **state)
{
	char big[400];
	struct privacy_hit h;

	(void)state;
	expect_clean("\xff\xfe caf\xe9");
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	memcpy(big, "handicap", 8);
	assert_int_equal(privacy_find(big, &h), 1);
	assert_true(strlen(h.seen) < sizeof h.seen);
	assert_int_equal(strncmp(h.seen, "handicapaaa", 11), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_accents_and_case),
		cmocka_unit_test(test_word_boundaries),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_odd_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
