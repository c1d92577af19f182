/*
 * extract_name.c - what a document is: its name as written in its title,
 * its kind (agreement, amendment, joinder, other), an amendment's ordinal,
 * its identifier, and the documents it refers to (the agreement it amends,
 * with that agreement's identifier and date, and earlier amendments with
 * their effective dates).
 *
 * Approach: everything works on the document's flat text (extract.h), so
 * titles spread over several lines read as one phrase. A title is a run of
 * capitalised words ending in a keyword ("AGREEMENT", "Contract",
 * "AMENDMENT", ...), grown leftwards over words of the same case style and
 * stopped at filing noise ("Exhibit 10.1", "EXECUTION VERSION") and company
 * suffixes; an amendment title grows rightwards over "No. 2 TO THE ...
 * AGREEMENT". Candidates come from the head of the document (up to the end
 * of the preamble); a heading candidate beats one inside a sentence ("This
 * Supply Agreement"), except that the preamble's name wins over a heading
 * it spells out in full or that puts a party's short name before it, and
 * the heading directly above the preamble wins over a cover line. A
 * keyword labelling a number ("CONTRACT No. 076C/01") or ending an
 * attachment label ("Attachment B to X Agreement") is no title; a document
 * opening with "This Amendment is ..." has none. An amendment (or schedule)
 * heading that does not say what it amends is named with the amended
 * agreement's designation ("AMENDMENT NO. 2 - Wireless Content License
 * Agreement Number 12965"; the value differs from the raw heading, rule
 * name.title.amended_agreement). References come from the same phrase
 * finder run over the title, the preamble and the recitals, followed by
 * "Number X", "dated DATE" and "effective as of DATE" (past a defined name
 * in parentheses); an amendment's body adds the earlier amendments it cites.
 * The word lists (keywords, connectors, filing noise, company suffixes,
 * ordinal and number words) are one hash of lowercase words, built once per
 * process (pthread_once) and read-only after: testing a token against a
 * list is one probe instead of a compare with every listed word.
 *
 * Invariants: linear in the head of the document (each token is visited a
 * bounded number of times: TITLE_WORDS_MAX leftwards per keyword); the head
 * is at most HEAD_MAX bytes.
 */
#include "extract.h"
#include "scan.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define HEAD_MAX 12000        /* bytes of flat text searched for the title: past any
                                 filing legend and cover page, before the body */
#define HEAD_MIN 2500         /* ... and at least this much when the preamble is short */
#define TITLE_WORDS_MAX 14    /* words of a title phrase (the longest CUAD titles have ~10) */
#define REF_LOOKAHEAD 220     /* bytes after a referenced title searched for its number and dates */
#define ORD_MAX 99            /* the highest amendment ordinal believed */
#define NL_SCAN_MAX 4096      /* bytes of white space examined for a line break */
#define TITLE_HEADS_MAX 32    /* headings remembered before the preamble */
#define TITLE_RIGHT_MAX 5     /* capitalised words after a title keyword on its line */
#define TITLE_LINE_MAX 70     /* bytes of a line that can continue a title on the next line */
#define PAREN_NOTE_MAX 80     /* bytes of a parenthetical note between a title and its preamble */
#define PARTY_WORDS_MAX 4     /* words of a party's short name before a title */
#define PARTY_SCAN_MAX 600    /* bytes of the preamble searched for that short name */
#define SENTENCE_TITLE_WORDS_MAX 6 /* words of a title in sentence case */
#define COLUMN_GAP_MIN 3      /* spaces that part a title from text beside it on its line */
#define LABEL_ID_MAX 6        /* bytes of the letter or number in "Exhibit B-1 to" */
#define ALIAS_PAREN_MAX 48   /* bytes of a parenthetical naming a reference ('(the "Agreement")') */
#define REFS_TRACKED 8       /* references whose designation's flat range is kept */
#define KEYWORD_RUN_MAX 8     /* title words between two keywords of one title
                                 ("LICENSE, CUSTOMIZATION AND MAINTENANCE AGREEMENT") */

/* ------------------------------------------------------------ tokens */

typedef struct tok {
    size_t s, e;   /* flat offsets of the token (a run of non-space bytes) */
    size_t cs, ce; /* the core: without leading '(' '[' quotes and trailing ,.;: )] quotes */
} tok;

static int is_quote_at(const char *f, size_t i, size_t n)
{
    unsigned char c = (unsigned char)f[i];
    if (c == '"' || c == '\'')
        return 1;
    /* U+201C/U+201D/U+2018/U+2019: E2 80 9C/9D/98/99 */
    if (c == 0xE2 && i + 2 < n && (unsigned char)f[i + 1] == 0x80) {
        unsigned char d = (unsigned char)f[i + 2];
        return d == 0x9C || d == 0x9D || d == 0x98 || d == 0x99 ? 3 : 0;
    }
    return 0;
}

/* Bytes tok_core strips from the end of a token: ",.;:)]" and NUL (what the
 * former strchr(",.;:)]", c) test accepted, the terminator included). */
static const unsigned char TRAIL_STRIP[256] = {[','] = 1, ['.'] = 1, [';'] = 1, [':'] = 1,
                                               [')'] = 1, [']'] = 1, [0] = 1};

static void tok_core(const char *f, size_t n, tok *t)
{
    size_t a = t->s, b = t->e;
    for (;;) {
        int q;
        if (a < b && (f[a] == '(' || f[a] == '['))
            a++;
        else if (a < b && (q = is_quote_at(f, a, n)) > 0)
            a += (size_t)q;
        else
            break;
    }
    for (;;) {
        if (b > a && TRAIL_STRIP[(unsigned char)f[b - 1]] && !(f[b - 1] == '.' && b - a <= 3))
            b--;
        else if (b > a + 1 && f[b - 1] == '-' && pct__is_alpha((unsigned char)f[b - 2]))
            /* "AGREEMENT- FOR SALES" */
            b--;
        else if (b >= a + 3 && (unsigned char)f[b - 3] == 0xE2 && (unsigned char)f[b - 2] == 0x80 &&
                 ((unsigned char)f[b - 1] == 0x9D || (unsigned char)f[b - 1] == 0x99))
            b -= 3;
        else if (b > a && (f[b - 1] == '"' || f[b - 1] == '\''))
            b--;
        else
            break;
    }
    t->cs = a;
    t->ce = b;
}

/* The token starting at or after i (skipping spaces); 0 when none before end. */
static int tok_next(const char *f, size_t i, size_t end, tok *t)
{
    while (i < end && f[i] == ' ')
        i++;
    if (i >= end)
        return 0;
    t->s = i;
    while (i < end && f[i] != ' ')
        i++;
    t->e = i;
    tok_core(f, end, t);
    return 1;
}

/* The token ending before i (skipping spaces); 0 when none after lo. */
static int tok_prev(const char *f, size_t lo, size_t i, tok *t)
{
    while (i > lo && f[i - 1] == ' ')
        i--;
    if (i <= lo)
        return 0;
    t->e = i;
    while (i > lo && f[i - 1] != ' ')
        i--;
    t->s = i;
    tok_core(f, t->e, t);
    return 1;
}

static int core_is(const char *f, const tok *t, const char *lit)
{
    size_t n = strlen(lit);
    return t->ce - t->cs == n && pct__prefix_ci(f + t->cs, n, lit);
}

static int core_in(const char *f, const tok *t, const char *const *list)
{
    for (; *list; list++)
        if (core_is(f, t, *list))
            return 1;
    return 0;
}

/* Case style of a token's letters: 2 all capitals, 1 capitalised, 0 other. */
static int tok_case(const char *f, const tok *t)
{
    int letters = 0, upper = 0, first = -1;
    for (size_t i = t->cs; i < t->ce; i++) {
        unsigned char c = (unsigned char)f[i];
        if (pct__is_alpha(c)) {
            if (first < 0)
                first = pct__is_upper(c);
            letters++;
            upper += pct__is_upper(c);
        }
    }
    if (!letters)
        return -1;
    if (upper == letters)
        return 2;
    return first == 1 ? 1 : 0;
}

static int tok_has_digit(const char *f, const tok *t)
{
    for (size_t i = t->cs; i < t->ce; i++)
        if (pct__is_digit((unsigned char)f[i]))
            return 1;
    return 0;
}

/* ------------------------------------------------------------ word lists */

static const char *const TITLE_KEYWORDS[] = {
    "agreement", "contract", "amendment", "amend", "addendum", "lease", "guaranty", "guarantee",
    "joinder", "supplement", "understanding", "sheet", "charter", "license", "licence", "deed",
    "endorsement", "certificate", "schedule",
    NULL};

/* keywords that only end a title when another title word precedes them */
static const char *const WEAK_KEYWORDS[] = {"license", "licence", "sheet", "understanding",
                                            "supplement", "deed", "charter", "certificate",
                                            "schedule", NULL};

static const char *const CONNECTORS[] = {"and", "of", "to", "for", "the", "&", "in", "on",
                                         "with", "/", "de", "-", NULL};

/* filing noise and cover-page words a title never starts with */
static const char *const NOISE[] = {
    "exhibit", "execution", "version", "copy", "confidential", "form", "translation", "source",
    "page", "redacted", "draft", "final", "portions", "treatment", "requested", "omitted",
    "disclosed", "schedule", "annex", "appendix", "contents", "table", "this", "these", "that",
    "such", "said", "any", "each", "an", "a", "our", "its", "their", "between", "among",
    "by", "dated", "made", "entered", "effective", "is", "are", "was", "hereby", "as", "dba",
    "d/b/a", "specimen", "attachment", "hereto", "hereof", "herein", "commission",
    "filed", "separately", NULL};

static const char *const ENTITY_WORDS[] = {
    "inc", "incorporated", "corp", "corporation", "llc", "l.l.c", "ltd", "limited", "plc",
    "l.p", "lp", "llp", "gmbh", "ag", "s.a", "sa", "n.v", "nv", "b.v", "bv", "co", "s.p.a",
    "pte", "pty", "company", NULL};

static const char *const ORDINAL_WORDS[] = {
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth", NULL};

static const char *const NUMBER_WORDS[] = {"one", "two", "three", "four", "five", "six", "seven",
                                           "eight", "nine", "ten", "eleven", "twelve", NULL};

/* ------------------------------------------------------------ lexicon */

/* The lists above as one hash of lowercase words, each with the lists it is
 * on: a token costs one probe (most tokens not even that: no listed word has
 * their length and first letter) instead of a compare for every listed word.
 * Built once per process by lex_build (pthread_once at the start of
 * pct_extract__name, before any lookup), read-only afterwards, so threads
 * extracting at the same time share it. */
enum {
    LEX_KEYWORD = 1 << 0,   /* TITLE_KEYWORDS */
    LEX_WEAK = 1 << 1,      /* WEAK_KEYWORDS */
    LEX_CONNECTOR = 1 << 2, /* CONNECTORS */
    LEX_NOISE = 1 << 3,     /* NOISE */
    LEX_ENTITY = 1 << 4,    /* ENTITY_WORDS */
    LEX_ORDINAL = 1 << 5,   /* ORDINAL_WORDS, value in .ordinal */
    LEX_NUMBER = 1 << 6     /* NUMBER_WORDS, value in .number */
};

#define LEX_SLOTS 512  /* hash slots: a power of two, over twice the listed words */
#define LEX_LEN_MAX 15 /* bytes of the longest listed word; a longer core is on no list */

typedef struct lex_entry {
    const char *word;      /* lowercase; NULL: an empty slot */
    unsigned char len;
    unsigned char ordinal; /* 1-based place in ORDINAL_WORDS, 0 when not there */
    unsigned char number;  /* 1-based place in NUMBER_WORDS, 0 when not there */
    unsigned bits;         /* LEX_* */
} lex_entry;

static struct {
    lex_entry slot[LEX_SLOTS];
    uint32_t first[LEX_LEN_MAX + 1]; /* by word length: bit (c & 31) set for each first byte c */
    size_t nwords;
} lex;
static pthread_once_t lex_once = PTHREAD_ONCE_INIT;

/* FNV-1a over the lowercase bytes of a word, folded to a slot */
#define LEX_HASH_SEED 2166136261u
static uint32_t lex_step(uint32_t h, unsigned char c) { return (h ^ c) * 16777619u; }
static size_t lex_slot_of(uint32_t h) { return (size_t)(h ^ (h >> 16)) & (LEX_SLOTS - 1); }

static size_t lex_hash(const unsigned char *w, size_t n)
{
    uint32_t h = LEX_HASH_SEED;
    for (size_t i = 0; i < n; i++)
        h = lex_step(h, w[i]);
    return lex_slot_of(h);
}

static void lex_add(const char *const *list, unsigned bit)
{
    for (size_t k = 0; list[k]; k++) {
        const char *w = list[k];
        size_t n = strlen(w);
        if (PCT_NEVER(n == 0 || n > LEX_LEN_MAX))
            continue;
        size_t h = lex_hash((const unsigned char *)w, n);
        while (lex.slot[h].word && strcmp(lex.slot[h].word, w))
            h = (h + 1) & (LEX_SLOTS - 1);
        lex_entry *e = &lex.slot[h];
        if (!e->word) {
            if (PCT_NEVER(lex.nwords >= LEX_SLOTS / 2))
                return;
            lex.nwords++;
            e->word = w;
            e->len = (unsigned char)n;
            lex.first[n] |= 1u << ((unsigned char)w[0] & 31);
        }
        e->bits |= bit;
        /* the first place counts, as in a walk of the list */
        if (bit == LEX_ORDINAL && !e->ordinal)
            e->ordinal = (unsigned char)(k + 1);
        if (bit == LEX_NUMBER && !e->number)
            e->number = (unsigned char)(k + 1);
    }
}

static void lex_build(void)
{
    lex_add(TITLE_KEYWORDS, LEX_KEYWORD);
    lex_add(WEAK_KEYWORDS, LEX_WEAK);
    lex_add(CONNECTORS, LEX_CONNECTOR);
    lex_add(NOISE, LEX_NOISE);
    lex_add(ENTITY_WORDS, LEX_ENTITY);
    lex_add(ORDINAL_WORDS, LEX_ORDINAL);
    lex_add(NUMBER_WORDS, LEX_NUMBER);
}

/* The entry of the word f[a, b) (compared without case), or NULL. */
static const lex_entry *lex_find(const char *f, size_t a, size_t b)
{
    size_t n = b - a;
    if (n == 0 || n > LEX_LEN_MAX || !(lex.first[n] >> (pct__lower((unsigned char)f[a]) & 31) & 1))
        return NULL;
    unsigned char w[LEX_LEN_MAX];
    uint32_t hv = LEX_HASH_SEED;
    for (size_t i = 0; i < n; i++) {
        w[i] = pct__lower((unsigned char)f[a + i]);
        hv = lex_step(hv, w[i]);
    }
    for (size_t h = lex_slot_of(hv); lex.slot[h].word; h = (h + 1) & (LEX_SLOTS - 1)) {
        const lex_entry *e = &lex.slot[h];
        if (e->len != n)
            continue;
        size_t i = 0;
        while (i < n && (unsigned char)e->word[i] == w[i])
            i++;
        if (i == n)
            return e;
    }
    return NULL;
}

/* 1 when the token's core is on one of the lists in `bits` (LEX_*). */
static int lex_is(const char *f, const tok *t, unsigned bits)
{
    const lex_entry *e = lex_find(f, t->cs, t->ce);
    return e && (e->bits & bits);
}

static int is_keyword(const char *f, const tok *t)
{
    return lex_is(f, t, LEX_KEYWORD);
}

static int is_entity_word(const char *f, const tok *t)
{
    size_t a = t->cs, b = t->ce;
    if (b > a && f[b - 1] == '.')
        b--;
    const lex_entry *e = lex_find(f, a, b);
    return e && (e->bits & LEX_ENTITY);
}

/* A token that may sit inside a title of case style `style` (2 caps, 1 title). */
static int title_word(const char *f, const tok *t, int style)
{
    if (t->ce <= t->cs)
        return 0;
    for (size_t i = t->s; i < t->e; i++)
        if (f[i] == '[' || f[i] == ']' || f[i] == '*' || f[i] == '{' || f[i] == '}' ||
            f[i] == '@' || f[i] == '(' || f[i] == ')' || f[i] == '"' || f[i] == ':' || f[i] == ';')
            return 0;
    if ((unsigned char)f[t->s] == 0xE2) /* opening curly quote */
        return 0;
    /* a registered or trade mark ends a brand name that is part of the title
     * ("COLOGUARD(R) PROMOTION AGREEMENT"); anywhere else it is not a title word */
    for (size_t i = t->s; i + 1 < t->e; i++) {
        size_t m = 0;
        if ((unsigned char)f[i] == 0xC2 && (unsigned char)f[i + 1] == 0xAE)
            m = 2; /* U+00AE */
        else if ((unsigned char)f[i] == 0xE2 && (unsigned char)f[i + 1] == 0x84)
            m = 3; /* U+2122 */
        if (m && (i + m != t->e || i == t->s))
            return 0;
    }
    if (t->ce - t->cs == 1 && pct__is_alpha((unsigned char)f[t->cs]))
        return 0; /* "B" of "EXHIBIT B" */
    if (f[t->e - 1] == '.' && !core_is(f, t, "no."))
        return 0; /* a sentence ends here */
    if (lex_is(f, t, LEX_NOISE) || is_entity_word(f, t))
        return 0;
    if (tok_has_digit(f, t))
        return 0;
    int c = tok_case(f, t);
    if (lex_is(f, t, LEX_CONNECTOR))
        return style == 2 ? (c == 2 || c == -1) : 1;
    if (c == -1)
        return 0;
    /* "e-business Hosting Agreement": a one-letter prefix in lower case */
    if (style == 1 && c == 0 && t->ce - t->cs > 2 && f[t->cs + 1] == '-')
        return 1;
    return style == 2 ? c == 2 : c >= 1;
}

/* ------------------------------------------------------------ lines */

/* 1 when the white space before flat offset i held a line break. */
static int nl_before(const pct_xdoc *x, size_t i)
{
    if (i == 0 || i > x->flat_len)
        return 1;
    /* a gap longer than NL_SCAN_MAX bytes is a break whatever it holds, so
     * a run of a million spaces is not scanned again for every word */
    if ((size_t)x->fmap[i] - x->fmap[i - 1] > NL_SCAN_MAX)
        return 1;
    for (size_t k = (size_t)x->fmap[i - 1] + 1; k < x->fmap[i]; k++)
        if (x->text[k] == '\n' || x->text[k] == '\r')
            return 1;
    return 0;
}

/* Is the line that ends just before flat offset i short enough to be part
 * of a title block (at most TITLE_LINE_MAX bytes)? */
static int short_line_before(const pct_xdoc *x, size_t lo, size_t i)
{
    size_t k = i;
    while (k > lo && x->flat[k - 1] == ' ')
        k--;
    size_t end = k;
    while (k > lo && end - k <= TITLE_LINE_MAX) {
        if (x->flat[k - 1] == ' ' && nl_before(x, k))
            break;
        k--;
    }
    return end - k <= TITLE_LINE_MAX;
}

/* Does the line that ends just before flat offset i consist of title words
 * of case style `style` only? A title goes on from the line above only as a
 * whole line: "THERAVANCE BIOPHARMA UK LIMITED and BRETT HAUMANN / SERVICE
 * AGREEMENT" is the parties' line over the title "SERVICE AGREEMENT". */
static int line_is_title(const pct_xdoc *x, size_t lo, size_t i, int style)
{
    tok t;
    for (int n = 0; n < TITLE_WORDS_MAX && tok_prev(x->flat, lo, i, &t); n++) {
        if (!title_word(x->flat, &t, style))
            return 0;
        if (nl_before(x, t.s))
            return 1;
        i = t.s;
    }
    return i <= lo || !tok_prev(x->flat, lo, i, &t);
}

/* ------------------------------------------------------------ phrases */

/* 1 when the keyword `t` is followed, over at most KEYWORD_RUN_MAX title
 * words, by another keyword of the same title ("LICENSE AGREEMENT"). */
static int keyword_continues(const char *f, size_t hi, const tok *t)
{
    char last = f[t->e - 1];
    if (last == '.' || last == ';' || last == ':' || last == ')')
        return 0;
    /* only a licence or lease names the thing an agreement is about */
    if (!core_is(f, t, "license") && !core_is(f, t, "licence") && !core_is(f, t, "lease") &&
        !core_is(f, t, "supplement") && !core_is(f, t, "guaranty") && !core_is(f, t, "guarantee") &&
        !core_is(f, t, "endorsement"))
        return 0;
    int style = tok_case(f, t);
    tok u;
    size_t j = t->e;
    for (int k = 0; k < KEYWORD_RUN_MAX && tok_next(f, j, hi, &u); k++) {
        if (is_keyword(f, &u) && tok_case(f, &u) == style && !core_is(f, &u, "amendment") &&
            !core_is(f, t, "amendment"))
            return 1;
        if (!title_word(f, &u, style))
            return 0;
        if (f[u.e - 1] == '.')
            return 0;
        j = u.e;
    }
    return 0;
}


/* "SECTION 2," / "PART B" at the token `w`: a provision of the agreement an
 * amendment changes ("AMENDMENT TO SECTION 2, PART B OF THE X AGREEMENT").
 * Returns the flat end of its number, 0 when `w` starts no such reference. */
static size_t provision_ref_end(const char *f, size_t hi, const tok *w)
{
    static const char *const PROVISION[] = {"section", "sections", "article", "part",
                                            "paragraph", "clause", NULL};
    tok d;
    if (!core_in(f, w, PROVISION) || f[w->e - 1] == ',' || !tok_next(f, w->e, hi, &d))
        return 0;
    size_t n = d.ce - d.cs;
    if (n == 0 || n > 6)
        return 0;
    if (tok_has_digit(f, &d) || (n == 1 && pct__is_upper((unsigned char)f[d.cs])) ||
        (tok_case(f, &d) == 2 && strspn(f + d.cs, "IVX") >= n))
        return d.e;
    return 0;
}

typedef struct phrase {
    size_t s, e;    /* flat range of the phrase */
    size_t kw_s;    /* start of its (last) keyword token */
    int words;      /* tokens in the phrase */
    int style;      /* 2 caps, 1 title case */
    int prose;      /* 1 when preceded by "this"/"the"/...: inside a sentence */
    int heading;    /* find_title: 1 when taken as the first heading of the head */
} phrase;

static int number_of(const char *f, size_t a, size_t b);

/* Tries to read a title phrase whose keyword is the token `kw`. Grows left
 * over title words of the keyword's case style; for amendments, grows right
 * over "No. 2" and "TO THE <title> AGREEMENT". */
static int phrase_at(const pct_xdoc *x, size_t lo, size_t hi, const tok *kw, phrase *out)
{
    const char *f = x->flat;
    int style = tok_case(f, kw);
    if (style < 1)
        return 0;
    /* ("Agreement"): a defined name, not a title */
    if (f[kw->s] == '(' || f[kw->s] == '"' || (unsigned char)f[kw->s] == 0xE2)
        return 0;
    size_t s = kw->s;
    int words = 1;
    tok t;
    size_t i = kw->s;
    while (words < TITLE_WORDS_MAX && tok_prev(f, lo, i, &t) && title_word(f, &t, style)) {
        /* a title goes on from the line above only when that line is short
         * (a title block), never from a legend or a paragraph */
        if (nl_before(x, i) && !(short_line_before(x, lo, i) && line_is_title(x, lo, i, style)))
            break;
        /* "STRATEGIC ALLIANCE AGREEMENT / MOBILECARE / STRATEGIC ALLIANCE
         * AGREEMENT - MOBILE CARE": an agreement's title holds no other */
        if ((core_is(f, &t, "agreement") || core_is(f, &t, "contract")) &&
            (core_is(f, kw, "agreement") || core_is(f, kw, "contract")))
            break;
        s = t.s;
        i = t.s;
        words++;
    }
    /* inside a sentence? Judged by the word before the grown phrase: a
     * lowercase article or "this" (not "A" of "Exhibit A", not noise) */
    int prose = 0;
    if (tok_prev(f, lo, s, &t)) {
        static const char *const ART[] = {"this", "the", "that", "said", "such", "a", "an", "any",
                                          "each", "other", "of", "under", "to", "our", "its",
                                          "their", "certain", "same", "which", NULL};
        if (core_in(f, &t, ART) && (tok_case(f, &t) == 0 || core_is(f, &t, "this")))
            prose = core_is(f, &t, "this") ? 1 : 2;
    }
    /* drop connectors at the left edge */
    for (;;) {
        tok a;
        if (s >= kw->s || !tok_next(f, s, hi, &a) || !lex_is(f, &a, LEX_CONNECTOR))
            break;
        s = a.e;
        while (s < hi && f[s] == ' ')
            s++;
        words--;
    }
    size_t e = kw->ce;
    size_t kw_s = kw->s;
    /* right growth: "No. 2", "Number 2", "#3", "2", roman numerals, then "TO THE X AGREEMENT" */
    tok r;
    size_t j = kw->e;
    int amendish = core_is(f, kw, "amendment") || core_is(f, kw, "amend") ||
                   core_is(f, kw, "addendum") ||
                   core_is(f, kw, "supplement") || core_is(f, kw, "joinder");
    char kw_last = f[kw->e - 1];
    if (kw_last == '.' || kw_last == ',' || kw_last == ';' || kw_last == ':' || kw_last == ')')
        j = hi; /* the phrase ends with its keyword's punctuation */
    if (amendish && tok_next(f, j, hi, &r) && (core_is(f, &r, "no.") || core_is(f, &r, "no") ||
                                   core_is(f, &r, "number") || core_is(f, &r, "#"))) {
        tok d;
        /* a number, not the next word after an empty form field ("Amendment No: GAS") */
        if (tok_next(f, r.e, hi, &d) && d.ce > d.cs && d.ce - d.cs <= 4 &&
            (tok_has_digit(f, &d) || number_of(f, d.cs, d.ce))) {
            e = d.ce;
            j = d.e;
        }
    } else if (amendish && tok_next(f, j, hi, &r) && r.ce > r.cs && r.ce - r.cs <= 4 &&
               (f[r.cs] == '#' || pct__is_digit((unsigned char)f[r.cs]) ||
                (tok_case(f, &r) == 2 && strspn(f + r.cs, "IVX") >= r.ce - r.cs))) {
        e = r.ce;
        j = r.e;
    }
    /* a schedule issued under an agreement: "SCHEDULE TO <title> AGREEMENT" */
    int to_grown = 0;
    if ((amendish || core_is(f, kw, "schedule")) && tok_next(f, j, hi, &r) &&
        core_is(f, &r, "to") && f[r.e - 1] != ',') {
        /* "TO [THE] <title words> AGREEMENT" */
        size_t k = r.e;
        tok w;
        int n = 0;
        while (n < TITLE_WORDS_MAX && tok_next(f, k, hi, &w)) {
            if (is_keyword(f, &w) && !core_is(f, &w, "amendment") && tok_case(f, &w) >= 1 &&
                !keyword_continues(f, hi, &w)) {
                e = w.ce;
                kw_s = w.s;
                to_grown = 1;
                break;
            }
            size_t pe = provision_ref_end(f, hi, &w);
            if (pe) {
                k = pe;
                n++;
                continue;
            }
            if (!(core_is(f, &w, "the") || title_word(f, &w, tok_case(f, &w) == 2 ? 2 : 1)))
                break;
            k = w.e;
            n++;
        }
    } else if (!amendish && tok_next(f, j, hi, &r) &&
               (core_is(f, &r, "addendum") || core_is(f, &r, "amendment")) &&
               tok_case(f, &r) == style) {
        e = r.ce;
        tok d, d2;
        if (tok_next(f, r.e, hi, &d) && d.ce > d.cs && d.ce - d.cs <= 4 &&
            (pct__is_digit((unsigned char)f[d.cs]) ||
             (tok_case(f, &d) == 2 && strspn(f + d.cs, "IVX") >= d.ce - d.cs)))
            e = d.ce;
        else if (tok_next(f, r.e, hi, &d) &&
                 (core_is(f, &d, "no.") || core_is(f, &d, "no") || core_is(f, &d, "number")) &&
                 tok_next(f, d.e, hi, &d2) && d2.ce > d2.cs && d2.ce - d2.cs <= 4)
            e = d2.ce;
    }
    /* a title in capitals that goes on to the end of its line: "SERVICE
     * AGREEMENT FOR TRANSFER AGENT SERVICES", "TRANSPORTATION CONTRACT
     * GENERAL CONDITIONS" */
    if (style == 2 && e == kw->ce && !amendish && kw_last != '.' && kw_last != ',') {
        size_t k = kw->e, end = 0;
        int n = 0;
        while (n < TITLE_RIGHT_MAX && tok_next(f, k, hi, &r)) {
            /* ... or to where the preamble begins on the same line */
            if (nl_before(x, r.s) || f[r.s] == '(' ||
                (core_is(f, &r, "this") && tok_case(f, &r) >= 1)) {
                end = k;
                break;
            }
            if (!title_word(f, &r, 2) || is_keyword(f, &r)) {
                n = 0;
                break;
            }
            k = r.e;
            n++;
        }
        if (!end && n && k >= hi)
            end = k;
        if (end && n) {
            /* never end on a connector */
            tok last;
            if (tok_prev(f, kw->e, end, &last) && !lex_is(f, &last, LEX_CONNECTOR))
                e = last.ce;
        }
    }
    if (words == 1 && lex_is(f, kw, LEX_WEAK) && !to_grown)
        return 0;
    /* "Terms of Agreement", "Part B of the Agreement": a phrase about an
     * agreement, not a title */
    if (words >= 2 && !amendish && !core_is(f, kw, "understanding") &&
        tok_prev(f, s, kw->s, &t) && lex_is(f, &t, LEX_CONNECTOR))
        return 0;
    out->s = s;
    out->e = e;
    out->kw_s = kw_s;
    out->words = words;
    out->style = style;
    out->prose = prose;
    out->heading = 0;
    return 1;
}

/* ------------------------------------------------------------ ordinals */

static int word_value(const char *s, size_t n, const char *const *list)
{
    for (int k = 0; list[k]; k++) {
        size_t m = strlen(list[k]);
        if (n == m && pct__prefix_ci(s, n, list[k]))
            return k + 1;
    }
    return 0;
}

/* The number a token core spells: "2", "#2", "II", "Two", "2nd"; 0 when none. */
static int number_of(const char *f, size_t a, size_t b)
{
    if (a < b && f[a] == '#')
        a++;
    if (a >= b)
        return 0;
    if (pct__is_digit((unsigned char)f[a])) {
        int v = 0;
        size_t i = a;
        while (i < b && pct__is_digit((unsigned char)f[i]) && v <= ORD_MAX)
            v = v * 10 + (f[i++] - '0');
        if (i < b &&
            !(b - i == 2 && (pct__prefix_ci(f + i, 2, "st") || pct__prefix_ci(f + i, 2, "nd") ||
                             pct__prefix_ci(f + i, 2, "rd") || pct__prefix_ci(f + i, 2, "th"))))
            return 0;
        return v > 0 && v <= ORD_MAX ? v : 0;
    }
    const lex_entry *e = lex_find(f, a, b);
    if (e && e->number)
        return e->number;
    if (strspn(f + a, "IVX") >= b - a) {
        static const char *const ROMAN[] = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii",
                                            "ix", "x", NULL};
        return word_value(f + a, b - a, ROMAN);
    }
    return 0;
}

/* The amendment ordinal written at the token `t` ("Amendment No. 2",
 * "Second Amendment", "Amendment #3", "AMEND NO. 2", "Amendment 2"); 0 when
 * none. `e` is the lexicon entry of t's core (lex_find, which the caller
 * may need too). `end_out` receives the flat end of the phrase. */
static int ordinal_at(const char *f, size_t hi, const tok *t, const lex_entry *e,
                      size_t *end_out)
{
    int v = e ? e->ordinal : 0;
    tok n1, n2;
    if (v) {
        if (tok_next(f, t->e, hi, &n1) &&
            (core_is(f, &n1, "amendment") || core_is(f, &n1, "amended")) &&
            !core_is(f, &n1, "amended")) {
            *end_out = n1.ce;
            return v;
        }
        return 0;
    }
    if (!(core_is(f, t, "amendment") || core_is(f, t, "amend") || core_is(f, t, "amend.")))
        return 0;
    if (!tok_next(f, t->e, hi, &n1))
        return 0;
    if (core_is(f, &n1, "no.") || core_is(f, &n1, "no") || core_is(f, &n1, "number") ||
        core_is(f, &n1, "num.") || core_is(f, &n1, "#")) {
        if (!tok_next(f, n1.e, hi, &n2))
            return 0;
        v = number_of(f, n2.cs, n2.ce);
        if (v)
            *end_out = n2.ce;
        return v;
    }
    v = number_of(f, n1.cs, n1.ce);
    if (v && (f[n1.cs] == '#' || pct__is_digit((unsigned char)f[n1.cs]) || tok_case(f, &n1) == 2))
        *end_out = n1.ce;
    else
        v = 0;
    return v;
}

/* ------------------------------------------------------------ dates */

/* A date starting at flat offset i (after optional "as of"/"on"/"the");
 * writes ISO into buf. Returns the flat end of the date, or 0. */
static size_t date_after(const char *f, size_t i, size_t hi, char iso[11], size_t *start_out)
{
    tok t;
    for (int k = 0; k < 3 && tok_next(f, i, hi, &t); k++) {
        if (core_is(f, &t, "as") || core_is(f, &t, "of") || core_is(f, &t, "on") ||
            core_is(f, &t, "from")) {
            i = t.e;
            continue;
        }
        break;
    }
    while (i < hi && f[i] == ' ')
        i++;
    pct_date d;
    size_t m = pct_scan__date_at(f + i, hi - i, &d);
    if (!m || (d.flags & PCT_DATE_BLANK))
        return 0;
    pct_date__iso(&d, iso);
    *start_out = i;
    return i + m;
}

/* ------------------------------------------------------------ references */

static int norm_eq(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0, j = 0;
    for (;;) {
        while (i < an && !pct__is_alpha((unsigned char)a[i]) && !pct__is_digit((unsigned char)a[i]))
            i++;
        while (j < bn && !pct__is_alpha((unsigned char)b[j]) && !pct__is_digit((unsigned char)b[j]))
            j++;
        if (i >= an || j >= bn)
            return i >= an && j >= bn;
        if (pct__lower((unsigned char)a[i]) != pct__lower((unsigned char)b[j]))
            return 0;
        i++, j++;
    }
}

/* 1 when a (letters and digits only, ignoring case) is a proper prefix of b
 * ending at a word boundary of b. */
static int norm_prefix(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0, j = 0;
    for (;;) {
        while (i < an && !pct__is_alpha((unsigned char)a[i]) && !pct__is_digit((unsigned char)a[i]))
            i++;
        if (i < an)
            while (j < bn && !pct__is_alpha((unsigned char)b[j]) &&
                   !pct__is_digit((unsigned char)b[j]))
                j++;
        if (i >= an) {
            /* b goes on, and the match ends at a word boundary of b */
            if (j == 0 || j >= bn || pct__is_alpha((unsigned char)b[j]) ||
                pct__is_digit((unsigned char)b[j]))
                return 0;
            while (j < bn && !pct__is_alpha((unsigned char)b[j]) &&
                   !pct__is_digit((unsigned char)b[j]))
                j++;
            return j < bn;
        }
        if (j >= bn || pct__lower((unsigned char)a[i]) != pct__lower((unsigned char)b[j]))
            return 0;
        i++, j++;
    }
}

typedef struct namestate {
    pct_reference *refs;
    size_t nrefs, cap;
    /* flat range of the first REFS_TRACKED references' designations: the
     * title, and its number when one directly follows ("Wireless Content
     * License Agreement Number 12965") */
    size_t desig_s[REFS_TRACKED], desig_e[REFS_TRACKED];
} namestate;

static pct_reference *ref_find(namestate *st, const char *relation, const char *f, size_t s,
                               size_t e, int ordinal)
{
    for (size_t k = 0; k < st->nrefs; k++) {
        pct_reference *r = &st->refs[k];
        if (strcmp(r->relation, relation))
            continue;
        if (ordinal ? r->ordinal == ordinal
                    : r->title.text && norm_eq(r->title.text, strlen(r->title.text), f + s, e - s))
            return r;
    }
    return NULL;
}

static pct_reference *ref_add(pct_xdoc *x, namestate *st, const char *relation)
{
    pct_reference *r = pct_xdoc__push(x, (void **)&st->refs, &st->cap, st->nrefs, sizeof *r);
    if (!r)
        return NULL;
    st->nrefs++;
    r->relation = relation;
    return r;
}

/* The end of a short parenthetical opening at flat offset s that defines a
 * name in quotes ('("Agreement")', '(the "Original Agreement")'), or 0. */
static size_t alias_paren_end(const char *f, size_t s, size_t lim)
{
    int quoted = 0;
    for (size_t k = s + 1; k < lim && k < s + ALIAS_PAREN_MAX; k++) {
        if (f[k] == ')')
            return quoted ? k + 1 : 0;
        if (f[k] == '(')
            return 0;
        quoted |= is_quote_at(f, k, lim) > 0;
    }
    return 0;
}

/* Reads "Number X", "dated DATE", "effective as of DATE" after a referenced
 * title ending at flat offset `e` (its keyword token at kw_s), into `r`.
 * `desig_e` (may be NULL) receives the end of the title with its number. */
static int ref_details(pct_xdoc *x, pct_reference *r, size_t kw_s, size_t e, size_t hi,
                       size_t *desig_e)
{
    const char *f = x->flat;
    size_t lim = e + REF_LOOKAHEAD < hi ? e + REF_LOOKAHEAD : hi;
    int error = 0;
    size_t ioff, ilen;
    size_t m = pct_scan__identifier_at(f + kw_s, lim - kw_s, &ioff, &ilen);
    if (m && !r->identifier.value) {
        char *id = pct_arena__strndup(x->arena, f + kw_s + ioff, ilen);
        if (!id)
            return pct__err(x->ctx, PCT_ENOMEM, "out of memory");
        if ((error = pct_xdoc__fvalue(x, &r->identifier, id, kw_s + ioff, kw_s + ioff + ilen,
                                      "ref.identifier.number")) < 0)
            return error;
        e = kw_s + m > e ? kw_s + m : e;
    }
    if (desig_e)
        *desig_e = e;
    /* walk the following words: "dated", "effective", stopping at a new clause */
    size_t i = e;
    tok t;
    int steps = 0;
    while (i < lim && steps < 40 && tok_next(f, i, lim, &t)) {
        steps++;
        char iso[11];
        size_t ds, de, pe;
        if ((core_is(f, &t, "dated") || core_is(f, &t, "date")) && !r->date.value) {
            if ((de = date_after(f, t.e, lim, iso, &ds))) {
                if ((error = pct_xdoc__fvalue(x, &r->date, iso, ds, de, "ref.date.dated")) < 0)
                    return error;
                i = de;
                continue;
            }
        } else if (core_is(f, &t, "effective") && !r->effective_date.value) {
            /* "with an Effective Date of March 1, 1996" */
            size_t from = t.e;
            tok u;
            if (tok_next(f, from, lim, &u) && core_is(f, &u, "date"))
                from = u.e;
            if ((de = date_after(f, from, lim, iso, &ds))) {
                if ((error = pct_xdoc__fvalue(x, &r->effective_date, iso, ds, de,
                                              "ref.date.effective")) < 0)
                    return error;
                i = de;
                continue;
            }
        } else if (f[t.s] == '(' && (pe = alias_paren_end(f, t.s, lim))) {
            /* the reference's defined name: 'Distribution Agreement ("Agreement") dated ...' */
            i = pe;
            continue;
        } else if (core_is(f, &t, "amendment") || core_is(f, &t, "whereas") ||
                   core_is(f, &t, "is") || core_is(f, &t, "was") || core_is(f, &t, "made") ||
                   core_is(f, &t, "shall") || core_is(f, &t, "will") ||
                   core_is(f, &t, "between") || f[t.s] == '(' || f[t.e - 1] == ';' ||
                   (f[t.e - 1] == '.' && t.e - t.s > 3 && !is_entity_word(f, &t))) {
            break;
        }
        i = t.e;
    }
    return 0;
}

static int find_refs(pct_xdoc *x, namestate *st, size_t lo, size_t hi, const char *own_name)
{
    const char *f = x->flat;
    pct_docfacts *out = x->out;
    int error = 0;
    size_t i = lo;
    tok t;
    while (tok_next(f, i, hi, &t)) {
        i = t.e;
        size_t oe = 0;
        const lex_entry *e = lex_find(f, t.cs, t.ce);
        int ord = ordinal_at(f, hi, &t, e, &oe);
        if (ord && !(out->ordinal && ord >= out->ordinal) &&
            !(out->kind && !strcmp(out->kind, "amendment") && out->ordinal == 0)) {
            pct_reference *r = ref_find(st, "earlier_amendment", f, t.s, oe, ord);
            if (!r) {
                if (!(r = ref_add(x, st, "earlier_amendment")))
                    return pct__err(x->ctx, PCT_ENOMEM, "out of memory");
                r->ordinal = ord;
                if ((error = pct_xdoc__mention(x, &r->title, t.s, oe, "ref.amendment.ordinal")) < 0)
                    return error;
            }
            if ((error = ref_details(x, r, oe, oe, hi, NULL)) < 0)
                return error;
            i = oe;
            continue;
        }
        if (!(e && (e->bits & LEX_KEYWORD)) || core_is(f, &t, "amendment") || tok_case(f, &t) < 1 ||
            keyword_continues(f, hi, &t))
            continue;
        phrase p;
        if (!phrase_at(x, lo, hi, &t, &p) || p.words < 2)
            continue;
        if (own_name && norm_eq(own_name, strlen(own_name), f + p.s, p.e - p.s))
            continue;
        /* "Amendment No. 2 to the X Agreement" is the title of this amendment, not a reference */
        const char *rel = "mentions";
        pct_reference *r = NULL;
        for (size_t k = 0; k < st->nrefs; k++)
            if (!strcmp(st->refs[k].relation, "amends") && st->refs[k].title.text &&
                norm_eq(st->refs[k].title.text, strlen(st->refs[k].title.text), f + p.s,
                        p.e - p.s))
                r = &st->refs[k];
        if (!r)
            r = ref_find(st, rel, f, p.s, p.e, 0);
        size_t *desig_e = NULL;
        if (!r) {
            if (!(r = ref_add(x, st, rel)))
                return pct__err(x->ctx, PCT_ENOMEM, "out of memory");
            if ((error = pct_xdoc__mention(x, &r->title, p.s, p.e, "ref.title.phrase")) < 0)
                return error;
            if (st->nrefs <= REFS_TRACKED) {
                st->desig_s[st->nrefs - 1] = p.s;
                desig_e = &st->desig_e[st->nrefs - 1];
            }
        }
        if ((error = ref_details(x, r, t.s, p.e, hi, desig_e)) < 0)
            return error;
    }
    return 0;
}

/* An amendment's body may cite an earlier amendment that its head does not
 * ("the Guarantee (as defined in Amendment 1)"): an "Amendment No. M" or
 * "First Amendment" after the head with M below this amendment's ordinal
 * is one, with no details (the body's dates are not the citation's). */
static int body_earlier_amendments(pct_xdoc *x, namestate *st, size_t from)
{
    const char *f = x->flat;
    pct_docfacts *out = x->out;
    int error = 0;
    if (!out->kind || strcmp(out->kind, "amendment") || out->ordinal < 2)
        return 0;
    size_t i = from;
    tok t;
    while (tok_next(f, i, x->flat_len, &t)) {
        i = t.e;
        size_t oe = 0;
        int ord = ordinal_at(f, x->flat_len, &t, lex_find(f, t.cs, t.ce), &oe);
        if (!ord || ord >= out->ordinal)
            continue;
        i = oe;
        if (ref_find(st, "earlier_amendment", f, t.s, oe, ord))
            continue;
        pct_reference *r = ref_add(x, st, "earlier_amendment");
        if (!r)
            return pct__err(x->ctx, PCT_ENOMEM, "out of memory");
        r->ordinal = ord;
        if ((error = pct_xdoc__mention(x, &r->title, t.s, oe, "ref.amendment.ordinal.body")) < 0)
            return error;
    }
    return 0;
}

/* ------------------------------------------------------------ extractor */

static int amendish_keyword(const char *f, const tok *t)
{
    return core_is(f, t, "amendment") || core_is(f, t, "amend") || core_is(f, t, "addendum") ||
           core_is(f, t, "supplement") || core_is(f, t, "joinder");
}

/* An amendment whose heading does not say what it amends ("AMENDMENT NO. 2",
 * "AMENDMENT NO. 1 TO <the parties' names> ..." cut at the names) is named
 * by its heading and the designation of the agreement it amends, as the
 * recitals write it: "AMENDMENT NO. 2 - Wireless Content License Agreement
 * Number 12965". `k` is the amended agreement's reference. Leaves the name
 * as it is unless the heading holds no "to" and no other title keyword. */
static int name_with_amended(pct_xdoc *x, const namestate *st, const phrase *p, size_t k)
{
    const char *f = x->flat;
    pct_value *v = &x->out->document_name;
    if (k >= REFS_TRACKED || st->desig_e[k] <= st->desig_s[k])
        return 0;
    size_t i = p->s;
    tok t;
    while (tok_next(f, i, p->e, &t)) {
        if (core_is(f, &t, "to") ||
            (is_keyword(f, &t) && !amendish_keyword(f, &t) && !core_is(f, &t, "schedule") &&
             !keyword_continues(f, p->e, &t)))
            return 0;
        i = t.e;
    }
    size_t ds = st->desig_s[k], de = st->desig_e[k];
    char *name = pct_arena__printf(x->arena, "%.*s - %.*s", (int)(p->e - p->s), f + p->s,
                                   (int)(de - ds), f + ds);
    if (!name)
        return pct__err(x->ctx, PCT_ENOMEM, "out of memory");
    v->value = name;
    v->rule = "name.title.amended_agreement";
    return 0;
}

static const char *kind_of(const char *name, size_t n)
{
    /* "SCHEDULE TO ...", "Product License Schedule": a schedule issued under an agreement */
    if ((n >= 8 && pct__prefix_ci(name, 8, "schedule")) ||
        (n >= 8 && pct__prefix_ci(name + n - 8, 8, "schedule")))
        return "other";
    if (pct__find_ci(name, n, "joinder") >= 0)
        return "joinder";
    long a = pct__find_ci(name, n, "amendment");
    if (a < 0)
        a = pct__find_ci(name, n, "amend no");
    if (a >= 0 && pct__find_ci(name, n, "amended and restated") < 0)
        return "amendment";
    if (pct__find_ci(name, n, "addendum") >= 0 || pct__find_ci(name, n, "supplement") >= 0)
        return "amendment";
    if (pct__find_ci(name, n, "agreement") >= 0 || pct__find_ci(name, n, "contract") >= 0 ||
        pct__find_ci(name, n, "lease") >= 0 || pct__find_ci(name, n, "license") >= 0 ||
        pct__find_ci(name, n, "guarant") >= 0 || pct__find_ci(name, n, "understanding") >= 0)
        return "agreement";
    return "other";
}

/* 1 when the keyword `t` labels a number rather than titles a document:
 * "TELKOM CONTRACT No. 076C/01" (a running header), "Contract Number:" (a
 * form field). An amendment's number is its title ("Amendment No. 2"). */
static int keyword_labels_number(const char *f, size_t hi, const tok *t)
{
    tok n, v;
    if (core_is(f, t, "amendment") || core_is(f, t, "amend") || core_is(f, t, "addendum") ||
        core_is(f, t, "supplement") || core_is(f, t, "joinder"))
        return 0;
    if (t->ce != t->e || !tok_next(f, t->e, hi, &n))
        return 0;
    if (!(core_is(f, &n, "no.") || core_is(f, &n, "no") || core_is(f, &n, "number") ||
          core_is(f, &n, "#")))
        return 0;
    if (f[n.e - 1] == ':')
        return 1;
    return tok_next(f, n.e, hi, &v) && tok_has_digit(f, &v);
}

/* 1 when a heading ending at flat offset `e` stands directly above the
 * sentence starting at `s`: nothing between them but white space and at
 * most one short parenthetical ("(For Use under Rate Schedule FT-A)"). */
static int heading_adjacent(const char *f, size_t e, size_t s)
{
    if (e > s)
        return 0;
    while (e < s && f[e] == ' ')
        e++;
    if (e < s && f[e] == '(') {
        size_t close = e;
        while (close < s && close - e <= PAREN_NOTE_MAX && f[close] != ')')
            close++;
        if (close >= s || f[close] != ')')
            return 0;
        e = close + 1;
        while (e < s && f[e] == ' ')
            e++;
    }
    return e == s;
}

/* 1 when the line goes on after flat offset e (no line break before the next token). */
static int ends_line(const pct_xdoc *x, size_t e, size_t hi)
{
    tok t;
    return !tok_next(x->flat, e, hi, &t) || nl_before(x, t.s);
}

/* 1 when a line break lies between flat offsets a and b. */
static int breaks_line(const pct_xdoc *x, size_t a, size_t b, size_t hi)
{
    tok t;
    for (size_t i = a; i < b && tok_next(x->flat, i, hi, &t) && t.s <= b; i = t.e)
        if (nl_before(x, t.s))
            return 1;
    return 0;
}

/* 1 when the heading `h` is the preamble's name `pn` after a party's short
 * name: "IMNTV CONTENT LICENSE AGREEMENT" over "This Content License
 * Agreement ... Independent Music Network ("IMNTV")". The words before the
 * name must be defined in the preamble, in quotes or parentheses, within
 * PARTY_SCAN_MAX bytes. */
static int party_before_name(const char *f, size_t hi, const phrase *h, const phrase *pn)
{
    size_t q = h->s, r = 0;
    tok t;
    for (int n = 0; n < PARTY_WORDS_MAX && tok_next(f, q, h->e, &t); n++) {
        q = t.e;
        for (r = q; r < h->e && f[r] == ' '; r++)
            ;
        if (r >= h->e)
            return 0;
        if (norm_eq(f + r, h->e - r, f + pn->s, pn->e - pn->s))
            break;
        r = 0;
    }
    if (!r)
        return 0;
    size_t len = q - h->s;
    size_t lim = pn->e + PARTY_SCAN_MAX < hi ? pn->e + PARTY_SCAN_MAX : hi;
    for (size_t i = pn->e; i + len + 1 < lim; i++) {
        size_t a;
        if (f[i] == '"' || f[i] == '(')
            a = i + 1;
        else if (is_quote_at(f, i, lim) == 3)
            a = i + 3;
        else
            continue;
        size_t k = 0;
        while (k < len && a + k < lim && pct__lower((unsigned char)f[a + k]) ==
                                             pct__lower((unsigned char)f[h->s + k]))
            k++;
        if (k == len && a + k < lim &&
            (f[a + k] == '"' || f[a + k] == ')' || is_quote_at(f, a + k, lim) == 3))
            return 1;
    }
    return 0;
}

/* 1 when the phrase `p` is "This Agreement"/"THIS AMENDMENT" opening a
 * sentence ("This Amendment is entered into ..."): a preamble that names
 * the document by its kind only. */
static int opens_preamble(const pct_xdoc *x, size_t lo, size_t hi, const phrase *p)
{
    static const char *const VERBS[] = {"is", "dated", "made", "entered", NULL};
    const char *f = x->flat;
    tok th, prev, v;
    if (p->prose != 1 || p->words != 1 || !tok_prev(f, lo, p->s, &th) || tok_case(f, &th) < 1)
        return 0;
    if (tok_prev(f, lo, th.s, &prev) && !nl_before(x, th.s) && f[prev.e - 1] != '.')
        return 0;
    return tok_next(f, p->e, hi, &v) && core_in(f, &v, VERBS);
}

/* 1 when the phrase `p` ends a label "Attachment B to Master Franchise
 * Agreement" / "EXHIBIT A TO CREDIT AGREEMENT": it names the agreement the
 * attached document belongs to, not the document. */
static int attachment_label(const char *f, size_t lo, const phrase *p)
{
    static const char *const LABELS[] = {"exhibit", "attachment", "schedule", "annex", "appendix",
                                         NULL};
    tok to, id, label;
    if (!tok_prev(f, lo, p->s, &to))
        return 0;
    if (core_is(f, &to, "the") && !tok_prev(f, lo, to.s, &to))
        return 0;
    if (!core_is(f, &to, "to") || !tok_prev(f, lo, to.s, &id) ||
        id.ce - id.cs > LABEL_ID_MAX || !tok_prev(f, lo, id.s, &label))
        return 0;
    return core_in(f, &label, LABELS);
}

/* A title in sentence case on a line of its own: "Maintenance and support
 * contract" (then a line break or a column gap). The keyword `kw` is
 * "agreement" or "contract" in lower case, the words before it are plain
 * lower-case words back to a capitalised first word that starts the line. */
static int sentence_case_title(const pct_xdoc *x, size_t lo, size_t hi, const tok *kw,
                               phrase *out)
{
    const char *f = x->flat;
    static const char *const NOT_FIRST[] = {"the", "this", "such", "each", "any", "that", "said",
                                            "our", "your", "its", "their", "parties", NULL};
    if (!core_is(f, kw, "agreement") && !core_is(f, kw, "contract"))
        return 0;
    if (kw->cs != kw->s || kw->ce != kw->e)
        return 0;
    tok r;
    if (tok_next(f, kw->e, hi, &r) && !nl_before(x, r.s) &&
        x->fmap[r.s] - x->fmap[kw->e - 1] <= COLUMN_GAP_MIN)
        return 0;
    size_t i = kw->s;
    tok t;
    for (int words = 1; words < SENTENCE_TITLE_WORDS_MAX && tok_prev(f, lo, i, &t); words++) {
        if (nl_before(x, i) || t.cs != t.s || t.ce != t.e || lex_is(f, &t, LEX_NOISE))
            return 0;
        for (size_t k = t.s; k < t.e; k++)
            if (!pct__is_alpha((unsigned char)f[k]) && f[k] != '-')
                return 0;
        int c = tok_case(f, &t);
        if (c == 1) {
            if (words < 2 || core_in(f, &t, NOT_FIRST) || !nl_before(x, t.s))
                return 0;
            out->s = t.s;
            out->e = kw->e;
            out->kw_s = kw->s;
            out->words = words + 1;
            out->style = 0;
            out->prose = 0;
            out->heading = 0;
            return 1;
        }
        if (c != 0)
            return 0;
        i = t.s;
    }
    return 0;
}

/* Finds the document's title phrase in the head [lo, hi); 1 when found, 2
 * when the document has no title but opens with "This Amendment is ..."
 * (`best` is that phrase, which names the document's kind only).
 * Headings (level 0) beat "This Supply Agreement" (level 1) beat other
 * capitalised phrases (level 2); among headings the first wins, unless a
 * later heading is the very phrase the preamble names ("THIS FIRST
 * AMENDMENT TO ..."), which then marks the real title (earlier headings
 * belong to a previous document's exhibit list or a cover page). */
static int find_title(const pct_xdoc *x, size_t lo, size_t hi, phrase *best)
{
    const char *f = x->flat;
    phrase heads[TITLE_HEADS_MAX];
    int nheads = 0;
    phrase cand[3];
    int have[3] = {0, 0, 0};
    int adjacent = -1; /* the heading directly above the preamble's "This", if any */
    size_t i = lo;
    tok t;
    while (tok_next(f, i, hi, &t)) {
        i = t.e;
        phrase p;
        int kw = is_keyword(f, &t);
        if (kw && tok_case(f, &t) == 0 && sentence_case_title(x, lo, hi, &t, &p)) {
            if (!have[0]) {
                cand[0] = p;
                have[0] = 1;
            }
            if (nheads < TITLE_HEADS_MAX)
                heads[nheads++] = p;
            continue;
        }
        if (!kw || tok_case(f, &t) < 1 || keyword_continues(f, hi, &t) ||
            keyword_labels_number(f, hi, &t))
            continue;
        if (!phrase_at(x, lo, hi, &t, &p) || attachment_label(f, lo, &p))
            continue;
        tok th;
        if (p.prose == 1 && adjacent < 0 && nheads > 0 && tok_prev(f, lo, p.s, &th) &&
            tok_case(f, &th) >= 1 && heading_adjacent(f, heads[nheads - 1].e, th.s))
            adjacent = nheads - 1;
        /* "This Amendment is entered into ..." before any heading: the
         * document opens with its preamble and has no title; later headings
         * are a footer's or the next document's */
        if (nheads == 0 && !have[2] && opens_preamble(x, lo, hi, &p)) {
            *best = p;
            return 2;
        }
        int level;
        if (!p.prose && (p.words >= 2 || p.e > t.ce))
            level = 0;
        else if (p.prose == 1 && p.words >= 2)
            level = 1;
        else if (!p.prose && p.style == 2)
            level = 2;
        else
            continue;
        if (!have[level]) {
            cand[level] = p;
            have[level] = 1;
        }
        if (level == 0 && nheads < TITLE_HEADS_MAX)
            heads[nheads++] = p;
        if (have[1])
            break; /* the preamble began: no title comes after it */
        if (p.e > i)
            i = p.e;
    }
    /* "SERVICE AGREEMENT" heading, "THIS SERVICE AGREEMENT FOR TRANSFER AGENT
     * SERVICES" in the preamble: the preamble spells the title out in full */
    if (have[0] && have[1] && norm_prefix(f + cand[0].s, cand[0].e - cand[0].s, f + cand[1].s,
                                          cand[1].e - cand[1].s)) {
        *best = cand[1];
        best->prose = 0;
        return 1;
    }
    if (have[0] && have[1] && party_before_name(f, hi, &cand[0], &cand[1])) {
        *best = cand[1];
        best->prose = 0;
        return 1;
    }
    /* "NON-EXCLUSIVE LICENSE AGREEMENT BETWEEN ..." on a cover, "NON-EXCLUSIVE
     * LICENSE AGREEMENT- FOR SALES" right above "This Non-Exclusive License
     * Agreement ..." (or "THIS AGREEMENT"): the heading over the preamble is
     * the document's own, when it begins with the name the preamble uses */
    if (adjacent > 0 && !ends_line(x, heads[0].e, hi) &&
        breaks_line(x, heads[0].e, heads[adjacent].s, hi) &&
        (!have[1] || norm_eq(f + heads[adjacent].s, heads[adjacent].e - heads[adjacent].s,
                             f + cand[1].s, cand[1].e - cand[1].s) ||
         norm_prefix(f + cand[1].s, cand[1].e - cand[1].s, f + heads[adjacent].s,
                     heads[adjacent].e - heads[adjacent].s))) {
        *best = heads[adjacent];
        return 1;
    }
    if (have[0] && have[1])
        for (int k = 1; k < nheads; k++)
            if (norm_eq(f + heads[k].s, heads[k].e - heads[k].s, f + cand[1].s,
                        cand[1].e - cand[1].s)) {
                *best = heads[k];
                return 1;
            }
    for (int l = 0; l < 3; l++)
        if (have[l]) {
            *best = cand[l];
            best->heading = l == 0;
            return 1;
        }
    return 0;
}

int pct_extract__name(pct_xdoc *x)
{
    pct_docfacts *out = x->out;
    const char *f = x->flat;
    namestate st;
    int error = 0;
    memset(&st, 0, sizeof st);
    pthread_once(&lex_once, lex_build);

    size_t lo = 0;
    size_t hi = x->fpreamble.end;
    if (x->frecitals.end > hi && x->frecitals.start < HEAD_MAX)
        hi = x->frecitals.start;
    if (hi < HEAD_MIN)
        hi = HEAD_MIN;
    if (hi > HEAD_MAX)
        hi = HEAD_MAX;
    if (hi > x->flat_len)
        hi = x->flat_len;

    phrase p = {0};
    const char *name = NULL;
    int found = find_title(x, lo, hi, &p);
    if (found == 2)
        out->kind = kind_of(f + p.s, p.e - p.s);
    if (found == 1) {
        if ((error = pct_xdoc__fvalue(x, &out->document_name, NULL, p.s, p.e,
                                      p.prose ? "name.preamble.this" : "name.title.heading")) < 0)
            goto done;
        out->document_name.value = out->document_name.raw;
        name = out->document_name.raw;
        out->kind = kind_of(name, strlen(name));
        /* the ordinal: any "Amendment No. 2" / "Second Amendment" inside the name */
        size_t i = p.s;
        tok t;
        while (tok_next(f, i, p.e, &t)) {
            size_t oe;
            int v = ordinal_at(f, p.e, &t, lex_find(f, t.cs, t.ce), &oe);
            if (v) {
                out->ordinal = v;
                break;
            }
            i = t.e;
        }
        /* an amendment names what it amends: "... TO THE PROFESSIONAL SERVICES AGREEMENT" */
        if (!strcmp(out->kind, "amendment")) {
            size_t k = p.s;
            while (tok_next(f, k, p.e, &t)) {
                k = t.e;
                if (!core_is(f, &t, "to"))
                    continue;
                tok u;
                size_t s = t.e;
                if (tok_next(f, s, p.e, &u) && core_is(f, &u, "the"))
                    s = u.e;
                /* "TO SECTION 2, PART B OF THE X AGREEMENT": the agreement is X */
                int provision = 0;
                for (size_t pe; tok_next(f, s, p.e, &u) && (pe = provision_ref_end(f, p.e, &u));) {
                    s = pe;
                    provision = 1;
                }
                while (provision && tok_next(f, s, p.e, &u) &&
                       (core_is(f, &u, "of") || core_is(f, &u, "the")))
                    s = u.e;
                while (s < p.e && f[s] == ' ')
                    s++;
                if (s < p.e) {
                    pct_reference *r = ref_add(x, &st, "amends");
                    if (!r) {
                        error = pct__err(x->ctx, PCT_ENOMEM, "out of memory");
                        goto done;
                    }
                    if ((error = pct_xdoc__mention(x, &r->title, s, p.e, "ref.amends.title")) < 0)
                        goto done;
                }
                break;
            }
        }
    }
    /* an amendment without a titled target: the preamble says "amendment to the X Agreement" */
    if (!out->ordinal && x->fpreamble.end > x->fpreamble.start) {
        size_t i = x->fpreamble.start;
        size_t pe = x->fpreamble.end < x->fpreamble.start + 600 ? x->fpreamble.end
                                                                : x->fpreamble.start + 600;
        tok t;
        while (tok_next(f, i, pe, &t)) {
            size_t oe;
            int v = ordinal_at(f, pe, &t, lex_find(f, t.cs, t.ce), &oe);
            tok prev;
            if (v && tok_prev(f, x->fpreamble.start, t.s, &prev) &&
                (core_is(f, &prev, "this") || core_is(f, &prev, "is"))) {
                out->ordinal = v;
                if (!strcmp(out->kind, "other") || !strcmp(out->kind, "agreement"))
                    out->kind = "amendment";
                break;
            }
            i = t.e;
        }
    }
    /* references and the identifier: title, preamble and recitals */
    {
        size_t rlo = x->ftitle.end > x->ftitle.start ? x->ftitle.start : lo;
        size_t rhi = x->frecitals.end > x->fpreamble.end ? x->frecitals.end : x->fpreamble.end;
        if (rhi < hi)
            rhi = hi;
        if (rhi > x->flat_len)
            rhi = x->flat_len;
        /* never into the operative sections: their headings are not references */
        if (x->fbody.start > rlo && rhi > x->fbody.start && x->fbody.start >= x->fpreamble.end)
            rhi = x->fbody.start;
        if (rhi < rlo) /* a title past the head (no preamble): an empty range */
            rhi = rlo;
        if ((error = find_refs(x, &st, rlo, rhi, name)) < 0)
            goto done;
        if ((error = body_earlier_amendments(x, &st, rhi)) < 0)
            goto done;
        /* an amendment: the first mentioned agreement is the one amended when
         * the title did not say */
        int has_amends = 0;
        for (size_t k = 0; k < st.nrefs; k++)
            has_amends |= !strcmp(st.refs[k].relation, "amends");
        if (out->kind && !strcmp(out->kind, "amendment") && !has_amends)
            for (size_t k = 0; k < st.nrefs; k++)
                if (!strcmp(st.refs[k].relation, "mentions")) {
                    st.refs[k].relation = "amends";
                    if (name && p.heading && (error = name_with_amended(x, &st, &p, k)) < 0)
                        goto done;
                    break;
                }
        /* "Product License Schedule" issued under an agreement: named with it too */
        tok kt;
        if (name && p.heading && out->kind && !strcmp(out->kind, "other") &&
            tok_next(f, p.kw_s, p.e, &kt) && core_is(f, &kt, "schedule"))
            for (size_t k = 0; k < st.nrefs; k++)
                if (!strcmp(st.refs[k].relation, "mentions")) {
                    if ((error = name_with_amended(x, &st, &p, k)) < 0)
                        goto done;
                    break;
                }
        /* identifier: of this document when its own title/preamble carries
         * one, else (amendments) the amended agreement's */
        size_t ioff = 0, ilen = 0, mlen = 0;
        size_t at = rhi - rlo;
        for (size_t from = 0; from < rhi - rlo;) {
            at = pct_scan__next_identifier(f + rlo, rhi - rlo, from, &ioff, &ilen, &mlen);
            if (at >= rhi - rlo)
                break;
            /* "Amendment Number 2" is an ordinal, not an identifier */
            if (!pct__prefix_ci(f + rlo + at, rhi - rlo - at, "amend"))
                break;
            from = at + (mlen ? mlen : 1);
            at = rhi - rlo;
        }
        if (at < rhi - rlo) {
            size_t s = rlo + ioff; /* next_identifier's offset counts from its text */
            char *id = pct_arena__strndup(x->arena, f + s, ilen);
            if (!id) {
                error = pct__err(x->ctx, PCT_ENOMEM, "out of memory");
                goto done;
            }
            if ((error = pct_xdoc__fvalue(x, &out->identifier, id, s, s + ilen,
                                          "identifier.head.number")) < 0)
                goto done;
        }
    }
    out->refs = st.refs;
    out->nrefs = st.nrefs;
done:
    return error;
}
