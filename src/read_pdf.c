/*
 * read_pdf.c - a PDF's text layer, page by page.
 *
 * Approach: poppler-glib opens the bytes in place (a static GBytes over the
 * caller's buffer) and gives each page's text in reading order
 * (poppler_page_get_text); pages are joined with a form feed, which the line
 * layer reads as a page break, and each page ends its last line. Paragraph
 * breaks, which poppler's text does not keep, come back from the glyph
 * boxes (put_page).
 *
 * Errors: an encrypted PDF (one that needs a password) and a damaged one are
 * refused with PCT_EINVALID and a message naming the problem; a PDF without
 * any text (a scan) is refused too, asking for OCR. Poppler's own warnings
 * go through GLib's log under the "Poppler" domain; a handler installed
 * once drops them, so nothing is printed on stderr.
 *
 * Threads: poppler's global state is not safe to set up from several
 * threads at once (store workers parse in parallel), so PDF reading is
 * serialised by one mutex.
 *
 * Offsets: the file's streams are compressed, so spans count in the text
 * made here (src->orig == src->text), which `pactum parse --format text`
 * prints.
 */
#include "read.h"

#include <poppler.h>
#include <float.h>
#include <pthread.h>
#include <string.h>

#define PDF_PARA_GAP 0.6 /* a vertical gap of this many line heights parts paragraphs */

static pthread_once_t pdf_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t pdf_lock = PTHREAD_MUTEX_INITIALIZER;

static void drop_log(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer ud)
{
    (void)domain, (void)level, (void)msg, (void)ud;
}

static void pdf_init(void)
{
    g_log_set_handler("Poppler", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION,
                      drop_log, NULL);
}

/* Vertical extent of the code points [k, k + m) of a page's text. */
static void extent(const PopplerRectangle *r, size_t k, size_t m, double *top, double *bottom)
{
    *top = DBL_MAX;
    *bottom = -DBL_MAX;
    for (size_t j = k; j < k + m; j++) {
        double y1 = r[j].y1 < r[j].y2 ? r[j].y1 : r[j].y2;
        double y2 = r[j].y1 < r[j].y2 ? r[j].y2 : r[j].y1;
        if (y2 - y1 <= 0)
            continue; /* spaces poppler adds have no box */
        *top = y1 < *top ? y1 : *top;
        *bottom = y2 > *bottom ? y2 : *bottom;
    }
}

static size_t code_points(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Appends a page's text (UTF-8 from poppler, NUL-free as a C string), line
 * by line: stray control bytes become spaces, the last line is ended, and
 * where the glyph boxes (poppler_page_get_text_layout, one per character)
 * show a vertical gap of more than PDF_PARA_GAP line heights between two
 * lines, a blank line goes between them, as between paragraphs of a .txt
 * filing (poppler's text has none). Without a layout that matches the text
 * the lines are kept as they are. */
static void put_page(pct_buf *b, PopplerPage *page, const char *t)
{
    size_t n = strlen(t), cps = code_points(t, n), nls = 0;
    for (size_t i = 0; i < n; i++)
        nls += t[i] == '\n';
    PopplerRectangle *r = NULL;
    guint nr = 0;
    int layout = poppler_page_get_text_layout(page, &r, &nr);
    /* one box per character, with or without boxes for the line ends */
    int nl_boxed = layout && nr == cps;
    if (!(layout && (nl_boxed || nr + nls == cps)))
        layout = 0;
    size_t ci = 0;
    double prev_bottom = 0, prev_h = 0;
    int prev = 0;
    for (size_t i = 0; i < n;) {
        size_t e = i;
        while (e < n && t[e] != '\n')
            e++;
        size_t m = code_points(t + i, e - i);
        if (layout && m) {
            double top, bottom;
            extent(r, ci, m, &top, &bottom);
            if (bottom > top) {
                if (prev && top - prev_bottom > PDF_PARA_GAP * prev_h)
                    pct_buf__putc(b, '\n');
                prev = 1;
                prev_bottom = bottom;
                prev_h = bottom - top;
            }
        }
        size_t start = b->len;
        pct_buf__put(b, t + i, e - i);
        pct_buf__putc(b, '\n');
        if (b->failed)
            break;
        for (size_t k = start; k < b->len; k++) {
            unsigned char c = (unsigned char)b->data[k];
            if (c < 0x20 && c != '\n' && c != '\t' && c != '\f')
                b->data[k] = ' ';
        }
        ci += m + (size_t)(nl_boxed && e < n);
        i = e + 1;
    }
    g_free(r);
}

int pct_read__pdf(pct_source *src, pct_ctx *ctx, pct_arena *a, const char *name,
                  const char *data, size_t len)
{
    int err = 0;
    pct_buf b;
    pct_buf__init(&b, ctx);
    pthread_once(&pdf_once, pdf_init);
    pthread_mutex_lock(&pdf_lock);
    GError *ge = NULL;
    GBytes *bytes = g_bytes_new_static(data, len);
    PopplerDocument *pd = poppler_document_new_from_bytes(bytes, NULL, &ge);
    if (!pd) {
        if (ge && ge->domain == POPPLER_ERROR && ge->code == POPPLER_ERROR_ENCRYPTED)
            err = pct__err(ctx, PCT_EINVALID, "%s: an encrypted PDF: it needs a password "
                           "(save an unencrypted copy)", name);
        else
            err = pct__err(ctx, PCT_EINVALID, "%s: a damaged PDF (%s)", name,
                           ge && ge->message ? ge->message : "poppler cannot open it");
        goto done;
    }
    int pages = poppler_document_get_n_pages(pd);
    if (pages <= 0) {
        err = pct__err(ctx, PCT_EINVALID, "%s: a damaged PDF (no pages)", name);
        goto done;
    }
    for (int i = 0; i < pages && !b.failed; i++) {
        PopplerPage *page = poppler_document_get_page(pd, i);
        if (!page)
            continue;
        char *t = poppler_page_get_text(page);
        if (i > 0)
            pct_buf__putc(&b, '\f');
        if (t)
            put_page(&b, page, t);
        g_free(t);
        g_object_unref(page);
    }
    if (b.failed) {
        err = pct__err(ctx, PCT_ENOMEM, "%s: out of memory", name);
        goto done;
    }
    char *text = pct_arena__alloc(a, b.len + 1);
    if (!text) {
        err = pct__err(ctx, PCT_ENOMEM, "%s: out of memory", name);
        goto done;
    }
    if (b.len)
        memcpy(text, b.data, b.len);
    err = pct_read__set_text(src, ctx, a, name, PCT_FMT_PDF, text, b.len, data, len);
done:
    if (pd)
        g_object_unref(pd);
    g_bytes_unref(bytes);
    if (ge)
        g_error_free(ge);
    pthread_mutex_unlock(&pdf_lock);
    pct_buf__free(&b);
    return err;
}
