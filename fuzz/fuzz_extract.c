/*
 * fuzz_extract.c - libFuzzer target for the entry points above the parser:
 * facts (pct_extract and its renderers), families (pct_family_link), the
 * state on a date (pct_state_at), the audit (pct_finding_check) and the
 * family and findings renderers.
 *
 * Approach: as in fuzz_parse.c, the first input byte holds option bits and
 * the rest is the file; pct_doc_parse and pct_extract always run:
 *   bit 0  render the facts as JSON, CUAD line, CSV header and rows
 *   bit 1  link the file cut in two halves as two files (else one file)
 *   bit 2  pct_state_at for every group on fixed dates, the documents'
 *          own dates and a date made of input bytes
 *   bit 3  pct_finding_check and the findings renderers
 *   bit 4  stop the sink after a few calls (renderers must handle it)
 *   bit 5  render the family as JSON and memo (as_of NULL and a date)
 *   bit 6  odd dates (NULL, "", out of range, malformed) to pct_state_at and
 *          the family renderers
 *   bit 7  skip the family layer (facts only: faster on long inputs)
 * Output goes to a sink that discards it after reading every byte.
 *
 * Invariants asserted here (they abort, which the fuzzer reports):
 *   - every span of facts, family documents, operations, state and findings
 *     lies inside the file it refers to, start <= end;
 *   - calls return 0 or a documented code (PCT_ENOMEM; PCT_EINVALID only
 *     for a malformed date or group); a valid date and group always give a
 *     state; renderers return 0 unless the sink stopped them (PCT_EIO);
 *   - counts with NULL arrays do not occur, strings are NUL-terminated.
 */
#include "pactum.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_NAME "fuzz_extract"
#include "fuzz_common.h"

enum {
    OPT_FACTS_RENDER = 1 << 0,
    OPT_SPLIT = 1 << 1,
    OPT_STATE = 1 << 2,
    OPT_FINDINGS = 1 << 3,
    OPT_SINK_STOP = 1 << 4,
    OPT_FAMILY_RENDER = 1 << 5,
    OPT_ODD_DATES = 1 << 6,
    OPT_NO_FAMILY = 1 << 7
};

#define ISO_LEN 10          /* YYYY-MM-DD */
#define MAX_FILES 2         /* the file, or its two halves */


/* A renderer's result: 0, or PCT_EIO when the sink stopped it. */
static void check_render(int r, sink_state *s)
{
    CHECK(r == 0 || (s->stop && r == PCT_EIO));
    s->calls = 0;
}

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

static void check_iso(const char *s)
{
    if (!s)
        return;
    CHECK(strlen(s) == ISO_LEN && s[4] == '-' && s[7] == '-');
}

static void check_value(const pct_value *v, size_t len)
{
    touch_str(v->value);
    touch_str(v->raw);
    touch_str(v->rule);
    check_span(v->span, len);
    CHECK(v->computed == 0 || v->computed == 1);
}

static void check_mention(const pct_mention *m, size_t len)
{
    touch_str(m->text);
    touch_str(m->rule);
    check_span(m->span, len);
}

static void check_facts(const pct_facts *f, const pct_doc *doc, size_t len)
{
    CHECK(pct_facts_source(f) == doc);
    size_t n = pct_facts_count(f);
    CHECK(pct_facts_doc(f, n) == NULL);
    for (size_t i = 0; i < n; i++) {
        const pct_docfacts *d = pct_facts_doc(f, i);
        CHECK(d != NULL && d->node != NULL);
        CHECK(pct_node_get_type(d->node) == PCT_NODE_DOCUMENT);
        touch_str(d->kind);
        const pct_value *vals[] = {&d->document_name, &d->identifier, &d->agreement_date,
                                   &d->effective_date, &d->expiration_date, &d->initial_term,
                                   &d->renewal_term, &d->notice_period_to_terminate_renewal,
                                   &d->governing_law};
        for (size_t k = 0; k < sizeof vals / sizeof vals[0]; k++)
            check_value(vals[k], len);
        check_iso(d->agreement_date.value);
        check_iso(d->effective_date.value);
        CHECK(!d->nparties || d->parties);
        for (size_t p = 0; p < d->nparties; p++) {
            const pct_party *pa = &d->parties[p];
            check_mention(&pa->name, len);
            touch_str(pa->entity_form);
            touch_str(pa->role);
            check_value(&pa->entity_type, len);
            check_value(&pa->jurisdiction, len);
            check_value(&pa->address, len);
            CHECK(!pa->naliases || pa->aliases);
            for (size_t a = 0; a < pa->naliases; a++)
                check_mention(&pa->aliases[a], len);
            CHECK(!pa->nvariants || pa->variants);
            for (size_t a = 0; a < pa->nvariants; a++)
                check_mention(&pa->variants[a], len);
        }
        CHECK(!d->nterms || d->terms);
        for (size_t t = 0; t < d->nterms; t++) {
            check_mention(&d->terms[t].term, len);
            check_span(d->terms[t].definition, len);
        }
        CHECK(!d->nrefs || d->refs);
        for (size_t r = 0; r < d->nrefs; r++) {
            touch_str(d->refs[r].relation);
            check_mention(&d->refs[r].title, len);
            check_value(&d->refs[r].identifier, len);
            check_value(&d->refs[r].date, len);
            check_value(&d->refs[r].effective_date, len);
        }
        CHECK(!d->nsignature_dates || d->signature_dates);
        for (size_t s = 0; s < d->nsignature_dates; s++) {
            check_value(&d->signature_dates[s], len);
            check_iso(d->signature_dates[s].value);
        }
        CHECK(!d->nclauses || d->clauses);
        for (size_t c = 0; c < d->nclauses; c++) {
            const pct_clause *cl = &d->clauses[c];
            touch_str(cl->category);
            touch_str(cl->rule);
            CHECK(cl->present == 0 || cl->present == 1);
            check_span(cl->span, len);
        }
    }
}

/* The length of the file a family document or doc id refers to; 0 when it
 * is a placeholder (whose spans must be empty) or unknown. */
static size_t doc_len(const pct_doc *doc)
{
    size_t n = 0;
    if (doc)
        pct_doc_bytes(doc, &n);
    return n;
}

static size_t id_len(const pct_family *fam, const char *id)
{
    CHECK(id != NULL);
    if (!*id)
        return 0;
    size_t n = pct_family_count(fam);
    for (size_t i = 0; i < n; i++) {
        const pct_family_doc *d = pct_family_doc_at(fam, i);
        if (strcmp(d->id, id) == 0)
            return doc_len(d->doc);
    }
    CHECK(!"doc id names no family document");
    return 0;
}

static void check_op(const pct_amend_op *op, size_t len)
{
    touch_str(pct_amend_op_kind_name(op->kind));
    touch_str(pct_amend_target_kind_name(op->target_kind));
    touch_str(op->target);
    touch_str(op->provision);
    touch_str(op->before);
    touch_str(op->after);
    touch_str(op->limit);
    touch_str(op->text);
    touch_str(op->rule);
    check_span(op->after_span, len);
    check_span(op->limit_span, len);
    check_span(op->span, len);
    CHECK(!op->nmembers || op->members);
    for (size_t m = 0; m < op->nmembers; m++) {
        touch_str(op->members[m].text);
        check_span(op->members[m].span, len);
    }
}

static void check_family(const pct_family *fam, const pct_doc *const *docs, size_t ndocs)
{
    size_t n = pct_family_count(fam), groups = pct_family_groups(fam);
    CHECK(pct_family_doc_at(fam, n) == NULL);
    size_t last_group = 0;
    for (size_t i = 0; i < n; i++) {
        const pct_family_doc *d = pct_family_doc_at(fam, i);
        CHECK(d != NULL && d->id != NULL && d->kind != NULL);
        CHECK(d->group < groups && d->group >= last_group);
        last_group = d->group;
        CHECK(d->on_file == (d->doc != NULL));
        CHECK(!d->on_file || d->node != NULL);
        if (d->doc) {
            size_t k = 0;
            while (k < ndocs && docs[k] != d->doc)
                k++;
            CHECK(k < ndocs);
        }
        CHECK(d->amends >= -1 && d->amends < (long)n);
        touch_str(d->title);
        touch_str(d->identifier);
        touch_str(d->order_basis);
        touch_str(d->mentioned_by);
        check_iso(d->agreement_date);
        check_iso(d->effective_date);
        check_iso(d->execution_date);
        check_iso(d->order_date);
        size_t len = doc_len(d->doc);
        CHECK(!d->nrefs || d->refs);
        for (size_t r = 0; r < d->nrefs; r++) {
            touch_str(d->refs[r].relation);
            touch_str(d->refs[r].title);
            touch_str(d->refs[r].identifier);
            check_iso(d->refs[r].date);
            check_iso(d->refs[r].effective_date);
            check_span(d->refs[r].span, len);
        }
        CHECK(!d->nops || d->ops);
        for (size_t o = 0; o < d->nops; o++)
            check_op(&d->ops[o], len);
        CHECK(!d->nparties || d->parties);
        for (size_t p = 0; p < d->nparties; p++) {
            const pct_amend_party *pa = &d->parties[p];
            touch_str(pa->name.text);
            check_span(pa->name.span, len);
            touch_str(pa->alias);
            check_span(pa->alias_span, len);
            touch_str(pa->source);
            CHECK(!pa->nvariants || pa->variants);
            for (size_t v = 0; v < pa->nvariants; v++) {
                touch_str(pa->variants[v].text);
                check_span(pa->variants[v].span, len);
            }
        }
    }
}

static void check_source(const pct_family *fam, pct_state_source s)
{
    size_t len = id_len(fam, s.doc_id);
    touch_str(s.provision);
    check_span(s.span, len);
}

static void check_changes(const pct_family *fam, const pct_state_change *c, size_t n)
{
    CHECK(!n || c);
    for (size_t i = 0; i < n; i++) {
        check_iso(c[i].date);
        touch_str(c[i].basis);
        size_t len = id_len(fam, c[i].doc_id);
        CHECK(c[i].operation != NULL);
        check_op(c[i].operation, len);
    }
}

static void check_state(const pct_family *fam, const pct_state *st, size_t group, const char *date)
{
    const pct_state_view *v = pct_state_get(st);
    CHECK(v != NULL && v->group == group);
    CHECK(v->as_of && strcmp(v->as_of, date) == 0);
    CHECK(!v->nparties || v->parties);
    for (size_t i = 0; i < v->nparties; i++) {
        touch_str(v->parties[i].name);
        check_source(fam, v->parties[i].from);
    }
    CHECK(!v->nterms || v->terms);
    for (size_t i = 0; i < v->nterms; i++) {
        touch_str(v->terms[i].term);
        CHECK(!v->terms[i].nmembers || v->terms[i].members);
        for (size_t m = 0; m < v->terms[i].nmembers; m++) {
            touch_str(v->terms[i].members[m].name);
            check_source(fam, v->terms[i].members[m].from);
        }
    }
    check_iso(v->term_start);
    check_iso(v->expiration);
    if (v->term_start)
        check_source(fam, v->term_start_from);
    if (v->expiration)
        check_source(fam, v->expiration_from);
    touch_str(v->expiration_note);
    CHECK(!v->nsections || v->sections);
    for (size_t i = 0; i < v->nsections; i++) {
        touch_str(v->sections[i].number);
        touch_str(v->sections[i].heading);
        touch_str(v->sections[i].status);
        touch_str(v->sections[i].text);
        check_source(fam, v->sections[i].from);
    }
    check_changes(fam, v->changes, v->nchanges);
    check_changes(fam, v->pending, v->npending);
    CHECK(!v->ncaveats || v->caveats);
    for (size_t i = 0; i < v->ncaveats; i++)
        touch_str(v->caveats[i]);
}

/* pct_state_at with a valid date must give a state for every group. */
static void state_on(const pct_family *fam, size_t group, const char *date)
{
    pct_state *st = NULL;
    int err = pct_state_at(&st, fam, group, date);
    CHECK(err == 0 || err == PCT_ENOMEM);
    if (err == 0)
        check_state(fam, st, group, date);
    pct_state_free(st);
}

static const char *const GOOD_DATES[] = {"0001-01-01", "1999-12-31", "2000-02-29", "2024-06-30",
                                         "9999-12-31"};
static const char *const ODD_DATES[] = {"", "2020-13-01", "2021-02-31", "2020-00-10",
                                        "abcd-ef-gh", "2020-1-1", "2020-01-011", "0000-00-00"};

/* A date made of input bytes: digits mapped into range, so most are valid. */
static void input_date(char out[ISO_LEN + 1], const uint8_t *p, size_t n)
{
    static const char tmpl[] = "2000-01-01";
    memcpy(out, tmpl, sizeof tmpl);
    for (size_t i = 0; i < ISO_LEN && i < n; i++)
        if (i != 4 && i != 7)
            out[i] = (char)('0' + p[i] % 10);
    if (out[5] > '1')
        out[5] = '0';
    if (out[5] == '0' && out[6] == '0')
        out[6] = '1';
    if (out[5] == '1' && out[6] > '2')
        out[6] = '2';
    if (out[8] > '2')
        out[8] = '2';
    if (out[8] == '0' && out[9] == '0')
        out[9] = '1';
}

static void run_states(const pct_family *fam, const uint8_t *p, size_t n, int odd)
{
    size_t groups = pct_family_groups(fam), count = pct_family_count(fam);
    char mine[ISO_LEN + 1];
    input_date(mine, p, n);
    for (size_t g = 0; g < groups; g++) {
        for (size_t k = 0; k < sizeof GOOD_DATES / sizeof GOOD_DATES[0]; k++)
            state_on(fam, g, GOOD_DATES[k]);
        state_on(fam, g, mine);
        for (size_t i = 0; i < count; i++) {
            const pct_family_doc *d = pct_family_doc_at(fam, i);
            if (d->group == g && d->order_date)
                state_on(fam, g, d->order_date);
        }
    }
    pct_state *st = NULL;
    CHECK(pct_state_at(&st, fam, groups, GOOD_DATES[1]) == PCT_EINVALID && st == NULL);
    if (!odd)
        return;
    CHECK(pct_state_at(&st, fam, 0, NULL) == PCT_EINVALID && st == NULL);
    for (size_t k = 0; k < sizeof ODD_DATES / sizeof ODD_DATES[0]; k++) {
        int err = pct_state_at(&st, fam, 0, ODD_DATES[k]);
        CHECK(err == 0 || err == PCT_EINVALID || err == PCT_ENOMEM);
        if (err == 0)
            check_state(fam, st, 0, ODD_DATES[k]);
        pct_state_free(st);
        st = NULL;
    }
}

static void check_findings(const pct_family *fam, const pct_findings *fs)
{
    size_t n = pct_finding_count(fs);
    CHECK(pct_finding_at(fs, n) == NULL);
    pct_severity max = PCT_SEV_NONE;
    for (size_t i = 0; i < n; i++) {
        const pct_finding *f = pct_finding_at(fs, i);
        CHECK(f != NULL && f->code != NULL && f->message != NULL);
        CHECK(f->severity > PCT_SEV_NONE && f->severity <= PCT_SEV_ERROR);
        touch_str(pct_finding_severity_name(f->severity));
        if (f->severity > max)
            max = f->severity;
        size_t len = id_len(fam, f->doc_id);
        CHECK(!f->nspans || f->spans);
        for (size_t s = 0; s < f->nspans; s++)
            check_span(f->spans[s], len);
    }
    CHECK(pct_finding_max(fs) == max);
}

/* The family renderers on `as_of`; PCT_EINVALID only for a malformed date. */
static void render_family(const pct_family *fam, const char *as_of, const pct_findings *fs,
                          sink_state *s, int valid)
{
    int r = pct_render_family_json(fam, as_of, fs, discard_sink, s);
    CHECK(r == 0 || r == PCT_ENOMEM || (s->stop && r == PCT_EIO) || (!valid && r == PCT_EINVALID));
    s->calls = 0;
    r = pct_render_family_memo(fam, as_of, fs, discard_sink, s);
    CHECK(r == 0 || r == PCT_ENOMEM || (s->stop && r == PCT_EIO) || (!valid && r == PCT_EINVALID));
    s->calls = 0;
}

static void run_family(pct_ctx *ctx, const pct_doc *const *docs, size_t ndocs, unsigned opts,
                       const uint8_t *p, size_t n, sink_state *s)
{
    pct_family *fam = NULL;
    pct_findings *fs = NULL;
    int err = pct_family_link(&fam, ctx, docs, ndocs);
    CHECK(err == 0 || err == PCT_ENOMEM);
    if (err < 0)
        goto done;
    check_family(fam, docs, ndocs);
    if (opts & OPT_STATE)
        run_states(fam, p, n, (opts & OPT_ODD_DATES) != 0);
    if (opts & OPT_FINDINGS) {
        err = pct_finding_check(&fs, fam);
        CHECK(err == 0 || err == PCT_ENOMEM);
        if (err == 0) {
            check_findings(fam, fs);
            check_render(pct_render_findings_json(fam, fs, discard_sink, s), s);
            check_render(pct_render_findings_memo(fam, fs, discard_sink, s), s);
        }
    }
    if (opts & OPT_FAMILY_RENDER) {
        char mine[ISO_LEN + 1];
        input_date(mine, p, n);
        render_family(fam, NULL, fs, s, 1);
        render_family(fam, mine, NULL, s, 1);
        if (opts & OPT_ODD_DATES)
            for (size_t k = 0; k < sizeof ODD_DATES / sizeof ODD_DATES[0]; k++)
                render_family(fam, ODD_DATES[k], fs, s, 0);
    }
done:
    pct_finding_free(fs);
    pct_family_free(fam);
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
    pct_doc *half[MAX_FILES] = {NULL, NULL};
    pct_facts *facts = NULL;
    int err = pct_doc_parse(&doc, ctx, "fuzz", text, len);
    if (err < 0) {
        CHECK(err == PCT_EINVALID);
        goto done;
    }
    err = pct_extract(&facts, ctx, doc);
    CHECK(err == 0 || err == PCT_ENOMEM);
    if (err < 0)
        goto done;
    check_facts(facts, doc, len);

    sink_state s = {0, (opts & OPT_SINK_STOP) != 0, 0};
    if (opts & OPT_FACTS_RENDER) {
        check_render(pct_render_facts_json(facts, discard_sink, &s), &s);
        check_render(pct_render_facts_cuad(facts, "fuzz", discard_sink, &s), &s);
        check_render(pct_render_facts_csv_header(discard_sink, &s), &s);
        check_render(pct_render_facts_csv(facts, discard_sink, &s), &s);
    }
    if (opts & OPT_NO_FAMILY)
        goto done;
    if (opts & OPT_SPLIT) {
        size_t mid = len / 2, nd = 0;
        const pct_doc *docs[MAX_FILES];
        int e0 = pct_doc_parse(&half[0], ctx, "fuzz-a", text, mid);
        int e1 = pct_doc_parse(&half[1], ctx, "fuzz-b", text + mid, len - mid);
        CHECK(e0 == 0 || e0 == PCT_EINVALID);
        CHECK(e1 == 0 || e1 == PCT_EINVALID);
        for (size_t k = 0; k < MAX_FILES; k++)
            if (half[k])
                docs[nd++] = half[k];
        if (nd)
            run_family(ctx, docs, nd, opts, data + 1, len, &s);
    } else {
        const pct_doc *docs[1] = {doc};
        run_family(ctx, docs, 1, opts, data + 1, len, &s);
    }
    pct_family *none = NULL;
    CHECK(pct_family_link(&none, ctx, NULL, 0) == PCT_EINVALID && none == NULL);
done:
    pct_facts_free(facts);
    pct_doc_free(half[0]);
    pct_doc_free(half[1]);
    pct_doc_free(doc);
    pct_ctx_free(ctx);
    return 0;
}
