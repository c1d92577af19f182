/*
 * cmd_parse.c - `pactum parse FILE... [--format json|outline|text]`: the
 * document tree of each file, or the text the parser read from it (HTML,
 * DOCX and PDF are read into text first; docs/formats.md). With several
 * files, JSON output is one array with one result per file, and text output
 * the texts one after another. A file that cannot be read is reported and
 * skipped; the exit status is 1 when any file failed.
 */
#include "cli.h"

static void help(FILE *f)
{
    fprintf(f, "usage: pactum parse [--format json|outline|text] FILE...\n\n"
               "Prints the document tree of each contract file (plain text, HTML, Word\n"
               ".docx or PDF): documents, title, preamble, recitals, numbered sections,\n"
               "signature blocks and exhibits, each with its byte span in the file.\n\n"
               "  --format json     the tree as JSON (default; schema in docs/tree-json.md)\n"
               "  --format outline  an indented outline for reading\n"
               "  --format text     the UTF-8 text the parser read; DOCX and PDF spans\n"
               "                    count in it (docs/formats.md)\n");
}

static const char *const formats[] = {"json", "outline", "text", NULL};
enum { FMT_JSON, FMT_OUTLINE, FMT_TEXT };

int cmd_parse(int argc, char **argv)
{
    static const cli_files_spec spec = {"parse", help, formats, "json", 0};
    cli_files o;
    int rc = cli_files_parse(&o, &spec, argc, argv);
    if (rc != CLI_GO_ON)
        return rc;
    int json = o.fmt == FMT_JSON;
    pct_doc *doc;
    const char *path;
    cli_array_open(&o, json);
    while ((rc = cli_files_next(&o, &doc, &path)) != 0) {
        if (rc < 0)
            continue;
        cli_array_item(&o);
        size_t len;
        const char *text = pct_doc_read_text(doc, &len);
        int err = json                  ? pct_render_tree_json(doc, cli_sink_file, stdout)
                  : o.fmt == FMT_TEXT ? cli_sink_file(text, len, stdout)
                                      : pct_render_tree_outline(doc, cli_sink_file, stdout);
        if (err < 0)
            cli_files_fail(&o, path, "cannot write output");
        pct_doc_free(doc);
    }
    cli_array_close(&o);
    cli_files_free(&o);
    return o.failed ? EXIT_FAIL : EXIT_OK;
}
