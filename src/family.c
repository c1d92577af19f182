/*
 * family.c - links documents into families, orders them, and adds
 * placeholders for documents that are cited but not on file.
 *
 * Approach: the facts of each file are extracted once (pct_extract, kept
 * with the family: they give each document's own and signature dates, and
 * the state's fallback expiration); then every DOCUMENT of every file is
 * read by amend.c. Agreements are
 * indexed by normalised title and by identifier in a hash table; each
 * amendment (or joinder) looks up the agreement it cites there and scores
 * the candidates (identifier 4, title 2, date 2, a shared party 1; a link
 * needs 3). Without a match, the cited agreement becomes a placeholder,
 * itself indexed so that other amendments citing it share it. Links are
 * merged with union-find into families. Earlier amendments an amendment
 * cites are looked up by (family, ordinal) and become placeholders when
 * absent. Work is linear in the number of documents and citations: no
 * document is compared with every other.
 *
 * Order within a family: the base agreement first, then by the date each
 * document took effect: its stated effective date, else the date it is
 * dated (as of), else its execution date (the latest signature date); a
 * placeholder by the date its citer gives it. `order_basis` says which.
 * Undated documents fall back to their ordinal.
 */
#include "amend.h"

#include <stdlib.h>
#include <string.h>

#define PLACEHOLDERS_MAX 4096 /* cited-but-absent documents kept per family set */
#define LINK_THRESHOLD 3      /* evidence score needed to link an amendment to an agreement */
#define TITLE_STEM 6          /* letters of each title word compared ("distri-bution/-butor") */
#define PARTY_KEYS_MAX 4      /* parties of a document indexed for linking */
#define IMPLIED_MAX 12        /* earlier amendments implied by an ordinal (beyond: a misread number) */

/* ------------------------------------------------------------- index */

typedef struct slot {
    const char *key; /* NULL when empty */
    size_t doc;
} slot;

typedef struct index {
    pct_ctx *ctx;
    slot *v;
    size_t cap, len;
} index_t;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static int index_put(index_t *ix, const char *key, size_t doc)
{
    if ((ix->len + 1) * 2 > ix->cap) {
        size_t cap = ix->cap ? ix->cap * 2 : 64;
        slot *v = pct__calloc(ix->ctx, cap, sizeof *v);
        if (!v)
            return PCT_ENOMEM;
        for (size_t i = 0; i < ix->cap; i++) {
            if (!ix->v[i].key)
                continue;
            size_t h = hash_str(ix->v[i].key) & (cap - 1);
            while (v[h].key)
                h = (h + 1) & (cap - 1);
            v[h] = ix->v[i];
        }
        pct__free(ix->ctx, ix->v, ix->cap * sizeof *ix->v);
        ix->v = v;
        ix->cap = cap;
    }
    size_t h = hash_str(key) & (ix->cap - 1);
    while (ix->v[h].key)
        h = (h + 1) & (ix->cap - 1);
    ix->v[h].key = key;
    ix->v[h].doc = doc;
    ix->len++;
    return 0;
}

/* Calls back for every document stored under `key`; stops when cb returns non-zero. */
typedef int (*index_cb)(size_t doc, void *ud);
static int index_each(const index_t *ix, const char *key, index_cb cb, void *ud)
{
    if (!ix->cap || !key)
        return 0;
    size_t h = hash_str(key) & (ix->cap - 1);
    while (ix->v[h].key) {
        if (!strcmp(ix->v[h].key, key)) {
            int rc = cb(ix->v[h].doc, ud);
            if (rc)
                return rc;
        }
        h = (h + 1) & (ix->cap - 1);
    }
    return 0;
}

static void index_free(index_t *ix) { pct__free(ix->ctx, ix->v, ix->cap * sizeof *ix->v); }

/* ------------------------------------------------------------ linking */

typedef struct builder {
    pct_family *fam;
    pct_vec docs; /* pct_family_doc */
    pct_vec ext;  /* pct_fdoc_ext */
    size_t *uf;   /* union-find parents */
    size_t ufcap;
    index_t ix;
    size_t nplace;
} builder;

/* "The Professional Services Agreement" -> "t:professional services agreement" */
static char *title_key(pct_arena *a, const char *prefix, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *out = pct_arena__alloc(a, n + strlen(prefix) + 2);
    if (!out)
        return NULL;
    size_t o = strlen(prefix);
    memcpy(out, prefix, o);
    size_t base = o, i = 0;
    /* words, each cut to its stem ("distributor" and "distribution" agree),
     * up to "between", "by", "among", "dated" (the parties, the date) */
    while (i < n) {
        while (i < n && !(pct__is_alpha((unsigned char)s[i]) || pct__is_digit((unsigned char)s[i])))
            i++;
        size_t ws = i;
        while (i < n && (pct__is_alpha((unsigned char)s[i]) || pct__is_digit((unsigned char)s[i])))
            i++;
        size_t wl = i - ws;
        if (!wl)
            break;
        if ((wl == 7 && pct__prefix_ci(s + ws, 7, "between")) || (wl == 2 && pct__prefix_ci(s + ws, 2, "by")) ||
            (wl == 5 && pct__prefix_ci(s + ws, 5, "among")) || (wl == 5 && pct__prefix_ci(s + ws, 5, "dated")))
            break;
        if (o == base && wl == 3 && pct__prefix_ci(s + ws, 3, "the"))
            continue;
        if (o > base)
            out[o++] = ' ';
        for (size_t k = 0; k < wl && k < TITLE_STEM; k++)
            out[o++] = (char)pct__lower((unsigned char)s[ws + k]);
    }
    out[o] = 0;
    return out;
}

static size_t uf_find(size_t *uf, size_t x)
{
    while (uf[x] != x) {
        uf[x] = uf[uf[x]];
        x = uf[x];
    }
    return x;
}

static void uf_union(size_t *uf, size_t a, size_t b)
{
    a = uf_find(uf, a), b = uf_find(uf, b);
    if (a == b)
        return;
    if (a < b)
        uf[b] = a;
    else
        uf[a] = b;
}

static pct_family_doc *doc_at(builder *b, size_t i) { return &PCT_VEC_AT(&b->docs, pct_family_doc, i); }

static int add_doc(builder *b, size_t *index_out)
{
    if (b->docs.len + 1 > b->ufcap) {
        size_t cap = b->ufcap ? b->ufcap * 2 : 16;
        size_t *uf = pct__realloc(b->fam->ctx, b->uf, b->ufcap * sizeof *uf, cap * sizeof *uf);
        if (!uf)
            return PCT_ENOMEM;
        b->uf = uf;
        b->ufcap = cap;
    }
    if (!pct_vec__push(&b->docs) || !pct_vec__push(&b->ext))
        return PCT_ENOMEM;
    size_t i = b->docs.len - 1;
    b->uf[i] = i;
    doc_at(b, i)->amends = -1;
    *index_out = i;
    return 0;
}

typedef struct match {
    builder *b;
    size_t self;
    const pct_amend_ref *ref;
    long best;
    int best_score;
} match;

static int shares_party(const pct_family_doc *x, const pct_family_doc *y, pct_arena *a)
{
    for (size_t i = 0; i < x->nparties && i < 8; i++) {
        const char *kx = pct_amend__name_key(a, x->parties[i].name.text, strlen(x->parties[i].name.text));
        for (size_t j = 0; kx && j < y->nparties && j < 8; j++) {
            const char *ky = pct_amend__name_key(a, y->parties[j].name.text, strlen(y->parties[j].name.text));
            if (ky && (!strcmp(kx, ky) || pct_amend__name_variant(kx, ky)))
                return 1;
        }
    }
    return 0;
}

/* Does `s` end with the words of `tail` (at a word boundary, two words at least)? */
static int ends_with_words(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    if (t == 0 || t >= n || !strchr(tail, ' '))
        return 0;
    return !strcmp(s + n - t, tail) && s[n - t - 1] == ' ';
}

static int score_candidate(size_t doc, void *ud)
{
    match *m = ud;
    if (doc == m->self)
        return 0;
    const pct_family_doc *c = doc_at(m->b, doc), *self = doc_at(m->b, m->self);
    int score = 0;
    if (m->ref->identifier && c->identifier && !strcmp(m->ref->identifier, c->identifier))
        score += 4;
    char *k1 = title_key(m->b->fam->arena, "", m->ref->title), *k2 = title_key(m->b->fam->arena, "", c->title);
    if (k1 && k2 && (!strcmp(k1, k2) || ends_with_words(k2, k1) || ends_with_words(k1, k2)))
        score += 2; /* the same title, or one behind a legend ("Confidential ... Co-Branding Agreement") */
    const char *rd = m->ref->date ? m->ref->date : m->ref->effective_date;
    if (rd && (!pct_amend__datecmp(rd, c->agreement_date) || !pct_amend__datecmp(rd, c->effective_date)))
        score += 2;
    if (c->on_file && shares_party(self, c, m->b->fam->arena))
        score += 1;
    if (c->on_file && c->doc == self->doc && c->node && self->node &&
        pct_node_span(c->node).start < pct_node_span(self->node).start)
        score += 1; /* an agreement followed by its amendments in one file */
    if (score > m->best_score) {
        m->best_score = score;
        m->best = (long)doc;
    }
    return 0;
}

static const pct_amend_ref *amends_ref(const pct_family_doc *d)
{
    for (size_t i = 0; i < d->nrefs; i++)
        if (!strcmp(d->refs[i].relation, "amends") || !strcmp(d->refs[i].relation, "joins"))
            return &d->refs[i];
    return NULL;
}

/* A placeholder for a cited document; returns its index. */
static int placeholder(builder *b, const pct_amend_ref *ref, size_t citer, const char *kind,
                       size_t *out)
{
    pct_arena *a = b->fam->arena;
    int err;
    size_t i;
    if (b->nplace >= PLACEHOLDERS_MAX)
        return PCT_ERROR;
    if ((err = add_doc(b, &i)) < 0)
        return err;
    pct_family_doc *d = doc_at(b, i);
    d->id = pct_arena__printf(a, "ref%zu", ++b->nplace);
    d->kind = kind;
    d->title = ref ? ref->title : "the agreement amended (not identified)";
    d->ordinal = ref ? ref->ordinal : 0;
    d->identifier = ref ? ref->identifier : NULL;
    d->agreement_date = ref ? ref->date : NULL;
    d->effective_date = ref ? ref->effective_date : NULL;
    d->mentioned_by = doc_at(b, citer)->id;
    if (!d->id)
        return PCT_ENOMEM;
    *out = i;
    return 0;
}

static int index_agreement(builder *b, size_t i)
{
    pct_family_doc *d = doc_at(b, i);
    pct_arena *a = b->fam->arena;
    char *k;
    if (d->title && (k = title_key(a, "t:", d->title)) && index_put(&b->ix, k, i) < 0)
        return PCT_ENOMEM;
    if (d->identifier && (k = pct_arena__printf(a, "i:%s", d->identifier)) && index_put(&b->ix, k, i) < 0)
        return PCT_ENOMEM;
    for (size_t p = 0, np = 0; p < d->nparties && np < PARTY_KEYS_MAX; p++) {
        if (!d->parties[p].alias && strcmp(d->parties[p].source, "preamble"))
            continue;
        const char *nm = d->parties[p].name.text;
        char *pk = pct_amend__name_key(a, nm, strlen(nm));
        if (!pk || !(k = pct_arena__printf(a, "p:%s", pk)) || index_put(&b->ix, k, i) < 0)
            return PCT_ENOMEM;
        np++;
    }
    return 0;
}

static int link_base(builder *b, size_t i)
{
    pct_family_doc *d = doc_at(b, i);
    const pct_amend_ref *ref = amends_ref(d);
    pct_arena *a = b->fam->arena;
    match m = {b, i, ref, -1, 0};
    int err;
    if (ref) {
        char *ki = ref->identifier ? pct_arena__printf(a, "i:%s", ref->identifier) : NULL;
        char *kt = title_key(a, "t:", ref->title);
        index_each(&b->ix, ki, score_candidate, &m);
        index_each(&b->ix, kt, score_candidate, &m);
        for (size_t p = 0, np = 0; p < d->nparties && np < PARTY_KEYS_MAX; p++) {
            if (!d->parties[p].alias && strcmp(d->parties[p].source, "preamble"))
                continue;
            const char *nm = d->parties[p].name.text;
            char *pk = pct_amend__name_key(a, nm, strlen(nm));
            char *kp = pk ? pct_arena__printf(a, "p:%s", pk) : NULL;
            if (!kp)
                return PCT_ENOMEM;
            index_each(&b->ix, kp, score_candidate, &m);
            np++;
        }
        /* a placeholder matches on title (or identifier) alone */
        if (m.best >= 0 && !doc_at(b, (size_t)m.best)->on_file && m.best_score >= 2)
            m.best_score = LINK_THRESHOLD;
    }
    size_t base;
    if (m.best >= 0 && m.best_score >= LINK_THRESHOLD) {
        base = (size_t)m.best;
    } else {
        if ((err = placeholder(b, ref, i, "agreement", &base)) < 0)
            return err;
        if ((err = index_agreement(b, base)) < 0)
            return err;
    }
    doc_at(b, i)->amends = (long)base;
    uf_union(b->uf, i, base);
    /* an agreement on file that states no date of its own takes the one its amendment recites */
    pct_family_doc *bd = doc_at(b, base);
    if (ref && bd->on_file && !bd->effective_date && !bd->agreement_date &&
        (ref->effective_date || ref->date)) {
        bd->effective_date = ref->effective_date;
        bd->agreement_date = ref->date;
        PCT_VEC_AT(&b->ext, pct_fdoc_ext, base).recited = 1;
    }
    return 0;
}

typedef struct ord_match {
    builder *b;
    size_t root;
    int ordinal;
    long found;
} ord_match;

static int earlier_amendments(builder *b, size_t i, index_t *ox)
{
    /* placeholder() may move the documents: re-read doc i on every turn */
    for (size_t r = 0; r < doc_at(b, i)->nrefs; r++) {
        const pct_amend_ref *ref = &doc_at(b, i)->refs[r];
        if (strcmp(ref->relation, "earlier_amendment") || ref->ordinal <= 0)
            continue;
        size_t root = uf_find(b->uf, i);
        char *k = pct_arena__printf(b->fam->arena, "o:%zu:%d", root, ref->ordinal);
        if (!k)
            return PCT_ENOMEM;
        long found = -1;
        if (ox->cap) {
            size_t h = hash_str(k) & (ox->cap - 1);
            while (ox->v[h].key) {
                if (!strcmp(ox->v[h].key, k))
                    found = (long)ox->v[h].doc;
                h = (h + 1) & (ox->cap - 1);
            }
        }
        if (found >= 0) {
            /* a placeholder learns dates from later citations */
            pct_family_doc *f = doc_at(b, (size_t)found);
            if (!f->on_file && !f->effective_date)
                f->effective_date = ref->effective_date;
            continue;
        }
        size_t p;
        int err = placeholder(b, ref, i, "amendment", &p);
        if (err)
            return err;
        doc_at(b, p)->amends = doc_at(b, i)->amends;
        uf_union(b->uf, p, i);
        if ((err = index_put(ox, k, p)) < 0)
            return err;
    }
    return 0;
}

/* Other agreements an amendment cites with a date or a number (a quality
 * agreement, a supply agreement it carves out): placeholders of kind
 * "related", outside the chain of amendments, unless on file. */
static int related_documents(builder *b, size_t i)
{
    for (size_t r = 0; r < doc_at(b, i)->nrefs; r++) {
        const pct_amend_ref *ref = &doc_at(b, i)->refs[r];
        if (strcmp(ref->relation, "mentions") || (!ref->date && !ref->effective_date && !ref->identifier))
            continue;
        match m = {b, i, ref, -1, 0};
        pct_arena *a = b->fam->arena;
        char *kt = title_key(a, "t:", ref->title);
        char *ki = ref->identifier ? pct_arena__printf(a, "i:%s", ref->identifier) : NULL;
        index_each(&b->ix, ki, score_candidate, &m);
        index_each(&b->ix, kt, score_candidate, &m);
        if (m.best >= 0 && m.best_score >= LINK_THRESHOLD)
            continue; /* on file, or already a placeholder */
        size_t p;
        int err = placeholder(b, ref, i, "related", &p);
        if (err)
            return err == PCT_ERROR ? 0 : err;
        uf_union(b->uf, p, i);
        if ((err = index_agreement(b, p)) < 0)
            return err;
    }
    return 0;
}

/* Amendment N implies amendments 1 .. N-1: those neither on file nor cited
 * become placeholders too ("implied"). */
static int implied_amendments(builder *b, size_t i, index_t *ox)
{
    int ord = doc_at(b, i)->ordinal;
    if (strcmp(doc_at(b, i)->kind, "amendment") || ord <= 1 || ord > IMPLIED_MAX)
        return 0;
    for (int k = 1; k < ord; k++) {
        size_t root = uf_find(b->uf, i);
        char *key = pct_arena__printf(b->fam->arena, "o:%zu:%d", root, k);
        if (!key)
            return PCT_ENOMEM;
        int found = 0;
        if (ox->cap) {
            size_t h = hash_str(key) & (ox->cap - 1);
            for (; ox->v[h].key && !found; h = (h + 1) & (ox->cap - 1))
                found = !strcmp(ox->v[h].key, key);
        }
        if (found)
            continue;
        pct_amend_ref ref = {0};
        ref.relation = "earlier_amendment";
        ref.ordinal = k;
        ref.title = pct_arena__printf(b->fam->arena, "Amendment No. %d (implied by %s)", k, doc_at(b, i)->id);
        if (!ref.title)
            return PCT_ENOMEM;
        size_t p;
        int err = placeholder(b, &ref, i, "amendment", &p);
        if (err)
            return err == PCT_ERROR ? 0 : err;
        /* the placeholder copies the title pointer; the ref itself is not kept */
        doc_at(b, p)->amends = doc_at(b, i)->amends;
        uf_union(b->uf, p, i);
        if ((err = index_put(ox, key, p)) < 0)
            return err;
    }
    return 0;
}

static void order_basis(pct_family_doc *d, int recited)
{
    if (d->on_file && !recited) {
        if (d->effective_date)
            d->order_date = d->effective_date, d->order_basis = "effective_date";
        else if (d->agreement_date)
            d->order_date = d->agreement_date, d->order_basis = "agreement_date";
        else if (d->execution_date)
            d->order_date = d->execution_date, d->order_basis = "execution_date";
        else
            d->order_basis = d->ordinal ? "ordinal" : "none";
    } else {
        if (d->effective_date)
            d->order_date = d->effective_date, d->order_basis = "recited_effective_date";
        else if (d->agreement_date)
            d->order_date = d->agreement_date, d->order_basis = "recited_date";
        else
            d->order_basis = d->ordinal ? "ordinal" : "none";
    }
}

typedef struct sort_item {
    size_t idx;   /* index in the builder */
    size_t group;
    int base;     /* 1 for the agreement the others amend */
    const pct_family_doc *d;
} sort_item;

static int cmp_items(const void *pa, const void *pb)
{
    const sort_item *a = pa, *b = pb;
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    if (a->base != b->base)
        return b->base - a->base;
    if (a->d->order_date && b->d->order_date) {
        int c = strcmp(a->d->order_date, b->d->order_date);
        if (c)
            return c;
    }
    if (a->d->ordinal && b->d->ordinal && a->d->ordinal != b->d->ordinal)
        return a->d->ordinal - b->d->ordinal;
    if ((a->d->order_date != NULL) != (b->d->order_date != NULL)) {
        /* an undated amendment with an ordinal sits among the dated by number */
        return a->d->order_date ? -1 : 1;
    }
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Sorts the documents into the family's arena, groups numbered by first appearance. */
static int finish(builder *b)
{
    pct_family *fam = b->fam;
    size_t n = b->docs.len;
    sort_item *items = pct__calloc(fam->ctx, n ? n : 1, sizeof *items);
    size_t *gid = pct__calloc(fam->ctx, n ? n : 1, sizeof *gid);
    size_t *newpos = pct__calloc(fam->ctx, n ? n : 1, sizeof *newpos);
    int err = 0;
    if (!items || !gid || !newpos) {
        err = PCT_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        gid[i] = (size_t)-1;
    size_t ng = 0;
    for (size_t i = 0; i < n; i++) {
        size_t r = uf_find(b->uf, i);
        if (gid[r] == (size_t)-1)
            gid[r] = ng++;
    }
    for (size_t i = 0; i < n; i++) {
        pct_family_doc *d = doc_at(b, i);
        order_basis(d, PCT_VEC_AT(&b->ext, pct_fdoc_ext, i).recited);
        items[i].idx = i;
        items[i].group = gid[uf_find(b->uf, i)];
        items[i].base = d->amends < 0 && !strcmp(d->kind, "agreement");
        items[i].d = d;
    }
    qsort(items, n, sizeof *items, cmp_items);
    fam->docs = pct_arena__alloc(fam->arena, (n ? n : 1) * sizeof *fam->docs);
    fam->ext = pct_arena__alloc(fam->arena, (n ? n : 1) * sizeof *fam->ext);
    if (!fam->docs || !fam->ext) {
        err = PCT_ENOMEM;
        goto done;
    }
    for (size_t k = 0; k < n; k++)
        newpos[items[k].idx] = k;
    for (size_t k = 0; k < n; k++) {
        fam->docs[k] = *doc_at(b, items[k].idx);
        fam->docs[k].group = items[k].group;
        fam->ext[k] = PCT_VEC_AT(&b->ext, pct_fdoc_ext, items[k].idx);
        if (fam->docs[k].amends >= 0)
            fam->docs[k].amends = (long)newpos[fam->docs[k].amends];
    }
    fam->n = n;
    fam->ngroups = ng;
done:
    pct__free(fam->ctx, items, (n ? n : 1) * sizeof *items);
    pct__free(fam->ctx, gid, (n ? n : 1) * sizeof *gid);
    pct__free(fam->ctx, newpos, (n ? n : 1) * sizeof *newpos);
    return err;
}

/* The facts of the DOCUMENT node `d` among those of its file, or NULL. */
static const pct_docfacts *facts_of(const pct_facts *facts, const pct_node *d, size_t *hint)
{
    size_t nf = pct_facts_count(facts);
    for (size_t k = *hint; k < nf; k++) {
        const pct_docfacts *df = pct_facts_doc(facts, k);
        if (df->node == d) {
            *hint = k + 1;
            return df;
        }
    }
    return NULL;
}

static int read_all(builder *b, const pct_doc *const *docs, const pct_facts *const *given,
                    size_t n)
{
    size_t seq = 0;
    int err;
    pct_family *fam = b->fam;
    if (!(fam->facts = pct__calloc(fam->ctx, n, sizeof *fam->facts)))
        return PCT_ENOMEM;
    fam->nfacts = n; /* pct_family_free sizes both arrays by it */
    if (!(fam->owned = pct__calloc(fam->ctx, n, 1)))
        return PCT_ENOMEM;
    for (size_t f = 0; f < n; f++) {
        /* the facts layer reads each file's dates (and more) once: the
         * caller's facts when it has them, else extracted here */
        if (given && given[f]) {
            fam->facts[f] = (pct_facts *)given[f];
        } else {
            err = pct_extract(&fam->facts[f], fam->ctx, docs[f]);
            if (err == PCT_ENOMEM)
                return err;
            fam->owned[f] = 1;
        }
        size_t hint = 0;
        const pct_node *root = pct_doc_root(docs[f]);
        for (const pct_node *d = root ? root->first : NULL; d; d = d->next) {
            if (d->type != PCT_NODE_DOCUMENT)
                continue;
            size_t i;
            if ((err = add_doc(b, &i)) < 0)
                return err;
            pct_family_doc *fd = doc_at(b, i);
            if (!(fd->id = pct_arena__printf(fam->arena, "d%zu", ++seq)))
                return PCT_ENOMEM;
            const pct_docfacts *df = facts_of(fam->facts[f], d, &hint);
            if ((err = pct_amend__read(fam, fd, &PCT_VEC_AT(&b->ext, pct_fdoc_ext, i), docs[f], d,
                                       df)) < 0)
                return err;
        }
    }
    return 0;
}

int pct_family_link(pct_family **out, pct_ctx *ctx, const pct_doc *const *docs, size_t n)
{
    return pct_family_link_facts(out, ctx, docs, NULL, n);
}

int pct_family_link_facts(pct_family **out, pct_ctx *ctx, const pct_doc *const *docs,
                          const pct_facts *const *facts, size_t n)
{
    builder b;
    memset(&b, 0, sizeof b);
    index_t ox = {ctx, NULL, 0, 0};
    pct_family *fam = NULL;
    int err = 0;
    *out = NULL;
    if (n == 0 || !docs) {
        err = pct__err(ctx, PCT_EINVALID, "no documents to link");
        goto done;
    }
    if (!(fam = pct__calloc(ctx, 1, sizeof *fam))) {
        err = PCT_ENOMEM;
        goto done;
    }
    fam->ctx = ctx;
    if (!(fam->arena = pct_arena__new(ctx))) {
        err = PCT_ENOMEM;
        goto done;
    }
    b.fam = fam;
    b.ix.ctx = ctx;
    pct_vec__init(&b.docs, ctx, sizeof(pct_family_doc));
    pct_vec__init(&b.ext, ctx, sizeof(pct_fdoc_ext));
    if ((err = read_all(&b, docs, facts, n)) < 0)
        goto done;
    size_t nread = b.docs.len;
    for (size_t i = 0; i < nread; i++)
        if (!strcmp(doc_at(&b, i)->kind, "agreement") && (err = index_agreement(&b, i)) < 0)
            goto done;
    for (size_t i = 0; i < nread; i++)
        if (strcmp(doc_at(&b, i)->kind, "agreement") && (err = link_base(&b, i)) < 0)
            goto done;
    /* on-file amendments by (family, ordinal), then the earlier ones they cite */
    for (size_t i = 0; i < nread; i++) {
        pct_family_doc *d = doc_at(&b, i);
        if (d->ordinal > 0 && !strcmp(d->kind, "amendment")) {
            char *k = pct_arena__printf(fam->arena, "o:%zu:%d", uf_find(b.uf, i), d->ordinal);
            if (!k || (err = index_put(&ox, k, i)) < 0) {
                err = PCT_ENOMEM;
                goto done;
            }
        }
    }
    for (size_t i = 0; i < nread; i++)
        if (!strcmp(doc_at(&b, i)->kind, "amendment") && (err = earlier_amendments(&b, i, &ox)) < 0)
            goto done;
    for (size_t i = 0; i < nread; i++)
        if ((err = implied_amendments(&b, i, &ox)) < 0)
            goto done;
    for (size_t i = 0; i < nread; i++)
        if (strcmp(doc_at(&b, i)->kind, "agreement") && (err = related_documents(&b, i)) < 0)
            goto done;
    if ((err = finish(&b)) < 0)
        goto done;
    *out = fam;
    fam = NULL;
done:
    if (err == PCT_ENOMEM)
        pct__err(ctx, err, "out of memory while linking documents");
    index_free(&b.ix);
    index_free(&ox);
    pct__free(ctx, b.uf, b.ufcap * sizeof *b.uf);
    pct_vec__free(&b.docs);
    pct_vec__free(&b.ext);
    pct_family_free(fam);
    return err;
}

void pct_family_free(pct_family *fam)
{
    if (!fam)
        return;
    pct_ctx *ctx = fam->ctx;
    for (size_t i = 0; fam->facts && fam->owned && i < fam->nfacts; i++)
        if (fam->owned[i])
            pct_facts_free(fam->facts[i]);
    if (fam->facts)
        pct__free(ctx, fam->facts, fam->nfacts * sizeof *fam->facts);
    if (fam->owned)
        pct__free(ctx, fam->owned, fam->nfacts);
    if (fam->arena)
        pct_arena__free(fam->arena);
    pct__free(ctx, fam, sizeof *fam);
}

size_t pct_family_groups(const pct_family *fam) { return fam ? fam->ngroups : 0; }
size_t pct_family_count(const pct_family *fam) { return fam ? fam->n : 0; }

const pct_family_doc *pct_family_doc_at(const pct_family *fam, size_t i)
{
    return fam && i < fam->n ? &fam->docs[i] : NULL;
}
