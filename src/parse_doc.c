/*
 * parse_doc.c - from logical lines to the document tree.
 *
 * Approach: a few linear passes over doc->lines.
 *   1. split the file into documents: a new document starts at a title
 *      line (AGREEMENT, AMENDMENT, JOINDER, ADDENDUM, ...) that follows a
 *      signature page and is followed by a preamble;
 *   2. in each document, read in order: title lines, the preamble, the
 *      recitals (WHEREAS ... / lettered under RECITALS), the operative
 *      sections (nested by a numbering-style stack), the signature page
 *      (from IN WITNESS WHEREOF or the first By: cluster) and exhibits;
 *   3. insert layout artefacts and redaction marks as leaves into the
 *      innermost node that contains them.
 * Every decision looks at a bounded window of lines, so the whole parse is
 * O(lines). Spans are TEXT offsets; tree.c converts them at the API.
 */
#include "parse.h"
#include "secnum.h"

#include <string.h>

#define TITLE_LINES_MAX 8     /* lines of a title block */
#define TITLE_LINE_LEN_MAX 120 /* bytes of one title line */
#define PREAMBLE_LOOKAHEAD 14 /* lines between a title and its preamble */
#define HEAD_SCAN_LINES 60    /* lines at the top of a document searched for the preamble */
#define STACK_MAX 16          /* open nesting levels of sections */
#define DECIMAL_TOP_MAX 300   /* a top-level number above this is not a section */
#define TITLE_CASE_LEN_MAX 100 /* bytes of a title-case title line */
#define TITLE_CONNECTIVE_MAX 12 /* bytes of a connective line inside a title ("between") */
#define TITLE_SCAN_LINES 60    /* lines at the top of a document searched for title blocks */
#define TITLE_BLANK_MAX 3      /* blank lines allowed between two lines of one title */
#define FLAT_TITLE_SCAN 300    /* bytes of a flattened first line searched for the title */
#define TOC_ENTRY_LEN_MAX 160  /* bytes of one table-of-contents entry */
#define PREAMBLE_CUE_SCAN 300  /* bytes of a preamble searched for "between", "dated" ... */
#define LEADING_EXHIBIT_SCAN 200 /* lines searched for a title after leading exhibits */
#define LABEL_ID_MAX 12         /* bytes of a filing label's id ("(8)(k)(k)", "99.4") */
#define TOC_SEARCH_LINES 20    /* content lines after a title searched for a table of contents */
#define TOC_FIRST_SCAN 6       /* lines after "TABLE OF CONTENTS" searched for its first entry */
#define TOC_LINES_MAX 3000     /* lines a table of contents may span */
#define SIG_PAGE_SCAN 80       /* lines after a signature cue searched for the body resuming */
#define SIG_LINE_LEN_MAX 100   /* bytes: a longer line without column gaps is prose */
#define SIG_BACK_LINES 12      /* lines above a signature cue searched for its entity */

typedef struct P {
    pct_doc *d;
    const char *s;
    const pct_line *L;
    size_t n;
    int oom; /* set when a node allocation failed; the parse returns PCT_ENOMEM */
} P;

static int top_section(const P *p, size_t i);

/* ---------------------------------------------------------- line tests */

static const char *lstart(const P *p, size_t i) { return p->s + p->L[i].cstart; }
static size_t llen(const P *p, size_t i) { return p->L[i].cend - p->L[i].cstart; }
static int blank(const P *p, size_t i) { return (p->L[i].flags & PCT_LINE_BLANK) != 0; }
static int artifact(const P *p, size_t i) { return (p->L[i].flags & PCT_LINE_ARTIFACT) != 0; }
static int skip(const P *p, size_t i) { return blank(p, i) || artifact(p, i); }
static int caps(const P *p, size_t i) { return (p->L[i].flags & PCT_LINE_CAPS) != 0; }

static int starts(const P *p, size_t i, const char *lit)
{
    const char *s = lstart(p, i);
    size_t n = llen(p, i);
    /* the first byte first: most lines fail there, without a call */
    if (lit[0] != ' ' &&
        (n == 0 || pct__lower((unsigned char)s[0]) != pct__lower((unsigned char)lit[0])))
        return 0;
    return pct__prefix_ws(s, n, lit) != 0;
}

static size_t next_content(const P *p, size_t i, size_t end)
{
    while (i < end && skip(p, i))
        i++;
    return i;
}

static int is_witness(const P *p, size_t i)
{
    return starts(p, i, "IN WITNESS WHEREOF") || starts(p, i, "IN WITNESS THEREOF") ||
           starts(p, i, "IN WITNESS WHERE OF");
}

static int is_whereas(const P *p, size_t i) { return starts(p, i, "WHEREAS"); }

static int is_now_therefore(const P *p, size_t i)
{
    return starts(p, i, "NOW, THEREFORE") || starts(p, i, "NOW THEREFORE") ||
           starts(p, i, "NOW, THERFORE") || starts(p, i, "ACCORDINGLY,") ||
           starts(p, i, "THEREFORE,") || starts(p, i, "IN CONSIDERATION OF") ||
           starts(p, i, "THE PARTIES AGREE AS FOLLOWS") || starts(p, i, "IT IS AGREED") ||
           starts(p, i, "THE PARTIES HERETO AGREE") || starts(p, i, "NOW IT IS HEREBY AGREED");
}

static int is_recitals_heading(const P *p, size_t i)
{
    size_t n = llen(p, i);
    const char *s = lstart(p, i);
    static const char *const h[] = {"RECITALS", "RECITAL", "BACKGROUND", "WITNESSETH",
                                    "W I T N E S S E T H", "PRELIMINARY STATEMENT",
                                    "PRELIMINARY STATEMENTS", NULL};
    for (int k = 0; h[k]; k++) {
        size_t m = strlen(h[k]);
        if (n >= m && n <= m + 2 && pct__prefix_ci(s, n, h[k]) &&
            pct__is_upper((unsigned char)s[0]))
            return 1;
    }
    return 0;
}

/* "EXHIBIT A", "Schedule 1 - Pricing", "ANNEX I", "APPENDIX B", "ATTACHMENT 2" */
static int is_exhibit_heading(const P *p, size_t i)
{
    static const char *const kw[] = {"EXHIBIT", "SCHEDULE", "ANNEX", "APPENDIX", "ATTACHMENT",
                                     "ADDENDUM", NULL};
    const char *s = lstart(p, i);
    size_t n = llen(p, i);
    if (n > TITLE_LINE_LEN_MAX || !pct__is_upper((unsigned char)s[0]))
        return 0;
    for (int k = 0; kw[k]; k++) {
        if (pct__lower((unsigned char)s[0]) != pct__lower((unsigned char)kw[k][0]) ||
            !pct__prefix_ci(s, n, kw[k]))
            continue;
        size_t m = strlen(kw[k]);
        if (n == m)
            return 1;
        if (s[m] != ' ' && s[m] != '-')
            return 0;
        /* "Exhibit A", "SCHEDULE 2.1", "Annex I": an identifier follows */
        size_t j = m;
        while (j < n && (s[j] == ' ' || s[j] == '-'))
            j++;
        if (j >= n)
            return 1;
        unsigned char c = (unsigned char)s[j];
        if (!(pct__is_upper(c) || pct__is_digit(c)))
            return 0;
        size_t t = j;
        while (t < n && s[t] != ' ')
            t++;
        /* the identifier is short: "A", "A-1", "1", "2.1", "IV" */
        if (t - j > 6)
            return 0;
        /* a sentence ("Exhibit A sets forth ...") is not a heading; side
         * text after a column gap ("SCHEDULE A      to the Agreement") is */
        int side = t + 3 <= n && s[t] == ' ' && s[t + 1] == ' ' && s[t + 2] == ' ';
        if (t < n && !caps(p, i) && n - t > 60 && !side)
            return 0;
        return 1;
    }
    return 0;
}

static int title_keyword(const char *s, size_t n)
{
    static const char *const kw[] = {"AGREEMENT", "AMENDMENT", "ADDENDUM", "JOINDER",
                                     "CONTRACT", "AMENDED AND RESTATED", "LETTER", "WAIVER",
                                     "CONSENT", "ASSIGNMENT", "MEMORANDUM", "LICENSE", "LEASE",
                                     "TERMS AND CONDITIONS", "ARRANGEMENT", "PLAN", NULL};
    return pct__has_any_ci(s, n, kw);
}

/* A preamble opens with "This ...", "THIS ...", "The undersigned" or holds
 * "entered into" / "made and entered" / "by and between" near its start. */
static int is_preamble_line(const P *p, size_t i)
{
    const char *s = lstart(p, i);
    size_t n = llen(p, i);
    size_t w = n < 300 ? n : 300;
    static const char *const opening[] = {"agree", "amend", "between", "made", "dated",
                                          "entered", "contract", NULL};
    static const char *const inside[] = {"entered into", "made and entered", "by and between",
                                         "by and among", NULL};
    if (starts(p, i, "This ") || starts(p, i, "THIS ") || starts(p, i, "The undersigned"))
        return n < 120 || pct__has_any_ci(s, w, opening);
    return pct__has_any_ci(s, w, inside);
}

/* ------------------------------------------------------ document split */

static int looks_like_title(const P *p, size_t i)
{
    size_t n = llen(p, i);
    if (n > TITLE_LINE_LEN_MAX || !caps(p, i))
        return 0;
    if (is_exhibit_heading(p, i) || is_witness(p, i) || pct_parse__is_sig_line(p->d, i) ||
        pct_secnum__parse(lstart(p, i), n, &(pct_secnum){0}))
        return 0; /* "19. ENTIRE AGREEMENT" is a section heading */
    return title_keyword(lstart(p, i), n);
}

/* Is a preamble within the next lines after the title starting at i? */
/* Does the preamble line i read like the opening of a document (it names
 * parties or a date), not like "This Agreement ... constitutes the entire
 * agreement" inside a section? */
static int names_parties(const P *p, size_t i)
{
    static const char *const cue[] = {"between", "among", "entered into", "is made", "made as of",
                                      "made and", "dated", "effective", "by and", "undersigned",
                                      "hereby", "made on", "made this", NULL};
    const char *s = lstart(p, i);
    size_t n = llen(p, i) < PREAMBLE_CUE_SCAN ? llen(p, i) : PREAMBLE_CUE_SCAN;
    /* the cue may wrap onto the next line */
    if (i + 1 < p->n && !skip(p, i + 1) && p->L[i + 1].cstart - p->L[i].cstart < PREAMBLE_CUE_SCAN)
        n = p->L[i + 1].cend - p->L[i].cstart < PREAMBLE_CUE_SCAN
                ? p->L[i + 1].cend - p->L[i].cstart
                : PREAMBLE_CUE_SCAN;
    return pct__has_any_ci(s, n, cue);
}

static int preamble_follows(const P *p, size_t i)
{
    size_t seen = 0;
    for (size_t j = i; j < p->n && seen < PREAMBLE_LOOKAHEAD; j++) {
        if (skip(p, j))
            continue;
        seen++;
        if (is_preamble_line(p, j))
            return names_parties(p, j);
        if (pct_parse__is_sig_line(p->d, j))
            return 0;
    }
    return 0;
}

/* Fills starts[] (line indices) and returns the count. A new document opens
 * at a title after a signature page, unless an exhibit heading just before
 * makes it an exhibit's content (a form attached to the agreement). */
static size_t split_documents(const P *p, pct_vec *starts_v)
{
    size_t *first = pct_vec__push(starts_v);
    if (!first)
        return 0;
    *first = 0;
    /* A signature page ends a document when it follows the terms (or says
     * IN WITNESS WHEREOF): a cover page signed before section 1 does not. */
    int sig_seen = 0, body_seen = 0;
    size_t last_exhibit = (size_t)-1, last_content = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (skip(p, i))
            continue;
        if (is_witness(p, i) || (body_seen && pct_parse__is_sig_line(p->d, i)))
            sig_seen = 1;
        else if (!body_seen && top_section(p, i))
            body_seen = 1;
        else if (is_exhibit_heading(p, i))
            last_exhibit = i;
        else if (sig_seen && looks_like_title(p, i) &&
                 (last_exhibit == (size_t)-1 || last_exhibit < last_content) &&
                 preamble_follows(p, i + 1)) {
            /* the title block may begin a line or two earlier (a caps line) */
            size_t s = i;
            size_t *e = pct_vec__push(starts_v);
            if (!e)
                return 0;
            *e = s;
            sig_seen = body_seen = 0;
            last_exhibit = (size_t)-1;
        }
        if (!is_exhibit_heading(p, i))
            last_content = i;
    }
    return starts_v->len;
}

/* ------------------------------------------------------------ sections */

typedef struct open_sec {
    pct_node *node;
    pct_secnum num;
    size_t last_line; /* last content line index inside this section */
} open_sec;

typedef struct secstack {
    open_sec v[STACK_MAX];
    int n;
} secstack;

static size_t content_end(const P *p, size_t line) { return p->L[line].cend; }

static void close_to(const P *p, secstack *st, int keep)
{
    while (st->n > keep) {
        open_sec *o = &st->v[--st->n];
        o->node->span.end = content_end(p, o->last_line);
        if (o->node->span.end < o->node->span.start)
            o->node->span.end = o->node->span.start;
        /* the parent's content reaches at least as far */
        if (st->n > 0 && st->v[st->n - 1].last_line < o->last_line)
            st->v[st->n - 1].last_line = o->last_line;
    }
}

static int same_family(const pct_secnum *a, const pct_secnum *b)
{
    int da = a->style == PCT_NUM_DECIMAL || a->style == PCT_NUM_SECTION_KW;
    int db = b->style == PCT_NUM_DECIMAL || b->style == PCT_NUM_SECTION_KW;
    if (da && db)
        return a->depth == b->depth;
    return a->style == b->style;
}

static int decimal_like(const pct_secnum *a)
{
    return a->style == PCT_NUM_DECIMAL || a->style == PCT_NUM_SECTION_KW;
}

/* Resolves (i)/(v)/(x) and I./V./X. between letters and romans by what is open. */
static void disambiguate(pct_secnum *num, const secstack *st)
{
    if (!num->ambiguous_roman)
        return;
    char ch = num->text[num->text[0] == '(' ? 1 : 0];
    int letter = pct__lower((unsigned char)ch) - 'a' + 1;
    int roman = pct_secnum__roman(&ch, 1);
    int upper = pct__is_upper((unsigned char)ch);
    pct_numstyle rs = upper ? PCT_NUM_ROMAN : PCT_NUM_PAREN_ROMAN;
    pct_numstyle as = upper ? PCT_NUM_UPPER_ALPHA : PCT_NUM_PAREN_ALPHA;
    for (int k = st->n - 1; k >= 0; k--) {
        const pct_secnum *o = &st->v[k].num;
        if (o->style == rs && o->comp[0] == roman - 1) {
            num->style = rs, num->comp[0] = roman;
            return;
        }
        if (o->style == as && o->comp[0] == letter - 1) {
            num->style = as, num->comp[0] = letter;
            return;
        }
    }
    if (roman == 1) {
        num->style = rs, num->comp[0] = 1;
    } else {
        num->style = as, num->comp[0] = letter;
    }
}

/* Plausibility of a number as the start of a section, given the open stack. */
static int plausible(const pct_secnum *num, const secstack *st)
{
    if (num->style == PCT_NUM_DECIMAL && num->depth == 1 && num->comp[0] > DECIMAL_TOP_MAX)
        return 0;
    if (num->style == PCT_NUM_DECIMAL && num->comp[0] == 0 && num->depth == 1)
        return 0;
    /* a sibling must not go backwards by much: "3." after "7." is a list inside text */
    for (int k = st->n - 1; k >= 0; k--) {
        const pct_secnum *o = &st->v[k].num;
        if (!same_family(o, num))
            continue;
        if (decimal_like(o)) {
            int d = num->depth - 1;
            for (int c = 0; c < d; c++)
                if (o->comp[c] != num->comp[c])
                    return 1; /* a new parent prefix: judged at that level */
            return num->comp[d] > o->comp[d] && num->comp[d] <= o->comp[d] + 3;
        }
        return num->comp[0] > o->comp[0] || num->comp[0] == 1;
    }
    if (num->style == PCT_NUM_DECIMAL && num->depth == 1)
        return num->comp[0] <= 3; /* a first top-level section starts low */
    return num->comp[0] <= 3 || decimal_like(num) || num->style == PCT_NUM_ARTICLE;
}

/* The parent depth in the stack for a new number: returns how many open
 * sections to keep. */
static int nest_level(const secstack *st, const pct_secnum *num)
{
    if (num->style == PCT_NUM_ARTICLE) {
        for (int k = 0; k < st->n; k++)
            if (st->v[k].num.style == PCT_NUM_ARTICLE)
                return k;
        return 0;
    }
    for (int k = st->n - 1; k >= 0; k--) {
        const pct_secnum *o = &st->v[k].num;
        if (same_family(o, num))
            return k;
        if (decimal_like(o) && decimal_like(num) && o->depth < num->depth)
            return k + 1; /* 1.1 under 1. */
        if (decimal_like(num) && o->style == PCT_NUM_ARTICLE)
            return k + 1;
    }
    if (decimal_like(num) && num->depth == 1) {
        /* a top-level decimal closes lettered/paren levels opened above */
        for (int k = 0; k < st->n; k++)
            if (st->v[k].num.style == PCT_NUM_ARTICLE)
                return k + 1;
        return 0;
    }
    return st->n;
}

/* Does the line before `i` (content, same block) continue into i? */
static int continues_previous(const P *p, size_t i, size_t from)
{
    if (i == from)
        return 0;
    size_t j = i - 1;
    if (blank(p, j) || artifact(p, j))
        return 0;
    if (p->L[i].flags & PCT_LINE_FLATTENED)
        return 0; /* the line breaker put a break here on purpose */
    const char *s = p->s;
    unsigned char c = (unsigned char)s[p->L[j].cend - 1];
    if (c == '.' || c == ':' || c == ';' || c == ')' || c == '"' || c == '!' || c == '?')
        return 0;
    if (caps(p, j) && llen(p, j) < TITLE_LINE_LEN_MAX)
        return 0; /* a heading line before */
    /* "... pursuant to Section\n2.1 of ..." or a wrapped sentence */
    return 1;
}

/* Folded text of [a, b) in the arena; sets p->oom when memory runs out. */
static const char *fold(P *p, size_t a, size_t b)
{
    const char *t = pct_doc__fold(p->d, a, b);
    if (!t)
        p->oom = 1;
    return t;
}

/* A copy of a number token in the arena; sets p->oom when memory runs out. */
static const char *dup_number(P *p, const char *text)
{
    const char *t = pct_arena__strndup(p->d->arena, text, strlen(text));
    if (!t)
        p->oom = 1;
    return t;
}

/* Sets a section's heading from the text after its number. */
static void set_heading(P *p, pct_node *sec, size_t line, const pct_secnum *num, size_t end)
{
    const char *s = lstart(p, line);
    size_t n = llen(p, line);
    size_t hl = 0;
    if (num->body < n)
        pct_secnum__heading(s + num->body, n - num->body, caps(p, line), &hl);
    size_t a = p->L[line].cstart + num->body;
    if (hl == 0 && num->body >= n) {
        /* "ARTICLE IV" alone: the heading is the next short capitals line */
        size_t j = next_content(p, line + 1, end);
        if (j < end && caps(p, j) && llen(p, j) < 80 &&
            !pct_secnum__parse(lstart(p, j), llen(p, j), &(pct_secnum){0})) {
            a = p->L[j].cstart;
            hl = llen(p, j);
        }
    }
    if (hl == 0)
        return;
    sec->heading_span.start = a;
    sec->heading_span.end = a + hl;
    sec->heading = fold(p, a, a + hl);
}

/* Builds SECTION nodes for lines [from, to) under `parent`. Lines before the
 * first section stay in the parent. */
static int build_sections(P *p, pct_node *parent, size_t from, size_t to)
{
    secstack st;
    st.n = 0;
    for (size_t i = from; i < to; i++) {
        if (skip(p, i))
            continue;
        pct_secnum num;
        if (pct_secnum__parse(lstart(p, i), llen(p, i), &num) && !continues_previous(p, i, from)) {
            disambiguate(&num, &st);
            if (plausible(&num, &st)) {
                int keep = nest_level(&st, &num);
                close_to(p, &st, keep);
                if (st.n >= STACK_MAX)
                    close_to(p, &st, STACK_MAX - 1);
                pct_node *sec = pct_node__new(p->d, PCT_NODE_SECTION, p->L[i].cstart, p->L[i].cend);
                if (!sec)
                    return PCT_ENOMEM;
                sec->number = dup_number(p, num.text);
                sec->style = num.style;
                sec->level = st.n + 1;
                set_heading(p, sec, i, &num, to);
                pct_node__append(st.n ? st.v[st.n - 1].node : parent, sec);
                st.v[st.n].node = sec;
                st.v[st.n].num = num;
                st.v[st.n].last_line = i;
                st.n++;
                continue;
            }
        }
        if (st.n)
            st.v[st.n - 1].last_line = i;
    }
    close_to(p, &st, 0);
    return 0;
}

/* ---------------------------------------------------------- the head */

static int is_toc_heading(const P *p, size_t i);

/* Words printed in lower case inside a title-case title. */
static int small_word(const char *w, size_t n)
{
    static const char *const sw[] = {"of", "and", "to", "the", "for", "between", "by", "in",
                                     "with", "a", "an", "on", "among", "or", "no", NULL};
    for (int k = 0; sw[k]; k++)
        if (strlen(sw[k]) == n && memcmp(w, sw[k], n) == 0)
            return 1;
    return 0;
}

/* "Manufacturing Agreement", "Amendment No. 2 to the Supply Agreement":
 * every word but the small ones starts with a capital, no sentence end. */
static int title_case(const P *p, size_t i)
{
    const char *s = lstart(p, i);
    size_t n = llen(p, i), words = 0, capw = 0;
    if (n == 0 || n > TITLE_CASE_LEN_MAX || s[n - 1] == '.' || s[n - 1] == ',' || s[n - 1] == ';')
        return 0;
    for (size_t j = 0; j < n;) {
        while (j < n && s[j] == ' ')
            j++;
        size_t w0 = j;
        while (j < n && s[j] != ' ')
            j++;
        if (j == w0)
            break;
        unsigned char c = (unsigned char)s[w0];
        if (!pct__is_alpha(c))
            continue;
        if (small_word(s + w0, j - w0))
            continue;
        words++;
        capw += pct__is_upper(c);
    }
    if (words == 0)
        return n <= TITLE_CONNECTIVE_MAX; /* "and", "between", "among" on its own line */
    return capw == words;
}

/* "THIS ", "This ": the preamble, not the title. */
static int is_this_word(const char *w, size_t n)
{
    return n == 4 && (memcmp(w, "THIS", 4) == 0 || memcmp(w, "This", 4) == 0);
}

/* A flattened first line: "SERVICES AGREEMENT This Services Agreement ...".
 * The title is the run of capitalised words before the preamble starts. */
static size_t read_flat_title(P *p, pct_node *doc, size_t i)
{
    const char *s = lstart(p, i);
    size_t n = llen(p, i), j = 0, cut = 0;
    int mixed = 0, this_next = 0;
    size_t caps_cut = 0; /* end of the leading run of words in capitals */
    if (pct__prefix_ci(s, n, "exhibit ")) {
        /* a filing label before the title: "Exhibit D JOINT FILING AGREEMENT" */
        size_t k = 8;
        while (k < n && s[k] != ' ')
            k++;
        if (k - 8 <= LABEL_ID_MAX && k + 1 < n && pct__is_upper((unsigned char)s[k + 1])) {
            s += k + 1;
            n -= k + 1;
        }
    }
    size_t off = (size_t)(s - lstart(p, i)); /* bytes skipped before the title */
    while (j < n && j < FLAT_TITLE_SCAN) {
        size_t w0 = j;
        while (j < n && s[j] != ' ')
            j++;
        if (is_this_word(s + w0, j - w0)) {
            this_next = 1;
            break;
        }
        int upper_word = 1;
        for (size_t q = w0; q < j; q++)
            if (pct__is_lower((unsigned char)s[q]))
                upper_word = 0;
        if (!upper_word) {
            /* "Amendment #3 to the Manufacturing Agreement This ..." */
            if (!pct__is_upper((unsigned char)s[w0]) && !small_word(s + w0, j - w0))
                break;
            mixed = 1;
        }
        cut = j;
        if (!mixed)
            caps_cut = j;
        while (j < n && s[j] == ' ')
            j++;
    }
    if (mixed && !this_next)
        cut = caps_cut; /* title case is only trusted right before "This ..." */
    while (cut > 0 && s[cut - 1] == ' ')
        cut--;
    if (cut && title_keyword(s, cut)) {
        pct_node *t = pct_node__new(p->d, PCT_NODE_TITLE, p->L[i].cstart + off,
                                    p->L[i].cstart + off + cut);
        if (!t)
            return (size_t)-1;
        t->heading = fold(p, t->span.start, t->span.end);
        t->heading_span = t->span;
        pct_node__append(doc, t);
    }
    return i; /* the rest of the line is read as the preamble */
}

/* Can line i belong to a title block? Capitals, title case, or centred. */
static int title_line(const P *p, size_t i)
{
    if (llen(p, i) > TITLE_LINE_LEN_MAX || is_preamble_line(p, i) ||
        pct_secnum__parse(lstart(p, i), llen(p, i), &(pct_secnum){0}) || is_whereas(p, i) ||
        is_recitals_heading(p, i) || is_toc_heading(p, i) || pct_parse__is_sig_line(p->d, i))
        return 0;
    return caps(p, i) || title_case(p, i) || p->L[i].indent >= 10;
}

/* Title block at the top of a document: consecutive short capitals,
 * title-case or centred lines before the preamble, with at most one blank
 * line between two of them. Returns the first line after it (or `end` when
 * memory ran out, with p->oom set). */
static size_t read_title(P *p, pct_node *doc, size_t i, size_t end)
{
    i = next_content(p, i, end);
    if (i >= end)
        return i;
    if (llen(p, i) > TITLE_LINE_LEN_MAX || (p->L[i].flags & PCT_LINE_FLATTENED) ||
        (is_preamble_line(p, i) && pct__is_upper((unsigned char)lstart(p, i)[1]))) {
        pct_node *before = doc->last;
        size_t r = read_flat_title(p, doc, i);
        if (r == (size_t)-1) {
            p->oom = 1;
            return end;
        }
        /* a flattened legend without a title: the title may follow it */
        size_t j = next_content(p, i + 1, end);
        if (doc->last != before || is_preamble_line(p, i) || j >= end || !title_line(p, j))
            return r;
        i = j;
    }
    /* Read blocks of title lines up to the preamble; the last block with a
     * title keyword wins (legends in capitals often come first). */
    size_t first = i, title_end = 0, scan_end = i + TITLE_SCAN_LINES;
    int best_kw = 0;
    while (i < end && i < scan_end) {
        i = next_content(p, i, end);
        if (i >= end || !title_line(p, i))
            break;
        size_t bfirst = i, last = i, k = 0, kw_end = 0;
        for (; i < end && k < TITLE_LINES_MAX; i++) {
            if (artifact(p, i))
                continue;
            if (blank(p, i)) {
                size_t j = next_content(p, i, end);
                if (j >= end || !title_line(p, j) || j > i + TITLE_BLANK_MAX)
                    break;
                i = j - 1;
                continue;
            }
            if (!title_line(p, i))
                break;
            last = i;
            k++;
            if (title_keyword(lstart(p, i), llen(p, i)))
                kw_end = i + 1;
        }
        /* a title does not end on a connective line ("among", "and") */
        while (last > bfirst && title_case(p, last) && llen(p, last) <= TITLE_CONNECTIVE_MAX &&
               !caps(p, last)) {
            size_t q = last - 1;
            while (q > bfirst && skip(p, q))
                q--;
            last = q;
        }
        if (kw_end) {
            first = bfirst;
            title_end = (last + 1 > kw_end ? last + 1 : kw_end); /* "BETWEEN X AND Y" lines */
            best_kw = 1;
        } else if (!best_kw && !title_end && caps(p, bfirst)) {
            first = bfirst; /* no keyword: a short capitals block still names it */
            title_end = last + 1;
        }
    }
    if (!title_end)
        return first;
    /* a title never ends on its own connective ("BETWEEN", "and") */
    pct_node *t = pct_node__new(p->d, PCT_NODE_TITLE, p->L[first].cstart, p->L[title_end - 1].cend);
    if (!t) {
        p->oom = 1;
        return end;
    }
    t->heading = fold(p, t->span.start, t->span.end);
    t->heading_span = t->span;
    pct_node__append(doc, t);
    return title_end;
}

/* --------------------------------------------------- table of contents */

/* "TABLE OF CONTENTS", "CONTENTS", "INDEX" opening a line. */
static int is_toc_heading(const P *p, size_t i)
{
    const char *s = lstart(p, i);
    size_t n = llen(p, i);
    if (pct__prefix_ws(s, n, "TABLE OF CONTENTS"))
        return pct__is_upper((unsigned char)s[1]) || n == 17;
    return (n == 8 && memcmp(s, "CONTENTS", 8) == 0) || (n == 5 && memcmp(s, "INDEX", 5) == 0);
}

/* A contents entry ends with a page reference after a gap or leaders:
 * "Section 2.1  Licence ..... 12", "ARTICLE 1 Definitions 1", "Exhibit A  A-1". */
static int toc_entry(const P *p, size_t i)
{
    const char *s = lstart(p, i);
    size_t n = llen(p, i), e = n;
    if (n > TOC_ENTRY_LEN_MAX)
        return 0;
    while (e > 0 && (pct__is_digit((unsigned char)s[e - 1]) || s[e - 1] == '-' ||
                     (e < n && pct__is_upper((unsigned char)s[e - 1]) && s[e] == '-') ||
                     s[e - 1] == 'i' || s[e - 1] == 'v' || s[e - 1] == 'x'))
        e--;
    if (e == n || e == 0)
        return 0;
    int leaders = e >= 2 && (s[e - 1] == '.' || s[e - 1] == '_') &&
                  (s[e - 2] == '.' || s[e - 2] == '_' || s[e - 2] == ' ');
    return s[e - 1] == ' ' || s[e - 1] == '\t' || leaders;
}

/* Skips a table of contents that opens at line i. Returns the first line
 * after it, or i when there is none. The contents end where their first
 * numbered entry ("ARTICLE I", "1.") comes back as a heading without a page
 * number; failing that, at the first line of prose. Linear: each line is
 * looked at once per pass, and the first pass is bounded by TOC_LINES_MAX. */
static size_t skip_toc(const P *p, size_t i, size_t end)
{
    if (i >= end || !is_toc_heading(p, i))
        return i;
    size_t entries = 0, j = i + 1, after = i + 1;
    pct_secnum first;
    int have_first = 0;
    size_t fe = i; /* the line of the first numbered entry */
    for (size_t q = i; q < end && q < i + TOC_FIRST_SCAN && !have_first; q++) {
        if (skip(p, q))
            continue;
        const char *s = lstart(p, q);
        size_t n = llen(p, q), off = 0;
        if (q == i) {
            off = pct__prefix_ws(s, n, "TABLE OF CONTENTS");
            while (off < n && s[off] == ' ')
                off++;
            if (off < n && pct__prefix_ci(s + off, n - off, "page "))
                off += 5;
        }
        have_first = pct_secnum__parse(s + off, n - off, &first) &&
                     (first.style == PCT_NUM_ARTICLE || first.style == PCT_NUM_DECIMAL ||
                      first.style == PCT_NUM_SECTION_KW);
        fe = q;
    }
    if (have_first) {
        /* the body starts at a preamble, or where the first entry comes back
         * as a heading without a page number */
        size_t lim = fe + TOC_LINES_MAX < end ? fe + TOC_LINES_MAX : end;
        for (size_t q = fe + 1; q < lim; q++) {
            if (skip(p, q))
                continue;
            if (is_preamble_line(p, q) || is_whereas(p, q))
                return q;
            pct_secnum num;
            if (pct_secnum__parse(lstart(p, q), llen(p, q), &num) && num.style == first.style &&
                strcmp(num.text, first.text) == 0 && !toc_entry(p, q))
                return q;
        }
    }
    for (; j < end; j++) {
        if (skip(p, j))
            continue;
        if (toc_entry(p, j)) {
            entries++;
            after = j + 1;
            continue;
        }
        if (is_preamble_line(p, j) || llen(p, j) >= TOC_ENTRY_LEN_MAX || is_whereas(p, j) ||
            is_recitals_heading(p, j))
            break;
        if (entries >= 3 && looks_like_title(p, j))
            break;
        after = j + 1; /* an entry without a page number ("EXHIBITS", "ARTICLE I") */
    }
    return entries ? after : i;
}

/* The preamble: the paragraph that opens with "This ..." or names the
 * parties. Returns the line after it. */
static size_t read_preamble(P *p, pct_node *doc, size_t i, size_t end, size_t *start_col)
{
    size_t lim = i + HEAD_SCAN_LINES < end ? i + HEAD_SCAN_LINES : end;
    size_t j = i;
    for (; j < lim; j++) {
        if (skip(p, j))
            continue;
        if (is_preamble_line(p, j) || (j == i && *start_col))
            break;
        if (is_whereas(p, j) || is_recitals_heading(p, j) || is_witness(p, j) ||
            pct_parse__is_sig_line(p->d, j))
            return i;
        pct_secnum num;
        if (pct_secnum__parse(lstart(p, j), llen(p, j), &num) && num.style == PCT_NUM_DECIMAL)
            return i;
    }
    if (j >= lim)
        return i;
    size_t a = p->L[j].cstart;
    if (j == i && *start_col > a) {
        /* after a flattened title on the same line */
        a = *start_col;
        while (a < p->L[j].cend && p->s[a] == ' ')
            a++;
    }
    size_t k = j;
    for (size_t q = j + 1; q < end; q++) {
        if (artifact(p, q))
            continue;
        if (blank(p, q) || is_whereas(p, q) || is_recitals_heading(p, q) || is_witness(p, q) ||
            pct_parse__is_sig_line(p->d, q))
            break;
        pct_secnum num;
        if (pct_secnum__parse(lstart(p, q), llen(p, q), &num) &&
            (p->L[q].flags & PCT_LINE_FLATTENED))
            break;
        k = q;
    }
    if (a >= p->L[k].cend)
        return k + 1;
    pct_node *pre = pct_node__new(p->d, PCT_NODE_PREAMBLE, a, p->L[k].cend);
    if (!pre) {
        p->oom = 1;
        return end;
    }
    pct_node__append(doc, pre);
    *start_col = 0;
    return k + 1;
}

/* Recitals: WHEREAS paragraphs, or lettered paragraphs under a RECITALS
 * heading, up to NOW, THEREFORE. Returns the line after the last recital
 * (and after the NOW, THEREFORE paragraph). */
/* Numbering that can letter recitals: A. (a) (A) (1) I. (i) 1. */
static int recital_style(const pct_secnum *num)
{
    switch (num->style) {
    case PCT_NUM_UPPER_ALPHA: case PCT_NUM_PAREN_ALPHA: case PCT_NUM_PAREN_UPPER:
    case PCT_NUM_PAREN_DIGIT: case PCT_NUM_ROMAN: case PCT_NUM_PAREN_ROMAN:
        return 1;
    case PCT_NUM_DECIMAL:
        return num->depth == 1;
    default:
        return 0;
    }
}

/* Numbering that opens the operative part: 1. 1.1 ARTICLE I, Section 1. */
static int operative_style(const pct_secnum *num)
{
    return num->style == PCT_NUM_DECIMAL || num->style == PCT_NUM_ARTICLE ||
           num->style == PCT_NUM_SECTION_KW;
}

/* Does `num` continue the recitals' lettering `rs` (style and next value)? */
static int same_lettering(pct_secnum *num, pct_numstyle rs)
{
    if (num->style == rs)
        return 1;
    if (num->ambiguous_roman) {
        /* (i) after (h), I. after H.: the letters go on */
        char ch = num->text[num->text[0] == '(' ? 1 : 0];
        if ((rs == PCT_NUM_PAREN_ALPHA || rs == PCT_NUM_UPPER_ALPHA)) {
            num->style = rs;
            num->comp[0] = pct__lower((unsigned char)ch) - 'a' + 1;
            return 1;
        }
    }
    return 0;
}

/* Recitals: WHEREAS paragraphs, or lettered/unnumbered paragraphs under a
 * RECITALS heading, up to NOW, THEREFORE or the first operative number.
 * Returns the line after the last recital (and after the NOW, THEREFORE
 * paragraph). */
static size_t read_recitals(P *p, pct_node *doc, size_t i, size_t end)
{
    size_t j = next_content(p, i, end);
    int lettered = 0;
    pct_numstyle rs = PCT_NUM_NONE; /* the recitals' own numbering, once seen */
    if (j < end && is_recitals_heading(p, j)) {
        lettered = 1;
        j = next_content(p, j + 1, end);
    }
    pct_node *cur = NULL;
    size_t last = j;
    for (; j < end; j++) {
        if (skip(p, j))
            continue;
        if (is_now_therefore(p, j) || is_witness(p, j) || pct_parse__is_sig_line(p->d, j))
            break;
        pct_secnum num;
        int numbered = pct_secnum__parse(lstart(p, j), llen(p, j), &num) &&
                       !continues_previous(p, j, i);
        int para = j > 0 && (blank(p, j - 1) || artifact(p, j - 1) ||
                             (p->L[j].flags & PCT_LINE_FLATTENED));
        int opens = 0;
        if (is_whereas(p, j)) {
            opens = 1;
        } else if (numbered) {
            if (rs == PCT_NUM_NONE && lettered && recital_style(&num) &&
                !(cur && operative_style(&num)))
                rs = num.style, opens = 1;
            else if (rs != PCT_NUM_NONE && same_lettering(&num, rs))
                opens = 1;
            else if (operative_style(&num) || (!lettered && para))
                break; /* the operative part begins */
        } else if (!cur) {
            if (!lettered)
                return i; /* no recitals here */
            opens = 1; /* an unnumbered paragraph under RECITALS */
        } else if (para && (caps(p, j) || (!lettered && rs == PCT_NUM_NONE && !is_whereas(p, j)))) {
            break; /* a heading ("AGREEMENT") or a paragraph after the WHEREAS clauses */
        } else if (para && lettered && rs == PCT_NUM_NONE) {
            opens = 1; /* unnumbered recitals, one per paragraph */
        }
        if (opens) {
            if (cur)
                cur->span.end = p->L[last].cend;
            cur = pct_node__new(p->d, PCT_NODE_RECITAL, p->L[j].cstart, p->L[j].cend);
            if (!cur) {
                p->oom = 1;
                return end;
            }
            if (numbered) {
                cur->number = dup_number(p, num.text);
                cur->style = num.style;
            }
            pct_node__append(doc, cur);
        }
        last = j;
    }
    if (cur)
        cur->span.end = p->L[last].cend;
    if (j < end && is_now_therefore(p, j)) {
        /* skip the NOW, THEREFORE paragraph: it introduces the operative part */
        size_t q = j + 1;
        while (q < end && !blank(p, q) && !(p->L[q].flags & PCT_LINE_FLATTENED) &&
               !pct_secnum__parse(lstart(p, q), llen(p, q), &(pct_secnum){0}))
            q++;
        return q;
    }
    return cur ? last + 1 : i;
}

/* ------------------------------------------------------------ the tail */

/* Is the signature page that opens at line `s` a cover page, signed before
 * the terms (the body's first numbered section follows it)? Returns the
 * line where the body resumes, or 0 when the page ends the body. Looks at a
 * bounded number of lines. */
static size_t cover_page(const P *p, size_t s, size_t end)
{
    size_t lim = s + SIG_PAGE_SCAN < end ? s + SIG_PAGE_SCAN : end;
    for (size_t q = s + 1; q < lim; q++) {
        if (skip(p, q) || pct_parse__is_sig_line(p->d, q))
            continue;
        if (is_exhibit_heading(p, q) || looks_like_title(p, q) || is_witness(p, q))
            return 0;
        pct_secnum num;
        if (pct_secnum__parse(lstart(p, q), llen(p, q), &num) &&
            ((num.style == PCT_NUM_DECIMAL && num.depth == 1 && num.comp[0] == 1) ||
             ((num.style == PCT_NUM_ARTICLE || num.style == PCT_NUM_SECTION_KW) &&
              num.comp[0] == 1)))
            return q; /* "1. APPOINTMENT": the terms start after the signatures */
        if (llen(p, q) >= SIG_LINE_LEN_MAX && !(p->L[q].flags & PCT_LINE_GAP))
            return 0; /* prose: the page is over */
    }
    return 0;
}

/* Does line i open a top-level section (1., ARTICLE I, Section 1)? */
static int top_section(const P *p, size_t i)
{
    pct_secnum num;
    if (!pct_secnum__parse(lstart(p, i), llen(p, i), &num))
        return 0;
    return (num.style == PCT_NUM_DECIMAL && num.depth == 1) || num.style == PCT_NUM_ARTICLE ||
           (num.style == PCT_NUM_SECTION_KW && num.depth == 1);
}

/* First line of the signature page in [from, end), or end. IN WITNESS
 * WHEREOF wins; else the first run of two signature cues close together.
 * A cover page signed before the terms is passed over. Every jump moves the
 * scan forward, so the work is linear in the lines. */
static size_t find_signatures(const P *p, size_t from, size_t end, size_t *cover_s,
                              size_t *cover_e)
{
    size_t cs_dummy, ce_dummy;
    if (!cover_s)
        cover_s = &cs_dummy, cover_e = &ce_dummy;
    *cover_s = *cover_e = 0;
    /* a cover page comes before any section: once one is seen, the first
     * signature page found is the real one */
    int body_seen = 0;
    for (size_t i = from; i < end; i++) {
        if (skip(p, i))
            continue;
        if (!is_witness(p, i)) {
            body_seen |= !body_seen && top_section(p, i);
            continue;
        }
        size_t body = body_seen ? 0 : cover_page(p, i, end);
        if (!body)
            return i;
        if (!*cover_e)
            *cover_s = i, *cover_e = body;
        i = body - 1;
    }
    size_t prev = (size_t)-1;
    body_seen = 0;
    for (size_t i = from; i < end; i++) {
        if (skip(p, i))
            continue;
        if (!pct_parse__is_sig_line(p->d, i)) {
            body_seen |= !body_seen && top_section(p, i);
            continue;
        }
        if (prev != (size_t)-1 && i - prev <= 6) {
            /* back up to the entity line(s) above the first cue */
            size_t s = prev;
            size_t back = 0;
            while (s > from && back < 4 && prev - s < SIG_BACK_LINES) {
                size_t q = s - 1;
                if (blank(p, q) || artifact(p, q)) {
                    s = q;
                    continue;
                }
                if (llen(p, q) > TITLE_LINE_LEN_MAX ||
                    (!caps(p, q) && !(p->L[q].flags & PCT_LINE_GAP)))
                    break;
                s = q;
                back++;
            }
            s = next_content(p, s, end);
            size_t body = body_seen ? 0 : cover_page(p, s, end);
            if (!body)
                return s;
            if (!*cover_e)
                *cover_s = s, *cover_e = body;
            /* the page was backed up from `prev`: its body may resume before
             * the cue at i, and the scan must never move backwards */
            if (body - 1 > i)
                i = body - 1;
            prev = (size_t)-1;
            continue;
        }
        prev = i;
    }
    return end;
}

/* Splits [from, end) at exhibit headings; returns the first exhibit line or end. */
static size_t first_exhibit(const P *p, size_t from, size_t end)
{
    for (size_t i = from; i < end; i++)
        if (!skip(p, i) && is_exhibit_heading(p, i) &&
            (i == 0 || blank(p, i - 1) || artifact(p, i - 1)))
            return i;
    return end;
}

static size_t last_content_before(const P *p, size_t from, size_t to)
{
    size_t k = to;
    while (k > from && skip(p, k - 1))
        k--;
    return k; /* one past the last content line; == from when none */
}

static int build_exhibits(P *p, pct_node *doc, size_t from, size_t end);

static int build_signatures(P *p, pct_node *parent, size_t from, size_t to)
{
    size_t last = last_content_before(p, from, to);
    if (last <= from)
        return 0;
    pct_node *sigs =
        pct_node__new(p->d, PCT_NODE_SIGNATURES, p->L[from].cstart, p->L[last - 1].cend);
    if (!sigs)
        return PCT_ENOMEM;
    pct_node__append(parent, sigs);
    return pct_parse__signatures(p->d, sigs, from, last);
}

/* Body [from, to): sections, then the signature page. */
static int build_body(P *p, pct_node *parent, size_t from, size_t to)
{
    size_t cs, ce;
    size_t sig = find_signatures(p, from, to, &cs, &ce);
    int err;
    if (ce > cs && ce <= sig) {
        /* a cover page signed before the terms: sections, cover, sections */
        if ((err = build_sections(p, parent, from, cs)) < 0 ||
            (err = build_signatures(p, parent, cs, ce)) < 0)
            return err;
        from = ce;
    }
    err = build_sections(p, parent, from, sig);
    if (err < 0 || sig >= to)
        return err;
    return build_signatures(p, parent, sig, to);
}

static int build_exhibits(P *p, pct_node *doc, size_t from, size_t end)
{
    size_t i = from;
    while (i < end) {
        size_t next = first_exhibit(p, i + 1, end);
        size_t last = last_content_before(p, i, next);
        if (last > i) {
            pct_node *ex =
                pct_node__new(p->d, PCT_NODE_EXHIBIT, p->L[i].cstart, p->L[last - 1].cend);
            if (!ex)
                return PCT_ENOMEM;
            ex->heading_span.start = p->L[i].cstart;
            ex->heading_span.end = p->L[i].cend;
            /* "EXHIBIT A" alone: the next short capitals line is its title */
            size_t j = next_content(p, i + 1, next);
            if (llen(p, i) < 16 && j < next && caps(p, j) && llen(p, j) < TITLE_LINE_LEN_MAX)
                ex->heading_span.end = p->L[j].cend;
            ex->heading = fold(p, ex->heading_span.start, ex->heading_span.end);
            pct_node__append(doc, ex);
            int err = build_body(p, ex, i + 1, next);
            if (err < 0)
                return err;
        }
        i = next;
    }
    return 0;
}

static int build_document(P *p, size_t from, size_t to)
{
    size_t a = next_content(p, from, to);
    size_t last = last_content_before(p, from, to);
    if (a >= to || last <= a)
        return 0;
    pct_node *doc = pct_node__new(p->d, PCT_NODE_DOCUMENT, p->L[a].cstart, p->L[last - 1].cend);
    if (!doc)
        return PCT_ENOMEM;
    pct_node__append(p->d->root, doc);

    if (is_exhibit_heading(p, a)) {
        /* attachments of another document filed before this one's title
         * (the tail of a base agreement before its amendment) */
        size_t lim = a + LEADING_EXHIBIT_SCAN < to ? a + LEADING_EXHIBIT_SCAN : to;
        for (size_t j = a + 1; j < lim; j++) {
            if (skip(p, j) || !looks_like_title(p, j) || !preamble_follows(p, j + 1))
                continue;
            int err = build_exhibits(p, doc, a, j);
            if (err < 0)
                return err;
            a = j;
            break;
        }
    }
    size_t i = read_title(p, doc, a, to);
    /* a table of contents may follow the title, after the parties' block */
    size_t t = next_content(p, i, to);
    for (size_t seen = 0; t < to && seen < TOC_SEARCH_LINES;
         t = next_content(p, t + 1, to), seen++) {
        if (is_preamble_line(p, t) || is_whereas(p, t) || top_section(p, t))
            break;
        if (!is_toc_heading(p, t))
            continue;
        i = skip_toc(p, t, to);
        if (!doc->last)
            i = read_title(p, doc, i, to); /* the title after the contents */
        break;
    }
    size_t col = doc->last && doc->last->type == PCT_NODE_TITLE ? doc->last->span.end : 0;
    if (col && i < to && col > p->L[i].cstart && col <= p->L[i].cend)
        ; /* flattened: the preamble continues on the title's line */
    else
        col = 0;
    i = read_preamble(p, doc, i, to, &col);
    i = read_recitals(p, doc, i, to);
    if (p->oom)
        return PCT_ENOMEM;
    /* the body runs to the first exhibit heading after the signature page */
    size_t sig = find_signatures(p, i, to, NULL, NULL);
    size_t ex = sig < to ? first_exhibit(p, sig + 1, to) : to;
    int err = build_body(p, doc, i, ex);
    if (err < 0)
        return err;
    if (ex < to)
        err = build_exhibits(p, doc, ex, to);
    return err;
}

/* ---------------------------------------------------- leaves: artefacts */

static int contains(const pct_node *n, const pct_node *leaf)
{
    return n->span.start <= leaf->span.start && leaf->span.end <= n->span.end;
}

/* Inserts a leaf into the innermost node containing it. Leaves arrive in
 * increasing start order, so the search starts at the previous leaf (`prev`,
 * NULL at first), climbs to the first ancestor that contains the new one and
 * walks forward from there: every child list is walked at most once over
 * all insertions, which keeps the whole pass linear. A leaf that would
 * straddle or overlap a node is dropped. Returns the leaf to pass as `prev`
 * next time (the old `prev` when this one was dropped). */
static pct_node *insert_leaf(pct_node *root, pct_node *prev, pct_node *leaf)
{
    pct_node *c = prev ? prev : root, *from = NULL;
    while (c->parent && (c == prev || !contains(c, leaf))) {
        from = c;
        c = c->parent;
    }
    if (!contains(c, leaf))
        return prev;
    for (;;) {
        pct_node *after = NULL;
        for (pct_node *k = from ? from : c->first; k && k->span.start <= leaf->span.start;
             k = k->next)
            after = k;
        if (after && contains(after, leaf) && after->type != PCT_NODE_ARTIFACT &&
            after->type != PCT_NODE_REDACTION && after->span.end > after->span.start) {
            c = after; /* descend */
            from = NULL;
            continue;
        }
        if (after && after->span.end > leaf->span.start)
            return prev; /* straddles a child: not representable, dropped */
        pct_node *next = after ? after->next : c->first;
        if (next && next->span.start < leaf->span.end)
            return prev; /* overlaps the next sibling */
        leaf->parent = c;
        leaf->prev = after;
        leaf->next = next;
        if (after)
            after->next = leaf;
        else
            c->first = leaf;
        if (next)
            next->prev = leaf;
        else
            c->last = leaf;
        return leaf;
    }
}

/* Redaction marks: [*], [***], [ * * * ], [**], {*****}, *****, [REDACTED]. */
static size_t redaction_at(const char *s, size_t n, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c == '[' || c == '{') {
        char close = c == '[' ? ']' : '}';
        size_t j = i + 1, stars = 0;
        while (j < n && j - i < 24 && (s[j] == '*' || s[j] == ' ')) {
            stars += s[j] == '*';
            j++;
        }
        if (stars && j < n && s[j] == close)
            return j + 1 - i;
        if (pct__prefix_ci(s + i + 1, n - i - 1, "redacted]"))
            return 10;
        return 0;
    }
    if (c == '*') {
        size_t j = i;
        while (j < n && s[j] == '*')
            j++;
        return j - i >= 3 ? j - i : 0;
    }
    return 0;
}

#if defined(__SSE2__)
#include <emmintrin.h>
#define MARK_BLOCK 16 /* bytes per SSE2 block (part of every x86-64) */

/* Mask of the bytes that can open a redaction mark ('[', '{', '*') among the
 * avail bytes at p (a block; a shorter tail is zero padded), bit k = byte k. */
static uint32_t mark_bits(const char *p, size_t avail)
{
    __m128i v;
    if (avail >= MARK_BLOCK) {
        v = _mm_loadu_si128((const __m128i *)(const void *)p);
    } else {
        unsigned char last[MARK_BLOCK] = {0};
        memcpy(last, p, avail);
        v = _mm_loadu_si128((const __m128i *)(const void *)last);
    }
    __m128i m = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('[')),
                             _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('{')),
                                          _mm_cmpeq_epi8(v, _mm_set1_epi8('*'))));
    return (uint32_t)_mm_movemask_epi8(m);
}
#else
#define MARK_BLOCK 16 /* bytes per block of mark_bits */

static uint32_t mark_bits(const char *p, size_t avail)
{
    uint32_t m = 0;
    for (size_t k = 0; k < avail && k < MARK_BLOCK; k++)
        m |= (uint32_t)(p[k] == '[' || p[k] == '{' || p[k] == '*') << k;
    return m;
}
#endif

/* Inserts the artefact lines and the redaction marks as leaves. A line is
 * searched for marks a block at a time: only the bytes that can open one
 * ('[', '{', '*') are tried. */
static int add_leaves(P *p)
{
    pct_node *prev = NULL; /* the last leaf inserted */
    for (size_t i = 0; i < p->n; i++) {
        const pct_line *l = &p->L[i];
        if (l->flags & PCT_LINE_ARTIFACT) {
            if (l->artifact == PCT_ARTIFACT_RULE) {
                /* rules under signature lines carry no information */
                continue;
            }
            pct_node *a = pct_node__new(p->d, PCT_NODE_ARTIFACT, l->cstart, l->cend);
            if (!a)
                return PCT_ENOMEM;
            a->artifact = l->artifact;
            prev = insert_leaf(p->d->root, prev, a);
            continue;
        }
        if (l->flags & PCT_LINE_BLANK)
            continue;
        const char *s = p->s;
        size_t next = l->cstart; /* bytes inside the last mark found are not looked at */
        for (size_t b = l->cstart; b < l->cend; b += MARK_BLOCK) {
            for (uint32_t m = mark_bits(s + b, l->cend - b); m; m &= m - 1) {
                size_t k = b + (size_t)__builtin_ctz(m);
                size_t len = k < next ? 0 : redaction_at(s, l->cend, k);
                if (!len)
                    continue;
                pct_node *r = pct_node__new(p->d, PCT_NODE_REDACTION, k, k + len);
                if (!r)
                    return PCT_ENOMEM;
                prev = insert_leaf(p->d->root, prev, r);
                next = k + len;
            }
        }
    }
    return 0;
}

int pct_parse__document(pct_doc *d)
{
    P p = {d, d->src.text, d->lines.v, d->lines.n, 0};
    pct_vec starts;
    pct_vec__init(&starts, d->ctx, sizeof(size_t));
    int err = 0;
    size_t nd = split_documents(&p, &starts);
    if (nd == 0 && p.n) {
        err = PCT_ENOMEM;
        goto done;
    }
    for (size_t k = 0; k < nd; k++) {
        size_t from = PCT_VEC_AT(&starts, size_t, k);
        size_t to = k + 1 < nd ? PCT_VEC_AT(&starts, size_t, k + 1) : p.n;
        if ((err = build_document(&p, from, to)) < 0)
            goto done;
    }
    err = add_leaves(&p);
done:
    pct_vec__free(&starts);
    /* an allocation that failed deep inside (a heading, a number) must not
     * leave a silently degraded tree */
    if (!err && p.oom)
        err = PCT_ENOMEM;
    return err;
}
