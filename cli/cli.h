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

int cmd_parse(int argc, char **argv);
int cmd_extract(int argc, char **argv);

/* Amendments and families (cmd_consolidate.c, cmd_check.c). */
int cmd_consolidate(int argc, char **argv);
int cmd_check(int argc, char **argv);
/* Parses the files, links them into families, audits, renders; `check`
 * selects the findings output and its linter exit status. */
int cli_family_run(char **files, int nfiles, const char *as_of, int json, int check);

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
int cli_color(FILE *f);      /* a terminal, NO_COLOR unset, TERM not dumb */
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
