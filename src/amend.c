/*
 * amend.c - recognises amendments and their operations.
 *
 * For one DOCUMENT node this reads: its kind (agreement, amendment, joinder)
 * and ordinal from the title and opening words; the documents it cites (the
 * agreement it amends with title, identifier and date, and the earlier
 * amendments with their dates) and its own dates (effective, "dated as of",
 * execution = latest signature date), both taken from the facts layer
 * (pct_extract: src/extract_name.c, src/extract_dates.c) so both layers read
 * one document alike, the citation's span placed at the mention that carries
 * its number and date; the parties it names; and, for an amendment, one
 * operation per amending provision. Dates inside operations are read by the
 * date scanner (src/scan_date.re).
 *
 * Approach: every part is scanned as folded text (artefact lines dropped,
 * white space folded) with a position map back to TEXT offsets, so the
 * spans of what is found are exact. The operations grammar works sentence
 * by sentence over each numbered provision: a verb cue ("is hereby amended
 * to additionally include", "deleted in its entirety and replaced", "shall
 * be extended from X to Y", "new Section", "wherever it appears", "joins")
 * with a target (a section number, a quoted defined term, the term, an
 * exhibit, the parties). A provision that says "the following" takes the
 * rest of the provision (or each of its subsections) as the new text.
 * Boilerplate provisions (entire agreement, counterparts, governing law,
 * ratification) are not operations; any other provision that no rule reads
 * is kept as an "other" operation with its text: never dropped, never
 * guessed.
 *
 * Invariants: every string lives in the family arena; every span is in
 * original bytes of the document's file; work per document is linear in
 * its length times a constant number of cues (no regex backtracking).
 */
#include "amend.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OPS_MAX 256          /* operations kept per document (a bound on pathological input) */
#define REFS_MAX 32          /* cited documents kept per document */
#define NAMES_MAX 512        /* entity names kept per document */
#define HEAD_SCAN 4000       /* folded bytes of opening text searched for the kind and cites */
#define CITE_WINDOW 260      /* bytes between a cited title and its number or date */
#define ALIAS_WINDOW 420     /* bytes after a party name searched for its defined alias */
#define NAME_WORDS_MAX 10    /* words of an entity name before its suffix */
#define WORKLIST_MAX 4096    /* provisions visited per document */
#define AMEND_ORDINAL_MAX 40 /* "Amendment 53" is a page or clause number, not an ordinal */
#define KIND_SCAN 700        /* folded bytes of opening text that can name the document's kind */
#define VARIANTS_MAX 8       /* other spellings kept per party */
#define MEMBERS_MAX 256      /* entities kept per operation (a list longer is a misread) */
#define BODY_SCAN_MAX (1u << 20) /* bytes of a body read for entity names: memory stays bounded */
#define PROVISION_MAX (1u << 20) /* bytes of one amending provision read (longer: a misparse) */
#define SECREF_MAX 64            /* bytes of a normalised section number ("14.2(a)(2)") */

static int sentence_end(const char *s, size_t n, size_t i);

/* ============================================================ folding */

/* Folds TEXT [start, end) (clamped to the text) into s and pos, which hold
 * end - start + 1 entries: artefact and blank lines dropped, each run of
 * white space one space, none leading. */
static void fold_into(pct_ftext *out, char *s, size_t *pos, const pct_doc *doc, size_t start,
                      size_t end)
{
    const char *t = doc->src.text;
    size_t o = 0;
    int sp = 0;
    size_t lo = 0, hi = doc->lines.n;
    while (lo < hi) { /* first line ending after start */
        size_t mid = lo + (hi - lo) / 2;
        if (doc->lines.v[mid].end < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t last = start;
    for (size_t li = lo; li < doc->lines.n; li++) {
        const pct_line *l = &doc->lines.v[li];
        if (l->start >= end)
            break;
        if (l->flags & (PCT_LINE_ARTIFACT | PCT_LINE_BLANK)) {
            sp = o > 0;
            continue;
        }
        size_t b0 = l->start > start ? l->start : start;
        size_t b1 = l->end < end ? l->end : end;
        for (size_t i = b0; i < b1;) {
            if (pct__space_byte[(unsigned char)t[i]]) {
                sp = o > 0;
                i++;
                continue;
            }
            if (sp) {
                pos[o] = i;
                s[o++] = ' ';
                sp = 0;
            }
            /* copy the word byte by byte with its positions: words are a few
             * bytes long, too short for memcpy and a separate position loop */
            do {
                s[o] = t[i];
                pos[o++] = i++;
            } while (i < b1 && !pct__space_byte[(unsigned char)t[i]]);
            last = i;
        }
        sp = o > 0;
    }
    s[o] = 0;
    pos[o] = last;
    out->s = s;
    out->pos = pos;
    out->n = o;
}

static void clamp(const pct_doc *doc, size_t *start, size_t *end)
{
    if (*end > doc->src.len)
        *end = doc->src.len;
    if (*start > *end)
        *start = *end;
}

int pct_amend__fold(pct_ftext *out, pct_arena *a, const pct_doc *doc, size_t start, size_t end)
{
    clamp(doc, &start, &end);
    size_t cap = end - start + 1;
    char *s = pct_arena__alloc(a, cap);
    size_t *pos = pct_arena__alloc(a, (cap + 1) * sizeof *pos);
    if (!s || !pos)
        return PCT_ENOMEM;
    fold_into(out, s, pos, doc, start, end);
    return 0;
}

/* A reusable folding buffer, for text read once and dropped (what is found
 * in it is copied into the arena). */
typedef struct fold_buf {
    pct_ctx *ctx;
    char *s;
    size_t *pos;
    size_t cap; /* entries of s; pos has cap + 1 */
} fold_buf;

static int fold_scratch(pct_ftext *out, fold_buf *fb, const pct_doc *doc, size_t start, size_t end)
{
    clamp(doc, &start, &end);
    size_t cap = end - start + 1;
    if (cap > fb->cap) {
        size_t want = cap > 2 * fb->cap ? cap : 2 * fb->cap;
        char *s = pct__malloc(fb->ctx, want);
        size_t *pos = s ? pct__malloc(fb->ctx, (want + 1) * sizeof *pos) : NULL;
        if (!pos) {
            if (s)
                pct__free(fb->ctx, s, want);
            return PCT_ENOMEM;
        }
        if (fb->cap) {
            pct__free(fb->ctx, fb->s, fb->cap);
            pct__free(fb->ctx, fb->pos, (fb->cap + 1) * sizeof *fb->pos);
        }
        fb->s = s;
        fb->pos = pos;
        fb->cap = want;
    }
    fold_into(out, fb->s, fb->pos, doc, start, end);
    return 0;
}

static void fold_buf_free(fold_buf *fb)
{
    if (fb->cap) {
        pct__free(fb->ctx, fb->s, fb->cap);
        pct__free(fb->ctx, fb->pos, (fb->cap + 1) * sizeof *fb->pos);
    }
    fb->cap = 0;
}

pct_span pct_amend__span(const pct_doc *doc, const pct_ftext *ft, size_t a, size_t b)
{
    pct_span sp = {0, 0};
    if (a >= b || a >= ft->n)
        return sp;
    if (b > ft->n)
        b = ft->n;
    sp.start = pct_source__to_orig(&doc->src, ft->pos[a]);
    sp.end = pct_source__to_orig(&doc->src, ft->pos[b - 1] + 1);
    return sp;
}

/* Digits at s[i] (at most four, not followed by a fifth) and their value. */
static size_t digits_at(const char *s, size_t n, size_t i, int *val)
{
    size_t j = i;
    int v = 0;
    while (j < n && j - i < 4 && pct__is_digit((unsigned char)s[j]))
        v = v * 10 + (s[j++] - '0');
    if (j < n && pct__is_digit((unsigned char)s[j]))
        return 0;
    *val = v;
    return j - i;
}

static size_t skip_sp(const char *s, size_t n, size_t i)
{
    while (i < n && s[i] == ' ')
        i++;
    return i;
}

/* ============================================================== dates */

/* Dates are read by the date scanner (src/scan_date.re); the amendment layer
 * only keeps complete ones: a partial or blank date ("September 1997",
 * "January __, 2004") cannot order documents or state an expiration. */
static int complete_date(const pct_date *d)
{
    return d->m >= 1 && d->d >= 1 && !(d->flags & (PCT_DATE_NO_DAY | PCT_DATE_BLANK));
}

size_t pct_amend__date_here(const char *s, size_t to, size_t at, char iso[PCT_ISO_LEN])
{
    pct_date d;
    if (at >= to || (at > 0 && (pct__is_alpha((unsigned char)s[at - 1]) ||
                                pct__is_digit((unsigned char)s[at - 1]))))
        return 0;
    size_t len = pct_scan__date_at(s + at, to - at, &d);
    if (!len || !complete_date(&d))
        return 0;
    pct_date__iso(&d, iso);
    return len;
}

long pct_amend__find_date(const char *s, size_t from, size_t to, char iso[PCT_ISO_LEN],
                          size_t *len_out)
{
    pct_date d;
    size_t len = 0;
    for (size_t at; from < to && (at = pct_scan__next_date(s, to, from, &d, &len)) < to;
         from = at + (len ? len : 1)) {
        if (!complete_date(&d))
            continue;
        pct_date__iso(&d, iso);
        if (len_out)
            *len_out = len;
        return (long)at;
    }
    return -1;
}

int pct_amend__iso_read(const char *iso, pct_date *d)
{
    size_t n = iso ? strlen(iso) : 0;
    return n == 10 && pct_scan__date_at(iso, n, d) == n && complete_date(d);
}

int pct_amend__datecmp(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

/* ============================================================== names */

/* Entity suffixes, lower case without dots; `canon` is the key's form. */
static const struct suffix {
    const char *word, *canon;
} suffixes[] = {
    {"inc", "inc"},      {"incorporated", "inc"}, {"corporation", "corp"}, {"corp", "corp"},
    {"llc", "llc"},      {"l.l.c", "llc"},        {"ltd", "ltd"},          {"limited", "ltd"},
    {"lp", "lp"},        {"l.p", "lp"},           {"llp", "llp"},          {"company", "co"},
    {"co", "co"},        {"plc", "plc"},          {"gmbh", "gmbh"},        {"ag", "ag"},
    {"s.a", "sa"},       {"sa", "sa"},            {"n.v", "nv"},           {"b.v", "bv"},
    {"s.p.a", "spa"},    {"pty", "pty"},          {"pte", "pte"},          {"s.a.s", "sas"},
    {"holdings", "holdings"},
};

/* Words that end an entity name when walking back from its suffix. */
static const char *const name_stops[] = {
    "and", "between", "among", "by", "with", "to", "for", "from", "agreement", "amendment",
    "number", "no", "dated", "hereby", "this", "that", "party", "parties", "whereas", "the",
    "a", "an", "include", "including", "under", "such", "each", "any", "all", "its", "their",
    "on", "behalf", "in", "as", "is", "are", "was", "or", "of", "at", "exhibit", "schedule",
    "name", "title", "by:", "date", "witness", "whereof", "section", "signature", "page",
    "article", "paragraph", "recitals", "now", "therefore",
};

#define NSUFFIXES (sizeof suffixes / sizeof *suffixes)
#define SUFFIX_BUCKET 8 /* rows of suffixes[] sharing a first letter, at most */

/* The rows of suffixes[] by the first letter of their word, so that a word
 * is compared with the few suffixes that start as it does: the name scan
 * asks about every capitalised word, and most start with a letter no suffix
 * starts with. Built once per process (several threads read names). */
static unsigned char suffix_rows[26][SUFFIX_BUCKET]; /* row indices */
static unsigned char suffix_nrows[26];
static pthread_once_t suffix_once = PTHREAD_ONCE_INIT;

static void suffix_index(void)
{
    for (size_t i = 0; i < NSUFFIXES; i++) {
        unsigned c = (unsigned char)suffixes[i].word[0] - 'a';
        assert(c < 26 && suffix_nrows[c] < SUFFIX_BUCKET);
        suffix_rows[c][suffix_nrows[c]++] = (unsigned char)i;
    }
}

#define SUFFIX_WORD_MAX 16 /* bytes of a word looked up; the longest suffix is 12 */

/* The suffix the word w (n bytes, any case, trailing full stops ignored) is. */
static const struct suffix *suffix_word(const char *w, size_t n)
{
    if (n == 0 || n >= SUFFIX_WORD_MAX)
        return NULL;
    unsigned c0 = pct__lower((unsigned char)w[0]) - (unsigned)'a';
    if (c0 >= 26)
        return NULL;
    pthread_once(&suffix_once, suffix_index);
    size_t k = n;
    while (k > 0 && w[k - 1] == '.')
        k--;
    for (size_t r = 0; r < suffix_nrows[c0]; r++) {
        const struct suffix *sf = &suffixes[suffix_rows[c0][r]];
        size_t j = 0; /* w[0, k) lower-cased against the whole of sf->word */
        while (j < k && sf->word[j] == (char)pct__lower((unsigned char)w[j]))
            j++;
        if (j == k && !sf->word[k])
            return sf;
    }
    return NULL;
}

static int stop_word(const char *w, size_t n)
{
    if (n == 0)
        return 0;
    unsigned char c = (unsigned char)pct__lower((unsigned char)w[0]);
    for (size_t i = 0; i < sizeof name_stops / sizeof *name_stops; i++)
        if ((unsigned char)name_stops[i][0] == c && strlen(name_stops[i]) == n &&
            pct__prefix_ci(w, n, name_stops[i]))
            return 1;
    return 0;
}

/* Bytes of a word of an entity name: letters, digits, . & - ' / and every
 * byte of a UTF-8 sequence. A table built at compile time: the name scan
 * tests every byte of a document's body. */
#define WORD_CHAR(c)                                                                           \
    (((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z') || ((c) >= '0' && (c) <= '9') ||  \
     (c) == '.' || (c) == '&' || (c) == '-' || (c) == '\'' || (c) == '/' || (c) >= 0x80)
#define WORD_CHAR4(c) WORD_CHAR(c), WORD_CHAR((c) + 1), WORD_CHAR((c) + 2), WORD_CHAR((c) + 3)
#define WORD_CHAR16(c) WORD_CHAR4(c), WORD_CHAR4((c) + 4), WORD_CHAR4((c) + 8), WORD_CHAR4((c) + 12)
#define WORD_CHAR64(c)                                                                         \
    WORD_CHAR16(c), WORD_CHAR16((c) + 16), WORD_CHAR16((c) + 32), WORD_CHAR16((c) + 48)
static const unsigned char word_chars[256] = {WORD_CHAR64(0), WORD_CHAR64(64), WORD_CHAR64(128),
                                              WORD_CHAR64(192)};

static inline int word_char(unsigned char c) { return word_chars[c]; }

/* A capitalised word, a number, or "&". */
static int name_word(const char *w, size_t n)
{
    unsigned char c = (unsigned char)w[0];
    int alpha = 0;
    for (size_t i = 0; i < n; i++)
        alpha |= pct__is_alpha((unsigned char)w[i]) || (unsigned char)w[i] >= 0x80;
    if (!alpha)
        return n == 1 && c == '&'; /* "2." before a name is a provision number */
    return pct__is_upper(c) || pct__is_digit(c) || c >= 0x80;
}

int pct_amend__entity_names(const pct_ftext *ft, size_t from, size_t to, pct_amend_name_cb cb,
                            void *ud)
{
    const char *s = ft->s;
    if (to > ft->n)
        to = ft->n;
    size_t i = from;
    while (i < to) {
        while (i < to && !word_char((unsigned char)s[i]))
            i++;
        size_t ws = i;
        while (i < to && word_char((unsigned char)s[i]))
            i++;
        size_t we = i;
        if (we == ws || !pct__is_upper((unsigned char)s[ws]))
            continue;
        const struct suffix *sf = suffix_word(s + ws, we - ws);
        if (!sf)
            continue;
        /* "Company" and "Limited" need a capital-only or title-case name before them */
        size_t end = we;
        if (end > ws && s[end - 1] == '.' && !strchr(sf->word, '.') && strcmp(sf->canon, "inc") &&
            strcmp(sf->canon, "corp") && strcmp(sf->canon, "co") && strcmp(sf->canon, "ltd"))
            end--; /* a full stop after "LLC." ends the sentence, not the name */
        /* walk back */
        size_t start = ws, p = ws, words = 0;
        if (p > from && s[p - 1] == ' ')
            p--;
        if (p > from && s[p - 1] == ',')
            p--;
        while (p > from && words < NAME_WORDS_MAX) {
            size_t q = p;
            if (q > from && s[q - 1] == ' ')
                q--;
            size_t e = q;
            while (q > from && word_char((unsigned char)s[q - 1]))
                q--;
            if (q == e || !name_word(s + q, e - q) || stop_word(s + q, e - q)) {
                /* "of" inside a name: "KMC Telecom of Virginia, Inc." */
                if (e - q == 2 && pct__prefix_ci(s + q, 2, "of") && words > 0 && q > from + 1) {
                    size_t r = q - 1, re = r;
                    while (r > from && word_char((unsigned char)s[r - 1]))
                        r--;
                    if (r < re && pct__is_upper((unsigned char)s[r]) && !stop_word(s + r, re - r)) {
                        start = r;
                        p = r;
                        words += 2;
                        continue;
                    }
                }
                break;
            }
            if (suffix_word(s + q, e - q) && (words == 0 || e - q <= 5 || s[e - 1] == '.'))
                break; /* "INC. FERN BAKERIES LLC": a suffix ends the name before */
            start = q;
            p = q;
            words++;
        }
        if (words == 0 || !pct__is_upper((unsigned char)s[start]))
            continue;
        if ((!strcmp(sf->canon, "ltd") || !strcmp(sf->canon, "co") ||
             !strcmp(sf->canon, "holdings")) &&
            we - ws > 4 && we + 1 < to && s[we] == ' ' && pct__is_upper((unsigned char)s[we + 1]))
            continue; /* "Limited Warranty", "Company Products" */
        /* a description ("a Delaware Corporation") is not a name */
        if (start >= 2 && s[start - 1] == ' ') {
            size_t r = start - 1, re = r;
            while (r > from && pct__is_alpha((unsigned char)s[r - 1]))
                r--;
            if ((re - r == 1 && pct__lower((unsigned char)s[r]) == 'a') ||
                (re - r == 2 && pct__prefix_ci(s + r, 2, "an")))
                continue;
        }
        int rc = cb(start, end, ud);
        if (rc)
            return rc;
    }
    return 0;
}

char *pct_amend__name_key(pct_arena *a, const char *s, size_t n)
{
    char *out = pct_arena__alloc(a, n + 8);
    if (!out)
        return NULL;
    size_t o = 0, i = 0;
    while (i < n) {
        while (i < n &&
               !(pct__is_alpha((unsigned char)s[i]) || pct__is_digit((unsigned char)s[i]) ||
                 (unsigned char)s[i] >= 0x80 || s[i] == '&'))
            i++;
        size_t ws = i;
        while (i < n && (word_char((unsigned char)s[i]) && s[i] != '-'))
            i++;
        if (i == ws)
            continue;
        const struct suffix *sf = suffix_word(s + ws, i - ws);
        if (o == 0 && i - ws == 3 && pct__prefix_ci(s + ws, 3, "the"))
            continue; /* "THE SCOTTS COMPANY LLC" is "Scotts Company LLC" */
        if (o)
            out[o++] = ' ';
        if (sf) {
            size_t k = strlen(sf->canon);
            memcpy(out + o, sf->canon, k);
            o += k;
        } else {
            for (size_t k = ws; k < i; k++)
                if (s[k] != '.' && s[k] != '\'')
                    out[o++] = (char)pct__lower((unsigned char)s[k]);
        }
    }
    out[o] = 0;
    return out;
}

/* Edit distance of two short words, capped at 3. */
static int edit_distance(const char *a, size_t na, const char *b, size_t nb)
{
    if (na > 40 || nb > 40)
        return 3;
    int prev[41], cur[41];
    for (size_t j = 0; j <= nb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= nb; j++) {
            int c = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < c)
                c = prev[j] + 1;
            if (cur[j - 1] + 1 < c)
                c = cur[j - 1] + 1;
            cur[j] = c;
        }
        memcpy(prev, cur, sizeof(int) * (nb + 1));
    }
    return prev[nb] > 3 ? 3 : prev[nb];
}

int pct_amend__name_variant(const char *k1, const char *k2)
{
    if (!strcmp(k1, k2))
        return 0;
    int diffs = 0;
    while (*k1 && *k2) {
        size_t l1 = strcspn(k1, " "), l2 = strcspn(k2, " ");
        if (l1 != l2 || memcmp(k1, k2, l1)) {
            if (++diffs > 1 || l1 < 5 || l2 < 5 || edit_distance(k1, l1, k2, l2) > 2)
                return 0;
            for (size_t q = 0; q < l1; q++)
                if (pct__is_digit((unsigned char)k1[q]))
                    return 0; /* "Fund 7" and "Fund 8" are two names */
            for (size_t q = 0; q < l2; q++)
                if (pct__is_digit((unsigned char)k2[q]))
                    return 0;
        }
        k1 += l1 + (k1[l1] == ' ');
        k2 += l2 + (k2[l2] == ' ');
    }
    return !*k1 && !*k2 && diffs == 1;
}

static int roman_word(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strchr("IVXivx", w[i]))
            return 0;
    return n > 0;
}

char *pct_amend__name_display(pct_arena *a, const char *s, size_t n)
{
    size_t letters = 0, upper = 0;
    for (size_t i = 0; i < n; i++)
        if (pct__is_alpha((unsigned char)s[i])) {
            letters++;
            upper += pct__is_upper((unsigned char)s[i]);
        }
    char *out = pct_arena__strndup(a, s, n);
    if (!out || letters == 0 || upper < letters)
        return out;
    static const char *const keep_upper[] = {"LLC", "LP", "LLP", "PLC", "AG", "SA", "NV", "BV",
                                             "USA", "US", "UK", "PTE", "SPA"};
    static const char *const lower_words[] = {"OF", "AND", "THE", "FOR", "DE", "DU", "LA", "TO",
                                              "IN", "ON", "BY", "AN", "A", "AS", "AT", "OR"};
    size_t i = 0;
    int first = 1;
    while (i < n) {
        while (i < n && !pct__is_alpha((unsigned char)out[i]))
            i++;
        size_t ws = i;
        while (i < n && pct__is_alpha((unsigned char)out[i]))
            i++;
        size_t wl = i - ws;
        if (!wl)
            break;
        int keep = roman_word(out + ws, wl);
        for (size_t k = 0; !keep && k < sizeof keep_upper / sizeof *keep_upper; k++)
            keep = strlen(keep_upper[k]) == wl && !memcmp(out + ws, keep_upper[k], wl);
        if (!keep && wl <= 3 && !suffix_word(out + ws, wl) && !(i < n && out[i] == '.')) {
            int lw = 0;
            for (size_t k = 0; k < sizeof lower_words / sizeof *lower_words; k++)
                lw |= strlen(lower_words[k]) == wl && !memcmp(out + ws, lower_words[k], wl);
            keep = !lw; /* a short capital word is an acronym: "KMC" */
        }
        if (!keep) {
            int lw = 0;
            for (size_t k = 0; k < sizeof lower_words / sizeof *lower_words; k++)
                lw |= strlen(lower_words[k]) == wl && !memcmp(out + ws, lower_words[k], wl);
            for (size_t k = ws + ((lw && !first) ? 0 : 1); k < i; k++)
                out[k] = (char)pct__lower((unsigned char)out[k]);
        }
        first = 0;
    }
    return out;
}

/* ============================================================ reading */

typedef struct reader {
    pct_family *fam;
    pct_arena *a;
    const pct_doc *doc;
    const pct_node *node;
    pct_family_doc *fd;
    pct_fdoc_ext *ext;
    pct_ftext head;   /* title + preamble + recitals + first part of the body */
    pct_vec refs;     /* pct_amend_ref */
    pct_vec ops;      /* pct_amend_op */
    pct_vec parties;  /* pct_amend_party */
    pct_vec names;    /* const char * keys of body names */
} reader;

static const char *ordinal_words[] = {"first",   "second", "third", "fourth",
                                      "fifth",   "sixth",  "seventh", "eighth",
                                      "ninth",   "tenth",  "eleventh", "twelfth"};

/* Ordinal in "Amendment No. 2", "Amendment Number 2", "Amendment #3",
 * "AMEND NO. 2", "Amendment 4" at s[i] (just after "amendment"/"amend"). */
static int ordinal_after(const char *s, size_t n, size_t i, size_t *used)
{
    size_t j = skip_sp(s, n, i), k;
    if ((k = pct__prefix_ws(s + j, n - j, "number ")) ||
        (k = pct__prefix_ws(s + j, n - j, "no. ")) || (k = pct__prefix_ws(s + j, n - j, "no ")) ||
        (k = pct__prefix_ws(s + j, n - j, "nr. ")))
        j = skip_sp(s, n, j + k);
    else if (j < n && s[j] == '#')
        j = skip_sp(s, n, j + 1);
    int v;
    size_t dl = digits_at(s, n, j, &v);
    if (!dl) { /* "Amendment II" */
        static const char *const romans[] = {"i",  "ii",  "iii",  "iv", "v",
                                             "vi", "vii", "viii", "ix", "x"};
        size_t e = j;
        while (e < n && strchr("IVXivx", s[e]))
            e++;
        if (e == j || (e < n && pct__is_alpha((unsigned char)s[e])) ||
            !pct__is_upper((unsigned char)s[j]))
            return 0;
        for (size_t r = 0; r < sizeof romans / sizeof *romans; r++)
            if (strlen(romans[r]) == e - j && pct__prefix_ci(s + j, e - j, romans[r])) {
                if (used)
                    *used = e - i;
                return (int)r + 1;
            }
        return 0;
    }
    if (dl > 2 || v <= 0 || v > AMEND_ORDINAL_MAX)
        return 0;
    if (used)
        *used = j + dl - i;
    return v;
}

/* Ordinal in "First Amendment", "2nd Amendment" ending just before s[i]. */
static int ordinal_before(const char *s, size_t i, size_t *start)
{
    if (i < 2 || s[i - 1] != ' ')
        return 0;
    size_t e = i - 1, b = e;
    while (b > 0 &&
           (pct__is_alpha((unsigned char)s[b - 1]) || pct__is_digit((unsigned char)s[b - 1])))
        b--;
    for (int k = 0; k < 12; k++)
        if (strlen(ordinal_words[k]) == e - b && pct__prefix_ci(s + b, e - b, ordinal_words[k])) {
            *start = b;
            return k + 1;
        }
    int v;
    size_t dl = digits_at(s, e, b, &v);
    if (dl && dl < e - b && (pct__prefix_ci(s + b + dl, e - b - dl, "st") ||
                             pct__prefix_ci(s + b + dl, e - b - dl, "nd") ||
                             pct__prefix_ci(s + b + dl, e - b - dl, "rd") ||
                             pct__prefix_ci(s + b + dl, e - b - dl, "th"))) {
        *start = b;
        return v;
    }
    return 0;
}

static int is_word_at(const char *s, size_t n, size_t i, const char *w)
{
    size_t k = strlen(w);
    if (i + k > n || !pct__prefix_ci(s + i, n - i, w))
        return 0;
    if (i > 0 && pct__is_alpha((unsigned char)s[i - 1]))
        return 0;
    return i + k == n || !pct__is_alpha((unsigned char)s[i + k]);
}

static int has_lower(const char *s)
{
    for (; *s; s++)
        if (pct__is_lower((unsigned char)*s))
            return 1;
    return 0;
}

static char *adup(reader *r, const char *s, size_t n) { return pct_arena__strndup(r->a, s, n); }

static char *iso_dup(reader *r, const char iso[PCT_ISO_LEN]) { return adup(r, iso, 10); }

static pct_amend_ref *add_ref(reader *r)
{
    if (r->refs.len >= REFS_MAX)
        return NULL;
    return pct_vec__push(&r->refs);
}

static pct_span span_join(pct_span a, pct_span b)
{
    if (a.end <= a.start)
        return b;
    if (b.end <= b.start)
        return a;
    return (pct_span){a.start < b.start ? a.start : b.start, a.end > b.end ? a.end : b.end};
}

/* The span of a reference's title where it is cited: the facts name the
 * heading's mention ("... TO THE PROFESSIONAL SERVICES AGREEMENT") even when
 * its number and date follow a later mention in the preamble; the citation
 * is that later mention, the last one within CITE_WINDOW before its first
 * detail. */
static pct_span cite_title_span(const reader *r, const pct_reference *x)
{
    pct_span t = x->title.span;
    size_t d0 = (size_t)-1;
    const pct_value *dv[] = {&x->identifier, &x->date, &x->effective_date};
    for (size_t k = 0; k < 3; k++)
        if (dv[k]->value && dv[k]->span.end > dv[k]->span.start && dv[k]->span.start < d0)
            d0 = dv[k]->span.start;
    if (!x->title.text || d0 == (size_t)-1 || d0 <= t.end + CITE_WINDOW || d0 < t.end)
        return t;
    const char *s = r->head.s;
    size_t n = r->head.n, tl = strlen(x->title.text);
    pct_span best = t;
    for (size_t from = 0; tl && from + tl <= n;) {
        long at = pct__find_ci(s + from, n - from, x->title.text);
        if (at < 0)
            break;
        size_t a = from + (size_t)at;
        pct_span sp = pct_amend__span(r->doc, &r->head, a, a + tl);
        if (sp.start >= d0)
            break;
        if (sp.start > t.end && sp.end + CITE_WINDOW >= d0)
            best = sp;
        from = a + 1;
    }
    return best;
}

static int refs_from_facts(reader *r, const pct_docfacts *df)
{
    if (!df)
        return 0;
    r->refs.len = 0;
    int is_amend = strcmp(r->fd->kind, "agreement") != 0;
    for (size_t k = 0; k < df->nrefs && k < REFS_MAX; k++) {
        const pct_reference *x = &df->refs[k];
        pct_amend_ref *o = add_ref(r);
        if (!o)
            break;
        memset(o, 0, sizeof *o);
        o->relation = !strcmp(x->relation, "amends") && !strcmp(r->fd->kind, "joinder")
                          ? "joins"
                          : x->relation;
        if (!is_amend && !strcmp(o->relation, "amends"))
            o->relation = "mentions";
        o->title = x->title.text;
        if (o->title && !has_lower(o->title) &&
            !(o->title = pct_amend__name_display(r->a, o->title, strlen(o->title))))
            return PCT_ENOMEM;
        o->identifier = x->identifier.value;
        o->date = x->date.value;
        o->effective_date = x->effective_date.value;
        o->ordinal = x->ordinal;
        o->span = cite_title_span(r, x);
        o->span = span_join(o->span, x->identifier.span);
        o->span = span_join(o->span, x->date.span);
        o->span = span_join(o->span, x->effective_date.span);
    }
    return 0;
}

/* The kind, ordinal and title of the document, and what it cites. */
static int read_head(reader *r)
{
    const char *s = r->head.s;
    size_t n = r->head.n < HEAD_SCAN ? r->head.n : HEAD_SCAN;
    pct_family_doc *fd = r->fd;
    fd->kind = "agreement";
    /* own ordinal: the first "Amendment No. N" / "First Amendment" */
    size_t amend_at = (size_t)-1, amend_end = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c0 = pct__lower((unsigned char)s[i]);
        if (c0 != 'j' && c0 != 'a') /* the words looked for here start with j or a */
            continue;
        if (is_word_at(s, n, i, "joinder") && amend_at == (size_t)-1 && i < 600) {
            fd->kind = "joinder";
            amend_at = i;
            amend_end = i + 7;
            break;
        }
        size_t w = is_word_at(s, n, i, "amendment") ? 9 : is_word_at(s, n, i, "amend") ? 5 : 0;
        if (!w)
            continue;
        size_t used = 0, b = i;
        int ord = ordinal_after(s, n, i + w, &used);
        if (!ord)
            ord = ordinal_before(s, i, &b);
        /* "Amended and Restated" or a mere mention is not the document's own kind */
        if (i >= KIND_SCAN && !(i >= 5 && pct__prefix_ci(s + i - 5, 5, "this ")))
            continue; /* deeper in, only "This Amendment" speaks of the document itself */
        size_t nx = skip_sp(s, n, i + w);
        int own = ord || (i >= 5 && pct__prefix_ci(s + i - 5, 5, "this ")) ||
                  is_word_at(s, n, nx, "to") || is_word_at(s, n, nx, "agreement");
        if (own) {
            if (is_word_at(s, n, i, "amend") && !ord)
                continue;
            fd->kind = "amendment";
            fd->ordinal = ord;
            amend_at = b;
            amend_end = i + w + used;
            break;
        }
    }
    if (amend_at == (size_t)-1 && (pct__find_ci(s, n, "is hereby amended") >= 0 ||
                                   pct__find_ci(s, n, "are hereby amended") >= 0 ||
                                   pct__find_ci(s, n, "hereby amend the") >= 0))
        fd->kind = "amendment";
    /* the title: the title node, else the opening words */
    if (r->node) {
        for (const pct_node *c = r->node->first; c; c = c->next)
            if (c->type == PCT_NODE_TITLE && c->heading) {
                fd->title = c->heading;
                r->ext->title_span = pct_node_span(c);
                break;
            }
    }
    if (!fd->title || (amend_at != (size_t)-1 &&
                       pct__find_ci(fd->title, strlen(fd->title),
                                    strcmp(fd->kind, "joinder") ? "amend" : "joinder") < 0)) {
        if (amend_at != (size_t)-1) {
            size_t e = amend_end;
            while (e < n && e < amend_end + 120 && !(s[e] == '.' && sentence_end(s, n, e)) &&
                   s[e] != '(' && s[e] != '"' && s[e] != ',')
                e++;
            while (e > amend_at && s[e - 1] == ' ')
                e--;
            if (!(fd->title = adup(r, s + amend_at, e - amend_at)))
                return PCT_ENOMEM;
        } else if (!fd->title) {
            size_t e = 0;
            while (e < n && e < 100 && s[e] != '.')
                e++;
            if (!(fd->title = adup(r, s, e)))
                return PCT_ENOMEM;
        }
    }
    /* a title behind a legend and a rule of dashes: keep what follows the rule */
    if (fd->title) {
        const char *t = fd->title, *after = NULL;
        for (const char *q = t; *q; q++)
            if ((q[0] == '-' || q[0] == '_' || q[0] == '=') && q[1] == q[0] && q[2] == q[0]) {
                while (*q == '-' || *q == '_' || *q == '=' || *q == ' ')
                    q++;
                after = q;
                if (!*q)
                    break;
            }
        if (after && strlen(after) >= 8)
            fd->title = after;
    }
    /* a title that runs on from exhibit labels: start it at the amendment's name */
    if (fd->title && amend_at != (size_t)-1 && amend_end > amend_at && amend_end - amend_at < 40) {
        char key[48];
        memcpy(key, s + amend_at, amend_end - amend_at);
        key[amend_end - amend_at] = 0;
        long at = pct__find_ci(fd->title, strlen(fd->title), key);
        if (at > 0)
            fd->title += at;
    }
    int from_this = amend_at != (size_t)-1 && amend_at >= 5 &&
                    pct__prefix_ci(s + amend_at - 5, 5, "this ") && !fd->ordinal;
    if (fd->title && !has_lower(fd->title) &&
        !(fd->title = pct_amend__name_display(r->a, fd->title, strlen(fd->title))))
        return PCT_ENOMEM;
    /* citations: the documents the facts layer found cited (extract_name.c) */
    int is_amend = strcmp(fd->kind, "agreement") != 0;
    int err = refs_from_facts(r, r->ext->facts);
    if (err)
        return err;
    /* an amendment cites first what it amends; make sure one ref says so */
    if (is_amend) {
        int has = 0;
        for (size_t k = 0; k < r->refs.len; k++) {
            pct_amend_ref *o = &PCT_VEC_AT(&r->refs, pct_amend_ref, k);
            has |= !strcmp(o->relation, "amends") || !strcmp(o->relation, "joins");
        }
        for (size_t k = 0; !has && k < r->refs.len; k++) {
            pct_amend_ref *o = &PCT_VEC_AT(&r->refs, pct_amend_ref, k);
            if (!o->ordinal) {
                o->relation = strcmp(fd->kind, "joinder") ? "amends" : "joins";
                has = 1;
            }
        }
    }
    /* "This Amendment is entered into ..." names no title: say what it amends */
    if (from_this && pct__find_ci(fd->title, strlen(fd->title), "amendment to") < 0) {
        const char *what = NULL;
        for (size_t k = 0; k < r->refs.len; k++)
            if (!strcmp(PCT_VEC_AT(&r->refs, pct_amend_ref, k).relation, "amends"))
                what = PCT_VEC_AT(&r->refs, pct_amend_ref, k).title;
        if (!(fd->title =
                  what ? pct_arena__printf(r->a, "Amendment to the %s", what) : "Amendment"))
            return PCT_ENOMEM;
    }
    /* the identifier of an agreement: "Agreement Number X" in its own title or preamble */
    for (size_t k = 0; k < r->refs.len; k++) {
        pct_amend_ref *o = &PCT_VEC_AT(&r->refs, pct_amend_ref, k);
        if (!strcmp(o->relation, "amends") && o->identifier && !fd->identifier && !is_amend)
            fd->identifier = o->identifier;
    }
    return 0;
}

/* ---------------------------------------------------------------- dates */

/* The document's own dates come from the facts layer (src/extract_dates.c:
 * agreement_date, effective_date, signature_dates, each with its rule). The
 * family keeps the execution (latest signature) apart from the stated dates,
 * so a facts date that only restates a signature ("date.signature.last",
 * "date.effective.signature_date", "... defined_as_last_signature") or an
 * agreement date that only copies the effective one (a preamble "effective
 * as of X" gives CUAD both) is not taken as a stated date. */
static int stated_date(const reader *r, const pct_value *v, int agreement)
{
    if (!v->value || strlen(v->value) != 10 || !v->rule)
        return 0;
    if (!strncmp(v->rule, "date.signature", 14) || strstr(v->rule, "signature"))
        return 0;
    /* a short document's first page may reach its signature page: a date
     * written in a signature block ("Date: 3/1/2010") is that signature's */
    for (size_t k = 0; k < r->ext->nsigs; k++) {
        pct_span g = r->ext->sigs[k]->date_span;
        if (g.end > g.start && v->span.start < g.end && g.start < v->span.end)
            return 0;
    }
    return !agreement || !strstr(v->rule, "effective");
}

static int read_dates(reader *r, const pct_docfacts *df)
{
    const char **sd = pct_arena__alloc(r->a, (r->ext->nsigs + 1) * sizeof *sd);
    if (!sd)
        return PCT_ENOMEM;
    r->ext->sig_dates = sd;
    if (!df)
        return 0;
    if (stated_date(r, &df->effective_date, 0) &&
        !(r->fd->effective_date = iso_dup(r, df->effective_date.value)))
        return PCT_ENOMEM;
    if (stated_date(r, &df->agreement_date, 1) &&
        !(r->fd->agreement_date = iso_dup(r, df->agreement_date.value)))
        return PCT_ENOMEM;
    /* each signature date belongs to the block whose date text it read */
    for (size_t i = 0; i < df->nsignature_dates; i++) {
        const pct_value *v = &df->signature_dates[i];
        for (size_t k = 0; k < r->ext->nsigs; k++) {
            if (r->ext->sigs[k]->date != v->raw || sd[k])
                continue;
            if (!(sd[k] = iso_dup(r, v->value)))
                return PCT_ENOMEM;
            if (pct_amend__datecmp(sd[k], r->fd->execution_date) > 0)
                r->fd->execution_date = sd[k];
            break;
        }
    }
    return 0;
}

/* ------------------------------------------------------------ parties */

typedef struct name_ctx {
    reader *r;
    const pct_ftext *ft;
    const char *source;
} name_ctx;

static pct_amend_party *find_party(reader *r, const char *key, int variants)
{
    for (size_t k = 0; k < r->parties.len; k++) {
        pct_amend_party *p = &PCT_VEC_AT(&r->parties, pct_amend_party, k);
        const char *pk = PCT_VEC_AT(&r->names, const char *, k);
        if (!strcmp(pk, key) || (variants && pct_amend__name_variant(pk, key)))
            return p;
    }
    return NULL;
}

/* Defined alias after a name: (hereinafter "X"), ("X"), (the "X"), (each a "X"). */
static int alias_after(reader *r, const pct_ftext *ft, size_t e, pct_amend_party *p)
{
    const char *s = ft->s;
    size_t lim = e + ALIAS_WINDOW < ft->n ? e + ALIAS_WINDOW : ft->n;
    for (size_t k = e; k < lim; k++) {
        if (s[k] == ';')
            return 0;
        if (s[k] != '(')
            continue;
        size_t q = k + 1;
        while (q < lim && q < k + 40 && s[q] != ')' && s[q] != '"' &&
               !((unsigned char)s[q] == 0xE2 && q + 2 < lim && (unsigned char)s[q + 1] == 0x80))
            q++;
        if (q >= lim || s[q] == ')')
            continue;
        size_t open = s[q] == '"' ? 1 : 3;
        size_t b = q + open, c = b;
        while (c < lim && c < b + 60 && s[c] != '"' && !((unsigned char)s[c] == 0xE2))
            c++;
        if (c >= lim || c == b || c >= b + 60)
            continue;
        if (!pct__is_upper((unsigned char)s[b]))
            continue;
        if (!(p->alias = adup(r, s + b, c - b)))
            return PCT_ENOMEM;
        p->alias_span = pct_amend__span(r->doc, ft, b, c);
        return 0;
    }
    return 0;
}

static int on_name(size_t start, size_t end, void *ud)
{
    name_ctx *nc = ud;
    reader *r = nc->r;
    if (r->parties.len >= NAMES_MAX)
        return 0;
    const char *s = nc->ft->s + start;
    size_t len = end - start;
    char *key = pct_amend__name_key(r->a, s, len);
    if (!key)
        return PCT_ENOMEM;
    pct_amend_party *p = find_party(r, key, 0);
    if (!p && (p = find_party(r, key, 1))) {
        /* a variant spelling: keep where it is written (once per spelling, a few of them) */
        for (size_t k = 0; k < p->nvariants; k++)
            if (strlen(p->variants[k].text) == len && !memcmp(p->variants[k].text, s, len))
                return 0;
        if (p->nvariants >= VARIANTS_MAX)
            return 0;
        pct_amend_name *v = pct_arena__alloc(r->a, (p->nvariants + 1) * sizeof *v);
        if (!v)
            return PCT_ENOMEM;
        if (p->nvariants)
            memcpy(v, p->variants, p->nvariants * sizeof *v);
        v[p->nvariants].text = adup(r, s, len);
        v[p->nvariants].span = pct_amend__span(r->doc, nc->ft, start, end);
        if (!v[p->nvariants].text)
            return PCT_ENOMEM;
        p->variants = v;
        p->nvariants++;
        return 0;
    }
    if (p) {
        /* same name again: a mixed-case spelling is better than capitals */
        if (!p->alias)
            return alias_after(r, nc->ft, end, p);
        return 0;
    }
    p = pct_vec__push(&r->parties);
    const char **slot = pct_vec__push(&r->names);
    if (!p || !slot)
        return PCT_ENOMEM;
    *slot = key;
    p->name.text = pct_amend__name_display(r->a, s, len);
    p->name.span = pct_amend__span(r->doc, nc->ft, start, end);
    p->source = nc->source;
    if (!p->name.text)
        return PCT_ENOMEM;
    return alias_after(r, nc->ft, end, p); /* a defined name makes a party wherever it is */
}

static int names_in(reader *r, const pct_ftext *ft, const char *source)
{
    name_ctx nc = {r, ft, source};
    return pct_amend__entity_names(ft, 0, ft->n, on_name, &nc);
}

/* The majority spelling wins: when the variants agree with each other (the
 * title and the signature block against the preamble), the preamble's
 * spelling becomes the variant. */
static void settle_spellings(reader *r)
{
    for (size_t k = 0; k < r->parties.len; k++) {
        pct_amend_party *p = &PCT_VEC_AT(&r->parties, pct_amend_party, k);
        if (p->nvariants < 2)
            continue;
        char *k0 = pct_amend__name_key(r->a, p->variants[0].text, strlen(p->variants[0].text));
        int agree = k0 != NULL;
        for (size_t v = 1; agree && v < p->nvariants; v++) {
            char *kv = pct_amend__name_key(r->a, p->variants[v].text, strlen(p->variants[v].text));
            agree = kv && !strcmp(k0, kv);
        }
        if (!agree)
            continue;
        pct_amend_name old = p->name;
        const char *disp = pct_amend__name_display(r->a, p->variants[0].text,
                                                   strlen(p->variants[0].text));
        if (!disp)
            continue;
        p->name.text = disp;
        p->name.span = p->variants[0].span;
        ((pct_amend_name *)p->variants)[0] = old;
        PCT_VEC_AT(&r->names, const char *, k) = k0;
    }
}

static int read_parties(reader *r)
{
    int err = 0;
    pct_ftext ft;
    /* preamble first (with aliases), then the title, then the body */
    const pct_node *order[3] = {NULL, NULL, NULL};
    for (const pct_node *c = r->node->first; c; c = c->next) {
        if (c->type == PCT_NODE_PREAMBLE && !order[0])
            order[0] = c;
        if (c->type == PCT_NODE_TITLE && !order[1])
            order[1] = c;
    }
    static const char *const src[2] = {"preamble", "title"};
    for (int i = 0; i < 2; i++) {
        if (!order[i])
            continue;
        if ((err = pct_amend__fold(&ft, r->a, r->doc, order[i]->span.start, order[i]->span.end)) <
                0 ||
            (err = names_in(r, &ft, src[i])) < 0)
            return err;
    }
    if (!order[0]) { /* no preamble node: the opening words stand for it */
        if ((err = names_in(r, &r->head, "preamble")) < 0)
            return err;
    }
    size_t budget = BODY_SCAN_MAX;
    fold_buf fb = {r->fam->ctx, NULL, NULL, 0}; /* body passages: read once, names copied out */
    for (const pct_node *c = r->node->first; c && budget; c = c->next) {
        if (c->type != PCT_NODE_RECITAL && c->type != PCT_NODE_SECTION)
            continue;
        size_t end = c->span.end - c->span.start > budget ? c->span.start + budget : c->span.end;
        budget -= end - c->span.start;
        if ((err = fold_scratch(&ft, &fb, r->doc, c->span.start, end)) < 0 ||
            (err = names_in(r, &ft, "body")) < 0)
            break;
    }
    fold_buf_free(&fb);
    if (err < 0)
        return err;
    /* body names, for the audit: every key seen so far */
    size_t nb = r->names.len;
    const char **bn = pct_arena__alloc(r->a, (nb + 1) * sizeof *bn);
    if (!bn)
        return PCT_ENOMEM;
    for (size_t k = 0; k < nb; k++)
        bn[k] = PCT_VEC_AT(&r->names, const char *, k);
    r->ext->body_names = bn;
    r->ext->nbody_names = nb;
    /* signature entities add variants (and signature-only names) */
    for (size_t k = 0; k < r->ext->nsigs; k++) {
        const pct_signature *g = r->ext->sigs[k];
        if (!g->entity)
            continue;
        char *key = pct_amend__name_key(r->a, g->entity, strlen(g->entity));
        if (!key)
            return PCT_ENOMEM;
        pct_amend_party *p = find_party(r, key, 0);
        if (p)
            continue;
        if ((p = find_party(r, key, 1)) && p->nvariants < VARIANTS_MAX) {
            pct_amend_name *v = pct_arena__alloc(r->a, (p->nvariants + 1) * sizeof *v);
            if (!v)
                return PCT_ENOMEM;
            if (p->nvariants)
                memcpy(v, p->variants, p->nvariants * sizeof *v);
            v[p->nvariants].text = g->entity;
            v[p->nvariants].span = g->entity_span;
            p->variants = v;
            p->nvariants++;
        }
    }
    settle_spellings(r);
    return 0;
}

/* ========================================================= operations */

typedef struct prov {
    const pct_node *node; /* the provision (a SECTION node) */
    const char *number;   /* the amendment's own number for it */
} prov;

static const char *const boiler_cues[] = {
    "entire agreement",
    "counterpart",
    "governing law",
    "full force and effect",
    "ratif",
    "capitalized terms",
    "miscellaneous",
    "headings",
    "severab",
    "binding effect",
    "successors and assigns",
    "no other amendment",
    "no other changes",
    "except as amended",
    "except as expressly",
    "except as specifically",
    "effectiveness",
    "facsimile",
    "this amendment shall be governed",
    "defined terms",
    "references to the agreement",
    "conflict between",
    "in the event of any conflict",
    "shall control",
    "shall prevail",
    "shall be construed",
    "electronic signature",
    "counterparts",
    "captions",
    "for convenience of reference",
};

static int has(const char *s, size_t n, const char *lit) { return pct__find_ci(s, n, lit) >= 0; }

static int boilerplate(const char *heading, const char *s, size_t n)
{
    if (has(s, n, "hereby amended") || has(s, n, "is amended") || has(s, n, "are amended") ||
        has(s, n, "deleted") || has(s, n, "replaced") || has(s, n, "extended") ||
        has(s, n, "new section") || has(s, n, "additionally include"))
        return 0;
    for (size_t i = 0; i < sizeof boiler_cues / sizeof *boiler_cues; i++) {
        if (heading && has(heading, strlen(heading), boiler_cues[i]))
            return 1;
        if (has(s, n < 400 ? n : 400, boiler_cues[i]))
            return 1;
    }
    return 0;
}

/* Is a full stop at s[i] the end of a sentence? */
static int sentence_end(const char *s, size_t n, size_t i)
{
    if (s[i] != '.' || i + 2 >= n || s[i + 1] != ' ')
        return 0;
    unsigned char nx = (unsigned char)s[i + 2];
    if (!(pct__is_upper(nx) || nx == '"' || nx == '(' || nx >= 0x80))
        return 0;
    size_t b = i;
    while (b > 0 && pct__is_alpha((unsigned char)s[b - 1]))
        b--;
    size_t w = i - b;
    if (w == 1)
        return 0; /* an initial: "C." */
    static const char *const abbr[] = {"inc", "no", "co", "corp", "ltd", "mr", "ms", "dr", "st",
                                       "sec", "vs", "v", "e.g", "i.e", "nos", "jr", "sr", "u.s"};
    for (size_t k = 0; k < sizeof abbr / sizeof *abbr; k++)
        if (strlen(abbr[k]) == w && pct__prefix_ci(s + b, w, abbr[k]))
            return 0;
    if (b > 0 && s[b - 1] == '.')
        return 0; /* "L.L.C." */
    if (w == 0 && i > 0 && pct__is_digit((unsigned char)s[i - 1])) {
        /* "Section 3." followed by its heading is not an end; "2012." is */
        size_t d = i;
        while (d > 0 && (pct__is_digit((unsigned char)s[d - 1]) || s[d - 1] == '.'))
            d--;
        if (d == 0)
            return 0;
        size_t e = d > 0 && s[d - 1] == ' ' ? d - 1 : d, q = e;
        while (q > 0 && pct__is_alpha((unsigned char)s[q - 1]))
            q--;
        static const char *const kw[] = {"section", "sections", "article", "paragraph", "clause",
                                         "exhibit", "schedule", "no", "number"};
        for (size_t k = 0; k < sizeof kw / sizeof *kw; k++)
            if (strlen(kw[k]) == e - q && pct__prefix_ci(s + q, e - q, kw[k]))
                return 0;
        return i - d > 2 || (d > 0 && s[d - 1] != ' ') ? 1 : 0;
    }
    return 1;
}

/* A section reference after `at`: "Section 3.1", "Article IV", "Paragraph 2(b)",
 * "§ 2.3", read by the reference scanner (src/scan_ref.re); exhibits and
 * schedules are not sections. Returns 1 with its number at folded offsets
 * [b, e) (after the keyword) and the keyword at kw, or 0. */
static int section_ref(const char *s, size_t n, size_t at, size_t *b_out, size_t *e_out,
                       size_t *kw_out)
{
    char num[SECREF_MAX];
    pct_refkind kind;
    size_t len = 0;
    for (size_t i = at, m; i < n && (m = pct_scan__next_secref(s, n, i, num, sizeof num, &kind,
                                                               &len)) < n;
         i = m + (len ? len : 1)) {
        if (kind == PCT_REF_EXHIBIT || kind == PCT_REF_SCHEDULE || !len)
            continue;
        size_t b = m, e = m + len;
        if ((unsigned char)s[b] == 0xC2) /* "§" */
            b += 2;
        while (b < e && pct__is_alpha((unsigned char)s[b]))
            b++;
        b = skip_sp(s, e, b);
        if (b >= e)
            continue;
        *b_out = b;
        *e_out = e;
        if (kw_out)
            *kw_out = m;
        return 1;
    }
    return 0;
}

/* A section number without spaces: "10.1 (a)" -> "10.1(a)". */
static char *ref_dup(pct_arena *a, const char *s, size_t b, size_t e)
{
    char *out = pct_arena__alloc(a, e - b + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = b; i < e; i++)
        if (s[i] != ' ')
            out[o++] = s[i];
    out[o] = 0;
    return out;
}

/* A defined term's name from s[b, e): runs of white space become one space
 * and the ends are trimmed ("Research &  Development Plan"); unlike a
 * section reference, a term's words keep their spaces. */
static char *term_dup(pct_arena *a, const char *s, size_t b, size_t e)
{
    char *out = pct_arena__alloc(a, e - b + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = b; i < e; i++) {
        if (!pct__is_space((unsigned char)s[i]))
            out[o++] = s[i];
        else if (o && out[o - 1] != ' ')
            out[o++] = ' ';
    }
    if (o && out[o - 1] == ' ')
        o--;
    out[o] = 0;
    return out;
}

/* A quoted term after `at`: "Customer" or “Customer”. */
static int quoted(const char *s, size_t n, size_t at, size_t lim, size_t *b_out, size_t *e_out)
{
    for (size_t i = at; i < lim && i < n; i++) {
        size_t open = 0;
        if (s[i] == '"')
            open = 1;
        else if ((unsigned char)s[i] == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                 ((unsigned char)s[i + 2] == 0x9C || (unsigned char)s[i + 2] == 0x98))
            open = 3;
        else if (s[i] == '\'' && (i == 0 || s[i - 1] == ' '))
            open = 1;
        if (!open)
            continue;
        size_t b = i + open, e = b;
        while (e < n && e < b + 400 && s[e] != '"' &&
               !((unsigned char)s[e] == 0xE2 && e + 2 < n && (unsigned char)s[e + 1] == 0x80 &&
                 ((unsigned char)s[e + 2] == 0x9D || (unsigned char)s[e + 2] == 0x99)) &&
               !(open == 1 && s[i] == '\'' && s[e] == '\'' &&
                 (e + 1 >= n || !pct__is_alpha((unsigned char)s[e + 1]))))
            e++;
        if (e >= n || e == b || e >= b + 400)
            return 0;
        *b_out = b;
        *e_out = e;
        return 1;
    }
    return 0;
}

typedef struct opctx {
    reader *r;
    const pct_ftext *ft;
    const char *provision;
    const char *heading;
} opctx;

static pct_amend_op *new_op(opctx *c, pct_op_kind kind, pct_target_kind tk, size_t a, size_t b,
                            const char *rule)
{
    reader *r = c->r;
    if (r->ops.len >= OPS_MAX)
        return NULL;
    pct_amend_op *op = pct_vec__push(&r->ops);
    if (!op)
        return NULL;
    op->kind = kind;
    op->target_kind = tk;
    op->provision = c->provision;
    op->rule = rule;
    size_t len = b - a;
    op->text = pct_arena__strndup(r->a, c->ft->s + a, len);
    op->span = pct_amend__span(r->doc, c->ft, a, b);
    return op;
}

static int set_after(opctx *c, pct_amend_op *op, size_t a, size_t b)
{
    const char *s = c->ft->s;
    while (a < b && (s[a] == ' ' || s[a] == ':'))
        a++;
    while (b > a && s[b - 1] == ' ')
        b--;
    if (b - a >= 2 && s[a] == '"' && s[b - 1] == '"' ) {
        a++;
        b--;
    }
    if (a >= b)
        return 0;
    op->after = pct_arena__strndup(c->r->a, s + a, b - a);
    op->after_span = pct_amend__span(c->r->doc, c->ft, a, b);
    return op->after ? 0 : PCT_ENOMEM;
}

typedef struct members_ctx {
    opctx *c;
    pct_amend_name *v;
    size_t n, cap;
    const char **keys;
} members_ctx;

static int on_member(size_t start, size_t end, void *ud)
{
    members_ctx *m = ud;
    reader *r = m->c->r;
    if (m->n >= MEMBERS_MAX)
        return 1; /* bound reached: the rest of the list is not read */
    char *key = pct_amend__name_key(r->a, m->c->ft->s + start, end - start);
    if (!key)
        return PCT_ENOMEM;
    for (size_t i = 0; i < m->n; i++)
        if (!strcmp(m->keys[i], key))
            return 0; /* repeated in the same provision */
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 8;
        pct_amend_name *v = pct_arena__alloc(r->a, cap * sizeof *v);
        const char **k = pct_arena__alloc(r->a, cap * sizeof *k);
        if (!v || !k)
            return PCT_ENOMEM;
        if (m->n) {
            memcpy(v, m->v, m->n * sizeof *v);
            memcpy(k, m->keys, m->n * sizeof *k);
        }
        m->v = v, m->keys = k, m->cap = cap;
    }
    m->keys[m->n] = key;
    m->v[m->n].text = pct_amend__name_display(r->a, m->c->ft->s + start, end - start);
    m->v[m->n].span = pct_amend__span(r->doc, m->c->ft, start, end);
    if (!m->v[m->n].text)
        return PCT_ENOMEM;
    m->n++;
    return 0;
}

/* Is `w` written as a word in s[a, b)? */
static long word_in(const char *s, size_t a, size_t b, const char *w)
{
    size_t n = strlen(w);
    for (size_t i = a; n && i + n <= b; i++)
        if (!memcmp(s + i, w, n) && (i == a || !pct__is_alpha((unsigned char)s[i - 1])) &&
            (i + n == b || !pct__is_alpha((unsigned char)s[i + n])))
            return (long)i;
    return -1;
}

static int collect_members(opctx *c, pct_amend_op *op, size_t a, size_t b)
{
    members_ctx m = {c, NULL, 0, 0, NULL};
    int err = pct_amend__entity_names(c->ft, a, b, on_member, &m);
    if (err == 1)
        err = 0;
    /* no entity name: a party's defined name ("Bellweather Field") stands for it */
    for (size_t k = 0; !err && m.n == 0 && k < c->r->parties.len; k++) {
        const pct_amend_party *p = &PCT_VEC_AT(&c->r->parties, pct_amend_party, k);
        long at = p->alias ? word_in(c->ft->s, a, b, p->alias) : -1;
        if (at < 0 || (op->target && !strcmp(p->alias, op->target)))
            continue;
        pct_amend_name *v = pct_arena__alloc(c->r->a, sizeof *v);
        if (!v)
            return PCT_ENOMEM;
        v->text = p->name.text;
        v->span = pct_amend__span(c->r->doc, c->ft, (size_t)at, (size_t)at + strlen(p->alias));
        m.v = v;
        m.n = 1;
    }
    op->members = m.v;
    op->nmembers = m.n;
    return err;
}

/* A limit in time or scope inside [a, b): "solely with respect to ...", "until ...". */
static int find_limit(opctx *c, pct_amend_op *op, size_t a, size_t b)
{
    static const char *const cues[] = {"solely with respect to",
                                       "solely for",
                                       "only with respect to",
                                       "only for",
                                       "only in",
                                       "solely in",
                                       "until ",
                                       "from and after",
                                       "commencing on",
                                       "beginning on",
                                       "for the period",
                                       "with effect from",
                                       "provided that",
                                       "for purposes of"};
    const char *s = c->ft->s;
    for (size_t i = a; i < b; i++) {
        if (i > a && pct__is_alpha((unsigned char)s[i - 1]))
            continue;
        for (size_t k = 0; k < sizeof cues / sizeof *cues; k++) {
            size_t w = pct__prefix_ws(s + i, b - i, cues[k]);
            if (!w)
                continue;
            size_t e = i + w;
            while (e < b && s[e] != ';' && !(s[e] == ',' && e > i + w + 30) &&
                   !(s[e] == '.' && sentence_end(s, b, e)))
                e++;
            while (e > i + w && (s[e - 1] == '.' || s[e - 1] == ' '))
                e--;
            op->limit = pct_arena__strndup(c->r->a, s + i, e - i);
            op->limit_span = pct_amend__span(c->r->doc, c->ft, i, e);
            return op->limit ? 0 : PCT_ENOMEM;
        }
    }
    return 0;
}

/* Where "the following" / "as follows" hands over to new text: the offset
 * after its colon, or 0. */
static size_t follows_at(const char *s, size_t a, size_t b)
{
    long f = pct__find_ci(s + a, b - a, "follows");
    long g = pct__find_ci(s + a, b - a, "the following");
    long h = f < 0 ? g : g < 0 ? f : (f < g ? f : g);
    if (h < 0)
        return 0;
    for (size_t i = a + (size_t)h; i < b && i < a + (size_t)h + 120; i++)
        if (s[i] == ':')
            return i + 1;
    return 0;
}

static int word_term(const char *s, size_t n)
{
    for (size_t i = 0; i + 4 <= n; i++)
        if ((pct__lower((unsigned char)s[i]) == 't' || pct__lower((unsigned char)s[i]) == 'e') &&
            (is_word_at(s, n, i, "term") || is_word_at(s, n, i, "expiration") ||
             is_word_at(s, n, i, "expiry") || is_word_at(s, n, i, "expire")))
            return 1;
    return 0;
}

/* "(b)", "(a)(2)" at s[i]: its length, or 0. */
static size_t paren_number(const char *s, size_t n, size_t i)
{
    size_t j = i;
    while (j + 2 < n && s[j] == '(') {
        size_t q = j + 1;
        while (q < n && q < j + 6 &&
               (pct__is_alpha((unsigned char)s[q]) || pct__is_digit((unsigned char)s[q])))
            q++;
        if (q >= n || s[q] != ')' || q == j + 1)
            break;
        j = q + 1;
    }
    return j - i;
}

/* "Section 14.2 is amended by deleting subsection (b) thereof and by replacing
 * subsection (a)(2) with the following: ...": one operation per clause, each
 * on the subsection it names. */
static int subsection_clauses(opctx *c, size_t a, size_t b, size_t rest, const char *sec,
                              size_t fol, int *took, int *made)
{
    const char *s = c->ft->s;
    if (!sec)
        return PCT_ENOMEM;
    size_t ca = a;
    while (ca < b) {
        long nx = pct__find_ci(s + ca + 1, b - ca - 1, " and by ");
        size_t cb = nx < 0 ? b : ca + 1 + (size_t)nx;
        const char *t = s + ca;
        size_t n = cb - ca;
        int del = has(t, n, "deleting") && !has(t, n, "replac") && !has(t, n, "insert");
        int rep = has(t, n, "replacing") || has(t, n, "substituting") || has(t, n, "restat") ||
                  has(t, n, "to read");
        long sub = -1;
        size_t rb, re, rk;
        if (ca > a && (del || rep) && section_ref(s, cb, ca, &rb, &re, &rk)) {
            /* "and by amending Section 14.2(a)(2) to read ...": the clause names its own */
            pct_amend_op *op = new_op(c, del ? PCT_OP_DELETE_SECTION : PCT_OP_REPLACE_SECTION,
                                      PCT_TARGET_SECTION, ca, cb, del ? "op.section.delete"
                                                                      : "op.section.replace");
            if (!op || !(op->target = ref_dup(c->r->a, s, rb, re)))
                return PCT_ENOMEM;
            if (rep && fol > ca) {
                int err = set_after(c, op, fol, rest);
                if (err)
                    return err;
                *took = 1;
            }
            ++*made;
            ca = cb + 1;
            continue;
        }
        for (size_t i = ca; i < cb && sub < 0; i++)
            if (s[i] == '(' && paren_number(s, cb, i) && i > ca &&
                (has(s + (i > ca + 14 ? i - 14 : ca), i - (i > ca + 14 ? i - 14 : ca),
                     "subsection") ||
                 has(s + (i > ca + 14 ? i - 14 : ca), i - (i > ca + 14 ? i - 14 : ca),
                     "paragraph") ||
                 has(s + (i > ca + 14 ? i - 14 : ca), i - (i > ca + 14 ? i - 14 : ca), "clause")))
                sub = (long)i;
        if ((del || rep) && sub >= 0) {
            size_t pl = paren_number(s, cb, (size_t)sub);
            pct_amend_op *op = new_op(c, del ? PCT_OP_DELETE_SECTION : PCT_OP_REPLACE_SECTION,
                                      PCT_TARGET_SECTION, ca, cb, del ? "op.subsection.delete"
                                                                      : "op.subsection.replace");
            if (!op || !(op->target = pct_arena__printf(c->r->a, "%s%.*s", sec, (int)pl, s + sub)))
                return PCT_ENOMEM;
            if (rep && fol > ca) {
                int err = set_after(c, op, fol, rest);
                if (err)
                    return err;
                *took = 1;
            }
            ++*made;
        }
        ca = cb + 1;
    }
    if (!*made) { /* no clause named a subsection: the section's words change */
        pct_amend_op *op =
            new_op(c, PCT_OP_AMEND_SECTION_TEXT, PCT_TARGET_SECTION, a, b, "op.section.words");
        if (!op)
            return PCT_ENOMEM;
        op->target = sec;
        ++*made;
    }
    return 0;
}

/* One sentence being read: the rules below share it. */
typedef struct sent {
    opctx *c;
    size_t a, b;  /* the sentence, folded offsets */
    size_t rest;  /* the provision's end: new text "as follows" runs to it */
    size_t fol;   /* where new text after "the following:" starts, or 0 */
    int *took;    /* set when the new text took the rest of the provision */
    int *made;    /* incremented per operation made */
} sent;

#define RULE_NO 1 /* a rule's "this sentence is not mine" */

/* The names every rule reads; each may leave some unused. */
#define SENT_LOCALS(x)                                                                             \
    opctx *c = (x)->c;                                                                             \
    const char *s = c->ft->s;                                                                      \
    size_t a = (x)->a, b = (x)->b, rest = (x)->rest, fol = (x)->fol;                               \
    const char *t = s + a;                                                                         \
    size_t n = b - a;                                                                              \
    int *took = (x)->took, *made = (x)->made;                                                      \
    pct_amend_op *op = NULL;                                                                       \
    size_t tb = 0, te = 0, kw = 0;                                                                 \
    int err = 0;                                                                                   \
    (void)rest, (void)fol, (void)t, (void)n, (void)took, (void)made, (void)op, (void)tb, (void)te, \
        (void)kw, (void)err

/* Rule 1: a defined term added to or restated. Returns RULE_NO when it does not apply. */
static int rule_definition(sent *x)
{
    SENT_LOCALS(x);
    size_t sb0, se0, sk0;
    int sref_first =
        section_ref(s, b, a, &sb0, &se0, &sk0) && quoted(s, b, a, b, &tb, &te) && sk0 < tb;
    int defn = has(t, n, "definition of") || has(t, n, "defined term") ||
               (quoted(s, b, a, b, &tb, &te) &&
                (has(t, n, "shall mean") || has(t, n, "shall include") ||
                 (has(t, n, "references") && has(t, n, " include") && !has(t, n, "wherever") &&
                  !sref_first)));
    if (defn && quoted(s, b, a, b, &tb, &te)) {
        int add = has(t, n, "additionally include") || has(t, n, "also include") ||
                  (has(t, n, "references") && has(t, n, " include")) ||
                  has(t, n, "amended to include") || has(t, n, "shall include") ||
                  has(t, n, "is expanded to include") || has(t, n, "to include");
        pct_op_kind k = add ? PCT_OP_ADD_TO_DEFINITION : PCT_OP_REPLACE_DEFINITION;
        if (!add && !(has(t, n, "replaced") || has(t, n, "restated") || has(t, n, "amended") ||
                      has(t, n, "shall mean") || has(t, n, "deleted")))
            return RULE_NO;
        if (!(op = new_op(c, k, PCT_TARGET_DEFINED_TERM, a, b,
                          add ? "op.definition.include" : "op.definition.replace")))
            return PCT_ENOMEM;
        if (!(op->target = term_dup(c->r->a, s, tb, te)))
            return PCT_ENOMEM;
        if (add) {
            long inc = pct__find_ci(t + (te - a), n - (te - a), "include");
            if (inc >= 0)
                inc += (long)(te - a);
            size_t from = inc >= 0 ? a + (size_t)inc + 7 : te;
            if ((err = collect_members(c, op, from, b)) < 0 ||
                (err = set_after(c, op, from, b)) < 0)
                return err;
        } else {
            size_t from = fol ? fol : te + 1;
            long m = pct__find_ci(t, n, "shall mean");
            if (!fol && m >= 0)
                from = a + (size_t)m;
            size_t to = fol ? rest : b;
            if ((err = set_after(c, op, from, to)) < 0)
                return err;
            *took = fol != 0;
        }
        ++*made;
        return find_limit(c, op, a, b);
    }
    return RULE_NO;
}

/* Rule 2: the term or expiration extended. Returns RULE_NO when it does not apply. */
static int rule_term_extension(sent *x)
{
    SENT_LOCALS(x);
    if (word_term(t, n) && (has(t, n, "extend") || has(t, n, "renew"))) {
        if (!section_ref(s, b, a, &tb, &te, &kw))
            tb = te = 0;
        size_t q1b, q1e, q2b, q2e;
        if (tb < te && quoted(s, b, a, b, &q1b, &q1e) && quoted(s, b, q1e + 1, b, &q2b, &q2e) &&
            (has(t, n, "deleting") || has(t, n, "replac") || has(t, n, "substitut"))) {
            pct_amend_op *w = new_op(c, PCT_OP_AMEND_SECTION_TEXT, PCT_TARGET_SECTION, a, b,
                                     "op.section.words");
            if (!w || !(w->target = ref_dup(c->r->a, s, tb, te)) ||
                !(w->before = pct_arena__strndup(c->r->a, s + q1b, q1e - q1b)) ||
                !(w->after = pct_arena__strndup(c->r->a, s + q2b, q2e - q2b)))
                return PCT_ENOMEM;
            w->after_span = pct_amend__span(c->r->doc, c->ft, q2b, q2e);
        }
        if (!(op = new_op(c, PCT_OP_EXTEND_TERM, PCT_TARGET_TERM, a, b, "op.term.extend")))
            return PCT_ENOMEM;
        op->target = has(t, n, "expiration date") ? "expiration date" : "term";
        char iso[PCT_ISO_LEN];
        size_t dl = 0;
        /* "from X to Y": X is the old date; otherwise the last date is the new one */
        long fr = pct__find_ci(t, n, " from ");
        size_t scan = a;
        if (fr >= 0) {
            size_t fa = a + (size_t)fr + 6;
            if (pct_amend__date_here(s, b, fa, iso)) {
                long d = pct_amend__find_date(s, fa, b, iso, &dl);
                if (!(op->before = pct_arena__strndup(c->r->a, iso, 10)))
                    return PCT_ENOMEM;
                scan = (size_t)d + dl;
            }
        }
        for (long d; (d = pct_amend__find_date(s, scan, b, iso, &dl)) >= 0; scan = (size_t)d + dl) {
            if (!(op->after = pct_arena__strndup(c->r->a, iso, 10)))
                return PCT_ENOMEM;
            op->after_span = pct_amend__span(c->r->doc, c->ft, (size_t)d, (size_t)d + dl);
        }
        if (!op->after) { /* "for two (2) years", "for an additional 12 months" */
            pct_duration du;
            size_t at, dlen = 0;
            for (size_t i = a; i < b && (at = pct_scan__next_duration(s, b, i, &du, &dlen)) < b;
                 i = at + (dlen ? dlen : 1)) {
                if (du.unit != PCT_UNIT_MONTH && du.unit != PCT_UNIT_YEAR)
                    continue;
                if (!(op->after = pct_arena__printf(c->r->a, "+%d months", du.months)))
                    return PCT_ENOMEM;
                op->after_span = pct_amend__span(c->r->doc, c->ft, at, at + dlen);
                break;
            }
        }
        ++*made;
        return 0;
    }
    return RULE_NO;
}

/* Rule 3: an exhibit or schedule added, replaced or supplemented. Returns RULE_NO when it does not
 * apply. */
static int rule_exhibit(sent *x)
{
    SENT_LOCALS(x);
    {
        static const char *const ex[] = {"exhibit ", "exhibits ", "schedule ",
                                         "annex ",   "appendix ", "attachment "};
        long at = -1;
        size_t exw = 0;
        for (size_t k = 0; k < sizeof ex / sizeof *ex; k++) {
            long f = pct__find_ci(t, n, ex[k]);
            if (f >= 0 && (at < 0 || f < at)) {
                at = f;
                exw = strlen(ex[k]);
            }
        }
        if (at >= 0 && pct__is_upper((unsigned char)t[at]) &&
            !(section_ref(s, b, a, &tb, &te, &kw) && kw < a + (size_t)at)) {
            int repl = has(t, n, "replaced") || has(t, n, "restated") || has(t, n, "substitut") ||
                       has(t, n, "superseded");
            if (!has(t, n, "replaced") &&
                (has(t, n, "supplemented") || has(t, n, "amended to add") ||
                 has(t, n, "amended by adding")) &&
                !(section_ref(s, b, a, &tb, &te, &kw) && kw < a + (size_t)at)) {
                if (!(op = new_op(c, PCT_OP_AMEND_SECTION_TEXT, PCT_TARGET_EXHIBIT, a, b,
                                  "op.exhibit.supplement")))
                    return PCT_ENOMEM;
                size_t eb = a + (size_t)at, ee = eb + exw;
                while (ee < b && ee < eb + exw + 8 && s[ee] != ' ' && s[ee] != ',')
                    ee++;
                while (ee > eb && s[ee - 1] == '.')
                    ee--;
                if (!(op->target = pct_arena__strndup(c->r->a, s + eb, ee - eb)))
                    return PCT_ENOMEM;
                if (fol) {
                    if ((err = set_after(c, op, fol, rest)) < 0)
                        return err;
                    *took = 1;
                }
                ++*made;
                return 0;
            }
            int add = has(t, n, "added") || has(t, n, "attached") || has(t, n, "adding") ||
                      has(t, n, "new exhibit") || has(t, n, "new schedule") ||
                      has(t, n, "inserted") || has(t, n, "incorporated") ||
                      has(t, n, "made a part");
            if (add && !repl && (has(t, n, "added to exhibit") || has(t, n, "added to schedule") ||
                                 has(t, n, "added to the exhibit"))) {
                if (!(op = new_op(c, PCT_OP_AMEND_SECTION_TEXT, PCT_TARGET_EXHIBIT, a, b,
                                  "op.exhibit.words")))
                    return PCT_ENOMEM;
                long te2 = pct__find_ci(t, n, "added to ");
                size_t eb = a + (size_t)te2 + 9, ee = eb;
                if (pct__prefix_ci(s + eb, b - eb, "the "))
                    eb += 4, ee = eb;
                while (ee < b && ee < eb + 20 && s[ee] != ',' && s[ee] != ' ')
                    ee++;
                if (ee < b && s[ee] == ' ')
                    for (ee++;
                         ee < b && ee < eb + 24 && s[ee] != ' ' && s[ee] != ',' && s[ee] != ':';
                         ee++)
                        ;
                while (ee > eb && s[ee - 1] == '.')
                    ee--;
                if (!(op->target = pct_arena__strndup(c->r->a, s + eb, ee - eb)))
                    return PCT_ENOMEM;
                if (fol) {
                    if ((err = set_after(c, op, fol, rest)) < 0)
                        return err;
                    *took = 1;
                }
                ++*made;
                return 0;
            }
            if (repl || (add && !has(t, n, "amended by"))) {
                if (!(op = new_op(c, repl ? PCT_OP_REPLACE_EXHIBIT : PCT_OP_ADD_EXHIBIT,
                                  PCT_TARGET_EXHIBIT, a, b,
                                  repl ? "op.exhibit.replace" : "op.exhibit.add")))
                    return PCT_ENOMEM;
                size_t eb = a + (size_t)at, ee = eb + exw;
                while (ee < b &&
                       (pct__is_alpha((unsigned char)s[ee]) ||
                        pct__is_digit((unsigned char)s[ee]) || s[ee] == '-' || s[ee] == '.') &&
                       ee < eb + exw + 8)
                    ee++;
                while (ee > eb && s[ee - 1] == '.')
                    ee--;
                if (!(op->target = pct_arena__strndup(c->r->a, s + eb, ee - eb)))
                    return PCT_ENOMEM;
                ++*made;
                return find_limit(c, op, a, b);
            }
        }
    }
    return RULE_NO;
}

/* Rule 4: words changed wherever they appear. Returns RULE_NO when it does not apply. */
static int rule_global_words(sent *x)
{
    SENT_LOCALS(x);
    if (has(t, n, "wherever") || has(t, n, "all references to") || has(t, n, "each reference to") ||
        has(t, n, "any and all references") || has(t, n, "each instance of") ||
        has(t, n, "all instances of")) {
        if (!(op = new_op(c, PCT_OP_AMEND_SECTION_TEXT, PCT_TARGET_TEXT, a, b, "op.text.global")))
            return PCT_ENOMEM;
        op->target = "agreement text";
        size_t q1b, q1e, q2b, q2e;
        if (quoted(s, b, a, b, &q1b, &q1e)) {
            op->before = pct_arena__strndup(c->r->a, s + q1b, q1e - q1b);
            if (quoted(s, b, q1e + 1, b, &q2b, &q2e)) {
                op->after = pct_arena__strndup(c->r->a, s + q2b, q2e - q2b);
                op->after_span = pct_amend__span(c->r->doc, c->ft, q2b, q2e);
            }
        }
        ++*made;
        return find_limit(c, op, a, b);
    }
    return RULE_NO;
}

/* Rule 5: an entity joining as a party. Returns RULE_NO when it does not apply. */
static int rule_party(sent *x)
{
    SENT_LOCALS(x);
    if (has(t, n, "hereby joins") || has(t, n, "become a party") || has(t, n, "becomes a party") ||
        has(t, n, "added as a party") || has(t, n, "be a party to") || has(t, n, "join in") ||
        has(t, n, "joins in") || has(t, n, "shall be deemed a party")) {
        if (!(op = new_op(c, PCT_OP_ADD_PARTY, PCT_TARGET_PARTY, a, b, "op.party.add")))
            return PCT_ENOMEM;
        op->target = "parties";
        if ((err = collect_members(c, op, a, b)) < 0)
            return err;
        ++*made;
        return find_limit(c, op, a, b);
    }
    return RULE_NO;
}

/* Rule 6: a numbered section replaced, amended, inserted or deleted. Returns RULE_NO when it does
 * not apply. */
static int rule_section(sent *x)
{
    SENT_LOCALS(x);
    if (section_ref(s, b, a, &tb, &te, &kw) ||
        (fol && (has(t, n, "new section") || has(t, n, "adding")))) {
        int have_ref = section_ref(s, b, a, &tb, &te, &kw);
        int ins = has(t, n, "new section") || has(t, n, "new article") ||
                  has(t, n, "new paragraph") || has(t, n, "is hereby added") ||
                  has(t, n, "shall be added") || has(t, n, "are hereby added") ||
                  has(t, n, "inserting a new") || has(t, n, "adding a new") ||
                  has(t, n, "adding the following new") || has(t, n, "adding new") ||
                  has(t, n, "insert a new") || has(t, n, "add a new") || has(t, n, "added as");
        int repl = has(t, n, "deleted in its entirety and replaced") ||
                   has(t, n, "replaced in its entirety") ||
                   ((has(t, n, "delete") || has(t, n, "remove") || has(t, n, "strike")) &&
                    has(t, n, "replace") && fol) ||
                   has(t, n, "replace it with the following") || has(t, n, "replaced as follows") ||
                   has(t, n, "amended and restated") || has(t, n, "deleted and replaced") ||
                   has(t, n, "replaced with the following") ||
                   has(t, n, "replaced by the following") || has(t, n, "amended to read") ||
                   has(t, n, "amended in its entirety") || has(t, n, "shall read as follows") ||
                   has(t, n, "restated in its entirety") ||
                   has(t, n, "deleted in their entirety and replaced");
        size_t q1b, q1e, q2b, q2e;
        int pair = quoted(s, b, a, b, &q1b, &q1e) && quoted(s, b, q1e + 1, b, &q2b, &q2e);
        int words =
            (pair && (has(t, n, "replace") || has(t, n, "substitut") || has(t, n, "insert"))) ||
            has(t, n, "by deleting") || has(t, n, "by striking") || has(t, n, "by inserting") ||
            has(t, n, "by adding") || has(t, n, "by replacing") || has(t, n, "is replaced by") ||
            has(t, n, "shall be replaced") || has(t, n, "is hereby replaced") ||
            has(t, n, "by substituting") || has(t, n, "replaced with") ||
            has(t, n, "are replaced") || has(t, n, "is hereby amended") ||
            has(t, n, "is amended") || has(t, n, "shall be amended") ||
            has(t, n, "are hereby amended") || has(t, n, "modified");
        int del = has(t, n, "deleted") || has(t, n, "shall be deleted") ||
                  has(t, n, "is hereby deleted") || has(t, n, "struck") || has(t, n, "removed") ||
                  has(t, n, "shall be of no further");
        if (repl && (has(t, n, "sentence") || has(t, n, "the words") || has(t, n, "phrase") ||
                     has(t, n, "proviso"))) {
            repl = 0;
            words = 1; /* a part of the section is replaced */
        }
        if (have_ref && !ins && has(t, n, " and by ") &&
            (has(t, n, "deleting") || has(t, n, "replacing") || has(t, n, "substituting") ||
             has(t, n, "restat")))
            return subsection_clauses(c, a, b, rest, ref_dup(c->r->a, s, tb, te), fol, took, made);
        pct_op_kind k = ins     ? PCT_OP_INSERT_SECTION
                        : repl  ? PCT_OP_REPLACE_SECTION
                        : words ? PCT_OP_AMEND_SECTION_TEXT
                        : del   ? PCT_OP_DELETE_SECTION
                                : PCT_OP_NONE;
        if (k != PCT_OP_NONE) {
            const char *rule = k == PCT_OP_INSERT_SECTION    ? "op.section.insert"
                               : k == PCT_OP_REPLACE_SECTION ? "op.section.replace"
                               : k == PCT_OP_AMEND_SECTION_TEXT ? "op.section.words"
                                                                 : "op.section.delete";
            size_t end = (fol && k != PCT_OP_DELETE_SECTION) ? rest : b;
            if (!(op = new_op(c, k, PCT_TARGET_SECTION, a, b, rule)))
                return PCT_ENOMEM;
            if (have_ref && !(op->target = ref_dup(c->r->a, s, tb, te)))
                return PCT_ENOMEM;
            if (fol && k != PCT_OP_DELETE_SECTION) {
                if ((err = set_after(c, op, fol, end)) < 0)
                    return err;
                *took = 1;
            } else if (k == PCT_OP_AMEND_SECTION_TEXT) {
                if (quoted(s, b, a, b, &q1b, &q1e)) {
                    if (quoted(s, b, q1e + 1, b, &q2b, &q2e)) {
                        op->before = pct_arena__strndup(c->r->a, s + q1b, q1e - q1b);
                        op->after = pct_arena__strndup(c->r->a, s + q2b, q2e - q2b);
                        op->after_span = pct_amend__span(c->r->doc, c->ft, q2b, q2e);
                    } else {
                        op->after = pct_arena__strndup(c->r->a, s + q1b, q1e - q1b);
                        op->after_span = pct_amend__span(c->r->doc, c->ft, q1b, q1e);
                    }
                }
            }
            /* a term section restated is a change of term */
            if (k == PCT_OP_REPLACE_SECTION && op->after &&
                ((c->heading && word_term(c->heading, strlen(c->heading)) &&
                  !has(c->heading, strlen(c->heading), "termination")) ||
                 (pct__prefix_ci(op->after, strlen(op->after), "term") &&
                  !pct__prefix_ci(op->after, strlen(op->after), "termination")))) {
                op->kind = PCT_OP_CHANGE_TERM;
                op->rule = "op.term.restated";
            }
            ++*made;
            return find_limit(c, op, a, fol ? fol : b);
        }
    }
    return RULE_NO;
}

/* Rule 7: the term stated anew. Returns RULE_NO when it does not apply. */
static int rule_term_stated(sent *x)
{
    SENT_LOCALS(x);
    if (word_term(t, n) && (has(t, n, "shall expire") || has(t, n, "shall end") ||
                            has(t, n, "shall terminate on") || has(t, n, "shall continue until") ||
                            has(t, n, "is changed"))) {
        char iso[PCT_ISO_LEN];
        size_t dl = 0;
        long d = pct_amend__find_date(s, a, b, iso, &dl);
        if (d >= 0 && has(t, n, "amend")) {
            if (!(op = new_op(c, PCT_OP_CHANGE_TERM, PCT_TARGET_TERM, a, b, "op.term.change")))
                return PCT_ENOMEM;
            op->target = "term";
            op->after = pct_arena__strndup(c->r->a, iso, 10);
            op->after_span = pct_amend__span(c->r->doc, c->ft, (size_t)d, (size_t)d + dl);
            ++*made;
            return 0;
        }
    }
    return RULE_NO;
}

/* Rule 8: amending language no other rule reads (kept as "other"). Returns RULE_NO when it does not
 * apply. */
static int rule_other_amending(sent *x)
{
    SENT_LOCALS(x);
    if (has(t, n, "hereby amended") || has(t, n, "is amended") || has(t, n, "are amended") ||
        has(t, n, "shall be amended") || has(t, n, "hereby deleted") ||
        has(t, n, "hereby replaced")) {
        if (!(op = new_op(c, PCT_OP_OTHER, PCT_TARGET_OTHER, a, fol ? rest : b,
                          "op.other.amending")))
            return PCT_ENOMEM;
        if (fol) {
            if ((err = set_after(c, op, fol, rest)) < 0)
                return err;
            *took = 1;
        }
        ++*made;
    }
    return 0;
    return RULE_NO;
}

/* One sentence [a, b) of a provision. `rest` is the provision's end, for
 * new text that follows. Sets *took when the sentence took the rest; each
 * operation made increments *made. The rules are tried in order; the first
 * that applies reads the sentence. */
static int read_sentence(opctx *c, size_t a, size_t b, size_t rest, int *took, int *made)
{
    static int (*const rules[])(sent *) = {rule_definition, rule_term_extension, rule_exhibit,
                                          rule_global_words, rule_party, rule_section,
                                          rule_term_stated, rule_other_amending};
    *took = 0;
    if (c->r->ops.len + 2 > OPS_MAX)
        return 0; /* the bound is reached: later provisions are not read */
    sent x = {c, a, b, rest, follows_at(c->ft->s, a, b), took, made};
    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
        int rc = rules[i](&x);
        if (rc != RULE_NO)
            return rc;
    }
    return 0;
}

/* The folded offset of TEXT offset `t` in `ft` (first byte at or after it). */
static size_t fold_index(const pct_ftext *ft, size_t t)
{
    size_t lo = 0, hi = ft->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ft->pos[mid] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int is_term_heading(const char *h)
{
    return h && word_term(h, strlen(h)) && !has(h, strlen(h), "termination") &&
           !has(h, strlen(h), "terms");
}

static int mostly_caps(const char *h)
{
    size_t letters = 0, upper = 0;
    for (; *h; h++)
        if (pct__is_alpha((unsigned char)*h)) {
            letters++;
            upper += pct__is_upper((unsigned char)*h);
        }
    return letters > 0 && upper * 10 >= letters * 8;
}

/* Splits the new text of the op just made into one op per subsection. */
static int split_children(opctx *c, const pct_node *sec, size_t op_index)
{
    reader *r = c->r;
    pct_amend_op proto = PCT_VEC_AT(&r->ops, pct_amend_op, op_index);
    int first = 1;
    for (const pct_node *ch = sec->first; ch; ch = ch->next) {
        if (ch->type != PCT_NODE_SECTION || !ch->number)
            continue;
        size_t a = fold_index(c->ft, ch->span.start), b = fold_index(c->ft, ch->span.end);
        pct_amend_op *op;
        if (first) {
            op = &PCT_VEC_AT(&r->ops, pct_amend_op, op_index);
            first = 0;
        } else {
            if (r->ops.len >= OPS_MAX || !(op = pct_vec__push(&r->ops)))
                return r->ops.len >= OPS_MAX ? 0 : PCT_ENOMEM;
            *op = proto;
        }
        op->target = ch->number;
        op->target_kind = PCT_TARGET_SECTION;
        if (proto.kind == PCT_OP_OTHER || proto.kind == PCT_OP_REPLACE_DEFINITION)
            op->kind = proto.kind;
        op->after = NULL;
        int err = set_after(c, op, a, b);
        if (err)
            return err;
        if (op->kind == PCT_OP_AMEND_SECTION_TEXT &&
            (has(proto.text, strlen(proto.text), " add") ||
             has(proto.text, strlen(proto.text), "insert"))) {
            op->kind = PCT_OP_INSERT_SECTION;
            op->rule = "op.section.insert";
        }
        if ((op->kind == PCT_OP_REPLACE_SECTION || op->kind == PCT_OP_CHANGE_TERM)) {
            op->kind = is_term_heading(ch->heading) ? PCT_OP_CHANGE_TERM : PCT_OP_REPLACE_SECTION;
            op->rule = op->kind == PCT_OP_CHANGE_TERM ? "op.term.restated" : "op.section.replace";
        }
    }
    return 0;
}

static int has_numbered_child(const pct_node *sec)
{
    for (const pct_node *ch = sec->first; ch; ch = ch->next)
        if (ch->type == PCT_NODE_SECTION && ch->number)
            return 1;
    return 0;
}

/* Reads the provision [start, end) (a SECTION node, or the unnumbered body
 * when `sec` is NULL). Subsections that are not new text are pushed on the
 * worklist. */
static int read_provision(reader *r, const pct_node *sec, size_t start, size_t end,
                          const char *number, const pct_node **work, size_t *nwork)
{
    pct_ftext ft;
    if (end - start > PROVISION_MAX)
        end = start + PROVISION_MAX;
    int err = pct_amend__fold(&ft, r->a, r->doc, start, end);
    if (err)
        return err;
    opctx c = {r, &ft, number, sec ? sec->heading : NULL};
    int kids = sec && has_numbered_child(sec);
    size_t lead = ft.n;
    if (kids)
        for (const pct_node *ch = sec->first; ch; ch = ch->next)
            if (ch->type == PCT_NODE_SECTION) {
                lead = fold_index(&ft, ch->span.start);
                break;
            }
    if ((!kids && boilerplate(c.heading, ft.s, ft.n)) || r->ops.len + 2 > OPS_MAX)
        return 0;
    size_t before = r->ops.len;
    int made = 0, took = 0;
    size_t a = 0;
    /* skip the provision's own number and heading */
    if (sec && sec->heading_span.end > sec->span.start && sec->heading &&
        mostly_caps(sec->heading)) {
        size_t h = fold_index(&ft, sec->heading_span.end);
        if (h < lead)
            a = h;
    }
    if (a == 0 && sec && sec->number) { /* the provision's own number is not its text */
        size_t k = 0;
        if (pct__prefix_ci(ft.s, lead, "section ") || pct__prefix_ci(ft.s, lead, "article "))
            k = 8;
        size_t nl = strlen(sec->number);
        if (k + nl <= lead && !strncmp(ft.s + k, sec->number, nl) &&
            (k + nl == lead || !pct__is_digit((unsigned char)ft.s[k + nl])))
            a = k + nl;
    }
    while (a < lead && (ft.s[a] == ' ' || ft.s[a] == '.' || ft.s[a] == ':' || ft.s[a] == ')'))
        a++;
    for (size_t i = a; i <= lead && !took; i++) {
        if (i == lead || sentence_end(ft.s, lead, i)) {
            size_t b = i < lead ? i + 1 : lead;
            if (b > a + 3 && (err = read_sentence(&c, a, b, kids ? ft.n : ft.n, &took, &made)) < 0)
                return err;
            a = skip_sp(ft.s, lead, b);
        }
    }
    if (kids) {
        if (took && r->ops.len == before + 1) {
            pct_amend_op *op = &PCT_VEC_AT(&r->ops, pct_amend_op, before);
            size_t ntargets = 0;
            for (const pct_node *ch = sec->first; ch; ch = ch->next)
                ntargets += ch->type == PCT_NODE_SECTION && ch->number != NULL;
            size_t own = 0, tl = op->target ? strlen(op->target) : 0;
            for (const pct_node *ch = sec->first; tl && ch; ch = ch->next)
                own += ch->type == PCT_NODE_SECTION && ch->number &&
                       !strncmp(ch->number, op->target, tl) &&
                       (ch->number[tl] == '.' || ch->number[tl] == '(');
            if (own && own == ntargets &&
                (op->kind == PCT_OP_REPLACE_SECTION || op->kind == PCT_OP_CHANGE_TERM))
                return 0; /* "Section 6 ... replaced with the following: 6. ... 6.1 ... 6.2" */
            size_t parts = 0;
            for (const pct_node *ch = sec->first; ch; ch = ch->next)
                parts += ch->type == PCT_NODE_SECTION && ch->number && ch->number[0] == '(';
            if (parts == ntargets)
                return 0; /* "(a)", "(b)": parts of the one new text, not sections of the base */
            if (op->kind != PCT_OP_ADD_TO_DEFINITION && (ntargets > 1 || !op->target ||
                                                         op->kind == PCT_OP_INSERT_SECTION ||
                                                         op->kind == PCT_OP_REPLACE_SECTION ||
                                                         op->kind == PCT_OP_CHANGE_TERM))
                return split_children(&c, sec, before);
            return 0;
        }
        if (!took) {
            /* "agree to amend Section 6.5 as follows: (a) ... (b) ... 6.5 <new text>": the
             * subsection numbered as the section named is that section restated */
            size_t rb, re, rk;
            const char *named =
                follows_at(ft.s, 0, lead) && section_ref(ft.s, lead, 0, &rb, &re, &rk)
                    ? ref_dup(r->a, ft.s, rb, re)
                    : NULL;
            for (const pct_node *ch = sec->first; ch; ch = ch->next) {
                if (ch->type != PCT_NODE_SECTION)
                    continue;
                if (named && ch->number && !strcmp(ch->number, named)) {
                    size_t ca = fold_index(&ft, ch->span.start), cb = fold_index(&ft, ch->span.end);
                    pct_amend_op *op = new_op(&c, PCT_OP_REPLACE_SECTION, PCT_TARGET_SECTION, 0,
                                              lead, "op.section.restated_below");
                    if (!op || (err = set_after(&c, op, ca, cb)) < 0)
                        return op ? err : PCT_ENOMEM;
                    op->target = named;
                    if (is_term_heading(ch->heading))
                        op->kind = PCT_OP_CHANGE_TERM;
                    made++;
                } else if (*nwork < WORKLIST_MAX) {
                    work[(*nwork)++] = ch;
                }
            }
            if (made || lead < 8 || boilerplate(c.heading, ft.s, lead))
                return 0;
            /* the lead itself said something no rule reads */
            pct_amend_op *op =
                new_op(&c, PCT_OP_OTHER, PCT_TARGET_OTHER, 0, lead, "op.other.provision");
            return op ? 0 : PCT_ENOMEM;
        }
        return 0;
    }
    if (made || boilerplate(c.heading, ft.s, ft.n) || ft.n < 8)
        return 0;
    pct_amend_op *op = new_op(&c, PCT_OP_OTHER, PCT_TARGET_OTHER, 0, ft.n, "op.other.provision");
    return op ? 0 : PCT_ENOMEM;
}

static int read_ops(reader *r)
{
    const pct_node **work = pct__malloc(r->fam->ctx, WORKLIST_MAX * sizeof *work);
    const char **nums = pct__malloc(r->fam->ctx, WORKLIST_MAX * sizeof *nums);
    size_t nwork = 0, done = 0;
    int err = 0;
    if (!work || !nums) {
        err = PCT_ENOMEM;
        goto done;
    }
    size_t body0 = r->node->span.start, body1 = r->node->span.end;
    int numbered = 0;
    for (const pct_node *c = r->node->first; c; c = c->next) {
        /* "A.", "B." before the first numbered provision are recitals */
        if (c->type == PCT_NODE_SECTION && c->style == PCT_NUM_UPPER_ALPHA && !numbered)
            continue;
        numbered |= c->type == PCT_NODE_SECTION;
        if (c->type == PCT_NODE_SECTION && nwork < WORKLIST_MAX)
            work[nwork++] = c;
        if (c->type == PCT_NODE_PREAMBLE || c->type == PCT_NODE_RECITAL ||
            c->type == PCT_NODE_TITLE)
            body0 = c->span.end;
        if ((c->type == PCT_NODE_SIGNATURES || c->type == PCT_NODE_EXHIBIT) &&
            c->span.start < body1)
            body1 = c->span.start;
    }
    if (nwork == 0) { /* an unnumbered amendment: its body is one provision */
        err = read_provision(r, NULL, body0, body1 > body0 ? body1 : body0, NULL, work, &nwork);
        goto done;
    }
    /* a worklist, not recursion: subsections are appended and read in turn */
    for (size_t i = 0; i < nwork; i++)
        nums[i] = work[i]->number;
    while (done < nwork) {
        const pct_node *sec = work[done];
        const char *num = nums[done];
        done++;
        size_t before = nwork;
        if ((err = read_provision(r, sec, sec->span.start, sec->span.end, num, work, &nwork)) < 0)
            goto done;
        for (size_t k = before; k < nwork; k++) {
            const char *cn = work[k]->number;
            nums[k] = cn;
            if (num && cn && cn[0] == '(' &&
                !(nums[k] = pct_arena__printf(r->a, "%s%s", num, cn))) {
                err = PCT_ENOMEM;
                goto done;
            }
        }
    }
done:
    pct__free(r->fam->ctx, work, WORKLIST_MAX * sizeof *work);
    pct__free(r->fam->ctx, nums, WORKLIST_MAX * sizeof *nums);
    return err;
}

/* ============================================================== entry */

static int collect_sigs(reader *r)
{
    size_t n = 0;
    pct_iter *it = NULL;
    int err = pct_iter_new(&it, r->fam->ctx, r->node);
    if (err)
        return err;
    pct_vec v;
    pct_vec__init(&v, r->fam->ctx, sizeof(const pct_signature *));
    pct_event ev;
    while ((ev = pct_iter_next(it)) != PCT_EVENT_DONE) {
        const pct_node *nd = pct_iter_node(it);
        if (ev != PCT_EVENT_ENTER || nd->type != PCT_NODE_SIGNATURE_BLOCK || !nd->sig)
            continue;
        const pct_signature **slot = pct_vec__push(&v);
        if (!slot) {
            err = PCT_ENOMEM;
            break;
        }
        *slot = nd->sig;
        n++;
    }
    pct_iter_free(it);
    if (!err) {
        const pct_signature **sigs = pct_arena__alloc(r->a, (n + 1) * sizeof *sigs);
        if (!sigs)
            err = PCT_ENOMEM;
        else {
            if (n)
                memcpy(sigs, v.data, n * sizeof *sigs);
            r->ext->sigs = sigs;
            r->ext->nsigs = n;
        }
    }
    pct_vec__free(&v);
    return err;
}

/* Copies a vector into the arena (vectors live on the context's heap). */
static void *vec_to_arena(reader *r, pct_vec *v)
{
    if (v->len == 0)
        return NULL;
    void *p = pct_arena__alloc(r->a, v->len * v->elem);
    if (p)
        memcpy(p, v->data, v->len * v->elem);
    return p;
}

int pct_amend__read(pct_family *fam, pct_family_doc *fd, pct_fdoc_ext *ext, const pct_doc *doc,
                    const pct_node *node, const pct_docfacts *df)
{
    reader r;
    memset(&r, 0, sizeof r);
    r.fam = fam;
    r.a = fam->arena;
    r.doc = doc;
    r.node = node;
    r.fd = fd;
    r.ext = ext;
    pct_vec__init(&r.refs, fam->ctx, sizeof(pct_amend_ref));
    pct_vec__init(&r.ops, fam->ctx, sizeof(pct_amend_op));
    pct_vec__init(&r.parties, fam->ctx, sizeof(pct_amend_party));
    pct_vec__init(&r.names, fam->ctx, sizeof(const char *));
    int err;
    fd->doc = doc;
    fd->node = node;
    fd->on_file = 1;
    fd->amends = -1;
    ext->facts = df;
    fold_buf hb = {fam->ctx, NULL, NULL, 0}; /* the head: read here, nothing points into it */
    /* the opening words: everything before the first section, plus a little */
    size_t h1 = node->span.end;
    for (const pct_node *c = node->first; c; c = c->next)
        if (c->type == PCT_NODE_SECTION || c->type == PCT_NODE_SIGNATURES) {
            h1 = c->span.start;
            break;
        }
    if (h1 < node->span.start + HEAD_SCAN / 2)
        h1 = node->span.start + HEAD_SCAN / 2;
    size_t h0 = node->prev && node->prev->type == PCT_NODE_DOCUMENT ? node->prev->span.end
              : node->parent ? node->parent->span.start : node->span.start;
    if (h0 > node->span.start)
        h0 = node->span.start;
    if ((err = fold_scratch(&r.head, &hb, doc, h0, h1)) < 0)
        goto done;
    if ((err = collect_sigs(&r)) < 0 || (err = read_head(&r)) < 0 ||
        (err = read_dates(&r, df)) < 0 || (err = read_parties(&r)) < 0)
        goto done;
    if (strcmp(fd->kind, "agreement") && (err = read_ops(&r)) < 0)
        goto done;
    fd->refs = vec_to_arena(&r, &r.refs);
    fd->nrefs = r.refs.len;
    fd->ops = vec_to_arena(&r, &r.ops);
    fd->nops = r.ops.len;
    fd->parties = vec_to_arena(&r, &r.parties);
    fd->nparties = r.parties.len;
    if ((r.refs.len && !fd->refs) || (r.ops.len && !fd->ops) || (r.parties.len && !fd->parties))
        err = PCT_ENOMEM;
done:
    fold_buf_free(&hb);
    pct_vec__free(&r.refs);
    pct_vec__free(&r.ops);
    pct_vec__free(&r.parties);
    pct_vec__free(&r.names);
    return err;
}

/* ============================================================== names */

const char *pct_amend_op_kind_name(pct_op_kind k)
{
    static const char *const names[] = {
        "none", "add-to-definition", "replace-definition", "replace-section", "amend-section-text",
        "insert-section", "delete-section", "extend-term", "change-term", "add-exhibit",
        "replace-exhibit", "add-party", "other"};
    return (unsigned)k < sizeof names / sizeof *names ? names[k] : "none";
}

const char *pct_amend_target_kind_name(pct_target_kind k)
{
    static const char *const names[] = {"none", "section", "defined-term", "term",
                                        "exhibit", "party", "text", "other"};
    return (unsigned)k < sizeof names / sizeof *names ? names[k] : "none";
}
