/*
 * cmd_consolidate.c - `pactum consolidate FILE... [--as-of YYYY-MM-DD]
 * [--format json|text]`: links the documents of the files into families
 * (an agreement and its amendments), names the documents cited but not on
 * file, and states each agreement as amended on a date, every element with
 * the document it comes from. Without --as-of, the state after the last
 * document is given. The text format is a reviewer's memo and ends with the
 * audit findings.
 */
#include "cli.h"

#include <string.h>

static void help(FILE *f)
{
    fprintf(f, "usage: pactum consolidate [--as-of YYYY-MM-DD] [--format json|text] FILE...\n\n"
               "Links the agreements and amendments in the files into families, orders\n"
               "them by the date each took effect, and states the agreement as amended\n"
               "on a date: parties, who each defined party term covers, the term, each\n"
               "changed section with the document it comes from, and the change log.\n\n"
               "  --as-of DATE      the date of the state (default: the latest document's)\n"
               "  --format json     JSON (default; schema in docs/family-json.md)\n"
               "  --format text     a reviewer's memo, with the audit findings\n");
}

static int valid_date(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

int cmd_consolidate(int argc, char **argv)
{
    const char *format = "json", *as_of = NULL;
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
        } else if (!strcmp(argv[i], "--as-of") && i + 1 < argc) {
            as_of = argv[++i];
        } else if (!strncmp(argv[i], "--as-of=", 8)) {
            as_of = argv[i] + 8;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            cli_err("consolidate: unknown option '%s'", argv[i]);
            help(stderr);
            return EXIT_USAGE;
        } else {
            files[nfiles++] = argv[i];
        }
    }
    int json = !strcmp(format, "json");
    if (!json && strcmp(format, "text")) {
        cli_err("consolidate: unknown format '%s' (json or text)", format);
        return EXIT_USAGE;
    }
    if (as_of && !valid_date(as_of)) {
        cli_err("consolidate: --as-of wants a date YYYY-MM-DD, not '%s'", as_of);
        return EXIT_USAGE;
    }
    if (nfiles == 0) {
        cli_err("consolidate: no input files");
        help(stderr);
        return EXIT_USAGE;
    }
    return cli_family_run(files, nfiles, as_of, json, 0);
}
