/*
 * extract_term.c - the term of a document: its initial term (months), its
 * expiration date (stated, computed from a start date plus the initial term,
 * or "perpetual" when it runs until terminated), its renewal term (months,
 * "perpetual" or "automatic-unspecified") and the notice needed to stop a
 * renewal (days).
 *
 * Approach: read the document sentence by sentence (x->flat, one pass) and
 * keep the sentences that speak about the term: those under a heading that
 * says term / duration / expiration / renewal, and those with a strong cue
 * ("the term of this Agreement", "this Agreement shall continue",
 * "automatically renew"). In each kept sentence the durations are
 * classified by the words around them: a notice period ("at least ninety
 * (90) days prior to ..."), a renewal period ("successive one (1) year
 * periods"), or the initial term ("for a period of five (5) years from the
 * Effective Date", or a period named 'the "Initial Term"'); dates by the
 * words before them ("until", "expire on"). "Until / unless terminated"
 * makes the term perpetual only when no fixed period precedes it and it is
 * not an early end ("unless terminated earlier", "unless sooner terminated");
 * "continue in effect until" an event (no date, period or "later of") is
 * perpetual too.
 * Candidates carry a score (heading + cue strength, earlier wins ties) and
 * the best of each kind is reported with its rule id. The expiration is
 * computed only when no date is stated, from the start the sentence names
 * (a date, else the effective date, else the agreement date; read after
 * pct_extract__dates ran) plus the initial term, and is marked computed.
 */
#include "extract.h"
#include "extract_text.h"
#include "scan.h"

#include <stdio.h>
#include <string.h>

#define NOTICE_FWD 60   /* bytes after a duration that may make it a notice period */
#define NOTICE_BACK 40  /* bytes before a duration that may make it a notice period */
#define RENEW_BACK 120  /* bytes before a duration that may make it a renewal period */
#define NEXT_SENTENCE_MAX 600 /* a renewal's notice may sit in the following sentence */

typedef struct tcand {
    int score;           /* 0 = none */
    size_t fs, fe;       /* FLAT range of the evidence */
    const char *rule;
    int months, days;    /* durations */
    pct_date date;       /* dates */
    const char *word;    /* keywords: "perpetual", "automatic-unspecified" */
    size_t sent;         /* start of its sentence (for the start anchor) */
    size_t sent_end;
} tcand;

typedef struct tstate {
    pct_xdoc *x;
    tcand initial, stated_exp, perpetual, renewal, notice;
    pct_date start;      /* a start date named with the initial term */
    size_t start_fs, start_fe;
    int prev_stops;      /* the last renewal sentence read renews unless stopped */
    int renew_same;      /* renewals "equal to the initial term" */
    size_t renew_same_fs, renew_same_fe;
} tstate;

static void offer(tcand *best, const tcand *c)
{
    if (c->score > best->score)
        *best = *c;
}

static const char *const term_headings[] = {"term", "duration", "expiration", "renewal",
                                            "term of agreement", "effective date and term",
                                            "commencement", "period"};

static const char *const strong_cues[] = {
    "term of this agreement", "initial term", "this agreement shall continue",
    "this agreement shall remain", "this agreement will continue", "this agreement will remain",
    "shall continue in full force", "shall remain in full force", "shall remain in effect",
    "shall continue in effect", "automatically renew*", "automatically be renewed",
    "automatically extend*", "renewal term", "shall expire", "term of the agreement",
    "agreement shall be for", "agreement is for", "term of this amendment",
    "this agreement shall terminate on", "this agreement will terminate on", "contract period",
    "contract term", "term of the contract", "this contract shall", "agreement period",
    "the term shall", "term shall be", "fixed term", "effective term", "shall be in effect",
    "shall remain in effect until", "in effect until", "the term of this"};

static int any(const pct_xt_index *xi, const char *f, size_t s, size_t e, const char *const *pats,
               size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (pct_xt__has(xi, f, s, e, pats[k]))
            return 1;
    return 0;
}
#define ANY(xi, f, s, e, arr) any(xi, f, s, e, arr, sizeof arr / sizeof *arr)

static const char *const notice_after[] = {"prior", "before", "notice", "in advance", "preceding",
                                           "written notice", "advance"};
static const char *const notice_before[] = {"least", "notice", "upon", "giving", "gives", "give",
                                            "given", "provides", "provide"};
static const char *const renew_before[] = {"successive", "additional", "renew*", "extend*",
                                           "further", "consecutive", "renewal"};
static const char *const renew_words[] = {"renew*", "automatically extend*",
                                          "shall be extended", "will be extended",
                                          "extended for", "year to year", "year-to-year",
                                          "successive"};
static const char *const term_words[] = {"term", "continu*", "remain*", "period", "expir*",
                                         "in effect", "in force", "for a", "until"};
static const char *const perpetual_words[] = {"until terminated", "unless terminated",
                                              "until such time as", "in perpetuity",
                                              "perpetual*", "indefinite", "indefinitely",
                                              "until either party terminates",
                                              "until it is terminated",
                                              "until this agreement is terminated",
                                              "until either party", "until one party",
                                              "until the expiration or earlier termination of",
                                              "until the completion", "through the completion",
                                              "decision to terminate this agreement"};
static const char *const yearly[] = {"year to year", "year-to-year", "each year", "annual period*",
                                     "annual term*", "annual basis", "annually", "yearly",
                                     "annual renewal*", "additional year", "successive year*"};

/* words right after "unless terminated" that make it an early end of a
 * fixed term ("unless terminated earlier under Section 4") */
static const char *const earlier_words[] = {"earlier", "sooner", "prior", "before"};

/* 1 when [ss, at) states a fixed period (in months or years) for the term:
 * "continues for three (3) years, unless terminated ..." */
static int period_before(const char *f, size_t ss, size_t at)
{
    for (size_t p = ss; p < at;) {
        pct_duration d;
        size_t len = 0;
        size_t ds = pct_scan__next_duration(f, at, p, &d, &len);
        if (ds >= at || !len)
            break;
        if (d.months > 0)
            return 1;
        p = ds + len;
    }
    return 0;
}

/* "this Agreement shall continue in effect until <an event>": with no date,
 * period or "later / earlier of" after it, the term has no fixed end */
static const char *const until_event[] = {"continue in effect until", "remain in effect until",
                                          "continue in full force and effect until",
                                          "remain in full force and effect until",
                                          "continue in force until", "remain in force until"};
static const char *const fixed_end[] = {"later of", "earlier of", "latest of", "earliest of",
                                        "end of", "anniversary", "fulfilled", "expiration of",
                                        "expiry of", "termination of"};
#define UNTIL_EVENT_LOOK 80 /* bytes after "until" that may name a fixed end */

static int until_event_end(const pct_xt_index *xi, const char *f, size_t ss, size_t se)
{
    for (size_t k = 0; k < sizeof until_event / sizeof *until_event; k++) {
        size_t at = pct_xt__find(xi, f, ss, se, until_event[k]);
        if (at >= se)
            continue;
        size_t u = at + pct_xt__match(f + at, se - at, until_event[k]);
        size_t look = u + UNTIL_EVENT_LOOK < se ? u + UNTIL_EVENT_LOOK : se;
        pct_date d;
        size_t len = 0;
        if (pct_scan__next_date(f, look, u, &d, &len) < look || ANY(xi, f, u, look, fixed_end) ||
            period_before(f, ss, se))
            return 0;
        return 1;
    }
    return 0;
}

/* 1 when [ss, se) says the agreement runs until someone ends it; a
 * "perpetual license" or "perpetual right" is about a grant, not the term.
 * "Until / unless terminated" after a fixed period stated in the sentence,
 * or followed by "earlier" / "sooner", only says that a fixed term may end
 * early: it does not make the term perpetual. */
static int runs_until_terminated(const pct_xt_index *xi, const char *f, size_t ss, size_t se)
{
    for (size_t k = 0; k < sizeof perpetual_words / sizeof *perpetual_words; k++) {
        const char *w = perpetual_words[k];
        size_t at = pct_xt__find(xi, f, ss, se, w);
        if (at >= se)
            continue;
        size_t to = at + 40 < se ? at + 40 : se;
        if (w[0] == 'p' &&
            (pct_xt__has(xi, f, at, to, "licen*") || pct_xt__has(xi, f, at, to, "right*")))
            continue;
        if (strncmp(w, "until", 5) == 0 || strncmp(w, "unless", 6) == 0) {
            size_t wend = at + pct_xt__match(f + at, se - at, w);
            size_t near = wend + 12 < se ? wend + 12 : se;
            if (ANY(xi, f, wend, near, earlier_words) || period_before(f, ss, at))
                continue;
        }
        return 1;
    }
    return until_event_end(xi, f, ss, se);
}

static const char *const after_end[] = {"upon termination", "upon the termination",
                                        "after termination", "after the termination",
                                        "following termination", "following the termination",
                                        "after the expiration", "following the expiration",
                                        "upon expiration", "upon the expiration", "phase-out",
                                        "wind-down", "wind down", "sell-off", "survive*",
                                        "date of such termination", "termination assistance",
                                        "prior to expiration", "prior to the expiration"};
/* sentences that define accounting periods, whose end dates are no expiration */
static const char *const period_defs[] = {"contract year", "calendar quarter", "calendar year",
                                          "quarter", "fiscal", "statement", "invoice*",
                                          "agreement year", "lease year", "royalty period"};
static const char *const same_term[] = {"equal to the initial term", "same duration",
                                        "same period", "like period", "like term",
                                        "same length", "equal in length", "same term",
                                        "same terms"};
static const char *const expire_cues[] = {"until", "through", "expire on", "expires on",
                                          "ending on", "end on", "ends on", "terminate on",
                                          "terminates on", "expiring on", "and ending",
                                          "expiration date", "to and including", "expire",
                                          "extended to", "to", "expiring", "terminating on",
                                          "conclude on", "concluding", "end as of", "ending",
                                          "shall terminate", "until the later of",
                                          "until the earlier of", "expires"};
static const char *const start_cues[] = {"from", "commencing on", "commencing", "beginning on",
                                         "beginning", "starting on", "starting", "effective",
                                         "effective as of", "as of", "on"};

/* 1 when the notice in [ss, se) stops an automatic renewal, rather than
 * exercising a renewal option ("may renew ... by giving notice"). */
static int stops_renewal(const pct_xt_index *xi, const char *f, size_t ss, size_t se)
{
    static const char *const stop[] = {"unless", "non-renewal", "nonrenewal", "not to renew",
                                       "not renew", "terminat*", "automatic*", "cancel*",
                                       "not be renewed", "not wish to renew", "not to extend"};
    static const char *const option[] = {"option to renew", "option to extend", "mutual*",
                                         "may be renewed", "may renew", "elect to renew",
                                         "exercise", "may be extended", "request to renew",
                                         "negotiate"};
    return ANY(xi, f, ss, se, stop) && !ANY(xi, f, ss, se, option);
}

/* 1 when the duration ending at `de` is named the initial term right after
 * it: 'five (5) years (the "Initial Term")', 'two years ("Initial Term")'. */
static int named_initial_term(const char *f, size_t de, size_t se)
{
    size_t p = pct_xt__skip_ws(f, de, se);
    if (p < se && f[p] == '(')
        p = pct_xt__skip_ws(f, p + 1, se);
    size_t n = pct_xt__match(f + p, se - p, "the ");
    p += n;
    n = pct_xt__match(f + p, se - p, "\"");
    if (!n)
        return 0;
    p += n;
    return pct_xt__match(f + p, se - p, "initial term") > 0;
}

/* Classifies one duration in sentence [ss, se) and offers it. */
static void one_duration(tstate *st, int base, size_t ss, size_t se, size_t ds, size_t de,
                         const pct_duration *d, int renewal_sentence)
{
    const char *f = st->x->flat;
    const pct_xt_index *xi = st->x->xi;
    size_t a_to = de + NOTICE_FWD < se ? de + NOTICE_FWD : se;
    size_t b_lo = ds > ss + NOTICE_BACK ? ds - NOTICE_BACK : ss;
    size_t r_lo = ds > ss + RENEW_BACK ? ds - RENEW_BACK : ss;
    /* the words right after: "days prior to", "days' written notice" */
    size_t near_to = de + 25 < se ? de + 25 : se;
    int notice = ANY(xi, f, de, near_to, notice_after) || ANY(xi, f, b_lo, ds, notice_before);
    /* a renewal cue before the duration, not separated by the end of a clause */
    int renew = ANY(xi, f, r_lo, ds, renew_before);
    tcand c = {0};
    c.fs = ds;
    c.fe = de;
    c.sent = ss;
    c.sent_end = se;
    c.months = d->months;
    c.days = d->days;
    /* the document names this period: no cue around it can make it a renewal */
    int defined = d->months > 0 && named_initial_term(f, de, se);
    if (defined)
        notice = renew = 0;
    /* "renewed for an additional term of ten (10) years by notice": a period in
     * years right after a renewal cue is the renewal, not a notice */
    if (notice && renew && d->unit == PCT_UNIT_YEAR && renewal_sentence &&
        ANY(xi, f, ds > ss + 40 ? ds - 40 : ss, ds, renew_before))
        notice = 0;
    if (notice &&
        (renewal_sentence || pct_xt__has(xi, f, ss, se, "non-renewal") ||
         pct_xt__has(xi, f, ss, se, "expiration") || pct_xt__has(xi, f, ss, se, "then-current") ||
         pct_xt__has(xi, f, ss, se, "then current") || pct_xt__has(xi, f, ss, se, "end of"))) {
        if (renewal_sentence && d->days > 0 && stops_renewal(xi, f, ss, se)) {
            c.score = base + 3;
            c.rule = "term.notice.before_renewal";
            offer(&st->notice, &c);
        }
        (void)a_to;
        return;
    }
    if (notice)
        return;
    if (renew && renewal_sentence && d->months > 0) {
        c.score = base + 3;
        c.rule = "term.renewal.successive_periods";
        offer(&st->renewal, &c);
        return;
    }
    /* short periods ("within three (3) months") are the term only when the
     * sentence says so in as many words */
    static const char *const short_ok[] = {"term of this agreement", "initial term",
                                           "this agreement shall", "this agreement will",
                                           "term of the agreement", "term shall"};
    if (d->months > 0 && d->months < 6 && !ANY(xi, f, ss, se, short_ok))
        return;
    if (ANY(xi, f, ss, ds, after_end))
        return; /* "upon termination ... for six (6) months": a period after the end */
    if (d->months > 0 && (defined || ANY(xi, f, ss, se, term_words))) {
        int from_eff = pct_xt__has(xi, f, de, se, "effective date") ||
                       pct_xt__has(xi, f, de, se, "date of this agreement") ||
                       pct_xt__has(xi, f, de, se, "date hereof") ||
                       pct_xt__has(xi, f, de, se, "execution");
        c.score = base + 2 + (from_eff ? 1 : 0);
        c.rule = from_eff ? "term.initial.from_effective_date" : "term.initial.period";
        offer(&st->initial, &c);
    }
}

/* The dates of a term sentence: stated expiration, or the start of the term. */
static void sentence_dates(tstate *st, int base, size_t ss, size_t se)
{
    const char *f = st->x->flat;
    const pct_xt_index *xi = st->x->xi;
    size_t p = ss;
    int extended = pct_xt__has(xi, f, ss, se, "extended") || pct_xt__has(xi, f, ss, se, "extend");
    while (p < se) {
        pct_date d;
        size_t len = 0;
        size_t at = pct_scan__next_date(f, se, p, &d, &len);
        if (at >= se || !len)
            break;
        p = at + len;
        if (d.d == 0 || (d.flags & PCT_DATE_BLANK))
            continue;
        size_t lo = at > ss + 40 ? at - 40 : ss;
        int is_exp = 0, is_start = 0;
        for (size_t k = 0; k < sizeof expire_cues / sizeof *expire_cues && !is_exp; k++)
            if (pct_xt__ends_with(f, lo, at, expire_cues[k]))
                is_exp = 1;
        if (!is_exp)
            for (size_t k = 0; k < sizeof start_cues / sizeof *start_cues && !is_start; k++)
                if (pct_xt__ends_with(f, lo, at, start_cues[k]))
                    is_start = 1;
        tcand c = {0};
        c.fs = at;
        c.fe = at + len;
        c.date = d;
        c.sent = ss;
        c.sent_end = se;
        if (is_exp &&
            (ANY(xi, f, ss, se, period_defs) ||
             !(pct_xt__has(xi, f, ss, se, "agreement") || pct_xt__has(xi, f, ss, se, "term") ||
               pct_xt__has(xi, f, ss, se, "contract"))))
            is_exp = 0;
        if (is_exp) {
            c.score = base + 4;
            c.rule = extended ? "term.expiration.extended_to" : "term.expiration.stated";
            offer(&st->stated_exp, &c);
        } else if (is_start && st->start.y == 0 && !extended) {
            /* "extended from X to Y": X is the old expiration, not a start */
            st->start = d;
            st->start_fs = at;
            st->start_fe = at + len;
        }
    }
}

/* The notice of a renewal stated in the sentence after it ("Such notice must
 * be given ninety (90) days prior to expiration of the original term."). */
static void notice_after_renewal(tstate *st, int base, size_t ss, size_t se)
{
    const char *f = st->x->flat;
    const pct_xt_index *xi = st->x->xi;
    if (!pct_xt__has(xi, f, ss, se, "notice") || se - ss > NEXT_SENTENCE_MAX ||
        !(st->prev_stops || stops_renewal(xi, f, ss, se)))
        return;
    for (size_t p = ss; p < se;) {
        pct_duration d;
        size_t len = 0;
        size_t at = pct_scan__next_duration(f, se, p, &d, &len);
        if (at >= se || !len)
            break;
        p = at + len;
        size_t near_to = at + len + 25 < se ? at + len + 25 : se;
        size_t b_lo = at > ss + NOTICE_BACK ? at - NOTICE_BACK : ss;
        if (d.days > 0 &&
            (ANY(xi, f, at + len, near_to, notice_after) || ANY(xi, f, b_lo, at, notice_before))) {
            tcand c = {0};
            c.fs = at;
            c.fe = at + len;
            c.days = d.days;
            c.score = base + 2;
            c.rule = "term.notice.next_sentence";
            offer(&st->notice, &c);
            return;
        }
    }
}

/* Returns 1 when the sentence states a renewal without its notice period. */
static int read_sentence(tstate *st, size_t ss, size_t se, int heading, int after_renewal)
{
    const char *f = st->x->flat;
    const pct_xt_index *xi = st->x->xi;
    if (after_renewal)
        notice_after_renewal(st, after_renewal, ss, se);
    /* every strong cue holds one of these words: test them first, so most
     * sentences cost a few scans instead of one per cue */
    static const char *const gate[] = {"term", "agreement", "renew*", "extend*", "expire",
                                       "effect", "contract", "period", "force"};
    int strong = (heading || ANY(xi, f, ss, se, gate)) && ANY(xi, f, ss, se, strong_cues);
    if (!heading && !strong)
        return 0;
    int base = (heading ? 2 : 0) + (strong ? 1 : 0);
    int renewal_sentence = ANY(xi, f, ss, se, renew_words);
    int had_notice = st->notice.score;
    for (size_t p = ss; p < se;) {
        pct_duration d;
        size_t len = 0;
        size_t at = pct_scan__next_duration(f, se, p, &d, &len);
        if (at >= se || !len)
            break;
        p = at + len;
        one_duration(st, base, ss, se, at, at + len, &d, renewal_sentence);
    }
    sentence_dates(st, base, ss, se);
    if (renewal_sentence) {
        tcand c = {0};
        c.fs = ss;
        c.fe = se;
        c.score = base + 1;
        if (ANY(xi, f, ss, se, yearly)) {
            c.months = 12;
            c.rule = "term.renewal.year_to_year";
            c.score = base + 3;
            offer(&st->renewal, &c);
        } else if (pct_xt__has(xi, f, ss, se, "month to month") ||
                   pct_xt__has(xi, f, ss, se, "month-to-month")) {
            c.months = 1;
            c.rule = "term.renewal.month_to_month";
            c.score = base + 3;
            offer(&st->renewal, &c);
        } else if (ANY(xi, f, ss, se, same_term) && !st->renew_same) {
            st->renew_same = 1;
            st->renew_same_fs = ss;
            st->renew_same_fe = se;
        } else if (pct_xt__has(xi, f, ss, se, "automatic*")) {
            c.word = "automatic-unspecified";
            c.rule = "term.renewal.automatic";
            offer(&st->renewal, &c);
        }
    }
    if (runs_until_terminated(xi, f, ss, se) &&
        (pct_xt__has(xi, f, ss, se, "this agreement") || heading) &&
        !pct_xt__has(xi, f, ss, se, "survive*")) {
        tcand c = {0};
        c.fs = ss;
        c.fe = se;
        c.word = "perpetual";
        c.score = base + 1;
        c.rule = "term.expiration.until_terminated";
        offer(&st->perpetual, &c);
    }
    st->prev_stops = renewal_sentence && stops_renewal(xi, f, ss, se);
    return renewal_sentence && st->notice.score == had_notice ? base : 0;
}

/* ------------------------------------------------------------- results */

static int set_months(pct_xdoc *x, pct_value *out, const tcand *c)
{
    char buf[24];
    const char *v = c->word;
    if (!v) {
        snprintf(buf, sizeof buf, "%d", c->months);
        v = buf;
    }
    return pct_xdoc__fvalue(x, out, v, c->fs, c->fe, c->rule);
}

static int set_date(pct_xdoc *x, pct_value *out, const pct_date *d, size_t fs, size_t fe,
                    const char *rule, int computed)
{
    char iso[11];
    pct_date__iso(d, iso);
    int err = pct_xdoc__fvalue(x, out, iso, fs, fe, rule);
    out->computed = computed;
    return err;
}

/* Parses an ISO date value ("YYYY-MM-DD") back into a pct_date. */
static int iso_date(const char *s, pct_date *d)
{
    if (!s || strlen(s) != 10)
        return 0;
    memset(d, 0, sizeof *d);
    size_t len = pct_scan__date_at(s, 10, d);
    return len == 10 && d->d > 0;
}

static int finish(tstate *st)
{
    pct_xdoc *x = st->x;
    pct_docfacts *o = x->out;
    int err = 0;
    if (st->initial.score && (err = set_months(x, &o->initial_term, &st->initial)) < 0)
        return err;
    if (st->renewal.score) {
        if ((err = set_months(x, &o->renewal_term, &st->renewal)) < 0)
            return err;
    } else if (st->renew_same && st->initial.score) {
        tcand c = st->initial;
        c.fs = st->renew_same_fs;
        c.fe = st->renew_same_fe;
        c.rule = "term.renewal.same_as_initial";
        if ((err = set_months(x, &o->renewal_term, &c)) < 0)
            return err;
    }
    if (st->notice.score) {
        char buf[24];
        snprintf(buf, sizeof buf, "%d", st->notice.days);
        if ((err = pct_xdoc__fvalue(x, &o->notice_period_to_terminate_renewal, buf,
                                    st->notice.fs, st->notice.fe, st->notice.rule)) < 0)
            return err;
    }
    int weak_eff = o->effective_date.rule && strcmp(o->effective_date.rule,
                                                    "date.effective.signature_date") == 0;
    if ((!o->effective_date.value || weak_eff) && st->start.y != 0) {
        /* the term "commences on" a date: that is when the document takes effect */
        if ((err = set_date(x, &o->effective_date, &st->start, st->start_fs, st->start_fe,
                            "date.effective.term_start", 0)) < 0)
            return err;
    }
    if (st->stated_exp.score && st->stated_exp.score >= st->initial.score)
        return set_date(x, &o->expiration_date, &st->stated_exp.date, st->stated_exp.fs,
                        st->stated_exp.fe, st->stated_exp.rule, 0);
    if (st->initial.score) {
        pct_date start = st->start;
        const char *rule = "term.expiration.start_date_plus_term";
        if (start.y == 0) {
            const char *base = o->effective_date.value ? o->effective_date.value
                                                       : o->agreement_date.value;
            rule = o->effective_date.value ? "term.expiration.effective_date_plus_term"
                                           : "term.expiration.agreement_date_plus_term";
            if (!iso_date(base, &start))
                start.y = 0;
        }
        if (start.y != 0) {
            int months = st->initial.months;
            pct_date end = pct_date__add(&start, months, 0);
            return set_date(x, &o->expiration_date, &end, st->initial.fs, st->initial.fe, rule, 1);
        }
    }
    if (st->stated_exp.score)
        return set_date(x, &o->expiration_date, &st->stated_exp.date, st->stated_exp.fs,
                        st->stated_exp.fe, st->stated_exp.rule, 0);
    if (st->perpetual.score && !st->initial.score)
        return pct_xdoc__fvalue(x, &o->expiration_date, "perpetual", st->perpetual.fs,
                                st->perpetual.fe, st->perpetual.rule);
    return 0;
}

int pct_extract__term(pct_xdoc *x)
{
    tstate st;
    memset(&st, 0, sizeof st);
    st.x = x;
    if (!x->flat || !x->flat_len)
        return 0;
    const char *f = x->flat;
    size_t p = x->fpreamble.end;
    size_t hi = x->flat_len;
    int after = 0;
    pct_xt_heading_memo memo = {0}; /* sentences follow each other within a section */
    while (p < hi) {
        size_t ss, se;
        pct_xt__sentence(f, 0, hi, p, &ss, &se);
        if (se <= p)
            se = p + 1;
        if (ss < p)
            ss = p;
        int heading = pct_xt__heading_has_memo(x->node, x->fmap[ss], term_headings,
                                               sizeof term_headings / sizeof *term_headings,
                                               &memo);
        /* a renewal stated without its notice: look at the next sentence for it */
        after = read_sentence(&st, ss, se, heading, after);
        p = se;
    }
    return finish(&st);
}
