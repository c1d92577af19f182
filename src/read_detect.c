/*
 * read_detect.c - which reader a file needs, by its first bytes, and the
 * hand-over of an extracted text (DOCX, PDF) to the pct_source.
 *
 * Approach: a few byte compares at the start of the file, and at most one
 * search of its first PCT_READ_SNIFF bytes (EDGAR headers) or of a ZIP's
 * bytes for the name word/document.xml. Plain text pays one compare of its
 * first non-blank byte against '<', '%' and 'P'.
 *
 * Invariant: detection never fails; a wrong guess is caught by the reader,
 * which refuses with a message (a ZIP that is not a Word file, say).
 */
#include "read.h"

#include <string.h>

#define DOCX_PART "word/document.xml"

/* Case-insensitive prefix test of s (n bytes) against lit. */
static int starts_ci(const char *s, size_t n, const char *lit)
{
    return pct__prefix_ci(s, n, lit) != 0;
}

/* A ZIP (local file header signature) that names word/document.xml: the
 * names are stored uncompressed in the headers and the central directory. */
static int zip_has_docx_part(const char *d, size_t n)
{
    static const char part[] = DOCX_PART;
    size_t k = sizeof part - 1;
    for (const char *p = d, *end = d + n; (size_t)(end - p) >= k;) {
        const char *q = memchr(p, 'w', (size_t)(end - p) - k + 1);
        if (!q)
            return 0;
        if (!memcmp(q, part, k))
            return 1;
        p = q + 1;
    }
    return 0;
}

/* After an EDGAR <DOCUMENT> or <TEXT> header, or an XML declaration: HTML
 * tags among the first PCT_READ_SNIFF bytes. */
static int html_within(const char *s, size_t n)
{
    static const char *const tags[] = {"<html", "<body", "<div", "<table", "<font", "<p>",
                                       "<p ",   "<br",   "<!doctype html", NULL};
    return pct__has_any_ci(s, n < PCT_READ_SNIFF ? n : PCT_READ_SNIFF, tags);
}

pct_format pct_read__detect(const char *data, size_t len)
{
    const unsigned char *d = (const unsigned char *)data;
    if (len >= 4 && !memcmp(d, "%PDF", 4))
        return PCT_FMT_PDF;
    if (len >= 4 && !memcmp(d, "PK\x03\x04", 4))
        return zip_has_docx_part(data, len) ? PCT_FMT_DOCX : PCT_FMT_TEXT;
    size_t i = (len >= 3 && !memcmp(d, "\xef\xbb\xbf", 3)) ? 3 : 0;
    while (i < len && pct__is_space(d[i]))
        i++;
    if (i >= len || d[i] != '<')
        return PCT_FMT_TEXT;
    const char *s = data + i;
    size_t n = len - i;
    if (starts_ci(s, n, "<!doctype html") || starts_ci(s, n, "<html") ||
        starts_ci(s, n, "<head>") || starts_ci(s, n, "<body"))
        return PCT_FMT_HTML;
    /* an EDGAR header, an XML declaration or a comment before the HTML */
    if ((starts_ci(s, n, "<document>") || starts_ci(s, n, "<text>") || starts_ci(s, n, "<?xml") ||
         starts_ci(s, n, "<!--")) &&
        html_within(s, n))
        return PCT_FMT_HTML;
    return PCT_FMT_TEXT;
}

const char *pct_read__format_name(pct_format f)
{
    switch (f) {
    case PCT_FMT_HTML:
        return "html";
    case PCT_FMT_DOCX:
        return "docx";
    case PCT_FMT_PDF:
        return "pdf";
    default:
        return "text";
    }
}

int pct_read__set_text(pct_source *src, pct_ctx *ctx, pct_arena *a, const char *name,
                       pct_format f, const char *text, size_t len, const char *data,
                       size_t data_len)
{
    size_t ink = 0;
    while (ink < len && pct__is_space((unsigned char)text[ink]))
        ink++;
    if (ink == len)
        return pct__err(ctx, PCT_EINVALID, "%s: %s", name,
                        f == PCT_FMT_PDF ? "a PDF without a text layer (a scanned image?): "
                                           "run OCR on it first"
                                         : "a Word document without any text");
    char *file = pct_arena__strndup(a, data, data_len); /* (binary: a byte copy) */
    if (!file)
        return pct__err(ctx, PCT_ENOMEM, "%s: out of memory", name);
    src->orig = text;
    src->orig_len = len;
    src->text = text;
    src->len = len;
    src->enc = PCT_ENC_UTF8;
    src->format = f;
    src->file = file;
    src->file_len = data_len;
    return 0;
}
