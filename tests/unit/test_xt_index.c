/*
 * test_xt_index.c - the word-start index of the text helpers: it must
 * answer exactly what the byte-by-byte scans (pct_xt__find, pct_xt__rfind)
 * answer, decline the patterns it cannot key, and fail cleanly on OOM; and
 * the lead filter of extract_text.h, which must never skip a match.
 *
 * Approach: a few hand-made cases, then a differential test: random texts
 * built from tokens chosen to hit the edges (words sharing a prefix with a
 * key, words longer than the key, digits after letters, curly quotes,
 * hyphens, runs of white space) and random bounds, including bounds inside
 * words, compared with the scans for a set of patterns of every shape.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "extract_text.h"
#include "xt_index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RAND_TEXTS 300     /* random texts in the differential test */
#define RAND_TOKENS 120    /* tokens per random text, at most */
#define RAND_BOUNDS 60     /* random [from, hi) pairs per text */

typedef struct fx {
    pct_ctx *ctx;
    pct_arena *a;
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

static const pct_xt_index *build(fx *f, const char *text)
{
    pct_xt_index *ix = NULL;
    assert_int_equal(pct_xt__index_build(&ix, f->ctx, f->a, text, strlen(text)), 0);
    assert_non_null(ix);
    return ix;
}

static size_t ifind(const pct_xt_index *ix, const char *t, size_t from, size_t hi, const char *pat)
{
    size_t at = 12345;
    assert_int_equal(pct_xt__index_find(ix, t, from, hi, pat, &at), 1);
    return at;
}

static size_t irfind(const pct_xt_index *ix, const char *t, size_t lo, size_t to, const char *pat)
{
    size_t at = 12345;
    assert_int_equal(pct_xt__index_rfind(ix, t, lo, to, pat, &at), 1);
    return at;
}

static void basics(void **state)
{
    fx *f = *state;
    const char *t = "The Term of this Agreement shall renew; terms renewed. TERMINATION\n"
                    "in\n  effect, non-renewal \xE2\x80\x9CTerm\xE2\x80\x9D term2";
    size_t n = strlen(t);
    const pct_xt_index *ix = build(f, t);
    assert_int_equal(pct_xt__index_words(ix), 16);
    size_t term = (size_t)(strstr(t, "Term of") - t);
    assert_int_equal(ifind(ix, t, 0, n, "term"), term);
    assert_int_equal(ifind(ix, t, 0, n, "term of this agreement"), term);
    assert_int_equal(ifind(ix, t, term + 1, n, "term"), (size_t)(strstr(t, "Term\xE2") - t));
    assert_int_equal(ifind(ix, t, 0, n, "terminat*"), (size_t)(strstr(t, "TERMIN") - t));
    assert_int_equal(ifind(ix, t, 0, n, "renew*"), (size_t)(strstr(t, "renew;") - t));
    assert_int_equal(ifind(ix, t, 0, n, "in effect"), (size_t)(strstr(t, "in\n") - t));
    assert_int_equal(ifind(ix, t, 0, n, "non-renewal"), (size_t)(strstr(t, "non-") - t));
    assert_int_equal(ifind(ix, t, 0, n, "agreements"), n);
    assert_int_equal(ifind(ix, t, 0, n, "zzzz"), n);
    /* "term2": a digit after the word does not stop a match ... */
    assert_int_equal(ifind(ix, t, n - 5, n, "term"), n - 5);
    /* ... and a bound inside a word is tried like the scan tries it */
    assert_int_equal(ifind(ix, t, term + 1, n, "erm of"), term + 1);
    assert_int_equal(ifind(ix, t, term + 2, n, "erm of"), n);
    assert_int_equal(irfind(ix, t, 0, n, "term"), n - 5);
    assert_int_equal(irfind(ix, t, 0, n - 1, "term"), n - 5); /* cut off by the bound */
    assert_int_equal(irfind(ix, t, 0, n - 6, "term"), (size_t)(strstr(t, "Term\xE2") - t));
    assert_int_equal(irfind(ix, t, 0, n, "zzzz"), (size_t)-1);
    assert_int_equal(irfind(ix, t, 5, 5, "term"), (size_t)-1);
    assert_int_equal(ifind(ix, t, 9, 5, "term"), 5);
}

static void declines(void **state)
{
    fx *f = *state;
    const char *t = "the theory of law and laws2 in effect";
    size_t n = strlen(t), at = 0;
    const pct_xt_index *ix = build(f, t);
    /* first byte not a letter or digit */
    assert_int_equal(pct_xt__index_find(ix, t, 0, n, "\"the", &at), 0);
    assert_int_equal(pct_xt__index_find(ix, t, 0, n, " law", &at), 0);
    /* short first words that may go on inside a longer text word */
    assert_int_equal(pct_xt__index_find(ix, t, 0, n, "the", &at), 0);
    assert_int_equal(pct_xt__index_rfind(ix, t, 0, n, "law", &at), 0);
    assert_int_equal(pct_xt__index_find(ix, t, 0, n, "ab*", &at), 0);
    assert_int_equal(pct_xt__index_find(ix, t, 0, n, "of \"", &at), 0);
    /* another text, or bounds beyond the indexed text */
    char copy[64];
    memcpy(copy, t, n + 1);
    assert_int_equal(pct_xt__index_find(ix, copy, 0, n, "theory", &at), 0);
    assert_int_equal(pct_xt__index_find(ix, t, 0, n + 1, "theory", &at), 0);
    assert_int_equal(pct_xt__index_find(NULL, t, 0, n, "theory", &at), 0);
    /* short first words that must end the text word are answered */
    assert_int_equal(pct_xt__index_find(ix, t, 0, n, "in effect", &at), 1);
    assert_int_equal(at, (size_t)(strstr(t, "in effect") - t));
    assert_int_equal(pct_xt__index_find(ix, t, 0, n, "of law", &at), 1);
    assert_int_equal(pct_xt__index_find(ix, t, 0, n, "theory", &at), 1);
    assert_int_equal(at, 4);
}

/* ------------------------------------------------------- differential */

static uint32_t rnd(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return (uint32_t)(*s >> 33);
}

static const char *const tokens[] = {
    "a", "ab", "abc", "abcd", "abcde", "abcdef", "ABCD", "Abc", "the", "The", "THE", "theory",
    "them", "law", "laws", "law2", "lawful", "2", "12", "123", "in", "In", "effect", "effective",
    "non", "renewal", "renew", "x1", " ", " ", " ", "  ", "\n", "\n\n", "\t", ".", ",", "-", "(",
    ")", "\"", "'", "`", "``", "*", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x99", "\xC3\xA9"};

static const char *const patterns[] = {
    "a", "ab", "ab*", "abc", "abc*", "abcd", "abcd*", "abcde", "abcdef", "abcdefg", "the", "the ",
    "the law", "the  law", "the \"", "the (", "the-law", "theory", "them*", "in effect",
    "in  effect", "non-renewal", "non renewal", "law", "laws", "law*", "lawful", "2", "12", "123*",
    "abc \"", "abc\"", "ab'", "ab (", "ab,", "a b", "a \"b\"", "effect*", "effective", "x1",
    "in ( abc", "abcd abc", "abcd-ab", "12 abc", "\"the", "(a", "abc*d", "renew* the", "a.b",
    "ab ,", "abcd \"the\"", "in \xE2\x80\x9C", "ab\xC3\xA9"};

#define NTOK (sizeof tokens / sizeof tokens[0])
#define NPAT (sizeof patterns / sizeof patterns[0])

static void differential(void **state)
{
    fx *f = *state;
    uint64_t seed = 20261125;
    char text[RAND_TOKENS * 8 + 1];
    size_t answered = 0, declined = 0;
    for (int r = 0; r < RAND_TEXTS; r++) {
        size_t n = 0, ntok = 1 + rnd(&seed) % RAND_TOKENS;
        for (size_t k = 0; k < ntok; k++) {
            const char *tok = tokens[rnd(&seed) % NTOK];
            size_t l = strlen(tok);
            memcpy(text + n, tok, l);
            n += l;
        }
        text[n] = '\0';
        const pct_xt_index *ix = build(f, text);
        for (int b = 0; b < RAND_BOUNDS; b++) {
            size_t lo = rnd(&seed) % (n + 1), hi = rnd(&seed) % (n + 1);
            if (b % 4 == 0)
                hi = n;
            if (b % 4 == 1)
                lo = 0;
            for (size_t p = 0; p < NPAT; p++) {
                const char *pat = patterns[p];
                size_t at = 0;
                if (pct_xt__index_find(ix, text, lo, hi, pat, &at)) {
                    answered++;
                    size_t want = pct_xt__find(NULL, text, lo, hi, pat);
                    if (at != want)
                        fail_msg("find \"%s\" in [%zu,%zu) of \"%s\": %zu, scan %zu", pat, lo,
                                 hi, text, at, want);
                } else {
                    declined++;
                }
                /* the helpers themselves, which use the index on long regions */
                assert_int_equal(pct_xt__find(ix, text, lo, hi, pat),
                                 pct_xt__find(NULL, text, lo, hi, pat));
                assert_int_equal(pct_xt__rfind(ix, text, lo, hi, pat),
                                 pct_xt__rfind(NULL, text, lo, hi, pat));
                assert_int_equal(pct_xt__has(ix, text, lo, hi, pat),
                                 pct_xt__has(NULL, text, lo, hi, pat));
                if (pct_xt__index_rfind(ix, text, lo, hi, pat, &at)) {
                    size_t want = pct_xt__rfind(NULL, text, lo, hi, pat);
                    if (at != want)
                        fail_msg("rfind \"%s\" in [%zu,%zu) of \"%s\": %zu, scan %zu", pat, lo,
                                 hi, text, at, want);
                }
            }
        }
    }
    /* the keyed patterns; the short open-ended ones (many here, on purpose) are not */
    printf("differential: %zu searches answered by the index, %zu declined\n", answered, declined);
    assert_true(answered > declined);
    assert_true(declined > 0);
}

/* The lead filter never closes an offset where one of its patterns matches. */
static void lead(void **state)
{
    (void)state;
    static const char *const sets[][5] = {
        {"abcd", "the law", "in effect", "12 abc", NULL},
        {"\"the", "ab*", "a", "x1", NULL},
        {" abc", "law", NULL, NULL, NULL},
        {"*", "non-renewal", NULL, NULL, NULL},
    };
    uint64_t seed = 7;
    char text[RAND_TOKENS * 8 + 1];
    size_t open = 0, closed = 0;
    for (int r = 0; r < RAND_TEXTS; r++) {
        size_t n = 0, ntok = 1 + rnd(&seed) % RAND_TOKENS;
        for (size_t k = 0; k < ntok; k++) {
            const char *tok = tokens[rnd(&seed) % NTOK];
            size_t l = strlen(tok);
            memcpy(text + n, tok, l);
            n += l;
        }
        text[n] = '\0';
        for (size_t s = 0; s < sizeof sets / sizeof sets[0]; s++) {
            pct_xt_lead l;
            pct_xt__lead_init(&l);
            for (size_t k = 0; k < 5 && sets[s][k]; k++)
                pct_xt__lead_add(&l, sets[s][k]);
            size_t lo = rnd(&seed) % (n + 1);
            for (size_t i = lo; i <= n; i++) {
                if (pct_xt__lead_may(&l, text, i, n)) {
                    open++;
                    continue;
                }
                closed++;
                for (size_t k = 0; k < 5 && sets[s][k]; k++)
                    if (pct_xt__match_word(text, lo, i, n, sets[s][k]))
                        fail_msg("lead closed %zu of \"%s\" where \"%s\" matches", i, text,
                                 sets[s][k]);
            }
        }
    }
    assert_true(closed > 0 && open > 0);
    /* "abcd", "the law", "in effect", "12 abc": leads abc, the, in, 12 */
    pct_xt_lead l;
    pct_xt__lead_init(&l);
    for (size_t k = 0; k < 4; k++)
        pct_xt__lead_add(&l, sets[0][k]);
    assert_int_equal(pct_xt__lead_may(&l, "abcz", 0, 4), 1);
    assert_int_equal(pct_xt__lead_may(&l, "abz", 0, 3), 0);
    assert_int_equal(pct_xt__lead_may(&l, "abc", 0, 2), 0); /* cut off by hi */
    assert_int_equal(pct_xt__lead_may(&l, "In", 0, 2), 1);
    assert_int_equal(pct_xt__lead_may(&l, "zzz", 0, 3), 0);
    assert_int_equal(pct_xt__lead_may(&l, "\"the", 0, 4), 0);
    /* more leads than it keeps: every word start stays open */
    pct_xt__lead_init(&l);
    char pat[8];
    for (int k = 0; k < PCT_XT_LEAD_MAX + 1; k++) {
        snprintf(pat, sizeof pat, "q%02d", k);
        pct_xt__lead_add(&l, pat);
    }
    assert_int_equal(pct_xt__lead_may(&l, "zzz", 0, 3), 1);
    assert_int_equal(pct_xt__lead_may(&l, "(zz", 0, 3), 0);
}

/* A text with more keys than the first table holds: the table grows. */
static void many_keys(void **state)
{
    fx *f = *state;
    size_t cap = 40000;
    char *t = malloc(cap);
    size_t n = 0;
    for (unsigned k = 0; k < 3000; k++)
        n += (size_t)snprintf(t + n, cap - n, "%c%c%c%u ", 'a' + k % 26, 'a' + k / 26 % 26,
                              'a' + k / 676 % 26, k);
    const pct_xt_index *ix = build(f, t);
    assert_int_equal(pct_xt__index_words(ix), 3000);
    size_t at = 0;
    char w[24], sp[32];
    snprintf(w, sizeof w, "%c%c%c%u", 'a' + 2029 % 26, 'a' + 2029 / 26 % 26, 'a' + 2029 / 676 % 26,
             2029u);
    snprintf(sp, sizeof sp, " %s ", w);
    assert_int_equal(pct_xt__index_find(ix, t, 0, n, w, &at), 1);
    assert_int_equal(at, (size_t)(strstr(t, sp) + 1 - t));
    assert_int_equal(pct_xt__index_rfind(ix, t, 0, n, "aaa0", &at), 1);
    assert_int_equal(at, 0);
    free(t);
}

/* ------------------------------------------------------------------ OOM */

typedef struct failalloc {
    long countdown; /* allocations left before the failing one */
} failalloc;

static void *fa_malloc(size_t size, void *ud)
{
    failalloc *fa = ud;
    return fa->countdown-- == 0 ? NULL : malloc(size);
}

static void *fa_realloc(void *ptr, size_t size, void *ud)
{
    failalloc *fa = ud;
    return fa->countdown-- == 0 ? NULL : realloc(ptr, size);
}

static void fa_free(void *ptr, void *ud)
{
    (void)ud;
    free(ptr);
}

static void oom(void **state)
{
    (void)state;
    size_t cap = 1 << 20;
    char *t = malloc(cap);
    size_t n = 0;
    for (unsigned k = 0; k < 60000; k++)
        n += (size_t)snprintf(t + n, cap - n, "w%u ", k);
    int done = 0;
    for (long fail = 0; fail < 1000 && !done; fail++) {
        failalloc fa = {fail};
        pct_allocator al = {fa_malloc, fa_realloc, fa_free, &fa};
        fa.countdown = -1; /* the context and the arena get their memory */
        pct_ctx *ctx = pct_ctx_new(&al);
        assert_non_null(ctx);
        pct_arena *a = pct_arena__new(ctx);
        assert_non_null(a);
        fa.countdown = fail;
        pct_xt_index *ix = NULL;
        int err = pct_xt__index_build(&ix, ctx, a, t, n);
        if (err == 0) {
            assert_non_null(ix);
            assert_int_equal(pct_xt__index_words(ix), 60000);
            done = 1;
        } else {
            assert_int_equal(err, PCT_ENOMEM);
            assert_null(ix);
            assert_non_null(strstr(pct_errmsg(ctx), "memory"));
        }
        fa.countdown = -1;
        pct_arena__free(a);
        pct_ctx_free(ctx);
    }
    assert_true(done);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(basics, setup, teardown),
        cmocka_unit_test_setup_teardown(declines, setup, teardown),
        cmocka_unit_test_setup_teardown(differential, setup, teardown),
        cmocka_unit_test_setup_teardown(many_keys, setup, teardown),
        cmocka_unit_test(lead),
        cmocka_unit_test(oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
