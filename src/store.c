/*
 * store.c - the public store API: open/close, the add pipeline, family
 * re-linking, queries and their renderers. All SQL lives behind the
 * pct_store_ops table (store_sqlite.c).
 *
 * The add pipeline: the calling thread walks the paths (an explicit stack,
 * no recursion) into a list of files; N worker threads take files by index,
 * read, hash and (unless the hash was already stored when the add began)
 * parse, extract and render them into a pct_store_item with the worker's own
 * context; items wait in a bounded window of slots (files are claimed and
 * committed in walk order, so ids do not depend on timing, and memory stays
 * bounded however large the batch) for the calling thread, the single
 * writer, which stores each in one transaction together with the
 * re-linking of the families around it, then reports progress. A file that
 * fails is reported and the batch goes on; a store that fails (full disk,
 * read-only, corrupt) stops the batch, keeping what was committed.
 *
 * The writer is the one thread of an add that the cores cannot share, so
 * the workers do all they can before handing an item over (hash, parse,
 * extract, JSON, full-text body and its tokens, which FTS5 on the writer
 * replays instead of tokenizing, the file's own families), a batch writes
 * full-text rows for many files in one transaction (ftsq: a durable mark
 * per file until then), and the backend checkpoints its WAL on a thread of
 * its own during the batch (ops->batch).
 *
 * Family re-linking is incremental: a new file's link keys (identifiers,
 * titles with party names) find the stored files it may belong with; those
 * files and the members of their families are loaded from their stored
 * bytes, linked again, and their families replaced. Adding an amendment
 * before its agreement therefore links both once the agreement arrives.
 * A batch (pct_store_add_paths) does not re-link per file: a file with
 * stored relatives is committed with the families of its own file and a
 * durable "relink pending" mark; at the end of the batch (or at the start
 * of the next add, after a crash) the marked files are re-linked, one
 * transaction per candidate set, and a set clears the marks of every file
 * whose candidates it covers. Each stored relative is thus parsed about
 * once per batch, not once per new member.
 */
#define _XOPEN_SOURCE 700 /* strdup, realpath, gmtime_r, clock_gettime */

#include "amend.h"
#include "jsonw.h"
#include "store.h"
#include "scan.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define QUEUE_PER_WORKER 16            /* files prepared ahead per worker: bounds memory */
#define READ_AHEAD_BYTES (4u << 20)    /* and bytes of files claimed ahead of the writer */
#define MAX_THREADS 64                 /* worker threads, whatever the core count says */
#define MAX_FILE_BYTES (256u << 20)    /* a larger "contract" is refused, not read */
#define MAX_LINK_CANDIDATES 32         /* stored files re-linked with a new one */
#define KEY_MAX 160                    /* bytes of a normalised link key */
#define KEY_MIN_NAME 4                 /* shorter party names ("pc", "inc") link nothing */
#define DEFAULT_SEARCH_LIMIT 20
#define SEARCH_NEAR_TOKENS 30          /* plain words must occur within this many words */

/* ================================================================ open */

int pct_store_open(pct_store **out, pct_ctx *ctx, const char *path, unsigned flags)
{
    pct_store *st = NULL;
    int error = 0;
    *out = NULL;
    if (!path || !*path)
        return pct__err(ctx, PCT_EINVALID, "no store path given");
    if (!(st = pct__calloc(ctx, 1, sizeof *st)))
        return pct__err(ctx, PCT_ENOMEM, "out of memory");
    st->ctx = ctx;
    st->ops = &pct_store__sqlite_ops;
    st->flags = flags;
    size_t n = strlen(path);
    if (!(st->path = pct__malloc(ctx, n + 1))) {
        error = pct__err(ctx, PCT_ENOMEM, "out of memory");
        goto done;
    }
    memcpy(st->path, path, n + 1);
    if ((error = st->ops->open(st, path, flags)) < 0)
        goto done;
    *out = st;
    st = NULL;
done:
    pct_store_close(st);
    return error;
}

void pct_store_close(pct_store *st)
{
    if (!st)
        return;
    st->ops->close(st);
    if (st->path)
        pct__free(st->ctx, st->path, strlen(st->path) + 1);
    pct__free(st->ctx, st, sizeof *st);
}

const char *pct_store_path(const pct_store *st) { return st->path; }
int pct_store_schema_version(const pct_store *st) { return st->schema_version; }

static int check_writable(pct_store *st)
{
    if (st->flags & PCT_STORE_READONLY)
        return pct__err(st->ctx, PCT_EIO, "%s: store was opened read-only", st->path);
    return 0;
}

/* ================================================================ dates */

static int is_leap(long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int parse_iso(const char *s, long *y, long *m, long *d)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return PCT_EINVALID;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !pct__is_digit((unsigned char)s[i]))
            return PCT_EINVALID;
    *y = strtol(s, NULL, 10);
    *m = strtol(s + 5, NULL, 10);
    *d = strtol(s + 8, NULL, 10);
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (*m < 1 || *m > 12 || *d < 1 || *d > mdays[*m - 1] + (*m == 2 && is_leap(*y)))
        return PCT_EINVALID;
    return 0;
}

/* Days since 1970-01-01 (proleptic Gregorian; Howard Hinnant's algorithm). */
static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, long *m, long *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yoe + era * 400 + (*m <= 2);
}

void pct_store__today(char out[11])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

int pct_store__date_add(const char *iso, long days, char out[11])
{
    long y, m, d;
    if (parse_iso(iso, &y, &m, &d) < 0)
        return PCT_EINVALID;
    civil_from_days(days_from_civil(y, m, d) + days, &y, &m, &d);
    if (y < 0 || y > 9999)
        return PCT_EINVALID;
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
    return 0;
}

long pct_store__date_diff(const char *a, const char *b)
{
    long ya, ma, da, yb, mb, db;
    if (parse_iso(a, &ya, &ma, &da) < 0 || parse_iso(b, &yb, &mb, &db) < 0)
        return 0;
    return days_from_civil(yb, mb, db) - days_from_civil(ya, ma, da);
}

int pct_duration_days(const char *s, long *days_out)
{
    if (!s || !pct__is_digit((unsigned char)*s))
        return PCT_EINVALID;
    char *end;
    errno = 0;
    long n = strtol(s, &end, 10);
    long mult = 1;
    if (*end == '\0' || !strcmp(end, "d"))
        mult = 1;
    else if (!strcmp(end, "w"))
        mult = 7;
    else if (!strcmp(end, "m"))
        mult = 30;
    else if (!strcmp(end, "y"))
        mult = 365;
    else
        return PCT_EINVALID;
    if (errno || n > 100000)
        return PCT_EINVALID;
    *days_out = n * mult;
    return 0;
}

/* ================================================================ items */

#define FOLD_ONES 0x0101010101010101ull
#define FOLD_HIGHS 0x8080808080808080ull

/* Whether 8 bytes (x, loaded in memory order on a little-endian machine)
 * fold to themselves after a byte that is (ps) or is not a space: no white
 * space but single spaces, none right after a space. The first test flags
 * a byte below 0x20 (tab, line feed, ...; exact: zero when there is
 * none); the second flags every space (and maybe a byte just above one,
 * which only makes the answer "no" where "yes" was possible: the bytes are
 * then folded one at a time, which is always right). */
static int fold_clean8(uint64_t x, int ps)
{
    if ((x - 0x20 * FOLD_ONES) & ~x & FOLD_HIGHS)
        return 0;
    uint64_t y = x ^ (0x20 * FOLD_ONES);
    uint64_t sp = (y - FOLD_ONES) & ~y & FOLD_HIGHS;
    return !(sp & (sp << 8)) && !(ps && (sp & 0x80));
}

/* Folds TEXT [start, end) as pct_doc__fold does (artefact and blank lines
 * dropped, the runs of non-space bytes of each line joined by one space)
 * and appends it to out at *o, with one space before it when *o > 0 and it
 * is not empty. out has room for end - start + 2 more bytes. This folds
 * the full text of every section the store indexes, so text that folds to
 * itself (words and single spaces: most of a line) is copied 8 bytes at a
 * time; anything else byte by byte. A space is written as soon as it is
 * due (at a line's start too) and one left at the end is taken back. */
static void fold_append(const pct_doc *d, size_t start, size_t end, char *out, size_t *o)
{
    if (end > d->src.len)
        end = d->src.len;
    if (start >= end)
        return;
    const unsigned char *t = (const unsigned char *)d->src.text;
    size_t lo = 0, hi = d->lines.n, n = *o;
    while (lo < hi) { /* the first line ending at or after start */
        size_t mid = lo + (hi - lo) / 2;
        if (d->lines.v[mid].end < start)
            lo = mid + 1;
        else
            hi = mid;
    }
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const int wide = 1;
#else
    const int wide = 0; /* fold_clean8 reads bytes in little-endian order */
#endif
    for (size_t li = lo; li < d->lines.n; li++) {
        const pct_line *l = &d->lines.v[li];
        if (l->start >= end)
            break;
        if (l->flags & (PCT_LINE_ARTIFACT | PCT_LINE_BLANK))
            continue;
        size_t i = l->start > start ? l->start : start;
        size_t b = l->end < end ? l->end : end;
        if (n && out[n - 1] != ' ')
            out[n++] = ' ';
        int ps = 1; /* the last byte written is a space, or nothing is written */
        while (i < b) {
            if (wide && b - i >= 8) {
                uint64_t x;
                memcpy(&x, t + i, 8);
                if (fold_clean8(x, ps)) {
                    memcpy(out + n, &x, 8);
                    n += 8;
                    i += 8;
                    ps = (x >> 56) == ' ';
                    continue;
                }
            }
            unsigned char c = t[i++];
            if (!pct__space_byte[c]) {
                out[n++] = (char)c;
                ps = 0;
            } else if (!ps) {
                out[n++] = ' ';
                ps = 1;
            }
        }
    }
    if (n && out[n - 1] == ' ')
        n--;
    *o = n;
}

/* The children a node's own text leaves out: they are indexed as their
 * own entries. */
static int has_own_entry(const pct_node *c)
{
    pct_node_type t = pct_node_get_type(c);
    return t == PCT_NODE_SECTION || t == PCT_NODE_EXHIBIT || t == PCT_NODE_SIGNATURES ||
           t == PCT_NODE_SIGNATURE_BLOCK;
}

/* The own text of n (see own_text) for a document without an offset map,
 * whose text offsets are the original ones less a constant shift (as
 * pct_doc_text computes them): folded into out when out is set, else only
 * measured. Returns the bytes out needs (the pieces' lengths, two spaces
 * each (see fold_append), and the final NUL). */
static size_t own_pieces(const pct_doc *d, const pct_node *n, char *out)
{
    pct_span s = pct_node_span(n);
    size_t sh = d->src.shift, at = s.start >= sh ? s.start - sh : 0;
    size_t end = s.end >= sh ? s.end - sh : 0, o = 0, need = 1;
    for (const pct_node *c = pct_node_first_child(n); c; c = pct_node_next(c)) {
        if (!has_own_entry(c))
            continue;
        pct_span cs = pct_node_span(c);
        size_t ca = cs.start >= sh ? cs.start - sh : 0, ce = cs.end >= sh ? cs.end - sh : 0;
        if (ca > at) {
            need += ca - at + 2;
            if (out)
                fold_append(d, at, ca, out, &o);
        }
        if (ce > at)
            at = ce;
    }
    if (end > at) {
        need += end - at + 2;
        if (out)
            fold_append(d, at, end, out, &o);
    }
    if (out)
        out[o] = '\0';
    return need;
}

/* Own text of a node: its span minus the spans of child sections, exhibits
 * and signature pages (they are indexed on their own), each piece as
 * pct_doc_text gives it, the pieces joined by a space. A document read
 * without an offset map (plain text) is folded straight into the item's
 * arena; one with a map goes through pct_doc_text, which maps the bounds. */
static const char *own_text(pct_store_item *it, const pct_node *n)
{
    const pct_doc *d = it->doc;
    pct_span s = pct_node_span(n);
    if (!d->src.map) {
        char *out = pct_arena__alloc(it->arena, own_pieces(d, n, NULL));
        if (out)
            own_pieces(d, n, out);
        return out;
    }
    pct_buf b;
    pct_buf__init(&b, it->ctx);
    size_t at = s.start;
    for (const pct_node *c = pct_node_first_child(n); c; c = pct_node_next(c)) {
        if (!has_own_entry(c))
            continue;
        pct_span cs = pct_node_span(c);
        if (cs.start > at) {
            const char *t2 = pct_doc_text(it->doc, (pct_span){at, cs.start});
            if (t2 && *t2) {
                if (b.len)
                    pct_buf__putc(&b, ' ');
                pct_buf__puts(&b, t2);
            }
        }
        if (cs.end > at)
            at = cs.end;
    }
    if (s.end > at) {
        const char *t2 = pct_doc_text(it->doc, (pct_span){at, s.end});
        if (t2 && *t2) {
            if (b.len)
                pct_buf__putc(&b, ' ');
            pct_buf__puts(&b, t2);
        }
    }
    const char *r = b.failed ? NULL : pct_arena__strndup(it->arena, b.data ? b.data : "", b.len);
    pct_buf__free(&b);
    return r;
}

static int indexed_type(pct_node_type t)
{
    return t == PCT_NODE_TITLE || t == PCT_NODE_PREAMBLE || t == PCT_NODE_RECITAL ||
           t == PCT_NODE_SECTION || t == PCT_NODE_EXHIBIT || t == PCT_NODE_SIGNATURE_BLOCK;
}

/* Walks the tree once: documents (span, signature state) and indexed passages. */
static int collect(pct_store_item *it)
{
    pct_vec secs, docs;
    pct_iter *iter = NULL;
    int error, doc = -1;
    pct_vec__init(&secs, it->ctx, sizeof(pct_store_section));
    pct_vec__init(&docs, it->ctx, sizeof(pct_store_docinfo));
    if ((error = pct_iter_new(&iter, it->ctx, pct_doc_root(it->doc))) < 0)
        goto done;
    pct_event ev;
    while ((ev = pct_iter_next(iter)) != PCT_EVENT_DONE) {
        const pct_node *n = pct_iter_node(iter);
        pct_node_type t = pct_node_get_type(n);
        if (ev != PCT_EVENT_ENTER)
            continue;
        if (t == PCT_NODE_DOCUMENT) {
            pct_store_docinfo *d = pct_vec__push(&docs);
            if (!d)
                goto oom;
            d->span = pct_node_span(n);
            d->signed_ = -1;
            doc++;
        } else if (t == PCT_NODE_SIGNATURE_BLOCK && doc >= 0) {
            const pct_signature *g = pct_node_signature(n);
            pct_store_docinfo *d = &PCT_VEC_AT(&docs, pct_store_docinfo, doc);
            if (g && g->entity)
                d->signed_ = (d->signed_ != 0 && g->signed_) ? 1 : 0;
        }
        if (!indexed_type(t) || doc < 0)
            continue;
        pct_store_section *s = pct_vec__push(&secs);
        if (!s)
            goto oom;
        s->doc = doc;
        s->kind = pct_node_type_name(t);
        s->number = pct_node_number(n);
        s->heading = pct_node_heading(n);
        s->span = pct_node_span(n);
        if (!(s->text = own_text(it, n)))
            goto oom;
    }
    it->sections = secs.data;
    it->nsections = secs.len;
    it->docs = docs.data;
    it->ndocs = docs.len;
    it->alloc_bytes[0] = secs.cap * secs.elem;
    it->alloc_bytes[1] = docs.cap * docs.elem;
    /* the vectors' memory now belongs to the item (freed with its ctx) */
    secs.data = docs.data = NULL;
    goto done;
oom:
    error = pct__err(it->ctx, PCT_ENOMEM, "out of memory");
done:
    if (secs.data)
        pct_vec__free(&secs);
    if (docs.data)
        pct_vec__free(&docs);
    pct_iter_free(iter);
    return error;
}

/* The full-text body of each document: its indexed passages' own text in
 * order, each opened by PCT_STORE_SECTION_MARK (blanked inside a text) and
 * closed by a newline. Built here, on the worker, so that the writer only
 * stores it. */
static int doc_bodies(pct_store_item *it)
{
    for (size_t i = 0, k = 0; i < it->ndocs; i++) {
        size_t k0 = k, len = 0;
        for (; k < it->nsections && it->sections[k].doc == (int)i; k++)
            len += strlen(it->sections[k].text ? it->sections[k].text : "") + 2;
        char *body = pct_arena__alloc(it->arena, len + 1);
        if (!body)
            return pct__err(it->ctx, PCT_ENOMEM, "out of memory");
        char *o = body;
        for (k = k0; k < it->nsections && it->sections[k].doc == (int)i; k++) {
            /* the text whole, then its own marks blanked (one copy, not a call per byte) */
            const char *t = it->sections[k].text ? it->sections[k].text : "";
            size_t n = strlen(t);
            *o++ = PCT_STORE_SECTION_MARK;
            memcpy(o, t, n);
            for (char *m = memchr(o, PCT_STORE_SECTION_MARK, n); m;
                 m = memchr(m + 1, PCT_STORE_SECTION_MARK, (size_t)(o + n - (m + 1))))
                *m = ' ';
            o += n;
            *o++ = '\n';
        }
        *o = '\0';
        it->docs[i].body = body;
        it->docs[i].body_len = len;
    }
    return 0;
}

/* Lower-case letters and digits of `s`, single spaces between words, with
 * legal-entity suffixes dropped ("KMC Telecom, Inc." -> "kmc telecom"). */
static void norm_name(const char *s, char *out, size_t cap)
{
    static const char *const suffixes[] = {" inc",  " incorporated", " corp", " corporation",
                                           " llc",  " ltd",          " limited", " co",
                                           " company", " lp", " llp", " plc", " gmbh", " ag",
                                           " sa", " nv", " bv", NULL};
    size_t o = 0;
    int sp = 0;
    for (; s && *s && o + 2 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (pct__is_alpha(c) || pct__is_digit(c) || c >= 0x80) {
            if (sp && o)
                out[o++] = ' ';
            out[o++] = (char)pct__lower(c);
            sp = 0;
        } else if (c != '.' && c != '\'') {
            sp = 1;
        }
    }
    out[o] = '\0';
    for (int again = 1; again;) {
        again = 0;
        for (const char *const *x = suffixes; *x; x++) {
            size_t k = strlen(*x);
            if (o > k && !strcmp(out + o - k, *x)) {
                o -= k;
                out[o] = '\0';
                again = 1;
            }
        }
    }
}

static int push_key(pct_store_item *it, pct_vec *keys, const char *prefix, const char *a,
                    const char *b)
{
    char na[KEY_MAX], nb[KEY_MAX];
    norm_name(a, na, sizeof na);
    if (!na[0])
        return 0;
    if (b) {
        norm_name(b, nb, sizeof nb);
        if (strlen(nb) < KEY_MIN_NAME)
            return 0;
    }
    char *k = pct_arena__printf(it->arena, "%s:%s%s%s", prefix, na, b ? "|" : "", b ? nb : "");
    const char **slot = pct_vec__push(keys);
    if (!k || !slot)
        return PCT_ENOMEM;
    *slot = k;
    return 0;
}

/* Link keys say what a document is ("o:" own keys: its identifier, its
 * title with each party) and what it amends ("c:" cited keys: the
 * identifier and title of the agreement it cites, with its parties). An
 * own key of one file meeting a cited key of another proposes the pair for
 * linking; agreements that merely look alike (same title, same parties) are
 * never proposed to each other, so a portfolio of many similar agreements
 * re-links nothing. The family linker decides. */
static int make_keys(pct_store_item *it)
{
    pct_vec keys;
    int error = 0;
    pct_vec__init(&keys, it->ctx, sizeof(const char *));
    for (size_t i = 0; i < pct_facts_count(it->facts) && !error; i++) {
        const pct_docfacts *f = pct_facts_doc(it->facts, i);
        int amend = f->kind && !strcmp(f->kind, "amendment");
        if (f->identifier.value)
            error = push_key(it, &keys, amend ? "c:id" : "o:id", f->identifier.value, NULL);
        for (size_t r = 0; r < f->nrefs && !error; r++) {
            const pct_reference *ref = &f->refs[r];
            if (ref->identifier.value)
                error = push_key(it, &keys, "c:id", ref->identifier.value, NULL);
            for (size_t p = 0; p < f->nparties && !error && ref->title.text; p++)
                error = push_key(it, &keys, "c:tp", ref->title.text, f->parties[p].name.text);
        }
        if (!amend && f->document_name.value)
            for (size_t p = 0; p < f->nparties && !error; p++)
                error = push_key(it, &keys, "o:tp", f->document_name.value,
                                 f->parties[p].name.text);
    }
    if (error < 0) {
        pct_vec__free(&keys);
        return pct__err(it->ctx, PCT_ENOMEM, "out of memory");
    }
    it->keys = keys.data;
    it->nkeys = keys.len;
    it->alloc_bytes[2] = keys.cap * keys.elem;
    return 0;
}

/* Party names of each document, joined by "; ". */
static int party_strings(pct_store_item *it)
{
    for (size_t i = 0; i < it->ndocs && i < pct_facts_count(it->facts); i++) {
        const pct_docfacts *f = pct_facts_doc(it->facts, i);
        it->docs[i].facts = f;
        pct_buf b;
        pct_buf__init(&b, it->ctx);
        for (size_t p = 0; p < f->nparties; p++) {
            if (!f->parties[p].name.text)
                continue;
            if (b.len)
                pct_buf__puts(&b, "; ");
            pct_buf__puts(&b, f->parties[p].name.text);
        }
        if (b.failed) {
            pct_buf__free(&b);
            return pct__err(it->ctx, PCT_ENOMEM, "out of memory");
        }
        it->docs[i].parties = b.len ? pct_arena__strndup(it->arena, b.data, b.len) : NULL;
        pct_buf__free(&b);
    }
    return 0;
}

static int buf_sink(const char *data, size_t len, void *ud)
{
    return pct_buf__put(ud, data, len);
}

static int oom(pct_ctx *ctx) { return pct__err(ctx, PCT_ENOMEM, "out of memory"); }

static void item_fail(pct_store_item *it, int code)
{
    it->err = code;
    snprintf(it->errmsg, sizeof it->errmsg, "%s", pct_errmsg(it->ctx));
}

static int solo_families(pct_store_item *it);

/* Parses, extracts and renders; on failure records the error on the item. */
static void item_prepare(pct_store_item *it)
{
    int error;
    if ((error = pct_doc_parse(&it->doc, it->ctx, it->path, it->data, it->len)) < 0)
        return item_fail(it, error);
    if ((error = pct_extract(&it->facts, it->ctx, it->doc)) < 0)
        return item_fail(it, error);
    /* The store keeps the tree and the facts as compact JSON, without the
     * white space between tokens (a third fewer bytes to write; SQLite's
     * json() reads either). A failed append to the buffer is out of
     * memory, whatever the renderer makes of its sink's refusal. */
    if ((error = pct_render__tree_json(it->doc, buf_sink, &it->tree_json, 0)) < 0 ||
        it->tree_json.failed)
        return item_fail(it, it->tree_json.failed ? oom(it->ctx) : error);
    if ((error = pct_render__facts_json(it->facts, buf_sink, &it->facts_json, 0)) < 0 ||
        it->facts_json.failed)
        return item_fail(it, it->facts_json.failed ? oom(it->ctx) : error);
    if ((error = collect(it)) < 0 || (error = doc_bodies(it)) < 0 ||
        (error = party_strings(it)) < 0 ||
        (error = make_keys(it)) < 0 || (error = solo_families(it)) < 0)
        return item_fail(it, error);
}

static pct_store_item *item_alloc(const pct_allocator *alloc, const char *path)
{
    pct_ctx *ctx = pct_ctx_new(alloc);
    if (!ctx)
        return NULL;
    pct_store_item *it = pct__calloc(ctx, 1, sizeof *it);
    pct_arena *a = it ? pct_arena__new(ctx) : NULL;
    const char *p = a ? pct_arena__strndup(a, path, strlen(path)) : NULL;
    if (!p) {
        pct_arena__free(a);
        if (it)
            pct__free(ctx, it, sizeof *it);
        pct_ctx_free(ctx);
        return NULL;
    }
    it->ctx = ctx;
    it->arena = a;
    it->path = p;
    const char *slash = strrchr(p, '/');
    it->name = slash ? slash + 1 : p;
    pct_buf__init(&it->tree_json, ctx);
    pct_buf__init(&it->facts_json, ctx);
    return it;
}

/* pct_store__item_new with the hash already computed (NULL: compute it). */
static pct_store_item *item_new(const pct_allocator *alloc, const char *path, char *data,
                                size_t len, const char *sha)
{
    pct_store_item *it = item_alloc(alloc, path);
    if (!it) {
        free(data);
        return NULL;
    }
    it->data = data;
    it->len = len;
    if (sha)
        memcpy(it->sha256, sha, sizeof it->sha256);
    else
        pct_sha256__hex(data, len, it->sha256);
    item_prepare(it);
    return it;
}

pct_store_item *pct_store__item_new(const pct_allocator *alloc, const char *path, char *data,
                                    size_t len)
{
    return item_new(alloc, path, data, len, NULL);
}

void pct_store__item_free(pct_store_item *it)
{
    if (!it)
        return;
    pct_ctx *ctx = it->ctx;
    free(it->data);
    pct_facts_free(it->facts);
    pct_doc_free(it->doc);
    pct_buf__free(&it->tree_json);
    pct_buf__free(&it->facts_json);
    if (it->sections)
        pct__free(ctx, it->sections, it->alloc_bytes[0]);
    if (it->docs)
        pct__free(ctx, it->docs, it->alloc_bytes[1]);
    if (it->keys)
        pct__free(ctx, (void *)it->keys, it->alloc_bytes[2]);
    pct_arena__free(it->arena);
    pct__free(ctx, it, sizeof *it);
    pct_ctx_free(ctx);
}

/* ============================================================= families */

/* A document taking part in a relink. */
typedef struct rdoc {
    long long file_id;
    int idx;
    const pct_docfacts *f;
    const char *keys[64];  /* own keys (agreements) or cited keys (amendments) */
    size_t nkeys;
    long base;             /* index of the agreement it amends in the set, or -1 */
} rdoc;

#define RDOC_KEYS 64 /* keys kept per document; more add nothing for linking */

typedef struct rfile {
    long long id;
    pct_doc *doc;      /* owned when `data` is set, else borrowed from the item */
    pct_facts *facts;
    char *data, *path;
    size_t len;
} rfile;

static void rdoc_key(pct_arena *a, rdoc *d, const char *prefix, const char *x, const char *y)
{
    char nx[KEY_MAX], ny[KEY_MAX];
    if (d->nkeys >= RDOC_KEYS)
        return;
    norm_name(x, nx, sizeof nx);
    if (y)
        norm_name(y, ny, sizeof ny);
    if (!nx[0] || (y && !ny[0]))
        return;
    const char *k = pct_arena__printf(a, "%s:%s|%s", prefix, nx, y ? ny : "");
    if (k)
        d->keys[d->nkeys++] = k;
}

static void rdoc_keys(pct_arena *a, rdoc *d)
{
    const pct_docfacts *f = d->f;
    int amend = f->kind && !strcmp(f->kind, "amendment");
    if (!amend) {
        if (f->identifier.value)
            rdoc_key(a, d, "id", f->identifier.value, NULL);
        for (size_t p = 0; p < f->nparties && f->document_name.value; p++)
            rdoc_key(a, d, "tp", f->document_name.value, f->parties[p].name.text);
        return;
    }
    for (size_t r = 0; r < f->nrefs; r++) {
        const pct_reference *ref = &f->refs[r];
        if (ref->relation && strcmp(ref->relation, "amends"))
            continue;
        if (ref->identifier.value)
            rdoc_key(a, d, "id", ref->identifier.value, NULL);
        for (size_t p = 0; p < f->nparties && ref->title.text; p++)
            rdoc_key(a, d, "tp", ref->title.text, f->parties[p].name.text);
    }
}

static size_t shared_keys(const rdoc *a, const rdoc *b)
{
    size_t n = 0;
    for (size_t i = 0; i < a->nkeys; i++)
        for (size_t k = 0; k < b->nkeys; k++)
            n += !strcmp(a->keys[i], b->keys[k]);
    return n;
}

static const char *order_date(const pct_docfacts *f)
{
    return f->effective_date.value ? f->effective_date.value : f->agreement_date.value;
}

/* Amendments of one agreement, in the order they took effect. */
static int amend_cmp(const rdoc *a, const rdoc *b)
{
    const char *da = order_date(a->f), *db = order_date(b->f);
    if (da && db && strcmp(da, db))
        return strcmp(da, db);
    if (a->f->ordinal != b->f->ordinal)
        return a->f->ordinal < b->f->ordinal ? -1 : 1;
    return a->file_id < b->file_id ? -1 : a->file_id > b->file_id;
}

static int is_iso(const char *s)
{
    long y, m, d;
    return s && parse_iso(s, &y, &m, &d) == 0;
}

/* Builds one family record: members, consolidated expiration, deadlines.
 * The consolidation folds, in order, every member that states an expiration
 * date: an amendment extending the term moves the expiration and the
 * renewal-notice deadline derived from it. */
static int family_record(pct_arena *a, pct_store_fam *fam, rdoc *set, const size_t *members,
                         size_t n)
{
    pct_store_famdoc *m = pct_arena__alloc(a, (n ? n : 1) * sizeof *m);
    pct_store_deadline *dl = pct_arena__alloc(a, 2 * sizeof *dl);
    if (!m || !dl)
        return PCT_ENOMEM;
    const rdoc *base = &set[members[0]];
    const char *exp = NULL, *basis = NULL, *notice = NULL;
    pct_store_famdoc src = {0, 0};
    for (size_t i = 0; i < n; i++) {
        const rdoc *d = &set[members[i]];
        m[i].file_id = d->file_id;
        m[i].doc = d->idx;
        const pct_value *e = &d->f->expiration_date;
        if (is_iso(e->value)) {
            exp = e->value;
            src = m[i];
            if (i == 0)
                basis = e->computed ? "initial term from the start date" : "stated expiration";
            else
                basis = pct_arena__printf(a, "set by %s (file %lld)",
                                          d->f->document_name.value ? d->f->document_name.value
                                                                    : "an amendment",
                                          d->file_id);
        }
        if (d->f->notice_period_to_terminate_renewal.value)
            notice = d->f->notice_period_to_terminate_renewal.value;
    }
    fam->members = m;
    fam->nmembers = n;
    fam->title = base->f->document_name.value;
    fam->placeholders = base->f->kind && !strcmp(base->f->kind, "amendment");
    fam->expiration = exp;
    fam->deadlines = dl;
    fam->ndeadlines = 0;
    if (exp) {
        dl[0] = (pct_store_deadline){"expiration", exp, basis, src};
        fam->ndeadlines = 1;
        char *end;
        long days = notice ? strtol(notice, &end, 10) : 0;
        char *date = pct_arena__alloc(a, 11);
        if (days > 0 && *end == '\0' && date && pct_store__date_add(exp, -days, date) == 0) {
            const char *b = pct_arena__printf(a, "%ld days' notice before the expiration (%s) to "
                                                 "prevent renewal", days, exp);
            dl[1] = (pct_store_deadline){"renewal_notice", date, b, src};
            fam->ndeadlines = 2;
        }
    }
    return 0;
}

/* Groups the documents of `files`: every non-amendment is the base of a
 * family; an amendment joins the base sharing most link keys with it (or the
 * agreement of its own file), or stands alone with its base not on file. */
static int group_families(pct_arena *a, rfile *files, size_t nfiles, pct_store_fam **fams_out,
                          size_t *nfams_out)
{
    size_t ndocs = 0;
    for (size_t i = 0; i < nfiles; i++)
        ndocs += files[i].facts ? pct_facts_count(files[i].facts) : 0;
    rdoc *set = pct_arena__alloc(a, (ndocs ? ndocs : 1) * sizeof *set);
    size_t *order = pct_arena__alloc(a, (ndocs ? ndocs : 1) * sizeof *order);
    pct_store_fam *fams = pct_arena__alloc(a, (ndocs ? ndocs : 1) * sizeof *fams);
    if (!set || !order || !fams)
        return PCT_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < nfiles; i++)
        for (size_t j = 0; files[i].facts && j < pct_facts_count(files[i].facts); j++) {
            rdoc *d = &set[k++];
            d->file_id = files[i].id;
            d->idx = (int)j;
            d->f = pct_facts_doc(files[i].facts, j);
            d->base = -1;
            rdoc_keys(a, d);
        }
    for (size_t i = 0; i < ndocs; i++) {
        if (!set[i].f->kind || strcmp(set[i].f->kind, "amendment"))
            continue;
        size_t best = 0;
        for (size_t j = 0; j < ndocs; j++) {
            if (set[j].f->kind && !strcmp(set[j].f->kind, "amendment"))
                continue;
            size_t s = shared_keys(&set[i], &set[j]) * 2 + (set[j].file_id == set[i].file_id);
            if (s > best) {
                best = s;
                set[i].base = (long)j;
            }
        }
    }
    size_t nfams = 0;
    for (size_t i = 0; i < ndocs; i++) {
        if (set[i].base >= 0)
            continue;
        size_t n = 0;
        order[n++] = i;
        for (size_t j = 0; j < ndocs; j++)
            if (set[j].base == (long)i)
                order[n++] = j;
        for (size_t x = 2; x < n; x++) /* insertion sort: families are short */
            for (size_t y = x; y > 1 && amend_cmp(&set[order[y]], &set[order[y - 1]]) < 0; y--) {
                size_t t = order[y];
                order[y] = order[y - 1];
                order[y - 1] = t;
            }
        if (family_record(a, &fams[nfams++], set, order, n) < 0)
            return PCT_ENOMEM;
        order += n;
    }
    *fams_out = fams;
    *nfams_out = nfams;
    return 0;
}

/* ----------------------------------------- linking by the amendment layer */

#define STATE_END "9999-12-31" /* as-of date that folds every operation on file */

/* Index of the DOCUMENT node `node` among its file's documents. */
static int doc_index(const pct_node *node)
{
    int i = 0;
    for (const pct_node *p = pct_node_prev(node); p; p = pct_node_prev(p))
        i += pct_node_get_type(p) == PCT_NODE_DOCUMENT;
    return i;
}

static const pct_docfacts *facts_of(rfile *files, size_t nfiles, pct_store_famdoc m)
{
    for (size_t i = 0; i < nfiles; i++)
        if (files[i].id == m.file_id && files[i].facts &&
            (size_t)m.doc < pct_facts_count(files[i].facts))
            return pct_facts_doc(files[i].facts, (size_t)m.doc);
    return NULL;
}

static int famdoc_of(const pct_family *fam, rfile *files, size_t nfiles, const char *doc_id,
                     pct_store_famdoc *out)
{
    for (size_t i = 0; doc_id && i < pct_family_count(fam); i++) {
        const pct_family_doc *fd = pct_family_doc_at(fam, i);
        if (!fd->on_file || strcmp(fd->id, doc_id))
            continue;
        for (size_t k = 0; k < nfiles; k++)
            if (files[k].doc == fd->doc) {
                out->file_id = files[k].id;
                out->doc = doc_index(fd->node);
                return 1;
            }
    }
    return 0;
}

/* One family record for group `g` of `fam`: members in the order they took
 * effect, the expiration of the state after every operation on file (where
 * it came from), the renewal-notice deadline that follows from it. */
static const char *adup(pct_arena *a, const char *s)
{
    return s ? pct_arena__strndup(a, s, strlen(s)) : NULL;
}

/* 1 when finding `f` is about a member of `out` (its document in *d). */
static int finding_of_member(const pct_store_fam *out, const pct_family *fam, rfile *files,
                             size_t nfiles, const pct_finding *f, pct_store_famdoc *d)
{
    if (!famdoc_of(fam, files, nfiles, f->doc_id, d))
        return 0;
    for (size_t k = 0; k < out->nmembers; k++)
        if (out->members[k].file_id == d->file_id && out->members[k].doc == d->doc)
            return 1;
    return 0;
}

/* Copies the operations of the members of group `g` and the findings about
 * them into `out` (arena strings). The findings array is sized for the
 * group's own findings, not the whole link's: a link of many groups would
 * otherwise allocate groups x findings. */
static int ops_and_findings(pct_arena *a, pct_store_fam *out, const pct_family *fam, size_t g,
                            rfile *files, size_t nfiles, const pct_findings *findings)
{
    size_t n = pct_family_count(fam), nops = 0, nf = 0, mine = 0;
    for (size_t i = 0; i < n; i++)
        if (pct_family_doc_at(fam, i)->group == g)
            nops += pct_family_doc_at(fam, i)->nops;
    pct_store_op *ops = pct_arena__alloc(a, (nops ? nops : 1) * sizeof *ops);
    size_t nfind = findings ? pct_finding_count(findings) : 0;
    pct_store_famdoc d;
    for (size_t i = 0; i < nfind; i++)
        mine += finding_of_member(out, fam, files, nfiles, pct_finding_at(findings, i), &d);
    pct_store_finding *fs = pct_arena__alloc(a, (mine ? mine : 1) * sizeof *fs);
    if (!ops || !fs)
        return PCT_ENOMEM;
    nops = 0;
    for (size_t i = 0; i < n; i++) {
        const pct_family_doc *fd = pct_family_doc_at(fam, i);
        if (fd->group != g || !fd->on_file || !famdoc_of(fam, files, nfiles, fd->id, &d))
            continue;
        for (size_t k = 0; k < fd->nops; k++) {
            const pct_amend_op *op = &fd->ops[k];
            pct_store_op *o = &ops[nops++];
            o->doc = d;
            o->seq = (int)k;
            o->kind = pct_amend_op_kind_name(op->kind);
            o->target_kind = pct_amend_target_kind_name(op->target_kind);
            o->target = adup(a, op->target);
            o->provision = adup(a, op->provision);
            o->before = adup(a, op->before);
            o->after = adup(a, op->after);
            o->text = adup(a, op->text);
            o->rule = adup(a, op->rule);
            o->span = op->span;
        }
    }
    for (size_t i = 0; i < nfind && nf < mine; i++) {
        const pct_finding *f = pct_finding_at(findings, i);
        if (!finding_of_member(out, fam, files, nfiles, f, &d))
            continue;
        pct_store_finding *x = &fs[nf++];
        x->doc = d;
        x->severity = pct_finding_severity_name(f->severity);
        x->code = adup(a, f->code);
        x->message = adup(a, f->message);
        x->span = f->nspans ? f->spans[0] : (pct_span){0, 0};
    }
    out->ops = ops;
    out->nops = nops;
    out->findings = fs;
    out->nfindings = nf;
    return 0;
}

/* Days of the first duration in `s` when it is stated in days ("ninety
 * (90) days"), else 0. */
static long days_in(const char *s)
{
    pct_duration d;
    size_t len = 0, n = s ? strlen(s) : 0;
    if (!n || pct_scan__next_duration(s, n, 0, &d, &len) >= n || !len || d.unit != PCT_UNIT_DAY)
        return 0;
    return d.count >= 1 && d.count < 100000 ? (long)d.count : 0;
}

static int mentions_notice(const char *s)
{
    static const char *const cues[] = {"notice", "renew", NULL};
    for (const char *p = s; p && *p; p++)
        for (const char *const *c = cues; *c; c++)
            if (!strncasecmp(p, *c, strlen(*c)))
                return 1;
    return 0;
}

/* The number of the innermost section of `doc` holding `span` (copied into
 * `out`), or NULL. */
static const char *section_of(pct_ctx *ctx, const pct_doc *doc, pct_span span, char *out,
                              size_t cap)
{
    pct_iter *it = NULL;
    const char *found = NULL;
    if (!doc || span.end <= span.start || pct_iter_new(&it, ctx, pct_doc_root(doc)) < 0)
        return NULL;
    for (pct_event e; (e = pct_iter_next(it)) != PCT_EVENT_DONE && e != PCT_EVENT_NONE;) {
        const pct_node *n = pct_iter_node(it);
        pct_span sp = pct_node_span(n);
        if (e != PCT_EVENT_ENTER || pct_node_get_type(n) != PCT_NODE_SECTION ||
            sp.start > span.start || sp.end < span.end || !pct_node_number(n))
            continue;
        snprintf(out, cap, "%s", pct_node_number(n));
        size_t k = strlen(out);
        while (k && out[k - 1] == '.')
            out[--k] = '\0';
        found = out;
    }
    pct_iter_free(it);
    return found;
}

/* The renewal-notice period after the operations, in the order the family
 * took effect: an operation that changes the words of `days` days (the
 * period on file, in a provision about notice or renewal) into another day
 * count sets it. *by_out is the last such operation (NULL: none). */
static long notice_amended(const pct_store_op *ops, size_t nops, long days, const char *section,
                           const pct_store_op **by_out)
{
    *by_out = NULL;
    for (size_t i = 0; days > 0 && i < nops; i++) {
        const pct_store_op *o = &ops[i];
        long before = days_in(o->before), after = days_in(o->after);
        int there = section && o->target && !strcmp(o->target, section);
        if (before != days || after <= 0 || after == before ||
            !(there || mentions_notice(o->text) || mentions_notice(o->after)))
            continue;
        days = after;
        *by_out = o;
    }
    return days;
}

static int linked_record(pct_ctx *ctx, pct_arena *a, pct_store_fam *out, const pct_family *fam,
                         size_t g, rfile *files, size_t nfiles, const pct_findings *findings)
{
    size_t n = pct_family_count(fam), nm = 0;
    pct_store_famdoc *m = pct_arena__alloc(a, (n ? n : 1) * sizeof *m);
    pct_store_deadline *dl = pct_arena__alloc(a, 2 * sizeof *dl);
    if (!m || !dl)
        return PCT_ENOMEM;
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        const pct_family_doc *fd = pct_family_doc_at(fam, i);
        if (fd->group != g)
            continue;
        if (!fd->on_file) {
            out->placeholders++;
            continue;
        }
        if (famdoc_of(fam, files, nfiles, fd->id, &m[nm]))
            nm++;
        if (!out->title && fd->title && fd->kind && strcmp(fd->kind, "amendment"))
            out->title = pct_arena__strndup(a, fd->title, strlen(fd->title)); /* outlives fam */
    }
    out->members = m;
    out->nmembers = nm;
    out->deadlines = dl;
    if (ops_and_findings(a, out, fam, g, files, nfiles, findings) < 0)
        return PCT_ENOMEM;
    if (!nm)
        return 0;
    pct_state *state = NULL;
    const char *exp = NULL, *basis = NULL;
    pct_store_famdoc src = m[0];
    if (pct_state__at_terms(&state, fam, g, STATE_END) == 0) { /* only the expiration is read */
        const pct_state_view *v = pct_state_get(state);
        if (is_iso(v->expiration)) {
            exp = pct_arena__strndup(a, v->expiration, 10);
            famdoc_of(fam, files, nfiles, v->expiration_from.doc_id, &src);
            basis = v->expiration_note ? pct_arena__strndup(a, v->expiration_note,
                                                            strlen(v->expiration_note))
                                       : NULL;
        }
    }
    pct_state_free(state);
    const pct_docfacts *f0 = facts_of(files, nfiles, m[0]);
    if (!exp && f0 && is_iso(f0->expiration_date.value)) {
        exp = f0->expiration_date.value;
        basis = f0->expiration_date.computed ? "initial term from the start date"
                                             : "stated expiration";
    }
    const pct_docfacts *fs = facts_of(files, nfiles, src);
    if (exp && (src.file_id != m[0].file_id || src.doc != m[0].doc))
        basis = pct_arena__printf(a, "%s by %s (%lld.%d)", basis ? basis : "as amended",
                                  fs && fs->document_name.value ? fs->document_name.value
                                                                : "an amendment",
                                  src.file_id, src.doc);
    else if (exp && f0 && f0->expiration_date.value && !strcmp(f0->expiration_date.value, exp))
        basis = f0->expiration_date.computed ? "initial term from the start date"
                                             : "stated expiration";
    if (!basis && exp)
        basis = "expiration of the agreement as amended";
    out->expiration = exp;
    if (!exp)
        return 0;
    dl[out->ndeadlines++] = (pct_store_deadline){"expiration", exp, basis, src};
    const char *notice = NULL;
    pct_store_famdoc nsrc = m[0];
    for (size_t k = 0; k < nm; k++) {
        const pct_docfacts *f = facts_of(files, nfiles, m[k]);
        if (f && f->notice_period_to_terminate_renewal.value) {
            notice = f->notice_period_to_terminate_renewal.value;
            nsrc = m[k];
        }
    }
    char *end;
    long days = notice ? strtol(notice, &end, 10) : 0;
    if (days > 0 && *end != '\0')
        days = 0;
    const pct_store_op *by = NULL;
    char secbuf[64];
    const pct_docfacts *fn = facts_of(files, nfiles, nsrc);
    const char *section = NULL;
    for (size_t k = 0; fn && k < nfiles && !section; k++)
        if (files[k].id == nsrc.file_id)
            section = section_of(ctx, files[k].doc, fn->notice_period_to_terminate_renewal.span,
                                 secbuf, sizeof secbuf);
    long amended = notice_amended(out->ops, out->nops, days, section, &by);
    if (by) {
        days = amended;
        nsrc = by->doc;
    }
    char *date = pct_arena__alloc(a, 11);
    if (days > 0 && date && pct_store__date_add(exp, -days, date) == 0) {
        const pct_docfacts *fb = by ? facts_of(files, nfiles, by->doc) : NULL;
        const char *b = by ? pct_arena__printf(a, "%ld days' notice (as amended by %s (%lld.%d)) "
                                                  "before the expiration (%s) to prevent renewal",
                                               days, fb && fb->document_name.value
                                                         ? fb->document_name.value
                                                         : "an amendment",
                                               by->doc.file_id, by->doc.doc, exp)
                           : pct_arena__printf(a, "%ld days' notice before the expiration (%s) "
                                                  "to prevent renewal", days, exp);
        dl[out->ndeadlines++] = (pct_store_deadline){"renewal_notice", date, b, nsrc};
    }
    return 0;
}

/* Links the files with pct_family_link(): 1 when it did (records in the
 * arena), 0 when the amendment layer declined (fall back to the link keys),
 * or PCT_ENOMEM. */
static int link_families(pct_ctx *ctx, pct_arena *a, rfile *files, size_t nfiles,
                         pct_store_fam **fams_out, size_t *nfams_out)
{
    const pct_doc **docs = pct_arena__alloc(a, (nfiles ? nfiles : 1) * sizeof *docs);
    const pct_facts **facts = pct_arena__alloc(a, (nfiles ? nfiles : 1) * sizeof *facts);
    pct_family *fam = NULL;
    pct_findings *findings = NULL;
    size_t nd = 0;
    int result = 0;
    if (!docs || !facts)
        return PCT_ENOMEM;
    for (size_t i = 0; i < nfiles; i++)
        if (files[i].doc) {
            facts[nd] = files[i].facts; /* extracted once, when the file was read */
            docs[nd++] = files[i].doc;
        }
    if (!nd || pct_family_link_facts(&fam, ctx, docs, facts, nd) < 0)
        goto done;
    if (pct_finding_check(&findings, fam) < 0)
        findings = NULL;
    size_t ng = pct_family_groups(fam);
    pct_store_fam *fams = pct_arena__alloc(a, (ng ? ng : 1) * sizeof *fams);
    if (!fams) {
        result = PCT_ENOMEM;
        goto done;
    }
    size_t nf = 0;
    for (size_t g = 0; g < ng; g++) {
        if ((result = linked_record(ctx, a, &fams[nf], fam, g, files, nfiles, findings)) < 0)
            goto done;
        nf += fams[nf].nmembers > 0;
    }
    *fams_out = fams;
    *nfams_out = nf;
    result = 1;
done:
    pct_finding_free(findings);
    pct_family_free(fam);
    return result;
}

/* The families of an item's file alone, computed on the worker thread so
 * that the writer only links again when stored files relate to it. Member
 * file ids are 0 until the writer knows the file's id. */
static int solo_families(pct_store_item *it)
{
    rfile self = {0};
    self.doc = it->doc;
    self.facts = it->facts;
    pct_store_fam *fams = NULL;
    size_t n = 0;
    int linked = link_families(it->ctx, it->arena, &self, 1, &fams, &n);
    if (linked < 0 || (!linked && group_families(it->arena, &self, 1, &fams, &n) < 0))
        return pct__err(it->ctx, PCT_ENOMEM, "out of memory");
    it->solo = fams;
    it->nsolo = n;
    it->solo_done = 1;
    return 0;
}

static void rfiles_free(pct_store *st, rfile *files, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!files[i].data)
            continue;
        pct_facts_free(files[i].facts);
        pct_doc_free(files[i].doc);
        pct__free(st->ctx, files[i].data, files[i].len + 1);
        pct__free(st->ctx, files[i].path, strlen(files[i].path) + 1);
    }
}

/* While a batch's families are re-linked, candidate sets overlap (the
 * relatives of one agreement): the stored files parsed for one relink are
 * kept, least recently used out, for the next, within RCACHE_FILES files
 * and RCACHE_BYTES bytes. Entries in use by the current relink (pin ==
 * gen) are never evicted; a file that does not fit keeps its own parse. */
#define RCACHE_FILES (2 * MAX_LINK_CANDIDATES)
#define RCACHE_BYTES (64u << 20) /* parsed bytes kept (beyond those in use) */

typedef struct rcached {
    long long id;
    pct_doc *doc;     /* NULL when the stored file no longer parses */
    pct_facts *facts;
    size_t bytes;     /* allocated for doc and facts */
    unsigned long long used, pin;
} rcached;

struct pct_store_rcache {
    rcached v[RCACHE_FILES];
    size_t n, bytes;
    unsigned long long clock, gen;
};

static void rcache_free(pct_store *st)
{
    struct pct_store_rcache *c = st->rcache;
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        pct_facts_free(c->v[i].facts);
        pct_doc_free(c->v[i].doc);
    }
    pct__free(st->ctx, c, sizeof *c);
    st->rcache = NULL;
}

static rcached *rcache_find(struct pct_store_rcache *c, long long id)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].id == id) {
            c->v[i].used = ++c->clock;
            c->v[i].pin = c->gen;
            return &c->v[i];
        }
    return NULL;
}

/* The least recently used entry not in use, or NULL. */
static rcached *rcache_victim(struct pct_store_rcache *c)
{
    rcached *e = NULL;
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].pin != c->gen && (!e || c->v[i].used < e->used))
            e = &c->v[i];
    return e;
}

static void rcache_drop(struct pct_store_rcache *c, rcached *e)
{
    pct_facts_free(e->facts);
    pct_doc_free(e->doc);
    c->bytes -= e->bytes;
    *e = c->v[--c->n]; /* order does not matter: lookups scan, eviction compares `used` */
}

/* Moves the parse of `f` (`bytes` allocated) into the cache, within its
 * budget (f then borrows it). */
static void rcache_put(pct_store *st, struct pct_store_rcache *c, rfile *f, size_t bytes)
{
    rcached *e;
    while ((c->n == RCACHE_FILES || c->bytes + bytes > RCACHE_BYTES) && (e = rcache_victim(c)))
        rcache_drop(c, e);
    if (c->n == RCACHE_FILES || c->bytes + bytes > RCACHE_BYTES)
        return; /* too large, or every entry in use: f keeps its own parse */
    e = &c->v[c->n++];
    c->bytes += bytes;
    *e = (rcached){f->id, f->doc, f->facts, bytes, ++c->clock, c->gen};
    pct__free(st->ctx, f->data, f->len + 1); /* the document keeps its own copy */
    pct__free(st->ctx, f->path, strlen(f->path) + 1);
    f->data = f->path = NULL;
}

/* Fills files[0..n) from the stored files `ids` (parsed and extracted on
 * the store's context, or kept by the relink cache), borrowing the item's
 * parse for `file_id`. A stored file that no longer parses takes part
 * without facts (it links nothing). *nfiles_out counts the entries to free
 * with rfiles_free, also on error. */
static int load_rfiles(pct_store *st, const long long *ids, size_t n, long long file_id,
                       const pct_store_item *it, rfile *files, size_t *nfiles_out)
{
    int error = 0;
    struct pct_store_rcache *c = st->rcache;
    rcached *e;
    *nfiles_out = 0;
    if (c)
        c->gen++;
    for (size_t i = 0; i < n; i++) {
        rfile *f = &files[*nfiles_out];
        memset(f, 0, sizeof *f);
        f->id = ids[i];
        if (it && f->id == file_id) {
            f->doc = it->doc;
            f->facts = it->facts;
            ++*nfiles_out;
            continue;
        }
        if (c && (e = rcache_find(c, f->id))) {
            f->doc = e->doc;
            f->facts = e->facts;
            ++*nfiles_out;
            continue;
        }
        if ((error = st->ops->load(st, f->id, &f->data, &f->len, &f->path)) < 0)
            return error;
        ++*nfiles_out;
        size_t before = pct_mem_current(st->ctx);
        if (pct_doc_parse(&f->doc, st->ctx, f->path, f->data, f->len) < 0)
            f->doc = NULL;
        else if (pct_extract(&f->facts, st->ctx, f->doc) < 0)
            f->facts = NULL;
        size_t after = pct_mem_current(st->ctx);
        if (c)
            rcache_put(st, c, f, after > before ? after - before : 0);
    }
    return 0;
}

/* Re-links the families around `file_id` (which may be the item just
 * inserted, or a file just removed when `it` is NULL and `removed` set). */
static int relink(pct_store *st, long long file_id, const pct_store_item *it,
                  const long long *extra, size_t nextra, int defer)
{
    pct_vec ids;
    rfile *files = NULL;
    size_t nfiles = 0;
    pct_arena *a = NULL;
    int error;
    pct_vec__init(&ids, st->ctx, sizeof(long long));
    if (file_id && (error = st->ops->candidates(st, file_id, MAX_LINK_CANDIDATES, &ids)) < 0)
        goto done;
    if (it && it->solo_done && (ids.len == 1 || defer) && nextra == 0) {
        for (size_t i = 0; i < it->nsolo; i++) { /* the worker's families, now with the id */
            pct_store_fam *f = &it->solo[i];
            for (size_t k = 0; k < f->nmembers; k++)
                ((pct_store_famdoc *)f->members)[k].file_id = file_id;
            for (size_t k = 0; k < f->ndeadlines; k++)
                ((pct_store_deadline *)f->deadlines)[k].source.file_id = file_id;
            for (size_t k = 0; k < f->nops; k++)
                ((pct_store_op *)f->ops)[k].doc.file_id = file_id;
            for (size_t k = 0; k < f->nfindings; k++)
                ((pct_store_finding *)f->findings)[k].doc.file_id = file_id;
        }
        error = st->ops->write_families(st, &file_id, 1, it->solo, it->nsolo);
        if (!error && ids.len > 1) /* relatives on file: linked with them at the batch's end */
            error = st->ops->relink_mark(st, file_id, 1);
        goto done;
    }
    for (size_t i = 0; i < nextra; i++) {
        long long *p = pct_vec__push(&ids);
        if (!p)
            goto oom;
        *p = extra[i];
    }
    if (!(a = pct_arena__new(st->ctx)) ||
        !(files = pct_arena__alloc(a, (ids.len ? ids.len : 1) * sizeof *files)))
        goto oom;
    if ((error = load_rfiles(st, ids.data, ids.len, file_id, it, files, &nfiles)) < 0)
        goto done;
    pct_store_fam *fams = NULL;
    size_t nfams = 0;
    int linked = link_families(st->ctx, a, files, nfiles, &fams, &nfams);
    if (linked < 0 || (!linked && group_families(a, files, nfiles, &fams, &nfams) < 0))
        goto oom;
    error = st->ops->write_families(st, ids.data, ids.len, fams, nfams);
    goto done;
oom:
    error = pct__err(st->ctx, PCT_ENOMEM, "out of memory");
done:
    if (files)
        rfiles_free(st, files, nfiles);
    pct_arena__free(a);
    pct_vec__free(&ids);
    return error;
}

static int put_str(pct_sink sink, void *ud, const char *s);

/* The families around stored file `id`, linked again from the stored bytes
 * and folded as of `as_of` (NULL: after the last document): JSON or the
 * reviewer's memo of the amendment layer. */
static int render_state(pct_store *st, long long id, const char *as_of, int json, pct_sink sink,
                        void *ud)
{
    pct_vec ids;
    rfile *files = NULL;
    size_t nfiles = 0, nd = 0;
    pct_arena *a = NULL;
    pct_family *fam = NULL;
    pct_findings *findings = NULL;
    const pct_doc **docs;
    int error;
    pct_vec__init(&ids, st->ctx, sizeof(long long));
    if ((error = st->ops->candidates(st, id, MAX_LINK_CANDIDATES, &ids)) < 0)
        goto done;
    if (!(a = pct_arena__new(st->ctx)) ||
        !(files = pct_arena__alloc(a, (ids.len ? ids.len : 1) * sizeof *files)) ||
        !(docs = pct_arena__alloc(a, (ids.len ? ids.len : 1) * sizeof *docs))) {
        error = pct__err(st->ctx, PCT_ENOMEM, "out of memory");
        goto done;
    }
    if ((error = load_rfiles(st, ids.data, ids.len, 0, NULL, files, &nfiles)) < 0)
        goto done;
    const pct_facts **facts = pct_arena__alloc(a, (nfiles ? nfiles : 1) * sizeof *facts);
    if (!facts) {
        error = pct__err(st->ctx, PCT_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < nfiles; i++)
        if (files[i].doc) {
            facts[nd] = files[i].facts;
            docs[nd++] = files[i].doc;
        }
    if (!nd) {
        error = json ? (put_str(sink, ud, "null") ? PCT_EIO : 0) : 0;
        goto done;
    }
    if ((error = pct_family_link_facts(&fam, st->ctx, docs, facts, nd)) < 0 ||
        (error = pct_finding_check(&findings, fam)) < 0)
        goto done;
    error = json ? pct_render_family_json(fam, as_of, findings, sink, ud)
                 : pct_render_family_memo(fam, as_of, findings, sink, ud);
done:
    pct_finding_free(findings);
    pct_family_free(fam);
    if (files)
        rfiles_free(st, files, nfiles);
    pct_arena__free(a);
    pct_vec__free(&ids);
    return error;
}

/* ========================================================== full text */

/* A batch's files wait here for their full-text rows: each file is stored
 * in its own transaction with an 'index' mark, and every FTS_BATCH_FILES
 * files (or FTS_BATCH_BYTES of text) one transaction writes the rows of
 * them all. FTS5 writes one segment per transaction: per file, writing and
 * merging those segments cost more than the rest of the store's writes.
 * A crash before that transaction leaves the marks, and the next add
 * indexes the marked files from their stored bytes (index_marked). Memory
 * stays bounded by the two limits. */
#define FTS_BATCH_FILES 32
#define FTS_BATCH_BYTES (8u << 20)

typedef struct ftsq {
    pct_vec files;  /* long long: files whose rows are queued */
    pct_vec rows;   /* pct_store_ftsrow; body set when written */
    pct_vec offs;   /* size_t: where each row's body starts in `text` */
    pct_buf text;
    pct_vec toffs;  /* size_t: where each row's tokens start in `toks`, or SIZE_MAX */
    pct_buf toks;   /* the rows' tokens from the workers (ops->tok_run) */
} ftsq;

static void ftsq_init(ftsq *q, pct_ctx *ctx)
{
    pct_vec__init(&q->files, ctx, sizeof(long long));
    pct_vec__init(&q->rows, ctx, sizeof(pct_store_ftsrow));
    pct_vec__init(&q->offs, ctx, sizeof(size_t));
    pct_buf__init(&q->text, ctx);
    pct_vec__init(&q->toffs, ctx, sizeof(size_t));
    pct_buf__init(&q->toks, ctx);
}

static void ftsq_free(ftsq *q)
{
    pct_vec__free(&q->files);
    pct_vec__free(&q->rows);
    pct_vec__free(&q->offs);
    pct_buf__free(&q->text);
    pct_vec__free(&q->toffs);
    pct_buf__free(&q->toks);
}

/* Queues the rows of `it`, stored as file `id` (0, or PCT_ENOMEM: the
 * file keeps its mark and is indexed by index_marked). */
static int ftsq_add(ftsq *q, const pct_store_item *it, long long id)
{
    long long *f = pct_vec__push(&q->files);
    if (!f)
        return PCT_ENOMEM;
    *f = id;
    for (size_t i = 0; i < it->ndocs; i++) {
        const pct_store_docinfo *d = &it->docs[i];
        pct_store_ftsrow *r = pct_vec__push(&q->rows);
        size_t *o = pct_vec__push(&q->offs), *to = pct_vec__push(&q->toffs);
        if (!r || !o || !to)
            return PCT_ENOMEM;
        *r = (pct_store_ftsrow){id, (int)i, NULL, d->body_len, NULL, d->toks_len};
        *o = q->text.len;
        pct_buf__put(&q->text, d->body ? d->body : "", d->body_len);
        *to = d->toks ? q->toks.len : SIZE_MAX;
        if (d->toks)
            pct_buf__put(&q->toks, (const char *)d->toks, d->toks_len);
    }
    return q->text.failed || q->toks.failed ? PCT_ENOMEM : 0;
}

/* Writes the queued rows in one transaction and empties the queue. */
static int ftsq_flush(pct_store *st, ftsq *q)
{
    int error = 0;
    if (q->files.len && !q->text.failed && !q->toks.failed) {
        for (size_t i = 0; i < q->rows.len; i++) {
            pct_store_ftsrow *r = &PCT_VEC_AT(&q->rows, pct_store_ftsrow, i);
            size_t to = PCT_VEC_AT(&q->toffs, size_t, i);
            r->body = q->text.data ? q->text.data + PCT_VEC_AT(&q->offs, size_t, i) : "";
            if (to == SIZE_MAX)
                r->toks = NULL; /* the writer tokenizes it */
            else
                r->toks = q->toks.data ? (const unsigned char *)q->toks.data + to
                                       : (const unsigned char *)"";
        }
        if ((error = st->ops->begin(st)) == 0) {
            if ((error = st->ops->index(st, q->files.data, q->files.len, q->rows.data,
                                        q->rows.len)) < 0 ||
                (error = st->ops->commit(st)) < 0)
                st->ops->rollback(st);
        }
    }
    q->files.len = q->rows.len = q->offs.len = q->text.len = q->toffs.len = q->toks.len = 0;
    q->text.failed = q->toks.failed = 0; /* the files of a failed queue keep their marks */
    return error;
}

static int ftsq_full(const ftsq *q)
{
    return q->files.len >= FTS_BATCH_FILES || q->text.len >= FTS_BATCH_BYTES;
}

/* Indexes the files that wait with a mark (stored by an add that stopped
 * before writing their rows): parsed again from their stored bytes, one
 * transaction each. A file that no longer parses loses its mark only. */
static int index_marked(pct_store *st)
{
    pct_vec ids, rows;
    int error;
    pct_vec__init(&ids, st->ctx, sizeof(long long));
    pct_vec__init(&rows, st->ctx, sizeof(pct_store_ftsrow));
    if ((error = st->ops->index_pending(st, &ids)) < 0)
        goto done;
    for (size_t i = 0; i < ids.len && !error; i++) {
        long long id = PCT_VEC_AT(&ids, long long, i);
        char *data = NULL, *path = NULL, *copy = NULL;
        size_t len = 0;
        pct_store_item *it = NULL;
        rows.len = 0;
        if ((error = st->ops->load(st, id, &data, &len, &path)) < 0) {
            if (error != PCT_ENOTFOUND)
                break;
            pct__clear_err(st->ctx); /* removed meanwhile: its mark went with it */
            error = 0;
            continue;
        }
        if (!(copy = malloc(len + 1)) || !(it = item_alloc(&st->ctx->alloc, path))) {
            free(copy);
            error = pct__err(st->ctx, PCT_ENOMEM, "out of memory");
        } else {
            memcpy(copy, data, len);
            it->data = copy;
            it->len = len;
            if (pct_doc_parse(&it->doc, it->ctx, it->path, it->data, it->len) == 0 &&
                collect(it) == 0 && doc_bodies(it) == 0) {
                for (size_t d = 0; d < it->ndocs && !error; d++) {
                    pct_store_ftsrow *r = pct_vec__push(&rows);
                    if (!r)
                        error = pct__err(st->ctx, PCT_ENOMEM, "out of memory");
                    else
                        *r = (pct_store_ftsrow){id, (int)d, it->docs[d].body,
                                                it->docs[d].body_len, NULL, 0};
                }
            }
        }
        if (!error && (error = st->ops->begin(st)) == 0) {
            if ((error = st->ops->index(st, &id, 1, rows.data, rows.len)) < 0 ||
                (error = st->ops->commit(st)) < 0)
                st->ops->rollback(st);
        }
        pct_store__item_free(it);
        pct__free(st->ctx, data, len + 1);
        pct__free(st->ctx, path, strlen(path) + 1);
    }
done:
    pct_vec__free(&ids);
    pct_vec__free(&rows);
    return error;
}

/* Stores a prepared item in one transaction, with its families, and its
 * full-text rows (or, in a batch, with an index mark, the rows queued on
 * `later` once the transaction committed). */
static int put_item(pct_store *st, const pct_store_item *it, long long *id_out, int *dup_out,
                    ftsq *later)
{
    int error;
    *dup_out = 0;
    if ((error = st->ops->begin(st)) < 0)
        return error;
    error = st->ops->find_hash(st, it->sha256, id_out);
    if (error == 0) {
        *dup_out = 1;
        st->ops->rollback(st);
        return 0;
    }
    if (error != PCT_ENOTFOUND)
        goto fail;
    if ((error = st->ops->insert(st, it, id_out)) < 0)
        goto fail;
    if ((error = relink(st, *id_out, it, NULL, 0, later != NULL)) < 0)
        goto fail;
    if (later) {
        if ((error = st->ops->index_mark(st, *id_out)) < 0)
            goto fail;
    } else {
        pct_store_ftsrow one[8], *rows = one;
        if (it->ndocs > 8)
            rows = pct__malloc(st->ctx, it->ndocs * sizeof *rows);
        if (!rows) {
            error = pct__err(st->ctx, PCT_ENOMEM, "out of memory");
            goto fail;
        }
        for (size_t i = 0; i < it->ndocs; i++)
            rows[i] = (pct_store_ftsrow){*id_out, (int)i, it->docs[i].body, it->docs[i].body_len,
                                         it->docs[i].toks, it->docs[i].toks_len};
        error = st->ops->index(st, NULL, 0, rows, it->ndocs);
        if (rows != one)
            pct__free(st->ctx, rows, it->ndocs * sizeof *rows);
        if (error < 0)
            goto fail;
    }
    if ((error = st->ops->commit(st)) < 0)
        goto fail;
    if (later && ftsq_add(later, it, *id_out) < 0)
        (void)0; /* out of memory: the mark stays, index_marked writes the rows */
    return 0;
fail:
    st->ops->rollback(st);
    return error;
}

int pct_store_add(pct_store *st, const char *path, const char *data, size_t len,
                  long long *id_out, int *duplicate_out)
{
    int error;
    if ((error = check_writable(st)) < 0)
        return error;
    char *copy = malloc(len + 1);
    if (!copy)
        return pct__err(st->ctx, PCT_ENOMEM, "out of memory");
    if (len)
        memcpy(copy, data, len);
    pct_store_item *it = pct_store__item_new(&st->ctx->alloc, path ? path : "", copy, len);
    if (!it)
        return pct__err(st->ctx, PCT_ENOMEM, "out of memory");
    if (it->err) {
        error = pct__err(st->ctx, it->err, "%s", it->errmsg);
    } else {
        long long id = 0;
        int dup = 0;
        error = put_item(st, it, &id, &dup, NULL);
        if (error == 0) {
            if (id_out)
                *id_out = id;
            if (duplicate_out)
                *duplicate_out = dup;
        }
    }
    pct_store__item_free(it);
    return error;
}

int pct_store_resolve(pct_store *st, const char *ref, long long *id_out)
{
    if (!ref || !*ref)
        return pct__err(st->ctx, PCT_EINVALID, "empty reference");
    return st->ops->resolve(st, ref, id_out);
}

int pct_store_remove(pct_store *st, long long id)
{
    pct_vec ids;
    int error;
    if ((error = check_writable(st)) < 0)
        return error;
    pct_vec__init(&ids, st->ctx, sizeof(long long));
    if ((error = st->ops->begin(st)) < 0)
        return error;
    if ((error = st->ops->candidates(st, id, MAX_LINK_CANDIDATES, &ids)) < 0)
        goto fail;
    if ((error = st->ops->remove(st, id)) < 0)
        goto fail;
    size_t o = 0;
    for (size_t i = 0; i < ids.len; i++)
        if (PCT_VEC_AT(&ids, long long, i) != id)
            PCT_VEC_AT(&ids, long long, o++) = PCT_VEC_AT(&ids, long long, i);
    if (o && (error = relink(st, 0, NULL, ids.data, o, 0)) < 0)
        goto fail;
    if ((error = st->ops->commit(st)) < 0)
        goto fail;
    pct_vec__free(&ids);
    return 0;
fail:
    st->ops->rollback(st);
    pct_vec__free(&ids);
    return error;
}

static int has_id(const pct_vec *v, long long id)
{
    for (size_t i = 0; i < v->len; i++)
        if (PCT_VEC_AT(v, long long, i) == id)
            return 1;
    return 0;
}

/* Re-links the families of the files waiting for it: those a batch added
 * next to stored relatives (each was stored with the families of its own
 * file and a mark), and those of a batch a crash interrupted. The newest
 * first, each with its candidates, in one transaction that also clears the
 * marks of every waiting file whose own candidates all took part: a family
 * of k related files is linked about k / MAX_LINK_CANDIDATES times per
 * batch instead of k times, so an add costs linear time. */
static int flush_relinks(pct_store *st)
{
    pct_vec pend, set, mine;
    int error;
    pct_vec__init(&pend, st->ctx, sizeof(long long));
    pct_vec__init(&set, st->ctx, sizeof(long long));
    pct_vec__init(&mine, st->ctx, sizeof(long long));
    if ((error = st->ops->relink_pending(st, &pend)) < 0)
        goto done;
    if (pend.len && !st->rcache) /* without it (out of memory) files are parsed per relink */
        st->rcache = pct__calloc(st->ctx, 1, sizeof *st->rcache);
    for (size_t i = pend.len; i-- > 0;) {
        long long id = PCT_VEC_AT(&pend, long long, i), got;
        char ref[32];
        if (!id)
            continue; /* done with an earlier relink */
        if ((error = st->ops->begin(st)) < 0)
            goto done;
        set.len = 0;
        snprintf(ref, sizeof ref, "%lld", id);
        error = st->ops->resolve(st, ref, &got);
        if (error == PCT_ENOTFOUND) { /* removed meanwhile by another process */
            pct__clear_err(st->ctx);
            error = st->ops->relink_mark(st, id, 0);
        } else if (error == 0 &&
                   (error = st->ops->candidates(st, id, MAX_LINK_CANDIDATES, &set)) == 0) {
            error = relink(st, 0, NULL, set.data, set.len, 0);
        }
        for (size_t k = 0; !error && k <= i; k++) {
            long long p = PCT_VEC_AT(&pend, long long, k);
            if (!p || (p != id && !has_id(&set, p)))
                continue;
            mine.len = 0;
            if (p != id && (error = st->ops->candidates(st, p, MAX_LINK_CANDIDATES, &mine)) < 0)
                break;
            int covered = 1;
            for (size_t m = 0; m < mine.len && covered; m++)
                covered = has_id(&set, PCT_VEC_AT(&mine, long long, m));
            if (!covered)
                continue;
            if ((error = st->ops->relink_mark(st, p, 0)) < 0)
                break;
            PCT_VEC_AT(&pend, long long, k) = 0;
        }
        if (!error)
            error = st->ops->commit(st);
        if (error < 0) {
            st->ops->rollback(st);
            goto done;
        }
    }
done:
    rcache_free(st);
    pct_vec__free(&pend);
    pct_vec__free(&set);
    pct_vec__free(&mine);
    return error;
}

/* ============================================================ the walk */

typedef struct wfile {
    char *path;           /* malloc'd */
    unsigned long long size;
    const char *problem;  /* why it cannot be read (static text), or NULL */
} wfile;

typedef struct walk {
    wfile *v;
    size_t n, cap;
    struct stat store_sb; /* the store file itself is never added */
    int have_store;
    char *store_path;
} walk;

static int walk_push(walk *w, const char *path, unsigned long long size, const char *problem)
{
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 64;
        wfile *v = realloc(w->v, cap * sizeof *v);
        if (!v)
            return PCT_ENOMEM;
        w->v = v;
        w->cap = cap;
    }
    char *p = strdup(path);
    if (!p)
        return PCT_ENOMEM;
    w->v[w->n++] = (wfile){p, size, problem};
    return 0;
}

static int is_store_file(const walk *w, const char *path, const struct stat *sb)
{
    if (w->have_store && sb->st_dev == w->store_sb.st_dev && sb->st_ino == w->store_sb.st_ino)
        return 1;
    size_t n = strlen(path);
    static const char *const tails[] = {"-wal", "-shm", "-journal"};
    for (size_t i = 0; i < 3; i++) {
        size_t k = strlen(tails[i]);
        if (n > k && !strcmp(path + n - k, tails[i]) && w->store_path &&
            strlen(w->store_path) == n - k && !strncmp(path, w->store_path, n - k))
            return 1;
    }
    return 0;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists the entries of one directory, sorted, hidden ones skipped. */
static int list_dir(const char *dir, char ***names_out, size_t *n_out)
{
    DIR *d = opendir(dir);
    if (!d)
        return PCT_EIO;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int error = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **v = realloc(names, cap * sizeof *v);
            if (!v) {
                error = PCT_ENOMEM;
                break;
            }
            names = v;
        }
        if (!(names[n] = strdup(e->d_name))) {
            error = PCT_ENOMEM;
            break;
        }
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof *names, name_cmp);
    *names_out = names;
    *n_out = n;
    return error;
}

/* Walks the paths with an explicit stack of directories (depth-first,
 * sorted), following symbolic links but never entering a directory twice. */
static int walk_paths(walk *w, const char *const *paths, size_t npaths)
{
    char **stack = NULL;
    size_t sn = 0, scap = 0;
    struct stat *seen = NULL;
    size_t nseen = 0, seencap = 0;
    int error = 0;
    for (size_t i = npaths; i-- > 0 && !error;) {
        if (sn == scap) {
            scap = scap ? scap * 2 : 16;
            char **v = realloc(stack, scap * sizeof *v);
            if (!v) {
                error = PCT_ENOMEM;
                break;
            }
            stack = v;
        }
        if (!(stack[sn] = strdup(paths[i])))
            error = PCT_ENOMEM;
        else
            sn++;
    }
    while (sn && !error) {
        char *p = stack[--sn];
        struct stat sb;
        if (stat(p, &sb) < 0) {
            error = walk_push(w, p, 0, errno == ENOENT ? "no such file or directory"
                                                       : "cannot read it");
        } else if (S_ISREG(sb.st_mode)) {
            if (!is_store_file(w, p, &sb))
                error = walk_push(w, p, (unsigned long long)sb.st_size, NULL);
        } else if (S_ISDIR(sb.st_mode)) {
            int dup = 0;
            for (size_t k = 0; k < nseen; k++)
                dup |= seen[k].st_dev == sb.st_dev && seen[k].st_ino == sb.st_ino;
            char **names = NULL;
            size_t nn = 0;
            if (!dup) {
                if (nseen == seencap) {
                    seencap = seencap ? seencap * 2 : 16;
                    struct stat *v = realloc(seen, seencap * sizeof *v);
                    if (!v) {
                        error = PCT_ENOMEM;
                        free(p);
                        break;
                    }
                    seen = v;
                }
                seen[nseen++] = sb;
                int e = list_dir(p, &names, &nn);
                if (e == PCT_EIO)
                    error = walk_push(w, p, 0, "cannot read the directory");
                else
                    error = e;
            }
            if (sn + nn > scap) {
                scap = sn + nn + 16;
                char **v = realloc(stack, scap * sizeof *v);
                if (!v)
                    error = PCT_ENOMEM;
                else
                    stack = v;
            }
            for (size_t k = nn; k-- > 0;) {
                if (!error) {
                    size_t len = strlen(p) + strlen(names[k]) + 2;
                    char *c = malloc(len);
                    if (!c)
                        error = PCT_ENOMEM;
                    else {
                        snprintf(c, len, "%s%s%s", p,
                                 p[strlen(p) - 1] == '/' ? "" : "/", names[k]);
                        stack[sn++] = c;
                    }
                }
                free(names[k]);
            }
            free(names);
        } else {
            error = walk_push(w, p, 0, "not a regular file");
        }
        free(p);
    }
    while (sn)
        free(stack[--sn]);
    free(stack);
    free(seen);
    return error;
}

static void walk_free(walk *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->v[i].path);
    free(w->v);
}

/* ============================================================ pipeline */

/* Files are claimed in walk order and committed in walk order, so ids and
 * which of two identical files is kept do not depend on thread timing.
 * A file is claimed only within `window` of the next one to commit and,
 * beyond one file per worker, while the files claimed ahead of the writer
 * hold at most READ_AHEAD_BYTES; a prepared file waits in
 * slot[index % window]: memory stays bounded however slow one file is. A
 * window of a few files per worker left the cores idle whenever a long
 * file held the writer's next slot (the other worker filled the window
 * and waited); QUEUE_PER_WORKER files per worker absorb that. */
typedef struct pipeline {
    pthread_mutex_t mu;
    pthread_cond_t can_claim, can_get;
    const wfile *files;
    size_t nfiles, next;      /* next file index to claim */
    size_t committed;         /* index of the next file the writer takes */
    pct_store_item **slot;    /* `window` slots, by index % window */
    size_t window;
    unsigned long long ahead; /* bytes of the files claimed and not yet taken by the writer */
    int stop;
    int workers;              /* still running */
    const pct_allocator *alloc;
    const pct_store_rows *known; /* hashes stored before the add, sorted */
    const pct_store_ops *ops;    /* tok_*: the workers tokenize the full-text bodies */
} pipeline;

static int known_hash(const pct_store_rows *known, const char *sha)
{
    size_t lo = 0, hi = known ? known->rows.len : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(PCT_VEC_AT(&known->rows, pct_store_row, mid).sha256, sha);
        if (c == 0)
            return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* Reads a whole file into a malloc'd buffer. */
static int read_file(const char *path, char **out, size_t *len_out, const char **why)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *why = errno == ENOENT ? "no such file" : strerror(errno);
        return PCT_EIO;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int error = 0;
    for (;;) {
        if (cap - len < 65536) {
            cap = cap ? cap * 2 : 262144;
            if (cap > (size_t)MAX_FILE_BYTES + 262144) {
                *why = "file too large for a contract (over 256 MB)";
                error = PCT_EINVALID;
                break;
            }
            char *b = realloc(buf, cap);
            if (!b) {
                *why = "out of memory";
                error = PCT_ENOMEM;
                break;
            }
            buf = b;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f)) {
                *why = "read error";
                error = PCT_EIO;
            }
            break;
        }
    }
    fclose(f);
    if (error < 0) {
        free(buf);
        return error;
    }
    *out = buf;
    *len_out = len;
    return 0;
}

static pct_store_item *prepare_file(pipeline *pl, const wfile *wf)
{
    pct_store_item *it;
    char *data = NULL;
    size_t len = 0;
    const char *why = wf->problem;
    char abs[4096];
    const char *path = wf->path;
    if (wf->path[0] != '/' && realpath(wf->path, abs))
        path = abs;
    if (!why && read_file(wf->path, &data, &len, &why) == 0) {
        char sha[65];
        pct_sha256__hex(data, len, sha);
        if (known_hash(pl->known, sha)) {
            if (!(it = item_alloc(pl->alloc, path))) {
                free(data);
                return NULL;
            }
            memcpy(it->sha256, sha, sizeof sha);
            it->data = data;
            it->len = len;
            it->known = 1;
            return it;
        }
        return item_new(pl->alloc, path, data, len, sha);
    }
    if (!(it = item_alloc(pl->alloc, path)))
        return NULL;
    it->err = PCT_EIO;
    snprintf(it->errmsg, sizeof it->errmsg, "%s: %s", wf->path, why ? why : "cannot read it");
    return it;
}

/* The full-text tokens of each body of a prepared item, made here so that
 * the writer only replays them (ops->tok_run); without them the writer
 * tokenizes. */
static void tokenize_item(const pct_store_ops *ops, void *tok, pct_store_item *it)
{
    for (size_t i = 0; i < it->ndocs; i++) {
        pct_store_docinfo *d = &it->docs[i];
        if (d->body && ops->tok_run(tok, it->arena, d->body, d->body_len, &d->toks,
                                    &d->toks_len) < 0)
            break; /* out of memory: the writer tokenizes the rest */
    }
}

static void *worker(void *arg)
{
    pipeline *pl = arg;
    void *tok = pl->ops && pl->ops->tok_new ? pl->ops->tok_new() : NULL;
    for (;;) {
        pthread_mutex_lock(&pl->mu);
        while (!pl->stop && pl->next < pl->nfiles &&
               (pl->next >= pl->committed + pl->window ||
                (pl->next >= pl->committed + (size_t)pl->workers &&
                 pl->ahead + pl->files[pl->next].size > READ_AHEAD_BYTES)))
            pthread_cond_wait(&pl->can_claim, &pl->mu);
        if (pl->stop || pl->next >= pl->nfiles) {
            pthread_mutex_unlock(&pl->mu);
            break;
        }
        size_t idx = pl->next++;
        pl->ahead += pl->files[idx].size;
        pthread_mutex_unlock(&pl->mu);
        pct_store_item *it = prepare_file(pl, &pl->files[idx]);
        if (tok && it && !it->err && !it->known)
            tokenize_item(pl->ops, tok, it);
        pthread_mutex_lock(&pl->mu);
        if (pl->stop || !it) {
            pl->stop |= !it; /* out of memory: stop the batch */
            pthread_mutex_unlock(&pl->mu);
            pct_store__item_free(it);
            pthread_cond_broadcast(&pl->can_get);
            pthread_cond_broadcast(&pl->can_claim);
            break;
        }
        pl->slot[idx % pl->window] = it;
        pthread_cond_broadcast(&pl->can_get);
        pthread_mutex_unlock(&pl->mu);
    }
    if (tok)
        pl->ops->tok_free(tok);
    pthread_mutex_lock(&pl->mu);
    pl->workers--;
    pthread_cond_broadcast(&pl->can_get);
    pthread_mutex_unlock(&pl->mu);
    return NULL;
}

/* The next prepared item in walk order, or NULL when there is none to come. */
static pct_store_item *next_item(pipeline *pl)
{
    pthread_mutex_lock(&pl->mu);
    pct_store_item **s = &pl->slot[pl->committed % pl->window];
    while (!*s && pl->workers > 0 && pl->committed < pl->nfiles)
        pthread_cond_wait(&pl->can_get, &pl->mu);
    pct_store_item *it = *s;
    if (it) {
        *s = NULL;
        pl->ahead -= pl->files[pl->committed].size;
        pl->committed++;
        pthread_cond_broadcast(&pl->can_claim);
    }
    pthread_mutex_unlock(&pl->mu);
    return it;
}

/* 1 when every file is claimed and the next one to write is not ready:
 * the writer would wait for the last files, so it writes the queued
 * full-text rows meanwhile rather than all of them after the last file. */
static int tail_wait(pipeline *pl)
{
    pthread_mutex_lock(&pl->mu);
    int wait = pl->next >= pl->nfiles && pl->committed < pl->nfiles && pl->workers > 0 &&
               !pl->slot[pl->committed % pl->window];
    pthread_mutex_unlock(&pl->mu);
    return wait;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (int)n;
}

/* Writes one item; returns a negative code only for a failure of the store. */
static int write_item(pct_store *st, pct_store_item *it, pct_add_event *ev, ftsq *later)
{
    ev->path = it->path;
    ev->bytes = it->len;
    ev->ndocs = it->ndocs;
    ev->message = NULL;
    ev->id = 0;
    if (it->err) {
        ev->status = PCT_ADD_FAILED;
        ev->message = it->errmsg;
        return 0;
    }
    int dup = 0;
    if (it->known) {
        if (st->ops->find_hash(st, it->sha256, &ev->id) == 0) {
            ev->status = PCT_ADD_DUPLICATE;
            return 0;
        }
        item_prepare(it); /* removed since the add began: store it after all */
        if (it->err) {
            ev->status = PCT_ADD_FAILED;
            ev->message = it->errmsg;
            return 0;
        }
        ev->ndocs = it->ndocs;
    }
    int error = put_item(st, it, &ev->id, &dup, later);
    if (error < 0) {
        ev->status = PCT_ADD_FAILED;
        ev->message = pct_errmsg(st->ctx);
        return error;
    }
    ev->status = dup ? PCT_ADD_DUPLICATE : PCT_ADD_ADDED;
    return 0;
}

int pct_store_add_paths(pct_store *st, const char *const *paths, size_t n,
                        const pct_add_opts *opts, pct_add_summary *summary_out)
{
    walk w = {0};
    pipeline pl;
    pthread_t tids[MAX_THREADS];
    pct_store_rows *known = NULL;
    pct_add_summary sum = {0};
    int nthreads = 0, error, store_error = 0, user_stop = 0;
    double t0 = now_seconds();
    ftsq later;
    memset(&pl, 0, sizeof pl);
    /* first finish what an interrupted add left: relinks and full-text rows */
    if ((error = check_writable(st)) < 0 || (error = flush_relinks(st)) < 0 ||
        (error = index_marked(st)) < 0)
        return error;
    ftsq_init(&later, st->ctx);
    st->ops->batch(st, 1);
    w.have_store = stat(st->path, &w.store_sb) == 0;
    w.store_path = st->path;
    if (walk_paths(&w, paths, n) < 0) {
        error = pct__err(st->ctx, PCT_ENOMEM, "out of memory listing the files");
        goto done;
    }
    sum.total = w.n;
    unsigned long long bytes_total = 0;
    for (size_t i = 0; i < w.n; i++)
        bytes_total += w.v[i].size;
    if (!(known = pct__calloc(st->ctx, 1, sizeof *known)) ||
        !(known->arena = pct_arena__new(st->ctx))) {
        error = pct__err(st->ctx, PCT_ENOMEM, "out of memory");
        goto done;
    }
    known->ctx = st->ctx;
    pct_vec__init(&known->rows, st->ctx, sizeof(pct_store_row));
    if ((error = st->ops->hashes(st, known)) < 0)
        goto done;
    nthreads = opts && opts->threads > 0 ? opts->threads : default_threads();
    if (nthreads > MAX_THREADS)
        nthreads = MAX_THREADS;
    if ((size_t)nthreads > w.n)
        nthreads = w.n ? (int)w.n : 1;
    pl.files = w.v;
    pl.nfiles = w.n;
    pl.window = (size_t)nthreads * (QUEUE_PER_WORKER + 1);
    pl.alloc = &st->ctx->alloc;
    pl.known = known;
    pl.ops = st->ops;
    if (!(pl.slot = calloc(pl.window, sizeof *pl.slot))) {
        error = pct__err(st->ctx, PCT_ENOMEM, "out of memory");
        goto done;
    }
    pthread_mutex_init(&pl.mu, NULL);
    pthread_cond_init(&pl.can_claim, NULL);
    pthread_cond_init(&pl.can_get, NULL);
    int started = 0;
    for (int i = 0; i < nthreads; i++) {
        pthread_mutex_lock(&pl.mu);
        pl.workers++;
        pthread_mutex_unlock(&pl.mu);
        if (pthread_create(&tids[i], NULL, worker, &pl) != 0) {
            pthread_mutex_lock(&pl.mu);
            pl.workers--;
            pthread_mutex_unlock(&pl.mu);
            break;
        }
        started++;
    }
    if (!started) {
        error = pct__err(st->ctx, PCT_ERROR, "cannot start worker threads");
        goto joined;
    }
    pct_add_event ev = {0};
    ev.total = w.n;
    ev.bytes_total = bytes_total;
    pct_store_item *it;
    while ((it = next_item(&pl))) {
        if (!store_error && !user_stop) {
            int e = write_item(st, it, &ev, &later);
            if (e == 0 && (ftsq_full(&later) || tail_wait(&pl)))
                e = ftsq_flush(st, &later);
            sum.added += ev.status == PCT_ADD_ADDED;
            sum.duplicates += ev.status == PCT_ADD_DUPLICATE;
            sum.failed += ev.status == PCT_ADD_FAILED;
            sum.bytes += it->len;
            ev.done++;
            ev.bytes_done += it->len;
            ev.elapsed = now_seconds() - t0;
            if (opts && opts->progress && opts->progress(&ev, opts->ud))
                user_stop = 1;
            if (e < 0)
                store_error = e;
            if (store_error || user_stop) {
                pthread_mutex_lock(&pl.mu);
                pl.stop = 1;
                pthread_cond_broadcast(&pl.can_claim);
                pthread_mutex_unlock(&pl.mu);
            }
        }
        pct_store__item_free(it);
    }
joined:
    for (int i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    for (size_t i = 0; i < pl.window; i++) /* prepared after a stop */
        pct_store__item_free(pl.slot[i]);
    pthread_cond_destroy(&pl.can_claim);
    pthread_cond_destroy(&pl.can_get);
    pthread_mutex_destroy(&pl.mu);
    if (!error && !store_error) /* the last files' full-text rows */
        store_error = ftsq_flush(st, &later);
    if (!error && store_error)
        error = store_error; /* the message is still on st->ctx */
    if (!error && started) /* families of the batch's files with stored relatives */
        error = flush_relinks(st);
    if (!error) /* files whose rows could not be queued (out of memory) */
        error = index_marked(st);
    if (!error && !store_error && !user_stop && sum.added + sum.duplicates + sum.failed < w.n)
        error = pct__err(st->ctx, PCT_ENOMEM, "out of memory: the add stopped early");
done:
    sum.seconds = now_seconds() - t0;
    if (summary_out)
        *summary_out = sum;
    st->ops->batch(st, 0);
    ftsq_free(&later);
    free(pl.slot);
    if (known) {
        pct_store_rows_free(known);
    }
    walk_free(&w);
    return error;
}

/* ============================================================== queries */

pct_store_row *pct_store__row_push(pct_store_rows *rows) { return pct_vec__push(&rows->rows); }

const char *pct_store__rows_str(pct_store_rows *rows, const char *s)
{
    return s ? pct_arena__strndup(rows->arena, s, strlen(s)) : NULL;
}

size_t pct_store_rows_count(const pct_store_rows *rows) { return rows ? rows->rows.len : 0; }

const pct_store_row *pct_store_rows_at(const pct_store_rows *rows, size_t i)
{
    return rows && i < rows->rows.len ? &PCT_VEC_AT(&rows->rows, pct_store_row, i) : NULL;
}

void pct_store_rows_free(pct_store_rows *rows)
{
    if (!rows)
        return;
    pct_vec__free(&rows->rows);
    pct_arena__free(rows->arena);
    pct__free(rows->ctx, rows, sizeof *rows);
}

static int run_query(pct_store_rows **out, pct_store *st, const pct_store_query *q)
{
    pct_store_rows *rows = pct__calloc(st->ctx, 1, sizeof *rows);
    *out = NULL;
    if (!rows || !(rows->arena = pct_arena__new(st->ctx))) {
        if (rows)
            pct__free(st->ctx, rows, sizeof *rows);
        return pct__err(st->ctx, PCT_ENOMEM, "out of memory");
    }
    rows->ctx = st->ctx;
    pct_vec__init(&rows->rows, st->ctx, sizeof(pct_store_row));
    int error = st->ops->query(st, q, rows);
    if (error < 0) {
        pct_store_rows_free(rows);
        return error;
    }
    *out = rows;
    return 0;
}

int pct_store_list(pct_store_rows **out, pct_store *st, const pct_store_filter *filter)
{
    pct_store_query q = {.kind = PCT_STORE_Q_LIST};
    if (filter)
        q.filter = *filter;
    if (q.filter.expiring_before && !is_iso(q.filter.expiring_before))
        return pct__err(st->ctx, PCT_EINVALID, "'%s' is not a date (YYYY-MM-DD)",
                        q.filter.expiring_before);
    return run_query(out, st, &q);
}

static int word_byte(unsigned char c)
{
    return pct__is_alpha(c) || pct__is_digit(c) || c == '_' || c >= 0x80;
}

/* Rewrites a user's query into safe FTS5 syntax: each word and "phrase"
 * quoted, OR/AND/NOT kept between terms, a trailing * kept as a prefix
 * search, everything else a separator. Plain words without operators must
 * occur near each other (one passage), as a reader means them; with
 * AND/OR/NOT the document as a whole is matched. */
/* The index is stemmed (Porter) and FTS5 does not stem a prefix query, so
 * "terminat*" would miss "termination" (indexed "termin"). When a prefix
 * ends with the beginning of a suffix Porter removes ("at" of "ate" and
 * "ation"), the stem of a word it begins may end before it: returns the
 * length of that shorter prefix (at least STEM_MIN letters), else n. */
#define STEM_MIN 3
static size_t stem_cut(const char *p, size_t n)
{
    static const char *const suffixes[] = {"ational", "ation", "ate", "ement", "ment", "ent",
                                           "ance", "ence", "able", "ible", "ion", "ism",
                                           "iti", "ous", "ive", "ize", "ant", "ful", "ness",
                                           NULL};
    size_t best = n;
    for (const char *const *x = suffixes; *x; x++) {
        size_t xl = strlen(*x);
        for (size_t k = 1; k < xl && k < n; k++) /* a proper beginning of the suffix */
            if (n - k >= STEM_MIN && !strncasecmp(p + n - k, *x, k) && n - k < best)
                best = n - k;
    }
    return best;
}

static int fts_query(pct_buf *b, const char *s)
{
    int pending_op = 0; /* 1 OR, 2 AND, 3 NOT waiting for a right operand */
    int nterms = 0, ops = 0, grouped = 0;
    size_t at = b->len;
    for (size_t i = 0; s[i];) {
        unsigned char c = (unsigned char)s[i];
        const char *term = NULL;
        size_t tn = 0;
        int prefix = 0;
        if (c == '"') {
            size_t j = i + 1;
            while (s[j] && s[j] != '"')
                j++;
            term = s + i + 1;
            tn = j - i - 1;
            i = s[j] ? j + 1 : j;
        } else if (word_byte(c)) {
            size_t j = i;
            while (s[j] && word_byte((unsigned char)s[j]))
                j++;
            term = s + i;
            tn = j - i;
            i = j;
            if (s[i] == '*') {
                prefix = 1;
                i++;
            }
            int op = (tn == 2 && !strncmp(term, "OR", 2)) ? 1
                     : (tn == 3 && !strncmp(term, "AND", 3)) ? 2
                     : (tn == 3 && !strncmp(term, "NOT", 3)) ? 3 : 0;
            if (op && !prefix) {
                if (nterms)
                    pending_op = op;
                continue;
            }
        } else {
            i++;
            continue;
        }
        /* a phrase keeps its words only */
        int any = 0;
        for (size_t k = 0; k < tn; k++)
            any |= word_byte((unsigned char)term[k]);
        if (!any)
            continue;
        if (nterms)
            pct_buf__puts(b, pending_op == 1 ? " OR " : pending_op == 3 ? " NOT " : " AND ");
        ops |= pending_op;
        pending_op = 0;
        size_t cut = prefix ? stem_cut(term, tn) : tn;
        if (cut < tn)
            pct_buf__putc(b, '(');
        pct_buf__putc(b, '"');
        for (size_t k = 0; k < tn; k++)
            pct_buf__putc(b, word_byte((unsigned char)term[k]) ? term[k] : ' ');
        pct_buf__putc(b, '"');
        if (prefix)
            pct_buf__putc(b, '*');
        if (cut < tn) { /* the stem the index holds for the words the prefix begins */
            pct_buf__printf(b, " OR \"%.*s\"*)", (int)cut, term);
            grouped = 1; /* NEAR takes no groups: the words then go together by AND */
        }
        nterms++;
    }
    if (nterms > 1 && !ops && !grouped && !b->failed) {
        /* plain words: all of them within one passage, not anywhere in the
         * document: "a" AND "b" -> NEAR("a" "b", N) */
        size_t n = b->len - at;
        char *terms = pct__malloc(b->ctx, n + 1);
        if (!terms)
            return PCT_ENOMEM;
        memcpy(terms, b->data + at, n);
        terms[n] = '\0';
        b->len = at;
        pct_buf__puts(b, "NEAR(");
        for (char *t = terms; *t; t++) {
            if (!strncmp(t, " AND ", 5)) {
                pct_buf__putc(b, ' ');
                t += 4;
                continue;
            }
            pct_buf__putc(b, *t);
        }
        pct_buf__printf(b, ", %d)", SEARCH_NEAR_TOKENS);
        pct__free(b->ctx, terms, n + 1);
    }
    return b->failed ? PCT_ENOMEM : nterms;
}

int pct_store_search(pct_store_rows **out, pct_store *st, const char *query, size_t limit)
{
    pct_buf b;
    pct_buf__init(&b, st->ctx);
    *out = NULL;
    int n = fts_query(&b, query ? query : "");
    int error;
    if (n < 0)
        error = pct__err(st->ctx, PCT_ENOMEM, "out of memory");
    else if (n == 0)
        error = pct__err(st->ctx, PCT_EINVALID, "search: the query has no words");
    else {
        pct_store_query q = {.kind = PCT_STORE_Q_SEARCH, .text = b.data,
                             .limit = limit ? limit : DEFAULT_SEARCH_LIMIT};
        error = run_query(out, st, &q);
    }
    pct_buf__free(&b);
    return error;
}

int pct_store_due(pct_store_rows **out, pct_store *st, const char *from, const char *to)
{
    char today[11];
    pct_store__today(today);
    if ((from && !is_iso(from)) || (to && !is_iso(to)))
        return pct__err(st->ctx, PCT_EINVALID, "'%s' is not a date (YYYY-MM-DD)",
                        from && !is_iso(from) ? from : to);
    pct_store_query q = {.kind = PCT_STORE_Q_DUE, .from = from, .to = to, .today = today};
    return run_query(out, st, &q);
}

int pct_store_stats_get(pct_store *st, pct_store_stats *out) { return st->ops->stats(st, out); }

int pct_store_load(pct_doc **out, pct_store *st, long long id)
{
    char *data = NULL, *path = NULL;
    size_t len = 0;
    int error = st->ops->load(st, id, &data, &len, &path);
    if (error < 0)
        return error;
    error = pct_doc_parse(out, st->ctx, path, data, len);
    pct__free(st->ctx, data, len + 1);
    pct__free(st->ctx, path, strlen(path) + 1);
    return error;
}

/* ============================================================ renderers */

/* A count (months, days) as a JSON number; a word ("perpetual") stays a
 * string and a missing value is null, so ls, due and search agree. */
static void num_or_str(pct_jw *w, const char *key, const char *v)
{
    size_t n = v ? strspn(v, "0123456789") : 0;
    if (n && n < 19 && v[n] == '\0') {
        pct_jw__key(w, key);
        pct_jw__raw(w, v, n);
    } else {
        pct_jw__kstr(w, key, v);
    }
}

static void row_json(pct_jw *w, const pct_store_row *r)
{
    pct_jw__obj(w);
    pct_jw__kint(w, "id", r->id);
    pct_jw__kint(w, "doc", r->doc);
    if (r->family)
        pct_jw__kint(w, "family", r->family);
    else {
        pct_jw__key(w, "family");
        pct_jw__null(w);
    }
    pct_jw__kstr(w, "name", r->name);
    pct_jw__kstr(w, "path", r->path);
    pct_jw__kstr(w, "sha256", r->sha256);
    pct_jw__kstr(w, "added_at", r->added_at);
    pct_jw__kint(w, "bytes", (long long)r->bytes);
    pct_jw__kstr(w, "kind", r->kind);
    pct_jw__kint(w, "ordinal", r->ordinal);
    pct_jw__kstr(w, "title", r->title);
    pct_jw__kstr(w, "parties", r->parties);
    pct_jw__kstr(w, "agreement_date", r->agreement_date);
    pct_jw__kstr(w, "effective_date", r->effective_date);
    pct_jw__kstr(w, "expiration_date", r->expiration_date);
    num_or_str(w, "renewal_term", r->renewal_term);
    num_or_str(w, "notice_days", r->notice_days);
    pct_jw__kstr(w, "governing_law", r->governing_law);
    pct_jw__key(w, "signed");
    if (r->signed_ < 0)
        pct_jw__null(w);
    else
        pct_jw__bool(w, r->signed_);
    pct_jw__kstr(w, "family_title", r->family_title);
    if (r->snippet) {
        char rank[32];
        snprintf(rank, sizeof rank, "%.4f", r->rank);
        pct_jw__key(w, "rank");
        pct_jw__raw(w, rank, strlen(rank));
        pct_jw__kstr(w, "section", r->section);
        pct_jw__kstr(w, "heading", r->heading);
        pct_jw__kstr(w, "snippet", r->snippet);
        pct_jw__kspan(w, "span", r->span);
    }
    if (r->event) {
        pct_jw__kstr(w, "event", r->event);
        pct_jw__kstr(w, "date", r->date);
        pct_jw__kint(w, "days", r->days);
        pct_jw__kstr(w, "basis", r->basis);
    }
    pct_jw__obj_end(w);
}

int pct_store_rows_json(const pct_store_rows *rows, pct_sink sink, void *ud)
{
    pct_jw w;
    pct_jw__init(&w, sink, ud, 1);
    pct_jw__arr(&w);
    for (size_t i = 0; i < pct_store_rows_count(rows); i++)
        row_json(&w, pct_store_rows_at(rows, i));
    pct_jw__arr_end(&w);
    int error = pct_jw__end(&w);
    if (!error && sink("\n", 1, ud))
        error = PCT_EIO;
    return error < 0 ? error : error ? PCT_EIO : 0;
}

/* ---------------------------------------------------------------- ical */

#define ICAL_LINE_OCTETS 75 /* RFC 5545 3.1: lines longer than this are folded */

typedef struct ical {
    pct_sink sink;
    void *ud;
    int err;
    pct_buf line;
} ical;

/* Ends the current content line, folding it at 75 octets without splitting a
 * UTF-8 sequence. */
static void ical_end_line(ical *ic)
{
    const char *s = ic->line.data ? ic->line.data : "";
    size_t n = ic->line.len, at = 0, room = ICAL_LINE_OCTETS;
    while (!ic->err && n - at > room) {
        size_t cut = at + room;
        while (cut > at && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut--;
        if (ic->sink(s + at, cut - at, ic->ud) || ic->sink("\r\n ", 3, ic->ud))
            ic->err = PCT_EIO;
        at = cut;
        room = ICAL_LINE_OCTETS - 1;
    }
    if (!ic->err && (ic->sink(s + at, n - at, ic->ud) || ic->sink("\r\n", 2, ic->ud)))
        ic->err = PCT_EIO;
    ic->line.len = 0;
}

static void ical_prop(ical *ic, const char *name, const char *value)
{
    pct_buf__puts(&ic->line, name);
    pct_buf__putc(&ic->line, ':');
    pct_buf__puts(&ic->line, value);
    ical_end_line(ic);
}

/* A TEXT value: backslash, semicolon, comma and newline escaped. */
static void ical_text(ical *ic, const char *name, const char *value)
{
    pct_buf__puts(&ic->line, name);
    pct_buf__putc(&ic->line, ':');
    for (const char *p = value ? value : ""; *p; p++) {
        if (*p == '\\' || *p == ';' || *p == ',')
            pct_buf__putc(&ic->line, '\\');
        if (*p == '\n') {
            pct_buf__puts(&ic->line, "\\n");
            continue;
        }
        if ((unsigned char)*p < 0x20)
            continue;
        pct_buf__putc(&ic->line, *p);
    }
    ical_end_line(ic);
}

static void compact_date(const char *iso, char out[9])
{
    snprintf(out, 9, "%.4s%.2s%.2s", iso, iso + 5, iso + 8);
}

int pct_store_rows_ical(const pct_store_rows *rows, pct_sink sink, void *ud)
{
    ical ic = {sink, ud, 0, {0}};
    pct_buf__init(&ic.line, rows->ctx);
    char stamp[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    ical_prop(&ic, "BEGIN", "VCALENDAR");
    ical_prop(&ic, "VERSION", "2.0");
    ical_prop(&ic, "PRODID", "-//pactum//pactum " PCT_VERSION "//EN");
    ical_prop(&ic, "CALSCALE", "GREGORIAN");
    ical_prop(&ic, "METHOD", "PUBLISH");
    ical_text(&ic, "X-WR-CALNAME", "Contract deadlines");
    for (size_t i = 0; i < pct_store_rows_count(rows) && !ic.err; i++) {
        const pct_store_row *r = pct_store_rows_at(rows, i);
        char d0[9], d1[9], next[11];
        if (!r->event || !r->date || pct_store__date_add(r->date, 1, next) < 0)
            continue;
        compact_date(r->date, d0);
        compact_date(next, d1);
        int notice = !strcmp(r->event, "renewal_notice");
        const char *title = r->family_title ? r->family_title : r->title ? r->title : r->name;
        char *uid = pct_arena__printf(rows->arena, "%.16s-%d-%s@pactum", r->sha256 ? r->sha256 : "",
                                      r->doc, r->event);
        char *summary = pct_arena__printf(rows->arena, "%s: %s%s%s",
                                          notice ? "Renewal notice deadline" : "Contract expires",
                                          title ? title : "contract", r->parties ? " - " : "",
                                          r->parties ? r->parties : "");
        char *desc = pct_arena__printf(
            rows->arena, "%s\nFile: %s (pactum id %lld)\nBasis: %s\nSee: pactum show %lld",
            notice ? "Last day to give notice of non-renewal." : "The agreement expires.",
            r->name ? r->name : "", r->id, r->basis ? r->basis : "", r->id);
        if (!uid || !summary || !desc) {
            ic.err = PCT_ENOMEM;
            break;
        }
        ical_prop(&ic, "BEGIN", "VEVENT");
        ical_text(&ic, "UID", uid);
        ical_prop(&ic, "DTSTAMP", stamp);
        ical_prop(&ic, "DTSTART;VALUE=DATE", d0);
        ical_prop(&ic, "DTEND;VALUE=DATE", d1);
        ical_text(&ic, "SUMMARY", summary);
        ical_text(&ic, "DESCRIPTION", desc);
        ical_prop(&ic, "CATEGORIES", notice ? "Contract,Renewal notice" : "Contract,Expiration");
        ical_prop(&ic, "TRANSP", "TRANSPARENT");
        ical_prop(&ic, "BEGIN", "VALARM");
        ical_prop(&ic, "ACTION", "DISPLAY");
        ical_text(&ic, "DESCRIPTION", summary);
        ical_prop(&ic, "TRIGGER", notice ? "-P14D" : "-P30D");
        ical_prop(&ic, "END", "VALARM");
        ical_prop(&ic, "END", "VEVENT");
    }
    ical_prop(&ic, "END", "VCALENDAR");
    int error = ic.line.failed ? PCT_ENOMEM : ic.err;
    pct_buf__free(&ic.line);
    return error;
}

/* ----------------------------------------------------------------- csv */

static int csv_field(pct_buf *b, const char *s, int last)
{
    if (s && strpbrk(s, ",\"\r\n")) {
        pct_buf__putc(b, '"');
        for (; *s; s++) {
            if (*s == '"')
                pct_buf__putc(b, '"');
            pct_buf__putc(b, *s);
        }
        pct_buf__putc(b, '"');
    } else if (s) {
        pct_buf__puts(b, s);
    }
    return pct_buf__puts(b, last ? "\r\n" : ",");
}

static int export_csv(pct_store *st, pct_sink sink, void *ud)
{
    pct_store_rows *rows = NULL;
    pct_buf b;
    int error = pct_store_list(&rows, st, NULL);
    if (error < 0)
        return error;
    pct_buf__init(&b, st->ctx);
    static const char *const head[] = {
        "id", "doc", "name", "path", "sha256", "added_at", "bytes", "kind", "ordinal", "title",
        "parties", "agreement_date", "effective_date", "expiration_date", "renewal_term",
        "notice_days", "governing_law", "signed", "family"};
    size_t nh = sizeof head / sizeof head[0];
    for (size_t i = 0; i < nh; i++)
        csv_field(&b, head[i], i + 1 == nh);
    for (size_t i = 0; i < pct_store_rows_count(rows) && !error; i++) {
        const pct_store_row *r = pct_store_rows_at(rows, i);
        char id[24], doc[16], bytes[24], ord[16], fam[24];
        snprintf(id, sizeof id, "%lld", r->id);
        snprintf(doc, sizeof doc, "%d", r->doc);
        snprintf(bytes, sizeof bytes, "%zu", r->bytes);
        snprintf(ord, sizeof ord, "%d", r->ordinal);
        snprintf(fam, sizeof fam, "%lld", r->family);
        const char *v[] = {id, doc, r->name, r->path, r->sha256, r->added_at, bytes, r->kind,
                           r->ordinal ? ord : NULL, r->title, r->parties, r->agreement_date,
                           r->effective_date, r->expiration_date, r->renewal_term,
                           r->notice_days, r->governing_law,
                           r->signed_ < 0 ? NULL : r->signed_ ? "yes" : "no",
                           r->family ? fam : NULL};
        for (size_t k = 0; k < nh; k++)
            csv_field(&b, v[k], k + 1 == nh);
        if (b.len > 65536 || i + 1 == pct_store_rows_count(rows)) {
            if (b.failed)
                error = pct__err(st->ctx, PCT_ENOMEM, "out of memory");
            else if (sink(b.data, b.len, ud))
                error = pct__err(st->ctx, PCT_EIO, "cannot write output");
            b.len = 0;
        }
    }
    if (!error && pct_store_rows_count(rows) == 0 && (b.failed || sink(b.data, b.len, ud)))
        error = pct__err(st->ctx, PCT_EIO, "cannot write output");
    pct_buf__free(&b);
    pct_store_rows_free(rows);
    return error;
}

int pct_store_export(pct_store *st, const char *format, pct_sink sink, void *ud)
{
    if (format && !strcmp(format, "csv"))
        return export_csv(st, sink, ud);
    if (format && !strcmp(format, "jsonl"))
        return st->ops->export_jsonl(st, 0, sink, ud);
    return pct__err(st->ctx, PCT_EINVALID, "unknown export format '%s' (csv or jsonl)",
                    format ? format : "");
}

/* ---------------------------------------------------------------- show */

static int put_str(pct_sink sink, void *ud, const char *s)
{
    return sink(s, strlen(s), ud) ? PCT_EIO : 0;
}

int pct_store_show_json(pct_store *st, long long id, const char *as_of, pct_sink sink, void *ud)
{
    pct_buf rec;
    int error;
    if (as_of && !is_iso(as_of))
        return pct__err(st->ctx, PCT_EINVALID, "'%s' is not a date (YYYY-MM-DD)", as_of);
    pct_buf__init(&rec, st->ctx);
    if ((error = st->ops->export_jsonl(st, id, buf_sink, &rec)) < 0)
        goto done;
    if (rec.len == 0) {
        error = pct__err(st->ctx, PCT_ENOTFOUND, "%s: no stored file %lld", st->path, id);
        goto done;
    }
    while (rec.len && rec.data[rec.len - 1] == '\n')
        rec.len--;
    char today[11];
    pct_store__today(today);
    if (put_str(sink, ud, "{\"file\": ") || sink(rec.data, rec.len, ud) ||
        put_str(sink, ud, ",\n\"as_of\": \"") || put_str(sink, ud, as_of ? as_of : today) ||
        put_str(sink, ud, "\",\n\"families\": ")) {
        error = pct__err(st->ctx, PCT_EIO, "cannot write output");
        goto done;
    }
    if ((error = st->ops->family_json(st, id, sink, ud)) < 0)
        goto done;
    if (put_str(sink, ud, ",\n\"state\": ")) {
        error = pct__err(st->ctx, PCT_EIO, "cannot write output");
        goto done;
    }
    if ((error = render_state(st, id, as_of ? as_of : today, 1, sink, ud)) < 0)
        goto done;
    if (put_str(sink, ud, "}\n"))
        error = pct__err(st->ctx, PCT_EIO, "cannot write output");
done:
    pct_buf__free(&rec);
    return error;
}

static int linef(pct_sink sink, void *ud, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int linef(pct_sink sink, void *ud, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return PCT_ERROR;
    return sink(buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1, ud) ? PCT_EIO : 0;
}

#define OR_DASH(s) ((s) ? (s) : "-")

int pct_store_show_text(pct_store *st, long long id, const char *as_of, pct_sink sink, void *ud)
{
    pct_store_rows *docs = NULL, *due = NULL;
    pct_store_filter f = {.file = id};
    int error;
    char today[11];
    pct_store__today(today);
    if (as_of && !is_iso(as_of))
        return pct__err(st->ctx, PCT_EINVALID, "'%s' is not a date (YYYY-MM-DD)", as_of);
    if ((error = pct_store_list(&docs, st, &f)) < 0)
        return error;
    if (!pct_store_rows_count(docs)) {
        error = pct__err(st->ctx, PCT_ENOTFOUND, "%s: no stored file %lld", st->path, id);
        goto done;
    }
    if ((error = pct_store_due(&due, st, NULL, NULL)) < 0)
        goto done;
    const pct_store_row *r0 = pct_store_rows_at(docs, 0);
    error = linef(sink, ud, "File %lld: %s\n  path     %s\n  sha256   %s\n  size     %zu bytes\n"
                            "  added    %s\n",
                  r0->id, r0->name, r0->path, r0->sha256, r0->bytes, r0->added_at);
    for (size_t i = 0; i < pct_store_rows_count(docs) && !error; i++) {
        const pct_store_row *r = pct_store_rows_at(docs, i);
        char ord[24] = "";
        if (r->ordinal)
            snprintf(ord, sizeof ord, " no. %d", r->ordinal);
        error = linef(sink, ud,
                      "\nDocument %lld.%d  %s%s\n  title        %s\n  parties      %s\n"
                      "  dated        %s\n  effective    %s\n  expires      %s\n"
                      "  renewal      %s\n  notice days  %s\n  law          %s\n"
                      "  signed       %s\n",
                      r->id, r->doc, OR_DASH(r->kind), ord, OR_DASH(r->title), OR_DASH(r->parties),
                      OR_DASH(r->agreement_date), OR_DASH(r->effective_date),
                      OR_DASH(r->expiration_date), OR_DASH(r->renewal_term),
                      OR_DASH(r->notice_days), OR_DASH(r->governing_law),
                      r->signed_ < 0 ? "no signature blocks found"
                      : r->signed_ ? "yes, every block" : "NO: a signature block is blank");
        if (!error && r->family) {
            pct_store_rows *mem = NULL;
            pct_store_filter ff = {.family = r->family};
            if ((error = pct_store_list(&mem, st, &ff)) < 0)
                break;
            error = linef(sink, ud, "  family %lld (%zu document%s on file)%s\n", r->family,
                          pct_store_rows_count(mem), pct_store_rows_count(mem) == 1 ? "" : "s",
                          r->family_title ? "" : "");
            for (size_t k = 0; k < pct_store_rows_count(mem) && !error; k++) {
                const pct_store_row *m = pct_store_rows_at(mem, k);
                error = linef(sink, ud, "    %s %lld.%d  %s  %s  %s\n",
                              m->id == r->id && m->doc == r->doc ? "*" : "-", m->id, m->doc,
                              OR_DASH(m->kind), OR_DASH(m->effective_date ? m->effective_date
                                                                          : m->agreement_date),
                              OR_DASH(m->title));
            }
            pct_store_rows_free(mem);
            for (size_t k = 0; k < pct_store_rows_count(due) && !error; k++) {
                const pct_store_row *d = pct_store_rows_at(due, k);
                if (d->family != r->family)
                    continue;
                const char *ref = as_of ? as_of : today;
                error = linef(sink, ud, "  %-15s %s (%s; %s)\n", d->event, d->date,
                              strcmp(d->date, ref) < 0 ? "past" : "ahead", OR_DASH(d->basis));
            }
        }
    }
    if (!error)
        error = linef(sink, ud, "\nAs amended, on %s:\n", as_of ? as_of : today);
    if (!error)
        error = render_state(st, id, as_of ? as_of : today, 0, sink, ud);
done:
    pct_store_rows_free(docs);
    pct_store_rows_free(due);
    return error;
}
