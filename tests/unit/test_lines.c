/*
 * test_lines.c - logical lines: layout artefacts (page marks, page numbers,
 * running footers and repeated running headers, rules, filing labels,
 * legends, stamps), features, and recovery of flattened text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fx {
    pct_ctx *ctx;
    pct_arena *a;
    pct_lines L;
    const char *text;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->ctx = pct_ctx_new(NULL);
    f->a = pct_arena__new(f->ctx);
    *state = f;
    return f->ctx && f->a ? 0 : -1;
}

static int teardown(void **state)
{
    fx *f = *state;
    pct_arena__free(f->a);
    pct_ctx_free(f->ctx);
    free(f);
    return 0;
}

static void build(fx *f, const char *text)
{
    f->text = text;
    assert_int_equal(pct_lines__build(&f->L, f->ctx, f->a, text, strlen(text)), 0);
}

/* The logical line whose content starts with `prefix`, or fails. */
static const pct_line *find(const fx *f, const char *prefix)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; i < f->L.n; i++) {
        const pct_line *l = &f->L.v[i];
        if (l->cend - l->cstart >= n && memcmp(f->text + l->cstart, prefix, n) == 0)
            return l;
    }
    fail_msg("no line starts with \"%s\"", prefix);
    return NULL;
}

static int kind(const fx *f, const char *prefix)
{
    const pct_line *l = find(f, prefix);
    return (l->flags & PCT_LINE_ARTIFACT) ? l->artifact : PCT_ARTIFACT_NONE;
}

static void artefacts(void **state)
{
    fx *f = *state;
    build(f, "EXHIBIT 10.5\n"
             "Exhibit 10d-2\n"
             "Exhibit 99(k)(5)\n"
             "Exhibit (8)(k)(k)\n"
             "Exhibit A\n"
             "EXHIBIT 2 - FORM OF NOTE\n"
             "<PAGE>\n"
             "                 - 3 -\n"
             "Page 4 of 12\n"
             "17\n"
             "Source: ACME CORP, 10-K, 3/1/2004\n"
             "-------------------------------\n"
             "_____________\n"
             "[***] Confidential treatment has been requested for portions of this exhibit.\n"
             "The Licensee has omitted nothing from the reports.\n"
             "EXECUTION COPY\n"
             "1. Definitions\n"
             "2005\n");
    assert_int_equal(kind(f, "EXHIBIT 10.5"), PCT_ARTIFACT_EXHIBIT_LABEL);
    assert_int_equal(kind(f, "Exhibit 10d-2"), PCT_ARTIFACT_EXHIBIT_LABEL);
    assert_int_equal(kind(f, "Exhibit 99(k)(5)"), PCT_ARTIFACT_EXHIBIT_LABEL);
    assert_int_equal(kind(f, "Exhibit (8)(k)(k)"), PCT_ARTIFACT_EXHIBIT_LABEL);
    assert_int_equal(kind(f, "Exhibit A"), PCT_ARTIFACT_NONE); /* an attachment heading */
    assert_int_equal(kind(f, "EXHIBIT 2 - FORM"), PCT_ARTIFACT_NONE);
    assert_int_equal(kind(f, "<PAGE>"), PCT_ARTIFACT_PAGE_MARK);
    assert_int_equal(kind(f, "- 3 -"), PCT_ARTIFACT_PAGE_NUMBER);
    assert_int_equal(kind(f, "Page 4 of 12"), PCT_ARTIFACT_PAGE_NUMBER);
    assert_int_equal(kind(f, "17"), PCT_ARTIFACT_PAGE_NUMBER);
    assert_int_equal(kind(f, "Source: ACME"), PCT_ARTIFACT_RUNNING);
    assert_int_equal(kind(f, "-----"), PCT_ARTIFACT_RULE);
    assert_int_equal(kind(f, "_____"), PCT_ARTIFACT_RULE);
    assert_int_equal(kind(f, "[***] Confidential"), PCT_ARTIFACT_LEGEND);
    assert_int_equal(kind(f, "The Licensee has omitted"), PCT_ARTIFACT_NONE);
    assert_int_equal(kind(f, "EXECUTION COPY"), PCT_ARTIFACT_LEGEND);
    assert_int_equal(kind(f, "1. Definitions"), PCT_ARTIFACT_NONE);
    assert_int_equal(kind(f, "2005"), PCT_ARTIFACT_NONE); /* a year, not a page number */
}

static void features(void **state)
{
    fx *f = *state;
    build(f, "    AMENDMENT NUMBER 2\n\t\tcentred text\n\n"
             "KMC TELECOM, INC.                  LUCENT TECHNOLOGIES INC.\n");
    const pct_line *l = find(f, "AMENDMENT");
    assert_int_equal(l->indent, 4);
    assert_true(l->flags & PCT_LINE_CAPS);
    l = find(f, "centred");
    assert_int_equal(l->indent, 16);
    assert_false(l->flags & PCT_LINE_CAPS);
    assert_true(f->L.v[2].flags & PCT_LINE_BLANK);
    l = find(f, "KMC");
    assert_true(l->flags & PCT_LINE_GAP);
}

/* A header repeated at each page edge becomes RUNNING; a line repeated in
 * the body (with text between it and the page edges) stays text. */
static void running_headers(void **state)
{
    fx *f = *state;
    static char buf[8192];
    buf[0] = '\0';
    for (int page = 1; page <= 4; page++) {
        char tmp[512];
        snprintf(tmp, sizeof tmp,
                 "Acme Supply Agreement - Confidential\n\n"
                 "%d.1 The Supplier shall deliver.\n\n"
                 "Each party shall comply.\n\n"
                 "%d.2 The Buyer shall pay invoice %d.\n\n"
                 "                 %d\n\f",
                 page, page, page, page);
        strcat(buf, tmp);
    }
    build(f, buf);
    for (size_t i = 0; i < f->L.n; i++) {
        const pct_line *l = &f->L.v[i];
        size_t n = l->cend - l->cstart;
        if (n >= 4 && memcmp(buf + l->cstart, "Acme", 4) == 0) {
            assert_true(l->flags & PCT_LINE_ARTIFACT);
            assert_int_equal(l->artifact, PCT_ARTIFACT_RUNNING);
        }
        if (n >= 4 && memcmp(buf + l->cstart, "Each", 4) == 0)
            assert_false(l->flags & PCT_LINE_ARTIFACT);
    }
}

/* A flattened page: no newlines, runs of spaces where lines were. */
static void flattened_gaps(void **state)
{
    fx *f = *state;
    build(f, "SUPPLY AGREEMENT     This Supply Agreement is made by Acme Inc. and Beta LLC. "
             "The parties agree as follows and the recitals are incorporated herein.     "
             "1. Definitions. Capitalised terms have the meanings below and elsewhere in this "
             "Agreement.     1.1 \"Product\" means the widgets described in Exhibit A to this "
             "Agreement, as amended from time to time.     2. Term. This Agreement begins on "
             "the Effective Date and lasts five years unless terminated earlier.     "
             "IN WITNESS WHEREOF, the parties have signed.     ACME INC.     By: /s/ Jane Roe");
    assert_true(f->L.n >= 8);
    const pct_line *l = find(f, "1. Definitions");
    assert_true(l->flags & PCT_LINE_FLATTENED);
    find(f, "1.1 \"Product\"");
    find(f, "2. Term.");
    find(f, "IN WITNESS WHEREOF");
    find(f, "By: /s/ Jane Roe");
    /* the split never loses or reorders bytes */
    for (size_t i = 1; i < f->L.n; i++)
        assert_true(f->L.v[i].start >= f->L.v[i - 1].end);
}

/* Flattened with single spaces (the whole file on one line): split at
 * section numbers after a sentence end and at signature keys. */
static void flattened_single_spaces(void **state)
{
    fx *f = *state;
    build(f, "JOINT FILING AGREEMENT The undersigned agree to file jointly under the rules of "
             "the Commission. 1. Filing. Each party shall file the statement on time and keep "
             "the records. 2. Costs. Each party shall bear its own costs and expenses in full "
             "as incurred. (a) The first item applies. (b) The second item applies too. "
             "IN WITNESS WHEREOF, the undersigned sign this agreement. ACME INC. By: /s/ Jane "
             "Roe Name: Jane Roe Title: President");
    find(f, "1. Filing.");
    find(f, "2. Costs.");
    find(f, "(a) The first");
    find(f, "(b) The second");
    find(f, "IN WITNESS WHEREOF");
    find(f, "By: /s/ Jane");
    find(f, "Name: Jane Roe");
    find(f, "Title: President");
}

/* In an ordinary line, only strong cues after a sentence end split it. */
static void strong_cues(void **state)
{
    fx *f = *state;
    build(f, "WHEREAS, Acme makes widgets. NOW, THEREFORE, the parties agree.\n"
             "The Agreement, as amended WHEREAS clause three, stays.\n");
    find(f, "NOW, THEREFORE");
    const pct_line *l = find(f, "The Agreement");
    assert_true(l->cend - l->cstart > 40); /* "WHEREAS" mid-sentence does not split */
}

/* The word-at-a-time counts agree with a byte-by-byte count on random
 * lines of letters, spaces, punctuation and high bytes, at every alignment. */
static void counts_match(void **state)
{
    fx *f = *state;
    static const char alphabet[] = "aZ  q.M\xc3\xa9 \t,Yz@[`{ \x80    ";
    unsigned x = 7;
    for (int round = 0; round < 300; round++) {
        char line[160];
        size_t n = 1 + (size_t)round % 150;
        for (size_t i = 0; i < n; i++) {
            x = x * 1103515245u + 12345u;
            line[i] = alphabet[(x >> 16) % (sizeof alphabet - 1)];
        }
        line[0] = 'X'; /* keep the line from being blank */
        line[n] = '\0';
        uint32_t letters = 0, upper = 0, run = 0, gap = 0;
        size_t e = n;
        while (e > 0 && (line[e - 1] == ' ' || line[e - 1] == '\t'))
            e--;
        for (size_t i = 0; i < e; i++) {
            unsigned char c = (unsigned char)line[i];
            letters += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            upper += c >= 'A' && c <= 'Z';
            run = c == ' ' ? run + 1 : 0;
            gap |= run >= 4;
        }
        build(f, line);
        assert_int_equal(f->L.n, 1);
        assert_int_equal(f->L.v[0].letters, letters);
        assert_int_equal(f->L.v[0].upper, upper);
        assert_int_equal(!!(f->L.v[0].flags & PCT_LINE_GAP), gap);
    }
}

/* A 10 MB line of words without structure: linear, a handful of lines. */
static void huge_line(void **state)
{
    fx *f = *state;
    size_t n = 10u << 20;
    char *big = malloc(n + 1);
    assert_non_null(big);
    for (size_t i = 0; i < n; i++)
        big[i] = (i % 7 == 6) ? ' ' : 'a' + (char)(i % 5);
    big[n] = '\0';
    build(f, big);
    assert_int_equal(f->L.n, 1);
    /* the letter counts survive many lane flushes of the block scan */
    assert_int_equal(f->L.v[0].letters, n - (n + 1) / 7);
    assert_int_equal(f->L.v[0].upper, 0);
    free(big);
}

/* Legends are found wherever their words fall in the line's blocks, in any
 * case; lines with the common words that share pieces of them are not. */
static void legend_alignment(void **state)
{
    fx *f = *state;
    static const char *const what[] = {"OMITTED", "omitted", "been Redacted", "redactions",
                                       "been excluded", "EXCLUDED FROM THIS",
                                       "confidential treatment"};
    char line[256];
    for (size_t w = 0; w < sizeof what / sizeof *what; w++) {
        for (int k = 0; k < 40; k++) {
            snprintf(line, sizeof line, "%.*s%s%s and filed separately [***].", k,
                     "Portions of this exhibit marked here ", k ? " " : "", what[w]);
            build(f, line);
            assert_int_equal(f->L.n, 1);
            assert_int_equal(f->L.v[0].artifact, PCT_ARTIFACT_LEGEND);
            assert_true(f->L.v[0].flags & PCT_LINE_ARTIFACT);
        }
    }
    build(f, "Materials submitted under the exclusive license shall transfer; see item 601.");
    assert_false(f->L.v[0].flags & PCT_LINE_ARTIFACT);
}

/* Splits happen at the same cues wherever they fall relative to the 16-byte
 * blocks the candidates are found in: a signature key inside a flattened
 * line, a strong cue after a sentence end in an ordinary one. */
static void split_alignment(void **state)
{
    fx *f = *state;
    char line[1024];
    for (int k = 0; k < 40; k++) {
        int m = 0;
        while (m < 450)
            m += snprintf(line + m, sizeof line - (size_t)m, "the parties agree to the terms ");
        snprintf(line + m, sizeof line - (size_t)m, "%.*s By: John Smith and so on", k,
                 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        build(f, line);
        assert_true(find(f, "By: John")->flags & PCT_LINE_FLATTENED);
        snprintf(line, sizeof line, "%.*s it ends here.  WHEREAS the parties agree.", k,
                 "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz");
        build(f, line);
        assert_int_equal(f->L.n, 2);
        find(f, "WHEREAS the parties");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(artefacts, setup, teardown),
        cmocka_unit_test_setup_teardown(features, setup, teardown),
        cmocka_unit_test_setup_teardown(running_headers, setup, teardown),
        cmocka_unit_test_setup_teardown(flattened_gaps, setup, teardown),
        cmocka_unit_test_setup_teardown(flattened_single_spaces, setup, teardown),
        cmocka_unit_test_setup_teardown(strong_cues, setup, teardown),
        cmocka_unit_test_setup_teardown(counts_match, setup, teardown),
        cmocka_unit_test_setup_teardown(huge_line, setup, teardown),
        cmocka_unit_test_setup_teardown(legend_alignment, setup, teardown),
        cmocka_unit_test_setup_teardown(split_alignment, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
