/*
 * findings.c - the audit: rules over every layer of a family, each giving
 * findings with a severity, a stable code, a one-sentence message for a
 * reviewer and the spans it is about.
 *
 * Codes (stable; documented in docs/family-json.md):
 *   sig.blank                  error    a signature block with no mark: not fully executed
 *   sig.unknown_entity         warning  a signature block names an entity the body never names
 *   party.no_signature         warning  a party the document names has no signature block
 *   party.name_variant         warning  a party's name is spelled more than one way
 *   date.before_base           error    an amendment takes effect before the agreement it amends
 *   date.effective_before_signed warning an amendment is effective before anyone signed it
 *   date.out_of_order          warning  amendments numbered in one order took effect in another
 *   date.none                  info     a document states no date of its own
 *   sig.undated                info     signed blocks, none of them dated
 *   term.extended_after_expiry error    an extension takes effect after the term it extends ended
 *   term.extended_last_minute  info     an extension takes effect within 30 days of the expiration
 *   ref.not_on_file            warning  a cited document is not among the files given
 *   ref.date_mismatch          warning  a document is cited with a date other than its own
 *   op.target_not_found        warning  an operation's target is not in the base agreement
 *   op.uninterpreted           info     a provision pactum could not read as an operation
 *
 * Each rule is one pass over the documents; name lookups go through the
 * per-document key lists, so the audit is linear in the documents times
 * their (bounded) signature blocks and parties.
 */
#include "amend.h"

#include <stdio.h>
#include <string.h>

#define BODY_KEYS_MAX (1u << 20) /* bytes of a body searched for a signatory's name */
#define LAST_MINUTE_DAYS 30 /* an extension this close to the expiration deserves a look */

struct pct_findings {
    pct_ctx *ctx;
    pct_arena *arena;
    pct_finding *v;
    size_t n;
    pct_vec build;
};

static int add(pct_findings *f, pct_severity sev, const char *code, const char *doc_id,
               const pct_span *spans, size_t nspans, const char *msg)
{
    if (!msg)
        return PCT_ENOMEM;
    pct_finding *x = pct_vec__push(&f->build);
    if (!x)
        return PCT_ENOMEM;
    x->severity = sev;
    x->code = code;
    x->message = msg;
    x->doc_id = doc_id;
    size_t k = 0;
    pct_span *sp = pct_arena__alloc(f->arena, (nspans ? nspans : 1) * sizeof *sp);
    if (!sp)
        return PCT_ENOMEM;
    for (size_t i = 0; i < nspans; i++)
        if (spans[i].end > spans[i].start)
            sp[k++] = spans[i];
    x->spans = sp;
    x->nspans = k;
    return 0;
}

static const char *doc_label(pct_arena *a, const pct_family_doc *d)
{
    return pct_arena__printf(a, "%s (%s)", d->title ? d->title : "untitled document", d->id);
}

/* -------------------------------------------------------- signatures */

/* The entity of a block without words a signature page put before it
 * ("Effective Date. NORTHWIND HARBOR LOGISTICS, INC." -> the name) or after it
 * (", a Utah corporation", " By"). Allocated in `a`; NULL when none. */
static const char *entity_of(pct_arena *a, const pct_signature *g)
{
    const char *e = g->entity, *best = e;
    if (!e)
        return NULL;
    for (const char *p = strstr(e, ". "); p; p = strstr(p + 1, ". ")) {
        const char *q = p + 2;
        size_t letters = 0, upper = 0;
        for (const char *r = q; *r; r++)
            if (pct__is_alpha((unsigned char)*r)) {
                letters++;
                upper += pct__is_upper((unsigned char)*r);
            }
        if (letters >= 3 && upper == letters && pct__is_lower((unsigned char)p[-1]))
            best = q;
    }
    size_t n = strlen(best);
    static const char *const cuts[] = {", a ", ", an ", " By", " by", " (", ", by "};
    for (size_t k = 0; k < sizeof cuts / sizeof *cuts; k++) {
        const char *c = strstr(best, cuts[k]);
        if (c && (size_t)(c - best) < n && c > best)
            n = (size_t)(c - best);
    }
    while (n > 0 && (best[n - 1] == ' ' || best[n - 1] == ','))
        n--;
    return n ? pct_arena__strndup(a, best, n) : NULL;
}

/* Does the name end in an entity suffix (Inc., LLC, Ltd., Corporation ...)? */
static int organisation(pct_arena *a, const char *name)
{
    char *k = pct_amend__name_key(a, name, strlen(name));
    if (!k)
        return 0;
    const char *last = strrchr(k, ' ');
    last = last ? last + 1 : k;
    static const char *const sfx[] = {"inc", "corp", "llc",  "ltd", "lp",  "llp",
                                      "co",  "plc",  "gmbh", "ag",  "sa",  "nv",
                                      "bv",  "spa",  "pty",  "pte", "sas", "holdings"};
    for (size_t i = 0; i < sizeof sfx / sizeof *sfx; i++)
        if (!strcmp(last, sfx[i]))
            return 1;
    return 0;
}

/* An entity line printed in capitals (as signature pages print names). */
static int all_capitals(const char *s)
{
    size_t letters = 0;
    for (; *s; s++) {
        if (pct__is_lower((unsigned char)*s))
            return 0;
        letters += pct__is_upper((unsigned char)*s);
    }
    return letters >= 4;
}

/* Is `key` written, word for word, in the body's key text? */
static int in_body(const char *body, const char *key)
{
    size_t n = strlen(key);
    for (const char *p = body ? strstr(body, key) : NULL; p; p = strstr(p + 1, key))
        if ((p == body || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0))
            return 1;
    return 0;
}

/* Is word list `p` a prefix of word list `s`? */
static int word_prefix(const char *s, const char *p)
{
    size_t n = strlen(p);
    return n && !strncmp(s, p, n) && (s[n] == ' ' || s[n] == 0);
}

static int sig_matches(pct_arena *a, const pct_signature *g, const char *key)
{
    const char *e = entity_of(a, g);
    if (!e)
        return 0;
    char *k = pct_amend__name_key(a, e, strlen(e));
    /* "Shenzhen X Co." and "SHENZHEN X CO., LTD." are one signatory */
    return k &&
           (!strcmp(k, key) || pct_amend__name_variant(k, key) ||
            (strchr(key, ' ') && word_prefix(k, key)) || (strchr(k, ' ') && word_prefix(key, k)));
}

/* The body name closest to `key` (most leading words in common), or NULL. */
static const char *closest(const pct_family_doc *d, const char *key)
{
    const char *best = NULL;
    size_t best_words = 1;
    for (size_t i = 0; i < d->nparties; i++) {
        const char *n = d->parties[i].name.text;
        size_t words = 0, j = 0;
        /* compare lower-cased letters word by word */
        const char *p = key;
        while (n[j] && *p) {
            while (n[j] && !pct__is_alpha((unsigned char)n[j]) &&
                   !pct__is_digit((unsigned char)n[j]))
                j++;
            size_t s = j;
            while (n[j] &&
                   (pct__is_alpha((unsigned char)n[j]) || pct__is_digit((unsigned char)n[j])))
                j++;
            size_t l = strcspn(p, " ");
            if (l != j - s)
                break;
            size_t m = 0;
            while (m < l && pct__lower((unsigned char)n[s + m]) == (unsigned char)p[m])
                m++;
            if (m != l)
                break;
            words++;
            p += l + (p[l] == ' ');
        }
        if (words > best_words) {
            best_words = words;
            best = n;
        }
    }
    return best;
}

/* The key text (pct_amend__name_key) of the document before its signature
 * page: names are looked up in it word for word. */
static int body_keys(pct_findings *f, const pct_family_doc *d, const char **out)
{
    const pct_node *n = d->node;
    size_t a = n->span.start, b = n->span.end;
    for (const pct_node *c = n->first; c; c = c->next)
        if (c->type == PCT_NODE_SIGNATURES) {
            b = c->span.start;
            break;
        }
    if (b - a > BODY_KEYS_MAX)
        b = a + BODY_KEYS_MAX;
    pct_ftext ft;
    pct_arena *scratch = pct_arena__new(f->ctx); /* the fold is dropped once keyed */
    if (!scratch)
        return PCT_ENOMEM;
    int err = pct_amend__fold(&ft, scratch, d->doc, a, b);
    if (!err && !(*out = pct_amend__name_key(f->arena, ft.s, ft.n)))
        err = PCT_ENOMEM;
    pct_arena__free(scratch);
    return err;
}

static int check_signatures(pct_findings *f, const pct_family *fam, size_t di)
{
    const pct_family_doc *d = &fam->docs[di];
    const pct_fdoc_ext *x = &fam->ext[di];
    pct_arena *a = f->arena;
    const char *body = NULL;
    int err;
    for (size_t i = 0; i < x->nsigs; i++) {
        const pct_signature *g = x->sigs[i];
        pct_span sp[2] = {g->entity_span, g->by_span};
        if (!g->signed_) {
            const char *who = entity_of(a, g) ? entity_of(a, g) : "a signatory";
            if ((err = add(f, PCT_SEV_ERROR, "sig.blank", d->id, sp, 2,
                           pct_arena__printf(a, "The signature block of %s is blank: %s is not "
                                                "fully executed.", who, doc_label(a, d)))) < 0)
                return err;
        }
        const char *ent = entity_of(a, g);
        if (ent && !organisation(a, ent) && all_capitals(ent)) {
            /* "PEREGRINE/BRIDGE TRANSFER" for "Peregrine/Bridge Transfer Corporation" */
            char *k = pct_amend__name_key(a, ent, strlen(ent));
            for (size_t p = 0; k && strchr(k, ' ') && p < d->nparties; p++) {
                const char *pn = d->parties[p].name.text;
                char *pk = pct_amend__name_key(a, pn, strlen(pn));
                if (!pk || (strcmp(d->parties[p].source, "preamble") && !d->parties[p].alias) ||
                    !word_prefix(pk, k) || !strcmp(pk, k))
                    continue;
                if ((err = add(f, PCT_SEV_WARNING, "sig.unknown_entity", d->id, sp, 1,
                               pct_arena__printf(a,
                                                 "The signature block \"%s\" does not name the "
                                                 "entity in full (the body: %s).",
                                                 ent, pn))) < 0)
                    return err;
                break;
            }
            continue; /* a person, or a label ("Signature", "MEMBER"): nothing more to compare */
        }
        if (!ent || !organisation(a, ent))
            continue; /* a person, or a label ("Signature", "MEMBER"): nothing to compare */
        char *key = pct_amend__name_key(a, ent, strlen(ent));
        if (!key)
            return PCT_ENOMEM;
        int known = 0;
        for (size_t k = 0; k < x->nbody_names && !known; k++)
            known =
                !strcmp(x->body_names[k], key) || pct_amend__name_variant(x->body_names[k], key);
        /* a block printed with a defined name ("LICENSOR") is known too */
        for (size_t k = 0; k < d->nparties && !known; k++)
            if (d->parties[k].alias) {
                char *ak = pct_amend__name_key(a, d->parties[k].alias, strlen(d->parties[k].alias));
                known = ak && !strcmp(ak, key);
            }
        if (!known && !body && (err = body_keys(f, d, &body)) < 0)
            return err;
        known = known || in_body(body, key);
        if (known || x->nbody_names == 0)
            continue;
        const char *near = closest(d, key);
        if ((err = add(f, PCT_SEV_WARNING, "sig.unknown_entity", d->id, sp, 1,
                       near ? pct_arena__printf(a, "The signature block \"%s\" names an entity the "
                                                   "body of %s never names (closest: %s).",
                                                ent, d->id, near)
                            : pct_arena__printf(a, "The signature block \"%s\" names an entity the "
                                                   "body of %s never names.", ent, d->id))) < 0)
            return err;
    }
    return 0;
}

/* Parties the document makes (preamble, or added by its operations) without a block. */
static int check_unsigned_parties(pct_findings *f, const pct_family *fam, size_t di)
{
    const pct_family_doc *d = &fam->docs[di];
    const pct_fdoc_ext *x = &fam->ext[di];
    pct_arena *a = f->arena;
    int err;
    if (x->nsigs == 0)
        return 0;
    for (size_t k = 0; k < x->nsigs; k++)
        if (!x->sigs[k]->entity)
            return 0; /* a block without an entity could be anyone's: nothing to conclude */
    for (size_t i = 0; i < d->nparties; i++) {
        const pct_amend_party *p = &d->parties[i];
        if (strcmp(p->source, "preamble"))
            continue;
        char *key = pct_amend__name_key(a, p->name.text, strlen(p->name.text));
        char *akey = p->alias ? pct_amend__name_key(a, p->alias, strlen(p->alias)) : NULL;
        int found = 0;
        for (size_t k = 0; key && k < x->nsigs && !found; k++)
            found = sig_matches(a, x->sigs[k], key) || (akey && sig_matches(a, x->sigs[k], akey));
        for (size_t v = 0; !found && v < p->nvariants; v++) {
            char *vk = pct_amend__name_key(a, p->variants[v].text, strlen(p->variants[v].text));
            for (size_t k = 0; vk && k < x->nsigs && !found; k++)
                found = sig_matches(a, x->sigs[k], vk);
        }
        if (!found && (err = add(f, PCT_SEV_WARNING, "party.no_signature", d->id, &p->name.span, 1,
                                 pct_arena__printf(a, "%s is a party to %s but has no signature "
                                                      "block.", p->name.text, d->id))) < 0)
            return err;
    }
    for (size_t o = 0; o < d->nops; o++) {
        const pct_amend_op *op = &d->ops[o];
        if (op->kind != PCT_OP_ADD_TO_DEFINITION && op->kind != PCT_OP_ADD_PARTY)
            continue;
        for (size_t m = 0; m < op->nmembers; m++) {
            char *key = pct_amend__name_key(a, op->members[m].text, strlen(op->members[m].text));
            int found = 0;
            for (size_t k = 0; key && k < x->nsigs && !found; k++)
                found = sig_matches(a, x->sigs[k], key);
            if (!found &&
                (err = add(f, PCT_SEV_WARNING, "party.no_signature", d->id, &op->members[m].span, 1,
                           pct_arena__printf(a, "%s becomes a party by %s provision %s but has no "
                                                "signature block.", op->members[m].text, d->id,
                                             op->provision ? op->provision : "(unnumbered)"))) < 0)
                return err;
        }
    }
    return 0;
}

static int check_variants(pct_findings *f, const pct_family_doc *d)
{
    pct_arena *a = f->arena;
    int err;
    for (size_t i = 0; i < d->nparties; i++) {
        const pct_amend_party *p = &d->parties[i];
        char *key = pct_amend__name_key(a, p->name.text, strlen(p->name.text));
        for (size_t v = 0; key && v < p->nvariants; v++) {
            char *vk = pct_amend__name_key(a, p->variants[v].text, strlen(p->variants[v].text));
            if (!vk || !strcmp(vk, key))
                continue;
            /* report each distinct spelling once */
            int seen = 0;
            for (size_t w = 0; w < v && !seen; w++) {
                char *wk = pct_amend__name_key(a, p->variants[w].text, strlen(p->variants[w].text));
                seen = wk && !strcmp(wk, vk);
            }
            if (seen)
                continue;
            pct_span sp[2] = {p->variants[v].span, p->name.span};
            if ((err = add(f, PCT_SEV_WARNING, "party.name_variant", d->id, sp, 2,
                           pct_arena__printf(a, "The party %s is also spelled \"%s\" in %s.",
                                             p->name.text, p->variants[v].text, d->id))) < 0)
                return err;
        }
    }
    return 0;
}

/* -------------------------------------------------------------- dates */

static const char *min_sig_date(const pct_fdoc_ext *x)
{
    const char *m = NULL;
    for (size_t i = 0; i < x->nsigs; i++)
        if (x->sig_dates && x->sig_dates[i] && (!m || strcmp(x->sig_dates[i], m) < 0))
            m = x->sig_dates[i];
    return m;
}

static int check_dates(pct_findings *f, const pct_family *fam, size_t di)
{
    const pct_family_doc *d = &fam->docs[di];
    pct_arena *a = f->arena;
    int err;
    if (!d->on_file)
        return 0;
    pct_span title = fam->ext[di].title_span;
    if (!d->effective_date && !d->agreement_date) {
        const char *msg = d->execution_date
                              ? pct_arena__printf(a,
                                                  "%s states no date of its own; it is taken to "
                                                  "take effect on execution (%s, its latest "
                                                  "signature date).",
                                                  doc_label(a, d), d->execution_date)
                              : pct_arena__printf(a,
                                                  "%s states no date and its signatures are "
                                                  "undated: when it took effect is unknown.",
                                                  doc_label(a, d));
        if ((err = add(f, PCT_SEV_INFO, "date.none", d->id, &title, 1, msg)) < 0)
            return err;
    }
    if (d->amends >= 0 && d->order_date) {
        const pct_family_doc *b = &fam->docs[d->amends];
        if (b->order_date && strcmp(d->order_date, b->order_date) < 0 &&
            (err = add(f, PCT_SEV_ERROR, "date.before_base", d->id, &title, 1,
                       pct_arena__printf(a, "%s takes effect on %s, before the agreement it amends "
                                            "(%s, %s).", doc_label(a, d), d->order_date, b->id,
                                         b->order_date))) < 0)
            return err;
    }
    const char *first_sig = min_sig_date(&fam->ext[di]);
    const char *eff = d->effective_date ? d->effective_date : d->agreement_date;
    if (strcmp(d->kind, "agreement") && eff && first_sig && strcmp(eff, first_sig) < 0 &&
        (err = add(f, PCT_SEV_WARNING, "date.effective_before_signed", d->id, &title, 1,
                   pct_arena__printf(a, "%s is effective %s, before its first signature (%s).",
                                     doc_label(a, d), eff, first_sig))) < 0)
        return err;
    /* signed blocks that carry no date */
    const pct_fdoc_ext *x = &fam->ext[di];
    size_t signed_n = 0, dated = 0;
    for (size_t i = 0; i < x->nsigs; i++) {
        signed_n += x->sigs[i]->signed_ != 0;
        dated += x->sigs[i]->signed_ && x->sig_dates && x->sig_dates[i];
    }
    if (signed_n && !dated &&
        (err = add(f, PCT_SEV_INFO, "sig.undated", d->id, &title, 1,
                   pct_arena__printf(a,
                                     "No signature block of %s is dated: when it was executed is "
                                     "unknown.",
                                     doc_label(a, d)))) < 0)
        return err;
    return 0;
}

/* A document cited with a date other than its own (checked against documents
 * on file, and between citations of one placeholder). */
static int check_cited_dates(pct_findings *f, const pct_family *fam, size_t di)
{
    const pct_family_doc *d = &fam->docs[di];
    pct_arena *a = f->arena;
    for (size_t r = 0; r < d->nrefs; r++) {
        const pct_amend_ref *ref = &d->refs[r];
        const char *rd = ref->date ? ref->date : ref->effective_date;
        const pct_family_doc *t = NULL;
        if (!rd)
            continue;
        if ((!strcmp(ref->relation, "amends") || !strcmp(ref->relation, "joins")) && d->amends >= 0)
            t = &fam->docs[d->amends];
        else if (!strcmp(ref->relation, "earlier_amendment"))
            for (size_t k = 0; k < fam->n; k++)
                if (fam->docs[k].group == d->group && fam->docs[k].ordinal == ref->ordinal &&
                    !strcmp(fam->docs[k].kind, "amendment") && k != di)
                    t = &fam->docs[k];
        if (!t || (!t->agreement_date && !t->effective_date) ||
            !pct_amend__datecmp(rd, t->agreement_date) ||
            !pct_amend__datecmp(rd, t->effective_date))
            continue;
        const char *td = t->effective_date ? t->effective_date : t->agreement_date;
        int err = add(f, PCT_SEV_WARNING, "ref.date_mismatch", d->id, &ref->span, 1,
                      pct_arena__printf(a, "%s cites %s as of %s, but %s %s %s.", d->id,
                                        ref->title ? ref->title : "a document", rd, t->id,
                                        t->on_file ? "is dated" : "is cited elsewhere as of", td));
        if (err)
            return err;
    }
    return 0;
}

/* Amendments of one family numbered in one order but dated in another. */
static int check_order(pct_findings *f, const pct_family *fam)
{
    pct_arena *a = f->arena;
    int err;
    for (size_t i = 0; i + 1 < fam->n; i++) {
        const pct_family_doc *p = &fam->docs[i];
        if (!p->ordinal || strcmp(p->kind, "amendment"))
            continue;
        for (size_t j = i + 1; j < fam->n && fam->docs[j].group == p->group; j++) {
            const pct_family_doc *q = &fam->docs[j];
            if (!q->ordinal || strcmp(q->kind, "amendment"))
                continue;
            /* the next numbered amendment only: bounded to neighbours */
            const char *dp = p->execution_date ? p->execution_date : p->order_date;
            const char *dq = q->execution_date ? q->execution_date : q->order_date;
            if ((q->ordinal < p->ordinal && dp && dq && strcmp(dq, dp) > 0) ||
                (q->ordinal > p->ordinal && dp && dq && strcmp(dq, dp) < 0)) {
                const char *msg = pct_arena__printf(a, "Amendment %d (%s, %s) and amendment %d "
                                                       "(%s, %s) are dated out of their numbered "
                                                       "order.", p->ordinal, p->id, dp, q->ordinal,
                                                    q->id, dq);
                if ((err = add(f, PCT_SEV_WARNING, "date.out_of_order", q->id, NULL, 0, msg)) < 0)
                    return err;
            }
            break;
        }
    }
    return 0;
}

/* ---------------------------------------------------- references, ops */

static int check_refs(pct_findings *f, const pct_family *fam, size_t di)
{
    const pct_family_doc *d = &fam->docs[di];
    pct_arena *a = f->arena;
    if (d->on_file)
        return 0;
    /* the citation span, in the citing document */
    pct_span sp = {0, 0};
    for (size_t i = 0; i < fam->n; i++) {
        const pct_family_doc *c = &fam->docs[i];
        if (!d->mentioned_by || strcmp(c->id, d->mentioned_by))
            continue;
        for (size_t r = 0; r < c->nrefs; r++)
            if (c->refs[r].title == d->title || (d->ordinal && c->refs[r].ordinal == d->ordinal))
                sp = c->refs[r].span;
    }
    const char *date = d->effective_date ? d->effective_date : d->agreement_date;
    const char *msg = pct_arena__printf(
        a, "%s%s%s%s%s%s, cited by %s, is not on file.", d->title ? d->title : "A document",
        d->identifier ? " " : "", d->identifier ? d->identifier : "",
        date ? (d->effective_date ? " (effective " : " (dated ") : "", date ? date : "",
        date ? ")" : "", d->mentioned_by ? d->mentioned_by : "another document");
    return add(f, strcmp(d->kind, "related") ? PCT_SEV_WARNING : PCT_SEV_INFO, "ref.not_on_file",
               d->mentioned_by ? d->mentioned_by : d->id, &sp, 1, msg);
}

static int base_has_section(const pct_family_doc *b, const char *num)
{
    pct_iter *it = NULL;
    size_t n = strlen(num);
    while (n > 0 && num[n - 1] == '.')
        n--;
    /* "14.2(b)": the part before the parenthesis is enough */
    size_t stem = strcspn(num, "(");
    if (stem && stem < n)
        n = stem;
    int found = 0;
    /* allocation failure here only makes the check silent */
    if (pct_iter_new(&it, b->doc->ctx, b->node) < 0)
        return 1;
    pct_event ev;
    while (!found && (ev = pct_iter_next(it)) != PCT_EVENT_DONE) {
        const pct_node *nd = pct_iter_node(it);
        if (ev == PCT_EVENT_ENTER && nd->type == PCT_NODE_SECTION && nd->number &&
            strlen(nd->number) == n && !strncmp(nd->number, num, n))
            found = 1;
    }
    pct_iter_free(it);
    return found;
}

static long days_of(const char *iso)
{
    pct_date d;
    return pct_amend__iso_read(iso, &d) ? pct_date__days(&d) : 0;
}

/* An extension made after the term it extends had ended, or at the last minute. */
static int check_extension(pct_findings *f, const pct_family_doc *d, const pct_amend_op *op)
{
    pct_arena *a = f->arena;
    long gap = days_of(op->before) - days_of(d->order_date);
    const char *prov = op->provision ? op->provision : "(unnumbered)";
    if (gap < 0)
        return add(f, PCT_SEV_ERROR, "term.extended_after_expiry", d->id, &op->span, 1,
                   pct_arena__printf(a, "Provision %s of %s extends a term that had already ended "
                                        "(%s) when the amendment took effect (%s).", prov, d->id,
                                     op->before, d->order_date));
    if (gap <= LAST_MINUTE_DAYS)
        return add(f, PCT_SEV_INFO, "term.extended_last_minute", d->id, &op->span, 1,
                   pct_arena__printf(a, "Provision %s of %s extends the term %ld day(s) before it "
                                        "would have ended (%s); if any signature came later, the "
                                        "agreement may have lapsed first.", prov, d->id, gap,
                                     op->before));
    return 0;
}

static int check_ops(pct_findings *f, const pct_family *fam, size_t di)
{
    const pct_family_doc *d = &fam->docs[di];
    pct_arena *a = f->arena;
    int err;
    const pct_family_doc *b = d->amends >= 0 ? &fam->docs[d->amends] : NULL;
    const char *btext = NULL; /* b's text as read, when an operation names a term */
    for (size_t o = 0; o < d->nops; o++) {
        const pct_amend_op *op = &d->ops[o];
        const char *prov = op->provision ? op->provision : "(unnumbered)";
        if (op->kind == PCT_OP_OTHER) {
            if ((err = add(f, PCT_SEV_INFO, "op.uninterpreted", d->id, &op->span, 1,
                           pct_arena__printf(a,
                                             "Provision %s of %s changes the agreement in a way "
                                             "pactum does not interpret; read it.",
                                             prov, d->id))) < 0)
                return err;
            continue;
        }
        if (op->kind == PCT_OP_EXTEND_TERM && op->before && d->order_date &&
            (err = check_extension(f, d, op)) < 0)
            return err;
        if (!b || !b->on_file || !op->target)
            continue;
        int missing = 0;
        if (op->target_kind == PCT_TARGET_SECTION && op->kind != PCT_OP_INSERT_SECTION)
            missing = !base_has_section(b, op->target);
        else if (op->target_kind == PCT_TARGET_DEFINED_TERM) {
            /* the agreement's text as read (HTML entities decoded, tags and
             * page artefacts gone, white space folded), not its file bytes:
             * read once for all of this document's operations */
            if (!btext && !(btext = pct_doc_text(b->doc, pct_node_span(b->node))))
                return pct__err(f->ctx, PCT_ENOMEM, "out of memory");
            missing = pct__find_ci(btext, strlen(btext), op->target) < 0;
        }
        if (missing &&
            (err = add(
                 f, PCT_SEV_WARNING, "op.target_not_found", d->id, &op->span, 1,
                 pct_arena__printf(a,
                                   "Provision %s of %s changes %s %s, which the agreement "
                                   "it amends (%s) does not contain.",
                                   prov, d->id,
                                   op->target_kind == PCT_TARGET_SECTION ? "section" : "the term",
                                   op->target, b->id))) < 0)
            return err;
    }
    return 0;
}

/* ------------------------------------------------------------- entry */

int pct_finding_check(pct_findings **out, const pct_family *fam)
{
    *out = NULL;
    if (!fam)
        return PCT_EINVALID;
    pct_findings *f = pct__calloc(fam->ctx, 1, sizeof *f);
    int err = 0;
    if (!f)
        return pct__err(fam->ctx, PCT_ENOMEM, "out of memory");
    f->ctx = fam->ctx;
    pct_vec__init(&f->build, fam->ctx, sizeof(pct_finding));
    if (!(f->arena = pct_arena__new(fam->ctx))) {
        err = PCT_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < fam->n; i++) {
        const pct_family_doc *d = &fam->docs[i];
        if (d->on_file) {
            if ((err = check_signatures(f, fam, i)) < 0 ||
                (err = check_unsigned_parties(f, fam, i)) < 0 || (err = check_variants(f, d)) < 0 ||
                (err = check_dates(f, fam, i)) < 0 || (err = check_ops(f, fam, i)) < 0 ||
                (err = check_cited_dates(f, fam, i)) < 0)
                goto done;
        } else if ((err = check_refs(f, fam, i)) < 0) {
            goto done;
        }
    }
    if ((err = check_order(f, fam)) < 0)
        goto done;
    if (f->build.len) {
        if (!(f->v = pct_arena__alloc(f->arena, f->build.len * sizeof *f->v))) {
            err = PCT_ENOMEM;
            goto done;
        }
        memcpy(f->v, f->build.data, f->build.len * sizeof *f->v);
    }
    f->n = f->build.len;
done:
    pct_vec__free(&f->build);
    if (err) {
        pct__err(fam->ctx, err, "out of memory while auditing");
        pct_finding_free(f);
        return err;
    }
    *out = f;
    return 0;
}

size_t pct_finding_count(const pct_findings *f) { return f ? f->n : 0; }

const pct_finding *pct_finding_at(const pct_findings *f, size_t i)
{
    return f && i < f->n ? &f->v[i] : NULL;
}

pct_severity pct_finding_max(const pct_findings *f)
{
    pct_severity m = PCT_SEV_NONE;
    for (size_t i = 0; f && i < f->n; i++)
        if (f->v[i].severity > m)
            m = f->v[i].severity;
    return m;
}

void pct_finding_free(pct_findings *f)
{
    if (!f)
        return;
    if (f->arena)
        pct_arena__free(f->arena);
    pct__free(f->ctx, f, sizeof *f);
}

const char *pct_finding_severity_name(pct_severity s)
{
    static const char *const names[] = {"none", "info", "warning", "error"};
    return (unsigned)s < sizeof names / sizeof *names ? names[s] : "none";
}
