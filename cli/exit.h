/* exit.h - exit codes of the pactum command. */
#ifndef PCT_CLI_EXIT_H
#define PCT_CLI_EXIT_H

#define EXIT_OK 0      /* success */
#define EXIT_FAIL 1    /* a file could not be read, or `check` found an error */
#define EXIT_USAGE 2   /* bad command line */

#endif
