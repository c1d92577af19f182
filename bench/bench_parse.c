/*
 * bench_parse.c - parsing throughput and memory on the CUAD contracts.
 *
 * usage: bench_parse [DIR] [REPEAT]
 *   DIR     a folder of .txt contracts (default: $PCT_SHARED/cuad/contracts,
 *           else ../shared/cuad/contracts); exits 77 when it is absent
 *   REPEAT  passes over all files (default 5), for stable numbers
 *
 * Approach: every file is read into memory first (bench_util.c), so only
 * pct_doc_parse is timed, in one thread. A second timed loop renders each
 * tree as JSON to a discarding sink. MB/s (1 MB = 10^6 bytes) is computed
 * from the thread's CPU time (CLOCK_THREAD_CPUTIME_ID), which other
 * processes on a busy machine do not inflate; wall-clock MB/s is printed
 * beside it. Also the context's peak bytes (pct_mem_peak: the largest single
 * parse, since each doc is freed before the next) and the process's max RSS
 * (getrusage).
 */
#include "bench_util.h"

#include <stdio.h>

#define BENCH_DEFAULT_REPEAT 5
#define BENCH_LABEL_WIDTH 13 /* columns of the memory lines' labels */

int main(int argc, char **argv)
{
    bench_corpus c;
    int rc = bench_corpus_load(&c, "bench_parse", argc, argv, BENCH_DEFAULT_REPEAT);
    if (rc != 0)
        return rc;
    size_t rendered = 0;
    bench_stamp parse_t = {0, 0}, render_t = {0, 0};
    for (int r = 0; r < c.repeat; r++) {
        for (const bench_input *in = c.in; in < c.in + c.n; in++) {
            size_t before = pct_mem_peak(c.ctx);
            pct_doc *doc = NULL;
            bench_stamp t0 = bench_now();
            int err = pct_doc_parse(&doc, c.ctx, in->name, in->data, in->len);
            bench_add_since(&parse_t, t0);
            if (err < 0) {
                if (r == 0)
                    fprintf(stderr, "bench_parse: %s\n", pct_errmsg(c.ctx));
                c.failed++;
                continue;
            }
            bench_peak_note(&c, before, in);
            t0 = bench_now();
            pct_render_tree_json(doc, bench_discard, &rendered);
            bench_add_since(&render_t, t0);
            pct_doc_free(doc);
        }
    }
    double mb = (double)c.total * c.repeat / 1e6;
    bench_print_header(&c);
    printf("parse:       %8.1f MB/s per CPU second (%.3f s CPU; wall %.1f MB/s)\n",
           mb / parse_t.cpu, parse_t.cpu, mb / parse_t.wall);
    printf("render json: %8.1f MB/s of input per CPU second (%.3f s CPU; wall %.1f MB/s; "
           "%.1f MB of JSON)\n",
           mb / render_t.cpu, render_t.cpu, mb / render_t.wall, (double)rendered / 1e6);
    bench_print_memory(&c, BENCH_LABEL_WIDTH, "largest parse");
    bench_corpus_free(&c);
    return c.failed ? 1 : 0;
}
