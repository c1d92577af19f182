/*
 * test_extract_clauses.c - clause categories on synthetic contracts: the 33
 * categories in CUAD's order; clauses found from sentences (consent to
 * assign, a licence grant, a right to terminate on notice, insurance to
 * maintain) and from headings (Limitation of Liability), each with a rule
 * id and a span that covers the evidence; look-alikes that must not fire
 * ("non-exclusive", "upon termination for any reason", "no third party
 * beneficiaries", "any number of counterparts", "competent jurisdiction");
 * the clauses object of the CUAD line; a document without any clause.
 */
#include "extract_fixture.h"

static const pct_clause *clause(const pct_docfacts *d, const char *cat)
{
    for (size_t i = 0; i < d->nclauses; i++)
        if (!strcmp(d->clauses[i].category, cat))
            return &d->clauses[i];
    fail_msg("no category \"%s\"", cat);
    return NULL;
}

/* present, with a rule starting with `rule_prefix` and a span (ASCII input:
 * original offsets are text offsets) that contains `word` */
static void assert_present(fx *f, const pct_docfacts *d, const char *cat, const char *rule_prefix,
                           const char *word)
{
    const pct_clause *c = clause(d, cat);
    if (!c->present)
        fail_msg("expected \"%s\" present", cat);
    assert_non_null(c->rule);
    if (strncmp(c->rule, rule_prefix, strlen(rule_prefix)) != 0)
        fail_msg("\"%s\": rule \"%s\" does not start with \"%s\"", cat, c->rule, rule_prefix);
    assert_true(c->span.start < c->span.end);
    assert_true(c->span.end <= strlen(f->text));
    size_t n = c->span.end - c->span.start;
    char *ev = malloc(n + 1);
    memcpy(ev, f->text + c->span.start, n);
    ev[n] = '\0';
    if (!strstr(ev, word))
        fail_msg("\"%s\": evidence \"%s\" lacks \"%s\"", cat, ev, word);
    free(ev);
}

static void assert_absent(const pct_docfacts *d, const char *cat)
{
    const pct_clause *c = clause(d, cat);
    if (c->present)
        fail_msg("expected \"%s\" absent, got rule %s", cat, c->rule);
    assert_null(c->rule);
    assert_int_equal(c->span.start, 0);
    assert_int_equal(c->span.end, 0);
}

#define HEAD                                                                                   \
    "DISTRIBUTION AND LICENSE AGREEMENT\n\nThis Distribution and License Agreement is entered " \
    "into as of May 4, 2016 by and between Northwind Widgets Inc., a Delaware corporation "     \
    "(\"Supplier\"), and Harbor Retail LLC (\"Distributor\").\n\n"

static const char *const CONTRACT =
    HEAD "1. APPOINTMENT\n\n"
    "1.1 Supplier hereby appoints Distributor as its exclusive distributor of the Products in "
    "the Territory.\n\n"
    "2. LICENSE\n\n"
    "2.1 Supplier hereby grants to Distributor a non-exclusive, non-transferable license to use "
    "the Marks solely to market the Products in the Territory.\n\n"
    "3. TERM AND TERMINATION\n\n"
    "3.1 Either party may terminate this Agreement at any time upon sixty (60) days' prior "
    "written notice to the other party.\n\n"
    "3.2 Upon termination of this Agreement for any reason, Distributor shall return all "
    "promotional materials.\n\n"
    "4. INSURANCE\n\n"
    "4.1 Distributor shall maintain general liability insurance with a reputable insurer.\n\n"
    "5. LIMITATION OF LIABILITY\n\n"
    "5.1 In no event shall either party's aggregate liability under this Agreement exceed the "
    "fees paid in the twelve months before the claim.\n\n"
    "6. MISCELLANEOUS\n\n"
    "6.1 Neither party may assign this Agreement without the prior written consent of the "
    "other party.\n\n"
    "6.2 There are no third party beneficiaries of this Agreement.\n\n"
    "6.3 Any dispute shall be settled by a court of competent jurisdiction, which shall not be "
    "bound by prior rulings.\n\n"
    "6.4 This Agreement may be executed in any number of counterparts.\n\n"
    "IN WITNESS WHEREOF, the parties have signed this Agreement.\n\n"
    "NORTHWIND WIDGETS INC.\n\nBy: /s/ Ann Lee\nName: Ann Lee\nTitle: President\n";

static void test_categories_in_cuad_order(void **state)
{
    fx *f = *state;
    const pct_docfacts *d = fx_facts_of(f, CONTRACT);
    assert_int_equal(d->nclauses, 33);
    assert_string_equal(d->clauses[0].category, "Most Favored Nation");
    assert_string_equal(d->clauses[10].category, "Anti-Assignment");
    assert_string_equal(d->clauses[17].category, "License Grant");
    assert_string_equal(d->clauses[32].category, "Third Party Beneficiary");
}

static void test_sentences_and_headings(void **state)
{
    fx *f = *state;
    const pct_docfacts *d = fx_facts_of(f, CONTRACT);
    assert_present(f, d, "Anti-Assignment", "clause.anti_assignment.", "consent");
    assert_present(f, d, "License Grant", "clause.license_grant.", "grants");
    assert_present(f, d, "Non-Transferable License", "clause.non_transferable_license.",
                   "non-transferable");
    assert_present(f, d, "Exclusivity", "clause.exclusivity.", "exclusive distributor");
    assert_present(f, d, "Termination for Convenience", "clause.termination_convenience.",
                   "may terminate");
    assert_present(f, d, "Cap on Liability", "clause.cap_on_liability.", "LIMITATION");
    assert_present(f, d, "Insurance", "clause.insurance.", "maintain");
}

static void test_look_alikes(void **state)
{
    fx *f = *state;
    const pct_docfacts *d = fx_facts_of(f, CONTRACT);
    assert_absent(d, "Third Party Beneficiary");        /* "no third party beneficiaries" */
    assert_absent(d, "Unlimited/All-You-Can-Eat License"); /* "any number of counterparts" */
    assert_absent(d, "Non-Compete");                    /* "competent jurisdiction" */
    assert_absent(d, "Irrevocable or Perpetual License");
    assert_absent(d, "Most Favored Nation");
    assert_absent(d, "Change of Control");

    /* a right to terminate is needed; "upon termination for any reason" is not one, and a
     * non-exclusive licence is no exclusivity */
    const char *text = HEAD "1. LICENSE\n\n1.1 Supplier grants Distributor a non-exclusive license "
                            "to use the Marks.\n\n2. EFFECT OF TERMINATION\n\n2.1 Upon "
                            "termination of this Agreement for any reason, Distributor shall "
                            "cease using the Marks.\n";
    d = fx_facts_of(f, text);
    assert_present(f, d, "License Grant", "clause.license_grant.", "non-exclusive license");
    assert_absent(d, "Exclusivity");
    assert_absent(d, "Termination for Convenience");
    assert_absent(d, "Anti-Assignment");
}

static void test_more_categories(void **state)
{
    fx *f = *state;
    const char *text =
        HEAD "1. PRICING\n\n1.1 Supplier agrees that the prices charged to Distributor shall be no "
             "less favorable than the prices charged to any other customer for similar "
             "quantities.\n\n"
             "2. RECORDS\n\n2.1 Distributor shall keep accurate books and records and Supplier "
             "may audit such books and records once a year.\n\n"
             "3. NON-SOLICITATION\n\n3.1 During the term, neither party shall solicit for "
             "employment any employee of the other party.\n\n"
             "4. CHANGE OF CONTROL\n\n4.1 Supplier may terminate this Agreement upon a change of "
             "control of Distributor.\n\n"
             "5. ROYALTIES\n\n5.1 Distributor shall pay Supplier five percent (5%) of Net Sales "
             "of the Products.\n\n"
             "6. MISCELLANEOUS\n\n6.1 The indemnified persons are intended third party "
             "beneficiaries of Section 7.\n";
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_present(f, d, "Most Favored Nation", "clause.mfn.", "less favorable");
    assert_present(f, d, "Audit Rights", "clause.audit.", "RECORDS");
    assert_present(f, d, "No-Solicit of Employees", "clause.no_solicit_employees.", "solicit");
    assert_present(f, d, "Change of Control", "clause.change_of_control.", "CHANGE OF CONTROL");
    assert_present(f, d, "Revenue/Profit Sharing", "clause.revenue_sharing.", "Net Sales");
    assert_present(f, d, "Third Party Beneficiary", "clause.third_party_beneficiary.",
                   "intended third party");
    assert_absent(d, "Insurance");
}

static int sink_buf(const char *data, size_t len, void *ud)
{
    char *buf = ud;
    size_t have = strlen(buf);
    if (have + len >= 8192)
        return -1;
    memcpy(buf + have, data, len);
    buf[have + len] = '\0';
    return 0;
}

static void test_render(void **state)
{
    fx *f = *state;
    (void)fx_facts_of(f, CONTRACT);
    char *buf = calloc(1, 8192);
    assert_int_equal(pct_render_facts_cuad(f->facts, "t.txt", sink_buf, buf), 0);
    assert_non_null(strstr(buf, "\"clauses\":{\"Most Favored Nation\":false"));
    assert_non_null(strstr(buf, "\"Anti-Assignment\":true"));
    assert_non_null(strstr(buf, "\"Third Party Beneficiary\":false}"));
    free(buf);
}

static void test_no_clauses(void **state)
{
    fx *f = *state;
    const pct_docfacts *d = fx_facts_of(f, "MEMO\n\nThe quarterly meeting moves to Tuesday.\n");
    assert_int_equal(d->nclauses, 33);
    for (size_t i = 0; i < d->nclauses; i++)
        assert_absent(d, d->clauses[i].category);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_categories_in_cuad_order, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_sentences_and_headings, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_look_alikes, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_more_categories, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_render, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_no_clauses, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
