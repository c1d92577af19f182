/*
 * extract.h - internal interface of fact extraction. pct_extract() (extract.c)
 * walks the documents of a parsed file and, for each, runs the extractors
 * below in order over one `pct_xdoc`; each extractor fills its fields of
 * `out` and may read what earlier ones filled (name and parties before
 * dates, dates before the term, so an expiration can be computed from a
 * start date and an initial term).
 *
 * Every value is allocated in `arena` (the facts' arena) and carries its
 * span in ORIGINAL offsets and its rule id. Two coordinate systems are in
 * play inside an extractor:
 *  - TEXT offsets (doc->src.text, node spans): use pct_xdoc__value();
 *  - FLAT offsets: x->flat is the document's text with layout artefact lines
 *    (page markers, running footers) dropped and every run of white space
 *    folded into one space, so phrases that wrap across lines or pages can
 *    be matched with plain string code. x->fmap maps each flat byte back to
 *    its TEXT offset. Use pct_xdoc__fvalue()/pct_xdoc__mention() to build
 *    facts from flat offsets, and pct_xdoc__flat_at() to find the flat
 *    offset of a node's TEXT span (x->ftitle etc. are precomputed).
 * The flat text lives only while the extractors run; copy what you keep.
 */
#ifndef PCT_EXTRACT_H
#define PCT_EXTRACT_H

#include "internal.h"
#include "xt_index.h"

/* A flat range [start, end) (FLAT offsets); {0,0} when the part is absent. */
typedef struct pct_frange {
    size_t start, end;
} pct_frange;

typedef struct pct_xdoc {
    const pct_doc *doc;       /* the parsed file */
    const pct_node *node;     /* its DOCUMENT node */
    size_t index;             /* which document of the file (0-based) */
    pct_arena *arena;         /* the facts' arena: everything allocated here */
    pct_ctx *ctx;
    pct_docfacts *out;        /* the facts being filled */
    const char *text;         /* doc->src.text */
    /* shortcuts to the document's parts (NULL when absent); node spans are TEXT offsets */
    const pct_node *title, *preamble, *signatures;
    /* the folded flat text (see above) of the DOCUMENT node, starting where the previous
     * document ended (0 for the first), so lines the tree left before it are read too;
     * NUL-terminated */
    const char *flat;
    size_t flat_len;          /* bytes */
    const uint32_t *fmap;     /* fmap[i] = TEXT offset of flat[i], i <= flat_len (fmap[flat_len]
                                 = end of the document) */
    pct_frange ftitle, fpreamble; /* flat ranges of the title and the preamble */
    pct_frange frecitals;     /* from the first recital to the end of the last one */
    pct_frange fbody;         /* from the first section to the end of the last section */
    const pct_xt_index *xi;   /* word starts of the flat text, for pct_xt__find & co.
                                 (extract_text.h): pass it whenever searching x->flat */
} pct_xdoc;

/* Builds a value from a TEXT span: raw = folded text of the span, span
 * converted to original offsets. `value` is copied into the arena (NULL
 * stays NULL). Returns 0 or PCT_ENOMEM. */
int pct_xdoc__value(pct_xdoc *x, pct_value *out, const char *value, size_t start, size_t end,
                    const char *rule);

/* Same from a FLAT range [fstart, fend). */
int pct_xdoc__fvalue(pct_xdoc *x, pct_value *out, const char *value, size_t fstart, size_t fend,
                     const char *rule);

/* A mention (text = the flat text of the range) from a FLAT range. */
int pct_xdoc__mention(pct_xdoc *x, pct_mention *out, size_t fstart, size_t fend, const char *rule);

/* The flat text (see above) of TEXT [start, end) of `d`, as pct_extract()
 * builds it for each document (header and legend lines before `keep_until`
 * are kept): *flat_out (NUL-terminated) and *map_out, end - start + 1
 * elements each from pct__malloc (release them with pct__free and those
 * sizes), *len_out bytes of text (map[len] = end). Returns 0 or PCT_ENOMEM
 * (then nothing is left allocated). */
int pct_extract__flat(pct_ctx *ctx, const pct_doc *d, size_t start, size_t end, size_t keep_until,
                      char **flat_out, uint32_t **map_out, size_t *len_out);

/* The first flat offset whose TEXT offset is >= text_off (flat_len when none). */
size_t pct_xdoc__flat_at(const pct_xdoc *x, size_t text_off);

/* The original span of a FLAT range. */
pct_span pct_xdoc__fspan(const pct_xdoc *x, size_t fstart, size_t fend);

/* Grows an arena array: returns a pointer to element `n` of *arr (capacity
 * *cap elements of `elem` bytes), doubling into a new arena block when full.
 * The new element is zeroed. NULL on OOM. Old blocks stay in the arena
 * (bounded: total waste < final size). */
void *pct_xdoc__push(pct_xdoc *x, void **arr, size_t *cap, size_t n, size_t elem);

/* Each returns 0 or PCT_ENOMEM. */
int pct_extract__name(pct_xdoc *x);     /* document_name, kind, ordinal, identifier, refs */
int pct_extract__parties(
    pct_xdoc *x); /* parties with entity type, jurisdiction, address, aliases */
int pct_extract__terms(pct_xdoc *x);    /* defined terms */
int pct_extract__dates(pct_xdoc *x);    /* agreement_date, effective_date, signature_dates */
int pct_extract__term(pct_xdoc *x);     /* expiration_date, initial_term, renewal_term, notice */
int pct_extract__law(pct_xdoc *x);      /* governing_law */
int pct_extract__clauses(pct_xdoc *x);  /* clauses: CUAD's clause categories */

/* Canonical jurisdiction name for a phrase ("State of New York" -> "New York",
 * "PRC" -> "China", "Ontario" -> "Ontario, Canada"), or NULL when unknown. */
const char *pct_jurisdiction__canon(const char *s, size_t n, size_t *matched);

#endif
