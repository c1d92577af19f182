/*
 * cmd_parse.c - `pactum parse FILE... [--format json|outline]`: the document
 * tree of each file. With several files, JSON output is one array with one
 * result per file. A file that cannot be read is reported and skipped; the
 * exit status is 1 when any file failed.
 */
#include "cli.h"

#include <string.h>

static void help(FILE *f)
{
    fprintf(f, "usage: pactum parse [--format json|outline] FILE...\n\n"
               "Prints the document tree of each contract file: documents, title,\n"
               "preamble, recitals, numbered sections, signature blocks and exhibits,\n"
               "each with its byte span in the file.\n\n"
               "  --format json     the tree as JSON (default; schema in docs/tree-json.md)\n"
               "  --format outline  an indented outline for reading\n");
}

int cmd_parse(int argc, char **argv)
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
            cli_err("parse: unknown option '%s'", argv[i]);
            help(stderr);
            return EXIT_USAGE;
        } else {
            files[nfiles++] = argv[i];
        }
    }
    int json = !strcmp(format, "json");
    if (!json && strcmp(format, "outline")) {
        cli_err("parse: unknown format '%s' (json or outline)", format);
        return EXIT_USAGE;
    }
    if (nfiles == 0) {
        cli_err("parse: no input files");
        help(stderr);
        return EXIT_USAGE;
    }
    pct_ctx *ctx = pct_ctx_new(NULL);
    if (!ctx) {
        cli_err("out of memory");
        return EXIT_FAIL;
    }
    int failed = 0, first = 1;
    if (json && nfiles > 1)
        fputs("[\n", stdout);
    for (int i = 0; i < nfiles; i++) {
        pct_doc *doc = NULL;
        if (pct_doc_parse_file(&doc, ctx, files[i]) < 0) {
            cli_err("%s", pct_errmsg(ctx));
            failed = 1;
            continue;
        }
        if (json && nfiles > 1 && !first)
            fputs(",\n", stdout);
        first = 0;
        int err = json ? pct_render_tree_json(doc, cli_sink_file, stdout)
                       : pct_render_tree_outline(doc, cli_sink_file, stdout);
        if (err < 0) {
            cli_err("%s: cannot write output", files[i]);
            failed = 1;
        }
        pct_doc_free(doc);
    }
    if (json && nfiles > 1)
        fputs("]\n", stdout);
    pct_ctx_free(ctx);
    return failed ? EXIT_FAIL : EXIT_OK;
}
