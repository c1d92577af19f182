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
 * List numbers: Word computes them from word/numbering.xml (levels: start,
 * format, label pattern such as "%1.%2") for paragraphs numbered directly
 * (w:numPr) or through their style (styles.xml, following basedOn); the
 * labels ("1.2", "(a)", "ARTICLE IV") are written before the paragraph's
 * text as Word shows them, so numbered headings and sections parse as in a
 * .txt filing. A damaged or absent numbering part only loses the labels.
 *
 * Not read: headers, footers, footnotes and comments (other parts), text
 * boxes in drawings, list-level overrides other than a new start value, and
 * lists that link to other lists through styles (numStyleLink).
 */
#include "read.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define PCT_DOCX_GAP 4                  /* spaces for a tab, or between table cells at least */
#define DOCX_CELL_COLUMNS 40 /* cell k of a row starts at column k * this, when it fits */
#define DOCX_MARKER_MAX 8    /* a first cell this short is a list marker ("1.1", "(a)") */
#define DOCX_PART "word/document.xml"
#define DOCX_XML_MAX (256u * 1024 * 1024) /* bytes of document.xml inflated, at most */
#define DOCX_READ_CHUNK (1u << 20)
#define DOCX_XMLERR_MAX 200   /* bytes of the XML parser's message kept */
#define DOCX_LEVELS 9         /* list levels Word defines (w:ilvl 0..8) */
#define DOCX_LVLTEXT_MAX 32   /* bytes of a level's label pattern ("%1.%2.%3") */
#define DOCX_LABEL_MAX 64     /* bytes of a paragraph's list label */
#define DOCX_STYLE_ID_MAX 64  /* bytes of a style id kept */
#define DOCX_LISTS_MAX 4096   /* list and style definitions read, at most */
#define DOCX_STYLE_HOPS 8     /* basedOn links followed to find a style's list */

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_init(void) { xmlInitParser(); }

struct numbering;

typedef struct dw {
    pct_buf out;
    struct numbering *nb; /* list definitions, for the labels of numbered paragraphs */
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

static int named(const xmlNode *n, const char *local)
{
    return !strcmp((const char *)n->name, local);
}

/* An attribute's value by local name (w:val, w:type are namespaced), borrowed
 * from the tree; NULL when absent. */
static const char *attr(const xmlNode *n, const char *local)
{
    for (const xmlAttr *at = n->properties; at; at = at->next)
        if (!strcmp((const char *)at->name, local))
            return at->children && at->children->type == XML_TEXT_NODE
                       ? (const char *)at->children->content
                       : NULL;
    return NULL;
}

/* The first child element with that local name, or NULL. */
static const xmlNode *child(const xmlNode *n, const char *local)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && named(c, local))
            return c;
    return NULL;
}

static int attr_int(const xmlNode *n, const char *local, int dflt)
{
    const char *v = n ? attr(n, local) : NULL;
    if (!v)
        return dflt;
    long x = strtol(v, NULL, 10);
    return x < -1000000 || x > 1000000 ? dflt : (int)x;
}

/* ------------------------------------------------------------ numbering */

enum { FMT_DECIMAL, FMT_DECIMAL_ZERO, FMT_LOWER_LETTER, FMT_UPPER_LETTER, FMT_LOWER_ROMAN,
       FMT_UPPER_ROMAN, FMT_BULLET, FMT_NONE };

typedef struct numlvl {
    int start, fmt, suff; /* suff: 0 tab, 1 space, 2 nothing */
    int legal;            /* w:isLgl: every number in the label is decimal ("1.2", not "I.2") */
    char text[DOCX_LVLTEXT_MAX];
    int defined;
} numlvl;

typedef struct numdef {
    int num_id, abs_id;
    int start_override[DOCX_LEVELS]; /* -1: none */
    int count[DOCX_LEVELS];          /* the counters of this list */
    int used[DOCX_LEVELS];
} numdef;

typedef struct absdef {
    int abs_id;
    numlvl lvl[DOCX_LEVELS];
} absdef;

typedef struct stylenum {
    char id[DOCX_STYLE_ID_MAX];
    char based_on[DOCX_STYLE_ID_MAX];
    int num_id, ilvl; /* num_id -1: none of its own */
} stylenum;

typedef struct numbering {
    pct_vec abs, nums, styles; /* absdef, numdef, stylenum */
} numbering;

static int fmt_of(const char *v)
{
    static const struct {
        const char *name;
        int fmt;
    } fmts[] = {{"decimal", FMT_DECIMAL},          {"decimalZero", FMT_DECIMAL_ZERO},
                {"lowerLetter", FMT_LOWER_LETTER}, {"upperLetter", FMT_UPPER_LETTER},
                {"lowerRoman", FMT_LOWER_ROMAN},   {"upperRoman", FMT_UPPER_ROMAN},
                {"bullet", FMT_BULLET},            {"none", FMT_NONE}};
    for (size_t i = 0; v && i < sizeof fmts / sizeof *fmts; i++)
        if (!strcmp(v, fmts[i].name))
            return fmts[i].fmt;
    return FMT_DECIMAL;
}

static void read_numbering(numbering *nb, const xmlNode *root)
{
    for (const xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (named(c, "abstractNum") && nb->abs.len < DOCX_LISTS_MAX) {
            absdef *a = pct_vec__push(&nb->abs);
            if (!a)
                return;
            a->abs_id = attr_int(c, "abstractNumId", -1);
            for (const xmlNode *l = c->children; l; l = l->next) {
                int i = l->type == XML_ELEMENT_NODE && named(l, "lvl") ? attr_int(l, "ilvl", -1)
                                                                        : -1;
                if (i < 0 || i >= DOCX_LEVELS)
                    continue;
                numlvl *v = &a->lvl[i];
                v->defined = 1;
                v->start = attr_int(child(l, "start"), "val", 1);
                v->fmt = fmt_of(child(l, "numFmt") ? attr(child(l, "numFmt"), "val") : NULL);
                const char *suff = child(l, "suff") ? attr(child(l, "suff"), "val") : NULL;
                v->legal = child(l, "isLgl") != NULL;
                v->suff = !suff || !strcmp(suff, "tab") ? 0 : !strcmp(suff, "space") ? 1 : 2;
                const char *t = child(l, "lvlText") ? attr(child(l, "lvlText"), "val") : NULL;
                snprintf(v->text, sizeof v->text, "%s", t ? t : "");
            }
        } else if (named(c, "num") && nb->nums.len < DOCX_LISTS_MAX) {
            numdef *d = pct_vec__push(&nb->nums);
            if (!d)
                return;
            d->num_id = attr_int(c, "numId", -1);
            d->abs_id = attr_int(child(c, "abstractNumId"), "val", -1);
            for (int i = 0; i < DOCX_LEVELS; i++)
                d->start_override[i] = -1;
            for (const xmlNode *o = c->children; o; o = o->next) {
                int i = o->type == XML_ELEMENT_NODE && named(o, "lvlOverride")
                            ? attr_int(o, "ilvl", -1)
                            : -1;
                if (i >= 0 && i < DOCX_LEVELS && child(o, "startOverride"))
                    d->start_override[i] = attr_int(child(o, "startOverride"), "val", 1);
            }
        }
    }
}

static void read_styles(numbering *nb, const xmlNode *root)
{
    for (const xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || !named(c, "style") || nb->styles.len >= DOCX_LISTS_MAX)
            continue;
        const char *id = attr(c, "styleId");
        const xmlNode *ppr = child(c, "pPr"), *np = child(ppr, "numPr");
        const char *based = child(c, "basedOn") ? attr(child(c, "basedOn"), "val") : NULL;
        if (!id || (!np && !based))
            continue;
        stylenum *st = pct_vec__push(&nb->styles);
        if (!st)
            return;
        snprintf(st->id, sizeof st->id, "%s", id);
        snprintf(st->based_on, sizeof st->based_on, "%s", based ? based : "");
        st->num_id = np ? attr_int(child(np, "numId"), "val", -1) : -1;
        st->ilvl = np ? attr_int(child(np, "ilvl"), "val", 0) : 0;
    }
}

static const stylenum *style_find(const numbering *nb, const char *id)
{
    for (size_t i = 0; id && *id && i < nb->styles.len; i++)
        if (!strcmp(PCT_VEC_AT(&nb->styles, stylenum, i).id, id))
            return &PCT_VEC_AT(&nb->styles, stylenum, i);
    return NULL;
}

static numdef *num_find(numbering *nb, int num_id)
{
    for (size_t i = 0; i < nb->nums.len; i++)
        if (PCT_VEC_AT(&nb->nums, numdef, i).num_id == num_id)
            return &PCT_VEC_AT(&nb->nums, numdef, i);
    return NULL;
}

static const absdef *abs_find(const numbering *nb, int abs_id)
{
    for (size_t i = 0; i < nb->abs.len; i++)
        if (PCT_VEC_AT(&nb->abs, absdef, i).abs_id == abs_id)
            return &PCT_VEC_AT(&nb->abs, absdef, i);
    return NULL;
}

/* Writes counter value v in format fmt. */
static size_t put_count(char *out, size_t cap, int v, int fmt)
{
    static const char *const rn[] = {"m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v",
                                     "iv", "i"};
    static const int rv[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
    size_t o = 0;
    if (fmt == FMT_LOWER_LETTER || fmt == FMT_UPPER_LETTER) {
        int k = v < 1 ? 1 : v, reps = (k - 1) / 26 + 1; /* a..z, aa..zz, ... as Word does */
        for (int i = 0; i < reps && i < 4 && o + 1 < cap; i++)
            out[o++] = (char)((fmt == FMT_UPPER_LETTER ? 'A' : 'a') + (k - 1) % 26);
    } else if ((fmt == FMT_LOWER_ROMAN || fmt == FMT_UPPER_ROMAN) && v > 0 && v < 4000) {
        for (size_t i = 0; i < sizeof rv / sizeof *rv; i++)
            for (; v >= rv[i]; v -= rv[i])
                for (const char *p = rn[i]; *p && o + 1 < cap; p++)
                    out[o++] = fmt == FMT_UPPER_ROMAN ? (char)(*p - 32) : *p;
    } else {
        int w = snprintf(out, cap, fmt == FMT_DECIMAL_ZERO && v < 10 ? "0%d" : "%d", v);
        o = w < 0 ? 0 : (size_t)w < cap ? (size_t)w : cap - 1;
    }
    out[o < cap ? o : cap - 1] = '\0';
    return o;
}

/* The list label of a paragraph ("1.2", "(a)", "ARTICLE IV"), written with its
 * suffix, when the paragraph is numbered directly (w:numPr) or by its style. */
static void list_label(dw *w, numbering *nb, const xmlNode *p)
{
    const xmlNode *ppr = child(p, "pPr"), *np = child(ppr, "numPr");
    int num_id = -1, ilvl = 0;
    if (np) {
        num_id = attr_int(child(np, "numId"), "val", -1);
        ilvl = attr_int(child(np, "ilvl"), "val", 0);
    } else if (ppr && child(ppr, "pStyle")) {
        const stylenum *st = style_find(nb, attr(child(ppr, "pStyle"), "val"));
        for (int hops = 0; st && st->num_id < 0 && hops < DOCX_STYLE_HOPS; hops++)
            st = style_find(nb, st->based_on);
        if (st && st->num_id >= 0) {
            num_id = st->num_id;
            ilvl = st->ilvl;
        }
    }
    numdef *d = num_id > 0 ? num_find(nb, num_id) : NULL; /* numId 0 removes numbering */
    const absdef *a = d ? abs_find(nb, d->abs_id) : NULL;
    if (!a || ilvl < 0 || ilvl >= DOCX_LEVELS || !a->lvl[ilvl].defined)
        return;
    /* this level counts on; the deeper ones start again */
    const numlvl *lv = &a->lvl[ilvl];
    int start = d->start_override[ilvl] >= 0 ? d->start_override[ilvl] : lv->start;
    d->count[ilvl] = d->used[ilvl] ? d->count[ilvl] + 1 : start;
    d->used[ilvl] = 1;
    for (int k = ilvl + 1; k < DOCX_LEVELS; k++)
        d->used[k] = 0;
    if (lv->fmt == FMT_NONE || lv->fmt == FMT_BULLET)
        return; /* a bullet is no number: the line starts with its text */
    char label[DOCX_LABEL_MAX];
    size_t o = 0;
    for (const char *t = lv->text; *t && o + 1 < sizeof label; t++) {
        if (t[0] == '%' && t[1] >= '1' && t[1] <= '9') {
            int k = t[1] - '1';
            const numlvl *kl = &a->lvl[k];
            int v = d->used[k] ? d->count[k] : kl->start;
            int f = lv->legal || kl->fmt == FMT_BULLET ? FMT_DECIMAL : kl->fmt;
            o += put_count(label + o, sizeof label - o, v, f);
            t++;
        } else {
            label[o++] = *t;
        }
    }
    label[o] = '\0';
    if (!o)
        return;
    text(w, label, o);
    if (lv->suff == 0)
        gap(w, PCT_DOCX_GAP);
    else if (lv->suff == 1)
        text(w, " ", 1);
}

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
        const char *type = attr(n, "type");
        int page = type && !strcmp(type, "page");
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
        list_label(w, w->nb, n);
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
    snprintf(first, DOCX_XMLERR_MAX, "line %d: %s", e->line, e->message);
    size_t k = strlen(first);
    while (k && (first[k - 1] == '\n' || first[k - 1] == ' '))
        first[--k] = '\0';
    for (char *c = first; *c; c++)
        if (*c == '\n' || *c == '\r')
            *c = ' '; /* one line: "Input is not proper UTF-8 ...\nBytes: ..." */
}

/* Parses an inflated part (no network, no entity substitution); NULL, with
 * the parser's first message in `first`, when it is not well-formed. */
static xmlDocPtr parse_part(const char *xml, size_t len, const char *part,
                            char first[DOCX_XMLERR_MAX])
{
    pthread_once(&xml_once, xml_init);
    first[0] = '\0';
    xmlSetStructuredErrorFunc(first, xml_error); /* per thread in libxml2 */
    xmlDocPtr doc = xmlReadMemory(xml, (int)len, part, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (doc && !xmlDocGetRootElement(doc)) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    return doc;
}

/* Inflates one part of the archive into *xml_out (the ctx's allocator,
 * NUL-terminated). An absent part is an error, or 1 when `optional`. */
static int read_part(pct_ctx *ctx, const char *name, zip_t *z, const char *part, int optional,
                     char **xml_out, size_t *len_out, size_t *cap_out)
{
    int err = 0;
    zip_file_t *zf = NULL;
    char *xml = NULL;
    size_t cap = 0;
    zip_int64_t idx = zip_name_locate(z, part, 0);
    zip_stat_t st;
    if (idx < 0 || zip_stat_index(z, (zip_uint64_t)idx, 0, &st) < 0) {
        if (optional)
            return 1;
        return pct__err(ctx, PCT_EINVALID, "%s: a ZIP archive without %s, so not a Word document",
                        name, part);
    }
    if (!(st.valid & ZIP_STAT_SIZE) || st.size > DOCX_XML_MAX) {
        err = pct__err(ctx, PCT_EINVALID, "%s: %s inflates to more than %u MB", name, part,
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
                       part, zip_strerror(z));
        goto done;
    }
    size_t got = 0;
    while (got < st.size) {
        size_t want = st.size - got < DOCX_READ_CHUNK ? (size_t)(st.size - got) : DOCX_READ_CHUNK;
        zip_int64_t k = zip_fread(zf, xml + got, want);
        if (k < 0) {
            err = pct__err(ctx, PCT_EINVALID, "%s: a damaged or truncated Word file: %s (%s)",
                           name, part, zip_file_strerror(zf));
            goto done;
        }
        if (k == 0)
            break;
        got += (size_t)k;
    }
    if (got != st.size) {
        err = pct__err(ctx, PCT_EINVALID, "%s: a truncated Word file: %s ends after %zu of %llu "
                       "bytes", name, part, got, (unsigned long long)st.size);
        goto done;
    }
    xml[got] = '\0';
    *xml_out = xml;
    *len_out = got;
    *cap_out = cap;
    xml = NULL;
done:
    if (zf)
        zip_fclose(zf);
    if (xml)
        pct__free(ctx, xml, cap);
    return err;
}

/* Reads the list definitions (numbering.xml) and the styles that number
 * paragraphs (styles.xml) when present. A damaged one only costs the list
 * numbers; running out of memory is an error. */
static int read_lists(numbering *nb, pct_ctx *ctx, const char *name, zip_t *z)
{
    static const char *const parts[] = {"word/numbering.xml", "word/styles.xml"};
    for (size_t k = 0; k < sizeof parts / sizeof *parts; k++) {
        char *xml = NULL;
        size_t len = 0, cap = 0;
        int err = read_part(ctx, name, z, parts[k], 1, &xml, &len, &cap);
        if (err == PCT_ENOMEM)
            return err;
        if (err < 0)
            pct__clear_err(ctx);
        if (err != 0)
            continue;
        char first[DOCX_XMLERR_MAX];
        xmlDocPtr d = parse_part(xml, len, parts[k], first);
        pct__free(ctx, xml, cap);
        if (!d)
            continue;
        if (k == 0)
            read_numbering(nb, xmlDocGetRootElement(d));
        else
            read_styles(nb, xmlDocGetRootElement(d));
        xmlFreeDoc(d);
    }
    return 0;
}

int pct_read__docx(pct_source *src, pct_ctx *ctx, pct_arena *a, const char *name,
                   const char *data, size_t len)
{
    char *xml = NULL;
    size_t xml_len = 0, cap = 0;
    xmlDocPtr doc = NULL;
    zip_t *z = NULL;
    numbering nb;
    pct_vec__init(&nb.abs, ctx, sizeof(absdef));
    pct_vec__init(&nb.nums, ctx, sizeof(numdef));
    pct_vec__init(&nb.styles, ctx, sizeof(stylenum));
    dw w;
    memset(&w, 0, sizeof w);
    pct_buf__init(&w.out, ctx);
    w.nb = &nb;
    int err = 0;
    zip_error_t ze;
    zip_error_init(&ze);
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
    if ((err = read_part(ctx, name, z, DOCX_PART, 0, &xml, &xml_len, &cap)) < 0)
        goto done;
    char first[DOCX_XMLERR_MAX];
    if (!(doc = parse_part(xml, xml_len, DOCX_PART, first))) {
        err = pct__err(ctx, PCT_EINVALID, "%s: a damaged Word file: %s is not well-formed XML "
                       "(%s)", name, DOCX_PART, first[0] ? first : "no root element");
        goto done;
    }
    if ((err = read_lists(&nb, ctx, name, z)) < 0)
        goto done;
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
    if (z)
        zip_discard(z);
    zip_error_fini(&ze);
    pct_vec__free(&nb.abs);
    pct_vec__free(&nb.nums);
    pct_vec__free(&nb.styles);
    pct_buf__free(&w.out);
    return err;
}
