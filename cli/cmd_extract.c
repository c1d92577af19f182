/*
 * cmd_extract.c - `pactum extract FILE... [--format json|jsonl|csv]`: the
 * facts of each contract file. json prints the full facts (one object per
 * file, an array for several files); jsonl prints one CUAD prediction line
 * per file (../shared/cuad/README.md); csv prints a header and one row per
 * document. A file that cannot be read is reported and skipped; the exit
 * status is 1 when any file failed.
 */
#include "cli.h"

static void help(FILE *f)
{
    fprintf(f,
            "usage: pactum extract [--format json|jsonl|csv] FILE...\n\n"
            "Prints the facts of each contract file: document name and kind, parties\n"
            "with aliases, entity types, jurisdictions and addresses, dates, term,\n"
            "renewal, notice, governing law, defined terms and referenced documents.\n\n"
            "  --format json   full facts with spans and rule ids (default; docs/facts-json.md)\n"
            "  --format jsonl  one CUAD prediction line per file\n"
            "  --format csv    a header and one row per document\n");
}

static const char *const formats[] = {"json", "jsonl", "csv", NULL};
enum { FMT_JSON, FMT_JSONL, FMT_CSV };

/* Renders the facts of one file in format `fmt`; 0 or negative. */
static int render(int fmt, const pct_facts *facts, const char *path)
{
    return fmt == FMT_JSON    ? pct_render_facts_json(facts, cli_sink_file, stdout)
           : fmt == FMT_JSONL ? pct_render_facts_cuad(facts, path, cli_sink_file, stdout)
                              : pct_render_facts_csv(facts, cli_sink_file, stdout);
}

int cmd_extract(int argc, char **argv)
{
    static const cli_files_spec spec = {"extract", help, formats, "json", 0};
    cli_files o;
    int rc = cli_files_parse(&o, &spec, argc, argv);
    if (rc != CLI_GO_ON)
        return rc;
    cli_array_open(&o, o.fmt == FMT_JSON);
    if (o.fmt == FMT_CSV && pct_render_facts_csv_header(cli_sink_file, stdout) < 0) {
        cli_err("cannot write output");
        o.failed = 1;
    }
    pct_doc *doc;
    const char *path;
    while ((rc = cli_files_next(&o, &doc, &path)) != 0) {
        pct_facts *facts = NULL;
        if (rc < 0)
            continue;
        if (pct_extract(&facts, o.ctx, doc) < 0) {
            cli_files_fail(&o, path, pct_errmsg(o.ctx));
            pct_doc_free(doc);
            continue;
        }
        cli_array_item(&o);
        if (render(o.fmt, facts, path) < 0)
            cli_files_fail(&o, path, "cannot write output");
        pct_facts_free(facts);
        pct_doc_free(doc);
    }
    cli_array_close(&o);
    cli_files_free(&o);
    return o.failed ? EXIT_FAIL : EXIT_OK;
}
