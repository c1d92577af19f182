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
 *
 * The body scan does not try its cues at every byte: every body cue holds a
 * rare "gate" word (effect*, force, dated), so it visits only the few words
 * before each gate word, which the document's word index (xt_index.h) finds.
 * There it dispatches on the anchor (the first words) of each cue group and
 * tries that group's cues in table order, so it takes the same cues, in the
 * same text order, as a scan of every offset would. How far back to look is
 * computed once per process from the cue tables (pthread_once); a cue
 * without a gate word would make the scan visit every offset instead.
 */
#include "extract.h"
#include "extract_text.h"
#include "scan.h"

#include <pthread.h>
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

/* The body cues. Each is tried where its group's anchor occurs (found
 * through the document's word index, never by a byte scan); at one offset
 * the cues of its group are tried in their order here, and the first that
 * matches is taken. */
typedef enum cue_kind {
    CUE_NONE = 0,
    CUE_DEF,   /* defines or states the effective date: read it after the cue */
    CUE_DATED, /* "this agreement is dated": the agreement date follows */
    CUE_VERB,  /* "<subject> shall be effective ...": read when the subject is the document */
} cue_kind;

typedef struct body_cue {
    const char *cue;
    cue_kind kind;
    const char *rule; /* CUE_DEF: the rule of what it reads */
} body_cue;

#define DEF_DEFINED(c) {c, CUE_DEF, "date.effective.defined"}
#define DEF_STATED(c) {c, CUE_DEF, "date.effective.stated"}
#define VERB(c) {c, CUE_VERB, NULL}

static const body_cue quoted_cues[] = {
    DEF_DEFINED("\"effective date\" means"),      DEF_DEFINED("\"effective date\" shall mean"),
    DEF_DEFINED("\"effective date\" is"),         DEF_DEFINED("\"effective date\" has the meaning"),
    DEF_DEFINED("\"effective date\" refers to"),  DEF_DEFINED("\"effective date\":"),
    DEF_DEFINED("\"effective date\" shall be"),   DEF_DEFINED("\"effective date\" will be"),
};
static const body_cue effective_cues[] = {
    DEF_DEFINED("effective date\" means"),
    DEF_DEFINED("effective date\" shall mean"),
    DEF_DEFINED("effective date means"),
    DEF_DEFINED("effective date shall mean"),
    DEF_STATED("effective date of this agreement shall be"),
    DEF_STATED("effective date of this agreement is"),
};
static const body_cue this_cues[] = {
    DEF_STATED("this agreement shall become effective on"),
    DEF_STATED("this agreement shall become effective as of"),
    DEF_STATED("this agreement shall be effective as of"),
    DEF_STATED("this agreement shall be effective on"),
    DEF_STATED("this agreement shall be effective from"),
    DEF_STATED("this agreement is effective as of"),
    DEF_STATED("this agreement is effective on"),
    DEF_STATED("this agreement shall become effective upon"),
    DEF_STATED("this agreement shall be effective upon"),
    DEF_STATED("this agreement will become effective on"),
    DEF_STATED("this agreement will be effective as of"),
    DEF_STATED("this agreement will be effective on"),
    /* "14.6 This Agreement is dated April 29, 2010." at the end */
    {"this agreement is dated", CUE_DATED, NULL},
};
/* The verbs read "This [letter] agreement / contract shall be effective as of
 * ...": the words before them name the subject. (A statement that is also a
 * verb, "shall take effect on", is taken as the statement: it comes first.) */
static const body_cue shall_cues[] = {
    DEF_STATED("shall take effect on"),
    DEF_STATED("shall come into force on"),
    DEF_STATED("shall come into effect on"),
    DEF_STATED("shall enter into force on"),
    VERB("shall be effective as of"),
    VERB("shall become effective as of"),
    VERB("shall be effective on"),
    VERB("shall become effective on"),
    VERB("shall be effective from"),
    VERB("shall take effect on"),
    VERB("shall be in full force and effect commencing on"),
    VERB("shall be effective from and after"),
    VERB("shall become effective from and after"),
};
static const body_cue will_cues[] = {
    VERB("will be effective as of"),
    VERB("will become effective on"),
    VERB("will be effective on"),
    VERB("will be effective from and after"),
};
static const body_cue is_cues[] = {VERB("is effective as of")};
static const body_cue to_cues[] = {DEF_STATED("to be effective as of")};

#undef DEF_DEFINED
#undef DEF_STATED
#undef VERB

/* A group of cues and its anchor: a pattern of letters that each cue of the
 * group starts with, ending where the cue goes on with a non-letter (white
 * space or a quote), so wherever a cue matches as a word its anchor does too.
 * The anchors of different groups start with different words, so at most
 * one group has its anchor at any offset. */
typedef struct body_group {
    const char *anchor;
    int quoted; /* the cues start with a double quote (QUOTE_MAX bytes at most) before it */
    const body_cue *cues;
    size_t n;
} body_group;

#define GROUP(anchor, quoted, cues) {anchor, quoted, cues, sizeof cues / sizeof *cues}
static const body_group body_groups[] = {
    GROUP("effective date", 1, quoted_cues),
    GROUP("effective date", 0, effective_cues),
    GROUP("this agreement", 0, this_cues),
    GROUP("shall", 0, shall_cues),
    GROUP("will", 0, will_cues),
    GROUP("is effective as of", 0, is_cues),
    GROUP("to be effective as of", 0, to_cues),
};
#undef GROUP
#define BODY_GROUPS (sizeof body_groups / sizeof *body_groups)

/* Gate words: every body cue contains one (the cues are about taking
 * effect, coming into force or being dated), and they are rare in
 * contracts, unlike the cues' first words ("this", "shall", "to"). The scan
 * visits only the few words before each gate word (found through the word
 * index): a cue that matches has one of them as its start. */
static const char *const gate_words[] = {"effect*", "force", "dated"};
#define GATE_COUNT (sizeof gate_words / sizeof *gate_words)
#define QUOTE_MAX 3 /* bytes of the longest double quote (UTF-8 curly quotes) */

/* Computed once per process from the cue tables (gate_init), read-only after. */
static size_t gate_back;  /* most words any cue has before its first gate word */
static int gate_bounded;  /* 0: some cue has no gate word, so every offset is visited */
static pthread_once_t gate_once = PTHREAD_ONCE_INIT;

static int is_word_byte(unsigned char c) { return pct__is_alpha(c) || pct__is_digit(c); }

/* The words of `cue` before its first gate word (a word a gate pattern
 * matches at, as it would match the text the cue matched there), or -1 when
 * it has none, or opens with anything but a word or one double quote. */
static long cue_gate_words(const char *cue)
{
    size_t len = strlen(cue), i = cue[0] == '"' ? 1 : 0;
    if (!is_word_byte((unsigned char)cue[i]))
        return -1;
    for (long words = 0; i < len; words++) {
        for (size_t k = 0; k < GATE_COUNT; k++)
            if (pct_xt__match_word(cue, 0, i, len, gate_words[k]))
                return words;
        while (i < len && is_word_byte((unsigned char)cue[i]))
            i++;
        while (i < len && !is_word_byte((unsigned char)cue[i]))
            i++;
    }
    return -1;
}

static void gate_init(void)
{
    size_t back = 0;
    for (size_t g = 0; g < BODY_GROUPS; g++) {
        for (size_t k = 0; k < body_groups[g].n; k++) {
            long w = cue_gate_words(body_groups[g].cues[k].cue);
            if (w < 0)
                return; /* gate_bounded stays 0 */
            if ((size_t)w > back)
                back = (size_t)w;
        }
    }
    gate_back = back;
    gate_bounded = 1;
}

/* 1 when a double quote (as the patterns' '"' matches it) may start at byte c. */
static int quote_start(unsigned char c)
{
    return c == '"' || c == '\'' || c == '`' || c == 0xE2;
}

/* Tries the cues of g at offset i in order and acts on the first that
 * matches. Returns the bytes it matched when the scan resumes after them
 * (a definition, statement or verb), else 0. */
static size_t try_group(dstate *st, const body_group *g, size_t bs, size_t be, size_t i)
{
    pct_xdoc *x = st->x;
    const char *f = x->flat;
    const pct_xt_index *xi = x->xi;
    for (size_t k = 0; k < g->n; k++) {
        const body_cue *c = &g->cues[k];
        size_t m = pct_xt__match_word(f, bs, i, be, c->cue);
        if (!m)
            continue;
        size_t ss, se;
        if (c->kind == CUE_DEF) {
            pct_xt__sentence(f, bs, be, i, &ss, &se);
            read_eff_def(st, i, i + m, se, c->rule);
            return m;
        }
        if (c->kind == CUE_DATED) {
            pct_date d;
            size_t len = 0;
            size_t at = pct_scan__next_date(f, i + m + 12 < be ? i + m + 12 : be, i + m, &d, &len);
            if (len && full_date(&d))
                offer(&st->agree, &d, at, at + len, 4, "date.body.agreement_is_dated");
            return 0;
        }
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
            pct_xt__sentence(f, bs, be, i, &ss, &se);
            read_eff_def(st, i, i + m, se, "date.effective.stated");
        }
        return m;
    }
    return 0;
}

/* Tries the cues at every offset of [from, to) a cue can start at (a word
 * start, or a quote), skipping the offsets below *cur (inside a cue read
 * before); *cur moves past each cue read. */
static void scan_window(dstate *st, size_t bs, size_t be, size_t from, size_t to, size_t *cur)
{
    const char *f = st->x->flat;
    for (size_t p = from > *cur ? from : *cur; p < to; p = p + 1 > *cur ? p + 1 : *cur) {
        unsigned char c = (unsigned char)f[p];
        size_t m = 0;
        if (is_word_byte(c)) {
            if (p > bs && is_word_byte((unsigned char)f[p - 1]))
                continue;
            /* the one group whose anchor (first words) stands here, if any */
            for (size_t g = 0; g < BODY_GROUPS; g++) {
                const body_group *bg = &body_groups[g];
                if (!bg->quoted && pct_xt__match_word(f, bs, p, be, bg->anchor)) {
                    m = try_group(st, bg, bs, be, p);
                    break;
                }
            }
        } else if (quote_start(c)) {
            for (size_t g = 0; g < BODY_GROUPS && !m; g++)
                if (body_groups[g].quoted)
                    m = try_group(st, &body_groups[g], bs, be, p);
        }
        if (m)
            *cur = p + m;
    }
}

/* The body's statements of the effective date, in text order, as if every
 * offset were tried: only the offsets up to gate_back words (and a quote)
 * before each gate word are, since no cue starts anywhere else. The windows
 * are visited in increasing order and never overlap (each starts after the
 * last gate), so the offsets are visited in text order, once. */
static void scan_body(dstate *st, size_t bs, size_t be)
{
    pct_xdoc *x = st->x;
    const char *f = x->flat;
    size_t cur = bs; /* offsets below it lie inside a cue read already */
    pthread_once(&gate_once, gate_init);
    if (!gate_bounded) {
        scan_window(st, bs, be, bs, be, &cur);
        return;
    }
    size_t gpos[GATE_COUNT];
    for (size_t k = 0; k < GATE_COUNT; k++)
        gpos[k] = pct_xt__find_word(x->xi, f, bs, bs, be, gate_words[k]);
    for (size_t done = bs;;) { /* offsets below `done` were visited */
        size_t g = be;
        for (size_t k = 0; k < GATE_COUNT; k++)
            if (gpos[k] < g)
                g = gpos[k];
        if (g >= be)
            break;
        for (size_t k = 0; k < GATE_COUNT; k++)
            if (gpos[k] == g)
                gpos[k] = pct_xt__find_word(x->xi, f, bs, g + 1, be, gate_words[k]);
        /* back gate_back words from the gate, then over a quote */
        size_t lim = done > cur ? done : cur, w = g;
        for (size_t k = 0; k < gate_back && w > lim; k++) {
            while (w > lim && !is_word_byte((unsigned char)f[w - 1]))
                w--;
            while (w > lim && is_word_byte((unsigned char)f[w - 1]))
                w--;
        }
        w = w > lim + QUOTE_MAX ? w - QUOTE_MAX : lim;
        scan_window(st, bs, be, w, g + 1, &cur);
        done = g + 1;
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
               strncmp(x->out->agreement_date.rule, "date.signature", 14) == 0 &&
               !st.eff_def_rule) {
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
