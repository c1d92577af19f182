/*
 * render_facts.c - extracted facts as full JSON (docs/facts-json.md: every
 * value with its source span and rule id), as one line of the CUAD
 * prediction format (../shared/cuad/README.md), and as CSV rows.
 *
 * Approach: straight walks over pct_docfacts with the streaming JSON writer
 * (jsonw.h); CSV goes through a small buffer with RFC 4180 quoting. Nothing
 * here decides anything about the contract: choices (which document of a
 * file answers for the CUAD line) are documented next to the code.
 */
#include "extract.h"
#include "jsonw.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------ JSON */

static int all_digits(const char *s)
{
    if (!s || !*s)
        return 0;
    for (; *s; s++)
        if (!pct__is_digit((unsigned char)*s))
            return 0;
    return 1;
}

/* A normalised value: a number when it is a whole number of units. */
static void put_scalar(pct_jw *w, const char *v, int numeric)
{
    if (numeric && all_digits(v) && strlen(v) < 10) {
        long long n = 0;
        for (const char *p = v; *p; p++)
            n = n * 10 + (*p - '0');
        pct_jw__int(w, n);
    } else {
        pct_jw__str(w, v);
    }
}

static void put_value(pct_jw *w, const char *key, const pct_value *v, int numeric)
{
    pct_jw__key(w, key);
    if (!v->value) {
        pct_jw__null(w);
        return;
    }
    pct_jw__obj(w);
    pct_jw__key(w, "value");
    put_scalar(w, v->value, numeric);
    pct_jw__kstr(w, "raw", v->raw);
    pct_jw__kspan(w, "span", v->span);
    pct_jw__kstr(w, "rule", v->rule);
    if (v->computed)
        pct_jw__kbool(w, "computed", 1);
    pct_jw__obj_end(w);
}

static void put_mention(pct_jw *w, const pct_mention *m)
{
    pct_jw__obj(w);
    pct_jw__kstr(w, "text", m->text);
    pct_jw__kspan(w, "span", m->span);
    pct_jw__kstr(w, "rule", m->rule);
    pct_jw__obj_end(w);
}

static void put_party(pct_jw *w, const pct_party *p)
{
    pct_jw__obj(w);
    pct_jw__kstr(w, "role", p->role);
    pct_jw__key(w, "name");
    put_mention(w, &p->name);
    pct_jw__kstr(w, "entity_form", p->entity_form);
    put_value(w, "entity_type", &p->entity_type, 0);
    put_value(w, "jurisdiction", &p->jurisdiction, 0);
    put_value(w, "address", &p->address, 0);
    pct_jw__key(w, "aliases");
    pct_jw__arr(w);
    for (size_t i = 0; i < p->naliases; i++)
        put_mention(w, &p->aliases[i]);
    pct_jw__arr_end(w);
    pct_jw__key(w, "variants");
    pct_jw__arr(w);
    for (size_t i = 0; i < p->nvariants; i++)
        put_mention(w, &p->variants[i]);
    pct_jw__arr_end(w);
    pct_jw__obj_end(w);
}

static void put_doc(pct_jw *w, const pct_docfacts *d, size_t index)
{
    pct_jw__obj(w);
    pct_jw__kint(w, "index", (long long)index);
    pct_jw__kspan(w, "span", pct_node_span(d->node));
    pct_jw__kstr(w, "kind", d->kind);
    pct_jw__key(w, "ordinal");
    if (d->ordinal)
        pct_jw__int(w, d->ordinal);
    else
        pct_jw__null(w);
    put_value(w, "document_name", &d->document_name, 0);
    put_value(w, "identifier", &d->identifier, 0);
    put_value(w, "agreement_date", &d->agreement_date, 0);
    put_value(w, "effective_date", &d->effective_date, 0);
    put_value(w, "expiration_date", &d->expiration_date, 0);
    put_value(w, "initial_term", &d->initial_term, 1);
    put_value(w, "renewal_term", &d->renewal_term, 1);
    put_value(w, "notice_period_to_terminate_renewal", &d->notice_period_to_terminate_renewal, 1);
    put_value(w, "governing_law", &d->governing_law, 0);
    pct_jw__key(w, "parties");
    pct_jw__arr(w);
    for (size_t i = 0; i < d->nparties; i++)
        put_party(w, &d->parties[i]);
    pct_jw__arr_end(w);
    pct_jw__key(w, "references");
    pct_jw__arr(w);
    for (size_t i = 0; i < d->nrefs; i++) {
        const pct_reference *r = &d->refs[i];
        pct_jw__obj(w);
        pct_jw__kstr(w, "relation", r->relation);
        pct_jw__key(w, "title");
        put_mention(w, &r->title);
        put_value(w, "identifier", &r->identifier, 0);
        put_value(w, "date", &r->date, 0);
        put_value(w, "effective_date", &r->effective_date, 0);
        pct_jw__key(w, "ordinal");
        if (r->ordinal)
            pct_jw__int(w, r->ordinal);
        else
            pct_jw__null(w);
        pct_jw__obj_end(w);
    }
    pct_jw__arr_end(w);
    pct_jw__key(w, "signature_dates");
    pct_jw__arr(w);
    for (size_t i = 0; i < d->nsignature_dates; i++) {
        const pct_value *v = &d->signature_dates[i];
        pct_jw__obj(w);
        pct_jw__kstr(w, "value", v->value);
        pct_jw__kstr(w, "raw", v->raw);
        pct_jw__kspan(w, "span", v->span);
        pct_jw__kstr(w, "rule", v->rule);
        pct_jw__obj_end(w);
    }
    pct_jw__arr_end(w);
    pct_jw__key(w, "defined_terms");
    pct_jw__arr(w);
    for (size_t i = 0; i < d->nterms; i++) {
        const pct_defterm *t = &d->terms[i];
        pct_jw__obj(w);
        pct_jw__kstr(w, "term", t->term.text);
        pct_jw__kspan(w, "span", t->term.span);
        pct_jw__kspan(w, "definition", t->definition);
        pct_jw__kstr(w, "rule", t->term.rule);
        pct_jw__obj_end(w);
    }
    pct_jw__arr_end(w);
    pct_jw__key(w, "clauses");
    pct_jw__arr(w);
    for (size_t i = 0; i < d->nclauses; i++) {
        const pct_clause *c = &d->clauses[i];
        pct_jw__obj(w);
        pct_jw__kstr(w, "category", c->category);
        pct_jw__key(w, "present");
        pct_jw__bool(w, c->present);
        pct_jw__key(w, "span");
        if (c->present)
            pct_jw__span(w, c->span);
        else
            pct_jw__null(w);
        pct_jw__kstr(w, "rule", c->rule);
        pct_jw__obj_end(w);
    }
    pct_jw__arr_end(w);
    pct_jw__obj_end(w);
}

int pct_render_facts_json(const pct_facts *facts, pct_sink sink, void *ud)
{
    return pct_render__facts_json(facts, sink, ud, 1);
}

int pct_render__facts_json(const pct_facts *facts, pct_sink sink, void *ud, int pretty)
{
    const pct_doc *doc = pct_facts_source(facts);
    size_t len = 0;
    pct_jw w;
    pct_jw__init(&w, sink, ud, pretty);
    pct_jw__obj(&w);
    pct_jw__kstr(&w, "file", pct_doc_name(doc));
    pct_doc_bytes(doc, &len);
    pct_jw__kint(&w, "bytes", (long long)len);
    if (strcmp(pct_doc_format(doc), "text")) /* absent for text: output as it was */
        pct_jw__kstr(&w, "format", pct_doc_format(doc));
    pct_jw__key(&w, "documents");
    pct_jw__arr(&w);
    for (size_t i = 0; i < pct_facts_count(facts); i++)
        put_doc(&w, pct_facts_doc(facts, i), i);
    pct_jw__arr_end(&w);
    pct_jw__obj_end(&w);
    int err = pct_jw__end(&w);
    if (err == 0 && pretty)
        err = sink("\n", 1, ud) ? PCT_EIO : 0;
    return err < 0 ? err : err ? PCT_EIO : 0;
}

/* ------------------------------------------------------------ CUAD */

/* The CUAD line describes a file. Its first document answers; a field it
 * leaves empty is taken from the first later document that has one (a file
 * that opens with a cover letter or a short schedule still gets the
 * agreement's facts). */
static const pct_value *cuad_field(const pct_facts *facts, size_t off)
{
    for (size_t i = 0; i < pct_facts_count(facts); i++) {
        const pct_value *v = (const pct_value *)((const char *)pct_facts_doc(facts, i) + off);
        if (v->value)
            return v;
    }
    return NULL;
}

static void cuad_value(pct_jw *w, const pct_facts *facts, const char *key, size_t off, int numeric)
{
    const pct_value *v = cuad_field(facts, off);
    pct_jw__key(w, key);
    /* A renewal whose length the contract does not state has no months to
     * report in CUAD's terms: the full JSON keeps "automatic-unspecified". */
    if (!v || (v->value && !strcmp(v->value, "automatic-unspecified"))) {
        pct_jw__null(w);
        return;
    }
    put_scalar(w, v->value, numeric);
}

static void cuad_parties(pct_jw *w, const pct_docfacts *d, const char *role)
{
    for (size_t i = 0; i < d->nparties; i++) {
        const pct_party *p = &d->parties[i];
        if (strcmp(p->role, role))
            continue;
        pct_jw__obj(w);
        pct_jw__kstr(w, "name", p->name.text);
        pct_jw__key(w, "aliases");
        pct_jw__arr(w);
        for (size_t k = 0; k < p->naliases; k++)
            pct_jw__str(w, p->aliases[k].text);
        pct_jw__arr_end(w);
        pct_jw__obj_end(w);
    }
}

static size_t count_role(const pct_docfacts *d, const char *role)
{
    size_t n = 0;
    for (size_t i = 0; i < d->nparties; i++)
        n += !strcmp(d->parties[i].role, role);
    return n;
}

int pct_render_facts_cuad(const pct_facts *facts, const char *source, pct_sink sink, void *ud)
{
    pct_jw w;
    pct_jw__init(&w, sink, ud, 0);
    pct_jw__obj(&w);
    pct_jw__kstr(&w, "source", source ? source : pct_doc_name(pct_facts_source(facts)));
    cuad_value(&w, facts, "document_name", offsetof(pct_docfacts, document_name), 0);
    /* parties: those of the first document that names any in its preamble
     * or title; signatories only when no document does */
    pct_jw__key(&w, "parties");
    pct_jw__arr(&w);
    const pct_docfacts *pd = NULL;
    const char *role = "party";
    for (size_t i = 0; i < pct_facts_count(facts) && !pd; i++)
        if (count_role(pct_facts_doc(facts, i), "party"))
            pd = pct_facts_doc(facts, i);
    for (size_t i = 0; i < pct_facts_count(facts) && !pd; i++)
        if (count_role(pct_facts_doc(facts, i), "signatory")) {
            pd = pct_facts_doc(facts, i);
            role = "signatory";
        }
    if (pd)
        cuad_parties(&w, pd, role);
    pct_jw__arr_end(&w);
    cuad_value(&w, facts, "agreement_date", offsetof(pct_docfacts, agreement_date), 0);
    cuad_value(&w, facts, "effective_date", offsetof(pct_docfacts, effective_date), 0);
    cuad_value(&w, facts, "expiration_date", offsetof(pct_docfacts, expiration_date), 0);
    cuad_value(&w, facts, "renewal_term", offsetof(pct_docfacts, renewal_term), 1);
    cuad_value(&w, facts, "notice_period_to_terminate_renewal",
               offsetof(pct_docfacts, notice_period_to_terminate_renewal), 1);
    cuad_value(&w, facts, "governing_law", offsetof(pct_docfacts, governing_law), 0);
    /* clauses: a category is present when any document of the file has it (CUAD labels files) */
    pct_jw__key(&w, "clauses");
    pct_jw__obj(&w);
    const pct_docfacts *d0 = pct_facts_count(facts) ? pct_facts_doc(facts, 0) : NULL;
    for (size_t k = 0; d0 && k < d0->nclauses; k++) {
        int present = 0;
        for (size_t i = 0; i < pct_facts_count(facts) && !present; i++) {
            const pct_docfacts *d = pct_facts_doc(facts, i);
            present = k < d->nclauses && d->clauses[k].present;
        }
        pct_jw__key(&w, d0->clauses[k].category);
        pct_jw__bool(&w, present);
    }
    pct_jw__obj_end(&w);
    pct_jw__obj_end(&w);
    int err = pct_jw__end(&w);
    if (err == 0)
        err = sink("\n", 1, ud) ? PCT_EIO : 0;
    return err < 0 ? err : err ? PCT_EIO : 0;
}

/* ------------------------------------------------------------ CSV */

static const char *const CSV_COLUMNS[] = {
    "file", "document", "kind", "ordinal", "document_name", "identifier", "agreement_date",
    "effective_date", "expiration_date", "initial_term", "renewal_term",
    "notice_period_to_terminate_renewal", "governing_law", "parties", NULL};

/* One CSV field, quoted when it holds a comma, quote or line break. */
static void csv_field(pct_buf *b, const char *s, int first)
{
    if (!first)
        pct_buf__putc(b, ',');
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        pct_buf__puts(b, s);
        return;
    }
    pct_buf__putc(b, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            pct_buf__putc(b, '"');
        pct_buf__putc(b, *p);
    }
    pct_buf__putc(b, '"');
}

static int flush(pct_buf *b, pct_sink sink, void *ud)
{
    int err = b->failed ? PCT_ENOMEM : sink(b->data ? b->data : "", b->len, ud) ? PCT_EIO : 0;
    b->len = 0;
    return err;
}

int pct_render_facts_csv_header(pct_sink sink, void *ud)
{
    int err = 0;
    for (size_t i = 0; CSV_COLUMNS[i] && !err; i++) {
        if (i && sink(",", 1, ud))
            err = PCT_EIO;
        if (!err && sink(CSV_COLUMNS[i], strlen(CSV_COLUMNS[i]), ud))
            err = PCT_EIO;
    }
    if (!err && sink("\r\n", 2, ud))
        err = PCT_EIO;
    return err;
}

int pct_render_facts_csv(const pct_facts *facts, pct_sink sink, void *ud)
{
    const pct_doc *doc = pct_facts_source(facts);
    pct_buf b, parties;
    pct_buf__init(&b, doc->ctx);
    pct_buf__init(&parties, doc->ctx);
    int err = 0;
    for (size_t i = 0; i < pct_facts_count(facts) && !err; i++) {
        const pct_docfacts *d = pct_facts_doc(facts, i);
        char num[32], ord[32];
        snprintf(num, sizeof num, "%zu", i + 1);
        snprintf(ord, sizeof ord, "%d", d->ordinal);
        parties.len = 0;
        for (size_t k = 0; k < d->nparties; k++) {
            const pct_party *p = &d->parties[k];
            if (strcmp(p->role, "party"))
                continue;
            if (parties.len)
                pct_buf__puts(&parties, "; ");
            pct_buf__puts(&parties, p->name.text);
            for (size_t a = 0; a < p->naliases; a++)
                pct_buf__printf(&parties, "%s\"%s\"%s", a ? ", " : " (", p->aliases[a].text,
                                a + 1 == p->naliases ? ")" : "");
        }
        pct_buf__putc(&parties, '\0');
        csv_field(&b, pct_doc_name(doc), 1);
        csv_field(&b, num, 0);
        csv_field(&b, d->kind, 0);
        csv_field(&b, d->ordinal ? ord : NULL, 0);
        csv_field(&b, d->document_name.value, 0);
        csv_field(&b, d->identifier.value, 0);
        csv_field(&b, d->agreement_date.value, 0);
        csv_field(&b, d->effective_date.value, 0);
        csv_field(&b, d->expiration_date.value, 0);
        csv_field(&b, d->initial_term.value, 0);
        csv_field(&b, d->renewal_term.value, 0);
        csv_field(&b, d->notice_period_to_terminate_renewal.value, 0);
        csv_field(&b, d->governing_law.value, 0);
        csv_field(&b, parties.failed ? NULL : parties.data, 0);
        pct_buf__puts(&b, "\r\n");
        err = flush(&b, sink, ud);
    }
    pct_buf__free(&b);
    pct_buf__free(&parties);
    return err;
}
