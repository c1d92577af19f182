/*
 * jsonw.h - a streaming JSON writer over a pct_sink, used by every JSON
 * renderer. It buffers output, escapes strings (control characters, quote,
 * backslash; invalid UTF-8 is replaced by U+FFFD so output is always valid
 * JSON), and tracks commas so callers only say what comes next.
 *
 * Once the sink reports an error, every later call does nothing and
 * pct_jw__end() returns the error.
 *
 * Compact output (pretty 0) has no white space between tokens, spans
 * included: it is byte for byte the pretty output with the white space
 * outside strings removed. The store keeps the tree and facts JSON that
 * way (pct_render__tree_json, pct_render__facts_json below).
 */
#ifndef PCT_JSONW_H
#define PCT_JSONW_H

#include "internal.h"

#define JW_DEPTH_MAX 64 /* nesting levels; deeper output is a renderer bug */
#define JW_BUF 8192     /* bytes buffered before the sink is called */

typedef struct pct_jw {
    pct_sink sink;
    void *ud;
    int err;
    int depth;
    int pretty;               /* indent with two spaces per level; 0: compact */
    uint8_t first[JW_DEPTH_MAX]; /* 1 when nothing has been written at this level yet */
    size_t len;
    char buf[JW_BUF];
} pct_jw;

void pct_jw__init(pct_jw *w, pct_sink sink, void *ud, int pretty);
int pct_jw__end(pct_jw *w); /* flushes; returns 0 or the sink's error */
void pct_jw__obj(pct_jw *w);
void pct_jw__obj_end(pct_jw *w);
void pct_jw__arr(pct_jw *w);
void pct_jw__arr_end(pct_jw *w);
void pct_jw__key(pct_jw *w, const char *key);
void pct_jw__str(pct_jw *w, const char *s); /* NULL writes null */
void pct_jw__strn(pct_jw *w, const char *s, size_t n);
void pct_jw__int(pct_jw *w, long long v);
void pct_jw__bool(pct_jw *w, int v);
void pct_jw__null(pct_jw *w);
void pct_jw__raw(pct_jw *w, const char *s, size_t n); /* a value already in JSON */
void pct_jw__span(pct_jw *w, pct_span s);              /* {"start": N, "end": N} */
/* key + value shorthands */
void pct_jw__kstr(pct_jw *w, const char *key, const char *s);
void pct_jw__kint(pct_jw *w, const char *key, long long v);
void pct_jw__kbool(pct_jw *w, const char *key, int v);
void pct_jw__kspan(pct_jw *w, const char *key, pct_span s);

/* The tree and facts renderers with the choice of layout: pretty is what
 * pct_render_tree_json / pct_render_facts_json write (with a final
 * newline); compact (pretty 0) has no white space at all, final newline
 * included. */
int pct_render__tree_json(const pct_doc *d, pct_sink sink, void *ud, int pretty);
int pct_render__facts_json(const pct_facts *facts, pct_sink sink, void *ud, int pretty);

#endif
