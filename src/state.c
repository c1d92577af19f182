/*
 * state.c - the agreement as amended on a date (event sourcing).
 *
 * The initial state comes from the base agreement when it is on file: its
 * parties and their defined names, its dates, and every numbered section
 * with its own text. When the base is not on file, the state starts from
 * what the earliest document on file tells about the agreement (its
 * preamble names the parties and their defined terms) and everything else
 * is unknown. Each operation of each document in effect on the date (order
 * date <= as_of; see family.c) is then applied in family order; later
 * documents' operations are listed as pending. Every element keeps the
 * document, provision and span it comes from.
 *
 * Never invent: a section the base would hold but is not on file is
 * "unknown"; words an amendment changes in an unknown text are recorded as
 * a change, not applied; the expiration before an amendment is known only
 * when the amendment states it ("extended from X to Y"). The state is
 * marked incomplete when a document in effect is not on file.
 */
#include "amend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CAVEATS_MAX 64      /* sentences of caveat kept per state */
#define TERM_MEMBERS_MAX 512 /* members of a term, and parties, kept in a state */
#define OPENING_BYTES 8000  /* where an agreement names its parties when no preamble was found */

struct pct_state {
    pct_ctx *ctx;
    pct_arena *arena;
    const pct_family *fam;
    pct_state_view view;
    pct_vec parties, terms, sections, changes, pending, caveats; /* during the build */
    pct_vec *members;  /* one vector of pct_state_member per term */
    size_t nmembers_vec;
    size_t *sec_slots; /* open hash: section number -> first index + 1 (0: empty) */
    size_t sec_cap;    /* slots, a power of two, at most half full */
    int no_texts;      /* pct_state__at_terms: sections are kept without their texts */
};

static int caveat(pct_state *st, const char *fmt, const char *a, const char *b, const char *c)
{
    if (st->caveats.len >= CAVEATS_MAX)
        return 0;
    const char **slot = pct_vec__push(&st->caveats);
    if (!slot)
        return PCT_ENOMEM;
    *slot = pct_arena__printf(st->arena, fmt, a ? a : "", b ? b : "", c ? c : "");
    return *slot ? 0 : PCT_ENOMEM;
}

static pct_state_source source_of(const pct_family_doc *d, const char *provision, pct_span span)
{
    pct_state_source s = {d ? d->id : "", provision, span};
    return s;
}

/* ----------------------------------------------------------- parties */

static long find_term(pct_state *st, const char *term)
{
    for (size_t i = 0; i < st->terms.len; i++)
        if (!strcmp(PCT_VEC_AT(&st->terms, pct_state_term, i).term, term))
            return (long)i;
    return -1;
}

static int add_member(pct_state *st, const char *term, const char *name, pct_state_source from)
{
    long t = find_term(st, term);
    if (t < 0) {
        pct_state_term *nt = pct_vec__push(&st->terms);
        if (!nt)
            return PCT_ENOMEM;
        nt->term = term;
        nt->complete = 1;
        t = (long)st->terms.len - 1;
        pct_vec *mv = pct__realloc(st->ctx, st->members, st->nmembers_vec * sizeof *mv,
                                   (st->nmembers_vec + 1) * sizeof *mv);
        if (!mv)
            return PCT_ENOMEM;
        st->members = mv;
        pct_vec__init(&st->members[st->nmembers_vec++], st->ctx, sizeof(pct_state_member));
    }
    pct_vec *v = &st->members[t];
    if (v->len >= TERM_MEMBERS_MAX)
        return 0; /* bounded: the dedupe below is quadratic in the members */
    char *key = pct_amend__name_key(st->arena, name, strlen(name));
    for (size_t i = 0; key && i < v->len; i++) {
        const char *n2 = PCT_VEC_AT(v, pct_state_member, i).name;
        char *k2 = pct_amend__name_key(st->arena, n2, strlen(n2));
        if (k2 && !strcmp(k2, key))
            return 0;
    }
    pct_state_member *m = pct_vec__push(v);
    if (!m)
        return PCT_ENOMEM;
    m->name = name;
    m->from = from;
    return 0;
}

static int add_party(pct_state *st, const char *name, pct_state_source from)
{
    if (st->parties.len >= TERM_MEMBERS_MAX)
        return 0;
    char *key = pct_amend__name_key(st->arena, name, strlen(name));
    if (!key)
        return PCT_ENOMEM;
    for (size_t i = 0; i < st->parties.len; i++) {
        const char *n2 = PCT_VEC_AT(&st->parties, pct_state_member, i).name;
        char *k2 = pct_amend__name_key(st->arena, n2, strlen(n2));
        if (k2 && (!strcmp(k2, key) || pct_amend__name_variant(k2, key)))
            return 0;
    }
    pct_state_member *m = pct_vec__push(&st->parties);
    if (!m)
        return PCT_ENOMEM;
    m->name = name;
    m->from = from;
    return 0;
}

/* The parties as `d` names them in its preamble, with their defined terms;
 * when the preamble was not found as such, the entities given a defined
 * name in the opening pages stand for it. */
static int parties_from(pct_state *st, const pct_family_doc *d)
{
    int err;
    size_t npre = 0;
    for (size_t i = 0; i < d->nparties; i++)
        npre += !strcmp(d->parties[i].source, "preamble");
    pct_span ds = d->node ? pct_node_span(d->node) : (pct_span){0, 0};
    for (size_t i = 0; i < d->nparties; i++) {
        const pct_amend_party *p = &d->parties[i];
        int early = p->alias && p->name.span.start < ds.start + OPENING_BYTES;
        if (strcmp(p->source, "preamble") && (npre >= 2 || !early))
            continue;
        pct_state_source from = source_of(d, "preamble", p->name.span);
        if ((err = add_party(st, p->name.text, from)) < 0)
            return err;
        if (p->alias && (err = add_member(st, p->alias, p->name.text, from)) < 0)
            return err;
    }
    return 0;
}

/* ----------------------------------------------------------- sections */

static size_t sec_hash(const char *k, size_t n)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)k[i]) * 1099511628211ULL;
    return (size_t)h;
}

/* The first section whose number is k[0, n), or -1. */
static long sec_lookup(const pct_state *st, const char *k, size_t n)
{
    if (!st->sec_cap)
        return -1;
    for (size_t h = sec_hash(k, n) & (st->sec_cap - 1);; h = (h + 1) & (st->sec_cap - 1)) {
        size_t v = st->sec_slots[h];
        if (!v)
            return -1;
        const char *num = PCT_VEC_AT(&st->sections, pct_state_section, v - 1).number;
        if (!strncmp(num, k, n) && num[n] == '\0')
            return (long)(v - 1);
    }
}

/* Indexes the section just pushed (the first of a number stays). */
static int sec_index_last(pct_state *st)
{
    size_t idx = st->sections.len - 1;
    const char *num = PCT_VEC_AT(&st->sections, pct_state_section, idx).number;
    if (2 * (idx + 1) > st->sec_cap) {
        size_t cap = st->sec_cap ? 2 * st->sec_cap : 64;
        size_t *slots = pct__calloc(st->ctx, cap, sizeof *slots);
        if (!slots)
            return PCT_ENOMEM;
        for (size_t i = 0; i < st->sec_cap; i++) {
            size_t v = st->sec_slots[i];
            if (!v)
                continue;
            const char *k = PCT_VEC_AT(&st->sections, pct_state_section, v - 1).number;
            size_t h = sec_hash(k, strlen(k)) & (cap - 1);
            while (slots[h])
                h = (h + 1) & (cap - 1);
            slots[h] = v;
        }
        if (st->sec_cap)
            pct__free(st->ctx, st->sec_slots, st->sec_cap * sizeof *st->sec_slots);
        st->sec_slots = slots;
        st->sec_cap = cap;
    }
    size_t n = strlen(num);
    if (sec_lookup(st, num, n) >= 0)
        return 0;
    size_t h = sec_hash(num, n) & (st->sec_cap - 1);
    while (st->sec_slots[h])
        h = (h + 1) & (st->sec_cap - 1);
    st->sec_slots[h] = idx + 1;
    return 0;
}

/* The first section numbered `number`, else the first numbered as it is
 * without trailing dots ("Section 3.1." written with a trailing dot), or -1.
 * A hash of the numbers: a base agreement has hundreds of sections. */
static long find_section(pct_state *st, const char *number)
{
    size_t full = strlen(number), n = full;
    long i = sec_lookup(st, number, full);
    if (i >= 0)
        return i;
    while (n > 0 && number[n - 1] == '.')
        n--;
    return n < full ? sec_lookup(st, number, n) : -1;
}

/* The base's own numbered sections (each with its text before its first subsection). */
static int base_sections(pct_state *st, const pct_family_doc *d)
{
    pct_iter *it = NULL;
    int err = pct_iter_new(&it, st->ctx, d->node);
    if (err)
        return err;
    pct_event ev;
    while ((ev = pct_iter_next(it)) != PCT_EVENT_DONE) {
        const pct_node *nd = pct_iter_node(it);
        if (ev != PCT_EVENT_ENTER || nd->type != PCT_NODE_SECTION || !nd->number)
            continue;
        /* "(a)" under "14.2" is "14.2(a)" */
        const char *num = nd->number;
        if (nd->number[0] == '(' && nd->parent && nd->parent->type == PCT_NODE_SECTION &&
            nd->parent->number &&
            !(num = pct_arena__printf(st->arena, "%s%s", nd->parent->number, nd->number))) {
            err = PCT_ENOMEM;
            break;
        }
        if (find_section(st, num) >= 0)
            continue; /* a repeated number (a table of contents): the first stays */
        size_t end = nd->span.end;
        for (const pct_node *c = nd->first; c; c = c->next)
            if (c->type == PCT_NODE_SECTION) {
                end = c->span.start;
                break;
            }
        pct_state_section *s = pct_vec__push(&st->sections);
        if (!s) {
            err = PCT_ENOMEM;
            break;
        }
        s->number = num;
        if ((err = sec_index_last(st)) < 0)
            break;
        s->heading = nd->heading;
        s->status = "original";
        s->text = st->no_texts ? NULL : pct_doc__fold(d->doc, nd->span.start, end);
        pct_span sp = {pct_source__to_orig(&d->doc->src, nd->span.start),
                       pct_source__to_orig(&d->doc->src, end)};
        s->from = source_of(d, nd->number, sp);
    }
    pct_iter_free(it);
    return err;
}

/* Replaces every `before` by `after` in `text`; NULL when nothing changed. */
static char *replace_all(pct_arena *a, const char *text, const char *before, const char *after)
{
    size_t nb = strlen(before), na = strlen(after), count = 0;
    if (!nb)
        return NULL;
    for (const char *p = strstr(text, before); p; p = strstr(p + nb, before))
        count++;
    if (!count)
        return NULL;
    size_t n = strlen(text) + count * na + 1;
    char *out = pct_arena__alloc(a, n);
    if (!out)
        return NULL;
    char *o = out;
    const char *p = text, *q;
    while ((q = strstr(p, before))) {
        memcpy(o, p, (size_t)(q - p));
        o += q - p;
        memcpy(o, after, na);
        o += na;
        p = q + nb;
    }
    strcpy(o, p);
    return out;
}

static pct_state_section *section_slot(pct_state *st, const char *number, int *fresh)
{
    long i = find_section(st, number);
    *fresh = i < 0;
    if (i >= 0)
        return &PCT_VEC_AT(&st->sections, pct_state_section, i);
    pct_state_section *s = pct_vec__push(&st->sections);
    if (s) {
        s->number = number;
        s->status = "unknown";
        if (sec_index_last(st) < 0)
            return NULL; /* out of memory, as a failed push */
    }
    return s;
}

/* ----------------------------------------------------------- the term */

/* A date after "through", "until", "expire on", "terminate on", "ending on". */
static const char *term_date(pct_arena *a, const char *s)
{
    static const char *const cues[] = {"through ", "until ", "expire on ", "expires on ",
                                       "terminate on ", "ending on ", "end on "};
    size_t n = strlen(s);
    for (size_t k = 0; k < sizeof cues / sizeof *cues; k++) {
        long at = pct__find_ci(s, n, cues[k]);
        if (at < 0)
            continue;
        char iso[PCT_ISO_LEN];
        size_t from = (size_t)at + strlen(cues[k]);
        long d = pct_amend__find_date(s, from, from + 40 < n ? from + 40 : n, iso, NULL);
        if (d >= 0)
            return pct_arena__strndup(a, iso, 10);
    }
    return NULL;
}

/* "YYYY-MM-DD" plus `months` and `days` (calendar arithmetic of src/date.c:
 * the day is clamped to the month's end), or NULL. */
static const char *add_date(pct_arena *a, const char *iso, int months, int days)
{
    pct_date d;
    if (!pct_amend__iso_read(iso, &d))
        return NULL;
    d = pct_date__add(&d, months, days);
    char *out = pct_arena__alloc(a, PCT_ISO_LEN);
    if (out)
        pct_date__iso(&d, out);
    return out;
}

static const char *add_months(pct_arena *a, const char *iso, int months)
{
    return add_date(a, iso, months, 0);
}

/* The expiration the facts layer (pct_extract, run once by the family) finds
 * in the base, as a fallback: only an ISO date, copied with its rule into the
 * state. */
static int facts_expiration(pct_state *st, const pct_family_doc *base)
{
    const pct_docfacts *df = st->fam->ext[base - st->fam->docs].facts;
    const pct_value *e = df ? &df->expiration_date : NULL;
    if (!e || !e->value || strlen(e->value) != 10 || e->value[4] != '-')
        return 0;
    pct_state_view *v = &st->view;
    v->expiration = pct_arena__strndup(st->arena, e->value, 10);
    v->expiration_from = source_of(base, NULL, e->span);
    v->expiration_note = pct_arena__printf(st->arena, "found by the facts rule %s",
                                           e->rule ? e->rule : "(unnamed)");
    return v->expiration && v->expiration_note ? 0 : PCT_ENOMEM;
}

static int base_term(pct_state *st, const pct_family_doc *base)
{
    pct_state_view *v = &st->view;
    if (base->on_file) {
        v->term_start = base->effective_date ? base->effective_date : base->agreement_date;
        v->term_start_from = source_of(base, "preamble", (pct_span){0, 0});
        /* the facts layer reads the term (stated, or start + initial term) */
        return facts_expiration(st, base);
    }
    return 0;
}

/* ------------------------------------------------------------ apply */

static int apply(pct_state *st, const pct_family_doc *d, size_t k)
{
    const pct_amend_op *op = &d->ops[k];
    pct_state_view *v = &st->view;
    pct_state_source from = source_of(d, op->provision, op->span);
    int err = 0, fresh;
    pct_state_section *s;
    switch (op->kind) {
    case PCT_OP_ADD_TO_DEFINITION:
    case PCT_OP_REPLACE_DEFINITION:
        if (op->nmembers && op->target) {
            if (op->kind == PCT_OP_REPLACE_DEFINITION) {
                long t = find_term(st, op->target);
                if (t >= 0)
                    st->members[t].len = 0;
            }
            for (size_t i = 0; i < op->nmembers; i++) {
                pct_state_source mf = source_of(d, op->provision, op->members[i].span);
                if ((err = add_member(st, op->target, op->members[i].text, mf)) < 0 ||
                    (err = add_party(st, op->members[i].text, mf)) < 0)
                    return err;
            }
        }
        if (op->target) {
            const char *num = pct_arena__printf(st->arena, "definition of \"%s\"", op->target);
            if (!num || !(s = section_slot(st, num, &fresh)))
                return PCT_ENOMEM;
            s->status = op->kind == PCT_OP_ADD_TO_DEFINITION ? "amended" : "replaced";
            s->text = op->kind == PCT_OP_REPLACE_DEFINITION ? op->after : NULL;
            s->from = from;
        }
        return 0;
    case PCT_OP_ADD_PARTY:
        for (size_t i = 0; i < op->nmembers; i++)
            if ((err = add_party(st, op->members[i].text,
                                 source_of(d, op->provision, op->members[i].span))) < 0)
                return err;
        return 0;
    case PCT_OP_EXTEND_TERM:
    case PCT_OP_CHANGE_TERM: {
        const char *exp = NULL;
        if (op->after && op->after[0] == '+') {
            exp = add_months(st->arena, v->expiration, atoi(op->after + 1));
        } else if (op->after && strlen(op->after) == 10 && op->after[4] == '-') {
            exp = op->after;
        } else if (op->after) {
            exp = term_date(st->arena, op->after);
        }
        if (op->target_kind == PCT_TARGET_SECTION && op->target) {
            if (!(s = section_slot(st, op->target, &fresh)))
                return PCT_ENOMEM;
            s->status = "replaced";
            s->text = op->after;
            s->from = from;
        }
        v->expiration = exp;
        v->expiration_from = from;
        v->expiration_note =
            exp ? "as amended" : "changed by an amendment in a way pactum does not compute";
        return 0;
    }
    case PCT_OP_REPLACE_SECTION:
    case PCT_OP_INSERT_SECTION:
    case PCT_OP_DELETE_SECTION:
    case PCT_OP_ADD_EXHIBIT:
    case PCT_OP_REPLACE_EXHIBIT:
        if (!op->target)
            return caveat(st, "%s provision %s changes a section it does not number; read it.",
                          d->id, op->provision ? op->provision : "(unnumbered)", NULL);
        if (!(s = section_slot(st, op->target, &fresh)))
            return PCT_ENOMEM;
        s->status = op->kind == PCT_OP_DELETE_SECTION ? "deleted"
                    : (op->kind == PCT_OP_INSERT_SECTION || op->kind == PCT_OP_ADD_EXHIBIT)
                        ? "inserted"
                        : "replaced";
        s->text = op->kind == PCT_OP_DELETE_SECTION ? NULL : op->after;
        s->from = from;
        if (op->kind == PCT_OP_REPLACE_SECTION || op->kind == PCT_OP_DELETE_SECTION) {
            /* the subsections of a replaced or deleted section go with it */
            size_t tl = strlen(op->target);
            for (size_t i = 0; i < st->sections.len; i++) {
                pct_state_section *x = &PCT_VEC_AT(&st->sections, pct_state_section, i);
                if (!strncmp(x->number, op->target, tl) &&
                    (x->number[tl] == '.' || x->number[tl] == '(') && x->number[tl + 1]) {
                    x->status = op->kind == PCT_OP_DELETE_SECTION ? "deleted" : "superseded";
                    x->text = NULL;
                    x->from = from;
                }
            }
        }
        return 0;
    case PCT_OP_AMEND_SECTION_TEXT:
        if (op->target_kind == PCT_TARGET_TEXT) {
            int changed = 0;
            for (size_t i = 0; op->before && op->after && i < st->sections.len; i++) {
                pct_state_section *x = &PCT_VEC_AT(&st->sections, pct_state_section, i);
                char *t = x->text ? replace_all(st->arena, x->text, op->before, op->after) : NULL;
                if (t) {
                    x->text = t;
                    x->status = "amended";
                    x->from = from;
                    changed = 1;
                }
            }
            if (!changed)
                return caveat(st, "%s provision %s changes words wherever they appear; the change "
                                  "is recorded, not applied to text that is not on file.",
                              d->id, op->provision ? op->provision : "(unnumbered)", NULL);
            return 0;
        }
        if (!op->target)
            return 0;
        if (!(s = section_slot(st, op->target, &fresh)))
            return PCT_ENOMEM;
        {
            char *t = (s->text && op->before && op->after)
                          ? replace_all(st->arena, s->text, op->before, op->after) : NULL;
            if (t) {
                s->text = t;
            } else if (s->text) {
                if ((err = caveat(st,
                                  "Section %s is amended by %s provision %s; the change is "
                                  "described there, not applied to the text shown.",
                                  op->target, d->id,
                                  op->provision ? op->provision : "(unnumbered)")) < 0)
                    return err;
            }
        }
        s->status = "amended";
        s->from = from;
        return 0;
    case PCT_OP_OTHER:
        return caveat(st, "%s provision %s could not be interpreted; its text is kept as it is.",
                      d->id, op->provision ? op->provision : "(unnumbered)", NULL);
    default:
        return 0;
    }
}

static int push_change(pct_vec *v, const pct_family_doc *d, size_t k)
{
    pct_state_change *c = pct_vec__push(v);
    if (!c)
        return PCT_ENOMEM;
    c->date = d->order_date;
    c->basis = d->order_basis;
    c->doc_id = d->id;
    c->op = k;
    c->operation = &d->ops[k];
    return 0;
}

static void *to_arena(pct_state *st, pct_vec *v)
{
    if (!v->len)
        return NULL;
    void *p = pct_arena__alloc(st->arena, v->len * v->elem);
    if (p)
        memcpy(p, v->data, v->len * v->elem);
    return p;
}

static int valid_iso(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* The expiration before the first pending extension, as that amendment states it. */
static void expiration_from_pending(pct_state *st)
{
    pct_state_view *v = &st->view;
    if (v->expiration)
        return;
    for (size_t i = 0; i < st->pending.len; i++) {
        const pct_state_change *c = &PCT_VEC_AT(&st->pending, pct_state_change, i);
        if ((c->operation->kind == PCT_OP_EXTEND_TERM ||
             c->operation->kind == PCT_OP_CHANGE_TERM) &&
            c->operation->before) {
            v->expiration = c->operation->before;
            v->expiration_from.doc_id = c->doc_id;
            v->expiration_from.provision = c->operation->provision;
            v->expiration_from.span = c->operation->span;
            v->expiration_note = "stated by a later amendment as the expiration it extends";
            return;
        }
    }
}

static int build(pct_state *st, size_t group, const char *as_of)
{
    const pct_family *fam = st->fam;
    size_t g0 = 0, g1;
    while (g0 < fam->n && fam->docs[g0].group != group)
        g0++;
    g1 = g0;
    while (g1 < fam->n && fam->docs[g1].group == group)
        g1++;
    if (g0 == g1)
        return pct__err(st->ctx, PCT_EINVALID, "no family %zu", group);
    int err;
    const pct_family_doc *base = &fam->docs[g0];
    int has_base = base->amends < 0 && !strcmp(base->kind, "agreement");
    /* which documents are in effect: dated on or before as_of; an undated one
     * when a later document is in effect */
    size_t last_in = g0;
    int any_in = 0;
    for (size_t i = g0; i < g1; i++)
        if (fam->docs[i].order_date && strcmp(fam->docs[i].order_date, as_of) <= 0 &&
            strcmp(fam->docs[i].kind, "related"))
            last_in = i, any_in = 1;
    /* the initial state */
    if (has_base && base->on_file) {
        if ((err = parties_from(st, base)) < 0 || (err = base_sections(st, base)) < 0 ||
            (err = base_term(st, base)) < 0)
            return err;
    } else {
        st->view.complete = 0;
        for (size_t i = g0; i < g1; i++)
            if (fam->docs[i].on_file) {
                if ((err = parties_from(st, &fam->docs[i])) < 0)
                    return err;
                if ((err = caveat(st, "The base agreement (%s) is not on file: its parties and "
                                      "defined terms are as %s states them, and every section it "
                                      "does not change is unknown.",
                                  base->title, fam->docs[i].id, NULL)) < 0)
                    return err;
                break;
            }
    }
    for (size_t i = g0; i < g1; i++) {
        const pct_family_doc *d = &fam->docs[i];
        int in = any_in && i <= last_in;
        if (!strcmp(d->kind, "related"))
            continue; /* another agreement it cites: not part of the chain */
        if (in && !d->on_file && i != g0) {
            st->view.complete = 0;
            if ((err =
                     caveat(st, "%s (%s) is in effect but not on file: what it changed is unknown.",
                            d->title, d->id, NULL)) < 0)
                return err;
        }
        if (in && d->on_file && !d->order_date &&
            (err = caveat(st, "%s has no date; it is taken to be in effect because a later "
                              "document is.", d->id, NULL, NULL)) < 0)
            return err;
        for (size_t k = 0; k < d->nops; k++) {
            if (in) {
                if ((err = push_change(&st->changes, d, k)) < 0 || (err = apply(st, d, k)) < 0)
                    return err;
            } else if ((err = push_change(&st->pending, d, k)) < 0) {
                return err;
            }
        }
    }
    if (!any_in && (err = caveat(st, "No document of this family is in effect on %s.", as_of, NULL,
                                 NULL)) < 0)
        return err;
    expiration_from_pending(st);
    /* a defined term is incomplete when a document in effect is not on file */
    for (size_t t = 0; t < st->terms.len; t++)
        PCT_VEC_AT(&st->terms, pct_state_term, t).complete = st->view.complete;
    return 0;
}

static int state_at(pct_state **out, const pct_family *fam, size_t group, const char *as_of,
                    int no_texts);

int pct_state_at(pct_state **out, const pct_family *fam, size_t group, const char *as_of)
{
    return state_at(out, fam, group, as_of, 0);
}

int pct_state__at_terms(pct_state **out, const pct_family *fam, size_t group, const char *as_of)
{
    return state_at(out, fam, group, as_of, 1);
}

static int state_at(pct_state **out, const pct_family *fam, size_t group, const char *as_of,
                    int no_texts)
{
    *out = NULL;
    if (!fam)
        return PCT_EINVALID;
    pct_ctx *ctx = fam->ctx;
    if (!valid_iso(as_of))
        return pct__err(ctx, PCT_EINVALID, "'%s' is not a date (YYYY-MM-DD)", as_of ? as_of : "");
    pct_state *st = pct__calloc(ctx, 1, sizeof *st);
    int err = 0;
    if (!st)
        return pct__err(ctx, PCT_ENOMEM, "out of memory");
    st->ctx = ctx;
    st->fam = fam;
    st->no_texts = no_texts;
    pct_vec__init(&st->parties, ctx, sizeof(pct_state_member));
    pct_vec__init(&st->terms, ctx, sizeof(pct_state_term));
    pct_vec__init(&st->sections, ctx, sizeof(pct_state_section));
    pct_vec__init(&st->changes, ctx, sizeof(pct_state_change));
    pct_vec__init(&st->pending, ctx, sizeof(pct_state_change));
    pct_vec__init(&st->caveats, ctx, sizeof(const char *));
    if (!(st->arena = pct_arena__new(ctx))) {
        err = PCT_ENOMEM;
        goto done;
    }
    st->view.as_of = pct_arena__strndup(st->arena, as_of, 10);
    st->view.group = group;
    st->view.complete = 1;
    if ((err = build(st, group, as_of)) < 0)
        goto done;
    pct_state_view *v = &st->view;
    for (size_t t = 0; t < st->terms.len; t++) {
        pct_state_term *term = &PCT_VEC_AT(&st->terms, pct_state_term, t);
        term->members = to_arena(st, &st->members[t]);
        term->nmembers = st->members[t].len;
    }
    v->parties = to_arena(st, &st->parties), v->nparties = st->parties.len;
    v->terms = to_arena(st, &st->terms), v->nterms = st->terms.len;
    v->sections = to_arena(st, &st->sections), v->nsections = st->sections.len;
    v->changes = to_arena(st, &st->changes), v->nchanges = st->changes.len;
    v->pending = to_arena(st, &st->pending), v->npending = st->pending.len;
    v->caveats = to_arena(st, &st->caveats), v->ncaveats = st->caveats.len;
    if ((v->nparties && !v->parties) || (v->nterms && !v->terms) ||
        (v->nsections && !v->sections) || (v->nchanges && !v->changes) ||
        (v->npending && !v->pending) || (v->ncaveats && !v->caveats))
        err = PCT_ENOMEM;
done:
    if (err == PCT_ENOMEM)
        pct__err(ctx, err, "out of memory while folding the amendments");
    pct_vec__free(&st->parties);
    pct_vec__free(&st->terms);
    pct_vec__free(&st->sections);
    pct_vec__free(&st->changes);
    pct_vec__free(&st->pending);
    pct_vec__free(&st->caveats);
    for (size_t i = 0; i < st->nmembers_vec; i++)
        pct_vec__free(&st->members[i]);
    pct__free(ctx, st->members, st->nmembers_vec * sizeof *st->members);
    st->members = NULL;
    if (st->sec_cap)
        pct__free(ctx, st->sec_slots, st->sec_cap * sizeof *st->sec_slots);
    st->sec_slots = NULL;
    st->sec_cap = 0;
    st->nmembers_vec = 0;
    if (err) {
        pct_state_free(st);
        return err;
    }
    *out = st;
    return 0;
}

const pct_state_view *pct_state_get(const pct_state *st) { return st ? &st->view : NULL; }

void pct_state_free(pct_state *st)
{
    if (!st)
        return;
    if (st->arena)
        pct_arena__free(st->arena);
    pct__free(st->ctx, st, sizeof *st);
}
