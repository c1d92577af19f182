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
 *
 * Cost: the sentences are those pct_xt__sentence gives from the end of the
 * previous one, but only the few that can matter are visited: one under a
 * term heading (asked only inside the TEXT ranges of such sections), one
 * after a renewal sentence, one holding a strong cue (found once per
 * document through each cue's rarest word in the word index, struct cues),
 * and a sentence cut at PCT_XT_SENTENCE_MAX. Between them the walk hops
 * from sentence end to sentence end (memchr to the terminator bytes, the
 * end test of extract_text.c repeated here). In a visited sentence its
 * words' three leading letters answer most cue searches without
 * pct_xt__has (struct scope).
 * Invariant: the state is the one reading every sentence plainly gives;
 * debug builds read the document that way too and assert it, and check
 * each visited sentence's bounds, cue and heading answers.
 */
#include "extract.h"
#include "extract_text.h"
#include "scan.h"

#include <assert.h>
#include <stdint.h>
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

/* The cue searches of one sentence. Most cue lists name words the sentence
 * does not hold, so the sentence's words are noted first, one bit per
 * three leading letters (`seen`, hashed), and a search whose pattern begins
 * with three letters that start no word of the sentence is answered "no"
 * without asking pct_xt__has. That answer is exact: a match of the pattern
 * in [a, b) starts at a, or at a word start of the sentence (the byte
 * before it is no letter or digit), and its first three bytes are the
 * pattern's letters, inside the sentence. */
#define SEEN_BITS 4096 /* bits of `seen`: a power of two, far more than a sentence's words */
typedef struct scope {
    const pct_xt_index *xi;
    const char *f;
    size_t s, e;                   /* the sentence noted in `seen` (s == e: none) */
    int plain;                     /* note nothing: ask pct_xt__has every time (debug) */
    uint64_t seen[SEEN_BITS / 64]; /* the three-letter starts of its words */
} scope;

/* The letters and digits: what the matcher calls a word byte. */
#define W6(c) [c] = 1, [c + 1] = 1, [c + 2] = 1, [c + 3] = 1, [c + 4] = 1, [c + 5] = 1
#define W10(c) W6(c), [c + 6] = 1, [c + 7] = 1, [c + 8] = 1, [c + 9] = 1
static const unsigned char word_byte[256] = {W10('0'), W10('A'), W10('K'), W6('U'),
                                             W10('a'), W10('k'), W6('u')};
#undef W10
#undef W6
static int is_word(unsigned char c) { return word_byte[c]; }

/* The bit of three word bytes, the same for either case ('A' & 31 == 'a' & 31). */
static unsigned key3(const char *w)
{
    unsigned k = ((unsigned)(w[0] & 31) << 10) | ((unsigned)(w[1] & 31) << 5) |
                 (unsigned)(w[2] & 31);
    return (k ^ (k >> 12)) & (SEEN_BITS - 1);
}

static int seen(const scope *sc, unsigned k) { return (sc->seen[k / 64] >> (k % 64)) & 1; }

/* Notes the words of [s, e). A word is skipped without bounds checks: the
 * flat text ends in a NUL, which is no word byte. */
static void scope_load(scope *sc, size_t s, size_t e)
{
    const unsigned char *q = (const unsigned char *)sc->f + s;
    const unsigned char *end = (const unsigned char *)sc->f + e;
    if (sc->plain)
        return;
    memset(sc->seen, 0, sizeof sc->seen);
    sc->s = s;
    sc->e = e;
    while (q < end) {
        if (!word_byte[*q]) {
            q++;
            continue;
        }
        if (q + 2 < end && word_byte[q[1]] && word_byte[q[2]]) {
            unsigned k = key3((const char *)q);
            sc->seen[k / 64] |= (uint64_t)1 << (k % 64);
        }
        for (q += 1; word_byte[*q]; q++)
            ;
        q++; /* the byte after a word is none */
    }
}

/* Notes no sentence: every search is asked. */
static void scope_clear(scope *sc) { sc->s = sc->e = 0; }

/* 0 when `pat` cannot match in [a, b) (see scope); 1 when it may. */
static inline int may_have(const scope *sc, size_t a, size_t b, const char *pat)
{
    if (a >= b)
        return 0;
    if (a < sc->s || b > sc->e || sc->s == sc->e)
        return 1; /* outside the sentence: not known */
    if (!is_word((unsigned char)pat[0]) || !is_word((unsigned char)pat[1]) ||
        !is_word((unsigned char)pat[2]))
        return 1;
    unsigned k = key3(pat);
    if (seen(sc, k))
        return 1;
    /* a match at `a` inside a word: the word start noted is further back */
    return a > sc->s && a + 2 < b && is_word((unsigned char)sc->f[a - 1]) &&
           key3(sc->f + a) == k;
}

static inline int has(const scope *sc, size_t a, size_t b, const char *pat)
{
    return may_have(sc, a, b, pat) && pct_xt__has(sc->xi, sc->f, a, b, pat);
}

static size_t find(const scope *sc, size_t a, size_t b, const char *pat)
{
    return may_have(sc, a, b, pat) ? pct_xt__find(sc->xi, sc->f, a, b, pat) : b;
}

static int any(const scope *sc, size_t s, size_t e, const char *const *pats, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (has(sc, s, e, pats[k]))
            return 1;
    return 0;
}
#define ANY(sc, s, e, arr) any(sc, s, e, arr, sizeof arr / sizeof *arr)

typedef struct tstate {
    pct_xdoc *x;
    scope sc;            /* the cue searches of the sentence being read */
    tcand initial, stated_exp, perpetual, renewal, notice;
    pct_date start;      /* a start date named with the initial term */
    size_t start_fs, start_fe;
    int prev_stops;      /* the last renewal sentence read renews unless stopped */
    int renew_same;      /* renewals "equal to the initial term" */
    size_t renew_same_fs, renew_same_fe;
} tstate;

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

static int until_event_end(const scope *sc, size_t ss, size_t se)
{
    const char *f = sc->f;
    for (size_t k = 0; k < sizeof until_event / sizeof *until_event; k++) {
        size_t at = find(sc, ss, se, until_event[k]);
        if (at >= se)
            continue;
        size_t u = at + pct_xt__match(f + at, se - at, until_event[k]);
        size_t look = u + UNTIL_EVENT_LOOK < se ? u + UNTIL_EVENT_LOOK : se;
        pct_date d;
        size_t len = 0;
        if (pct_scan__next_date(f, look, u, &d, &len) < look || ANY(sc, u, look, fixed_end) ||
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
static int runs_until_terminated(const scope *sc, size_t ss, size_t se)
{
    const char *f = sc->f;
    for (size_t k = 0; k < sizeof perpetual_words / sizeof *perpetual_words; k++) {
        const char *w = perpetual_words[k];
        size_t at = find(sc, ss, se, w);
        if (at >= se)
            continue;
        size_t to = at + 40 < se ? at + 40 : se;
        if (w[0] == 'p' &&
            (has(sc, at, to, "licen*") || has(sc, at, to, "right*")))
            continue;
        if (strncmp(w, "until", 5) == 0 || strncmp(w, "unless", 6) == 0) {
            size_t wend = at + pct_xt__match(f + at, se - at, w);
            size_t near = wend + 12 < se ? wend + 12 : se;
            if (ANY(sc, wend, near, earlier_words) || period_before(f, ss, at))
                continue;
        }
        return 1;
    }
    return until_event_end(sc, ss, se);
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
static int stops_renewal(const scope *sc, size_t ss, size_t se)
{
    static const char *const stop[] = {"unless", "non-renewal", "nonrenewal", "not to renew",
                                       "not renew", "terminat*", "automatic*", "cancel*",
                                       "not be renewed", "not wish to renew", "not to extend"};
    static const char *const option[] = {"option to renew", "option to extend", "mutual*",
                                         "may be renewed", "may renew", "elect to renew",
                                         "exercise", "may be extended", "request to renew",
                                         "negotiate"};
    return ANY(sc, ss, se, stop) && !ANY(sc, ss, se, option);
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
    const scope *sc = &st->sc;
    size_t a_to = de + NOTICE_FWD < se ? de + NOTICE_FWD : se;
    size_t b_lo = ds > ss + NOTICE_BACK ? ds - NOTICE_BACK : ss;
    size_t r_lo = ds > ss + RENEW_BACK ? ds - RENEW_BACK : ss;
    /* the words right after: "days prior to", "days' written notice" */
    size_t near_to = de + 25 < se ? de + 25 : se;
    int notice = ANY(sc, de, near_to, notice_after) || ANY(sc, b_lo, ds, notice_before);
    /* a renewal cue before the duration, not separated by the end of a clause */
    int renew = ANY(sc, r_lo, ds, renew_before);
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
        ANY(sc, ds > ss + 40 ? ds - 40 : ss, ds, renew_before))
        notice = 0;
    if (notice &&
        (renewal_sentence || has(sc, ss, se, "non-renewal") ||
         has(sc, ss, se, "expiration") || has(sc, ss, se, "then-current") ||
         has(sc, ss, se, "then current") || has(sc, ss, se, "end of"))) {
        if (renewal_sentence && d->days > 0 && stops_renewal(sc, ss, se)) {
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
    if (d->months > 0 && d->months < 6 && !ANY(sc, ss, se, short_ok))
        return;
    if (ANY(sc, ss, ds, after_end))
        return; /* "upon termination ... for six (6) months": a period after the end */
    if (d->months > 0 && (defined || ANY(sc, ss, se, term_words))) {
        int from_eff = has(sc, de, se, "effective date") ||
                       has(sc, de, se, "date of this agreement") ||
                       has(sc, de, se, "date hereof") ||
                       has(sc, de, se, "execution");
        c.score = base + 2 + (from_eff ? 1 : 0);
        c.rule = from_eff ? "term.initial.from_effective_date" : "term.initial.period";
        offer(&st->initial, &c);
    }
}

/* The dates of a term sentence: stated expiration, or the start of the term. */
static void sentence_dates(tstate *st, int base, size_t ss, size_t se)
{
    const char *f = st->x->flat;
    const scope *sc = &st->sc;
    size_t p = ss;
    int extended = has(sc, ss, se, "extended") || has(sc, ss, se, "extend");
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
            (ANY(sc, ss, se, period_defs) ||
             !(has(sc, ss, se, "agreement") || has(sc, ss, se, "term") ||
               has(sc, ss, se, "contract"))))
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
    const scope *sc = &st->sc;
    if (!has(sc, ss, se, "notice") || se - ss > NEXT_SENTENCE_MAX ||
        !(st->prev_stops || stops_renewal(sc, ss, se)))
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
            (ANY(sc, at + len, near_to, notice_after) || ANY(sc, b_lo, at, notice_before))) {
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

/* Returns 1 when the sentence states a renewal without its notice period.
 * `cue` is 1 when [ss, se) holds a strong cue, 0 when not, -1 when unknown
 * (then it is looked up here). */
static int read_sentence(tstate *st, size_t ss, size_t se, int heading, int after_renewal,
                         int cue)
{
    const char *f = st->x->flat;
    const scope *sc = &st->sc;
    if (heading || cue != 0)
        scope_load(&st->sc, ss, se);
    else
        scope_clear(&st->sc); /* only the notice after a renewal is looked for: ask plainly */
    if (after_renewal)
        notice_after_renewal(st, after_renewal, ss, se);
    /* every strong cue holds one of these words (kept from the days every
     * sentence was read: the answer is the same) */
    static const char *const gate[] = {"term", "agreement", "renew*", "extend*", "expire",
                                       "effect", "contract", "period", "force"};
    if (cue < 0)
        cue = ANY(sc, ss, se, strong_cues);
    int strong = cue && (heading || ANY(sc, ss, se, gate));
    if (!heading && !strong)
        return 0;
    int base = (heading ? 2 : 0) + (strong ? 1 : 0);
    int renewal_sentence = ANY(sc, ss, se, renew_words);
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
        if (ANY(sc, ss, se, yearly)) {
            c.months = 12;
            c.rule = "term.renewal.year_to_year";
            c.score = base + 3;
            offer(&st->renewal, &c);
        } else if (has(sc, ss, se, "month to month") ||
                   has(sc, ss, se, "month-to-month")) {
            c.months = 1;
            c.rule = "term.renewal.month_to_month";
            c.score = base + 3;
            offer(&st->renewal, &c);
        } else if (ANY(sc, ss, se, same_term) && !st->renew_same) {
            st->renew_same = 1;
            st->renew_same_fs = ss;
            st->renew_same_fe = se;
        } else if (has(sc, ss, se, "automatic*")) {
            c.word = "automatic-unspecified";
            c.rule = "term.renewal.automatic";
            offer(&st->renewal, &c);
        }
    }
    if (runs_until_terminated(sc, ss, se) &&
        (has(sc, ss, se, "this agreement") || heading) &&
        !has(sc, ss, se, "survive*")) {
        tcand c = {0};
        c.fs = ss;
        c.fe = se;
        c.word = "perpetual";
        c.score = base + 1;
        c.rule = "term.expiration.until_terminated";
        offer(&st->perpetual, &c);
    }
    st->prev_stops = renewal_sentence && stops_renewal(sc, ss, se);
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

/* ------------------------------------------------------ sentence walk */

/* The sentences are those pct_xt__sentence gives when called from the end
 * of the previous one (the "chain"). Walking the chain with it costs a
 * byte loop over the whole document; the walker below finds the same ends
 * by jumping (memchr) from one terminator byte to the next and testing only
 * there, with extract_text.c's own end test (pct_xt__sentence_ends); debug
 * builds check every sentence against pct_xt__sentence. */

#define NTERM 4
static const char terminators[NTERM] = {'.', '?', '!', '\n'};
static const unsigned char term_byte[256] = {['.'] = 1, ['?'] = 1, ['!'] = 1, ['\n'] = 1};

typedef struct walker {
    const char *f;
    size_t hi;
    /* next[k]: the first offset >= lo[k] of terminators[k] (hi when none), so
     * the answer for any from in [lo[k], next[k]] */
    size_t lo[NTERM], next[NTERM];
} walker;

static void walker_init(walker *w, const char *f, size_t hi)
{
    w->f = f;
    w->hi = hi;
    for (int k = 0; k < NTERM; k++)
        w->lo[k] = w->next[k] = hi; /* the first at or after hi: none */
}

/* The first terminator byte at or after from (hi when none). A search
 * starting before the known range looks only up to it. */
static size_t next_term(walker *w, size_t from)
{
    size_t best = w->hi;
    for (int k = 0; k < NTERM; k++) {
        if (from < w->lo[k]) {
            const char *q = memchr(w->f + from, terminators[k], w->lo[k] - from);
            if (q)
                w->next[k] = (size_t)(q - w->f);
            w->lo[k] = from;
        } else if (from > w->next[k]) {
            const char *q = memchr(w->f + from, terminators[k], w->hi - from);
            w->lo[k] = from;
            w->next[k] = q ? (size_t)(q - w->f) : w->hi;
        }
        if (w->next[k] < best)
            best = w->next[k];
    }
    return best;
}

/* The first offset in [from, to) where a sentence ends, or `to`. Mostly
 * `from` grows from call to call, and next_term then finds each terminator
 * byte once. */
static size_t next_end(walker *w, size_t from, size_t to)
{
    for (;;) {
        size_t t = next_term(w, from);
        if (t >= to)
            return to;
        if (pct_xt__sentence_ends(w->f, 0, w->hi, t))
            return t;
        from = t + 1;
    }
}

#define HOP_LOOK 250 /* bytes a hop searches at a time, backwards from its limit */
#define NO_END ((size_t)-1)

/* The last offset in [lo, to) where a sentence ends, or NO_END: the
 * windows of HOP_LOOK bytes before `to` are searched one after the other. */
static size_t last_end(walker *w, size_t lo, size_t to)
{
    for (size_t top = to; top > lo;) {
        size_t from = top - lo > HOP_LOOK ? top - HOP_LOOK : lo;
        size_t last = NO_END;
        for (size_t e = next_end(w, from, top); e < top; e = next_end(w, e + 1, top))
            last = e;
        if (last != NO_END)
            return last;
        top = from;
    }
    return NO_END;
}

/* How the sentence before p ended. */
enum { PREV_NONE, PREV_END, PREV_CUT };

/* The chain's sentence from `p`: [*ss, *se). Its start is p past white
 * space when a sentence ended right before p (or p is 0), else p itself:
 * pct_xt__sentence looks back from p to the last end, and clamps what it
 * finds to p unless only white space lies between (p follows a space: then
 * it is asked). Returns PREV_END when the sentence ends at a terminator,
 * PREV_CUT when it was cut at PCT_XT_SENTENCE_MAX. */
static int next_sentence(walker *w, size_t p, int prev, size_t *ss, size_t *se)
{
    size_t emax = w->hi - p > PCT_XT_SENTENCE_MAX ? p + PCT_XT_SENTENCE_MAX : w->hi;
    size_t e = next_end(w, p, emax);
    int found = e < emax;
    *se = found ? e + 1 : emax;
    if (prev == PREV_END || p == 0 ||
        (term_byte[(unsigned char)w->f[p - 1]] && pct_xt__sentence_ends(w->f, 0, w->hi, p - 1))) {
        *ss = pct_xt__skip_ws(w->f, p, *se);
    } else if (!pct__is_space((unsigned char)w->f[p - 1])) {
        *ss = p;
    } else {
        size_t e2;
        pct_xt__sentence(w->f, 0, w->hi, p, ss, &e2);
        if (*ss < p)
            *ss = p;
    }
#ifndef NDEBUG
    size_t s3, e3;
    pct_xt__sentence(w->f, 0, w->hi, p, &s3, &e3);
    assert((s3 < p ? p : s3) == *ss && e3 == *se);
#endif
    return found ? PREV_END : PREV_CUT;
}

/* ------------------------------------------------------ strong cue hits */

#define NCUES (sizeof strong_cues / sizeof *strong_cues)

/* Each strong cue is looked for through one of its words, its anchor: the
 * rarest word of the cue, so the word index hands over few offsets (the two
 * cues made of common words only are their own anchors). */
static const char *const anchors[] = {"term", "continue", "remain", "automatically", "expire",
                                      "terminate", "period", "contract", "effect",
                                      "agreement shall be for", "agreement is for"};
enum { A_TERM, A_CONTINUE, A_REMAIN, A_AUTO, A_EXPIRE, A_TERMINATE, A_PERIOD, A_CONTRACT,
       A_EFFECT, A_SHALL_BE_FOR, A_IS_FOR, NANCHORS };
_Static_assert(sizeof anchors / sizeof *anchors == NANCHORS, "one anchor name each");
/* the anchor of each strong cue (in the order of strong_cues) */
static const unsigned char cue_anchor[] = {
    A_TERM, A_TERM, A_CONTINUE, A_REMAIN, A_CONTINUE, A_REMAIN, A_CONTINUE, A_REMAIN, A_REMAIN,
    A_CONTINUE, A_AUTO, A_AUTO, A_AUTO, A_TERM, A_EXPIRE, A_TERM, A_SHALL_BE_FOR, A_IS_FOR,
    A_TERM, A_TERMINATE, A_TERMINATE, A_PERIOD, A_TERM, A_TERM, A_CONTRACT, A_PERIOD, A_TERM,
    A_TERM, A_TERM, A_TERM, A_EFFECT, A_REMAIN, A_EFFECT, A_TERM};
_Static_assert(sizeof cue_anchor == NCUES, "one anchor per strong cue");

/* Where each anchor occurs next in the flat text (pct_xt__find with the
 * word index), walked once through the document.
 *
 * Why a sentence holds a strong cue exactly when one of its anchor
 * offsets, moved back by the anchor's place in the cue, matches the cue
 * within the sentence's bounds: in the flat text every run of white space
 * is one space, so a cue matching at i has its anchor at i + off; the
 * anchor is a whole word of the cue (a space before it or the cue's start,
 * a space, '*' or the cue's end after it), so it matches there as a word
 * too, and the document-wide search finds it, provided the sentence's own
 * bounds take nothing away: the byte before the sentence is no letter or
 * digit and the byte after it no letter (`bounded` below; a sentence cut
 * in the middle of a word is also tried at its bounds, cue_at_bounds).
 * Debug builds check the answer against pct_xt__has for every sentence
 * visited. */
typedef struct cues {
    size_t off[NCUES];     /* byte of the cue where its anchor starts */
    size_t next[NANCHORS]; /* offset of a possible match of the anchor (hi: none) */
    size_t first;          /* the least of next[] */
} cues;

static void cues_init(cues *c, const pct_xdoc *x, size_t from)
{
    for (size_t k = 0; k < NCUES; k++) {
        const char *a = strstr(strong_cues[k], anchors[cue_anchor[k]]);
        assert(a && (a == strong_cues[k] || a[-1] == ' '));
        c->off[k] = (size_t)(a - strong_cues[k]);
    }
    c->first = x->flat_len;
    for (size_t a = 0; a < NANCHORS; a++) {
        c->next[a] = pct_xt__find(x->xi, x->flat, from, x->flat_len, anchors[a]);
        if (c->next[a] < c->first)
            c->first = c->next[a];
    }
}

/* 1 when a strong cue matches in the sentence [ss, se) (see above); the
 * anchor offsets before se are used up. */
static int cues_in(cues *c, const pct_xdoc *x, size_t ss, size_t se)
{
    int hit = 0;
    c->first = x->flat_len;
    for (size_t a = 0; a < NANCHORS; a++) {
        while (c->next[a] < se) {
            size_t at = c->next[a];
            for (size_t k = 0; k < NCUES && !hit && at >= ss; k++)
                hit = cue_anchor[k] == a && at - ss >= c->off[k] &&
                      pct_xt__match_word(x->flat, ss, at - c->off[k], se, strong_cues[k]);
            c->next[a] = pct_xt__find(x->xi, x->flat, at + 1, x->flat_len, anchors[a]);
        }
        if (c->next[a] < c->first)
            c->first = c->next[a];
    }
    return hit;
}

/* 1 when a strong cue matches in [ss, se) right at ss or ending right at
 * se: the matches a sentence cut inside a word may hold that the document
 * search does not see (there the byte before ss, or after se, is part of
 * the word). In the flat text a cue without '*' is as long as its pattern;
 * one with '*' has no end check. */
static int cue_at_bounds(const pct_xdoc *x, size_t ss, size_t se)
{
    for (size_t k = 0; k < NCUES; k++) {
        size_t len = strlen(strong_cues[k]);
        if (pct_xt__match_word(x->flat, ss, ss, se, strong_cues[k]) ||
            (strong_cues[k][len - 1] != '*' && se - ss >= len &&
             pct_xt__match_word(x->flat, ss, se - len, se, strong_cues[k])))
            return 1;
    }
    return 0;
}

/* ------------------------------------------------------ heading ranges */

#define HEAD_RANGES_MAX 64 /* merged TEXT ranges of term headings kept; beyond, ask everywhere */

/* The TEXT ranges of the sections below the document whose heading names
 * the term, merged: a sentence outside them cannot be under such a heading
 * (pct_xt__heading_has_memo looks only at sections holding the sentence),
 * so only sentences inside are asked about. */
typedef struct hranges {
    size_t start[HEAD_RANGES_MAX], end[HEAD_RANGES_MAX]; /* TEXT offsets */
    size_t fstart[HEAD_RANGES_MAX];                      /* the flat offset of start */
    size_t n, at;
    int all; /* too many, or out of order: ask for every sentence */
} hranges;

static void hranges_build(hranges *h, const pct_xdoc *x)
{
    const pct_node *root = x->node;
    memset(h, 0, sizeof *h);
    const pct_node *c = root->first;
    while (c && !h->all) {
        const char *hd = c->heading;
        int has = 0;
        if (hd && c->type != PCT_NODE_TITLE) {
            /* as pct_xt__has(NULL, hd, ...) for each heading word: a match
             * starts at a word start, so only those are tried */
            size_t hl = strlen(hd);
            for (size_t i = 0; i < hl && !has; i++) {
                if (i > 0 && is_word((unsigned char)hd[i - 1]))
                    continue;
                for (size_t k = 0; k < sizeof term_headings / sizeof *term_headings && !has; k++)
                    has = pct_xt__match_word(hd, 0, i, hl, term_headings[k]) > 0;
            }
        }
        if (has) {
            if (h->n && c->span.start < h->start[h->n - 1]) {
                h->all = 1; /* not in order: cannot happen in a built tree */
            } else if (h->n && c->span.start <= h->end[h->n - 1]) {
                if (c->span.end > h->end[h->n - 1])
                    h->end[h->n - 1] = c->span.end;
            } else if (h->n == HEAD_RANGES_MAX) {
                h->all = 1;
            } else {
                h->start[h->n] = c->span.start;
                h->end[h->n++] = c->span.end;
            }
        }
        /* preorder: down, else next, else up to the first ancestor with a next */
        if (c->first) {
            c = c->first;
            continue;
        }
        while (c && c != root && !c->next)
            c = c->parent;
        c = c && c != root ? c->next : NULL;
    }
    for (size_t k = 0; k < h->n; k++)
        h->fstart[k] = pct_xdoc__flat_at(x, h->start[k]);
}

/* The first flat offset from p on whose sentence may be under a term
 * heading (flat_len when none): p itself inside a range. Offsets p come in
 * increasing order. */
static size_t hranges_next(hranges *h, const pct_xdoc *x, size_t p)
{
    if (h->all)
        return p;
    size_t off = x->fmap[p];
    while (h->at < h->n && h->end[h->at] <= off)
        h->at++;
    if (h->at == h->n)
        return x->flat_len;
    return h->start[h->at] <= off ? p : h->fstart[h->at];
}

/* 0 when TEXT offset `off` is in no range (offsets come in increasing order). */
static int hranges_may(hranges *h, size_t off)
{
    if (h->all)
        return 1;
    while (h->at < h->n && h->end[h->at] <= off)
        h->at++;
    return h->at < h->n && h->start[h->at] <= off;
}

#ifndef NDEBUG
/* 1 when [ss, se) holds a strong cue, asked pattern by pattern (debug check) */
static int strong_cue_plain(const pct_xdoc *x, size_t ss, size_t se)
{
    for (size_t k = 0; k < NCUES; k++)
        if (pct_xt__has(x->xi, x->flat, ss, se, strong_cues[k]))
            return 1;
    return 0;
}

/* The reading the fast one must equal (debug check): every sentence of
 * the chain by pct_xt__sentence, its heading and cues asked plainly. */
static void read_every_sentence(tstate *st)
{
    pct_xdoc *x = st->x;
    size_t p = x->fpreamble.end, hi = x->flat_len;
    int after = 0;
    st->sc.plain = 1;
    while (p < hi) {
        size_t ss, se;
        pct_xt__sentence(x->flat, 0, hi, p, &ss, &se);
        if (se <= p)
            se = p + 1;
        if (ss < p)
            ss = p;
        int heading = pct_xt__heading_has(x->node, x->fmap[ss], term_headings,
                                          sizeof term_headings / sizeof *term_headings);
        after = read_sentence(st, ss, se, heading, after, -1);
        p = se;
    }
}

static int same_cand(const tcand *a, const tcand *b)
{
    return a->score == b->score && a->fs == b->fs && a->fe == b->fe && a->rule == b->rule &&
           a->months == b->months && a->days == b->days && a->date.y == b->date.y &&
           a->date.m == b->date.m && a->date.d == b->date.d && a->word == b->word &&
           a->sent == b->sent && a->sent_end == b->sent_end;
}

static int same_state(const tstate *a, const tstate *b)
{
    return same_cand(&a->initial, &b->initial) && same_cand(&a->stated_exp, &b->stated_exp) &&
           same_cand(&a->perpetual, &b->perpetual) && same_cand(&a->renewal, &b->renewal) &&
           same_cand(&a->notice, &b->notice) && a->start.y == b->start.y &&
           a->start.m == b->start.m && a->start.d == b->start.d &&
           a->start_fs == b->start_fs && a->start_fe == b->start_fe &&
           a->prev_stops == b->prev_stops && a->renew_same == b->renew_same &&
           a->renew_same_fs == b->renew_same_fs && a->renew_same_fe == b->renew_same_fe;
}
#endif

int pct_extract__term(pct_xdoc *x)
{
    tstate st;
    memset(&st, 0, sizeof st);
    st.x = x;
    st.sc.xi = x->xi;
    st.sc.f = x->flat;
    if (!x->flat || !x->flat_len)
        return 0;
    size_t p = x->fpreamble.end;
    size_t hi = x->flat_len;
    int after = 0;
    pct_xt_heading_memo memo = {0}; /* sentences follow each other within a section */
    walker w;
    walker_init(&w, x->flat, hi);
    cues cu;
    hranges hr;
    cues_init(&cu, x, p);
    hranges_build(&hr, x);
    int prev = PREV_NONE; /* the first sentence is found as pct_xt__sentence finds it */
    while (p < hi) {
        if (prev == PREV_END && !after) {
            /* Skip the sentences before the next one that can matter (a cue's
             * anchor t, a term heading): hop from p to the last sentence end
             * before t and less than PCT_XT_SENTENCE_MAX bytes ahead, again
             * and again, until no end lies between p and t. Every sentence
             * end from p on is one of the chain's, and with
             * ends less than the limit apart no sentence between was cut, so
             * each sentence skipped starts and ends at an end (struct cues). */
            size_t t = cu.first, th = hranges_next(&hr, x, p);
            if (th < t)
                t = th;
            while (p < t) {
                size_t bound = t - p > PCT_XT_SENTENCE_MAX ? p + PCT_XT_SENTENCE_MAX : t;
                size_t e = last_end(&w, p, bound);
                if (e == NO_END)
                    break; /* a sentence cut at the limit, or the one holding t */
                p = e + 1;
                if (bound == t)
                    break; /* the last end before t: its sentence follows */
            }
            if (p >= hi)
                break;
        }
        size_t ss, se;
        int ended = next_sentence(&w, p, prev, &ss, &se);
        /* the strong cues of a sentence are known from the anchors (see
         * struct cues); a sentence cut inside a word is also tried at its
         * bounds */
        int bounded = (ss == 0 || !is_word((unsigned char)x->flat[ss - 1])) &&
                      (se >= hi || !pct__is_alpha((unsigned char)x->flat[se]));
        int cue = cu.first < se ? cues_in(&cu, x, ss, se) : 0;
        if (!bounded && !cue)
            cue = cue_at_bounds(x, ss, se);
        assert(cue == strong_cue_plain(x, ss, se));
        int heading = hranges_may(&hr, x->fmap[ss]) &&
                      pct_xt__heading_has_memo(x->node, x->fmap[ss], term_headings,
                                               sizeof term_headings / sizeof *term_headings,
                                               &memo);
        assert(heading == pct_xt__heading_has(x->node, x->fmap[ss], term_headings,
                                              sizeof term_headings / sizeof *term_headings));
        /* a sentence with no cue, heading or renewal before it says nothing */
        if (after || heading || cue != 0)
            after = read_sentence(&st, ss, se, heading, after, cue);
        p = se;
        prev = ended;
    }
#ifndef NDEBUG
    tstate ref;
    memset(&ref, 0, sizeof ref);
    ref.x = x;
    ref.sc.xi = x->xi;
    ref.sc.f = x->flat;
    read_every_sentence(&ref);
    assert(same_state(&st, &ref));
#endif
    return finish(&st);
}
