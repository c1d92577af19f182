/*
 * cmd_search.c - `pactum search QUERY`: full-text search over the section
 * text of every stored document, best first, with the matching passage and
 * the family the document belongs to.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#define QUERY_MAX 4096 /* bytes of a query joined from several arguments */

static void help(FILE *f)
{
    fprintf(f,
            "usage: pactum search [--db FILE] [--limit N] [--format text|json] QUERY...\n\n"
            "Searches the text of every stored document. Documents come ranked (BM25),\n"
            "each with the section holding most matches, a snippet ([brackets] mark the\n"
            "matched words) and the family it belongs to.\n"
            "QUERY: plain words must all occur within 30 words of each other; \"a phrase\",\n"
            "prefix* and AND, OR, NOT between terms (these match anywhere in a document).\n"
            "Words are stemmed: terminate finds termination.\n\n"
            "  --limit N        at most N hits (default 20)\n"
            "  --format json    a JSON array for scripts\n");
}

int cmd_search(int argc, char **argv)
{
    const char *db = NULL, *format = "text", *limit = NULL;
    char query[QUERY_MAX] = "";
    size_t qn = 0;
    for (int i = 1; i < argc; i++) {
        int r;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            help(stdout);
            return EXIT_OK;
        } else if ((r = cli_opt(argc, argv, &i, "--db", &db)) ||
                   (r = cli_opt(argc, argv, &i, "--format", &format)) ||
                   (r = cli_opt(argc, argv, &i, "--limit", &limit))) {
            if (r < 0)
                return EXIT_USAGE;
        } else if (argv[i][0] == '-' && argv[i][1] == '-') {
            cli_err("search: unknown option '%s'", argv[i]);
            help(stderr);
            return EXIT_USAGE;
        } else {
            size_t n = strlen(argv[i]);
            if (qn + n + 2 >= sizeof query) {
                cli_err("search: query too long");
                return EXIT_USAGE;
            }
            if (qn)
                query[qn++] = ' ';
            memcpy(query + qn, argv[i], n + 1);
            qn += n;
        }
    }
    if (!qn) {
        cli_err("search: no query given");
        help(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(format, "text") && strcmp(format, "json")) {
        cli_err("search: unknown format '%s' (text or json)", format);
        return EXIT_USAGE;
    }
    long n = 20;
    if (limit) {
        char *end;
        n = strtol(limit, &end, 10);
        if (*end || n < 1 || n > 10000) {
            cli_err("search: --limit wants a number from 1 to 10000");
            return EXIT_USAGE;
        }
    }
    pct_store *st;
    pct_ctx *ctx;
    if (cli_store_open(&st, &ctx, db, PCT_STORE_READONLY) != EXIT_OK)
        return EXIT_FAIL;
    pct_store_rows *rows = NULL;
    int rc = EXIT_OK, err = pct_store_search(&rows, st, query, (size_t)n);
    if (err < 0) {
        cli_err("%s", pct_errmsg(ctx));
        rc = err == PCT_EINVALID ? EXIT_USAGE : EXIT_FAIL;
    } else if (!strcmp(format, "json")) {
        if (pct_store_rows_json(rows, cli_sink_file, stdout) < 0)
            rc = EXIT_FAIL;
    } else {
        int color = cli_color(stdout);
        for (size_t i = 0; i < pct_store_rows_count(rows); i++) {
            const pct_store_row *r = pct_store_rows_at(rows, i);
            printf("%s%lld.%d  %s%s", color ? "\033[1m" : "", r->id, r->doc,
                   r->title ? r->title : r->name, color ? "\033[0m" : "");
            if (r->section || r->heading)
                printf("  %s%s%s", r->section ? "\xc2\xa7" : "", r->section ? r->section : "",
                       r->heading ? "" : "");
            if (r->heading)
                printf(" %s", r->heading);
            printf("\n  %s  [%zu-%zu]\n", r->name, r->span.start, r->span.end);
            if (r->family_title && (!r->title || strcmp(r->family_title, r->title)))
                printf("  family %lld: %s\n", r->family, r->family_title);
            /* the snippet with its [matches] highlighted on a colour terminal */
            fputs("  ", stdout);
            for (const char *p = r->snippet ? r->snippet : ""; *p; p++) {
                if (color && *p == '[')
                    fputs("\033[1;33m", stdout);
                else if (color && *p == ']')
                    fputs("\033[0m", stdout);
                else
                    fputc(*p, stdout);
            }
            fputs("\n\n", stdout);
        }
        if (!pct_store_rows_count(rows))
            printf("no matches\n");
    }
    pct_store_rows_free(rows);
    cli_store_close(st, ctx);
    return rc;
}
