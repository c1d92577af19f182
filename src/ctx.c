/*
 * ctx.c - the context: the allocator table with its byte counters, and the
 * error message of the last failed call (SQLite style, no global state).
 *
 * Sizes are passed back to pct__free()/pct__realloc() by the callers, so the
 * counters need no per-block header and stay exact.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *std_malloc(size_t size, void *ud)
{
    (void)ud;
    return malloc(size);
}
static void *std_realloc(void *ptr, size_t size, void *ud)
{
    (void)ud;
    return realloc(ptr, size);
}
static void std_free(void *ptr, void *ud)
{
    (void)ud;
    free(ptr);
}

pct_ctx *pct_ctx_new(const pct_allocator *alloc)
{
    pct_allocator a = {std_malloc, std_realloc, std_free, NULL};
    if (alloc)
        a = *alloc;
    pct_ctx *ctx = a.malloc(sizeof *ctx, a.ud);
    if (!ctx)
        return NULL;
    memset(ctx, 0, sizeof *ctx);
    ctx->alloc = a;
    ctx->erroff = -1;
    return ctx;
}

void pct_ctx_free(pct_ctx *ctx)
{
    if (!ctx)
        return;
    ctx->alloc.free(ctx, ctx->alloc.ud);
}

const char *pct_errmsg(const pct_ctx *ctx) { return ctx ? ctx->errmsg : "no context"; }
long long pct_error_offset(const pct_ctx *ctx) { return ctx ? ctx->erroff : -1; }
size_t pct_mem_current(const pct_ctx *ctx) { return ctx->mem_current; }
size_t pct_mem_peak(const pct_ctx *ctx) { return ctx->mem_peak; }

void *pct__malloc(pct_ctx *ctx, size_t size)
{
    void *p = ctx->alloc.malloc(size ? size : 1, ctx->alloc.ud);
    if (p) {
        ctx->mem_current += size;
        if (ctx->mem_current > ctx->mem_peak)
            ctx->mem_peak = ctx->mem_current;
    }
    return p;
}

void *pct__calloc(pct_ctx *ctx, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    void *p = pct__malloc(ctx, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

void *pct__realloc(pct_ctx *ctx, void *ptr, size_t old_size, size_t new_size)
{
    if (!ptr)
        return pct__malloc(ctx, new_size);
    void *p = ctx->alloc.realloc(ptr, new_size ? new_size : 1, ctx->alloc.ud);
    if (p) {
        ctx->mem_current = ctx->mem_current - old_size + new_size;
        if (ctx->mem_current > ctx->mem_peak)
            ctx->mem_peak = ctx->mem_current;
    }
    return p;
}

void pct__free(pct_ctx *ctx, void *ptr, size_t size)
{
    if (!ptr)
        return;
    ctx->mem_current -= size;
    ctx->alloc.free(ptr, ctx->alloc.ud);
}

int pct__err(pct_ctx *ctx, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->errmsg, sizeof ctx->errmsg, fmt, ap);
    va_end(ap);
    ctx->erroff = -1;
    return code;
}

void pct__clear_err(pct_ctx *ctx)
{
    ctx->errmsg[0] = '\0';
    ctx->erroff = -1;
}
