/*
 * scan_money.re - amounts of money and percentages.
 *
 * Money: a currency sign or code before the amount ("$7,000,000",
 * "US$ 5 million", "USD 1,000.00", "EUR 250,000", "€10", "£3.5 million",
 * "$5M", "HK$ 20"), or a currency code or word after it ("1,000 USD",
 * "Ten Thousand Dollars", "5 million euros"). The amount is scaled by
 * "thousand"/"million"/"billion" or an attached "K"/"M"/"MM"/"B".
 * Percentages: "15%", "15 %", "15 percent", "2.5 per cent", "fifteen percent
 * (15%)", "fifteen (15) percent", "fifteen percent".
 *
 * Approach: re2c DFAs read the currency and the multiplier around an amount
 * that pct_scan__number_at reads (digits or words); tags mark where the
 * amount starts. ISO codes must be in capitals (so "eur" inside a word or
 * "cad" do not count); words are case-insensitive.
 *
 * Invariants: never reads s[n] or beyond (see scan_api.h); allocates nothing;
 * next_money tries only positions that can open an amount and skips the rest
 * of a failed word, so it is linear.
 */
#include "scan.h"
#include "scan_api.h"

#include <string.h>

/*!re2c
    re2c:api = custom;
    re2c:api:style = functions;
    re2c:yyfill:enable = 0;
    re2c:tags = 1;

    sp   = [ \t] | "\u00a0";
    w    = sp | "\r"? "\n";
    ws   = w+;
    ows  = w*;
    amt  = [0-9]{1,3} ("," [0-9]{3})+ ("." [0-9]+)? | [0-9]+ ("." [0-9]+)?;
*/

static void set_cur(pct_money *out, const char *code)
{
    memcpy(out->currency, code, 3);
    out->currency[3] = '\0';
}

/* A multiplier at s[0]: " million" (spaces first) or an attached "M"/"MM"/"K"/"B".
 * Returns bytes and sets *mult (1 when none). */
static size_t mult_at(const unsigned char *s, size_t n, double *mult)
{
    size_t cur = 0, mar = 0, ctx = 0;
    double m = 1;
    (void)ctx;
    /*!re2c
        ws 'thousand'          { m = 1e3; goto done; }
        ws 'million'           { m = 1e6; goto done; }
        ws 'billion'           { m = 1e9; goto done; }
        ws 'trillion'          { m = 1e12; goto done; }
        "K" | "k"              { m = 1e3; goto done; }
        "M" | "MM" | "m" | "mm" | "MN" | "mn" { m = 1e6; goto done; }
        "B" | "BN" | "bn"      { m = 1e9; goto done; }
        *                      { return 0; }
    */
done:
    if (!scan_word_end(s, n, cur))
        return 0;
    *mult = m;
    return cur;
}

/* A currency sign or code at s[0] followed by the start of an amount. Returns
 * the offset of the amount (spaces skipped) and sets code, or 0. */
static size_t prefix_at(const unsigned char *s, size_t n, const char **code)
{
    size_t cur = 0, mar = 0, ctx = 0;
    const char *c = NULL;
    (void)ctx;
    /*!re2c
        cp = ows;
        ("$" | "US$" | "U.S.$" | "US $" | "U.S. $" | "USD" | "US" ws "$") cp { c = "USD"; goto done; }
        ("\u20ac" | "EUR" | "EURO" | "Euro") cp                      { c = "EUR"; goto done; }
        ("\u00a3" | "GBP" | "Stg" | "STG" "\u00a3"?) cp                   { c = "GBP"; goto done; }
        ("\u00a5" | "JPY") cp                                        { c = "JPY"; goto done; }
        ("RMB" | "CNY" | "RMB\u00a5") cp                             { c = "CNY"; goto done; }
        ("C$" | "CAD" | "CDN$" | "Cdn$" | "CAD$" | "Cdn. $") cp { c = "CAD"; goto done; }
        ("A$" | "AUD" | "AU$" | "AUD$") cp                      { c = "AUD"; goto done; }
        ("HK$" | "HKD") cp                                      { c = "HKD"; goto done; }
        ("S$" | "SGD") cp                                       { c = "SGD"; goto done; }
        ("NZ$" | "NZD") cp                                      { c = "NZD"; goto done; }
        ("NT$" | "TWD") cp                                      { c = "TWD"; goto done; }
        ("R$" | "BRL") cp                                       { c = "BRL"; goto done; }
        ("\u20b9" | "INR" | "Rs." | "Rs") cp                         { c = "INR"; goto done; }
        ("CHF" | "SFr.") cp                                    { c = "CHF"; goto done; }
        ("\u20a9" | "KRW") cp                                        { c = "KRW"; goto done; }
        ("Mex$" | "MXN") cp                                     { c = "MXN"; goto done; }
        "SEK" cp { c = "SEK"; goto done; }
        "NOK" cp { c = "NOK"; goto done; }
        "DKK" cp { c = "DKK"; goto done; }
        "ZAR" cp { c = "ZAR"; goto done; }
        "ILS" cp { c = "ILS"; goto done; }
        "RUB" cp { c = "RUB"; goto done; }
        *        { return 0; }
    */
done:
    if (cur >= n || !scan_is_digit(s[cur]))
        return 0;
    *code = c;
    return cur;
}

/* A currency after an amount (spaces first): " USD", " dollars", " U.S. Dollars". */
static size_t suffix_at(const unsigned char *s, size_t n, const char **code)
{
    size_t cur = 0, mar = 0, ctx = 0;
    const char *c = NULL;
    (void)ctx;
    /*!re2c
        ows ("USD" | "US$")                                         { c = "USD"; goto done; }
        ws ('u.s.' | 'us' | 'united states')? ows 'dollar' 's'?     { c = "USD"; goto done; }
        ows "EUR" | ws 'euro' 's'?                                  { c = "EUR"; goto done; }
        ows "GBP" | ws 'pounds sterling' | ws 'british pounds'      { c = "GBP"; goto done; }
        ows "JPY" | ws ('japanese' ws)? 'yen'                       { c = "JPY"; goto done; }
        ows ("RMB" | "CNY") | ws ('chinese' ws)? ('yuan' | 'renminbi') { c = "CNY"; goto done; }
        ows "CAD" | ws 'canadian' ws 'dollar' 's'?                  { c = "CAD"; goto done; }
        ows "AUD" | ws 'australian' ws 'dollar' 's'?                { c = "AUD"; goto done; }
        ows "HKD" | ws 'hong kong' ws 'dollar' 's'?                 { c = "HKD"; goto done; }
        ows "CHF" | ws 'swiss' ws 'franc' 's'?                      { c = "CHF"; goto done; }
        ows "INR" | ws ('indian' ws)? 'rupee' 's'?                  { c = "INR"; goto done; }
        *                                                           { return 0; }
    */
done:
    if (!scan_word_end(s, n, cur))
        return 0;
    *code = c;
    return cur;
}

size_t pct_scan__money_at(const char *text, size_t n, pct_money *out)
{
    const unsigned char *s = (const unsigned char *)text;
    const char *code = NULL;
    double v = 0, mult = 1;
    size_t i, len;
    if (n == 0)
        return 0;
    if ((i = prefix_at(s, n, &code)) > 0) {
        if (!(len = pct_scan__amount_at(text + i, n - i, &v)))
            return 0;
        i += len;
        i += mult_at(s + i, n - i, &mult);
        if (i < n && scan_is_alpha(s[i])) { /* "$35,000.00USD": the code repeated */
            const char *again = NULL;
            i += suffix_at(s + i, n - i, &again);
        }
        if (!scan_word_end(s, n, i))
            return 0;
    } else {
        if (!(len = pct_scan__number_at(text, n, &v)))
            return 0;
        i = len;
        i += mult_at(s + i, n - i, &mult);
        if (!(len = suffix_at(s + i, n - i, &code)))
            return 0;
        i += len;
    }
    if (out) {
        out->amount = v * mult;
        set_cur(out, code);
    }
    return i;
}

/* Can money start at s[i]? A currency sign, or a word start (codes, digits,
 * number words). */
static int money_candidate(const unsigned char *s, size_t i)
{
    unsigned char c = s[i];
    if (c == '$' || c == 0xE2 || c == 0xC2) /* $, € ₹ ₩ (E2 ..), £ ¥ (C2 ..) */
        return 1;
    if (!scan_word_start(s, i))
        return 0;
    if (scan_is_digit(c))
        return i == 0 || !(s[i - 1] == '.' || s[i - 1] == ',');
    return scan_is_alpha(c);
}

size_t pct_scan__next_money(const char *text, size_t n, size_t from, pct_money *out,
                            size_t *len_out)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = from;
    while (i < n) {
        if (money_candidate(s, i)) {
            size_t len = pct_scan__money_at(text + i, n - i, out);
            if (len) {
                if (len_out)
                    *len_out = len;
                return i;
            }
        }
        if (scan_is_alnum(s[i]) || s[i] == '_')
            i = scan_skip_word(s, n, i); /* a sign after the word ("US$") is tried next */
        else
            i++;
    }
    if (len_out)
        *len_out = 0;
    return n;
}

/* ---------------------------------------------------------- percentages */

/* The percent sign or word after a number, spaces first. */
static size_t percent_word(const unsigned char *s, size_t n)
{
    size_t cur = 0, mar = 0, ctx = 0;
    (void)ctx;
    /*!re2c
        ows "%" | ows "\uff05"                          { return cur; }
        ws ('percent' | 'per' ws 'cent' | 'per-cent' | 'pct' "."?) {
            return scan_word_end(s, n, cur) ? cur : 0;
        }
        *                                               { return 0; }
    */
}

/* "(15%)" or "(15)" after a number, spaces first. */
static size_t percent_echo(const unsigned char *s, size_t n)
{
    size_t cur = 0, mar = 0, ctx = 0;
    (void)ctx;
    /*!re2c
        ows "(" ows amt ows "%"? ows ")" { return cur; }
        *                                { return 0; }
    */
}

size_t pct_scan__percent_at(const char *text, size_t n, double *out)
{
    const unsigned char *s = (const unsigned char *)text;
    double v = 0;
    size_t i = pct_scan__number_at(text, n, &v), k;
    if (!i)
        return 0;
    i += percent_echo(s + i, n - i);   /* "fifteen (15) percent" */
    if (!(k = percent_word(s + i, n - i)))
        return 0;
    i += k;
    i += percent_echo(s + i, n - i);   /* "fifteen percent (15%)" */
    if (out)
        *out = v;
    return i;
}

size_t pct_scan__next_percent(const char *text, size_t n, size_t from, double *out,
                              size_t *len_out)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = from;
    while (i < n) {
        if (scan_word_start(s, i) && scan_is_alnum(s[i]) &&
            !(scan_is_digit(s[i]) && i > 0 && (s[i - 1] == '.' || s[i - 1] == ','))) {
            size_t len = pct_scan__percent_at(text + i, n - i, out);
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
