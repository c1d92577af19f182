/*
 * source.c - from the caller's bytes to UTF-8 text with an offset map.
 *
 * Input is UTF-8 (with or without BOM) or, when it is not valid UTF-8,
 * Windows-1252 (a superset of Latin-1 for printable text). Valid UTF-8
 * is used in place: the text is the original bytes after the BOM, and
 * offsets differ by a constant. Windows-1252 is transcoded byte by byte;
 * each non-ASCII byte becomes 2 or 3 UTF-8 bytes and adds a map entry (and
 * one more where ASCII resumes after it), so the map is sorted and holds at
 * most 2 entries per non-ASCII input byte.
 *
 * Line ends (LF, CRLF, CR) and form feeds are kept as they are; the line
 * layer understands all of them, so no offset shifts come from them.
 *
 * Other formats are told by content (read_detect.c): PDF and Word files go
 * to their readers (read_pdf.c, read_docx.c) before any decoding; HTML is
 * decoded here like text, then read_html.c turns it into text with a map
 * composed over this one.
 *
 * Non-text input (NUL bytes, ZIP/ELF/gzip signatures, UTF-16) is
 * refused with PCT_EINVALID and a message naming what it looks like.
 */
#include "internal.h"
#include "read.h"

#include <string.h>
#include <utf8proc.h>

#define SNIFF_BYTES 8192 /* bytes examined for NULs: binaries show them early */

/* Windows-1252 0x80..0x9F; 0 marks the five undefined bytes, read as Latin-1 C1. */
static const uint16_t cp1252_hi[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

static const char *sniff_binary(const unsigned char *d, size_t n)
{
    if (n >= 4 && memcmp(d, "PK\x03\x04", 4) == 0)
        return "a ZIP archive without word/document.xml, so not a Word document";
    if (n >= 4 && memcmp(d, "\x7f" "ELF", 4) == 0)
        return "an ELF executable, not text";
    if (n >= 2 && d[0] == 0x1f && d[1] == 0x8b)
        return "gzip-compressed data, not text";
    if (n >= 2 && ((d[0] == 0xff && d[1] == 0xfe) || (d[0] == 0xfe && d[1] == 0xff)))
        return "UTF-16 text, which is not supported (convert it to UTF-8)";
    size_t lim = n < SNIFF_BYTES ? n : SNIFF_BYTES;
    if (memchr(d, 0, lim))
        return "binary data (it contains NUL bytes), not text";
    return NULL;
}

#if defined(__SSE2__)
#include <emmintrin.h>
#define ASCII_BLOCK 16 /* bytes per SSE2 test */

/* Bytes from i on that are ASCII without NUL, in whole blocks: one SSE2
 * compare and one mask per 16 bytes (part of every x86-64). */
static size_t ascii_run(const unsigned char *d, size_t n, size_t i)
{
    const __m128i zero = _mm_setzero_si128();
    while (n - i >= ASCII_BLOCK) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(d + i));
        /* the sign bits are the non-ASCII bytes; the compare finds NULs */
        if (_mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, zero))))
            break;
        i += ASCII_BLOCK;
    }
    return i;
}
#else
#define ascii_run(d, n, i) (i)
#endif

/* Returns 1 when [d, d+n) is valid UTF-8. ASCII runs are skipped quickly
 * (ascii_run, then eight bytes at a time); multi-byte sequences are checked
 * by utf8proc. */
static int valid_utf8(const unsigned char *d, size_t n)
{
    size_t i = 0;
    while (i < n) {
        i = ascii_run(d, n, i);
        /* eight ASCII bytes without NUL at a time */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, d + i, 8);
            uint64_t high = w & 0x8080808080808080ull;
            uint64_t zero = (w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull;
            if (high | zero)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        if (d[i] < 0x80) {
            if (d[i] == 0)
                return 0;
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        size_t left = n - i;
        utf8proc_ssize_t k = utf8proc_iterate(d + i, left > 4 ? 4 : (utf8proc_ssize_t)left, &cp);
        if (k <= 0)
            return 0;
        i += (size_t)k;
    }
    return 1;
}

static int decode_cp1252(pct_source *src, pct_ctx *ctx, pct_arena *a,
                         const unsigned char *d, size_t n)
{
    size_t extra = 0, nonascii = 0;
    for (size_t i = 0; i < n; i++)
        if (d[i] >= 0x80) {
            nonascii++;
            extra += 2; /* at most 3 bytes out */
        }
    char *out = pct_arena__alloc(a, n + extra + 1);
    /* one entry per non-ASCII character and one where ASCII resumes after it */
    pct_offmap *map = pct_arena__alloc(a, (2 * nonascii + 1) * sizeof *map);
    if (!out || !map)
        return pct__err(ctx, PCT_ENOMEM, "out of memory");
    size_t o = 0, m = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = d[i];
        if (c < 0x80) {
            out[o++] = (char)(c ? c : ' ');
            continue;
        }
        utf8proc_int32_t cp = (c >= 0x80 && c < 0xa0 && cp1252_hi[c - 0x80]) ? cp1252_hi[c - 0x80]
                                                                             : (utf8proc_int32_t)c;
        /* The character's bytes [o, o+k) all map to original byte i; the next
         * ASCII byte resumes the identity delta. */
        map[m].text = o;
        map[m].orig = i;
        m++;
        o += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out + o);
        if (i + 1 < n && d[i + 1] < 0x80) {
            map[m].text = o;
            map[m].orig = i + 1;
            m++;
        }
    }
    out[o] = '\0';
    src->text = out;
    src->len = o;
    src->map = map;
    src->nmap = m;
    return 0;
}

int pct_source__decode(pct_source *src, pct_ctx *ctx, pct_arena *a, const char *name,
                       const char *data, size_t len)
{
    const unsigned char *d = (const unsigned char *)data;
    memset(src, 0, sizeof *src);
    if (!name)
        name = "<input>";
    if (len == 0)
        return pct__err(ctx, PCT_EINVALID, "%s: empty file", name);
    pct_format fmt = pct_read__detect(data, len);
    if (fmt == PCT_FMT_PDF)
        return pct_read__pdf(src, ctx, a, name, data, len);
    if (fmt == PCT_FMT_DOCX)
        return pct_read__docx(src, ctx, a, name, data, len);
    const char *why = sniff_binary(d, len);
    if (why)
        return pct__err(ctx, PCT_EINVALID, "%s: %s", name, why);

    char *copy = pct_arena__strndup(a, data, len);
    if (!copy)
        return pct__err(ctx, PCT_ENOMEM, "%s: out of memory", name);
    src->orig = copy;
    src->orig_len = len;
    src->file = copy;
    src->file_len = len;

    size_t bom = (len >= 3 && memcmp(d, "\xef\xbb\xbf", 3) == 0) ? 3 : 0;
    if (valid_utf8(d + bom, len - bom)) {
        src->enc = bom ? PCT_ENC_UTF8_BOM : PCT_ENC_UTF8;
        src->text = copy + bom;
        src->len = len - bom;
        src->shift = bom;
    } else {
        /* NULs past the sniffed prefix are tolerated: cp1252 decoding turns them
         * into spaces so the text stays a C string internally. */
        src->enc = PCT_ENC_CP1252;
        int err = decode_cp1252(src, ctx, a, d, len);
        if (err < 0)
            return err;
    }
    return fmt == PCT_FMT_HTML ? pct_read__html(src, ctx, a, name) : 0;
}

uint32_t pct_source__cp1252(unsigned char c)
{
    if (c >= 0x80 && c < 0xa0 && cp1252_hi[c - 0x80])
        return cp1252_hi[c - 0x80];
    return c;
}

size_t pct_source__to_orig(const pct_source *src, size_t t)
{
    if (!src->map)
        return t + src->shift;
    if (t >= src->len)
        return src->orig_len;
    /* Last map entry with .text <= t. Before the first entry the delta is 0. */
    size_t lo = 0, hi = src->nmap;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (src->map[mid].text <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return t;
    const pct_offmap *e = &src->map[lo - 1];
    /* Inside a multi-byte character every byte maps to its one source byte;
     * after an ASCII resume entry the delta is constant. */
    size_t delta = t - e->text;
    const unsigned char *tx = (const unsigned char *)src->text;
    if (!src->linear && tx[e->text] >= 0x80)
        return e->orig; /* within the transcoded character */
    return e->orig + delta;
}
