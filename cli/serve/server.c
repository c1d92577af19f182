/*
 * server.c - `pactum serve`: libmicrohttpd with a pool of worker threads, a
 * small router, the JSON API (api.c) and the embedded UI (assets.h).
 *
 * Security model: binds to 127.0.0.1 unless told otherwise; any other
 * address requires a token, checked in constant time on every request
 * (Authorization: Bearer, the pactum_token cookie, or ?token= which also
 * sets the cookie). Request line and headers are limited by the
 * connection memory limit (MHD answers 431/414 itself); uploads are limited
 * to SERVE_UPLOAD_MAX bytes and answered 413 beyond. Static routes are an
 * exact-match table of compiled-in assets: no file system is ever touched,
 * so no path can traverse. Every error is a JSON body with its status.
 *
 * Each worker thread borrows a store handle from a pool for the duration
 * of one request (SQLite connections are not shared between threads).
 */
#define _POSIX_C_SOURCE 200809L
#include "server.h"
#include "api.h"
#include "assets.h"
#include "../cli.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* --------------------------------------------------------- store pool */

typedef struct pool_slot {
    pct_ctx *ctx;
    pct_store *store;
    int busy;
} pool_slot;

static struct {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    pool_slot slot[SERVE_THREADS];
    const char *db;
} pool = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, {{0}}, NULL};

/* Borrows a store handle, opening it on first use. Returns NULL and fills
 * `err` when the store cannot be opened. */
static pool_slot *pool_get(char *err, size_t errlen)
{
    pthread_mutex_lock(&pool.lock);
    pool_slot *s = NULL;
    for (;;) {
        for (int i = 0; i < SERVE_THREADS && !s; i++)
            if (!pool.slot[i].busy)
                s = &pool.slot[i];
        if (s)
            break;
        pthread_cond_wait(&pool.freed, &pool.lock);
    }
    s->busy = 1;
    pthread_mutex_unlock(&pool.lock);
    if (!s->ctx)
        s->ctx = pct_ctx_new(NULL);
    if (s->ctx && !s->store && pct_store_open(&s->store, s->ctx, pool.db, 0) < 0) {
        snprintf(err, errlen, "%s", pct_errmsg(s->ctx));
        s->store = NULL;
    }
    if (!s->ctx || !s->store) {
        if (!s->ctx)
            snprintf(err, errlen, "out of memory");
        pthread_mutex_lock(&pool.lock);
        s->busy = 0;
        pthread_cond_signal(&pool.freed);
        pthread_mutex_unlock(&pool.lock);
        return NULL;
    }
    return s;
}

static void pool_put(pool_slot *s)
{
    pthread_mutex_lock(&pool.lock);
    s->busy = 0;
    pthread_cond_signal(&pool.freed);
    pthread_mutex_unlock(&pool.lock);
}

static void pool_close(void)
{
    for (int i = 0; i < SERVE_THREADS; i++) {
        pct_store_close(pool.slot[i].store);
        pct_ctx_free(pool.slot[i].ctx);
        pool.slot[i].store = NULL;
        pool.slot[i].ctx = NULL;
    }
}

/* ----------------------------------------------------------- requests */

typedef struct request {
    char *body;       /* uploaded bytes */
    size_t len, cap;
    int too_big;      /* the upload passed SERVE_UPLOAD_MAX: answered 413 */
    int answered;     /* a response was queued early (auth, 413) */
} request;

static const serve_opts *g_opts;

static void add_common_headers(struct MHD_Response *r)
{
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                            "script-src 'self'; object-src 'none'; frame-ancestors 'none'");
}

enum MHD_Result serve_respond(struct MHD_Connection *c, unsigned status, const char *mime,
                              const void *data, size_t len, int copy)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        len, (void *)data, copy ? MHD_RESPMEM_MUST_COPY : MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", mime);
    add_common_headers(r);
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

enum MHD_Result serve_error(struct MHD_Connection *c, unsigned status, const char *msg)
{
    sbuf b = {0};
    sbuf_puts(&b, "{\"error\": {\"status\": ");
    sbuf_printf(&b, "%u", status);
    sbuf_puts(&b, ", \"message\": ");
    sbuf_json_str(&b, msg);
    sbuf_puts(&b, "}}\n");
    enum MHD_Result r = b.failed ? MHD_NO
                                 : serve_respond(c, status, "application/json", b.data, b.len, 1);
    sbuf_free(&b);
    return r;
}

/* Constant-time comparison of a presented token with the configured one. */
static int token_equal(const char *given, const char *want)
{
    size_t lg = strlen(given), lw = strlen(want);
    unsigned char diff = (unsigned char)(lg != lw);
    for (size_t i = 0; i < lw; i++)
        diff |= (unsigned char)(want[i] ^ (i < lg ? given[i] : 0));
    return diff == 0;
}

/* 1 when the request carries the token; sets *via_query when it came in the URL. */
static int authorised(struct MHD_Connection *c, int *via_query)
{
    const char *want = g_opts->token;
    *via_query = 0;
    if (!want || !*want)
        return 1;
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    if (h && !strncmp(h, "Bearer ", 7) && token_equal(h + 7, want))
        return 1;
    const char *ck = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "pactum_token");
    if (ck && token_equal(ck, want))
        return 1;
    const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token");
    if (q && token_equal(q, want)) {
        *via_query = 1;
        return 1;
    }
    return 0;
}

static const pct_asset *find_asset(const char *url)
{
    if (!strcmp(url, "/"))
        url = "/index.html";
    for (const pct_asset *a = pct_assets; a->path; a++)
        if (!strcmp(a->path, url))
            return a;
    return NULL;
}

static enum MHD_Result serve_asset(struct MHD_Connection *c, const pct_asset *a, int set_cookie)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(a->len, (void *)a->data, MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", a->mime);
    add_common_headers(r);
    if (set_cookie) {
        char cookie[512];
        snprintf(cookie, sizeof cookie, "pactum_token=%s; Path=/; HttpOnly; SameSite=Strict",
                 g_opts->token);
        MHD_add_response_header(r, "Set-Cookie", cookie);
    }
    enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result dispatch(struct MHD_Connection *c, const char *url, const char *method,
                                request *rq, int set_cookie)
{
    if (!strncmp(url, "/api/", 5) || !strcmp(url, "/api")) {
        char err[512] = "";
        pool_slot *s = pool_get(err, sizeof err);
        if (!s)
            return serve_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, err);
        api_call call = {c, s->ctx, s->store, url + 4, method, rq->body, rq->len};
        enum MHD_Result r = api_handle(&call);
        pool_put(s);
        return r;
    }
    if (strcmp(method, "GET") && strcmp(method, "HEAD"))
        return serve_error(c, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed");
    const pct_asset *a = find_asset(url);
    if (!a)
        return serve_error(c, MHD_HTTP_NOT_FOUND, "no such page");
    return serve_asset(c, a, set_cookie);
}

static void log_request(struct MHD_Connection *c, const char *method, const char *url)
{
    if (g_opts->quiet)
        return;
    (void)c;
    time_t now = time(NULL);
    struct tm tm;
    char ts[32];
    gmtime_r(&now, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    fprintf(stderr, "%s %s %s\n", ts, method, url);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **con_cls)
{
    (void)cls, (void)version;
    request *rq = *con_cls;
    if (!rq) {
        rq = calloc(1, sizeof *rq);
        if (!rq)
            return MHD_NO;
        *con_cls = rq;
        int via_query;
        if (!authorised(c, &via_query)) {
            rq->answered = 1;
            return serve_error(c, MHD_HTTP_UNAUTHORIZED, "a valid token is required");
        }
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > SERVE_UPLOAD_MAX) {
            rq->answered = 1;
            return serve_error(c, 413,
                               "upload too large: the limit is 32 MiB per file");
        }
        return MHD_YES;
    }
    if (rq->answered) {
        *upload_size = 0; /* discard the rest of a refused upload */
        return MHD_YES;
    }
    if (*upload_size) {
        size_t n = *upload_size;
        *upload_size = 0;
        if (rq->too_big || rq->len + n > SERVE_UPLOAD_MAX) {
            rq->too_big = 1;
            return MHD_YES;
        }
        if (rq->len + n > rq->cap) {
            size_t cap = rq->cap ? rq->cap : 65536;
            while (cap < rq->len + n)
                cap *= 2;
            char *p = realloc(rq->body, cap);
            if (!p)
                return MHD_NO;
            rq->body = p;
            rq->cap = cap;
        }
        memcpy(rq->body + rq->len, upload, n);
        rq->len += n;
        return MHD_YES;
    }
    log_request(c, method, url);
    if (rq->too_big)
        return serve_error(c, 413,
                           "upload too large: the limit is 32 MiB per file");
    int via_query = 0;
    authorised(c, &via_query);
    return dispatch(c, url, method, rq, via_query);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)c, (void)toe;
    request *rq = *con_cls;
    if (rq) {
        free(rq->body);
        free(rq);
    }
    *con_cls = NULL;
}

int serve_is_loopback(const char *addr)
{
    if (!strcmp(addr, "localhost") || !strcmp(addr, "::1"))
        return 1;
    struct in_addr a4;
    if (inet_pton(AF_INET, addr, &a4) == 1)
        return (ntohl(a4.s_addr) >> 24) == 127;
    return 0;
}

static volatile sig_atomic_t stop_flag;
static void on_signal(int sig) { (void)sig, stop_flag = 1; }

static int make_addr(const serve_opts *o, struct sockaddr_storage *ss, unsigned *flags)
{
    memset(ss, 0, sizeof *ss);
    const char *bind = !strcmp(o->bind, "localhost") ? "127.0.0.1" : o->bind;
    struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, bind, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)o->port);
        return 0;
    }
    if (inet_pton(AF_INET6, bind, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)o->port);
        *flags |= MHD_USE_IPv6;
        return 0;
    }
    return -1;
}

int serve_run(const serve_opts *o)
{
    g_opts = o;
    pool.db = o->db;
    /* open once up front so a bad store is reported before listening */
    char err[512] = "";
    pool_slot *s = pool_get(err, sizeof err);
    if (!s) {
        cli_err("serve: %s", err);
        return EXIT_FAIL;
    }
    pool_put(s);

    struct sockaddr_storage ss;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
    if (make_addr(o, &ss, &flags) < 0) {
        cli_err("serve: --bind %s: not an IP address", o->bind);
        pool_close();
        return EXIT_USAGE;
    }
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, (uint16_t)o->port, NULL, NULL, on_request, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)SERVE_THREADS,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVE_HEADER_MEM,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVE_TIMEOUT,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_END);
    if (!d) {
        cli_err("serve: cannot listen on %s port %u (in use, or not permitted)", o->bind, o->port);
        pool_close();
        return EXIT_FAIL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : o->port;
    fprintf(stderr, "pactum: serving %s on http://%s%s%s:%u/%s\n", o->db,
            strchr(o->bind, ':') ? "[" : "", o->bind, strchr(o->bind, ':') ? "]" : "", port,
            o->token ? " (token required)" : "");
    fflush(stderr);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    while (!stop_flag)
        pause();
    MHD_stop_daemon(d);
    pool_close();
    return EXIT_OK;
}
