/*
 * cmd_check.c - `pactum check FILE... [--format json|text]`: audits the
 * execution of the agreements and amendments in the files (blank signature
 * blocks, signatories the body never names, parties without a block, name
 * variants, dates out of order, documents cited but not on file, operations
 * whose target is missing). Like a linter, it exits with 1 when an
 * error-severity finding exists and 0 otherwise.
 *
 * It also holds cli_family_run(), shared with `consolidate`: parse every
 * file, link the family, audit, render.
 */
#include "cli.h"

#include <stdlib.h>

static void help(FILE *f)
{
    fprintf(f, "usage: pactum check [--format json|text] FILE...\n\n"
               "Audits the execution of agreements and their amendments and reports\n"
               "findings with a severity, a stable code and the spans they are about.\n"
               "Exits with 1 when an error-severity finding exists, 0 otherwise.\n\n"
               "  --format text     a reviewer's memo (default)\n"
               "  --format json     JSON (schema in docs/family-json.md)\n");
}

int cli_family_run(cli_files *o, int json, int check)
{
    pct_ctx *ctx = o->ctx;
    pct_doc **docs = calloc((size_t)o->nfiles, sizeof *docs);
    pct_family *fam = NULL;
    pct_findings *findings = NULL;
    pct_doc *doc;
    int n = 0, status = EXIT_OK, err;
    if (!docs) {
        cli_err("out of memory");
        status = EXIT_FAIL;
        goto done;
    }
    while ((err = cli_files_next(o, &doc, NULL)) != 0) {
        if (err < 0) {
            status = EXIT_FAIL;
            goto done;
        }
        docs[n++] = doc;
    }
    if ((err = pct_family_link(&fam, ctx, (const pct_doc *const *)docs, (size_t)n)) < 0 ||
        (err = pct_finding_check(&findings, fam)) < 0) {
        cli_err("%s", pct_errmsg(ctx));
        status = EXIT_FAIL;
        goto done;
    }
    if (check)
        err = json ? pct_render_findings_json(fam, findings, cli_sink_file, stdout)
                   : pct_render_findings_memo(fam, findings, cli_sink_file, stdout);
    else
        err = json ? pct_render_family_json(fam, o->as_of, findings, cli_sink_file, stdout)
                   : pct_render_family_memo(fam, o->as_of, findings, cli_sink_file, stdout);
    if (err < 0) {
        cli_err("%s", err == PCT_EINVALID ? pct_errmsg(ctx) : "cannot write output");
        status = EXIT_FAIL;
        goto done;
    }
    if (check && pct_finding_max(findings) == PCT_SEV_ERROR)
        status = EXIT_FAIL;
done:
    pct_finding_free(findings);
    pct_family_free(fam);
    for (int i = 0; i < n; i++)
        pct_doc_free(docs[i]);
    free(docs);
    cli_files_free(o);
    return status;
}

static const char *const formats[] = {"json", "text", NULL};
enum { FMT_JSON, FMT_TEXT };

int cmd_check(int argc, char **argv)
{
    static const cli_files_spec spec = {"check", help, formats, "text", 0};
    cli_files o;
    int rc = cli_files_parse(&o, &spec, argc, argv);
    if (rc != CLI_GO_ON)
        return rc;
    return cli_family_run(&o, o.fmt == FMT_JSON, 1);
}
