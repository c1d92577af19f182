/*
 * extract_terms.c - defined terms: "X" means ..., "X" shall mean ..., "X"
 * has the meaning ..., (the "X"), (hereinafter "X"), hereinafter referred
 * to as "X", with straight or curly quotes, each with the span of the
 * sentence or clause that defines it.
 *
 * Approach: one pass over the document's flat text (extract.h) visiting
 * every opening quote (memchr finds the bytes that can open one). A quoted
 * phrase is a term when it is short, starts with a capital or digit, and
 * either is followed by a defining verb ("means", "shall have the
 * meaning") or sits in a parenthesis / after "hereinafter" or "referred to
 * as". The definition of a "means" term runs to the end of its sentence; a
 * parenthetical one covers its sentence up to the closing parenthesis.
 *
 * Invariants: linear (each quote looks at most TERM_MAX bytes ahead, and
 * DEF_MAX / BACK_MAX bytes for the definition); the first definition of a
 * term wins; at most TERMS_MAX terms per document.
 */
#include "extract.h"

#include <string.h>

#define TERM_MAX 90      /* bytes of a defined term between its quotes */
#define TERM_WORDS_MAX 10 /* words of a defined term */
#define DEF_MAX 2000     /* bytes of a "means" definition */
#define BACK_MAX 600     /* bytes searched back for the start of a defining sentence */
#define TERMS_MAX 4000   /* terms kept per document */

static int open_quote(const char *f, size_t i, size_t n)
{
    unsigned char c = (unsigned char)f[i];
    if (c == '"')
        return 1;
    if (c == 0xE2 && i + 2 < n && (unsigned char)f[i + 1] == 0x80 &&
        (unsigned char)f[i + 2] == 0x9C)
        return 3;
    return 0;
}

static int close_quote(const char *f, size_t i, size_t n)
{
    unsigned char c = (unsigned char)f[i];
    if (c == '"')
        return 1;
    if (c == 0xE2 && i + 2 < n && (unsigned char)f[i + 1] == 0x80 &&
        ((unsigned char)f[i + 2] == 0x9D || (unsigned char)f[i + 2] == 0x9C))
        return 3;
    return 0;
}

/* The defining verbs, with their lengths (a strlen each per quote cost more
 * than the rest of the pass). */
#define VERB(s) {s, sizeof s - 1}
static const struct {
    const char *s;
    size_t len;
} VERBS[] = {VERB("means"), VERB("mean"), VERB("shall mean"), VERB("will mean"),
             VERB("shall have the meaning"), VERB("has the meaning"),
             VERB("have the meaning"), VERB("shall have the meanings"),
             VERB("has the meanings"), VERB("refers to"), VERB("shall refer to"),
             VERB("is defined"), VERB("shall be defined"), VERB("are defined"),
             VERB("includes"), VERB("shall include"), VERB("is used"), VERB("or "),
             VERB("and ")};
#undef VERB

/* The next byte at or after `from` that may open a quote (a '"' or the lead
 * byte 0xE2 of a curly one), n when none. q->dq and q->e2 hold the next of
 * each, found by memchr, so the pass visits quotes instead of every byte. */
typedef struct qnext {
    size_t dq, e2; /* next '"' and next 0xE2 at or after the last `from` */
} qnext;

static size_t next_quote_byte(const char *f, size_t n, size_t from, qnext *q)
{
    if (from >= n)
        return n;
    if (q->dq < from) {
        const char *p = memchr(f + from, '"', n - from);
        q->dq = p ? (size_t)(p - f) : n;
    }
    if (q->e2 < from) {
        const char *p = memchr(f + from, 0xE2, n - from);
        q->e2 = p ? (size_t)(p - f) : n;
    }
    return q->dq < q->e2 ? q->dq : q->e2;
}

/* The end of the sentence that starts at or before i: a period, followed by
 * a space and a capital, digit, quote or '(' , not after an abbreviation. */
static size_t sentence_end(const char *f, size_t i, size_t n)
{
    size_t lim = i + DEF_MAX < n ? i + DEF_MAX : n;
    for (size_t k = i; k < lim; k++) {
        if (f[k] != '.' && f[k] != ';')
            continue;
        if (k + 2 >= n)
            return n;
        if (f[k + 1] != ' ')
            continue;
        unsigned char c = (unsigned char)f[k + 2];
        if (!(pct__is_upper(c) || pct__is_digit(c) || c == '"' || c == '(' || c == 0xE2))
            continue;
        /* a section number ("1.2 ", "(b)") starts the next provision */
        if (pct__is_digit(c) || c == '(') {
            size_t z = k + 2;
            while (z < n && (pct__is_digit((unsigned char)f[z]) || f[z] == '.' || f[z] == '(' ||
                             f[z] == ')' || pct__is_lower((unsigned char)f[z])) && z < k + 10)
                z++;
            if (z < n && f[z] == ' ' && (f[z - 1] == '.' || f[z - 1] == ')' ||
                                         pct__is_digit((unsigned char)f[z - 1])))
                return k + 1;
        }
        /* abbreviations: a short word before the period */
        size_t w = k;
        while (w > i && f[w - 1] != ' ')
            w--;
        size_t wl = k - w;
        if (f[k] == '.' && (wl <= 2 || pct__prefix_ci(f + w, wl, "inc") ||
                            pct__prefix_ci(f + w, wl, "corp") || pct__prefix_ci(f + w, wl, "ltd") ||
                            pct__prefix_ci(f + w, wl, "no") || memchr(f + w, '.', wl)))
            continue;
        return k + 1;
    }
    return lim;
}

/* The start of the sentence holding i. */
static size_t sentence_start(const char *f, size_t lo, size_t i)
{
    size_t lim = i > lo + BACK_MAX ? i - BACK_MAX : lo;
    for (size_t k = i; k > lim; k--) {
        char c = f[k - 1];
        if ((c == '.' || c == ';' || c == ':') && k < i && f[k] == ' ') {
            size_t w = k - 1;
            while (w > lim && f[w - 1] != ' ')
                w--;
            if (c == '.' && (k - 1 - w <= 2 || pct__prefix_ci(f + w, k - 1 - w, "inc") ||
                             pct__prefix_ci(f + w, k - 1 - w, "no")))
                continue;
            return k + 1;
        }
    }
    return lim;
}

int pct_extract__terms(pct_xdoc *x)
{
    const char *f = x->flat;
    size_t n = x->flat_len;
    pct_defterm *terms = NULL;
    size_t nt = 0, cap = 0;
    int error = 0;
    qnext qn = {0, 0}; /* (offset 0 is looked at like any byte, then memchr takes over) */
    for (size_t i = next_quote_byte(f, n, 0, &qn); i < n && nt < TERMS_MAX;
         i = next_quote_byte(f, n, i + 1, &qn)) {
        int q = open_quote(f, i, n);
        if (!q)
            continue;
        if (i > 0 && f[i - 1] != ' ' && f[i - 1] != '(' && f[i - 1] != '[')
            continue; /* a closing quote or an inch mark */
        size_t a = i + (size_t)q, b = a;
        size_t lim = a + TERM_MAX < n ? a + TERM_MAX : n;
        int words = 1;
        while (b < lim && !close_quote(f, b, n)) {
            words += f[b] == ' ';
            b++;
        }
        if (b >= lim || b == a || words > TERM_WORDS_MAX) {
            i = b > i ? b - 1 : i;
            continue;
        }
        size_t after = b + (size_t)close_quote(f, b, n);
        unsigned char c0 = (unsigned char)f[a];
        if (!(pct__is_upper(c0) || pct__is_digit(c0) || c0 >= 0xC0) || f[b - 1] == ' ') {
            i = after - 1;
            continue;
        }
        /* term end without a trailing comma/period inside the quotes */
        size_t te = b;
        while (te > a && (f[te - 1] == ',' || f[te - 1] == '.'))
            te--;
        /* cue after: skip ')' ',' ':' and spaces */
        size_t k = after;
        while (k < n && (f[k] == ')' || f[k] == ',' || f[k] == ' ' || f[k] == ':'))
            k++;
        int means = 0;
        for (size_t vi = 0; vi < sizeof VERBS / sizeof *VERBS; vi++) {
            const char *v = VERBS[vi].s;
            size_t m = VERBS[vi].len;
            /* (the verbs are lower case: the first byte decides most) */
            if (k + m <= n && pct__lower((unsigned char)f[k]) == (unsigned char)v[0] &&
                pct__prefix_ci(f + k, n - k, v) &&
                (k + m == n || f[k + m - 1] == ' ' || f[k + m] == ' ' || f[k + m] == ',')) {
                if (*v == 'o' || *v == 'a') {
                    /* "X" or "Y" means ...: a following quoted alternative */
                    size_t z = k + m;
                    if (z < n && open_quote(f, z, n))
                        means = 2;
                } else {
                    means = 1;
                }
                break;
            }
        }
        /* cue before: inside a parenthesis opened nearby, or after "hereinafter" */
        int paren = 0;
        size_t pstart = 0;
        if (!means) {
            size_t lb = i > 80 ? i - 80 : 0;
            for (size_t z = i; z > lb; z--) {
                char c = f[z - 1];
                if (c == ')' || c == '.' || c == ';')
                    break;
                if (c == '(') {
                    paren = 1;
                    pstart = z - 1;
                    break;
                }
            }
            if (!paren) {
                size_t lb2 = i > 40 ? i - 40 : 0;
                if (pct__find_ci(f + lb2, i - lb2, "hereinafter") >= 0 ||
                    pct__find_ci(f + lb2, i - lb2, "referred to as") >= 0 ||
                    pct__find_ci(f + lb2, i - lb2, "called") >= 0 ||
                    pct__find_ci(f + lb2, i - lb2, "defined as") >= 0)
                    paren = 2;
            } else {
                /* the words between '(' and the quote must be lowercase cues,
                 * apart from terms quoted before ("each a "Party" and the ...") */
                int inq = 0;
                for (size_t z = pstart + 1; z < i; z++) {
                    if (open_quote(f, z, n) || close_quote(f, z, n)) {
                        inq = !inq;
                        if ((unsigned char)f[z] == 0xE2)
                            z += 2;
                        continue;
                    }
                    if (!inq &&
                        (pct__is_upper((unsigned char)f[z]) || pct__is_digit((unsigned char)f[z])))
                        paren = 0;
                }
            }
        }
        if (!means && !paren) {
            i = after - 1;
            continue;
        }
        /* duplicate terms keep their first definition */
        int dup = 0;
        for (size_t z = 0; z < nt && !dup; z++)
            dup = (te == a || terms[z].term.text[0] == f[a]) && /* (cheap first) */
                  strlen(terms[z].term.text) == te - a &&
                  !memcmp(terms[z].term.text, f + a, te - a);
        if (!dup) {
            size_t ds, de;
            const char *rule;
            if (means) {
                ds = i;
                de = sentence_end(f, after, n);
                rule = "term.quoted.means";
            } else {
                ds = sentence_start(f, 0, paren == 1 ? pstart : i);
                de = after;
                if (paren == 1) {
                    size_t z = after;
                    size_t zl = after + 120 < n ? after + 120 : n;
                    while (z < zl && f[z] != ')')
                        z++;
                    de = z < zl ? z + 1 : after;
                }
                rule = paren == 1 ? "term.paren.quoted" : "term.hereinafter.quoted";
            }
            pct_defterm *d = pct_xdoc__push(x, (void **)&terms, &cap, nt, sizeof *d);
            if (!d) {
                error = pct__err(x->ctx, PCT_ENOMEM, "out of memory");
                goto done;
            }
            nt++;
            if ((error = pct_xdoc__mention(x, &d->term, a, te, rule)) < 0)
                goto done;
            d->definition = pct_xdoc__fspan(x, ds, de);
        }
        i = after - 1;
    }
    x->out->terms = terms;
    x->out->nterms = nt;
done:
    return error;
}
