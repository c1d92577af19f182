/*
 * extract_fixture.h - the set-up the extractor tests share (test_extract_dates,
 * test_extract_term, test_extract_clauses): a cmocka fixture holding a
 * context and the last parsed document and its facts, fx_facts_of() to parse
 * and extract a synthetic text, and assertions on a pct_value.
 *
 * Approach: static inline functions in a header, so that each test stays one
 * source file (tests/CMakeLists.txt builds every test_*.c on its own) and a
 * test that does not use a helper gets no unused-function warning.
 * Invariants: fx owns its doc and facts; each fx_facts_of frees the previous
 * ones, and fx_teardown frees the last.
 */
#ifndef PCT_TEST_EXTRACT_FIXTURE_H
#define PCT_TEST_EXTRACT_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fx {
    pct_ctx *ctx;
    pct_doc *doc;     /* the last parsed document, or NULL */
    pct_facts *facts; /* its facts, or NULL */
    const char *text; /* the text it was parsed from (the caller's) */
} fx;

static inline int fx_setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    *state = f;
    if (!f)
        return -1;
    f->ctx = pct_ctx_new(NULL);
    return f->ctx ? 0 : -1;
}

static inline int fx_teardown(void **state)
{
    fx *f = *state;
    pct_facts_free(f->facts);
    pct_doc_free(f->doc);
    pct_ctx_free(f->ctx);
    free(f);
    return 0;
}

/* Parses `text` (which must outlive the next call) and returns the facts of
 * its first document. */
static inline const pct_docfacts *fx_facts_of(fx *f, const char *text)
{
    pct_facts_free(f->facts);
    pct_doc_free(f->doc);
    f->facts = NULL;
    f->doc = NULL;
    f->text = text;
    assert_int_equal(pct_doc_parse(&f->doc, f->ctx, "t.txt", text, strlen(text)), 0);
    assert_int_equal(pct_extract(&f->facts, f->ctx, f->doc), 0);
    assert_true(pct_facts_count(f->facts) >= 1);
    return pct_facts_doc(f->facts, 0);
}

/* `v` is `want` (no value when `want` is NULL), found by a rule whose id
 * starts with `rule_prefix` (any rule when NULL). */
static inline void assert_value(const pct_value *v, const char *want, const char *rule_prefix)
{
    if (!want) {
        if (v->value)
            fail_msg("expected no value, got \"%s\" (%s)", v->value, v->rule);
        return;
    }
    if (!v->value)
        fail_msg("expected \"%s\", got none", want);
    assert_string_equal(v->value, want);
    if (rule_prefix && strncmp(v->rule, rule_prefix, strlen(rule_prefix)) != 0)
        fail_msg("rule \"%s\" does not start with \"%s\"", v->rule, rule_prefix);
}

/* The span of a value covers the text it was read from. */
static inline void assert_span_text(const fx *f, const pct_value *v, const char *needle)
{
    size_t len;
    const char *bytes = pct_doc_bytes(f->doc, &len);
    assert_true(v->span.end <= len && v->span.start < v->span.end);
    size_t n = strlen(needle);
    int found = 0;
    for (size_t i = v->span.start; i + n <= v->span.end && !found; i++)
        found = memcmp(bytes + i, needle, n) == 0;
    if (!found)
        fail_msg("span [%zu,%zu) does not hold \"%s\"", v->span.start, v->span.end, needle);
}

#endif
