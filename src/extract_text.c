/*
 * extract_text.c - pattern matching over contract text for the extractors
 * (see extract_text.h for the pattern language).
 *
 * Approach: a hand-written matcher for short literal patterns with white
 * space and quote classes (byte tables for the pattern byte's kind and for
 * case folding); searches filter on the pattern's first byte so a scan over
 * a region costs one pass plus the short matches attempted, and long
 * regions go to the word-start index (xt_index.c), which hands the matcher
 * candidates whose first letters it has compared already
 * (pct_xt__match_word_rest). The sentence scan tests eight bytes at a time
 * for a byte that may end a sentence; the heading test reads each heading
 * once for all its words; the lead filter tries only the leads that begin
 * with the text's letter.
 * Invariant: nothing reads outside [lo, hi) of the text it was given.
 */
#include "extract_text.h"
#include "internal.h"

#include <stdint.h>
#include <string.h>

#define PCT_XT_SCAN_MAX 64 /* regions up to this many bytes are scanned: cheaper than a lookup */

static int is_word(unsigned char c) { return pct__is_alpha(c) || pct__is_digit(c); }

/* Bytes of a double quote at s (straight or curly UTF-8), else 0. */
static size_t dquote(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 1 && u[0] == '"')
        return 1;
    if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x9C || u[2] == 0x9D || u[2] == 0x9E))
        return 3;
    if (n >= 2 && u[0] == '`' && u[1] == '`')
        return 2;
    if (n >= 2 && u[0] == '\'' && u[1] == '\'')
        return 2;
    return 0;
}

/* Bytes of an apostrophe at s (straight or curly), else 0. */
static size_t squote(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 1 && (u[0] == '\'' || u[0] == '`'))
        return 1;
    if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x98 || u[2] == 0x99))
        return 3;
    return 0;
}

/* Folds A-Z to a-z, every other byte to itself (pct__lower as one load). */
#define FOLD1(c) (unsigned char)((c) >= 'A' && (c) <= 'Z' ? (c) + 32 : (c))
#define FOLD4(c) FOLD1(c), FOLD1((c) + 1), FOLD1((c) + 2), FOLD1((c) + 3)
#define FOLD16(c) FOLD4(c), FOLD4((c) + 4), FOLD4((c) + 8), FOLD4((c) + 12)
#define FOLD64(c) FOLD16(c), FOLD16((c) + 16), FOLD16((c) + 32), FOLD16((c) + 48)
static const unsigned char fold[256] = {FOLD64(0), FOLD64(64), FOLD64(128), FOLD64(192)};
#undef FOLD64
#undef FOLD16
#undef FOLD4
#undef FOLD1

/* What a pattern byte asks of the text: PB_LIT (the byte itself, either
 * case) for all but these. */
enum { PB_LIT = 0, PB_END, PB_SPACE, PB_DQUOTE, PB_SQUOTE, PB_STAR };
static const unsigned char pbyte[256] = {['\0'] = PB_END, [' '] = PB_SPACE, ['"'] = PB_DQUOTE,
                                         ['\''] = PB_SQUOTE, ['*'] = PB_STAR};

/* The matcher: bytes of s[0..n) matched by pattern `pat` when its bytes
 * before `p` have matched s[0..i) (p == pat and i == 0 for a whole match),
 * or 0. Also gives the last byte of the pattern (0 for an empty one) so
 * that callers need no strlen. */
static size_t match_core(const char *s, size_t n, size_t i, const char *pat, const char *p,
                         unsigned char *last_out)
{
    const unsigned char *u = (const unsigned char *)s;
    *last_out = 0;
    for (;; p++) {
        unsigned char pc = (unsigned char)*p;
        if (pbyte[pc] == PB_LIT) { /* the common case first, before the switch's dispatch */
            if (i >= n || fold[u[i]] != fold[pc])
                return 0;
            i++;
            continue;
        }
        switch (pbyte[pc]) {
        case PB_SPACE: {
            size_t j = i;
            while (j < n && pct__is_space(u[j]))
                j++;
            /* white space is optional next to punctuation: `( "X" )` */
            int optional =
                (p == pat || !is_word((unsigned char)p[-1]) || !is_word((unsigned char)p[1]));
            if (j == i && !optional)
                return 0;
            i = j;
            continue;
        }
        case PB_DQUOTE: {
            size_t q = dquote(s + i, n - i);
            if (!q)
                return 0;
            i += q;
            continue;
        }
        case PB_SQUOTE: {
            size_t q = squote(s + i, n - i);
            if (!q)
                return 0;
            i += q;
            continue;
        }
        case PB_STAR:
            if (p[1] == '\0') { /* a trailing '*': the pattern is a word prefix */
                *last_out = '*';
                return i;
            }
            if (i >= n || u[i] != '*')
                return 0;
            i++;
            continue;
        default: /* PB_END (PB_LIT is handled above) */
            if (p > pat)
                *last_out = (unsigned char)p[-1];
            return i;
        }
    }
}

size_t pct_xt__match(const char *s, size_t n, const char *pat)
{
    unsigned char last;
    return match_core(s, n, 0, pat, pat, &last);
}

size_t pct_xt__match_word_at(const char *text, size_t lo, size_t i, size_t hi, const char *pat)
{
    if (i > lo && is_word((unsigned char)text[i - 1]) && is_word((unsigned char)pat[0]))
        return 0;
    unsigned char last;
    size_t m = match_core(text + i, hi - i, 0, pat, pat, &last);
    if (!m)
        return 0;
    if (is_word(last) && i + m < hi && pct__is_alpha((unsigned char)text[i + m]))
        return 0;
    return m;
}

size_t pct_xt__match_word_rest(const char *text, size_t i, size_t hi, const char *pat, size_t k)
{
    unsigned char last;
    size_t m = match_core(text + i, hi - i, k, pat, pat + k, &last);
    if (!m)
        return 0;
    if (is_word(last) && i + m < hi && pct__is_alpha((unsigned char)text[i + m]))
        return 0;
    return m;
}

size_t pct_xt__find(const pct_xt_index *ix, const char *text, size_t from, size_t hi,
                    const char *pat)
{
    size_t at;
    if (ix && hi > from && hi - from > PCT_XT_SCAN_MAX &&
        pct_xt__index_find(ix, text, from, hi, pat, &at))
        return at;
    unsigned char f = pct__lower((unsigned char)pat[0]);
    for (size_t i = from; i < hi; i++) {
        if (pct__lower((unsigned char)text[i]) != f)
            continue;
        if (pct_xt__match_word(text, from, i, hi, pat))
            return i;
    }
    return hi;
}

size_t pct_xt__rfind(const pct_xt_index *ix, const char *text, size_t lo, size_t to,
                     const char *pat)
{
    size_t at;
    if (ix && to > lo && to - lo > PCT_XT_SCAN_MAX &&
        pct_xt__index_rfind(ix, text, lo, to, pat, &at))
        return at;
    unsigned char f = pct__lower((unsigned char)pat[0]);
    for (size_t i = to; i-- > lo;) {
        if (pct__lower((unsigned char)text[i]) != f)
            continue;
        size_t m = pct_xt__match_word(text, lo, i, to, pat);
        if (m)
            return i;
    }
    return (size_t)-1;
}

size_t pct_xt__skip_ws(const char *text, size_t i, size_t hi)
{
    while (i < hi && pct__is_space((unsigned char)text[i]))
        i++;
    return i;
}

size_t pct_xt__find_word(const pct_xt_index *ix, const char *text, size_t lo, size_t from,
                         size_t hi, const char *pat)
{
    for (;;) {
        size_t at = pct_xt__find(ix, text, from, hi, pat);
        if (at < hi && at == from && !pct_xt__match_word(text, lo, at, hi, pat)) {
            from++;
            continue;
        }
        return at;
    }
}

int pct_xt__has(const pct_xt_index *ix, const char *text, size_t s, size_t e, const char *pat)
{
    return pct_xt__find(ix, text, s, e, pat) < e;
}

#define ABBR_LEN_MAX 5 /* bytes of the longest abbreviation below ("l.l.c") */

/* 1 when the period at text[i] ends an abbreviation rather than a sentence. */
static int abbrev(const char *text, size_t lo, size_t i)
{
    static const char *const abbr[] = {"inc", "co", "corp", "ltd", "no", "nos", "mr", "ms", "mrs",
                                       "dr", "st", "sec", "u.s", "n.a", "l.p", "l.l.c", "s.a",
                                       "e.g", "i.e", "jr", "sr", "p.c", "vs", "art", "para"};
    size_t w = i;
    /* (the walk stops one byte past the longest abbreviation: longer is none) */
    while (w > lo && i - w <= ABBR_LEN_MAX &&
           (pct__is_alpha((unsigned char)text[w - 1]) || text[w - 1] == '.'))
        w--;
    if (i - w == 1)
        return 1; /* a single letter: an initial ("John A. Smith") */
    if (i == w || i - w > ABBR_LEN_MAX)
        return 0; /* no letter before it, or longer than every abbreviation */
    for (size_t k = 0; k < sizeof abbr / sizeof *abbr; k++) {
        if (pct__lower((unsigned char)text[w]) != (unsigned char)abbr[k][0])
            continue; /* (cheaper than the strlen) */
        size_t l = strlen(abbr[k]);
        if (i - w == l && pct_xt__match(text + w, l, abbr[k]) == l)
            return 1;
    }
    return 0;
}

/* The bytes that may end a sentence: one load per byte of the sentence scans. */
static const unsigned char may_end_tab[256] = {['.'] = 1, ['\n'] = 1, ['?'] = 1, ['!'] = 1};
static inline int may_end(char c) { return may_end_tab[(unsigned char)c]; }

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SCAN_WORDWISE 1 /* next_may_end reads eight bytes at a time */
#else
#define SCAN_WORDWISE 0
#endif
#define SCAN_CHUNK 8

/* The first offset in [e, emax) whose byte may end a sentence, or emax.
 * The ending bytes are all below 0x40, and most bytes of a sentence are
 * letters or spaces: so eight bytes at a time are tested, as one 64-bit
 * word, for a byte below 0x40 other than ' ' (SWAR tests, exact per byte:
 * (x | 0x80) - c keeps bit 7 of a byte iff its low seven bits are >= c, no
 * lane borrowing; ((t & 0x7f) + 0x7f) | t has bit 7 clear iff the byte t is
 * zero), and only such bytes are looked up. */
static size_t next_may_end(const char *text, size_t e, size_t emax)
{
#if SCAN_WORDWISE
    const uint64_t ones = 0x0101010101010101u, hi = ones * 0x80, lo7 = ones * 0x7F;
    while (emax - e >= SCAN_CHUNK) {
        uint64_t x;
        memcpy(&x, text + e, SCAN_CHUNK);
        uint64_t below = ~(((x | hi) - ones * 0x40) | x) & hi; /* bytes < 0x40 */
        uint64_t t = x ^ (ones * ' ');
        uint64_t blank = ~(((t & lo7) + lo7) | t) & hi; /* bytes == ' ' */
        uint64_t cand = below & ~blank;
        while (cand) {
            size_t k = e + (size_t)__builtin_ctzll(cand) / 8;
            if (may_end(text[k]))
                return k;
            cand &= cand - 1; /* the next flagged byte */
        }
        e += SCAN_CHUNK;
    }
#endif
    while (e < emax && !may_end(text[e]))
        e++;
    return e;
}

int pct_xt__sentence_ends(const char *text, size_t lo, size_t hi, size_t i)
{
    unsigned char c = (unsigned char)text[i];
    if (c == '\n') {
        size_t j = i + 1;
        while (j < hi && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r'))
            j++;
        return j < hi && text[j] == '\n';
    }
    if ((c == '.' || c == '?' || c == '!') && i + 1 < hi &&
        pct__is_space((unsigned char)text[i + 1])) {
        size_t j = pct_xt__skip_ws(text, i + 1, hi);
        if (j >= hi)
            return 1;
        unsigned char d = (unsigned char)text[j];
        if (!(pct__is_upper(d) || pct__is_digit(d) || d == '(' || d == '"' || d == 0xE2))
            return 0;
        return c != '.' || !abbrev(text, lo, i);
    }
    return 0;
}

void pct_xt__sentence(const char *text, size_t lo, size_t hi, size_t i, size_t *start_out,
                      size_t *end_out)
{
    size_t s = i, e = i;
    size_t smin = i > lo + PCT_XT_SENTENCE_MAX ? i - PCT_XT_SENTENCE_MAX : lo;
    size_t emax = hi - i > PCT_XT_SENTENCE_MAX ? i + PCT_XT_SENTENCE_MAX : hi;
    while (s > smin && !(may_end(text[s - 1]) && pct_xt__sentence_ends(text, lo, hi, s - 1)))
        s--;
    for (e = next_may_end(text, e, emax); e < emax && !pct_xt__sentence_ends(text, lo, hi, e);)
        e = next_may_end(text, e + 1, emax);
    if (e < emax)
        e++; /* keep the terminator */
    *start_out = pct_xt__skip_ws(text, s, e);
    *end_out = e;
}

int pct_xt__heading_has(const struct pct_node *root, size_t text_off, const char *const *words,
                        size_t n)
{
    return pct_xt__heading_has_memo(root, text_off, words, n, NULL);
}

/* 1 when the heading h contains one of the n word patterns (as
 * pct_xt__has(NULL, h, 0, strlen(h), words[k]) for some k): one pass over
 * h, trying at each byte only the patterns that begin with its letter. */
static int heading_any(const char *h, const char *const *words, size_t n)
{
    size_t hl = strlen(h);
    uint32_t letters = 0; /* bit c - 'a': some pattern begins with letter c */
    for (size_t k = 0; k < n; k++) {
        unsigned char f = fold[(unsigned char)words[k][0]];
        if (f >= 'a' && f <= 'z')
            letters |= 1u << (f - 'a');
        else if (pct_xt__has(NULL, h, 0, hl, words[k]))
            return 1; /* another first byte: its own scan */
    }
    for (size_t i = 0; i < hl; i++) {
        unsigned f = fold[(unsigned char)h[i]] - 'a';
        if (f >= 26 || !(letters >> f & 1))
            continue;
        for (size_t k = 0; k < n; k++)
            if (fold[(unsigned char)words[k][0]] == f + 'a' &&
                pct_xt__match_word(h, 0, i, hl, words[k]))
                return 1;
    }
    return 0;
}

int pct_xt__heading_has_memo(const struct pct_node *root, size_t text_off,
                             const char *const *words, size_t n, pct_xt_heading_memo *memo)
{
    /* the deepest node below root holding text_off: siblings are in order and
     * do not overlap, children lie inside their parent (pct_doc_check), so the
     * nodes holding it form one chain, found by walking down. With a memo the
     * walk starts from the last answer: its deepest ancestor that holds
     * text_off is on the chain, and the siblings before the last path's node
     * there end before it starts, so they need no look when it starts at or
     * before text_off (callers go forwards, sentence by sentence). */
    const pct_node *best = NULL, *c = root->first;
    if (memo && memo->root == root && memo->node) {
        const pct_node *a = memo->node, *below = NULL;
        while (a && a != root && !(a->span.start <= text_off && text_off < a->span.end)) {
            below = a;
            a = a->parent;
        }
        if (a) { /* (NULL: the memo's node was not below root after all) */
            if (a != root)
                best = a;
            c = below && below->span.start <= text_off ? below : a->first;
        }
    }
    while (c) {
        if (c->span.start <= text_off && text_off < c->span.end) {
            best = c;
            c = c->first;
            continue;
        }
        if (c->span.start > text_off)
            break;
        c = c->next;
    }
    if (memo && best && memo->root == root && memo->node == best && memo->words == words &&
        memo->n == n)
        return memo->has; /* the same section: the same headings */
    int has = 0;
    for (const pct_node *p = best; p && p != root && !has; p = p->parent) {
        const char *h = p->heading;
        if (!h || p->type == PCT_NODE_TITLE)
            continue;
        has = heading_any(h, words, n);
    }
    if (memo) {
        memo->root = root;
        memo->node = best;
        memo->words = words;
        memo->n = n;
        memo->has = has;
    }
    return has;
}

int pct_xt__ends_with(const char *text, size_t lo, size_t to, const char *pat)
{
    while (to > lo && (text[to - 1] == ' ' || text[to - 1] == ',' || text[to - 1] == ':'))
        to--;
    size_t pl = strlen(pat);
    size_t from = to > lo + pl + 8 ? to - pl - 8 : lo;
    size_t at = pct_xt__rfind(NULL, text, from, to, pat); /* a few bytes: scanned */
    if (at == (size_t)-1)
        return 0;
    size_t e = at + pct_xt__match(text + at, to - at, pat);
    while (e < to && (text[e] == ' ' || text[e] == ',' || text[e] == ':'))
        e++;
    return e == to;
}

void pct_xt__lead_init(pct_xt_lead *l) { memset(l, 0, sizeof *l); }

void pct_xt__lead_add(pct_xt_lead *l, const char *pat)
{
    unsigned char lead[PCT_XT_LEAD_LEN];
    size_t n = 0;
    while (n < PCT_XT_LEAD_LEN && is_word((unsigned char)pat[n])) {
        lead[n] = pct__lower((unsigned char)pat[n]);
        n++;
    }
    if (n == 0) {
        l->any_nonword = 1; /* a quote or punctuation matches only itself ... */
        if (pat[0] != '"' && pat[0] != '\'' && (pat[0] == ' ' || pat[0] == '*'))
            l->any_word = 1; /* ... but white space and '*' may match nothing */
        return;
    }
    for (size_t k = 0; k < l->n; k++)
        if (l->len[k] == n && memcmp(l->lead[k], lead, n) == 0)
            return;
    if (l->n == PCT_XT_LEAD_MAX) {
        l->any_word = 1;
        return;
    }
    memcpy(l->lead[l->n], lead, n);
    l->len[l->n] = (unsigned char)n;
    _Static_assert(PCT_XT_LEAD_MAX <= 16, "by_first holds a bit per lead");
    l->by_first[lead[0]] |= (uint16_t)(1u << l->n);
    if (pct__is_lower(lead[0]))
        l->by_first[lead[0] - 32] |= (uint16_t)(1u << l->n);
    l->n++;
}

int pct_xt__lead_may(const pct_xt_lead *l, const char *text, size_t i, size_t hi)
{
    if (i >= hi)
        return 0;
    if (!is_word((unsigned char)text[i]))
        return l->any_nonword;
    if (l->any_word)
        return 1;
    /* only the leads that begin with this byte; their first bytes match */
    for (unsigned m = l->by_first[(unsigned char)text[i]], k = 0; m; m >>= 1, k++) {
        if (!(m & 1))
            continue;
        size_t n = l->len[k], j = 1;
        while (j < n && i + j < hi && fold[(unsigned char)text[i + j]] == l->lead[k][j])
            j++;
        if (j == n)
            return 1;
    }
    return 0;
}
