/*
 * render_tree.c - the document tree as JSON (docs/tree-json.md) and as an
 * indented outline. Both walk the tree with the enter/exit iterator, so deep
 * trees cost no stack.
 */
#include "internal.h"
#include "jsonw.h"

#include <stdio.h>
#include <string.h>

static const char *enc_name(pct_encoding e)
{
    switch (e) {
    case PCT_ENC_UTF8: return "utf-8";
    case PCT_ENC_UTF8_BOM: return "utf-8-bom";
    case PCT_ENC_CP1252: return "windows-1252";
    default: return "unknown";
    }
}

static void node_fields(pct_jw *w, const pct_doc *d, const pct_node *n)
{
    pct_jw__kstr(w, "type", pct_node_type_name(n->type));
    pct_jw__kspan(w, "span", pct_node_span(n));
    if (n->number) {
        pct_jw__kstr(w, "number", n->number);
        pct_jw__kstr(w, "numbering", pct_numstyle_name(n->style));
        pct_jw__kint(w, "level", n->level);
    }
    if (n->heading) {
        pct_jw__kstr(w, n->type == PCT_NODE_TITLE ? "text" : "heading", n->heading);
        if (n->heading_span.end)
            pct_jw__kspan(w, n->type == PCT_NODE_TITLE ? "text_span" : "heading_span",
                          pct_node_heading_span(n));
    }
    if (n->type == PCT_NODE_ARTIFACT)
        pct_jw__kstr(w, "kind", pct_artifact_kind_name(n->artifact));
    if (n->type == PCT_NODE_REDACTION || n->type == PCT_NODE_ARTIFACT) {
        pct_span s = pct_node_span(n);
        pct_jw__key(w, "text");
        pct_jw__strn(w, d->src.orig + s.start, s.end - s.start);
    }
    const pct_signature *g = n->sig;
    if (g) {
        pct_jw__kstr(w, "entity", g->entity);
        pct_jw__kstr(w, "by", g->by);
        pct_jw__kstr(w, "signer", g->signer);
        pct_jw__kstr(w, "title", g->title);
        pct_jw__kstr(w, "date", g->date);
        pct_jw__kbool(w, "signed", g->signed_);
        pct_jw__key(w, "spans");
        pct_jw__obj(w);
        if (g->entity_span.end)
            pct_jw__kspan(w, "entity", g->entity_span);
        if (g->by_span.end)
            pct_jw__kspan(w, "by", g->by_span);
        if (g->signer_span.end)
            pct_jw__kspan(w, "signer", g->signer_span);
        if (g->title_span.end)
            pct_jw__kspan(w, "title", g->title_span);
        if (g->date_span.end)
            pct_jw__kspan(w, "date", g->date_span);
        pct_jw__obj_end(w);
    }
}

int pct_render_tree_json(const pct_doc *d, pct_sink sink, void *ud)
{
    return pct_render__tree_json(d, sink, ud, 1);
}

int pct_render__tree_json(const pct_doc *d, pct_sink sink, void *ud, int pretty)
{
    pct_jw w;
    pct_jw__init(&w, sink, ud, pretty);
    pct_jw__obj(&w);
    pct_jw__kstr(&w, "file", pct_doc_name(d));
    pct_jw__kint(&w, "bytes", (long long)d->src.orig_len);
    pct_jw__kstr(&w, "encoding", enc_name(d->src.enc));
    if (d->src.format != PCT_FMT_TEXT) /* absent for text: its output stays as it was */
        pct_jw__kstr(&w, "format", pct_doc_format(d));
    pct_jw__key(&w, "tree");
    pct_iter *it;
    int err = pct_iter_new(&it, d->ctx, d->root);
    if (err < 0)
        return err;
    pct_event ev;
    while ((ev = pct_iter_next(it)) != PCT_EVENT_DONE) {
        const pct_node *n = pct_iter_node(it);
        if (ev == PCT_EVENT_ENTER) {
            pct_jw__obj(&w);
            node_fields(&w, d, n);
            if (n->first) {
                pct_jw__key(&w, "children");
                pct_jw__arr(&w);
            }
        } else {
            if (n->first)
                pct_jw__arr_end(&w);
            pct_jw__obj_end(&w);
        }
    }
    pct_iter_free(it);
    pct_jw__obj_end(&w);
    if (pretty)
        pct_jw__raw(&w, "\n", 1);
    return pct_jw__end(&w);
}

/* ------------------------------------------------------------ outline */

#define OUTLINE_TEXT_MAX 72 /* characters of heading shown per line */

static int emit(pct_sink sink, void *ud, const char *s, size_t n) { return sink(s, n, ud); }

static int outline_line(pct_buf *b, const pct_doc *d, const pct_node *n, int depth)
{
    for (int i = 0; i < depth; i++)
        pct_buf__puts(b, "  ");
    pct_span s = pct_node_span(n);
    size_t line;
    pct_doc_line_col(d, s.start, &line, NULL);
    pct_buf__puts(b, pct_node_type_name(n->type));
    if (n->number)
        pct_buf__printf(b, " %s", n->number);
    if (n->type == PCT_NODE_ARTIFACT)
        pct_buf__printf(b, " (%s)", pct_artifact_kind_name(n->artifact));
    if (n->heading) {
        size_t len = strlen(n->heading);
        if (len > OUTLINE_TEXT_MAX) {
            /* cut at a character boundary */
            size_t k = OUTLINE_TEXT_MAX;
            while (k > 0 && ((unsigned char)n->heading[k] & 0xc0) == 0x80)
                k--;
            pct_buf__printf(b, " \"%.*s...\"", (int)k, n->heading);
        } else {
            pct_buf__printf(b, " \"%s\"", n->heading);
        }
    }
    if (n->sig) {
        const pct_signature *g = n->sig;
        pct_buf__printf(b, " %s: %s", g->entity ? g->entity : "(no entity)",
                        g->signed_ ? "signed" : "BLANK");
        if (g->signer)
            pct_buf__printf(b, " by %s", g->signer);
        if (g->title)
            pct_buf__printf(b, ", %s", g->title);
        if (g->date)
            pct_buf__printf(b, ", dated %s", g->date);
    }
    pct_buf__printf(b, "  [%zu-%zu, line %zu]\n", s.start, s.end, line);
    return b->failed ? PCT_ENOMEM : 0;
}

int pct_render_tree_outline(const pct_doc *d, pct_sink sink, void *ud)
{
    pct_iter *it;
    int err = pct_iter_new(&it, d->ctx, d->root);
    if (err < 0)
        return err;
    pct_buf b;
    pct_buf__init(&b, d->ctx);
    int depth = 0;
    pct_event ev;
    while (!err && (ev = pct_iter_next(it)) != PCT_EVENT_DONE) {
        const pct_node *n = pct_iter_node(it);
        if (ev == PCT_EVENT_EXIT) {
            depth--;
            continue;
        }
        if (n->type != PCT_NODE_ARTIFACT && n->type != PCT_NODE_REDACTION) {
            if (n->type == PCT_NODE_FILE)
                err = pct_buf__printf(&b, "%s (%zu bytes)\n", pct_doc_name(d), d->src.orig_len);
            else
                err = outline_line(&b, d, n, depth);
        }
        depth++;
        if (!err && b.len > 4096) {
            if (emit(sink, ud, b.data, b.len))
                err = PCT_EIO;
            b.len = 0;
        }
    }
    if (!err && b.len && emit(sink, ud, b.data, b.len))
        err = PCT_EIO;
    pct_buf__free(&b);
    pct_iter_free(it);
    return err;
}
