/*
 * cmd_ls.c - `pactum ls`: the stored documents, one row each, filtered by
 * kind, party, expiration, signature state or family. A table on a
 * terminal (or a plain aligned table in a pipe), or JSON with --format json.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static void help(FILE *f)
{
    fprintf(f,
            "usage: pactum ls [--db FILE] [--kind KIND] [--party NAME] [--expiring-before DATE]\n"
            "                 [--unsigned] [--family ID] [--format table|json]\n\n"
            "Lists the stored documents. A document is named ID.N: N is its place in\n"
            "the stored file (0 for the first), so 12.0 is the first document of file 12.\n\n"
            "  --kind KIND              agreement, amendment, joinder or other\n"
            "  --party NAME             a party whose name contains NAME (any case)\n"
            "  --expiring-before DATE   expires (as amended) before DATE (YYYY-MM-DD)\n"
            "  --unsigned               a signature block is blank\n"
            "  --family ID              the documents of one family\n"
            "  --format json            a JSON array for scripts\n");
}

int cmd_ls(int argc, char **argv)
{
    const char *db = NULL, *format = "table", *family = NULL;
    pct_store_filter f = {0};
    for (int i = 1; i < argc; i++) {
        int r;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            help(stdout);
            return EXIT_OK;
        } else if ((r = cli_opt(argc, argv, &i, "--db", &db)) ||
                   (r = cli_opt(argc, argv, &i, "--format", &format)) ||
                   (r = cli_opt(argc, argv, &i, "--kind", &f.kind)) ||
                   (r = cli_opt(argc, argv, &i, "--party", &f.party)) ||
                   (r = cli_opt(argc, argv, &i, "--expiring-before", &f.expiring_before)) ||
                   (r = cli_opt(argc, argv, &i, "--family", &family))) {
            if (r < 0)
                return EXIT_USAGE;
        } else if (!strcmp(argv[i], "--unsigned")) {
            f.unsigned_only = 1;
        } else {
            cli_err("ls: unknown argument '%s'", argv[i]);
            help(stderr);
            return EXIT_USAGE;
        }
    }
    if (strcmp(format, "table") && strcmp(format, "json")) {
        cli_err("ls: unknown format '%s' (table or json)", format);
        return EXIT_USAGE;
    }
    if (f.kind) { /* the kinds the facts layer gives (pct_docfacts.kind) */
        static const char *const kinds[] = {"agreement", "amendment", "joinder", "other", NULL};
        const char *const *k = kinds;
        while (*k && strcmp(*k, f.kind))
            k++;
        if (!*k) {
            cli_err("ls: unknown kind '%s' (agreement, amendment, joinder or other)", f.kind);
            return EXIT_USAGE;
        }
    }
    if (family) {
        char *end;
        f.family = strtoll(family, &end, 10);
        if (*end || f.family <= 0) {
            cli_err("ls: --family wants a family id (a number)");
            return EXIT_USAGE;
        }
    }
    pct_store *st;
    pct_ctx *ctx;
    if (cli_store_open(&st, &ctx, db, PCT_STORE_READONLY) != EXIT_OK)
        return EXIT_FAIL;
    pct_store_rows *rows = NULL;
    int rc = EXIT_OK;
    if (pct_store_list(&rows, st, &f) < 0) {
        cli_err("%s", pct_errmsg(ctx));
        rc = pct_errmsg(ctx)[0] && strstr(pct_errmsg(ctx), "not a date") ? EXIT_USAGE : EXIT_FAIL;
    } else if (!strcmp(format, "json")) {
        if (pct_store_rows_json(rows, cli_sink_file, stdout) < 0)
            rc = EXIT_FAIL;
    } else {
        static const char *const head[] = {"ID", "KIND", "TITLE", "PARTIES", "EFFECTIVE",
                                           "EXPIRES", "SIGNED", "FAMILY"};
        cli_table *t = cli_table_new(8, head);
        for (size_t i = 0; t && i < pct_store_rows_count(rows); i++) {
            const pct_store_row *r = pct_store_rows_at(rows, i);
            char id[32], fam[24];
            snprintf(id, sizeof id, "%lld.%d", r->id, r->doc);
            snprintf(fam, sizeof fam, "%lld", r->family);
            const char *cells[] = {id, r->kind, r->title ? r->title : r->name, r->parties,
                                   r->effective_date ? r->effective_date : r->agreement_date,
                                   r->expiration_date,
                                   r->signed_ < 0 ? "?" : r->signed_ ? "yes" : "NO",
                                   r->family ? fam : ""};
            cli_table_row(t, cells);
        }
        if (t)
            cli_table_print(t, stdout);
        cli_table_free(t);
        if (cli_is_tty(stdout))
            printf("%zu document%s\n", pct_store_rows_count(rows),
                   pct_store_rows_count(rows) == 1 ? "" : "s");
    }
    pct_store_rows_free(rows);
    cli_store_close(st, ctx);
    return rc;
}
