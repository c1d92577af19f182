/*
 * secnum.h - the section-number recogniser: reads the number token that
 * opens a line ("1.", "1.1", "1.1.1", "(a)", "(iv)", "A.", "IV.",
 * "Article IV", "ARTICLE 4", "Section 2.3", "§2.3") and the heading after it.
 */
#ifndef PCT_SECNUM_H
#define PCT_SECNUM_H

#include "internal.h"

#define SECNUM_MAX 32      /* bytes of a normalised number; longer tokens are not numbers */
#define SECNUM_DEPTH_MAX 8 /* components of a decimal number (1.2.3.4.5.6.7.8) */

typedef struct pct_secnum {
    pct_numstyle style;
    size_t len;        /* bytes of the number token, including its punctuation */
    size_t body;       /* offset where the text after the number starts (spaces skipped) */
    int depth;         /* components: 1 for "1." and "(a)", 2 for "1.1", ... */
    int comp[SECNUM_DEPTH_MAX]; /* decimal components; letter/roman value in comp[0] */
    int trailing_dot;  /* "1." rather than "1" */
    int ambiguous_roman; /* (i), (v), (x) ... could also be letters */
    char text[SECNUM_MAX]; /* normalised: "1.1", "(a)", "IV", "A" */
} pct_secnum;

/* Recognises a number at the start of s[0..n). Returns 1 and fills `out`
 * when one is there and is followed by white space or the end of the line
 * (or a heading for "Section"/"Article"), else 0. */
int pct_secnum__parse(const char *s, size_t n, pct_secnum *out);

/* The value of a roman numeral (i..xxxix, case-insensitive), or 0. */
int pct_secnum__roman(const char *s, size_t n);

/* The heading after a number: a short phrase that ends with a period or
 * colon, or the whole rest of a short line in capitals. Sets *len_out to
 * the heading's length from `s` (0 when none). */
void pct_secnum__heading(const char *s, size_t n, int line_is_caps, size_t *len_out);

#endif
