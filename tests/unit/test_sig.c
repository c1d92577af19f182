/*
 * test_sig.c - the signature-page reader (parse_sig.c) on synthetic
 * contracts: two columns with a blank block and a two-line entity, three
 * columns, flattened text with side-by-side keys, an individual signer,
 * "By: ENTITY" and By: chains, a mark before its By: line, the strictness of
 * the signature cue, field spans, a page of many blocks (linear work), and
 * the inputs the fuzzer broke it with (tabs, a page at offset 0, no blocks).
 * The fixture files live in tests/golden (found through PCT_SOURCE_DIR, set
 * by CTest; the tests that need them skip without it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "internal.h"
#include "parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCKS_MAX 64

static pct_ctx *g_ctx;

typedef struct sigs {
    pct_doc *doc;
    const pct_signature *g[BLOCKS_MAX];
    const pct_node *node[BLOCKS_MAX];
    int n;
} sigs;

static void collect(sigs *out)
{
    pct_iter *it;
    assert_int_equal(pct_iter_new(&it, g_ctx, pct_doc_root(out->doc)), 0);
    pct_event ev;
    out->n = 0;
    while ((ev = pct_iter_next(it)) != PCT_EVENT_DONE) {
        const pct_node *n = pct_iter_node(it);
        if (ev != PCT_EVENT_ENTER || pct_node_get_type(n) != PCT_NODE_SIGNATURE_BLOCK)
            continue;
        assert_true(out->n < BLOCKS_MAX);
        out->node[out->n] = n;
        out->g[out->n++] = pct_node_signature(n);
        assert_non_null(pct_node_signature(n));
    }
    pct_iter_free(it);
}

static void parse_text(sigs *out, const char *text, size_t len)
{
    out->doc = NULL;
    if (pct_doc_parse(&out->doc, g_ctx, "test", text, len) < 0)
        fail_msg("parse failed: %s", pct_errmsg(g_ctx));
    if (pct_doc_check(out->doc) < 0)
        fail_msg("check failed: %s", pct_errmsg(g_ctx));
    collect(out);
}

/* Parses tests/golden/<name>; returns 0 (after skip()) without a source dir. */
static void parse_fixture(sigs *out, const char *name)
{
    const char *dir = getenv("PCT_SOURCE_DIR");
    if (!dir) {
        print_message("PCT_SOURCE_DIR is not set: fixture %s not found\n", name);
        skip();
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/golden/%s", dir, name);
    out->doc = NULL;
    if (pct_doc_parse_file(&out->doc, g_ctx, path) < 0)
        fail_msg("parse failed: %s", pct_errmsg(g_ctx));
    if (pct_doc_check(out->doc) < 0)
        fail_msg("check failed: %s", pct_errmsg(g_ctx));
    collect(out);
}

static void expect_str(const char *got, const char *want)
{
    if (!want) {
        if (got)
            fail_msg("expected NULL, got \"%s\"", got);
        return;
    }
    if (!got)
        fail_msg("expected \"%s\", got NULL", want);
    assert_string_equal(got, want);
}

static void expect_sig(const pct_signature *g, const char *entity, const char *signer,
                       const char *title, const char *date, int signed_)
{
    expect_str(g->entity, entity);
    expect_str(g->signer, signer);
    expect_str(g->title, title);
    expect_str(g->date, date);
    assert_int_equal(g->signed_, signed_);
}

/* The text a span covers (single-line fields). */
static void expect_span(const sigs *s, pct_span span, const char *want)
{
    assert_true(span.end > span.start);
    expect_str(pct_doc_text(s->doc, span), want);
}

/* ----------------------------------------------------------------- tests */

static void two_columns_with_blank_block(void **state)
{
    (void)state;
    sigs s;
    parse_fixture(&s, "sig-two-column.txt");
    assert_int_equal(s.n, 4);
    expect_sig(s.g[0], "HARBORVIEW MILLING COMPANY", "Delia M. Fontaine", "Chief Financial Officer",
               "3-4-21", 1);
    /* the right column's entity is printed on two lines */
    expect_sig(s.g[1], "HARBORVIEW MILLING LOGISTICS LLC", "Delia M. Fontaine", "Manager", "3-4-21",
               1);
    expect_sig(s.g[2], "GRANITE BAY FOODS, INC.", "ORLANDO PIKE", "PRESIDENT", "3-5-21", 1);
    expect_str(s.g[2]->by, "/S/ORLANDO PIKE");
    /* blank: only rules follow its keys */
    expect_sig(s.g[3], "NORTHERN ORCHARD PROVISIONS, INC.", NULL, NULL, NULL, 0);
    expect_str(s.g[3]->by, NULL);
    expect_span(&s, s.g[3]->by_span, "By:");
    expect_span(&s, s.g[0]->entity_span, "HARBORVIEW MILLING COMPANY");
    expect_span(&s, s.g[0]->by_span, "/s/ Delia M. Fontaine");
    expect_span(&s, s.g[1]->title_span, "Manager");
    expect_span(&s, s.g[2]->date_span, "3-5-21");
    /* side-by-side blocks get disjoint spans in reading order */
    for (int k = 1; k < s.n; k++)
        assert_true(pct_node_span(s.node[k - 1]).end <= pct_node_span(s.node[k]).start);
    pct_doc_free(s.doc);
}

static void three_columns(void **state)
{
    (void)state;
    sigs s;
    parse_fixture(&s, "sig-three-column.txt");
    assert_int_equal(s.n, 3);
    expect_sig(s.g[0], "ALDER CREEK PARTNERS LLC", "Mara Quintero", "Managing Member",
               "June 1, 2022", 1);
    expect_sig(s.g[1], "BELLWETHER TOOL CORP.", "Felix Abernathy", "Treasurer", "June 2, 2022", 1);
    expect_sig(s.g[2], "CINDER RIDGE HOLDINGS, L.P.", NULL, NULL, NULL, 0);
    pct_doc_free(s.doc);
}

static void flattened_side_by_side(void **state)
{
    (void)state;
    sigs s;
    parse_fixture(&s, "sig-flattened.txt");
    assert_int_equal(s.n, 2);
    /* "LANTERN POINT ADVISORY LANTERN POINT FUND SERVICES COMPANY COMPANY" */
    expect_sig(s.g[0], "LANTERN POINT ADVISORY COMPANY", "Greta H. Olmstead", "President", NULL, 1);
    expect_sig(s.g[1], "LANTERN POINT FUND SERVICES COMPANY", "Rafael Dunmore", "Chairman", NULL,
               1);
    expect_span(&s, s.g[1]->signer_span, "Rafael Dunmore");
    pct_doc_free(s.doc);
}

static void individual_signer(void **state)
{
    (void)state;
    sigs s;
    parse_fixture(&s, "sig-individual.txt");
    assert_int_equal(s.n, 2);
    /* "Print Name:", "Its:", "Dated:"; the role label "COMPANY:" is not the entity */
    expect_sig(s.g[0], "QUARRY LANE SOFTWARE, INC., a Nevada corporation", "Helena Voss",
               "Chief Executive Officer", "August 9, 2019", 1);
    /* an individual: no entity, the signer is the party */
    expect_sig(s.g[1], NULL, "Tobias Wren", NULL, "August 12, 2019", 1);
    expect_str(s.g[1]->by, "/s/ Tobias Wren");
    pct_doc_free(s.doc);
}

static const char entity_in_by[] =
    "SERVICES AGREEMENT\n\n"
    "This Services Agreement is entered into by and between Pell Street Labs, Inc. and\n"
    "Marrow Analytics LLC.\n\n"
    "1. Services. Marrow shall provide the services.\n\n"
    "IN WITNESS WHEREOF, the parties have executed this Agreement.\n\n"
    "By: Pell Street Labs, Inc.\n"
    "/s/ Nadia Ferro\n"
    "Title: Director\n\n"
    "MARROW ANALYTICS LLC\n"
    "By: Marrow Holdings GP, LLC, its managing member\n"
    "By: /s/ Owen Castellano\n"
    "Name: Owen Castellano\n"
    "Title: Manager\n";

static void entity_named_in_by_line_and_chain(void **state)
{
    (void)state;
    sigs s;
    parse_text(&s, entity_in_by, sizeof entity_in_by - 1);
    assert_int_equal(s.n, 2);
    expect_sig(s.g[0], "Pell Street Labs, Inc.", "Nadia Ferro", "Director", NULL, 1);
    /* the chain's intermediate By: neither opens a block nor replaces the entity */
    expect_sig(s.g[1], "MARROW ANALYTICS LLC", "Owen Castellano", "Manager", NULL, 1);
    pct_doc_free(s.doc);
}

static const char chain_on_one_line[] =
    "JOINT FILING AGREEMENT\n\n"
    "The undersigned agree to file jointly.\n\n"
    "IN WITNESS WHEREOF, the undersigned have executed this agreement.\n\n"
    "KESTREL FUND II, L.P. By: Kestrel GP, LLC, its general partner By: Kestrel Holdings, LLC, "
    "its sole member /s/ Uma Patel Name: Uma Patel Title: Authorized Signatory\n";

/* Two By: lines naming entities, in a row under a waiting entity: a chain. */
static void chain_of_by_lines(void **state)
{
    (void)state;
    sigs s;
    parse_text(&s, chain_on_one_line, sizeof chain_on_one_line - 1);
    assert_int_equal(s.n, 1);
    expect_sig(s.g[0], "KESTREL FUND II, L.P.", "Uma Patel", "Authorized Signatory", NULL, 1);
    pct_doc_free(s.doc);
}

/* Flattened, with the mark before its By: line and two signers in a row. */
static void mark_before_by(void **state)
{
    (void)state;
    char text[2048];
    snprintf(text, sizeof text,
             "JOINT FILING AGREEMENT The undersigned agree that the statement on Schedule 13D "
             "to which this agreement is attached is filed on behalf of each of them, and that "
             "each of them is responsible for the timely filing of any amendment and for the "
             "completeness and accuracy of the information concerning it, but not for the "
             "information concerning the others. IN WITNESS WHEREOF, the undersigned execute "
             "this agreement as of May 11, 2020. ORCHID RIVER HOLDINGS LTD. /s/ Ana Ruiz By: Ana "
             "Ruiz Title: Director /s/ Ben Oduya By: Ben Oduya Title: Authorized Signatory "
             "TALLGRASS CAPITAL LLC /s/ Ana Ruiz By: Ana Ruiz Title: Manager\n");
    sigs s;
    parse_text(&s, text, strlen(text));
    assert_int_equal(s.n, 3);
    expect_sig(s.g[0], "ORCHID RIVER HOLDINGS LTD.", "Ana Ruiz", "Director", NULL, 1);
    /* a second officer signing by a By: line under the same entity shares it */
    expect_sig(s.g[1], "ORCHID RIVER HOLDINGS LTD.", "Ben Oduya", "Authorized Signatory", NULL, 1);
    expect_sig(s.g[2], "TALLGRASS CAPITAL LLC", "Ana Ruiz", "Manager", NULL, 1);
    pct_doc_free(s.doc);
}

static const char row_flattened[] =
    "SUPPORT AGREEMENT\n\n"
    "This Support Agreement is entered into by and between Rowan Grid Systems, Inc. and\n"
    "Telluride Power Partners, LLC.\n\n"
    "1. Support. Telluride shall support the grid software.\n\n"
    "IN WITNESS WHEREOF, the parties have executed this Agreement.\n\n"
    "ROWAN GRID SYSTEMS, INC.                    TELLURIDE POWER PARTNERS, a Colorado"
    "                   limited liability company\n\n"
    "By:      /s/ Imani Okafor                   By:       /s/ Petra Lindqvist       "
    "---------------------          --------------------\n\n"
    "Name:      Imani Okafor                     Name:       Petra Lindqvist       "
    "---------------------          -------------------- Title:       SEVP & CFO"
    "                     Title:         Managing Partner\n";

/* All rows of two blocks run into one line each, with wide gaps after keys. */
static void row_flattened_lines(void **state)
{
    (void)state;
    sigs s;
    parse_text(&s, row_flattened, sizeof row_flattened - 1);
    assert_int_equal(s.n, 2);
    expect_sig(s.g[0], "ROWAN GRID SYSTEMS, INC.", "Imani Okafor", "SEVP & CFO", NULL, 1);
    /* the second row of the right entity sits at the end of the first row */
    expect_sig(s.g[1], "TELLURIDE POWER PARTNERS, a Colorado limited liability company",
               "Petra Lindqvist", "Managing Partner", NULL, 1);
    pct_doc_free(s.doc);
}

static const char cue_lines[] =
    "CONSENT\n\n"
    "1. Name: the party's legal name shall be used.\n"
    "Bylaws: the bylaws remain in effect.\n"
    "by: lower case is not a cue.\n"
    "By: /s/ Ivo Lind\n"
    "\n"
    "Name: Ivo Lind\n"
    "Signature: ____________\n"
    "/s/ Kai Berg\n"
    "By ____________\n";

static void cue_is_strict(void **state)
{
    (void)state;
    pct_doc *doc = NULL;
    assert_int_equal(pct_doc_parse(&doc, g_ctx, "cues", cue_lines, sizeof cue_lines - 1), 0);
    /* lines: 0 CONSENT, 1 blank, 2 "1. Name:", 3 Bylaws, 4 by:, 5 By:, 6 blank, 7 Name:,
     * 8 Signature:, 9 /s/, 10 "By ____" */
    assert_true(doc->lines.n >= 11);
    int want[] = {0, 0, 0, 0, 0, 1, 0, 1, 1, 1, 1};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        if (pct_parse__is_sig_line(doc, i) != want[i])
            fail_msg("line %zu: is_sig_line should be %d", i, want[i]);
    pct_doc_free(doc);
}

/* 5,000 two-column rows: every block found, in order, spans disjoint. */
static void many_blocks_linear(void **state)
{
    (void)state;
    enum { ROWS = 5000 };
    pct_buf b;
    pct_buf__init(&b, g_ctx);
    pct_buf__puts(&b, "MASTER AGREEMENT\n\nThis Agreement is entered into by the parties below.\n\n"
                      "1. Term. One year.\n\nIN WITNESS WHEREOF, the parties sign below.\n\n");
    for (int k = 0; k < ROWS; k++)
        pct_buf__printf(&b,
                        "ENTITY %d LLC                          PARTNER %d INC.\n\n"
                        "By: /s/ Ann Lee                        By:\n"
                        "Name: Ann Lee                          Name:\n\n",
                        k, k);
    assert_false(b.failed);
    pct_doc *doc = NULL;
    assert_int_equal(pct_doc_parse(&doc, g_ctx, "many", b.data, b.len), 0);
    pct_buf__free(&b);
    pct_iter *it;
    assert_int_equal(pct_iter_new(&it, g_ctx, pct_doc_root(doc)), 0);
    int n = 0, signed_ = 0;
    size_t last_end = 0;
    pct_event ev;
    while ((ev = pct_iter_next(it)) != PCT_EVENT_DONE) {
        const pct_node *nd = pct_iter_node(it);
        if (ev != PCT_EVENT_ENTER || pct_node_get_type(nd) != PCT_NODE_SIGNATURE_BLOCK)
            continue;
        assert_true(pct_node_span(nd).start >= last_end);
        last_end = pct_node_span(nd).end;
        signed_ += pct_node_signature(nd)->signed_;
        n++;
    }
    pct_iter_free(it);
    assert_int_equal(n, 2 * ROWS);
    assert_int_equal(signed_, ROWS);
    pct_doc_free(doc);
}

static const char second_signers[] =
    "PLEDGE AGREEMENT\n\n"
    "1. Pledge. The pledgor pledges the shares.\n\n"
    "IN WITNESS WHEREOF, the parties have signed this Agreement.\n\n"
    "THE ALDER FAMILY TRUST\n\n"
    "By: /s/ Ruth Alder\n"
    "Name: Ruth Alder\n"
    "Title: Trustee\n\n"
    "By: /s/ Simon Alder\n"
    "Name: Simon Alder\n"
    "Title: Trustee\n\n"
    "By: /s/ Simon Alder\n"
    "Name: Simon Alder\n\n"
    "Corvid Lending Partners, LLC\n"
    "By: /s/ Ida Bloom Name: Ida Bloom Title: President Heron Credit Management, Inc. "
    "By: /s/ Lev Marsh Name: Lev Marsh Title: Manager\n";

/* A second signer for an entity shares it; an individual signing by a By:
 * line without a title does not, nor does a signer under a title that runs
 * into the next entity's name (which the reader missed). */
static void second_signer_shares_entity(void **state)
{
    (void)state;
    sigs s;
    parse_text(&s, second_signers, sizeof second_signers - 1);
    assert_int_equal(s.n, 5);
    expect_sig(s.g[0], "THE ALDER FAMILY TRUST", "Ruth Alder", "Trustee", NULL, 1);
    expect_sig(s.g[1], "THE ALDER FAMILY TRUST", "Simon Alder", "Trustee", NULL, 1);
    expect_sig(s.g[2], NULL, "Simon Alder", NULL, NULL, 1);
    expect_str(s.g[3]->entity, "Corvid Lending Partners, LLC");
    expect_str(s.g[3]->signer, "Ida Bloom");
    expect_str(s.g[4]->entity, NULL);
    expect_str(s.g[4]->signer, "Lev Marsh");
    /* the shared entity keeps its own span, outside the second block */
    assert_int_equal(s.g[1]->entity_span.start, s.g[0]->entity_span.start);
    assert_true(pct_node_span(s.node[1]).start > s.g[1]->entity_span.end);
    pct_doc_free(s.doc);
}

static const char colon_names[] =
    "SUPPLY AGREEMENT\n\n"
    "1. Supply. Brightmoor shall supply Osterhagen.\n\n"
    "IN WITNESS WHEREOF, the parties have signed this Agreement.\n\n"
    "OSTERHAGEN KLINIK AG:\n\n"
    "By: /s/ Lena Vogt Name: Lena Vogt Title: Director\n\n"
    "SURVIVING CORPORATION:\n\n"
    "By: /s/ Ray Dunn Name: Ray Dunn Title: President\n";

/* A name ending in a legal form keeps its colon ("ACME AG:") and is the
 * entity; a role label ("SURVIVING CORPORATION:") is not. */
static void entity_with_colon(void **state)
{
    (void)state;
    sigs s;
    parse_text(&s, colon_names, sizeof colon_names - 1);
    assert_int_equal(s.n, 2);
    expect_sig(s.g[0], "OSTERHAGEN KLINIK AG", "Lena Vogt", "Director", NULL, 1);
    expect_sig(s.g[1], NULL, "Ray Dunn", "President", NULL, 1);
    pct_doc_free(s.doc);
}

/* ------------------------------------------------- fuzzer regressions */

static const char tab_columns[] =
    "SUPPLY AGREEMENT\n\n"
    "1. Supply. Quillon Mills, Inc. shall supply Vesta Bakeries LLC.\n\n"
    "IN WITNESS WHEREOF, the parties have signed this Agreement.\n\n"
    "QUILLON MILLS, INC.\tVESTA BAKERIES LLC\n\n"
    "By: /s/ Ann Lee\tBy: /s/ Bo Park\n"
    "Name: Ann Lee  \tName: Bo Park\n"
    "Title: Director\tTitle: Manager\n";

/* The IN WITNESS sentence wraps onto its own short line ("Effective Date.")
 * just above the entity names: that line ends a sentence, it names no one. */
static const char witness_tail[] =
    "1. TERM. This Agreement runs for two (2) years.\n\n"
    "     IN WITNESS WHEREOF, the Parties have executed this Agreement as of the\n"
    "Effective Date.\n\n"
    "MARROWGATE DYNAMICS, INC.            FELLSPIRE OPTICS LLC\n\n"
    "By: /s/ Ida Quenneville              By: /s/ Otto Brackwater\n"
    "Name: Ida Quenneville                Name: Otto Brackwater\n"
    "Title: President                     Title: Managing Member\n";

static void witness_sentence_tail_is_not_an_entity(void **state)
{
    (void)state;
    sigs s;
    parse_text(&s, witness_tail, sizeof witness_tail - 1);
    assert_int_equal(s.n, 2);
    expect_sig(s.g[0], "MARROWGATE DYNAMICS, INC.", "Ida Quenneville", "President", NULL, 1);
    expect_sig(s.g[1], "FELLSPIRE OPTICS LLC", "Otto Brackwater", "Managing Member", NULL, 1);
    pct_doc_free(s.doc);
}

/* Tabs separate columns, also right after a one-letter word or after a few
 * spaces. A tab one byte into a piece used to move the line scan backwards
 * (an endless loop; fuzz/corpus/parse/regress-sig-tab-hang). */
static void tab_separates_columns(void **state)
{
    (void)state;
    sigs s;
    parse_text(&s, tab_columns, sizeof tab_columns - 1);
    assert_int_equal(s.n, 2);
    expect_sig(s.g[0], "QUILLON MILLS, INC.", "Ann Lee", "Director", NULL, 1);
    expect_sig(s.g[1], "VESTA BAKERIES LLC", "Bo Park", "Manager", NULL, 1);
    pct_doc_free(s.doc);

    static const char short_piece[] =
        "IN WITNESS WHEREOF, the parties sign.\n\n"
        "ACME INC.        BETA LLC\n\n"
        "By: /s/ A\tB                    By:\n";
    parse_text(&s, short_piece, sizeof short_piece - 1);
    assert_true(s.n >= 1);
    for (int k = 0; k < s.n; k++) /* every span inside the text */
        assert_true(pct_node_span(s.node[k]).end <= sizeof short_piece - 1);
    pct_doc_free(s.doc);
}

/* The signature page starts at the first byte of the text: a piece at offset
 * 0 must not look at the byte before it (UBSan; fuzz/corpus/parse/
 * seed-twocol_sig and fuzz-4fcacf67...). */
static void page_at_text_start(void **state)
{
    (void)state;
    static const char text[] =
        "IN WITNESS WHEREOF, the parties have signed as of the date first written    "
        "HOLLIS FOODS LLC\n\n"
        "By: /s/ Jana Ortiz\n"
        "Name: Jana Ortiz\n"
        "Title: Manager\n";
    sigs s;
    parse_text(&s, text, sizeof text - 1);
    assert_int_equal(s.n, 1);
    expect_sig(s.g[0], "HOLLIS FOODS LLC", "Jana Ortiz", "Manager", NULL, 1);
    pct_doc_free(s.doc);
}

/* A page whose only cue names an entity holds no block: nothing is sorted
 * or emitted (qsort on an empty vector is undefined behaviour). */
static void page_without_blocks(void **state)
{
    (void)state;
    static const char text[] =
        "CONSENT\n\n"
        "1. Consent. The undersigned consents.\n\n"
        "IN WITNESS WHEREOF, the undersigned has signed.\n\n"
        "By: Marlow Holdings LLC\n";
    sigs s;
    parse_text(&s, text, sizeof text - 1);
    assert_int_equal(s.n, 0);
    pct_doc_free(s.doc);
}

int main(void)
{
    g_ctx = pct_ctx_new(NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(two_columns_with_blank_block),
        cmocka_unit_test(three_columns),
        cmocka_unit_test(flattened_side_by_side),
        cmocka_unit_test(individual_signer),
        cmocka_unit_test(entity_named_in_by_line_and_chain),
        cmocka_unit_test(chain_of_by_lines),
        cmocka_unit_test(mark_before_by),
        cmocka_unit_test(row_flattened_lines),
        cmocka_unit_test(cue_is_strict),
        cmocka_unit_test(many_blocks_linear),
        cmocka_unit_test(second_signer_shares_entity),
        cmocka_unit_test(entity_with_colon),
        cmocka_unit_test(tab_separates_columns),
        cmocka_unit_test(page_at_text_start),
        cmocka_unit_test(page_without_blocks),
        cmocka_unit_test(witness_sentence_tail_is_not_an_entity),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    pct_ctx_free(g_ctx);
    return rc;
}
