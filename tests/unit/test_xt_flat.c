/*
 * test_xt_flat.c - the flat text the extractors search (pct_extract__flat,
 * extract.c): it must equal, byte for byte and map entry for map entry,
 * what the plain byte loop gives (folded white space, dropped artefact and
 * blank lines), whatever mix of white space, control bytes, UTF-8 and line
 * ends the input has; extract.c copies plain eight-byte chunks whole, and
 * this test holds it to the byte loop.
 *
 * Approach: a differential test. Random synthetic documents are built from
 * tokens chosen to hit the chunk path's edges (lone and double spaces, tabs,
 * form feeds, CR LF, bytes below 0x21 that are not white space, 0x21 after
 * a space, UTF-8 quotes, page-number lines, blank lines), parsed, and the
 * flat text of random ranges is compared with a reference byte loop written
 * here (the code extract.c had before the chunk path).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RAND_DOCS 400   /* random documents */
#define RAND_TOKENS 300 /* tokens per document, at most */
#define RAND_RANGES 6   /* random [start, end) ranges per document */

static uint64_t rnd(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return *s >> 33;
}

static int ref_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r' || c == '\n';
}

/* The reference: the byte loop over the document's lines. */
static size_t ref_flat(const pct_doc *d, size_t start, size_t end, size_t keep_until, char *flat,
                       uint32_t *map)
{
    const char *s = d->src.text;
    size_t o = 0, sp_at = start;
    int sp = 0;
    size_t li = 0;
    while (li < d->lines.n && d->lines.v[li].end <= start)
        li++;
    for (; li < d->lines.n; li++) {
        const pct_line *l = &d->lines.v[li];
        if (l->start >= end)
            break;
        int keep = (l->flags & PCT_LINE_ARTIFACT) && !(l->flags & PCT_LINE_BLANK) &&
                   l->start < keep_until &&
                   (l->artifact == PCT_ARTIFACT_RUNNING || l->artifact == PCT_ARTIFACT_LEGEND);
        if ((l->flags & (PCT_LINE_ARTIFACT | PCT_LINE_BLANK)) && !keep) {
            if (!sp)
                sp_at = l->start;
            sp = o > 0;
            continue;
        }
        size_t a = l->start > start ? l->start : start;
        size_t b = l->end < end ? l->end : end;
        for (size_t i = a; i < b; i++) {
            unsigned char c = (unsigned char)s[i];
            if (ref_space(c)) {
                if (!sp)
                    sp_at = i;
                sp = o > 0;
                continue;
            }
            if (sp) {
                flat[o] = ' ';
                map[o++] = (uint32_t)sp_at;
                sp = 0;
            }
            flat[o] = (char)c;
            map[o++] = (uint32_t)i;
        }
        if (!sp)
            sp_at = b;
        sp = o > 0;
    }
    flat[o] = '\0';
    map[o] = (uint32_t)end;
    return o;
}

static const char *const tokens[] = {
    "Agreement", "term", "of", "the", "Party", "shall", "a", "(b)", "12.5", "Section", "renewal",
    "extraordinarily", "non-renewal", "\"Term\"", " ", " ", " ", " ", "  ", "   ", "\t", " \t ",
    "\n", "\n", "\r\n", "\n\n", "\n  \n", "\f", "\v", "\x01", "\x1b", "\x1f", "!", " !", "! ",
    "\xE2\x80\x9C", "\xE2\x80\x9D", "\xC3\xA9t\xC3\xA9", "\xC2\xA0", ".", ",", ";", "--",
    "\nPage 3 of 12\n", "\n- 7 -\n", "\nCONFIDENTIAL\n", "abcdefgh", "abcdefg ", "abcdefghijklmnop",
    "a b c d e f g h", "a  b", "x\ty"};

#define NTOK (sizeof tokens / sizeof tokens[0])

static void differential(void **state)
{
    (void)state;
    uint64_t seed = 20261125;
    pct_ctx *ctx = pct_ctx_new(NULL);
    assert_non_null(ctx);
    char *text = malloc(RAND_TOKENS * 24 + 1);
    size_t compared = 0;
    for (int r = 0; r < RAND_DOCS; r++) {
        size_t n = 0, ntok = 1 + rnd(&seed) % RAND_TOKENS;
        for (size_t k = 0; k < ntok; k++) {
            const char *tok = tokens[rnd(&seed) % NTOK];
            size_t l = strlen(tok);
            memcpy(text + n, tok, l);
            n += l;
        }
        text[n] = '\0';
        pct_doc *d = NULL;
        if (pct_doc_parse(&d, ctx, "flat.txt", text, n) < 0) {
            fail_msg("parse: %s", pct_errmsg(ctx));
        }
        size_t len = d->src.len;
        for (int b = 0; b < RAND_RANGES; b++) {
            size_t start = b == 0 ? 0 : rnd(&seed) % (len + 1);
            size_t end = b == 0 ? len : start + rnd(&seed) % (len - start + 1);
            size_t keep = rnd(&seed) % (len + 1);
            char *flat = NULL;
            uint32_t *map = NULL;
            size_t fl = 0;
            assert_int_equal(pct_extract__flat(ctx, d, start, end, keep, &flat, &map, &fl), 0);
            char *rf = malloc(end - start + 1);
            uint32_t *rm = malloc((end - start + 1) * sizeof *rm);
            size_t rl = ref_flat(d, start, end, keep, rf, rm);
            if (fl != rl || memcmp(flat, rf, rl + 1) != 0 ||
                memcmp(map, rm, (rl + 1) * sizeof *rm) != 0)
                fail_msg("flat text of [%zu,%zu) differs from the byte loop's (%zu vs %zu bytes)",
                         start, end, fl, rl);
            compared += rl;
            free(rf);
            free(rm);
            pct__free(ctx, flat, end - start + 1);
            pct__free(ctx, map, (end - start + 1) * sizeof *map);
        }
        pct_doc_free(d);
    }
    printf("differential: %zu flat bytes compared\n", compared);
    assert_true(compared > 100000);
    free(text);
    pct_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(differential),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
