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
 *  `name` names the file in messages (may be NULL). The format is told by
 *  content: plain text, HTML, Word (.docx) or PDF (pct_doc_format()); any
 *  text gives a tree. PCT_EINVALID is returned, with a message naming the
 *  problem, for input that cannot be read: empty, binary (NUL bytes, ELF, a
 *  ZIP that is not a Word file), a damaged, truncated or encrypted DOCX or
 *  PDF, or one with no text. */
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

/** The bytes spans count in, and their length: the input as given for text
 *  and HTML; for DOCX and PDF (compressed files) the text read from the file,
 *  the same bytes as pct_doc_read_text(). */
const char *pct_doc_bytes(const pct_doc *doc, size_t *len_out);

/** The input bytes exactly as given to pct_doc_parse(), whatever the format. */
const char *pct_doc_file(const pct_doc *doc, size_t *len_out);

/** The input's format, detected by content: "text", "html", "docx" or "pdf"
 *  (docs/formats.md). */
const char *pct_doc_format(const pct_doc *doc);

/** The UTF-8 text the parser read (NUL-terminated; *len_out bytes): the decoded
 *  file for text, the text of the page for HTML, the extracted text for DOCX
 *  and PDF (in which their spans count). Borrowed from the doc. */
const char *pct_doc_read_text(const pct_doc *doc, size_t *len_out);

/** One run of an offset map: read-text offsets from `text` on map to original
 *  offsets from `orig` on, one to one, up to the next run. */
typedef struct pct_offset_run {
    size_t text, orig;
} pct_offset_run;

/** For HTML, the map from pct_doc_read_text() offsets to original offsets, as
 *  runs sorted by both (*n_out of them); NULL with *n_out 0 for the other
 *  formats (text: use the file; DOCX and PDF: spans already count in the text). */
const pct_offset_run *pct_doc_offset_map(const pct_doc *doc, size_t *n_out);

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

/** Whether a document has a clause of one of CUAD's 33 yes/no categories,
 *  with the best evidence (a sentence or a section heading). */
typedef struct pct_clause {
    const char *category; /* CUAD's name: "Anti-Assignment", "Cap on Liability" */
    int present;
    pct_span span;        /* the evidence; {0,0} when absent */
    const char *rule;     /* the rule id, NULL when absent */
} pct_clause;

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
    const pct_clause *clauses;     /* one per CUAD clause category, in CUAD's order */
    size_t nclauses;
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

/* ----------------------------------------------------- amendments, families
 *
 * A family is an agreement with its amendments (and joinders), linked across
 * the files given, in the order they took effect. Documents that are cited
 * but not given become placeholders (on_file = 0). Everything here borrows
 * from the pct_doc objects passed to pct_family_link(), which must outlive
 * the family; spans are original byte offsets of the document's own file. */

/** Kinds of amending operation. */
typedef enum pct_op_kind {
    PCT_OP_NONE = 0,
    PCT_OP_ADD_TO_DEFINITION,  /* a defined term gains members ("Customer" ... additionally include) */
    PCT_OP_REPLACE_DEFINITION, /* a definition is restated */
    PCT_OP_REPLACE_SECTION,    /* a section is deleted and replaced / amended and restated */
    PCT_OP_AMEND_SECTION_TEXT, /* words of a section (or of the whole agreement) change */
    PCT_OP_INSERT_SECTION,     /* a new section (or definition) is added */
    PCT_OP_DELETE_SECTION,     /* a section is deleted */
    PCT_OP_EXTEND_TERM,        /* the term or expiration date is extended */
    PCT_OP_CHANGE_TERM,        /* the term is otherwise changed (restated, shortened) */
    PCT_OP_ADD_EXHIBIT,        /* an exhibit or schedule is added */
    PCT_OP_REPLACE_EXHIBIT,    /* an exhibit or schedule is replaced */
    PCT_OP_ADD_PARTY,          /* an entity becomes a party (joinder, "is added as a party") */
    PCT_OP_OTHER               /* a provision pactum cannot interpret: kept with its text */
} pct_op_kind;

/** What an operation acts on. */
typedef enum pct_target_kind {
    PCT_TARGET_NONE = 0,
    PCT_TARGET_SECTION,      /* a numbered section: target "3.1" */
    PCT_TARGET_DEFINED_TERM, /* target "Customer" */
    PCT_TARGET_TERM,         /* the agreement's term / expiration date */
    PCT_TARGET_EXHIBIT,      /* target "Exhibit B", "Schedule 3" */
    PCT_TARGET_PARTY,        /* the parties */
    PCT_TARGET_TEXT,         /* words wherever they appear in the agreement */
    PCT_TARGET_OTHER
} pct_target_kind;

const char *pct_amend_op_kind_name(pct_op_kind kind);         /* "add-to-definition", ... */
const char *pct_amend_target_kind_name(pct_target_kind kind); /* "section", "defined-term", ... */

/** A name with where it is written (original bytes of the document's file). */
typedef struct pct_amend_name {
    const char *text;
    pct_span span;
} pct_amend_name;

/** One amending operation of an amendment. */
typedef struct pct_amend_op {
    pct_op_kind kind;
    pct_target_kind target_kind;
    const char *target;     /* "3.1", "Customer", "expiration date", "Exhibit B"; NULL when none */
    const char *provision;  /* the amendment's own section number ("1"), NULL when unnumbered */
    const char *before;     /* the old value when the provision states it (ISO date, words) */
    const char *after;      /* the new value: ISO date, "+24 months", or new text (folded) */
    pct_span after_span;    /* {0,0} when `after` is NULL */
    const pct_amend_name *members; /* entities added to a definition or as parties */
    size_t nmembers;
    const char *limit;      /* a limit in time or scope ("until ...", "solely with respect to ...") */
    pct_span limit_span;
    const char *text;       /* the operative sentence or provision (folded white space) */
    pct_span span;          /* where `text` is */
    const char *rule;       /* id of the grammar rule: "op.definition.additionally_include" */
} pct_amend_op;

/** A document that a document cites: the agreement it amends, earlier amendments. */
typedef struct pct_amend_ref {
    const char *relation;       /* "amends", "earlier_amendment", "joins" */
    const char *title;          /* "Professional Services Agreement", "Amendment Number 1" */
    const char *identifier;     /* "LNS970602JC", or NULL */
    const char *date;           /* ISO date it is "dated", or NULL */
    const char *effective_date; /* ISO date it is "effective as of", or NULL */
    int ordinal;                /* the amendment number, else 0 */
    pct_span span;              /* the citation */
} pct_amend_ref;

/** A party as a document names it. */
typedef struct pct_amend_party {
    pct_amend_name name;    /* best spelling ("KMC Telecom, Inc."), span of one occurrence */
    const char *alias;      /* the defined term it is given ("Customer"), or NULL */
    pct_span alias_span;
    const pct_amend_name *variants; /* other spellings seen, with where */
    size_t nvariants;
    const char *source;     /* "preamble", "title", "body", "signature" */
} pct_amend_party;

/** One document of a family. */
typedef struct pct_family_doc {
    const char *id;          /* stable within the family: "d1", "d2", ...; placeholders "ref1", ... */
    size_t group;            /* which family (0-based) of the linked set */
    const char *kind;        /* "agreement", "amendment", "joinder", "other" */
    const char *title;       /* as printed or as cited */
    int ordinal;             /* amendment number, else 0 */
    const char *identifier;  /* agreement number, or NULL */
    int on_file;             /* 0 for a placeholder of a cited document */
    const pct_doc *doc;      /* the parsed file (NULL for a placeholder) */
    const pct_node *node;    /* its DOCUMENT node (NULL for a placeholder) */
    const char *agreement_date; /* ISO: "dated as of", "made this" */
    const char *effective_date; /* ISO: stated effective date */
    const char *execution_date; /* ISO: the latest signature date */
    const char *order_date;  /* the date the document is ordered by, or NULL */
    const char *order_basis; /* "effective_date", "agreement_date", "execution_date",
                                "recited_effective_date", "recited_date", "ordinal", "none" */
    long amends;             /* index of the document it amends in this family, or -1 */
    const char *mentioned_by;/* placeholders: id of the first document citing it */
    const pct_amend_ref *refs;
    size_t nrefs;
    const pct_amend_op *ops;
    size_t nops;
    const pct_amend_party *parties;
    size_t nparties;
} pct_family_doc;

typedef struct pct_family pct_family;

/** Reads each DOCUMENT of the `n` parsed files, recognises amendments and
 *  their operations, links documents into families (by identifier, title,
 *  parties and dates, through indexes: no pairwise comparison of all
 *  documents), orders each family by effective date else execution date,
 *  and adds placeholders for documents cited but not given. The family
 *  borrows from `docs`. Returns 0, PCT_ENOMEM, or PCT_EINVALID for n == 0. */
int pct_family_link(pct_family **out, pct_ctx *ctx, const pct_doc *const *docs, size_t n);

/** The same, with the facts the caller already extracted (pct_extract) for
 *  each doc, so nothing is extracted twice: facts[i] belongs to docs[i];
 *  a NULL array or entry means "extract it here". The facts are borrowed
 *  and must outlive the family. */
int pct_family_link_facts(pct_family **out, pct_ctx *ctx, const pct_doc *const *docs,
                          const pct_facts *const *facts, size_t n);

/** Frees a family (NULL does nothing). */
void pct_family_free(pct_family *fam);

/** The number of families found, and of documents (placeholders included).
 *  Documents are sorted by family, then by the order they took effect. */
size_t pct_family_groups(const pct_family *fam);
size_t pct_family_count(const pct_family *fam);
/** One document (borrowed), or NULL when i is out of range. */
const pct_family_doc *pct_family_doc_at(const pct_family *fam, size_t i);

/** The state of an agreement as amended on a date. */
typedef struct pct_state pct_state;

/** Where an element of the state comes from. */
typedef struct pct_state_source {
    const char *doc_id;    /* the family document, "" when unknown */
    const char *provision; /* the provision of that document ("1", "preamble"), or NULL */
    pct_span span;         /* in that document's file; {0,0} for placeholders */
} pct_state_source;

/** A member of a defined party term, or a party. */
typedef struct pct_state_member {
    const char *name;
    pct_state_source from;
} pct_state_member;

/** A defined party term ("Customer") and who it covers on the date. */
typedef struct pct_state_term {
    const char *term;
    const pct_state_member *members;
    size_t nmembers;
    int complete; /* 0 when a document that could change it is not on file */
} pct_state_term;

/** A section's controlling text on the date. */
typedef struct pct_state_section {
    const char *number;   /* "3.1", or "Exhibit B" */
    const char *heading;  /* or NULL */
    const char *status;   /* "original", "replaced", "amended", "inserted", "deleted", "unknown" */
    const char *text;     /* controlling text (folded); NULL when deleted or unknown */
    pct_state_source from;
} pct_state_section;

/** One applied (or pending) operation, in order. */
typedef struct pct_state_change {
    const char *date;   /* ISO, or NULL when the document has no date */
    const char *basis;  /* the document's order_basis */
    const char *doc_id;
    size_t op;          /* index into that document's ops */
    const pct_amend_op *operation;
} pct_state_change;

typedef struct pct_state_view {
    const char *as_of;           /* ISO */
    size_t group;
    const pct_state_member *parties;
    size_t nparties;
    const pct_state_term *terms;
    size_t nterms;
    const char *term_start;      /* ISO or NULL (unknown) */
    pct_state_source term_start_from;
    const char *expiration;      /* ISO or NULL (unknown) */
    pct_state_source expiration_from;
    const char *expiration_note; /* how the expiration is known */
    const pct_state_section *sections;
    size_t nsections;
    const pct_state_change *changes; /* in effect on the date, in order */
    size_t nchanges;
    const pct_state_change *pending; /* later changes */
    size_t npending;
    int complete;                /* 0 when documents before the date are not on file */
    const char *const *caveats;  /* sentences for the reader */
    size_t ncaveats;
} pct_state_view;

/** Folds the operations of family `group` in effect on `as_of` (YYYY-MM-DD)
 *  into the agreement as amended on that date. What the base agreement
 *  would say but is not on file is unknown, never invented. Returns 0,
 *  PCT_ENOMEM, or PCT_EINVALID for a bad date or group. */
int pct_state_at(pct_state **out, const pct_family *fam, size_t group, const char *as_of);
const pct_state_view *pct_state_get(const pct_state *st);
void pct_state_free(pct_state *st);

/** Severity of an audit finding. */
typedef enum pct_severity {
    PCT_SEV_NONE = 0,
    PCT_SEV_INFO,
    PCT_SEV_WARNING,
    PCT_SEV_ERROR
} pct_severity;

const char *pct_finding_severity_name(pct_severity sev); /* "info", "warning", "error" */

/** An audit finding. Codes are stable: sig.blank, sig.unknown_entity,
 *  party.no_signature, party.name_variant, date.effective_before_signed,
 *  date.before_base, date.out_of_order, date.none, ref.not_on_file,
 *  op.target_not_found, op.uninterpreted. */
typedef struct pct_finding {
    pct_severity severity;
    const char *code;
    const char *message;   /* one sentence for a reviewer */
    const char *doc_id;    /* the family document it is about */
    const pct_span *spans; /* where (in that document's file); may be empty */
    size_t nspans;
} pct_finding;

typedef struct pct_findings pct_findings;

/** Audits every document of the family. Returns 0 or PCT_ENOMEM. */
int pct_finding_check(pct_findings **out, const pct_family *fam);
size_t pct_finding_count(const pct_findings *f);
const pct_finding *pct_finding_at(const pct_findings *f, size_t i);
/** The highest severity found (PCT_SEV_NONE when there is none). */
pct_severity pct_finding_max(const pct_findings *f);
void pct_finding_free(pct_findings *f);

/** The family, its operations and the state on `as_of` (NULL: today's date
 *  is not used; the state after the last document is given) as JSON
 *  (docs/family-json.md). `findings` may be NULL. */
int pct_render_family_json(const pct_family *fam, const char *as_of, const pct_findings *findings,
                           pct_sink sink, void *ud);
/** The same as a reviewer's memo in plain text. */
int pct_render_family_memo(const pct_family *fam, const char *as_of, const pct_findings *findings,
                           pct_sink sink, void *ud);
/** The findings alone, as JSON or as a memo. */
int pct_render_findings_json(const pct_family *fam, const pct_findings *findings, pct_sink sink,
                             void *ud);
int pct_render_findings_memo(const pct_family *fam, const pct_findings *findings, pct_sink sink,
                             void *ud);

/* ----------------------------------------------------------------- store */

/** A portfolio store: a durable collection of contract files with their
 *  original bytes, content hash, tree, facts, families and a full-text
 *  index. Opened on one thread and used from it; the add pipeline runs its
 *  own worker threads internally. */
typedef struct pct_store pct_store;

/** Flags of pct_store_open(). */
enum {
    PCT_STORE_READONLY = 1 << 0, /* never write; the file must exist */
    PCT_STORE_NOCREATE = 1 << 1  /* fail with PCT_ENOTFOUND rather than create */
};

/** The schema version this pactum writes; older stores are migrated on open. */
#define PCT_STORE_SCHEMA 2

/** Opens the store at `path`, creating it (unless PCT_STORE_READONLY or
 *  PCT_STORE_NOCREATE) and migrating an older schema. Errors:
 *  PCT_ENOTFOUND (absent and not created), PCT_EVERSION (written by a newer
 *  pactum: left untouched), PCT_EINVALID (not a pactum store, or corrupt:
 *  left untouched), PCT_EIO (read-only file system, permission, full disk),
 *  PCT_EBUSY (locked for too long). The store keeps `ctx`. */
int pct_store_open(pct_store **out, pct_ctx *ctx, const char *path, unsigned flags);

/** Closes a store (NULL does nothing). */
void pct_store_close(pct_store *st);

/** The store's path and the schema version found on disk. */
const char *pct_store_path(const pct_store *st);
int pct_store_schema_version(const pct_store *st);

/** What happened to one file of an add. */
typedef enum pct_add_status {
    PCT_ADD_NONE = 0,
    PCT_ADD_ADDED,     /* stored (committed) */
    PCT_ADD_DUPLICATE, /* the same content (sha256) was already stored: skipped */
    PCT_ADD_FAILED     /* not stored: see message */
} pct_add_status;

/** Progress of an add, passed to the callback after each file. */
typedef struct pct_add_event {
    pct_add_status status;
    const char *path;       /* the file */
    long long id;           /* the file's id in the store (ADDED, DUPLICATE), else 0 */
    size_t bytes;           /* size of the file */
    size_t ndocs;           /* documents found in it */
    const char *message;    /* why it failed (FAILED), else NULL */
    size_t done, total;     /* files finished, files found */
    unsigned long long bytes_done, bytes_total;
    double elapsed;         /* seconds since the add began */
} pct_add_event;

/** Progress callback; return non-zero to stop the add after this file. */
typedef int (*pct_add_cb)(const pct_add_event *ev, void *ud);

typedef struct pct_add_opts {
    int threads;         /* parsing threads; 0 = one per online core */
    pct_add_cb progress; /* called on the calling thread after each file; may be NULL */
    void *ud;
} pct_add_opts;

/** Totals of an add. */
typedef struct pct_add_summary {
    size_t added, duplicates, failed;
    size_t total;               /* files found */
    unsigned long long bytes;   /* bytes of the files read */
    double seconds;
} pct_add_summary;

/** Adds files and directories (walked recursively; hidden entries skipped)
 *  to the store: worker threads parse and extract, the calling thread
 *  commits one transaction per file and re-links families. A file that
 *  fails is reported through the callback and the add goes on. Returns 0
 *  when every file was handled (see summary->failed), or a negative code
 *  when the store itself failed (read-only, full disk, corrupt): the files
 *  committed before that stay stored. */
int pct_store_add_paths(pct_store *st, const char *const *paths, size_t n,
                        const pct_add_opts *opts, pct_add_summary *summary_out);

/** Adds one file given as bytes. `path` is recorded as its source.
 *  *id_out gets the file's id; *duplicate_out is 1 when the same content was
 *  already stored (nothing written). PCT_EINVALID for input that is not
 *  text; store errors as for pct_store_open(). */
int pct_store_add(pct_store *st, const char *path, const char *data, size_t len,
                  long long *id_out, int *duplicate_out);

/** Resolves a reference to a stored file id: a number ("12"), a number with
 *  a document index ("12.2"), a file name, a path, or a sha256 prefix (at
 *  least 6 hex digits). PCT_ENOTFOUND, or PCT_EINVALID when ambiguous. */
int pct_store_resolve(pct_store *st, const char *ref, long long *id_out);

/** Removes a stored file, its documents, facts, index entries and findings,
 *  and re-links the families it belonged to. PCT_ENOTFOUND. */
int pct_store_remove(pct_store *st, long long id);

/** Filters of pct_store_list(); NULL / 0 fields do not filter. */
typedef struct pct_store_filter {
    const char *kind;            /* "agreement", "amendment", ... */
    const char *party;           /* case-insensitive substring of a party name */
    const char *expiring_before; /* ISO date: expiration (consolidated) before it */
    int unsigned_only;           /* documents with a blank signature block */
    long long family;            /* documents of this family id */
    long long file;              /* documents of this stored file id */
} pct_store_filter;

/** One result row: a document of a stored file, with the fields of the
 *  query that produced it. Strings are NULL when unknown. */
typedef struct pct_store_row {
    long long id;                /* stored file id */
    int doc;                     /* document index in the file, 0-based */
    long long family;            /* family id, 0 when none */
    const char *name;            /* file name */
    const char *path;            /* source path at add time */
    const char *sha256;
    const char *added_at;        /* ISO 8601 UTC */
    size_t bytes;
    const char *kind;            /* "agreement", "amendment", ... */
    int ordinal;                 /* amendment number, else 0 */
    const char *title;           /* document name */
    const char *parties;         /* party names joined by "; " */
    const char *agreement_date, *effective_date;
    const char *expiration_date; /* consolidated over the family when known */
    const char *renewal_term, *notice_days, *governing_law;
    int signed_;                 /* 1 every block signed, 0 a block is blank, -1 none found */
    /* search */
    double rank;                 /* bm25, smaller is better */
    const char *section;         /* section number of the hit, or NULL */
    const char *heading;         /* heading of the hit, or NULL */
    const char *snippet;         /* matched text with [ ] around the terms */
    pct_span span;               /* original bytes of the hit */
    const char *family_title;    /* the family's base agreement, for context */
    /* due */
    const char *event;           /* "expiration", "renewal_notice" */
    const char *date;            /* ISO date of the event */
    long days;                   /* days from today (negative: past) */
    const char *basis;           /* how the date follows: "initial term", "amended by #14" */
} pct_store_row;

typedef struct pct_store_rows pct_store_rows;

size_t pct_store_rows_count(const pct_store_rows *rows);
const pct_store_row *pct_store_rows_at(const pct_store_rows *rows, size_t i);
void pct_store_rows_free(pct_store_rows *rows);

/** Documents matching `filter` (NULL: all), ordered by id; with a family
 *  filter, in the order the documents took effect. PCT_EINVALID for a bad
 *  expiring_before date. */
int pct_store_list(pct_store_rows **out, pct_store *st, const pct_store_filter *filter);

/** Full-text search, ranked (bm25 over documents, words stemmed), at most
 *  `limit` documents (0: 20), each with its best section (the one holding
 *  most matches), a snippet and its family. `query` is words, "quoted
 *  phrases", prefix*, and AND, OR, NOT between them; plain words without an
 *  operator must occur near one another (within 30 words), words joined by
 *  AND/OR/NOT anywhere in the document; other punctuation is a space.
 *  PCT_EINVALID for a query with no words. */
int pct_store_search(pct_store_rows **out, pct_store *st, const char *query, size_t limit);

/** Expirations and renewal-notice deadlines between `from` and `to` (ISO
 *  dates, inclusive; NULL: open), from the consolidated state of each family
 *  (an amendment that moves the expiration moves its deadlines), by date. */
int pct_store_due(pct_store_rows **out, pct_store *st, const char *from, const char *to);

/** Renders rows as a JSON array of objects (keys as in pct_store_row). */
int pct_store_rows_json(const pct_store_rows *rows, pct_sink sink, void *ud);

/** Renders due rows as an RFC 5545 calendar (one all-day VEVENT each, with a
 *  stable UID, CRLF line ends, folded lines). */
int pct_store_rows_ical(const pct_store_rows *rows, pct_sink sink, void *ud);

/** Exports every stored document: "csv" (one row per document, header
 *  first) or "jsonl" (one object per stored file with its facts). */
int pct_store_export(pct_store *st, const char *format, pct_sink sink, void *ud);

/** One stored file as JSON: record, facts of each document, family members,
 *  consolidated state as of `as_of` (ISO date; NULL: today) and findings. */
int pct_store_show_json(pct_store *st, long long id, const char *as_of, pct_sink sink, void *ud);

/** The same for a person to read. */
int pct_store_show_text(pct_store *st, long long id, const char *as_of, pct_sink sink, void *ud);

/** Loads a stored file's original bytes and parses them (the store is
 *  self-contained: the source path need not exist). Free with pct_doc_free. */
int pct_store_load(pct_doc **out, pct_store *st, long long id);

/** Counts of the store. */
typedef struct pct_store_stats {
    size_t files, documents, families, sections;
    unsigned long long bytes; /* original bytes stored */
} pct_store_stats;

int pct_store_stats_get(pct_store *st, pct_store_stats *out);

/** Parses a duration such as "90d", "12w", "6m", "1y" or "30" (days) into
 *  days. Returns 0 or PCT_EINVALID. */
int pct_duration_days(const char *s, long *days_out);

#ifdef __cplusplus
}
#endif
#endif
