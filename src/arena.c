/*
 * arena.c - the bump allocator behind every document, plus the growable
 * buffer and vector used while building.
 *
 * An arena is a list of chunks; allocations are 16-byte aligned and zeroed.
 * A request larger than a quarter chunk gets its own chunk, so waste stays
 * bounded. With PCT_DEBUG_ARENA every allocation is a separate chunk, so
 * AddressSanitizer sees each one's bounds.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

#define ARENA_CHUNK (64 * 1024) /* bytes of a regular chunk */
#define ARENA_ALIGN 16

typedef struct chunk {
    struct chunk *next;
    size_t size; /* bytes of payload after the header */
    size_t used;
    max_align_t data[];
} chunk;

struct pct_arena {
    pct_ctx *ctx;
    chunk *head;
};

pct_arena *pct_arena__new(pct_ctx *ctx)
{
    pct_arena *a = pct__malloc(ctx, sizeof *a);
    if (!a)
        return NULL;
    a->ctx = ctx;
    a->head = NULL;
    return a;
}

void pct_arena__free(pct_arena *a)
{
    if (!a)
        return;
    chunk *c = a->head;
    while (c) {
        chunk *n = c->next;
        pct__free(a->ctx, c, sizeof *c + c->size);
        c = n;
    }
    pct__free(a->ctx, a, sizeof *a);
}

static chunk *new_chunk(pct_arena *a, size_t size)
{
    chunk *c = pct__malloc(a->ctx, sizeof *c + size);
    if (!c)
        return NULL;
    c->size = size;
    c->used = 0;
    return c;
}

void *pct_arena__alloc(pct_arena *a, size_t size)
{
    size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (size == 0)
        size = ARENA_ALIGN;
#ifdef PCT_DEBUG_ARENA
    chunk *c = new_chunk(a, size);
    if (!c)
        return NULL;
    c->next = a->head;
    a->head = c;
    c->used = size;
    memset(c->data, 0, size);
    return c->data;
#else
    chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        if (size > ARENA_CHUNK / 4) {
            /* A big block gets its own chunk, linked behind the current one so
             * the current chunk's free space is not abandoned. */
            chunk *big = new_chunk(a, size);
            if (!big)
                return NULL;
            big->used = size;
            if (c) {
                big->next = c->next;
                c->next = big;
            } else {
                big->next = NULL;
                a->head = big;
            }
            memset(big->data, 0, size);
            return big->data;
        }
        c = new_chunk(a, ARENA_CHUNK);
        if (!c)
            return NULL;
        c->next = a->head;
        a->head = c;
    }
    void *p = (char *)c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
#endif
}

char *pct_arena__strndup(pct_arena *a, const char *s, size_t len)
{
    char *p = pct_arena__alloc(a, len + 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *pct_arena__printf(pct_arena *a, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = n < 0 ? NULL : pct_arena__alloc(a, (size_t)n + 1);
    if (p)
        vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}

/* ------------------------------------------------------------ buffer */

void pct_buf__init(pct_buf *b, pct_ctx *ctx)
{
    memset(b, 0, sizeof *b);
    b->ctx = ctx;
}

static int buf_grow(pct_buf *b, size_t need)
{
    if (b->failed)
        return PCT_ENOMEM;
    if (b->len + need + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + need + 1)
        cap *= 2;
    char *p = pct__realloc(b->ctx, b->data, b->cap, cap);
    if (!p) {
        b->failed = 1;
        return PCT_ENOMEM;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

int pct_buf__put(pct_buf *b, const char *s, size_t n)
{
    if (buf_grow(b, n) < 0)
        return PCT_ENOMEM;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int pct_buf__puts(pct_buf *b, const char *s) { return pct_buf__put(b, s, strlen(s)); }
int pct_buf__putc(pct_buf *b, char c) { return pct_buf__put(b, &c, 1); }

int pct_buf__printf(pct_buf *b, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || buf_grow(b, (size_t)n) < 0) {
        va_end(ap2);
        return PCT_ENOMEM;
    }
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
    return 0;
}

void pct_buf__free(pct_buf *b)
{
    pct__free(b->ctx, b->data, b->cap);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* ------------------------------------------------------------ vector */

void pct_vec__init(pct_vec *v, pct_ctx *ctx, size_t elem)
{
    memset(v, 0, sizeof *v);
    v->ctx = ctx;
    v->elem = elem;
}

void *pct_vec__push(pct_vec *v)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        void *p = pct__realloc(v->ctx, v->data, v->cap * v->elem, cap * v->elem);
        if (!p)
            return NULL;
        v->data = p;
        v->cap = cap;
    }
    void *e = (char *)v->data + v->len * v->elem;
    memset(e, 0, v->elem);
    v->len++;
    return e;
}

void pct_vec__free(pct_vec *v)
{
    pct__free(v->ctx, v->data, v->cap * v->elem);
    v->data = NULL;
    v->len = v->cap = 0;
}

/* ------------------------------------------------------------ strings */

/* pct__is_space as a table, built at compile time */
#define SPACE_BYTE(c)                                                                          \
    ((c) == ' ' || (c) == '\t' || (c) == '\f' || (c) == '\v' || (c) == '\r' || (c) == '\n')
#define SPACE_BYTE4(c) SPACE_BYTE(c), SPACE_BYTE((c) + 1), SPACE_BYTE((c) + 2), SPACE_BYTE((c) + 3)
#define SPACE_BYTE16(c)                                                                        \
    SPACE_BYTE4(c), SPACE_BYTE4((c) + 4), SPACE_BYTE4((c) + 8), SPACE_BYTE4((c) + 12)
#define SPACE_BYTE64(c)                                                                        \
    SPACE_BYTE16(c), SPACE_BYTE16((c) + 16), SPACE_BYTE16((c) + 32), SPACE_BYTE16((c) + 48)
const unsigned char pct__space_byte[256] = {SPACE_BYTE64(0), SPACE_BYTE64(64), SPACE_BYTE64(128),
                                            SPACE_BYTE64(192)};

int pct__prefix_ci(const char *s, size_t n, const char *lit)
{
    size_t i = 0;
    for (; lit[i]; i++)
        if (i >= n || pct__lower((unsigned char)s[i]) != pct__lower((unsigned char)lit[i]))
            return 0;
    return 1;
}

size_t pct__prefix_ws(const char *s, size_t n, const char *lit)
{
    size_t i = 0;
    for (size_t k = 0; lit[k]; k++) {
        if (lit[k] == ' ') {
            if (i >= n || (s[i] != ' ' && s[i] != '\t'))
                return 0;
            while (i < n && (s[i] == ' ' || s[i] == '\t'))
                i++;
            continue;
        }
        if (i >= n || pct__lower((unsigned char)s[i]) != pct__lower((unsigned char)lit[k]))
            return 0;
        i++;
    }
    return i;
}

long pct__find_ci(const char *s, size_t n, const char *lit)
{
    size_t m = strlen(lit);
    if (m == 0)
        return 0;
    unsigned char f = pct__lower((unsigned char)lit[0]);
    for (size_t i = 0; i + m <= n; i++)
        if (pct__lower((unsigned char)s[i]) == f && pct__prefix_ci(s + i, n - i, lit))
            return (long)i;
    return -1;
}

int pct__has_any_ci(const char *s, size_t n, const char *const *words)
{
    uint8_t head[256] = {0};        /* 1 + the first word opening with a byte; 0: none */
    uint8_t next[PCT_ANY_WORDS_MAX]; /* 1 + the next word with the same first byte */
    for (int k = 0; words[k] && k < PCT_ANY_WORDS_MAX; k++) {
        unsigned char f = pct__lower((unsigned char)words[k][0]);
        next[k] = head[f];
        head[f] = (uint8_t)(k + 1);
    }
    for (size_t i = 0; i < n; i++) {
        for (int h = head[pct__lower((unsigned char)s[i])]; h; h = next[h - 1]) {
            const char *w = words[h - 1];
            /* the second byte here, the rest in the call */
            if (w[1] && (i + 1 >= n || pct__lower((unsigned char)s[i + 1]) !=
                                           pct__lower((unsigned char)w[1])))
                continue;
            if (pct__prefix_ci(s + i, n - i, w))
                return 1;
        }
    }
    return 0;
}
