/*
 * main.c - the pactum command: dispatches to cmd_<name>.c. Every command
 * is a thin client of pactum.h.
 */
#include "cli.h"

#include <stdarg.h>
#include <string.h>

int cli_sink_file(const char *data, size_t len, void *ud)
{
    return fwrite(data, 1, len, (FILE *)ud) == len ? 0 : -1;
}

void cli_err(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("pactum: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"parse", cmd_parse, "show the document tree of contract files"},
    {"extract", cmd_extract, "extract facts (parties, dates, term, law) from contract files"},
    {"consolidate", cmd_consolidate, "an agreement as amended on a date, with its amendments"},
    {"check", cmd_check, "audit the execution of agreements and amendments (exit 1 on errors)"},
    {"add", cmd_add, "add contract files and folders to the store"},
    {"ls", cmd_ls, "list the stored documents, with filters"},
    {"show", cmd_show, "show a stored document: facts, family, deadlines"},
    {"search", cmd_search, "full-text search of the stored documents"},
    {"due", cmd_due, "expirations and renewal-notice deadlines coming up"},
    {"export", cmd_export, "export the store as CSV or JSON lines"},
    {"calendar", cmd_calendar, "the deadlines as an iCalendar (.ics) file"},
    {"rm", cmd_rm, "remove a stored file"},
    {"serve", cmd_serve, "the web interface and JSON API over the store"},
    {NULL, NULL, NULL},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: pactum <command> [options] [FILE...]\n\ncommands:\n");
    for (const command *c = commands; c->name; c++)
        fprintf(f, "  %-12s %s\n", c->name, c->summary);
    fprintf(f, "\nRun 'pactum <command> --help' for a command's options.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("pactum %s\n", PCT_VERSION);
        return EXIT_OK;
    }
    for (const command *c = commands; c->name; c++)
        if (!strcmp(argv[1], c->name))
            return c->run(argc - 1, argv + 1);
    cli_err("unknown command '%s'", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
