/*
 * xt_index.c - the word-start index behind the text helpers (see
 * xt_index.h for what it answers and when it declines).
 *
 * Approach: one tokenising pass counts the words under each key in an
 * open-addressing hash (keys packed 6 bits a letter, table grown by
 * doubling in the arena), the counts become each key's first slot in one
 * offset array, and a second pass files every word start there, so each
 * key's offsets come out sorted without a sort. A search binary-searches
 * `from` in its key's offsets and tries pct_xt__match_word (the scan's own
 * matcher) on each offset below `hi`.
 * Invariants: every word start of the text is filed exactly once, under the
 * key its first PCT_XT_INDEX_KEY bytes give; the table is at most half full;
 * a search reads only the bytes the scan it replaces would read.
 */
#include "xt_index.h"
#include "extract_text.h"

#include <string.h>

#define TABLE_MIN 256        /* initial hash slots (a power of two) */
#define KEY_BITS 6           /* bits a key letter takes: codes 1..36, 0 = no letter */
#define HASH_MUL 0x9E3779B1u /* Fibonacci hashing */

_Static_assert(PCT_XT_INDEX_KEY * KEY_BITS <= 32, "a key must fit 32 bits");

typedef struct slot {
    uint32_t key;   /* 0 = empty (a key has at least one letter, coded >= 1) */
    uint32_t start; /* its first offset in off[] */
    uint32_t n;     /* its offsets */
} slot;

struct pct_xt_index {
    const char *text;
    size_t len;
    slot *tab;
    size_t cap;      /* slots, a power of two */
    size_t nkeys;
    uint32_t *off;   /* word starts grouped by key, increasing within a key */
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

/* The key of the next word at or after *i in t[0, len) (0 when none): it
 * starts at *start_out, and *i moves past it. */
static uint32_t next_word(const unsigned char *t, size_t len, size_t *i, size_t *start_out)
{
    size_t p = *i;
    while (p < len && !code[t[p]])
        p++;
    *start_out = p;
    uint32_t key = 0;
    size_t e = len - p > PCT_XT_INDEX_KEY ? p + PCT_XT_INDEX_KEY : len;
    for (; p < e && code[t[p]]; p++)
        key = (key << KEY_BITS) | code[t[p]];
    while (p < len && code[t[p]])
        p++;
    *i = p;
    return key;
}

static size_t hash(uint32_t key, size_t cap)
{
    uint32_t h = key * HASH_MUL;
    return (size_t)(h ^ (h >> 15)) & (cap - 1);
}

static slot *lookup(const pct_xt_index *ix, uint32_t key)
{
    for (size_t i = hash(key, ix->cap);; i = (i + 1) & (ix->cap - 1)) {
        slot *s = &ix->tab[i];
        if (s->key == key)
            return s;
        if (s->key == 0)
            return NULL;
    }
}

/* Doubles the table (the old one stays in the arena: the waste is below the final size). */
static int grow(pct_xt_index *ix, pct_arena *arena)
{
    size_t cap = ix->cap * 2;
    slot *tab = pct_arena__alloc(arena, cap * sizeof *tab);
    if (!tab)
        return PCT_ENOMEM;
    for (size_t i = 0; i < ix->cap; i++) {
        if (!ix->tab[i].key)
            continue;
        size_t j = hash(ix->tab[i].key, cap);
        while (tab[j].key)
            j = (j + 1) & (cap - 1);
        tab[j] = ix->tab[i];
    }
    ix->tab = tab;
    ix->cap = cap;
    return 0;
}

/* The slot of `key`, inserted (empty) when new; NULL on OOM. */
static slot *insert(pct_xt_index *ix, pct_arena *arena, uint32_t key)
{
    slot *s = lookup(ix, key);
    if (s)
        return s;
    if ((ix->nkeys + 1) * 2 > ix->cap && grow(ix, arena) < 0)
        return NULL;
    size_t i = hash(key, ix->cap);
    while (ix->tab[i].key)
        i = (i + 1) & (ix->cap - 1);
    ix->tab[i].key = key;
    ix->nkeys++;
    return &ix->tab[i];
}

int pct_xt__index_build(pct_xt_index **out, pct_ctx *ctx, pct_arena *arena, const char *text,
                        size_t len)
{
    const unsigned char *t = (const unsigned char *)text;
    pct_xt_index *ix = NULL;
    int error = 0;
    *out = NULL;
    if (len >= UINT32_MAX)
        goto done; /* offsets are 32-bit: the helpers scan such a text */
    ix = pct_arena__alloc(arena, sizeof *ix);
    if (!ix || !(ix->tab = pct_arena__alloc(arena, TABLE_MIN * sizeof *ix->tab))) {
        error = pct__err(ctx, PCT_ENOMEM, "out of memory");
        goto done;
    }
    ix->text = text;
    ix->len = len;
    ix->cap = TABLE_MIN;
    /* pass 1: count the words of each key */
    for (size_t i = 0, at; i < len;) {
        uint32_t key = next_word(t, len, &i, &at);
        if (!key)
            break;
        slot *s = insert(ix, arena, key);
        if (!s) {
            error = pct__err(ctx, PCT_ENOMEM, "out of memory");
            goto done;
        }
        s->n++;
        ix->nwords++;
    }
    /* each key's first slot; n counts again as the words are filed */
    uint32_t run = 0;
    for (size_t i = 0; i < ix->cap; i++) {
        if (!ix->tab[i].key)
            continue;
        ix->tab[i].start = run;
        run += ix->tab[i].n;
        ix->tab[i].n = 0;
    }
    ix->off = pct_arena__alloc(arena, (ix->nwords ? ix->nwords : 1) * sizeof *ix->off);
    if (!ix->off) {
        error = pct__err(ctx, PCT_ENOMEM, "out of memory");
        goto done;
    }
    /* pass 2: file the word starts in text order */
    for (size_t i = 0, at; i < len;) {
        uint32_t key = next_word(t, len, &i, &at);
        if (!key)
            break;
        slot *s = lookup(ix, key);
        ix->off[s->start + s->n++] = (uint32_t)at;
    }
    *out = ix;
done:
    return error;
}

size_t pct_xt__index_words(const pct_xt_index *ix) { return ix ? ix->nwords : 0; }

/* The key a pattern's matches are filed under, or 0 when the index cannot
 * answer for it (see xt_index.h). A first word of PCT_XT_INDEX_KEY letters
 * or more fixes the text word's key. A shorter one fixes it only when the
 * match must end the text word right there: the pattern goes on with a byte
 * that matches no letter or digit (a quote, punctuation, or a space that is
 * required because a word follows it). */
static uint32_t pattern_key(const char *pat)
{
    const unsigned char *p = (const unsigned char *)pat;
    uint32_t key = 0;
    size_t l = 0;
    for (; l < PCT_XT_INDEX_KEY && code[p[l]]; l++)
        key = (key << KEY_BITS) | code[p[l]];
    if (l == 0)
        return 0; /* the first byte is not a letter or digit */
    if (l < PCT_XT_INDEX_KEY) {
        unsigned char c = p[l];
        if (c == '\0' || (c == '*' && p[l + 1] == '\0') || (c == ' ' && !is_word(p[l + 1])))
            return 0;
    }
    return key;
}

/* The offsets of key `key`: *n_out of them at the returned pointer. */
static const uint32_t *offsets(const pct_xt_index *ix, uint32_t key, size_t *n_out)
{
    const slot *s = lookup(ix, key);
    *n_out = s ? s->n : 0;
    return s ? ix->off + s->start : NULL;
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
    uint32_t key = pattern_key(pat);
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
    size_t n;
    const uint32_t *v = offsets(ix, key, &n);
    for (size_t j = v ? lower_bound(v, n, from) : n; j < n && v[j] < hi; j++) {
        if (pct_xt__match_word(text, from, v[j], hi, pat)) {
            *at_out = v[j];
            break;
        }
    }
    return 1;
}

int pct_xt__index_rfind(const pct_xt_index *ix, const char *text, size_t lo, size_t to,
                        const char *pat, size_t *at_out)
{
    if (!ix || text != ix->text || to > ix->len)
        return 0;
    uint32_t key = pattern_key(pat);
    if (!key)
        return 0;
    *at_out = (size_t)-1;
    if (lo >= to)
        return 1;
    size_t n;
    const uint32_t *v = offsets(ix, key, &n);
    for (size_t j = v ? lower_bound(v, n, to) : 0; j > 0 && v[j - 1] >= lo; j--) {
        if (pct_xt__match_word(text, lo, v[j - 1], to, pat)) {
            *at_out = v[j - 1];
            return 1;
        }
    }
    if (mid_word((const unsigned char *)text, lo) && pct_xt__match_word(text, lo, lo, to, pat))
        *at_out = lo;
    return 1;
}
