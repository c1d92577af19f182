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
 * Cost: this runs over every byte of every document, so the byte loops work
 * on 16-byte blocks (SSE2, part of every x86-64; a byte loop elsewhere gives
 * the same answers). A line's features (letters, capitals, column gaps, the
 * legend anchors that let the artefact word lists run on a few lines only)
 * come from one pass over its content (scan_content); splitting visits only
 * the candidates the block masks give: sentence ends in ordinary lines, words
 * that do not start with a lower-case letter in flattened ones.
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

/* A confidential-treatment or redaction legend: it says what was left out
 * and where it went. Both halves are required so that a clause about
 * omitted information is not mistaken for one. */
static int is_legend(const char *s, size_t n, int anchor)
{
    static const char *const what[] = {"confidential treatment", "omitted", "been redacted",
                                       "redactions", "been excluded", "excluded from this",
                                       "excluded information", NULL};
    static const char *const where[] = {"[*", "***", "* *", "asterisk", "brackets",
                                        "securities and exchange", "commission", "rule 24b-2",
                                        "regulation s-k", "item 601", "406 of the",
                                        "competitive harm", "not material", "filed separately",
                                        NULL};
    if (!anchor)
        return 0;
    return pct__has_any_ci(s, n, what) && pct__has_any_ci(s, n, where);
}

/* Short stamp lines of a filed copy: "EXECUTION COPY", "Confidential",
 * "REDACTED COPY", "[FORM]", "CONFIDENTIAL TREATMENT REQUESTED". */
static int is_stamp(const char *s, size_t n)
{
    static const char *const st[] = {"execution copy", "execution version", "execution draft",
                                     "confidential", "redacted copy", "[form]", "final version",
                                     "confidential treatment requested", "conformed copy",
                                     "*** confidential", "strictly confidential", NULL};
    unsigned char f = pct__lower((unsigned char)s[0]);
    for (int k = 0; st[k]; k++)
        if ((unsigned char)st[k][0] == f && strlen(st[k]) == n && pct__prefix_ci(s, n, st[k]))
            return 1;
    return 0;
}

/* Classifies a line's content. `anchor`: the line holds a legend anchor
 * (see scan_content), a necessary condition of is_legend. */
static pct_artifact_kind classify(const char *s, size_t n, int anchor)
{
    if (n == 0)
        return PCT_ARTIFACT_NONE;
    if ((n == 6 || n == 7) && pct__prefix_ci(s, n, "<page>"))
        return PCT_ARTIFACT_PAGE_MARK;
    if (all_rule(s, n))
        return PCT_ARTIFACT_RULE;
    if (n <= 16 && is_page_number(s, n))
        return PCT_ARTIFACT_PAGE_NUMBER;
    if (n < 200 && (s[0] == 's' || s[0] == 'S') && pct__prefix_ci(s, n, "source:"))
        return PCT_ARTIFACT_RUNNING;
    if (n <= LABEL_LINE_MAX && (s[0] == 'e' || s[0] == 'E') && is_exhibit_label(s, n))
        return PCT_ARTIFACT_EXHIBIT_LABEL;
    if (n <= 40 && is_stamp(s, n))
        return PCT_ARTIFACT_LEGEND;
    if (n < LEGEND_LEN_MAX && is_legend(s, n, anchor))
        return PCT_ARTIFACT_LEGEND;
    return PCT_ARTIFACT_NONE;
}

/* Byte classes: 1 = space, 2 = ASCII letter, 4 = capital, 8 = sentence end,
 * 16 = the first letter of a split keyword (keyword_at's cases). */
#define C_SP 1
#define C_UP 6
#define C_LO 2
#define C_END 8
#define C_KW 16
#define C_UK (C_UP | C_KW)
static const uint8_t byte_class[256] = {
    [' '] = C_SP, ['\t'] = C_SP, ['.'] = C_END, [';'] = C_END, [':'] = C_END,
    ['A'] = C_UP, ['B'] = C_UK, ['C'] = C_UP, ['D'] = C_UK, ['E'] = C_UP, ['F'] = C_UP,
    ['G'] = C_UP, ['H'] = C_UP, ['I'] = C_UK, ['J'] = C_UP, ['K'] = C_UP, ['L'] = C_UP,
    ['M'] = C_UP, ['N'] = C_UK, ['O'] = C_UP, ['P'] = C_UP, ['Q'] = C_UP, ['R'] = C_UK,
    ['S'] = C_UK, ['T'] = C_UK, ['U'] = C_UP, ['V'] = C_UP, ['W'] = C_UK, ['X'] = C_UP,
    ['Y'] = C_UP, ['Z'] = C_UP,
    ['a'] = C_LO, ['b'] = C_LO, ['c'] = C_LO, ['d'] = C_LO, ['e'] = C_LO, ['f'] = C_LO,
    ['g'] = C_LO, ['h'] = C_LO, ['i'] = C_LO, ['j'] = C_LO, ['k'] = C_LO, ['l'] = C_LO,
    ['m'] = C_LO, ['n'] = C_LO, ['o'] = C_LO, ['p'] = C_LO, ['q'] = C_LO, ['r'] = C_LO,
    ['s'] = C_LO, ['t'] = C_LO, ['u'] = C_LO, ['v'] = C_LO, ['w'] = C_LO, ['x'] = C_LO,
    ['y'] = C_LO, ['z'] = C_LO,
};

/* Does s[at..) (s has n bytes) read `lit` (lower-case ASCII), ignoring case?
 * An `at` past n, as when at = p - k wrapped below 0, reads nothing. */
static int lower_at(const char *s, size_t n, size_t at, const char *lit, size_t m)
{
    if (at > n || n - at < m)
        return 0;
    for (size_t k = 0; k < m; k++)
        if (pct__lower((unsigned char)s[at + k]) != (unsigned char)lit[k])
            return 0;
    return 1;
}
#define LOWER_AT(s, n, at, lit) lower_at(s, n, at, lit, sizeof lit - 1)

/* Does a legend anchor lie around s[p], a 't' or an 'x' (any case)? Every
 * legend holds one of is_legend's "what" words, and each of those holds an
 * anchor with a 't' or an 'x' in it: "omitted", "redact" (been redacted,
 * redactions), "excluded" (been excluded, excluded from this, excluded
 * information) and "confidential treatment". The byte before a 't' says
 * which anchor it can be in; common words ("submitted", "exclusive", "to")
 * fail after a byte or two, and the word lists run only where an anchor is. */
static int anchor_at(const char *s, size_t n, size_t p)
{
    if (pct__lower((unsigned char)s[p]) == 'x')
        return LOWER_AT(s, n, p - 1, "excluded");
    if (p == 0)
        return 0;
    switch (pct__lower((unsigned char)s[p - 1])) {
    case 't':
        return LOWER_AT(s, n, p - 4, "omitted");
    case 'c':
        return LOWER_AT(s, n, p - 5, "redact");
    case ' ':
        return LOWER_AT(s, n, p - 13, "confidential treatment");
    default:
        return 0;
    }
}

/* What one pass over a line's content learns. */
typedef struct line_scan {
    uint32_t letters, upper; /* ASCII letters, capitals */
    int gap;                 /* four spaces in a row */
    int anchor;              /* a legend anchor (only looked for when asked) */
} line_scan;

#if defined(__SSE2__) && !defined(PCT_LINES_NO_SIMD)
#include <emmintrin.h>

#define SIMD_BLOCK 16 /* bytes per SSE2 block */
#define LANE_FLUSH 255 /* blocks between lane flushes: a byte lane counts to 255 */

/* Runs of four set bits in a block's byte mask m (bit k = byte k, `width`
 * bits), given the block before's mask in *carry; updates *carry. */
static inline uint32_t quad_bits(uint32_t m, unsigned width, uint32_t *carry)
{
    uint32_t ext = (m << 3) | *carry; /* bits 0..2: the last 3 bytes before the block */
    *carry = (m >> (width - 3)) & 7;
    return ext & (ext >> 1) & (ext >> 2) & (ext >> 3);
}

/* Bytes of v in [lo, lo + span): one wrapping add moves the range to the
 * bottom of the signed bytes, where one signed compare tests it. */
static inline __m128i simd_range(__m128i v, unsigned char lo, unsigned char span)
{
    __m128i t = _mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - lo)));
    return _mm_cmplt_epi8(t, _mm_set1_epi8((char)(-128 + span)));
}

/* Sum of the sixteen byte lanes of v. */
static inline uint32_t simd_sum(__m128i v)
{
    __m128i sad = _mm_sad_epu8(v, _mm_setzero_si128());
    return (uint32_t)_mm_cvtsi128_si32(sad) + (uint32_t)_mm_cvtsi128_si32(_mm_srli_si128(sad, 8));
}

/* The SIMD_BLOCK bytes at p, or the avail < SIMD_BLOCK left, zero padded
 * (never reading past the text). */
static inline __m128i load_block(const char *p, size_t avail)
{
    if (avail >= SIMD_BLOCK)
        return _mm_loadu_si128((const __m128i *)(const void *)p);
    unsigned char last[SIMD_BLOCK] = {0};
    memcpy(last, p, avail);
    return _mm_loadu_si128((const __m128i *)(const void *)last);
}

/* Masks of one block (bit k = byte k, only the avail first bytes): spaces
 * and tabs in *sp, lower-case letters in *lo. */
static inline void block_flat_bits(const char *p, size_t avail, uint32_t *sp, uint32_t *lo)
{
    __m128i v = load_block(p, avail);
    __m128i w = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
                             _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')));
    *sp = (uint32_t)_mm_movemask_epi8(w);
    *lo = (uint32_t)_mm_movemask_epi8(simd_range(v, 'a', 26));
}

/* Mask of the sentence ends (. ; :) of one block. */
static inline uint32_t block_end_bits(const char *p, size_t avail)
{
    __m128i v = load_block(p, avail);
    __m128i w = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')),
                             _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(';')),
                                          _mm_cmpeq_epi8(v, _mm_set1_epi8(':'))));
    return (uint32_t)_mm_movemask_epi8(w);
}

/* Scans s[0..n) once for the line's features, sixteen bytes at a time with
 * SSE2 (part of every x86-64; other targets take the byte loop below, which
 * gives the same answers). Capitals and letters are counted in byte lanes
 * (a compare gives -1 per hit, subtracted), summed every LANE_FLUSH blocks;
 * the space mask, carried across blocks, finds runs of four spaces; the mask
 * of 't' and 'x' picks the few places where a legend anchor may lie
 * (anchor_at decides). In the zero padding of the last block no byte is a
 * letter, a space, a 't' or an 'x'. This runs over every byte of the input,
 * so it must be cheap. */
static void scan_content(const char *s, size_t n, int want_anchor, line_scan *o)
{
    const __m128i space = _mm_set1_epi8(' '), fold = _mm_set1_epi8(0x20);
    const __m128i lt = _mm_set1_epi8('t'), lx = _mm_set1_epi8('x');
    uint32_t letters = 0, upper = 0, carry = 0, quads = 0;
    int anchor = 0;
    size_t i = 0;
    while (i < n) {
        __m128i lane_al = _mm_setzero_si128(), lane_up = lane_al;
        for (int b = 0; b < LANE_FLUSH && i < n; b++, i += SIMD_BLOCK) {
            __m128i v = load_block(s + i, n - i);
            __m128i low = _mm_or_si128(v, fold); /* letters folded to lower case */
            lane_up = _mm_sub_epi8(lane_up, simd_range(v, 'A', 26));
            lane_al = _mm_sub_epi8(lane_al, simd_range(low, 'a', 26));
            uint32_t sp = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, space));
            /* a run of four needs two spaces in a row in this block, or the
             * block's first byte after three carried ones; most blocks have
             * neither and only pass their last three bytes on */
            if ((sp & (sp >> 1)) || (carry == 7 && (sp & 1)))
                quads |= quad_bits(sp, SIMD_BLOCK, &carry);
            else
                carry = sp >> (SIMD_BLOCK - 3);
            if (want_anchor && !anchor) {
                __m128i tx = _mm_or_si128(_mm_cmpeq_epi8(low, lt), _mm_cmpeq_epi8(low, lx));
                for (uint32_t c = (uint32_t)_mm_movemask_epi8(tx); c && !anchor; c &= c - 1)
                    anchor = anchor_at(s, n, i + (size_t)__builtin_ctz(c));
            }
        }
        letters += simd_sum(lane_al);
        upper += simd_sum(lane_up);
    }
    o->letters = letters;
    o->upper = upper;
    o->gap = quads != 0;
    o->anchor = anchor;
}

#else

/* The portable scan: the same features, byte by byte. */
static void scan_content(const char *s, size_t n, int want_anchor, line_scan *o)
{
    uint32_t letters = 0, upper = 0, run = 0;
    int gap = 0, anchor = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        letters += pct__is_alpha(c);
        upper += pct__is_upper(c);
        run = c == ' ' ? run + 1 : 0;
        gap |= run >= 4;
        c = pct__lower(c);
        if (want_anchor && !anchor && (c == 't' || c == 'x'))
            anchor = anchor_at(s, n, i);
    }
    o->letters = letters;
    o->upper = upper;
    o->gap = gap;
    o->anchor = anchor;
}


#define SIMD_BLOCK 16 /* bytes per block of the mask functions */

/* Masks of one block (bit k = byte k, only the avail first bytes): spaces
 * and tabs in *sp, lower-case letters in *lo. */
static void block_flat_bits(const char *p, size_t avail, uint32_t *sp, uint32_t *lo)
{
    *sp = *lo = 0;
    for (size_t k = 0; k < avail && k < SIMD_BLOCK; k++) {
        uint8_t c = byte_class[(unsigned char)p[k]];
        *sp |= (uint32_t)((c & C_SP) != 0) << k;
        *lo |= (uint32_t)(c == C_LO) << k;
    }
}

/* Mask of the sentence ends (. ; :) of one block. */
static uint32_t block_end_bits(const char *p, size_t avail)
{
    uint32_t m = 0;
    for (size_t k = 0; k < avail && k < SIMD_BLOCK; k++)
        m |= (uint32_t)((byte_class[(unsigned char)p[k]] & C_END) != 0) << k;
    return m;
}

#endif

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
    size_t n = l->cend - l->cstart;
    line_scan sc;
    scan_content(s + l->cstart, n, n < LEGEND_LEN_MAX, &sc);
    l->letters = sc.letters;
    l->upper = sc.upper;
    if (sc.gap)
        l->flags |= PCT_LINE_GAP;
    if (sc.letters >= 3 && sc.upper * 5 >= sc.letters * 4)
        l->flags |= PCT_LINE_CAPS;
    pct_artifact_kind k = classify(s + l->cstart, n, sc.anchor);
    if (k) {
        l->flags |= PCT_LINE_ARTIFACT;
        l->artifact = (uint8_t)k;
    }
}

/* ----------------------------------------------------- flattened lines */

/* Does the keyword `lit` open s (pct__prefix_ws: case aside, a space in lit
 * matches a run of blanks)? Its second byte is tested here first: most
 * capitalised words fail there, without a call. */
static int kw(const char *s, size_t n, const char *lit)
{
    if (n < 2)
        return 0;
    unsigned char c = (unsigned char)s[1];
    if (lit[1] == ' ' ? c != ' ' && c != '\t' : pct__lower(c) != pct__lower((unsigned char)lit[1]))
        return 0;
    return pct__prefix_ws(s, n, lit) != 0;
}

/* Does a keyword that opens a structural line start s (s[0] as printed)?
 * Strong words open one wherever they follow a sentence end: WHEREAS, NOW,
 * THEREFORE, IN WITNESS WHEREOF. Unless `strong_only`, also the words that
 * open one inside a flattened (long) line: By:, Name:, Title:, Date:, Its:,
 * RECITALS, WITNESSETH, Signature:. Dispatched on the first byte. */
static int keyword_at(const char *s, size_t n, int strong_only)
{
    switch (s[0]) {
    case 'W':
        return kw(s, n, "WHEREAS") ||
               (!strong_only && (kw(s, n, "W I T N E S S E T H") || kw(s, n, "WITNESSETH")));
    case 'N':
        return kw(s, n, "NOW, THEREFORE") || kw(s, n, "NOW THEREFORE") ||
               (!strong_only && kw(s, n, "Name:"));
    case 'I':
        return kw(s, n, "IN WITNESS WHEREOF") || (!strong_only && kw(s, n, "Its:"));
    case 'B':
        return !strong_only && kw(s, n, "By:");
    case 'T':
        return !strong_only && kw(s, n, "Title:");
    case 'D':
        return !strong_only && kw(s, n, "Date:");
    case 'R':
        return !strong_only && kw(s, n, "RECITALS");
    case 'S':
        return !strong_only && kw(s, n, "Signature:");
    default:
        return 0;
    }
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
        while (i < n && i < 6 &&
               (pct__is_alpha((unsigned char)s[i]) || pct__is_digit((unsigned char)s[i])))
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
        return (c == 'W' || c == 'N' || c == 'I') && keyword_at(s + i, n, 1) &&
               after_sentence(s, start, i - gap);
    }
    if (gap >= FLAT_GAP && (pct__is_upper(c) || pct__is_digit(c) || c == '"' || c == '(' ||
                            c == '[' || c == '/' || c == 0xe2 /* curly quote */))
        return 1;
    if (pct__is_upper(c) && keyword_at(s + i, n, 0))
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
        /* an ordinary line splits only after a sentence end: visit those, a
         * block's mask of them at a time */
        for (size_t b = start; b < end; b += SIMD_BLOCK) {
            for (uint32_t m = block_end_bits(s + b, end - b); m; m &= m - 1) {
                i = b + (size_t)__builtin_ctz(m);
                size_t j = i + 1;
                while (j < end && (s[j] == ' ' || s[j] == '\t'))
                    j++;
                if (j == i + 1 || j >= end || !split_here(s, ls, j, end, j - i - 1, 0, 0))
                    continue;
                if (push_line(v, ls, i + 1, flags | fl, s) < 0)
                    return PCT_ENOMEM;
                flags = 0;
                fl = PCT_LINE_FLATTENED;
                ls = i + 1; /* the bytes up to j are blanks: no sentence end is skipped */
            }
        }
        return push_line(v, ls, end, flags | fl, s);
    }
    /* A flattened line: only the first byte of a word after white space can
     * start a line, and most words start with a lower-case letter, which
     * never does. The block masks give the rest: a byte that is neither blank
     * nor lower-case after a blank (`carry`: the last byte of the block before
     * was blank). */
    uint32_t carry = 0;
    for (size_t b = start; b < end; b += SIMD_BLOCK) {
        size_t avail = end - b;
        uint32_t sp, lo;
        block_flat_bits(s + b, avail, &sp, &lo);
        uint32_t valid = avail >= SIMD_BLOCK ? (1u << SIMD_BLOCK) - 1 : (1u << avail) - 1;
        uint32_t cand = ((sp << 1) | carry) & ~sp & ~lo & valid;
        carry = (sp >> (SIMD_BLOCK - 1)) & 1;
        for (; cand; cand &= cand - 1) {
            i = b + (size_t)__builtin_ctz(cand);
            /* Most candidates are capitalised words inside a sentence: one
             * space after a lower-case letter. Only a keyword can split
             * there (split_here: no gap, no sentence end before), so a
             * capital that opens none is passed over cheaply. */
            if (i >= start + 2 && (byte_class[u[i]] & (C_UK & ~C_LO)) == (C_UP & ~C_LO) &&
                u[i - 1] == ' ' && byte_class[u[i - 2]] == C_LO)
                continue;
            size_t g0 = i;
            while (g0 > start && (byte_class[u[g0 - 1]] & C_SP))
                g0--;
            gap = i - g0;
            if (g0 <= ls) /* the line's first word */
                continue;
            if (split_here(s, ls, i, end, gap, 1, head && i - start < HEAD_SPLIT_BYTES)) {
                if (push_line(v, ls, g0, flags | fl, s) < 0)
                    return PCT_ENOMEM;
                flags = 0;
                fl = PCT_LINE_FLATTENED;
                ls = g0;
            }
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
    switch (pct__lower((unsigned char)p[0])) {
    case 'a': case 'b': case 'd': case 'i': case 'n': case 's': case 't': case 'w':
        break;
    default:
        return 1; /* no key starts so */
    }
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
    run_slot *t = NULL;
    size_t cap = 64, ncand = 0;
    uint64_t *keys = pct__calloc(ctx, n ? n : 1, sizeof *keys); /* 0: not a candidate */
    int err = 0;
    if (!keys) {
        err = PCT_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        if (running_candidate(s, &L[i])) {
            keys[i] = line_key(s, &L[i]);
            ncand++;
        }
    /* the table holds the candidates' keys only: sized by them, at most half full */
    while (cap < ncand * 2)
        cap <<= 1;
    if (!(t = pct__calloc(ctx, cap, sizeof *t))) {
        err = PCT_ENOMEM;
        goto done;
    }
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
