/*
 * api.h - the JSON API of `pactum serve`, and a small string buffer used to
 * build responses.
 */
#ifndef PCT_SERVE_API_H
#define PCT_SERVE_API_H

#include <microhttpd.h>
#include <pactum.h>
#include <stddef.h>

typedef struct sbuf {
    char *data;
    size_t len, cap;
    int failed;
} sbuf;

int sbuf_put(sbuf *b, const char *s, size_t n);
int sbuf_puts(sbuf *b, const char *s);
int sbuf_printf(sbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void sbuf_json_str(sbuf *b, const char *s); /* a JSON string literal, or null */
void sbuf_free(sbuf *b);
int sbuf_sink(const char *data, size_t len, void *ud); /* a pct_sink into an sbuf */

typedef struct api_call {
    struct MHD_Connection *conn;
    pct_ctx *ctx;
    pct_store *store;
    const char *path;   /* after "/api": "/documents/12" */
    const char *method;
    const char *body;   /* uploaded bytes (POST) */
    size_t body_len;
} api_call;

enum MHD_Result api_handle(api_call *call);

/* Shared with server.c */
enum MHD_Result serve_respond(struct MHD_Connection *c, unsigned status, const char *mime,
                              const void *data, size_t len, int copy);
enum MHD_Result serve_error(struct MHD_Connection *c, unsigned status, const char *msg);

#endif
