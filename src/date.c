/*
 * date.c - calendar arithmetic on pct_date: ISO formatting, day numbers and
 * adding months and days (for "five (5) years after the Effective Date").
 *
 * Approach: proleptic Gregorian day numbers relative to 1970-01-01 with the
 * era-based conversion of H. Hinnant's "chrono-Compatible Low-Level Date
 * Algorithms" (no loops, no tables, exact for any year in range).
 * Invariants: an unknown day (d == 0) counts as the 1st of the month and an
 * unknown month (m == 0) as January, so days() is defined for every date the
 * scanner returns; flags are carried through add() unchanged.
 */
#include "scan.h"

static int is_leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(long y, int m)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : mdays[m - 1];
}

static char *put_digits(char *p, int v, int width)
{
    for (int i = width - 1; i >= 0; i--, v /= 10)
        p[i] = (char)('0' + v % 10);
    return p + width;
}

void pct_date__iso(const pct_date *d, char buf[11])
{
    int y = d->y < 0 ? 0 : d->y > 9999 ? 9999 : d->y;
    char *p = put_digits(buf, y, 4);
    if (d->m >= 1 && d->m <= 12) {
        *p++ = '-';
        p = put_digits(p, d->m, 2);
        if (d->d >= 1 && d->d <= 31) {
            *p++ = '-';
            p = put_digits(p, d->d, 2);
        }
    }
    *p = '\0';
}

long pct_date__days(const pct_date *d)
{
    long y = d->y;
    long m = d->m >= 1 && d->m <= 12 ? d->m : 1;
    long day = d->d >= 1 ? d->d : 1;
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;                                   /* [0, 399] */
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1; /* [0, 365] */
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

pct_date pct_date__from_days(long days)
{
    pct_date r = {0, 0, 0, 0};
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    r.y = (int)(yoe + era * 400 + (r.m <= 2));
    return r;
}

pct_date pct_date__add(const pct_date *d, int months, int days)
{
    pct_date r = *d;
    long m0 = (d->m >= 1 && d->m <= 12 ? d->m : 1) - 1 + (long)months;
    long y = d->y + (m0 >= 0 ? m0 / 12 : -((11 - m0) / 12));
    int m = (int)(m0 - (y - d->y) * 12) + 1;
    r.y = (int)y;
    r.m = m;
    if (d->d >= 1) {
        int dim = month_days(y, m);
        r.d = d->d > dim ? dim : d->d;
    }
    if (days) {
        unsigned flags = r.flags; /* a month-only date counts from its 1st */
        r = pct_date__from_days(pct_date__days(&r) + days);
        r.flags = flags;
    }
    return r;
}
