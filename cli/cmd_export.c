/*
 * cmd_export.c - `pactum export --format csv|jsonl`: every stored document,
 * for spreadsheets (CSV, one row per document) or for other programs (JSON
 * lines, one object per stored file with its facts, spans and rules).
 */
#include "cli.h"

#include <string.h>

static void help(FILE *f)
{
    fprintf(f,
            "usage: pactum export [--db FILE] --format csv|jsonl [-o FILE]\n\n"
            "Exports the store.\n"
            "  --format csv     one row per document (RFC 4180, header first)\n"
            "  --format jsonl   one JSON object per stored file: record, families, facts\n"
            "                   (every value with its span and rule)\n"
            "  --format json    the same as jsonl\n"
            "  -o FILE          write to FILE instead of standard output\n");
}

int cmd_export(int argc, char **argv)
{
    const char *db = NULL, *format = NULL, *outpath = NULL;
    for (int i = 1; i < argc; i++) {
        int r;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            help(stdout);
            return EXIT_OK;
        } else if ((r = cli_opt(argc, argv, &i, "--db", &db)) ||
                   (r = cli_opt(argc, argv, &i, "--format", &format)) ||
                   (r = cli_opt(argc, argv, &i, "-o", &outpath)) ||
                   (r = cli_opt(argc, argv, &i, "--output", &outpath))) {
            if (r < 0)
                return EXIT_USAGE;
        } else {
            cli_err("export: unknown argument '%s'", argv[i]);
            help(stderr);
            return EXIT_USAGE;
        }
    }
    if (!format) {
        cli_err("export: say --format csv or --format jsonl");
        return EXIT_USAGE;
    }
    if (!strcmp(format, "json"))
        format = "jsonl";
    if (strcmp(format, "csv") && strcmp(format, "jsonl")) {
        cli_err("export: unknown format '%s' (csv or jsonl)", format);
        return EXIT_USAGE;
    }
    pct_store *st;
    pct_ctx *ctx;
    if (cli_store_open(&st, &ctx, db, PCT_STORE_READONLY) != EXIT_OK)
        return EXIT_FAIL;
    FILE *out = stdout;
    int rc = EXIT_OK;
    if (outpath && !(out = fopen(outpath, "wb"))) {
        cli_err("%s: cannot write", outpath);
        cli_store_close(st, ctx);
        return EXIT_FAIL;
    }
    if (pct_store_export(st, format, cli_sink_file, out) < 0) {
        cli_err("%s", pct_errmsg(ctx));
        rc = EXIT_FAIL;
    }
    if (fflush(out) != 0 || (out != stdout && fclose(out) != 0)) {
        cli_err("%s: cannot write", outpath ? outpath : "standard output");
        rc = EXIT_FAIL;
    }
    cli_store_close(st, ctx);
    return rc;
}
