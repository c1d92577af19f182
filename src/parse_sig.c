/*
 * parse_sig.c - signature pages: from the lines of a signature page to one
 * SIGNATURE_BLOCK node per signature, each carrying a pct_signature record
 * (entity, By: line, signer, title, date, signed or blank, a span per field).
 *
 * Approach, three linear passes over the lines [l0, l1) of the page:
 *   1. cells: each content line is cut into pieces at runs of COL_GAP or more
 *      spaces, and each piece at in-line keys (By:, Signature:, Name:, Title:,
 *      Its:, Date:, /s/ ...). Column layouts and flattened text ("By: A By: B
 *      Name: A Name: B") so give the same unit: a cell with a key, a value span
 *      and the column where its piece starts. Rules of dashes/underscores are
 *      trimmed from values; pieces that are only rules are dropped.
 *      A key left empty by a wide gap takes the next piece as its value.
 *   2. columns: a line whose pieces all start with the same key, or are all
 *      entity-like names, defines column starts (merged within COL_MERGE).
 *      Every cell goes to the rightmost column starting at or before it. A
 *      row-flattened line (all rows of R side-by-side blocks run into one
 *      line: pieces in groups of R sharing a key) deals piece k to column
 *      k % R instead.
 *   3. blocks: each column's cells are read top-down by a small state machine:
 *      short untagged lines before a cue are the entity; a cue (By:, /s/,
 *      Signature:) opens a block; Name/Title/Date and untagged name or title
 *      lines fill it. A run of R equal cues on one row ("By: A By: B") opens R
 *      blocks side by side, and later rows of R equal keys are dealt out to them.
 *      A second officer signing right under a block ("By:" and a title, no
 *      entity line of its own) shares that block's entity.
 * Blocks are then sorted by their first byte, which is reading order (row by
 * row, left column first), and become nodes.
 *
 * Spans: the record's field spans are exact TEXT offsets (tree.c converts
 * them). A node's span runs from the block's first byte to its last one, cut
 * at the next block's first byte: side-by-side blocks interleave line by line
 * and siblings must not overlap. Invariants: nodes are appended in span
 * order, disjoint, inside `sigs`. Work: each line is cut once, each column
 * reads the cell list once (at most COLS_MAX columns), and the blocks are
 * sorted once, so a page costs O(n) in its bytes plus O(b log b) in blocks.
 */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

#define COL_GAP 4         /* spaces: a run this long separates two pieces of a line */
#define FIELD_LINE_GAP 12 /* lines: a field further below an open block starts a new one */
#define MERGE_GAP 12      /* blanks: a value this near its empty key is still its value */
#define COL_MERGE 8       /* columns: defining starts closer than this are one column */
#define COL_TOL 3         /* columns: a piece may start this far left of its column */
#define COLS_MAX 4        /* columns of one page; further starts join the last one */
#define PIECES_MAX 16     /* pieces of one line looked at when finding columns */
#define RUN_MAX 4         /* blocks side by side read from one row of equal keys */
#define ENT_PIECES_MAX 3  /* lines of one entity name ("FEDERATED INVESTMENT / COMPANY") */
#define ENT_LINE_GAP 4    /* lines: an entity line further above the next one is stale */
#define ENT_LEN_MAX 100   /* bytes: longer untagged text is prose, not a name */
#define LABEL_WORDS_MAX 4 /* words of a role label ("AGREED AND ACCEPTED:") */
#define NAME_WORDS_MAX 6  /* words of a person's name */
#define PROSE_WORDS_MIN 6 /* words: shorter text is never taken for prose */
#define WORDS_MAX 48      /* words looked at in one value (entity split, name repeat) */
#define SURNAME_PREFIX 3  /* letters of a surname compared ("Dim" signs for "Dima") */
#define PAGE_DIGITS_MAX 3 /* digits of a page number run into a value */
#define VALUE_GAP 3       /* blanks: a Name/Title/Date value ends at a run this long */
#define SIG_NAME_BACK 4   /* lines from a By: line down to its Name: line */

enum key { K_NONE = 0, K_BY, K_SIG, K_MARK, K_NAME, K_TITLE, K_DATE };
enum { F_BY = 1, F_MARK = 2, F_NAME = 4, F_TITLE = 8, F_DATE = 16 };
enum text_kind { T_IGNORE = 0, T_PROSE, T_LABEL, T_TEXT };

typedef struct cell {
    size_t line;       /* index in doc->lines */
    size_t start, end; /* TEXT offsets: the cell, key included, trailing rules trimmed */
    size_t vs, ve;     /* TEXT offsets of the value; vs == ve when printed blank */
    uint32_t x;        /* column (0-based, tabs expanded) where the cell's piece starts */
    uint8_t key;       /* enum key */
    uint8_t col;       /* index of the page column the cell belongs to */
    uint8_t fixed;     /* col was set by a row-flattened line, not by position */
} cell;

typedef struct block {
    pct_span ent[ENT_PIECES_MAX]; /* entity lines, in reading order */
    int nent;
    unsigned f;                   /* F_* fields seen */
    pct_span by_key;              /* the By:/Signature: cell */
    pct_span by, name, title, date; /* values; empty when printed blank */
    pct_span mark;                /* the /s/ cell ("/s/ Jane Roe") */
    size_t start, end;            /* TEXT offsets: first and past-last byte of its cells */
    size_t last_line;             /* line of its last cell */
    size_t heir_of;               /* block + 1 whose entity a second signer shares, 0 when none */
} block;

typedef struct S {
    pct_doc *d;
    const char *s;  /* doc->src.text */
    pct_vec cells;  /* cell, in reading order */
    pct_vec blocks; /* block */
    pct_vec xs;     /* uint32_t: piece starts of column-defining lines */
    uint32_t colx[COLS_MAX];
    int ncol;
    int rows_max;   /* widest row-flattened line (blocks side by side), 0 when none */
} S;

/* The reader of one column. */
typedef struct rd {
    S *st;
    int col;
    pct_span pend[ENT_PIECES_MAX]; /* entity lines waiting for their cue */
    size_t pend_line[ENT_PIECES_MAX];
    int npend;
    size_t g0; /* first block of the open group */
    int gn;    /* blocks in the open group (side by side); 0 when none is open */
    int prose; /* prose came after the open group */
} rd;

typedef struct words {
    pct_span w[WORDS_MAX];
    int n;
} words;

#define CELL(st, i) (&PCT_VEC_AT(&(st)->cells, cell, i))
#define BLOCK(st, i) (&PCT_VEC_AT(&(st)->blocks, block, i))

/* ------------------------------------------------------------- words */

static int is_rule_char(unsigned char c) { return c == '-' || c == '_' || c == '='; }

static int is_blank_char(unsigned char c) { return c == ' ' || c == '\t'; }

/* Two words equal, ignoring case. */
static int word_eq(const char *s, pct_span a, pct_span b)
{
    size_t n = a.end - a.start;
    if (n != b.end - b.start)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (pct__lower((unsigned char)s[a.start + i]) != pct__lower((unsigned char)s[b.start + i]))
            return 0;
    return 1;
}

/* The word without trailing commas, semicolons and colons. */
static pct_span trim_punct(const char *s, pct_span v)
{
    while (v.end > v.start && (s[v.end - 1] == ',' || s[v.end - 1] == ';' || s[v.end - 1] == ':'))
        v.end--;
    return v;
}

static void split_words(const char *s, size_t a, size_t b, words *out)
{
    out->n = 0;
    size_t i = a;
    while (i < b && out->n < WORDS_MAX) {
        while (i < b && is_blank_char((unsigned char)s[i]))
            i++;
        if (i >= b)
            break;
        size_t e = i;
        while (e < b && !is_blank_char((unsigned char)s[e]))
            e++;
        out->w[out->n].start = i;
        out->w[out->n++].end = e;
        i = e;
    }
}

/* Does the word [a, b) equal one of `list` (lower case), ignoring case and
 * surrounding punctuation? */
static int word_in(const char *s, size_t a, size_t b, const char *const *list)
{
    while (a < b && (s[a] == '(' || s[a] == '"'))
        a++;
    while (b > a && (s[b - 1] == ',' || s[b - 1] == '.' || s[b - 1] == ';' || s[b - 1] == ')' ||
                     s[b - 1] == ':' || s[b - 1] == '"'))
        b--;
    if (a >= b)
        return 0; /* no list holds an empty word */
    unsigned char f = pct__lower((unsigned char)s[a]); /* first bytes first: few words pass */
    for (int k = 0; list[k]; k++)
        if ((unsigned char)list[k][0] == f && strlen(list[k]) == b - a &&
            pct__prefix_ci(s + a, b - a, list[k]))
            return 1;
    return 0;
}

static const char *const suffix_words[] = {
    "inc", "incorporated", "llc", "l.l.c", "ltd", "limited", "lp", "l.p", "llp", "l.l.p", "plc",
    "corp", "corporation", "co", "company", "n.a", "trust", "partnership", "gmbh", "ag", "s.a",
    "b.v", "n.v", "r.l", "s.r.l", "s.a.r.l", "sarl", "s.p.a", "bank", "holdings", "fund",
    "association", "university", "foundation", "lllp", "pllc", "p.c", NULL};

/* Suffixes that only ever end a name, never a role ("ACQUIRING FUND:",
 * "SURVIVING CORPORATION:" are roles). */
static const char *const legal_forms[] = {
    "inc", "llc", "l.l.c", "ltd", "lp", "l.p", "llp", "l.l.p", "plc", "corp", "co", "gmbh", "ag",
    "s.a", "b.v", "n.v", "s.r.l", "s.a.r.l", "sarl", "s.p.a", "lllp", "pllc", "p.c", NULL};

static const char *const title_words[] = {
    "president", "vice", "officer", "director", "manager", "secretary", "treasurer", "chairman",
    "chairperson", "chair", "partner", "member", "counsel", "ceo", "cfo", "coo", "cto", "cio",
    "evp", "svp", "signatory", "owner", "principal", "executive", "trustee", "founder",
    "controller", "attorney", "attorney-in-fact", "chief", "head", "managing", "authorized",
    "agent", "representative", "administrator", "vp", NULL};

static const char *const name_particles[] = {"de", "van", "von", "der", "la", "du", "da", "di",
                                             "le", "del", "dos", NULL};

static int has_word(const char *s, pct_span v, const char *const *list)
{
    words w;
    split_words(s, v.start, v.end, &w);
    for (int k = 0; k < w.n; k++)
        if (word_in(s, w.w[k].start, w.w[k].end, list))
            return 1;
    return 0;
}

static int entity_like(const char *s, pct_span v) { return has_word(s, v, suffix_words); }

static int title_like(const char *s, pct_span v) { return has_word(s, v, title_words); }

/* A person's name: 2 to NAME_WORDS_MAX capitalised words (initials, particles,
 * "Jr."), no digits, no entity suffix, no title word. Words [k0, k1) of `w`. */
static int name_words(const char *s, const words *w, int k0, int k1)
{
    if (k1 - k0 < 2 || k1 - k0 > NAME_WORDS_MAX)
        return 0;
    for (int k = k0; k < k1; k++) {
        size_t a = w->w[k].start, b = w->w[k].end;
        unsigned char c = (unsigned char)s[a];
        if (word_in(s, a, b, suffix_words) || word_in(s, a, b, title_words))
            return 0;
        if (!(pct__is_upper(c) || c >= 0x80 || (k > k0 && word_in(s, a, b, name_particles))))
            return 0;
        for (size_t i = a; i < b; i++)
            if (pct__is_digit((unsigned char)s[i]))
                return 0;
    }
    return !word_in(s, w->w[k0].start, w->w[k0].end, (const char *const[]){"the", NULL});
}

static int name_like(const char *s, pct_span v)
{
    words w;
    split_words(s, v.start, v.end, &w);
    return name_words(s, &w, 0, w.n);
}

/* "Toichi Takenaka President and CEO" -> name "Toichi Takenaka", title the
 * rest (empty when the text is a bare name). Returns 0 when no name leads. */
static int split_name_title(const char *s, pct_span v, pct_span *name, pct_span *title)
{
    words w;
    split_words(s, v.start, v.end, &w);
    int k = 0;
    while (k < w.n && !word_in(s, w.w[k].start, w.w[k].end, title_words))
        k++;
    if (!name_words(s, &w, 0, k))
        return 0;
    name->start = v.start;
    name->end = trim_punct(s, w.w[k - 1]).end;
    title->start = k < w.n ? w.w[k].start : v.end;
    title->end = v.end;
    return 1;
}

/* ------------------------------------------------------------- keys */

typedef struct keyword {
    const char *lit;
    uint8_t key;
} keyword;

static const keyword keywords[] = {
    {"by:", K_BY},          {"signature:", K_SIG}, {"print name:", K_NAME},
    {"printed name:", K_NAME}, {"name:", K_NAME},  {"title:", K_TITLE},
    {"its:", K_TITLE},      {"date:", K_DATE},     {"dated:", K_DATE},
    {NULL, 0}};

/* The key starting at p (n bytes available), its length in *klen. Word keys
 * are written with a capital; "By" may lack its colon before a mark or rule. */
static int key_at(const char *p, size_t n, size_t *klen)
{
    if (n >= 3 && p[0] == '/' && pct__prefix_ci(p, n, "/s/")) {
        *klen = 3;
        return K_MARK;
    }
    if (n == 0 || !pct__is_upper((unsigned char)p[0]))
        return K_NONE;
    unsigned char f = pct__lower((unsigned char)p[0]); /* the keywords are lower case */
    for (const keyword *k = keywords; k->lit; k++)
        if ((unsigned char)k->lit[0] == f && pct__prefix_ci(p, n, k->lit)) {
            *klen = strlen(k->lit);
            return k->key;
        }
    if (n > 3 && p[0] == 'B' && (p[1] == 'y' || p[1] == 'Y') &&
        is_blank_char((unsigned char)p[2])) {
        size_t i = 2;
        while (i < n && is_blank_char((unsigned char)p[i]))
            i++;
        if (i < n && (p[i] == '/' || p[i] == '_')) {
            *klen = 2;
            return K_BY;
        }
    }
    return K_NONE;
}

/* Does an all-capitals name start at p: a word of 2+ capitals, and at least
 * two such words before the first word with a lower-case letter? Initials and
 * signs ("&", "S.à") may sit inside. */
static int caps_run_at(const char *p, size_t n)
{
    size_t i = 0;
    int strong = 0, first = 1;
    while (i < n) {
        size_t e = i, up = 0, lo = 0;
        while (e < n && !is_blank_char((unsigned char)p[e])) {
            up += pct__is_upper((unsigned char)p[e]);
            lo += pct__is_lower((unsigned char)p[e]);
            e++;
        }
        size_t kl;
        if (lo || key_at(p + i, n - i, &kl))
            break;
        if (first && (up < 2 || word_in(p, i, e, title_words)))
            return 0;
        strong += up >= 2;
        first = 0;
        while (e < n && is_blank_char((unsigned char)p[e]))
            e++;
        i = e;
    }
    return strong >= 2;
}

/* ------------------------------------------------------------- cells */

/* A page number run into a value ("President & CEO 49", "23 August 05 -44-"):
 * the end of the value without it. */
static size_t drop_page_number(const char *s, size_t vs, size_t ve, int key)
{
    size_t e = ve, d = 0;
    while (e > vs && s[e - 1] == '-')
        e--;
    while (e > vs && pct__is_digit((unsigned char)s[e - 1]))
        e--, d++;
    int dash = e > vs && s[e - 1] == '-';
    e -= dash;
    if (d == 0 || d > PAGE_DIGITS_MAX || e < vs + 2 || !is_blank_char((unsigned char)s[e - 1]))
        return ve; /* vs + 2: a word and a blank before the number */
    if (!dash && (key == K_DATE || !pct__is_alpha((unsigned char)s[e - 2])))
        return ve; /* "May 05", "May 1, 2020", "9 - 29" stay whole */
    while (e > vs && is_blank_char((unsigned char)s[e - 1]))
        e--;
    return e;
}

static int push_cell(S *st, size_t li, size_t a, size_t b, int key, size_t klen, uint32_t x)
{
    const char *s = st->s;
    size_t vs = a + klen, ve = b;
    while (vs < ve && (is_blank_char((unsigned char)s[vs]) || is_rule_char((unsigned char)s[vs]) ||
                       s[vs] == ':'))
        vs++;
    while (ve > vs &&
           (is_blank_char((unsigned char)s[ve - 1]) || is_rule_char((unsigned char)s[ve - 1])))
        ve--;
    if (key == K_TITLE || key == K_DATE)
        ve = drop_page_number(s, vs, ve, key);
    if (vs >= ve)
        vs = ve = a + klen;
    if (key == K_NONE && vs == ve)
        return 0;
    cell *c = pct_vec__push(&st->cells);
    if (!c)
        return PCT_ENOMEM;
    c->line = li;
    c->start = a;
    c->end = ve > a + klen ? ve : a + klen;
    c->vs = vs;
    c->ve = ve;
    c->x = x;
    c->key = (uint8_t)key;
    return 0;
}

/* Does a run of n or more blanks inside [lo, k) end at k? */
static int gap_before(const char *s, size_t lo, size_t k, size_t n)
{
    if (k - lo < n)
        return 0;
    for (size_t i = 1; i <= n; i++)
        if (!is_blank_char((unsigned char)s[k - i]))
            return 0;
    return 1;
}

/* May the value [vs, k) of a `key` cell end before a capitals name? It must
 * hold lower-case text already, and a By: value must be a mark ("By: /s/ Jo
 * Roe Jo Roe Manager ACME LP"; "By: Acme GP, LLC" is one name). */
static int splits_value(const char *s, size_t vs, size_t k, int key, int lower)
{
    if (key == K_NONE || !lower)
        return 0;
    while (vs < k && is_blank_char((unsigned char)s[vs]))
        vs++;
    return (key != K_BY && key != K_SIG) || pct__prefix_ci(s + vs, k - vs, "/s/");
}

/* Cuts the piece [a, b) of line li at in-line keys and, inside a value that
 * already held lower-case text, before an all-capitals name ("Title: Manager
 * ACME CORP."). A /s/ right after an empty By: stays in the By: cell. Returns
 * the key of the piece's first cell through *first_key. */
static int cut_piece(S *st, size_t li, size_t a, size_t b, uint32_t x, int *first_key)
{
    const char *s = st->s;
    size_t klen = 0, cs = a, mark_end = a;
    int key = key_at(s + a, b - a, &klen), lower = 0, seen = 0;
    *first_key = key;
    for (size_t k = a + klen; k < b; k++) {
        unsigned char c = (unsigned char)s[k];
        /* k > a: the piece's first byte was keyed above, and the byte before
         * the piece is not the piece's (k == 0 at the start of the text) */
        int start = k > a && !is_blank_char(c) && is_blank_char((unsigned char)s[k - 1]);
        size_t kl = 0;
        int kk = start ? key_at(s + k, b - k, &kl) : K_NONE;
        if (kk == K_MARK && (key == K_BY || key == K_SIG) && !seen) {
            kk = K_NONE; /* "By: /s/ Jo Roe": the mark is the By: value */
            mark_end = k + kl;
        }
        int cut = kk || (start && splits_value(s, cs + klen, k, key, lower) &&
                         caps_run_at(s + k, b - k)) ||
                  (start && key >= K_NAME && seen && gap_before(s, cs, k, VALUE_GAP)) ||
                  (start && key != K_NONE && seen && c == '[');
        if (cut) {
            int err = push_cell(st, li, cs, k, key, klen, x);
            if (err < 0)
                return err;
            cs = k, key = kk, klen = kl, lower = 0, seen = 0;
            k += kl ? kl - 1 : 0;
            continue;
        }
        lower |= k >= mark_end && pct__is_lower(c); /* the "s" of "/s/" is no text */
        seen |= !is_blank_char(c) && !is_rule_char(c) && c != ':';
    }
    return push_cell(st, li, cs, b, key, klen, x);
}

static int all_rule(const char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (!is_rule_char((unsigned char)s[i]) && !is_blank_char((unsigned char)s[i]))
            return 0;
    return 1;
}

/* A piece of a column-defining line that reads as a name: short, not a
 * label, mostly capitals or with an entity suffix. */
static int piece_is_name(const char *s, size_t a, size_t b)
{
    size_t letters = 0, upper = 0;
    if (b - a > ENT_LEN_MAX || s[b - 1] == ':')
        return 0;
    for (size_t i = a; i < b; i++) {
        letters += pct__is_alpha((unsigned char)s[i]);
        upper += pct__is_upper((unsigned char)s[i]);
    }
    pct_span v = {a, b};
    words w;
    split_words(s, a, b, &w);
    int names = 0;
    for (int k = 0; k < w.n; k++)
        names += !word_in(s, w.w[k].start, w.w[k].end, suffix_words);
    if (!names)
        return 0; /* "CORPORATION" alone: the second row of a name */
    int inner_upper = 0;
    for (size_t i = a; i < w.w[0].end; i++)
        inner_upper |= pct__is_upper((unsigned char)s[i]);
    if (!inner_upper)
        return 0; /* "banking corporation": a name's second row ("mPhase" is a name) */
    return (letters >= 3 && upper * 5 >= letters * 4) || entity_like(s, v);
}

typedef struct piece {
    uint32_t x;   /* column where the piece starts */
    int key;      /* key of its first cell */
    int name;     /* untagged and reads as a name */
    size_t cell0; /* index of its first cell */
} piece;

/* Records the piece starts of a line when its pieces define columns: two or
 * more, all starting with the same key, or all names. */
static int note_columns(S *st, const piece *p, int np)
{
    if (np < 2)
        return 0;
    for (int k = 1; k < np; k++)
        if (p[k].key != p[0].key || (p[0].key == K_NONE && !(p[0].name && p[k].name)))
            return 0;
    if (p[0].key == K_NONE && !p[0].name)
        return 0;
    for (int k = 0; k < np; k++) {
        uint32_t *x = pct_vec__push(&st->xs);
        if (!x)
            return PCT_ENOMEM;
        *x = p[k].x;
    }
    return 0;
}

/* A row-flattened line holds all the rows of R blocks side by side ("By: A
 * By: B    Name: A    Name: B"): its pieces come in two or more groups of R
 * that share a key, one keyed at least; the last group may be short.
 * Returns R, or 0. */
static int row_period(const piece *p, int np)
{
    for (int R = 2; R <= RUN_MAX; R++) {
        if (np / R < 2)
            continue; /* the last group may be short: a left column runs longer */
        int ok = 1, keyed = 0;
        for (int k = 0; k < np && ok; k++) {
            ok = p[k].key == p[k - k % R].key;
            keyed |= p[k].key != K_NONE;
        }
        if (ok && keyed)
            return R;
    }
    return 0;
}

/* Gives the cells of a row-flattened line their columns: piece k goes to
 * column k % R, whatever its position. */
static void fix_row_columns(S *st, const piece *p, int np, int R)
{
    for (int k = 0; k < np; k++)
        for (size_t c = p[k].cell0; c < (k + 1 < np ? p[k + 1].cell0 : st->cells.len); c++)
            CELL(st, c)->col = (uint8_t)(k % R), CELL(st, c)->fixed = 1;
    if (R > st->rows_max)
        st->rows_max = R;
}

/* The next piece of a line from *i: [*a, *b), ending before a run of COL_GAP
 * blanks or before a tab (with the spaces just before it); *col tracks the
 * display column (tabs to multiples of 8). The piece ends where its gap
 * starts, which lies after *a: s[*a] is not blank, so a piece that is not
 * empty moves *i forward. */
static void next_piece(const char *s, size_t *i, size_t end, uint32_t *col, size_t *a, size_t *b)
{
    while (*i < end && is_blank_char((unsigned char)s[*i])) {
        *col = s[*i] == '\t' ? (*col + 8) & ~7u : *col + 1;
        (*i)++;
    }
    size_t gap0 = *i; /* where the run of spaces ending at *i starts */
    *a = *i;
    *b = end;
    for (; *i < end; (*i)++) {
        if (s[*i] == '\t') {
            *b = gap0;
            break;
        }
        if (s[*i] != ' ')
            gap0 = *i + 1;
        else if (*i + 1 - gap0 >= COL_GAP) {
            *b = gap0;
            break;
        }
    }
    *i = *b;
}

/* Is the piece [a, b) of line li the value of the key just before it, which
 * was left empty by a wide gap ("Title:       SEVP & CFO")? */
static int continues_key(const S *st, size_t li, size_t a, size_t b)
{
    const cell *c = CELL(st, st->cells.len - 1);
    size_t kl;
    if (c->line != li || c->key == K_NONE || c->vs != c->ve || a > c->end + MERGE_GAP)
        return 0;
    int k = key_at(st->s + a, b - a, &kl);
    if (k == K_MARK)
        return c->key == K_BY || c->key == K_SIG;
    pct_span v = {a, b};
    if (k != K_NONE || st->s[b - 1] == ':' || (c->key != K_BY && entity_like(st->s, v)))
        return 0;
    if (c->key == K_DATE)
        for (k = 0; a < b && !k; a++)
            k = pct__is_digit((unsigned char)st->s[a]);
    return c->key != K_DATE || k;
}

/* Cuts line li into pieces at gaps, and the pieces into cells. */
static int cut_line(S *st, size_t li)
{
    const pct_line *l = &st->d->lines.v[li];
    const char *s = st->s;
    piece p[PIECES_MAX];
    uint32_t col = 0;
    int np = 0, over = 0, err = 0;
    if (l->flags & (PCT_LINE_BLANK | PCT_LINE_ARTIFACT))
        return 0;
    size_t i = l->start;
    while (i < l->cend) {
        size_t a, b, cell0 = st->cells.len;
        next_piece(s, &i, l->cend, &col, &a, &b);
        uint32_t x = col;
        col += (uint32_t)(b - a);
        int fk;
        if (all_rule(s, a, b))
            continue;
        if (np && st->cells.len > p[np - 1].cell0 && continues_key(st, li, a, b)) {
            cell last = *CELL(st, st->cells.len - 1); /* "Title:      SEVP" */
            st->cells.len--;
            if ((err = cut_piece(st, li, last.start, b, last.x, &fk)) < 0)
                return err;
            continue;
        }
        if ((err = cut_piece(st, li, a, b, x, &fk)) < 0)
            return err;
        if (st->cells.len == cell0)
            continue;
        fk = CELL(st, cell0)->key; /* "------ Title: X": the rule left no cell */
        if (np == PIECES_MAX)
            over = 1;
        else
            p[np++] = (piece){x, fk, fk == K_NONE && piece_is_name(s, a, b), cell0};
    }
    int R = over ? 0 : row_period(p, np);
    if (R)
        fix_row_columns(st, p, np, R);
    return R ? 0 : note_columns(st, p, np);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Clusters the defining starts into columns and gives every cell its column. */
static void assign_columns(S *st)
{
    st->ncol = 1;
    st->colx[0] = 0;
    if (st->xs.len) {
        uint32_t *x = st->xs.data;
        qsort(x, st->xs.len, sizeof *x, cmp_u32);
        st->colx[0] = x[0];
        for (size_t k = 1; k < st->xs.len; k++)
            if (x[k] > x[k - 1] + COL_MERGE && st->ncol < COLS_MAX)
                st->colx[st->ncol++] = x[k];
    }
    if (st->ncol == 1)
        st->colx[0] = 0;
    while (st->ncol < st->rows_max)
        st->colx[st->ncol++] = UINT32_MAX; /* reached by row-flattened lines only */
    for (size_t i = 0; i < st->cells.len; i++) {
        cell *c = CELL(st, i);
        if (c->fixed)
            continue;
        int j = st->ncol - 1;
        while (j > 0 && st->colx[j] > c->x + COL_TOL)
            j--;
        c->col = (uint8_t)j;
    }
}

/* --------------------------------------------------------- untagged text */

/* Where the last sentence of [a, b) ends ("... above written. ACME CORP."):
 * the offset after ". ", or b when there is none. */
static size_t sentence_tail(const char *s, size_t a, size_t b)
{
    for (size_t i = b; i > a + 2; i--) {
        size_t p = i - 2;
        unsigned char c = (unsigned char)s[p - 1];
        if (s[p] == '.' && is_blank_char((unsigned char)s[p + 1]) &&
            (pct__is_lower(c) || pct__is_digit(c) || c == ')')) {
            size_t t = p + 1;
            while (t < b && is_blank_char((unsigned char)s[t]))
                t++;
            return t;
        }
    }
    return b;
}

/* Does a running header hold "Page 48 of 60"? */
static int page_of(const char *s, pct_span v)
{
    long k = pct__find_ci(s + v.start, v.end - v.start, "page ");
    if (k < 0)
        return 0;
    size_t i = v.start + (size_t)k + 5;
    if (i >= v.end || !pct__is_digit((unsigned char)s[i]))
        return 0;
    while (i < v.end && pct__is_digit((unsigned char)s[i]))
        i++;
    return pct__prefix_ci(s + i, v.end - i, " of ");
}

static int is_prose(const char *s, pct_span v)
{
    words w;
    split_words(s, v.start, v.end, &w);
    int lower = 0;
    for (int k = 0; k < w.n; k++)
        lower += pct__is_lower((unsigned char)s[w.w[k].start]);
    return v.end - v.start > ENT_LEN_MAX || (w.n >= PROSE_WORDS_MIN && lower * 2 >= w.n);
}

/* Bytes of a closing or acceptance phrase before a name ("Very truly yours,
 * ACME INC.", "Agreed by ACME INC."), 0 when none. */
static size_t lead_in(const char *s, pct_span v)
{
    static const char *const leads[] = {
        "very truly yours,", "yours truly,", "sincerely yours,", "sincerely,", "regards,",
        "agreed and accepted by", "accepted and agreed by", "agreed to by", "agreed by",
        "accepted by", "acknowledged by", "acceptance by", NULL};
    for (int k = 0; leads[k]; k++) {
        size_t m = pct__prefix_ws(s + v.start, v.end - v.start, leads[k]);
        if (m) {
            while (v.start + m < v.end && is_blank_char((unsigned char)s[v.start + m]))
                m++;
            return m;
        }
    }
    return 0;
}

/* Does the cell end a sentence ("Effective Date." closing the IN WITNESS
 * paragraph above)? A mixed-case line ending with a period whose last word
 * is no legal form ("Inc."), name suffix ("Jr.") or initial ("A."). The
 * caller also requires that no word of the line is a legal form. */
static int ends_sentence(const char *s, pct_span v)
{
    static const char *const name_suffixes[] = {"jr", "sr", "esq", "ph.d", "m.d", "ii", "iii",
                                                NULL};
    if (v.end - v.start < 2 || s[v.end - 1] != '.')
        return 0;
    int lower = 0;
    for (size_t i = v.start; i < v.end && !lower; i++)
        lower = pct__is_lower((unsigned char)s[i]);
    words w;
    split_words(s, v.start, v.end, &w);
    if (!lower || w.n == 0)
        return 0;
    pct_span last = w.w[w.n - 1];
    return last.end - last.start > 2 && !word_in(s, last.start, last.end, suffix_words) &&
           !word_in(s, last.start, last.end, name_suffixes);
}

/* Classifies an untagged cell: ignorable, prose (ends an entity), a role
 * label ("LICENSOR:"), or text (an entity line, a printed name or title).
 * Prose keeps its last sentence when that reads as a name. */
static int classify_text(const S *st, const cell *c, pct_span *out)
{
    const char *s = st->s;
    pct_span v = {c->vs, c->ve};
    /* both page tests need a "page": one search rules them out for most cells */
    int page = pct__find_ci(s + v.start, v.end - v.start, "page") >= 0;
    if (s[v.start] == '[' || s[v.start] == '(' || s[v.start] == '*' ||
        (s[v.start] == '"' && s[v.end - 1] == '"') || /* a role in quotes: "KCI" */
        (page && (pct__find_ci(s + v.start, v.end - v.start, "signature page") >= 0 ||
                  page_of(s, v))))
        return T_IGNORE;
    if (is_prose(s, v) || pct__prefix_ws(s + v.start, v.end - v.start, "IN WITNESS")) {
        v.start = sentence_tail(s, v.start, v.end);
        if (v.start >= v.end || is_prose(s, v) || !pct__is_upper((unsigned char)s[v.start]))
            return T_PROSE;
    }
    if (ends_sentence(s, v) && !entity_like(s, v))
        return T_PROSE;
    words w;
    split_words(s, v.start, v.end, &w);
    if (s[v.end - 1] == ':') {
        if (w.n < 2 || w.n > LABEL_WORDS_MAX ||
            !word_in(s, w.w[w.n - 1].start, w.w[w.n - 1].end, legal_forms))
            return w.n <= LABEL_WORDS_MAX ? T_LABEL : T_PROSE;
        v.end--; /* "HOVIONE INTER AG:": a name with a colon, not a role */
    }
    for (int k = 0; k + 1 < w.n && k < LABEL_WORDS_MAX; k++)
        if (s[w.w[k].end - 1] == ':') {
            v.start = w.w[k + 1].start; /* "SHIPPER: ACME CO." */
            break;
        }
    v.start += lead_in(s, v);
    if (v.start >= v.end || (pct__is_lower((unsigned char)s[v.start]) && !entity_like(s, v)))
        return T_PROSE;
    if (pct__is_digit((unsigned char)s[v.start]) && !entity_like(s, v))
        return T_IGNORE; /* an address or a number, not a name */
    *out = v;
    return T_TEXT;
}

/* --------------------------------------------------------------- blocks */

static void extend(block *b, size_t a, size_t e)
{
    if (b->start == b->end || a < b->start)
        b->start = a;
    if (e > b->end)
        b->end = e;
}

static unsigned key_flag(int key)
{
    switch (key) {
    case K_BY:
    case K_SIG:
        return F_BY;
    case K_MARK:
        return F_MARK;
    case K_NAME:
        return F_NAME;
    case K_TITLE:
        return F_TITLE;
    default:
        return F_DATE;
    }
}

static void attach(block *b, const cell *c)
{
    b->last_line = c->line;
    pct_span v = {c->vs, c->ve};
    switch (c->key) {
    case K_BY:
    case K_SIG:
        b->by_key.start = c->start, b->by_key.end = c->end;
        b->by = v;
        break;
    case K_MARK:
        b->mark.start = c->start, b->mark.end = c->end;
        break;
    case K_NAME:
        b->name = v;
        break;
    case K_TITLE:
        b->title = v;
        break;
    default:
        b->date = v;
        break;
    }
    b->f |= key_flag(c->key);
    extend(b, c->start, c->end);
}

static void set_field(block *b, pct_span *field, unsigned flag, pct_span v)
{
    *field = v;
    b->f |= flag;
    extend(b, v.start, v.end);
}

static void push_pending(rd *r, pct_span v, size_t line)
{
    if (r->npend && line > r->pend_line[r->npend - 1] + ENT_LINE_GAP)
        r->npend = 0;
    if (r->npend == ENT_PIECES_MAX) {
        memmove(r->pend, r->pend + 1, (ENT_PIECES_MAX - 1) * sizeof *r->pend);
        memmove(r->pend_line, r->pend_line + 1, (ENT_PIECES_MAX - 1) * sizeof *r->pend_line);
        r->npend--;
    }
    r->pend[r->npend] = v;
    r->pend_line[r->npend++] = line;
}

/* An entity line without a role or alias in quotes or brackets around it:
 * '"TRANSPORTER" ACME CO.', 'Acme, Inc. ("Acme")', 'Acme, Inc. "KCI"'. */
static pct_span strip_alias(const char *s, pct_span v)
{
    size_t a = v.start, b = v.end;
    if (b - a > 2 && s[a] == '"') {
        size_t q = a + 1;
        while (q < b && s[q] != '"')
            q++;
        while (q + 1 < b && is_blank_char((unsigned char)s[q + 1]))
            q++;
        if (q + 1 < b)
            a = q + 1;
    }
    if (b - a > 2 && (s[b - 1] == ')' || s[b - 1] == '"')) {
        char open = s[b - 1] == ')' ? '(' : '"';
        size_t q = b - 1;
        while (q > a && s[q - 1] != open)
            q--;
        while (q > a + 1 && is_blank_char((unsigned char)s[q - 2]))
            q--;
        if (q > a + 1)
            b = q - 1;
    }
    return (pct_span){a, b};
}

static void add_entity(block *b, pct_span v)
{
    if (b->nent < ENT_PIECES_MAX) {
        b->ent[b->nent++] = v;
        extend(b, v.start, v.end);
    }
}

/* Splits flattened entity names of R blocks printed side by side
 * ("FEDERATED INVESTMENT MANAGEMENT FEDERATED ADVISORY SERVICES COMPANY
 * COMPANY"): a last row of R suffix words belongs one to each block; the
 * rest splits before each repeat of the first word, or after suffix words. */
static int split_entities(const S *st, const rd *r, size_t first, int R)
{
    const char *s = st->s;
    words w;
    w.n = 0;
    for (int k = 0; k < r->npend && w.n < WORDS_MAX; k++) {
        words t;
        split_words(s, r->pend[k].start, r->pend[k].end, &t);
        for (int j = 0; j < t.n && w.n < WORDS_MAX; j++)
            w.w[w.n++] = t.w[j];
    }
    int n = w.n, suf = 0, cut[RUN_MAX + 1], nc = 0;
    if (n > R) {
        suf = R;
        for (int k = n - R; k < n; k++)
            suf = word_in(s, w.w[k].start, w.w[k].end, suffix_words) ? suf : 0;
        n -= suf;
    }
    for (int k = 1; k < n && nc < R; k++)
        if (word_eq(s, w.w[k], w.w[0]))
            cut[nc++] = k;
    if (nc != R - 1) {
        nc = 0;
        for (int k = 1; k < n && nc < R; k++)
            if (word_in(s, w.w[k - 1].start, w.w[k - 1].end, suffix_words))
                cut[nc++] = k;
    }
    if (nc != R - 1)
        return 0;
    cut[nc] = n;
    for (int j = 0, a = 0; j < R; a = cut[j], j++) {
        block *b = BLOCK(st, first + (size_t)j);
        add_entity(b, (pct_span){w.w[a].start, w.w[cut[j] - 1].end});
        if (suf)
            add_entity(b, w.w[n + j]);
    }
    return 1;
}

/* Splits one waiting entity line at runs of `gap` or more blanks ("ACME AND
 * SONS   BETA LLC", columns closer than COL_GAP). Returns 0 unless that
 * gives exactly R names. */
static int split_at_gaps(const S *st, const rd *r, size_t first, int R, size_t gap)
{
    const char *s = st->s;
    pct_span part[RUN_MAX];
    int n = 0;
    if (r->npend != 1)
        return 0;
    size_t a = r->pend[0].start, i = a, e = r->pend[0].end;
    while (i < e) {
        size_t run = 0;
        while (i + run < e && is_blank_char((unsigned char)s[i + run]))
            run++;
        if (run >= gap) {
            if (n == R - 1)
                return 0;
            part[n++] = (pct_span){a, i};
            a = i + run;
        }
        i += run ? run : 1;
    }
    if (n != R - 1)
        return 0;
    part[n] = (pct_span){a, e};
    for (int k = 0; k < R; k++)
        add_entity(BLOCK(st, first + (size_t)k), part[k]);
    return 1;
}

/* Gives the waiting entity lines to blocks [first, first + R). */
static void deal_entities(rd *r, size_t first, int R)
{
    if (r->npend % R == 0) {
        for (int k = 0; k < r->npend; k++)
            add_entity(BLOCK(r->st, first + (size_t)(k % R)), r->pend[k]);
    } else if (!split_at_gaps(r->st, r, first, R, COL_GAP - 1) &&
               !split_at_gaps(r->st, r, first, R, COL_GAP - 2)) {
        split_entities(r->st, r, first, R);
    }
    r->npend = 0;
}

/* Opens R new blocks side by side; they take the waiting entity lines. */
static int open_blocks(rd *r, int R)
{
    size_t first = r->st->blocks.len;
    for (int k = 0; k < R; k++)
        if (!pct_vec__push(&r->st->blocks))
            return PCT_ENOMEM;
    deal_entities(r, first, R);
    r->g0 = first;
    r->gn = R;
    r->prose = 0;
    return 0;
}

/* May block b take cue key `key` as the other half of its signature ("/s/ X"
 * then "By: X", or an empty "By:" then "/s/ X")? */
static int completes(const block *b, int key)
{
    if (b->f & (F_NAME | F_TITLE | F_DATE))
        return 0;
    if (key == K_MARK)
        return (b->f & F_BY) && !(b->f & F_MARK) && b->by.start == b->by.end;
    return (b->f & F_MARK) && !(b->f & F_BY);
}

/* A By: line naming an entity, not a signer: "By: ACME INC.", "By: Acme GP
 * LLC, its general partner". */
static int by_names_entity(const S *st, const cell *c)
{
    pct_span v = {c->vs, c->ve};
    if (c->key != K_BY || v.start == v.end ||
        pct__find_ci(st->s + v.start, v.end - v.start, "/s/") >= 0)
        return 0;
    return entity_like(st->s, v) || has_word(st->s, v, (const char *const[]){"its", NULL});
}

/* ------------------------------------------------------------ the reader */

/* The signer a block's mark or By: line shows, and what follows the name
 * ("/s/ Jane Roe Jane Roe Vice President" -> "Jane Roe", "Vice President"). */
static int mark_signer(const S *st, const block *b, pct_span *name, pct_span *rest)
{
    const char *s = st->s;
    pct_span v = b->f & F_MARK ? b->mark : b->by;
    if (!(b->f & (F_MARK | F_BY)) || v.start == v.end)
        return 0;
    int marked = pct__prefix_ci(s + v.start, v.end - v.start, "/s/");
    if (marked)
        v.start += 3;
    words w;
    split_words(s, v.start, v.end, &w);
    for (int k = w.n / 2; k >= 1; k--) {
        int same = 1;
        for (int j = 0; j < k && same; j++)
            same = word_eq(s, trim_punct(s, w.w[j]), trim_punct(s, w.w[k + j]));
        if (same && name_words(s, &w, 0, k)) {
            *name = (pct_span){w.w[0].start, trim_punct(s, w.w[k - 1]).end};
            *rest = (pct_span){2 * k < w.n ? w.w[2 * k].start : v.end, v.end};
            return 1;
        }
    }
    if (marked || name_like(s, v)) {
        if (!split_name_title(s, v, name, rest))
            *name = v, *rest = (pct_span){v.end, v.end};
        return name->start < name->end;
    }
    return 0;
}

/* Do [a] and [b] hold the same words, ignoring case? */
static int same_text(const char *s, pct_span a, pct_span b)
{
    words x, y;
    split_words(s, a.start, a.end, &x);
    split_words(s, b.start, b.end, &y);
    if (x.n != y.n || x.n == 0)
        return 0;
    for (int k = 0; k < x.n; k++)
        if (!word_eq(s, x.w[k], y.w[k]))
            return 0;
    return 1;
}

static int same_surname(const char *s, pct_span a, pct_span b)
{
    words x, y;
    split_words(s, a.start, a.end, &x);
    split_words(s, b.start, b.end, &y);
    return x.n && y.n && word_eq(s, trim_punct(s, x.w[x.n - 1]), trim_punct(s, y.w[y.n - 1]));
}

/* Takes untagged text under a block's signature as its printed name or title.
 * Returns 0 when the text belongs elsewhere (the next block's entity). */
static int tail_field(const S *st, block *b, pct_span v)
{
    const char *s = st->s;
    pct_span nm, tt;
    if (!(b->f & (F_BY | F_MARK)) || entity_like(s, v))
        return 0;
    if (!(b->f & F_NAME)) {
        pct_span n2, t2;
        if (mark_signer(st, b, &nm, &tt)) {
            if (same_text(s, nm, v)) {
                set_field(b, &b->name, F_NAME, v);
                return 1;
            }
            /* "/s/ Thomas B. Neff" over "Thomas Neff President and CEO" */
            if (split_name_title(s, v, &n2, &t2) && same_surname(s, nm, n2)) {
                set_field(b, &b->name, F_NAME, n2);
                if (t2.start < t2.end && !(b->f & F_TITLE))
                    set_field(b, &b->title, F_TITLE, t2);
                return 1;
            }
        } else if (split_name_title(s, v, &nm, &tt)) {
            set_field(b, &b->name, F_NAME, nm);
            if (tt.start < tt.end && !(b->f & F_TITLE))
                set_field(b, &b->title, F_TITLE, tt);
            return 1;
        }
    }
    if (!(b->f & F_TITLE) && title_like(s, v)) {
        set_field(b, &b->title, F_TITLE, v);
        return 1;
    }
    return 0;
}

static void on_text(rd *r, const cell *c)
{
    pct_span v;
    switch (classify_text(r->st, c, &v)) {
    case T_PROSE:
        r->npend = 0;
        r->prose = 1;
        return;
    case T_LABEL:
        r->npend = 0;
        r->gn = 0;
        return;
    case T_TEXT:
        if (r->gn == 1 && r->npend == 0 && tail_field(r->st, BLOCK(r->st, r->g0), v))
            return;
        push_pending(r, v, c->line);
        return;
    default:
        return;
    }
}

/* A row of R untagged cells under R blocks side by side: names or titles. */
static void on_text_run(rd *r, const size_t *idx, int n)
{
    int fit = n >= 2 && n == r->gn && r->npend == 0;
    for (int k = 0; k < n && fit; k++)
        fit = !entity_like(r->st->s, (pct_span){CELL(r->st, idx[k])->vs, CELL(r->st, idx[k])->ve});
    for (int k = 0; k < n; k++) {
        const cell *c = CELL(r->st, idx[k]);
        pct_span v;
        if (fit && classify_text(r->st, c, &v) == T_TEXT &&
            tail_field(r->st, BLOCK(r->st, r->g0 + (size_t)k), v))
            continue;
        on_text(r, c);
    }
}

static int on_cue(rd *r, const cell *c)
{
    if (by_names_entity(r->st, c)) {
        if (r->npend == 0)
            push_pending(r, (pct_span){c->vs, c->ve}, c->line);
        return 0;
    }
    if (!(r->gn == 1 && r->npend == 0 && completes(BLOCK(r->st, r->g0), c->key))) {
        /* a second signer right under a signed block with no entity of its
         * own: it may sign for the same one (settled in share_entities) */
        const block *prev = r->gn == 1 ? BLOCK(r->st, r->g0) : NULL;
        size_t heir = prev && r->npend == 0 && !r->prose && (prev->f & F_BY) &&
                              (prev->nent || prev->heir_of) &&
                              c->line <= prev->last_line + ENT_LINE_GAP
                          ? r->g0 + 1
                          : 0;
        int err = open_blocks(r, 1);
        if (err < 0)
            return err;
        BLOCK(r->st, r->g0)->heir_of = heir;
    }
    attach(BLOCK(r->st, r->g0), c);
    return 0;
}

/* A run of n signature cues (By:, /s/, Signature:). On one row they are
 * blocks side by side, unless all but the last name entities (a chain "By:
 * Acme LP, its partner By: /s/ X"), or all do (entities printed as By:). */
static int on_cue_run(rd *r, const size_t *idx, int n)
{
    int ent = 0, err = 0;
    for (int k = 0; k < n; k++)
        ent += by_names_entity(r->st, CELL(r->st, idx[k]));
    if (n >= 2 && ent == n && r->npend) /* a chain under a waiting entity */
        return 0;
    if (n >= 2 && ent == n) {
        for (int k = 0; k < n; k++)
            push_pending(r, (pct_span){CELL(r->st, idx[k])->vs, CELL(r->st, idx[k])->ve},
                         CELL(r->st, idx[k])->line);
        r->gn = 0;
        return 0;
    }
    if (n < 2 || ent == n - 1) {
        for (int k = 0; k < n && err == 0; k++)
            err = on_cue(r, CELL(r->st, idx[k]));
        return err;
    }
    int fit = r->gn == n && r->npend == 0;
    for (int k = 0; k < n && fit; k++)
        fit = completes(BLOCK(r->st, r->g0 + (size_t)k), CELL(r->st, idx[k])->key);
    if (!fit && (err = open_blocks(r, n)) < 0)
        return err;
    for (int k = 0; k < n; k++)
        attach(BLOCK(r->st, r->g0 + (size_t)k), CELL(r->st, idx[k]));
    return 0;
}

static int pending_entity(const rd *r)
{
    for (int k = 0; k < r->npend; k++)
        if (entity_like(r->st->s, r->pend[k]))
            return 1;
    return 0;
}

/* Is a Name: cell's name at odds with the signer block b's mark shows
 * ("/s/ Rick Smith" over "Name: John Ward")? */
static int name_conflict(const S *st, const block *b, const cell *c)
{
    pct_span nm, rest, v = {c->vs, c->ve};
    if (c->key != K_NAME || v.start == v.end || !mark_signer(st, b, &nm, &rest))
        return 0;
    if (!name_like(st->s, nm) || !name_like(st->s, v))
        return 0;
    words a, w;
    split_words(st->s, nm.start, nm.end, &a);
    split_words(st->s, v.start, v.end, &w);
    pct_span last = a.w[a.n - 1];
    size_t m = last.end - last.start < SURNAME_PREFIX ? last.end - last.start : SURNAME_PREFIX;
    for (int k = 0; k < w.n; k++) /* "Jo Roe" under "Name: Jo Roe, Ph.D."; typos */
        if (w.w[k].end - w.w[k].start >= m &&
            word_eq(st->s, (pct_span){last.start, last.start + m},
                    (pct_span){w.w[k].start, w.w[k].start + m}))
            return 0;
    return 1;
}

/* The open block (index in the group) a Name:/Title:/Date: cell fills, or -1
 * for a new block: the first without that field, not far above, and for a
 * Name: not signed by someone else. */
static int field_target(rd *r, const cell *c, unsigned fl)
{
    int j = 0;
    while (j < r->gn && ((BLOCK(r->st, r->g0 + (size_t)j)->f & fl) ||
                         name_conflict(r->st, BLOCK(r->st, r->g0 + (size_t)j), c)))
        j++;
    if (j < r->gn && c->line > BLOCK(r->st, r->g0)->last_line + FIELD_LINE_GAP)
        return -1; /* far below the open block: not its field */
    if (j < r->gn && r->npend && !pending_entity(r))
        r->npend = 0; /* a stray line ("Business") above a field of an open block */
    return r->npend || j >= r->gn ? -1 : j;
}

/* Name:, Title:, Date: cells: dealt out to an open row of blocks, else to
 * the first open block that can take them, else to a new block. */
static int on_field_run(rd *r, const size_t *idx, int n)
{
    unsigned fl = key_flag(CELL(r->st, idx[0])->key);
    int fit = n >= 2 && n == r->gn && r->npend == 0;
    for (int k = 0; k < n && fit; k++)
        fit = !(BLOCK(r->st, r->g0 + (size_t)k)->f & fl);
    for (int k = 0; k < n; k++) {
        size_t target = r->g0 + (size_t)k;
        if (!fit) {
            int j = field_target(r, CELL(r->st, idx[k]), fl);
            if (j < 0) {
                int err = open_blocks(r, 1);
                if (err < 0)
                    return err;
                j = 0;
            }
            target = r->g0 + (size_t)j;
        }
        attach(BLOCK(r->st, target), CELL(r->st, idx[k]));
    }
    return 0;
}

/* Do cells a and b sit on one row: one line, or consecutive pieces of a
 * flattened line? */
static int same_row(const S *st, const cell *a, const cell *b)
{
    const pct_line *L = st->d->lines.v;
    return a->line == b->line ||
           (b->line == a->line + 1 && (L[a->line].flags & PCT_LINE_FLATTENED) &&
            (L[b->line].flags & PCT_LINE_FLATTENED));
}

/* Collects from cell i the run of this column's cells on one row sharing
 * its key. Returns its length (1 when longer than RUN_MAX); *next is the
 * first cell after it. */
static int collect_run(const rd *r, size_t i, size_t *idx, size_t *next)
{
    const S *st = r->st;
    int n = 0;
    size_t j = i, last = i;
    idx[n++] = i;
    for (j = i + 1; j < st->cells.len; j++) {
        const cell *c = CELL(st, j);
        if (c->col != r->col)
            continue;
        if (c->key != CELL(st, i)->key || !same_row(st, CELL(st, last), c) || n > RUN_MAX)
            break;
        if (n < RUN_MAX)
            idx[n] = j;
        n++;
        last = j;
    }
    if (n > RUN_MAX) {
        n = 1;
        j = i + 1;
    }
    *next = j;
    return n;
}

static int read_column(S *st, int col)
{
    rd r;
    memset(&r, 0, sizeof r);
    r.st = st;
    r.col = col;
    size_t i = 0, idx[RUN_MAX], next;
    while (i < st->cells.len) {
        if (CELL(st, i)->col != col) {
            i++;
            continue;
        }
        int n = collect_run(&r, i, idx, &next), err = 0;
        switch (CELL(st, i)->key) {
        case K_NONE:
            on_text_run(&r, idx, n);
            break;
        case K_BY:
        case K_SIG:
        case K_MARK:
            err = on_cue_run(&r, idx, n);
            break;
        default:
            err = on_field_run(&r, idx, n);
            break;
        }
        if (err < 0)
            return err;
        i = next;
    }
    return 0;
}

/* A second signer for one entity ("ACME LTD. /s/ A By: A Title: Director
 * /s/ B By: B Title: Director") shares the entity of the block above it
 * when it signs by a By: line and with a title (an individual signs without
 * them), found no entity of its own, and the block above has a clean title:
 * a title that runs into a name, or no title, may hide the entity the reader
 * missed ("Title: President Beta Fund Management, Inc. By: ..."). The
 * entity's span stays outside the block's span. Blocks point only to
 * earlier ones, so one pass in index order follows chains. */
static void share_entities(S *st)
{
    for (size_t k = 0; k < st->blocks.len; k++) {
        block *b = BLOCK(st, k);
        if (!b->heir_of || b->nent || !(b->f & F_BY) ||
            !pct__prefix_ci(st->s + b->by_key.start, b->by_key.end - b->by_key.start, "by"))
            continue; /* "Signature:" lines are an individual's as often */
        const block *from = BLOCK(st, b->heir_of - 1);
        if (from->title.start == from->title.end || !title_like(st->s, from->title) ||
            entity_like(st->s, from->title) || b->title.start == b->title.end)
            continue; /* "Title: President Beta Co. By: /s/ X": Beta Co. is X's entity */
        memcpy(b->ent, from->ent, sizeof b->ent);
        b->nent = from->nent;
    }
}

/* --------------------------------------------------------------- output */

static const char *fold(const S *st, pct_span v)
{
    return v.start < v.end ? pct_doc__fold(st->d, v.start, v.end) : NULL;
}

/* The entity lines folded and joined by one space, roles and aliases in
 * quotes left out. */
static const char *join_entity(const S *st, const block *b, pct_span *span)
{
    size_t total = 1;
    for (int k = 0; k < b->nent; k++)
        total += b->ent[k].end - b->ent[k].start + 1;
    char *out = pct_arena__alloc(st->d->arena, total), *o = out;
    if (!out)
        return NULL;
    *span = strip_alias(st->s, b->ent[0]);
    for (int k = 0; k < b->nent; k++) {
        pct_span p = strip_alias(st->s, b->ent[k]);
        const char *t = fold(st, p);
        if (!t)
            return NULL;
        size_t n = strlen(t);
        if (o > out)
            *o++ = ' ';
        memcpy(o, t, n);
        o += n;
        span->start = p.start < span->start ? p.start : span->start;
        span->end = p.end > span->end ? p.end : span->end;
    }
    *o = '\0';
    return out;
}

#define SET(field, spanf, v)                                                                    \
    do {                                                                                        \
        if ((v).start < (v).end) {                                                              \
            if (!(g->field = fold(st, v)))                                                      \
                return NULL;                                                                    \
            g->spanf = (v);                                                                     \
        }                                                                                       \
    } while (0)

/* The record of a block; NULL when out of memory. */
static pct_signature *make_record(const S *st, const block *b)
{
    pct_signature *g = pct_arena__alloc(st->d->arena, sizeof *g);
    pct_span nm = {0, 0}, rest = {0, 0};
    if (!g)
        return NULL;
    if (b->nent && !(g->entity = join_entity(st, b, &g->entity_span)))
        return NULL;
    if (b->f & F_BY) {
        SET(by, by_span, b->by);
        if (b->by.start == b->by.end)
            g->by_span = b->by_key;
    } else if (b->f & F_MARK) {
        SET(by, by_span, b->mark);
    }
    g->signed_ = (b->f & F_MARK) || ((b->f & F_BY) && b->by.start < b->by.end);
    int guessed = mark_signer(st, b, &nm, &rest);
    if (b->name.start < b->name.end)
        SET(signer, signer_span, b->name);
    else if (guessed)
        SET(signer, signer_span, nm);
    if (b->title.start < b->title.end)
        SET(title, title_span, b->title);
    else if (guessed)
        SET(title, title_span, rest);
    SET(date, date_span, b->date);
    return g;
}

static int cmp_block(const void *a, const void *b)
{
    size_t x = ((const block *)a)->start, y = ((const block *)b)->start;
    return x < y ? -1 : x > y;
}

/* Keeps the blocks that show a signature cue, or an entity with a name or
 * title (a page printed without By: lines), sorts them into
 * reading order and appends their nodes. */
static int emit(S *st, pct_node *sigs)
{
    size_t n = 0;
    for (size_t k = 0; k < st->blocks.len; k++) {
        block *b = BLOCK(st, k);
        if ((b->f & (F_BY | F_MARK)) || (b->nent && (b->f & (F_NAME | F_TITLE))))
            *BLOCK(st, n++) = *b;
    }
    if (n > 1)
        qsort(st->blocks.data, n, sizeof(block), cmp_block);
    for (size_t k = 0; k < n; k++) {
        const block *b = BLOCK(st, k);
        size_t end = b->end;
        if (k + 1 < n && end > BLOCK(st, k + 1)->start) {
            end = BLOCK(st, k + 1)->start;
            while (end > b->start && pct__is_space((unsigned char)st->s[end - 1]))
                end--;
        }
        pct_node *node = pct_node__new(st->d, PCT_NODE_SIGNATURE_BLOCK, b->start, end);
        if (!node || !(node->sig = make_record(st, b)))
            return PCT_ENOMEM;
        pct_node__append(sigs, node);
    }
    return 0;
}

int pct_parse__signatures(pct_doc *doc, pct_node *sigs, size_t l0, size_t l1)
{
    S st;
    int err = 0;
    memset(&st, 0, sizeof st);
    st.d = doc;
    st.s = doc->src.text;
    pct_vec__init(&st.cells, doc->ctx, sizeof(cell));
    pct_vec__init(&st.blocks, doc->ctx, sizeof(block));
    pct_vec__init(&st.xs, doc->ctx, sizeof(uint32_t));
    if (l1 > doc->lines.n)
        l1 = doc->lines.n;
    for (size_t i = l0; i < l1; i++)
        if ((err = cut_line(&st, i)) < 0)
            goto done;
    assign_columns(&st);
    for (int c = 0; c < st.ncol; c++)
        if ((err = read_column(&st, c)) < 0)
            goto done;
    share_entities(&st);
    err = emit(&st, sigs);
done:
    pct_vec__free(&st.cells);
    pct_vec__free(&st.blocks);
    pct_vec__free(&st.xs);
    return err < 0 ? pct__err(doc->ctx, PCT_ENOMEM, "out of memory") : 0;
}

/* ------------------------------------------------------------ the cue */

static int line_key(const pct_doc *d, size_t i)
{
    const pct_line *l = &d->lines.v[i];
    size_t kl;
    if (l->flags & (PCT_LINE_BLANK | PCT_LINE_ARTIFACT))
        return -1;
    return key_at(d->src.text + l->cstart, l->cend - l->cstart, &kl);
}

int pct_parse__is_sig_line(const pct_doc *d, size_t i)
{
    int k = line_key(d, i);
    if (k == K_BY || k == K_SIG || k == K_MARK)
        return 1;
    if (k != K_NAME)
        return 0;
    for (size_t back = 1; back <= SIG_NAME_BACK && back <= i; back++) {
        int p = line_key(d, i - back);
        if (p == K_BY)
            return 1;
        if (p >= 0)
            return 0;
    }
    return 0;
}
