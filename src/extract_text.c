/*
 * extract_text.c - pattern matching over contract text for the extractors
 * (see extract_text.h for the pattern language).
 *
 * Approach: a hand-written matcher for short literal patterns with white
 * space and quote classes; searches filter on the pattern's first byte so
 * a scan over a region costs one pass plus the short matches attempted.
 * Invariant: nothing reads outside [lo, hi) of the text it was given.
 */
#include "extract_text.h"
#include "internal.h"

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

/* pct_xt__match, also giving the last byte of the pattern (0 for an empty
 * one) so that callers need no strlen. */
static size_t match_last(const char *s, size_t n, const char *pat, unsigned char *last_out)
{
    size_t i = 0;
    const char *p = pat;
    *last_out = 0;
    for (; *p; p++) {
        unsigned char pc = (unsigned char)*p;
        if (pct__is_alpha(pc)) { /* the common case first */
            if (i >= n || pct__lower((unsigned char)s[i]) != pct__lower(pc))
                return 0;
            i++;
            continue;
        }
        if (pc == ' ') {
            size_t j = i;
            while (j < n && pct__is_space((unsigned char)s[j]))
                j++;
            /* white space is optional next to punctuation: `( "X" )` */
            int optional = (p == pat || !is_word((unsigned char)p[-1]) || !is_word((unsigned char)p[1]));
            if (j == i && !optional)
                return 0;
            i = j;
            continue;
        }
        if (pc == '"') {
            size_t q = dquote(s + i, n - i);
            if (!q)
                return 0;
            i += q;
            continue;
        }
        if (pc == '\'') {
            size_t q = squote(s + i, n - i);
            if (!q)
                return 0;
            i += q;
            continue;
        }
        if (pc == '*' && p[1] == '\0')
            break; /* a trailing '*': the pattern is a word prefix */
        if (i >= n || pct__lower((unsigned char)s[i]) != pct__lower(pc))
            return 0;
        i++;
    }
    if (*p == '*')
        *last_out = '*';
    else if (p > pat)
        *last_out = (unsigned char)p[-1];
    return i;
}

size_t pct_xt__match(const char *s, size_t n, const char *pat)
{
    unsigned char last;
    return match_last(s, n, pat, &last);
}

size_t pct_xt__match_word_at(const char *text, size_t lo, size_t i, size_t hi, const char *pat)
{
    if (i > lo && is_word((unsigned char)text[i - 1]) && is_word((unsigned char)pat[0]))
        return 0;
    unsigned char last;
    size_t m = match_last(text + i, hi - i, pat, &last);
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

int pct_xt__has(const pct_xt_index *ix, const char *text, size_t s, size_t e, const char *pat)
{
    return pct_xt__find(ix, text, s, e, pat) < e;
}

/* 1 when the period at text[i] ends an abbreviation rather than a sentence. */
static int abbrev(const char *text, size_t lo, size_t i)
{
    static const char *const abbr[] = {"inc", "co", "corp", "ltd", "no", "nos", "mr", "ms", "mrs",
                                       "dr", "st", "sec", "u.s", "n.a", "l.p", "l.l.c", "s.a",
                                       "e.g", "i.e", "jr", "sr", "p.c", "vs", "art", "para"};
    size_t w = i;
    while (w > lo && (pct__is_alpha((unsigned char)text[w - 1]) || text[w - 1] == '.'))
        w--;
    if (i - w == 1)
        return 1; /* a single letter: an initial ("John A. Smith") */
    for (size_t k = 0; k < sizeof abbr / sizeof *abbr; k++) {
        if (pct__lower((unsigned char)text[w]) != (unsigned char)abbr[k][0])
            continue; /* (cheaper than the strlen) */
        size_t l = strlen(abbr[k]);
        if (i - w == l && pct_xt__match(text + w, l, abbr[k]) == l)
            return 1;
    }
    return 0;
}

/* 0 when no sentence can end at a byte c (the cheap test before ends_at). */
/* The bytes that may end a sentence: one load per byte of the sentence scans. */
static const unsigned char may_end_tab[256] = {['.'] = 1, ['\n'] = 1, ['?'] = 1, ['!'] = 1};
static inline int may_end(char c) { return may_end_tab[(unsigned char)c]; }

/* 1 when a sentence ends at offset i (the byte after its terminator). */
static int ends_at(const char *text, size_t lo, size_t hi, size_t i)
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
    while (s > smin && !(may_end(text[s - 1]) && ends_at(text, lo, hi, s - 1)))
        s--;
    while (e < emax && !(may_end(text[e]) && ends_at(text, lo, hi, e)))
        e++;
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

int pct_xt__heading_has_memo(const struct pct_node *root, size_t text_off,
                             const char *const *words, size_t n, pct_xt_heading_memo *memo)
{
    const pct_node *best = NULL;
    for (const pct_node *c = root->first; c;) {
        if (c->span.start <= text_off && text_off < c->span.end) {
            best = c;
            c = c->first;
            continue;
        }
        if (c->span.start > text_off)
            break;
        c = c->next;
    }
    if (memo && best && memo->node == best && memo->words == words && memo->n == n)
        return memo->has; /* the same section: the same headings */
    int has = 0;
    for (const pct_node *c = best; c && c != root && !has; c = c->parent) {
        const char *h = c->heading;
        if (!h || c->type == PCT_NODE_TITLE)
            continue;
        size_t hl = strlen(h);
        for (size_t k = 0; k < n && !has; k++)
            has = pct_xt__has(NULL, h, 0, hl, words[k]);
    }
    if (memo) {
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
    l->len[l->n++] = (unsigned char)n;
}

int pct_xt__lead_may(const pct_xt_lead *l, const char *text, size_t i, size_t hi)
{
    if (i >= hi)
        return 0;
    if (!is_word((unsigned char)text[i]))
        return l->any_nonword;
    if (l->any_word)
        return 1;
    for (size_t k = 0; k < l->n; k++) {
        size_t n = l->len[k], j = 0;
        while (j < n && i + j < hi && pct__lower((unsigned char)text[i + j]) == l->lead[k][j])
            j++;
        if (j == n)
            return 1;
    }
    return 0;
}
