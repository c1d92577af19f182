/*
 * xt_index.h - a per-document index of word starts that lets the text
 * helpers of extract_text.h (pct_xt__find, pct_xt__rfind, pct_xt__has) look
 * only at the words a pattern can start with, instead of scanning a whole
 * region byte by byte for every cue pattern (xt_index.c).
 *
 * A word is a maximal run of ASCII letters and digits (the helpers' own
 * definition). Every word start of the text is filed once, under its key:
 * the lower-cased first PCT_XT_INDEX_KEY letters of the word (the whole
 * word when shorter), so the index has one entry per word and each key
 * lists its offsets in increasing order.
 *
 * A search walks the offsets of the pattern's key within [from, hi) (found
 * by galloping from where the last search of the key stopped) and runs the
 * same matcher as the scan on each (minus the key letters, which the key
 * has compared), so it returns exactly what the scan returns. The index declines (returns 0; the
 * caller scans as before) when the pattern's first byte is not a letter or
 * digit, or when its first word is shorter than the key and the match could
 * go on inside a longer text word ("the", "law", "ab*": a text word "theory"
 * cut off by `hi`, or "law2", would match yet be filed under another key).
 */
#ifndef PCT_XT_INDEX_H
#define PCT_XT_INDEX_H

#include "internal.h"

#include <stddef.h>
#include <stdint.h>

#define PCT_XT_INDEX_KEY 4 /* letters of a word that make its key: 36^4 keys, and few
                              words share a 4-letter prefix with a cue */

typedef struct pct_xt_index pct_xt_index;

/* Builds the index of text[0, len) in `arena` (one linear tokenising pass,
 * then a counting sort of the word starts by key; the pass's pairs, 8 bytes
 * a word, are malloc'ed and freed before it returns). The index keeps
 * `text`, which must outlive it. *out is NULL (and 0 is returned) when len
 * does not fit the 32-bit offsets: the helpers then scan. Returns 0 or
 * PCT_ENOMEM.
 * A search moves a cursor kept in the index (where the last search of its
 * key stopped: a hint that never changes an answer), so one index must not
 * be searched from two threads at once; each document's extraction builds
 * its own. */
int pct_xt__index_build(pct_xt_index **out, pct_ctx *ctx, pct_arena *arena, const char *text,
                        size_t len);

/* 1 when the index can answer searches for `pat` in `text` (the text it was
 * built on, with [from, hi) inside it): then *at_out is what
 * pct_xt__find(text, from, hi, pat) returns. 0 when the caller must scan. */
int pct_xt__index_find(const pct_xt_index *ix, const char *text, size_t from, size_t hi,
                       const char *pat, size_t *at_out);

/* The same for pct_xt__rfind(text, lo, to, pat). */
int pct_xt__index_rfind(const pct_xt_index *ix, const char *text, size_t lo, size_t to,
                        const char *pat, size_t *at_out);

/* Words filed (for tests and the bench). */
size_t pct_xt__index_words(const pct_xt_index *ix);

#endif
