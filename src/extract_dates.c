/*
 * extract_dates.c - the document's own dates: agreement_date (when it was
 * made or dated), effective_date (when it takes effect) and the dates of its
 * signature blocks.
 *
 * Approach: every date in the document's head (title and preamble, or the
 * first HEAD_MAX bytes when the parser found no preamble) is a candidate,
 * classified by the words just before it in its sentence ("dated as of",
 * "made and entered into", "effective as of") and just after it ("(the
 * "Effective Date")"). A date that the words before it attach to another
 * document ("to the License Agreement dated ...", "that certain ...") is
 * not this document's. The body may define the effective date elsewhere
 * ("Effective Date" means ..., "This Agreement shall become effective on
 * ..."), possibly by reference to the agreement date ("the date first
 * written above") or to the last signature. Candidates carry a score; the
 * best wins and keeps its rule id.
 *
 * Conventions follow how CUAD's annotators label these fields: a preamble
 * "effective as of X" gives both dates; a defined "Effective Date" equal to
 * the date of the agreement gives both; without any effective language the
 * effective date stays unknown.
 *
 * All matching runs on x->flat (folded white space); every loop is bounded
 * by the region it scans, so the cost is linear in the document.
 */
#include "extract.h"
#include "extract_text.h"
#include "scan.h"

#include <stdint.h>
#include <string.h>

#define HEAD_MAX 4000     /* bytes of flat text read as the head when no preamble was found:
                             the first page of a contract */
#define HEAD_TITLE_MAX 12000 /* the head never extends past this (a long table of contents) */
#define CUE_BACK 160      /* bytes before a date examined for its cue (one clause) */
#define BARE_DATE_MAX 1500 /* a date without a cue counts only this close to the start */
#define WITNESS_MAX 3000  /* bytes of a signature page read after "IN WITNESS WHEREOF" */
#define SUBJECT_BACK 60   /* bytes before "shall be effective" that name its subject */
#define DEF_FWD 400       /* bytes after "Effective Date" means that may hold its date */

typedef struct dcand {
    pct_date d;
    size_t fs, fe;      /* FLAT range of the date */
    int score;
    const char *rule;
} dcand;

typedef struct dstate {
    pct_xdoc *x;
    dcand agree, eff;   /* best candidates so far (score 0 = none) */
    int eff_is_agree;   /* the effective date was defined as the agreement date */
    int eff_is_last_sig;/* ... or as the date of the last signature */
    size_t eff_def_fs, eff_def_fe; /* where that definition is */
    const char *eff_def_rule;
} dstate;

static void offer(dcand *best, const pct_date *d, size_t fs, size_t fe, int score,
                  const char *rule)
{
    if (score <= best->score)
        return;
    best->d = *d;
    best->fs = fs;
    best->fe = fe;
    best->score = score;
    best->rule = rule;
}

static int full_date(const pct_date *d)
{
    return d->d > 0 && d->m > 0 && d->y > 1900 && !(d->flags & PCT_DATE_BLANK);
}

/* Words that attach a date to another document, and words that attach it
 * to this one; whichever comes last before the date decides. */
static const char *const ref_words[] = {"certain", "original", "originally", "existing", "prior",
                                        "previous", "previously", "amends", "amending", "to the",
                                        "under the", "of the", "amended", "the agreement",
                                        "supplements", "restates", "entered into a", "in the"};
static const char *const self_words[] = {"this", "hereby", "herein", "hereof", "the parties",
                                         "these"};

static int is_reference(const pct_xt_index *xi, const char *f, size_t lo, size_t to)
{
    size_t lref = (size_t)-1, lself = (size_t)-1;
    for (size_t k = 0; k < sizeof ref_words / sizeof *ref_words; k++) {
        size_t at = pct_xt__rfind(xi, f, lo, to, ref_words[k]);
        if (at != (size_t)-1 && (lref == (size_t)-1 || at > lref))
            lref = at;
    }
    for (size_t k = 0; k < sizeof self_words / sizeof *self_words; k++) {
        size_t at = pct_xt__rfind(xi, f, lo, to, self_words[k]);
        if (at != (size_t)-1 && (lself == (size_t)-1 || at > lself))
            lself = at;
    }
    if (lref == (size_t)-1)
        return 0;
    return lself == (size_t)-1 || lref > lself;
}

/* 1 when the words after a date label it the effective date. */
static int labelled_effective(const pct_xt_index *xi, const char *f, size_t from, size_t hi)
{
    size_t to = from + 80 < hi ? from + 80 : hi;
    size_t p = from;
    while (p < to && (f[p] == ' ' || f[p] == ','))
        p++;
    if (p >= to || f[p] != '(')
        return 0;
    size_t close = p;
    while (close < to && f[close] != ')')
        close++;
    return pct_xt__has(xi, f, p, close, "effective date") ||
           pct_xt__has(xi, f, p, close, "effective time") ||
           pct_xt__has(xi, f, p, close, "effectivedate");
}

static const struct {
    const char *cue;
    int eff;   /* 1: the cue gives the effective date (and the agreement date) */
    const char *rule;
} head_cues[] = {
    {"effective date", 1, "date.head.effective_date_label"},
    {"effective as of", 1, "date.preamble.effective_as_of"},
    {"effective as from", 1, "date.preamble.effective_as_of"},
    {"effective as at", 1, "date.preamble.effective_as_of"},
    {"effective on", 1, "date.preamble.effective_as_of"},
    {"effective", 1, "date.preamble.effective_as_of"},
    {"with effect from", 1, "date.preamble.effective_as_of"},
    {"dated as of", 0, "date.preamble.dated_as_of"},
    {"dated as at", 0, "date.preamble.dated_as_of"},
    {"dated for reference", 0, "date.preamble.dated"},
    {"dated", 0, "date.preamble.dated"},
    {"entered into as of", 0, "date.preamble.entered_into"},
    {"entered into on", 0, "date.preamble.entered_into"},
    {"entered into", 0, "date.preamble.entered_into"},
    {"made as of", 0, "date.preamble.made_as_of"},
    {"made on", 0, "date.preamble.made_as_of"},
    {"made", 0, "date.preamble.made_as_of"},
    {"executed on", 0, "date.preamble.executed"},
    {"executed as of", 0, "date.preamble.executed"},
    {"executed", 0, "date.preamble.executed"},
    {"signed on", 0, "date.preamble.executed"},
    {"concluded on", 0, "date.preamble.executed"},
    {"agreement date", 0, "date.preamble.dated"},
    {"date", 0, "date.preamble.dated"},
    {"as of", 0, "date.preamble.as_of"},
    {"on", 0, "date.preamble.as_of"},
};

/* The dates of the head. */
static void scan_head(dstate *st, size_t hs, size_t he)
{
    pct_xdoc *x = st->x;
    const char *f = x->flat;
    const pct_xt_index *xi = x->xi;
    size_t prev_end = hs;
    for (size_t p = hs; p < he;) {
        pct_date d;
        size_t len = 0;
        size_t at = pct_scan__next_date(f, he, p, &d, &len);
        if (at >= he || len == 0)
            break;
        p = at + len;
        size_t ds = at, de = at + len;
        /* the ordinal form includes "this"/"the" in its match: cues stand before it */
        size_t ss, se;
        pct_xt__sentence(f, hs, x->flat_len, ds, &ss, &se);
        size_t lo = ds > CUE_BACK ? ds - CUE_BACK : 0;
        if (lo < ss)
            lo = ss;
        if (lo < prev_end)
            lo = prev_end;
        prev_end = de;
        if (!full_date(&d))
            continue;
        int label = labelled_effective(xi, f, de, x->flat_len);
        int ref = is_reference(xi, f, lo, ds);
        if (ref && !label)
            continue;
        int matched = 0;
        /* "entered into this the 24th day of ...", "dated as of the October 30" */
        size_t ce = ds;
        for (int k = 0; k < 2; k++) {
            if (pct_xt__ends_with(f, lo, ce, "the"))
                ce = pct_xt__rfind(xi, f, lo, ce, "the");
            else if (pct_xt__ends_with(f, lo, ce, "this"))
                ce = pct_xt__rfind(xi, f, lo, ce, "this");
        }
        for (size_t k = 0; k < sizeof head_cues / sizeof *head_cues; k++) {
            if (!pct_xt__ends_with(f, lo, ce, head_cues[k].cue))
                continue;
            matched = 1;
            int strong = strlen(head_cues[k].cue) > 5; /* "on", "date", "as of" are weak */
            int sc = strong ? 8 : 5;
            if (!strong && ds - hs >= BARE_DATE_MAX && !label)
                break;
            /* "made and entered into, effective for all purposes as of" */
            int eff_near = pct_xt__has(xi, f, ds > lo + 60 ? ds - 60 : lo, ds, "effective");
            if (head_cues[k].eff || label || eff_near) {
                offer(&st->eff, &d, ds, de, sc + (label ? 2 : 0),
                      label ? "date.preamble.effective_date_defined"
                            : eff_near && !head_cues[k].eff ? "date.preamble.effective_as_of"
                                                            : head_cues[k].rule);
                offer(&st->agree, &d, ds, de, head_cues[k].eff ? sc - 1 : sc, head_cues[k].rule);
            } else {
                offer(&st->agree, &d, ds, de, sc, head_cues[k].rule);
            }
            break;
        }
        if (!matched) {
            if (label)
                offer(&st->eff, &d, ds, de, 9, "date.preamble.effective_date_defined");
            /* a bare date counts on the first page, before the first section */
            int before_body = x->fbody.end == 0 || ds < x->fbody.start;
            if (ds - hs < BARE_DATE_MAX && before_body)
                offer(&st->agree, &d, ds, de, label ? 6 : 3, "date.head.first_date");
        }
    }
}

/* ------------------------------------------------ effective date in the body */

/* Phrases that define the effective date by reference to another date. */
static const char *const as_agreement[] = {
    "date first written above", "date first above written", "date first set forth above",
    "date set forth above", "date first written", "date hereof", "date of this agreement",
    "date first above", "date written above", "date of the agreement", "agreement date",
    "date first mentioned"};
static const char *const as_last_sig[] = {
    "last signature", "last of the signatures", "signed by both", "executed by both",
    "last party to sign", "later of the dates", "last date of signature", "date of signature",
    "date of execution", "execution by both", "fully executed", "last signed", "last executed",
    "signature by both", "execution of this agreement", "signing of this agreement",
    "date on which this agreement is signed", "date of the last"};

/* Reads the definition or statement of the effective date that starts at
 * flat offset `from` (just after the cue) and ends at `se`. */
static void read_eff_def(dstate *st, size_t cue_at, size_t from, size_t se, const char *rule)
{
    pct_xdoc *x = st->x;
    const char *f = x->flat;
    const pct_xt_index *xi = x->xi;
    size_t to = from + DEF_FWD < se ? from + DEF_FWD : se;
    pct_date d;
    size_t len = 0;
    size_t at = pct_scan__next_date(f, to, from, &d, &len);
    size_t first_ref = to;
    for (size_t k = 0; k < sizeof as_agreement / sizeof *as_agreement; k++) {
        size_t a = pct_xt__find(xi, f, from, to, as_agreement[k]);
        if (a < first_ref) {
            first_ref = a;
            if (st->eff.score < 6) {
                st->eff_is_agree = 1;
                st->eff_is_last_sig = 0;
                st->eff_def_fs = cue_at;
                st->eff_def_fe = a + strlen(as_agreement[k]);
                st->eff_def_rule = "date.effective.defined_as_agreement_date";
            }
        }
    }
    for (size_t k = 0; k < sizeof as_last_sig / sizeof *as_last_sig; k++) {
        size_t a = pct_xt__find(xi, f, from, to, as_last_sig[k]);
        if (a < first_ref) {
            first_ref = a;
            if (st->eff.score < 6) {
                st->eff_is_agree = 0;
                st->eff_is_last_sig = 1;
                st->eff_def_fs = cue_at;
                st->eff_def_fe = a + strlen(as_last_sig[k]);
                st->eff_def_rule = "date.effective.defined_as_last_signature";
            }
        }
    }
    if (at < to && len && at < first_ref && full_date(&d))
        offer(&st->eff, &d, at, at + len, 7, rule);
}

/* A group of body cues sharing their first word (or their opening quote). */
#define CUE_GROUPS_MAX 16  /* distinct first words among the body cues (bits of a uint16_t) */
#define CUE_GROUP_CUES 32  /* cues of one group, per table */
#define CUE_WORD_MAX 16    /* longest first word (letters) */
#define CUE_PREFIX_MAX 48  /* bytes of a group's common cue prefix kept */
typedef struct cue_group {
    const char *word;      /* the cue whose first word this is */
    size_t len;            /* letters in that first word */
    size_t ndefs, nverbs;
    int dated;             /* "this agreement is dated" starts with this word */
    unsigned char defs[CUE_GROUP_CUES], verbs[CUE_GROUP_CUES];
} cue_group;

/* 1 when a[0..len) and b[0..len) are the same letters, ignoring case. */
static int same_word(const char *a, const char *b, size_t len)
{
    for (size_t j = 0; j < len; j++)
        if (pct__lower((unsigned char)a[j]) != pct__lower((unsigned char)b[j]))
            return 0;
    return 1;
}

/* Files cue k of table `kind` (0 defs, 1 verbs, 2 the dated cue) under its
 * first word. -1 when a limit is passed. */
static int cue_group_add(cue_group *gs, size_t *ng, cue_group *quoted, const char *cue, int kind,
                         size_t k)
{
    cue_group *g = NULL;
    if (cue[0] == '"') {
        g = quoted;
    } else {
        size_t len = 0;
        while (pct__is_alpha((unsigned char)cue[len]))
            len++;
        if (!len || len > CUE_WORD_MAX || cue[len] != ' ')
            return -1; /* the lookup needs a whole word of letters first */
        for (size_t j = 0; j < *ng && !g; j++)
            if (gs[j].len == len && same_word(gs[j].word, cue, len))
                g = &gs[j];
        if (!g) {
            if (*ng == CUE_GROUPS_MAX)
                return -1;
            g = &gs[(*ng)++];
            *g = (cue_group){cue, len, 0, 0, 0, {0}, {0}};
        }
    }
    if (kind == 2) {
        g->dated = 1;
    } else if (kind == 0) {
        if (g->ndefs == CUE_GROUP_CUES)
            return -1;
        g->defs[g->ndefs++] = (unsigned char)k;
    } else {
        if (g->nverbs == CUE_GROUP_CUES)
            return -1;
        g->verbs[g->nverbs++] = (unsigned char)k;
    }
    return 0;
}

/* The "this agreement is dated" and "<subject> shall be effective ..." checks
 * at *ip (c is the byte the word started with). `only` lists the verbs to try
 * (n of them), or is NULL to try them all; n == (size_t)-1 also tries the
 * dated cue (and then every verb), as the undispatched loop did. */
static void body_rest(dstate *st, size_t bs, size_t be, size_t *ip, unsigned char c,
                      const char *const *verbs, size_t nverbs, const unsigned char *only,
                      size_t n, const char *pre)
{
    pct_xdoc *x = st->x;
    const char *f = x->flat;
    const pct_xt_index *xi = x->xi;
    size_t i = *ip, m0;
    int all = !only || n == (size_t)-1;
    if (all && (c == 't' || c == 'T') &&
        (m0 = pct_xt__match_word(f, bs, i, be, "this agreement is dated"))) {
        /* "14.6 This Agreement is dated April 29, 2010." at the end */
        pct_date d;
        size_t len = 0;
        size_t at = pct_scan__next_date(f, i + m0 + 12 < be ? i + m0 + 12 : be, i + m0, &d, &len);
        if (len && full_date(&d))
            offer(&st->agree, &d, at, at + len, 4, "date.body.agreement_is_dated");
        return;
    }
    if (c != 's' && c != 'S' && c != 'w' && c != 'W' && c != 'i' && c != 'I')
        return;
    size_t cnt = all ? nverbs : n;
    /* `pre`: the common prefix of the `only` verbs (see scan_body's defs) */
    size_t pl = all ? 0 : strlen(pre), pm = 0;
    if (pl && !(pm = pct_xt__match(f + i, be - i, pre)))
        return;
    unsigned char nx = i + pm < be ? pct__lower((unsigned char)f[i + pm]) : 0;
    for (size_t q = 0; q < cnt; q++) {
        size_t k = all ? q : only[q];
        unsigned char pc = pl ? (unsigned char)verbs[k][pl] : 0;
        if (pct__is_alpha(pc) && pct__lower(pc) != nx)
            continue;
        size_t m = pct_xt__match_word(f, bs, i, be, verbs[k]);
        if (!m)
            continue;
        size_t lo = i > bs + SUBJECT_BACK ? i - SUBJECT_BACK : bs;
        /* the document itself ("This [First] Amendment", "this letter agreement"),
         * not a notice, a termination or "any amendment" */
        int self =
            pct_xt__has(xi, f, lo, i, "agreement") || pct_xt__has(xi, f, lo, i, "contract") ||
            (pct_xt__has(xi, f, lo, i, "this") && pct_xt__has(xi, f, lo, i, "amendment"));
        int subject = self && !pct_xt__has(xi, f, lo, i, "termination") &&
                      !pct_xt__has(xi, f, lo, i, "notice") &&
                      !pct_xt__has(xi, f, lo, i, "any amendment") &&
                      !pct_xt__has(xi, f, lo, i, "no amendment") &&
                      !pct_xt__has(xi, f, lo, i, "waiver");
        if (subject) {
            size_t ss, se;
            pct_xt__sentence(f, bs, be, i, &ss, &se);
            read_eff_def(st, i, i + m, se, "date.effective.stated");
        }
        *ip = i + m - 1;
        return;
    }
}

static void scan_body(dstate *st, size_t bs, size_t be)
{
    pct_xdoc *x = st->x;
    const char *f = x->flat;
    static const struct {
        const char *cue;
        const char *rule;
    } defs[] = {
        {"\"effective date\" means", "date.effective.defined"},
        {"\"effective date\" shall mean", "date.effective.defined"},
        {"\"effective date\" is", "date.effective.defined"},
        {"\"effective date\" has the meaning", "date.effective.defined"},
        {"\"effective date\" refers to", "date.effective.defined"},
        {"\"effective date\":", "date.effective.defined"},
        {"\"effective date\" shall be", "date.effective.defined"},
        {"\"effective date\" will be", "date.effective.defined"},
        {"effective date\" means", "date.effective.defined"},
        {"effective date\" shall mean", "date.effective.defined"},
        {"effective date means", "date.effective.defined"},
        {"effective date shall mean", "date.effective.defined"},
        {"effective date of this agreement shall be", "date.effective.stated"},
        {"effective date of this agreement is", "date.effective.stated"},
        {"this agreement shall become effective on", "date.effective.stated"},
        {"this agreement shall become effective as of", "date.effective.stated"},
        {"this agreement shall be effective as of", "date.effective.stated"},
        {"this agreement shall be effective on", "date.effective.stated"},
        {"this agreement shall be effective from", "date.effective.stated"},
        {"this agreement is effective as of", "date.effective.stated"},
        {"this agreement is effective on", "date.effective.stated"},
        {"this agreement shall become effective upon", "date.effective.stated"},
        {"this agreement shall be effective upon", "date.effective.stated"},
        {"this agreement will become effective on", "date.effective.stated"},
        {"this agreement will be effective as of", "date.effective.stated"},
        {"this agreement will be effective on", "date.effective.stated"},
        {"shall take effect on", "date.effective.stated"},
        {"shall come into force on", "date.effective.stated"},
        {"shall come into effect on", "date.effective.stated"},
        {"shall enter into force on", "date.effective.stated"},
        {"to be effective as of", "date.effective.stated"},
    };
    /* "This [letter] agreement / contract shall be effective as of ..." */
    static const char *const verbs[] = {
        "shall be effective as of", "shall become effective as of", "shall be effective on",
        "shall become effective on", "will be effective as of", "will become effective on",
        "will be effective on", "is effective as of", "shall be effective from",
        "shall take effect on", "shall be in full force and effect commencing on",
        "shall be effective from and after", "shall become effective from and after",
        "will be effective from and after"};
    /* Each word start costs one lookup: the cues are grouped by their first word
     * (a cue matches only where the text's letter run equals that word), and
     * only the cues of the group found are tried, in their order above. */
    cue_group groups[CUE_GROUPS_MAX];
    size_t ngroups = 0;
    cue_group quoted = {NULL, 0, 0, 0, 0, {0}, {0}};
    for (size_t k = 0; k < sizeof defs / sizeof *defs; k++)
        if (cue_group_add(groups, &ngroups, &quoted, defs[k].cue, 0, k) < 0)
            return; /* (static tables: cannot happen) */
    if (cue_group_add(groups, &ngroups, &quoted, "this agreement is dated", 2, 0) < 0)
        return;
    for (size_t k = 0; k < sizeof verbs / sizeof *verbs; k++)
        if (cue_group_add(groups, &ngroups, &quoted, verbs[k], 1, k) < 0)
            return;
    /* per group (the quoted one last): the common prefix of its defs, which
     * any of them matching must match first, and then at the text byte
     * after it the letter that cue goes on with (the prefix ends where they
     * differ; matching is greedy, so the prefix takes the same bytes) */
    char pre[CUE_GROUPS_MAX + 1][CUE_PREFIX_MAX + 1];
    size_t prelen[CUE_GROUPS_MAX + 1];
    for (size_t gi = 0; gi <= ngroups; gi++) {
        const cue_group *gg = gi < ngroups ? &groups[gi] : &quoted;
        size_t l = 0;
        if (gg->ndefs > 1) {
            const char *a = defs[gg->defs[0]].cue;
            l = strlen(a);
            for (size_t q = 1; q < gg->ndefs; q++) {
                const char *b = defs[gg->defs[q]].cue;
                size_t j = 0;
                while (j < l && a[j] == b[j])
                    j++;
                l = j;
            }
            if (l > CUE_PREFIX_MAX)
                l = CUE_PREFIX_MAX;
            memcpy(pre[gi], a, l);
        }
        pre[gi][l] = '\0';
        prelen[gi] = l;
    }
    /* the same for each group's verbs */
    char vpre[CUE_GROUPS_MAX + 1][CUE_PREFIX_MAX + 1];
    for (size_t gi = 0; gi <= ngroups; gi++) {
        const cue_group *gg = gi < ngroups ? &groups[gi] : &quoted;
        size_t l = 0;
        if (gg->nverbs > 1) {
            const char *a = verbs[gg->verbs[0]];
            l = strlen(a);
            for (size_t q = 1; q < gg->nverbs; q++) {
                const char *b = verbs[gg->verbs[q]];
                size_t j = 0;
                while (j < l && a[j] == b[j])
                    j++;
                l = j;
            }
            if (l > CUE_PREFIX_MAX)
                l = CUE_PREFIX_MAX;
            memcpy(vpre[gi], a, l);
        }
        vpre[gi][l] = '\0';
    }
    /* the letter every quoted cue goes on with, or 0 (then no filter) */
    unsigned char qnext = 0;
    for (size_t q = 0; q < quoted.ndefs; q++) {
        unsigned char l = pct__lower((unsigned char)defs[quoted.defs[q]].cue[1]);
        qnext = pct__is_alpha(l) && (q == 0 || l == qnext) ? l : 0;
        if (!qnext)
            break;
    }
    /* the groups whose first word starts with each byte (bit k: groups[k]) */
    uint16_t gfirst[256] = {0};
    for (size_t k = 0; k < ngroups; k++) {
        unsigned char l = pct__lower((unsigned char)groups[k].word[0]);
        gfirst[l] |= (uint16_t)(1u << k);
        gfirst[l - 'a' + 'A'] |= (uint16_t)(1u << k);
    }
    for (size_t i = bs; i < be; i++) {
        unsigned char c = (unsigned char)f[i];
        const cue_group *g = NULL;
        unsigned cand = gfirst[c];
        if (cand) {
            /* no cue starts inside a word (each begins with a quote or a word) */
            if (i > bs &&
                (pct__is_alpha((unsigned char)f[i - 1]) || pct__is_digit((unsigned char)f[i - 1])))
                continue;
            size_t w = i + 1;
            while (w < be && w - i <= CUE_WORD_MAX && pct__is_alpha((unsigned char)f[w]))
                w++;
            for (size_t k = 0; cand && !g; k++, cand >>= 1)
                if ((cand & 1) && groups[k].len == w - i && same_word(f + i, groups[k].word, w - i))
                    g = &groups[k];
        } else if (c == '"' || c == '\'' || c == '`' || c == 0xE2) {
            /* a quote is 1 to 3 bytes: the cues' next letter must follow it */
            int next = !qnext;
            for (size_t j = i + 1; !next && j <= i + 3 && j < be; j++)
                next = pct__lower((unsigned char)f[j]) == qnext;
            if (next)
                g = &quoted;
        }
        if (!g)
            continue;
        int matched = 0;
        size_t gi = g == &quoted ? ngroups : (size_t)(g - groups), pl = prelen[gi], pm = 0;
        if (pl)
            pm = pct_xt__match(f + i, be - i, pre[gi]);
        unsigned char nx = i + pm < be ? pct__lower((unsigned char)f[i + pm]) : 0;
        for (size_t q = 0; q < g->ndefs && (!pl || pm); q++) {
            size_t k = g->defs[q];
            unsigned char pc = pl ? (unsigned char)defs[k].cue[pl] : 0;
            if (pct__is_alpha(pc) && pct__lower(pc) != nx)
                continue;
            size_t m = pct_xt__match_word(f, bs, i, be, defs[k].cue);
            if (!m)
                continue;
            size_t ss, se;
            pct_xt__sentence(f, bs, be, i, &ss, &se);
            read_eff_def(st, i, i + m, se, defs[k].rule);
            i += m - 1;
            matched = 1;
            break;
        }
        if (matched) {
            /* i moved to the cue's last byte, inside a word: nothing below
             * can match there, but the complete checks are kept for it */
            body_rest(st, bs, be, &i, c, verbs, sizeof verbs / sizeof *verbs, NULL, 0, "");
            continue;
        }
        body_rest(st, bs, be, &i, c, verbs, sizeof verbs / sizeof *verbs, g->verbs,
                  g->dated ? (size_t)-1 : g->nverbs, vpre[gi]);
    }
}

/* ---------------------------------------------------------- signatures */

static int signature_dates(pct_xdoc *x, pct_date *last_out)
{
    size_t cap = 0, n = 0;
    pct_value *arr = NULL;
    pct_date last = {0, 0, 0, 0};
    if (!x->signatures)
        goto done;
    for (const pct_node *b = x->signatures->first; b; b = b->next) {
        const pct_signature *sg = pct_node_signature(b);
        if (!sg || !sg->date || !sg->signed_)
            continue;
        pct_date d;
        size_t dl = strlen(sg->date), len = 0;
        size_t at = pct_scan__next_date(sg->date, dl, 0, &d, &len);
        if (at >= dl || !full_date(&d))
            continue;
        char iso[11];
        pct_date__iso(&d, iso);
        pct_value *v = pct_xdoc__push(x, (void **)&arr, &cap, n, sizeof *v);
        if (!v)
            return pct__err(x->ctx, PCT_ENOMEM, "out of memory");
        v->value = pct_arena__strndup(x->arena, iso, strlen(iso));
        v->raw = sg->date;
        v->span = sg->date_span; /* already original offsets */
        v->rule = "date.signature";
        if (!v->value)
            return pct__err(x->ctx, PCT_ENOMEM, "out of memory");
        n++;
        if (pct_date__days(&d) > pct_date__days(&last) || last.y == 0)
            last = d;
    }
done:
    x->out->signature_dates = arr;
    x->out->nsignature_dates = n;
    *last_out = last;
    return 0;
}

/* The latest full date on the signature page: after the last "IN WITNESS
 * WHEREOF" (bounded), for documents whose parsed signature blocks carry no
 * date. Returns 1 and fills the candidate when one is found. */
static int witness_date(pct_xdoc *x, dcand *out)
{
    const char *f = x->flat;
    const pct_xt_index *xi = x->xi;
    size_t n = x->flat_len;
    size_t lo = n > WITNESS_MAX * 4 ? n - WITNESS_MAX * 4 : 0;
    size_t w = pct_xt__rfind(xi, f, lo, n, "in witness whereof");
    if (w == (size_t)-1 && x->signatures)
        w = pct_xdoc__flat_at(x, x->signatures->span.start);
    if (w == (size_t)-1 || w >= n)
        return 0;
    size_t hi = w + WITNESS_MAX < n ? w + WITNESS_MAX : n;
    int found = 0;
    for (size_t p = w; p < hi;) {
        pct_date d;
        size_t len = 0;
        size_t at = pct_scan__next_date(f, hi, p, &d, &len);
        if (at >= hi || !len)
            break;
        p = at + len;
        if (!full_date(&d))
            continue;
        if (!found || pct_date__days(&d) > pct_date__days(&out->d)) {
            out->d = d;
            out->fs = at;
            out->fe = at + len;
            out->score = 1;
            out->rule = "date.signature_page.last";
            found = 1;
        }
    }
    return found;
}

/* --------------------------------------------------------------- driver */

static int set_date(pct_xdoc *x, pct_value *out, const pct_date *d, size_t fs, size_t fe,
                    const char *rule)
{
    char iso[11];
    pct_date__iso(d, iso);
    return pct_xdoc__fvalue(x, out, iso, fs, fe, rule);
}

int pct_extract__dates(pct_xdoc *x)
{
    dstate st;
    int error;
    pct_date last_sig;
    memset(&st, 0, sizeof st);
    st.x = x;
    if ((error = signature_dates(x, &last_sig)) < 0)
        return error;
    if (!x->flat || x->flat_len == 0)
        return 0;
    /* the head: at least the first page, more when the preamble runs longer */
    size_t he = x->fpreamble.end > HEAD_MAX ? x->fpreamble.end : HEAD_MAX;
    if (x->fpreamble.end == 0)
        he = HEAD_TITLE_MAX; /* no preamble found: it may follow a table of contents */
    if (he > HEAD_TITLE_MAX)
        he = HEAD_TITLE_MAX;
    if (he > x->flat_len)
        he = x->flat_len;
    /* recitals tell the history: their dates belong to earlier documents */
    if (x->frecitals.end > x->frecitals.start && x->frecitals.start < he &&
        x->frecitals.start >= x->fpreamble.end)
        he = x->frecitals.start;
    size_t wh = pct_xt__find(x->xi, x->flat, 0, he, "whereas");
    if (wh < he)
        he = wh;
    wh = pct_xt__find(x->xi, x->flat, 0, he, "recitals");
    if (wh < he)
        he = wh;
    scan_head(&st, 0, he);
    scan_body(&st, 0, x->flat_len);

    int have_sig = last_sig.y != 0;
    /* an amendment's signatures date the amendment's execution, which its
     * operations may key on; it is not reported as a date of agreement */
    int amendment = x->out->kind && strcmp(x->out->kind, "amendment") == 0;
    if (!st.agree.score && st.eff.score) {
        /* only an effective date is stated ("Effective Date" shall mean ...) */
        st.agree = st.eff;
        st.agree.rule = "date.agreement.from_effective_date";
    }
    /* A date stated only as the effective one ("effective as of", "Effective
     * Date:") says when the terms apply; the signatures say when the parties
     * made the agreement, and that is its date when they give one. */
    int eff_only = st.agree.score && strstr(st.agree.rule, "effective") != NULL;
    if (eff_only && amendment) {
        /* "This Amendment is made effective as of X": X is when it applies; the
         * amendment states no date of its own making */
        memset(&st.agree, 0, sizeof st.agree);
        eff_only = 0;
    }
    const pct_value *sigv = NULL;
    if (have_sig && !amendment && (!st.agree.score || eff_only)) {
        sigv = &x->out->signature_dates[0];
        for (size_t k = 1; k < x->out->nsignature_dates; k++)
            if (strcmp(x->out->signature_dates[k].value, sigv->value) > 0)
                sigv = &x->out->signature_dates[k];
    }
    dcand wit = {0};
    if (sigv) {
        x->out->agreement_date = *sigv;
        x->out->agreement_date.rule = "date.signature.last";
    } else if (!st.agree.score && !amendment && witness_date(x, &wit)) {
        if ((error = set_date(x, &x->out->agreement_date, &wit.d, wit.fs, wit.fe, wit.rule)) < 0)
            return error;
    } else if (st.agree.score) {
        if ((error = set_date(x, &x->out->agreement_date, &st.agree.d, st.agree.fs, st.agree.fe,
                              st.agree.rule)) < 0)
            return error;
    }
    if (st.eff.score) {
        error = set_date(x, &x->out->effective_date, &st.eff.d, st.eff.fs, st.eff.fe, st.eff.rule);
    } else if (st.eff_is_agree && x->out->agreement_date.value) {
        error = pct_xdoc__fvalue(x, &x->out->effective_date, x->out->agreement_date.value,
                                 st.eff_def_fs, st.eff_def_fe, st.eff_def_rule);
        x->out->effective_date.computed = 1;
    } else if (x->out->agreement_date.value && x->out->agreement_date.rule &&
               strncmp(x->out->agreement_date.rule, "date.signature", 14) == 0 && !st.eff_def_rule) {
        /* dated only by its signatures: it takes effect when signed */
        x->out->effective_date = x->out->agreement_date;
        x->out->effective_date.rule = "date.effective.signature_date";
    } else if (st.eff_is_last_sig && have_sig) {
        char iso[11];
        pct_date__iso(&last_sig, iso);
        error = pct_xdoc__fvalue(x, &x->out->effective_date, iso, st.eff_def_fs, st.eff_def_fe,
                                 st.eff_def_rule);
        x->out->effective_date.computed = 1;
    }
    return error;
}
