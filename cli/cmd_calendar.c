/*
 * cmd_calendar.c - `pactum calendar`: the deadlines of the store as an
 * RFC 5545 iCalendar file (one all-day event per expiration and per
 * renewal-notice deadline, each with a reminder) that calendar applications
 * import; event UIDs are stable, so importing again updates moved dates.
 */
#include "cli.h"

#include <string.h>
#include <time.h>

static void help(FILE *f)
{
    fprintf(f,
            "usage: pactum calendar [--db FILE] [--all] [--format ics|json] [-o FILE.ics]\n\n"
            "Writes the expirations and renewal-notice deadlines as an iCalendar (.ics)\n"
            "file: all-day events with a reminder (14 days before a notice deadline, 30\n"
            "days before an expiration). By default only deadlines from today on.\n\n"
            "  --all        past deadlines too\n"
            "  --format json  the same events as a JSON array (as 'pactum due --format json')\n"
            "  -o FILE      write to FILE instead of standard output\n");
}

int cmd_calendar(int argc, char **argv)
{
    const char *db = NULL, *outpath = NULL, *format = "ics";
    int all = 0;
    for (int i = 1; i < argc; i++) {
        int r;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            help(stdout);
            return EXIT_OK;
        } else if ((r = cli_opt(argc, argv, &i, "--db", &db)) ||
                   (r = cli_opt(argc, argv, &i, "-o", &outpath)) ||
                   (r = cli_opt(argc, argv, &i, "--format", &format)) ||
                   (r = cli_opt(argc, argv, &i, "--output", &outpath))) {
            if (r < 0)
                return EXIT_USAGE;
        } else if (!strcmp(argv[i], "--all")) {
            all = 1;
        } else {
            cli_err("calendar: unknown argument '%s'", argv[i]);
            help(stderr);
            return EXIT_USAGE;
        }
    }
    if (strcmp(format, "ics") && strcmp(format, "json")) {
        cli_err("calendar: unknown format '%s' (ics or json)", format);
        return EXIT_USAGE;
    }
    pct_store *st;
    pct_ctx *ctx;
    if (cli_store_open(&st, &ctx, db, PCT_STORE_READONLY) != EXIT_OK)
        return EXIT_FAIL;
    char today[11];
    time_t now = time(NULL);
    strftime(today, sizeof today, "%Y-%m-%d", gmtime(&now));
    pct_store_rows *rows = NULL;
    int rc = EXIT_OK;
    FILE *out = stdout;
    if (pct_store_due(&rows, st, all ? NULL : today, NULL) < 0) {
        cli_err("%s", pct_errmsg(ctx));
        rc = EXIT_FAIL;
    } else if (outpath && !(out = fopen(outpath, "wb"))) {
        cli_err("%s: cannot write", outpath);
        out = stdout;
        rc = EXIT_FAIL;
    } else {
        if ((!strcmp(format, "json") ? pct_store_rows_json(rows, cli_sink_file, out)
                                     : pct_store_rows_ical(rows, cli_sink_file, out)) < 0)
            rc = EXIT_FAIL;
        if (fflush(out) != 0 || (out != stdout && fclose(out) != 0))
            rc = EXIT_FAIL;
        if (rc != EXIT_OK)
            cli_err("%s: cannot write", outpath ? outpath : "standard output");
    }
    pct_store_rows_free(rows);
    cli_store_close(st, ctx);
    return rc;
}
