/*
 * jsonw.c - the streaming JSON writer (see jsonw.h).
 */
#include "jsonw.h"

#include <string.h>

void pct_jw__init(pct_jw *w, pct_sink sink, void *ud, int pretty)
{
    memset(w, 0, sizeof *w);
    w->sink = sink;
    w->ud = ud;
    w->pretty = pretty;
    w->first[0] = 1;
}

static void flush(pct_jw *w)
{
    if (w->len && !w->err && w->sink(w->buf, w->len, w->ud) != 0)
        w->err = PCT_EIO;
    w->len = 0;
}

static void put(pct_jw *w, const char *s, size_t n)
{
    if (w->err)
        return;
    if (n <= JW_BUF - w->len) { /* the usual case: a few bytes that fit */
        memcpy(w->buf + w->len, s, n);
        w->len += n;
        return;
    }
    while (n) {
        if (w->len == JW_BUF)
            flush(w);
        size_t k = JW_BUF - w->len < n ? JW_BUF - w->len : n;
        memcpy(w->buf + w->len, s, k);
        w->len += k;
        s += k;
        n -= k;
    }
}

static void putc_(pct_jw *w, char c)
{
    if (w->err)
        return;
    if (w->len == JW_BUF)
        flush(w);
    w->buf[w->len++] = c;
}

static void newline(pct_jw *w)
{
    if (!w->pretty)
        return;
    putc_(w, '\n');
    for (int i = 0; i < w->depth; i++)
        put(w, "  ", 2);
}

/* Before a value or key: a comma unless first at this level. After a key
 * (first == 2) nothing is written. */
static void sep(pct_jw *w)
{
    uint8_t *f = &w->first[w->depth];
    if (*f == 2) {
        *f = 0;
        return;
    }
    if (!*f && w->depth > 0) /* top level: one value (and a trailing newline) */
        putc_(w, ',');
    *f = 0;
    if (w->depth > 0)
        newline(w);
}

static void open_(pct_jw *w, char c)
{
    sep(w);
    putc_(w, c);
    if (w->depth + 1 < JW_DEPTH_MAX)
        w->depth++;
    w->first[w->depth] = 1;
}

static void close_(pct_jw *w, char c)
{
    int empty = w->first[w->depth] == 1;
    if (w->depth > 0)
        w->depth--;
    if (!empty)
        newline(w);
    putc_(w, c);
}

void pct_jw__obj(pct_jw *w) { open_(w, '{'); }
void pct_jw__obj_end(pct_jw *w) { close_(w, '}'); }
void pct_jw__arr(pct_jw *w) { open_(w, '['); }
void pct_jw__arr_end(pct_jw *w) { close_(w, ']'); }

/* Bytes a JSON string holds as they are: printable ASCII but the quote and
 * the backslash. A table built at compile time: every byte written goes
 * through it. */
#define JW_PLAIN(c) ((c) >= 0x20 && (c) < 0x80 && (c) != '"' && (c) != '\\')
#define JW_PLAIN4(c) JW_PLAIN(c), JW_PLAIN((c) + 1), JW_PLAIN((c) + 2), JW_PLAIN((c) + 3)
#define JW_PLAIN16(c) JW_PLAIN4(c), JW_PLAIN4((c) + 4), JW_PLAIN4((c) + 8), JW_PLAIN4((c) + 12)
#define JW_PLAIN64(c)                                                                          \
    JW_PLAIN16(c), JW_PLAIN16((c) + 16), JW_PLAIN16((c) + 32), JW_PLAIN16((c) + 48)
static const unsigned char jw_plain[256] = {JW_PLAIN64(0), JW_PLAIN64(64), JW_PLAIN64(128),
                                            JW_PLAIN64(192)};

static void escaped(pct_jw *w, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    size_t run = 0;
    putc_(w, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (jw_plain[c]) {
            run++;
            continue;
        }
        put(w, (const char *)p + i - run, run);
        run = 0;
        if (c >= 0x80) {
            /* validate the UTF-8 sequence; replace a bad one with U+FFFD */
            size_t k = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
            int ok = k && k <= 4 && c < 0xf5 && i + k <= n;
            for (size_t j = 1; ok && j < k; j++)
                ok = (p[i + j] & 0xc0) == 0x80;
            if (ok) {
                put(w, (const char *)p + i, k);
                i += k - 1;
            } else {
                put(w, "\xef\xbf\xbd", 3);
            }
            continue;
        }
        char e[7];
        switch (c) {
        case '"': put(w, "\\\"", 2); break;
        case '\\': put(w, "\\\\", 2); break;
        case '\n': put(w, "\\n", 2); break;
        case '\r': put(w, "\\r", 2); break;
        case '\t': put(w, "\\t", 2); break;
        default:
            e[0] = '\\', e[1] = 'u', e[2] = '0', e[3] = '0', e[4] = hex[c >> 4], e[5] = hex[c & 15];
            put(w, e, 6);
        }
    }
    put(w, (const char *)p + n - run, run);
    putc_(w, '"');
}

void pct_jw__key(pct_jw *w, const char *key)
{
    sep(w);
    escaped(w, key, strlen(key));
    put(w, w->pretty ? ": " : ":", w->pretty ? 2 : 1);
    w->first[w->depth] = 2;
}

void pct_jw__strn(pct_jw *w, const char *s, size_t n)
{
    sep(w);
    escaped(w, s, n);
}

void pct_jw__str(pct_jw *w, const char *s)
{
    if (!s)
        pct_jw__null(w);
    else
        pct_jw__strn(w, s, strlen(s));
}

/* Decimal digits of v written backwards ending at end; returns the first.
 * (snprintf costs several times more, and the tree writes four numbers a
 * node.) */
static char *digits(char *end, unsigned long long v)
{
    do
        *--end = (char)('0' + v % 10);
    while (v /= 10);
    return end;
}

void pct_jw__int(pct_jw *w, long long v)
{
    char b[32], *end = b + sizeof b;
    char *p = digits(end, v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v);
    if (v < 0)
        *--p = '-';
    sep(w);
    put(w, p, (size_t)(end - p));
}

void pct_jw__bool(pct_jw *w, int v)
{
    sep(w);
    put(w, v ? "true" : "false", v ? 4 : 5);
}

void pct_jw__null(pct_jw *w)
{
    sep(w);
    put(w, "null", 4);
}

void pct_jw__raw(pct_jw *w, const char *s, size_t n)
{
    sep(w);
    put(w, s, n);
}

/* Compact output drops the spaces inside the span as well. The span is
 * built backwards from its closing brace. */
void pct_jw__span(pct_jw *w, pct_span s)
{
    static const char start_p[] = "{\"start\": ", end_p[] = ", \"end\": ";
    static const char start_c[] = "{\"start\":", end_c[] = ",\"end\":";
    const char *sk = w->pretty ? start_p : start_c, *ek = w->pretty ? end_p : end_c;
    size_t skn = w->pretty ? sizeof start_p - 1 : sizeof start_c - 1;
    size_t ekn = w->pretty ? sizeof end_p - 1 : sizeof end_c - 1;
    char b[96], *end = b + sizeof b, *p = end;
    *--p = '}';
    p = digits(p, s.end) - ekn;
    memcpy(p, ek, ekn);
    p = digits(p, s.start) - skn;
    memcpy(p, sk, skn);
    sep(w);
    put(w, p, (size_t)(end - p));
}

void pct_jw__kstr(pct_jw *w, const char *k, const char *s) { pct_jw__key(w, k), pct_jw__str(w, s); }
void pct_jw__kint(pct_jw *w, const char *k, long long v) { pct_jw__key(w, k), pct_jw__int(w, v); }
void pct_jw__kbool(pct_jw *w, const char *k, int v) { pct_jw__key(w, k), pct_jw__bool(w, v); }
void pct_jw__kspan(pct_jw *w, const char *k, pct_span s) { pct_jw__key(w, k), pct_jw__span(w, s); }

int pct_jw__end(pct_jw *w)
{
    flush(w);
    return w->err;
}
