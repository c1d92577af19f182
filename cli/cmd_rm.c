/*
 * cmd_rm.c - `pactum rm ID...`: removes stored files (their documents,
 * facts, index entries) and re-links the families they belonged to.
 */
#include "cli.h"

#include <string.h>

static void help(FILE *f)
{
    fprintf(f,
            "usage: pactum rm [--db FILE] [--format text|json] ID|NAME...\n\n"
            "Removes stored files from the store (the files on disk are not touched).\n"
            "ID|NAME as for 'pactum show'. The families of the removed files are\n"
            "re-linked without them.\n");
}

int cmd_rm(int argc, char **argv)
{
    const char *db = NULL, *format = "text";
    int nrefs = 0;
    char **refs = argv + 1;
    for (int i = 1; i < argc; i++) {
        int r;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            help(stdout);
            return EXIT_OK;
        } else if ((r = cli_opt(argc, argv, &i, "--db", &db)) ||
                   (r = cli_opt(argc, argv, &i, "--format", &format))) {
            if (r < 0)
                return EXIT_USAGE;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            cli_err("rm: unknown option '%s'", argv[i]);
            help(stderr);
            return EXIT_USAGE;
        } else {
            refs[nrefs++] = argv[i];
        }
    }
    if (!nrefs) {
        cli_err("rm: which stored file? (an ID from 'pactum ls')");
        help(stderr);
        return EXIT_USAGE;
    }
    int json = !strcmp(format, "json");
    if (!json && strcmp(format, "text")) {
        cli_err("rm: unknown format '%s' (text or json)", format);
        return EXIT_USAGE;
    }
    pct_store *st;
    pct_ctx *ctx;
    if (cli_store_open(&st, &ctx, db, PCT_STORE_NOCREATE) != EXIT_OK)
        return EXIT_FAIL;
    int rc = EXIT_OK;
    if (json)
        fputs("[", stdout);
    for (int i = 0; i < nrefs; i++) {
        long long id = 0;
        int err = pct_store_resolve(st, refs[i], &id);
        if (err == 0)
            err = pct_store_remove(st, id);
        if (json) {
            printf("%s{\"ref\": ", i ? ", " : "");
            cli_json_str(stdout, refs[i]);
            printf(", \"id\": %lld, \"removed\": %s", id, err ? "false" : "true");
            if (err) {
                fputs(", \"message\": ", stdout);
                cli_json_str(stdout, pct_errmsg(ctx));
            }
            fputs("}", stdout);
        } else if (!err) {
            printf("removed %lld (%s)\n", id, refs[i]);
        }
        if (err) {
            cli_err("%s", pct_errmsg(ctx));
            rc = EXIT_FAIL;
        }
    }
    if (json)
        fputs("]\n", stdout);
    cli_store_close(st, ctx);
    return rc;
}
