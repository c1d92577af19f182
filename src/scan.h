/*
 * scan.h - re2c scanners for the small languages inside contract text:
 * dates, durations, money, percentages, agreement identifiers and section
 * references. Each `pct_scan__X_at` matches at s[0] only and returns the
 * bytes matched (0 for no match); each `pct_scan__next_X` finds the next
 * match at or after `from` and returns its start offset (n when none).
 * All are linear in the bytes examined and allocate nothing; none reads
 * s[n] or beyond, and none needs a NUL terminator. A `next_X` match starts
 * at a word start: s[at-1] (which it may read, at > 0) is not an ASCII letter
 * or digit, so callers may pass `s` = the whole text and `from` inside it.
 *
 * Implementation: src/scan_*.re, generated at build time by re2c.
 */
#ifndef PCT_SCAN_H
#define PCT_SCAN_H

#include <stddef.h>

/* ---------------------------------------------------------------- dates */

enum {
    PCT_DATE_YY = 1 << 0,      /* a two-digit year was expanded (00-49 -> 20xx, 50-99 -> 19xx) */
    PCT_DATE_NO_DAY = 1 << 1,  /* "September 1997": day unknown, d = 0 */
    PCT_DATE_NUMERIC = 1 << 2, /* written with digits only: 9/4/97, 9-29-00, 2004-01-01 */
    PCT_DATE_ORDINAL = 1 << 3, /* "the 15th day of July, 1998" */
    PCT_DATE_BLANK = 1 << 4    /* a blank or redacted part: "____ __, 2004", "[*], 2019" */
};

typedef struct pct_date {
    int y, m, d;    /* year (4 digits), month 1-12 (0 when blank: "[***], 2019"), day 1-31
                       (0 when unknown) */
    unsigned flags; /* PCT_DATE_* */
} pct_date;

/* A date at s[0]: "September 4, 1997", "Sept. 4, 1997", "4 September 1997",
 * "9/4/97", "9-29-00", "October 1,1996", "this 15th day of July 1998",
 * "the 1st day of January, 2004", "2004-01-01", "September 1997",
 * "January __, 2004", "[***], 2019", "04-Sep-97", "10.Jan.2017".
 * Numeric dates are m/d/y, or d/m/y when the first part is over 12.
 * Invalid calendar dates (Feb 30) and years outside 1800-2199 do not match.
 * The full list of forms is in src/scan_date.re and tests/spec/dates.txt. */
size_t pct_scan__date_at(const char *s, size_t n, pct_date *out);
size_t pct_scan__next_date(const char *s, size_t n, size_t from, pct_date *out, size_t *len_out);

/* Writes "YYYY-MM-DD" (11 bytes with NUL) to buf; "YYYY-MM" when d == 0;
 * "YYYY" when m == 0. */
void pct_date__iso(const pct_date *d, char buf[11]);
/* Days since 1970-01-01 (proleptic Gregorian); for comparisons and arithmetic. */
long pct_date__days(const pct_date *d);
pct_date pct_date__from_days(long days);
/* Adds months (end-of-month clamped) and days; flags are kept. An unknown
 * day or month counts as the 1st / January for the day arithmetic. */
pct_date pct_date__add(const pct_date *d, int months, int days);

/* ------------------------------------------------------------ durations */

typedef enum pct_unit { PCT_UNIT_NONE = 0, PCT_UNIT_DAY, PCT_UNIT_BUSINESS_DAY, PCT_UNIT_WEEK,
                        PCT_UNIT_MONTH, PCT_UNIT_YEAR } pct_unit;

typedef struct pct_duration {
    double count;  /* 5 for "five (5) years", 1.5 for "1.5 years" */
    pct_unit unit;
    int months;    /* count in months when unit is MONTH or YEAR, else 0 */
    int days;      /* count in days (1 month = 30, 1 year = 365, 1 week = 7,
                      1 business day = 7/5, rounded): for ordering, not for dates */
} pct_duration;

/* "five (5) years", "ninety (90) days", "one-year", "12 months", "thirty days",
 * "sixty (60) calendar days", "ten (10) business days", "(10) days".
 * In "two (2) successive one-year terms" the duration is "one-year". */
size_t pct_scan__duration_at(const char *s, size_t n, pct_duration *out);
size_t pct_scan__next_duration(const char *s, size_t n, size_t from, pct_duration *out,
                               size_t *len_out);
/* A period named by one word, with no count: "month-to-month", "year to year",
 * "monthly", "annual(ly)", "yearly", "per annum", "quarterly" (3 months),
 * "semi-annual" (6 months), "weekly". Count 1 (or 3, 6). Not searched for by
 * next_duration: "annual fee" is no period, so callers try it where renewal
 * language ("renew for successive ... periods") makes it one. */
size_t pct_scan__periodic_at(const char *s, size_t n, pct_duration *out);

/* -------------------------------------------------------- money, percent */

typedef struct pct_money {
    double amount;       /* in units of the currency: "$7,000,000" -> 7000000 */
    char currency[4];    /* ISO code: "USD", "EUR", "GBP", "JPY", "CAD", ... */
} pct_money;

/* "$7,000,000", "US$ 5 million", "USD 1,000.00", "EUR 250,000", "€10", "£3.5 million" */
size_t pct_scan__money_at(const char *s, size_t n, pct_money *out);
size_t pct_scan__next_money(const char *s, size_t n, size_t from, pct_money *out, size_t *len_out);

/* "15%", "fifteen percent (15%)", "2.5 per cent" */
size_t pct_scan__percent_at(const char *s, size_t n, double *out);
size_t pct_scan__next_percent(const char *s, size_t n, size_t from, double *out, size_t *len_out);

/* ---------------------------------------------------------- identifiers */

/* "Agreement Number LNS970602JC", "Contract No. 4", "Agreement No. ABC-123",
 * "Purchase Order #4411". `id` receives the identifier's offset and length
 * relative to s. */
size_t pct_scan__identifier_at(const char *s, size_t n, size_t *id_off, size_t *id_len);
size_t pct_scan__next_identifier(const char *s, size_t n, size_t from, size_t *id_off,
                                 size_t *id_len, size_t *len_out);

/* --------------------------------------------------- section references */

/* "Section 14.2(a)(2)", "Sections 3.1 and 3.2" (the first), "Article IV",
 * "Paragraph 5", "clause (b)", "§ 2.3". `num` receives the normalised
 * reference ("14.2(a)(2)", "IV") in buf of `cap` bytes. */
size_t pct_scan__secref_at(const char *s, size_t n, char *num, size_t cap);

/* What a reference points at, from its keyword. */
typedef enum pct_refkind { PCT_REF_NONE = 0, PCT_REF_SECTION, PCT_REF_ARTICLE, PCT_REF_PARAGRAPH,
                           PCT_REF_CLAUSE, PCT_REF_EXHIBIT, PCT_REF_SCHEDULE } pct_refkind;

/* As secref_at, and sets *kind (when not NULL). Also reads "Exhibit A",
 * "Schedule 2", "Annex I", "Appendix B" (PCT_REF_EXHIBIT / _SCHEDULE). */
size_t pct_scan__secref_kind_at(const char *s, size_t n, char *num, size_t cap,
                                pct_refkind *kind);
/* The next reference of any kind at or after `from` (n when none); sets
 * *kind (when not NULL) so callers can keep sections or exhibits. */
size_t pct_scan__next_secref(const char *s, size_t n, size_t from, char *num, size_t cap,
                             pct_refkind *kind, size_t *len_out);

/* ------------------------------------------------------------- numbers */

/* A number written in words ("ninety", "twenty-four", "one hundred") or
 * digits at s[0]. Returns bytes matched and sets *out. */
size_t pct_scan__number_at(const char *s, size_t n, double *out);
/* Digits only ("1,000.50", "7,000,000"), which may run into a letter ("5M"). */
size_t pct_scan__amount_at(const char *s, size_t n, double *out);

#endif
