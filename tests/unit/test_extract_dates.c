/*
 * test_extract_dates.c - agreement, effective and signature dates, and
 * governing law, on small synthetic contracts: preamble cues, a defined
 * "Effective Date", dates that belong to a referenced agreement, and the
 * jurisdiction canonicaliser. The seed amendment is checked when PCT_SHARED
 * points at the shared data.
 */
#include "extract_fixture.h"

static const char *const body =
    "\n1. SERVICES\n\nSupplier shall provide the services described in Exhibit A.\n\n"
    "2. PAYMENT\n\nCustomer shall pay each invoice within thirty (30) days.\n";

static void test_entered_into_with_effective_label(void **state)
{
    fx *f = *state;
    char text[2048];
    snprintf(text, sizeof text,
             "SERVICES AGREEMENT\n\nThis Services Agreement (the \"Agreement\") is made and "
             "entered into as of March 3, 2015 (the \"Effective Date\") by and between Acme "
             "Corp., a Delaware corporation (\"Supplier\"), and Beta LLC (\"Customer\").\n%s",
             body);
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->agreement_date, "2015-03-03", "date.preamble");
    assert_value(&d->effective_date, "2015-03-03", "date.preamble.effective_date_defined");
    assert_span_text(f, &d->agreement_date, "March 3, 2015");
    assert_int_equal(d->effective_date.computed, 0);
}

static void test_dated_without_effective_language(void **state)
{
    fx *f = *state;
    char text[2048];
    snprintf(text, sizeof text,
             "SUPPLY AGREEMENT\n\nThis Supply Agreement is dated as of the 15th day of July, "
             "1998, between Gamma Inc. and Delta Ltd.\n%s",
             body);
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->agreement_date, "1998-07-15", "date.preamble.dated_as_of");
    assert_value(&d->effective_date, NULL, NULL);
}

static void test_effective_as_of_gives_both(void **state)
{
    fx *f = *state;
    char text[2048];
    snprintf(text, sizeof text,
             "LICENSE AGREEMENT\n\nThis License Agreement is entered into effective as of "
             "January 1, 2004 by and between Epsilon Corp. and Zeta Inc.\n%s",
             body);
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->agreement_date, "2004-01-01", "date.preamble.effective_as_of");
    assert_value(&d->effective_date, "2004-01-01", "date.preamble.effective_as_of");
}

static void test_amendment_ignores_referenced_date(void **state)
{
    fx *f = *state;
    char text[2048];
    snprintf(text, sizeof text,
             "AMENDMENT NO. 1\n\nThis Amendment No. 1, dated as of June 1, 2010, to the "
             "License Agreement dated as of January 5, 2008 between Eta Corp. and Theta "
             "Inc. is entered into by Eta Corp. and Theta Inc.\n%s",
             body);
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->agreement_date, "2010-06-01", "date.preamble.dated_as_of");
}

static void test_recital_date_is_not_this_documents(void **state)
{
    fx *f = *state;
    char text[2048];
    snprintf(text, sizeof text,
             "AMENDMENT NUMBER 2\n\nThis is Amendment No. 2 to the Services Agreement by and "
             "between Iota Inc. (\"Customer\") and Kappa Corp. (\"Vendor\").\n\nWHEREAS, "
             "Customer and Vendor have entered into a Services Agreement dated September 4, "
             "1997 (the \"Agreement\"); and\n\nWHEREAS, the parties wish to amend the "
             "Agreement,\n\nNOW, THEREFORE, the parties agree as follows:\n%s",
             body);
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->agreement_date, NULL, NULL);
    assert_value(&d->effective_date, NULL, NULL);
}

static void test_effective_date_defined_in_body(void **state)
{
    fx *f = *state;
    const char *text =
        "DISTRIBUTION AGREEMENT\n\nThis Distribution Agreement is dated as of July 1, 2012 "
        "between Lambda Inc. and Mu LLC.\n\n1. DEFINITIONS\n\n1.1 \"Effective Date\" means the "
        "date first written above.\n\n1.2 \"Territory\" means Canada.\n\n2. APPOINTMENT\n\n"
        "Lambda appoints Mu as its distributor in the Territory.\n";
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->agreement_date, "2012-07-01", "date.preamble.dated_as_of");
    assert_value(&d->effective_date, "2012-07-01", "date.effective.defined_as_agreement_date");
    assert_int_equal(d->effective_date.computed, 1);

    text = "DISTRIBUTION AGREEMENT\n\nThis Distribution Agreement is between Lambda Inc. and "
           "Mu LLC.\n\n1. DEFINITIONS\n\n1.1 \"Effective Date\" shall mean December 5, 2014.\n"
           "\n2. APPOINTMENT\n\nLambda appoints Mu as its distributor.\n";
    d = fx_facts_of(f, text);
    assert_value(&d->effective_date, "2014-12-05", "date.effective.defined");
    assert_value(&d->agreement_date, "2014-12-05", "date.agreement.from_effective_date");
}

/* The body's cues (after the recitals, which end the head) are tried only
 * near their gate words (effect*, force, dated): curly quotes, a statement
 * with a verb and a subject, a notice that is not the document, a cue whose
 * text holds another cue. */
static void test_effective_date_stated_in_body(void **state)
{
    fx *f = *state;
    const char *text =
        "SUPPLY AGREEMENT\n\nThis Supply Agreement is between Rho Inc. and Sigma LLC.\n\n"
        "WHEREAS, Rho makes products.\n\n1. DEFINITIONS\n\n1.1 \xE2\x80\x9C"
        "Effective Date\xE2\x80\x9D means March 1, 2020.\n\n"
        "2. SUPPLY\n\nRho shall supply the products.\n";
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->effective_date, "2020-03-01", "date.effective.defined");
    assert_span_text(f, &d->effective_date, "March 1, 2020");

    /* a notice's "shall be effective on" is not the document's; the letter agreement's is */
    text = "LETTER AGREEMENT\n\nThis letter agreement is between Rho Inc. and Sigma LLC.\n\n"
           "WHEREAS, Rho makes products.\n\n1. NOTICES\n\nAny notice shall be effective on May 5, "
           "2011 or on receipt.\n\n"
           "2. TERM\n\nThis letter agreement shall be effective as of June 1, 2012 and "
           "continues for one year.\n";
    d = fx_facts_of(f, text);
    assert_value(&d->effective_date, "2012-06-01", "date.effective.stated");
    assert_span_text(f, &d->effective_date, "June 1, 2012");

    /* one cue holds another ("... this Agreement shall be ..."): the first is read */
    text = "SERVICES AGREEMENT\n\nThis Services Agreement is between Rho Inc. and Sigma LLC.\n\n"
           "WHEREAS, Sigma offers services.\n\n1. TERM\n\nThe effective date of this Agreement "
           "shall be April 4, 2016.\n\n"
           "2. SERVICES\n\nSigma shall perform the services.\n";
    d = fx_facts_of(f, text);
    assert_value(&d->effective_date, "2016-04-04", "date.effective.stated");

    /* no gate word, no body cue: "This Agreement shall" alone states nothing */
    text = "SERVICES AGREEMENT\n\nThis Services Agreement is between Rho Inc. and Sigma LLC.\n\n"
           "WHEREAS, Sigma offers services.\n\n1. TERM\n\nThis Agreement shall continue until June "
           "30, 2016.\n";
    d = fx_facts_of(f, text);
    assert_value(&d->effective_date, NULL, NULL);
}

static void test_amendment_made_effective(void **state)
{
    fx *f = *state;
    char text[2048];
    snprintf(text, sizeof text,
             "AMENDMENT #3 TO THE SUPPLY AGREEMENT\n\nThis Amendment #3 to the Supply Agreement "
             "(this \"Amendment\") is made effective as of December 21, 2017 (\"Amendment "
             "Effective Date\"), by and between Omicron LLC and Pi SA.\n%s",
             body);
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->effective_date, "2017-12-21", "date.preamble.effective_date_defined");
    assert_string_equal(d->kind, "amendment");
    assert_value(&d->agreement_date, NULL, NULL);
}

static void test_governing_law(void **state)
{
    fx *f = *state;
    char text[2048];
    snprintf(text, sizeof text,
             "AGREEMENT\n\nThis Agreement is made as of May 2, 2019 between Nu Inc. and Xi "
             "Ltd.\n%s\n3. GOVERNING LAW\n\nThis Agreement shall be governed by and construed "
             "in accordance with the laws of the State of New York, without regard to its "
             "conflict of laws principles.\n",
             body);
    const pct_docfacts *d = fx_facts_of(f, text);
    assert_value(&d->governing_law, "New York", "law.");
    assert_span_text(f, &d->governing_law, "New York");

    snprintf(text, sizeof text,
             "AGREEMENT\n\nThis Agreement is made between Nu Inc. and Xi Ltd.\n%s\n3. "
             "MISCELLANEOUS\n\nThis Agreement is governed by the laws of England. Notices "
             "shall be sent to the addresses in Delaware.\n",
             body);
    d = fx_facts_of(f, text);
    assert_value(&d->governing_law, "England and Wales", "law.");

    /* the clause after a run-in heading, with the jurisdiction as the subject */
    snprintf(text, sizeof text,
             "AGREEMENT\n\nThis Agreement is made between Nu Inc. and Xi Ltd.\n%s\n3. "
             "MISCELLANEOUS\n\n3.1 Governing Law. The laws of the Commonwealth of "
             "Massachusetts (excluding its conflict of laws rules) govern this Agreement.\n",
             body);
    d = fx_facts_of(f, text);
    assert_value(&d->governing_law, "Massachusetts", "law.");

    /* a cue that names no jurisdiction is passed over for a later clause; a
     * state is preferred to the country that contains it */
    snprintf(text, sizeof text,
             "AGREEMENT\n\nThis Agreement is made between Nu Inc. and Xi Ltd.\n%s\n3. "
             "MISCELLANEOUS\n\nHeadings shall not be interpreted as part of this Agreement. "
             "This Agreement is governed by the federal laws of the United States and the laws "
             "of the State of Washington.\n",
             body);
    d = fx_facts_of(f, text);
    assert_value(&d->governing_law, "Washington", "law.governed_by");
    assert_span_text(f, &d->governing_law, "Washington");

    /* "governed by" without a jurisdiction is no choice of law */
    snprintf(text, sizeof text,
             "AGREEMENT\n\nThis Agreement is made between Nu Inc. and Xi Ltd.\n%s\n3. "
             "PLAN\n\nAwards are governed by the terms of the Plan.\n",
             body);
    d = fx_facts_of(f, text);
    assert_value(&d->governing_law, NULL, NULL);
}

static void test_jurisdiction_canon(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"State of New York", "New York"},
        {"the laws of the State of Delaware", "Delaware"},
        {"PRC", "China"},
        {"the People's Republic of China", "China"},
        {"Ontario", "Ontario, Canada"},
        {"the Province of British Columbia", "British Columbia, Canada"},
        {"Commonwealth of Massachusetts", "Massachusetts"},
        {"West Virginia", "West Virginia"},
        {"State of Israel", "Israel"},
        {"Hong Kong", "Hong Kong"},
        {"Washington, D.C.", "District of Columbia"},
        {"New Jersey", "New Jersey"},
        {"the Republic of Korea", "Korea"},
        {"U.S.A.", "United States"},
        {"Qu\xC3\xA9" "bec", "Quebec, Canada"},
        {"MISSISSIPPI", "Mississippi"},
        {"Narnia", NULL},
        {"New Yorkshire", NULL},
        {"Kansasville", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t m = 0;
        const char *got = pct_jurisdiction__canon(cases[i].in, strlen(cases[i].in), &m);
        if (!cases[i].want) {
            if (got)
                fail_msg("\"%s\" -> \"%s\", expected none", cases[i].in, got);
            assert_int_equal(m, 0);
            continue;
        }
        if (!got || strcmp(got, cases[i].want) != 0)
            fail_msg("\"%s\" -> \"%s\", expected \"%s\"", cases[i].in, got ? got : "(none)",
                     cases[i].want);
        assert_int_equal(m, strlen(cases[i].in));
    }
}

static void test_seed(void **state)
{
    fx *f = *state;
    const char *shared = getenv("PCT_SHARED");
    if (!shared) {
        print_message("PCT_SHARED not set: seed check skipped\n");
        skip();
    }
    char path[1024];
    snprintf(path, sizeof path, "%s/seed/kmc-lucent-amendment-2.txt", shared);
    if (pct_doc_parse_file(&f->doc, f->ctx, path) == PCT_ENOTFOUND) {
        print_message("%s absent: seed check skipped\n", path);
        skip();
    }
    assert_non_null(f->doc);
    assert_int_equal(pct_extract(&f->facts, f->ctx, f->doc), 0);
    const pct_docfacts *d = pct_facts_doc(f->facts, 0);
    assert_non_null(d);
    /* the 1997 date belongs to the amended agreement, not to this amendment */
    assert_value(&d->agreement_date, NULL, NULL);
    assert_value(&d->effective_date, NULL, NULL);
    assert_true(d->nsignature_dates >= 2); /* every signing entity dated its block */
    for (size_t i = 0; i < d->nsignature_dates; i++) {
        assert_string_equal(d->signature_dates[i].value, "2000-09-29");
        assert_string_equal(d->signature_dates[i].raw, "9-29-00");
        assert_string_equal(d->signature_dates[i].rule, "date.signature");
    }
    assert_value(&d->expiration_date, "2005-09-30", "term.expiration.extended_to");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_entered_into_with_effective_label, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_dated_without_effective_language, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_effective_as_of_gives_both, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_amendment_ignores_referenced_date, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_recital_date_is_not_this_documents, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_effective_date_defined_in_body, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_effective_date_stated_in_body, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_amendment_made_effective, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_governing_law, fx_setup, fx_teardown),
        cmocka_unit_test(test_jurisdiction_canon),
        cmocka_unit_test_setup_teardown(test_seed, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
