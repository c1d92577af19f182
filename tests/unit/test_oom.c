/*
 * test_oom.c - allocation failure: every call that allocates must fail
 * cleanly, with PCT_ENOMEM and nothing leaked, whichever allocation fails.
 *
 * Approach (sqlite's test_malloc.c, libgit2's failalloc): a counting
 * allocator fails the Nth allocation (malloc or realloc) once armed. For
 * N = 0, 1, 2, ... each entry point runs on a synthetic contract until a run
 * succeeds without reaching allocation N. Every failed run must return
 * PCT_ENOMEM, set a message, and leave the live block count and the
 * context's byte counter where they were before the call (ASan's leak
 * checker double-checks in the Asan build). The successful run also
 * reports the peak bytes the context saw, which must stay within a small
 * multiple of the input.
 */
#include "pactum.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define OOM_MAX_STEPS 200000   /* allocations tried before giving up: a hang guard */
#define PEAK_FACTOR 64         /* peak bytes allowed per input byte ... */
#define PEAK_SLACK (1u << 20)  /* ... plus this, for arena chunks and tables */

/* ------------------------------------------------------------ allocator */

typedef struct failalloc {
    long countdown; /* allocations left before the failing one; < 0: never fail */
    long calls;     /* allocations (malloc + realloc) since the last arm */
    long live;      /* blocks allocated and not yet freed */
    int failed;     /* set when the armed failure happened */
} failalloc;

static int should_fail(failalloc *fa)
{
    fa->calls++;
    if (fa->countdown < 0)
        return 0;
    if (fa->countdown-- == 0) {
        fa->failed = 1;
        return 1;
    }
    return 0;
}

static void *fa_malloc(size_t size, void *ud)
{
    failalloc *fa = ud;
    if (should_fail(fa))
        return NULL;
    void *p = malloc(size);
    if (p)
        fa->live++;
    return p;
}

static void *fa_realloc(void *ptr, size_t size, void *ud)
{
    failalloc *fa = ud;
    if (should_fail(fa))
        return NULL;
    void *p = realloc(ptr, size);
    if (p && !ptr)
        fa->live++;
    return p;
}

static void fa_free(void *ptr, void *ud)
{
    failalloc *fa = ud;
    if (ptr)
        fa->live--;
    free(ptr);
}

static void arm(failalloc *fa, long n)
{
    fa->countdown = n;
    fa->calls = 0;
    fa->failed = 0;
}

/* Stops failing, keeping `calls` and `failed` of the last run. */
static void disarm(failalloc *fa) { fa->countdown = -1; }

/* ------------------------------------------------------------- fixtures */

/* A synthetic agreement: title, preamble, recitals, nested sections, a page
 * artefact, a two-column signature page with one blank block, an exhibit. */
static const char contract_utf8[] =
    "MASTER SUPPLY AGREEMENT\n"
    "\n"
    "This Master Supply Agreement (the \"Agreement\") is entered into as of January 5,\n"
    "2022 (the \"Effective Date\") by and between Quillfeather Instruments, Inc., a Delaware\n"
    "corporation (\"Supplier\"), and Harrow & Lune GmbH, a German company (\"Buyer\").\n"
    "\n"
    "WHEREAS, Supplier manufactures precision instruments; and\n"
    "WHEREAS, Buyer wishes to purchase them on the terms below.\n"
    "\n"
    "NOW, THEREFORE, the parties agree as follows:\n"
    "\n"
    "ARTICLE I\n"
    "DEFINITIONS\n"
    "1.1 \"Products\" means the instruments listed in Exhibit A.\n"
    "1.2 \"Term\" has the meaning given in Section 4.1.\n"
    "    (a) Words in the singular include the plural.\n"
    "    (b) Headings are for convenience only.\n"
    "        (i) They do not affect meaning.\n"
    "ARTICLE II\n"
    "TERM\n"
    "4.1 Initial Term. This Agreement starts on the Effective Date and continues for\n"
    "three (3) years.\n"
    "4.2 Renewal. It renews for successive one (1) year terms unless either party gives\n"
    "ninety (90) days' notice.\n"
    "\n"
    "                                   -2-\n"
    "<PAGE>\n"
    "5. GOVERNING LAW. The laws of the State of New York govern this Agreement.\n"
    "\n"
    "IN WITNESS WHEREOF, the parties have signed this Agreement as of the Effective Date.\n"
    "\n"
    "QUILLFEATHER INSTRUMENTS, INC.          HARROW & LUNE GMBH\n"
    "\n"
    "By: /s/ Odile Ferrant                   By: ______________________\n"
    "Name: Odile Ferrant                     Name:\n"
    "Title: Chief Executive Officer          Title:\n"
    "Date: 1-5-22                            Date:\n"
    "\n"
    "EXHIBIT A\n"
    "PRODUCTS\n"
    "1. Calibrated gauge, model QF-10.\n"
    "2. Pressure sensor, model QF-22.\n";

/* The same kind of text in Windows-1252 (curly quotes, a dash, an e-acute,
 * CRLF line ends), which takes the transcoding path with its offset map. */
static const char contract_cp1252[] =
    "AMENDMENT NO. 1 TO MASTER SUPPLY AGREEMENT\r\n"
    "\r\n"
    "This Amendment is made as of March 1, 2023 between Quillfeather Instruments, Inc.\r\n"
    "and Harrow & Lune GmbH (the \x93Parties\x94) \x96 each a \x93Party\x94.\r\n"
    "\r\n"
    "1. Section 4.1 of the Agreement is amended by replacing \x93three (3) years\x94 with\r\n"
    "\x93" "five (5) years\x94.\r\n"
    "2. Caf\xe9" " supplies are added to Exhibit A.\r\n"
    "\r\n"
    "QUILLFEATHER INSTRUMENTS, INC.          HARROW & LUNE GMBH\r\n"
    "By: /s/ Odile Ferrant                   By: /s/ Jonas Weber\r\n";

static int discard(const char *data, size_t len, void *ud)
{
    (void)data;
    (void)len;
    (void)ud;
    return 0;
}

/* ------------------------------------------------------------- the loops */

/* Parses `text` with allocation N failing, for N = 0, 1, ...; returns the
 * doc of the first run that succeeds (the caller frees it). */
static pct_doc *parse_oom_loop(pct_ctx *ctx, failalloc *fa, const char *text, size_t len,
                               long *steps_out)
{
    long base_live = fa->live;
    for (long n = 0; n < OOM_MAX_STEPS; n++) {
        pct_doc *doc = NULL;
        arm(fa, n);
        int err = pct_doc_parse(&doc, ctx, "oom.txt", text, len);
        disarm(fa);
        if (err == 0) {
            /* Success is only right when no allocation failed: a failure
             * that was swallowed leaves a silently degraded tree. */
            if (fa->failed)
                fail_msg("allocation %ld failed but pct_doc_parse returned 0 (of %ld "
                         "allocations)", n, fa->calls);
            assert_non_null(doc);
            assert_int_equal(pct_doc_check(doc), 0);
            *steps_out = n;
            return doc;
        }
        if (err != PCT_ENOMEM)
            fail_msg("allocation %ld failed: expected PCT_ENOMEM, got %d (%s)", n, err,
                     pct_errmsg(ctx));
        if (!fa->failed)
            fail_msg("PCT_ENOMEM at step %ld without a failed allocation (%s)", n,
                     pct_errmsg(ctx));
        assert_true(pct_errmsg(ctx)[0] != '\0');
        assert_null(doc);
        if (fa->live != base_live)
            fail_msg("allocation %ld failed: %ld blocks leaked", n, fa->live - base_live);
        assert_int_equal(pct_mem_current(ctx), 0);
    }
    fail_msg("parse did not succeed within %d allocations", OOM_MAX_STEPS);
    return NULL;
}

typedef int (*render_fn)(const pct_doc *doc, pct_sink sink, void *ud);

/* Renders `doc` with allocation N failing until a run succeeds. */
static void render_oom_loop(pct_ctx *ctx, failalloc *fa, const pct_doc *doc, render_fn render,
                            const char *what)
{
    long base_live = fa->live;
    size_t base_bytes = pct_mem_current(ctx);
    for (long n = 0; n < OOM_MAX_STEPS; n++) {
        arm(fa, n);
        int err = render(doc, discard, NULL);
        disarm(fa);
        if (err == 0 && fa->failed)
            fail_msg("%s: allocation %ld failed but the renderer returned 0", what, n);
        if (err == 0)
            return;
        if (err != PCT_ENOMEM)
            fail_msg("%s: allocation %ld failed: expected PCT_ENOMEM, got %d", what, n, err);
        assert_true(fa->failed);
        if (fa->live != base_live || pct_mem_current(ctx) != base_bytes)
            fail_msg("%s: allocation %ld failed: memory leaked", what, n);
    }
    fail_msg("%s did not succeed within %d allocations", what, OOM_MAX_STEPS);
}

static void oom_all(const char *text, size_t len, const char *label)
{
    failalloc fa = {-1, 0, 0, 0};
    pct_allocator a = {fa_malloc, fa_realloc, fa_free, &fa};

    /* The context itself: the very first allocation failing gives NULL. */
    arm(&fa, 0);
    assert_null(pct_ctx_new(&a));
    assert_int_equal(fa.live, 0);
    arm(&fa, -1);
    pct_ctx *ctx = pct_ctx_new(&a);
    assert_non_null(ctx);

    long steps = 0;
    pct_doc *doc = parse_oom_loop(ctx, &fa, text, len, &steps);
    size_t peak = pct_mem_peak(ctx);
    print_message("%s: %zu bytes, parse succeeded after %ld allocations, peak %zu bytes "
                  "(%.1fx input)\n",
                  label, len, steps, peak, (double)peak / (double)len);
    assert_true(steps > 0);
    assert_true(peak <= PEAK_FACTOR * len + PEAK_SLACK);

    render_oom_loop(ctx, &fa, doc, pct_render_tree_json, "json");
    render_oom_loop(ctx, &fa, doc, pct_render_tree_outline, "outline");

    /* The iterator: failing its allocation gives PCT_ENOMEM and no iterator. */
    pct_iter *it = NULL;
    arm(&fa, 0);
    assert_int_equal(pct_iter_new(&it, ctx, pct_doc_root(doc)), PCT_ENOMEM);
    disarm(&fa);
    assert_null(it);

    pct_doc_free(doc);
    assert_int_equal(pct_mem_current(ctx), 0);
    pct_ctx_free(ctx);
    assert_int_equal(fa.live, 0);
}

static void test_oom_utf8(void **state)
{
    (void)state;
    oom_all(contract_utf8, sizeof contract_utf8 - 1, "utf-8 agreement");
}

static void test_oom_cp1252(void **state)
{
    (void)state;
    oom_all(contract_cp1252, sizeof contract_cp1252 - 1, "cp1252 amendment");
}

/* A larger input: the agreement repeated, so arena chunks and line tables
 * grow past their first size and realloc paths fail too. */
static void test_oom_large(void **state)
{
    (void)state;
    enum { COPIES = 40 };
    size_t one = sizeof contract_utf8 - 1;
    char *big = malloc(one * COPIES);
    assert_non_null(big);
    for (int i = 0; i < COPIES; i++)
        memcpy(big + (size_t)i * one, contract_utf8, one);
    oom_all(big, one * COPIES, "agreement x40");
    free(big);
}

/* Failures that are not about memory must not be reported as PCT_ENOMEM,
 * and must not leak either. */
static void test_invalid_input_no_leak(void **state)
{
    (void)state;
    failalloc fa = {-1, 0, 0, 0};
    pct_allocator a = {fa_malloc, fa_realloc, fa_free, &fa};
    pct_ctx *ctx = pct_ctx_new(&a);
    assert_non_null(ctx);
    static const char *const bad[] = {"", "%PDF-1.7\n", "PK\x03\x04zip", "\x7f\x45LF\x02\x01"};
    static const size_t badlen[] = {0, 9, 7, 6};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        pct_doc *doc = NULL;
        assert_int_equal(pct_doc_parse(&doc, ctx, "bad", bad[i], badlen[i]), PCT_EINVALID);
        assert_null(doc);
        assert_true(strstr(pct_errmsg(ctx), "bad") != NULL);
        assert_int_equal(pct_mem_current(ctx), 0);
    }
    pct_ctx_free(ctx);
    assert_int_equal(fa.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oom_utf8),
        cmocka_unit_test(test_oom_cp1252),
        cmocka_unit_test(test_oom_large),
        cmocka_unit_test(test_invalid_input_no_leak),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
