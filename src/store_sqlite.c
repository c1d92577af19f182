/*
 * store_sqlite.c - the SQLite backend of the store (pct_store_ops).
 *
 * Approach: one SQLite file in WAL mode (readers never block the writer),
 * synchronous=NORMAL (a committed transaction survives a crash of the
 * process; only power loss can take back the last ones), foreign keys on,
 * a busy timeout so that two processes adding at once wait for each other.
 * The schema is versioned with PRAGMA user_version and identified with
 * PRAGMA application_id; migrations[i] takes version i to i + 1 and runs in
 * the same BEGIN IMMEDIATE transaction that re-reads the version, so two
 * processes opening a new store at once migrate it once.
 *
 * Invariants:
 *  - Nothing is written to a file before it is recognised as a pactum store
 *    (or is empty): a foreign or corrupt file is left byte for byte as it was.
 *  - A store with a newer user_version than PCT_STORE_SCHEMA is never written.
 *  - Every write runs inside ops->begin/commit; a failed statement rolls the
 *    whole file back, so a store holds a file completely or not at all.
 *  - documents_fts rows have the rowid of their documents row; a trigger
 *    removes them with it (files -> documents cascade). Its body is the
 *    text of the document's sections in order, each opening with
 *    SECTION_MARK, so a position in it names its sections row.
 *  - A file stored without its documents_fts rows carries an 'index:ID'
 *    row in meta from the same transaction until the transaction that
 *    writes them (an add indexes its files in groups: sq_index).
 *  - The statements run per file are prepared once per open store (stmt()).
 *  - documents_fts holds the tokens of the schema's tokenizer whoever made
 *    them: the writer replays a worker's tokens (tok_run) only for the very
 *    text they were made from, with the same tokenizer and arguments.
 */
#define _XOPEN_SOURCE 700 /* strdup, realpath, gmtime_r, clock_gettime */

#include "store.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#define APP_ID 0x5043544d      /* "PCTM" in PRAGMA application_id */
#define READ_MIN_SCHEMA 1      /* oldest schema read without migrating (2 only dropped an index) */
#define BUSY_TIMEOUT_MS 60000  /* another process's transaction is one file: seconds at most */
#define WAL_RETRY_MS 10        /* pause between attempts to switch a busy store to WAL */
#define SNIPPET_WORDS_BEFORE 8 /* words of context before the first match of a snippet */
#define SNIPPET_WORDS 28       /* words of a snippet in all */
#define SECTION_MARK PCT_STORE_SECTION_MARK /* opens each section in documents_fts.body */

#define RESOLVE_MIN_HEX 6      /* shortest sha256 prefix accepted as a reference */
#define CKPT_PAGES 1000        /* WAL pages that wake the checkpointer (SQLite's own default) */
#define CKPT_RESTART_PAGES 32768 /* WAL pages (128 MB) at which the writer lets the WAL
                                   restart (at 32 MB the writer's catching up cost more
                                   than half of what the checkpointer took off it) */

/* The statements an add runs for every file, prepared on first use and
 * kept until the store is closed (SQLite keeps them valid across
 * transactions): preparing them per file cost more than running them. */
typedef enum sq_stmt {
    SQ_FIND_HASH,
    SQ_CANDIDATES,
    SQ_RELINK_MARK,
    SQ_RELINK_UNMARK,
    SQ_FAM_DELETE,
    SQ_FAM_INSERT,
    SQ_FAM_OPERATION,
    SQ_FAM_FINDING,
    SQ_FAM_MEMBER,
    SQ_FAM_DEADLINE,
    SQ_DOC_ID,
    SQ_INDEX_MARK,
    SQ_INDEX_UNMARK,
    SQ_INDEX_ROW,
    SQ_NSTMTS
} sq_stmt;

static const char *const stmt_sql[SQ_NSTMTS] = {
    [SQ_FIND_HASH] = "SELECT id FROM files WHERE sha256 = ?",
    /* Files whose own keys meet file_id's cited keys or the reverse, or
     * that cite what file_id cites (amendments of one absent agreement), then
     * every member of their families and of file_id's own family (so a
     * relink sees whole families); file_id itself first, then the newest. */
    [SQ_CANDIDATES] = "WITH direct(fid) AS ("
                      "  SELECT ?1 UNION SELECT b.file_id FROM link_keys a"
                      "  JOIN link_keys b ON b.key = 'c:' || substr(a.key, 3)"
                      "  WHERE a.file_id = ?1 UNION SELECT b.file_id FROM link_keys a"
                      "  JOIN link_keys b ON b.key = 'o:' || substr(a.key, 3)"
                      "  WHERE a.file_id = ?1 AND substr(a.key, 1, 2) = 'c:'),"
                      " fams(fam) AS (SELECT DISTINCT d.family_id FROM documents d"
                      "  JOIN direct ON d.file_id = direct.fid WHERE d.family_id IS NOT NULL)"
                      " SELECT fid FROM (SELECT fid FROM direct UNION"
                      " SELECT d.file_id FROM documents d JOIN fams ON d.family_id = fams.fam)"
                      " ORDER BY fid = ?1 DESC, fid DESC LIMIT ?2",
    [SQ_RELINK_MARK] = "INSERT OR REPLACE INTO meta VALUES('relink:' || ?1, NULL)",
    [SQ_RELINK_UNMARK] = "DELETE FROM meta WHERE key = 'relink:' || ?1",
    [SQ_FAM_DELETE] = "DELETE FROM families WHERE id IN (SELECT family_id FROM documents "
                      "WHERE file_id = ? AND family_id IS NOT NULL)",
    [SQ_FAM_INSERT] = "INSERT INTO families(title, members, placeholders, findings, "
                      "expiration) VALUES (?,?,?,?,?)",
    [SQ_FAM_OPERATION] = "INSERT INTO operations(family_id, document_id, seq, kind, target_kind, "
                         "target, provision, before, after, text, start, end, rule) "
                         "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
    [SQ_FAM_FINDING] = "INSERT INTO findings(family_id, document_id, severity, code, message, "
                       "start, end) VALUES (?,?,?,?,?,?,?)",
    [SQ_FAM_MEMBER] = "UPDATE documents SET family_id = ?, family_seq = ? WHERE id = ?",
    [SQ_FAM_DEADLINE] = "INSERT INTO deadlines(family_id, document_id, source_document_id, "
                        "event, date, basis) VALUES (?,?,?,?,?,?)",
    [SQ_DOC_ID] = "SELECT id FROM documents WHERE file_id = ? AND idx = ?",
    /* Files stored but not yet in documents_fts are marked 'index:ID' in
     * meta, in the transaction that stores them (durable like relinks). */
    [SQ_INDEX_MARK] = "INSERT OR REPLACE INTO meta VALUES('index:' || ?1, NULL)",
    [SQ_INDEX_UNMARK] = "DELETE FROM meta WHERE key = 'index:' || ?1",
    /* the title is the documents row's; a removed document gives no row */
    [SQ_INDEX_ROW] = "INSERT INTO documents_fts(rowid, title, body) SELECT id, title, ?3"
                     " FROM documents WHERE file_id = ?1 AND idx = ?2",
};

/* The checkpointer of a batch: a thread with its own connection that
 * copies the WAL into the database file (a PASSIVE checkpoint: it never
 * blocks the writer) whenever a commit left CKPT_PAGES pages in the WAL.
 * SQLite would otherwise do it inside the writer's commits, and the writer
 * is the one thread an add cannot spread over the cores. The WAL restarts
 * from its beginning only when a write finds it wholly copied, which a
 * checkpointer running behind a busy writer seldom leaves: at
 * CKPT_RESTART_PAGES the writer copies the rest itself, so the WAL stays
 * within about that size. */
typedef struct ckpt {
    pthread_t tid;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    sqlite3 *db;
    int want, stop;
} ckpt;

typedef struct sq {
    sqlite3 *db;
    int readonly;
    ckpt *ck;                 /* during a batch, or NULL */
    struct inserter *ins;     /* prepared insert statements, or NULL */
    sqlite3_stmt *stmts[SQ_NSTMTS]; /* prepared on first use (stmt()) */
    struct replay *rp;        /* the writer's replaying tokenizer, or NULL */
} sq;

/* ------------------------------------------------------------- schema */

static const char *const migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
    "CREATE TABLE files("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " sha256 TEXT NOT NULL UNIQUE,"
    " name TEXT NOT NULL,"
    " path TEXT NOT NULL,"
    " bytes INTEGER NOT NULL,"
    " encoding TEXT,"
    " added_at TEXT NOT NULL,"
    " pactum_version TEXT NOT NULL,"
    " content BLOB NOT NULL,"
    " tree_json TEXT NOT NULL,"
    " facts_json TEXT);"
    "CREATE INDEX files_name ON files(name);"
    "CREATE TABLE documents("
    " id INTEGER PRIMARY KEY,"
    " file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,"
    " idx INTEGER NOT NULL,"
    " kind TEXT, ordinal INTEGER, title TEXT, identifier TEXT,"
    " agreement_date TEXT, effective_date TEXT, expiration_date TEXT,"
    " initial_term TEXT, renewal_term TEXT, notice_days TEXT, governing_law TEXT,"
    " signed INTEGER NOT NULL DEFAULT -1,"
    " parties TEXT,"
    " family_id INTEGER REFERENCES families(id) ON DELETE SET NULL,"
    " family_seq INTEGER," /* place in the family, in the order documents took effect */
    " start INTEGER NOT NULL, end INTEGER NOT NULL,"
    " UNIQUE(file_id, idx));"
    "CREATE INDEX documents_family ON documents(family_id);"
    "CREATE TABLE facts("
    " document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " field TEXT NOT NULL, seq INTEGER NOT NULL,"
    " value TEXT, raw TEXT, start INTEGER, end INTEGER, rule TEXT,"
    " computed INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX facts_doc ON facts(document_id);"
    "CREATE INDEX facts_field ON facts(field, value);"
    "CREATE TABLE parties("
    " document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " seq INTEGER NOT NULL, name TEXT NOT NULL, role TEXT,"
    " start INTEGER, end INTEGER, rule TEXT);"
    "CREATE INDEX parties_doc ON parties(document_id);"
    "CREATE TABLE link_keys("
    " file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,"
    " key TEXT NOT NULL);"
    "CREATE INDEX link_keys_key ON link_keys(key);"
    "CREATE INDEX link_keys_file ON link_keys(file_id);"
    "CREATE TABLE families("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " title TEXT, members INTEGER NOT NULL, placeholders INTEGER NOT NULL DEFAULT 0,"
    " findings INTEGER NOT NULL DEFAULT 0, expiration TEXT);"
    "CREATE TABLE operations("
    " family_id INTEGER NOT NULL REFERENCES families(id) ON DELETE CASCADE,"
    " document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " seq INTEGER NOT NULL, kind TEXT NOT NULL, target_kind TEXT, target TEXT,"
    " provision TEXT, before TEXT, after TEXT, text TEXT, start INTEGER, end INTEGER,"
    " rule TEXT);"
    "CREATE INDEX operations_family ON operations(family_id);"
    "CREATE INDEX operations_doc ON operations(document_id);"
    "CREATE TABLE findings("
    " family_id INTEGER NOT NULL REFERENCES families(id) ON DELETE CASCADE,"
    " document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " severity TEXT NOT NULL, code TEXT NOT NULL, message TEXT, start INTEGER, end INTEGER);"
    "CREATE INDEX findings_family ON findings(family_id);"
    "CREATE INDEX findings_doc ON findings(document_id);"
    "CREATE TABLE deadlines("
    " family_id INTEGER NOT NULL REFERENCES families(id) ON DELETE CASCADE,"
    " document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " source_document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,"
    " event TEXT NOT NULL, date TEXT NOT NULL, basis TEXT);"
    "CREATE INDEX deadlines_date ON deadlines(date);"
    "CREATE INDEX deadlines_family ON deadlines(family_id);"
    "CREATE TABLE sections("
    " id INTEGER PRIMARY KEY,"
    " document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " kind TEXT NOT NULL, number TEXT, heading TEXT,"
    " start INTEGER NOT NULL, end INTEGER NOT NULL);"
    "CREATE INDEX sections_doc ON sections(document_id);"
    "CREATE VIRTUAL TABLE documents_fts USING fts5(title, body,"
    " tokenize = 'porter unicode61 remove_diacritics 2');"
    "CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN"
    " DELETE FROM documents_fts WHERE rowid = old.id; END;",
    /* 1 -> 2: no index on facts(field, value). Nothing of pactum reads facts
     * by field (export and show read the files row's JSON), and with one
     * transaction per file the index's leaves, one per field, were written
     * again at every commit: 27 of the 113 MB an add of CUAD wrote to the
     * WAL, a tenth of the single writer's time. */
    "DROP INDEX IF EXISTS facts_field;",
};

#define NMIGRATIONS (sizeof migrations / sizeof migrations[0])

/* ------------------------------------------------------ tokenizing */

/* Tokenizing the full-text bodies on the workers. The schema's tokenizer
 * (FTS_TOKENIZER with FTS_TOKENIZER_ARGS) is run by each worker on its own
 * in-memory connection (tok_run), which records every token it yields
 * (tok_record). The writer's connection registers a tokenizer of the same name
 * (registered last, so FTS5 finds it first) that wraps the built-in one:
 * for the row being written (sq_index sets `replay`) and a text equal to
 * the one tokenized, it hands FTS5 the recorded tokens; any other text
 * (titles, queries, rows without tokens) goes to the built-in tokenizer.
 * The stored schema names the standard tokenizer, so any SQLite reads the
 * store, and the index holds exactly the tokens the writer would have
 * made (tests compare the two). */
#define FTS_TOKENIZER "porter"
static const char *const FTS_TOKENIZER_ARGS[] = {"unicode61", "remove_diacritics", "2"};
#define FTS_TOKENIZER_NARGS 3

static fts5_api *fts5_of(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(s);
    sqlite3_finalize(s);
    return api;
}

static int schema_args(const char **argv, int argc)
{
    if (argc != FTS_TOKENIZER_NARGS)
        return 0;
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], FTS_TOKENIZER_ARGS[i]) != 0)
            return 0;
    return 1;
}

/* A worker's tokenizer and the buffer its tokens are recorded in. */
typedef struct sq_tok {
    sqlite3 *db;
    fts5_tokenizer mod;
    Fts5Tokenizer *tk;
    unsigned char *buf;
    size_t len, cap;
    int64_t prev_end;
} sq_tok;

static void sq_tok_free(void *h)
{
    sq_tok *k = h;
    if (!k)
        return;
    if (k->tk)
        k->mod.xDelete(k->tk);
    sqlite3_close(k->db);
    free(k->buf);
    free(k);
}

static void *sq_tok_new(void)
{
    sq_tok *k = calloc(1, sizeof *k);
    void *ctx = NULL;
    fts5_api *api = NULL;
    if (!k || sqlite3_open_v2(":memory:", &k->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                              NULL) != SQLITE_OK ||
        !(api = fts5_of(k->db)) ||
        api->xFindTokenizer(api, FTS_TOKENIZER, &ctx, &k->mod) != SQLITE_OK ||
        k->mod.xCreate(ctx, (const char **)FTS_TOKENIZER_ARGS, FTS_TOKENIZER_NARGS, &k->tk) !=
            SQLITE_OK) {
        if (k)
            k->tk = NULL;
        sq_tok_free(k);
        return NULL;
    }
    return k;
}

/* Token records are varints: the gap from the previous token's end to
 * this one's start and the token's extent in the text (both zigzag, so
 * that any order is kept), its length doubled plus one when flags follow,
 * the flags if any, then its bytes: about 3 bytes plus the token. */
#define TOK_REC_MAX (4 * 10) /* bytes of a record's varints at most */

static unsigned char *put_varint(unsigned char *o, uint64_t v)
{
    while (v >= 0x80) {
        *o++ = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    *o++ = (unsigned char)v;
    return o;
}

static uint64_t zigzag(int64_t v)
{
    return v < 0 ? ((uint64_t)(-(v + 1)) << 1) | 1 : (uint64_t)v << 1;
}

static int64_t unzigzag(uint64_t v)
{
    return v & 1 ? -(int64_t)(v >> 1) - 1 : (int64_t)(v >> 1);
}

static const unsigned char *get_varint(const unsigned char *p, const unsigned char *end,
                                       uint64_t *v)
{
    uint64_t x = 0;
    for (int shift = 0; p < end && shift < 64; shift += 7) {
        unsigned char c = *p++;
        x |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) {
            *v = x;
            return p;
        }
    }
    return NULL;
}

static int tok_record(void *ud, int flags, const char *t, int n, int start, int end)
{
    sq_tok *k = ud;
    if (n < 0)
        return SQLITE_ERROR;
    size_t need = k->len + TOK_REC_MAX + (size_t)n;
    if (need > k->cap) {
        size_t cap = k->cap ? k->cap : 1u << 16;
        while (cap < need)
            cap *= 2;
        unsigned char *b = realloc(k->buf, cap);
        if (!b)
            return SQLITE_NOMEM;
        k->buf = b;
        k->cap = cap;
    }
    unsigned char *o = k->buf + k->len;
    o = put_varint(o, zigzag((int64_t)start - k->prev_end));
    o = put_varint(o, zigzag((int64_t)end - start));
    o = put_varint(o, ((uint64_t)n << 1) | (flags != 0));
    if (flags)
        o = put_varint(o, (uint32_t)flags);
    memcpy(o, t, (size_t)n);
    k->len = (size_t)(o + n - k->buf);
    k->prev_end = end;
    return SQLITE_OK;
}

static int sq_tok_run(void *h, pct_arena *arena, const char *text, size_t len,
                      const unsigned char **out, size_t *out_len)
{
    static const unsigned char none[1];
    sq_tok *k = h;
    *out = NULL;
    *out_len = 0;
    if (!k || len > (size_t)INT32_MAX)
        return 0;
    k->len = 0;
    k->prev_end = 0;
    if (k->mod.xTokenize(k->tk, k, FTS5_TOKENIZE_DOCUMENT, text ? text : "", (int)len,
                         tok_record) != SQLITE_OK)
        return 0; /* the writer tokenizes this one */
    const unsigned char *copy =
        k->len ? (const unsigned char *)pct_arena__strndup(arena, (const char *)k->buf, k->len)
               : none;
    if (!copy)
        return PCT_ENOMEM;
    *out = copy;
    *out_len = k->len;
    return 0;
}

/* The writer's side: the built-in tokenizer and the row being written. */
typedef struct replay {
    fts5_tokenizer orig;
    void *orig_ctx;
    const char *text; /* body of the row being written, with its tokens */
    size_t len;
    const unsigned char *toks; /* NULL: tokenize */
    size_t toks_len;
} replay;

typedef struct replay_tk {
    replay *r;
    Fts5Tokenizer *inner;
    int same; /* created with the arguments the workers use */
} replay_tk;

static int rp_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
    replay *r = ctx;
    replay_tk *t = sqlite3_malloc(sizeof *t);
    if (!t)
        return SQLITE_NOMEM;
    t->r = r;
    t->same = schema_args(argv, argc);
    int rc = r->orig.xCreate(r->orig_ctx, argv, argc, &t->inner);
    if (rc != SQLITE_OK) {
        sqlite3_free(t);
        return rc;
    }
    *out = (Fts5Tokenizer *)t;
    return SQLITE_OK;
}

static void rp_delete(Fts5Tokenizer *p)
{
    replay_tk *t = (replay_tk *)p;
    t->r->orig.xDelete(t->inner);
    sqlite3_free(t);
}

static int rp_tokenize(Fts5Tokenizer *self, void *ctx, int flags, const char *text, int n,
                       int (*tok)(void *, int, const char *, int, int, int))
{
    replay_tk *t = (replay_tk *)self;
    const replay *r = t->r;
    if (!t->same || !r->toks || flags != FTS5_TOKENIZE_DOCUMENT || n <= 0 ||
        (size_t)n != r->len || (text != r->text && memcmp(text, r->text, r->len) != 0))
        return r->orig.xTokenize(t->inner, ctx, flags, text, n, tok);
    const unsigned char *p = r->toks, *end = r->toks + r->toks_len;
    int64_t prev_end = 0;
    while (p < end) {
        uint64_t gap, extent, len2, tflags = 0;
        if (!(p = get_varint(p, end, &gap)) || !(p = get_varint(p, end, &extent)) ||
            !(p = get_varint(p, end, &len2)) ||
            ((len2 & 1) && !(p = get_varint(p, end, &tflags))) ||
            (uint64_t)(end - p) < (len2 >> 1))
            return SQLITE_CORRUPT; /* cannot happen: written by tok_record */
        int64_t start = prev_end + unzigzag(gap);
        int tn = (int)(len2 >> 1);
        prev_end = start + unzigzag(extent);
        int rc = tok(ctx, (int)tflags, (const char *)p, tn, (int)start, (int)prev_end);
        if (rc != SQLITE_OK)
            return rc;
        p += tn;
    }
    return SQLITE_OK;
}

/* Registers the replaying tokenizer on the writer's connection; without it
 * (an FTS5 without the tokenizer, out of memory) the writer tokenizes. */
static void replay_register(sq *q)
{
    fts5_api *api = fts5_of(q->db);
    replay *r = calloc(1, sizeof *r);
    fts5_tokenizer mod = {rp_create, rp_delete, rp_tokenize};
    if (api && r && api->xFindTokenizer(api, FTS_TOKENIZER, &r->orig_ctx, &r->orig) == SQLITE_OK &&
        api->xCreateTokenizer(api, FTS_TOKENIZER, r, &mod, free) == SQLITE_OK) {
        q->rp = r; /* freed by SQLite with the connection */
        return;
    }
    free(r);
}

/* --------------------------------------------------------------- errors */

/* Maps a SQLite result code to a PCT_E* code and a message naming the store. */
static int sqerr(pct_store *st, int rc, const char *what)
{
    sq *q = st->impl;
    const char *msg = q && q->db ? sqlite3_errmsg(q->db) : sqlite3_errstr(rc);
    switch (rc & 0xff) {
    case SQLITE_NOMEM:
        return pct__err(st->ctx, PCT_ENOMEM, "%s: out of memory", st->path);
    case SQLITE_FULL:
        return pct__err(st->ctx, PCT_EIO,
                        "%s: disk full (cannot %s); the store was rolled back to its last "
                        "complete state and keeps everything committed before",
                        st->path, what);
    case SQLITE_READONLY:
        return pct__err(st->ctx, PCT_EIO, "%s: store is read-only (%s); nothing was written",
                        st->path, msg);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return pct__err(st->ctx, PCT_EBUSY, "%s: store is locked by another process (%s)",
                        st->path, msg);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return pct__err(st->ctx, PCT_EINVALID,
                        "%s: not a pactum store, or corrupt (%s); the file was not changed",
                        st->path, msg);
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
        return pct__err(st->ctx, PCT_EIO, "%s: cannot %s: %s", st->path, what, msg);
    default:
        return pct__err(st->ctx, PCT_ERROR, "%s: %s: %s", st->path, what, msg);
    }
}

static int exec(pct_store *st, const char *sql, const char *what)
{
    sq *q = st->impl;
    int rc = sqlite3_exec(q->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : sqerr(st, rc, what);
}

static int prep(pct_store *st, sqlite3_stmt **out, const char *sql)
{
    sq *q = st->impl;
    int rc = sqlite3_prepare_v3(q->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL);
    return rc == SQLITE_OK ? 0 : sqerr(st, rc, "read the store");
}

/* A cached statement, reset and without bindings. */
static int stmt(pct_store *st, sq_stmt which, sqlite3_stmt **out)
{
    sq *q = st->impl;
    if (q->stmts[which]) {
        sqlite3_reset(q->stmts[which]);
        sqlite3_clear_bindings(q->stmts[which]);
    } else {
        int error = prep(st, &q->stmts[which], stmt_sql[which]);
        if (error < 0)
            return error;
    }
    *out = q->stmts[which];
    return 0;
}

/* Reads one integer (PRAGMA or SELECT). */
static int get_int(pct_store *st, const char *sql, long long *out)
{
    sqlite3_stmt *s = NULL;
    int error = prep(st, &s, sql);
    if (error < 0)
        return error;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    else if (rc == SQLITE_DONE)
        *out = 0;
    else
        error = sqerr(st, rc, "read the store");
    sqlite3_finalize(s);
    return error;
}

/* ----------------------------------------------------------- open/close */

/* "file:" URI of a path, percent-escaping what URIs reserve. */
static char *uri_of(const char *path, const char *query)
{
    size_t n = strlen(path);
    char *u = malloc(n * 3 + strlen(query) + 16);
    if (!u)
        return NULL;
    char *o = u;
    o += sprintf(o, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#' || *p < 0x20)
            o += sprintf(o, "%%%02X", *p);
        else
            *o++ = (char)*p;
    }
    sprintf(o, "?%s", query);
    return u;
}

/* Reads the application id, schema version and table count from one
 * snapshot (a concurrent creator commits all three at once). */
static int identify(pct_store *st, long long *version_out)
{
    long long app = 0, ver = 0, ntables = 0;
    sq *q = st->impl;
    int own = sqlite3_get_autocommit(q->db), error;
    if (own && (error = exec(st, "BEGIN", "read the store")) < 0)
        return error;
    if ((error = get_int(st, "PRAGMA application_id", &app)) == 0 &&
        (error = get_int(st, "PRAGMA user_version", &ver)) == 0)
        error = get_int(st, "SELECT count(*) FROM sqlite_schema", &ntables);
    if (own)
        sqlite3_exec(q->db, "COMMIT", NULL, NULL, NULL);
    if (error < 0)
        return error;
    if (app != APP_ID && (app != 0 || ntables != 0))
        return pct__err(st->ctx, PCT_EINVALID,
                        "%s: not a pactum store (an SQLite database of another program); "
                        "the file was not changed",
                        st->path);
    if (ver > PCT_STORE_SCHEMA)
        return pct__err(st->ctx, PCT_EVERSION,
                        "%s: store has schema version %lld, written by a newer pactum (this "
                        "one knows up to %d); upgrade pactum; the store was not changed",
                        st->path, ver, PCT_STORE_SCHEMA);
    *version_out = app == 0 ? 0 : ver;
    return 0;
}

static int migrate(pct_store *st)
{
    long long ver = 0;
    int error;
    if ((error = exec(st, "BEGIN IMMEDIATE", "lock the store to create it")) < 0)
        return error;
    if ((error = identify(st, &ver)) < 0)
        goto done;
    for (long long v = ver; v < PCT_STORE_SCHEMA && v < (long long)NMIGRATIONS; v++)
        if ((error = exec(st, migrations[v], "create the store schema")) < 0)
            goto done;
    if (ver < PCT_STORE_SCHEMA) {
        char sql[160];
        snprintf(sql, sizeof sql,
                 "PRAGMA application_id = %d; PRAGMA user_version = %d;"
                 "INSERT OR REPLACE INTO meta VALUES('created_by', 'pactum " PCT_VERSION "');",
                 APP_ID, PCT_STORE_SCHEMA);
        if ((error = exec(st, sql, "create the store schema")) < 0)
            goto done;
    }
    error = exec(st, "COMMIT", "create the store schema");
done:
    if (error < 0)
        sqlite3_exec(((sq *)st->impl)->db, "ROLLBACK", NULL, NULL, NULL);
    return error;
}

static int try_open(pct_store *st, const char *path, int flags)
{
    sq *q = st->impl;
    int rc = sqlite3_open_v2(path, &q->db, flags | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        int error = sqerr(st, rc, "open the store");
        sqlite3_close(q->db);
        q->db = NULL;
        return error;
    }
    sqlite3_extended_result_codes(q->db, 1);
    sqlite3_busy_timeout(q->db, BUSY_TIMEOUT_MS);
    return 0;
}

/* Whether the store file, and the folder that holds its -wal and -shm
 * files, can be written. */
static int writable(const char *path)
{
    struct statvfs vfs;
    if (statvfs(path, &vfs) == 0 && (vfs.f_flag & ST_RDONLY))
        return 0;
    if (access(path, W_OK) != 0)
        return 0;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    return access(dir, W_OK) == 0;
}

/* Switches to WAL. Changing the journal mode needs the database to
 * itself, and SQLite does not wait for that, so retry while another
 * process (say, one creating the same store) holds it. */
static int wal_mode(pct_store *st)
{
    sq *q = st->impl;
    int rc = SQLITE_OK;
    for (int waited = 0; waited <= BUSY_TIMEOUT_MS; waited += WAL_RETRY_MS) {
        rc = sqlite3_exec(q->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
        if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
            break;
        struct timespec ts = {0, WAL_RETRY_MS * 1000000L};
        nanosleep(&ts, NULL);
    }
    return rc == SQLITE_OK ? 0 : sqerr(st, rc, "switch the store to WAL");
}

static int sq_open(pct_store *st, const char *path, unsigned flags)
{
    sq *q = pct__calloc(st->ctx, 1, sizeof *q);
    if (!q)
        return pct__err(st->ctx, PCT_ENOMEM, "out of memory");
    st->impl = q;
    struct stat sb;
    int exists = stat(path, &sb) == 0;
    int error = 0;
    long long ver = 0;
    if (exists && S_ISDIR(sb.st_mode))
        return pct__err(st->ctx, PCT_EIO, "%s: is a directory, not a store", path);
    if (!exists && (flags & (PCT_STORE_READONLY | PCT_STORE_NOCREATE)))
        return pct__err(st->ctx, PCT_ENOTFOUND,
                        "%s: no such store (add documents with 'pactum add' first)", path);
    q->readonly = (flags & PCT_STORE_READONLY) != 0;
    char *uri = uri_of(path, q->readonly ? "mode=ro" : "mode=rwc");
    if (!uri)
        return pct__err(st->ctx, PCT_ENOMEM, "out of memory");
    error = try_open(st, uri, q->readonly ? SQLITE_OPEN_READONLY
                                          : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    free(uri);
    if (error < 0)
        return error;
    error = identify(st, &ver);
    if (error == PCT_EIO && !q->readonly && !writable(path))
        return pct__err(st->ctx, PCT_EIO,
                        "%s: store is read-only (read-only file system or no write permission);"
                        " nothing was written; 'pactum ls', 'search' and 'show' can still read it",
                        path);
    if (error < 0 && q->readonly && (pct_errmsg(st->ctx)[0])) {
        /* A WAL store on a read-only medium cannot create its -shm file:
         * read it as an immutable snapshot instead. */
        long long v2 = 0;
        sqlite3_close(q->db);
        q->db = NULL;
        char *imm = uri_of(path, "mode=ro&immutable=1");
        if (!imm)
            return pct__err(st->ctx, PCT_ENOMEM, "out of memory");
        int e2 = try_open(st, imm, SQLITE_OPEN_READONLY);
        free(imm);
        if (e2 == 0 && (e2 = identify(st, &v2)) == 0) {
            ver = v2;
            error = 0;
        } else if (error == PCT_EVERSION || error == PCT_EINVALID) {
            (void)0; /* keep the first, more precise message */
        } else {
            error = e2;
        }
    }
    if (error < 0)
        return error;
    if (!q->readonly && sqlite3_db_readonly(q->db, "main") == 1)
        return pct__err(st->ctx, PCT_EIO,
                        "%s: store is read-only (read-only file system or no write permission);"
                        " nothing was written; 'pactum ls', 'search' and 'show' can still read it",
                        path);
    if (!q->readonly) {
        replay_register(q);
        if ((error = wal_mode(st)) < 0)
            return error;
        if ((error = exec(st, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
                          "configure the store")) < 0)
            return error;
        if (ver < PCT_STORE_SCHEMA && (error = migrate(st)) < 0)
            return error;
        ver = PCT_STORE_SCHEMA;
    } else if (ver == 0) {
        return pct__err(st->ctx, PCT_ENOTFOUND, "%s: store is empty", path);
    } else if (ver < READ_MIN_SCHEMA) {
        return pct__err(st->ctx, PCT_EVERSION,
                        "%s: store has the older schema %lld; open it once for writing (e.g. "
                        "'pactum add') to migrate it",
                        path, ver);
    }
    st->schema_version = (int)ver;
    return 0;
}

static void drop_inserter(pct_store *st);

static void sq_batch(pct_store *st, int on);

static void sq_close(pct_store *st)
{
    sq *q = st->impl;
    if (!q)
        return;
    sq_batch(st, 0);
    drop_inserter(st);
    for (int i = 0; i < SQ_NSTMTS; i++)
        sqlite3_finalize(q->stmts[i]);
    if (q->db) {
        if (!q->readonly)
            sqlite3_exec(q->db, "PRAGMA optimize", NULL, NULL, NULL);
        sqlite3_close_v2(q->db);
    }
    pct__free(st->ctx, q, sizeof *q);
    st->impl = NULL;
}

/* ------------------------------------------------------- checkpointing */

static void *ckpt_main(void *arg)
{
    ckpt *ck = arg;
    pthread_mutex_lock(&ck->mu);
    for (;;) {
        while (!ck->want && !ck->stop)
            pthread_cond_wait(&ck->cv, &ck->mu);
        if (ck->stop)
            break;
        ck->want = 0;
        pthread_mutex_unlock(&ck->mu);
        sqlite3_wal_checkpoint_v2(ck->db, "main", SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        pthread_mutex_lock(&ck->mu);
    }
    pthread_mutex_unlock(&ck->mu);
    return NULL;
}

/* Called by SQLite after each commit of the writer with the WAL's size. */
static int wal_hook(void *ud, sqlite3 *db, const char *name, int pages)
{
    ckpt *ck = ud;
    if (pages >= CKPT_RESTART_PAGES) { /* busy (the checkpointer runs): at the next commit */
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    } else if (pages >= CKPT_PAGES) {
        pthread_mutex_lock(&ck->mu);
        ck->want = 1;
        pthread_cond_signal(&ck->cv);
        pthread_mutex_unlock(&ck->mu);
    }
    return SQLITE_OK;
}

/* Starts (on) or stops the checkpointer. When it cannot start, SQLite's
 * own checkpoints stay on: nothing but speed depends on it. */
static void sq_batch(pct_store *st, int on)
{
    sq *q = st->impl;
    if (on && !q->ck && !q->readonly) {
        ckpt *ck = pct__calloc(st->ctx, 1, sizeof *ck);
        char *uri = ck ? uri_of(st->path, "mode=rw") : NULL;
        if (uri && sqlite3_open_v2(uri, &ck->db,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                                   NULL) == SQLITE_OK) {
            pthread_mutex_init(&ck->mu, NULL);
            pthread_cond_init(&ck->cv, NULL);
            if (pthread_create(&ck->tid, NULL, ckpt_main, ck) == 0) {
                sqlite3_wal_hook(q->db, wal_hook, ck); /* replaces the autocheckpoint */
                q->ck = ck;
                ck = NULL;
            } else {
                pthread_cond_destroy(&ck->cv);
                pthread_mutex_destroy(&ck->mu);
            }
        }
        free(uri);
        if (ck) {
            sqlite3_close(ck->db);
            pct__free(st->ctx, ck, sizeof *ck);
        }
    } else if (!on && q->ck) {
        ckpt *ck = q->ck;
        sqlite3_wal_autocheckpoint(q->db, CKPT_PAGES); /* SQLite's own hook again */
        pthread_mutex_lock(&ck->mu);
        ck->stop = 1;
        pthread_cond_signal(&ck->cv);
        pthread_mutex_unlock(&ck->mu);
        pthread_join(ck->tid, NULL);
        pthread_cond_destroy(&ck->cv);
        pthread_mutex_destroy(&ck->mu);
        sqlite3_close(ck->db);
        pct__free(st->ctx, ck, sizeof *ck);
        q->ck = NULL;
    }
}

static int sq_begin(pct_store *st) { return exec(st, "BEGIN IMMEDIATE", "lock the store"); }
static int sq_commit(pct_store *st) { return exec(st, "COMMIT", "commit to the store"); }
static void sq_rollback(pct_store *st)
{
    sq *q = st->impl;
    if (!sqlite3_get_autocommit(q->db))
        sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
}

/* --------------------------------------------------------------- writes */

static int sq_find_hash(pct_store *st, const char *sha, long long *id_out)
{
    sqlite3_stmt *s = NULL;
    int error = stmt(st, SQ_FIND_HASH, &s);
    if (error < 0)
        return error;
    sqlite3_bind_text(s, 1, sha, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *id_out = sqlite3_column_int64(s, 0);
    else if (rc == SQLITE_DONE)
        error = PCT_ENOTFOUND;
    else
        error = sqerr(st, rc, "read the store");
    sqlite3_reset(s);
    return error;
}

static void bind_str(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

static int step_done(pct_store *st, sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sqerr(st, rc, what);
}

static const char *encoding_name(const pct_doc *d)
{
    switch (d ? pct_doc_encoding(d) : PCT_ENC_NONE) {
    case PCT_ENC_UTF8: return "utf-8";
    case PCT_ENC_UTF8_BOM: return "utf-8-bom";
    case PCT_ENC_CP1252: return "windows-1252";
    default: return NULL;
    }
}

typedef struct inserter {
    pct_store *st;
    sqlite3_stmt *file, *doc, *fact, *party, *sec, *key;
} inserter;

static int put_fact(inserter *in, long long docid, const char *field, int seq, const pct_value *v)
{
    if (!v->value)
        return 0;
    sqlite3_stmt *s = in->fact;
    sqlite3_bind_int64(s, 1, docid);
    sqlite3_bind_text(s, 2, field, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 3, seq);
    bind_str(s, 4, v->value);
    bind_str(s, 5, v->raw);
    sqlite3_bind_int64(s, 6, (long long)v->span.start);
    sqlite3_bind_int64(s, 7, (long long)v->span.end);
    bind_str(s, 8, v->rule);
    sqlite3_bind_int(s, 9, v->computed);
    return step_done(in->st, s, "write facts");
}

static int put_mention(inserter *in, long long docid, const char *field, int seq,
                       const pct_mention *m)
{
    pct_value v = {m->text, m->text, m->span, m->rule, 0};
    return put_fact(in, docid, field, seq, &v);
}

/* Writes one row per fact (with span and rule) and the party rows. */
static int put_facts(inserter *in, long long docid, const pct_docfacts *f)
{
    int error = 0;
    static const struct {
        const char *field;
        size_t off;
    } scalars[] = {
        {"document_name", offsetof(pct_docfacts, document_name)},
        {"identifier", offsetof(pct_docfacts, identifier)},
        {"agreement_date", offsetof(pct_docfacts, agreement_date)},
        {"effective_date", offsetof(pct_docfacts, effective_date)},
        {"expiration_date", offsetof(pct_docfacts, expiration_date)},
        {"initial_term", offsetof(pct_docfacts, initial_term)},
        {"renewal_term", offsetof(pct_docfacts, renewal_term)},
        {"notice_period_to_terminate_renewal",
         offsetof(pct_docfacts, notice_period_to_terminate_renewal)},
        {"governing_law", offsetof(pct_docfacts, governing_law)},
    };
    for (size_t i = 0; i < sizeof scalars / sizeof scalars[0] && !error; i++)
        error = put_fact(in, docid, scalars[i].field, 0,
                         (const pct_value *)((const char *)f + scalars[i].off));
    for (size_t i = 0; i < f->nparties && !error; i++) {
        const pct_party *p = &f->parties[i];
        sqlite3_stmt *s = in->party;
        sqlite3_bind_int64(s, 1, docid);
        sqlite3_bind_int(s, 2, (int)i);
        bind_str(s, 3, p->name.text ? p->name.text : "");
        bind_str(s, 4, p->role);
        sqlite3_bind_int64(s, 5, (long long)p->name.span.start);
        sqlite3_bind_int64(s, 6, (long long)p->name.span.end);
        bind_str(s, 7, p->name.rule);
        if ((error = step_done(in->st, s, "write parties")) < 0)
            break;
        error = put_mention(in, docid, "party", (int)i, &p->name);
        if (!error)
            error = put_fact(in, docid, "party.entity_type", (int)i, &p->entity_type);
        if (!error)
            error = put_fact(in, docid, "party.jurisdiction", (int)i, &p->jurisdiction);
        if (!error)
            error = put_fact(in, docid, "party.address", (int)i, &p->address);
        for (size_t k = 0; k < p->naliases && !error; k++)
            error = put_mention(in, docid, "party.alias", (int)i, &p->aliases[k]);
        for (size_t k = 0; k < p->nvariants && !error; k++)
            error = put_mention(in, docid, "party.variant", (int)i, &p->variants[k]);
    }
    for (size_t i = 0; i < f->nterms && !error; i++)
        error = put_mention(in, docid, "defined_term", (int)i, &f->terms[i].term);
    for (size_t i = 0; i < f->nrefs && !error; i++) {
        const pct_reference *r = &f->refs[i];
        error = put_mention(in, docid, "reference.title", (int)i, &r->title);
        if (!error)
            error = put_fact(in, docid, "reference.identifier", (int)i, &r->identifier);
        if (!error)
            error = put_fact(in, docid, "reference.date", (int)i, &r->date);
    }
    for (size_t i = 0; i < f->nsignature_dates && !error; i++)
        error = put_fact(in, docid, "signature_date", (int)i, &f->signature_dates[i]);
    return error;
}

static int put_document(inserter *in, long long file_id, int idx, const pct_store_docinfo *di,
                        long long *docid_out)
{
    sqlite3_stmt *s = in->doc;
    const pct_docfacts *f = di->facts;
    sqlite3_bind_int64(s, 1, file_id);
    sqlite3_bind_int(s, 2, idx);
    if (f) {
        bind_str(s, 3, f->kind);
        sqlite3_bind_int(s, 4, f->ordinal);
        bind_str(s, 5, f->document_name.value);
        bind_str(s, 6, f->identifier.value);
        bind_str(s, 7, f->agreement_date.value);
        bind_str(s, 8, f->effective_date.value);
        bind_str(s, 9, f->expiration_date.value);
        bind_str(s, 10, f->initial_term.value);
        bind_str(s, 11, f->renewal_term.value);
        bind_str(s, 12, f->notice_period_to_terminate_renewal.value);
        bind_str(s, 13, f->governing_law.value);
    }
    sqlite3_bind_int(s, 14, di->signed_);
    bind_str(s, 15, di->parties);
    sqlite3_bind_int64(s, 16, (long long)di->span.start);
    sqlite3_bind_int64(s, 17, (long long)di->span.end);
    int error = step_done(in->st, s, "write a document");
    if (error < 0)
        return error;
    *docid_out = sqlite3_last_insert_rowid(((sq *)in->st->impl)->db);
    return f ? put_facts(in, *docid_out, f) : 0;
}

static int put_section(inserter *in, long long docid, const pct_store_section *sec)
{
    sqlite3_stmt *s = in->sec;
    sqlite3_bind_int64(s, 1, docid);
    bind_str(s, 2, sec->kind);
    bind_str(s, 3, sec->number);
    bind_str(s, 4, sec->heading);
    sqlite3_bind_int64(s, 5, (long long)sec->span.start);
    sqlite3_bind_int64(s, 6, (long long)sec->span.end);
    return step_done(in->st, s, "write a section");
}

static void inserter_free(inserter *in)
{
    sqlite3_finalize(in->file);
    sqlite3_finalize(in->doc);
    sqlite3_finalize(in->fact);
    sqlite3_finalize(in->party);
    sqlite3_finalize(in->sec);
    sqlite3_finalize(in->key);
}

static int inserter_init(inserter *in, pct_store *st)
{
    int error;
    memset(in, 0, sizeof *in);
    in->st = st;
    if ((error = prep(st, &in->file,
                      "INSERT INTO files(sha256, name, path, bytes, encoding, added_at, "
                      "pactum_version, content, tree_json, facts_json) VALUES (?,?,?,?,?,"
                      "strftime('%Y-%m-%dT%H:%M:%SZ','now'),'" PCT_VERSION "',?,?,?)")) < 0 ||
        (error = prep(st, &in->doc,
                      "INSERT INTO documents(file_id, idx, kind, ordinal, title, identifier, "
                      "agreement_date, effective_date, expiration_date, initial_term, "
                      "renewal_term, notice_days, governing_law, signed, parties, start, end) "
                      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) < 0 ||
        (error = prep(st, &in->fact,
                      "INSERT INTO facts(document_id, field, seq, value, raw, start, end, rule, "
                      "computed) VALUES (?,?,?,?,?,?,?,?,?)")) < 0 ||
        (error = prep(st, &in->party,
                      "INSERT INTO parties(document_id, seq, name, role, start, end, rule) "
                      "VALUES (?,?,?,?,?,?,?)")) < 0 ||
        (error = prep(st, &in->sec,
                      "INSERT INTO sections(document_id, kind, number, heading, start, end) "
                      "VALUES (?,?,?,?,?,?)")) < 0 ||
        (error = prep(st, &in->key, "INSERT INTO link_keys(file_id, key) VALUES (?,?)")) < 0)
        inserter_free(in);
    return error;
}

static void drop_inserter(pct_store *st)
{
    sq *q = st->impl;
    if (!q->ins)
        return;
    inserter_free(q->ins);
    pct__free(st->ctx, q->ins, sizeof *q->ins);
    q->ins = NULL;
}

/* The insert statements, prepared once per open store (SQLite keeps them
 * valid across transactions), finalized by sq_close. */
static int get_inserter(pct_store *st, inserter **out)
{
    sq *q = st->impl;
    if (!q->ins) {
        inserter *in = pct__calloc(st->ctx, 1, sizeof *in);
        if (!in)
            return pct__err(st->ctx, PCT_ENOMEM, "out of memory");
        int error = inserter_init(in, st);
        if (error < 0) {
            pct__free(st->ctx, in, sizeof *in);
            return error;
        }
        q->ins = in;
    }
    *out = q->ins;
    return 0;
}

static int sq_insert(pct_store *st, const pct_store_item *it, long long *id_out)
{
    inserter *in = NULL;
    long long *docids = NULL;
    int error = get_inserter(st, &in);
    if (error < 0)
        return error;
    sqlite3_stmt *s = in->file;
    sqlite3_bind_text(s, 1, it->sha256, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, it->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, it->path, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, (long long)it->len);
    bind_str(s, 5, encoding_name(it->doc));
    sqlite3_bind_blob64(s, 6, it->data, it->len, SQLITE_STATIC);
    sqlite3_bind_text64(s, 7, it->tree_json.data ? it->tree_json.data : "", it->tree_json.len,
                        SQLITE_STATIC, SQLITE_UTF8);
    if (it->facts_json.data)
        sqlite3_bind_text64(s, 8, it->facts_json.data, it->facts_json.len, SQLITE_STATIC,
                            SQLITE_UTF8);
    if ((error = step_done(st, s, "write a file")) < 0)
        goto done;
    long long file_id = sqlite3_last_insert_rowid(((sq *)st->impl)->db);
    docids = pct__calloc(st->ctx, it->ndocs + 1, sizeof *docids);
    if (!docids) {
        error = pct__err(st->ctx, PCT_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < it->ndocs; i++)
        if ((error = put_document(in, file_id, (int)i, &it->docs[i], &docids[i])) < 0)
            goto done;
    for (size_t i = 0; i < it->nsections; i++) {
        const pct_store_section *sec = &it->sections[i];
        if (sec->doc < 0 || (size_t)sec->doc >= it->ndocs)
            continue;
        if ((error = put_section(in, docids[sec->doc], sec)) < 0)
            goto done;
    }
    for (size_t i = 0; i < it->nkeys; i++) {
        sqlite3_bind_int64(in->key, 1, file_id);
        sqlite3_bind_text(in->key, 2, it->keys[i], -1, SQLITE_STATIC);
        if ((error = step_done(st, in->key, "write link keys")) < 0)
            goto done;
    }
    *id_out = file_id;
done:
    if (docids)
        pct__free(st->ctx, docids, (it->ndocs + 1) * sizeof *docids);
    return error;
}

/* Clears the marks of `files`, then writes `rows`. A row of a marked file
 * is written only when this transaction found its mark: another add (one
 * finishing the files an interrupted add left) may have written it
 * meanwhile, and a row is written once. */
static int sq_index(pct_store *st, const long long *files, size_t nfiles,
                    const pct_store_ftsrow *rows, size_t nrows)
{
    sqlite3_stmt *s = NULL;
    int error = 0;
    unsigned char *found = nfiles ? pct__calloc(st->ctx, nfiles, 1) : NULL;
    if (nfiles && !found)
        return pct__err(st->ctx, PCT_ENOMEM, "out of memory");
    for (size_t i = 0; i < nfiles && !error; i++) {
        if ((error = stmt(st, SQ_INDEX_UNMARK, &s)) < 0)
            break;
        sqlite3_bind_int64(s, 1, files[i]);
        if ((error = step_done(st, s, "index a document")) == 0)
            found[i] = sqlite3_changes(((sq *)st->impl)->db) > 0;
    }
    for (size_t i = 0; i < nrows && !error; i++) {
        size_t f = 0;
        while (f < nfiles && files[f] != rows[i].file_id)
            f++;
        if (f < nfiles && !found[f])
            continue; /* indexed by another add */
        if ((error = stmt(st, SQ_INDEX_ROW, &s)) < 0)
            break;
        sqlite3_bind_int64(s, 1, rows[i].file_id);
        sqlite3_bind_int(s, 2, rows[i].doc);
        sqlite3_bind_text64(s, 3, rows[i].body ? rows[i].body : "", rows[i].body ? rows[i].len : 0,
                            SQLITE_STATIC, SQLITE_UTF8);
        replay *r = ((sq *)st->impl)->rp;
        if (r) { /* FTS5 takes the worker's tokens for this body */
            r->text = rows[i].body;
            r->len = rows[i].body ? rows[i].len : 0;
            r->toks = rows[i].toks;
            r->toks_len = rows[i].toks_len;
        }
        error = step_done(st, s, "index a document");
        if (r)
            r->toks = NULL;
    }
    if (found)
        pct__free(st->ctx, found, nfiles);
    return error;
}

static int sq_index_mark(pct_store *st, long long file_id)
{
    sqlite3_stmt *s = NULL;
    int error = stmt(st, SQ_INDEX_MARK, &s);
    if (error < 0)
        return error;
    sqlite3_bind_int64(s, 1, file_id);
    return step_done(st, s, "write the store");
}

static int ids_of(pct_store *st, sqlite3_stmt *s, pct_vec *ids)
{
    int rc, error = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        long long *p = pct_vec__push(ids);
        if (!p) {
            error = pct__err(st->ctx, PCT_ENOMEM, "out of memory");
            break;
        }
        *p = sqlite3_column_int64(s, 0);
    }
    if (!error && rc != SQLITE_DONE)
        error = sqerr(st, rc, "read the store");
    return error;
}

static int sq_index_pending(pct_store *st, pct_vec *ids)
{
    sqlite3_stmt *s = NULL;
    int error = prep(st, &s,
                     "SELECT CAST(substr(key, 7) AS INTEGER) AS id FROM meta"
                     " WHERE key >= 'index:' AND key < 'index;' ORDER BY id");
    if (error < 0)
        return error;
    error = ids_of(st, s, ids);
    sqlite3_finalize(s);
    return error;
}

/* ------------------------------------------------------------- families */

static int sq_candidates(pct_store *st, long long file_id, size_t max, pct_vec *ids)
{
    sqlite3_stmt *s = NULL;
    int error = stmt(st, SQ_CANDIDATES, &s);
    if (error < 0)
        return error;
    sqlite3_bind_int64(s, 1, file_id);
    sqlite3_bind_int64(s, 2, (long long)max);
    error = ids_of(st, s, ids);
    sqlite3_reset(s);
    return error;
}

/* Pending relinks are rows 'relink:ID' of the meta table, written in the
 * transaction that stored file ID (so they survive a crash with it) and
 * deleted in the transaction that re-links its family. */
static int sq_relink_mark(pct_store *st, long long file_id, int pending)
{
    sqlite3_stmt *s = NULL;
    int error = stmt(st, pending ? SQ_RELINK_MARK : SQ_RELINK_UNMARK, &s);
    if (error < 0)
        return error;
    sqlite3_bind_int64(s, 1, file_id);
    return step_done(st, s, "write the store");
}

static int sq_relink_pending(pct_store *st, pct_vec *ids)
{
    sqlite3_stmt *s = NULL;
    int error = prep(st, &s,
                     "SELECT CAST(substr(key, 8) AS INTEGER) AS id FROM meta"
                     " WHERE key >= 'relink:' AND key < 'relink;' ORDER BY id");
    if (error < 0)
        return error;
    error = ids_of(st, s, ids);
    sqlite3_finalize(s);
    return error;
}

static int doc_id_of(pct_store *st, sqlite3_stmt *s, pct_store_famdoc m, long long *out)
{
    sqlite3_bind_int64(s, 1, m.file_id);
    sqlite3_bind_int(s, 2, m.doc);
    int rc = sqlite3_step(s);
    int error = 0;
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    else if (rc == SQLITE_DONE)
        *out = 0;
    else
        error = sqerr(st, rc, "read the store");
    sqlite3_reset(s);
    return error;
}

static int sq_write_families(pct_store *st, const long long *ids, size_t nids,
                             const pct_store_fam *fams, size_t nfams)
{
    sqlite3_stmt *del = NULL, *fam = NULL, *mem = NULL, *dl = NULL, *docid = NULL;
    sqlite3_stmt *op = NULL, *fd = NULL;
    int error;
    if ((error = stmt(st, SQ_FAM_DELETE, &del)) < 0 ||
        (error = stmt(st, SQ_FAM_INSERT, &fam)) < 0 ||
        (error = stmt(st, SQ_FAM_OPERATION, &op)) < 0 ||
        (error = stmt(st, SQ_FAM_FINDING, &fd)) < 0 ||
        (error = stmt(st, SQ_FAM_MEMBER, &mem)) < 0 ||
        (error = stmt(st, SQ_FAM_DEADLINE, &dl)) < 0 ||
        (error = stmt(st, SQ_DOC_ID, &docid)) < 0)
        return error;
    for (size_t i = 0; i < nids; i++) {
        sqlite3_bind_int64(del, 1, ids[i]);
        if ((error = step_done(st, del, "re-link families")) < 0)
            goto done;
    }
    for (size_t i = 0; i < nfams; i++) {
        const pct_store_fam *f = &fams[i];
        bind_str(fam, 1, f->title);
        sqlite3_bind_int64(fam, 2, (long long)f->nmembers);
        sqlite3_bind_int(fam, 3, f->placeholders);
        sqlite3_bind_int64(fam, 4, (long long)f->nfindings);
        bind_str(fam, 5, f->expiration);
        if ((error = step_done(st, fam, "write a family")) < 0)
            goto done;
        long long fid = sqlite3_last_insert_rowid(((sq *)st->impl)->db);
        long long base = 0;
        for (size_t k = 0; k < f->nmembers; k++) {
            long long d = 0;
            if ((error = doc_id_of(st, docid, f->members[k], &d)) < 0)
                goto done;
            if (!d)
                continue;
            if (!base)
                base = d;
            sqlite3_bind_int64(mem, 1, fid);
            sqlite3_bind_int64(mem, 2, (long long)k);
            sqlite3_bind_int64(mem, 3, d);
            if ((error = step_done(st, mem, "write a family")) < 0)
                goto done;
        }
        for (size_t k = 0; k < f->nops; k++) {
            const pct_store_op *o = &f->ops[k];
            long long d = 0;
            if ((error = doc_id_of(st, docid, o->doc, &d)) < 0)
                goto done;
            if (!d)
                continue;
            sqlite3_bind_int64(op, 1, fid);
            sqlite3_bind_int64(op, 2, d);
            sqlite3_bind_int(op, 3, o->seq);
            bind_str(op, 4, o->kind ? o->kind : "other");
            bind_str(op, 5, o->target_kind);
            bind_str(op, 6, o->target);
            bind_str(op, 7, o->provision);
            bind_str(op, 8, o->before);
            bind_str(op, 9, o->after);
            bind_str(op, 10, o->text);
            sqlite3_bind_int64(op, 11, (long long)o->span.start);
            sqlite3_bind_int64(op, 12, (long long)o->span.end);
            bind_str(op, 13, o->rule);
            if ((error = step_done(st, op, "write operations")) < 0)
                goto done;
        }
        for (size_t k = 0; k < f->nfindings; k++) {
            const pct_store_finding *x = &f->findings[k];
            long long d = 0;
            if ((error = doc_id_of(st, docid, x->doc, &d)) < 0)
                goto done;
            if (!d)
                continue;
            sqlite3_bind_int64(fd, 1, fid);
            sqlite3_bind_int64(fd, 2, d);
            bind_str(fd, 3, x->severity ? x->severity : "info");
            bind_str(fd, 4, x->code ? x->code : "");
            bind_str(fd, 5, x->message);
            sqlite3_bind_int64(fd, 6, (long long)x->span.start);
            sqlite3_bind_int64(fd, 7, (long long)x->span.end);
            if ((error = step_done(st, fd, "write findings")) < 0)
                goto done;
        }
        for (size_t k = 0; k < f->ndeadlines && base; k++) {
            const pct_store_deadline *x = &f->deadlines[k];
            long long src = 0;
            if ((error = doc_id_of(st, docid, x->source, &src)) < 0)
                goto done;
            sqlite3_bind_int64(dl, 1, fid);
            sqlite3_bind_int64(dl, 2, base);
            if (src)
                sqlite3_bind_int64(dl, 3, src);
            bind_str(dl, 4, x->event);
            bind_str(dl, 5, x->date);
            bind_str(dl, 6, x->basis);
            if ((error = step_done(st, dl, "write deadlines")) < 0)
                goto done;
        }
    }
done:
    sqlite3_reset(docid); /* the others are reset by step_done */
    return error;
}

/* --------------------------------------------------------------- queries */

#define ROW_COLS                                                                                 \
    "f.id, d.idx, d.family_id, f.name, f.path, f.sha256, f.added_at, f.bytes, d.kind, "          \
    "d.ordinal, d.title, d.parties, d.agreement_date, d.effective_date, "                        \
    "coalesce(fa.expiration, d.expiration_date), d.renewal_term, d.notice_days, "                \
    "d.governing_law, d.signed, (SELECT b.title FROM documents b WHERE b.family_id = "           \
    "d.family_id AND b.family_id IS NOT NULL ORDER BY b.kind <> 'agreement', b.id LIMIT 1)"
#define ROW_FROM                                                                                 \
    " FROM documents d JOIN files f ON f.id = d.file_id"                                         \
    " LEFT JOIN families fa ON fa.id = d.family_id"
#define ROW_NCOLS 20

static const char *col_str(pct_store_rows *rows, sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? pct_store__rows_str(rows, (const char *)t) : NULL;
}

static pct_store_row *read_row(pct_store_rows *rows, sqlite3_stmt *s)
{
    pct_store_row *r = pct_store__row_push(rows);
    if (!r)
        return NULL;
    r->id = sqlite3_column_int64(s, 0);
    r->doc = sqlite3_column_int(s, 1);
    r->family = sqlite3_column_int64(s, 2);
    r->name = col_str(rows, s, 3);
    r->path = col_str(rows, s, 4);
    r->sha256 = col_str(rows, s, 5);
    r->added_at = col_str(rows, s, 6);
    r->bytes = (size_t)sqlite3_column_int64(s, 7);
    r->kind = col_str(rows, s, 8);
    r->ordinal = sqlite3_column_int(s, 9);
    r->title = col_str(rows, s, 10);
    r->parties = col_str(rows, s, 11);
    r->agreement_date = col_str(rows, s, 12);
    r->effective_date = col_str(rows, s, 13);
    r->expiration_date = col_str(rows, s, 14);
    r->renewal_term = col_str(rows, s, 15);
    r->notice_days = col_str(rows, s, 16);
    r->governing_law = col_str(rows, s, 17);
    r->signed_ = sqlite3_column_int(s, 18);
    r->family_title = col_str(rows, s, 19);
    return r;
}

static int run_rows(pct_store *st, sqlite3_stmt *s, pct_store_rows *rows, int extra)
{
    int rc, error = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        pct_store_row *r = read_row(rows, s);
        if (!r)
            return pct__err(st->ctx, PCT_ENOMEM, "out of memory");
        int c = ROW_NCOLS;
        if (extra == PCT_STORE_Q_SEARCH) {
            r->rank = sqlite3_column_double(s, c);
            r->section = col_str(rows, s, c + 1);
            r->heading = col_str(rows, s, c + 2);
            r->snippet = col_str(rows, s, c + 3);
            r->span.start = (size_t)sqlite3_column_int64(s, c + 4);
            r->span.end = (size_t)sqlite3_column_int64(s, c + 5);
        } else if (extra == PCT_STORE_Q_DUE) {
            r->event = col_str(rows, s, c);
            r->date = col_str(rows, s, c + 1);
            r->basis = col_str(rows, s, c + 2);
            r->days = (long)sqlite3_column_int64(s, c + 3);
        }
    }
    if (rc != SQLITE_DONE)
        error = sqerr(st, rc, "query the store");
    return error;
}

static int q_list(pct_store *st, const pct_store_query *q, pct_store_rows *rows)
{
    sqlite3_stmt *s = NULL;
    const pct_store_filter *f = &q->filter;
    int error = prep(st, &s,
                     "SELECT " ROW_COLS ROW_FROM
                     " WHERE (?1 IS NULL OR d.kind = ?1)"
                     " AND (?2 IS NULL OR EXISTS (SELECT 1 FROM parties p WHERE"
                     "  p.document_id = d.id AND instr(lower(p.name), lower(?2)) > 0)"
                     "  OR instr(lower(coalesce(d.parties,'')), lower(?2)) > 0)"
                     " AND (?3 IS NULL OR coalesce(fa.expiration, d.expiration_date) < ?3)"
                     " AND (?4 = 0 OR d.signed = 0)"
                     " AND (?5 = 0 OR d.family_id = ?5)"
                     " AND (?7 = 0 OR d.file_id = ?7)"
                     " ORDER BY CASE WHEN ?5 <> 0 THEN d.family_seq END, f.id, d.idx"
                     " LIMIT ?6");
    if (error < 0)
        return error;
    bind_str(s, 1, f->kind);
    bind_str(s, 2, f->party);
    bind_str(s, 3, f->expiring_before);
    sqlite3_bind_int(s, 4, f->unsigned_only);
    sqlite3_bind_int64(s, 5, f->family);
    sqlite3_bind_int64(s, 6, q->limit ? (long long)q->limit : -1);
    sqlite3_bind_int64(s, 7, f->file);
    error = run_rows(st, s, rows, PCT_STORE_Q_LIST);
    sqlite3_finalize(s);
    return error;
}

/* Search keys: a prefix of each word of the FTS5 query (its quoted terms;
 * operators are not quoted), long enough to tell words apart and short
 * enough to stand for the stemmed forms the index matched ("terminat" for
 * termination, terminate, terminated). */
#define KEY_WORDS_MAX 16  /* words of a query used to place snippets */
#define KEY_PREFIX_MIN 4  /* shorter words are compared whole */

typedef struct keys {
    char w[KEY_WORDS_MAX][32];
    int whole[KEY_WORDS_MAX]; /* 1: a short word, matched whole */
    size_t n;
} keys;

static int is_word(unsigned char c) { return pct__is_alpha(c) || pct__is_digit(c) || c >= 0x80; }

static void query_keys(const char *q, keys *k)
{
    k->n = 0;
    int quoted = 0;
    for (const char *p = q; *p && k->n < KEY_WORDS_MAX; p++) {
        if (*p == '"') {
            quoted = !quoted;
            continue;
        }
        if (!quoted || !is_word((unsigned char)*p) || (p > q && is_word((unsigned char)p[-1])))
            continue;
        size_t n = 0;
        while (is_word((unsigned char)p[n]))
            n++;
        size_t keep = n <= KEY_PREFIX_MIN ? n : n - n / 3;
        if (keep < KEY_PREFIX_MIN && n >= KEY_PREFIX_MIN)
            keep = KEY_PREFIX_MIN;
        if (keep >= sizeof k->w[0])
            keep = sizeof k->w[0] - 1;
        for (size_t i = 0; i < keep; i++)
            k->w[k->n][i] = (char)pct__lower((unsigned char)p[i]);
        k->w[k->n][keep] = '\0';
        k->whole[k->n] = n <= KEY_PREFIX_MIN;
        k->n++;
        p += n - 1;
    }
}

/* Which key the word at s (length n) starts with, plus one; 0 for none. */
static int key_hit(const keys *k, const char *s, size_t n)
{
    for (size_t i = 0; i < k->n; i++) {
        size_t kn = strlen(k->w[i]);
        if (kn > n || (k->whole[i] && kn != n))
            continue;
        size_t j = 0;
        while (j < kn && pct__lower((unsigned char)s[j]) == (unsigned char)k->w[i][j])
            j++;
        if (j == kn)
            return (int)i + 1;
    }
    return 0;
}

/* Picks, in a document body (sections opened by SECTION_MARK), the section
 * with the most words matching the keys; returns its index (0-based) and
 * writes a snippet around its first match with [ ] around matched words.
 * One pass over the body. */
static size_t best_section(const char *body, const keys *k, pct_buf *snip)
{
    /* a section's score: the distinct query words it holds first, then
     * how many matches (so "for" alone never beats "termination for") */
    size_t best = 0, best_score = 0, sec = 0, hits = 0;
    unsigned seen = 0;
    int first_short = 0;
    const char *best_at = NULL, *first = NULL;
    for (const char *p = body;; p++) {
        if (*p == SECTION_MARK || *p == '\0') {
            size_t distinct = 0;
            for (unsigned m = seen; m; m &= m - 1)
                distinct++;
            size_t score = distinct * 100000 + hits;
            if (hits && score > best_score) {
                best_score = score;
                best = sec ? sec - 1 : 0;
                best_at = first;
            }
            if (*p == '\0')
                break;
            sec++;
            hits = 0;
            seen = 0;
            first = NULL;
            first_short = 0;
        } else if (is_word((unsigned char)*p) && (p == body || !is_word((unsigned char)p[-1]))) {
            size_t n = 0;
            while (is_word((unsigned char)p[n]))
                n++;
            int h = key_hit(k, p, n);
            if (h) {
                hits++;
                seen |= 1u << (h - 1);
                /* the snippet opens at the first telling word, not at "for" */
                if (!first || (first_short && !k->whole[h - 1])) {
                    first = p;
                    first_short = k->whole[h - 1];
                }
            }
            p += n - 1;
        }
    }
    if (!best_at)
        return 0;
    /* back SNIPPET_WORDS_BEFORE words, not past the section's start */
    const char *a = best_at;
    for (int w = 0; a > body && a[-1] != SECTION_MARK; a--)
        if (a[-1] == ' ' && a[0] != ' ' && ++w > SNIPPET_WORDS_BEFORE)
            break;
    while (*a == ' ')
        a++;
    if (a > body && a[-1] != SECTION_MARK)
        pct_buf__puts(snip, "...");
    int words = 0;
    const char *p = a;
    while (*p && *p != SECTION_MARK && *p != '\n') {
        if (is_word((unsigned char)*p)) {
            size_t n = 0;
            while (is_word((unsigned char)p[n]))
                n++;
            int hit = key_hit(k, p, n);
            if (hit)
                pct_buf__putc(snip, '[');
            pct_buf__put(snip, p, n);
            if (hit)
                pct_buf__putc(snip, ']');
            p += n;
            continue;
        }
        if (*p == ' ' && p[1] != ' ' && ++words >= SNIPPET_WORDS)
            break;
        pct_buf__putc(snip, *p++);
    }
    if (*p == ' ')
        pct_buf__puts(snip, "...");
    return best;
}

/* Ranked search: documents_fts ranks whole documents (bm25; the cost
 * follows the number of matching documents) and keeps the best `limit`;
 * for each, one pass over its stored body finds the section with most
 * words matching the query's terms (section marks name it) and cuts a
 * snippet there. No document is tokenized again at query time. */
static int q_search(pct_store *st, const pct_store_query *q, pct_store_rows *rows)
{
    sqlite3_stmt *top = NULL, *body = NULL, *sec = NULL, *row = NULL;
    pct_buf snip;
    keys k;
    int error, rc;
    pct_buf__init(&snip, st->ctx);
    query_keys(q->text, &k);
    if ((error = prep(st, &top,
                      "SELECT rowid, rank FROM documents_fts WHERE documents_fts MATCH ?1"
                      " ORDER BY rank LIMIT ?2")) < 0 ||
        (error = prep(st, &body, "SELECT body FROM documents_fts WHERE rowid = ?1")) < 0 ||
        (error = prep(st, &sec,
                      "SELECT id FROM sections WHERE document_id = ?1 ORDER BY id"
                      " LIMIT 1 OFFSET ?2")) < 0 ||
        (error = prep(st, &row,
                      "SELECT " ROW_COLS ", sc.number, sc.heading, sc.start, sc.end" ROW_FROM
                      " LEFT JOIN sections sc ON sc.id = ?2 WHERE d.id = ?1")) < 0)
        goto done;
    sqlite3_bind_text(top, 1, q->text, -1, SQLITE_STATIC);
    sqlite3_bind_int64(top, 2, q->limit ? (long long)q->limit : 20);
    while ((rc = sqlite3_step(top)) == SQLITE_ROW) {
        long long did = sqlite3_column_int64(top, 0), sid = 0;
        double rank = sqlite3_column_double(top, 1);
        snip.len = 0;
        sqlite3_bind_int64(body, 1, did);
        if (sqlite3_step(body) == SQLITE_ROW && sqlite3_column_text(body, 0)) {
            size_t i = best_section((const char *)sqlite3_column_text(body, 0), &k, &snip);
            sqlite3_bind_int64(sec, 1, did);
            sqlite3_bind_int64(sec, 2, (long long)i);
            if (sqlite3_step(sec) == SQLITE_ROW)
                sid = sqlite3_column_int64(sec, 0);
            sqlite3_reset(sec);
        }
        sqlite3_reset(body);
        if (snip.failed) {
            error = pct__err(st->ctx, PCT_ENOMEM, "out of memory");
            break;
        }
        sqlite3_bind_int64(row, 1, did);
        sqlite3_bind_int64(row, 2, sid);
        if (sqlite3_step(row) == SQLITE_ROW) {
            pct_store_row *r = read_row(rows, row);
            if (!r) {
                error = pct__err(st->ctx, PCT_ENOMEM, "out of memory");
                break;
            }
            r->rank = rank;
            r->snippet = pct_store__rows_str(rows, snip.data ? snip.data : "");
            r->section = col_str(rows, row, ROW_NCOLS);
            r->heading = col_str(rows, row, ROW_NCOLS + 1);
            r->span.start = (size_t)sqlite3_column_int64(row, ROW_NCOLS + 2);
            r->span.end = (size_t)sqlite3_column_int64(row, ROW_NCOLS + 3);
        }
        sqlite3_reset(row);
    }
    if (!error && rc != SQLITE_DONE)
        error = pct__err(st->ctx, PCT_EINVALID, "search: cannot read the query: %s",
                         sqlite3_errmsg(((sq *)st->impl)->db));
done:
    pct_buf__free(&snip);
    sqlite3_finalize(top);
    sqlite3_finalize(body);
    sqlite3_finalize(sec);
    sqlite3_finalize(row);
    return error;
}

static int q_due(pct_store *st, const pct_store_query *q, pct_store_rows *rows)
{
    sqlite3_stmt *s = NULL;
    int error = prep(st, &s,
                     "SELECT " ROW_COLS ", dl.event, dl.date, dl.basis,"
                     " CAST(julianday(dl.date) - julianday(?3) AS INTEGER)"
                     " FROM deadlines dl JOIN documents d ON d.id = dl.document_id"
                     " JOIN files f ON f.id = d.file_id"
                     " LEFT JOIN families fa ON fa.id = d.family_id"
                     " WHERE (?1 IS NULL OR dl.date >= ?1) AND (?2 IS NULL OR dl.date <= ?2)"
                     " ORDER BY dl.date, f.id, dl.event LIMIT ?4");
    if (error < 0)
        return error;
    bind_str(s, 1, q->from);
    bind_str(s, 2, q->to);
    bind_str(s, 3, q->today);
    sqlite3_bind_int64(s, 4, q->limit ? (long long)q->limit : -1);
    error = run_rows(st, s, rows, PCT_STORE_Q_DUE);
    sqlite3_finalize(s);
    return error;
}

static int sq_query(pct_store *st, const pct_store_query *q, pct_store_rows *rows)
{
    switch (q->kind) {
    case PCT_STORE_Q_LIST: return q_list(st, q, rows);
    case PCT_STORE_Q_SEARCH: return q_search(st, q, rows);
    case PCT_STORE_Q_DUE: return q_due(st, q, rows);
    default: return pct__err(st->ctx, PCT_EINVALID, "unknown query");
    }
}

/* Runs `sql` with one text parameter; ENOTFOUND for no row, EINVALID for two. */
static int resolve_one(pct_store *st, const char *sql, const char *arg, long long *id_out)
{
    sqlite3_stmt *s = NULL;
    int error = prep(st, &s, sql);
    if (error < 0)
        return error;
    sqlite3_bind_text(s, 1, arg, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s), n = 0;
    long long first = 0;
    for (; rc == SQLITE_ROW; rc = sqlite3_step(s)) {
        long long id = sqlite3_column_int64(s, 0);
        if (n++ == 0)
            first = id;
        else if (id != first)
            n = 99;
    }
    if (rc != SQLITE_DONE)
        error = sqerr(st, rc, "read the store");
    else if (n == 0)
        error = PCT_ENOTFOUND;
    else if (n > 1)
        error = pct__err(st->ctx, PCT_EINVALID, "'%s' names several stored files; use an id",
                         arg);
    else
        *id_out = first;
    sqlite3_finalize(s);
    return error;
}

static int sq_resolve(pct_store *st, const char *ref, long long *id_out)
{
    char num[32];
    size_t n = strspn(ref, "0123456789");
    if (n > 0 && n < sizeof num && (ref[n] == '\0' || (ref[n] == '.' && ref[n + 1]))) {
        memcpy(num, ref, n);
        num[n] = '\0';
        int error = resolve_one(st, "SELECT id FROM files WHERE id = CAST(?1 AS INTEGER)", num,
                                id_out);
        if (error != PCT_ENOTFOUND)
            return error; /* else maybe a file named so; the message below names the ref */
    }
    int error = resolve_one(st, "SELECT id FROM files WHERE name = ?1 OR path = ?1", ref, id_out);
    if (error != PCT_ENOTFOUND)
        return error;
    size_t hex = strspn(ref, "0123456789abcdef");
    if (hex >= RESOLVE_MIN_HEX && ref[hex] == '\0' && hex <= 64) {
        error = resolve_one(st, "SELECT id FROM files WHERE substr(sha256, 1, length(?1)) = ?1",
                            ref, id_out);
        if (error != PCT_ENOTFOUND)
            return error;
    }
    return pct__err(st->ctx, PCT_ENOTFOUND, "%s: no stored file '%s' (see 'pactum ls')",
                    st->path, ref);
}

static int sq_load(pct_store *st, long long id, char **data_out, size_t *len_out,
                   char **path_out)
{
    sqlite3_stmt *s = NULL;
    int error = prep(st, &s, "SELECT content, path FROM files WHERE id = ?");
    if (error < 0)
        return error;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        size_t n = (size_t)sqlite3_column_bytes(s, 0);
        const void *b = sqlite3_column_blob(s, 0);
        const char *p = (const char *)sqlite3_column_text(s, 1);
        size_t pn = p ? strlen(p) : 0;
        char *d = pct__malloc(st->ctx, n + 1);
        char *pp = pct__malloc(st->ctx, pn + 1);
        if (!d || !pp) {
            pct__free(st->ctx, d, n + 1);
            pct__free(st->ctx, pp, pn + 1);
            error = pct__err(st->ctx, PCT_ENOMEM, "out of memory");
        } else {
            if (n)
                memcpy(d, b, n);
            d[n] = '\0';
            memcpy(pp, p ? p : "", pn + 1);
            *data_out = d;
            *len_out = n;
            *path_out = pp;
        }
    } else if (rc == SQLITE_DONE) {
        error = pct__err(st->ctx, PCT_ENOTFOUND, "%s: no stored file %lld", st->path, id);
    } else {
        error = sqerr(st, rc, "read the store");
    }
    sqlite3_finalize(s);
    return error;
}

static int sink_str(pct_sink sink, void *ud, const char *s)
{
    return sink(s, strlen(s), ud);
}

/* Writes a JSON string literal (SQLite's json_quote does the escaping). */
static int sq_export_jsonl(pct_store *st, long long id, pct_sink sink, void *ud)
{
    sqlite3_stmt *s = NULL;
    int error = prep(st, &s,
                     "SELECT json_object('id', f.id, 'name', f.name, 'path', f.path, 'sha256',"
                     " f.sha256, 'bytes', f.bytes, 'encoding', f.encoding, 'added_at',"
                     " f.added_at, 'families', (SELECT json_group_array(DISTINCT d.family_id)"
                     " FROM documents d WHERE d.file_id = f.id AND d.family_id IS NOT NULL),"
                     " 'facts', json(coalesce(f.facts_json, 'null')))"
                     " FROM files f WHERE ?1 = 0 OR f.id = ?1 ORDER BY f.id");
    if (error < 0)
        return error;
    sqlite3_bind_int64(s, 1, id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *j = (const char *)sqlite3_column_text(s, 0);
        if (sink_str(sink, ud, j ? j : "null") || sink("\n", 1, ud)) {
            error = pct__err(st->ctx, PCT_EIO, "cannot write output");
            break;
        }
    }
    if (!error && rc != SQLITE_DONE)
        error = sqerr(st, rc, "read the store");
    sqlite3_finalize(s);
    return error;
}

static int sq_family_json(pct_store *st, long long id, pct_sink sink, void *ud)
{
    sqlite3_stmt *s = NULL;
    int error = prep(st, &s,
                     "SELECT json_group_array(json_object('id', fa.id, 'title', fa.title,"
                     " 'members', (SELECT json_group_array(json_object('id', d.file_id, 'doc',"
                     " d.idx, 'kind', d.kind, 'title', d.title, 'ordinal', d.ordinal,"
                     " 'effective_date', d.effective_date)) FROM documents d"
                     " WHERE d.family_id = fa.id),"
                     " 'placeholders', fa.placeholders, 'expiration', fa.expiration,"
                     " 'deadlines', (SELECT json_group_array(json_object('event', dl.event,"
                     " 'date', dl.date, 'basis', dl.basis)) FROM deadlines dl"
                     " WHERE dl.family_id = fa.id),"
                     " 'operations', (SELECT json_group_array(json_object('id', od.file_id,"
                     " 'doc', od.idx, 'seq', o.seq, 'kind', o.kind, 'target_kind', o.target_kind,"
                     " 'target', o.target, 'provision', o.provision, 'before', o.before,"
                     " 'after', o.after, 'span', json_object('start', o.start, 'end', o.end),"
                     " 'rule', o.rule)) FROM operations o JOIN documents od ON od.id ="
                     " o.document_id WHERE o.family_id = fa.id),"
                     " 'findings', (SELECT json_group_array(json_object('id', xd.file_id,"
                     " 'doc', xd.idx, 'severity', x.severity, 'code', x.code, 'message',"
                     " x.message, 'span', json_object('start', x.start, 'end', x.end)))"
                     " FROM findings x JOIN documents xd ON xd.id = x.document_id"
                     " WHERE x.family_id = fa.id)))"
                     " FROM families fa WHERE fa.id IN (SELECT family_id FROM documents"
                     " WHERE file_id = ?1)");
    if (error < 0)
        return error;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const char *j = (const char *)sqlite3_column_text(s, 0);
        if (sink_str(sink, ud, j ? j : "[]"))
            error = pct__err(st->ctx, PCT_EIO, "cannot write output");
    } else {
        error = sqerr(st, rc, "read the store");
    }
    sqlite3_finalize(s);
    return error;
}

static int sq_remove(pct_store *st, long long id)
{
    sqlite3_stmt *s = NULL;
    int error = prep(st, &s, "DELETE FROM files WHERE id = ?");
    if (error < 0)
        return error;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_DONE)
        error = sqerr(st, rc, "remove from the store");
    else if (sqlite3_changes(((sq *)st->impl)->db) == 0)
        error = pct__err(st->ctx, PCT_ENOTFOUND, "%s: no stored file %lld", st->path, id);
    sqlite3_finalize(s);
    if (!error) /* families left without members */
        error = exec(st,
                     "DELETE FROM families WHERE NOT EXISTS (SELECT 1 FROM documents d"
                     " WHERE d.family_id = families.id)",
                     "remove from the store");
    if (!error) /* a relink it was waiting for */
        error = sq_relink_mark(st, id, 0);
    if (!error) { /* and its full-text rows, if still to come */
        sqlite3_stmt *u = NULL;
        if ((error = stmt(st, SQ_INDEX_UNMARK, &u)) == 0) {
            sqlite3_bind_int64(u, 1, id);
            error = step_done(st, u, "remove from the store");
        }
    }
    return error;
}

static int sq_stats(pct_store *st, pct_store_stats *out)
{
    long long v = 0;
    int error;
    memset(out, 0, sizeof *out);
    if ((error = get_int(st, "SELECT count(*) FROM files", &v)) < 0)
        return error;
    out->files = (size_t)v;
    if ((error = get_int(st, "SELECT count(*) FROM documents", &v)) < 0)
        return error;
    out->documents = (size_t)v;
    if ((error = get_int(st, "SELECT count(*) FROM families", &v)) < 0)
        return error;
    out->families = (size_t)v;
    if ((error = get_int(st, "SELECT count(*) FROM sections", &v)) < 0)
        return error;
    out->sections = (size_t)v;
    if ((error = get_int(st, "SELECT coalesce(sum(bytes), 0) FROM files", &v)) < 0)
        return error;
    out->bytes = (unsigned long long)v;
    return 0;
}

static int sq_hashes(pct_store *st, pct_store_rows *rows)
{
    sqlite3_stmt *s = NULL;
    int error = prep(st, &s, "SELECT id, sha256 FROM files ORDER BY sha256");
    if (error < 0)
        return error;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        pct_store_row *r = pct_store__row_push(rows);
        if (!r || !(r->sha256 = col_str(rows, s, 1))) {
            error = pct__err(st->ctx, PCT_ENOMEM, "out of memory");
            break;
        }
        r->id = sqlite3_column_int64(s, 0);
    }
    if (!error && rc != SQLITE_DONE)
        error = sqerr(st, rc, "read the store");
    sqlite3_finalize(s);
    return error;
}

const pct_store_ops pct_store__sqlite_ops = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .batch = sq_batch,
    .find_hash = sq_find_hash,
    .insert = sq_insert,
    .index = sq_index,
    .index_mark = sq_index_mark,
    .index_pending = sq_index_pending,
    .candidates = sq_candidates,
    .write_families = sq_write_families,
    .relink_mark = sq_relink_mark,
    .relink_pending = sq_relink_pending,
    .query = sq_query,
    .resolve = sq_resolve,
    .load = sq_load,
    .export_jsonl = sq_export_jsonl,
    .family_json = sq_family_json,
    .remove = sq_remove,
    .stats = sq_stats,
    .hashes = sq_hashes,
    .tok_new = sq_tok_new,
    .tok_run = sq_tok_run,
    .tok_free = sq_tok_free,
};
