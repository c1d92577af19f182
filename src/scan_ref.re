/*
 * scan_ref.re - references to other documents and to parts of a document:
 * agreement identifiers ("Agreement Number LNS970602JC", "Contract No. 4",
 * "Agreement No. ABC-123", "Purchase Order #4411", "Contract ID: 55-A") and
 * section references ("Section 14.2(a)(2)", "Sections 3.1 and 3.2",
 * "Article IV", "Paragraph 5", "clause (b)", "§ 2.3").
 *
 * Approach: re2c DFAs read the keyword and the number word ("No.", "Number",
 * "#", "ID") and tag where the identifier or section number starts; C code
 * reads the identifier (letters, digits and inner - / . _) or normalises the
 * section number (spaces before "(" dropped, a final period dropped).
 * An identifier must hold a digit, which keeps out "No. of", "Number
 * between" and other ordinary words after "No.".
 *
 * Invariants: never reads s[n] or beyond (see scan_api.h); allocates nothing;
 * the next_* searches try only word starts (and "§") and skip the rest of a
 * failed word, so they are linear.
 */
#include "scan.h"
#include "scan_api.h"

#include <string.h>

#define IDENT_MAX 40   /* bytes of an identifier: longer runs are not identifiers */
#define SECREF_PARTS 8 /* parenthesised parts after a number: 14.2(a)(2)(iv)... */

/*!re2c
    re2c:api = custom;
    re2c:api:style = functions;
    re2c:yyfill:enable = 0;
    re2c:tags = 1;

    sp   = [ \t] | "\u00a0";
    w    = sp | "\r"? "\n";
    ws   = w+;
    ows  = w*;
*/

/* ----------------------------------------------------------- identifiers */

static int ident_char(unsigned char c)
{
    return scan_is_alnum(c) || c == '-' || c == '/' || c == '.' || c == '_';
}

/* The identifier at s[i..): returns its length (trailing punctuation
 * dropped) when it holds a digit and ends at a word end, else 0. */
static size_t ident_len(const unsigned char *s, size_t n, size_t i)
{
    size_t j = i;
    int digit = 0;
    if (i >= n || !scan_is_alnum(s[i]))
        return 0;
    while (j < n && ident_char(s[j]) && j - i <= IDENT_MAX) {
        digit |= scan_is_digit(s[j]);
        j++;
    }
    if (j - i > IDENT_MAX)
        return 0;
    while (j > i && !scan_is_alnum(s[j - 1]))
        j--;
    return digit ? j - i : 0;
}

size_t pct_scan__identifier_at(const char *text, size_t n, size_t *id_off, size_t *id_len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t cur = 0, mar = 0, ctx = 0, id, len;
    /*!stags:re2c format = "size_t @@ = SCAN_NOTAG;\n"; */
    (void)ctx;
    /*!re2c
        kw = 'agreement' | 'contract' | 'purchase' ws 'order' | 'order' | 'work' ws 'order'
           | 'change' ws 'order' | 'task' ws 'order' | 'license' | 'licence' | 'lease' | 'loan'
           | 'reference' | 'ref' "."? | 'project' | 'account' | 'amendment' | 'addendum'
           | 'statement' ws 'of' ws 'work' | "SOW" | "PO" | "P.O." | 'invoice' | 'policy'
           | 'proposal' | 'quotation' | 'quote' | 'grant' | 'award' | 'registration'
           | 'supplement' | 'tender' | 'bid' | 'permit';
        numkw = 'number' | 'no' "."? | 'nos' "."? | "#" | "ID" | 'i.d.' | 'ref' "."?;

        kw ws numkw ows ":"? ows @id [A-Za-z0-9] { goto done; }
        kw ows "#" ows @id [A-Za-z0-9]           { goto done; }
        *                                        { return 0; }
    */
done:
    if (!(len = ident_len(s, n, id)))
        return 0;
    if (id_off)
        *id_off = id;
    if (id_len)
        *id_len = len;
    return id + len;
}

size_t pct_scan__next_identifier(const char *text, size_t n, size_t from, size_t *id_off,
                                 size_t *id_len, size_t *len_out)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = from;
    while (i < n) {
        if (scan_word_start(s, i) && scan_is_alpha(s[i])) {
            size_t off, idl, len = pct_scan__identifier_at(text + i, n - i, &off, &idl);
            if (len) {
                if (id_off)
                    *id_off = i + off;
                if (id_len)
                    *id_len = idl;
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

/* ---------------------------------------------------- section references */

/* Appends s[i..i+len) to num (of cap bytes, NUL kept); returns 0 when it does not fit. */
static int put(char *num, size_t cap, size_t *k, const unsigned char *s, size_t len)
{
    if (*k + len + 1 > cap)
        return 0;
    memcpy(num + *k, s, len);
    *k += len;
    num[*k] = '\0';
    return 1;
}

/* The value of a roman numeral written in one case (I..CCCXCIX), or 0 when
 * the letters are not a roman numeral in canonical form ("civil", "IIII"). */
static int roman_value(const unsigned char *s, size_t len)
{
    static const char *const sym[] = {"C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"};
    static const int val[] = {100, 90, 50, 40, 10, 9, 5, 4, 1};
    char canon[24];
    size_t k = 0;
    int v = 0, lower = len && s[0] >= 'a';
    for (size_t i = 0; i < len; i++) {
        int c = lower ? s[i] - 'a' + 'A' : s[i];
        int d = c == 'I' ? 1 : c == 'V' ? 5 : c == 'X' ? 10 : c == 'L' ? 50 : c == 'C' ? 100 : 0;
        int next = 0;
        if (!d || (s[i] >= 'a') != lower)
            return 0;
        if (i + 1 < len) {
            int c2 = lower ? s[i + 1] - 'a' + 'A' : s[i + 1];
            next = c2 == 'I' ? 1 : c2 == 'V' ? 5 : c2 == 'X' ? 10 : c2 == 'L' ? 50
                 : c2 == 'C' ? 100 : 0;
        }
        v += d < next ? -d : d;
    }
    if (v <= 0 || v >= 400 || len >= sizeof canon)
        return 0;
    for (int r = v, j = 0; r > 0;) { /* re-encode and compare: canonical form only */
        if (r >= val[j]) {
            size_t l = strlen(sym[j]);
            if (k + l >= sizeof canon)
                return 0;
            memcpy(canon + k, sym[j], l);
            k += l;
            r -= val[j];
        } else {
            j++;
        }
    }
    if (k != len)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (canon[i] != (lower ? s[i] - 'a' + 'A' : s[i]))
            return 0;
    return v;
}

/* Reads the parenthesised parts "(a)(2)" / " (a)" at s[i..) into num.
 * Returns the offset past the last part. */
static size_t secref_parts(const unsigned char *s, size_t n, size_t i, char *num, size_t cap,
                           size_t *k, int *ok)
{
    for (int p = 0; p < SECREF_PARTS; p++) {
        size_t j = i, body;
        while (j < n && s[j] == ' ' && j - i < 2)
            j++;
        if (j >= n || s[j] != '(')
            break;
        body = ++j;
        while (j < n && scan_is_alnum(s[j]) && j - body < 5)
            j++;
        if (j == body || j >= n || s[j] != ')')
            break;
        *ok &= put(num, cap, k, s + body - 1, j - body + 2);
        i = j + 1;
    }
    return i;
}

/* The section number at s[i..): decimal "14.2", "2.01", "4A", "3a", roman "IV",
 * a single capital "A" (after "Article"/"Exhibit"), or parts only "(b)".
 * Returns the offset past it, or 0. */
static size_t secref_number(const unsigned char *s, size_t n, size_t i, char *num, size_t cap)
{
    size_t j = i, k = 0;
    int ok = 1;
    if (cap)
        num[0] = '\0';
    if (i < n && scan_is_digit(s[i])) {
        for (;;) {
            while (j < n && scan_is_digit(s[j]))
                j++;
            if (j + 1 < n && s[j] == '.' && scan_is_digit(s[j + 1]))
                j++;
            else
                break;
        }
        if (j < n && scan_is_alpha(s[j]) && (j + 1 >= n || !scan_is_alnum(s[j + 1])))
            j++; /* 4A, 3a */
    } else if (i < n && s[i] != '(') {
        while (j < n && scan_is_alpha(s[j]))
            j++;
        if (!(j - i == 1 && s[i] >= 'A' && s[i] <= 'Z') &&
            !roman_value(s + i, j - i))
            return 0;
    }
    if (j > i)
        ok &= put(num, cap, &k, s + i, j - i);
    j = secref_parts(s, n, j, num, cap, &k, &ok);
    if (j == i || !ok || !scan_word_end(s, n, j))
        return 0;
    return j;
}

size_t pct_scan__secref_kind_at(const char *text, size_t n, char *num, size_t cap,
                                pct_refkind *kind)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t cur = 0, mar = 0, ctx = 0, at;
    pct_refkind k = PCT_REF_NONE;
    /*!stags:re2c format = "size_t @@ = SCAN_NOTAG;\n"; */
    (void)ctx;
    /*!re2c
        pl = 's'?;
        ('section' pl | 'sec' 's'? "." | 'subsection' pl) ws @at [0-9A-Za-z(]
            { k = PCT_REF_SECTION; goto done; }
        ("\u00a7" | "\u00a7\u00a7") ows @at [0-9A-Za-z(]
            { k = PCT_REF_SECTION; goto done; }
        ('article' pl | 'art' ".") ws @at [0-9A-Za-z(]
            { k = PCT_REF_ARTICLE; goto done; }
        ('paragraph' pl | 'subparagraph' pl | 'para' 's'? ".") ws @at [0-9A-Za-z(]
            { k = PCT_REF_PARAGRAPH; goto done; }
        ('clause' pl | 'subclause' pl) ws @at [0-9A-Za-z(]
            { k = PCT_REF_CLAUSE; goto done; }
        ('exhibit' pl | 'annex' ('es' | 'e')? | 'appendix' | 'appendices' | 'attachment' pl)
            ws @at [0-9A-Za-z(]
            { k = PCT_REF_EXHIBIT; goto done; }
        'schedule' pl ws @at [0-9A-Za-z(]
            { k = PCT_REF_SCHEDULE; goto done; }
        * { return 0; }
    */
done:
    if (kind)
        *kind = k;
    return secref_number(s, n, at, num, cap);
}

size_t pct_scan__secref_at(const char *text, size_t n, char *num, size_t cap)
{
    pct_refkind kind;
    size_t len = pct_scan__secref_kind_at(text, n, num, cap, &kind);
    if (kind == PCT_REF_EXHIBIT || kind == PCT_REF_SCHEDULE) {
        if (cap)
            num[0] = '\0';
        return 0;
    }
    return len;
}

size_t pct_scan__next_secref(const char *text, size_t n, size_t from, char *num, size_t cap,
                             pct_refkind *kind, size_t *len_out)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = from;
    while (i < n) {
        if ((scan_word_start(s, i) && scan_is_alpha(s[i])) || s[i] == 0xC2) {
            size_t len = pct_scan__secref_kind_at(text + i, n - i, num, cap, kind);
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
