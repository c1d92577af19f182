/*
 * test_read.c - the format readers: detection by content, the HTML reader's
 * text layout and its byte-exact offset map (UTF-8 and Windows-1252 files),
 * entities, dropped elements, malformed HTML, and refusals of HTML without
 * text and of ZIPs that are not Word files, and allocation failure at every
 * allocation of an HTML parse. DOCX and PDF files are built and checked end
 * to end by tests/readers.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "internal.h"
#include "read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pct_doc *parse(pct_ctx *ctx, const char *html)
{
    pct_doc *d = NULL;
    int err = pct_doc_parse(&d, ctx, "t.html", html, strlen(html));
    if (err < 0)
        fail_msg("parse failed: %s", pct_errmsg(ctx));
    return d;
}

/* The read text, as a NUL-terminated string borrowed from the doc. */
static const char *text_of(const pct_doc *d)
{
    size_t n;
    return pct_doc_read_text(d, &n);
}

/* Every ASCII letter or digit of the text maps to the same byte of the
 * file, and the map never goes backwards. */
static void assert_exact_map(const pct_doc *d, const char *file)
{
    size_t n, prev = 0;
    const char *t = pct_doc_read_text(d, &n);
    for (size_t i = 0; i <= n; i++) {
        size_t o = pct_source__to_orig(&d->src, i);
        assert_true(o >= prev);
        prev = o;
        if (i < n && (pct__is_alpha((unsigned char)t[i]) || pct__is_digit((unsigned char)t[i])))
            assert_int_equal(file[o], t[i]);
    }
    size_t runs;
    const pct_offset_run *map = pct_doc_offset_map(d, &runs);
    assert_non_null(map);
    for (size_t k = 1; k < runs; k++) {
        assert_true(map[k].text > map[k - 1].text);
        assert_true(map[k].orig >= map[k - 1].orig);
    }
}

static void detects_by_content(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        pct_format want;
    } cases[] = {
        {"%PDF-1.7\n", PCT_FMT_PDF},
        {"PK\x03\x04....word/document.xml", PCT_FMT_DOCX},
        {"PK\x03\x04....readme.txt", PCT_FMT_TEXT},
        {"  \n<!DOCTYPE html><p>x", PCT_FMT_HTML},
        {"\xef\xbb\xbf<HTML><body>x", PCT_FMT_HTML},
        {"<DOCUMENT>\n<TYPE>EX-10.1\n<TEXT>\n<HTML><BODY><P>x", PCT_FMT_HTML},
        {"<DOCUMENT>\n<TYPE>EX-10.1\n<TEXT>\nplain filing text\n", PCT_FMT_TEXT},
        {"<?xml version=\"1.0\"?>\n<html xmlns=\"x\"><body>x", PCT_FMT_HTML},
        {"AGREEMENT <html> quoted in text", PCT_FMT_TEXT},
        {"<PAGE> 2\n", PCT_FMT_TEXT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_int_equal(pct_read__detect(cases[i].in, strlen(cases[i].in)), cases[i].want);
}

/* Blocks end lines, paragraphs leave a blank line, cells line up, script,
 * style, title and comments give nothing, white space collapses. */
static void html_layout(void **state)
{
    (void)state;
    pct_ctx *ctx = pct_ctx_new(NULL);
    const char *html = "<html><head><title>T</title><style>p{}</style>"
                       "<script>x=\"<p>no</p>\"</script></head><body>\n"
                       "<div><div><h1>LEASE</h1></div></div>"
                       "<p>One\n   two <b>three</b><br>four</p><!-- <p>hidden</p> -->"
                       "<table><tr><td>ALDER CO.</td><td>BIRCH LLC</td></tr>"
                       "<tr><td>By: /s/ Xu</td><td>By: /s/ Yi</td></tr></table>"
                       "<ul><li>first<li>second</ul><pre>a\n  b</pre></body></html>";
    pct_doc *d = parse(ctx, html);
    assert_string_equal(pct_doc_format(d), "html");
    char row1[128], row2[128];
    snprintf(row1, sizeof row1, "%-40s%s", "ALDER CO.", "BIRCH LLC");
    snprintf(row2, sizeof row2, "%-40s%s", "By: /s/ Xu", "By: /s/ Yi");
    char want[512];
    snprintf(want, sizeof want,
             "LEASE\n\nOne two three\nfour\n\n%s\n%s\n\nfirst\nsecond\n\na\n  b\n\n", row1, row2);
    assert_string_equal(text_of(d), want);
    assert_exact_map(d, html);
    size_t n;
    assert_ptr_equal(pct_doc_file(d, &n), pct_doc_bytes(d, NULL));
    assert_int_equal(n, strlen(html));
    pct_doc_free(d);
    pct_ctx_free(ctx);
}

/* Named, decimal, hex and Windows-1252 references; &nbsp; is a space that
 * does not collapse; unknown names stay as written. */
static void html_entities(void **state)
{
    (void)state;
    pct_ctx *ctx = pct_ctx_new(NULL);
    const char *html = "<html><p>A &amp; B&#146;s &ldquo;x&rdquo; &#x2014; &#8212; a&nbsp;&nbsp;b "
                       "&bogus; &lt;c&gt; &#0; &copy</p></html>";
    pct_doc *d = parse(ctx, html);
    assert_string_equal(text_of(d), "A & B\u2019s \u201cx\u201d \u2014 \u2014 a  b &bogus; <c> "
                                    "\ufffd \u00a9\n\n");
    assert_exact_map(d, html);
    /* the span of "&amp;" decoded */
    size_t amp = (size_t)(strstr(html, "&amp;") - html);
    assert_int_equal(pct_source__to_orig(&d->src, 2), amp);
    assert_int_equal(pct_source__to_orig(&d->src, 3), amp + 5); /* the space after it */
    pct_doc_free(d);
    pct_ctx_free(ctx);
}

/* Original spans come back to text: pct_doc_text of an HTML span. */
static void html_spans(void **state)
{
    (void)state;
    pct_ctx *ctx = pct_ctx_new(NULL);
    const char *html = "<!DOCTYPE html><p>This Agreement is made between Alder&nbsp;Row "
                       "Inc. and <i>Birch</i> &amp; Co.</p><p>1. Scope. The work.</p>";
    pct_doc *d = parse(ctx, html);
    size_t s = (size_t)(strstr(html, "Alder") - html), e = (size_t)(strstr(html, " and") - html);
    assert_string_equal(pct_doc_text(d, (pct_span){s, e}), "Alder Row Inc.");
    s = (size_t)(strstr(html, "<i>") - html);
    e = (size_t)(strstr(html, " Co.") - html);
    assert_string_equal(pct_doc_text(d, (pct_span){s, e}), "Birch &");
    const pct_node *root = pct_doc_root(d);
    assert_int_equal(pct_node_span(root).end, strlen(html));
    pct_doc_free(d);
    pct_ctx_free(ctx);
}

/* A Windows-1252 HTML file: the map composes over the transcoding, so the
 * curly quote (3 bytes of text) maps to its one byte in the file. */
static void html_cp1252(void **state)
{
    (void)state;
    pct_ctx *ctx = pct_ctx_new(NULL);
    const char html[] = "<html><p>\x93Term\x94 &amp; caf\xe9 <b>end</b></p></html>";
    pct_doc *d = parse(ctx, html);
    assert_int_equal(pct_doc_encoding(d), PCT_ENC_CP1252);
    assert_string_equal(text_of(d), "\u201cTerm\u201d & caf\u00e9 end\n\n");
    size_t q = (size_t)(strchr(html, '\x93') - html);
    assert_int_equal(pct_source__to_orig(&d->src, 0), q);
    assert_int_equal(pct_source__to_orig(&d->src, 3), q + 1); /* 'T' */
    assert_exact_map(d, html);
    pct_doc_free(d);
    pct_ctx_free(ctx);
}

/* Malformed HTML reads as a browser reads it; none of it hangs or fails. */
static void html_malformed(void **state)
{
    (void)state;
    pct_ctx *ctx = pct_ctx_new(NULL);
    static const char *const cases[][2] = {
        {"<html><p class=\"open>Hello</p><p>World", "Hello\n\nWorld\n"},
        {"<html><p>a < b and c <3 d</p>", "a < b and c <3 d\n\n"},
        {"<html><p>kept</p><!-- never closed <p>lost", "kept\n\n"},
        {"<html><p>x</p><script>never closed", "x\n\n"},
        {"<html><p>tail <b", "tail\n"},
        {"<html><p>A&", "A&\n"},
        {"<html><p>&#99999999999;x", "&#99999999999;x\n"},
        {"<html></td><td><td>cell</tr></table></table></pre>z", "cell\n\nz\n"},
        {"<html><ix:header><p>hidden xbrl</p></ix:header><p>body</p>", "body\n\n"},
        {"<html><p>one</p><hr style=\"page-break-after:always\"><p>two</p>",
         "one\n\n\f\ntwo\n\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        pct_doc *d = parse(ctx, cases[i][0]);
        assert_string_equal(text_of(d), cases[i][1]);
        assert_exact_map(d, cases[i][0]);
        pct_doc_free(d);
    }
    pct_ctx_free(ctx);
}

/* Refusals: HTML without text, a ZIP that is not a Word file. */
static void refusals(void **state)
{
    (void)state;
    pct_ctx *ctx = pct_ctx_new(NULL);
    pct_doc *d = NULL;
    const char *html = "<!DOCTYPE html><html><head><script>x</script></head><body> </body>";
    assert_int_equal(pct_doc_parse(&d, ctx, "e.html", html, strlen(html)), PCT_EINVALID);
    assert_non_null(strstr(pct_errmsg(ctx), "e.html: an HTML file without any text"));
    const char zip[] = "PK\x03\x04\x14\x00\x00\x00\x00\x00readme.txt";
    assert_int_equal(pct_doc_parse(&d, ctx, "a.zip", zip, sizeof zip - 1), PCT_EINVALID);
    assert_non_null(strstr(pct_errmsg(ctx), "without word/document.xml"));
    const char docx[] = "PK\x03\x04\x14\x00\x00\x00\x00\x00word/document.xml";
    assert_int_equal(pct_doc_parse(&d, ctx, "b.docx", docx, sizeof docx - 1), PCT_EINVALID);
    assert_non_null(strstr(pct_errmsg(ctx), "b.docx: a damaged or truncated Word file"));
    const char pdf[] = "%PDF-1.4\ngarbage";
    assert_int_equal(pct_doc_parse(&d, ctx, "c.pdf", pdf, sizeof pdf - 1), PCT_EINVALID);
    assert_non_null(strstr(pct_errmsg(ctx), "c.pdf: a damaged PDF"));
    assert_null(d);
    pct_ctx_free(ctx);
}

/* Plain text is untouched: format "text", no linear map, file == bytes. */
static void text_unchanged(void **state)
{
    (void)state;
    pct_ctx *ctx = pct_ctx_new(NULL);
    const char *txt = "AGREEMENT\n\n1. Term. <b>not a tag</b> &amp; stays.\n";
    pct_doc *d = parse(ctx, txt);
    assert_string_equal(pct_doc_format(d), "text");
    assert_string_equal(text_of(d), txt);
    size_t n;
    assert_null(pct_doc_offset_map(d, &n));
    assert_int_equal(n, 0);
    pct_doc_free(d);
    pct_ctx_free(ctx);
}

/* A counting allocator that fails allocation number `countdown` (test_oom.c
 * does the same for the text path). */
typedef struct failalloc {
    long countdown, live;
} failalloc;

static void *fa_malloc(size_t size, void *ud)
{
    failalloc *fa = ud;
    if (fa->countdown-- == 0)
        return NULL;
    void *p = malloc(size);
    fa->live += p != NULL;
    return p;
}

static void *fa_realloc(void *ptr, size_t size, void *ud)
{
    failalloc *fa = ud;
    if (fa->countdown-- == 0)
        return NULL;
    void *p = realloc(ptr, size);
    fa->live += p && !ptr;
    return p;
}

static void fa_free(void *ptr, void *ud)
{
    failalloc *fa = ud;
    fa->live -= ptr != NULL;
    free(ptr);
}

#define OOM_STEPS_MAX 100000 /* allocations tried: a hang guard */

/* Whichever allocation fails, the HTML parse returns PCT_ENOMEM and frees
 * everything; with enough memory it succeeds. */
static void html_out_of_memory(void **state)
{
    (void)state;
    const char *html = "<!DOCTYPE html><p>This Agreement is made between Alder&nbsp;Row Inc. "
                       "and Birch &amp; Co.</p><h2>1. Term</h2><p>One year.</p><table><tr>"
                       "<td>ALDER ROW INC.</td><td>BIRCH &amp; CO.</td></tr></table>";
    failalloc fa = {-1, 0};
    pct_allocator al = {fa_malloc, fa_realloc, fa_free, &fa};
    long n = 0;
    for (; n < OOM_STEPS_MAX; n++) {
        fa.countdown = -1;
        pct_ctx *ctx = pct_ctx_new(&al);
        assert_non_null(ctx);
        long live = fa.live;
        fa.countdown = n;
        pct_doc *d = NULL;
        int err = pct_doc_parse(&d, ctx, "t.html", html, strlen(html));
        fa.countdown = -1;
        if (err == 0) {
            pct_doc_free(d);
            pct_ctx_free(ctx);
            break;
        }
        assert_int_equal(err, PCT_ENOMEM);
        assert_int_equal(fa.live, live);
        pct_ctx_free(ctx);
    }
    assert_true(n > 0 && n < OOM_STEPS_MAX);
    assert_int_equal(fa.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(detects_by_content), cmocka_unit_test(html_layout),
        cmocka_unit_test(html_entities),      cmocka_unit_test(html_spans),
        cmocka_unit_test(html_cp1252),        cmocka_unit_test(html_malformed),
        cmocka_unit_test(refusals),           cmocka_unit_test(text_unchanged),
        cmocka_unit_test(html_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
