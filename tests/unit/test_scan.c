/*
 * test_scan.c - the re2c scanners of scan.h and the calendar arithmetic of
 * date.c: every written form, word boundaries, rejects, bounds (no read past
 * the end for any prefix of an input), generated pathological inputs, the
 * literate examples in tests/spec (*.txt), and invariants over the CUAD
 * contracts when PCT_SHARED points at the shared data (skipped otherwise).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "scan.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SPEC_LINE_MAX 4096  /* bytes of one line of a spec file */
#define SPEC_OUT_MAX 16384  /* bytes of the rendered output of one example */
#define MATCHES_MAX 64      /* matches reported for one example */

/* ------------------------------------------------------------- helpers */

/* A heap copy of exactly n bytes, so ASan catches a read of s[n]. */
static char *exact(const char *s, size_t n)
{
    char *p = malloc(n ? n : 1);
    assert_non_null(p);
    memcpy(p, s, n);
    return p;
}

static size_t date_at(const char *s, pct_date *d)
{
    size_t n = strlen(s);
    char *p = exact(s, n);
    size_t len = pct_scan__date_at(p, n, d);
    free(p);
    return len;
}

static void date_is(const char *s, int y, int m, int d, unsigned flags)
{
    pct_date out = {0, 0, 0, 0};
    size_t len = date_at(s, &out);
    if (len != strlen(s))
        fail_msg("\"%s\": matched %zu of %zu bytes", s, len, strlen(s));
    if (out.y != y || out.m != m || out.d != d || out.flags != flags)
        fail_msg("\"%s\": got %d-%d-%d flags %u, want %d-%d-%d flags %u", s, out.y, out.m,
                 out.d, out.flags, y, m, d, flags);
}

static void no_date(const char *s)
{
    pct_date out;
    size_t len, n = strlen(s);
    char *p = exact(s, n);
    size_t at = pct_scan__next_date(p, n, 0, &out, &len);
    free(p);
    if (at != n)
        fail_msg("\"%s\": unexpected date \"%.*s\"", s, (int)len, s + at);
}

static void duration_is(const char *s, double count, pct_unit unit, int months, int days)
{
    pct_duration d = {0, PCT_UNIT_NONE, 0, 0};
    size_t n = strlen(s);
    char *p = exact(s, n);
    size_t len = pct_scan__duration_at(p, n, &d);
    free(p);
    if (len != n)
        fail_msg("\"%s\": matched %zu of %zu bytes", s, len, n);
    if (fabs(d.count - count) > 1e-9 || d.unit != unit || d.months != months || d.days != days)
        fail_msg("\"%s\": got %g unit %d months %d days %d", s, d.count, d.unit, d.months,
                 d.days);
}

static void no_duration(const char *s)
{
    pct_duration d;
    size_t len, n = strlen(s);
    char *p = exact(s, n);
    size_t at = pct_scan__next_duration(p, n, 0, &d, &len);
    free(p);
    if (at != n)
        fail_msg("\"%s\": unexpected duration \"%.*s\"", s, (int)len, s + at);
}

static void number_is(const char *s, size_t want_len, double want)
{
    double v = -1;
    size_t n = strlen(s);
    char *p = exact(s, n);
    size_t len = pct_scan__number_at(p, n, &v);
    free(p);
    if (len != want_len || (len && fabs(v - want) > 1e-9))
        fail_msg("\"%s\": got %zu bytes = %g, want %zu bytes = %g", s, len, v, want_len, want);
}

static void money_is(const char *s, double amount, const char *cur)
{
    pct_money m = {0, ""};
    size_t n = strlen(s);
    char *p = exact(s, n);
    size_t len = pct_scan__money_at(p, n, &m);
    free(p);
    if (len != n)
        fail_msg("\"%s\": matched %zu of %zu bytes", s, len, n);
    if (fabs(m.amount - amount) > 1e-6 || strcmp(m.currency, cur) != 0)
        fail_msg("\"%s\": got %f %s", s, m.amount, m.currency);
}

static void percent_is(const char *s, double want)
{
    double v = -1;
    size_t n = strlen(s);
    char *p = exact(s, n);
    size_t len = pct_scan__percent_at(p, n, &v);
    free(p);
    if (len != n || fabs(v - want) > 1e-9)
        fail_msg("\"%s\": got %zu bytes = %g", s, len, v);
}

static void ident_is(const char *s, const char *id)
{
    size_t off = 0, idl = 0, n = strlen(s);
    char *p = exact(s, n);
    size_t len = pct_scan__identifier_at(p, n, &off, &idl);
    free(p);
    if (!len)
        fail_msg("\"%s\": no identifier", s);
    if (idl != strlen(id) || memcmp(s + off, id, idl) != 0)
        fail_msg("\"%s\": identifier \"%.*s\", want \"%s\"", s, (int)idl, s + off, id);
}

static void secref_is(const char *s, size_t want_len, const char *num)
{
    char buf[32];
    size_t n = strlen(s);
    char *p = exact(s, n);
    size_t len = pct_scan__secref_at(p, n, buf, sizeof buf);
    free(p);
    if (len != want_len)
        fail_msg("\"%s\": matched %zu bytes, want %zu", s, len, want_len);
    if (len)
        assert_string_equal(buf, num);
}

/* --------------------------------------------------------------- dates */

static void date_forms(void **state)
{
    (void)state;
    date_is("September 4, 1997", 1997, 9, 4, 0);
    date_is("Sept. 4, 1997", 1997, 9, 4, 0);
    date_is("Sep 4 1997", 1997, 9, 4, 0);
    date_is("Sep. 4, 1997", 1997, 9, 4, 0);
    date_is("September 4th, 1997", 1997, 9, 4, 0);
    date_is("September 4 , 1997", 1997, 9, 4, 0);
    date_is("4 September 1997", 1997, 9, 4, 0);
    date_is("4th September, 1997", 1997, 9, 4, 0);
    date_is("4th of September, 1997", 1997, 9, 4, 0);
    date_is("04-Sep-1997", 1997, 9, 4, 0);
    date_is("04-SEP-97", 1997, 9, 4, PCT_DATE_YY);
    date_is("10.Jan.2017", 2017, 1, 10, 0);
    date_is("this 18t h day of August 2014", 2014, 8, 18, PCT_DATE_ORDINAL);
    date_is("the 1s t day of October 2008", 2008, 10, 1, PCT_DATE_ORDINAL);
    date_is("this 15 th day of July, 2010", 2010, 7, 15, PCT_DATE_ORDINAL);
    date_is("November 19t h, 2012", 2012, 11, 19, 0);
    date_is("March 18. 2021", 2021, 3, 18, 0);
    date_is("this 16 day of August. 2012", 2012, 8, 16, PCT_DATE_ORDINAL);
    date_is("9/4/97", 1997, 9, 4, PCT_DATE_YY | PCT_DATE_NUMERIC);
    date_is("9/4/1997", 1997, 9, 4, PCT_DATE_NUMERIC);
    date_is("9-29-00", 2000, 9, 29, PCT_DATE_YY | PCT_DATE_NUMERIC);
    date_is("09.04.1997", 1997, 9, 4, PCT_DATE_NUMERIC);
    date_is("October 1,1996", 1996, 10, 1, 0);
    date_is("this 15th day of July 1998", 1998, 7, 15, PCT_DATE_ORDINAL);
    date_is("the 1st day of January, 2004", 2004, 1, 1, PCT_DATE_ORDINAL);
    date_is("the first day of January, 2004", 2004, 1, 1, PCT_DATE_ORDINAL);
    date_is("the 2nd day of June 2000", 2000, 6, 2, PCT_DATE_ORDINAL);
    date_is("the 3rd day of June, 2000", 2000, 6, 3, PCT_DATE_ORDINAL);
    date_is("the 22d day of June, 2000", 2000, 6, 22, PCT_DATE_ORDINAL);
    date_is("15th day of July, 1998", 1998, 7, 15, PCT_DATE_ORDINAL);
    date_is("the twentieth day of May, 1999", 1999, 5, 20, PCT_DATE_ORDINAL);
    date_is("the Twenty-Second day of May, 1999", 1999, 5, 22, PCT_DATE_ORDINAL);
    date_is("the thirtieth day of April, 1999", 1999, 4, 30, PCT_DATE_ORDINAL);
    date_is("THE THIRTY FIRST DAY OF MAY, 1999", 1999, 5, 31, PCT_DATE_ORDINAL);
    date_is("2004-01-01", 2004, 1, 1, PCT_DATE_NUMERIC);
    date_is("2004/12/31", 2004, 12, 31, PCT_DATE_NUMERIC);
    date_is("September 1997", 1997, 9, 0, PCT_DATE_NO_DAY);
    date_is("September, 1997", 1997, 9, 0, PCT_DATE_NO_DAY);
    date_is("Sept. 1997", 1997, 9, 0, PCT_DATE_NO_DAY);
    date_is("January __, 2004", 2004, 1, 0, PCT_DATE_BLANK);
    date_is("January ___ , 2004", 2004, 1, 0, PCT_DATE_BLANK);
    date_is("January [ ], 2004", 2004, 1, 0, PCT_DATE_BLANK);
    date_is("January [*], 2004", 2004, 1, 0, PCT_DATE_BLANK);
    date_is("[***], 2019", 2019, 0, 0, PCT_DATE_BLANK);
    date_is("________ __, 2004", 2004, 0, 0, PCT_DATE_BLANK);
    date_is("this ___ day of ________, 2004", 2004, 0, 0, PCT_DATE_ORDINAL | PCT_DATE_BLANK);
    date_is("this ___ day of March, 2004", 2004, 3, 0, PCT_DATE_ORDINAL | PCT_DATE_BLANK);
    date_is("SEPTEMBER 4, 1997", 1997, 9, 4, 0);
    date_is("september 4, 1997", 1997, 9, 4, 0);
    date_is("September 4,\n  1997", 1997, 9, 4, 0);
    date_is("September 4,\r\n1997", 1997, 9, 4, 0);
    date_is("September\xc2\xa0" "4,\xc2\xa0" "1997", 1997, 9, 4, 0);
    date_is("9\xe2\x80\x93" "29\xe2\x80\x93" "00", 2000, 9, 29, PCT_DATE_YY | PCT_DATE_NUMERIC);
}

static void date_numeric_order(void **state)
{
    (void)state;
    date_is("1/2/2003", 2003, 1, 2, PCT_DATE_NUMERIC);           /* US: month first */
    date_is("12/11/2003", 2003, 12, 11, PCT_DATE_NUMERIC);
    date_is("13/11/2003", 2003, 11, 13, PCT_DATE_NUMERIC);       /* 13 is a day */
    date_is("31.12.2003", 2003, 12, 31, PCT_DATE_NUMERIC);
    date_is("1/1/00", 2000, 1, 1, PCT_DATE_YY | PCT_DATE_NUMERIC);
    date_is("1/1/49", 2049, 1, 1, PCT_DATE_YY | PCT_DATE_NUMERIC);
    date_is("1/1/50", 1950, 1, 1, PCT_DATE_YY | PCT_DATE_NUMERIC);
    date_is("1/1/99", 1999, 1, 1, PCT_DATE_YY | PCT_DATE_NUMERIC);
}

static void date_rejects(void **state)
{
    pct_date d;
    (void)state;
    assert_int_equal(date_at("February 30, 2004", &d), 0);
    assert_int_equal(date_at("February 29, 2003", &d), 0);
    assert_int_equal(date_at("February 29, 1900", &d), 0);
    assert_int_not_equal(date_at("February 29, 2000", &d), 0);
    assert_int_equal(date_at("April 31, 2004", &d), 0);
    assert_int_equal(date_at("April 0, 2004", &d), 0);
    assert_int_equal(date_at("4/31/2004", &d), 0);
    assert_int_equal(date_at("13/13/2004", &d), 0);
    assert_int_equal(date_at("0/1/2004", &d), 0);
    assert_int_equal(date_at("2004-13-01", &d), 0);
    assert_int_equal(date_at("September 4, 0997", &d), 0);
    assert_int_equal(date_at("September 4, 3001", &d), 0);
    assert_int_equal(date_at("the thirty-second day of May, 1999", &d), 0);
    no_date("Section 10.5");
    no_date("Section 3.1.12 and 1.2.3");
    no_date("version 1.2.2000.1");
    no_date("1,000 days");
    no_date("$1,000/12/2000"); /* glued to an amount */
    no_date("may 2000 units");  /* the verb, not the month */
    no_date("mar 3 2003");      /* a lower-case abbreviation */
    no_date("x9/4/97");
    no_date("19/4/975");
    no_date("September 4, 19975");
    no_date("1997-02-15T");
    no_date("at 12/31 and 10:30");
    no_date("Septembers 4, 1997");
    no_date("the 15th day of the month");
}

static void date_next(void **state)
{
    const char *s = "Dated June 1, 2000; amended 7/1/01 and again the 3rd day of May, 2002.";
    size_t n = strlen(s), len, at;
    pct_date d;
    char iso[11];
    (void)state;
    at = pct_scan__next_date(s, n, 0, &d, &len);
    assert_int_equal(at, 6);
    assert_int_equal(len, strlen("June 1, 2000"));
    at = pct_scan__next_date(s, n, at + len, &d, &len);
    assert_memory_equal(s + at, "7/1/01", 6);
    pct_date__iso(&d, iso);
    assert_string_equal(iso, "2001-07-01");
    at = pct_scan__next_date(s, n, at + len, &d, &len);
    assert_memory_equal(s + at, "the 3rd day of May, 2002", len);
    at = pct_scan__next_date(s, n, at + len, &d, &len);
    assert_int_equal(at, n);
    assert_int_equal(len, 0);
    /* a search that starts inside a word does not match its tail */
    assert_int_equal(pct_scan__next_date("XJune 1, 2000", 13, 0, &d, &len), 13);
    assert_int_equal(pct_scan__next_date("", 0, 0, &d, &len), 0);
}

/* ------------------------------------------------------------ calendar */

static void calendar(void **state)
{
    pct_date d = {1970, 1, 1, 0}, r;
    char iso[11];
    (void)state;
    assert_int_equal(pct_date__days(&d), 0);
    d = (pct_date){2000, 3, 1, 0};
    assert_int_equal(pct_date__days(&d), 11017);
    d = (pct_date){1969, 12, 31, 0};
    assert_int_equal(pct_date__days(&d), -1);
    for (long k = -800000; k <= 800000; k += 7) { /* 1780 .. 4160, every week */
        r = pct_date__from_days(k);
        assert_int_equal(pct_date__days(&r), k);
        assert_true(r.m >= 1 && r.m <= 12 && r.d >= 1 && r.d <= 31);
    }
    d = (pct_date){2004, 1, 31, PCT_DATE_NUMERIC};
    r = pct_date__add(&d, 1, 0);
    pct_date__iso(&r, iso);
    assert_string_equal(iso, "2004-02-29"); /* clamped to the end of February */
    assert_int_equal(r.flags, PCT_DATE_NUMERIC);
    r = pct_date__add(&d, 13, 0);
    pct_date__iso(&r, iso);
    assert_string_equal(iso, "2005-02-28");
    r = pct_date__add(&d, -2, 0);
    pct_date__iso(&r, iso);
    assert_string_equal(iso, "2003-11-30");
    r = pct_date__add(&d, -13, 0);
    pct_date__iso(&r, iso);
    assert_string_equal(iso, "2002-12-31");
    d = (pct_date){1997, 9, 4, 0};
    r = pct_date__add(&d, 60, -1); /* five years, ending the day before */
    pct_date__iso(&r, iso);
    assert_string_equal(iso, "2002-09-03");
    r = pct_date__add(&d, 0, 90);
    pct_date__iso(&r, iso);
    assert_string_equal(iso, "1997-12-03");
    d = (pct_date){1997, 9, 0, PCT_DATE_NO_DAY};
    pct_date__iso(&d, iso);
    assert_string_equal(iso, "1997-09");
    r = pct_date__add(&d, 12, 0);
    pct_date__iso(&r, iso);
    assert_string_equal(iso, "1998-09");
    d = (pct_date){2019, 0, 0, PCT_DATE_BLANK};
    pct_date__iso(&d, iso);
    assert_string_equal(iso, "2019");
}

/* ------------------------------------------------------------- numbers */

static void numbers(void **state)
{
    (void)state;
    number_is("one", 3, 1);
    number_is("Ninety", 6, 90);
    number_is("ninety-nine", 11, 99);
    number_is("twenty four", 11, 24);
    number_is("one hundred", 11, 100);
    number_is("one hundred twenty", 18, 120);
    number_is("one hundred and twenty", 22, 120);
    number_is("two hundred seventy", 19, 270);
    number_is("fifteen hundred", 15, 1500);
    number_is("five thousand", 13, 5000);
    number_is("two million five hundred thousand", 33, 2500000);
    number_is("five (5)", 4, 5);
    number_is("five six", 4, 5);      /* two numbers, not one */
    number_is("twenty and", 6, 20);   /* "and" only after hundred/thousand */
    number_is("one hundred and", 11, 100);
    number_is("onerous", 0, 0);
    number_is("tens", 0, 0);
    number_is("90", 2, 90);
    number_is("1,000", 5, 1000);
    number_is("1,000,000.50", 12, 1000000.5);
    number_is("2.5", 3, 2.5);
    number_is("1,00", 1, 1);          /* a comma needs three digits */
    number_is("5th", 0, 0);
    number_is("", 0, 0);
}

/* ----------------------------------------------------------- durations */

static void durations(void **state)
{
    (void)state;
    duration_is("five (5) years", 5, PCT_UNIT_YEAR, 60, 1825);
    duration_is("ninety (90) days", 90, PCT_UNIT_DAY, 0, 90);
    duration_is("one-year", 1, PCT_UNIT_YEAR, 12, 365);
    duration_is("one (1) year", 1, PCT_UNIT_YEAR, 12, 365);
    duration_is("12 months", 12, PCT_UNIT_MONTH, 12, 360);
    duration_is("thirty (30) calendar days", 30, PCT_UNIT_DAY, 0, 30);
    duration_is("sixty days", 60, PCT_UNIT_DAY, 0, 60);
    duration_is("two (2) weeks", 2, PCT_UNIT_WEEK, 0, 14);
    duration_is("twelve (12) month", 12, PCT_UNIT_MONTH, 12, 360);
    duration_is("ten (10) business days", 10, PCT_UNIT_BUSINESS_DAY, 0, 14);
    duration_is("5 Business Days", 5, PCT_UNIT_BUSINESS_DAY, 0, 7);
    duration_is("three (3) banking days", 3, PCT_UNIT_BUSINESS_DAY, 0, 5);
    duration_is("1,000 days", 1000, PCT_UNIT_DAY, 0, 1000);
    duration_is("sixty (60)-day", 60, PCT_UNIT_DAY, 0, 60);
    duration_is("90-day", 90, PCT_UNIT_DAY, 0, 90);
    duration_is("ninety (90) day", 90, PCT_UNIT_DAY, 0, 90);
    duration_is("5 (five) years", 5, PCT_UNIT_YEAR, 60, 1825);
    duration_is("one hundred eighty (180) days", 180, PCT_UNIT_DAY, 0, 180);
    duration_is("twenty-four (24) consecutive months", 24, PCT_UNIT_MONTH, 24, 720);
    duration_is("three (3) full calendar years", 3, PCT_UNIT_YEAR, 36, 1095);
    duration_is("six (6) month(s)", 6, PCT_UNIT_MONTH, 6, 180);
    duration_is("1.5 years", 1.5, PCT_UNIT_YEAR, 18, 548);
    duration_is("ONE YEAR", 1, PCT_UNIT_YEAR, 12, 365);
    duration_is("thirty\xc2\xa0(30)\xc2\xa0" "days", 30, PCT_UNIT_DAY, 0, 30);
    duration_is("two\n(2) years", 2, PCT_UNIT_YEAR, 24, 730);
    duration_is("(10) days", 10, PCT_UNIT_DAY, 0, 10);
    duration_is("seven (7)days", 7, PCT_UNIT_DAY, 0, 7);
    duration_is("(12)month", 12, PCT_UNIT_MONTH, 12, 360);
}

static void periodic_is(const char *s, double count, pct_unit unit, int months)
{
    pct_duration d = {0, PCT_UNIT_NONE, 0, 0};
    size_t n = strlen(s);
    char *p = exact(s, n);
    size_t len = pct_scan__periodic_at(p, n, &d);
    free(p);
    if (len != n || d.count != count || d.unit != unit || d.months != months)
        fail_msg("\"%s\": %zu bytes, %g unit %d months %d", s, len, d.count, d.unit, d.months);
}

static void periodic(void **state)
{
    pct_duration d;
    (void)state;
    periodic_is("month-to-month", 1, PCT_UNIT_MONTH, 1);
    periodic_is("month to month", 1, PCT_UNIT_MONTH, 1);
    periodic_is("Year-To-Year", 1, PCT_UNIT_YEAR, 12);
    periodic_is("annual", 1, PCT_UNIT_YEAR, 12);
    periodic_is("annually", 1, PCT_UNIT_YEAR, 12);
    periodic_is("per annum", 1, PCT_UNIT_YEAR, 12);
    periodic_is("monthly", 1, PCT_UNIT_MONTH, 1);
    periodic_is("quarterly", 3, PCT_UNIT_MONTH, 3);
    periodic_is("semi-annual", 6, PCT_UNIT_MONTH, 6);
    periodic_is("weekly", 1, PCT_UNIT_WEEK, 0);
    assert_int_equal(pct_scan__periodic_at("annuals", 7, &d), 0);
    assert_int_equal(pct_scan__periodic_at("month to", 8, &d), 0);
    assert_int_equal(pct_scan__periodic_at("months", 6, &d), 0);
}

static void duration_rejects(void **state)
{
    pct_duration d;
    size_t len;
    const char *s = "renewal for two (2) successive one-year terms";
    size_t at;
    (void)state;
    no_duration("an onerous year");
    no_duration("the first year and any year");
    no_duration("a few days");
    no_duration("5th year");
    no_duration("the 10 yearly reports, 3 dayshift workers");
    no_duration("zero days");
    no_duration("Section 2.5");
    no_duration("on the twentieth (20) day after");
    no_duration("once (1) a week");
    no_duration("sixtydays");
    no_duration("the 2019 Calendar Year");
    no_duration("100,000 years");
    /* "two (2) successive" counts renewals: the period is "one-year" */
    at = pct_scan__next_duration(s, strlen(s), 0, &d, &len);
    assert_memory_equal(s + at, "one-year", len);
    assert_int_equal(d.months, 12);
}

/* --------------------------------------------------- money and percent */

static void money(void **state)
{
    pct_money m;
    (void)state;
    money_is("$7,000,000", 7000000, "USD");
    money_is("$ 7,000", 7000, "USD");
    money_is("US$ 5 million", 5000000, "USD");
    money_is("U.S. $250", 250, "USD");
    money_is("USD 1,000.00", 1000, "USD");
    money_is("EUR 250,000", 250000, "EUR");
    money_is("\xe2\x82\xac" "10", 10, "EUR");
    money_is("\xc2\xa3" "3.5 million", 3500000, "GBP");
    money_is("\xc2\xa5" "500", 500, "JPY");
    money_is("$5M", 5000000, "USD");
    money_is("$10K", 10000, "USD");
    money_is("$1.2 billion", 1.2e9, "USD");
    money_is("1,000 USD", 1000, "USD");
    money_is("Ten Thousand Dollars", 10000, "USD");
    money_is("10,000 U.S. Dollars", 10000, "USD");
    money_is("five million euros", 5e6, "EUR");
    money_is("HK$ 20", 20, "HKD");
    money_is("C$15", 15, "CAD");
    money_is("RMB 100", 100, "CNY");
    money_is("$35,000.00USD", 35000, "USD");
    money_is("$5m", 5000000, "USD");
    assert_int_equal(pct_scan__money_at("$ sign", 6, &m), 0);
    assert_int_equal(pct_scan__money_at("$5Mx", 4, &m), 0);
    assert_int_equal(pct_scan__money_at("eur 5", 5, &m), 0);
    assert_int_equal(pct_scan__money_at("5 dollarsigns", 13, &m), 0);
    assert_int_equal(pct_scan__money_at("1,000 days", 10, &m), 0);
}

static void percent(void **state)
{
    double v;
    (void)state;
    percent_is("15%", 15);
    percent_is("15 %", 15);
    percent_is("2.5%", 2.5);
    percent_is("fifteen percent (15%)", 15);
    percent_is("fifteen (15) percent", 15);
    percent_is("fifteen (15%) percent", 15);
    percent_is("2.5 per cent", 2.5);
    percent_is("ten per-cent", 10);
    percent_is("twenty percent", 20);
    percent_is("100 Percent", 100);
    assert_int_equal(pct_scan__percent_at("15 percentage points", 20, &v), 0);
    assert_int_equal(pct_scan__percent_at("15 per annum", 12, &v), 0);
    assert_int_equal(pct_scan__percent_at("percent", 7, &v), 0);
}

/* ------------------------------------------------------------ references */

static void identifiers(void **state)
{
    size_t off, idl;
    (void)state;
    ident_is("Agreement Number LNS970602JC", "LNS970602JC");
    ident_is("Contract No. 4", "4");
    ident_is("Agreement No. ABC-123.", "ABC-123");
    ident_is("Purchase Order #4411", "4411");
    ident_is("Purchase Order # 4411", "4411");
    ident_is("Order#9", "9");
    ident_is("Contract Number: 2001-17/B", "2001-17/B");
    ident_is("AGREEMENT NO. 98-XR-2", "98-XR-2");
    ident_is("Contract ID: 55-A", "55-A");
    ident_is("Amendment No. 2", "2");
    ident_is("License No.4", "4");
    ident_is("Statement of Work No. 3", "3");
    assert_int_equal(pct_scan__identifier_at("No. of units", 12, &off, &idl), 0);
    assert_int_equal(pct_scan__identifier_at("Agreement No. of", 16, &off, &idl), 0);
    assert_int_equal(pct_scan__identifier_at("Agreement no later", 18, &off, &idl), 0);
    assert_int_equal(pct_scan__identifier_at("Contract Number between", 23, &off, &idl), 0);
    assert_int_equal(pct_scan__identifier_at("Agreement. No. 5", 16, &off, &idl), 0);
    assert_int_equal(pct_scan__identifier_at("Agreements No. 5", 16, &off, &idl), 0);
}

static void secrefs(void **state)
{
    char buf[32];
    pct_refkind kind;
    size_t len;
    const char *s = "Sections 3.1 and 3.2";
    (void)state;
    secref_is("Section 14.2(a)(2)", 18, "14.2(a)(2)");
    secref_is("Sections 3.1 and 3.2", 12, "3.1");
    secref_is("Article IV", 10, "IV");
    secref_is("ARTICLE xii", 11, "xii");
    secref_is("Paragraph 5", 11, "5");
    secref_is("clause (b)", 10, "(b)");
    secref_is("\xc2\xa7 2.3", 6, "2.3");
    secref_is("\xc2\xa7" "2.3", 5, "2.3");
    secref_is("Section 5.", 9, "5");
    secref_is("Section 2.3 (a) hereof", 15, "2.3(a)");
    secref_is("Section 4A", 10, "4A");
    secref_is("Section 3a shall", 10, "3a");
    secref_is("Sec. 7.1", 8, "7.1");
    secref_is("Subsection (c)(iv)", 18, "(c)(iv)");
    secref_is("this Section is", 0, "");
    secref_is("Section civil", 0, "");
    secref_is("Section IIII", 0, "");
    secref_is("Section 5th", 0, "");
    secref_is("Exhibit A", 0, "");   /* not a section: see secref_kind_at */
    assert_int_equal(pct_scan__secref_kind_at("Exhibit A", 9, buf, sizeof buf, &kind), 9);
    assert_int_equal(kind, PCT_REF_EXHIBIT);
    assert_string_equal(buf, "A");
    assert_int_equal(pct_scan__secref_kind_at("Schedule 2.1", 12, buf, sizeof buf, &kind), 12);
    assert_int_equal(kind, PCT_REF_SCHEDULE);
    /* a number that does not fit the buffer is not a reference */
    assert_int_equal(pct_scan__secref_at("Section 14.2(a)(2)", 18, buf, 5), 0);
    /* next_secref walks the list */
    assert_int_equal(pct_scan__next_secref(s, strlen(s), 0, buf, sizeof buf, &kind, &len), 0);
    assert_int_equal(kind, PCT_REF_SECTION);
    assert_int_equal(pct_scan__next_secref(s, strlen(s), len, buf, sizeof buf, &kind, &len),
                     strlen(s));
}

/* ------------------------------------------------------ bounds and sizes */

/* Runs every scanner over every prefix of s as an exact heap copy: ASan
 * reports any read of s[k]; every match must lie inside the prefix. */
static void all_prefixes(const char *s)
{
    size_t n = strlen(s);
    for (size_t k = 0; k <= n; k++) {
        char *p = exact(s, k);
        pct_date d;
        pct_duration du;
        pct_money m;
        double v;
        char buf[32];
        pct_refkind kind;
        size_t len, off, idl, at;
        for (size_t i = 0; i <= k; i++) {
            assert_true(pct_scan__date_at(p + i, k - i, &d) <= k - i);
            assert_true(pct_scan__duration_at(p + i, k - i, &du) <= k - i);
            assert_true(pct_scan__money_at(p + i, k - i, &m) <= k - i);
            assert_true(pct_scan__percent_at(p + i, k - i, &v) <= k - i);
            assert_true(pct_scan__identifier_at(p + i, k - i, &off, &idl) <= k - i);
            assert_true(pct_scan__secref_at(p + i, k - i, buf, sizeof buf) <= k - i);
            assert_true(pct_scan__number_at(p + i, k - i, &v) <= k - i);
        }
        at = pct_scan__next_date(p, k, 0, &d, &len);
        assert_true(at + len <= k);
        at = pct_scan__next_duration(p, k, 0, &du, &len);
        assert_true(at + len <= k);
        at = pct_scan__next_money(p, k, 0, &m, &len);
        assert_true(at + len <= k);
        at = pct_scan__next_identifier(p, k, 0, &off, &idl, &len);
        assert_true(at + len <= k);
        at = pct_scan__next_secref(p, k, 0, buf, sizeof buf, &kind, &len);
        assert_true(at + len <= k);
        free(p);
    }
}

static void bounds(void **state)
{
    (void)state;
    all_prefixes("this 15th day of July, 1998 and September 4, 1997");
    all_prefixes("9/4/97 9-29-00 2004-01-01 09.04.1997 4-Sep-97 [***], 2019 Jan __, 2004");
    all_prefixes("five (5) years; one hundred and twenty (120) Business Days; 90-day");
    all_prefixes("US$ 5 million, \xe2\x82\xac" "10, fifteen percent (15%), Ten Dollars");
    all_prefixes("Agreement Number LNS970602JC; Section 14.2(a)(2); \xc2\xa7 2.3; Art. IV");
    all_prefixes("September\xc2\xa0" "4,\xc2\xa0" "1997 9\xe2\x80\x93" "29\xe2\x80\x93" "00");
}

/* Random soups of the tokens the scanners care about, as exact heap copies:
 * no read past the end (ASan), every next_X match is what X_at reads at the
 * same place, and dates are valid. A fixed seed keeps failures reproducible. */
static void token_soup(void **state)
{
    static const char *const tok[] = {
        "September", "Sept.", "Jan", "may", "4", "04", "15th", "1997", "97", "2004", "00",
        "/", "-", ".", ",", " ", "  ", "\n", "\xc2\xa0", "\xe2\x80\x93", "the", "this", "day",
        "of", "first", "twenty", "-first", "__", "[***]", "[", "]", "five", "(5)", "(", ")",
        "years", "days", "business", "calendar", "one", "hundred", "and", "$", "US$", "1,000",
        "million", "%", "percent", "Agreement", "No.", "#", "ABC-1", "Section", "14.2", "(a)",
        "IV", "\xc2\xa7", "Exhibit", "A", "x", "Dollars", "EUR", "M"};
    static const char *const dtok[] = { /* dates only, to reach the date DFA often */
        "September ", "Feb. ", "4", "29", "31", "1st ", "the ", "twenty-first ", "day of ",
        ", ", " ", "1997", "2000", "/", "-", ".", "97", "9", "12", "__", "[*]", ",2004"};
    unsigned seed = 12345;
    char buf[256];
    size_t found[5] = {0, 0, 0, 0, 0};
    (void)state;
    for (int iter = 0; iter < 20000; iter++) {
        size_t n = 0, i, len;
        int k = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 24;
        for (int j = 0; j < k; j++) {
            unsigned r = (seed = seed * 1103515245u + 12345u) >> 16;
            const char *w = iter % 2 ? tok[r % (sizeof tok / sizeof *tok)]
                                     : dtok[r % (sizeof dtok / sizeof *dtok)];
            size_t l = strlen(w);
            if (n + l >= sizeof buf)
                break;
            memcpy(buf + n, w, l);
            n += l;
        }
        char *p = exact(buf, n);
        pct_date d, d2;
        pct_duration du, du2;
        pct_money m, m2;
        size_t off, idl;
        char num[32];
        pct_refkind kind;
        for (i = 0; (i = pct_scan__next_date(p, n, i, &d, &len)) < n; i += len) {
            assert_true(len > 0 && i + len <= n);
            assert_int_equal(pct_scan__date_at(p + i, n - i, &d2), len);
            assert_true(d.m >= 0 && d.m <= 12 && d.y >= 1800 && d.y <= 2199);
            found[0]++;
        }
        for (i = 0; (i = pct_scan__next_duration(p, n, i, &du, &len)) < n; i += len) {
            assert_true(len > 0 && i + len <= n && du.count > 0);
            assert_int_equal(pct_scan__duration_at(p + i, n - i, &du2), len);
            found[1]++;
        }
        for (i = 0; (i = pct_scan__next_money(p, n, i, &m, &len)) < n; i += len) {
            assert_true(len > 0 && i + len <= n);
            assert_int_equal(pct_scan__money_at(p + i, n - i, &m2), len);
            found[2]++;
        }
        for (i = 0; (i = pct_scan__next_identifier(p, n, i, &off, &idl, &len)) < n; i += len) {
            assert_true(len > 0 && off >= i && off + idl <= i + len && i + len <= n);
            found[3]++;
        }
        for (i = 0; (i = pct_scan__next_secref(p, n, i, num, sizeof num, &kind, &len)) < n;
             i += len) {
            assert_true(len > 0 && i + len <= n && strlen(num) < sizeof num);
            found[4]++;
        }
        free(p);
    }
    print_message("soup: %zu dates, %zu durations, %zu amounts, %zu identifiers, %zu refs\n",
                  found[0], found[1], found[2], found[3], found[4]);
    for (int j = 0; j < 5; j++)
        assert_true(found[j] > 0); /* the soup does reach every scanner */
}

/* Generated inputs of a few MB that would be slow if a search were
 * quadratic; the CTest timeout is the hang guard, the counts are checked. */
static char *repeat(const char *unit, size_t times, size_t *n_out)
{
    size_t u = strlen(unit), n = u * times;
    char *p = malloc(n ? n : 1);
    assert_non_null(p);
    for (size_t i = 0; i < times; i++)
        memcpy(p + i * u, unit, u);
    *n_out = n;
    return p;
}

static size_t count_dates(const char *s, size_t n)
{
    size_t c = 0, i = 0, len;
    pct_date d;
    while ((i = pct_scan__next_date(s, n, i, &d, &len)) < n) {
        c++;
        i += len;
    }
    return c;
}

static size_t count_durations(const char *s, size_t n)
{
    size_t c = 0, i = 0, len;
    pct_duration d;
    while ((i = pct_scan__next_duration(s, n, i, &d, &len)) < n) {
        c++;
        i += len;
    }
    return c;
}

static void pathological(void **state)
{
    size_t n;
    char *p;
    (void)state;
    p = repeat("1 ", 500000, &n); /* a digit at every other byte */
    assert_int_equal(count_dates(p, n), 0);
    assert_int_equal(count_durations(p, n), 0);
    free(p);
    p = repeat("the ", 250000, &n);
    assert_int_equal(count_dates(p, n), 0);
    free(p);
    p = repeat("_", 1000000, &n); /* one long blank */
    assert_int_equal(count_dates(p, n), 0);
    free(p);
    p = repeat(" ", 2000000, &n);
    memcpy(p, "September", 9); /* a month name followed by 2 MB of spaces */
    assert_int_equal(count_dates(p, n), 0);
    free(p);
    p = repeat("May 1, 2000 ", 100000, &n);
    assert_int_equal(count_dates(p, n), 100000);
    free(p);
    p = repeat("one hundred ", 100000, &n);
    assert_int_equal(count_durations(p, n), 0);
    free(p);
    p = repeat("five (5) years, ", 100000, &n);
    assert_int_equal(count_durations(p, n), 100000);
    free(p);
    p = repeat("1/1/1/1/", 200000, &n);
    assert_int_equal(count_dates(p, n), 0);
    free(p);
}

/* ------------------------------------------------------------ spec files */

typedef struct match {
    size_t at, len;
    int order; /* among matches at the same offset */
    char text[256];
} match;

static void put_escaped(char *out, size_t cap, size_t *k, const char *s, size_t len)
{
    for (size_t i = 0; i < len && *k + 12 < cap;) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n') {
            *k += (size_t)snprintf(out + *k, cap - *k, "\\n");
            i++;
        } else if (c == '\t') {
            *k += (size_t)snprintf(out + *k, cap - *k, "\\t");
            i++;
        } else if (c == '\\') {
            *k += (size_t)snprintf(out + *k, cap - *k, "\\\\");
            i++;
        } else if (c < 0x80) {
            out[(*k)++] = (char)c;
            i++;
        } else {
            unsigned cp = 0, extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
            cp = c & (0x3F >> extra);
            for (unsigned j = 1; j <= extra && i + j < len; j++)
                cp = (cp << 6) | ((unsigned char)s[i + j] & 0x3F);
            *k += (size_t)snprintf(out + *k, cap - *k, "\\u%04x", cp);
            i += extra + 1;
        }
    }
    out[*k] = '\0';
}

static void add_match(match *ms, size_t *nm, size_t at, size_t len, int order, const char *s,
                      const char *fmt_head, const char *tail)
{
    char quoted[200];
    size_t k = 0;
    if (*nm >= MATCHES_MAX)
        return;
    put_escaped(quoted, sizeof quoted, &k, s + at, len);
    ms[*nm].at = at;
    ms[*nm].len = len;
    ms[*nm].order = order;
    snprintf(ms[*nm].text, sizeof ms[*nm].text, "%s \"%s\" %s", fmt_head, quoted, tail);
    (*nm)++;
}

static int match_cmp(const void *a, const void *b)
{
    const match *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return x->order - y->order;
}

static const char *unit_name(pct_unit u)
{
    switch (u) {
    case PCT_UNIT_DAY: return "day";
    case PCT_UNIT_BUSINESS_DAY: return "business_day";
    case PCT_UNIT_WEEK: return "week";
    case PCT_UNIT_MONTH: return "month";
    case PCT_UNIT_YEAR: return "year";
    default: return "none";
    }
}

static const char *kind_name(pct_refkind k)
{
    static const char *const names[] = {"none", "section", "article", "paragraph", "clause",
                                        "exhibit", "schedule"};
    return names[k];
}

/* Renders every match of every scanner in s as the spec files write them. */
static void render_matches(const char *s, size_t n, char *out, size_t cap)
{
    match ms[MATCHES_MAX];
    size_t nm = 0, i, len, k = 0;
    char tail[128];
    pct_date d;
    pct_duration du;
    pct_money m;
    double v;
    char num[32];
    pct_refkind kind;
    size_t off, idl;

    for (i = 0; (i = pct_scan__next_date(s, n, i, &d, &len)) < n; i += len) {
        char iso[11];
        pct_date__iso(&d, iso);
        snprintf(tail, sizeof tail, "%s%s%s%s%s%s", iso, d.flags & PCT_DATE_YY ? " yy" : "",
                 d.flags & PCT_DATE_NUMERIC ? " numeric" : "",
                 d.flags & PCT_DATE_NO_DAY ? " no_day" : "",
                 d.flags & PCT_DATE_ORDINAL ? " ordinal" : "",
                 d.flags & PCT_DATE_BLANK ? " blank" : "");
        add_match(ms, &nm, i, len, 0, s, "date", tail);
    }
    for (i = 0; (i = pct_scan__next_duration(s, n, i, &du, &len)) < n; i += len) {
        snprintf(tail, sizeof tail, "%.15g %s months=%d days=%d", du.count, unit_name(du.unit),
                 du.months, du.days);
        add_match(ms, &nm, i, len, 1, s, "duration", tail);
    }
    for (i = 0; (i = pct_scan__next_money(s, n, i, &m, &len)) < n; i += len) {
        snprintf(tail, sizeof tail, "%.15g %s", m.amount, m.currency);
        add_match(ms, &nm, i, len, 2, s, "money", tail);
    }
    for (i = 0; (i = pct_scan__next_percent(s, n, i, &v, &len)) < n; i += len) {
        snprintf(tail, sizeof tail, "%.15g", v);
        add_match(ms, &nm, i, len, 3, s, "percent", tail);
    }
    for (i = 0; (i = pct_scan__next_identifier(s, n, i, &off, &idl, &len)) < n; i += len) {
        snprintf(tail, sizeof tail, "id=%.*s", (int)idl, s + off);
        add_match(ms, &nm, i, len, 4, s, "identifier", tail);
    }
    for (i = 0; (i = pct_scan__next_secref(s, n, i, num, sizeof num, &kind, &len)) < n;
         i += len)
        add_match(ms, &nm, i, len, 5, s, kind_name(kind), num);
    qsort(ms, nm, sizeof *ms, match_cmp);
    out[0] = '\0';
    for (i = 0; i < nm && k + strlen(ms[i].text) + 2 < cap; i++)
        k += (size_t)snprintf(out + k, cap - k, "%s\n", ms[i].text);
    if (nm == 0)
        snprintf(out, cap, "none\n");
}

/* Decodes the escapes of a spec input line in place; returns its length. */
static size_t unescape(char *s)
{
    size_t k = 0;
    for (size_t i = 0; s[i]; i++) {
        if (s[i] != '\\' || !s[i + 1]) {
            s[k++] = s[i];
            continue;
        }
        i++;
        if (s[i] == 'n') {
            s[k++] = '\n';
        } else if (s[i] == 't') {
            s[k++] = '\t';
        } else if (s[i] == 'u' && strlen(s + i) >= 5) {
            char hex[5] = {s[i + 1], s[i + 2], s[i + 3], s[i + 4], 0};
            unsigned cp = (unsigned)strtoul(hex, NULL, 16);
            if (cp < 0x80) {
                s[k++] = (char)cp;
            } else if (cp < 0x800) {
                s[k++] = (char)(0xC0 | cp >> 6);
                s[k++] = (char)(0x80 | (cp & 0x3F));
            } else {
                s[k++] = (char)(0xE0 | cp >> 12);
                s[k++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                s[k++] = (char)(0x80 | (cp & 0x3F));
            }
            i += 4;
        } else {
            s[k++] = s[i];
        }
    }
    s[k] = '\0';
    return k;
}

static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
}

/* Runs the examples of one spec file; returns the number that failed. */
static int run_spec_file(const char *path, int *examples)
{
    FILE *f = fopen(path, "r");
    static char line[SPEC_LINE_MAX], input[SPEC_LINE_MAX], want[SPEC_OUT_MAX], got[SPEC_OUT_MAX];
    int failed = 0, lineno = 0, input_line = 0;
    enum { OUTSIDE, HAVE_INPUT, EXPECT } st = OUTSIDE;
    assert_non_null(f);
    want[0] = '\0';
    for (;;) {
        int eof = fgets(line, sizeof line, f) == NULL;
        if (!eof) {
            lineno++;
            chomp(line);
        }
        if (st == EXPECT && (eof || line[0] == '\0')) {
            size_t n = unescape(input);
            char *copy = exact(input, n);
            render_matches(copy, n, got, sizeof got);
            free(copy);
            (*examples)++;
            if (strcmp(got, want) != 0) {
                failed++;
                print_message("%s:%d: example failed\n--- want\n%s--- got\n%s", path, input_line,
                              want, got);
            }
            st = OUTSIDE;
            want[0] = '\0';
        }
        if (eof)
            break;
        if (st == OUTSIDE) {
            if (line[0] == '\0' || line[0] == '#')
                continue;
            snprintf(input, sizeof input, "%s", line);
            input_line = lineno;
            st = HAVE_INPUT;
        } else if (st == HAVE_INPUT) {
            if (strcmp(line, ".") != 0)
                fail_msg("%s:%d: expected a line with '.' after the input", path, lineno);
            st = EXPECT;
        } else {
            size_t k = strlen(want);
            snprintf(want + k, sizeof want - k, "%s\n", line);
        }
    }
    fclose(f);
    return failed;
}

static void spec_files(void **state)
{
    const char *src = getenv("PCT_SOURCE_DIR");
    char dir[2048], path[4096];
    DIR *dp;
    struct dirent *e;
    int failed = 0, files = 0, examples = 0;
    (void)state;
    if (!src) {
        print_message("PCT_SOURCE_DIR is not set: spec files skipped\n");
        skip();
    }
    snprintf(dir, sizeof dir, "%s/tests/spec", src);
    dp = opendir(dir);
    assert_non_null(dp);
    while ((e = readdir(dp)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".txt") != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        failed += run_spec_file(path, &examples);
        files++;
    }
    closedir(dp);
    print_message("spec: %d files, %d examples, %d failed\n", files, examples, failed);
    assert_true(files >= 4);
    assert_int_equal(failed, 0);
}

/* ------------------------------------------------------------------ CUAD */

static double now_sec(void)
{
    return (double)clock() / CLOCKS_PER_SEC;
}

/* Every contract of ../shared/cuad/contracts: matches advance, lie inside
 * the text, start at a word start, and dates are valid calendar dates. */
static void cuad_invariants(void **state)
{
    const char *shared = getenv("PCT_SHARED");
    char dir[2048], path[4096];
    DIR *dp;
    struct dirent *e;
    size_t bytes = 0, dates = 0, durs = 0, money_n = 0, ids = 0, refs = 0, files = 0;
    double t_dates = 0;
    (void)state;
    if (!shared) {
        print_message("PCT_SHARED is not set: CUAD run skipped\n");
        skip();
    }
    snprintf(dir, sizeof dir, "%s/cuad/contracts", shared);
    if (!(dp = opendir(dir))) {
        print_message("%s is absent: CUAD run skipped\n", dir);
        skip();
    }
    while ((e = readdir(dp)) != NULL) {
        FILE *f;
        long sz;
        char *buf;
        size_t n, i, len, off, idl;
        pct_date d;
        pct_duration du;
        pct_money m;
        double t0;
        char num[32];
        pct_refkind kind;
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (!(f = fopen(path, "rb")))
            continue;
        fseek(f, 0, SEEK_END);
        sz = ftell(f);
        rewind(f);
        buf = malloc(sz > 0 ? (size_t)sz : 1);
        assert_non_null(buf);
        n = fread(buf, 1, (size_t)(sz > 0 ? sz : 0), f);
        fclose(f);
        t0 = now_sec();
        for (i = 0; (i = pct_scan__next_date(buf, n, i, &d, &len)) < n; i += len) {
            assert_true(len > 0 && i + len <= n);
            assert_true(i == 0 || !((buf[i - 1] >= '0' && buf[i - 1] <= '9') ||
                                    (buf[i - 1] >= 'a' && buf[i - 1] <= 'z') ||
                                    (buf[i - 1] >= 'A' && buf[i - 1] <= 'Z')));
            assert_true(d.y >= 1800 && d.y <= 2199 && d.m >= 0 && d.m <= 12 && d.d >= 0);
            if (d.m && d.d) {
                pct_date back = pct_date__from_days(pct_date__days(&d));
                assert_true(back.y == d.y && back.m == d.m && back.d == d.d);
            }
            dates++;
        }
        t_dates += now_sec() - t0;
        for (i = 0; (i = pct_scan__next_duration(buf, n, i, &du, &len)) < n; i += len) {
            assert_true(len > 0 && i + len <= n && du.count > 0 && du.unit != PCT_UNIT_NONE);
            durs++;
        }
        for (i = 0; (i = pct_scan__next_money(buf, n, i, &m, &len)) < n; i += len) {
            assert_true(len > 0 && i + len <= n && m.amount >= 0 && strlen(m.currency) == 3);
            money_n++;
        }
        for (i = 0; (i = pct_scan__next_identifier(buf, n, i, &off, &idl, &len)) < n;
             i += len) {
            assert_true(len > 0 && off >= i && off + idl <= i + len && i + len <= n);
            ids++;
        }
        for (i = 0; (i = pct_scan__next_secref(buf, n, i, num, sizeof num, &kind, &len)) < n;
             i += len) {
            assert_true(len > 0 && i + len <= n && num[0] && kind != PCT_REF_NONE);
            refs++;
        }
        bytes += n;
        files++;
        free(buf);
    }
    closedir(dp);
    print_message("cuad: %zu files, %.1f MB: %zu dates (%.0f MB/s), %zu durations, %zu amounts, "
                  "%zu identifiers, %zu references\n",
                  files, bytes / 1e6, dates, t_dates > 0 ? bytes / 1e6 / t_dates : 0.0, durs,
                  money_n, ids, refs);
    assert_true(files > 0);
    assert_true(dates > files); /* contracts are dated: most have several dates */
    assert_true(durs > files);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(date_forms),   cmocka_unit_test(date_numeric_order),
        cmocka_unit_test(date_rejects), cmocka_unit_test(date_next),
        cmocka_unit_test(calendar),     cmocka_unit_test(numbers),
        cmocka_unit_test(durations),    cmocka_unit_test(duration_rejects),
        cmocka_unit_test(periodic),
        cmocka_unit_test(money),        cmocka_unit_test(percent),
        cmocka_unit_test(identifiers),  cmocka_unit_test(secrefs),
        cmocka_unit_test(bounds),       cmocka_unit_test(token_soup),
        cmocka_unit_test(pathological),
        cmocka_unit_test(spec_files),   cmocka_unit_test(cuad_invariants),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
