/* cli.h - shared helpers of the pactum command-line tool. */
#ifndef PCT_CLI_H
#define PCT_CLI_H

#include "exit.h"
#include <pactum.h>
#include <stdio.h>

/* A pct_sink writing to a FILE*. */
int cli_sink_file(const char *data, size_t len, void *ud);

/* Prints "pactum: <fmt>" to stderr. */
void cli_err(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* The file commands' shared command line and file loop (files.c). */
#define CLI_GO_ON (-1) /* cli_files_parse: the arguments are good, run the command */

typedef struct cli_files_spec {
    const char *name;           /* the command, for messages: "parse" */
    void (*help)(FILE *f);      /* prints the command's usage */
    const char *const *formats; /* the --format values it takes, NULL-terminated */
    const char *default_format; /* one of them */
    int as_of;                  /* it takes --as-of YYYY-MM-DD */
} cli_files_spec;

typedef struct cli_files {
    const char *format; /* the --format value */
    int fmt;            /* its index in spec->formats */
    const char *as_of;  /* the --as-of date, or NULL */
    char **files;       /* the input files, in order (argv's storage) */
    int nfiles;
    int next;     /* the next file cli_files_next reads, 0-based */
    int failed;   /* some file could not be read, parsed or written */
    int array;    /* JSON output of several files: one array */
    int items;    /* array items written so far */
    pct_ctx *ctx; /* the context the files are parsed with */
} cli_files;

/* Reads `<cmd> [--format F] [--as-of DATE] FILE...`: --help/-h print the usage and
 * give EXIT_OK; an unknown option, an unknown format, a bad date or no file print
 * "pactum: <cmd>: <problem>" and give EXIT_USAGE; no memory for o->ctx gives
 * EXIT_FAIL. Else CLI_GO_ON, `o` filled; release it with cli_files_free. */
int cli_files_parse(cli_files *o, const cli_files_spec *spec, int argc, char **argv);
void cli_files_free(cli_files *o);
/* Parses the next file into *doc_out (the caller's, pct_doc_free): 1; 0 when
 * all are done; -1 when it cannot be read ("pactum: <file>: <problem>" printed,
 * o->failed set; go on with the next or stop). *path_out: the file, if asked. */
int cli_files_next(cli_files *o, pct_doc **doc_out, const char **path_out);
/* Prints "pactum: <path>: <problem>" and sets o->failed. */
void cli_files_fail(cli_files *o, const char *path, const char *problem);
/* JSON output of several files as one array on stdout: "[" when `json` and
 * there are several files, "," before each item but the first, "]". */
void cli_array_open(cli_files *o, int json);
void cli_array_item(cli_files *o);
void cli_array_close(const cli_files *o);

int cmd_parse(int argc, char **argv);
int cmd_extract(int argc, char **argv);

/* Amendments and families (cmd_consolidate.c, cmd_check.c). */
int cmd_consolidate(int argc, char **argv);
int cmd_check(int argc, char **argv);
/* Parses the files of `o` (stopping at the first that fails), links them into
 * families, audits, renders as of o->as_of; `check` selects the findings output
 * and its linter exit status. Releases `o` (cli_files_free). */
int cli_family_run(cli_files *o, int json, int check);

/* Portfolio commands (store) and their shared output helpers (table.c). */
int cmd_add(int argc, char **argv);
int cmd_ls(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_due(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_calendar(int argc, char **argv);
int cmd_rm(int argc, char **argv);

/* The web UI and JSON API (cmd_serve.c, serve/). */
int cmd_serve(int argc, char **argv);

typedef struct cli_table cli_table;
cli_table *cli_table_new(int ncols, const char *const *headers);
int cli_table_row(cli_table *t, const char *const *cells);
void cli_table_print(cli_table *t, FILE *f);
void cli_table_free(cli_table *t);
int cli_color(FILE *f); /* a terminal, NO_COLOR unset, TERM not dumb */
int cli_is_tty(FILE *f);
int cli_term_width(FILE *f);
void cli_json_str(FILE *f, const char *s);
/* The store path: --db value, else $PACTUM_DB, else ./pactum.db. */
const char *cli_db_path(const char *opt);
/* Opens the store (message on failure); returns EXIT_OK or EXIT_FAIL. */
int cli_store_open(pct_store **out, pct_ctx **ctx_out, const char *db, unsigned flags);
void cli_store_close(pct_store *st, pct_ctx *ctx);
/* Matches option `name` at argv[*i] as "--name VALUE" or "--name=VALUE":
 * 1 and *value set, 0 when it is another argument, -1 when the value is missing. */
int cli_opt(int argc, char **argv, int *i, const char *name, const char **value);

#endif
