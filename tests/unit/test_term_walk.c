/*
 * test_term_walk.c - the sentence walk of the term extractor
 * (extract_term.c) on synthetic contracts built to make it hop and cut: a
 * term sentence after many sentences without a cue (hopped over), after a
 * run longer than PCT_XT_SENTENCE_MAX without a sentence end (a sentence
 * cut at the limit), a strong cue inside such a run, a term heading far
 * down the document, and a renewal whose notice sits in the sentence after
 * it, far from the start.
 *
 * Approach: each test asserts the values the extractor must find; in debug
 * builds (and under ASan) pct_extract__term also reads every sentence the
 * plain way and asserts the same state, so a walk that skips or splits a
 * sentence wrongly fails here even when the value happens to survive.
 */
#include "extract_fixture.h"

#define TEXT_MAX 32768 /* bytes of a built contract */

#define HEAD                                                                                   \
    "SERVICES AGREEMENT\n\nThis Services Agreement is entered into effective as of June 1, "   \
    "2016 by and between Gamma Corp., a Delaware corporation (\"Provider\"), and Delta LLC "  \
    "(\"Client\").\n\n1. SERVICES\n\n"

/* Appends `n` copies of `piece` to `buf` (TEXT_MAX bytes). */
static void repeat(char *buf, const char *piece, int n)
{
    size_t len = strlen(buf), pl = strlen(piece);
    for (int i = 0; i < n; i++) {
        assert_true(len + pl < TEXT_MAX);
        memcpy(buf + len, piece, pl + 1);
        len += pl;
    }
}

static void append(char *buf, const char *s)
{
    assert_true(strlen(buf) + strlen(s) < TEXT_MAX);
    strcat(buf, s);
}

static void test_cue_after_many_sentences(void **state)
{
    fx *f = *state;
    static char text[TEXT_MAX];
    text[0] = '\0';
    append(text, HEAD);
    repeat(text, "Provider shall perform the services in a good and workmanlike manner. "
                 "Client shall pay each invoice when due. ",
           60);
    append(text, "This Agreement shall continue in effect for a period of three (3) years "
                 "from the Effective Date. Client may inspect the work at any time.\n");
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->initial_term, "36", "term.initial.from_effective_date");
    assert_value(&d->expiration_date, "2019-06-01", "term.expiration.effective_date_plus_term");
}

static void test_cue_after_sentence_cut_at_limit(void **state)
{
    fx *f = *state;
    static char text[TEXT_MAX];
    text[0] = '\0';
    append(text, HEAD);
    append(text, "Provider shall supply ");
    /* 2,600 bytes with no sentence end: the walk cuts it at the limit */
    repeat(text, "cables, connectors, adapters, brackets, ", 65);
    append(text, "and fasteners. The term of this Agreement shall be five (5) years from the "
                 "Effective Date.\n");
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->initial_term, "60", "term.initial.from_effective_date");
    assert_value(&d->expiration_date, "2021-06-01", "term.expiration.effective_date_plus_term");
}

static void test_cue_inside_a_run_without_end(void **state)
{
    fx *f = *state;
    static char text[TEXT_MAX];
    text[0] = '\0';
    append(text, HEAD);
    append(text, "Provider shall supply ");
    repeat(text, "cables, connectors, adapters, brackets, ", 20);
    /* the cue sits in a sentence that ends only at the limit */
    append(text, "and the term of this Agreement shall be two (2) years, and Provider shall "
                 "supply ");
    repeat(text, "cables, connectors, adapters, brackets, ", 60);
    append(text, "and fasteners.\n");
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->initial_term, "24", "term.initial.");
}

static void test_term_heading_far_down(void **state)
{
    fx *f = *state;
    static char text[TEXT_MAX];
    text[0] = '\0';
    append(text, HEAD);
    repeat(text, "Provider shall keep records of the services. Client may audit them. ", 40);
    /* no strong cue (nor a cue's word in the heading or the sentence before):
     * only the heading makes the second sentence of the section count */
    append(text, "\n\n2. DURATION\n\nThe parties have agreed as follows. Provider's "
                 "obligations stay in force for two (2) years from the Effective Date.\n\n3. "
                 "MISCELLANEOUS\n\nNotices shall be in writing.\n");
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->initial_term, "24", "term.initial.from_effective_date");
}

static void test_notice_after_renewal_far_down(void **state)
{
    fx *f = *state;
    static char text[TEXT_MAX];
    text[0] = '\0';
    append(text, HEAD);
    repeat(text, "Provider shall keep records of the services. Client may audit them. ", 40);
    append(text, "The term of this Agreement is twelve (12) months from the date hereof, and "
                 "will be automatically renewed for one (1) additional twelve month period "
                 "unless either party notifies the other in writing of its intention not to "
                 "renew. Such notice must be given sixty (60) days prior to expiration of the "
                 "original term. Client may audit the records.\n");
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->renewal_term, "12", "term.renewal.");
    assert_value(&d->notice_period_to_terminate_renewal, "60", "term.notice.next_sentence");
}

static void test_no_cue_anywhere(void **state)
{
    fx *f = *state;
    static char text[TEXT_MAX];
    text[0] = '\0';
    append(text, HEAD);
    repeat(text, "Provider shall keep records of the services for five (5) years. ", 40);
    repeat(text, "Provider shall supply cables, connectors, adapters, brackets, ", 30);
    append(text, "and fasteners.\n");
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->initial_term, NULL, NULL);
    assert_value(&d->expiration_date, NULL, NULL);
    assert_value(&d->renewal_term, NULL, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cue_after_many_sentences, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cue_after_sentence_cut_at_limit, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_cue_inside_a_run_without_end, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_term_heading_far_down, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_notice_after_renewal_far_down, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_no_cue_anywhere, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
