/*
 * read.h - the format readers: from HTML, DOCX and PDF bytes to the plain
 * text the line layer reads, laid out as an EDGAR .txt would be (block
 * elements and paragraphs on their own lines, table cells apart by a wide
 * gap, pages apart by a form feed).
 *
 * Detection is by content, never by file name (pct_read__detect). Each
 * reader fills a pct_source (internal.h) as pct_source__decode does for
 * text:
 *  - HTML: the text carries a linear offset map back to the file, so every
 *    span counts in the HTML file's own bytes;
 *  - DOCX, PDF: the file's bytes are compressed, so spans count in the
 *    extracted text: src->orig == src->text, and src->file keeps the file.
 */
#ifndef PCT_READ_H
#define PCT_READ_H

#include "internal.h"

#define PCT_READ_SNIFF 4096 /* bytes examined to tell an EDGAR HTML submission from text */

/* The format of [data, data+len) by its first bytes: "%PDF" is PDF, a ZIP
 * naming word/document.xml is DOCX, "<!DOCTYPE html", "<html", "<head>",
 * "<body" (or an EDGAR <DOCUMENT>/<TEXT> header, an XML declaration or a
 * comment, followed by HTML tags) is HTML, the rest text. */
pct_format pct_read__detect(const char *data, size_t len);

/* The name of a format: "text", "html", "docx", "pdf". */
const char *pct_read__format_name(pct_format f);

/* Turns src (decoded text of an HTML file, as pct_source__decode left it)
 * into its readable text, composing the offset map. PCT_EINVALID when the
 * HTML holds no text. */
int pct_read__html(pct_source *src, pct_ctx *ctx, pct_arena *a, const char *name);

/* Reads a Word file's body text. PCT_EINVALID with a message for a ZIP that
 * is not a Word file, a damaged or truncated one, or one without text. */
int pct_read__docx(pct_source *src, pct_ctx *ctx, pct_arena *a, const char *name,
                   const char *data, size_t len);

/* Reads a PDF's text layer, page by page. PCT_EINVALID with a message for a
 * damaged or encrypted PDF, or one without a text layer. */
int pct_read__pdf(pct_source *src, pct_ctx *ctx, pct_arena *a, const char *name,
                  const char *data, size_t len);

/* Shared by the DOCX and PDF readers: src takes `text` (UTF-8, len bytes,
 * already in the arena) as the bytes spans count in, and a copy of the file. */
int pct_read__set_text(pct_source *src, pct_ctx *ctx, pct_arena *a, const char *name,
                       pct_format f, const char *text, size_t len, const char *data,
                       size_t data_len);

#endif
