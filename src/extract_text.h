/*
 * extract_text.h - small text-matching helpers shared by the date, term,
 * law and clause extractors (extract_text.c).
 *
 * They work on the decoded TEXT (UTF-8) in place, never on a folded copy, so
 * every match position is a TEXT offset that maps back to the original.
 * Matching is ASCII case-insensitive; in a pattern a space matches a run of
 * one or more white-space characters (newlines included, since contract
 * sentences wrap), '"' matches a straight or curly double quote, and '\''
 * a straight or curly apostrophe, and a trailing '*' makes the pattern a
 * word prefix ("renew*" matches "renewed"). All helpers are linear in the bytes they
 * examine and allocate nothing; the searches given a document's word-start
 * index (xt_index.h) look only at the words their pattern can start with.
 */
#ifndef PCT_EXTRACT_TEXT_H
#define PCT_EXTRACT_TEXT_H

#include "xt_index.h"

#include <stddef.h>

/* Bytes of s[0..n) matched by `pat` at s[0], or 0 when it does not match. */
size_t pct_xt__match(const char *s, size_t n, const char *pat);

/* Like pct_xt__match, and the match must not sit inside a word: the byte
 * before s (when i > lo) and the byte after the match are not letters. `lo`
 * is the lowest offset that may be looked at before s. The work is done by
 * pct_xt__match_word_at; pct_xt__match_word is its inline front, since most
 * calls fail on the first byte (the extractors try many cues at each offset). */
size_t pct_xt__match_word_at(const char *text, size_t lo, size_t i, size_t hi, const char *pat);
static inline size_t pct_xt__match_word(const char *text, size_t lo, size_t i, size_t hi,
                                        const char *pat)
{
    unsigned char p0 = (unsigned char)pat[0];
    if (p0 == ' ' || (p0 == '*' && pat[1] == '\0'))
        return pct_xt__match_word_at(text, lo, i, hi, pat); /* may match nothing */
    if (i == hi)
        return 0;
    unsigned char c = (unsigned char)text[i];
    if (p0 == '"' || p0 == '\'') {
        /* a straight, curly (UTF-8 E2 ..) or back quote, or two apostrophes */
        if (c != '"' && c != '\'' && c != '`' && c != 0xE2)
            return 0;
    } else if (pct__lower(c) != pct__lower(p0)) {
        return 0;
    } else if (pct__is_alpha(p0) || pct__is_digit(p0)) {
        unsigned char b = i > lo ? (unsigned char)text[i - 1] : 0;
        if (pct__is_alpha(b) || pct__is_digit(b))
            return 0;
    }
    return pct_xt__match_word_at(text, lo, i, hi, pat);
}

/* pct_xt__match_word(text, lo, i, hi, pat) for a caller that has checked
 * the start already (the word-start index, xt_index.c): i == lo or text[i - 1]
 * is not a letter or digit, and text[i, i + k) equals pat[0, k) ignoring
 * case, where 1 <= k <= hi - i and pat[0, k) are letters or digits. */
size_t pct_xt__match_word_rest(const char *text, size_t i, size_t hi, const char *pat, size_t k);

/* The first offset in [from, hi) where `pat` matches as a word, or hi. The
 * first pattern byte must be a letter or digit (it is used as a filter).
 * `ix` is the word-start index of `text` (xt_index.h), or NULL: with it the
 * search visits only the words the pattern can start with, without it the
 * region is scanned; both give the same answer. */
size_t pct_xt__find(const pct_xt_index *ix, const char *text, size_t from, size_t hi,
                    const char *pat);

/* Like pct_xt__find, but a match at `from` itself counts only when it is a
 * word start of [lo, hi) (pct_xt__find takes `from` as its lower bound and
 * so lets a match sit there even inside a word): the search to repeat from
 * one past the previous match when walking a pattern's words in order. */
size_t pct_xt__find_word(const pct_xt_index *ix, const char *text, size_t lo, size_t from,
                         size_t hi, const char *pat);

/* The last offset in [lo, to) where `pat` matches as a word and ends at or
 * before `to`, or (size_t)-1. `ix` as for pct_xt__find. */
size_t pct_xt__rfind(const pct_xt_index *ix, const char *text, size_t lo, size_t to,
                     const char *pat);

/* Offset of the first non-space byte at or after i (at most hi). */
size_t pct_xt__skip_ws(const char *text, size_t i, size_t hi);

/* Bounds of the sentence holding offset i, clipped to [lo, hi) and to at
 * most PCT_XT_SENTENCE_MAX bytes on each side. A sentence ends at a period,
 * '?' or '!' followed by white space and a capital, quote, digit or '(' that
 * is not an abbreviation ("Inc.", "No.", "Co."), or at a blank line. */
#define PCT_XT_SENTENCE_MAX 1500 /* bytes each side: no legal sentence is longer, and
                                    flattened text must not make this quadratic */
void pct_xt__sentence(const char *text, size_t lo, size_t hi, size_t i, size_t *start_out,
                      size_t *end_out);

/* 1 when a sentence ends at text[i] (a terminator byte, '.', '?', '!' or
 * '\n', by the rule above; lo bounds the look back at an abbreviation):
 * the test pct_xt__sentence makes, for walkers that find the terminators
 * themselves. */
int pct_xt__sentence_ends(const char *text, size_t lo, size_t hi, size_t i);

/* 1 when the text [s, e) contains `pat` as a word (see pct_xt__find). */
int pct_xt__has(const pct_xt_index *ix, const char *text, size_t s, size_t e, const char *pat);

/* 1 when [lo, to) ends with `pat` (as a word), trailing spaces, commas
 * and colons ignored. Looks back at most strlen(pat) + 8 bytes. */
int pct_xt__ends_with(const char *text, size_t lo, size_t to, const char *pat);

/* 1 when a section (or exhibit) holding TEXT offset `text_off` below `root`,
 * or one of its ancestors up to `root`, has a heading containing one of
 * the `n` word patterns. Walks one path down the tree: O(depth * width). */
struct pct_node;
int pct_xt__heading_has(const struct pct_node *root, size_t text_off, const char *const *words,
                        size_t n);

/* The same, remembering the answer for the deepest section found, for a
 * caller that asks again and again within one section (sentence by
 * sentence): the headings are then read once per section, and the walk
 * down the tree starts from the section found last. Zero the memo before
 * the first call; keep one per root. */
typedef struct pct_xt_heading_memo {
    const struct pct_node *root; /* the root it was filled for */
    const struct pct_node *node;
    const char *const *words;
    size_t n;
    int has;
} pct_xt_heading_memo;
int pct_xt__heading_has_memo(const struct pct_node *root, size_t text_off,
                             const char *const *words, size_t n, pct_xt_heading_memo *memo);

/* A filter for loops that try a list of patterns at every word start: the
 * leading letters (up to PCT_XT_LEAD_LEN) of each pattern's first word.
 * pct_xt__lead_may() is 0 only when no pattern added can match at text[i]
 * (pct_xt__match_word), so a caller may skip i then. Patterns that begin
 * with another byte leave every non-word byte open (a quote), or every
 * byte (a space or '*', which may match nothing). */
#define PCT_XT_LEAD_LEN 3  /* letters compared: "thi" tells "this" from "the" and "that" */
#define PCT_XT_LEAD_MAX 16 /* distinct leads kept; beyond, every word start is open */
typedef struct pct_xt_lead {
    unsigned char lead[PCT_XT_LEAD_MAX][PCT_XT_LEAD_LEN]; /* lower case */
    unsigned char len[PCT_XT_LEAD_MAX];
    size_t n;
    int any_word;    /* too many leads: every word start may match */
    int any_nonword; /* a pattern begins with a byte that is not a letter or digit */
    uint16_t by_first[256]; /* bit k: lead k begins with this byte (either case) */
} pct_xt_lead;

void pct_xt__lead_init(pct_xt_lead *l);
void pct_xt__lead_add(pct_xt_lead *l, const char *pat);
int pct_xt__lead_may(const pct_xt_lead *l, const char *text, size_t i, size_t hi);

#endif
