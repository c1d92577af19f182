/*
 * internal.h - types shared inside libpactum: the context, allocation, the
 * arena, the decoded source with its offset map, logical lines and tree nodes.
 *
 * Offsets: everything inside the library speaks *text* offsets (bytes of the
 * decoded UTF-8 text, src->text). Only the public getters and the renderers
 * convert to *original* offsets with pct_source__to_orig(). For UTF-8 input
 * without BOM the two are equal and the map is empty.
 */
#ifndef PCT_INTERNAL_H
#define PCT_INTERNAL_H

#include "pactum.h"

#include <assert.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef NDEBUG
#define PCT_ALWAYS(x) (x)
#define PCT_NEVER(x) (x)
#else
#define PCT_ALWAYS(x) ((x) ? 1 : (assert(0), 0))
#define PCT_NEVER(x) ((x) ? (assert(0), 1) : 0)
#endif

#define PCT_ERRMSG_MAX 512 /* bytes of an error message, NUL included */

/* ------------------------------------------------------------- context */

struct pct_ctx {
    pct_allocator alloc;
    size_t mem_current; /* bytes handed out and not yet freed */
    size_t mem_peak;    /* high-water mark of mem_current */
    char errmsg[PCT_ERRMSG_MAX];
    long long erroff; /* original offset of the last error, or -1 */
};

void *pct__malloc(pct_ctx *ctx, size_t size);
void *pct__calloc(pct_ctx *ctx, size_t n, size_t size);
void *pct__realloc(pct_ctx *ctx, void *ptr, size_t old_size, size_t new_size);
void pct__free(pct_ctx *ctx, void *ptr, size_t size);

/* Sets the context's error message and returns `code` (for `return pct__err(...)`). */
int pct__err(pct_ctx *ctx, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void pct__clear_err(pct_ctx *ctx);

/* --------------------------------------------------------------- arena */

/* A bump allocator. Every allocation lives until pct_arena__free(). With
 * PCT_DEBUG_ARENA each allocation is its own malloc so ASan sees overruns. */
typedef struct pct_arena pct_arena;

pct_arena *pct_arena__new(pct_ctx *ctx);
void pct_arena__free(pct_arena *a);
void *pct_arena__alloc(pct_arena *a, size_t size); /* zeroed, 16-aligned; NULL on OOM */
char *pct_arena__strndup(pct_arena *a, const char *s, size_t len);
char *pct_arena__printf(pct_arena *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* A growable byte buffer on the context's allocator. */
typedef struct pct_buf {
    pct_ctx *ctx;
    char *data;
    size_t len, cap;
    int failed; /* set once an append ran out of memory; later appends do nothing */
} pct_buf;

void pct_buf__init(pct_buf *b, pct_ctx *ctx);
int pct_buf__put(pct_buf *b, const char *s, size_t n);
int pct_buf__puts(pct_buf *b, const char *s);
int pct_buf__putc(pct_buf *b, char c);
int pct_buf__printf(pct_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void pct_buf__free(pct_buf *b);

/* A growable array of fixed-size elements on the context's allocator. */
typedef struct pct_vec {
    pct_ctx *ctx;
    void *data;
    size_t len, cap; /* in elements */
    size_t elem;     /* bytes per element */
} pct_vec;

void pct_vec__init(pct_vec *v, pct_ctx *ctx, size_t elem);
void *pct_vec__push(pct_vec *v); /* zeroed new element, or NULL on OOM */
void pct_vec__free(pct_vec *v);
#define PCT_VEC_AT(v, T, i) (((T *)(v)->data)[i])

/* -------------------------------------------------------------- source */

/* From .text on, text offset t maps to .orig + (t - .text), clamped by the next
 * entry; the public pct_offset_run (pct_doc_offset_map) is the same type. */
typedef pct_offset_run pct_offmap;

/* What the input was, by content (pct_read__detect in read.h). */
typedef enum pct_format {
    PCT_FMT_TEXT = 0, /* plain text (EDGAR .txt): spans count in the file */
    PCT_FMT_HTML,     /* HTML, or an EDGAR submission holding HTML: spans count in the file */
    PCT_FMT_DOCX,     /* Word: spans count in the extracted text (the file is compressed) */
    PCT_FMT_PDF       /* PDF: spans count in the extracted text */
} pct_format;

typedef struct pct_source {
    const char *orig; /* the bytes spans count in: the caller's bytes (a copy owned by the
                         doc), or for DOCX and PDF the extracted text (== text) */
    size_t orig_len;
    const char *text; /* decoded UTF-8; == orig + bom when no conversion was needed */
    size_t len;       /* bytes of text */
    pct_encoding enc;
    pct_offmap *map; /* sorted by .text; NULL when text == orig (+ constant bom shift) */
    size_t nmap;
    size_t shift;    /* constant orig - text delta when map is NULL (3 for a BOM) */
    int linear;      /* map entries are plain deltas (HTML), with no whole-character rule */
    pct_format format;
    const char *file; /* the caller's bytes as given (== orig but for DOCX and PDF) */
    size_t file_len;
} pct_source;

/* Decodes `data` into `src`, allocating in `a`: text as it is, HTML, DOCX and
 * PDF through their readers (read.h). Returns PCT_EINVALID with a message for
 * input that cannot be read. */
int pct_source__decode(pct_source *src, pct_ctx *ctx, pct_arena *a, const char *name,
                       const char *data, size_t len);
/* Maps a text offset to an original byte offset. Monotonic; the end of the
 * text maps to the end of the original input. */
size_t pct_source__to_orig(const pct_source *src, size_t text_off);
/* The Unicode code point of a Windows-1252 byte (0x80..0xFF). */
uint32_t pct_source__cp1252(unsigned char c);

/* --------------------------------------------------------------- lines */

enum {
    PCT_LINE_BLANK = 1 << 0,     /* only white space */
    PCT_LINE_ARTIFACT = 1 << 1,  /* a layout artefact: see .artifact */
    PCT_LINE_CAPS = 1 << 2,      /* letters are mostly capitals (>= 80%, >= 3 letters) */
    PCT_LINE_FLATTENED = 1 << 3, /* this logical line came from splitting a long physical line */
    PCT_LINE_GAP = 1 << 4,       /* holds a run of 4+ spaces between words (columns) */
    PCT_LINE_PAGE_BREAK = 1 << 5 /* a form feed precedes this line */
};

/* A logical line: a physical line, or a piece of a flattened one. */
typedef struct pct_line {
    size_t start;   /* text offset of the first byte */
    size_t end;     /* text offset past the last byte, line terminator excluded */
    size_t cstart;  /* first non-space byte (== end when blank) */
    size_t cend;    /* past the last non-space byte */
    uint32_t indent;/* columns of leading white space (tab = to next multiple of 8) */
    uint16_t flags; /* PCT_LINE_* */
    uint8_t artifact; /* pct_artifact_kind when PCT_LINE_ARTIFACT */
    uint8_t pad_;
    uint32_t letters, upper; /* counts of ASCII letters and capitals in the line */
} pct_line;

typedef struct pct_lines {
    pct_line *v;
    size_t n;
} pct_lines;

/* Splits the text into logical lines and classifies them (one pass, O(n)). */
int pct_lines__build(pct_lines *out, pct_ctx *ctx, pct_arena *a, const char *text, size_t len);

/* ---------------------------------------------------------------- tree */

struct pct_node {
    pct_node_type type;
    pct_span span; /* TEXT offsets [start, end) */
    pct_node *parent, *first, *last, *next, *prev;
    const char *number;     /* section number as printed, normalised; NULL when none */
    pct_numstyle style;
    int level;              /* depth of numbering (1-based) for sections */
    const char *heading;    /* heading / title text (folded), or NULL */
    pct_span heading_span;  /* TEXT offsets, {0,0} when none */
    pct_artifact_kind artifact;
    pct_signature *sig;     /* SIGNATURE_BLOCK: spans in this struct are TEXT offsets
                               until pct_doc_parse converts them (see tree.c) */
};

struct pct_doc {
    pct_ctx *ctx;
    pct_arena *arena;
    char *name;
    pct_source src;
    pct_lines lines;
    pct_node *root;
    size_t *line_starts; /* original offsets of each physical line start, for line:col */
    size_t nline_starts;
};

pct_node *pct_node__new(pct_doc *doc, pct_node_type type, size_t start, size_t end);
void pct_node__append(pct_node *parent, pct_node *child);
/* Inserts `child` into `parent` keeping children ordered by span start. */
void pct_node__insert_sorted(pct_node *parent, pct_node *child);

/* Builds the tree below doc->root from doc->lines (parse_doc.c). */
int pct_parse__document(pct_doc *doc);

/* Text of [start,end) with artefact lines removed and white space folded,
 * allocated in the doc's arena (TEXT offsets). */
const char *pct_doc__fold(const pct_doc *doc, size_t start, size_t end);

/* ------------------------------------------------------------- helpers */

static inline int pct__is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r' || c == '\n';
}
/* 1 for the bytes pct__is_space accepts: one load, for loops that test
 * every byte of a text (arena.c) */
extern const unsigned char pct__space_byte[256];
static inline int pct__is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static inline int pct__is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static inline int pct__is_alpha(unsigned char c) { return pct__is_upper(c) || pct__is_lower(c); }
static inline int pct__is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static inline unsigned char pct__lower(unsigned char c) { return pct__is_upper(c) ? c + 32 : c; }

/* Case-insensitive ASCII prefix test of `s` (length n) against `lit`. */
int pct__prefix_ci(const char *s, size_t n, const char *lit);
/* Like pct__prefix_ci, but a space in `lit` matches a run of spaces or tabs.
 * Returns the bytes of `s` matched, or 0. */
size_t pct__prefix_ws(const char *s, size_t n, const char *lit);
/* Case-insensitive search of `lit` in [s, s+n); returns offset or -1. */
long pct__find_ci(const char *s, size_t n, const char *lit);
/* 1 when [s, s+n) holds one of `words` (a NULL-terminated list of at most
 * PCT_ANY_WORDS_MAX) as pct__find_ci would find it. One pass: the words are
 * chained by lower-cased first byte, so each byte of s tries only the words
 * that open with it, whatever the number of words. */
#define PCT_ANY_WORDS_MAX 255 /* the chains hold byte-sized indices */
int pct__has_any_ci(const char *s, size_t n, const char *const *words);

#endif
