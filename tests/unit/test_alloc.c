/*
 * test_alloc.c - the allocator table and the context's byte counters.
 *
 * A sizing allocator keeps each block's size in a header, so the test knows
 * exactly how many bytes are live. The library's own counters
 * (pct_mem_current, pct_mem_peak) rest on the sizes callers pass back to
 * pct__free/pct__realloc; if one caller passes a wrong size, the counters
 * drift and bench/OOM figures lie. Checked here against the real numbers,
 * over parse, render, the iterator and pct_doc_text, for several inputs.
 */
#include "pactum.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

typedef struct sizing {
    size_t live;  /* bytes in live blocks */
    size_t peak;  /* high-water mark of live */
    long blocks;  /* live blocks */
    long calls;   /* malloc + realloc + free calls */
} sizing;

typedef union header {
    size_t size;
    max_align_t align_;
} header;

static void grow(sizing *z, size_t n)
{
    z->live += n;
    if (z->live > z->peak)
        z->peak = z->live;
}

static void *sz_malloc(size_t size, void *ud)
{
    sizing *z = ud;
    z->calls++;
    header *h = malloc(sizeof *h + size);
    if (!h)
        return NULL;
    h->size = size;
    grow(z, size);
    z->blocks++;
    return h + 1;
}

static void *sz_realloc(void *ptr, size_t size, void *ud)
{
    sizing *z = ud;
    if (!ptr)
        return sz_malloc(size, ud);
    z->calls++;
    header *h = (header *)ptr - 1;
    size_t old = h->size;
    header *n = realloc(h, sizeof *n + size);
    if (!n)
        return NULL;
    n->size = size;
    z->live -= old;
    grow(z, size);
    return n + 1;
}

static void sz_free(void *ptr, void *ud)
{
    sizing *z = ud;
    z->calls++;
    if (!ptr)
        return;
    header *h = (header *)ptr - 1;
    z->live -= h->size;
    z->blocks--;
    free(h);
}

static int discard(const char *data, size_t len, void *ud)
{
    (void)data;
    (void)len;
    (void)ud;
    return 0;
}

/* Synthetic inputs: UTF-8 with sections and signatures, Windows-1252 with
 * CRLF, a page-marked text, and a flattened one. */
static const char *const inputs[] = {
    "CONSULTING AGREEMENT\n\nThis Agreement is made as of May 2, 2019 between Pell & Rook LLP\n"
    "and Tamsin Vale (\"Consultant\").\n\n1. SERVICES\n1.1 Consultant shall advise on audits.\n"
    "    (a) monthly reviews;\n    (b) an annual report.\n2. FEES\nHourly, per Exhibit A.\n\n"
    "PELL & ROOK LLP                      CONSULTANT\nBy: /s/ Ada Pell                     "
    "By: /s/ Tamsin Vale\nName: Ada Pell                       Name: Tamsin Vale\n\n"
    "EXHIBIT A\nRATES\n",
    "LEASE\r\n\r\n1. Premises. The \x93Premises\x94 are Unit 4 \x96 Dock Road.\r\n"
    "2. Rent. \x80 900 per month.\r\n3. Caf\xe9 rights.\r\n",
    "1. SCOPE\nWork as agreed.\n\n                -1-\n<PAGE>\n2. TERM\nOne year.\n"
    "Page 2 of 2\n[***] Confidential treatment requested.\n",
    "SERVICES AGREEMENT      1. Services. Vendor shall deliver reports.      2. Fees. Client "
    "shall pay.      IN WITNESS WHEREOF the parties sign.      VENDOR INC.      By: /s/ Jo Ash"
    "      Name: Jo Ash\n",
};

static void check_counters(const pct_ctx *ctx, const sizing *z, size_t ctx_bytes)
{
    /* Everything live except the context block itself went through the counters. */
    assert_int_equal(pct_mem_current(ctx), z->live - ctx_bytes);
    assert_true(pct_mem_peak(ctx) >= pct_mem_current(ctx));
    assert_true(pct_mem_peak(ctx) <= z->peak);
}

static void test_counters_exact(void **state)
{
    (void)state;
    sizing z = {0, 0, 0, 0};
    pct_allocator a = {sz_malloc, sz_realloc, sz_free, &z};
    pct_ctx *ctx = pct_ctx_new(&a);
    assert_non_null(ctx);
    size_t ctx_bytes = z.live;
    assert_true(ctx_bytes > 0);
    assert_int_equal(pct_mem_current(ctx), 0);

    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
        pct_doc *doc = NULL;
        assert_int_equal(pct_doc_parse(&doc, ctx, "alloc.txt", inputs[i], strlen(inputs[i])), 0);
        check_counters(ctx, &z, ctx_bytes);
        assert_true(pct_mem_current(ctx) > strlen(inputs[i])); /* at least the copy */

        assert_int_equal(pct_render_tree_json(doc, discard, NULL), 0);
        assert_int_equal(pct_render_tree_outline(doc, discard, NULL), 0);
        check_counters(ctx, &z, ctx_bytes);

        pct_iter *it = NULL;
        assert_int_equal(pct_iter_new(&it, ctx, pct_doc_root(doc)), 0);
        check_counters(ctx, &z, ctx_bytes);
        while (pct_iter_next(it) != PCT_EVENT_DONE)
            assert_non_null(pct_doc_text(doc, pct_node_span(pct_iter_node(it))));
        pct_iter_free(it);
        check_counters(ctx, &z, ctx_bytes);

        pct_doc_free(doc);
        assert_int_equal(pct_mem_current(ctx), 0);
        assert_int_equal(z.live, ctx_bytes);
        assert_int_equal(z.blocks, 1);
    }
    pct_ctx_free(ctx);
    assert_int_equal(z.live, 0);
    assert_int_equal(z.blocks, 0);
}

/* Errors allocate nothing that outlives the call. */
static void test_errors_free_everything(void **state)
{
    (void)state;
    sizing z = {0, 0, 0, 0};
    pct_allocator a = {sz_malloc, sz_realloc, sz_free, &z};
    pct_ctx *ctx = pct_ctx_new(&a);
    assert_non_null(ctx);
    size_t ctx_bytes = z.live;
    pct_doc *doc = NULL;
    assert_int_equal(pct_doc_parse_file(&doc, ctx, "/nonexistent/pactum/alloc.txt"),
                     PCT_ENOTFOUND);
    assert_int_equal(pct_doc_parse_file(&doc, ctx, "/"), PCT_EIO);
    assert_int_equal(pct_doc_parse(&doc, ctx, "x", "%PDF-1.5", 8), PCT_EINVALID);
    assert_null(doc);
    assert_int_equal(z.live, ctx_bytes);
    assert_int_equal(pct_mem_current(ctx), 0);
    pct_ctx_free(ctx);
    assert_int_equal(z.blocks, 0);
}

/* A NULL table means the C library's allocator, and the counters still work. */
static void test_default_allocator_counts(void **state)
{
    (void)state;
    pct_ctx *ctx = pct_ctx_new(NULL);
    assert_non_null(ctx);
    pct_doc *doc = NULL;
    assert_int_equal(pct_doc_parse(&doc, ctx, NULL, inputs[0], strlen(inputs[0])), 0);
    assert_true(pct_mem_current(ctx) > 0);
    size_t peak = pct_mem_peak(ctx);
    pct_doc_free(doc);
    assert_int_equal(pct_mem_current(ctx), 0);
    assert_int_equal(pct_mem_peak(ctx), peak);
    pct_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counters_exact),
        cmocka_unit_test(test_errors_free_everything),
        cmocka_unit_test(test_default_allocator_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
