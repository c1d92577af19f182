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

#endif
