/*
 * test_secnum.c - the section-number recogniser: every numbering style, the
 * normalised text, headings, and the tokens that must not pass (years,
 * amounts, references in running text).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "secnum.h"

#include <string.h>

static int parse(const char *s, pct_secnum *n) { return pct_secnum__parse(s, strlen(s), n); }

static void check(const char *line, pct_numstyle style, const char *text, int depth)
{
    pct_secnum n;
    if (!parse(line, &n))
        fail_msg("not recognised: \"%s\"", line);
    if (n.style != style)
        fail_msg("\"%s\": style %d, want %d", line, n.style, style);
    assert_string_equal(n.text, text);
    assert_int_equal(n.depth, depth);
}

static void reject(const char *line)
{
    pct_secnum n;
    if (parse(line, &n))
        fail_msg("wrongly recognised: \"%s\" as \"%s\"", line, n.text);
}

static void styles(void **state)
{
    (void)state;
    check("1. Definitions", PCT_NUM_DECIMAL, "1", 1);
    check("12.  TERM", PCT_NUM_DECIMAL, "12", 1);
    check("1.1 Licence Grant.", PCT_NUM_DECIMAL, "1.1", 2);
    check("1.1. Licence", PCT_NUM_DECIMAL, "1.1", 2);
    check("2.3.4 Audits", PCT_NUM_DECIMAL, "2.3.4", 3);
    check("(a) the Licensee", PCT_NUM_PAREN_ALPHA, "(a)", 1);
    check("(iv) any", PCT_NUM_PAREN_ROMAN, "(iv)", 1);
    check("(A) Sub", PCT_NUM_PAREN_UPPER, "(A)", 1);
    check("(12) item", PCT_NUM_PAREN_DIGIT, "(12)", 1);
    check("a) item", PCT_NUM_PAREN_ALPHA, "a)", 1);
    check("A. Background", PCT_NUM_UPPER_ALPHA, "A", 1);
    check("IV. REMEDIES", PCT_NUM_ROMAN, "IV", 1);
    check("I. GENERAL", PCT_NUM_ROMAN, "I", 1);
    check("ARTICLE IV", PCT_NUM_ARTICLE, "IV", 1);
    check("ARTICLE 4 - TERM", PCT_NUM_ARTICLE, "4", 1);
    check("Article 12. Miscellaneous", PCT_NUM_ARTICLE, "12", 1);
    check("Section 2.3 Payment", PCT_NUM_SECTION_KW, "2.3", 2);
    check("SECTION 7. NOTICES", PCT_NUM_SECTION_KW, "7", 1);
    check("\xc2\xa7" "2.3 Fees", PCT_NUM_SECTION_KW, "2.3", 2);
    check("\xc2\xa7 5 Term", PCT_NUM_SECTION_KW, "5", 1);
    check("3\tScope", PCT_NUM_DECIMAL, "3", 1);
    check("a. the first", PCT_NUM_PAREN_ALPHA, "a", 1);
    check("iv. the fourth", PCT_NUM_PAREN_ROMAN, "iv", 1);
    /* squeezed against a capitalised word, as some filings print them */
    check("1.Definitions", PCT_NUM_DECIMAL, "1", 1);
    check("(A)The Parties", PCT_NUM_PAREN_UPPER, "(A)", 1);
    check("Article 1.Amendment", PCT_NUM_ARTICLE, "1", 1);
}

static void rejects(void **state)
{
    (void)state;
    reject("2005. The parties");    /* a year */
    reject("1999 was a good year"); /* a bare number without a dot */
    reject("3 months after");       /* a bare number, one space */
    reject("$1.5 million");
    reject("10,000 units");
    reject("section 2.3 of the Agreement"); /* a reference in running text */
    reject("article of clothing");
    reject("(the \"Agreement\")");
    reject("AB. no");
    reject("1.2million");
    reject("");
    reject("Inc. and");
    reject("e.g. the");
    reject("i.e. the");
    reject("a.");         /* alone: a wrapped word */
    reject("1.5million");
    reject("(a)the");     /* squeezed only against a capitalised word */
}

static void ambiguity_flags(void **state)
{
    (void)state;
    pct_secnum n;
    assert_true(parse("(i) first", &n));
    assert_int_equal(n.style, PCT_NUM_PAREN_ROMAN); /* without context, (i) is roman */
    assert_true(n.ambiguous_roman);
    assert_true(parse("(v) fifth", &n));
    assert_true(n.ambiguous_roman);
    assert_true(parse("(x) tenth", &n));
    assert_true(n.ambiguous_roman);
    assert_true(parse("(c) third", &n));
    assert_false(n.ambiguous_roman); /* roman c (100) is never reached */
    assert_true(parse("(b) second", &n));
    assert_false(n.ambiguous_roman);
    assert_int_equal(n.comp[0], 2);
    assert_true(parse("(ii) second", &n));
    assert_false(n.ambiguous_roman);
    assert_int_equal(n.comp[0], 2);
}

static void components(void **state)
{
    (void)state;
    pct_secnum n;
    assert_true(parse("10.2.7 Item", &n));
    assert_int_equal(n.comp[0], 10);
    assert_int_equal(n.comp[1], 2);
    assert_int_equal(n.comp[2], 7);
    assert_true(parse("ARTICLE XIV", &n));
    assert_int_equal(n.comp[0], 14);
    assert_int_equal(pct_secnum__roman("xxxix", 5), 39);
    assert_int_equal(pct_secnum__roman("IIII", 4), 0);
    /* a long run of digits must not overflow or pass */
    reject("1.2.3.4.5.6.7.8.9.10 deep");
    reject("123456789. big");
}

static size_t heading(const char *after, int caps)
{
    size_t hl;
    pct_secnum__heading(after, strlen(after), caps, &hl);
    return hl;
}

static void headings(void **state)
{
    (void)state;
    assert_int_equal(heading("Term and Termination. This Agreement shall", 0),
                     strlen("Term and Termination"));
    assert_int_equal(heading("SCOPE OF AGREEMENT", 1), strlen("SCOPE OF AGREEMENT"));
    assert_int_equal(heading("Governing Law: This Agreement", 0), strlen("Governing Law"));
    assert_int_equal(heading("U.S. Sales. The", 0), strlen("U.S. Sales"));
    assert_int_equal(heading("Uptime of 99.5% or More. The", 0), strlen("Uptime of 99.5% or More"));
    /* a sentence is not a heading */
    assert_int_equal(heading("the Licensee shall pay the fees within thirty days.", 0), 0);
    assert_int_equal(heading("Licensee shall pay all amounts due under this agreement to the "
                             "Licensor within thirty days of the invoice. It", 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(styles),     cmocka_unit_test(rejects),  cmocka_unit_test(ambiguity_flags),
        cmocka_unit_test(components), cmocka_unit_test(headings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
