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

size_t pct_xt__match(const char *s, size_t n, const char *pat)
{
    size_t i = 0;
    for (const char *p = pat; *p; p++) {
        unsigned char pc = (unsigned char)*p;
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
    return i;
}

size_t pct_xt__match_word(const char *text, size_t lo, size_t i, size_t hi, const char *pat)
{
    if (i > lo && is_word((unsigned char)text[i - 1]) && is_word((unsigned char)pat[0]))
        return 0;
    size_t m = pct_xt__match(text + i, hi - i, pat);
    if (!m)
        return 0;
    size_t plen = strlen(pat);
    if (plen && is_word((unsigned char)pat[plen - 1]) && i + m < hi &&
        pct__is_alpha((unsigned char)text[i + m]))
        return 0;
    return m;
}

size_t pct_xt__find(const char *text, size_t from, size_t hi, const char *pat)
{
    unsigned char f = pct__lower((unsigned char)pat[0]);
    for (size_t i = from; i < hi; i++) {
        if (pct__lower((unsigned char)text[i]) != f)
            continue;
        if (pct_xt__match_word(text, from, i, hi, pat))
            return i;
    }
    return hi;
}

size_t pct_xt__rfind(const char *text, size_t lo, size_t to, const char *pat)
{
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

int pct_xt__has(const char *text, size_t s, size_t e, const char *pat)
{
    return pct_xt__find(text, s, e, pat) < e;
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
        size_t l = strlen(abbr[k]);
        if (i - w == l && pct_xt__match(text + w, l, abbr[k]) == l)
            return 1;
    }
    return 0;
}

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
    while (s > smin && !ends_at(text, lo, hi, s - 1))
        s--;
    while (e < emax && !ends_at(text, lo, hi, e))
        e++;
    if (e < emax)
        e++; /* keep the terminator */
    *start_out = pct_xt__skip_ws(text, s, e);
    *end_out = e;
}

int pct_xt__heading_has(const struct pct_node *root, size_t text_off, const char *const *words,
                        size_t n)
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
    for (const pct_node *c = best; c && c != root; c = c->parent) {
        const char *h = c->heading;
        if (!h || c->type == PCT_NODE_TITLE)
            continue;
        size_t hl = strlen(h);
        for (size_t k = 0; k < n; k++)
            if (pct_xt__has(h, 0, hl, words[k]))
                return 1;
    }
    return 0;
}

int pct_xt__ends_with(const char *text, size_t lo, size_t to, const char *pat)
{
    while (to > lo && (text[to - 1] == ' ' || text[to - 1] == ',' || text[to - 1] == ':'))
        to--;
    size_t pl = strlen(pat);
    size_t from = to > lo + pl + 8 ? to - pl - 8 : lo;
    size_t at = pct_xt__rfind(text, from, to, pat);
    if (at == (size_t)-1)
        return 0;
    size_t e = at + pct_xt__match(text + at, to - at, pat);
    while (e < to && (text[e] == ' ' || text[e] == ',' || text[e] == ':'))
        e++;
    return e == to;
}
