/*
 * test_extract_term.c - the term of a contract on synthetic texts: an initial
 * term counted from the effective date (expiration computed and marked so),
 * automatic renewal with its notice period, a stated expiration date, a
 * contract that runs until terminated, and renewal periods equal to the
 * initial term. Also checks that a notice period for termination for cause
 * is not taken for a renewal notice, that "unless terminated earlier / sooner"
 * or "until terminated in accordance with" after a stated period limits the
 * term instead of making it perpetual (while "continue in effect until" an
 * event is perpetual), and that a period named the "Initial
 * Term" stays the initial term under a "Term and Renewal" heading.
 */
#include "extract_fixture.h"

#define HEAD                                                                                   \
    "SUPPLY AGREEMENT\n\nThis Supply Agreement is entered into effective as of March 3, 2015 " \
    "by and between Acme Corp., a Delaware corporation (\"Supplier\"), and Beta LLC "         \
    "(\"Customer\").\n\n1. SUPPLY\n\nSupplier shall supply the products listed in Exhibit "   \
    "A.\n\n"

static void test_initial_term_renewal_notice(void **state)
{
    fx *f = *state;
    const char *text =
        HEAD "2. TERM\n\nThis Agreement shall commence on the Effective Date and shall continue "
             "in effect for a period of five (5) years from the Effective Date. Thereafter, "
             "this Agreement shall automatically renew for successive one (1) year periods "
             "unless either party gives the other written notice of non-renewal at least "
             "ninety (90) days prior to the end of the then-current term.\n\n3. TERMINATION\n\n"
             "Either party may terminate this Agreement for material breach upon thirty (30) "
             "days' written notice.\n";
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->effective_date, "2015-03-03", NULL);
    assert_value(&d->initial_term, "60", "term.initial.");
    assert_value(&d->expiration_date, "2020-03-03", "term.expiration.effective_date_plus_term");
    assert_int_equal(d->expiration_date.computed, 1);
    assert_value(&d->renewal_term, "12", "term.renewal.");
    assert_value(&d->notice_period_to_terminate_renewal, "90", "term.notice.");
}

static void test_stated_expiration(void **state)
{
    fx *f = *state;
    const char *text =
        HEAD "2. TERM\n\nThe term of this Agreement begins on the Effective Date and this "
             "Agreement shall expire on December 31, 2020, unless terminated earlier.\n";
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->expiration_date, "2020-12-31", "term.expiration.stated");
    assert_int_equal(d->expiration_date.computed, 0);
    assert_value(&d->renewal_term, NULL, NULL);
    assert_value(&d->notice_period_to_terminate_renewal, NULL, NULL);
}

static void test_until_terminated(void **state)
{
    fx *f = *state;
    const char *text =
        HEAD "2. TERM\n\nThis Agreement shall commence on the Effective Date and shall continue "
             "in full force and effect until terminated by either party in accordance with "
             "Section 3.\n\n3. TERMINATION\n\nEither party may terminate this Agreement upon "
             "sixty (60) days' written notice to the other party.\n";
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->expiration_date, "perpetual", "term.expiration.until_terminated");
    assert_value(&d->initial_term, NULL, NULL);
    assert_value(&d->notice_period_to_terminate_renewal, NULL, NULL);
}

static void test_renewal_same_as_initial(void **state)
{
    fx *f = *state;
    const char *text =
        HEAD "2. TERM\n\nThe initial term of this Agreement shall be two (2) years from the "
             "Effective Date (the \"Initial Term\"). This Agreement shall thereafter renew "
             "automatically for additional periods equal to the Initial Term.\n";
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->initial_term, "24", "term.initial.");
    assert_value(&d->expiration_date, "2017-03-03", "term.expiration.");
    assert_value(&d->renewal_term, "24", "term.renewal.same_as_initial");
}

static void test_notice_in_next_sentence(void **state)
{
    fx *f = *state;
    const char *text =
        HEAD "2. TERM\n\nThe term of this Agreement is twelve (12) months from the date hereof, "
             "and will be automatically renewed for one (1) additional twelve month period "
             "unless either party notifies the other in writing of its intention not to renew. "
             "Such notice must be given sixty (60) days prior to expiration of the original "
             "term.\n";
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->renewal_term, "12", "term.renewal.");
    assert_value(&d->notice_period_to_terminate_renewal, "60", "term.notice.next_sentence");
}

static void test_renewal_option_is_no_notice(void **state)
{
    fx *f = *state;
    const char *text =
        HEAD "2. TERM\n\nThis Agreement shall continue in effect for a period of three (3) "
             "years. Customer shall have the option to renew this Agreement for an additional "
             "three (3) year period by providing written notice within ninety (90) days of the "
             "end of the initial period.\n";
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->initial_term, "36", "term.initial.");
    assert_value(&d->renewal_term, "36", "term.renewal.");
    assert_value(&d->notice_period_to_terminate_renewal, NULL, NULL);
}

static void test_no_term_language(void **state)
{
    fx *f = *state;
    const char *text =
        HEAD "2. PAYMENT\n\nCustomer shall pay each invoice within thirty (30) days of receipt. "
             "Late payments bear interest of one percent per month.\n";
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->expiration_date, NULL, NULL);
    assert_value(&d->initial_term, NULL, NULL);
    assert_value(&d->renewal_term, NULL, NULL);
    assert_value(&d->notice_period_to_terminate_renewal, NULL, NULL);
}

/* "unless terminated earlier" after a stated duration limits the term; it
 * does not make the agreement run until terminated */
static void test_duration_unless_terminated_earlier(void **state)
{
    fx *f = *state;
    const char *text =
        HEAD "2. TERM AND TERMINATION\n\n2.1 Term. This Agreement begins on the Effective Date "
             "and continues for three (3) years, unless terminated earlier under this Section "
             "2.\n\n2.2 Renewal. After the initial term, this Agreement renews automatically for "
             "successive one (1) year periods unless either Party gives written notice of "
             "non-renewal at least sixty (60) days before the end of the then-current term.\n\n"
             "2.3 Termination for Cause. Either Party may terminate this Agreement if the other "
             "Party fails to cure a material breach within thirty (30) days after notice.\n";
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->initial_term, "36", "term.initial.");
    assert_value(&d->expiration_date, "2018-03-03", "term.expiration.effective_date_plus_term");
    assert_int_equal(d->expiration_date.computed, 1);
    assert_value(&d->renewal_term, "12", "term.renewal.");
    assert_value(&d->notice_period_to_terminate_renewal, "60", "term.notice.");
}

static void test_duration_unless_sooner_terminated(void **state)
{
    fx *f = *state;
    const char *text =
        HEAD "2. DURATION\n\nThis Agreement shall remain in effect for a period of five (5) "
             "years from the Effective Date unless sooner terminated in accordance with "
             "Section 3.\n\n3. TERMINATION\n\nEither party may terminate this Agreement for "
             "material breach upon thirty (30) days' written notice.\n";
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->initial_term, "60", "term.initial.");
    assert_value(&d->expiration_date, "2020-03-03", "term.expiration.effective_date_plus_term");
    assert_int_equal(d->expiration_date.computed, 1);
}

static void test_duration_until_terminated_in_accordance(void **state)
{
    fx *f = *state;
    const char *text =
        HEAD "2. TERM\n\nThis Agreement shall be effective for a term of four (4) years from "
             "the Effective Date or until terminated in accordance with Section 3, whichever "
             "occurs first.\n\n3. TERMINATION\n\nEither party may terminate this Agreement "
             "upon ninety (90) days' written notice.\n";
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->initial_term, "48", "term.initial.");
    assert_value(&d->expiration_date, "2019-03-03", "term.expiration.effective_date_plus_term");
}

static void test_remain_until_terminated(void **state)
{
    fx *f = *state;
    const char *text =
        HEAD "2. TERM\n\nThis Agreement shall remain in effect until terminated by either "
             "party as provided in Section 3.\n\n3. TERMINATION\n\nEither party may terminate "
             "this Agreement upon thirty (30) days' written notice to the other party.\n";
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->expiration_date, "perpetual", "term.expiration.until_terminated");
    assert_value(&d->initial_term, NULL, NULL);
}

/* "until the later of" a period and an event has an end, so it is not
 * perpetual; as CUAD's reviewers do, the stated period gives the date */
static void test_until_the_later_of(void **state)
{
    fx *f = *state;
    const char *text =
        HEAD "2. TERM\n\nThis Agreement shall continue until the later of (a) five (5) years "
             "from the Effective Date or (b) the expiration of the last to expire of the "
             "Licensed Patents, unless terminated earlier as provided herein.\n";
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->expiration_date, "2020-03-03", "term.expiration.effective_date_plus_term");
}

/* "continue in effect until <an event>" has no fixed end; "until the end of
 * the fifth Contract Year" has one, though no date the text states */
static void test_until_an_event(void **state)
{
    fx *f = *state;
    const pct_docfacts *d = fx_facts_of(
        f, HEAD "2. TERM\n\nThis Agreement shall continue in effect until Customer ceases to "
                "sell the Products in the Territory.\n");
    assert_value(&d->expiration_date, "perpetual", "term.expiration.until_terminated");
    d = fx_facts_of(f, HEAD "2. TERM\n\nThis Agreement shall remain in effect until the end of the "
                            "fifth Contract Year.\n");
    assert_value(&d->expiration_date, NULL, NULL);
}

/* a period named the "Initial Term" is the initial term even when the
 * heading run into the sentence says "Renewal" */
static void test_defined_initial_term_under_renewal_heading(void **state)
{
    fx *f = *state;
    const char *text =
        HEAD "2. Term and Renewal The term of this Agreement shall begin on the Effective Date "
             "and continue for a period of two (2) years (the \"Initial Term\"), unless sooner "
             "terminated as provided herein. Upon expiration of the Initial Term, this Agreement "
             "shall automatically renew for consecutive one (1) year periods unless either party "
             "gives notice of non-renewal at least thirty (30) days prior to the expiration of "
             "the then-current term.\n";
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->initial_term, "24", "term.initial.");
    assert_value(&d->expiration_date, "2017-03-03", "term.expiration.effective_date_plus_term");
    assert_value(&d->renewal_term, "12", "term.renewal.");
    assert_value(&d->notice_period_to_terminate_renewal, "30", "term.notice.");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_initial_term_renewal_notice, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_stated_expiration, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_until_terminated, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_renewal_same_as_initial, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_notice_in_next_sentence, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_renewal_option_is_no_notice, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_no_term_language, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_duration_unless_terminated_earlier, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_duration_unless_sooner_terminated, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_duration_until_terminated_in_accordance, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_remain_until_terminated, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_until_the_later_of, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_until_an_event, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_defined_initial_term_under_renewal_heading, fx_setup,
                                        fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
