/*
 * tree.c - the document tree: nodes, the public getters (which convert text
 * offsets to original byte offsets), the invariant checker, the enter/exit
 * iterator, and the entry points that read and parse a file.
 *
 * Nodes live in the doc's arena. Children are kept in span order; the
 * checker verifies that after every parse in debug builds.
 */
#include "internal.h"
#include "read.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ------------------------------------------------------------- nodes */

pct_node *pct_node__new(pct_doc *doc, pct_node_type type, size_t start, size_t end)
{
    pct_node *n = pct_arena__alloc(doc->arena, sizeof *n);
    if (!n)
        return NULL;
    n->type = type;
    n->span.start = start;
    n->span.end = end < start ? start : end;
    return n;
}

void pct_node__append(pct_node *parent, pct_node *child)
{
    child->parent = parent;
    child->prev = parent->last;
    child->next = NULL;
    if (parent->last)
        parent->last->next = child;
    else
        parent->first = child;
    parent->last = child;
}

void pct_node__insert_sorted(pct_node *parent, pct_node *child)
{
    pct_node *after = parent->last;
    while (after && after->span.start > child->span.start)
        after = after->prev;
    child->parent = parent;
    child->prev = after;
    child->next = after ? after->next : parent->first;
    if (child->next)
        child->next->prev = child;
    else
        parent->last = child;
    if (after)
        after->next = child;
    else
        parent->first = child;
}

static const char *const type_names[] = {
    "none", "file", "document", "title", "preamble", "recital", "section",
    "signatures", "signature_block", "exhibit", "artifact", "redaction"};

const char *pct_node_type_name(pct_node_type t)
{
    return (unsigned)t < sizeof type_names / sizeof *type_names ? type_names[t] : "none";
}

static const char *const style_names[] = {
    "none", "article", "section", "decimal", "upper_alpha", "paren_alpha",
    "paren_roman", "paren_upper", "paren_digit", "roman"};

const char *pct_numstyle_name(pct_numstyle s)
{
    return (unsigned)s < sizeof style_names / sizeof *style_names ? style_names[s] : "none";
}

static const char *const artifact_names[] = {
    "none", "page_mark", "page_number", "running", "exhibit_label", "legend", "rule"};

const char *pct_artifact_kind_name(pct_artifact_kind k)
{
    return (unsigned)k < sizeof artifact_names / sizeof *artifact_names ? artifact_names[k]
                                                                       : "none";
}

/* The doc a node belongs to is reached through the root, which stores it in
 * its `sig` slot's place: we keep a back pointer in the FILE node instead. */
typedef struct file_node {
    pct_node node;
    const pct_doc *doc;
} file_node;

static const pct_doc *node_doc(const pct_node *n)
{
    while (n->parent)
        n = n->parent;
    return n->type == PCT_NODE_FILE ? ((const file_node *)n)->doc : NULL;
}

static pct_span to_orig(const pct_doc *d, pct_span s)
{
    pct_span o = {pct_source__to_orig(&d->src, s.start), pct_source__to_orig(&d->src, s.end)};
    return o;
}

pct_node_type pct_node_get_type(const pct_node *n) { return n ? n->type : PCT_NODE_NONE; }

pct_span pct_node_span(const pct_node *n)
{
    pct_span z = {0, 0};
    if (!n)
        return z;
    const pct_doc *d = node_doc(n);
    return d ? to_orig(d, n->span) : n->span;
}

const pct_node *pct_node_parent(const pct_node *n) { return n ? n->parent : NULL; }
const pct_node *pct_node_first_child(const pct_node *n) { return n ? n->first : NULL; }
const pct_node *pct_node_last_child(const pct_node *n) { return n ? n->last : NULL; }
const pct_node *pct_node_next(const pct_node *n) { return n ? n->next : NULL; }
const pct_node *pct_node_prev(const pct_node *n) { return n ? n->prev : NULL; }
const char *pct_node_number(const pct_node *n) { return n ? n->number : NULL; }
pct_numstyle pct_node_numstyle(const pct_node *n) { return n ? n->style : PCT_NUM_NONE; }
const char *pct_node_heading(const pct_node *n) { return n ? n->heading : NULL; }
pct_artifact_kind pct_node_artifact_kind(const pct_node *n)
{
    return n ? n->artifact : PCT_ARTIFACT_NONE;
}
const pct_signature *pct_node_signature(const pct_node *n) { return n ? n->sig : NULL; }

pct_span pct_node_heading_span(const pct_node *n)
{
    pct_span z = {0, 0};
    if (!n || n->heading_span.end == 0)
        return z;
    const pct_doc *d = node_doc(n);
    return d ? to_orig(d, n->heading_span) : n->heading_span;
}

/* ---------------------------------------------------------- documents */

const pct_node *pct_doc_root(const pct_doc *d) { return d ? d->root : NULL; }
const char *pct_doc_name(const pct_doc *d) { return d && d->name ? d->name : ""; }
pct_encoding pct_doc_encoding(const pct_doc *d) { return d ? d->src.enc : PCT_ENC_NONE; }

const char *pct_doc_bytes(const pct_doc *d, size_t *len_out)
{
    if (len_out)
        *len_out = d ? d->src.orig_len : 0;
    return d ? d->src.orig : NULL;
}

const char *pct_doc_file(const pct_doc *d, size_t *len_out)
{
    if (len_out)
        *len_out = d ? d->src.file_len : 0;
    return d ? d->src.file : NULL;
}

const char *pct_doc_format(const pct_doc *d)
{
    return pct_read__format_name(d ? d->src.format : PCT_FMT_TEXT);
}

const char *pct_doc_read_text(const pct_doc *d, size_t *len_out)
{
    if (len_out)
        *len_out = d ? d->src.len : 0;
    return d ? d->src.text : NULL;
}

const pct_offset_run *pct_doc_offset_map(const pct_doc *d, size_t *n_out)
{
    int has = d && d->src.linear && d->src.map;
    if (n_out)
        *n_out = has ? d->src.nmap : 0;
    return has ? d->src.map : NULL;
}

void pct_doc_free(pct_doc *d)
{
    if (!d)
        return;
    pct_ctx *ctx = d->ctx;
    pct_arena__free(d->arena);
    pct__free(ctx, d, sizeof *d);
}

/* Line starts in original offsets, for line:col on demand. */
/* Does a line end at s[i]? LF, CRLF (at its LF) and a lone CR. */
static int line_end_at(const char *s, size_t n, size_t i)
{
    return s[i] == '\n' || (s[i] == '\r' && (i + 1 >= n || s[i + 1] != '\n'));
}

/* Line starts in original offsets, for line:col on demand. Without any CR
 * in the input (the common case) memchr finds the line ends; otherwise a
 * byte loop handles CR and CRLF. Two passes (count, then fill) keep the
 * table exact-sized in the arena. */
static int index_lines(pct_doc *d)
{
    const char *s = d->src.orig;
    size_t n = d->src.orig_len, count = 1;
    int cr = memchr(s, '\r', n) != NULL;
    for (int pass = 0; pass < 2; pass++) {
        size_t k = 1;
        if (!cr) {
            for (const char *p = s, *q; (q = memchr(p, '\n', (size_t)(s + n - p))); p = q + 1) {
                if (pass)
                    d->line_starts[k] = (size_t)(q - s) + 1;
                k++;
            }
        } else {
            for (size_t i = 0; i < n; i++)
                if (line_end_at(s, n, i)) {
                    if (pass)
                        d->line_starts[k] = i + 1;
                    k++;
                }
        }
        if (pass) {
            d->nline_starts = k;
            break;
        }
        count = k;
        d->line_starts = pct_arena__alloc(d->arena, count * sizeof(size_t));
        if (!d->line_starts)
            return PCT_ENOMEM;
        d->line_starts[0] = 0;
    }
    return 0;
}

void pct_doc_line_col(const pct_doc *d, size_t off, size_t *line_out, size_t *col_out)
{
    size_t lo = 0, hi = d->nline_starts;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->line_starts[mid] <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t line = lo ? lo : 1;
    if (line_out)
        *line_out = line;
    if (col_out)
        *col_out = off - d->line_starts[line - 1] + 1;
}

/* The node after n in pre-order (first child, else the next sibling of n
 * or of its nearest ancestor that has one), or NULL at the end. */
static pct_node *preorder_next(const pct_node *n)
{
    if (n->first)
        return n->first;
    while (n && !n->next)
        n = n->parent;
    return n ? n->next : NULL;
}

/* Converts the TEXT spans stored in signature records to original offsets,
 * once, after parsing: the record is public and holds plain spans. */
static void sig_spans_to_orig(pct_doc *d)
{
    pct_node *n = d->root;
    while (n) {
        if (n->sig) {
            pct_signature *s = n->sig;
            pct_span *sp[] = {&s->entity_span, &s->by_span, &s->signer_span, &s->title_span,
                              &s->date_span};
            for (size_t k = 0; k < sizeof sp / sizeof *sp; k++)
                if (sp[k]->end > sp[k]->start)
                    *sp[k] = to_orig(d, *sp[k]);
        }
        n = preorder_next(n);
    }
}

int pct_doc_parse(pct_doc **out, pct_ctx *ctx, const char *name, const char *data, size_t len)
{
    int err;
    pct__clear_err(ctx);
    pct_doc *d = pct__calloc(ctx, 1, sizeof *d);
    if (!d)
        return pct__err(ctx, PCT_ENOMEM, "%s: out of memory", name ? name : "<input>");
    d->ctx = ctx;
    if (!(d->arena = pct_arena__new(ctx))) {
        pct__free(ctx, d, sizeof *d);
        return pct__err(ctx, PCT_ENOMEM, "%s: out of memory", name ? name : "<input>");
    }
    d->name = pct_arena__strndup(d->arena, name ? name : "", name ? strlen(name) : 0);
    if (!d->name) {
        err = pct__err(ctx, PCT_ENOMEM, "out of memory");
        goto done;
    }
    if ((err = pct_source__decode(&d->src, ctx, d->arena, name, data, len)) < 0)
        goto done;
    if ((err = index_lines(d)) < 0)
        goto done;
    if ((err = pct_lines__build(&d->lines, ctx, d->arena, d->src.text, d->src.len)) < 0)
        goto done;
    file_node *root = pct_arena__alloc(d->arena, sizeof *root);
    if (!root) {
        err = PCT_ENOMEM;
        goto done;
    }
    root->doc = d;
    root->node.type = PCT_NODE_FILE;
    root->node.span.start = 0;
    root->node.span.end = d->src.len;
    d->root = &root->node;
    if ((err = pct_parse__document(d)) < 0)
        goto done;
    sig_spans_to_orig(d);
#ifndef NDEBUG
    if ((err = pct_doc_check(d)) < 0)
        goto done;
#endif
    *out = d;
    d = NULL;
done:
    if (err == PCT_ENOMEM && !ctx->errmsg[0])
        pct__err(ctx, PCT_ENOMEM, "%s: out of memory", name ? name : "<input>");
    pct_doc_free(d);
    return err;
}

#define READ_CHUNK (1 << 20)

int pct_doc_parse_file(pct_doc **out, pct_ctx *ctx, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return pct__err(ctx, errno == ENOENT ? PCT_ENOTFOUND : PCT_EIO, "%s: %s", path,
                        strerror(errno));
    if (S_ISDIR(st.st_mode))
        return pct__err(ctx, PCT_EIO, "%s: is a directory", path);
    FILE *f = fopen(path, "rb");
    if (!f)
        return pct__err(ctx, errno == ENOENT ? PCT_ENOTFOUND : PCT_EIO, "%s: %s", path,
                        strerror(errno));
    pct_buf b;
    pct_buf__init(&b, ctx);
    char tmp[65536];
    size_t k;
    int err = 0;
    while ((k = fread(tmp, 1, sizeof tmp, f)) > 0)
        if (pct_buf__put(&b, tmp, k) < 0) {
            err = pct__err(ctx, PCT_ENOMEM, "%s: out of memory", path);
            break;
        }
    if (!err && ferror(f))
        err = pct__err(ctx, PCT_EIO, "%s: read error: %s", path, strerror(errno));
    fclose(f);
    if (!err)
        err = pct_doc_parse(out, ctx, path, b.data ? b.data : "", b.len);
    pct_buf__free(&b);
    return err;
}

/* ------------------------------------------------------------- checker */

int pct_doc_check(const pct_doc *d)
{
    pct_ctx *ctx = d->ctx;
    const pct_node *n = d->root;
    if (!n || n->span.start != 0 || n->span.end != d->src.len)
        return pct__err(ctx, PCT_ERROR, "%s: root span does not cover the input", d->name);
    while (n) {
        if (n->span.end < n->span.start || n->span.end > d->src.len)
            return pct__err(ctx, PCT_ERROR, "%s: %s node span [%zu,%zu) outside input", d->name,
                            pct_node_type_name(n->type), n->span.start, n->span.end);
        const pct_node *p = n->parent;
        if (p && (n->span.start < p->span.start || n->span.end > p->span.end))
            return pct__err(ctx, PCT_ERROR, "%s: %s [%zu,%zu) not inside parent %s [%zu,%zu)",
                            d->name, pct_node_type_name(n->type), n->span.start, n->span.end,
                            pct_node_type_name(p->type), p->span.start, p->span.end);
        if (n->prev && (n->prev->next != n || n->prev->span.end > n->span.start))
            return pct__err(ctx, PCT_ERROR, "%s: %s [%zu,%zu) overlaps or precedes its sibling",
                            d->name, pct_node_type_name(n->type), n->span.start, n->span.end);
        if (n->first && n->first->parent != n)
            return pct__err(ctx, PCT_ERROR, "%s: broken child link", d->name);
        n = preorder_next(n);
    }
    return 0;
}

/* ------------------------------------------------------------ iterator */

struct pct_iter {
    pct_ctx *ctx;
    const pct_node *root, *cur;
    pct_event ev;
};

int pct_iter_new(pct_iter **out, pct_ctx *ctx, const pct_node *root)
{
    pct_iter *it = pct__calloc(ctx, 1, sizeof *it);
    if (!it)
        return pct__err(ctx, PCT_ENOMEM, "out of memory");
    it->ctx = ctx;
    it->root = root;
    *out = it;
    return 0;
}

pct_event pct_iter_next(pct_iter *it)
{
    if (it->ev == PCT_EVENT_DONE)
        return PCT_EVENT_DONE;
    if (!it->cur) {
        it->cur = it->root;
        return it->ev = it->root ? PCT_EVENT_ENTER : PCT_EVENT_DONE;
    }
    if (it->ev == PCT_EVENT_ENTER && it->cur->first) {
        it->cur = it->cur->first;
        return it->ev = PCT_EVENT_ENTER;
    }
    if (it->ev == PCT_EVENT_ENTER) /* a leaf: exit it */
        return it->ev = PCT_EVENT_EXIT;
    if (it->cur == it->root)
        return it->ev = PCT_EVENT_DONE;
    if (it->cur->next) {
        it->cur = it->cur->next;
        return it->ev = PCT_EVENT_ENTER;
    }
    it->cur = it->cur->parent;
    return it->ev = PCT_EVENT_EXIT;
}

const pct_node *pct_iter_node(const pct_iter *it) { return it->cur; }

void pct_iter_free(pct_iter *it)
{
    if (it)
        pct__free(it->ctx, it, sizeof *it);
}

/* ------------------------------------------------------------- text */

static int line_index_at(const pct_doc *d, size_t off)
{
    size_t lo = 0, hi = d->lines.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->lines.v[mid].end < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (int)lo;
}

const char *pct_doc__fold(const pct_doc *d, size_t start, size_t end)
{
    if (end > d->src.len)
        end = d->src.len;
    if (start >= end)
        return pct_arena__strndup(d->arena, "", 0);
    char *out = pct_arena__alloc(d->arena, end - start + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    const char *s = d->src.text;
    int sp = 0;
    for (size_t li = (size_t)line_index_at(d, start); li < d->lines.n; li++) {
        const pct_line *l = &d->lines.v[li];
        if (l->start >= end)
            break;
        if (l->flags & (PCT_LINE_ARTIFACT | PCT_LINE_BLANK)) {
            sp = o > 0;
            continue;
        }
        size_t a = l->start > start ? l->start : start;
        size_t b = l->end < end ? l->end : end;
        for (size_t i = a; i < b; i++) {
            if (pct__is_space((unsigned char)s[i])) {
                sp = o > 0;
                continue;
            }
            if (sp) {
                out[o++] = ' ';
                sp = 0;
            }
            out[o++] = s[i];
        }
        sp = o > 0;
    }
    out[o] = '\0';
    return out;
}

const char *pct_doc_text(const pct_doc *d, pct_span span)
{
    /* original -> text offsets: with an offset map, search for the first text
     * offset whose original offset is >= the bound. */
    size_t a = span.start, b = span.end;
    if (d->src.map) {
        size_t lo = 0, hi = d->src.len;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (pct_source__to_orig(&d->src, mid) < span.start)
                lo = mid + 1;
            else
                hi = mid;
        }
        a = lo;
        lo = a, hi = d->src.len;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (pct_source__to_orig(&d->src, mid) < span.end)
                lo = mid + 1;
            else
                hi = mid;
        }
        b = lo;
    } else {
        a = a >= d->src.shift ? a - d->src.shift : 0;
        b = b >= d->src.shift ? b - d->src.shift : 0;
    }
    return pct_doc__fold(d, a, b);
}
