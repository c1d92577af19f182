/*
 * test_source.c - the reader: encoding detection, decoding to UTF-8 and the
 * offset map back to original bytes (UTF-8, BOM, Windows-1252), line ends,
 * and refusal of non-text input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct fx {
    pct_ctx *ctx;
    pct_arena *a;
    pct_source src;
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

static void utf8_plain(void **state)
{
    fx *f = *state;
    const char in[] = "Caf\xc3\xa9 agreement\n";
    assert_int_equal(pct_source__decode(&f->src, f->ctx, f->a, "t", in, sizeof in - 1), 0);
    assert_int_equal(f->src.enc, PCT_ENC_UTF8);
    assert_int_equal(f->src.len, sizeof in - 1);
    assert_memory_equal(f->src.text, in, sizeof in - 1);
    for (size_t t = 0; t <= f->src.len; t++)
        assert_int_equal(pct_source__to_orig(&f->src, t), t);
}

static void utf8_bom(void **state)
{
    fx *f = *state;
    const char in[] = "\xef\xbb\xbfTHIS AGREEMENT\r\n";
    assert_int_equal(pct_source__decode(&f->src, f->ctx, f->a, "t", in, sizeof in - 1), 0);
    assert_int_equal(f->src.enc, PCT_ENC_UTF8_BOM);
    assert_int_equal(f->src.len, sizeof in - 4);
    assert_memory_equal(f->src.text, "THIS", 4);
    for (size_t t = 0; t <= f->src.len; t++)
        assert_int_equal(pct_source__to_orig(&f->src, t), t + 3);
}

/* cp1252: curly quotes (0x93 0x94 -> 3 UTF-8 bytes), e acute (0xe9 -> 2),
 * euro (0x80 -> 3), and an undefined byte (0x81, read as U+0081). */
static void cp1252_map(void **state)
{
    fx *f = *state;
    const char in[] = "the \x93" "Caf\xe9\x94 costs \x80" "5\x81!";
    size_t n = sizeof in - 1;
    assert_int_equal(pct_source__decode(&f->src, f->ctx, f->a, "t", in, n), 0);
    assert_int_equal(f->src.enc, PCT_ENC_CP1252);
    const char want[] = "the \xe2\x80\x9c"
                        "Caf\xc3\xa9\xe2\x80\x9d costs \xe2\x82\xac"
                        "5\xc2\x81!";
    assert_int_equal(f->src.len, sizeof want - 1);
    assert_memory_equal(f->src.text, want, sizeof want - 1);
    /* every text byte maps to the original byte of its character, in order */
    size_t o = 0;
    for (size_t t = 0; t < f->src.len;) {
        unsigned char c = (unsigned char)f->src.text[t];
        size_t k = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
        for (size_t j = 0; j < k; j++)
            assert_int_equal(pct_source__to_orig(&f->src, t + j), o);
        t += k;
        o++;
    }
    assert_int_equal(o, n);
    assert_int_equal(pct_source__to_orig(&f->src, f->src.len), n);
}

/* A span over the cp1252 text maps back to the exact original bytes. */
static void cp1252_span_round_trip(void **state)
{
    (void)state;
    pct_ctx *ctx = pct_ctx_new(NULL);
    const char in[] = "AGREEMENT\r\n\r\nThis Agreement is made by Soci\xe9t\xe9 G\xe9n\xe9rale "
                      "(\x93SG\x94) and Acme Inc.\r\n";
    pct_doc *doc = NULL;
    assert_int_equal(pct_doc_parse(&doc, ctx, "t", in, sizeof in - 1), 0);
    assert_int_equal(pct_doc_encoding(doc), PCT_ENC_CP1252);
    assert_int_equal(pct_doc_check(doc), 0);
    const char *s = strstr(in, "(\x93SG\x94)");
    pct_span sp = {(size_t)(s - in), (size_t)(s - in) + 6};
    assert_string_equal(pct_doc_text(doc, sp), "(\xe2\x80\x9cSG\xe2\x80\x9d)");
    pct_doc_free(doc);
    pct_ctx_free(ctx);
}

static void refuses_binary(void **state)
{
    fx *f = *state;
    assert_int_equal(pct_source__decode(&f->src, f->ctx, f->a, "t", "", 0), PCT_EINVALID);
    assert_int_equal(pct_source__decode(&f->src, f->ctx, f->a, "t", "%PDF-1.4\n", 9), PCT_EINVALID);
    assert_non_null(strstr(pct_errmsg(f->ctx), "PDF"));
    assert_int_equal(pct_source__decode(&f->src, f->ctx, f->a, "t", "ab\0cd", 5), PCT_EINVALID);
    assert_int_equal(pct_source__decode(&f->src, f->ctx, f->a, "t", "\xff\xfeT\0", 4),
                     PCT_EINVALID);
    assert_int_equal(pct_source__decode(&f->src, f->ctx, f->a, "t", "PK\x03\x04zz", 6),
                     PCT_EINVALID);
}

/* LF, CRLF, CR and form feed all end lines; offsets are not shifted by them. */
static void line_ends(void **state)
{
    fx *f = *state;
    const char in[] = "one\ntwo\r\nthree\rfour\ffive";
    assert_int_equal(pct_source__decode(&f->src, f->ctx, f->a, "t", in, sizeof in - 1), 0);
    pct_lines L;
    assert_int_equal(pct_lines__build(&L, f->ctx, f->a, f->src.text, f->src.len), 0);
    assert_int_equal(L.n, 5);
    const char *want[] = {"one", "two", "three", "four", "five"};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(L.v[i].cend - L.v[i].cstart, strlen(want[i]));
        assert_memory_equal(f->src.text + L.v[i].cstart, want[i], strlen(want[i]));
    }
    assert_true(L.v[4].flags & PCT_LINE_PAGE_BREAK);
    assert_false(L.v[3].flags & PCT_LINE_PAGE_BREAK);
}

/* Invalid UTF-8 in the middle of a UTF-8 file: the whole file is read as
 * cp1252 (so a lone 0xe9 is an e acute), and valid sequences become mojibake
 * but keep exact spans. */
static void mixed_falls_back(void **state)
{
    fx *f = *state;
    const char in[] = "r\xc3\xa9sum\xe9";
    assert_int_equal(pct_source__decode(&f->src, f->ctx, f->a, "t", in, sizeof in - 1), 0);
    assert_int_equal(f->src.enc, PCT_ENC_CP1252);
    assert_int_equal(pct_source__to_orig(&f->src, f->src.len), sizeof in - 1);
    size_t prev = 0;
    for (size_t t = 0; t <= f->src.len; t++) {
        size_t o = pct_source__to_orig(&f->src, t);
        assert_true(o >= prev);
        prev = o;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(utf8_plain, setup, teardown),
        cmocka_unit_test_setup_teardown(utf8_bom, setup, teardown),
        cmocka_unit_test_setup_teardown(cp1252_map, setup, teardown),
        cmocka_unit_test(cp1252_span_round_trip),
        cmocka_unit_test_setup_teardown(refuses_binary, setup, teardown),
        cmocka_unit_test_setup_teardown(line_ends, setup, teardown),
        cmocka_unit_test_setup_teardown(mixed_falls_back, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
