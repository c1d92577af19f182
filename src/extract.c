/*
 * extract.c - pct_extract(): the facts of every document of a parsed file.
 *
 * Approach: for each DOCUMENT child of the file node, build one pct_xdoc:
 * the document's parts (title, preamble, signatures) and its "flat" text, a
 * copy of the document with layout artefact lines dropped and white space
 * folded, with a map from each flat byte back to its TEXT offset. Then run
 * the extractors in a fixed order (name, parties, terms, dates, term, law);
 * each fills its fields of the pct_docfacts and may read earlier ones.
 *
 * The flat text is built line by line; within a line, chunks of eight bytes
 * that fold to themselves (no white space but lone ' ' between other bytes)
 * are copied whole with their map counted up (plain_chunk), and the rest
 * goes byte by byte; both give the same text and map.
 *
 * Invariants: every string and array of the facts lives in the facts' arena;
 * the flat text, its map and the index of its word starts (xt_index.h, in a
 * scratch arena) are temporary (freed after each document), so memory is
 * bounded by the facts plus five bytes per byte of the largest document
 * and about sixteen per word of its index (eight of them only while it is
 * built). Every span in the facts is in ORIGINAL offsets.
 */
#include "extract.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define FLAT_MAX_BYTES ((size_t)UINT32_MAX - 1) /* fmap holds 32-bit TEXT offsets */

struct pct_facts {
    pct_ctx *ctx;
    const pct_doc *doc;
    pct_arena *arena;
    pct_docfacts *docs;
    size_t ndocs;
};

/* ------------------------------------------------------------ flat text */

/* Index of the first line whose end is after `off` (lines are sorted). */
static size_t line_at(const pct_doc *d, size_t off)
{
    size_t lo = 0, hi = d->lines.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->lines.v[mid].end <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The bytes pct__is_space() accepts, as a table: one load per byte. */
static const unsigned char space[256] = {[' '] = 1, ['\t'] = 1, ['\f'] = 1, ['\v'] = 1,
                                         ['\r'] = 1, ['\n'] = 1};

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define FLAT_WORDWISE 1 /* copy plain chunks of eight bytes at once (see plain_chunk) */
#else
#define FLAT_WORDWISE 0
#endif
#define FLAT_CHUNK 8 /* bytes of a chunk */

#if FLAT_WORDWISE
#define BYTES(b) (0x0101010101010101u * (b)) /* the byte b in every lane */

/* Whether the eight bytes x (little-endian: byte k is bits 8k..8k+7) fold
 * to themselves: PLAIN when every byte below 0x21 is a plain space ' ', no
 * two of them are adjacent and the last byte is not one; PLAIN_IF_NEXT when
 * so except that the last byte is a space (then the byte after the chunk
 * must be in the line and not white space); NOT_PLAIN otherwise. Such a
 * space stands alone between two other bytes, and the byte loop would give
 * it one flat space mapped to its own offset: just what copying it does.
 * (Bytes from 0x80 up are parts of UTF-8 characters: not white space.)
 * The tests are SWAR, exact per byte: (x | 0x80) - c keeps bit 7 of a byte
 * iff its low seven bits are >= c, and no lane borrows from the next. */
enum { NOT_PLAIN, PLAIN, PLAIN_IF_NEXT };
static int plain_chunk(uint64_t x)
{
    const uint64_t hi = BYTES(0x80);
    uint64_t xh = x | hi, ascii = ~x & hi;
    if (~(xh - BYTES(0x20)) & ascii) /* a byte below ' ': white space or control */
        return NOT_PLAIN;
    uint64_t blank = ~(xh - BYTES(0x21)) & ascii; /* now the bytes == ' ' */
    if (blank & (blank << 8))                      /* two in a row */
        return NOT_PLAIN;
    return blank >> 63 ? PLAIN_IF_NEXT : PLAIN;
}
#endif

/* (extract.h) Artefact and blank lines become (at most) one space (except
 * headers and legends before `keep_until`); runs of white space become one
 * space; leading and trailing space is dropped. */
int pct_extract__flat(pct_ctx *ctx, const pct_doc *d, size_t start, size_t end, size_t keep_until,
                      char **flat_out, uint32_t **map_out, size_t *len_out)
{
    const char *s = d->src.text;
    size_t cap = end - start + 1;
    char *flat = pct__malloc(ctx, cap);
    uint32_t *map = pct__malloc(ctx, cap * sizeof *map);
    *flat_out = NULL;
    *map_out = NULL;
    *len_out = 0;
    if (!flat || !map) {
        pct__free(ctx, flat, cap);
        pct__free(ctx, map, cap * sizeof *map);
        return pct__err(ctx, PCT_ENOMEM, "out of memory");
    }
    size_t o = 0;
    int sp = 0;
    size_t sp_at = start;
    for (size_t li = line_at(d, start); li < d->lines.n; li++) {
        const pct_line *l = &d->lines.v[li];
        if (l->start >= end)
            break;
        /* before the DOCUMENT node, a "running header" or "legend" may be the
         * title the tree set aside (its first occurrence, or a title after a
         * legend on one line): keep those there, drop them everywhere else */
        int keep = (l->flags & PCT_LINE_ARTIFACT) && !(l->flags & PCT_LINE_BLANK) &&
                   l->start < keep_until &&
                   (l->artifact == PCT_ARTIFACT_RUNNING || l->artifact == PCT_ARTIFACT_LEGEND);
        if ((l->flags & (PCT_LINE_ARTIFACT | PCT_LINE_BLANK)) && !keep) {
            if (!sp)
                sp_at = l->start;
            sp = o > 0;
            continue;
        }
        size_t a = l->start > start ? l->start : start;
        size_t b = l->end < end ? l->end : end;
        for (size_t i = a; i < b;) {
            size_t stop = i + 1; /* the bytes the byte loop below takes */
#if FLAT_WORDWISE
            /* no space pending (the byte before is copied and not white space):
             * plain chunks go whole while eight bytes are left in the line and
             * there is room for them; then the byte loop takes the chunk that
             * is not plain, or the line's last bytes */
            if (!sp && o > 0) {
                /* i and o move together: the chunks that fit the line and the room */
                size_t chunks = (b - i < cap - o ? b - i : cap - o) / FLAT_CHUNK;
                for (stop = b; chunks > 0; chunks--) {
                    uint64_t w;
                    memcpy(&w, s + i, FLAT_CHUNK);
                    int plain = plain_chunk(w);
                    if (plain == NOT_PLAIN ||
                        (plain == PLAIN_IF_NEXT &&
                         (b - i == FLAT_CHUNK || space[(unsigned char)s[i + FLAT_CHUNK]]))) {
                        stop = i + FLAT_CHUNK;
                        break;
                    }
                    memcpy(flat + o, &w, FLAT_CHUNK);
#ifdef __SSE2__
                    /* the map entries i, i + 1, ..., i + 7 as two 4-lane stores
                     * (compilers leave the loop below scalar: eight stores) */
                    __m128i m = _mm_add_epi32(_mm_set1_epi32((int)(uint32_t)i),
                                              _mm_setr_epi32(0, 1, 2, 3));
                    _mm_storeu_si128((__m128i *)(void *)(map + o), m);
                    _mm_storeu_si128((__m128i *)(void *)(map + o + 4),
                                     _mm_add_epi32(m, _mm_set1_epi32(4)));
#else
                    for (size_t k = 0; k < FLAT_CHUNK; k++)
                        map[o + k] = (uint32_t)(i + k);
#endif
                    o += FLAT_CHUNK;
                    i += FLAT_CHUNK;
                }
            }
#endif
            for (; i < stop; i++) {
                unsigned char c = (unsigned char)s[i];
                if (space[c]) {
                    if (!sp)
                        sp_at = i;
                    sp = o > 0;
                    continue;
                }
                if (sp) {
                    flat[o] = ' ';
                    map[o++] = (uint32_t)sp_at;
                    sp = 0;
                }
                flat[o] = (char)c;
                map[o++] = (uint32_t)i;
            }
        }
        if (!sp)
            sp_at = b;
        sp = o > 0;
    }
    flat[o] = '\0';
    map[o] = (uint32_t)end;
    *flat_out = flat;
    *map_out = map;
    *len_out = o;
    return 0;
}

size_t pct_xdoc__flat_at(const pct_xdoc *x, size_t text_off)
{
    size_t lo = 0, hi = x->flat_len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x->fmap[mid] < text_off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static pct_frange node_frange(const pct_xdoc *x, const pct_node *n)
{
    pct_frange r = {0, 0};
    if (!n)
        return r;
    r.start = pct_xdoc__flat_at(x, n->span.start);
    r.end = pct_xdoc__flat_at(x, n->span.end);
    if (r.end < r.start)
        r.end = r.start;
    return r;
}

pct_span pct_xdoc__fspan(const pct_xdoc *x, size_t fstart, size_t fend)
{
    pct_span sp = {0, 0};
    if (fend > x->flat_len)
        fend = x->flat_len;
    if (fstart >= fend)
        return sp;
    size_t ts = x->fmap[fstart];
    size_t te = (size_t)x->fmap[fend - 1] + 1;
    sp.start = pct_source__to_orig(&x->doc->src, ts);
    sp.end = pct_source__to_orig(&x->doc->src, te);
    return sp;
}

/* ---------------------------------------------------------- value makers */

int pct_xdoc__fvalue(pct_xdoc *x, pct_value *out, const char *value, size_t fstart, size_t fend,
                     const char *rule)
{
    if (fend > x->flat_len)
        fend = x->flat_len;
    if (fstart > fend)
        fstart = fend;
    memset(out, 0, sizeof *out);
    out->raw = pct_arena__strndup(x->arena, x->flat + fstart, fend - fstart);
    out->value = value ? pct_arena__strndup(x->arena, value, strlen(value)) : NULL;
    if (!out->raw || (value && !out->value))
        return pct__err(x->ctx, PCT_ENOMEM, "out of memory");
    out->span = pct_xdoc__fspan(x, fstart, fend);
    out->rule = rule;
    return 0;
}

int pct_xdoc__value(pct_xdoc *x, pct_value *out, const char *value, size_t start, size_t end,
                    const char *rule)
{
    size_t fs = pct_xdoc__flat_at(x, start), fe = pct_xdoc__flat_at(x, end);
    if (fe < fs)
        fe = fs;
    int err = pct_xdoc__fvalue(x, out, value, fs, fe, rule);
    if (err == 0 && end > start) {
        /* keep the exact span asked for, even when it begins or ends on space */
        out->span.start = pct_source__to_orig(&x->doc->src, start);
        out->span.end = pct_source__to_orig(&x->doc->src, end);
    }
    return err;
}

int pct_xdoc__mention(pct_xdoc *x, pct_mention *out, size_t fstart, size_t fend, const char *rule)
{
    if (fend > x->flat_len)
        fend = x->flat_len;
    if (fstart > fend)
        fstart = fend;
    out->text = pct_arena__strndup(x->arena, x->flat + fstart, fend - fstart);
    if (!out->text)
        return pct__err(x->ctx, PCT_ENOMEM, "out of memory");
    out->span = pct_xdoc__fspan(x, fstart, fend);
    out->rule = rule;
    return 0;
}

void *pct_xdoc__push(pct_xdoc *x, void **arr, size_t *cap, size_t n, size_t elem)
{
    if (n >= *cap) {
        size_t ncap = *cap ? *cap * 2 : 4;
        char *na = pct_arena__alloc(x->arena, ncap * elem);
        if (!na)
            return NULL;
        if (*arr && n)
            memcpy(na, *arr, n * elem);
        *arr = na;
        *cap = ncap;
    }
    char *p = (char *)*arr + n * elem;
    memset(p, 0, elem);
    return p;
}

/* -------------------------------------------------------------- driver */

static const pct_node *first_of(const pct_node *doc, pct_node_type t)
{
    for (const pct_node *c = doc->first; c; c = c->next)
        if (c->type == t)
            return c;
    return NULL;
}

/* `from`: where this document's flat text starts (TEXT offset): the end of
 * the previous document, or 0 for the first, so a title block the tree left
 * before the DOCUMENT node (a cover line, a legend) is still read. */
static int extract_one(pct_facts *f, const pct_node *dn, size_t from, size_t index,
                       pct_docfacts *out)
{
    pct_xdoc x;
    char *flat = NULL;
    uint32_t *map = NULL;
    pct_arena *scratch = NULL; /* the word-start index: freed with the flat text */
    pct_xt_index *xi = NULL;
    size_t cap = 0;
    int error;
    memset(&x, 0, sizeof x);
    x.doc = f->doc;
    x.node = dn;
    x.index = index;
    x.arena = f->arena;
    x.ctx = f->ctx;
    x.out = out;
    x.text = f->doc->src.text;
    x.title = first_of(dn, PCT_NODE_TITLE);
    x.preamble = first_of(dn, PCT_NODE_PREAMBLE);
    x.signatures = first_of(dn, PCT_NODE_SIGNATURES);
    out->node = dn;
    out->kind = "other";
    if (from > dn->span.start)
        from = dn->span.start;
    if (dn->span.end - from > FLAT_MAX_BYTES) {
        error = pct__err(f->ctx, PCT_EINVALID, "document too large for extraction");
        goto done;
    }
    cap = dn->span.end - from + 1;
    if ((error = pct_extract__flat(f->ctx, f->doc, from, dn->span.end, dn->span.start, &flat, &map,
                                   &x.flat_len)) < 0)
        goto done;
    x.flat = flat;
    x.fmap = map;
    if (!(scratch = pct_arena__new(f->ctx))) {
        error = pct__err(f->ctx, PCT_ENOMEM, "out of memory");
        goto done;
    }
    if ((error = pct_xt__index_build(&xi, f->ctx, scratch, x.flat, x.flat_len)) < 0)
        goto done;
    x.xi = xi;
    x.ftitle = node_frange(&x, x.title);
    x.fpreamble = node_frange(&x, x.preamble);
    {
        const pct_node *r0 = NULL, *r1 = NULL, *s0 = NULL, *s1 = NULL;
        for (const pct_node *c = dn->first; c; c = c->next) {
            if (c->type == PCT_NODE_RECITAL) {
                if (!r0)
                    r0 = c;
                r1 = c;
            } else if (c->type == PCT_NODE_SECTION) {
                if (!s0)
                    s0 = c;
                s1 = c;
            }
        }
        if (r0) {
            x.frecitals.start = pct_xdoc__flat_at(&x, r0->span.start);
            x.frecitals.end = pct_xdoc__flat_at(&x, r1->span.end);
        }
        if (s0) {
            x.fbody.start = pct_xdoc__flat_at(&x, s0->span.start);
            x.fbody.end = pct_xdoc__flat_at(&x, s1->span.end);
        }
    }
    if ((error = pct_extract__name(&x)) < 0)
        goto done;
    if ((error = pct_extract__parties(&x)) < 0)
        goto done;
    if ((error = pct_extract__terms(&x)) < 0)
        goto done;
    if ((error = pct_extract__dates(&x)) < 0)
        goto done;
    if ((error = pct_extract__term(&x)) < 0)
        goto done;
    if ((error = pct_extract__law(&x)) < 0)
        goto done;
    if ((error = pct_extract__clauses(&x)) < 0)
        goto done;
done:
    pct_arena__free(scratch);
    pct__free(f->ctx, flat, cap);
    pct__free(f->ctx, map, cap * sizeof *map);
    return error;
}

int pct_extract(pct_facts **out, pct_ctx *ctx, const pct_doc *doc)
{
    pct_facts *f = NULL;
    int error = 0;
    size_t n = 0;
    *out = NULL;
    pct__clear_err(ctx);
    f = pct__calloc(ctx, 1, sizeof *f);
    if (!f) {
        error = pct__err(ctx, PCT_ENOMEM, "out of memory");
        goto done;
    }
    f->ctx = ctx;
    f->doc = doc;
    if (!(f->arena = pct_arena__new(ctx))) {
        error = pct__err(ctx, PCT_ENOMEM, "out of memory");
        goto done;
    }
    for (const pct_node *c = doc->root->first; c; c = c->next)
        if (c->type == PCT_NODE_DOCUMENT)
            n++;
    if (n) {
        f->docs = pct_arena__alloc(f->arena, n * sizeof *f->docs);
        if (!f->docs) {
            error = pct__err(ctx, PCT_ENOMEM, "out of memory");
            goto done;
        }
    }
    size_t from = 0;
    for (const pct_node *c = doc->root->first; c; c = c->next) {
        if (c->type != PCT_NODE_DOCUMENT)
            continue;
        if ((error = extract_one(f, c, from, f->ndocs, &f->docs[f->ndocs])) < 0)
            goto done;
        f->ndocs++;
        from = c->span.end;
    }
    *out = f;
    f = NULL;
done:
    pct_facts_free(f);
    return error;
}

void pct_facts_free(pct_facts *facts)
{
    if (!facts)
        return;
    pct_arena__free(facts->arena);
    pct__free(facts->ctx, facts, sizeof *facts);
}

size_t pct_facts_count(const pct_facts *facts)
{
    return facts ? facts->ndocs : 0;
}

const pct_docfacts *pct_facts_doc(const pct_facts *facts, size_t i)
{
    return facts && i < facts->ndocs ? &facts->docs[i] : NULL;
}

const pct_doc *pct_facts_source(const pct_facts *facts)
{
    return facts ? facts->doc : NULL;
}
