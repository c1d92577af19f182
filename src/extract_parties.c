/*
 * extract_parties.c - the parties of a document: legal names with their
 * entity form, entity type, jurisdiction and address, the aliases the
 * contract defines for them, the other spellings seen, and the companies
 * the body names with an entity description (affiliates added by an
 * amendment) or that only sign.
 *
 * Approach, over the document's flat text (extract.h):
 *  1. Preamble: after "between", "among" or "by" (or "PARTIES"), the list is
 *     cut into one segment per party at top-level "and", ";" and at commas
 *     that follow an alias parenthesis. Each segment gives a name (capitalised
 *     words, ", Inc." style suffixes kept), a description ("a Delaware
 *     corporation", "organized under the laws of X", "with offices at ..."),
 *     and aliases (quoted names in parentheses; collective ones such as
 *     "Parties" or "each a Party" are not a party's alias).
 *     A cover page's list without aliases is completed by the preamble
 *     proper after it when that restates the same parties with aliases.
 *  2. Title: "... BETWEEN X AND Y" adds mentions (or parties when the
 *     preamble named none).
 *  3. Body: "Name, Inc., a Delaware corporation" adds affiliates, with the
 *     alias in the first parenthesis of the same clause. The body is walked
 *     from comma to comma (memchr), and only an "a"/"an" token right after a
 *     comma is looked at: the same tokens, in the same order, as a walk over
 *     every token that skips those without such a comma before them.
 *  4. Signature blocks: each entity is linked to a known party or becomes a
 *     signatory.
 * Names are linked by a key (lowercase words, "&" = "and", leading "the" and
 * trailing company suffixes dropped); keys differing in one alphabetic word
 * by a small edit distance are spelling variants of one party. The printed
 * name is the spelling seen most often, in the case of the preamble.
 *
 * Invariants: linear in the text examined; lists are capped (PARTIES_MAX,
 * MENTIONS_MAX) so a pathological file cannot make linking quadratic in
 * its size.
 */
#include "extract.h"

#include <stdio.h>
#include <string.h>

#define PARTIES_MAX 64        /* parties kept per document (the seed names 11) */
#define MENTIONS_MAX 16       /* spellings remembered per party */
#define NAME_WORDS_MAX 14     /* words of a legal name */
#define LIST_MAX 3000         /* bytes of the preamble's party list */
#define ADDRESS_MAX 240       /* bytes of an address */
#define ALIAS_MAX 80          /* bytes of an alias */
#define KEY_MAX 160           /* bytes of a name key */
#define SIG_KEYS_MAX 64       /* signature blocks compared with a candidate name */
#define BODY_ALIAS_MAX 160    /* bytes from a body party's description to its alias */
#define RESTATED_MAX 6000     /* bytes after a cover page searched for the preamble proper */
#define HEAD_NO_PREAMBLE 5000 /* bytes searched for "between" when there is no preamble node */

/* ------------------------------------------------------------ tokens */

typedef struct tok {
    size_t s, e;   /* flat range of a run of non-space bytes */
    size_t cs, ce; /* without enclosing punctuation and quotes */
} tok;

static int open_quote_len(const char *f, size_t i, size_t n)
{
    unsigned char c = (unsigned char)f[i];
    if (c == '"')
        return 1;
    if (c == 0xE2 && i + 2 < n && (unsigned char)f[i + 1] == 0x80 &&
        ((unsigned char)f[i + 2] == 0x9C || (unsigned char)f[i + 2] == 0x9D))
        return 3;
    return 0;
}

/* Bytes stripped from the end of a token: ",;:)]" and NUL (what the former
 * strchr(",;:)]", c) test accepted, the terminator included). */
static const unsigned char TRAIL_PUNCT[256] = {[','] = 1, [';'] = 1, [':'] = 1, [')'] = 1,
                                               [']'] = 1, [0] = 1};

static void tok_core(const char *f, tok *t)
{
    size_t a = t->s, b = t->e;
    while (a < b && (f[a] == '(' || f[a] == '[' || open_quote_len(f, a, b) > 0))
        a += f[a] == '(' || f[a] == '[' ? 1 : (size_t)open_quote_len(f, a, b);
    for (;;) {
        if (b > a && TRAIL_PUNCT[(unsigned char)f[b - 1]])
            b--;
        else if (b >= a + 3 && (unsigned char)f[b - 3] == 0xE2 && (unsigned char)f[b - 2] == 0x80 &&
                 ((unsigned char)f[b - 1] == 0x9D || (unsigned char)f[b - 1] == 0x9C))
            b -= 3;
        else if (b > a && f[b - 1] == '"')
            b--;
        else
            break;
    }
    t->cs = a;
    t->ce = b;
}

static int tok_next(const char *f, size_t i, size_t end, tok *t)
{
    while (i < end && f[i] == ' ')
        i++;
    if (i >= end)
        return 0;
    t->s = i;
    while (i < end && f[i] != ' ')
        i++;
    t->e = i;
    tok_core(f, t);
    return 1;
}

static int tok_prev(const char *f, size_t lo, size_t i, tok *t)
{
    while (i > lo && f[i - 1] == ' ')
        i--;
    if (i <= lo)
        return 0;
    t->e = i;
    while (i > lo && f[i - 1] != ' ')
        i--;
    t->s = i;
    tok_core(f, t);
    return 1;
}

/* Core equal to lit, ignoring case and one trailing period. */
static int core_is(const char *f, const tok *t, const char *lit)
{
    size_t n = strlen(lit), a = t->cs, b = t->ce;
    if (b - a == n && pct__prefix_ci(f + a, n, lit))
        return 1;
    return b > a && f[b - 1] == '.' && b - 1 - a == n && pct__prefix_ci(f + a, n, lit);
}

static int core_in(const char *f, const tok *t, const char *const *list)
{
    for (; *list; list++)
        if (core_is(f, t, *list))
            return 1;
    return 0;
}

/* A word that can be part of a name: it starts with a capital or a digit,
 * or is written in camel case ("iBio", "mPhase", "eBay"). */
static int first_letter_upper(const char *f, const tok *t)
{
    for (size_t i = t->cs; i < t->ce; i++) {
        unsigned char c = (unsigned char)f[i];
        if (pct__is_alpha(c)) {
            if (pct__is_upper(c))
                return 1;
            if (i + 1 < t->ce && pct__is_upper((unsigned char)f[i + 1]))
                return 1;
            return 0;
        }
        if (c >= 0xC0) /* a non-ASCII letter: accept as capital ("Émile") */
            return 1;
        if (pct__is_digit(c))
            return 1;
    }
    return 0;
}

/* ------------------------------------------------------------ word lists */

/* company suffixes, compared without case and without a final period */
static const char *const ENTITY_WORDS[] = {
    "inc", "incorporated", "corp", "corporation", "llc", "l.l.c", "ltd", "limited", "plc",
    "l.p", "lp", "llp", "l.l.p", "lllp", "pllc", "gmbh", "ag", "s.a", "sa", "n.v", "nv", "b.v",
    "bv", "co", "s.p.a", "spa", "pte", "pty", "company", "a/s", "ab", "oy", "asa", "se",
    "n.a", "s.a.r.l", "sarl", "s.r.l", "srl", "kk", "k.k", "bhd", "ltda", "s.a.s", "sas",
    "s.l", "sl", "l.c", "lc", "p.c", "pc", "p.a", "na", "trust", "bank", "partnership", NULL};

/* the words of an entity suffix that may follow a comma inside a name */
static const char *const COMMA_SUFFIX[] = {
    "inc", "incorporated", "corp", "llc", "l.l.c", "ltd", "limited", "plc", "l.p", "lp", "llp",
    "l.l.p", "lllp", "pllc", "gmbh", "ag", "s.a", "sa", "n.v", "nv", "b.v", "bv", "s.p.a",
    "spa", "n.a", "s.a.r.l", "sarl", "s.r.l", "srl", "ltda", "s.l", "l.c", "p.c", "p.a", "pte",
    "co", "a/s", NULL};

/* nouns that end an entity type ("public service company") */
static const char *const TYPE_NOUNS[] = {
    "corporation", "company", "partnership", "bank", "trust", "association", "society",
    "cooperative", "co-operative", "institution", "organization", "organisation", "entity",
    "firm", "authority", "agency", "university", "foundation", "fund", "llc", "corp", NULL};

/* lowercase words that may sit inside a legal name */
static const char *const NAME_CONNECTORS[] = {"of", "and", "for", "de", "du", "des", "la", "le",
                                              "von", "van", "der", "den", "y", "e", "&", "the",
                                              "in", "zu", "di", "da", "del", NULL};

/* capitalised words that end a name: the next sentence or clause begins */
static const char *const NAME_STOP[] = {"this", "whereas", "witnesseth", "recitals", "dated",
                                        "effective", "by", "between", "among", "agreement",
                                        "hereinafter", "now", "in", "on", "as", "with",
                                        "contract", "pursuant", "address", "address:", "having",
                                        "located", "whose", "which", "acting", "represented",
                                        NULL};

/* words a party's name never starts with */
static const char *const NAME_NOT_FIRST[] = {"contract", "agreement", "exhibit", "schedule",
                                             "section", "article", "page", "table", "pursuant",
                                             "approved", "whereas", "recitals", "now", NULL};

static const char *const COLLECTIVE[] = {"party", "parties", "party hereto", "parties hereto",
                                         "a party", "the parties", "party to this agreement",
                                         "parties to this agreement", NULL};

static int is_entity_word(const char *f, const tok *t)
{
    return core_in(f, t, ENTITY_WORDS);
}

/* ------------------------------------------------------------ keys */

/* Writes the key of a name: lowercase alphanumeric words separated by one
 * space, "&" as "and", a leading "the" and trailing suffixes dropped. */
static size_t name_key(const char *s, size_t n, char *key, size_t cap)
{
    size_t k = 0;
    size_t wstart[NAME_WORDS_MAX * 2];
    size_t nw = 0;
    int in = 0;
    for (size_t i = 0; i < n && k + 5 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.' || c == '\'' || c == '`')
            continue;
        if (c == '&') {
            if (k && key[k - 1] != ' ')
                key[k++] = ' ';
            if (nw < sizeof wstart / sizeof *wstart)
                wstart[nw++] = k;
            memcpy(key + k, "and ", 4);
            k += 4;
            in = 0;
            continue;
        }
        if (pct__is_alpha(c) || pct__is_digit(c) || c >= 0x80) {
            if (!in) {
                if (k && key[k - 1] != ' ')
                    key[k++] = ' ';
                if (nw < sizeof wstart / sizeof *wstart)
                    wstart[nw++] = k;
                in = 1;
            }
            key[k++] = (char)pct__lower(c);
        } else {
            in = 0;
        }
    }
    while (k && key[k - 1] == ' ')
        k--;
    key[k] = '\0';
    /* leading "the" */
    if (nw > 1 && k > 4 && !strncmp(key, "the ", 4)) {
        memmove(key, key + 4, k - 4 + 1);
        k -= 4;
        for (size_t w = 1; w < nw; w++)
            wstart[w - 1] = wstart[w] - 4;
        nw--;
    }
    /* trailing suffixes while another word remains */
    static const char *const SUF[] = {
        "inc", "incorporated", "corp", "corporation", "co", "company", "llc", "ltd", "limited",
        "plc", "lp", "llp", "lllp", "pllc", "pc", "sa", "ag", "gmbh", "nv", "bv", "pty", "pte",
        "srl", "spa", "sas", "sarl", "kk", "ab", "oy", "asa", "se", "na", "ltda", "bhd", "sl",
        "as", "and", NULL};
    while (nw > 1) {
        const char *w = key + wstart[nw - 1];
        int hit = 0;
        for (const char *const *p = SUF; *p; p++)
            if (!strcmp(w, *p))
                hit = 1;
        if (!hit)
            break;
        k = wstart[nw - 1];
        while (k && key[k - 1] == ' ')
            k--;
        key[k] = '\0';
        nw--;
    }
    return k;
}

static int is_roman_or_number(const char *w, size_t n)
{
    size_t i;
    for (i = 0; i < n && strchr("ivxlcdm0123456789", w[i]); i++)
        ;
    return i == n;
}

/* Edit distance of two short words, capped at 3 (returns 3 for "more"). */
static int edit3(const char *a, size_t an, const char *b, size_t bn)
{
    if (an > 40 || bn > 40)
        return 3;
    if (an > bn + 2 || bn > an + 2)
        return 3;
    int prev[41], cur[41];
    for (size_t j = 0; j <= bn; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= an; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= bn; j++) {
            int d = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < d)
                d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            cur[j] = d;
        }
        memcpy(prev, cur, sizeof(int) * (bn + 1));
    }
    return prev[bn] > 3 ? 3 : prev[bn];
}

/* 2 when keys are equal, 1 when they differ in one alphabetic word by a
 * small edit distance (a spelling variant), 0 otherwise. */
static int key_match(const char *a, const char *b)
{
    if (!strcmp(a, b))
        return *a ? 2 : 0;
    int diffs = 0, ok = 0;
    const char *p = a, *q = b;
    while (*p && *q) {
        size_t pn = strcspn(p, " "), qn = strcspn(q, " ");
        if (pn != qn || strncmp(p, q, pn)) {
            diffs++;
            size_t mn = pn < qn ? pn : qn;
            ok = mn >= 4 && !is_roman_or_number(p, pn) && !is_roman_or_number(q, qn) &&
                 edit3(p, pn, q, qn) <= (mn >= 8 ? 2 : 1);
        }
        p += pn;
        q += qn;
        if (*p == ' ')
            p++;
        if (*q == ' ')
            q++;
    }
    return !*p && !*q && diffs == 1 && ok;
}

/* ------------------------------------------------------------ parties */

typedef struct mention {
    size_t s, e;      /* flat range */
    const char *rule;
    int source;       /* SRC_* */
} mention;

enum { SRC_PREAMBLE = 1, SRC_TITLE, SRC_BODY, SRC_SIGNATURE };

typedef struct pinfo {
    char key[KEY_MAX];
    mention m[MENTIONS_MAX];
    size_t nm;
    size_t name_s, name_e; /* the flat range of the name as first found */
    int name_sig;          /* the name came from a signature block (no flat range) */
    const char *sig_text;  /* signature-block entity text (borrowed from the doc) */
    pct_span sig_span;
    pct_mention *aliases;
    size_t naliases, acap;
} pinfo;

typedef struct pstate {
    pct_xdoc *x;
    pct_party *parties;
    pinfo *info;
    size_t n, cap, icap;
} pstate;

static pct_party *party_new(pstate *st, const char *role, pinfo **info_out)
{
    if (st->n >= PARTIES_MAX)
        return NULL;
    size_t pcap = st->cap, icap = st->icap;
    pct_party *p = pct_xdoc__push(st->x, (void **)&st->parties, &pcap, st->n, sizeof *p);
    pinfo *in = pct_xdoc__push(st->x, (void **)&st->info, &icap, st->n, sizeof *in);
    if (!p || !in)
        return NULL;
    st->cap = pcap;
    st->icap = icap;
    st->n++;
    p->role = role;
    *info_out = in;
    return p;
}

static pct_party *party_find(pstate *st, const char *key, int *how)
{
    pct_party *best = NULL;
    *how = 0;
    for (size_t i = 0; i < st->n; i++) {
        int m = key_match(st->info[i].key, key);
        if (m > *how) {
            *how = m;
            best = &st->parties[i];
        }
    }
    return best;
}

static void add_mention(pinfo *in, size_t s, size_t e, const char *rule, int source)
{
    if (in->nm >= MENTIONS_MAX)
        return;
    in->m[in->nm].s = s;
    in->m[in->nm].e = e;
    in->m[in->nm].rule = rule;
    in->m[in->nm].source = source;
    in->nm++;
}

/* ------------------------------------------------------------ names */

/* A lowercase word that still starts a company name: a domain ("ebix.com")
 * or a word right before a company suffix ("deep systems, Inc."). */
static int lower_name_at(const char *f, const tok *t, size_t end)
{
    for (size_t k = t->cs; k + 4 <= t->ce; k++)
        if (f[k] == '.' && (pct__prefix_ci(f + k, t->ce - k, ".com") ||
                            pct__prefix_ci(f + k, t->ce - k, ".net")))
            return 1;
    tok nx;
    return tok_next(f, t->e, end, &nx) && core_in(f, &nx, COMMA_SUFFIX) && is_entity_word(f, &nx) &&
           f[t->e - 1] == ',';
}

#define SUFFIX_AHEAD_MAX 4 /* capitalised words between a lowercase word and a suffix */

/* 1 when, after i, capitalised words (at most SUFFIX_AHEAD_MAX) lead to a
 * company suffix with no comma, parenthesis or lowercase word between. */
static int suffix_ahead(const char *f, size_t i, size_t end)
{
    tok u;
    for (int k = 0; k <= SUFFIX_AHEAD_MAX && tok_next(f, i, end, &u); k++) {
        if (!first_letter_upper(f, &u) || f[u.s] == '(')
            return 0;
        if (is_entity_word(f, &u) && u.ce - u.cs > 2)
            return 1;
        if (f[u.e - 1] == ',' || f[u.e - 1] == ')' || f[u.e - 1] == ';')
            return 0;
        i = u.e;
    }
    return 0;
}

/* Reads a legal name starting at flat offset i (before `end`). Returns the
 * flat end of the name (== i when none). */
static size_t read_name(const char *f, size_t i, size_t end)
{
    tok t;
    size_t e = i;
    int words = 0;
    size_t j = i;
    while (words < NAME_WORDS_MAX && tok_next(f, j, end, &t)) {
        if (t.ce <= t.cs)
            break;
        if (f[t.s] == '(') {
            /* "(HONG KONG)" inside a name: no quote, closed in this token or the next */
            size_t k = t.s;
            size_t lim = t.s + 40 < end ? t.s + 40 : end;
            while (k < lim && f[k] != ')' && f[k] != '"' && (unsigned char)f[k] != 0xE2)
                k++;
            if (words == 0 || k >= lim || f[k] != ')')
                break;
            tok after;
            if (!tok_next(f, k + 1, end, &after) || !(first_letter_upper(f, &after) &&
                                                      !core_is(f, &after, "a")))
                break;
            if (f[k + 1] == ',' || f[k + 1] == ';')
                break;
            e = k + 1;
            j = k + 1;
            words++;
            continue;
        }
        if (open_quote_len(f, t.s, end) || f[t.s] == '[')
            break;
        if (words > 0 && core_in(f, &t, NAME_STOP))
            break;
        if (words > 0 && pct__is_digit((unsigned char)f[t.cs]) && f[t.e - 1] == '.')
            break; /* "2." numbers the next section */
        {
            /* 'Smolyansky("Individual")': the name ends at a glued parenthesis */
            size_t k = t.s + 1;
            while (k < t.e && f[k] != '(')
                k++;
            if (k < t.e && words > 0) {
                e = k;
                break;
            }
        }
        int upper = first_letter_upper(f, &t) || (words == 0 && lower_name_at(f, &t, end));
        int conn = !upper && core_in(f, &t, NAME_CONNECTORS);
        if (!upper && !conn) {
            if (words == 0 && core_is(f, &t, "the")) {
                j = t.e;
                continue;
            }
            /* "Petro data Management Services Limited": a lowercase word inside
             * a name that goes on, in capitals, to a company suffix */
            if (words == 0 || !suffix_ahead(f, t.e, end))
                break;
        }
        if (conn) {
            /* a connector must be followed by a capitalised word, and "of"
             * after a complete company name starts an address */
            tok nx;
            if (!tok_next(f, t.e, end, &nx) || !first_letter_upper(f, &nx) || f[t.e - 1] == ',')
                break;
            if (pct__is_digit((unsigned char)f[nx.cs]))
                break;
            if (words && core_is(f, &t, "of")) {
                tok pv;
                if (tok_prev(f, i, t.s, &pv) && is_entity_word(f, &pv))
                    break;
            }
            if (words == 0)
                break;
        }
        if (words > 0 && (core_is(f, &t, "a") || core_is(f, &t, "an")) && !upper)
            break;
        /* "A", "An" capitalised at a name start are fine ("A.B. Watley") */
        words++;
        e = t.ce;
        j = t.e;
        char last = f[t.e - 1];
        if (last == ',' || last == ';' || last == ':') {
            if (last != ',')
                break;
            /* continue over ", Inc." style suffixes only */
            tok nx;
            if (!tok_next(f, t.e, end, &nx) || !core_in(f, &nx, COMMA_SUFFIX))
                break;
            continue;
        }
        if (last == ')' || last == '"')
            break;
        if (last == '.' && !is_entity_word(f, &t)) {
            /* initials "A.B." and abbreviations "Bros." stay; a sentence end stops */
            size_t len = t.ce - t.cs;
            int dots = 0;
            for (size_t k = t.cs; k < t.ce; k++)
                dots += f[k] == '.';
            if (!(dots >= 2 || len <= 4))
                break;
        }
        if (is_entity_word(f, &t) && !core_in(f, &t, TYPE_NOUNS)) {
            /* a suffix usually ends the name, except a chained one: "Co., Ltd." */
            tok nx;
            if (!tok_next(f, t.e, end, &nx) || !core_in(f, &nx, COMMA_SUFFIX))
                break;
        }
    }
    /* trailing connectors are not part of a name */
    while (e > i) {
        tok t2;
        if (!tok_prev(f, i, e, &t2) || !(core_in(f, &t2, NAME_CONNECTORS) &&
                                         !first_letter_upper(f, &t2)))
            break;
        e = t2.s;
        while (e > i && f[e - 1] == ' ')
            e--;
    }
    /* a trailing period belongs to a suffix ("Inc.") but not to a plain word */
    if (e > i && f[e - 1] == '.') {
        tok t3;
        if (tok_prev(f, i, e, &t3) && !is_entity_word(f, &t3)) {
            size_t dots = 0;
            for (size_t k = t3.cs; k < t3.ce; k++)
                dots += f[k] == '.';
            if (dots < 2 && t3.ce - t3.cs > 4)
                e--;
        }
    }
    return e;
}

/* ------------------------------------------------------------ descriptions */

/* The entity form (suffix as written) at the end of a name into *out (NULL
 * when none). Returns 0 or PCT_ENOMEM. */
static int entity_form(pct_xdoc *x, const char *name, const char **out)
{
    *out = NULL;
    size_t n = strlen(name);
    size_t s = n;
    while (s > 0 && name[s - 1] != ' ' && name[s - 1] != ',')
        s--;
    if (s == n)
        return 0;
    tok t = {s, n, s, n};
    tok_core(name, &t);
    if (!is_entity_word(name, &t) || core_is(name, &t, "bank") || core_is(name, &t, "trust") ||
        core_is(name, &t, "partnership"))
        return 0;
    /* "Co., Ltd." */
    size_t s2 = s;
    while (s2 > 0 && (name[s2 - 1] == ' ' || name[s2 - 1] == ','))
        s2--;
    size_t s3 = s2;
    while (s3 > 0 && name[s3 - 1] != ' ')
        s3--;
    tok u = {s3, s2, s3, s2};
    tok_core(name, &u);
    if (s3 < s2 && core_in(name, &u, COMMA_SUFFIX) && core_is(name, &u, "co"))
        s = s3;
    if (!(*out = pct_arena__strndup(x->arena, name + s, n - s)))
        return pct__err(x->ctx, PCT_ENOMEM, "out of memory");
    return 0;
}

typedef struct desc {
    size_t type_s, type_e;   /* flat range of the entity type words */
    size_t jur_s, jur_e;     /* flat range of the jurisdiction */
    size_t addr_s, addr_e;   /* flat range of the address */
    const char *type_rule, *jur_rule;
} desc;

/* "a Delaware corporation", "an Illinois limited liability company": at
 * token `a` (the article). Fills the type and jurisdiction when found. */
static int read_article_desc(const char *f, size_t a_end, size_t end, desc *d)
{
    tok t;
    size_t j = a_end;
    size_t js = 0, je = 0, ts = 0, te = 0;
    int nj = 0, nt = 0;
    /* capitalised jurisdiction words */
    static const char *const TYPE_ADJ[] = {"limited", "liability", "general", "public",
                                           "private", "professional", "nonprofit", "non-profit",
                                           "business", "statutory", "national", "exempted",
                                           "mutual", "joint", "stock", NULL};
    while (nj < 5 && tok_next(f, j, end, &t) && first_letter_upper(f, &t) &&
           !core_in(f, &t, TYPE_NOUNS) && !core_in(f, &t, TYPE_ADJ)) {
        if (!nj)
            js = t.cs;
        je = t.ce;
        j = t.e;
        nj++;
        if (f[t.e - 1] == ',')
            break;
    }
    if (nj && f[je] == ',')
        return 0; /* "a Delaware, ..." is not a description */
    /* lowercase type words ending in a type noun */
    size_t k = j;
    while (nt < 6 && tok_next(f, k, end, &t)) {
        if (!nt)
            ts = t.cs;
        nt++;
        k = t.e;
        if (core_in(f, &t, TYPE_NOUNS)) {
            te = t.ce;
            if (te > t.cs && f[te - 1] == '.')
                te--;
            break;
        }
        if (first_letter_upper(f, &t) && !core_in(f, &t, TYPE_ADJ))
            return 0;
        if (f[t.e - 1] == ',' || f[t.e - 1] == ')' || f[t.e - 1] == ';')
            return 0;
    }
    if (!te)
        return 0;
    d->type_s = ts;
    d->type_e = te;
    d->type_rule = "party.type.article";
    if (nj) {
        d->jur_s = js;
        d->jur_e = je;
        d->jur_rule = "party.jurisdiction.article";
    }
    return 1;
}

/* "organized under the laws of the State of X", "incorporated in X": the
 * jurisdiction words after `i`. */
static void read_law_jur(const char *f, size_t i, size_t end, desc *d)
{
    tok t;
    size_t j = i;
    for (int k = 0; k < 4 && tok_next(f, j, end, &t); k++) {
        if (core_is(f, &t, "the") || core_is(f, &t, "laws") || core_is(f, &t, "of") ||
            core_is(f, &t, "state") || core_is(f, &t, "commonwealth") ||
            core_is(f, &t, "province")) {
            j = t.e;
            continue;
        }
        break;
    }
    size_t js = 0, je = 0;
    int n = 0;
    while (n < 6 && tok_next(f, j, end, &t)) {
        int up = first_letter_upper(f, &t);
        if (!up && !(n && (core_is(f, &t, "of") || core_is(f, &t, "and"))))
            break;
        if (!n)
            js = t.cs;
        je = t.ce;
        j = t.e;
        n++;
        if (f[t.e - 1] == ',' || f[t.e - 1] == ')' || f[t.e - 1] == ';' ||
            (f[t.e - 1] == '.' && t.ce - t.cs > 3))
            break;
    }
    /* trailing connectors */
    while (n && je > js) {
        tok t2;
        if (!tok_prev(f, js, je, &t2) || !(core_is(f, &t2, "of") || core_is(f, &t2, "and")))
            break;
        je = t2.s;
        while (je > js && f[je - 1] == ' ')
            je--;
    }
    if (n && je > js) {
        d->jur_s = js;
        d->jur_e = je;
        d->jur_rule = "party.jurisdiction.laws_of";
    }
}

static const char *const ADDRESS_CUES[] = {"offices at",
                                           "office at",
                                           "business at",
                                           "address at",
                                           "located at",
                                           "residing at",
                                           "office is at",
                                           "offices are at",
                                           "headquartered at",
                                           "headquarters at",
                                           "address is",
                                           "office located at",
                                           "offices located at",
                                           "resident at",
                                           "domiciled at",
                                           "place of business is",
                                           NULL};

/* Reads the description of a party in [i, end): type, jurisdiction, address. */
static void read_desc(const char *f, size_t i, size_t end, desc *d)
{
    memset(d, 0, sizeof *d);
    tok t;
    size_t j = i;
    int depth = 0;
    while (tok_next(f, j, end, &t)) {
        for (size_t k = t.s; k < t.e; k++)
            depth += f[k] == '(' ? 1 : f[k] == ')' ? -1 : 0;
        if (depth < 0)
            depth = 0;
        if (f[t.s] == '(' || depth > 0) {
            j = t.e;
            continue;
        }
        if (!d->type_e && (core_is(f, &t, "a") || core_is(f, &t, "an")) && f[t.e - 1] != ',') {
            desc tmp = *d;
            if (read_article_desc(f, t.e, end, &tmp)) {
                *d = tmp;
                j = d->type_e;
                continue;
            }
        }
        if (!d->jur_e && (core_is(f, &t, "laws") || core_is(f, &t, "incorporated") ||
                          core_is(f, &t, "registered") || core_is(f, &t, "organized") ||
                          core_is(f, &t, "organised") || core_is(f, &t, "formed"))) {
            tok nx;
            if (tok_next(f, t.e, end, &nx) && (core_is(f, &nx, "of") || core_is(f, &nx, "in"))) {
                read_law_jur(f, nx.e, end, d);
            } else if (core_is(f, &t, "laws") == 0 && tok_next(f, t.e, end, &nx) &&
                       (core_is(f, &nx, "under") || core_is(f, &nx, "pursuant"))) {
                size_t lim = nx.e + 60 < end ? nx.e + 60 : end;
                long at = pct__find_ci(f + nx.e, lim - nx.e, "laws of");
                if (at >= 0)
                    read_law_jur(f, nx.e + (size_t)at + 7, end, d);
            }
            if (!d->type_e) {
                /* "a company organized under": the noun before the verb */
                tok pv;
                if (tok_prev(f, i, t.s, &pv) && core_in(f, &pv, TYPE_NOUNS)) {
                    d->type_s = pv.cs;
                    d->type_e = pv.ce;
                    d->type_rule = "party.type.organized";
                }
            }
        }
        if (!d->addr_e) {
            for (const char *const *c = ADDRESS_CUES; *c; c++) {
                size_t m = strlen(*c);
                if (t.s + m <= end && pct__prefix_ci(f + t.s, end - t.s, *c) &&
                    (t.s + m == end || f[t.s + m] == ' ')) {
                    size_t a = t.s + m;
                    while (a < end && f[a] == ' ')
                        a++;
                    size_t b = a;
                    size_t lim = a + ADDRESS_MAX < end ? a + ADDRESS_MAX : end;
                    while (b < lim && f[b] != '(' && f[b] != ';' && !open_quote_len(f, b, lim))
                        b++;
                    /* ", and" / " and" ending the list item */
                    long an = pct__find_ci(f + a, b - a, " and ");
                    if (an >= 0) {
                        tok nx;
                        if (tok_next(f, a + (size_t)an + 5, end, &nx) && first_letter_upper(f, &nx))
                            b = a + (size_t)an;
                    }
                    while (b > a && (f[b - 1] == ' ' || f[b - 1] == ','))
                        b--;
                    tok at0;
                    if (b > a && tok_next(f, a, b, &at0) && first_letter_upper(f, &at0)) {
                        d->addr_s = a;
                        d->addr_e = b;
                    }
                    break;
                }
            }
        }
        j = t.e;
    }
}

/* ------------------------------------------------------------ aliases */

static int is_collective(const char *f, size_t ps, size_t pe, const char *al, size_t n)
{
    for (const char *const *c = COLLECTIVE; *c; c++)
        if (strlen(*c) == n && pct__prefix_ci(al, n, *c))
            return 1;
    static const char *const CUES[] = {"each ", "collectively", "together", "both ", "jointly",
                                       "individually", "separately", NULL};
    for (const char *const *c = CUES; *c; c++)
        if (pct__find_ci(f + ps, pe - ps, *c) >= 0)
            return 1;
    return 0;
}

/* "Agreement", "Effective Date", "Amendment": names of the document or its
 * dates, defined next to a party but never the party's alias. */
static int document_word(const char *a, size_t n)
{
    static const char *const W[] = {"agreement", "amendment", "contract", "addendum", "date",
                                    "lease", "license agreement", NULL};
    for (const char *const *w = W; *w; w++) {
        size_t m = strlen(*w);
        if (n >= m && pct__prefix_ci(a + n - m, m, *w) && (n == m || a[n - m - 1] == ' '))
            return 1;
    }
    return 0;
}

static int alias_add(pstate *st, pinfo *in, size_t s, size_t e, const char *rule)
{
    pct_xdoc *x = st->x;
    for (size_t k = 0; k < in->naliases; k++)
        if (strlen(in->aliases[k].text) == e - s &&
            pct__prefix_ci(x->flat + s, e - s, in->aliases[k].text))
            return 0;
    pct_mention *m = pct_xdoc__push(x, (void **)&in->aliases, &in->acap, in->naliases, sizeof *m);
    if (!m)
        return pct__err(x->ctx, PCT_ENOMEM, "out of memory");
    in->naliases++;
    return pct_xdoc__mention(x, m, s, e, rule);
}

/* Adds the quoted names of [i, end) as aliases of the party. */
static int read_aliases(pstate *st, pinfo *in, size_t i, size_t end)
{
    const char *f = st->x->flat;
    int error = 0;
    size_t pstart = (size_t)-1;
    int depth = 0;
    for (size_t k = i; k < end; k++) {
        if (f[k] == '(') {
            if (!depth)
                pstart = k;
            depth++;
            continue;
        }
        if (f[k] == ')') {
            if (depth)
                depth--;
            continue;
        }
        int q = open_quote_len(f, k, end);
        if (!q)
            continue;
        size_t a = k + (size_t)q;
        size_t b = a;
        while (b < end && b < a + ALIAS_MAX && f[b] != '"' &&
               !((unsigned char)f[b] == 0xE2 && b + 2 < end && (unsigned char)f[b + 1] == 0x80 &&
                 ((unsigned char)f[b + 2] == 0x9D || (unsigned char)f[b + 2] == 0x9C)))
            b++;
        if (b >= end || b >= a + ALIAS_MAX) {
            k = b;
            continue;
        }
        size_t close = b + ((unsigned char)f[b] == 0xE2 ? 3 : 1);
        size_t as = a, ae = b;
        while (as < ae && f[as] == ' ')
            as++;
        while (ae > as && (f[ae - 1] == ' ' || f[ae - 1] == ','))
            ae--;
        /* inside parentheses, or after "hereinafter", "referred to as", "called" */
        int cue = depth > 0;
        if (!cue) {
            size_t lb = k > i + 40 ? k - 40 : i;
            cue = pct__find_ci(f + lb, k - lb, "hereinafter") >= 0 ||
                  pct__find_ci(f + lb, k - lb, "referred to as") >= 0 ||
                  pct__find_ci(f + lb, k - lb, "called") >= 0 ||
                  pct__find_ci(f + lb, k - lb, "known as") >= 0;
        }
        if (cue && ae > as && first_letter_upper(f, &(tok){as, ae, as, ae})) {
            size_t ps = depth > 0 ? pstart : (k > i + 40 ? k - 40 : i);
            size_t pe = close;
            if (depth > 0) {
                size_t z = close;
                while (z < end && z < close + 80 && f[z] != ')')
                    z++;
                pe = z;
            }
            if (!is_collective(f, ps, pe, f + as, ae - as) && !document_word(f + as, ae - as) &&
                (error = alias_add(st, in, as, ae, depth > 0 ? "party.alias.paren"
                                                             : "party.alias.hereinafter")) < 0)
                return error;
        }
        k = close - 1;
    }
    return 0;
}

/* ------------------------------------------------------------ adding */

static int set_value(pct_xdoc *x, pct_value *v, size_t s, size_t e, const char *rule, int lower,
                     int canon)
{
    if (v->value || e <= s)
        return 0;
    int error = pct_xdoc__fvalue(x, v, NULL, s, e, rule);
    if (error < 0)
        return error;
    char *val = pct_arena__strndup(x->arena, x->flat + s, e - s);
    if (!val)
        return pct__err(x->ctx, PCT_ENOMEM, "out of memory");
    if (lower)
        for (char *p = val; *p; p++)
            *p = (char)pct__lower((unsigned char)*p);
    if (canon) {
        size_t m = 0;
        const char *c = pct_jurisdiction__canon(val, strlen(val), &m);
        if (c)
            val = (char *)c;
    }
    v->value = val;
    return 0;
}

/* Adds (or links) a party named by flat [ns, ne) with the description of
 * [ds, de). Returns the party's index, or -1 when the name was rejected. */
static int add_named(pstate *st, size_t ns, size_t ne, size_t ds, size_t de, const char *role,
                     const char *rule, int source, long *index_out)
{
    pct_xdoc *x = st->x;
    const char *f = x->flat;
    char key[KEY_MAX];
    int error = 0;
    *index_out = -1;
    if (ne <= ns || name_key(f + ns, ne - ns, key, sizeof key) == 0)
        return 0;
    int how;
    pct_party *p = party_find(st, key, &how);
    pinfo *in;
    if (p) {
        in = &st->info[p - st->parties];
        add_mention(in, ns, ne, rule, source);
        if (!strcmp(p->role, "signatory") && strcmp(role, "signatory"))
            p->role = role;
    } else {
        if (!(p = party_new(st, role, &in)))
            return st->n >= PARTIES_MAX ? 0 : pct__err(x->ctx, PCT_ENOMEM, "out of memory");
        memcpy(in->key, key, sizeof key);
        in->name_s = ns;
        in->name_e = ne;
        add_mention(in, ns, ne, rule, source);
        if ((error = pct_xdoc__mention(x, &p->name, ns, ne, rule)) < 0)
            return error;
    }
    *index_out = p - st->parties;
    if (de > ds) {
        desc d;
        read_desc(f, ds, de, &d);
        if ((error = set_value(x, &p->entity_type, d.type_s, d.type_e, d.type_rule, 1, 0)) < 0 ||
            (error = set_value(x, &p->jurisdiction, d.jur_s, d.jur_e, d.jur_rule, 0, 1)) < 0 ||
            (error = set_value(x, &p->address, d.addr_s, d.addr_e, "party.address.cue", 0, 0)) < 0)
            return error;
        if ((error = read_aliases(st, in, ds, de)) < 0)
            return error;
    }
    return 0;
}

/* ------------------------------------------------------------ preamble */

static const char *const ABBREV_BEFORE_PERIOD[] = {
    "inc", "corp", "co", "ltd", "no", "st", "mr", "mrs", "ms", "dr", "n.a", "l.p", "l.l.c",
    "s.a", "n.v", "b.v", "jr", "sr", "u.s", "esq", "ave", "blvd", "rd", "p.o", "s.p.a",
    "bros", "intl", "int'l", "dept", "fl", "nos", "vs", "etc", NULL};

/* The end of the party list that starts at `a`: a sentence end, a recital
 * cue, or `hi`. */
static size_t list_end(const char *f, size_t a, size_t hi)
{
    size_t lim = a + LIST_MAX < hi ? a + LIST_MAX : hi;
    tok t;
    size_t j = a;
    int depth = 0;
    while (tok_next(f, j, lim, &t)) {
        for (size_t k = t.s; k < t.e; k++)
            depth += f[k] == '(' ? 1 : f[k] == ')' ? -1 : 0;
        if (depth < 0)
            depth = 0;
        if (core_is(f, &t, "whereas") || core_is(f, &t, "recitals") ||
            core_is(f, &t, "witnesseth") || core_is(f, &t, "background") ||
            (!depth && (core_is(f, &t, "dated") || core_is(f, &t, "table") ||
                        core_is(f, &t, "article") || core_is(f, &t, "preliminary") ||
                        core_is(f, &t, "introduction") || core_is(f, &t, "definitions"))) ||
            (core_is(f, &t, "w") && t.e + 2 < lim && f[t.e + 1] == 'I'))
            return t.s;
        if (!depth && f[t.e - 1] == '.' && t.e < lim) {
            tok u = t;
            u.ce = t.e - 1;
            /* "Mt.", "Ste.", "Ft.": a short capitalised word before a period is
             * an abbreviation of an address, not a sentence end */
            int abbrev = core_in(f, &u, ABBREV_BEFORE_PERIOD) || core_in(f, &t, COMMA_SUFFIX) ||
                         (t.ce - t.cs <= 2) ||
                         (t.e - 1 - t.cs <= 3 && pct__is_upper((unsigned char)f[t.cs]));
            size_t dots = 0;
            for (size_t k = t.cs; k < t.e; k++)
                dots += f[k] == '.';
            tok nx;
            if (!abbrev && dots < 2 && tok_next(f, t.e, lim, &nx) && first_letter_upper(f, &nx) &&
                !core_is(f, &nx, "hereinafter") && !core_is(f, &nx, "and") && f[nx.s] != '(')
                return t.e;
        }
        if (!depth && f[t.e - 1] == ':' && t.e < lim && core_is(f, &t, "follows"))
            return t.s;
        j = t.e;
    }
    return lim;
}

/* A word that continues an address ("Suite 200", "4th Floor", a number). */
static int address_word(const char *f, const tok *t)
{
    static const char *const W[] = {"suite", "floor", "unit", "room", "building", "p.o", "po",
                                    "box", "ste", NULL};
    return pct__is_digit((unsigned char)f[t->cs]) || core_in(f, t, W);
}

/* "INSTITUTE OF GRASSLAND AND ENVIRONMENTAL RESEARCH": an "AND" in capitals
 * between words in capitals, in a segment that so far is a bare run of
 * words (no comma, parenthesis or suffix), belongs to the name. */
static size_t read_name(const char *f, size_t i, size_t end);
static size_t name_key(const char *s, size_t n, char *key, size_t cap);

/* 1 when a signature block names exactly the entity `key`. */
static int signed_as(const pct_xdoc *x, const char *key)
{
    if (!x->signatures)
        return 0;
    char k2[KEY_MAX];
    int n = 0;
    /* the first SIG_KEYS_MAX blocks: a page of thousands of blocks must not
     * make each "and" of a party list cost thousands of key builds */
    for (const pct_node *b = x->signatures->first; b && n < SIG_KEYS_MAX; b = b->next, n++) {
        if (b->type != PCT_NODE_SIGNATURE_BLOCK || !b->sig || !b->sig->entity)
            continue;
        if (name_key(b->sig->entity, strlen(b->sig->entity), k2, sizeof k2) && !strcmp(k2, key))
            return 1;
    }
    return 0;
}

static int and_inside_name(const pct_xdoc *x, size_t seg, size_t end, const tok *and_tok,
                           const tok *nx)
{
    const char *f = x->flat;
    /* "Institute of Grassland and Environmental Research" signs as one entity */
    size_t s = seg;
    while (s < and_tok->s && f[s] == ' ')
        s++;
    size_t ne = read_name(f, s, end);
    if (ne > nx->s) {
        char key[KEY_MAX];
        if (name_key(f + s, ne - s, key, sizeof key) && signed_as(x, key))
            return 1;
    }
    if (!core_is(f, and_tok, "AND") || f[and_tok->cs] != 'A')
        return 0;
    for (size_t k = seg; k < and_tok->s; k++)
        if (f[k] == ',' || f[k] == '(' || f[k] == ';' || pct__is_lower((unsigned char)f[k]))
            return 0;
    tok pv;
    if (!tok_prev(f, seg, and_tok->s, &pv) || is_entity_word(f, &pv))
        return 0;
    for (size_t k = nx->cs; k < nx->ce; k++)
        if (pct__is_lower((unsigned char)f[k]))
            return 0;
    return 1;
}

/* Splits [a, b) into party segments and adds each. */
static int read_party_list(pstate *st, size_t a, size_t b, const char *rule)
{
    const char *f = st->x->flat;
    int error = 0;
    size_t seg = a;
    int depth = 0;
    tok t;
    size_t j = a;
    int found = 0;
    for (;;) {
        int have = tok_next(f, j, b, &t);
        int split = 0;
        size_t next = 0;
        if (!have) {
            split = 1;
        } else {
            int qin = 0, closed_here = 0;
            for (size_t k = t.s; k < t.e; k++) {
                if (f[k] == '(')
                    depth++;
                else if (f[k] == ')') {
                    if (depth)
                        depth--;
                    if (!depth && qin)
                        closed_here = 1;
                }
                if (open_quote_len(f, k, t.e) || f[k] == '"')
                    qin = 1;
            }
            if (qin && depth == 0 && t.e >= 2 && f[t.e - 2] == ')')
                closed_here = 1;
            if (!depth && t.s > seg) {
                tok nx;
                int nx_ok = tok_next(f, t.e, b, &nx);
                if ((core_is(f, &t, "and") || core_is(f, &t, "and/or")) && nx_ok &&
                    (first_letter_upper(f, &nx) || core_is(f, &nx, "the") || f[nx.s] == '(' ||
                     lower_name_at(f, &nx, b)) &&
                    !and_inside_name(st->x, seg, b, &t, &nx)) {
                    split = 1;
                    next = t.e;
                } else if (core_is(f, &t, "and:") ||
                           (f[t.e - 1] == ';' && !(nx_ok && address_word(f, &nx)))) {
                    split = 1;
                    next = t.e;
                    if (f[t.e - 1] == ';') {
                        /* include the token itself in the segment */
                        split = 2;
                    }
                } else if (t.e - t.s == 3 && f[t.s] == '(' && f[t.s + 2] == ')' &&
                           (pct__is_digit((unsigned char)f[t.s + 1]) ||
                            (f[t.s + 1] >= 'a' && f[t.s + 1] <= 'h' && t.s > a + 1 &&
                             (f[t.s - 2] == ';' || f[t.s - 2] == ':')))) {
                    /* "(1) A ...; and (2) B ..." */
                    split = 1;
                    next = t.s;
                } else if (core_is(f, &t, "party") && nx_ok && nx.e - nx.s <= 3 &&
                           f[nx.e - 1] == ':') {
                    /* "Party A: ... Party B: ..." */
                    split = 1;
                    next = t.s;
                } else if (f[t.e - 1] == ',' && is_entity_word(f, &t) &&
                           first_letter_upper(f, &t) && nx_ok && first_letter_upper(f, &nx) &&
                           !core_in(f, &nx, COMMA_SUFFIX) && !core_in(f, &nx, NAME_STOP) &&
                           !core_is(f, &nx, "a") && !core_is(f, &nx, "an")) {
                    /* "A Corporation, B Corporation and C" */
                    split = 2;
                    next = t.e;
                } else if (closed_here && f[t.e - 1] == ',' && nx_ok &&
                           pct__is_upper((unsigned char)f[nx.cs]) && !address_word(f, &nx) &&
                           !core_is(f, &nx, "a") && !core_is(f, &nx, "an")) {
                    split = 2;
                    next = t.e;
                }
            }
        }
        if (split) {
            size_t se = !have ? b : split == 2 ? t.e : t.s;
            /* skip enumerators "(1)", "1.", "(a)", "and", "the" */
            size_t s = seg;
            tok u;
            while (tok_next(f, s, se, &u) &&
                   ((u.e - u.s <= 4 && (f[u.s] == '(' || pct__is_digit((unsigned char)f[u.s])) &&
                     (f[u.e - 1] == ')' || f[u.e - 1] == '.')) ||
                    core_is(f, &u, "and") || core_is(f, &u, ",") || core_is(f, &u, "between") ||
                    core_is(f, &u, "among") || core_is(f, &u, "between:") ||
                    core_is(f, &u, "among:") || core_is(f, &u, "by") || core_is(f, &u, "-") ||
                    core_is(f, &u, "on") || (core_is(f, &u, "the") && f[u.cs] == 't') ||
                    core_is(f, &u, "other") ||
                    core_is(f, &u, "hand") || core_is(f, &u, "hand,") ||
                    (core_is(f, &u, "party") && tok_next(f, u.e, se, &u) && u.e - u.s <= 3 &&
                     f[u.e - 1] == ':')))
                s = u.e;
            while (s < se && f[s] == ' ')
                s++;
            size_t ne = read_name(f, s, se);
            if (ne > s) {
                long idx;
                tok first;
                tok_next(f, s, ne, &first);
                int ok = !core_in(f, &first, NAME_NOT_FIRST) &&
                         !core_is(f, &first, "each") && !core_is(f, &first, "any") &&
                         !core_is(f, &first, "all") && !core_is(f, &first, "its") &&
                         !core_is(f, &first, "certain") && !core_is(f, &first, "this") &&
                         !core_is(f, &first, "such") && !core_is(f, &first, "other") &&
                         !core_is(f, &first, "collectively") &&
                         !core_is(f, &first, "together") && !core_is(f, &first, "party") &&
                         !core_is(f, &first, "parties") && !core_is(f, &first, "whereas");
                /* a name starts with a word, not a street number or a year */
                if (ok && (pct__is_digit((unsigned char)f[first.cs]) || address_word(f, &first))) {
                    /* "2205925 Ontario Limited" is a company; "3900A 31st Street" is not */
                    tok lastw;
                    if (!tok_prev(f, s, ne, &lastw) || !is_entity_word(f, &lastw))
                        ok = 0;
                }
                /* a name has no section numbers or headings in it */
                for (size_t z = s; ok && z < ne; z++)
                    if (pct__is_digit((unsigned char)f[z]) && z + 1 < ne && f[z + 1] == '.' &&
                        z + 2 < ne && pct__is_digit((unsigned char)f[z + 2]))
                        ok = 0;
                if (ok && (pct__find_ci(f + s, ne - s, "section ") >= 0 ||
                           pct__find_ci(f + s, ne - s, "article ") >= 0))
                    ok = 0;
                if (ok) {
                    if ((error = add_named(st, s, ne, ne, se, "party", rule, SRC_PREAMBLE, &idx)) <
                        0)
                        return error;
                    found += idx >= 0;
                }
            }
            if (!have)
                break;
            seg = next;
            j = next;
            continue;
        }
        j = t.e;
    }
    return found;
}

/* Finds "between"/"among"/"by" in [lo, hi) and reads the party list after it. */
static int from_preamble(pstate *st, size_t lo, size_t hi, int bare_ok)
{
    const char *f = st->x->flat;
    tok t;
    size_t j = lo;
    size_t anchor = (size_t)-1, by_anchor = (size_t)-1;
    while (tok_next(f, j, hi, &t)) {
        int parties_head = (core_is(f, &t, "parties") || core_is(f, &t, "parties:")) &&
                           pct__is_upper((unsigned char)f[t.cs]);
        if (core_is(f, &t, "between") || core_is(f, &t, "among") || core_is(f, &t, "amongst") ||
            core_is(f, &t, "between:") || core_is(f, &t, "among:") || parties_head) {
            tok nx;
            /* "by and among, on the one hand, A ..., and, on the other hand, B" */
            size_t after = t.e;
            if (tok_next(f, after, hi, &nx) && core_is(f, &nx, "on")) {
                long h = pct__find_ci(f + nx.s, (hi - nx.s) < 24 ? hi - nx.s : 24, "hand");
                if (h >= 0 && pct__prefix_ci(f + nx.s, hi - nx.s, "on the one hand"))
                    after = nx.s + (size_t)h + 4 + (f[nx.s + (size_t)h + 4] == ',');
            }
            if (after != t.e && tok_next(f, after, hi, &nx) &&
                pct__is_upper((unsigned char)f[nx.cs])) {
                anchor = after;
                break;
            }
            if (tok_next(f, t.e, hi, &nx) &&
                (pct__is_upper((unsigned char)f[nx.cs]) || f[nx.s] == '(' ||
                 core_is(f, &nx, "the") || f[nx.s] == '[' ||
                 (pct__is_lower((unsigned char)f[nx.cs]) && first_letter_upper(f, &nx))) &&
                (!parties_head || f[nx.s] == '(' || f[t.e - 1] == ':')) {
                /* "between the parties on 1 April": not the list; "among the
                 * following parties: (a) ...": the list follows the colon */
                tok n2, n3;
                if (core_is(f, &nx, "the") && tok_next(f, nx.e, hi, &n2)) {
                    if (core_is(f, &n2, "following") && tok_next(f, n2.e, hi, &n3) &&
                        f[n3.e - 1] == ':') {
                        anchor = n3.e;
                        break;
                    }
                    if (core_is(f, &n2, "parties") || core_is(f, &n2, "undersigned") ||
                        core_is(f, &n2, "parties:")) {
                        j = t.e;
                        continue;
                    }
                }
                anchor = t.e;
                break;
            }
        }
        /* "Party A: X ... Party B: Y" */
        if (core_is(f, &t, "party") && pct__is_upper((unsigned char)f[t.cs])) {
            tok nx;
            if (tok_next(f, t.e, hi, &nx) && nx.e - nx.s <= 3 && f[nx.e - 1] == ':' &&
                (f[nx.s] == 'A' || f[nx.s] == '1')) {
                anchor = t.s;
                break;
            }
        }
        if (by_anchor == (size_t)-1 && core_is(f, &t, "by")) {
            tok pv, nx;
            if (tok_prev(f, lo, t.s, &pv) &&
                (core_is(f, &pv, "into") || core_is(f, &pv, "made") ||
                 core_is(f, &pv, "executed") || core_is(f, &pv, "entered") ||
                 core_is(f, &pv, "and")) &&
                tok_next(f, t.e, hi, &nx) && first_letter_upper(f, &nx) && !core_is(f, &nx, "and"))
                by_anchor = t.e;
        }
        j = t.e;
    }
    if (anchor == (size_t)-1)
        anchor = by_anchor;
    if (anchor == (size_t)-1 && bare_ok) {
        /* "Acme Inc., with a place of business at ... ("Acme") and Foo B.V. ...
         * ("Consultant") agree to ...": the preamble opens with the list */
        size_t k = lo;
        int quotes = 0;
        while (k < hi && k < lo + LIST_MAX && !quotes)
            quotes = open_quote_len(f, k++, hi) > 0;
        if (tok_next(f, lo, hi, &t) && first_letter_upper(f, &t) && !core_is(f, &t, "this") &&
            !core_is(f, &t, "the") && quotes)
            anchor = lo;
    }
    if (anchor == (size_t)-1)
        return 0;
    size_t end = list_end(f, anchor, hi);
    return read_party_list(st, anchor, end, "party.preamble.between");
}

/* A cover page ("DISTRIBUTOR AGREEMENT by and between ACME CORP. and ...")
 * names the parties in capitals with no aliases; the preamble proper, after
 * a table of contents, restates them with descriptions and aliases
 * ("... is made as of ... by and between Acme Corp., a Delaware corporation
 * (the "Licensor"), and ..."). When no party of `st` has an alias, the
 * first "made"/"entered into" sentence within RESTATED_MAX bytes after
 * `from` is read as a party list, and merged only when it names two or
 * more parties, each already known: a "between" in the body never adds one. */
static int from_restated(pstate *st, size_t from)
{
    pct_xdoc *x = st->x;
    const char *f = x->flat;
    if (st->n < 2 || from >= x->flat_len)
        return 0;
    for (size_t i = 0; i < st->n; i++)
        if (st->info[i].naliases)
            return 0;
    size_t lim = from + RESTATED_MAX < x->flat_len ? from + RESTATED_MAX : x->flat_len;
    long m = pct__find_ci(f + from, lim - from, " is made ");
    long e = pct__find_ci(f + from, lim - from, " entered into ");
    if (m < 0 || (e >= 0 && e < m))
        m = e;
    if (m < 0)
        return 0;
    size_t lo = from + (size_t)m;
    size_t hi = lo + LIST_MAX < x->flat_len ? lo + LIST_MAX : x->flat_len;
    pstate tr;
    memset(&tr, 0, sizeof tr);
    tr.x = x;
    int found = from_preamble(&tr, lo, hi, 0);
    if (found <= 0 || tr.n < 2)
        return found < 0 ? found : 0;
    int aliased = 0;
    for (size_t i = 0; i < tr.n; i++) {
        int how;
        if (!party_find(st, tr.info[i].key, &how))
            return 0;
        aliased |= tr.info[i].naliases > 0;
    }
    return aliased ? from_preamble(st, lo, hi, 0) : 0;
}

/* ------------------------------------------------------------ title */

static int from_title(pstate *st, size_t lo, size_t hi, int add)
{
    const char *f = st->x->flat;
    tok t;
    size_t j = lo;
    while (tok_next(f, j, hi, &t)) {
        j = t.e;
        if (!(core_is(f, &t, "between") || core_is(f, &t, "among")))
            continue;
        /* X AND Y: names separated by "and"/"&" */
        size_t s = t.e;
        for (int k = 0; k < 6; k++) {
            while (s < hi && f[s] == ' ')
                s++;
            size_t e = read_name(f, s, hi);
            if (e <= s)
                break;
            long idx = -1;
            char key[KEY_MAX];
            name_key(f + s, e - s, key, sizeof key);
            int how;
            pct_party *p = party_find(st, key, &how);
            if (p) {
                add_mention(&st->info[p - st->parties], s, e, "party.title.between", SRC_TITLE);
            } else if (add) {
                int error =
                    add_named(st, s, e, e, e, "party", "party.title.between", SRC_TITLE, &idx);
                if (error < 0)
                    return error;
            }
            tok nx;
            if (!tok_next(f, e, hi, &nx) || !(core_is(f, &nx, "and") || core_is(f, &nx, "&") ||
                                              f[e] == ',' || core_is(f, &nx, ",")))
                break;
            s = nx.e;
            if (f[e] == ',') {
                tok n2;
                if (tok_next(f, e + 1, hi, &n2) && core_is(f, &n2, "and"))
                    s = n2.e;
                else
                    s = e + 1;
            }
        }
        break;
    }
    return 0;
}

/* ------------------------------------------------------------ body */

/* "Name, Inc., a Delaware corporation" in [lo, hi): affiliates. */
/* The first parenthesis after a body party's description [from, ...), in
 * the same clause (before a ';' or a sentence's period) and within
 * BODY_ALIAS_MAX bytes: its start, with *end_out just past its ')'; else 0. */
static size_t body_alias_paren(const char *f, size_t from, size_t hi, size_t lo, size_t *end_out)
{
    size_t lim = from + BODY_ALIAS_MAX < hi ? from + BODY_ALIAS_MAX : hi;
    for (size_t k = from; k < lim; k++) {
        if (f[k] == ';')
            return 0;
        if (f[k] == '.') {
            tok w;
            if (!tok_prev(f, lo, k + 1, &w) || !is_entity_word(f, &w))
                return 0;
        }
        if (f[k] == '(') {
            for (size_t z = k + 1; z < hi && z < k + ALIAS_MAX + 20; z++) {
                if (f[z] == '(')
                    return 0;
                if (f[z] == ')') {
                    *end_out = z + 1;
                    return k;
                }
            }
            return 0;
        }
    }
    return 0;
}

/* The first byte of a token whose core can be "a" or "an": the article
 * itself, or an opening '(', '[' or quote (a curly one starts with 0xE2). */
static const unsigned char ARTICLE_START[256] = {['a'] = 1, ['A'] = 1, ['('] = 1,
                                                 ['['] = 1, ['"'] = 1, [0xE2] = 1};

/* The bytes that may follow the "a"/"an" of such a token: a space (the token
 * ends), a period (core_is allows one), or a byte tok_core strips from the
 * end (TRAIL_PUNCT, '"', the 0xE2 of a curly quote). */
static const unsigned char ARTICLE_AFTER[256] = {[' '] = 1, ['.'] = 1, [','] = 1, [';'] = 1,
                                                 [':'] = 1, [')'] = 1, [']'] = 1, [0] = 1,
                                                 ['"'] = 1, [0xE2] = 1};

/* 1 (and *t filled as tok_next fills it) when the token starting at s
 * (before end) has the core "a" or "an" as core_is() reads it. Its first
 * bytes are looked at first, so "and", "any" or "agreement" cost no core. */
static int article_token(const char *f, size_t s, size_t end, tok *t)
{
    if (!ARTICLE_START[(unsigned char)f[s]])
        return 0;
    if ((f[s] | 0x20) == 'a') {
        size_t k = s + 1;
        if (k < end && (f[k] | 0x20) == 'n')
            k++;
        if (k < end && !ARTICLE_AFTER[(unsigned char)f[k]])
            return 0;
    }
    size_t e = s + 1;
    while (e < end && f[e] != ' ')
        e++;
    t->s = s;
    t->e = e;
    tok_core(f, t);
    return core_is(f, t, "a") || core_is(f, t, "an");
}

/* The next token of [j, hi) that from_body() can read as a described
 * party's article: its core is "a" or "an", and the token before it (within
 * [lo, ...)) ends in a comma ("Acme, Inc., a Delaware corporation"). These
 * are the article tokens, in order, a tok_next() walk from j would stop at
 * and find a comma before (a token the walk starts at j itself is never
 * one: j is lo, or follows a type noun's core inside its token). A body has
 * a comma every few dozen bytes, so the walk goes comma to comma (memchr)
 * instead of token by token. */
static int next_comma_article(const char *f, size_t lo, size_t j, size_t hi, tok *t)
{
    if (j >= hi)
        return 0;
    /* a comma right before the spaces that lead to j counts */
    size_t c = j;
    while (c > lo && f[c - 1] == ' ')
        c--;
    if (c > lo)
        c--;
    while (c < hi) {
        const char *p = memchr(f + c, ',', hi - c);
        if (!p)
            return 0;
        size_t s = (size_t)(p - f) + 1;
        c = s;
        if (s >= hi || f[s] != ' ')
            continue;
        while (s < hi && f[s] == ' ')
            s++;
        if (s < hi && s >= j && article_token(f, s, hi, t))
            return 1;
    }
    return 0;
}

static int from_body(pstate *st, size_t lo, size_t hi)
{
    const char *f = st->x->flat;
    tok t;
    size_t j = lo;
    int error = 0;
    while (next_comma_article(f, lo, j, hi, &t)) {
        j = t.e;
        tok pv;
        if (!tok_prev(f, lo, t.s, &pv) || f[pv.e - 1] != ',' || !is_entity_word(f, &pv) ||
            !first_letter_upper(f, &pv))
            continue;
        desc d;
        memset(&d, 0, sizeof d);
        if (!read_article_desc(f, t.e, hi, &d))
            continue;
        /* the name: back from the suffix over capitalised words */
        size_t ne = pv.ce;
        size_t ns = pv.s;
        tok w;
        size_t k = pv.s;
        int words = 1;
        while (words < NAME_WORDS_MAX && tok_prev(f, lo, k, &w)) {
            int up = first_letter_upper(f, &w);
            int conn = !up && core_in(f, &w, NAME_CONNECTORS) && !core_is(f, &w, "and") &&
                       !core_is(f, &w, "the");
            if (!up && !conn)
                break;
            if (f[w.e - 1] == ',') {
                /* a comma only inside "X, Inc." */
                tok nx;
                if (!tok_next(f, w.e, hi, &nx) || !core_in(f, &nx, COMMA_SUFFIX) || nx.s != k)
                    break;
            }
            if (f[w.e - 1] == '.' && !is_entity_word(f, &w) && w.ce - w.cs > 4)
                break;
            if (f[w.e - 1] == ')' || f[w.e - 1] == ';' || f[w.e - 1] == ':')
                break;
            if (open_quote_len(f, w.s, w.e) || f[w.s] == '(')
                break;
            ns = w.s;
            k = w.s;
            words++;
        }
        /* drop leading connectors and sentence-start words */
        for (;;) {
            tok u;
            if (!tok_next(f, ns, ne, &u) || u.e >= ne)
                break;
            if (core_in(f, &u, NAME_CONNECTORS) && !first_letter_upper(f, &u)) {
                ns = u.e + 1;
                continue;
            }
            break;
        }
        if (words < 2 || ne <= ns)
            continue;
        long idx;
        if ((error = add_named(st, ns, ne, 0, 0, "affiliate", "party.body.described", SRC_BODY,
                               &idx)) < 0)
            return error;
        if (idx >= 0) {
            pct_party *p = &st->parties[idx];
            if ((error = set_value(st->x, &p->entity_type, d.type_s, d.type_e,
                                   "party.type.article", 1, 0)) < 0 ||
                (error = set_value(st->x, &p->jurisdiction, d.jur_s, d.jur_e,
                                   "party.jurisdiction.article", 0, 1)) < 0)
                return error;
            /* "Skunkware, Inc., a Delaware corporation and the sole stockholder
             * of Licensor ("Skunkware")": the first parenthesis of the clause */
            size_t pe = 0, ps = body_alias_paren(f, d.type_e, hi, lo, &pe);
            if (ps && (error = read_aliases(st, &st->info[idx], ps, pe)) < 0)
                return error;
        }
        j = d.type_e > j ? d.type_e : j;
    }
    return 0;
}

/* ------------------------------------------------------------ signatures */

static int from_signatures(pstate *st)
{
    pct_xdoc *x = st->x;
    int error = 0;
    if (!x->signatures)
        return 0;
    for (const pct_node *b = x->signatures->first; b; b = b->next) {
        const pct_signature *g = b->sig;
        if (b->type != PCT_NODE_SIGNATURE_BLOCK || !g || !g->entity || !*g->entity)
            continue;
        size_t n = strlen(g->entity);
        char key[KEY_MAX];
        if (name_key(g->entity, n, key, sizeof key) == 0)
            continue;
        int how;
        pct_party *p = party_find(st, key, &how);
        pinfo *in;
        if (!p) {
            /* only names that look like a company or a person's full name */
            tok last = {0, n, 0, n};
            size_t s = n;
            while (s > 0 && g->entity[s - 1] != ' ')
                s--;
            last.s = last.cs = s;
            tok_core(g->entity, &last);
            int company = is_entity_word(g->entity, &last);
            if (!company)
                continue;
            if (!(p = party_new(st, "signatory", &in)))
                return st->n >= PARTIES_MAX ? 0 : pct__err(x->ctx, PCT_ENOMEM, "out of memory");
            memcpy(in->key, key, sizeof key);
            in->name_sig = 1;
            p->name.text = pct_arena__strndup(x->arena, g->entity, n);
            if (!p->name.text)
                return pct__err(x->ctx, PCT_ENOMEM, "out of memory");
            p->name.span = g->entity_span;
            p->name.rule = "party.signature.entity";
        } else {
            in = &st->info[p - st->parties];
        }
        /* a signature spelling is a mention without a flat range */
        if (in->nm < MENTIONS_MAX) {
            mention *m = &in->m[in->nm++];
            m->s = m->e = 0;
            m->rule = "party.signature.entity";
            m->source = SRC_SIGNATURE;
            if (!in->sig_text) {
                in->sig_text = g->entity;
                in->sig_span = g->entity_span;
            }
        }
    }
    (void)error;
    return 0;
}

/* ------------------------------------------------------------ finishing */

/* Lowercase alphanumerics of a spelling, for "same spelling but for case". */
static int same_letters(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0, j = 0;
    for (;;) {
        while (i < an && !(pct__is_alpha((unsigned char)a[i]) ||
                           pct__is_digit((unsigned char)a[i]) || (unsigned char)a[i] >= 0x80))
            i++;
        while (j < bn && !(pct__is_alpha((unsigned char)b[j]) ||
                           pct__is_digit((unsigned char)b[j]) || (unsigned char)b[j] >= 0x80))
            j++;
        if (i >= an || j >= bn)
            return i >= an && j >= bn;
        if (pct__lower((unsigned char)a[i]) != pct__lower((unsigned char)b[j]))
            return 0;
        i++, j++;
    }
}

/* Recases `maj` (a spelling in capitals) word by word after `model` (the
 * preamble spelling) in `out` (strlen(maj) + 1 bytes). Returns NULL when the
 * words do not line up. */
static char *recase(char *out, const char *maj, const char *model)
{
    size_t n = strlen(maj);
    memcpy(out, maj, n + 1);
    const char *p = model;
    size_t i = 0;
    while (i < n) {
        while (i < n && out[i] == ' ')
            i++;
        while (*p == ' ')
            p++;
        if (i >= n || !*p)
            return i >= n && !*p ? out : NULL;
        size_t wn = strcspn(out + i, " "), pn = strcspn(p, " ");
        int first_up = pct__is_upper((unsigned char)p[0]);
        int all_up = 1;
        for (size_t k = 0; k < pn; k++)
            if (pct__is_lower((unsigned char)p[k]))
                all_up = 0;
        if (wn == pn && pct__prefix_ci(out + i, wn, "") && same_letters(out + i, wn, p, pn)) {
            memcpy(out + i, p, wn);
        } else {
            for (size_t k = 0; k < wn; k++) {
                unsigned char c = (unsigned char)out[i + k];
                if (all_up)
                    continue;
                if (k == 0 && first_up)
                    out[i + k] = (char)(pct__is_lower(c) ? c - 32 : c);
                else
                    out[i + k] = (char)pct__lower(c);
            }
        }
        i += wn;
        p += pn;
    }
    while (*p == ' ')
        p++;
    return *p ? NULL : out;
}

static int finish_party(pstate *st, size_t idx)
{
    pct_xdoc *x = st->x;
    pct_party *p = &st->parties[idx];
    pinfo *in = &st->info[idx];
    const char *f = x->flat;
    int error = 0;
    /* distinct spellings (ignoring case and punctuation) with their counts */
    const char *sp[MENTIONS_MAX];
    size_t spn[MENTIONS_MAX];
    int cnt[MENTIONS_MAX];
    pct_span spspan[MENTIONS_MAX];
    const char *sprule[MENTIONS_MAX];
    size_t nsp = 0;
    for (size_t k = 0; k < in->nm; k++) {
        const char *s;
        size_t n;
        pct_span span;
        if (in->m[k].source == SRC_SIGNATURE) {
            s = in->sig_text;
            n = s ? strlen(s) : 0;
            span = in->sig_span;
        } else {
            s = f + in->m[k].s;
            n = in->m[k].e - in->m[k].s;
            span = pct_xdoc__fspan(x, in->m[k].s, in->m[k].e);
        }
        if (!s || !n)
            continue;
        size_t z;
        for (z = 0; z < nsp; z++)
            if (same_letters(sp[z], spn[z], s, n))
                break;
        if (z == nsp) {
            sp[z] = s;
            spn[z] = n;
            cnt[z] = 0;
            spspan[z] = span;
            sprule[z] = in->m[k].rule;
            nsp++;
        }
        cnt[z]++;
    }
    /* the majority spelling; ties keep the first (the preamble's) */
    size_t best = 0;
    for (size_t z = 1; z < nsp; z++)
        if (cnt[z] > cnt[best])
            best = z;
    if (nsp > 1 && best != 0 && p->name.text) {
        char *maj = pct_arena__strndup(x->arena, sp[best], spn[best]);
        if (!maj)
            return pct__err(x->ctx, PCT_ENOMEM, "out of memory");
        /* keep the preamble's case when the majority is written in capitals */
        int caps = 1;
        for (const char *c = maj; *c; c++)
            if (pct__is_lower((unsigned char)*c))
                caps = 0;
        char *buf = caps ? pct_arena__alloc(x->arena, strlen(maj) + 1) : NULL;
        if (caps && !buf)
            return pct__err(x->ctx, PCT_ENOMEM, "out of memory");
        char *rc = caps ? recase(buf, maj, p->name.text) : maj;
        if (rc) {
            size_t old_n = strlen(p->name.text);
            /* the preamble spelling becomes a variant */
            const char *old = p->name.text;
            pct_span old_span = p->name.span;
            p->name.text = rc;
            p->name.span = spspan[best];
            p->name.rule = "party.name.majority";
            sp[0] = old;
            spn[0] = old_n;
            spspan[0] = old_span;
        }
    }
    /* variants: every other spelling that differs in letters, not only case */
    size_t nv = 0;
    pct_mention *v = NULL;
    if (nsp > 1) {
        v = pct_arena__alloc(x->arena, nsp * sizeof *v);
        if (!v)
            return pct__err(x->ctx, PCT_ENOMEM, "out of memory");
        char nkey[KEY_MAX], zkey[KEY_MAX];
        name_key(p->name.text, strlen(p->name.text), nkey, sizeof nkey);
        for (size_t z = 0; z < nsp; z++) {
            /* a spelling variant differs in its words, not only in case,
             * punctuation or a company suffix */
            if (same_letters(sp[z], spn[z], p->name.text, strlen(p->name.text)))
                continue;
            name_key(sp[z], spn[z], zkey, sizeof zkey);
            if (!strcmp(zkey, nkey))
                continue;
            if (!(v[nv].text = pct_arena__strndup(x->arena, sp[z], spn[z])))
                return pct__err(x->ctx, PCT_ENOMEM, "out of memory");
            v[nv].span = spspan[z];
            v[nv].rule = sprule[z] ? sprule[z] : "party.variant";
            nv++;
        }
    }
    p->variants = v;
    p->nvariants = nv;
    p->aliases = in->aliases;
    p->naliases = in->naliases;
    if ((error = entity_form(x, p->name.text, &p->entity_form)) < 0)
        return error;
    return error;
}

int pct_extract__parties(pct_xdoc *x)
{
    pstate st;
    int error = 0;
    memset(&st, 0, sizeof st);
    st.x = x;
    /* 1. preamble (or the head when the tree found no preamble) */
    int found = 0;
    if (x->fpreamble.end > x->fpreamble.start) {
        /* the list may run past a preamble node the tree ended early (at a
         * line break): read on to the recitals, and let list_end() stop it */
        size_t hi = x->fpreamble.start + LIST_MAX;
        if (x->frecitals.start >= x->fpreamble.end && x->frecitals.end > x->frecitals.start &&
            x->frecitals.start < hi)
            hi = x->frecitals.start;
        if (hi < x->fpreamble.end)
            hi = x->fpreamble.end;
        if (hi > x->flat_len)
            hi = x->flat_len;
        if ((found = from_preamble(&st, x->fpreamble.start, hi, 1)) < 0) {
            error = found;
            goto done;
        }
    }
    if (!found) {
        size_t lo = x->ftitle.end > x->ftitle.start ? x->ftitle.start : 0;
        size_t hi = lo + HEAD_NO_PREAMBLE < x->flat_len ? lo + HEAD_NO_PREAMBLE : x->flat_len;
        if (x->fbody.start > lo + 200 && x->fbody.start < hi)
            hi = x->fbody.start;
        if ((found = from_preamble(&st, lo, hi, 0)) < 0) {
            error = found;
            goto done;
        }
        /* "CONSULTING AGREEMENT / Acme Inc., with a place of business at ... ("Acme")
         * and ... agree": the list right after the title */
        if (!found && x->ftitle.end > x->ftitle.start &&
            (found = from_preamble(&st, x->ftitle.end, hi, 1)) < 0) {
            error = found;
            goto done;
        }
    }
    /* a cover page's parties, restated with their aliases after it */
    if (found > 0 && (error = from_restated(&st, x->fpreamble.end > x->fpreamble.start
                                                      ? x->fpreamble.end
                                                      : x->ftitle.end)) < 0)
        goto done;
    /* 2. title: "BETWEEN X AND Y" */
    {
        size_t lo = x->ftitle.end > x->ftitle.start ? x->ftitle.start : 0;
        size_t hi = x->ftitle.end > x->ftitle.start ? x->ftitle.end : 0;
        if (hi > lo && (error = from_title(&st, lo, hi, st.n == 0)) < 0)
            goto done;
    }
    /* 3. body */
    if (x->fbody.end > x->fbody.start && (error = from_body(&st, x->fbody.start, x->fbody.end)) < 0)
        goto done;
    /* also the recitals (amendments add parties there too) */
    if (x->frecitals.end > x->frecitals.start &&
        (error = from_body(&st, x->frecitals.start, x->frecitals.end)) < 0)
        goto done;
    /* 4. signatures */
    if ((error = from_signatures(&st)) < 0)
        goto done;
    for (size_t i = 0; i < st.n; i++)
        if ((error = finish_party(&st, i)) < 0)
            goto done;
    x->out->parties = st.parties;
    x->out->nparties = st.n;
done:
    return error;
}
