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

static const char *const formats[] = {"json", "text", NULL};
enum { FMT_JSON, FMT_TEXT };

int cmd_consolidate(int argc, char **argv)
{
    static const cli_files_spec spec = {"consolidate", help, formats, "json", 1};
    cli_files o;
    int rc = cli_files_parse(&o, &spec, argc, argv);
    if (rc != CLI_GO_ON)
        return rc;
    return cli_family_run(&o, o.fmt == FMT_JSON, 0);
}
