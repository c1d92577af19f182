/*
 * api.c - the JSON API of `pactum serve`. Every handler is a thin use of
 * pactum.h: the store answers lists, search and due dates; families are
 * linked from the stored originals (pct_store_load) and rendered by the
 * library's family renderer, so the API and the CLI say the same thing.
 *
 *   GET    /api/stats
 *   GET    /api/documents?kind=&party=&expiring_before=&unsigned=1&family=N
 *   POST   /api/documents?name=FILE          body: the file's bytes
 *   GET    /api/documents/REF?as_of=DATE     record, facts, family, findings
 *   GET    /api/documents/REF/raw            original bytes (the file as uploaded)
 *   GET    /api/documents/REF/text           the text read from it, with its offset map
 *   GET    /api/documents/REF/tree           document tree JSON
 *   DELETE /api/documents/REF
 *   GET    /api/families/N?as_of=DATE        consolidated state and findings
 *   GET    /api/findings                     findings of every family
 *   GET    /api/due?within=90d
 *   GET    /api/search?q=QUERY&limit=N
 */
#define _POSIX_C_SOURCE 200809L
#include "api.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define API_SEARCH_LIMIT_MAX 200 /* hits of one search */
#define API_FAMILY_FILES_MAX 512 /* files linked for one family view */
#define API_NAME_MAX 255         /* bytes of an uploaded file's name */

/* ------------------------------------------------------------- sbuf */

int sbuf_put(sbuf *b, const char *s, size_t n)
{
    if (b->failed)
        return -1;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->data, cap);
        if (!p) {
            b->failed = 1;
            return -1;
        }
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int sbuf_puts(sbuf *b, const char *s) { return sbuf_put(b, s, strlen(s)); }

int sbuf_printf(sbuf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return -1;
    if ((size_t)n < sizeof tmp)
        return sbuf_put(b, tmp, (size_t)n);
    char *big = malloc((size_t)n + 1);
    if (!big) {
        b->failed = 1;
        return -1;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    int r = sbuf_put(b, big, (size_t)n);
    free(big);
    return r;
}

void sbuf_json_str(sbuf *b, const char *s)
{
    if (!s) {
        sbuf_puts(b, "null");
        return;
    }
    sbuf_put(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            char e[2] = {'\\', (char)*p};
            sbuf_put(b, e, 2);
        } else if (*p < 0x20) {
            sbuf_printf(b, "\\u%04x", *p);
        } else {
            sbuf_put(b, (const char *)p, 1);
        }
    }
    sbuf_put(b, "\"", 1);
}

void sbuf_free(sbuf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

int sbuf_sink(const char *data, size_t len, void *ud) { return sbuf_put(ud, data, len); }

/* ---------------------------------------------------------- helpers */

static const char *arg(api_call *a, const char *key)
{
    const char *v = MHD_lookup_connection_value(a->conn, MHD_GET_ARGUMENT_KIND, key);
    return v && *v ? v : NULL;
}

static enum MHD_Result send_json(api_call *a, unsigned status, sbuf *b)
{
    if (b->failed) {
        sbuf_free(b);
        return serve_error(a->conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    }
    enum MHD_Result r = serve_respond(a->conn, status, "application/json; charset=utf-8",
                                      b->data ? b->data : "", b->len, 1);
    sbuf_free(b);
    return r;
}

/* Maps a library error code to an HTTP status. */
static unsigned status_of(int err)
{
    switch (err) {
    case PCT_ENOTFOUND: return MHD_HTTP_NOT_FOUND;
    case PCT_EINVALID: return 422;
    case PCT_EBUSY: return MHD_HTTP_SERVICE_UNAVAILABLE;
    case PCT_EVERSION: return MHD_HTTP_CONFLICT;
    default: return MHD_HTTP_INTERNAL_SERVER_ERROR;
    }
}

static enum MHD_Result lib_error(api_call *a, int err)
{
    return serve_error(a->conn, status_of(err), pct_errmsg(a->ctx));
}

/* Sends rows as a JSON array and frees them. */
static enum MHD_Result send_rows(api_call *a, pct_store_rows *rows)
{
    sbuf b = {0};
    int err = pct_store_rows_json(rows, sbuf_sink, &b);
    pct_store_rows_free(rows);
    if (err < 0) {
        sbuf_free(&b);
        return lib_error(a, err);
    }
    return send_json(a, MHD_HTTP_OK, &b);
}

static int valid_date(const char *s)
{
    if (!s)
        return 1;
    int y, m, d;
    char tail;
    return strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && m >= 1 &&
           m <= 12 && d >= 1 && d <= 31;
}

static void today(char out[11])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

/* --------------------------------------------------------- documents */

static enum MHD_Result list_documents(api_call *a)
{
    pct_store_filter f;
    memset(&f, 0, sizeof f);
    f.kind = arg(a, "kind");
    f.party = arg(a, "party");
    f.expiring_before = arg(a, "expiring_before");
    const char *u = arg(a, "unsigned");
    f.unsigned_only = u && strcmp(u, "0") && strcmp(u, "false");
    const char *fam = arg(a, "family");
    f.family = fam ? atoll(fam) : 0;
    if (!valid_date(f.expiring_before))
        return serve_error(a->conn, MHD_HTTP_BAD_REQUEST, "expiring_before: expected YYYY-MM-DD");
    pct_store_rows *rows;
    int err = pct_store_list(&rows, a->store, &f);
    if (err < 0)
        return lib_error(a, err);
    return send_rows(a, rows);
}

/* A file name for an upload: the last path component, printable, bounded. */
static void upload_name(const char *given, char out[API_NAME_MAX + 1])
{
    const char *s = given ? given : "upload.txt";
    const char *slash = strrchr(s, '/');
    if (slash)
        s = slash + 1;
    size_t o = 0;
    for (; *s && o < API_NAME_MAX; s++)
        out[o++] = ((unsigned char)*s < 0x20 || *s == '\\') ? '_' : *s;
    out[o] = '\0';
    if (!o || !strcmp(out, ".") || !strcmp(out, ".."))
        strcpy(out, "upload.txt");
}

static enum MHD_Result upload(api_call *a)
{
    char name[API_NAME_MAX + 1];
    upload_name(arg(a, "name"), name);
    if (a->body_len == 0)
        return serve_error(a->conn, MHD_HTTP_BAD_REQUEST,
                           "empty upload: send the file as the body");
    long long id = 0;
    int dup = 0;
    int err = pct_store_add(a->store, name, a->body, a->body_len, &id, &dup);
    if (err < 0)
        return lib_error(a, err);
    sbuf b = {0};
    sbuf_printf(&b, "{\"id\": %lld, \"name\": ", id);
    sbuf_json_str(&b, name);
    sbuf_printf(&b, ", \"duplicate\": %s, \"bytes\": %zu}\n", dup ? "true" : "false", a->body_len);
    return send_json(a, dup ? MHD_HTTP_OK : MHD_HTTP_CREATED, &b);
}

static enum MHD_Result show_document(api_call *a, long long id)
{
    const char *as_of = arg(a, "as_of");
    if (!valid_date(as_of))
        return serve_error(a->conn, MHD_HTTP_BAD_REQUEST, "as_of: expected YYYY-MM-DD");
    sbuf b = {0};
    int err = pct_store_show_json(a->store, id, as_of, sbuf_sink, &b);
    if (err < 0) {
        sbuf_free(&b);
        return lib_error(a, err);
    }
    return send_json(a, MHD_HTTP_OK, &b);
}

static enum MHD_Result raw_document(api_call *a, long long id)
{
    pct_doc *doc;
    int err = pct_store_load(&doc, a->store, id);
    if (err < 0)
        return lib_error(a, err);
    size_t len;
    const char *bytes = pct_doc_file(doc, &len); /* DOCX, PDF: the file, not its text */
    pct_encoding enc = pct_doc_encoding(doc);
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)bytes, MHD_RESPMEM_MUST_COPY);
    pct_doc_free(doc);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", "application/octet-stream");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Content-Disposition", "attachment");
    MHD_add_response_header(r, "X-Pactum-Encoding",
                            enc == PCT_ENC_CP1252 ? "windows-1252" : "utf-8");
    enum MHD_Result ret = MHD_queue_response(a->conn, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ret;
}

/* The text the library read, for the document view of HTML, DOCX and PDF
 * files: {"format": F, "text": T, "map": [[text, orig], ...]}. The map (HTML
 * only) lists the runs of pct_doc_offset_map, so the browser turns original
 * spans into offsets in T; DOCX and PDF spans already count in T. */
static enum MHD_Result text_document(api_call *a, long long id)
{
    pct_doc *doc;
    int err = pct_store_load(&doc, a->store, id);
    if (err < 0)
        return lib_error(a, err);
    sbuf b = {0};
    size_t len, n;
    const char *text = pct_doc_read_text(doc, &len);
    const pct_offset_run *map = pct_doc_offset_map(doc, &n);
    sbuf_puts(&b, "{\"format\":");
    sbuf_json_str(&b, pct_doc_format(doc));
    sbuf_puts(&b, ",\"text\":");
    sbuf_json_str(&b, text);
    sbuf_puts(&b, ",\"map\":[");
    for (size_t i = 0; i < n; i++)
        sbuf_printf(&b, "%s[%zu,%zu]", i ? "," : "", map[i].text, map[i].orig);
    sbuf_puts(&b, "]}\n");
    pct_doc_free(doc);
    return send_json(a, MHD_HTTP_OK, &b);
}

static enum MHD_Result tree_document(api_call *a, long long id)
{
    pct_doc *doc;
    int err = pct_store_load(&doc, a->store, id);
    if (err < 0)
        return lib_error(a, err);
    sbuf b = {0};
    err = pct_render_tree_json(doc, sbuf_sink, &b);
    pct_doc_free(doc);
    if (err < 0) {
        sbuf_free(&b);
        return serve_error(a->conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot render the tree");
    }
    return send_json(a, MHD_HTTP_OK, &b);
}

static enum MHD_Result remove_document(api_call *a, long long id)
{
    int err = pct_store_remove(a->store, id);
    if (err < 0)
        return lib_error(a, err);
    sbuf b = {0};
    sbuf_printf(&b, "{\"removed\": %lld}\n", id);
    return send_json(a, MHD_HTTP_OK, &b);
}

/* ---------------------------------------------------------- families */

typedef struct family_set {
    long long ids[API_FAMILY_FILES_MAX];
    const char *names[API_FAMILY_FILES_MAX];
    pct_doc *docs[API_FAMILY_FILES_MAX];
    size_t n;
    pct_store_rows *rows;
} family_set;

static void family_set_free(family_set *fs)
{
    for (size_t i = 0; i < fs->n; i++)
        pct_doc_free(fs->docs[i]);
    pct_store_rows_free(fs->rows);
    fs->n = 0;
    fs->rows = NULL;
}

/* Loads the stored files of family `fam` (each once). */
static int family_load(api_call *a, long long fam, family_set *fs)
{
    pct_store_filter f;
    memset(&f, 0, sizeof f);
    f.family = fam;
    fs->n = 0;
    int err = pct_store_list(&fs->rows, a->store, &f);
    if (err < 0)
        return err;
    size_t nr = pct_store_rows_count(fs->rows);
    for (size_t i = 0; i < nr && fs->n < API_FAMILY_FILES_MAX; i++) {
        const pct_store_row *r = pct_store_rows_at(fs->rows, i);
        int seen = 0;
        for (size_t k = 0; k < fs->n && !seen; k++)
            seen = fs->ids[k] == r->id;
        if (seen)
            continue;
        if ((err = pct_store_load(&fs->docs[fs->n], a->store, r->id)) < 0)
            return err;
        fs->ids[fs->n] = r->id;
        fs->names[fs->n] = r->name;
        fs->n++;
    }
    return fs->n ? 0 : PCT_ENOTFOUND;
}

/* {"family": N, "as_of": D, "files": [...], "consolidated": <family json>} */
static int family_json(api_call *a, long long fam, const char *as_of, sbuf *b, int findings_only)
{
    family_set *fs = calloc(1, sizeof *fs);
    if (!fs)
        return PCT_ENOMEM;
    pct_family *fy = NULL;
    pct_findings *fi = NULL;
    int err = family_load(a, fam, fs);
    if (err < 0)
        goto done;
    if ((err = pct_family_link(&fy, a->ctx, (const pct_doc *const *)fs->docs, fs->n)) < 0)
        goto done;
    if ((err = pct_finding_check(&fi, fy)) < 0)
        goto done;
    sbuf_printf(b, "{\"family\": %lld, \"as_of\": ", fam);
    sbuf_json_str(b, as_of);
    sbuf_puts(b, ", \"files\": [");
    for (size_t i = 0; i < fs->n; i++) {
        sbuf_printf(b, "%s{\"id\": %lld, \"name\": ", i ? ", " : "", fs->ids[i]);
        sbuf_json_str(b, fs->names[i]);
        sbuf_puts(b, "}");
    }
    sbuf_puts(b, findings_only ? "], \"findings\": " : "], \"consolidated\": ");
    err = findings_only ? pct_render_findings_json(fy, fi, sbuf_sink, b)
                        : pct_render_family_json(fy, as_of, fi, sbuf_sink, b);
    sbuf_puts(b, "}");
done:
    pct_finding_free(fi);
    pct_family_free(fy);
    family_set_free(fs);
    free(fs);
    return err;
}

static enum MHD_Result show_family(api_call *a, long long fam)
{
    const char *as_of = arg(a, "as_of");
    char day[11];
    if (!valid_date(as_of))
        return serve_error(a->conn, MHD_HTTP_BAD_REQUEST, "as_of: expected YYYY-MM-DD");
    if (!as_of) {
        today(day);
        as_of = day;
    }
    sbuf b = {0};
    int err = family_json(a, fam, as_of, &b, 0);
    if (err < 0) {
        sbuf_free(&b);
        if (err == PCT_ENOTFOUND)
            return serve_error(a->conn, MHD_HTTP_NOT_FOUND, "no such family");
        return lib_error(a, err);
    }
    sbuf_puts(&b, "\n");
    return send_json(a, MHD_HTTP_OK, &b);
}

/* Findings of every family of the portfolio. */
static enum MHD_Result all_findings(api_call *a)
{
    pct_store_rows *rows;
    int err = pct_store_list(&rows, a->store, NULL);
    if (err < 0)
        return lib_error(a, err);
    size_t n = pct_store_rows_count(rows);
    long long *fams = calloc(n ? n : 1, sizeof *fams);
    size_t nf = 0;
    for (size_t i = 0; fams && i < n; i++) {
        long long f = pct_store_rows_at(rows, i)->family;
        int seen = f == 0;
        for (size_t k = 0; k < nf && !seen; k++)
            seen = fams[k] == f;
        if (!seen)
            fams[nf++] = f;
    }
    pct_store_rows_free(rows);
    if (!fams)
        return serve_error(a->conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    sbuf b = {0};
    sbuf_puts(&b, "{\"families\": [");
    for (size_t k = 0; k < nf && err >= 0; k++) {
        if (k)
            sbuf_puts(&b, ",\n");
        err = family_json(a, fams[k], NULL, &b, 1);
    }
    sbuf_puts(&b, "]}\n");
    free(fams);
    if (err < 0) {
        sbuf_free(&b);
        return lib_error(a, err);
    }
    return send_json(a, MHD_HTTP_OK, &b);
}

/* ------------------------------------------------------- search, due */

static enum MHD_Result search(api_call *a)
{
    const char *q = arg(a, "q");
    if (!q)
        return serve_error(a->conn, MHD_HTTP_BAD_REQUEST, "q: a search query is required");
    const char *ls = arg(a, "limit");
    long limit = ls ? atol(ls) : 20;
    if (limit <= 0 || limit > API_SEARCH_LIMIT_MAX)
        limit = API_SEARCH_LIMIT_MAX;
    pct_store_rows *rows;
    int err = pct_store_search(&rows, a->store, q, (size_t)limit);
    if (err == PCT_EINVALID)
        return serve_error(a->conn, MHD_HTTP_BAD_REQUEST, pct_errmsg(a->ctx));
    if (err < 0)
        return lib_error(a, err);
    return send_rows(a, rows);
}

static enum MHD_Result due(api_call *a)
{
    const char *w = arg(a, "within");
    long days = 90;
    if (w && pct_duration_days(w, &days) < 0)
        return serve_error(a->conn, MHD_HTTP_BAD_REQUEST, "within: expected a duration like 90d");
    char from[11], to[11];
    today(from);
    time_t later = time(NULL) + (time_t)days * 86400;
    struct tm tm;
    gmtime_r(&later, &tm);
    strftime(to, sizeof to, "%Y-%m-%d", &tm);
    pct_store_rows *rows;
    int err = pct_store_due(&rows, a->store, arg(a, "all") ? NULL : from, to);
    if (err < 0)
        return lib_error(a, err);
    return send_rows(a, rows);
}

static enum MHD_Result stats(api_call *a)
{
    pct_store_stats s;
    int err = pct_store_stats_get(a->store, &s);
    if (err < 0)
        return lib_error(a, err);
    sbuf b = {0};
    sbuf_printf(&b,
                "{\"files\": %zu, \"documents\": %zu, \"families\": %zu, \"sections\": %zu, "
                "\"bytes\": %llu, \"version\": \"%s\"}\n",
                s.files, s.documents, s.families, s.sections, s.bytes, PCT_VERSION);
    return send_json(a, MHD_HTTP_OK, &b);
}

/* ------------------------------------------------------------ router */

/* Splits "/documents/REF/tail" into REF and tail (both may be empty). */
static int split_ref(const char *rest, char *ref, size_t cap, const char **tail)
{
    const char *slash = strchr(rest, '/');
    size_t n = slash ? (size_t)(slash - rest) : strlen(rest);
    if (n == 0 || n >= cap)
        return -1;
    memcpy(ref, rest, n);
    ref[n] = '\0';
    *tail = slash ? slash : "";
    return 0;
}

static int is(const api_call *a, const char *m) { return !strcmp(a->method, m); }

static enum MHD_Result route_document(api_call *a, const char *rest)
{
    char ref[256];
    const char *tail;
    if (split_ref(rest, ref, sizeof ref, &tail) < 0)
        return serve_error(a->conn, MHD_HTTP_NOT_FOUND, "no such document");
    long long id;
    int err = pct_store_resolve(a->store, ref, &id);
    if (err < 0)
        return lib_error(a, err);
    if (!*tail && is(a, "GET"))
        return show_document(a, id);
    if (!*tail && is(a, "DELETE"))
        return remove_document(a, id);
    if (!strcmp(tail, "/raw") && is(a, "GET"))
        return raw_document(a, id);
    if (!strcmp(tail, "/tree") && is(a, "GET"))
        return tree_document(a, id);
    if (!strcmp(tail, "/text") && is(a, "GET"))
        return text_document(a, id);
    return serve_error(a->conn, MHD_HTTP_NOT_FOUND, "no such resource");
}

enum MHD_Result api_handle(api_call *a)
{
    const char *p = a->path;
    if (!strcmp(p, "/stats") && is(a, "GET"))
        return stats(a);
    if (!strcmp(p, "/documents") || !strcmp(p, "/documents/")) {
        if (is(a, "GET"))
            return list_documents(a);
        if (is(a, "POST"))
            return upload(a);
        return serve_error(a->conn, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed");
    }
    if (!strncmp(p, "/documents/", 11))
        return route_document(a, p + 11);
    if (!strncmp(p, "/families/", 10) && is(a, "GET")) {
        char *end;
        long long fam = strtoll(p + 10, &end, 10);
        if (*end || fam <= 0)
            return serve_error(a->conn, MHD_HTTP_NOT_FOUND, "no such family");
        return show_family(a, fam);
    }
    if (!strcmp(p, "/findings") && is(a, "GET"))
        return all_findings(a);
    if (!strcmp(p, "/due") && is(a, "GET"))
        return due(a);
    if (!strcmp(p, "/search") && is(a, "GET"))
        return search(a);
    return serve_error(a->conn, MHD_HTTP_NOT_FOUND, "no such API route");
}
