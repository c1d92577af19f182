/*
 * scan_duration.re - periods of time: "five (5) years", "ninety (90) days",
 * "one-year", "12 months", "thirty (30) calendar days", "sixty (60)-day",
 * "ten (10) business days", "two (2) weeks", "1,000 days", "5 (five) years",
 * "within (10) days", "seven (7)days".
 *
 * Approach: pct_scan__number_at reads the count (words or digits), then an
 * optional echo of it in parentheses ("five (5)"), then a re2c DFA reads the
 * unit with the adjectives contracts put before it ("calendar",
 * "consecutive", "full", ...). "two (2) successive one-year terms" is not a
 * two-year period: the DFA wants a unit after the adjectives, so the search
 * moves on and finds "one-year".
 * Days: 1 week = 7, 1 month = 30, 1 year = 365, 1 business day = 7/5 of a
 * calendar day (rounded up over the whole count), for ordering and rough
 * arithmetic only; date arithmetic should use `months` with pct_date__add.
 *
 * Invariants: never reads s[n] or beyond (see scan_api.h); allocates nothing;
 * next_duration tries only word starts that can open a number and skips the
 * rest of a failed word, so it is linear.
 */
#include "scan.h"
#include "scan_api.h"

#include <math.h>

#define DURATION_COUNT_MAX 9999.0 /* larger counts are table figures, not periods */
#define YEAR_LABEL_MIN 1900        /* "2019 Calendar Year" names a year, not 2019 years */
#define YEAR_LABEL_MAX 2099

/* The unit after a count: separator, adjectives, unit word. Returns bytes or 0.
 * The separator may be missing only after a parenthesis (`glued`): "(7)days". */
static size_t unit_at(const unsigned char *s, size_t n, int glued, pct_unit *unit)
{
    size_t cur = 0, mar = 0, ctx = 0;
    pct_unit u = PCT_UNIT_NONE;
    (void)ctx;
    /*!re2c
        re2c:api = custom;
        re2c:api:style = functions;
        re2c:yyfill:enable = 0;

        sp   = [ \t] | "\u00a0";
        w    = sp | "\r"? "\n";
        ws   = w+;
        ows  = w*;
        hy   = "-" | "\u2011" | "\u2013";
        sep  = (ws | ows hy ows)?;
        adj  = 'calendar' | 'consecutive' | 'successive' | 'full' | 'additional' | 'further'
             | 'complete' | 'contract' | 'fiscal' | 'whole' | 'entire' | 'continuous'
             | 'uninterrupted' | 'elapsed' | 'more';
        adjs = (adj sep)*;
        pl   = 's'? | "(s)" | "(" 's' ")";

        sep adjs ('business' | 'working' | 'banking' | 'trading') sep 'day' pl
                                     { u = PCT_UNIT_BUSINESS_DAY; goto done; }
        sep adjs 'day' pl            { u = PCT_UNIT_DAY; goto done; }
        sep adjs 'week' pl           { u = PCT_UNIT_WEEK; goto done; }
        sep adjs 'month' pl          { u = PCT_UNIT_MONTH; goto done; }
        sep adjs ('year' | 'yr') pl  { u = PCT_UNIT_YEAR; goto done; }
        *                            { return 0; }
    */
done:
    if (!scan_word_end(s, n, cur) || (!glued && scan_is_alpha(s[0])))
        return 0;
    *unit = u;
    return cur;
}

/* "(5)" or "(five)" after a count: returns its bytes (spaces before it
 * included) and sets *v, or 0. */
static size_t echo_at(const unsigned char *s, size_t n, double *v)
{
    size_t i = 0, len;
    int breaks = 0;
    while (i < n) { /* spaces, U+00A0 and one line break */
        if (s[i] == ' ' || s[i] == '\t')
            i++;
        else if (s[i] == 0xC2 && i + 1 < n && s[i + 1] == 0xA0)
            i += 2;
        else if ((s[i] == '\n' || s[i] == '\r') && breaks++ < 2)
            i++;
        else
            break;
    }
    if (i >= n || s[i] != '(')
        return 0;
    i++;
    len = pct_scan__number_at((const char *)s + i, n - i, v);
    if (!len || i + len >= n || s[i + len] != ')')
        return 0;
    return i + len + 1;
}

static void fill(pct_duration *out, double count, pct_unit unit)
{
    out->count = count;
    out->unit = unit;
    out->months = 0;
    switch (unit) {
    case PCT_UNIT_YEAR:
        out->months = (int)lround(count * 12);
        out->days = (int)lround(count * 365);
        break;
    case PCT_UNIT_MONTH:
        out->months = (int)lround(count);
        out->days = (int)lround(count * 30);
        break;
    case PCT_UNIT_WEEK:
        out->days = (int)lround(count * 7);
        break;
    case PCT_UNIT_BUSINESS_DAY:
        out->days = (int)ceil(count * 7 / 5);
        break;
    default:
        out->days = (int)lround(count);
        break;
    }
}

size_t pct_scan__duration_at(const char *text, size_t n, pct_duration *out)
{
    const unsigned char *s = (const unsigned char *)text;
    double count = 0, echo = 0;
    pct_unit unit = PCT_UNIT_NONE;
    size_t len, ulen;
    if (n && s[0] == '(') { /* the digits alone in parentheses: "within (10) days" */
        len = echo_at(s, n, &count);
    } else {
        len = pct_scan__number_at(text, n, &count);
        if (len)
            len += echo_at(s + len, n - len, &echo);
    }
    if (!len || count <= 0 || count > DURATION_COUNT_MAX)
        return 0;
    ulen = unit_at(s + len, n - len, s[len - 1] == ')', &unit);
    if (!ulen)
        return 0;
    if (unit == PCT_UNIT_YEAR && count >= YEAR_LABEL_MIN && count <= YEAR_LABEL_MAX &&
        scan_is_digit(s[0]) && len >= 4 && scan_is_digit(s[3]) && !scan_is_digit(s[4]))
        return 0;
    if (out)
        fill(out, count, unit);
    return len + ulen;
}

/* Is the word before s[i] (spaces skipped) an ordinal such as "twentieth"?
 * Then "(20) day" names a day, not a period. */
static int after_ordinal(const unsigned char *s, size_t i)
{
    while (i > 0 && s[i - 1] == ' ')
        i--;
    if (i < 2 || !scan_is_alpha(s[i - 1]) || !scan_is_alpha(s[i - 2]))
        return 0;
    switch (((s[i - 2] | 0x20) << 8) | (s[i - 1] | 0x20)) {
    case ('t' << 8) | 'h': case ('s' << 8) | 't': case ('n' << 8) | 'd': case ('r' << 8) | 'd':
        return 1;
    default:
        return 0;
    }
}

/* Can a count start at s[i]? A word start with a digit (not inside a number
 * such as "1.5" or "1,000") or a letter that opens a number word. */
static int duration_candidate(const unsigned char *s, size_t n, size_t i)
{
    unsigned char c = s[i];
    if (c == '(')
        return i + 1 < n && scan_is_digit(s[i + 1]) && !after_ordinal(s, i);
    if (!scan_word_start(s, i))
        return 0;
    if (scan_is_digit(c))
        return i == 0 || !(s[i - 1] == '.' || s[i - 1] == ',' || s[i - 1] == '/');
    if (scan_after_hyphen(s, i))
        return 0; /* "sixty-one": not "one" */
    switch (c | 0x20) {
    case 'e': case 'f': case 'n': case 'o': case 's': case 't':
        return 1;
    default:
        return 0;
    }
}

size_t pct_scan__next_duration(const char *text, size_t n, size_t from, pct_duration *out,
                               size_t *len_out)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = from;
    while (i < n) {
        if (duration_candidate(s, n, i)) {
            size_t len = pct_scan__duration_at(text + i, n - i, out);
            if (len) {
                if (len_out)
                    *len_out = len;
                return i;
            }
        }
        if (scan_is_alnum(s[i]) || s[i] == '_')
            i = scan_skip_word(s, n, i);
        else
            i++;
    }
    if (len_out)
        *len_out = 0;
    return n;
}

/* --------------------------------------------------------- periodic words */

size_t pct_scan__periodic_at(const char *text, size_t n, pct_duration *out)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t cur = 0, mar = 0, ctx = 0;
    double c = 1;
    pct_unit u = PCT_UNIT_NONE;
    (void)ctx;
    /*!re2c
        to = ows hy ows | ws;
        'month' to 'to' to 'month' | 'monthly'            { u = PCT_UNIT_MONTH; goto done; }
        'year' to 'to' to 'year' | 'yearly' | 'annual' 'ly'? | 'per annum'
                                                          { u = PCT_UNIT_YEAR; goto done; }
        'quarterly' | 'quarter' to 'to' to 'quarter'      { c = 3; u = PCT_UNIT_MONTH; goto done; }
        'semi' hy? 'annual' 'ly'? | 'half' hy 'yearly'    { c = 6; u = PCT_UNIT_MONTH; goto done; }
        'week' to 'to' to 'week' | 'weekly'               { u = PCT_UNIT_WEEK; goto done; }
        *                                                 { return 0; }
    */
done:
    if (!scan_word_end(s, n, cur))
        return 0;
    if (out)
        fill(out, c, u);
    return cur;
}
