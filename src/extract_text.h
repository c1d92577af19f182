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
 * examine and allocate nothing.
 */
#ifndef PCT_EXTRACT_TEXT_H
#define PCT_EXTRACT_TEXT_H

#include <stddef.h>

/* Bytes of s[0..n) matched by `pat` at s[0], or 0 when it does not match. */
size_t pct_xt__match(const char *s, size_t n, const char *pat);

/* Like pct_xt__match, and the match must not sit inside a word: the byte
 * before s (when i > lo) and the byte after the match are not letters. `lo`
 * is the lowest offset that may be looked at before s. */
size_t pct_xt__match_word(const char *text, size_t lo, size_t i, size_t hi, const char *pat);

/* The first offset in [from, hi) where `pat` matches as a word, or hi. The
 * first pattern byte must be a letter or digit (it is used as a filter). */
size_t pct_xt__find(const char *text, size_t from, size_t hi, const char *pat);

/* The last offset in [lo, to) where `pat` matches as a word and ends at or
 * before `to`, or (size_t)-1. */
size_t pct_xt__rfind(const char *text, size_t lo, size_t to, const char *pat);

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

/* 1 when the text [s, s+n) contains `pat` as a word (see pct_xt__find). */
int pct_xt__has(const char *text, size_t s, size_t e, const char *pat);

/* 1 when [lo, to) ends with `pat` (as a word), trailing spaces, commas
 * and colons ignored. Looks back at most strlen(pat) + 8 bytes. */
int pct_xt__ends_with(const char *text, size_t lo, size_t to, const char *pat);

/* 1 when a section (or exhibit) holding TEXT offset `text_off` below `root`,
 * or one of its ancestors up to `root`, has a heading containing one of
 * the `n` word patterns. Walks one path down the tree: O(depth * width). */
struct pct_node;
int pct_xt__heading_has(const struct pct_node *root, size_t text_off, const char *const *words,
                        size_t n);

#endif
