/*
 * fuzz_parse.c - libFuzzer target for the parsing entry points of pactum.h.
 *
 * Approach: the first input byte holds option bits that choose which entry
 * points run on the rest of the input, so one corpus reaches all of them:
 *   bit 0  render the tree as JSON          bit 1  render it as an outline
 *   bit 2  pct_doc_text on spans picked by the next bytes
 *   bit 3  walk the tree with pct_iter and call every node getter
 *   bit 4  stop the sink after a few calls (renderers must handle it)
 *   bit 5  pct_doc_line_col on spans of every node
 * pct_doc_parse and pct_doc_check always run. Output goes to a sink that
 * discards it (after touching every byte, so ASan sees bad reads).
 *
 * Invariants asserted here (they abort, which the fuzzer reports):
 *   - pct_doc_parse returns 0 or PCT_EINVALID (never a crash, never another
 *     code for in-memory input with a working allocator);
 *   - pct_doc_check passes on every tree;
 *   - every span lies inside the input, and getters never return garbage.
 *
 * The later layers (facts, families, findings) have their own target,
 * fuzz_extract.c.
 */
#include "pactum.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_NAME "fuzz_parse"
#include "fuzz_common.h"

enum {
    OPT_JSON = 1 << 0,
    OPT_OUTLINE = 1 << 1,
    OPT_TEXT = 1 << 2,
    OPT_ITER = 1 << 3,
    OPT_SINK_STOP = 1 << 4,
    OPT_LINE_COL = 1 << 5
};

#define TEXT_SPANS 8        /* pct_doc_text calls per input with OPT_TEXT */

static void touch_str(const char *s)
{
    if (s)
        CHECK(strlen(s) < ((size_t)1 << 40));
}

static void check_span(pct_span s, size_t len)
{
    CHECK(s.start <= s.end);
    CHECK(s.end <= len);
}

static void walk(pct_ctx *ctx, const pct_doc *doc, size_t len, int line_col)
{
    pct_iter *it = NULL;
    if (pct_iter_new(&it, ctx, pct_doc_root(doc)) < 0)
        return;
    pct_event ev;
    while ((ev = pct_iter_next(it)) != PCT_EVENT_DONE) {
        CHECK(ev == PCT_EVENT_ENTER || ev == PCT_EVENT_EXIT);
        const pct_node *n = pct_iter_node(it);
        CHECK(n != NULL);
        if (ev != PCT_EVENT_ENTER)
            continue;
        pct_span sp = pct_node_span(n);
        check_span(sp, len);
        touch_str(pct_node_type_name(pct_node_get_type(n)));
        touch_str(pct_node_number(n));
        touch_str(pct_numstyle_name(pct_node_numstyle(n)));
        touch_str(pct_node_heading(n));
        pct_span hs = pct_node_heading_span(n);
        if (hs.end)
            check_span(hs, len);
        touch_str(pct_artifact_kind_name(pct_node_artifact_kind(n)));
        const pct_signature *sig = pct_node_signature(n);
        if (sig) {
            touch_str(sig->entity);
            touch_str(sig->by);
            touch_str(sig->signer);
            touch_str(sig->title);
            touch_str(sig->date);
            check_span(sig->entity_span, len);
            check_span(sig->by_span, len);
            check_span(sig->signer_span, len);
            check_span(sig->title_span, len);
            check_span(sig->date_span, len);
        }
        if (line_col) {
            size_t line, col;
            pct_doc_line_col(doc, sp.start, &line, &col);
            CHECK(line >= 1 && col >= 1);
            pct_doc_line_col(doc, sp.end, &line, &col);
            CHECK(line >= 1 && col >= 1);
        }
        touch_str(pct_doc_text(doc, sp));
    }
    pct_iter_free(it);
}

/* Spans for pct_doc_text from pairs of 16-bit numbers taken from the input,
 * scaled into the input (and sometimes past it, which must be clamped). */
static void text_spans(const pct_doc *doc, const uint8_t *p, size_t n, size_t len)
{
    for (size_t k = 0; k < TEXT_SPANS && n >= 4; k++, p += 4, n -= 4) {
        size_t a = ((size_t)p[0] << 8 | p[1]) % (len + 2);
        size_t b = ((size_t)p[2] << 8 | p[3]) % (len + 2);
        pct_span s = {a < b ? a : b, a < b ? b : a};
        touch_str(pct_doc_text(doc, s));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned opts = data[0];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;

    pct_ctx *ctx = pct_ctx_new(NULL);
    if (!ctx)
        return 0;
    pct_doc *doc = NULL;
    int err = pct_doc_parse(&doc, ctx, "fuzz", text, len);
    if (err < 0) {
        CHECK(err == PCT_EINVALID);
        CHECK(pct_errmsg(ctx)[0] != '\0');
        goto done;
    }
    CHECK(pct_doc_check(doc) == 0);
    size_t blen = 0;
    CHECK(pct_doc_bytes(doc, &blen) != NULL && blen == len);
    check_span(pct_node_span(pct_doc_root(doc)), len);

    sink_state s = {0, (opts & OPT_SINK_STOP) != 0, 0};
    if (opts & OPT_JSON) {
        int r = pct_render_tree_json(doc, discard_sink, &s);
        CHECK(r == 0 || s.stop);
    }
    s.calls = 0;
    if (opts & OPT_OUTLINE) {
        int r = pct_render_tree_outline(doc, discard_sink, &s);
        CHECK(r == 0 || s.stop);
    }
    if (opts & OPT_TEXT)
        text_spans(doc, data + 1, len, len);
    if (opts & OPT_ITER)
        walk(ctx, doc, len, (opts & OPT_LINE_COL) != 0);
done:
    pct_doc_free(doc);
    pct_ctx_free(ctx);
    return 0;
}
