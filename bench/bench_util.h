/*
 * bench_util.h - what the corpus benchmarks (bench_parse, bench_extract)
 * share: the command line `[DIR] [REPEAT]`, loading every file of the
 * corpus folder into memory, CPU and wall clocks, a sink that discards,
 * the largest-file bookkeeping of pct_mem_peak, and the summary lines.
 *
 * Invariants: a loaded corpus holds only regular files that were read
 * whole, sorted by path, at most BENCH_MAX_FILES of them; each benchmark
 * keeps its own output lines, these helpers print only the common ones.
 */
#ifndef PCT_BENCH_UTIL_H
#define PCT_BENCH_UTIL_H

#include "pactum.h"

#include <stddef.h>

#define BENCH_SKIP 77          /* CTest's skip code */
#define BENCH_MAX_FILES 100000 /* a bound on the file table */
#define BENCH_PATH_MAX 4096

typedef struct bench_input {
    char *name; /* the path, as opened */
    char *data; /* the file's bytes */
    size_t len; /* bytes */
} bench_input;

typedef struct bench_peak {
    const char *file; /* the input whose run raised the context's peak last ("" for none) */
    size_t bytes;     /* its size in bytes */
} bench_peak;

typedef struct bench_corpus {
    const char *prog;             /* the benchmark's name, for messages */
    const char *dir;              /* the corpus folder */
    int repeat;                   /* passes over all files, >= 1 */
    bench_input *in;              /* the files, sorted by name */
    long n;                       /* how many */
    size_t total;                 /* bytes of all files together */
    pct_ctx *ctx;                 /* the context every run uses */
    long failed;                  /* runs that failed, counted by the benchmark */
    bench_peak peak;              /* the file whose run raised ctx's peak last */
    char dir_buf[BENCH_PATH_MAX]; /* the default folder, when DIR is not given */
} bench_corpus;

/* Reads `prog [DIR] [REPEAT]`, loads every regular file of DIR (default
 * $PCT_SHARED/cuad/contracts, else ../shared/cuad/contracts) and makes c->ctx.
 * Returns 0; BENCH_SKIP after printing why (no such folder, no readable file);
 * 1 without a context. A file that cannot be read is reported on stderr and
 * left out. `c` must not be copied (c->dir may point into it); free it with
 * bench_corpus_free, which leaves c->failed as it is. */
int bench_corpus_load(bench_corpus *c, const char *prog, int argc, char **argv, int default_repeat);
void bench_corpus_free(bench_corpus *c);

typedef struct bench_stamp {
    double cpu, wall; /* seconds: this thread's CPU time, monotonic wall time */
} bench_stamp;

/* Monotonic wall-clock seconds. */
double bench_wall_s(void);
/* This thread's CPU time and the wall clock, now. */
bench_stamp bench_now(void);
/* Adds the time from `t0` to now to `acc`. */
void bench_add_since(bench_stamp *acc, bench_stamp t0);

/* A pct_sink that only counts: adds `len` to the size_t at `ud`. */
int bench_discard(const char *data, size_t len, void *ud);

/* After a run on `in` that began when pct_mem_peak(c->ctx) was `before`:
 * notes `in` as the largest when the run raised the peak. */
void bench_peak_note(bench_corpus *c, size_t before, const bench_input *in);

/* "<prog>: N files, X MB, R passes" and a note when c->failed. */
void bench_print_header(const bench_corpus *c);
/* The "peak bytes:" and "max rss:" lines, labels padded to `width` columns;
 * `largest` names what the peak is of ("largest", "largest parse"). */
void bench_print_memory(const bench_corpus *c, int width, const char *largest);

#endif
