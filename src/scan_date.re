/*
 * scan_date.re - the date scanner: every way contracts write a calendar date.
 *
 * Forms (case-insensitive month names, full or abbreviated with an optional
 * period; parts separated by spaces, tabs, line breaks, U+00A0 or commas):
 *   September 4, 1997 / Sept. 4, 1997 / Sep 4 1997 / October 1,1996 / September 4th, 1997
 *   4 September 1997 / 4th September, 1997 / 4th of September, 1997 / 04-Sep-97
 *   this 15th day of July 1998 / the 1st day of January, 2004 / the first day of January, 2004
 *   the 18t h day of August 2014 / 15 th day of July (ordinals split by PDF extraction)
 *   9/4/97 / 9-29-00 / 9–29–00 (en dash) / 09.04.1997 (dotted needs a 4-digit year) / 2004-01-01
 *   September 1997 / September, 1997                      (PCT_DATE_NO_DAY, d = 0)
 *   January __, 2004 / this ___ day of ____, 2004 / [***], 2019   (PCT_DATE_BLANK)
 * Numeric dates are read in US order (m/d/y) unless the first part is over 12
 * (then d/m/y). Two-digit years: 00-49 -> 20xx, 50-99 -> 19xx (PCT_DATE_YY).
 *
 * Approach: one re2c DFA matches every form at s[0] (longest match); tags
 * mark where the month, day and year parts start and C code reads their
 * values, checks the calendar and the right word boundary. The next_date
 * search only tries word starts that can open a date (a letter, a digit,
 * '_' or '['), and skips the rest of a word that failed, so the total work
 * is linear: each byte is read by at most a handful of attempts (a date is
 * at most a dozen tokens long).
 *
 * Invariants: never reads s[n] or beyond (see scan_api.h); allocates nothing.
 */
#include "scan.h"
#include "scan_api.h"

#include <string.h>

#define DATE_YEAR_MIN 1800 /* four-digit numbers outside these are not years of a contract */
#define DATE_YEAR_MAX 2199

/* ---------------------------------------------------------------- parts */

/* The month (1-12) named by the letters at s[i..), or 0. Only the first three
 * letters are read: the DFA already checked the full spelling. */
static int month_at(const unsigned char *s, size_t n, size_t i)
{
    static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    char k[3];
    if (i == SCAN_NOTAG || i + 3 > n)
        return 0;
    for (int j = 0; j < 3; j++)
        k[j] = (char)(s[i + j] | 0x20);
    for (int m = 0; m < 12; m++)
        if (memcmp(names + 3 * m, k, 3) == 0)
            return m + 1;
    return 0;
}

static int lower_eq(const unsigned char *s, size_t n, size_t i, const char *w)
{
    size_t len = strlen(w);
    if (i + len > n)
        return 0;
    for (size_t j = 0; j < len; j++)
        if ((s[i + j] | 0x20) != w[j])
            return 0;
    return 1;
}

/* The value of an ordinal word at s[i..) ("first", "twenty-first", "thirtieth"), or 0. */
static int ordinal_word_at(const unsigned char *s, size_t n, size_t i)
{
    static const char *const words[] = {
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
        "seventeenth", "eighteenth", "nineteenth", "twentieth"};
    int base = 0;
    if (lower_eq(s, n, i, "thirtieth"))
        return 30;
    if (lower_eq(s, n, i, "twenty") || lower_eq(s, n, i, "thirty")) {
        base = lower_eq(s, n, i, "twenty") ? 20 : 30;
        i += 6;
        if (i < n && (s[i] == '-' || s[i] == ' '))
            i++;
    }
    for (int k = (int)(sizeof words / sizeof *words) - 1; k >= 0; k--)
        if (lower_eq(s, n, i, words[k]))
            return base && k >= 9 ? 0 : base + k + 1;
    return 0;
}

static int days_in_month(int y, int m)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : mdays[m - 1];
}

/* Expands a year written with `digits` digits; sets PCT_DATE_YY for two. */
static int full_year(long y, size_t digits, unsigned *flags)
{
    if (digits != 2)
        return (int)y;
    *flags |= PCT_DATE_YY;
    return (int)(y < 50 ? 2000 + y : 1900 + y);
}

static size_t count_digits(const unsigned char *s, size_t n, size_t i)
{
    size_t k = 0;
    while (i + k < n && scan_is_digit(s[i + k]))
        k++;
    return k;
}

/* Checks the calendar and the right boundary of a match of `len` bytes and
 * fills *out. Returns len, or 0 when the match is not a date. */
static size_t finish(const unsigned char *s, size_t n, size_t len, int y, int m, int d,
                     unsigned flags, pct_date *out)
{
    if (!scan_word_end(s, n, len))
        return 0;
    if ((flags & PCT_DATE_NUMERIC) && len + 1 < n &&
        (s[len] == '/' || s[len] == '.' || s[len] == '-') && scan_is_digit(s[len + 1]))
        return 0; /* part of a longer number: 1.2.2000.1, 9/4/97/3 */
    if (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX)
        return 0;
    if (m < 0 || m > 12 || (m == 0 && !(flags & PCT_DATE_BLANK)))
        return 0;
    if (d < 0 || (d == 0 && !(flags & (PCT_DATE_NO_DAY | PCT_DATE_BLANK))) ||
        (m && d > days_in_month(y, m)))
        return 0;
    if (out) {
        out->y = y;
        out->m = m;
        out->d = d;
        out->flags = flags;
    }
    return len;
}

/* A numeric date m/d/y (d/m/y when the first part is over 12) of len bytes. */
static size_t numeric(const unsigned char *s, size_t n, size_t len, size_t m, size_t d, size_t y,
                      pct_date *out)
{
    unsigned fl = PCT_DATE_NUMERIC;
    long a = scan_digits(s, n, m), b = scan_digits(s, n, d);
    int yr = full_year(scan_digits(s, n, y), count_digits(s, n, y), &fl);
    if (a > 12) { /* d/m/y */
        long t = a;
        a = b;
        b = t;
    }
    return finish(s, n, len, yr, (int)a, (int)b, fl, out);
}

/* Month names that are also ordinary words ("may", "mar") or abbreviations
 * count only when capitalised; so do dates without a day ("September 1997"). */
static int month_case_ok(const unsigned char *s, size_t mpos, int has_day)
{
    int upper = s[mpos] >= 'A' && s[mpos] <= 'Z';
    if (upper)
        return 1;
    if (!has_day)
        return 0;
    /* lower case: only full names other than "may" */
    return !(s[mpos + 1] == 'a' && s[mpos + 2] == 'y' && s[mpos] == 'm') &&
           scan_is_alpha(s[mpos + 3]);
}

/* "4 September 1997", "the first day of January, 2004": the day at d (digits
 * or an ordinal word), the month name at m, the year at y. */
static size_t day_month(const unsigned char *s, size_t n, size_t len, size_t d, size_t m,
                        size_t y, unsigned flags, pct_date *out)
{
    int dv = scan_is_digit(s[d]) ? (int)scan_digits(s, n, d) : ordinal_word_at(s, n, d);
    if (!month_case_ok(s, m, 1))
        return 0;
    return finish(s, n, len, (int)scan_digits(s, n, y), month_at(s, n, m), dv, flags, out);
}

/* --------------------------------------------------------------- scanner */

/*!re2c
    re2c:api = custom;
    re2c:api:style = functions;
    re2c:yyfill:enable = 0;
    re2c:tags = 1;

    sp    = [ \t] | "\u00a0";
    w     = sp | "\r"? "\n";
    ws    = w+;
    ows   = w*;
    comma = ows "," ows;
    dash  = "-" | "\u2013" | "\u2011";
    ysep  = comma | ws;
    oysep = ysep | "." ws; /* "the 16th day of August. 2012" */

    mfull = 'january' | 'february' | 'march' | 'april' | 'may' | 'june' | 'july'
          | 'august' | 'september' | 'october' | 'november' | 'december';
    mabbr = 'jan' | 'feb' | 'mar' | 'apr' | 'jun' | 'jul' | 'aug' | 'sep' | 'sept'
          | 'oct' | 'nov' | 'dec';
    month = mfull | mabbr "."?;
    mword = mfull ws | mabbr ("." ows | ws);

    day    = [0-9]{1,2};
    ordsuf = 'st' | 'nd' | 'rd' | 'th' | 'd'
           | 's t' | 'n d' | 'r d' | 't h' | " th"; /* "18t h", "15 th": PDF-split superscripts */
    year   = [12][0-9]{3};
    yy     = [0-9]{2};
    d2     = [0-9]{1,2};

    unitord = 'first' | 'second' | 'third' | 'fourth' | 'fifth' | 'sixth' | 'seventh'
            | 'eighth' | 'ninth';
    ordword = unitord | 'tenth' | 'eleventh' | 'twelfth' | 'thirteenth' | 'fourteenth'
            | 'fifteenth' | 'sixteenth' | 'seventeenth' | 'eighteenth' | 'nineteenth'
            | 'twentieth' | 'thirtieth' | ('twenty' | 'thirty') [- ]? unitord;
    blank  = "_"{2,} | "[" (sp | [*xX_.?] | "\u2022" | "\u25cf" | "\u25a0")* "]";
    dayof  = (('this' | 'the') ws)?;
*/

size_t pct_scan__date_at(const char *text, size_t n, pct_date *out)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t cur = 0, mar = 0, ctx = 0;
    size_t m, d, y;
    /*!stags:re2c format = "size_t @@ = SCAN_NOTAG;\n"; */
    (void)ctx;
    (void)mar;

    /*!re2c
    @m mword @d day ordsuf? oysep @y year {
        if (!month_case_ok(s, m, 1))
            return 0;
        return finish(s, n, cur, (int)scan_digits(s, n, y), month_at(s, n, m),
                      (int)scan_digits(s, n, d), 0, out);
    }
    @m mword blank ysep @y year {
        if (!month_case_ok(s, m, 0))
            return 0;
        return finish(s, n, cur, (int)scan_digits(s, n, y), month_at(s, n, m), 0,
                      PCT_DATE_BLANK, out);
    }
    @d day ordsuf? ws @m month ysep @y year
    { return day_month(s, n, cur, d, m, y, 0, out); }
    @d day ordsuf? ws 'of' ws @m month ysep @y year
    { return day_month(s, n, cur, d, m, y, 0, out); }
    @d day "." @m mabbr "." @y year {
        if (!month_case_ok(s, m, 1))
            return 0;
        return finish(s, n, cur, (int)scan_digits(s, n, y), month_at(s, n, m),
                      (int)scan_digits(s, n, d), 0, out);
    }
    @d day dash @m mabbr dash @y (year | yy) {
        unsigned fl = 0;
        int yr = full_year(scan_digits(s, n, y), count_digits(s, n, y), &fl);
        if (!month_case_ok(s, m, 1))
            return 0;
        return finish(s, n, cur, yr, month_at(s, n, m), (int)scan_digits(s, n, d), fl, out);
    }
    ('this' | 'the') ws @d (day ordsuf? | ordword) ws 'day' ws 'of' ws @m month oysep @y year
    { return day_month(s, n, cur, d, m, y, PCT_DATE_ORDINAL, out); }
    @d (day ordsuf? | ordword) ws 'day' ws 'of' ws @m month oysep @y year
    { return day_month(s, n, cur, d, m, y, PCT_DATE_ORDINAL, out); }
    dayof blank ws 'day' ws 'of' ws @m month ysep @y year {
        return finish(s, n, cur, (int)scan_digits(s, n, y), month_at(s, n, m), 0,
                      PCT_DATE_ORDINAL | PCT_DATE_BLANK, out);
    }
    dayof blank ws 'day' ws 'of' ws blank ysep @y year {
        return finish(s, n, cur, (int)scan_digits(s, n, y), 0, 0,
                      PCT_DATE_ORDINAL | PCT_DATE_BLANK, out);
    }
    @m month ysep @y year {
        if (!month_case_ok(s, m, 0))
            return 0;
        return finish(s, n, cur, (int)scan_digits(s, n, y), month_at(s, n, m), 0,
                      PCT_DATE_NO_DAY, out);
    }
    blank (ows blank)? ysep @y year {
        return finish(s, n, cur, (int)scan_digits(s, n, y), 0, 0, PCT_DATE_BLANK, out);
    }
    @m d2 "/" @d d2 "/" @y (year | yy)        { return numeric(s, n, cur, m, d, y, out); }
    @m d2 "-" @d d2 "-" @y (year | yy)        { return numeric(s, n, cur, m, d, y, out); }
    @m d2 "\u2013" @d d2 "\u2013" @y (year | yy) { return numeric(s, n, cur, m, d, y, out); }
    @m d2 "." @d d2 "." @y year               { return numeric(s, n, cur, m, d, y, out); }
    @y year @m ("-" [0-9]{2} "-" | "/" [0-9]{2} "/") @d [0-9]{2} {
        return finish(s, n, cur, (int)scan_digits(s, n, y), (int)scan_digits(s, n, m + 1),
                      (int)scan_digits(s, n, d), PCT_DATE_NUMERIC, out);
    }
    * { return 0; }
    */
}

/* Can a date start at s[i]? A word start holding a letter that opens a month
 * name or "this"/"the", a digit not glued to a number before it ("1.9/4"),
 * or a blank. */
static int date_candidate(const unsigned char *s, size_t i)
{
    unsigned char c = s[i];
    if (!scan_word_start(s, i))
        return 0;
    if (scan_is_digit(c))
        return i == 0 || !(s[i - 1] == '.' || s[i - 1] == ',' || s[i - 1] == '/');
    if (scan_after_hyphen(s, i))
        return 0; /* "thirty-first day": not "first day" */
    switch (c | 0x20) {
    case 'a': case 'd': case 'f': case 'j': case 'm': case 'n': case 'o': case 's': case 't':
        return 1;
    default:
        return c == '_' || c == '[';
    }
}

size_t pct_scan__next_date(const char *text, size_t n, size_t from, pct_date *out,
                           size_t *len_out)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = from;
    while (i < n) {
        if (date_candidate(s, i)) {
            size_t len = pct_scan__date_at(text + i, n - i, out);
            if (len) {
                if (len_out)
                    *len_out = len;
                return i;
            }
        }
        if (scan_is_alnum(s[i]) || s[i] == '_')
            i = scan_skip_word(s, n, i); /* no date starts inside a word */
        else
            i++;
    }
    if (len_out)
        *len_out = 0;
    return n;
}
