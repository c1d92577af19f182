/*
 * cmd_due.c - `pactum due [--within 90d]`: the expirations and the last
 * days to give notice of non-renewal coming up, from the consolidated state
 * of each family (an amendment that extends the term moves both).
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static void help(FILE *f)
{
    fprintf(f,
            "usage: pactum due [--db FILE] [--within DURATION] [--from DATE] [--all]\n"
            "                  [--format table|json]\n\n"
            "Lists expirations and renewal-notice deadlines (the last day to give notice\n"
            "of non-renewal) from today on, soonest first, taking amendments into account.\n\n"
            "  --within DURATION   how far ahead: 90d (default), 12w, 6m, 1y\n"
            "  --from DATE         count from DATE instead of today (YYYY-MM-DD)\n"
            "  --all               every deadline, past ones included\n"
            "  --format json       a JSON array for scripts\n");
}

/* Today (UTC) plus `days` as YYYY-MM-DD. */
static void date_plus(const char *from, long days, char out[11])
{
    struct tm tm = {0};
    if (sscanf(from, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
        return;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_mday += (int)days;
    tm.tm_hour = 12;
    time_t t = mktime(&tm);
    struct tm *r = localtime(&t);
    strftime(out, 11, "%Y-%m-%d", r);
}

int cmd_due(int argc, char **argv)
{
    const char *db = NULL, *format = "table", *within = "90d", *from = NULL;
    int all = 0;
    for (int i = 1; i < argc; i++) {
        int r;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            help(stdout);
            return EXIT_OK;
        } else if ((r = cli_opt(argc, argv, &i, "--db", &db)) ||
                   (r = cli_opt(argc, argv, &i, "--format", &format)) ||
                   (r = cli_opt(argc, argv, &i, "--within", &within)) ||
                   (r = cli_opt(argc, argv, &i, "--from", &from))) {
            if (r < 0)
                return EXIT_USAGE;
        } else if (!strcmp(argv[i], "--all")) {
            all = 1;
        } else {
            cli_err("due: unknown argument '%s'", argv[i]);
            help(stderr);
            return EXIT_USAGE;
        }
    }
    if (strcmp(format, "table") && strcmp(format, "json")) {
        cli_err("due: unknown format '%s' (table or json)", format);
        return EXIT_USAGE;
    }
    long days;
    if (pct_duration_days(within, &days) < 0) {
        cli_err("due: --within wants a duration such as 90d, 12w, 6m or 1y");
        return EXIT_USAGE;
    }
    char today[11], start[11] = "", end[11] = "";
    time_t now = time(NULL);
    strftime(today, sizeof today, "%Y-%m-%d", gmtime(&now));
    snprintf(start, sizeof start, "%s", from ? from : today);
    date_plus(start, days, end);
    if (!end[0]) {
        cli_err("due: '%s' is not a date (YYYY-MM-DD)", start);
        return EXIT_USAGE;
    }
    pct_store *st;
    pct_ctx *ctx;
    if (cli_store_open(&st, &ctx, db, PCT_STORE_READONLY) != EXIT_OK)
        return EXIT_FAIL;
    pct_store_rows *rows = NULL;
    int rc = EXIT_OK;
    int err = all ? pct_store_due(&rows, st, NULL, NULL) : pct_store_due(&rows, st, start, end);
    if (err < 0) {
        cli_err("%s", pct_errmsg(ctx));
        rc = err == PCT_EINVALID ? EXIT_USAGE : EXIT_FAIL;
    } else if (!strcmp(format, "json")) {
        if (pct_store_rows_json(rows, cli_sink_file, stdout) < 0)
            rc = EXIT_FAIL;
    } else {
        static const char *const head[] = {"DATE", "IN", "EVENT", "ID", "AGREEMENT", "PARTIES",
                                           "BASIS"};
        cli_table *t = cli_table_new(7, head);
        for (size_t i = 0; t && i < pct_store_rows_count(rows); i++) {
            const pct_store_row *r = pct_store_rows_at(rows, i);
            char in[32], id[32];
            snprintf(in, sizeof in, "%ldd", r->days);
            snprintf(id, sizeof id, "%lld.%d", r->id, r->doc);
            const char *ev = !strcmp(r->event, "renewal_notice") ? "renewal notice"
                                                                 : "expiration";
            const char *cells[] = {r->date, in, ev, id,
                                   r->family_title ? r->family_title
                                   : r->title      ? r->title
                                                   : r->name,
                                   r->parties, r->basis};
            cli_table_row(t, cells);
        }
        if (t && pct_store_rows_count(rows))
            cli_table_print(t, stdout);
        cli_table_free(t);
        if (!pct_store_rows_count(rows))
            printf("nothing due %s%s%s%s\n", all ? "" : "from ", all ? "" : start,
                   all ? "" : " to ", all ? "" : end);
    }
    pct_store_rows_free(rows);
    cli_store_close(st, ctx);
    return rc;
}
