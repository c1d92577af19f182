/*
 * cmd_show.c - `pactum show ID|NAME [--as-of DATE]`: one stored file: its
 * record, the facts of each document, its family and the deadlines of the
 * consolidated state; --format json gives the stored facts (every value
 * with span and rule) and the families as JSON.
 */
#include "cli.h"

#include <string.h>

static void help(FILE *f)
{
    fprintf(f,
            "usage: pactum show [--db FILE] [--as-of DATE] [--format text|json] ID|NAME\n\n"
            "Shows a stored file: where it came from, the facts of each document (parties,\n"
            "dates, term, renewal, governing law, signatures), its family (the agreement\n"
            "and its amendments) and the deadlines of the agreement as amended.\n"
            "ID|NAME is a file id (12), a document (12.1), a file name, a path or a\n"
            "SHA-256 prefix of at least 6 hex digits.\n\n"
            "  --as-of DATE     the state on DATE (YYYY-MM-DD; default today)\n"
            "  --format json    JSON: the stored record, facts with spans and rules, families\n");
}

int cmd_show(int argc, char **argv)
{
    const char *db = NULL, *format = "text", *as_of = NULL, *ref = NULL;
    for (int i = 1; i < argc; i++) {
        int r;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            help(stdout);
            return EXIT_OK;
        } else if ((r = cli_opt(argc, argv, &i, "--db", &db)) ||
                   (r = cli_opt(argc, argv, &i, "--format", &format)) ||
                   (r = cli_opt(argc, argv, &i, "--as-of", &as_of))) {
            if (r < 0)
                return EXIT_USAGE;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            cli_err("show: unknown option '%s'", argv[i]);
            help(stderr);
            return EXIT_USAGE;
        } else if (ref) {
            cli_err("show: one ID or NAME at a time");
            return EXIT_USAGE;
        } else {
            ref = argv[i];
        }
    }
    if (!ref) {
        cli_err("show: which document? (an ID from 'pactum ls', or a file name)");
        help(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(format, "text") && strcmp(format, "json")) {
        cli_err("show: unknown format '%s' (text or json)", format);
        return EXIT_USAGE;
    }
    pct_store *st;
    pct_ctx *ctx;
    if (cli_store_open(&st, &ctx, db, PCT_STORE_READONLY) != EXIT_OK)
        return EXIT_FAIL;
    long long id = 0;
    int rc = EXIT_OK, err = pct_store_resolve(st, ref, &id);
    if (err == 0)
        err = !strcmp(format, "json") ? pct_store_show_json(st, id, as_of, cli_sink_file, stdout)
                                      : pct_store_show_text(st, id, as_of, cli_sink_file, stdout);
    if (err < 0) {
        cli_err("%s", pct_errmsg(ctx));
        rc = err == PCT_EINVALID && strstr(pct_errmsg(ctx), "not a date") ? EXIT_USAGE : EXIT_FAIL;
    }
    cli_store_close(st, ctx);
    return rc;
}
