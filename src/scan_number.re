/*
 * scan_number.re - numbers as contracts write them: digits ("90", "1,000",
 * "2.5") or English words ("ninety", "twenty-four", "one hundred and
 * twenty", "two hundred seventy", "five thousand").
 *
 * Approach: a re2c DFA reads one number word and reports its value and
 * kind (unit 1-9, teen 10-19, tens 20-90, hundred, thousand, million, "and");
 * a small state machine in C joins the words in the order English allows
 * and stops before the first word that does not fit, so "five (5)" reads
 * "five" and "sixty days" reads "sixty". Words are joined by one hyphen or a
 * run of spaces; a word must end at a non-letter ("one" is not read from
 * "onerous").
 *
 * Invariants: never reads s[n] or beyond (see scan_api.h); allocates nothing;
 * work is linear in the bytes matched (each word is read once).
 */
#include "scan.h"
#include "scan_api.h"

#define NUMBER_WORDS_MAX 12 /* words in one number: "nine hundred ninety-nine thousand ..." */

typedef enum nw_kind { NW_NONE = 0, NW_UNIT, NW_TEEN, NW_TENS, NW_HUNDRED, NW_THOUSAND,
                       NW_MILLION, NW_AND } nw_kind;

/* One number word at s[0]: returns its length and sets *kind and *val; 0 when none. */
static size_t number_word(const unsigned char *s, size_t n, nw_kind *kind, int *val)
{
    size_t cur = 0, mar = 0, ctx = 0;
    int v = 0;
    nw_kind k = NW_NONE;
    (void)ctx;
    (void)mar;
    /*!re2c
        re2c:api = custom;
        re2c:api:style = functions;
        re2c:yyfill:enable = 0;

        'one'       { v = 1; k = NW_UNIT; goto done; }
        'two'       { v = 2; k = NW_UNIT; goto done; }
        'three'     { v = 3; k = NW_UNIT; goto done; }
        'four'      { v = 4; k = NW_UNIT; goto done; }
        'five'      { v = 5; k = NW_UNIT; goto done; }
        'six'       { v = 6; k = NW_UNIT; goto done; }
        'seven'     { v = 7; k = NW_UNIT; goto done; }
        'eight'     { v = 8; k = NW_UNIT; goto done; }
        'nine'      { v = 9; k = NW_UNIT; goto done; }
        'ten'       { v = 10; k = NW_TEEN; goto done; }
        'eleven'    { v = 11; k = NW_TEEN; goto done; }
        'twelve'    { v = 12; k = NW_TEEN; goto done; }
        'thirteen'  { v = 13; k = NW_TEEN; goto done; }
        'fourteen'  { v = 14; k = NW_TEEN; goto done; }
        'fifteen'   { v = 15; k = NW_TEEN; goto done; }
        'sixteen'   { v = 16; k = NW_TEEN; goto done; }
        'seventeen' { v = 17; k = NW_TEEN; goto done; }
        'eighteen'  { v = 18; k = NW_TEEN; goto done; }
        'nineteen'  { v = 19; k = NW_TEEN; goto done; }
        'twenty'    { v = 20; k = NW_TENS; goto done; }
        'thirty'    { v = 30; k = NW_TENS; goto done; }
        'forty' | 'fourty' { v = 40; k = NW_TENS; goto done; }
        'fifty'     { v = 50; k = NW_TENS; goto done; }
        'sixty'     { v = 60; k = NW_TENS; goto done; }
        'seventy'   { v = 70; k = NW_TENS; goto done; }
        'eighty'    { v = 80; k = NW_TENS; goto done; }
        'ninety'    { v = 90; k = NW_TENS; goto done; }
        'hundred'   { v = 100; k = NW_HUNDRED; goto done; }
        'thousand'  { v = 1000; k = NW_THOUSAND; goto done; }
        'million'   { v = 1000000; k = NW_MILLION; goto done; }
        'and'       { v = 0; k = NW_AND; goto done; }
        *           { return 0; }
    */
done:
    if (!scan_word_end(s, n, cur))
        return 0;
    *kind = k;
    *val = v;
    return cur;
}

/* Bytes of the separator between two number words: one hyphen (or en dash)
 * or a run of spaces (U+00A0 and one line break included); 0 when none. */
static size_t number_sep(const unsigned char *s, size_t n, size_t i)
{
    size_t j = i;
    int breaks = 0;
    if (j < n && s[j] == '-')
        return 1;
    while (j < n) {
        if (s[j] == ' ' || s[j] == '\t')
            j++;
        else if (s[j] == 0xC2 && j + 1 < n && s[j + 1] == 0xA0)
            j += 2;
        else if ((s[j] == '\n' || s[j] == '\r') && breaks++ < 2)
            j++;
        else
            break;
    }
    return j - i;
}

/* Does a word of kind k fit after `last` with `group` (the value below 1000 so far)? */
static int fits(nw_kind last, nw_kind k, double group)
{
    switch (k) {
    case NW_UNIT:
        return last == NW_NONE || last == NW_TENS || last == NW_HUNDRED ||
               last == NW_THOUSAND || last == NW_MILLION || last == NW_AND;
    case NW_TEEN:
    case NW_TENS:
        return last == NW_NONE || last == NW_HUNDRED || last == NW_THOUSAND ||
               last == NW_MILLION || last == NW_AND;
    case NW_HUNDRED:
        return (last == NW_UNIT || last == NW_TEEN) && group < 100;
    case NW_THOUSAND:
    case NW_MILLION:
        return (last == NW_UNIT || last == NW_TEEN || last == NW_TENS || last == NW_HUNDRED) &&
               group > 0;
    case NW_AND:
        return last == NW_HUNDRED || last == NW_THOUSAND || last == NW_MILLION;
    default:
        return 0;
    }
}

static size_t number_words(const unsigned char *s, size_t n, double *out)
{
    double total = 0, group = 0;
    nw_kind last = NW_NONE;
    size_t i = 0, end = 0; /* end: past the last word that completed a number */
    for (int words = 0; words < NUMBER_WORDS_MAX && i < n; words++) {
        nw_kind k;
        int v;
        size_t len = number_word(s + i, n - i, &k, &v);
        if (!len || !fits(last, k, group))
            break;
        if (k == NW_HUNDRED)
            group *= 100;
        else if (k == NW_THOUSAND || k == NW_MILLION) {
            total += group * v;
            group = 0;
        } else
            group += v;
        last = k;
        i += len;
        if (k != NW_AND) {
            end = i;
            *out = total + group;
        }
        i += number_sep(s, n, i);
    }
    return end;
}

/* Digits: "90", "1,000", "1,000,000.50", "2.5". A comma must be followed by
 * exactly three digits; a decimal point by at least one. */
static size_t number_digits(const unsigned char *s, size_t n, double *out)
{
    size_t i = 0;
    double v = 0;
    while (i < n && scan_is_digit(s[i]))
        v = v * 10 + (s[i++] - '0');
    if (i == 0)
        return 0;
    while (i + 3 < n && s[i] == ',' && scan_is_digit(s[i + 1]) && scan_is_digit(s[i + 2]) &&
           scan_is_digit(s[i + 3]) && (i + 4 >= n || !scan_is_digit(s[i + 4]))) {
        v = v * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
        i += 4;
    }
    if (i + 1 < n && s[i] == '.' && scan_is_digit(s[i + 1])) {
        double scale = 0.1;
        for (i++; i < n && scan_is_digit(s[i]); i++, scale /= 10)
            v += (s[i] - '0') * scale;
    }
    *out = v;
    return i;
}

size_t pct_scan__amount_at(const char *text, size_t n, double *out)
{
    double v = 0;
    size_t len = number_digits((const unsigned char *)text, n, &v);
    if (len && out)
        *out = v;
    return len;
}

size_t pct_scan__number_at(const char *text, size_t n, double *out)
{
    const unsigned char *s = (const unsigned char *)text;
    double v = 0;
    size_t len;
    if (n == 0)
        return 0;
    if (scan_is_digit(s[0])) {
        len = number_digits(s, n, &v);
        if (len < n && scan_is_alpha(s[len]))
            return 0; /* "5th", "10x": not a plain number */
    } else {
        len = number_words(s, n, &v);
    }
    if (len && out)
        *out = v;
    return len;
}
