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
#define PAGE_NUM_MAX 3 /* digits of a lone page number: "2005" alone is a year */
#define LABEL_LINE_MAX 80 /* bytes of a line holding a filing label */
#define LEGEND_LEN_MAX 600 /* bytes: longer lines are text, not legends */
#define HEAD_SPLIT_BYTES 1500 /* bytes at the top of a flattened file split into sentences */

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

/* Length of a filing label's identifier at s: "10.5", "99.1", "10d-2",
 * "99(k)(5)", "4(b)(ii).3", "28 (h) (1) (a)". Sets *strong when the id
 * cannot be an attachment's letter or small number (a dot, a bracket, a
 * letter after digits, or two digits). Returns 0 when no id starts at s. */
static size_t label_id(const char *s, size_t n, int *strong)
{
    size_t i = 0;
    *strong = 0;
    /* "10.5", or a bracketed id "(k)(1)", "(8)(k)(k)" */
    int paren = n >= 3 && s[0] == '(' && (pct__is_alpha((unsigned char)s[1]) ||
                                          pct__is_digit((unsigned char)s[1]));
    if (n == 0 || (!pct__is_digit((unsigned char)s[0]) && !paren))
        return 0;
    while (i < n && pct__is_digit((unsigned char)s[i]))
        i++;
    *strong = i >= 2 || paren;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' && i + 1 < n && s[i + 1] == '(') {
            i++; /* "28 (h) (1)" */
            continue;
        }
        if (!(pct__is_digit(c) || pct__is_alpha(c) || c == '.' || c == '(' || c == ')' ||
              c == '-'))
            break;
        if (c == '.' || c == '-') {
            /* a dot or dash continues the id only before a digit or letter */
            if (i + 1 >= n || !(pct__is_digit((unsigned char)s[i + 1]) ||
                                pct__is_alpha((unsigned char)s[i + 1])))
                break;
        }
        if (c != '-')
            *strong |= !pct__is_digit(c);
        i++;
    }
    return i;
}

/* "EXHIBIT 10.5", "Exhibit 99.1", "EX-10.31", "Exhibit 10d-2": a filing
 * label. Returns the label's length, or 0. */
static size_t exhibit_label_len(const char *s, size_t n)
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
    int strong;
    size_t k = label_id(s + i, n - i, &strong);
    if (!k || !strong)
        return 0;
    return i + k;
}

static int is_exhibit_label(const char *s, size_t n)
{
    size_t k = exhibit_label_len(s, n);
    if (!k)
        return 0;
    /* "Exhibit 99 under item 601/REG. S-K", "EX-10.3 (Confidential)" */
    return k == n || pct__find_ci(s + k, n - k, "under form") >= 0 ||
           pct__find_ci(s + k, n - k, "item 601") >= 0 ||
           (n - k < 24 && s[k] == ' ' && s[k + 1] == '(');
}

/* Does s[0..n) contain any of `words` (lower-case, case-insensitive match)?
 * One pass over s: at each byte only the words starting with that letter are
 * tried, so a line costs O(n) whatever the number of words. */
static int has_any_ci(const char *s, size_t n, const char *const *words)
{
    uint32_t firsts = 0; /* bit per first byte class: a-z -> 0..25, others -> 26..31 */
    for (int k = 0; words[k]; k++) {
        unsigned char f = (unsigned char)words[k][0];
        firsts |= 1u << (pct__is_lower(f) ? f - 'a' : 26 + (f & 3));
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = pct__lower((unsigned char)s[i]);
        uint32_t bit = 1u << (pct__is_lower(c) ? c - 'a' : 26 + (c & 3));
        if (!(firsts & bit))
            continue;
        for (int k = 0; words[k]; k++)
            if ((unsigned char)words[k][0] == c && pct__prefix_ci(s + i, n - i, words[k]))
                return 1;
    }
    return 0;
}

/* A cheap prefilter for is_legend: does the line hold one of the 4-byte
 * anchors of its "what" words (omitted, redacted/redaction, excluded,
 * confidential treatment)? One pass with a rolling window of lower-cased
 * bytes; the exact word lists run only on the rare lines that pass. */
static int legend_anchor(const char *s, size_t n)
{
    uint32_t w = 0;
    for (size_t i = 0; i < n; i++) {
        w = (w << 8) | pct__lower((unsigned char)s[i]);
        if (w == 0x6d697474u /* mitt */ || w == 0x64616374u /* dact */ ||
            w == 0x78636c75u /* xclu */ || w == 0x6c207472u /* "l tr" */)
            return 1;
    }
    return 0;
}

/* A confidential-treatment or redaction legend: it says what was left out
 * and where it went. Both halves are required so that a clause about
 * omitted information is not mistaken for one. */
static int is_legend(const char *s, size_t n)
{
    static const char *const what[] = {"confidential treatment", "omitted", "been redacted",
                                       "redactions", "been excluded", "excluded from this",
                                       "excluded information", NULL};
    static const char *const where[] = {"[*", "***", "* *", "asterisk", "brackets",
                                        "securities and exchange", "commission", "rule 24b-2",
                                        "regulation s-k", "item 601", "406 of the",
                                        "competitive harm", "not material", "filed separately",
                                        NULL};
    if (!legend_anchor(s, n))
        return 0;
    return has_any_ci(s, n, what) && has_any_ci(s, n, where);
}

/* Short stamp lines of a filed copy: "EXECUTION COPY", "Confidential",
 * "REDACTED COPY", "[FORM]", "CONFIDENTIAL TREATMENT REQUESTED". */
static int is_stamp(const char *s, size_t n)
{
    static const char *const st[] = {"execution copy", "execution version", "execution draft",
                                     "confidential", "redacted copy", "[form]", "final version",
                                     "confidential treatment requested", "conformed copy",
                                     "*** confidential", "strictly confidential", NULL};
    for (int k = 0; st[k]; k++) {
        size_t m = strlen(st[k]);
        if (n == m && pct__prefix_ci(s, n, st[k]))
            return 1;
    }
    return 0;
}

/* Classifies a line's content. */
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
    if (n <= LABEL_LINE_MAX && is_exhibit_label(s, n))
        return PCT_ARTIFACT_EXHIBIT_LABEL;
    if (n <= 40 && is_stamp(s, n))
        return PCT_ARTIFACT_LEGEND;
    if (n < LEGEND_LEN_MAX && is_legend(s, n))
        return PCT_ARTIFACT_LEGEND;
    return PCT_ARTIFACT_NONE;
}

/* Byte classes: 1 = space, 2 = ASCII letter, 4 = capital, 8 = sentence end. */
#define C_SP 1
#define C_UP 6
#define C_LO 2
#define C_END 8
static const uint8_t byte_class[256] = {
    [' '] = C_SP, ['\t'] = C_SP, ['.'] = C_END, [';'] = C_END, [':'] = C_END,
    ['A'] = C_UP, ['B'] = C_UP, ['C'] = C_UP, ['D'] = C_UP, ['E'] = C_UP, ['F'] = C_UP,
    ['G'] = C_UP, ['H'] = C_UP, ['I'] = C_UP, ['J'] = C_UP, ['K'] = C_UP, ['L'] = C_UP,
    ['M'] = C_UP, ['N'] = C_UP, ['O'] = C_UP, ['P'] = C_UP, ['Q'] = C_UP, ['R'] = C_UP,
    ['S'] = C_UP, ['T'] = C_UP, ['U'] = C_UP, ['V'] = C_UP, ['W'] = C_UP, ['X'] = C_UP,
    ['Y'] = C_UP, ['Z'] = C_UP,
    ['a'] = C_LO, ['b'] = C_LO, ['c'] = C_LO, ['d'] = C_LO, ['e'] = C_LO, ['f'] = C_LO,
    ['g'] = C_LO, ['h'] = C_LO, ['i'] = C_LO, ['j'] = C_LO, ['k'] = C_LO, ['l'] = C_LO,
    ['m'] = C_LO, ['n'] = C_LO, ['o'] = C_LO, ['p'] = C_LO, ['q'] = C_LO, ['r'] = C_LO,
    ['s'] = C_LO, ['t'] = C_LO, ['u'] = C_LO, ['v'] = C_LO, ['w'] = C_LO, ['x'] = C_LO,
    ['y'] = C_LO, ['z'] = C_LO,
};

#define SWAR_ONES 0x0101010101010101ull
#define SWAR_HIGH 0x8080808080808080ull
#define SWAR_LOW7 0x7f7f7f7f7f7f7f7full

/* 0x80 in each byte of the 7-bit value x that lies in [lo, hi]; no carry can
 * cross bytes because every byte of x and of the constants is below 0x80. */
static uint64_t swar_range(uint64_t x, unsigned lo, unsigned hi)
{
    uint64_t ge = (x + SWAR_ONES * (0x80 - lo)) & SWAR_HIGH;
    uint64_t gt = (x + SWAR_ONES * (0x7f - hi)) & SWAR_HIGH;
    return ge & ~gt;
}

/* Counts ASCII letters and capitals in s[0..n) and returns 1 when four
 * spaces in a row occur. Eight bytes at a time (SWAR), then byte by byte:
 * this runs over every byte of the input, so it must be cheap. */
static int count_letters(const char *s, size_t n, uint32_t *letters, uint32_t *upper)
{
    uint32_t nl = 0, nu = 0, prev = 0; /* prev: space flags of the last 3 bytes */
    int gap = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t ascii = ~w & SWAR_HIGH; /* 0x80 for bytes below 0x80 */
        uint64_t x = w & SWAR_LOW7;
        uint64_t up = swar_range(x, 'A', 'Z') & ascii;
        uint64_t al = swar_range(x | (SWAR_ONES * 0x20), 'a', 'z') & ascii;
        uint64_t sp = x ^ (SWAR_ONES * ' ');
        sp = ~(((sp & SWAR_LOW7) + SWAR_LOW7) | sp | SWAR_LOW7) & ascii; /* bytes == ' ' */
        nl += (uint32_t)(((al >> 7) * SWAR_ONES) >> 56); /* sum of the 0/1 bytes */
        nu += (uint32_t)(((up >> 7) * SWAR_ONES) >> 56);
        /* byte flags to 8 bits (byte 0 = bit 0, little endian), with the carry */
        uint32_t bits = (uint32_t)(((sp >> 7) * 0x0102040810204080ull) >> 56);
        uint32_t ext = (bits << 3) | prev;
        gap |= (ext & (ext >> 1) & (ext >> 2) & (ext >> 3)) != 0;
        prev = (bits >> 5) & 7;
    }
    uint32_t run = prev == 7 ? 3 : prev >= 6 ? 2 : prev >= 4 ? 1 : 0;
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        nl += pct__is_alpha(c);
        nu += pct__is_upper(c);
        run = c == ' ' ? run + 1 : 0;
        gap |= run >= 4;
    }
    *letters = nl;
    *upper = nu;
    return gap;
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
    uint32_t letters = 0, upper = 0;
    int gap = count_letters(s + l->cstart, l->cend - l->cstart, &letters, &upper);
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

/* Words that open a structural line wherever they follow a sentence end. */
static const char *const strong_words[] = {"WHEREAS", "NOW, THEREFORE", "NOW THEREFORE",
                                           "IN WITNESS WHEREOF", NULL};
/* Further words that open a line inside a flattened (long) line. */
static const char *const split_words[] = {
    "By:", "Name:", "Title:", "Date:", "Its:", "RECITALS", "W I T N E S S E T H", "WITNESSETH",
    "Signature:", NULL};

static int word_at(const char *s, size_t n, const char *const *words)
{
    for (int k = 0; words[k]; k++)
        if (s[0] == words[k][0] && pct__prefix_ws(s, n, words[k]))
            return 1;
    return 0;
}

/* Is a section number ("1.", "12.3", "(a)", "ARTICLE", "Section 2") at p? */
static int number_at(const char *s, size_t n)
{
    size_t i = 0;
    if (pct__prefix_ci(s, n, "article ") || pct__prefix_ci(s, n, "section "))
        return pct__is_upper((unsigned char)s[0]) && n > 8 &&
               (pct__is_digit((unsigned char)s[8]) || pct__is_upper((unsigned char)s[8]));
    if (s[0] == '(') {
        /* (a) (iv) (A) (1) followed by a capital */
        i = 1;
        while (i < n && i < 6 && (pct__is_alpha((unsigned char)s[i]) || pct__is_digit((unsigned char)s[i])))
            i++;
        return i > 1 && i + 2 < n && s[i] == ')' && s[i + 1] == ' ' &&
               pct__is_upper((unsigned char)s[i + 2]);
    }
    if (pct__is_upper((unsigned char)s[0])) {
        /* "A. Text", "IV. Text": a letter or roman numeral, a dot, a capital */
        while (i < n && i < 5 && pct__is_upper((unsigned char)s[i]))
            i++;
        return (i == 1 || strspn(s, "IVX") >= i) && i + 2 < n && s[i] == '.' && s[i + 1] == ' ' &&
               pct__is_upper((unsigned char)s[i + 2]);
    }
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

/* Is the last non-space byte before i a sentence end (. ; : or a closing quote)? */
static int after_sentence(const char *s, size_t start, size_t i)
{
    while (i > start && (s[i - 1] == ' ' || s[i - 1] == '\t'))
        i--;
    if (i == start)
        return 0;
    unsigned char c = (unsigned char)s[i - 1];
    if (c == '"' && i >= start + 2)
        c = (unsigned char)s[i - 2];
    if (c == 0x9d && i >= start + 3) /* the last byte of a closing curly quote */
        c = (unsigned char)s[i - 4 >= start ? i - 4 : i - 1];
    return c == '.' || c == ';' || c == ':';
}

/* Is the word ending at s[e] (before a period) a sentence's last word rather
 * than an initial or an abbreviation ("U.S.", "Inc.", "No.")? */
static int sentence_word(const char *s, size_t start, size_t e)
{
    size_t b = e;
    while (b > start && pct__is_alpha((unsigned char)s[b - 1]))
        b--;
    size_t n = e - b;
    if (n == 0)
        return e > start && s[e - 1] == ')';
    if (b > start && s[b - 1] == '.')
        return 0; /* "U.S." */
    if (n >= 4)
        return 1;
    static const char *const abbr[] = {"inc", "co", "ltd", "no", "mr", "ms", "dr", "st", "llc",
                                       "plc", "nv", "bv", "ag", "sa", "vs", NULL};
    for (int k = 0; abbr[k]; k++)
        if (strlen(abbr[k]) == n && pct__prefix_ci(s + b, n, abbr[k]))
            return 0;
    return n >= 2 && pct__is_lower((unsigned char)s[e - 1]);
}

/* Is s[e] a period after a one-letter word ("J. A. Smith")? */
static int initial_before(const char *s, size_t start, size_t e)
{
    return s[e] == '.' && e >= start + 1 && pct__is_alpha((unsigned char)s[e - 1]) &&
           (e == start + 1 || s[e - 2] == ' ' || s[e - 2] == '.');
}

/* Decides whether a logical line may start at s[i] inside a physical line
 * [start, end). `gap` is the number of spaces before i; `flat` is set for
 * long lines, where lost breaks are expected. */
static int split_here(const char *s, size_t start, size_t i, size_t end, size_t gap, int flat,
                      int head)
{
    unsigned char c = (unsigned char)s[i];
    size_t n = end - i;
    if (gap == 0)
        return 0;
    if (!flat) {
        /* in an ordinary line only strong cues after a sentence end split */
        return pct__is_upper(c) && (c == 'W' || c == 'N' || c == 'I') &&
               word_at(s + i, n, strong_words) && after_sentence(s, start, i - gap);
    }
    if (gap >= FLAT_GAP && (pct__is_upper(c) || pct__is_digit(c) || c == '"' || c == '(' ||
                            c == '[' || c == '/' || c == 0xe2 /* curly quote */))
        return 1;
    if (pct__is_upper(c) && (word_at(s + i, n, strong_words) || word_at(s + i, n, split_words)))
        return c != 'W' || after_sentence(s, start, i - gap) || s[i + 1] == 'I';
    if (c == '/' && n > 3 && (s[i + 1] == 's' || s[i + 1] == 'S') && s[i + 2] == '/')
        return s[i - gap - 1] != ':'; /* a signature mark "/s/ Name", unless "By: /s/" */
    if (head && pct__is_upper(c) && s[i - gap - 1] == '.' && sentence_word(s, start, i - gap - 1))
        return 1; /* sentences at the top of a flattened file: legends, then the title */
    if ((pct__is_digit(c) || c == '(' || pct__is_upper(c)) && after_sentence(s, start, i - gap) &&
        !(gap < 2 && pct__is_upper(c) && initial_before(s, start, i - gap - 1)))
        return number_at(s + i, n); /* not after an initial: "J. A. Smith" */
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

/* Splits the physical line [start, end) into logical lines. Ordinary lines
 * split only before strong cues; long ones (flattened) also at gaps, numbers
 * and signature keywords. A filing label that opens the first lines of the
 * file ("Exhibit 10.1 SERVICES AGREEMENT ...") becomes its own line. */
static int split_line(pct_vec *v, const char *s, size_t start, size_t end, uint16_t flags,
                      int head)
{
    int flat = end - start > FLAT_MIN;
    uint16_t fl = flat ? PCT_LINE_FLATTENED : 0;
    size_t ls = start, i = start, gap = 0;
    while (ls < end && (s[ls] == ' ' || s[ls] == '\t'))
        ls++;
    if (head && ls < end) {
        size_t k = exhibit_label_len(s + ls, end - ls);
        if (k && ls + k + 1 < end && s[ls + k] == ' ' &&
            !(end - ls <= LABEL_LINE_MAX && is_exhibit_label(s + ls, end - ls))) {
            if (push_line(v, start, ls + k, flags | fl, s) < 0)
                return PCT_ENOMEM;
            flags = 0;
            start = ls + k;
            fl = PCT_LINE_FLATTENED;
        }
    }
    ls = i = start;
    const unsigned char *u = (const unsigned char *)s;
    if (!flat) {
        /* an ordinary line splits only after a sentence end: visit those */
        for (; i < end; i++) {
            if (!(byte_class[u[i]] & C_END))
                continue;
            size_t j = i + 1;
            while (j < end && (s[j] == ' ' || s[j] == '\t'))
                j++;
            if (j == i + 1 || j >= end || !split_here(s, ls, j, end, j - i - 1, 0, 0))
                continue;
            if (push_line(v, ls, i + 1, flags | fl, s) < 0)
                return PCT_ENOMEM;
            flags = 0;
            fl = PCT_LINE_FLATTENED;
            ls = i + 1;
            i = j - 1;
        }
        return push_line(v, ls, end, flags | fl, s);
    }
    /* a flattened line: hop from word to word; only the first byte of a word
     * after white space can start a line */
    while (i < end) {
        while (i < end && !(byte_class[u[i]] & C_SP))
            i++;
        size_t g0 = i;
        while (i < end && (byte_class[u[i]] & C_SP))
            i++;
        if (i >= end)
            break;
        gap = i - g0;
        /* most words start with a lower-case letter and never split a line */
        if (byte_class[u[i]] == C_LO || i <= ls + gap)
            continue;
        if (split_here(s, ls, i, end, gap, 1, head && i - start < HEAD_SPLIT_BYTES)) {
            if (push_line(v, ls, g0, flags | fl, s) < 0)
                return PCT_ENOMEM;
            flags = 0;
            fl = PCT_LINE_FLATTENED;
            ls = g0;
        }
    }
    return push_line(v, ls, end, flags | fl, s);
}

/* ------------------------------------------------- running headers */

#define RUNNING_MIN 3      /* occurrences of a line before it can be a running header */
#define RUNNING_LEN_MAX 120 /* bytes: longer lines are text, not headers */

typedef struct run_slot {
    uint64_t key; /* 0 = empty */
    uint32_t count, near;
} run_slot;

/* A hash of the line's content with digit runs folded to one '#' and space
 * runs to one space, so "Page 3" and "Page 14" of a running header agree. */
static uint64_t line_key(const char *s, const pct_line *l)
{
    uint64_t h = 1469598103934665603ull;
    int prev = 0;
    for (size_t k = l->cstart; k < l->cend; k++) {
        unsigned char c = (unsigned char)s[k];
        int cls = pct__is_digit(c) ? '#' : pct__is_space(c) ? ' ' : c;
        if ((cls == '#' || cls == ' ') && cls == prev)
            continue;
        prev = cls;
        h = (h ^ (uint64_t)pct__lower((unsigned char)cls)) * 1099511628211ull;
    }
    return h ? h : 1;
}

static int page_edge(const pct_line *l)
{
    return (l->flags & PCT_LINE_PAGE_BREAK) ||
           ((l->flags & PCT_LINE_ARTIFACT) && (l->artifact == PCT_ARTIFACT_PAGE_MARK ||
                                               l->artifact == PCT_ARTIFACT_PAGE_NUMBER ||
                                               l->artifact == PCT_ARTIFACT_RUNNING));
}

static int running_candidate(const char *s, const pct_line *l)
{
    size_t n = l->cend - l->cstart;
    if ((l->flags & (PCT_LINE_BLANK | PCT_LINE_ARTIFACT)) || n < 6 || n > RUNNING_LEN_MAX ||
        l->letters < 4)
        return 0;
    const char *p = s + l->cstart;
    if (pct__is_digit((unsigned char)p[0]) || p[0] == '(')
        return 0; /* numbered items repeat their wording, not headers */
    /* signature keys repeat on every block; they are not headers */
    return !(pct__prefix_ci(p, n, "by") || pct__prefix_ci(p, n, "name") ||
             pct__prefix_ci(p, n, "title") || pct__prefix_ci(p, n, "date") ||
             pct__prefix_ci(p, n, "its") || pct__prefix_ci(p, n, "witness") ||
             pct__prefix_ci(p, n, "signature") || pct__prefix_ci(p, n, "address") ||
             pct__prefix_ci(p, n, "attention") || pct__prefix_ci(p, n, "attn"));
}

/* Finds the slot of `key` in the open-addressing table (cap: power of 2). */
static run_slot *slot(run_slot *t, size_t cap, uint64_t key)
{
    size_t h = (size_t)(key & (cap - 1));
    while (t[h].key && t[h].key != key)
        h = (h + 1) & (cap - 1);
    t[h].key = key;
    return &t[h];
}

/* Marks as RUNNING the short lines that repeat RUNNING_MIN+ times with at
 * least two occurrences at a page edge. Each candidate line is hashed once;
 * two sweeps over the lines and an open-addressing table: O(lines). */
static int mark_running(pct_ctx *ctx, pct_line *L, size_t n, const char *s)
{
    size_t npage = 0;
    for (size_t i = 0; i < n; i++)
        npage += page_edge(&L[i]);
    if (npage < 2)
        return 0;
    size_t cap = 64;
    while (cap < n * 2)
        cap <<= 1;
    run_slot *t = pct__calloc(ctx, cap, sizeof *t);
    uint64_t *keys = pct__calloc(ctx, n ? n : 1, sizeof *keys); /* 0: not a candidate */
    int err = 0;
    if (!t || !keys) {
        err = PCT_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        if (running_candidate(s, &L[i]))
            keys[i] = line_key(s, &L[i]);
    /* An occurrence is "near" a page edge when only blank lines or other
     * artefacts separate it from one (or from the start or end of the file):
     * a forward sweep sees the edge above, a backward sweep the edge below. */
    for (int pass = 0; pass < 2; pass++) {
        int at_edge = 1;
        for (size_t k = 0; k < n; k++) {
            size_t i = pass ? n - 1 - k : k;
            const pct_line *l = &L[i];
            if (page_edge(l)) {
                at_edge = 1;
                if (!(l->flags & PCT_LINE_PAGE_BREAK) || pass == 1)
                    continue; /* a line after a form feed is itself at the edge */
            }
            if (l->flags & (PCT_LINE_BLANK | PCT_LINE_ARTIFACT))
                continue;
            int near = at_edge;
            at_edge = 0;
            if (!keys[i])
                continue;
            run_slot *e = slot(t, cap, keys[i]);
            e->count += pass == 0;
            e->near += near;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (!keys[i])
            continue;
        run_slot *e = slot(t, cap, keys[i]);
        if (e->count >= RUNNING_MIN && e->near >= 2) {
            L[i].flags |= PCT_LINE_ARTIFACT;
            L[i].artifact = PCT_ARTIFACT_RUNNING;
        }
    }
done:
    if (t)
        pct__free(ctx, t, cap * sizeof *t);
    if (keys)
        pct__free(ctx, keys, (n ? n : 1) * sizeof *keys);
    return err;
}

/* ------------------------------------------------------------- build */

#define HEAD_LINES 6 /* physical lines at the top where a filing label may open a line */

int pct_lines__build(pct_lines *out, pct_ctx *ctx, pct_arena *a, const char *text, size_t len)
{
    pct_vec v;
    pct_vec__init(&v, ctx, sizeof(pct_line));
    size_t i = 0, start = 0, phys = 0;
    uint16_t flags = 0;
    int err = 0;
    /* Without CR or FF in the text, memchr finds line ends (fast path). */
    int lf_only = !memchr(text, '\r', len) && !memchr(text, '\f', len);
    while (i <= len) {
        if (lf_only) {
            const char *nl = memchr(text + i, '\n', len - i);
            i = nl ? (size_t)(nl - text) : len;
        } else {
            while (i < len && text[i] != '\n' && text[i] != '\r' && text[i] != '\f')
                i++;
        }
        if ((err = split_line(&v, text, start, i, flags, phys < HEAD_LINES)) < 0)
            goto done;
        phys++;
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
    if ((err = mark_running(ctx, v.data, v.len, text)) < 0)
        goto done;
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
