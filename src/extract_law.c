/*
 * extract_law.c - governing law: the jurisdiction whose laws govern the
 * document, in a canonical spelling ("New York", "England and Wales",
 * "Ontario, Canada", "China").
 *
 * Approach: find the cue phrases of a choice-of-law clause ("governed by",
 * "construed in accordance with", "interpreted under", a "Governing Law"
 * heading) in the document, read the clause that follows (to the end of its
 * sentence, bounded) and take the first jurisdiction named there, preferring
 * a state or province over "United States" / "Canada" when both are named
 * ("the federal laws of the United States and the laws of the State of New
 * York"). Candidates are scored: a clause under a heading that says
 * governing/applicable law beats a bare "governed by" elsewhere, and an
 * earlier clause beats a later one at equal score.
 *
 * pct_jurisdiction__canon() maps a phrase to the canonical name with a fixed
 * table (the spellings of ../shared/cuad/score.py's canonicalisation), taking
 * the longest name that matches at the phrase start after "the", "laws of",
 * "State of", "Commonwealth of", "Province of".
 *
 * Cost: the cues are tried only where one of them occurs ("governed",
 * "construed", ...: rare words, found through the document's word index,
 * xt_index.h), and a phrase is compared only with the names
 * whose first word has its first letter and length (an index built once per
 * process, pthread_once). Both visit the same offsets and names in the same
 * order as trying every offset and every name would, so the answers are the
 * same.
 */
#include "extract.h"
#include "extract_text.h"

#include <pthread.h>
#include <string.h>

#define LAW_CLAUSE_MAX 400 /* bytes read after a cue: a choice-of-law clause names its
                              jurisdiction within a few lines */

typedef struct jur {
    const char *name;  /* pattern (see extract_text.h) */
    const char *canon; /* canonical name */
    int broad;         /* 1 for a country that contains states or provinces */
} jur;

static const jur jurs[] = {
    {"Alabama", "Alabama", 0}, {"Alaska", "Alaska", 0}, {"Arizona", "Arizona", 0},
    {"Arkansas", "Arkansas", 0}, {"California", "California", 0}, {"Colorado", "Colorado", 0},
    {"Connecticut", "Connecticut", 0}, {"Delaware", "Delaware", 0}, {"Florida", "Florida", 0},
    {"Georgia", "Georgia", 0}, {"Hawaii", "Hawaii", 0}, {"Idaho", "Idaho", 0},
    {"Illinois", "Illinois", 0}, {"Indiana", "Indiana", 0}, {"Iowa", "Iowa", 0},
    {"Kansas", "Kansas", 0}, {"Kentucky", "Kentucky", 0}, {"Louisiana", "Louisiana", 0},
    {"Maine", "Maine", 0}, {"Maryland", "Maryland", 0}, {"Massachusetts", "Massachusetts", 0},
    {"Michigan", "Michigan", 0}, {"Minnesota", "Minnesota", 0}, {"Mississippi", "Mississippi", 0},
    {"Missouri", "Missouri", 0}, {"Montana", "Montana", 0}, {"Nebraska", "Nebraska", 0},
    {"Nevada", "Nevada", 0}, {"New Hampshire", "New Hampshire", 0},
    {"New Jersey", "New Jersey", 0}, {"New Mexico", "New Mexico", 0}, {"New York", "New York", 0},
    {"North Carolina", "North Carolina", 0}, {"North Dakota", "North Dakota", 0},
    {"Ohio", "Ohio", 0}, {"Oklahoma", "Oklahoma", 0}, {"Oregon", "Oregon", 0},
    {"Pennsylvania", "Pennsylvania", 0}, {"Rhode Island", "Rhode Island", 0},
    {"South Carolina", "South Carolina", 0}, {"South Dakota", "South Dakota", 0},
    {"Tennessee", "Tennessee", 0}, {"Texas", "Texas", 0}, {"Utah", "Utah", 0},
    {"Vermont", "Vermont", 0}, {"Virginia", "Virginia", 0}, {"Washington", "Washington", 0},
    {"West Virginia", "West Virginia", 0}, {"Wisconsin", "Wisconsin", 0},
    {"Wyoming", "Wyoming", 0}, {"Puerto Rico", "Puerto Rico", 0},
    {"District of Columbia", "District of Columbia", 0},
    {"Washington, D.C.", "District of Columbia", 0}, {"Washington D.C.", "District of Columbia", 0},
    {"United States of America", "United States", 1}, {"United States", "United States", 1},
    {"U.S.A.", "United States", 1}, {"USA", "United States", 1}, {"U.S.", "United States", 1},
    {"Ontario", "Ontario, Canada", 0}, {"British Columbia", "British Columbia, Canada", 0},
    {"Nova Scotia", "Nova Scotia, Canada", 0}, {"Alberta", "Alberta, Canada", 0},
    {"Quebec", "Quebec, Canada", 0}, {"Québec", "Quebec, Canada", 0}, {"Canada", "Canada", 1},
    {"Victoria", "Victoria, Australia", 0}, {"New South Wales", "New South Wales, Australia", 0},
    {"Australia", "Australia", 1},
    {"People's Republic of China", "China", 1}, {"Peoples Republic of China", "China", 1},
    {"P.R.C.", "China", 1}, {"PRC", "China", 1}, {"P.R. China", "China", 1},
    {"Mainland China", "China", 1}, {"China", "China", 1},
    {"Beijing", "Beijing, China", 0}, {"Shanghai", "Shanghai, China", 0},
    {"Hong Kong", "Hong Kong", 0}, {"Republic of China", "Taiwan", 0}, {"Taiwan", "Taiwan", 0},
    {"England and Wales", "England and Wales", 0}, {"England & Wales", "England and Wales", 0},
    {"England", "England and Wales", 0}, {"Wales", "England and Wales", 0},
    {"Scotland", "Scotland", 0}, {"United Kingdom", "United Kingdom", 1},
    {"Great Britain", "United Kingdom", 1}, {"U.K.", "United Kingdom", 1},
    {"Federal Republic of Germany", "Germany", 0}, {"Germany", "Germany", 0},
    {"France", "France", 0}, {"State of Israel", "Israel", 0}, {"Israel", "Israel", 0},
    {"Republic of India", "India", 0}, {"India", "India", 0}, {"Japan", "Japan", 0},
    {"Italy", "Italy", 0}, {"Kingdom of Spain", "Spain", 0}, {"Spain", "Spain", 0},
    {"The Netherlands", "Netherlands", 0}, {"Netherlands", "Netherlands", 0},
    {"Holland", "Netherlands", 0}, {"Switzerland", "Switzerland", 0},
    {"Republic of Singapore", "Singapore", 0}, {"Singapore", "Singapore", 0},
    {"Belgium", "Belgium", 0}, {"Republic of Kazakhstan", "Kazakhstan", 0},
    {"Kazakhstan", "Kazakhstan", 0}, {"Republic of South Africa", "South Africa", 0},
    {"South Africa", "South Africa", 0}, {"Papua New Guinea", "Papua New Guinea", 0},
    {"Republic of Colombia", "Colombia", 0}, {"Colombia", "Colombia", 0},
    {"Republic of Ireland", "Ireland", 0}, {"Ireland", "Ireland", 0},
    {"Luxembourg", "Luxembourg", 0}, {"Sweden", "Sweden", 0}, {"Denmark", "Denmark", 0},
    {"Norway", "Norway", 0}, {"Finland", "Finland", 0}, {"Austria", "Austria", 0},
    {"Republic of Korea", "Korea", 0}, {"South Korea", "Korea", 0}, {"Korea", "Korea", 0},
    {"Brazil", "Brazil", 0}, {"Mexico", "Mexico", 0}, {"Cayman Islands", "Cayman Islands", 0},
    {"British Virgin Islands", "British Virgin Islands", 0}, {"Bermuda", "Bermuda", 0},
    {"Cyprus", "Cyprus", 0}, {"Russian Federation", "Russia", 0}, {"Russia", "Russia", 0},
    {"Argentina", "Argentina", 0}, {"Chile", "Chile", 0}, {"Malaysia", "Malaysia", 0},
    {"Philippines", "Philippines", 0}, {"Thailand", "Thailand", 0}, {"Vietnam", "Vietnam", 0},
    {"Indonesia", "Indonesia", 0}, {"New Zealand", "New Zealand", 0}, {"Poland", "Poland", 0},
    {"Greece", "Greece", 0}, {"Turkey", "Turkey", 0}, {"Portugal", "Portugal", 0},
    {"Macau", "Macau", 0}, {"Macao", "Macau", 0},
};

/* Prefixes skipped before a jurisdiction name, tried repeatedly. */
static const char *const lead[] = {"the ", "laws of ", "law of ", "state of ", "commonwealth of ",
                                   "province of ", "republic of the ", "internal ",
                                   "substantive ", "federal "};

#define JUR_COUNT (sizeof jurs / sizeof *jurs)

/* The names of jurs[] by their first word: its first letter and its length
 * (the run of ASCII letters a name starts with; runs of RUN_MAX letters or
 * more share the last length), each bucket's names in table order. A name
 * can match only where the text's first word is its own, since what follows
 * the word in a name (a space, '.', ',', an apostrophe, a non-ASCII letter
 * or the end) matches no ASCII letter. */
#define RUN_MAX 16 /* first-word lengths told apart (the longest name's is 13) */
#define BUCKETS (26 * (RUN_MAX + 1))
typedef struct jur_index {
    unsigned short start[BUCKETS + 1]; /* bucket b's names: at[start[b], start[b + 1]) */
    unsigned char at[JUR_COUNT];       /* indexes into jurs[] */
    unsigned char lead_first[26];      /* 1: a lead starts with this letter */
    int lead_other;                    /* 1: a lead starts with something else */
} jur_index;

_Static_assert(JUR_COUNT <= 256, "jur_index keeps the indexes in bytes");

/* Built once per process by jur_index_build (pthread_once), read-only after. */
static jur_index jur_idx;
static pthread_once_t jur_once = PTHREAD_ONCE_INIT;

/* The bucket of the word at s[0, n), or BUCKETS when it does not start with
 * an ASCII letter (no name does). */
static size_t bucket_of(const char *s, size_t n)
{
    if (n == 0 || !pct__is_alpha((unsigned char)s[0]))
        return BUCKETS;
    size_t len = 1;
    while (len < n && len < RUN_MAX && pct__is_alpha((unsigned char)s[len]))
        len++;
    return (size_t)(pct__lower((unsigned char)s[0]) - 'a') * (RUN_MAX + 1) + len;
}

/* (every name starts with a letter) */
static void jur_index_build(void)
{
    jur_index *ji = &jur_idx;
    size_t count[BUCKETS] = {0}, fill[BUCKETS];
    for (size_t k = 0; k < JUR_COUNT; k++)
        count[bucket_of(jurs[k].name, strlen(jurs[k].name))]++;
    ji->start[0] = 0;
    for (size_t b = 0; b < BUCKETS; b++)
        ji->start[b + 1] = (unsigned short)(ji->start[b] + count[b]);
    for (size_t b = 0; b < BUCKETS; b++)
        fill[b] = ji->start[b];
    for (size_t k = 0; k < JUR_COUNT; k++)
        ji->at[fill[bucket_of(jurs[k].name, strlen(jurs[k].name))]++] = (unsigned char)k;
    for (size_t k = 0; k < sizeof lead / sizeof *lead; k++) {
        unsigned char c = pct__lower((unsigned char)lead[k][0]);
        if (c >= 'a' && c <= 'z')
            ji->lead_first[c - 'a'] = 1;
        else
            ji->lead_other = 1;
    }
}

/* The jurisdiction named at s[0, n) after the lead words, the longest
 * match (the first in table order among equals). */
static const jur *canon_at(const char *s, size_t n, size_t *matched)
{
    size_t i = 0;
    /* most words start no lead and are no name's first word: done at once */
    size_t b0 = bucket_of(s, n);
    if (!jur_idx.lead_other &&
        (b0 == BUCKETS || (!jur_idx.lead_first[pct__lower((unsigned char)s[0]) - 'a'] &&
                           jur_idx.start[b0] == jur_idx.start[b0 + 1])))
        return NULL;
    for (int again = 1; again;) {
        again = 0;
        for (size_t k = 0; k < sizeof lead / sizeof *lead; k++) {
            /* "State of Israel" and "Republic of ..." are names too: try the table first */
            size_t m = pct_xt__match_word(s, 0, i, n, lead[k]);
            if (m && !(k == 3 && pct_xt__match_word(s, 0, i, n, "state of israel"))) {
                i += m;
                again = 1;
            }
        }
    }
    const jur *best = NULL;
    size_t blen = 0;
    size_t b = bucket_of(s + i, n - i);
    if (b == BUCKETS)
        return NULL;
    for (size_t q = jur_idx.start[b]; q < jur_idx.start[b + 1]; q++) {
        const jur *j = &jurs[jur_idx.at[q]];
        size_t m = pct_xt__match_word(s, 0, i, n, j->name);
        /* a name ending in '.' ("U.S.") is a word of its own already */
        if (m > blen) {
            best = j;
            blen = m;
        }
    }
    if (best && matched)
        *matched = i + blen;
    return best;
}

const char *pct_jurisdiction__canon(const char *s, size_t n, size_t *matched)
{
    size_t m = 0;
    pthread_once(&jur_once, jur_index_build);
    const jur *j = canon_at(s, n, &m);
    if (matched)
        *matched = j ? m : 0;
    return j ? j->canon : NULL;
}

/* ------------------------------------------------------------ clauses */

typedef struct law_cand {
    const jur *j;
    size_t start, end; /* TEXT span of the jurisdiction phrase */
    int score;
    const char *rule;
} law_cand;

/* The first jurisdiction named in [from, to), a specific one preferred over
 * a country that contains it. Returns 1 and fills c when one is found. */
static int clause_jurisdiction(const char *t, size_t from, size_t to, law_cand *c)
{
    const jur *broad = NULL;
    size_t bs = 0, be = 0;
    for (size_t i = from; i < to; i++) {
        if (!pct__is_alpha((unsigned char)t[i]) && (unsigned char)t[i] < 0x80)
            continue;
        if (i > from && pct__is_alpha((unsigned char)t[i - 1]))
            continue;
        size_t m = 0;
        const jur *j = canon_at(t + i, to - i, &m);
        if (!j) {
            continue;
        }
        if (!j->broad) {
            c->j = j;
            c->start = i;
            c->end = i + m;
            return 1;
        }
        if (!broad) {
            broad = j;
            bs = i;
            be = i + m;
        }
        i += m - 1;
    }
    if (!broad)
        return 0;
    c->j = broad;
    c->start = bs;
    c->end = be;
    return 1;
}

static const struct {
    const char *cue;
    const char *rule;
    int score;
} cues[] = {
    {"governed by", "law.governed_by", 3},
    {"governed in all respects by", "law.governed_by", 3},
    {"governed", "law.governed_by", 2},
    {"construed in accordance with", "law.construed", 3},
    {"construed", "law.construed", 2},
    {"interpreted", "law.construed", 1},
    {"governing law", "law.heading", 2},
    {"applicable law", "law.heading", 1},
    {"choice of law", "law.heading", 1},
};
#define CUE_COUNT (sizeof cues / sizeof *cues) /* (each cue starts with a letter: pct_xt__find) */

static const char *const law_headings[] = {"governing law", "applicable law", "choice of law",
                                          "governing laws", "jurisdiction"};

/* 1 when flat offset i lies in a section whose heading names the governing law. */
static int under_law_heading(const pct_xdoc *x, size_t i)
{
    return pct_xt__heading_has(x->node, x->fmap[i], law_headings,
                               sizeof law_headings / sizeof *law_headings);
}

int pct_extract__law(pct_xdoc *x)
{
    const char *t = x->flat;
    const pct_xt_index *xi = x->xi;
    size_t lo = 0, hi = x->flat_len;
    if (!t)
        return 0;
    law_cand best = {0};
    pthread_once(&jur_once, jur_index_build);
    /* Each cue's next occurrence, found through the word index: the cues
     * are rare words, so the offsets where any matches are few, and only
     * there are the cues tried (in table order, as at every offset before). */
    size_t pos[CUE_COUNT];
    for (size_t k = 0; k < CUE_COUNT; k++)
        pos[k] = pct_xt__find_word(xi, t, lo, lo, hi, cues[k].cue);
    /* cur: the next offset the cues may start at (past a clause taken) */
    for (size_t cur = lo;;) {
        size_t i = hi;
        for (size_t k = 0; k < CUE_COUNT; k++) {
            if (pos[k] < cur)
                pos[k] = pct_xt__find_word(xi, t, lo, cur, hi, cues[k].cue);
            if (pos[k] < i)
                i = pos[k];
        }
        if (i >= hi)
            break;
        cur = i + 1;
        for (size_t k = 0; k < CUE_COUNT; k++) {
            size_t m = pct_xt__match_word(t, lo, i, hi, cues[k].cue);
            if (!m)
                continue;
            /* the clause may follow a heading: "Governing Law. The laws of ..." */
            size_t q = i + m;
            while (q < hi && (t[q] == '.' || t[q] == ':' || t[q] == ' ' || t[q] == '-'))
                q++;
            size_t ss, se;
            pct_xt__sentence(t, lo, hi, q < hi ? q : i, &ss, &se);
            size_t to = i + m + LAW_CLAUSE_MAX < se ? i + m + LAW_CLAUSE_MAX : se;
            law_cand cand = {0};
            if (!clause_jurisdiction(t, i + m, to, &cand))
                break;
            /* "the laws of X" or "X law" make it a choice of law, not a mention */
            int lawish = pct_xt__has(xi, t, i + m, cand.end + 8 < hi ? cand.end + 8 : hi, "law") ||
                         pct_xt__has(xi, t, i + m, cand.end + 8 < hi ? cand.end + 8 : hi, "laws");
            if (!lawish)
                break;
            int head = under_law_heading(x, i);
            cand.score = cues[k].score + (head ? 3 : 0) + (cand.j->broad ? 0 : 1);
            cand.rule = head ? "law.section.governed_by" : cues[k].rule;
            if (!best.j || cand.score > best.score)
                best = cand;
            cur = cand.end + 1; /* past the name (and the byte after it, as always) */
            break;
        }
    }
    if (!best.j)
        return 0;
    return pct_xdoc__fvalue(x, &x->out->governing_law, best.j->canon, best.start, best.end,
                            best.rule);
}
