/*
 * render_family.c - a family as JSON (docs/family-json.md) and as a
 * reviewer's memo in plain text; the findings alone in both forms.
 *
 * Both renderers read only the public structures of pactum.h, write to a
 * pct_sink, and walk the (flat) document list with loops. The state shown
 * is the one on `as_of`, or, when none is given, on the latest date any
 * document of the family took effect.
 */
#include "amend.h"
#include "jsonw.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MEMO_TEXT_MAX 240 /* characters of a quoted text shown in the memo */

/* ------------------------------------------------------------ helpers */

/* The latest order date of a group, or NULL. */
static const char *latest_date(const pct_family *fam, size_t group)
{
    const char *m = NULL;
    for (size_t i = 0; i < fam->n; i++)
        if (fam->docs[i].group == group && fam->docs[i].order_date &&
            (!m || strcmp(fam->docs[i].order_date, m) > 0))
            m = fam->docs[i].order_date;
    return m;
}

static void jw_source(pct_jw *w, const char *key, pct_state_source s)
{
    pct_jw__key(w, key);
    pct_jw__obj(w);
    pct_jw__kstr(w, "doc_id", s.doc_id && *s.doc_id ? s.doc_id : NULL);
    pct_jw__kstr(w, "provision", s.provision);
    pct_jw__kspan(w, "span", s.span);
    pct_jw__obj_end(w);
}

static void jw_op(pct_jw *w, const pct_amend_op *op)
{
    pct_jw__obj(w);
    pct_jw__kstr(w, "action", pct_amend_op_kind_name(op->kind));
    pct_jw__kstr(w, "target_kind", pct_amend_target_kind_name(op->target_kind));
    pct_jw__kstr(w, "target", op->target);
    pct_jw__kstr(w, "provision", op->provision);
    pct_jw__kstr(w, "before", op->before);
    pct_jw__kstr(w, "after", op->after);
    pct_jw__kspan(w, "after_span", op->after_span);
    pct_jw__key(w, "members");
    pct_jw__arr(w);
    for (size_t m = 0; m < op->nmembers; m++) {
        pct_jw__obj(w);
        pct_jw__kstr(w, "name", op->members[m].text);
        pct_jw__kspan(w, "span", op->members[m].span);
        pct_jw__obj_end(w);
    }
    pct_jw__arr_end(w);
    pct_jw__kstr(w, "limit", op->limit);
    pct_jw__kspan(w, "limit_span", op->limit_span);
    pct_jw__kstr(w, "text", op->text);
    pct_jw__kspan(w, "span", op->span);
    pct_jw__kstr(w, "rule", op->rule);
    pct_jw__obj_end(w);
}

static void jw_doc(pct_jw *w, const pct_family *fam, const pct_family_doc *d)
{
    pct_jw__obj(w);
    pct_jw__kstr(w, "id", d->id);
    pct_jw__kstr(w, "kind", d->kind);
    pct_jw__kstr(w, "title", d->title);
    if (d->ordinal)
        pct_jw__kint(w, "ordinal", d->ordinal);
    else {
        pct_jw__key(w, "ordinal");
        pct_jw__null(w);
    }
    pct_jw__kstr(w, "identifier", d->identifier);
    pct_jw__kbool(w, "on_file", d->on_file);
    pct_jw__kstr(w, "file", d->doc ? pct_doc_name(d->doc) : NULL);
    if (d->node)
        pct_jw__kspan(w, "span", pct_node_span(d->node));
    pct_jw__kstr(w, "agreement_date", d->agreement_date);
    pct_jw__kstr(w, "effective_date", d->effective_date);
    pct_jw__kstr(w, "execution_date", d->execution_date);
    pct_jw__kstr(w, "order_date", d->order_date);
    pct_jw__kstr(w, "order_basis", d->order_basis);
    pct_jw__kstr(w, "amends", d->amends >= 0 ? fam->docs[d->amends].id : NULL);
    pct_jw__kstr(w, "mentioned_by", d->mentioned_by);
    pct_jw__key(w, "references");
    pct_jw__arr(w);
    for (size_t r = 0; r < d->nrefs; r++) {
        const pct_amend_ref *ref = &d->refs[r];
        pct_jw__obj(w);
        pct_jw__kstr(w, "relation", ref->relation);
        pct_jw__kstr(w, "title", ref->title);
        pct_jw__kstr(w, "identifier", ref->identifier);
        pct_jw__kstr(w, "date", ref->date);
        pct_jw__kstr(w, "effective_date", ref->effective_date);
        if (ref->ordinal)
            pct_jw__kint(w, "ordinal", ref->ordinal);
        pct_jw__kspan(w, "span", ref->span);
        pct_jw__obj_end(w);
    }
    pct_jw__arr_end(w);
    pct_jw__key(w, "parties");
    pct_jw__arr(w);
    for (size_t p = 0; p < d->nparties; p++) {
        const pct_amend_party *pa = &d->parties[p];
        pct_jw__obj(w);
        pct_jw__kstr(w, "name", pa->name.text);
        pct_jw__kspan(w, "span", pa->name.span);
        pct_jw__kstr(w, "alias", pa->alias);
        pct_jw__kstr(w, "source", pa->source);
        pct_jw__key(w, "variants");
        pct_jw__arr(w);
        for (size_t v = 0; v < pa->nvariants; v++) {
            pct_jw__obj(w);
            pct_jw__kstr(w, "text", pa->variants[v].text);
            pct_jw__kspan(w, "span", pa->variants[v].span);
            pct_jw__obj_end(w);
        }
        pct_jw__arr_end(w);
        pct_jw__obj_end(w);
    }
    pct_jw__arr_end(w);
    pct_jw__key(w, "operations");
    pct_jw__arr(w);
    for (size_t o = 0; o < d->nops; o++)
        jw_op(w, &d->ops[o]);
    pct_jw__arr_end(w);
    pct_jw__obj_end(w);
}

static void jw_change(pct_jw *w, const pct_state_change *c)
{
    pct_jw__obj(w);
    pct_jw__kstr(w, "date", c->date);
    pct_jw__kstr(w, "basis", c->basis);
    pct_jw__kstr(w, "doc_id", c->doc_id);
    pct_jw__kint(w, "operation", (long long)c->op);
    pct_jw__kstr(w, "action", pct_amend_op_kind_name(c->operation->kind));
    pct_jw__kstr(w, "target", c->operation->target);
    pct_jw__kstr(w, "provision", c->operation->provision);
    pct_jw__obj_end(w);
}

static void jw_state(pct_jw *w, const pct_state_view *v)
{
    pct_jw__obj(w);
    pct_jw__kstr(w, "as_of", v->as_of);
    pct_jw__kbool(w, "complete", v->complete);
    pct_jw__key(w, "parties");
    pct_jw__arr(w);
    for (size_t i = 0; i < v->nparties; i++) {
        pct_jw__obj(w);
        pct_jw__kstr(w, "name", v->parties[i].name);
        jw_source(w, "from", v->parties[i].from);
        pct_jw__obj_end(w);
    }
    pct_jw__arr_end(w);
    pct_jw__key(w, "defined_terms");
    pct_jw__arr(w);
    for (size_t t = 0; t < v->nterms; t++) {
        const pct_state_term *term = &v->terms[t];
        pct_jw__obj(w);
        pct_jw__kstr(w, "term", term->term);
        pct_jw__kbool(w, "complete", term->complete);
        pct_jw__key(w, "members");
        pct_jw__arr(w);
        for (size_t m = 0; m < term->nmembers; m++) {
            pct_jw__obj(w);
            pct_jw__kstr(w, "name", term->members[m].name);
            jw_source(w, "from", term->members[m].from);
            pct_jw__obj_end(w);
        }
        pct_jw__arr_end(w);
        pct_jw__obj_end(w);
    }
    pct_jw__arr_end(w);
    pct_jw__key(w, "term");
    pct_jw__obj(w);
    pct_jw__kstr(w, "start", v->term_start);
    if (v->term_start)
        jw_source(w, "start_from", v->term_start_from);
    pct_jw__kstr(w, "expiration", v->expiration);
    if (v->expiration)
        jw_source(w, "expiration_from", v->expiration_from);
    pct_jw__kstr(w, "expiration_note", v->expiration_note);
    pct_jw__obj_end(w);
    pct_jw__key(w, "sections");
    pct_jw__arr(w);
    for (size_t s = 0; s < v->nsections; s++) {
        const pct_state_section *sec = &v->sections[s];
        pct_jw__obj(w);
        pct_jw__kstr(w, "number", sec->number);
        pct_jw__kstr(w, "heading", sec->heading);
        pct_jw__kstr(w, "status", sec->status);
        pct_jw__kstr(w, "text", sec->text);
        jw_source(w, "from", sec->from);
        pct_jw__obj_end(w);
    }
    pct_jw__arr_end(w);
    pct_jw__key(w, "changes");
    pct_jw__arr(w);
    for (size_t c = 0; c < v->nchanges; c++)
        jw_change(w, &v->changes[c]);
    pct_jw__arr_end(w);
    pct_jw__key(w, "pending");
    pct_jw__arr(w);
    for (size_t c = 0; c < v->npending; c++)
        jw_change(w, &v->pending[c]);
    pct_jw__arr_end(w);
    pct_jw__key(w, "caveats");
    pct_jw__arr(w);
    for (size_t c = 0; c < v->ncaveats; c++)
        pct_jw__str(w, v->caveats[c]);
    pct_jw__arr_end(w);
    pct_jw__obj_end(w);
}

static void jw_findings(pct_jw *w, const pct_findings *f)
{
    pct_jw__arr(w);
    for (size_t i = 0; i < pct_finding_count(f); i++) {
        const pct_finding *x = pct_finding_at(f, i);
        pct_jw__obj(w);
        pct_jw__kstr(w, "severity", pct_finding_severity_name(x->severity));
        pct_jw__kstr(w, "code", x->code);
        pct_jw__kstr(w, "doc_id", x->doc_id);
        pct_jw__kstr(w, "message", x->message);
        pct_jw__key(w, "spans");
        pct_jw__arr(w);
        for (size_t s = 0; s < x->nspans; s++)
            pct_jw__span(w, x->spans[s]);
        pct_jw__arr_end(w);
        pct_jw__obj_end(w);
    }
    pct_jw__arr_end(w);
}

int pct_render_family_json(const pct_family *fam, const char *as_of, const pct_findings *findings,
                           pct_sink sink, void *ud)
{
    pct_jw w;
    int err = 0;
    pct_jw__init(&w, sink, ud, 1);
    pct_jw__obj(&w);
    pct_jw__kstr(&w, "schema", "pactum-family/1");
    pct_jw__key(&w, "families");
    pct_jw__arr(&w);
    for (size_t g = 0; g < fam->ngroups && !w.err; g++) {
        pct_jw__obj(&w);
        pct_jw__kint(&w, "family", (long long)g);
        pct_jw__key(&w, "documents");
        pct_jw__arr(&w);
        for (size_t i = 0; i < fam->n; i++)
            if (fam->docs[i].group == g)
                jw_doc(&w, fam, &fam->docs[i]);
        pct_jw__arr_end(&w);
        const char *date = as_of ? as_of : latest_date(fam, g);
        pct_jw__key(&w, "state");
        if (date) {
            pct_state *st = NULL;
            if ((err = pct_state_at(&st, fam, g, date)) < 0) {
                pct_jw__null(&w);
                pct_jw__end(&w);
                return err;
            }
            jw_state(&w, pct_state_get(st));
            pct_state_free(st);
        } else {
            pct_jw__null(&w);
        }
        pct_jw__obj_end(&w);
    }
    pct_jw__arr_end(&w);
    if (findings) {
        pct_jw__key(&w, "findings");
        jw_findings(&w, findings);
    }
    pct_jw__obj_end(&w);
    pct_jw__raw(&w, "\n", 1);
    return pct_jw__end(&w);
}

int pct_render_findings_json(const pct_family *fam, const pct_findings *findings, pct_sink sink,
                             void *ud)
{
    pct_jw w;
    pct_jw__init(&w, sink, ud, 1);
    pct_jw__obj(&w);
    pct_jw__kstr(&w, "schema", "pactum-findings/1");
    pct_jw__key(&w, "documents");
    pct_jw__arr(&w);
    for (size_t i = 0; i < fam->n; i++) {
        const pct_family_doc *d = &fam->docs[i];
        pct_jw__obj(&w);
        pct_jw__kstr(&w, "id", d->id);
        pct_jw__kint(&w, "family", (long long)d->group);
        pct_jw__kstr(&w, "title", d->title);
        pct_jw__kbool(&w, "on_file", d->on_file);
        pct_jw__kstr(&w, "file", d->doc ? pct_doc_name(d->doc) : NULL);
        pct_jw__obj_end(&w);
    }
    pct_jw__arr_end(&w);
    pct_jw__key(&w, "findings");
    jw_findings(&w, findings);
    pct_jw__kstr(&w, "max_severity", pct_finding_severity_name(pct_finding_max(findings)));
    pct_jw__obj_end(&w);
    pct_jw__raw(&w, "\n", 1);
    return pct_jw__end(&w);
}

/* --------------------------------------------------------------- memo */

typedef struct memo {
    pct_sink sink;
    void *ud;
    int err;
} memo;

static void out(memo *m, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void out(memo *m, const char *fmt, ...)
{
    if (m->err)
        return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof buf)
        n = sizeof buf - 1;
    if (m->sink(buf, (size_t)n, m->ud))
        m->err = PCT_EIO;
}

/* A long text cut at MEMO_TEXT_MAX bytes (on a UTF-8 boundary) with an ellipsis. */
static void out_text(memo *m, const char *s)
{
    if (!s)
        return;
    size_t n = strlen(s);
    if (n <= MEMO_TEXT_MAX) {
        out(m, "%s", s);
        return;
    }
    size_t k = MEMO_TEXT_MAX;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    out(m, "%.*s...", (int)k, s);
}

static const char *basis_words(const char *basis)
{
    if (!strcmp(basis, "effective_date"))
        return "its effective date";
    if (!strcmp(basis, "agreement_date"))
        return "the date it is dated";
    if (!strcmp(basis, "execution_date"))
        return "no date of its own: ordered by its execution date (latest signature)";
    if (!strcmp(basis, "recited_effective_date"))
        return "the effective date a later document gives it";
    if (!strcmp(basis, "recited_date"))
        return "the date a later document gives it";
    if (!strcmp(basis, "ordinal"))
        return "no date known: ordered by its number";
    return "no date known";
}

static void memo_doc(memo *m, size_t k, const pct_family_doc *d)
{
    out(m, "  %zu. %s", k, d->title ? d->title : "(untitled)");
    if (d->identifier)
        out(m, " No. %s", d->identifier);
    out(m, " [%s]\n", d->id);
    if (d->on_file)
        out(m, "     %s, on file: %s\n", d->kind, pct_doc_name(d->doc));
    else
        out(m, "     %s, NOT ON FILE (cited by %s)\n", d->kind,
            d->mentioned_by ? d->mentioned_by : "?");
    out(m, "     %s %s (%s)\n", d->order_date ? "takes effect" : "date",
        d->order_date ? d->order_date : "unknown", basis_words(d->order_basis));
}

static void memo_op(memo *m, const pct_family_doc *d, const pct_amend_op *op)
{
    out(m, "  - %s, provision %s: %s", d->id, op->provision ? op->provision : "(unnumbered)",
        pct_amend_op_kind_name(op->kind));
    if (op->target)
        out(m, " of %s%s%s", op->target_kind == PCT_TARGET_DEFINED_TERM ? "\"" : "", op->target,
            op->target_kind == PCT_TARGET_DEFINED_TERM ? "\"" : "");
    out(m, "\n");
    if (op->nmembers) {
        out(m, "      adds:");
        for (size_t i = 0; i < op->nmembers; i++)
            out(m, "%s %s", i ? ";" : "", op->members[i].text);
        out(m, "\n");
    } else if (op->before || op->after) {
        if (op->before) {
            out(m, "      from: ");
            out_text(m, op->before);
            out(m, "\n");
        }
        if (op->after) {
            out(m, "      to:   ");
            out_text(m, op->after);
            out(m, "\n");
        }
    } else if (op->kind == PCT_OP_OTHER) {
        out(m, "      text: ");
        out_text(m, op->text);
        out(m, "\n");
    }
    if (op->limit) {
        out(m, "      limited: ");
        out_text(m, op->limit);
        out(m, "\n");
    }
}

static void memo_src(memo *m, pct_state_source s)
{
    if (!s.doc_id || !*s.doc_id)
        out(m, " (source unknown)");
    else if (s.provision)
        out(m, " (%s, %s%s)", s.doc_id, strcmp(s.provision, "preamble") ? "provision " : "",
            s.provision);
    else
        out(m, " (%s)", s.doc_id);
}

static void memo_state(memo *m, const pct_state_view *v)
{
    out(m, "\nTHE AGREEMENT AS AMENDED ON %s%s\n", v->as_of, v->complete ? "" : " (INCOMPLETE)");
    out(m, "  Parties:\n");
    for (size_t i = 0; i < v->nparties; i++) {
        out(m, "    %s", v->parties[i].name);
        memo_src(m, v->parties[i].from);
        out(m, "\n");
    }
    for (size_t t = 0; t < v->nterms; t++) {
        const pct_state_term *term = &v->terms[t];
        out(m, "  \"%s\" means (%zu%s):\n", term->term, term->nmembers,
            term->complete ? "" : "; incomplete: earlier documents are not on file");
        for (size_t i = 0; i < term->nmembers; i++) {
            out(m, "    %s", term->members[i].name);
            memo_src(m, term->members[i].from);
            out(m, "\n");
        }
    }
    out(m, "  Term: starts %s", v->term_start ? v->term_start : "unknown");
    if (v->term_start)
        memo_src(m, v->term_start_from);
    out(m, "; expires %s", v->expiration ? v->expiration : "unknown");
    if (v->expiration) {
        memo_src(m, v->expiration_from);
        if (v->expiration_note)
            out(m, ", %s", v->expiration_note);
    }
    out(m, "\n");
    size_t changed = 0;
    for (size_t s = 0; s < v->nsections; s++)
        changed += strcmp(v->sections[s].status, "original") != 0;
    out(m, "  Sections: %zu known, %zu changed by amendment\n", v->nsections, changed);
    for (size_t s = 0; s < v->nsections; s++) {
        const pct_state_section *sec = &v->sections[s];
        if (!strcmp(sec->status, "original"))
            continue;
        out(m, "    %s: %s", sec->number, sec->status);
        memo_src(m, sec->from);
        out(m, "\n");
        if (sec->text) {
            out(m, "      ");
            out_text(m, sec->text);
            out(m, "\n");
        }
    }
    if (v->npending) {
        out(m, "  Not yet in effect:\n");
        for (size_t c = 0; c < v->npending; c++)
            out(m, "    %s, provision %s: %s%s%s (%s)\n", v->pending[c].doc_id,
                v->pending[c].operation->provision ? v->pending[c].operation->provision : "-",
                pct_amend_op_kind_name(v->pending[c].operation->kind),
                v->pending[c].operation->target ? " of " : "",
                v->pending[c].operation->target ? v->pending[c].operation->target : "",
                v->pending[c].date ? v->pending[c].date : "undated");
    }
    if (v->ncaveats) {
        out(m, "  Caveats:\n");
        for (size_t c = 0; c < v->ncaveats; c++)
            out(m, "    * %s\n", v->caveats[c]);
    }
}

static void memo_findings(memo *m, const pct_findings *f)
{
    size_t n = pct_finding_count(f);
    out(m, "\nFINDINGS (%zu)\n", n);
    if (!n)
        out(m, "  None.\n");
    for (int sev = PCT_SEV_ERROR; sev >= PCT_SEV_INFO; sev--)
        for (size_t i = 0; i < n; i++) {
            const pct_finding *x = pct_finding_at(f, i);
            if ((int)x->severity != sev)
                continue;
            out(m, "  %-7s %-28s %s\n", pct_finding_severity_name(x->severity), x->code,
                x->message);
        }
}

int pct_render_family_memo(const pct_family *fam, const char *as_of, const pct_findings *findings,
                           pct_sink sink, void *ud)
{
    memo m = {sink, ud, 0};
    for (size_t g = 0; g < fam->ngroups && !m.err; g++) {
        const pct_family_doc *first = NULL;
        size_t k = 0;
        for (size_t i = 0; i < fam->n; i++)
            if (fam->docs[i].group == g && !first && strcmp(fam->docs[i].kind, "related"))
                first = &fam->docs[i];
        out(&m, "%sMEMORANDUM: %s%s%s and its amendments\n", g ? "\n" : "",
            first && first->title ? first->title : "agreement",
            first && first->identifier ? " No. " : "",
            first && first->identifier ? first->identifier : "");
        out(&m, "\nDOCUMENTS, in the order they took effect\n");
        for (size_t i = 0; i < fam->n; i++)
            if (fam->docs[i].group == g)
                memo_doc(&m, ++k, &fam->docs[i]);
        out(&m, "\nCHANGES MADE\n");
        size_t nops = 0;
        for (size_t i = 0; i < fam->n; i++)
            if (fam->docs[i].group == g)
                for (size_t o = 0; o < fam->docs[i].nops; o++, nops++)
                    memo_op(&m, &fam->docs[i], &fam->docs[i].ops[o]);
        if (!nops)
            out(&m, "  None found.\n");
        const char *date = as_of ? as_of : latest_date(fam, g);
        if (date) {
            pct_state *st = NULL;
            int err = pct_state_at(&st, fam, g, date);
            if (err < 0)
                return err;
            memo_state(&m, pct_state_get(st));
            pct_state_free(st);
        }
    }
    if (findings)
        memo_findings(&m, findings);
    return m.err;
}

int pct_render_findings_memo(const pct_family *fam, const pct_findings *findings, pct_sink sink,
                             void *ud)
{
    memo m = {sink, ud, 0};
    out(&m, "AUDIT of %zu document(s)\n", fam->n);
    for (size_t i = 0; i < fam->n; i++) {
        const pct_family_doc *d = &fam->docs[i];
        if (d->on_file)
            out(&m, "  %s  %s (%s)\n", d->id, d->title ? d->title : "(untitled)",
                pct_doc_name(d->doc));
        else
            out(&m, "  %s  %s [not on file, cited by %s]\n", d->id,
                d->title ? d->title : "(untitled)", d->mentioned_by ? d->mentioned_by : "?");
    }
    memo_findings(&m, findings);
    pct_severity mx = pct_finding_max(findings);
    out(&m, "\nVERDICT: %s\n",
        mx == PCT_SEV_ERROR     ? "errors found: the documents need attention before reliance"
        : mx == PCT_SEV_WARNING ? "no errors; warnings to review"
                                : "no errors or warnings");
    return m.err;
}
