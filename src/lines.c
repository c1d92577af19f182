/*
 * lines.c - logical lines and their layout features.
 *
 * One pass splits the text at LF, CRLF, CR and form feed. Each line gets its
 * content bounds, indent, capital share and a flag for column gaps. Layout
 * artefacts of EDGAR filings are classified here, line by line, so that the
 * tree can set them aside without losing them: <PAGE> markers, lone page
 * numbers, "Source: ..." running footers, rules of dashes or underscores,
 * filing labels ("EXHIBIT 10.5") and confidential-treatment legends.
 *
 * Flattened text: PDF conversion sometimes loses the line breaks, leaving a
 * whole page on one line. A physical line longer than FLAT_MIN bytes is
 * recovered into logical lines by splitting before structural cues: a run of
 * FLAT_GAP or more spaces followed by a capital, digit, quote or bracket;
 * the signature keywords By:/Name:/Title:/Date:; WHEREAS, NOW, THEREFORE,
 * IN WITNESS WHEREOF, RECITALS; and a section number after a sentence end.
 * The split only moves line bounds; the text is never rewritten.
 *
 * Invariants: lines are in order, disjoint, inside the text; every byte that
 * is not a line terminator belongs to exactly one line.
 */
#include "internal.h"

#include <string.h>

#define FLAT_MIN 400 /* bytes: shorter physical lines are never split */
#define FLAT_GAP 4   /* spaces: a run this long inside a long line is a lost break */
#define PAGE_NUM_MAX 4 /* digits of a lone page number */

/* ----------------------------------------------------------- features */

static int all_rule(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '-' || c == '_' || c == '=' || c == '*')
            k++;
        else if (c != ' ' && c != '\t')
            return 0;
    }
    return k >= 3;
}

/* "3", "- 3 -", "-3-", "Page 3", "Page 3 of 9", "A-1", "ii" alone on a line. */
static int is_page_number(const char *s, size_t n)
{
    size_t i = 0;
    if (pct__prefix_ci(s, n, "page ")) {
        i = 5;
        size_t d = 0;
        while (i < n && pct__is_digit((unsigned char)s[i]))
            i++, d++;
        if (!d)
            return 0;
        if (i == n)
            return 1;
        if (i + 4 < n && pct__prefix_ci(s + i, n - i, " of ")) {
            i += 4;
            d = 0;
            while (i < n && pct__is_digit((unsigned char)s[i]))
                i++, d++;
            return d && i == n;
        }
        return 0;
    }
    while (i < n && (s[i] == '-' || s[i] == ' '))
        i++;
    size_t d0 = i;
    /* exhibit page numbers: A-1, B-12 */
    if (i + 2 < n && pct__is_upper((unsigned char)s[i]) && s[i + 1] == '-' &&
        pct__is_digit((unsigned char)s[i + 2]))
        i += 2, d0 = i;
    while (i < n && pct__is_digit((unsigned char)s[i]))
        i++;
    size_t digits = i - d0;
    if (digits == 0) {
        /* lower-case roman page numbers of front matter */
        while (i < n && (s[i] == 'i' || s[i] == 'v' || s[i] == 'x'))
            i++;
        digits = i - d0;
        if (digits == 0 || digits > 4)
            return 0;
    } else if (digits > PAGE_NUM_MAX) {
        return 0;
    }
    while (i < n && (s[i] == '-' || s[i] == ' '))
        i++;
    return i == n;
}

/* "EXHIBIT 10.5", "Exhibit 99.1", "EX-10.31": a filing label (a number with a dot or >= 10). */
static int is_exhibit_label(const char *s, size_t n)
{
    size_t i;
    if (pct__prefix_ci(s, n, "exhibit "))
        i = 8;
    else if (pct__prefix_ci(s, n, "ex-"))
        i = 3;
    else
        return 0;
    while (i < n && s[i] == ' ')
        i++;
    size_t d0 = i;
    while (i < n && pct__is_digit((unsigned char)s[i]))
        i++;
    if (i == d0)
        return 0;
    int big = (i - d0) >= 2;
    int dot = 0;
    if (i < n && s[i] == '.') {
        dot = 1;
        i++;
        while (i < n && (pct__is_alpha((unsigned char)s[i]) || pct__is_digit((unsigned char)s[i]) ||
                         s[i] == '.'))
            i++;
    }
    while (i < n && (pct__is_upper((unsigned char)s[i]) || s[i] == ' ' || s[i] == '(' ||
                     s[i] == ')'))
        i++;
    return i == n && (dot || big);
}

static int is_legend(const char *s, size_t n)
{
    return pct__find_ci(s, n, "confidential treatment") >= 0 ||
           pct__find_ci(s, n, "has been omitted") >= 0 ||
           pct__find_ci(s, n, "have been omitted") >= 0 ||
           pct__find_ci(s, n, "filed separately with the") >= 0 ||
           pct__find_ci(s, n, "been redacted") >= 0;
}

static pct_artifact_kind classify(const char *s, size_t n)
{
    if (n == 0)
        return PCT_ARTIFACT_NONE;
    if ((n == 6 || n == 7) && pct__prefix_ci(s, n, "<page>"))
        return PCT_ARTIFACT_PAGE_MARK;
    if (all_rule(s, n))
        return PCT_ARTIFACT_RULE;
    if (n <= 16 && is_page_number(s, n))
        return PCT_ARTIFACT_PAGE_NUMBER;
    if (n < 200 && pct__prefix_ci(s, n, "source:"))
        return PCT_ARTIFACT_RUNNING;
    if (n <= 48 && is_exhibit_label(s, n))
        return PCT_ARTIFACT_EXHIBIT_LABEL;
    if (n < 400 && is_legend(s, n))
        return PCT_ARTIFACT_LEGEND;
    return PCT_ARTIFACT_NONE;
}

static void measure(pct_line *l, const char *text)
{
    const char *s = text;
    size_t i = l->start;
    uint32_t col = 0;
    while (i < l->end && (s[i] == ' ' || s[i] == '\t')) {
        col = s[i] == '\t' ? (col + 8) & ~7u : col + 1;
        i++;
    }
    l->indent = col;
    l->cstart = i;
    size_t e = l->end;
    while (e > i && pct__is_space((unsigned char)s[e - 1]))
        e--;
    l->cend = e;
    l->flags &= PCT_LINE_FLATTENED | PCT_LINE_PAGE_BREAK;
    if (l->cstart >= l->cend) {
        l->flags |= PCT_LINE_BLANK;
        l->cstart = l->cend = l->end;
        return;
    }
    uint32_t letters = 0, upper = 0, run = 0;
    int gap = 0;
    for (size_t k = l->cstart; k < l->cend; k++) {
        unsigned char c = (unsigned char)s[k];
        if (c == ' ') {
            if (++run == 4)
                gap = 1;
            continue;
        }
        run = 0;
        if (pct__is_alpha(c)) {
            letters++;
            upper += pct__is_upper(c);
        }
    }
    l->letters = letters;
    l->upper = upper;
    if (gap)
        l->flags |= PCT_LINE_GAP;
    if (letters >= 3 && upper * 5 >= letters * 4)
        l->flags |= PCT_LINE_CAPS;
    pct_artifact_kind k = classify(s + l->cstart, l->cend - l->cstart);
    if (k) {
        l->flags |= PCT_LINE_ARTIFACT;
        l->artifact = (uint8_t)k;
    }
}

/* ----------------------------------------------------- flattened lines */

static const char *const split_words[] = {
    "By:", "Name:", "Title:", "Date:", "Its:", "WHEREAS", "NOW, THEREFORE", "NOW THEREFORE",
    "IN WITNESS WHEREOF", "RECITALS", "W I T N E S S E T H", "WITNESSETH", NULL};

/* Is a section number ("1.", "12.3", "(a)", "ARTICLE", "Section 2") at p? */
static int number_at(const char *s, size_t n)
{
    size_t i = 0;
    if (pct__prefix_ci(s, n, "article ") || pct__prefix_ci(s, n, "section "))
        return pct__is_upper((unsigned char)s[0]) && n > 8 &&
               (pct__is_digit((unsigned char)s[8]) || pct__is_upper((unsigned char)s[8]));
    while (i < n && i < 3 && pct__is_digit((unsigned char)s[i]))
        i++;
    if (i == 0 || i >= n)
        return 0;
    while (i + 1 < n && s[i] == '.' && pct__is_digit((unsigned char)s[i + 1])) {
        i++;
        while (i < n && pct__is_digit((unsigned char)s[i]))
            i++;
    }
    if (i < n && s[i] == '.')
        i++;
    return i + 1 < n && s[i] == ' ' && pct__is_upper((unsigned char)s[i + 1]);
}

/* Decides whether a logical line may start at s[i] inside a long line.
 * `gap` is the number of spaces before i. */
static int split_here(const char *s, size_t i, size_t end, size_t gap)
{
    unsigned char c = (unsigned char)s[i];
    size_t n = end - i;
    if (gap >= FLAT_GAP && (pct__is_upper(c) || pct__is_digit(c) || c == '"' || c == '(' ||
                            c == '[' || c == '/' || c == 0xe2 /* curly quote */))
        return 1;
    if (gap == 0)
        return 0;
    for (int k = 0; split_words[k]; k++)
        if (pct__prefix_ci(s + i, n, split_words[k]) && pct__is_upper(c)) {
            /* "By:" etc. must be written with a capital and be followed by a
             * space, a mark or the end; "Date:" in running text rarely appears. */
            return 1;
        }
    if (i >= 2 && (s[i - 2] == '.' || s[i - 2] == ':' || s[i - 2] == ';' || s[i - 2] == '"'))
        return number_at(s + i, n);
    return 0;
}

static int push_line(pct_vec *v, size_t start, size_t end, uint16_t flags, const char *text)
{
    pct_line *l = pct_vec__push(v);
    if (!l)
        return PCT_ENOMEM;
    l->start = start;
    l->end = end;
    l->flags = flags;
    measure(l, text);
    return 0;
}

static int split_flat(pct_vec *v, const char *s, size_t start, size_t end, uint16_t flags)
{
    size_t ls = start, i = start, gap = 0;
    int split = 0;
    while (i < end) {
        if (s[i] == ' ' || s[i] == '\t') {
            gap++;
            i++;
            continue;
        }
        if (i > ls + gap && split_here(s, i, end, gap)) {
            size_t le = i - gap;
            if (push_line(v, ls, le, flags | PCT_LINE_FLATTENED, s) < 0)
                return PCT_ENOMEM;
            split = 1;
            ls = le;
        }
        gap = 0;
        i++;
    }
    return push_line(v, ls, end, flags | (split ? PCT_LINE_FLATTENED : 0), s);
}

int pct_lines__build(pct_lines *out, pct_ctx *ctx, pct_arena *a, const char *text, size_t len)
{
    pct_vec v;
    pct_vec__init(&v, ctx, sizeof(pct_line));
    size_t i = 0, start = 0;
    uint16_t flags = 0;
    int err = 0;
    while (i <= len) {
        int eol = i == len || text[i] == '\n' || text[i] == '\r' || text[i] == '\f';
        if (!eol) {
            i++;
            continue;
        }
        if (i - start > FLAT_MIN)
            err = split_flat(&v, text, start, i, flags);
        else
            err = push_line(&v, start, i, flags, text);
        if (err < 0)
            goto done;
        flags = 0;
        if (i == len)
            break;
        if (text[i] == '\f')
            flags = PCT_LINE_PAGE_BREAK;
        if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
            i++;
        i++;
        start = i;
    }
    out->n = v.len;
    out->v = pct_arena__alloc(a, (v.len ? v.len : 1) * sizeof(pct_line));
    if (!out->v) {
        err = PCT_ENOMEM;
        goto done;
    }
    if (v.len)
        memcpy(out->v, v.data, v.len * sizeof(pct_line));
done:
    pct_vec__free(&v);
    return err < 0 ? pct__err(ctx, PCT_ENOMEM, "out of memory") : 0;
}
