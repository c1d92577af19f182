/*
 * read_docx.c - a Word (.docx) file's body text, laid out as a .txt filing.
 *
 * Approach: libzip opens the archive from memory and inflates the one part
 * word/document.xml (size-capped against zip bombs, CRC-checked by libzip);
 * libxml2 parses it (no network, no entity substitution, its messages
 * captured, never printed). A loop over the element tree (no recursion:
 * first child, next sibling, up) writes w:t text; a paragraph (w:p) ends its
 * line and leaves a blank line, as a .txt filing does, but inside a table
 * cell it only ends the line; w:br/w:cr end the line (a page break adds a
 * form feed); w:tab gives a PCT_DOCX_GAP-space gap, and each table cell
 * after the first a gap that lines it up at column k * DOCX_CELL_COLUMNS
 * when it fits, so signature tables read as the columns of a .txt page. Deleted text
 * (w:delText), field codes (w:instrText), properties (*Pr) and the fallback
 * copies of mc:AlternateContent are skipped.
 *
 * Offsets: the file is compressed, so spans count in the text made here
 * (src->orig == src->text), which `pactum parse --format text` prints.
 *
 * Not read: headers, footers, footnotes and comments (other parts), text
 * boxes in drawings, and automatic list numbers (numbering.xml): a heading
 * numbered by Word's list feature reads without its number.
 */
#include "read.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <string.h>
#include <zip.h>

#define PCT_DOCX_GAP 4                  /* spaces for a tab, or between table cells at least */
#define DOCX_CELL_COLUMNS 40 /* cell k of a row starts at column k * this, when it fits */
#define DOCX_MARKER_MAX 8    /* a first cell this short is a list marker ("1.1", "(a)") */
#define DOCX_PART "word/document.xml"
#define DOCX_XML_MAX (256u * 1024 * 1024) /* bytes of document.xml inflated, at most */
#define DOCX_READ_CHUNK (1u << 20)

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_init(void) { xmlInitParser(); }

typedef struct dw {
    pct_buf out;
    int nl;    /* line ends closing the output: 0 inside a line, 1, 2 (blank) */
    int ink;   /* a non-space byte was written */
    int cell;  /* inside a table cell (depth) */
    int cells; /* cells opened in the current row */
    int cell_paras; /* paragraphs opened in the current cell */
    size_t line;    /* offset in out where the current line starts */
} dw;

/* Characters (not bytes) of the current line. */
static size_t column(const dw *w)
{
    size_t c = 0;
    for (size_t i = w->line; i < w->out.len; i++)
        c += ((unsigned char)w->out.data[i] & 0xC0) != 0x80;
    return c;
}

static void text(dw *w, const char *s, size_t n)
{
    if (!n)
        return;
    pct_buf__put(&w->out, s, n);
    w->nl = 0;
    for (size_t i = 0; i < n && !w->ink; i++)
        w->ink = !pct__is_space((unsigned char)s[i]);
}

static void brk(dw *w, int want)
{
    if (!w->ink)
        return;
    for (; w->nl < want; w->nl++)
        pct_buf__putc(&w->out, '\n');
    w->line = w->out.len;
}

static void gap(dw *w, size_t width)
{
    for (size_t i = 0; i < width; i++)
        pct_buf__putc(&w->out, ' ');
    w->nl = 0;
}

/* Before cell k > 0 of a row: columns line up from row to row, as in a .txt
 * signature page; after a list marker the plain gap. */
static void cell_gap(dw *w, size_t k)
{
    size_t col = column(w), at = k * DOCX_CELL_COLUMNS;
    gap(w, col <= DOCX_MARKER_MAX || col + PCT_DOCX_GAP > at ? PCT_DOCX_GAP : at - col);
}

static int named(const xmlNode *n, const char *local) { return !strcmp((const char *)n->name, local); }

/* Elements whose content is no body text. */
static int skipped(const xmlNode *n)
{
    static const char *const skip[] = {"pPr", "rPr", "sectPr", "tblPr", "trPr", "tcPr",
                                       "tblGrid", "delText", "instrText", "Fallback",
                                       "drawing", "pict", "object", "footnoteReference",
                                       "endnoteReference", "commentReference", NULL};
    for (const char *const *x = skip; *x; x++)
        if (named(n, *x))
            return 1;
    return 0;
}

/* On entering an element: 1 to go into its children. */
static int enter(dw *w, const xmlNode *n)
{
    if (skipped(n))
        return 0;
    if (named(n, "t")) {
        for (const xmlNode *c = n->children; c; c = c->next)
            if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
                text(w, (const char *)c->content, strlen((const char *)c->content));
        return 0;
    }
    if (named(n, "tab")) {
        gap(w, PCT_DOCX_GAP);
    } else if (named(n, "br") || named(n, "cr")) {
        xmlChar *type = xmlGetNoNsProp(n, (const xmlChar *)"type");
        if (!type) /* w:type is namespaced: find it by local name */
            for (const xmlAttr *at = n->properties; at && !type; at = at->next)
                if (!strcmp((const char *)at->name, "type"))
                    type = xmlNodeGetContent((const xmlNode *)at);
        int page = type && !strcmp((const char *)type, "page");
        xmlFree(type);
        w->ink = w->ink || page;
        brk(w, 1);
        if (page) {
            pct_buf__putc(&w->out, '\f');
            w->line = w->out.len;
        }
        w->nl = page ? 0 : w->nl;
    } else if (named(n, "noBreakHyphen")) {
        text(w, "-", 1);
    } else if (named(n, "p")) {
        if (w->cell && w->cell_paras++ > 0)
            brk(w, 1);
    } else if (named(n, "tbl")) {
        brk(w, 2);
    } else if (named(n, "tr")) {
        brk(w, 1);
        w->cells = 0;
    } else if (named(n, "tc")) {
        if (w->cells++ > 0 && w->nl == 0)
            cell_gap(w, (size_t)w->cells - 1);
        w->cell++;
        w->cell_paras = 0;
    }
    return 1;
}

static void leave(dw *w, const xmlNode *n)
{
    if (named(n, "p") && !w->cell)
        brk(w, 2);
    else if (named(n, "tc") && w->cell > 0)
        w->cell--;
    else if (named(n, "tbl"))
        brk(w, 2);
}

/* Walks the tree below root in document order, without recursion: each
 * element entered (and gone into) is left once, after its children. */
static void walk(dw *w, const xmlNode *root)
{
    const xmlNode *n = root;
    for (;;) {
        int down = n->type == XML_ELEMENT_NODE && enter(w, n);
        if (down && n->children) {
            n = n->children;
            continue;
        }
        if (down)
            leave(w, n);
        while (n != root && !n->next) {
            n = n->parent;
            leave(w, n);
        }
        if (n == root)
            break;
        n = n->next;
    }
}

/* libxml2 reports through this instead of stderr; the first error is kept. */
static void xml_error(void *ud, xmlErrorPtr e)
{
    char *first = ud;
    if (first[0] || !e || !e->message)
        return;
    snprintf(first, PCT_ERRMSG_MAX / 2, "line %d: %s", e->line, e->message);
    size_t k = strlen(first);
    while (k && (first[k - 1] == '\n' || first[k - 1] == ' '))
        first[--k] = '\0';
}

/* Inflates word/document.xml into *xml_out (the ctx's allocator). */
static int inflate_part(pct_ctx *ctx, const char *name, const char *data, size_t len,
                        char **xml_out, size_t *xml_len_out, size_t *cap_out)
{
    int err = 0;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_t *z = NULL;
    zip_file_t *zf = NULL;
    char *xml = NULL;
    size_t cap = 0;
    zip_source_t *zs = zip_source_buffer_create(data, len, 0, &ze);
    if (!zs) {
        err = pct__err(ctx, PCT_ENOMEM, "%s: out of memory", name);
        goto done;
    }
    if (!(z = zip_open_from_source(zs, ZIP_RDONLY, &ze))) {
        zip_source_free(zs);
        err = pct__err(ctx, PCT_EINVALID, "%s: a damaged or truncated Word file (%s)", name,
                       zip_error_strerror(&ze));
        goto done;
    }
    zip_int64_t idx = zip_name_locate(z, DOCX_PART, 0);
    zip_stat_t st;
    if (idx < 0 || zip_stat_index(z, (zip_uint64_t)idx, 0, &st) < 0) {
        err = pct__err(ctx, PCT_EINVALID, "%s: a ZIP archive without %s, so not a Word document",
                       name, DOCX_PART);
        goto done;
    }
    if (!(st.valid & ZIP_STAT_SIZE) || st.size > DOCX_XML_MAX) {
        err = pct__err(ctx, PCT_EINVALID, "%s: %s inflates to more than %u MB", name, DOCX_PART,
                       DOCX_XML_MAX >> 20);
        goto done;
    }
    cap = (size_t)st.size + 1;
    if (!(xml = pct__malloc(ctx, cap))) {
        err = pct__err(ctx, PCT_ENOMEM, "%s: out of memory", name);
        goto done;
    }
    if (!(zf = zip_fopen_index(z, (zip_uint64_t)idx, 0))) {
        err = pct__err(ctx, PCT_EINVALID, "%s: a damaged Word file: cannot open %s (%s)", name,
                       DOCX_PART, zip_strerror(z));
        goto done;
    }
    size_t got = 0;
    while (got < st.size) {
        size_t want = st.size - got < DOCX_READ_CHUNK ? (size_t)(st.size - got) : DOCX_READ_CHUNK;
        zip_int64_t k = zip_fread(zf, xml + got, want);
        if (k < 0) {
            err = pct__err(ctx, PCT_EINVALID, "%s: a damaged or truncated Word file: %s (%s)",
                           name, DOCX_PART, zip_file_strerror(zf));
            goto done;
        }
        if (k == 0)
            break;
        got += (size_t)k;
    }
    if (got != st.size) {
        err = pct__err(ctx, PCT_EINVALID, "%s: a truncated Word file: %s ends after %zu of %llu "
                       "bytes", name, DOCX_PART, got, (unsigned long long)st.size);
        goto done;
    }
    xml[got] = '\0';
    *xml_out = xml;
    *xml_len_out = got;
    *cap_out = cap;
    xml = NULL;
done:
    if (zf)
        zip_fclose(zf);
    if (z)
        zip_discard(z);
    zip_error_fini(&ze);
    if (xml)
        pct__free(ctx, xml, cap);
    return err;
}

int pct_read__docx(pct_source *src, pct_ctx *ctx, pct_arena *a, const char *name,
                   const char *data, size_t len)
{
    char *xml = NULL;
    size_t xml_len = 0, cap = 0;
    xmlDocPtr doc = NULL;
    dw w;
    memset(&w, 0, sizeof w);
    pct_buf__init(&w.out, ctx);
    int err = inflate_part(ctx, name, data, len, &xml, &xml_len, &cap);
    if (err < 0)
        goto done;
    pthread_once(&xml_once, xml_init);
    char first[PCT_ERRMSG_MAX / 2] = "";
    xmlSetStructuredErrorFunc(first, xml_error); /* per thread in libxml2 */
    doc = xmlReadMemory(xml, (int)xml_len, DOCX_PART, NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (!doc || !xmlDocGetRootElement(doc)) {
        err = pct__err(ctx, PCT_EINVALID, "%s: a damaged Word file: %s is not well-formed XML "
                       "(%s)", name, DOCX_PART, first[0] ? first : "no root element");
        goto done;
    }
    walk(&w, xmlDocGetRootElement(doc));
    if (w.nl == 0 && w.ink)
        pct_buf__putc(&w.out, '\n');
    char *text = w.out.failed ? NULL : pct_arena__alloc(a, w.out.len + 1);
    if (!text) {
        err = pct__err(ctx, PCT_ENOMEM, "%s: out of memory", name);
        goto done;
    }
    if (w.out.len)
        memcpy(text, w.out.data, w.out.len);
    err = pct_read__set_text(src, ctx, a, name, PCT_FMT_DOCX, text, w.out.len, data, len);
done:
    if (doc)
        xmlFreeDoc(doc);
    if (xml)
        pct__free(ctx, xml, cap);
    pct_buf__free(&w.out);
    return err;
}
