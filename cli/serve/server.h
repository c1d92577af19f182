/*
 * server.h - `pactum serve`: an HTTP server (libmicrohttpd) with a JSON API
 * over a portfolio store and the web UI compiled into the binary.
 */
#ifndef PCT_SERVE_SERVER_H
#define PCT_SERVE_SERVER_H

#include <pactum.h>
#include <stddef.h>

#define SERVE_UPLOAD_MAX (32u << 20)     /* bytes of one uploaded file; more is a 413 */
#define SERVE_HEADER_MEM (64u << 10)     /* bytes per connection for the request line and headers */
#define SERVE_THREADS 4                  /* worker threads (and pooled store handles) */
#define SERVE_TIMEOUT 30                 /* seconds a connection may idle */
#define SERVE_LIST_MAX 100000            /* rows of one list response */

typedef struct serve_opts {
    const char *db;      /* store path */
    const char *bind;    /* IPv4 or IPv6 address to listen on */
    unsigned port;
    const char *token;   /* required on every request when set */
    int quiet;           /* no access log */
} serve_opts;

/* Runs the server until SIGINT or SIGTERM. Returns a process exit code. */
int serve_run(const serve_opts *opts);

/* Is `addr` a loopback address (127.0.0.0/8, ::1, localhost)? */
int serve_is_loopback(const char *addr);

#endif
