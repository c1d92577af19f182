/*
 * xt_index.c - the word-start index behind the text helpers (see
 * xt_index.h for what it answers and when it declines).
 *
 * Approach: ONE tokenising pass over the text gives every word start its
 * key (the first PCT_XT_INDEX_KEY letters packed 6 bits each) and files
 * the pair (key id, offset) in two temporary arrays; the key ids come from
 * an open-addressing hash (Fibonacci hashing, grown by doubling) that maps
 * each key to a dense id with its count. A counting sort by id then writes
 * the offsets grouped by key into one array, each key's in text order (the
 * pairs are visited in text order). A search looks its pattern's key up,
 * finds the first offset >= `from` by galloping from the key's cursor (the
 * place the previous search of that key stopped: callers walk a document
 * forwards, sentence by sentence, so this is usually a step or two) and
 * matches each offset below `hi` with pct_xt__match_word_rest, which skips
 * the key letters the index already compared.
 *
 * The tokenising loops need no bound test: a word before the text's last
 * word is followed by a non-word byte, and a non-word run before it by a
 * word byte, so only the last word is read with bounds.
 *
 * Invariants: every word start of the text is filed exactly once, under the
 * key its first PCT_XT_INDEX_KEY bytes give; the table is at most half full;
 * a search reads only the bytes the scan it replaces would read. The key
 * cursors are the only state a search changes: they are hints (any value in
 * [0, n] gives the same answers), and an index belongs to one document's
 * extraction, which runs on one thread (extract.c), so they need no lock.
 */
#include "xt_index.h"
#include "extract_text.h"

#include <string.h>

#define TABLE_MIN 256         /* least hash slots (a power of two) */
#define TABLE_BYTES 32        /* text bytes per initial hash slot: a contract of n bytes has
                                 about n / 90 distinct keys, so the table seldom grows */
#define TABLE_START_MAX 65536 /* most initial slots */
#define WORD_BYTES 4          /* text bytes per word first reserved (English averages 6) */
#define KEY_BITS 6            /* bits a key letter takes: codes 1..36, 0 = no letter */
#define HASH_MUL 0x9E3779B1u  /* Fibonacci hashing: the top bits of key * 2^32 / phi */

_Static_assert(PCT_XT_INDEX_KEY * KEY_BITS <= 32, "a key must fit 32 bits");

typedef struct hslot {
    uint32_t key; /* 0 = empty (a key has at least one letter, coded >= 1) */
    uint32_t id;  /* its entry in keys[] */
} hslot;

typedef struct kinfo {
    uint32_t start; /* its first offset in off[] */
    uint32_t n;     /* its offsets */
    uint32_t cur;   /* where the last search of this key stopped, in [0, n]: a hint */
} kinfo;

struct pct_xt_index {
    const char *text;
    size_t len;
    hslot *tab;
    size_t cap;    /* slots, a power of two */
    unsigned shift; /* 32 - log2(cap) */
    kinfo *keys;   /* cap / 2 entries, nkeys used */
    size_t nkeys;
    uint32_t *off; /* word starts grouped by key, increasing within a key */
    size_t nwords;
};

/* The key code of each byte: 1..10 for digits, 11..36 for letters (either
 * case), 0 for the bytes that are not part of a word. */
#define L(c) [c] = c - 'a' + 11, [c - 'a' + 'A'] = c - 'a' + 11
static const unsigned char code[256] = {
    ['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7, ['7'] = 8,
    ['8'] = 9, ['9'] = 10, L('a'), L('b'), L('c'), L('d'), L('e'), L('f'), L('g'), L('h'),
    L('i'), L('j'), L('k'), L('l'), L('m'), L('n'), L('o'), L('p'), L('q'), L('r'), L('s'),
    L('t'), L('u'), L('v'), L('w'), L('x'), L('y'), L('z')};
#undef L

static int is_word(unsigned char c) { return code[c] != 0; }

/* The slot of `key` in a table of 2^(32 - shift) slots. */
static size_t hash(uint32_t key, unsigned shift)
{
    return (size_t)((key * HASH_MUL) >> shift);
}

/* The entry of `key`, or NULL. Through a const index the entry is still
 * writable: a search moves its cursor (see the invariants above). */
static kinfo *lookup(const pct_xt_index *ix, uint32_t key)
{
    for (size_t i = hash(key, ix->shift);; i = (i + 1) & (ix->cap - 1)) {
        const hslot *s = &ix->tab[i];
        if (s->key == key)
            return &ix->keys[s->id];
        if (s->key == 0)
            return NULL;
    }
}

/* Doubles the table and the key array (the old ones stay in the arena: the
 * waste is below the final size). */
static int grow(pct_xt_index *ix, pct_arena *arena)
{
    size_t cap = ix->cap * 2;
    unsigned shift = ix->shift - 1;
    hslot *tab = pct_arena__alloc(arena, cap * sizeof *tab);
    kinfo *keys = pct_arena__alloc(arena, cap / 2 * sizeof *keys);
    if (!tab || !keys)
        return PCT_ENOMEM;
    for (size_t i = 0; i < ix->cap; i++) {
        if (!ix->tab[i].key)
            continue;
        size_t j = hash(ix->tab[i].key, shift);
        while (tab[j].key)
            j = (j + 1) & (cap - 1);
        tab[j] = ix->tab[i];
    }
    memcpy(keys, ix->keys, ix->nkeys * sizeof *keys);
    ix->tab = tab;
    ix->keys = keys;
    ix->cap = cap;
    ix->shift = shift;
    return 0;
}

/* The id of `key`, which the table does not hold yet (the probe for it
 * ended at the empty slot i); -1 on OOM. Out of line: few words bring a
 * new key. */
static long new_key(pct_xt_index *ix, pct_arena *arena, uint32_t key, size_t i)
{
    if ((ix->nkeys + 1) * 2 > ix->cap) {
        if (grow(ix, arena) < 0)
            return -1;
        for (i = hash(key, ix->shift); ix->tab[i].key; i = (i + 1) & (ix->cap - 1))
            ;
    }
    ix->tab[i].key = key;
    ix->tab[i].id = (uint32_t)ix->nkeys;
    return (long)ix->nkeys++;
}

/* The temporary (key id, offset) pairs of the tokenising pass, in text order. */
typedef struct pair {
    uint32_t id, at;
} pair;

typedef struct pairs {
    pair *v;
    size_t n, cap;
} pairs;

/* Doubles the pairs' room. Out of line: rare (the first room fits most texts). */
static int pairs_grow(pairs *pr, pct_ctx *ctx)
{
    pair *v = pct__realloc(ctx, pr->v, pr->cap * sizeof *v, 2 * pr->cap * sizeof *v);
    if (!v)
        return PCT_ENOMEM;
    pr->v = v;
    pr->cap *= 2;
    return 0;
}

/* Files the word of key `key` at `at`: the per-word step of the pass. */
static inline int file_word(pct_xt_index *ix, pct_arena *arena, pct_ctx *ctx, pairs *pr,
                            uint32_t key, size_t at)
{
    size_t i = hash(key, ix->shift);
    long id;
    for (;; i = (i + 1) & (ix->cap - 1)) {
        if (ix->tab[i].key == key) {
            id = ix->tab[i].id;
            break;
        }
        if (ix->tab[i].key == 0) {
            if ((id = new_key(ix, arena, key, i)) < 0)
                return PCT_ENOMEM;
            break;
        }
    }
    ix->keys[id].n++;
    if (pr->n == pr->cap && pairs_grow(pr, ctx) < 0)
        return PCT_ENOMEM;
    pr->v[pr->n].id = (uint32_t)id;
    pr->v[pr->n++].at = (uint32_t)at;
    return 0;
}

int pct_xt__index_build(pct_xt_index **out, pct_ctx *ctx, pct_arena *arena, const char *text,
                        size_t len)
{
    const unsigned char *t = (const unsigned char *)text;
    pct_xt_index *ix = NULL;
    pairs pr = {NULL, 0, 0};
    int error = 0;
    *out = NULL;
    if (len >= UINT32_MAX)
        goto done; /* offsets are 32-bit: the helpers scan such a text */
    size_t cap = TABLE_MIN;
    unsigned shift = 32 - 8;
    _Static_assert(TABLE_MIN == 1 << 8, "the shift of TABLE_MIN slots");
    while (cap < len / TABLE_BYTES && cap < TABLE_START_MAX) {
        cap *= 2;
        shift--;
    }
    ix = pct_arena__alloc(arena, sizeof *ix);
    if (!ix || !(ix->tab = pct_arena__alloc(arena, cap * sizeof *ix->tab)) ||
        !(ix->keys = pct_arena__alloc(arena, cap / 2 * sizeof *ix->keys)))
        goto oom;
    ix->text = text;
    ix->len = len;
    ix->cap = cap;
    ix->shift = shift;
    pr.cap = len / WORD_BYTES + 16;
    if (!(pr.v = pct__malloc(ctx, pr.cap * sizeof *pr.v)))
        goto oom;
    /* the last word [last, end): the loops below stop before it without bound tests */
    size_t end = len;
    while (end > 0 && !code[t[end - 1]])
        end--;
    size_t last = end;
    while (last > 0 && code[t[last - 1]])
        last--;
    if (end > 0) {
        size_t p = 0;
        while (!code[t[p]]) /* stops at `last` at the latest */
            p++;
        while (p < last) {
            /* the key of the word at p, unrolled (reads stop at the word's end) */
            _Static_assert(PCT_XT_INDEX_KEY == 4, "the unrolled key reads four letters");
            size_t at = p;
            uint32_t key = code[t[p]], c;
            if (!(c = code[t[p + 1]])) {
                p += 1;
            } else if (key = (key << KEY_BITS) | c, !(c = code[t[p + 2]])) {
                p += 2;
            } else if (key = (key << KEY_BITS) | c, !(c = code[t[p + 3]])) {
                p += 3;
            } else {
                key = (key << KEY_BITS) | c;
                p += 4;
                while (code[t[p]]) /* a non-word byte precedes `last` */
                    p++;
            }
            while (!code[t[p]]) /* a word byte: `last` at the latest */
                p++;
            if (file_word(ix, arena, ctx, &pr, key, at) < 0)
                goto oom;
        }
        uint32_t key = 0;
        for (size_t q = last; q < end && q < last + PCT_XT_INDEX_KEY; q++)
            key = (key << KEY_BITS) | code[t[q]];
        if (file_word(ix, arena, ctx, &pr, key, last) < 0)
            goto oom;
    }
    ix->nwords = pr.n;
    /* the counting sort: each key's first slot, the scatter (start moves
     * past the key's offsets as they are filed), then start back */
    uint32_t run = 0;
    for (size_t k = 0; k < ix->nkeys; k++) {
        ix->keys[k].start = run;
        run += ix->keys[k].n;
    }
    uint32_t *off = pct_arena__alloc(arena, (pr.n ? pr.n : 1) * sizeof *off);
    if (!(ix->off = off))
        goto oom;
    kinfo *keys = ix->keys;
    for (const pair *w = pr.v, *we = pr.v + pr.n; w < we; w++)
        off[keys[w->id].start++] = w->at;
    for (size_t k = 0; k < ix->nkeys; k++)
        keys[k].start -= keys[k].n;
    *out = ix;
    goto done;
oom:
    error = pct__err(ctx, PCT_ENOMEM, "out of memory");
done:
    pct__free(ctx, pr.v, pr.cap * sizeof *pr.v);
    return error;
}

size_t pct_xt__index_words(const pct_xt_index *ix) { return ix ? ix->nwords : 0; }

/* The key a pattern's matches are filed under, or 0 when the index cannot
 * answer for it (see xt_index.h); *known_out is how many of its first bytes
 * the key fixes. A first word of PCT_XT_INDEX_KEY letters or more fixes the
 * text word's key. A shorter one fixes it only when the match must end the
 * text word right there: the pattern goes on with a byte that matches no
 * letter or digit (a quote, punctuation, or a space that is required
 * because a word follows it). */
static inline uint32_t pattern_key(const char *pat, size_t *known_out)
{
    const unsigned char *p = (const unsigned char *)pat;
    uint32_t key = code[p[0]], k;
    size_t l;
    /* unrolled like the build's key (a NUL ends the pattern: code 0) */
    if (!key)
        return 0; /* the first byte is not a letter or digit */
    if (!(k = code[p[1]]))
        l = 1;
    else if (key = (key << KEY_BITS) | k, !(k = code[p[2]]))
        l = 2;
    else if (key = (key << KEY_BITS) | k, !(k = code[p[3]]))
        l = 3;
    else
        key = (key << KEY_BITS) | k, l = 4;
    if (l < PCT_XT_INDEX_KEY) {
        unsigned char c = p[l];
        if (c == '\0' || (c == '*' && p[l + 1] == '\0') || (c == ' ' && !is_word(p[l + 1])))
            return 0;
    }
    *known_out = l;
    return key;
}

/* The first index j in v[0, n) with v[j] >= x (n when none). */
static size_t lower_bound(const uint32_t *v, size_t n, size_t x)
{
    size_t a = 0, b = n;
    while (a < b) {
        size_t m = a + (b - a) / 2;
        if (v[m] < x)
            a = m + 1;
        else
            b = m;
    }
    return a;
}

/* lower_bound(v, n, x), galloping from the hint j (in [0, n]): a few steps
 * when x is near v[j], a binary search's worth at worst. */
static size_t seek(const uint32_t *v, size_t n, size_t j, size_t x)
{
    if (j < n && v[j] < x) { /* forwards: the answer is in (j, n] */
        size_t a = j + 1, b = a, step = 1; /* v[a - 1] < x */
        while (b < n && v[b] < x) {
            a = b + 1;
            b = a + step;
            step *= 2;
        }
        if (b > n)
            b = n;
        return a + lower_bound(v + a, b - a, x); /* v[b] >= x or b == n */
    }
    if (j > 0 && v[j - 1] >= x) { /* backwards: the answer is in [0, j) */
        size_t b = j - 1, step = 1; /* v[b] >= x */
        for (;;) {
            if (b == 0)
                return 0;
            size_t a = b > step ? b - step : 0;
            if (v[a] < x)
                return a + 1 + lower_bound(v + a + 1, b - a - 1, x);
            b = a;
            step *= 2;
        }
    }
    return j; /* v[j - 1] < x <= v[j] */
}

/* 1 when i sits inside a word: the scans also try a match there when i is
 * the bound they were given, and such an offset is not filed. */
static int mid_word(const unsigned char *t, size_t i)
{
    return i > 0 && is_word(t[i - 1]) && is_word(t[i]);
}

int pct_xt__index_find(const pct_xt_index *ix, const char *text, size_t from, size_t hi,
                       const char *pat, size_t *at_out)
{
    if (!ix || text != ix->text || hi > ix->len)
        return 0;
    size_t known;
    uint32_t key = pattern_key(pat, &known);
    if (!key)
        return 0;
    *at_out = hi;
    if (from >= hi)
        return 1;
    if (mid_word((const unsigned char *)text, from) &&
        pct_xt__match_word(text, from, from, hi, pat)) {
        *at_out = from;
        return 1;
    }
    kinfo *k = lookup(ix, key);
    if (!k)
        return 1;
    const uint32_t *v = ix->off + k->start;
    size_t n = k->n, j = seek(v, n, k->cur, from);
    /* every v[j] >= from is a word start whose first `known` bytes are the
     * pattern's (the key says so), as pct_xt__match_word_rest requires */
    for (; j < n && v[j] < hi; j++) {
        if (v[j] + known <= hi && pct_xt__match_word_rest(text, v[j], hi, pat, known)) {
            *at_out = v[j];
            break;
        }
    }
    k->cur = (uint32_t)j;
    return 1;
}

int pct_xt__index_rfind(const pct_xt_index *ix, const char *text, size_t lo, size_t to,
                        const char *pat, size_t *at_out)
{
    if (!ix || text != ix->text || to > ix->len)
        return 0;
    size_t known;
    uint32_t key = pattern_key(pat, &known);
    if (!key)
        return 0;
    *at_out = (size_t)-1;
    if (lo >= to)
        return 1;
    const kinfo *k = lookup(ix, key);
    if (k) {
        const uint32_t *v = ix->off + k->start;
        for (size_t j = seek(v, k->n, k->cur, to); j > 0 && v[j - 1] >= lo; j--) {
            if (v[j - 1] + known <= to &&
                pct_xt__match_word_rest(text, v[j - 1], to, pat, known)) {
                *at_out = v[j - 1];
                return 1;
            }
        }
    }
    if (mid_word((const unsigned char *)text, lo) && pct_xt__match_word(text, lo, lo, to, pat))
        *at_out = lo;
    return 1;
}
