/*
 * cmd_add.c - `pactum add PATH...`: adds files and folders (recursively) to
 * the store. Parsing runs on every core; each file is committed in its own
 * transaction. On a terminal, a progress bar on stderr (documents, MB/s,
 * ETA) with skipped and failed files printed above it; otherwise one plain
 * line per file on stdout, or one JSON object per line with --format json.
 * Exit status 1 when any file failed or the store failed, else 0.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#define BAR_WIDTH 24          /* characters of the progress bar */
#define BAR_REDRAW_SECONDS 0.1 /* redraw at most ten times a second */

typedef struct add_ui {
    int json, quiet, bar;
    double last_draw;
    int drawn;
} add_ui;

static void help(FILE *f)
{
    fprintf(f,
            "usage: pactum add [--db FILE] [--jobs N] [--format text|json] [--quiet] PATH...\n\n"
            "Adds contract files, and every file under the given folders, to the store:\n"
            "the original bytes, content hash, document tree, facts, families and a\n"
            "full-text index. Content already stored (same SHA-256) is skipped. Amendments\n"
            "and agreements are linked into families whatever the order they arrive in.\n\n"
            "  --db FILE        the store (default: $PACTUM_DB, else ./pactum.db)\n"
            "  --jobs N         parsing threads (default: one per core)\n"
            "  --format json    one JSON object per file, then a summary object\n"
            "  --quiet          print only failures and the summary\n\n"
            "Exit status: 0 when every file was added or skipped, 1 when a file or the\n"
            "store failed (files committed before a store failure stay stored).\n");
}

static const char *status_name(pct_add_status s)
{
    switch (s) {
    case PCT_ADD_ADDED: return "added";
    case PCT_ADD_DUPLICATE: return "duplicate";
    case PCT_ADD_FAILED: return "failed";
    default: return "unknown";
    }
}

static void clear_bar(add_ui *ui)
{
    if (ui->drawn) {
        fputs("\r\033[K", stderr);
        ui->drawn = 0;
    }
}

static void draw_bar(add_ui *ui, const pct_add_event *ev)
{
    double frac = ev->bytes_total ? (double)ev->bytes_done / (double)ev->bytes_total
                                  : ev->total ? (double)ev->done / (double)ev->total : 1;
    int fill = (int)(frac * BAR_WIDTH + 0.5);
    double mbs = ev->elapsed > 0 ? ev->bytes_done / 1e6 / ev->elapsed : 0;
    double eta = frac > 0 && frac < 1 ? ev->elapsed * (1 - frac) / frac : 0;
    char bar[BAR_WIDTH + 1];
    for (int i = 0; i < BAR_WIDTH; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[BAR_WIDTH] = '\0';
    fprintf(stderr, "\r\033[K[%s] %zu/%zu documents  %.1f MB/s  ETA %d:%02d", bar, ev->done,
            ev->total, mbs, (int)eta / 60, (int)eta % 60);
    fflush(stderr);
    ui->drawn = 1;
    ui->last_draw = ev->elapsed;
}

static int progress(const pct_add_event *ev, void *ud)
{
    add_ui *ui = ud;
    if (ui->json) {
        fputs("{\"status\": ", stdout);
        cli_json_str(stdout, status_name(ev->status));
        fputs(", \"path\": ", stdout);
        cli_json_str(stdout, ev->path);
        if (ev->id)
            printf(", \"id\": %lld", ev->id);
        printf(", \"bytes\": %zu, \"documents\": %zu", ev->bytes, ev->ndocs);
        if (ev->message) {
            fputs(", \"message\": ", stdout);
            cli_json_str(stdout, ev->message);
        }
        printf(", \"done\": %zu, \"total\": %zu}\n", ev->done, ev->total);
        fflush(stdout);
        return 0;
    }
    if (ev->status == PCT_ADD_FAILED) {
        clear_bar(ui);
        cli_err("%s", ev->message ? ev->message : ev->path);
    } else if (ui->bar) {
        if (ev->status == PCT_ADD_DUPLICATE && !ui->quiet) {
            clear_bar(ui);
            fprintf(stderr, "skipped %s: same content as stored file %lld\n", ev->path, ev->id);
        }
    } else if (!ui->quiet) {
        if (ev->status == PCT_ADD_ADDED)
            printf("added %lld %s (%zu document%s)\n", ev->id, ev->path, ev->ndocs,
                   ev->ndocs == 1 ? "" : "s");
        else
            printf("skipped %s: same content as stored file %lld\n", ev->path, ev->id);
        fflush(stdout);
    }
    if (ui->bar && (ev->done == ev->total || ev->elapsed - ui->last_draw >= BAR_REDRAW_SECONDS ||
                    !ui->drawn))
        draw_bar(ui, ev);
    return 0;
}

int cmd_add(int argc, char **argv)
{
    const char *db = NULL, *format = "text", *jobs = NULL;
    add_ui ui = {0};
    int npaths = 0;
    char **paths = argv + 1;
    for (int i = 1; i < argc; i++) {
        int r;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            help(stdout);
            return EXIT_OK;
        } else if ((r = cli_opt(argc, argv, &i, "--db", &db)) ||
                   (r = cli_opt(argc, argv, &i, "--format", &format)) ||
                   (r = cli_opt(argc, argv, &i, "--jobs", &jobs))) {
            if (r < 0)
                return EXIT_USAGE;
        } else if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) {
            ui.quiet = 1;
        } else if (!strcmp(argv[i], "--")) {
            while (++i < argc)
                paths[npaths++] = argv[i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            cli_err("add: unknown option '%s'", argv[i]);
            help(stderr);
            return EXIT_USAGE;
        } else {
            paths[npaths++] = argv[i];
        }
    }
    if (strcmp(format, "text") && strcmp(format, "json")) {
        cli_err("add: unknown format '%s' (text or json)", format);
        return EXIT_USAGE;
    }
    ui.json = !strcmp(format, "json");
    ui.bar = !ui.json && cli_is_tty(stderr) && cli_is_tty(stdout) && !ui.quiet;
    pct_add_opts opts = {0, progress, &ui};
    if (jobs) {
        char *end;
        long n = strtol(jobs, &end, 10);
        if (*end || n < 1 || n > 64) {
            cli_err("add: --jobs wants a number from 1 to 64");
            return EXIT_USAGE;
        }
        opts.threads = (int)n;
    }
    if (npaths == 0) {
        cli_err("add: no files or folders given");
        help(stderr);
        return EXIT_USAGE;
    }
    pct_store *st;
    pct_ctx *ctx;
    if (cli_store_open(&st, &ctx, db, 0) != EXIT_OK)
        return EXIT_FAIL;
    pct_add_summary sum;
    int error = pct_store_add_paths(st, (const char *const *)paths, (size_t)npaths, &opts, &sum);
    clear_bar(&ui);
    if (error < 0)
        cli_err("%s", pct_errmsg(ctx));
    double mbs = sum.seconds > 0 ? sum.bytes / 1e6 / sum.seconds : 0;
    if (ui.json) {
        printf("{\"summary\": {\"added\": %zu, \"duplicates\": %zu, \"failed\": %zu, "
               "\"total\": %zu, \"bytes\": %llu, \"seconds\": %.3f, \"mb_per_s\": %.2f, "
               "\"store_error\": ",
               sum.added, sum.duplicates, sum.failed, sum.total, sum.bytes, sum.seconds, mbs);
        cli_json_str(stdout, error < 0 ? pct_errmsg(ctx) : NULL);
        fputs("}}\n", stdout);
    } else {
        FILE *f = ui.bar ? stderr : stdout;
        fprintf(f, "%zu added, %zu already stored, %zu failed, of %zu files (%.1f MB in %.1f s, "
                   "%.1f MB/s)\n",
                sum.added, sum.duplicates, sum.failed, sum.total, sum.bytes / 1e6, sum.seconds,
                mbs);
        if (sum.added + sum.duplicates + sum.failed < sum.total)
            fprintf(f, "%zu files were not processed because the add stopped\n",
                    sum.total - sum.added - sum.duplicates - sum.failed);
    }
    cli_store_close(st, ctx);
    return error < 0 || sum.failed ? EXIT_FAIL : EXIT_OK;
}
