/*
 * test_tree.c - the document tree built by parse_doc.c on synthetic
 * contracts: documents, title, preamble, recitals, sections nested by their
 * numbering, signatures, exhibits, artefacts; the (i)-after-(h) ambiguity;
 * pathological shapes (deep numbering, many sections) stay linear; and the
 * seed document's acceptance outline (skipped when PCT_SHARED is absent).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pactum.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pct_ctx *g_ctx;

static pct_doc *parse(const char *text)
{
    pct_doc *doc = NULL;
    int err = pct_doc_parse(&doc, g_ctx, "test", text, strlen(text));
    if (err < 0)
        fail_msg("parse failed: %s", pct_errmsg(g_ctx));
    if (pct_doc_check(doc) < 0)
        fail_msg("check failed: %s", pct_errmsg(g_ctx));
    return doc;
}

/* The k-th (0-based) child of `n` of type `t`, skipping artefacts. */
static const pct_node *child(const pct_node *n, pct_node_type t, int k)
{
    for (const pct_node *c = pct_node_first_child(n); c; c = pct_node_next(c))
        if (pct_node_get_type(c) == t && k-- == 0)
            return c;
    return NULL;
}

static int count(const pct_node *n, pct_node_type t)
{
    int k = 0;
    for (const pct_node *c = pct_node_first_child(n); c; c = pct_node_next(c))
        k += pct_node_get_type(c) == t;
    return k;
}

static void expect_section(const pct_node *s, const char *number, const char *heading)
{
    if (!s)
        fail_msg("section %s missing", number);
    assert_int_equal(pct_node_get_type(s), PCT_NODE_SECTION);
    assert_string_equal(pct_node_number(s), number);
    if (heading)
        assert_string_equal(pct_node_heading(s), heading);
}

static const char simple[] =
    "                         MASTER SUPPLY AGREEMENT\n"
    "\n"
    "This Master Supply Agreement (the \"Agreement\") is made as of March 3, 2021 by and\n"
    "between Alder Widgets Inc., a Delaware corporation (\"Supplier\"), and Birch Retail\n"
    "LLC, an Ohio limited liability company (\"Buyer\").\n"
    "\n"
    "WHEREAS, Supplier makes widgets; and\n"
    "\n"
    "WHEREAS, Buyer wishes to buy widgets from Supplier.\n"
    "\n"
    "NOW, THEREFORE, the parties agree as follows:\n"
    "\n"
    "ARTICLE I\n"
    "DEFINITIONS\n"
    "\n"
    "1.1 \"Products\" means the widgets listed in Exhibit A.\n"
    "\n"
    "1.2 \"Term\" has the meaning given in Section 2.1.\n"
    "\n"
    "ARTICLE II\n"
    "TERM AND TERMINATION\n"
    "\n"
    "2.1 Term. This Agreement runs for three years from the date above.\n"
    "\n"
    "2.2 Termination. Either party may terminate this Agreement:\n"
    "\n"
    "     (a) on notice, if the other party breaches it and does not cure the breach\n"
    "within thirty days; or\n"
    "\n"
    "     (b) at once, if the other party:\n"
    "\n"
    "          (i) becomes insolvent; or\n"
    "\n"
    "          (ii) ceases business.\n"
    "\n"
    "2.3 Survival. Sections 1.1 and 2.2 survive termination.\n"
    "\n"
    "<PAGE>\n"
    "\n"
    "IN WITNESS WHEREOF, the parties have signed this Agreement.\n"
    "\n"
    "ALDER WIDGETS INC.                      BIRCH RETAIL LLC\n"
    "\n"
    "By: /s/ Ann Alder                       By: /s/ Bo Birch\n"
    "Name: Ann Alder                         Name: Bo Birch\n"
    "Title: President                        Title: Manager\n"
    "\n"
    "                                  - 5 -\n"
    "\n"
    "EXHIBIT A\n"
    "PRODUCTS\n"
    "\n"
    "1. Blue widgets.\n"
    "2. Red widgets [***].\n";

static void simple_agreement(void **state)
{
    (void)state;
    pct_doc *doc = parse(simple);
    const pct_node *root = pct_doc_root(doc);
    assert_int_equal(count(root, PCT_NODE_DOCUMENT), 1);
    const pct_node *d = child(root, PCT_NODE_DOCUMENT, 0);
    const pct_node *t = child(d, PCT_NODE_TITLE, 0);
    assert_non_null(t);
    assert_string_equal(pct_node_heading(t), "MASTER SUPPLY AGREEMENT");
    assert_non_null(child(d, PCT_NODE_PREAMBLE, 0));
    assert_int_equal(count(d, PCT_NODE_RECITAL), 2);
    assert_int_equal(count(d, PCT_NODE_SECTION), 2);
    const pct_node *a1 = child(d, PCT_NODE_SECTION, 0);
    expect_section(a1, "I", "DEFINITIONS");
    assert_int_equal(pct_node_numstyle(a1), PCT_NUM_ARTICLE);
    assert_int_equal(count(a1, PCT_NODE_SECTION), 2);
    expect_section(child(a1, PCT_NODE_SECTION, 1), "1.2", NULL);
    const pct_node *a2 = child(d, PCT_NODE_SECTION, 1);
    expect_section(a2, "II", "TERM AND TERMINATION");
    assert_int_equal(count(a2, PCT_NODE_SECTION), 3);
    expect_section(child(a2, PCT_NODE_SECTION, 0), "2.1", "Term");
    const pct_node *s22 = child(a2, PCT_NODE_SECTION, 1);
    expect_section(s22, "2.2", "Termination");
    assert_int_equal(count(s22, PCT_NODE_SECTION), 2);
    const pct_node *b = child(s22, PCT_NODE_SECTION, 1);
    expect_section(b, "(b)", NULL);
    assert_int_equal(count(b, PCT_NODE_SECTION), 2);
    expect_section(child(b, PCT_NODE_SECTION, 1), "(ii)", NULL);
    assert_int_equal(pct_node_numstyle(child(b, PCT_NODE_SECTION, 0)), PCT_NUM_PAREN_ROMAN);
    expect_section(child(a2, PCT_NODE_SECTION, 2), "2.3", "Survival");
    /* the <PAGE> marker sits in the file, set aside but kept */
    const pct_node *sig = child(d, PCT_NODE_SIGNATURES, 0);
    assert_non_null(sig);
    const pct_node *ex = child(d, PCT_NODE_EXHIBIT, 0);
    assert_non_null(ex);
    assert_string_equal(pct_node_heading(ex), "EXHIBIT A PRODUCTS");
    assert_int_equal(count(ex, PCT_NODE_SECTION), 2);
    /* order: title < preamble < recitals < sections < signatures < exhibit */
    assert_true(pct_node_span(a2).end <= pct_node_span(sig).start);
    assert_true(pct_node_span(sig).end <= pct_node_span(ex).start);
    /* artefacts and redactions are leaves somewhere in the tree */
    pct_iter *it;
    assert_int_equal(pct_iter_new(&it, g_ctx, root), 0);
    int pages = 0, numbers = 0, redactions = 0;
    pct_event ev;
    while ((ev = pct_iter_next(it)) != PCT_EVENT_DONE) {
        const pct_node *n = pct_iter_node(it);
        if (ev != PCT_EVENT_ENTER)
            continue;
        if (pct_node_get_type(n) == PCT_NODE_ARTIFACT) {
            pages += pct_node_artifact_kind(n) == PCT_ARTIFACT_PAGE_MARK;
            numbers += pct_node_artifact_kind(n) == PCT_ARTIFACT_PAGE_NUMBER;
        }
        redactions += pct_node_get_type(n) == PCT_NODE_REDACTION;
    }
    pct_iter_free(it);
    assert_int_equal(pages, 1);
    assert_int_equal(numbers, 1);
    assert_int_equal(redactions, 1);
    /* the section text skips the page marker */
    pct_doc_free(doc);
}

/* (a)..(h) then (i), (j): letters, not a roman (i) nested under (h). */
static void i_after_h(void **state)
{
    (void)state;
    static char buf[4096];
    strcpy(buf, "1. Covenants. The Licensee shall:\n\n");
    for (char c = 'a'; c <= 'j'; c++) {
        char line[128];
        snprintf(line, sizeof line, "(%c) perform covenant %c;\n\n", c, c);
        strcat(buf, line);
    }
    strcat(buf, "2. Other. Nothing else applies.\n\n(a) first item; and\n\n(i) a roman "
                "sub-item under (a);\n\n(ii) a second one.\n\n(b) the second item.\n");
    pct_doc *doc = parse(buf);
    const pct_node *d = child(pct_doc_root(doc), PCT_NODE_DOCUMENT, 0);
    const pct_node *s1 = child(d, PCT_NODE_SECTION, 0);
    expect_section(s1, "1", "Covenants");
    assert_int_equal(count(s1, PCT_NODE_SECTION), 10);
    const pct_node *si = child(s1, PCT_NODE_SECTION, 8);
    expect_section(si, "(i)", NULL);
    assert_int_equal(pct_node_numstyle(si), PCT_NUM_PAREN_ALPHA);
    expect_section(child(s1, PCT_NODE_SECTION, 9), "(j)", NULL);
    const pct_node *s2 = child(d, PCT_NODE_SECTION, 1);
    expect_section(s2, "2", "Other");
    assert_int_equal(count(s2, PCT_NODE_SECTION), 2);
    const pct_node *a = child(s2, PCT_NODE_SECTION, 0);
    assert_int_equal(count(a, PCT_NODE_SECTION), 2);
    assert_int_equal(pct_node_numstyle(child(a, PCT_NODE_SECTION, 0)), PCT_NUM_PAREN_ROMAN);
    pct_doc_free(doc);
}

/* Years, amounts and wrapped references do not open sections. */
static void false_numbers(void **state)
{
    (void)state;
    pct_doc *doc = parse("1. Payment. The Buyer shall pay the fees for calendar year\n"
                         "2005. The fees are due on receipt and are payable under Section\n"
                         "3.2 of the Master Agreement.\n"
                         "\n"
                         "2. Term. The term is five years.\n");
    const pct_node *d = child(pct_doc_root(doc), PCT_NODE_DOCUMENT, 0);
    assert_int_equal(count(d, PCT_NODE_SECTION), 2);
    assert_int_equal(count(child(d, PCT_NODE_SECTION, 0), PCT_NODE_SECTION), 0);
    pct_doc_free(doc);
}

/* An agreement followed by its amendment in one file: two documents. */
static void two_documents(void **state)
{
    (void)state;
    pct_doc *doc = parse(
        "LICENSE AGREEMENT\n\n"
        "This License Agreement is made on May 1, 2019 between Cedar Soft Ltd. (\"Licensor\")\n"
        "and Delta Labs Inc. (\"Licensee\").\n\n"
        "1. Grant. Licensor grants Licensee a licence to the Software.\n\n"
        "2. Fees. Licensee shall pay the fees in Schedule 1.\n\n"
        "IN WITNESS WHEREOF, the parties have signed this Agreement.\n\n"
        "CEDAR SOFT LTD.\n\nBy: /s/ C. Cedar\nName: Carl Cedar\n\n"
        "DELTA LABS INC.\n\nBy: /s/ D. Delta\nName: Dana Delta\n\n"
        "FIRST AMENDMENT TO LICENSE AGREEMENT\n\n"
        "This First Amendment is made on June 1, 2020 between Cedar Soft Ltd. and Delta\n"
        "Labs Inc. to amend the License Agreement dated May 1, 2019.\n\n"
        "1. Fees. Section 2 of the Agreement is deleted in its entirety.\n\n"
        "2. Effect. Except as amended here, the Agreement remains in force.\n\n"
        "IN WITNESS WHEREOF, the parties have signed this First Amendment.\n\n"
        "CEDAR SOFT LTD.\n\nBy: /s/ C. Cedar\n\nDELTA LABS INC.\n\nBy: /s/ D. Delta\n");
    const pct_node *root = pct_doc_root(doc);
    assert_int_equal(count(root, PCT_NODE_DOCUMENT), 2);
    const pct_node *d2 = child(root, PCT_NODE_DOCUMENT, 1);
    assert_string_equal(pct_node_heading(child(d2, PCT_NODE_TITLE, 0)),
                        "FIRST AMENDMENT TO LICENSE AGREEMENT");
    assert_int_equal(count(d2, PCT_NODE_SECTION), 2);
    assert_non_null(child(d2, PCT_NODE_SIGNATURES, 0));
    const pct_node *d1 = child(root, PCT_NODE_DOCUMENT, 0);
    assert_int_equal(count(d1, PCT_NODE_SECTION), 2);
    assert_true(pct_node_span(d1).end <= pct_node_span(d2).start);
    pct_doc_free(doc);
}

/* Lettered recitals under a RECITALS heading end where numbering starts. */
static void lettered_recitals(void **state)
{
    (void)state;
    pct_doc *doc = parse("SERVICES AGREEMENT\n\n"
                         "This Services Agreement is entered into by Elm Co. and Fir Inc.\n\n"
                         "RECITALS\n\n"
                         "A. Elm Co. provides services.\n\n"
                         "B. Fir Inc. wants those services.\n\n"
                         "1. Services. Elm Co. shall provide the services.\n\n"
                         "2. Fees. Fir Inc. shall pay.\n");
    const pct_node *d = child(pct_doc_root(doc), PCT_NODE_DOCUMENT, 0);
    assert_int_equal(count(d, PCT_NODE_RECITAL), 2);
    assert_string_equal(pct_node_number(child(d, PCT_NODE_RECITAL, 1)), "B");
    assert_int_equal(count(d, PCT_NODE_SECTION), 2);
    pct_doc_free(doc);
}

/* A cover page signed before the terms: the signatures come first and the
 * numbered sections after them are still read. */
static void cover_signatures(void **state)
{
    (void)state;
    pct_doc *doc = parse("RESELLER AGREEMENT\n\n"
                         "AGREED:                                  AGREED:\n"
                         "IRIS LTD.                                JASMINE INC.\n"
                         "By: /s/ Ivy Iris                         By: /s/ Jay Jasmine\n"
                         "Name: Ivy Iris                           Name: Jay Jasmine\n\n"
                         "1. APPOINTMENT\n\nIris Ltd. appoints Jasmine Inc. as reseller.\n\n"
                         "2. TERM\n\nThe term is one year.\n\n"
                         "3. FEES\n\nJasmine Inc. pays the fees.\n");
    const pct_node *d = child(pct_doc_root(doc), PCT_NODE_DOCUMENT, 0);
    const pct_node *sig = child(d, PCT_NODE_SIGNATURES, 0);
    assert_non_null(sig);
    assert_int_equal(count(d, PCT_NODE_SECTION), 3);
    assert_true(pct_node_span(sig).end <= pct_node_span(child(d, PCT_NODE_SECTION, 0)).start);
    pct_doc_free(doc);
}

/* A table of contents is not read as sections. */
static void table_of_contents(void **state)
{
    (void)state;
    pct_doc *doc = parse("DISTRIBUTION AGREEMENT\n\n"
                         "TABLE OF CONTENTS\n\n"
                         "1.  Definitions ........................ 1\n"
                         "2.  Appointment ........................ 2\n"
                         "3.  Term ............................... 4\n\n"
                         "This Distribution Agreement is made by Gum Ltd. and Hazel Inc.\n\n"
                         "1. Definitions. Words have their meanings.\n\n"
                         "2. Appointment. Gum Ltd. appoints Hazel Inc.\n\n"
                         "3. Term. Five years.\n");
    const pct_node *d = child(pct_doc_root(doc), PCT_NODE_DOCUMENT, 0);
    assert_int_equal(count(d, PCT_NODE_SECTION), 3);
    expect_section(child(d, PCT_NODE_SECTION, 0), "1", "Definitions");
    assert_non_null(child(d, PCT_NODE_PREAMBLE, 0));
    pct_doc_free(doc);
}

/* A contents list without leaders, after the parties' block: skipped up to
 * where its first entry comes back as a heading. */
static void contents_after_parties(void **state)
{
    (void)state;
    pct_doc *doc = parse("SERVICING AGREEMENT\n"
                         "among\n"
                         "KITE TRUST, as Issuer,\n"
                         "and\n"
                         "LARK BANK, as Servicer\n\n"
                         "TABLE OF CONTENTS\n"
                         "ARTICLE I DEFINITIONS 1 Section 1.1 Definitions 1\n"
                         "ARTICLE II SERVICING 2 Section 2.1 Duties 2 Section 2.2 Reports 3\n\n"
                         "ARTICLE I\nDEFINITIONS\n\n1.1 Definitions. Words mean things.\n\n"
                         "ARTICLE II\nSERVICING\n\n2.1 Duties. The Servicer services.\n\n"
                         "2.2 Reports. The Servicer reports.\n");
    const pct_node *d = child(pct_doc_root(doc), PCT_NODE_DOCUMENT, 0);
    assert_string_equal(pct_node_heading(child(d, PCT_NODE_TITLE, 0)), "SERVICING AGREEMENT");
    assert_int_equal(count(d, PCT_NODE_SECTION), 2);
    expect_section(child(d, PCT_NODE_SECTION, 0), "I", "DEFINITIONS");
    assert_int_equal(count(child(d, PCT_NODE_SECTION, 1), PCT_NODE_SECTION), 2);
    pct_doc_free(doc);
}

/* Deep and long numbering stays linear and keeps the invariants. */
static void pathological(void **state)
{
    (void)state;
    const char *levels[] = {"1.", "1.1", "1.1.1", "(a)", "(i)", "(A)", "(1)", "1.1.1.1"};
    size_t reps = 20000, cap = reps * 8 * 24 + 64, len = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    for (size_t r = 0; r < reps; r++)
        for (size_t k = 0; k < 8; k++)
            len += (size_t)snprintf(buf + len, cap - len, "%s Item text\n", levels[k]);
    pct_doc *doc = NULL;
    assert_int_equal(pct_doc_parse(&doc, g_ctx, "deep", buf, len), 0);
    assert_int_equal(pct_doc_check(doc), 0);
    pct_doc_free(doc);
    /* 200k sibling sections */
    len = 0;
    for (size_t r = 1; r <= 200000 && len + 32 < cap; r++)
        len += (size_t)snprintf(buf + len, cap - len, "%zu. Item\n", r % 250 + 1);
    assert_int_equal(pct_doc_parse(&doc, g_ctx, "wide", buf, len), 0);
    assert_int_equal(pct_doc_check(doc), 0);
    pct_doc_free(doc);
    free(buf);
}

/* Any bytes give a tree: control characters, stray CRs, lone brackets. */
static void odd_bytes(void **state)
{
    (void)state;
    char buf[4096];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof buf; i++) {
        x = x * 1103515245u + 12345u;
        unsigned char c = (unsigned char)(x >> 16);
        buf[i] = (char)(c == 0 ? ' ' : c);
    }
    for (int round = 0; round < 50; round++) {
        pct_doc *doc = NULL;
        size_t n = 100 + (size_t)round * 79;
        if (pct_doc_parse(&doc, g_ctx, "odd", buf + round, n) == 0) {
            assert_int_equal(pct_doc_check(doc), 0);
            pct_doc_free(doc);
        }
    }
}

/* The seed amendment: title, preamble, two recitals, three sections with
 * their headings, then the signature page. */
static void seed_acceptance(void **state)
{
    (void)state;
    const char *shared = getenv("PCT_SHARED");
    char path[4096];
    if (!shared) {
        printf("skip: PCT_SHARED is not set\n");
        skip();
    }
    snprintf(path, sizeof path, "%s/seed/kmc-lucent-amendment-2.txt", shared);
    pct_doc *doc = NULL;
    if (pct_doc_parse_file(&doc, g_ctx, path) == PCT_ENOTFOUND) {
        printf("skip: %s not found\n", path);
        skip();
    }
    assert_non_null(doc);
    assert_int_equal(pct_doc_check(doc), 0);
    const pct_node *root = pct_doc_root(doc);
    assert_int_equal(count(root, PCT_NODE_DOCUMENT), 1);
    const pct_node *d = child(root, PCT_NODE_DOCUMENT, 0);
    const char *title = pct_node_heading(child(d, PCT_NODE_TITLE, 0));
    assert_non_null(title);
    assert_true(strncmp(title, "AMENDMENT NUMBER 2 TO THE PROFESSIONAL SERVICES AGREEMENT", 57) ==
                0);
    assert_non_null(child(d, PCT_NODE_PREAMBLE, 0));
    assert_int_equal(count(d, PCT_NODE_RECITAL), 2);
    assert_int_equal(count(d, PCT_NODE_SECTION), 3);
    expect_section(child(d, PCT_NODE_SECTION, 0), "1", "SCOPE OF AGREEMENT");
    expect_section(child(d, PCT_NODE_SECTION, 1), "2", "TERM OF AGREEMENT");
    expect_section(child(d, PCT_NODE_SECTION, 2), "3", "ENTIRE AGREEMENT");
    const pct_node *sig = child(d, PCT_NODE_SIGNATURES, 0);
    assert_non_null(sig);
    assert_true(pct_node_span(child(d, PCT_NODE_SECTION, 2)).end <= pct_node_span(sig).start);
    pct_doc_free(doc);
}

static int setup(void **state)
{
    (void)state;
    g_ctx = pct_ctx_new(NULL);
    return g_ctx ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    pct_ctx_free(g_ctx);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(simple_agreement),  cmocka_unit_test(i_after_h),
        cmocka_unit_test(false_numbers),     cmocka_unit_test(two_documents),
        cmocka_unit_test(lettered_recitals), cmocka_unit_test(table_of_contents),
        cmocka_unit_test(cover_signatures),  cmocka_unit_test(contents_after_parties),
        cmocka_unit_test(pathological),      cmocka_unit_test(odd_bytes),
        cmocka_unit_test(seed_acceptance),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
