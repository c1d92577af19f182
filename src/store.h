/*
 * store.h - internal interface of the portfolio store.
 *
 * The public pct_store_* functions (store.c) know nothing about SQL: they
 * prepare documents (parse, extract, render, hash: CPU work done by worker
 * threads, each with its own context) into `pct_store_item`s and hand them,
 * and every query, to a backend through the `pct_store_ops` table. The only
 * backend today is SQLite (store_sqlite.c); a PostgreSQL backend implements
 * the same table over libpq.
 *
 * Threading: a pct_store and its context belong to one thread (the writer).
 * Items are built on worker threads with their own pct_ctx and are handed to
 * the writer whole, so no context is ever shared between threads.
 */
#ifndef PCT_STORE_H
#define PCT_STORE_H

#include "internal.h"

/* ------------------------------------------------------------- sha256 */

typedef struct pct_sha256 {
    uint32_t h[8];
    uint64_t len; /* bytes absorbed so far */
    unsigned char buf[64];
} pct_sha256;

void pct_sha256__init(pct_sha256 *s);
void pct_sha256__update(pct_sha256 *s, const void *data, size_t n);
void pct_sha256__final(pct_sha256 *s, unsigned char out[32]);
/* Lower-case hex digest of data, NUL-terminated. */
void pct_sha256__hex(const void *data, size_t n, char out[65]);
/* 1 when the processor's SHA instructions are used; enable 0 forces the
 * plain C rounds from then on (tests compare both paths). */
int pct_sha256__accel(int enable);

/* --------------------------------------------------------------- items */

/* One indexed passage: the own text of a title, preamble, recital, section
 * (without its subsections), signature block or exhibit heading. */
typedef struct pct_store_section {
    int doc;              /* document index within the file, 0-based */
    const char *kind;     /* node type name: "section", "preamble", ... */
    const char *number;   /* section number or NULL */
    const char *heading;  /* heading or NULL */
    const char *text;     /* folded own text (UTF-8) */
    pct_span span;        /* original bytes of the node */
} pct_store_section;

/* Opens each passage in a document's full-text body (a separator to FTS5):
 * a position in the body thus names its sections row. */
#define PCT_STORE_SECTION_MARK '\x1e'

/* One DOCUMENT of a prepared file. */
typedef struct pct_store_docinfo {
    pct_span span;             /* original bytes of the DOCUMENT node */
    int signed_;               /* 1 every block signed, 0 a block blank, -1 no blocks */
    const char *parties;       /* party names joined by "; ", or NULL */
    const pct_docfacts *facts; /* NULL when facts are missing */
    const char *body;          /* full-text body: each passage's text opened by
                                  PCT_STORE_SECTION_MARK, closed by '\n' (built by
                                  the worker, so the writer only stores it) */
    size_t body_len;
    const unsigned char *toks; /* the body's full-text tokens (ops->tok_run on the
                                  worker, replayed by the writer), or NULL */
    size_t toks_len;
} pct_store_docinfo;

/* A document's full-text row, named by its file and place in the file (the
 * backend takes its documents.id and title from the documents row). */
typedef struct pct_store_ftsrow {
    long long file_id;
    int doc;
    const char *body;
    size_t len;
    const unsigned char *toks; /* tokens of body from ops->tok_run, or NULL */
    size_t toks_len;
} pct_store_ftsrow;

/* A file prepared for storage. Everything lives in `ctx` (the item's own
 * context) and `arena`; pct_store__item_free releases it all. */
typedef struct pct_store_item {
    pct_ctx *ctx;              /* owned; never shared with another thread */
    pct_arena *arena;
    const char *path;          /* absolute when it came from the file system */
    const char *name;          /* base name of path */
    char sha256[65];
    char *data;                /* the original bytes (owned, ctx allocator) */
    size_t len;
    pct_doc *doc;              /* NULL when parsing failed */
    pct_facts *facts;          /* NULL when parsing failed */
    pct_buf tree_json;
    pct_buf facts_json;
    pct_store_section *sections;
    size_t nsections;
    pct_store_docinfo *docs;   /* one per DOCUMENT node, in order */
    size_t ndocs;
    const char **keys;         /* family link keys ("id:...", "tp:...") */
    size_t nkeys;
    size_t alloc_bytes[3];     /* bytes allocated for sections, docs, keys (to free) */
    int known;                 /* 1: the hash was already stored when the add began */
    struct pct_store_fam *solo;/* the families of this file alone (member file_id 0),
                                  linked by the worker; used when no stored file relates */
    size_t nsolo;
    int solo_done;             /* 1 when solo/nsolo were computed */
    int err;                   /* 0, or the PCT_E* of the failure */
    char errmsg[PCT_ERRMSG_MAX];
} pct_store_item;

/* Builds an item from bytes (takes ownership of `data`, allocated with
 * malloc). Never fails silently: on error item->err/errmsg say why and the
 * item can still be reported. Returns NULL only when memory ran out before
 * the item existed (data is then freed). */
pct_store_item *pct_store__item_new(const pct_allocator *alloc, const char *path, char *data,
                                    size_t len);
void pct_store__item_free(pct_store_item *item);

/* ------------------------------------------------------------- backend */

/* Query kinds served by ops->query. */
typedef enum pct_store_qkind {
    PCT_STORE_Q_NONE = 0,
    PCT_STORE_Q_LIST,
    PCT_STORE_Q_SEARCH,
    PCT_STORE_Q_DUE
} pct_store_qkind;

typedef struct pct_store_query {
    pct_store_qkind kind;
    pct_store_filter filter;  /* LIST */
    const char *text;         /* SEARCH: an FTS5 query (already sanitised) */
    const char *from, *to;    /* DUE: ISO dates, inclusive; NULL = open */
    const char *today;        /* ISO date the `days` of DUE rows count from */
    size_t limit;             /* 0 = no limit */
} pct_store_query;

/* Rows owned by the store's context; strings in the arena. */
struct pct_store_rows {
    pct_ctx *ctx;
    pct_arena *arena;
    pct_vec rows; /* of pct_store_row */
};

/* A member of a family, by stored file and document index. */
typedef struct pct_store_famdoc {
    long long file_id;
    int doc;
} pct_store_famdoc;

/* A deadline derived from a family's consolidated state. */
typedef struct pct_store_deadline {
    const char *event;   /* "expiration", "renewal_notice" */
    const char *date;    /* ISO */
    const char *basis;   /* how it follows, for a person */
    pct_store_famdoc source; /* the document that set it */
} pct_store_deadline;

/* An amending operation of a member, as stored (strings copied out of the
 * family, so they outlive it). */
typedef struct pct_store_op {
    pct_store_famdoc doc;     /* the amendment */
    int seq;                  /* its place among the document's operations */
    const char *kind;         /* "extend-term", "replace-section", ... */
    const char *target_kind;  /* "section", "defined-term", "term", ... */
    const char *target, *provision, *before, *after, *text, *rule;
    pct_span span;            /* of `text`, original bytes of the amendment's file */
} pct_store_op;

/* An audit finding about a member. */
typedef struct pct_store_finding {
    pct_store_famdoc doc;
    const char *severity;     /* "info", "warning", "error" */
    const char *code;         /* "sig.blank", ... */
    const char *message;
    pct_span span;            /* the first span, {0,0} when none */
} pct_store_finding;

/* One family to write: its members in the order they took effect. */
typedef struct pct_store_fam {
    const pct_store_famdoc *members;
    size_t nmembers;
    const char *title;        /* the base agreement's name, or NULL */
    const char *expiration;   /* consolidated expiration (ISO) or NULL */
    int placeholders;         /* documents cited but not on file */
    const pct_store_op *ops;  /* operations of its amendments, in family order */
    size_t nops;
    const pct_store_finding *findings;
    size_t nfindings;
    const pct_store_deadline *deadlines;
    size_t ndeadlines;
} pct_store_fam;

typedef struct pct_store_ops {
    const char *name;
    /* Opens or creates the store, migrating an older schema. */
    int (*open)(pct_store *st, const char *path, unsigned flags);
    void (*close)(pct_store *st);
    /* A write transaction that holds the write lock from the start. */
    int (*begin)(pct_store *st);
    int (*commit)(pct_store *st);
    void (*rollback)(pct_store *st);
    /* A batch of adds starts (on 1) or ends (0): the backend may move work
     * off the writer's thread meanwhile (SQLite: WAL checkpoints). */
    void (*batch)(pct_store *st, int on);
    /* The id of the file holding content `sha256`, or PCT_ENOTFOUND. */
    int (*find_hash)(pct_store *st, const char *sha256, long long *id_out);
    /* Inserts a prepared file (inside a transaction), without its
     * full-text rows. */
    int (*insert)(pct_store *st, const pct_store_item *item, long long *id_out);
    /* Full-text indexing: clears the "index pending" marks of `files`,
     * then writes `rows` (the last writes before commit: FTS5 flushes its
     * pending terms at every later statement savepoint). A row whose
     * document is gone (removed meanwhile) is skipped, and so is a row of
     * one of `files` whose mark was already cleared. A batch marks each
     * file in the transaction that stores it and indexes many files in one
     * later transaction (one FTS5 segment for them all, not one per file);
     * index_pending lists the marked files (ascending ids). */
    int (*index)(pct_store *st, const long long *files, size_t nfiles,
                 const pct_store_ftsrow *rows, size_t nrows);
    int (*index_mark)(pct_store *st, long long file_id);
    int (*index_pending)(pct_store *st, pct_vec *ids_out);
    /* File ids that may belong with `file_id` in a family: files sharing a
     * link key with it, and the members of their families; at most `max`,
     * file_id itself first, then the newest. */
    int (*candidates)(pct_store *st, long long file_id, size_t max, pct_vec *ids_out);
    /* Marks file `file_id` as waiting for its families to be re-linked
     * (pending 1) or done (0); lists the waiting files (ascending ids). */
    int (*relink_mark)(pct_store *st, long long file_id, int pending);
    int (*relink_pending)(pct_store *st, pct_vec *ids_out);
    /* Replaces the families of the files `ids` by `fams`. */
    int (*write_families)(pct_store *st, const long long *ids, size_t nids,
                          const pct_store_fam *fams, size_t nfams);
    int (*query)(pct_store *st, const pct_store_query *q, pct_store_rows *rows);
    /* Resolves an id, "id.doc", a file name or a hash prefix to a file id. */
    int (*resolve)(pct_store *st, const char *ref, long long *id_out);
    /* Loads a stored file's original bytes and path (pct__malloc'd on the
     * store's ctx: free with pct__free(ctx, p, len + 1) and strlen + 1). */
    int (*load)(pct_store *st, long long id, char **data_out, size_t *len_out, char **path_out);
    /* One JSON object per stored file, one a line (`id` 0: all files). The
     * family JSON of the file's families goes to `fam_sink` when non-NULL. */
    int (*export_jsonl)(pct_store *st, long long id, pct_sink sink, void *ud);
    /* Writes the JSON of the families holding file `id` as a JSON array. */
    int (*family_json)(pct_store *st, long long id, pct_sink sink, void *ud);
    int (*remove)(pct_store *st, long long id);
    int (*stats)(pct_store *st, pct_store_stats *out);
    /* All stored content hashes (64-char hex strings in the rows' arena). */
    int (*hashes)(pct_store *st, pct_store_rows *rows);
    /* Optional (NULL: the writer tokenizes every row): a full-text
     * tokenizer for one worker thread. tok_run tokenizes a body into
     * `arena` exactly as the index would; index() then replays those
     * tokens for a row whose text is the same instead of tokenizing it on
     * the single writer. tok_new returns NULL when it cannot (no replay). */
    void *(*tok_new)(void);
    int (*tok_run)(void *tok, pct_arena *arena, const char *text, size_t len,
                   const unsigned char **out, size_t *out_len);
    void (*tok_free)(void *tok);
} pct_store_ops;

struct pct_store {
    pct_ctx *ctx;
    const pct_store_ops *ops;
    void *impl;          /* backend state */
    char *path;
    unsigned flags;
    int schema_version;
    struct pct_store_rcache *rcache; /* stored files kept parsed while a batch's
                                        families are re-linked (store.c), or NULL */
};

extern const pct_store_ops pct_store__sqlite_ops;

/* Appends a zeroed row to `rows` (NULL on OOM) and copies a string into the
 * rows' arena (NULL stays NULL). */
pct_store_row *pct_store__row_push(pct_store_rows *rows);
const char *pct_store__rows_str(pct_store_rows *rows, const char *s);

/* Today's date (UTC) as YYYY-MM-DD, and date arithmetic on ISO dates. */
void pct_store__today(char out[11]);
/* Adds `days` to an ISO date; returns 0 or PCT_EINVALID. */
int pct_store__date_add(const char *iso, long days, char out[11]);
/* Days from `a` to `b` (b - a). Both must be ISO dates. */
long pct_store__date_diff(const char *a, const char *b);

#endif
