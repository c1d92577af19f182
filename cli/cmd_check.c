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
#include <string.h>

static void help(FILE *f)
{
    fprintf(f, "usage: pactum check [--format json|text] FILE...\n\n"
               "Audits the execution of agreements and their amendments and reports\n"
               "findings with a severity, a stable code and the spans they are about.\n"
               "Exits with 1 when an error-severity finding exists, 0 otherwise.\n\n"
               "  --format text     a reviewer's memo (default)\n"
               "  --format json     JSON (schema in docs/family-json.md)\n");
}

int cli_family_run(char **files, int nfiles, const char *as_of, int json, int check)
{
    pct_ctx *ctx = pct_ctx_new(NULL);
    if (!ctx) {
        cli_err("out of memory");
        return EXIT_FAIL;
    }
    pct_doc **docs = calloc((size_t)nfiles, sizeof *docs);
    pct_family *fam = NULL;
    pct_findings *findings = NULL;
    int n = 0, status = EXIT_OK, err;
    if (!docs) {
        cli_err("out of memory");
        status = EXIT_FAIL;
        goto done;
    }
    for (int i = 0; i < nfiles; i++) {
        if (pct_doc_parse_file(&docs[n], ctx, files[i]) < 0) {
            cli_err("%s", pct_errmsg(ctx));
            status = EXIT_FAIL;
            goto done;
        }
        n++;
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
        err = json ? pct_render_family_json(fam, as_of, findings, cli_sink_file, stdout)
                   : pct_render_family_memo(fam, as_of, findings, cli_sink_file, stdout);
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
    pct_ctx_free(ctx);
    return status;
}

int cmd_check(int argc, char **argv)
{
    const char *format = "text";
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
        } else if (argv[i][0] == '-' && argv[i][1]) {
            cli_err("check: unknown option '%s'", argv[i]);
            help(stderr);
            return EXIT_USAGE;
        } else {
            files[nfiles++] = argv[i];
        }
    }
    int json = !strcmp(format, "json");
    if (!json && strcmp(format, "text")) {
        cli_err("check: unknown format '%s' (json or text)", format);
        return EXIT_USAGE;
    }
    if (nfiles == 0) {
        cli_err("check: no input files");
        help(stderr);
        return EXIT_USAGE;
    }
    return cli_family_run(files, nfiles, NULL, json, 1);
}
