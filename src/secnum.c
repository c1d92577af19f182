/*
 * secnum.c - section numbers and headings (see secnum.h).
 *
 * Recognition is deliberately strict, because a false number splits a
 * paragraph: a bare decimal ("3") must carry a dot or a second component
 * ("3." "3.1"); letters and romans must be parenthesised or followed by a dot
 * or ")" ; at most three digits per component, so years never pass.
 */
#include "secnum.h"

#include <stdio.h>
#include <string.h>

#define SECNUM_DIGITS_MAX 3 /* digits per component: "2005." is a year, not a number */
#define HEADING_WORDS_MAX 14 /* words of a heading before its period */

int pct_secnum__roman(const char *s, size_t n)
{
    static const char *const r[] = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x",
                                    "xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii", "xviii",
                                    "xix", "xx", "xxi", "xxii", "xxiii", "xxiv", "xxv", "xxvi",
                                    "xxvii", "xxviii", "xxix", "xxx", "xxxi", "xxxii", "xxxiii",
                                    "xxxiv", "xxxv", "xxxvi", "xxxvii", "xxxviii", "xxxix"};
    if (n == 0 || n > 7)
        return 0;
    for (size_t k = 0; k < n; k++) { /* only i, v, x can match: most tokens fail here */
        unsigned char c = pct__lower((unsigned char)s[k]);
        if (c != 'i' && c != 'v' && c != 'x')
            return 0;
    }
    for (size_t k = 0; k < sizeof r / sizeof *r; k++)
        if (strlen(r[k]) == n && pct__prefix_ci(s, n, r[k]))
            return (int)k + 1;
    return 0;
}

static size_t digits(const char *s, size_t n, size_t i, int *val)
{
    size_t k = 0;
    int v = 0;
    while (i + k < n && pct__is_digit((unsigned char)s[i + k]) && k <= SECNUM_DIGITS_MAX) {
        v = v * 10 + (s[i + k] - '0');
        k++;
    }
    if (k > SECNUM_DIGITS_MAX)
        return 0;
    *val = v;
    return k;
}

/* After the token: white space or end of line. */
static int ends_ok(const char *s, size_t n, size_t i)
{
    return i >= n || s[i] == ' ' || s[i] == '\t';
}

/* "1.Definitions", "(A)The", "Article 1.Amendment": a number squeezed
 * against a capitalised word (a capital followed by a lower-case letter). */
static int squeezed(const char *s, size_t n, size_t i)
{
    return i + 1 < n && pct__is_upper((unsigned char)s[i]) &&
           pct__is_lower((unsigned char)s[i + 1]);
}

static size_t skip_sp(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

/* 1. 1.1 1.1.1 1.1. (and "1" followed by a tab or 2+ spaces, as in outlines) */
static int parse_decimal(const char *s, size_t n, size_t i, pct_secnum *o)
{
    int v;
    size_t k = digits(s, n, i, &v);
    if (!k)
        return 0;
    o->comp[0] = v;
    o->depth = 1;
    i += k;
    while (i + 1 < n && s[i] == '.' && pct__is_digit((unsigned char)s[i + 1])) {
        k = digits(s, n, i + 1, &v);
        if (!k || o->depth >= SECNUM_DEPTH_MAX)
            return 0;
        o->comp[o->depth++] = v;
        i += 1 + k;
    }
    if (i < n && s[i] == '.') {
        o->trailing_dot = 1;
        i++;
        if (squeezed(s, n, i)) {
            o->style = PCT_NUM_DECIMAL;
            o->len = i;
            return 1;
        }
    } else if (i < n && s[i] == ')') {
        i++; /* "1)" */
        o->style = PCT_NUM_PAREN_DIGIT;
        o->len = i;
        return ends_ok(s, n, i);
    }
    if (!ends_ok(s, n, i))
        return 0;
    if (o->depth == 1 && !o->trailing_dot) {
        /* "3 " alone: only a number when followed by a tab or a wide gap */
        if (!(i + 1 < n && (s[i] == '\t' || s[i + 1] == ' ')))
            return 0;
    }
    o->style = PCT_NUM_DECIMAL;
    o->len = i;
    return 1;
}

/* (a) (iv) (A) (1) and a) iv) */
static int parse_paren(const char *s, size_t n, size_t i, pct_secnum *o)
{
    int open = 0;
    if (i < n && s[i] == '(') {
        open = 1;
        i++;
    }
    size_t t0 = i;
    while (i < n && i - t0 < 6 &&
           (pct__is_alpha((unsigned char)s[i]) || pct__is_digit((unsigned char)s[i])))
        i++;
    size_t tl = i - t0;
    if (tl == 0 || i >= n || s[i] != ')')
        return 0;
    i++;
    if (!ends_ok(s, n, i) && !(open && squeezed(s, n, i)))
        return 0;
    const char *t = s + t0;
    int v;
    if (pct__is_digit((unsigned char)t[0])) {
        if (digits(t, tl, 0, &v) != tl)
            return 0;
        o->style = PCT_NUM_PAREN_DIGIT;
        o->comp[0] = v;
    } else if (tl == 1 && pct__is_lower((unsigned char)t[0])) {
        o->style = PCT_NUM_PAREN_ALPHA;
        o->comp[0] = t[0] - 'a' + 1;
        int r = pct_secnum__roman(t, 1);
        if (r) {
            o->ambiguous_roman = 1;
            if (t[0] == 'i') { /* (i) is roman unless it follows (h): decided by the caller */
                o->style = PCT_NUM_PAREN_ROMAN;
                o->comp[0] = r;
            }
        }
    } else if (tl == 1 && pct__is_upper((unsigned char)t[0])) {
        o->style = PCT_NUM_PAREN_UPPER;
        o->comp[0] = t[0] - 'A' + 1;
    } else if ((v = pct_secnum__roman(t, tl)) != 0) {
        o->style = PCT_NUM_PAREN_ROMAN;
        o->comp[0] = v;
    } else {
        return 0;
    }
    (void)open;
    o->depth = 1;
    o->len = i;
    return 1;
}

/* A. B. (capital letter) and IV. (roman) followed by white space */
static int parse_letter_dot(const char *s, size_t n, size_t i, pct_secnum *o)
{
    size_t t0 = i;
    while (i < n && i - t0 < 7 && pct__is_upper((unsigned char)s[i]))
        i++;
    size_t tl = i - t0;
    if (tl == 0 || i >= n || s[i] != '.')
        return 0;
    i++;
    if (!ends_ok(s, n, i) || (i >= n && tl > 1))
        return 0; /* "A." may stand alone on its line; "IV." must be followed by text */
    int r = pct_secnum__roman(s + t0, tl);
    if (tl == 1 && !(r && s[t0] != 'I')) {
        /* A. B. ... ; "I." is roman I */
        if (s[t0] == 'I') {
            o->style = PCT_NUM_ROMAN;
            o->comp[0] = 1;
        } else {
            o->style = PCT_NUM_UPPER_ALPHA;
            o->comp[0] = s[t0] - 'A' + 1;
        }
    } else if (r) {
        o->style = PCT_NUM_ROMAN;
        o->comp[0] = r;
        if (tl == 1)
            o->ambiguous_roman = 1; /* V. X. C. could be letters */
        if (tl == 1 && s[t0] != 'I') {
            o->style = PCT_NUM_UPPER_ALPHA;
            o->comp[0] = s[t0] - 'A' + 1;
        }
    } else {
        return 0;
    }
    o->depth = 1;
    o->len = i;
    return 1;
}

/* a. b. (lower-case letter) and iv. (lower-case roman), followed by text.
 * They share the paren styles: "a." and "(a)" letter the same level. */
static int parse_lower_dot(const char *s, size_t n, pct_secnum *o)
{
    size_t i = 0;
    while (i < n && i < 5 && pct__is_lower((unsigned char)s[i]))
        i++;
    if (i == 0 || i >= n || s[i] != '.' || i + 1 >= n || !(s[i + 1] == ' ' || s[i + 1] == '\t' ||
                                                           squeezed(s, n, i + 1)))
        return 0;
    size_t j = skip_sp(s, n, i + 1);
    if (j >= n)
        return 0; /* "a." alone is more often a wrapped word than a number */
    int r = pct_secnum__roman(s, i);
    if (i == 1) {
        o->style = PCT_NUM_PAREN_ALPHA;
        o->comp[0] = s[0] - 'a' + 1;
        if (r) {
            o->ambiguous_roman = 1;
            if (s[0] == 'i') {
                o->style = PCT_NUM_PAREN_ROMAN;
                o->comp[0] = 1;
            }
        }
    } else if (r) {
        o->style = PCT_NUM_PAREN_ROMAN;
        o->comp[0] = r;
    } else {
        return 0;
    }
    o->depth = 1;
    o->len = i + 1;
    return 1;
}

/* ARTICLE IV / Article 4 / SECTION 2.3 / Section 2 / § 2.3 */
static int parse_keyword(const char *s, size_t n, pct_secnum *o)
{
    size_t i;
    pct_numstyle st;
    if (pct__prefix_ci(s, n, "article") && n > 7 && (s[7] == ' ' || s[7] == '\t')) {
        st = PCT_NUM_ARTICLE;
        i = 7;
    } else if (pct__prefix_ci(s, n, "section") && n > 7 && (s[7] == ' ' || s[7] == '\t')) {
        st = PCT_NUM_SECTION_KW;
        i = 7;
    } else if (n >= 2 && (unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa7) {
        st = PCT_NUM_SECTION_KW;
        i = 2;
    } else {
        return 0;
    }
    /* keyword must be capitalised: "section 2" in running text is a reference */
    if (st != PCT_NUM_SECTION_KW || i != 2)
        if (!pct__is_upper((unsigned char)s[0]))
            return 0;
    i = skip_sp(s, n, i);
    size_t t0 = i;
    if (i < n && pct__is_digit((unsigned char)s[i])) {
        pct_secnum d;
        memset(&d, 0, sizeof d);
        int v;
        size_t k = digits(s, n, i, &v);
        if (!k)
            return 0;
        d.comp[0] = v;
        d.depth = 1;
        i += k;
        while (i + 1 < n && s[i] == '.' && pct__is_digit((unsigned char)s[i + 1])) {
            k = digits(s, n, i + 1, &v);
            if (!k || d.depth >= SECNUM_DEPTH_MAX)
                return 0;
            d.comp[d.depth++] = v;
            i += 1 + k;
        }
        memcpy(o->comp, d.comp, sizeof d.comp);
        o->depth = d.depth;
    } else {
        while (i < n && pct__is_alpha((unsigned char)s[i]))
            i++;
        int r = pct_secnum__roman(s + t0, i - t0);
        if (!r)
            return 0;
        o->comp[0] = r;
        o->depth = 1;
    }
    size_t tend = i;
    int dot = 0;
    if (i < n && (s[i] == '.' || s[i] == ':'))
        i++, dot = 1;
    if (!(i >= n || s[i] == ' ' || s[i] == '\t' || s[i] == '-' ||
          ((unsigned char)s[i] == 0xe2) /* an en or em dash */ || (dot && squeezed(s, n, i))))
        return 0;
    o->style = st;
    o->len = i;
    size_t tl = tend - t0;
    if (tl >= SECNUM_MAX)
        return 0;
    memcpy(o->text, s + t0, tl);
    o->text[tl] = '\0';
    return 2; /* text already set */
}

int pct_secnum__parse(const char *s, size_t n, pct_secnum *o)
{
    memset(o, 0, sizeof *o);
    if (n == 0)
        return 0;
    int r = 0;
    unsigned char c = (unsigned char)s[0];
    if (c == '(')
        r = parse_paren(s, n, 0, o);
    else if (pct__is_digit(c))
        r = parse_decimal(s, n, 0, o);
    else if (pct__is_upper(c) || c == 0xc2) {
        r = parse_keyword(s, n, o);
        if (!r)
            r = parse_letter_dot(s, n, 0, o);
    }
    if (!r && pct__is_lower(c)) {
        r = parse_paren(s, n, 0, o); /* a) iv) */
        if (!r)
            r = parse_lower_dot(s, n, o); /* a. iv. */
    }
    if (!r)
        return 0;
    if (r == 1) {
        /* normalised text: the token without its trailing dot */
        size_t tl = o->len;
        if (tl && s[tl - 1] == '.')
            tl--;
        if (tl >= SECNUM_MAX)
            return 0;
        memcpy(o->text, s, tl);
        o->text[tl] = '\0';
    }
    o->body = skip_sp(s, n, o->len);
    while (o->body < n && (s[o->body] == '-' || s[o->body] == ' ') && o->style == PCT_NUM_ARTICLE)
        o->body++;
    return 1;
}

void pct_secnum__heading(const char *s, size_t n, int caps, size_t *len_out)
{
    *len_out = 0;
    if (n == 0)
        return;
    unsigned char c0 = (unsigned char)s[0];
    if (!(pct__is_upper(c0) || c0 == '"' || c0 == 0xe2))
        return;
    /* a short phrase ending with ". " or ":" whose words are capitalised */
    size_t words = 0, capw = 0, i = 0;
    while (i < n) {
        while (i < n && s[i] == ' ')
            i++;
        if (i >= n)
            break;
        size_t w0 = i;
        while (i < n && s[i] != ' ' && s[i] != '.' && s[i] != ':')
            i++;
        words++;
        unsigned char f = (unsigned char)s[w0];
        if (pct__is_upper(f) || !pct__is_alpha(f) ||
            (i - w0 <= 4 && pct__is_lower(f))) /* of, and, to, the, for */
            capw += pct__is_upper(f) || !pct__is_alpha(f) ? 2 : 1;
        if (words > HEADING_WORDS_MAX)
            break;
        if (i < n && (s[i] == '.' || s[i] == ':')) {
            /* "U.S." inside a heading: a dot followed by a letter continues */
            if (s[i] == '.' && ((i + 1 < n && (pct__is_alpha((unsigned char)s[i + 1]) ||
                                               pct__is_digit((unsigned char)s[i + 1]))) ||
                                (i - w0 == 1 && pct__is_upper((unsigned char)s[w0])))) {
                i++;
                continue;
            }
            if (capw >= words * 2 - (words > 3 ? 2 : 0) || words <= 3) {
                *len_out = i + 1 <= n ? i : n;
                if (s[i] == '.' || s[i] == ':')
                    *len_out = i;
            }
            return;
        }
    }
    if (caps && words <= HEADING_WORDS_MAX) {
        size_t e = n;
        while (e > 0 && s[e - 1] == ' ')
            e--;
        *len_out = e;
    }
}
