/*
 * pactum.h - the public API of libpactum, a contract-intelligence engine.
 *
 * The library reads a contract file (bytes), builds a document tree with
 * exact byte spans into the original file, extracts facts (parties, dates,
 * term, renewal, governing law, ...), recognises amendments and links
 * documents into families.
 *
 * Conventions:
 *  - Every span is half-open [start, end) and counts bytes of the caller's
 *    original input, whatever its encoding.
 *  - Fallible calls return 0 or a negative PCT_E* code; the message is read
 *    with pct_errmsg() on the context that was passed.
 *  - What comes back through an `out` parameter belongs to the caller and is
 *    released with the matching pct_*_free(); pct_*_free(NULL) does nothing.
 *    Pointers returned by getters are borrowed and live as long as their
 *    parent object.
 *  - Text is UTF-8 and is passed as (pointer, length), never relying on NUL;
 *    strings returned by the library are NUL-terminated for convenience.
 */
#ifndef PACTUM_H
#define PACTUM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PCT_VERSION "0.1.0"

/* ---------------------------------------------------------------- errors */

enum {
    PCT_OK = 0,
    PCT_ERROR = -1,     /* anything not listed below */
    PCT_ENOMEM = -2,    /* an allocation failed */
    PCT_EINVALID = -3,  /* input that cannot be read as text (binary, empty) */
    PCT_ENOTFOUND = -4, /* a file, document or record that does not exist */
    PCT_EIO = -5,       /* reading or writing failed */
    PCT_EBUSY = -6,     /* a store is locked by another process for too long */
    PCT_EVERSION = -7   /* a store written by a newer pactum */
};

/* ------------------------------------------------------------- allocation */

/** An allocator table. All library memory goes through the context's table,
 *  so tests can fail the Nth allocation and benchmarks can count peak bytes.
 *  `realloc` and `free` receive pointers that came from this table. */
typedef struct pct_allocator {
    void *(*malloc)(size_t size, void *ud);
    void *(*realloc)(void *ptr, size_t size, void *ud);
    void (*free)(void *ptr, void *ud);
    void *ud;
} pct_allocator;

/* ----------------------------------------------------------------- spans */

/** A half-open byte range [start, end) in the original input. */
typedef struct pct_span {
    size_t start, end;
} pct_span;

/* --------------------------------------------------------------- context */

typedef struct pct_ctx pct_ctx;

/** Creates a context. `alloc` may be NULL for the C library's malloc; the
 *  table is copied. Returns NULL when even the context cannot be allocated. */
pct_ctx *pct_ctx_new(const pct_allocator *alloc);

/** Frees a context; every object made with it must be freed first. */
void pct_ctx_free(pct_ctx *ctx);

/** The message of the last failed call made with `ctx` ("" when none).
 *  Borrowed; valid until the next call with `ctx`. */
const char *pct_errmsg(const pct_ctx *ctx);

/** The input offset (original bytes) the last error refers to, or -1. */
long long pct_error_offset(const pct_ctx *ctx);

/** Bytes currently allocated through `ctx`, and the peak since creation. */
size_t pct_mem_current(const pct_ctx *ctx);
size_t pct_mem_peak(const pct_ctx *ctx);

/* ------------------------------------------------------------ documents */

/** The encoding detected in the input. */
typedef enum pct_encoding {
    PCT_ENC_NONE = 0,
    PCT_ENC_UTF8,     /* valid UTF-8 without BOM (includes plain ASCII) */
    PCT_ENC_UTF8_BOM, /* valid UTF-8 after a byte-order mark */
    PCT_ENC_CP1252    /* not UTF-8: read as Windows-1252 (a superset of Latin-1) */
} pct_encoding;

/** A parsed file: its source text and its document tree. One file may hold
 *  several documents (an agreement and its amendments). */
typedef struct pct_doc pct_doc;

/** Node types of the document tree. The tree has the shape
 *  FILE > DOCUMENT > {TITLE, PREAMBLE, RECITAL*, SECTION*, SIGNATURES,
 *  EXHIBIT*}, SECTION > SECTION*, SIGNATURES > SIGNATURE_BLOCK*,
 *  EXHIBIT > SECTION* | SIGNATURES; ARTIFACT and REDACTION nodes mark layout
 *  artefacts (page markers, running footers, exhibit labels, legends) and
 *  redaction marks, set aside but kept, wherever they occur. */
typedef enum pct_node_type {
    PCT_NODE_NONE = 0,
    PCT_NODE_FILE,
    PCT_NODE_DOCUMENT,
    PCT_NODE_TITLE,
    PCT_NODE_PREAMBLE,
    PCT_NODE_RECITAL,
    PCT_NODE_SECTION,
    PCT_NODE_SIGNATURES,
    PCT_NODE_SIGNATURE_BLOCK,
    PCT_NODE_EXHIBIT,
    PCT_NODE_ARTIFACT,
    PCT_NODE_REDACTION
} pct_node_type;

/** Kinds of layout artefact (PCT_NODE_ARTIFACT). */
typedef enum pct_artifact_kind {
    PCT_ARTIFACT_NONE = 0,
    PCT_ARTIFACT_PAGE_MARK,    /* <PAGE> */
    PCT_ARTIFACT_PAGE_NUMBER,  /* a lone page number, "- 3 -", "Page 3 of 9" */
    PCT_ARTIFACT_RUNNING,      /* a running header or footer ("Source: ..., 10-K, ...") */
    PCT_ARTIFACT_EXHIBIT_LABEL,/* a filing label such as "EXHIBIT 10.5" */
    PCT_ARTIFACT_LEGEND,       /* a confidential-treatment legend */
    PCT_ARTIFACT_RULE          /* a rule of dashes, underscores or equals signs */
} pct_artifact_kind;

/** Numbering styles of sections. */
typedef enum pct_numstyle {
    PCT_NUM_NONE = 0,
    PCT_NUM_ARTICLE,     /* ARTICLE IV, Article 4 */
    PCT_NUM_SECTION_KW,  /* Section 2.3, SECTION 2, §2.3 */
    PCT_NUM_DECIMAL,     /* 1. 1.1 1.1.1 */
    PCT_NUM_UPPER_ALPHA, /* A. */
    PCT_NUM_PAREN_ALPHA, /* (a) a) */
    PCT_NUM_PAREN_ROMAN, /* (i) i) */
    PCT_NUM_PAREN_UPPER, /* (A) */
    PCT_NUM_PAREN_DIGIT, /* (1) */
    PCT_NUM_ROMAN        /* I. II. */
} pct_numstyle;

typedef struct pct_node pct_node;

/** One signing entity of a signature page. Strings are NULL when the block
 *  does not give them; each span is {0,0} when absent. Borrowed from the doc. */
typedef struct pct_signature {
    const char *entity;   /* the entity name as printed ("KMC TELECOM, INC.") */
    const char *by;       /* the By: line's content ("/S/ROSCOE C. YOUNG II") */
    const char *signer;   /* the signer's name, from Name: or the /s/ mark */
    const char *title;    /* Title: */
    const char *date;     /* Date: as printed ("9-29-00") */
    int signed_;          /* 1 when the By: line carries a mark, 0 when blank */
    pct_span entity_span, by_span, signer_span, title_span, date_span;
} pct_signature;

/** Parses `len` bytes of `data` (a copy is kept) into a document tree.
 *  `name` names the file in messages (may be NULL). Any text gives a tree;
 *  PCT_EINVALID is returned for input that is not text (empty, NUL bytes,
 *  PDF/ZIP/ELF signatures), with a message naming the problem. */
int pct_doc_parse(pct_doc **out, pct_ctx *ctx, const char *name, const char *data, size_t len);

/** Reads the file at `path` and parses it as pct_doc_parse() does.
 *  PCT_ENOTFOUND for a missing path, PCT_EIO for a directory or a read error. */
int pct_doc_parse_file(pct_doc **out, pct_ctx *ctx, const char *path);

/** Frees a document and everything borrowed from it. */
void pct_doc_free(pct_doc *doc);

/** The root (PCT_NODE_FILE) of the tree. */
const pct_node *pct_doc_root(const pct_doc *doc);

/** The name given at parse time ("" when none). */
const char *pct_doc_name(const pct_doc *doc);

/** The original input bytes and their length. */
const char *pct_doc_bytes(const pct_doc *doc, size_t *len_out);

/** The detected encoding. */
pct_encoding pct_doc_encoding(const pct_doc *doc);

/** Line (1-based) and column (1-based, in bytes) of an original offset. */
void pct_doc_line_col(const pct_doc *doc, size_t offset, size_t *line_out, size_t *col_out);

/** Checks the tree's invariants: links, spans nested in their parent, in order
 *  and inside the input. Returns 0, or PCT_ERROR with a message on the ctx. */
int pct_doc_check(const pct_doc *doc);

/** The UTF-8 text of a span of the original input, with layout artefacts
 *  (page markers, footers) removed and runs of white space folded into one
 *  space. Allocated in the doc's arena; valid while the doc lives. */
const char *pct_doc_text(const pct_doc *doc, pct_span span);

pct_node_type pct_node_get_type(const pct_node *node);
const char *pct_node_type_name(pct_node_type type); /* "section", ... */
pct_span pct_node_span(const pct_node *node);
const pct_node *pct_node_parent(const pct_node *node);
const pct_node *pct_node_first_child(const pct_node *node);
const pct_node *pct_node_last_child(const pct_node *node);
const pct_node *pct_node_next(const pct_node *node);
const pct_node *pct_node_prev(const pct_node *node);

/** A section's number as printed, normalised ("1.1", "(a)", "IV"), or NULL. */
const char *pct_node_number(const pct_node *node);
/** A section's numbering style. */
pct_numstyle pct_node_numstyle(const pct_node *node);
const char *pct_numstyle_name(pct_numstyle style); /* "decimal", ... */
/** The heading of a section or exhibit, or the text of a title; NULL when none. */
const char *pct_node_heading(const pct_node *node);
/** The span of the heading; {0,0} when none. */
pct_span pct_node_heading_span(const pct_node *node);
/** The kind of an ARTIFACT node. */
pct_artifact_kind pct_node_artifact_kind(const pct_node *node);
const char *pct_artifact_kind_name(pct_artifact_kind kind);
/** The signature record of a SIGNATURE_BLOCK node, else NULL. */
const pct_signature *pct_node_signature(const pct_node *node);

/* -------------------------------------------------------------- iterator */

typedef enum pct_event { PCT_EVENT_NONE = 0, PCT_EVENT_ENTER, PCT_EVENT_EXIT, PCT_EVENT_DONE } pct_event;

typedef struct pct_iter pct_iter;

/** An enter/exit walk of the subtree at `root`, without recursion. */
int pct_iter_new(pct_iter **out, pct_ctx *ctx, const pct_node *root);
pct_event pct_iter_next(pct_iter *it);
const pct_node *pct_iter_node(const pct_iter *it);
void pct_iter_free(pct_iter *it);

/* ------------------------------------------------------------- rendering */

/** A sink receives rendered output; returns 0, or non-zero to stop. */
typedef int (*pct_sink)(const char *data, size_t len, void *ud);

/** Renders the tree as JSON (schema in docs/tree-json.md). */
int pct_render_tree_json(const pct_doc *doc, pct_sink sink, void *ud);

/** Renders the tree as an indented outline for a person to read. */
int pct_render_tree_outline(const pct_doc *doc, pct_sink sink, void *ud);


/* ----------------------------------------------------------------- facts */

/** One extracted value: its normalised form, the text it came from, where
 *  (original byte span) and which rule found it. `value` is NULL when the
 *  fact was not found. */
typedef struct pct_value {
    const char *value; /* normalised: "2000-09-29", "New York", "12", "perpetual" */
    const char *raw;   /* the source text as written (folded white space) */
    pct_span span;     /* where `raw` is in the original file */
    const char *rule;  /* id of the rule that found it: "date.preamble.dated_as_of" */
    int computed;      /* 1 when derived from other facts (expiration = start + term) */
} pct_value;

/** A name with where it occurs. */
typedef struct pct_mention {
    const char *text;
    pct_span span;
    const char *rule;
} pct_mention;

/** A party to a document. */
typedef struct pct_party {
    pct_mention name;           /* legal name in its best form ("KMC Telecom, Inc.") */
    const char *entity_form;    /* suffix as written: "Inc.", "LLC", "GmbH"; NULL when none */
    pct_value entity_type;      /* "corporation", "limited liability company", ... */
    pct_value jurisdiction;     /* "Delaware", "England and Wales" */
    pct_value address;          /* "1545 Route 206, Suite 300, Bedminister, New Jersey 07921" */
    const pct_mention *aliases; /* defined names: "Customer", "Lucent" */
    size_t naliases;
    const pct_mention *variants;/* other spellings seen ("KMC Telcom, Inc.", "KMC TELECOM, INC.") */
    size_t nvariants;
    const char *role;           /* "party", "affiliate" (named by the body, e.g. added), "signatory" */
} pct_party;

/** A defined term: "X" means ..., (the "X"), hereinafter "X". */
typedef struct pct_defterm {
    pct_mention term;      /* the term without quotes */
    pct_span definition;   /* the sentence or clause that defines it */
} pct_defterm;

/** A document that this one refers to: the agreement it amends, an earlier
 *  amendment, an exhibit agreement. */
typedef struct pct_reference {
    const char *relation;  /* "amends", "earlier_amendment", "mentions" */
    pct_mention title;     /* "Professional Services Agreement" */
    pct_value identifier;  /* "LNS970602JC" */
    pct_value date;        /* the date the reference gives it ("dated ...") */
    pct_value effective_date; /* "effective as of ..." */
    int ordinal;           /* for an amendment: its number; else 0 */
} pct_reference;

/** The facts of one document of a file. */
typedef struct pct_docfacts {
    const pct_node *node;          /* the DOCUMENT node */
    const char *kind;              /* "agreement", "amendment", "joinder", "other" */
    int ordinal;                   /* amendment number (2 for "Amendment No. 2"), else 0 */
    pct_value document_name;       /* "Amendment Number 2 to the Professional Services Agreement" */
    pct_value identifier;          /* "LNS970602JC" */
    pct_value agreement_date;      /* ISO date */
    pct_value effective_date;      /* ISO date */
    pct_value expiration_date;     /* ISO date or "perpetual"; computed=1 when derived */
    pct_value initial_term;        /* months, as a decimal string */
    pct_value renewal_term;        /* months, "perpetual" or "automatic-unspecified" */
    pct_value notice_period_to_terminate_renewal; /* days */
    pct_value governing_law;       /* canonical jurisdiction */
    const pct_party *parties;
    size_t nparties;
    const pct_defterm *terms;
    size_t nterms;
    const pct_reference *refs;
    size_t nrefs;
    const pct_value *signature_dates; /* one per signed, dated signature block, ISO */
    size_t nsignature_dates;
} pct_docfacts;

typedef struct pct_facts pct_facts;

/** Extracts the facts of every document of `doc`. The result borrows from
 *  `doc`, which must outlive it. PCT_ENOMEM on allocation failure. */
int pct_extract(pct_facts **out, pct_ctx *ctx, const pct_doc *doc);

/** Frees facts. */
void pct_facts_free(pct_facts *facts);

/** The number of documents, and one document's facts (borrowed). */
size_t pct_facts_count(const pct_facts *facts);
const pct_docfacts *pct_facts_doc(const pct_facts *facts, size_t i);
/** The parsed file the facts were extracted from. */
const pct_doc *pct_facts_source(const pct_facts *facts);

/** The full facts as JSON (docs/facts-json.md): every value with span and rule. */
int pct_render_facts_json(const pct_facts *facts, pct_sink sink, void *ud);

/** One line of the CUAD prediction format (../shared/cuad/README.md) for the
 *  file, ending in a newline. `source` is the value of the "source" key. */
int pct_render_facts_cuad(const pct_facts *facts, const char *source, pct_sink sink, void *ud);

/** A CSV header line, and one CSV row per document, for spreadsheets. */
int pct_render_facts_csv_header(pct_sink sink, void *ud);
int pct_render_facts_csv(const pct_facts *facts, pct_sink sink, void *ud);

#ifdef __cplusplus
}
#endif
#endif
