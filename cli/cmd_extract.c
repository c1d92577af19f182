/*
 * cmd_extract.c - `pactum extract FILE... [--format json|jsonl|csv]`: the
 * facts of each contract file. json prints the full facts (one object per
 * file, an array for several files); jsonl prints one CUAD prediction line
 * per file (../shared/cuad/README.md); csv prints a header and one row per
 * document. A file that cannot be read is reported and skipped; the exit
 * status is 1 when any file failed.
 */
#include "cli.h"

#include <string.h>

static void help(FILE *f)
{
    fprintf(f, "usage: pactum extract [--format json|jsonl|csv] FILE...\n\n"
               "Prints the facts of each contract file: document name and kind, parties\n"
               "with aliases, entity types, jurisdictions and addresses, dates, term,\n"
               "renewal, notice, governing law, defined terms and referenced documents.\n\n"
               "  --format json   full facts with spans and rule ids (default; docs/facts-json.md)\n"
               "  --format jsonl  one CUAD prediction line per file\n"
               "  --format csv    a header and one row per document\n");
}

enum { FMT_JSON, FMT_JSONL, FMT_CSV };

int cmd_extract(int argc, char **argv)
{
    const char *format = "json";
    int nfiles = 0;
    char **files = argv + 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            help(stdout);
            return EXIT_OK;
        } else if (!strcmp(argv[i], "--format") && i + 1 < argc) {
            format = argv[++i];
        } else if (!strncmp(argv[i], "--format=", 9)) {
            format = argv[i] + 9;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            cli_err("extract: unknown option '%s'", argv[i]);
            help(stderr);
            return EXIT_USAGE;
        } else {
            files[nfiles++] = argv[i];
        }
    }
    int fmt;
    if (!strcmp(format, "json"))
        fmt = FMT_JSON;
    else if (!strcmp(format, "jsonl"))
        fmt = FMT_JSONL;
    else if (!strcmp(format, "csv"))
        fmt = FMT_CSV;
    else {
        cli_err("extract: unknown format '%s' (json, jsonl or csv)", format);
        return EXIT_USAGE;
    }
    if (nfiles == 0) {
        cli_err("extract: no input files");
        help(stderr);
        return EXIT_USAGE;
    }
    pct_ctx *ctx = pct_ctx_new(NULL);
    if (!ctx) {
        cli_err("out of memory");
        return EXIT_FAIL;
    }
    int failed = 0, first = 1;
    if (fmt == FMT_JSON && nfiles > 1)
        fputs("[\n", stdout);
    if (fmt == FMT_CSV && pct_render_facts_csv_header(cli_sink_file, stdout) < 0) {
        cli_err("cannot write output");
        failed = 1;
    }
    for (int i = 0; i < nfiles; i++) {
        pct_doc *doc = NULL;
        pct_facts *facts = NULL;
        if (pct_doc_parse_file(&doc, ctx, files[i]) < 0) {
            cli_err("%s", pct_errmsg(ctx));
            failed = 1;
            continue;
        }
        if (pct_extract(&facts, ctx, doc) < 0) {
            cli_err("%s: %s", files[i], pct_errmsg(ctx));
            failed = 1;
            pct_doc_free(doc);
            continue;
        }
        if (fmt == FMT_JSON && nfiles > 1 && !first)
            fputs(",\n", stdout);
        first = 0;
        int err = fmt == FMT_JSON    ? pct_render_facts_json(facts, cli_sink_file, stdout)
                  : fmt == FMT_JSONL ? pct_render_facts_cuad(facts, files[i], cli_sink_file, stdout)
                                     : pct_render_facts_csv(facts, cli_sink_file, stdout);
        if (err < 0) {
            cli_err("%s: cannot write output", files[i]);
            failed = 1;
        }
        pct_facts_free(facts);
        pct_doc_free(doc);
    }
    if (fmt == FMT_JSON && nfiles > 1)
        fputs("]\n", stdout);
    pct_ctx_free(ctx);
    return failed ? EXIT_FAIL : EXIT_OK;
}
