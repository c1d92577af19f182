/*
 * files.c - what the file commands (parse, extract, check, consolidate)
 * share: reading their command line into a cli_files, and parsing the
 * input files one after another.
 *
 * Approach: options are read left to right and the first that decides ends
 * the reading: --help prints the usage to stdout (exit 0), an unknown option
 * prints a message and the usage to stderr (exit 2). Then the format is
 * checked against the command's list, then --as-of, then that there is a
 * file; each failure is a usage error (exit 2). Only then is the context
 * made. Files are parsed one at a time, each by one cli_files_next.
 *
 * Invariants: o->files reuses argv's storage (the k-th file goes to
 * argv[1 + k], never past the argument being read); a file that cannot be
 * read or parsed is reported once, as "pactum: <file>: <problem>", and sets
 * o->failed.
 */
#include "cli.h"

#include <string.h>

#define FORMATS_MSG_MAX 128 /* room for "json, jsonl or csv" and the like */
#define DATE_LEN 10         /* YYYY-MM-DD */

/* Matches "--name VALUE" (when a value follows) or "--name=VALUE" at
 * argv[*i]: 1 with *value set, else 0. "--name" as the last argument does
 * not match, and so is an unknown option. */
static int opt_value(int argc, char **argv, int *i, const char *name, const char **value)
{
    size_t n = strlen(name);
    if (!strcmp(argv[*i], name) && *i + 1 < argc) {
        *value = argv[++*i];
        return 1;
    }
    if (!strncmp(argv[*i], name, n) && argv[*i][n] == '=') {
        *value = argv[*i] + n + 1;
        return 1;
    }
    return 0;
}

/* A calendar-shaped date YYYY-MM-DD (month 1-12, day 1-31). */
static int valid_date(const char *s)
{
    if (!s || strlen(s) != DATE_LEN || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < DATE_LEN; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* The index of `format` in the NULL-terminated `formats`, or -1. */
static int format_index(const char *const *formats, const char *format)
{
    for (int k = 0; formats[k]; k++)
        if (!strcmp(formats[k], format))
            return k;
    return -1;
}

/* "a or b", "a, b or c": the formats for a message. */
static void formats_phrase(const char *const *formats, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int k = 0; formats[k] && used < size; k++) {
        const char *sep = k == 0 ? "" : formats[k + 1] ? ", " : " or ";
        int w = snprintf(buf + used, size - used, "%s%s", sep, formats[k]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

/* Reads the options; CLI_GO_ON, or the exit status when one decided. */
static int read_args(cli_files *o, const cli_files_spec *spec, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            spec->help(stdout);
            return EXIT_OK;
        } else if (opt_value(argc, argv, &i, "--format", &o->format)) {
            continue;
        } else if (spec->as_of && opt_value(argc, argv, &i, "--as-of", &o->as_of)) {
            continue;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            cli_err("%s: unknown option '%s'", spec->name, argv[i]);
            spec->help(stderr);
            return EXIT_USAGE;
        } else {
            o->files[o->nfiles++] = argv[i];
        }
    }
    return CLI_GO_ON;
}

int cli_files_parse(cli_files *o, const cli_files_spec *spec, int argc, char **argv)
{
    memset(o, 0, sizeof *o);
    o->format = spec->default_format;
    o->files = argv + 1;
    int rc = read_args(o, spec, argc, argv);
    if (rc != CLI_GO_ON)
        return rc;
    if ((o->fmt = format_index(spec->formats, o->format)) < 0) {
        char phrase[FORMATS_MSG_MAX];
        formats_phrase(spec->formats, phrase, sizeof phrase);
        cli_err("%s: unknown format '%s' (%s)", spec->name, o->format, phrase);
        return EXIT_USAGE;
    }
    if (o->as_of && !valid_date(o->as_of)) {
        cli_err("%s: --as-of wants a date YYYY-MM-DD, not '%s'", spec->name, o->as_of);
        return EXIT_USAGE;
    }
    if (o->nfiles == 0) {
        cli_err("%s: no input files", spec->name);
        spec->help(stderr);
        return EXIT_USAGE;
    }
    if ((o->ctx = pct_ctx_new(NULL)) == NULL) {
        cli_err("out of memory");
        return EXIT_FAIL;
    }
    return CLI_GO_ON;
}

void cli_files_free(cli_files *o)
{
    pct_ctx_free(o->ctx);
    o->ctx = NULL;
}

int cli_files_next(cli_files *o, pct_doc **doc_out, const char **path_out)
{
    *doc_out = NULL;
    if (o->next >= o->nfiles)
        return 0;
    const char *path = o->files[o->next++];
    if (path_out)
        *path_out = path;
    if (pct_doc_parse_file(doc_out, o->ctx, path) < 0) {
        cli_err("%s", pct_errmsg(o->ctx)); /* the library's message starts with the path */
        o->failed = 1;
        return -1;
    }
    return 1;
}

void cli_files_fail(cli_files *o, const char *path, const char *problem)
{
    cli_err("%s: %s", path, problem);
    o->failed = 1;
}

void cli_array_open(cli_files *o, int json)
{
    o->array = json && o->nfiles > 1;
    o->items = 0;
    if (o->array)
        fputs("[\n", stdout);
}

void cli_array_item(cli_files *o)
{
    if (o->array && o->items > 0)
        fputs(",\n", stdout);
    o->items++;
}

void cli_array_close(const cli_files *o)
{
    if (o->array)
        fputs("]\n", stdout);
}
