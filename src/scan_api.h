/*
 * scan_api.h - the re2c "generic API" shared by the src/scan_*.re scanners.
 *
 * Approach: the text is not NUL-terminated and may end anywhere, so the
 * generated DFAs read through YYPEEK(), which yields 0 at and past the end
 * of input. No scanner rule consumes a 0 byte, so a scan stops at the end
 * without ever reading s[n]. Positions are size_t indices (never pointers
 * past the end); a tag that did not participate is SCAN_NOTAG.
 *
 * Each scanner function declares: `const unsigned char *s; size_t n, cur,
 * mar, ctx;` (and the tags it uses) before the re2c block.
 */
#ifndef PCT_SCAN_API_H
#define PCT_SCAN_API_H

#include <stddef.h>

#define SCAN_NOTAG ((size_t)-1)

#define YYCTYPE unsigned char
#define YYPEEK() (cur < n ? s[cur] : 0)
#define YYSKIP() (++cur)
#define YYBACKUP() (mar = cur)
#define YYRESTORE() (cur = mar)
#define YYBACKUPCTX() (ctx = cur)
#define YYRESTORECTX() (cur = ctx)
#define YYRESTORETAG(t) (cur = (t))
#define YYSTAGP(t) ((t) = cur)
#define YYSTAGN(t) ((t) = SCAN_NOTAG)
#define YYSHIFT(k) (cur += (k))
#define YYSHIFTSTAG(t, k) ((t) += (k))

static inline int scan_is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static inline int scan_is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int scan_is_alnum(int c)
{
    return scan_is_digit(c) || scan_is_alpha(c);
}

/* True when s[i] may start a word: i == 0 or s[i-1] is not an ASCII letter,
 * digit or underscore. Non-ASCII bytes (curly quotes, U+00A0) separate words. */
static inline int scan_word_start(const unsigned char *s, size_t i)
{
    return i == 0 || !(scan_is_alnum(s[i - 1]) || s[i - 1] == '_');
}

/* True when the letter at s[i] continues a hyphenated word ("thirty-first",
 * "non-exclusive"): s[i-1] is a hyphen glued to a letter. */
static inline int scan_after_hyphen(const unsigned char *s, size_t i)
{
    return i >= 2 && s[i - 1] == '-' && scan_is_alpha(s[i - 2]);
}

/* True when s[i] ends a word: i == n or s[i] is not an ASCII letter or digit. */
static inline int scan_word_end(const unsigned char *s, size_t n, size_t i)
{
    return i >= n || !scan_is_alnum(s[i]);
}

/* The decimal value of the digits at s[i..) (at most 9 of them), or -1. */
static inline long scan_digits(const unsigned char *s, size_t n, size_t i)
{
    long v = 0;
    int k = 0;
    if (i == SCAN_NOTAG)
        return -1;
    for (; i < n && scan_is_digit(s[i]) && k < 9; i++, k++)
        v = v * 10 + (s[i] - '0');
    return k ? v : -1;
}

/* Advances i past the ASCII letters and digits of the word at s[i]. */
static inline size_t scan_skip_word(const unsigned char *s, size_t n, size_t i)
{
    while (i < n && (scan_is_alnum(s[i]) || s[i] == '_'))
        i++;
    return i;
}

#endif
