/*
 * table.c - terminal output shared by the portfolio commands (add, ls,
 * search, due, show, export, calendar, rm): aligned tables, colour only on
 * a terminal and never when NO_COLOR is set (https://no-color.org), JSON
 * string escaping for line-oriented output, and opening the store named by
 * --db or PACTUM_DB.
 *
 * A table keeps its cells until printed so that column widths fit the
 * content; on a terminal, the widest columns shrink (with an ellipsis) until
 * the table fits the window, elsewhere cells are printed whole.
 */
#define _XOPEN_SOURCE 700 /* fileno, isatty, ioctl winsize */

#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define TABLE_MIN_COL 6     /* a column never shrinks below this many characters */
#define TABLE_GAP 2         /* spaces between columns */
#define DEFAULT_WIDTH 100   /* terminal width when the window size is unknown */

struct cli_table {
    int ncols;
    char **cells; /* row-major, header first */
    size_t nrows, cap;
};

int cli_color(FILE *f)
{
    const char *nc = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    if (nc && *nc)
        return 0;
    if (term && !strcmp(term, "dumb"))
        return 0;
    return isatty(fileno(f));
}

int cli_is_tty(FILE *f) { return isatty(fileno(f)); }

int cli_term_width(FILE *f)
{
    struct winsize ws;
    if (isatty(fileno(f)) && ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
        return ws.ws_col;
    const char *c = getenv("COLUMNS");
    int n = c ? atoi(c) : 0;
    return n > 20 ? n : DEFAULT_WIDTH;
}

/* Characters (UTF-8 code points) of s. */
static size_t width_of(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

cli_table *cli_table_new(int ncols, const char *const *headers)
{
    cli_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->ncols = ncols;
    if (cli_table_row(t, headers) < 0) {
        free(t);
        return NULL;
    }
    return t;
}

int cli_table_row(cli_table *t, const char *const *cells)
{
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 32;
        char **v = realloc(t->cells, cap * (size_t)t->ncols * sizeof *v);
        if (!v)
            return -1;
        t->cells = v;
        t->cap = cap;
    }
    char **row = t->cells + t->nrows * (size_t)t->ncols;
    for (int c = 0; c < t->ncols; c++) {
        const char *s = cells[c] ? cells[c] : "";
        char *copy = strdup(s);
        if (!copy) {
            while (c-- > 0)
                free(row[c]);
            return -1;
        }
        for (char *p = copy; *p; p++) /* one line per row */
            if (*p == '\n' || *p == '\t' || *p == '\r')
                *p = ' ';
        row[c] = copy;
    }
    t->nrows++;
    return 0;
}

/* Prints s padded or cut (with an ellipsis) to exactly w characters. */
static void put_cell(FILE *f, const char *s, size_t w, int last)
{
    size_t n = width_of(s);
    if (n <= w) {
        fputs(s, f);
        if (!last)
            for (size_t i = n; i < w; i++)
                fputc(' ', f);
        return;
    }
    size_t chars = 0;
    const char *p = s;
    for (; *p && chars < w - 1; p++) {
        chars += ((unsigned char)*p & 0xC0) != 0x80;
        if (chars == w - 1) {
            p++;
            while (*p && ((unsigned char)*p & 0xC0) == 0x80)
                p++;
            break;
        }
    }
    fwrite(s, 1, (size_t)(p - s), f);
    fputs("\xe2\x80\xa6", f); /* U+2026 */
}

void cli_table_print(cli_table *t, FILE *f)
{
    size_t *w = calloc((size_t)t->ncols, sizeof *w);
    if (!w)
        return;
    for (size_t r = 0; r < t->nrows; r++)
        for (int c = 0; c < t->ncols; c++) {
            size_t n = width_of(t->cells[r * (size_t)t->ncols + c]);
            if (n > w[c])
                w[c] = n;
        }
    if (cli_is_tty(f)) {
        size_t avail = (size_t)cli_term_width(f), total;
        for (;;) {
            total = 0;
            int widest = 0;
            for (int c = 0; c < t->ncols; c++) {
                total += w[c] + (c ? TABLE_GAP : 0);
                if (w[c] > w[widest])
                    widest = c;
            }
            if (total <= avail || w[widest] <= TABLE_MIN_COL)
                break;
            size_t over = total - avail;
            size_t cut = w[widest] - TABLE_MIN_COL < over ? w[widest] - TABLE_MIN_COL : over;
            /* shrink the widest column at most to the second widest, so
             * the cut is shared */
            size_t second = 0;
            for (int c = 0; c < t->ncols; c++)
                if (c != widest && w[c] > second)
                    second = w[c];
            if (second >= w[widest])
                cut = 1; /* a tie: columns take turns */
            else if (w[widest] - second < cut)
                cut = w[widest] - second;
            w[widest] -= cut ? cut : 1;
        }
    }
    int color = cli_color(f);
    for (size_t r = 0; r < t->nrows; r++) {
        if (r == 0 && color)
            fputs("\033[1m", f);
        for (int c = 0; c < t->ncols; c++) {
            if (c)
                fprintf(f, "%*s", TABLE_GAP, "");
            put_cell(f, t->cells[r * (size_t)t->ncols + c], w[c], c + 1 == t->ncols);
        }
        if (r == 0 && color)
            fputs("\033[0m", f);
        fputc('\n', f);
    }
    free(w);
}

void cli_table_free(cli_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t);
}

void cli_json_str(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

/* ------------------------------------------------------------- the store */

const char *cli_db_path(const char *opt)
{
    if (opt && *opt)
        return opt;
    const char *env = getenv("PACTUM_DB");
    return env && *env ? env : "pactum.db";
}

int cli_store_open(pct_store **out, pct_ctx **ctx_out, const char *db, unsigned flags)
{
    pct_ctx *ctx = pct_ctx_new(NULL);
    *out = NULL;
    *ctx_out = NULL;
    if (!ctx) {
        cli_err("out of memory");
        return EXIT_FAIL;
    }
    if (pct_store_open(out, ctx, cli_db_path(db), flags) < 0) {
        cli_err("%s", pct_errmsg(ctx));
        pct_ctx_free(ctx);
        return EXIT_FAIL;
    }
    *ctx_out = ctx;
    return EXIT_OK;
}

void cli_store_close(pct_store *st, pct_ctx *ctx)
{
    pct_store_close(st);
    pct_ctx_free(ctx);
}

int cli_opt(int argc, char **argv, int *i, const char *name, const char **value)
{
    size_t n = strlen(name);
    if (!strncmp(argv[*i], name, n) && argv[*i][n] == '=') {
        *value = argv[*i] + n + 1;
        return 1;
    }
    if (strcmp(argv[*i], name))
        return 0;
    if (*i + 1 >= argc) {
        cli_err("option %s needs a value", name);
        *value = NULL;
        return -1;
    }
    *value = argv[++*i];
    return 1;
}
