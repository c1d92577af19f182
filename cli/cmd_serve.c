/*
 * cmd_serve.c - `pactum serve [--db FILE] [--bind ADDR] [--port N] [--token T]`:
 * the web UI and JSON API over a portfolio store (cli/serve/).
 */
#include "cli.h"
#include "serve/server.h"

#include <stdlib.h>
#include <string.h>

static void help(FILE *f)
{
    fprintf(f,
            "usage: pactum serve [--db FILE] [--bind ADDR] [--port N] [--token TOKEN] [--quiet]\n\n"
            "Serves the portfolio in FILE (or $PACTUM_DB, default ./pactum.db) as a web\n"
            "application and a JSON API under /api/.\n\n"
            "  --db FILE     the store (created when absent)\n"
            "  --bind ADDR   address to listen on (default 127.0.0.1); any address other\n"
            "                than loopback requires --token\n"
            "  --port N      TCP port (default 8080; 0 picks a free port)\n"
            "  --token T     require T on every request (or $PACTUM_TOKEN): header\n"
            "                'Authorization: Bearer T', or open /?token=T once in a browser\n"
            "  --quiet       no access log on stderr\n");
}

int cmd_serve(int argc, char **argv)
{
    serve_opts o = {getenv("PACTUM_DB"), "127.0.0.1", 8080, getenv("PACTUM_TOKEN"), 0};
    if (!o.db || !*o.db)
        o.db = "pactum.db";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            help(stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "--quiet")) {
            o.quiet = 1;
        } else if (v && !strcmp(a, "--db")) {
            o.db = v, i++;
        } else if (v && !strcmp(a, "--bind")) {
            o.bind = v, i++;
        } else if (v && !strcmp(a, "--token")) {
            o.token = v, i++;
        } else if (v && !strcmp(a, "--port")) {
            char *end;
            long p = strtol(v, &end, 10);
            if (*end || p < 0 || p > 65535) {
                cli_err("serve: --port %s: expected a number from 0 to 65535", v);
                return EXIT_USAGE;
            }
            o.port = (unsigned)p, i++;
        } else {
            cli_err("serve: unknown or incomplete option '%s'", a);
            help(stderr);
            return EXIT_USAGE;
        }
    }
    if (o.token && !*o.token)
        o.token = NULL;
    if (!serve_is_loopback(o.bind) && !o.token) {
        cli_err("serve: binding to %s exposes the portfolio beyond this machine: "
                "give --token (or PACTUM_TOKEN)", o.bind);
        return EXIT_USAGE;
    }
    return serve_run(&o);
}
