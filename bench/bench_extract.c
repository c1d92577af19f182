/*
 * bench_extract.c - parse + extract throughput and memory on the CUAD
 * contracts.
 *
 * usage: bench_extract [DIR] [REPEAT]
 *   DIR     a folder of .txt contracts (default: $PCT_SHARED/cuad/contracts,
 *           else ../shared/cuad/contracts); exits 77 when it is absent
 *   REPEAT  passes over all files (default 3), for stable numbers
 *
 * Approach: every file is read into memory first (bench_util.c); then each
 * pass times pct_doc_parse followed by pct_extract (CLOCK_MONOTONIC, one
 * thread), and separately the extraction alone, and the CUAD line renderer.
 * Prints MB/s (1 MB = 10^6 bytes of input), the context's peak bytes
 * (pct_mem_peak: the largest single file, since each doc and its facts are
 * freed before the next) and the process's max RSS (getrusage).
 */
#include "bench_util.h"

#include <stdio.h>

#define BENCH_DEFAULT_REPEAT 3
#define BENCH_LABEL_WIDTH 15 /* columns of the memory lines' labels */

int main(int argc, char **argv)
{
    bench_corpus c;
    int rc = bench_corpus_load(&c, "bench_extract", argc, argv, BENCH_DEFAULT_REPEAT);
    if (rc != 0)
        return rc;
    pct_ctx *ctx = c.ctx;
    size_t rendered = 0;
    double parse_s = 0, extract_s = 0, render_s = 0;
    for (int r = 0; r < c.repeat; r++) {
        for (const bench_input *in = c.in; in < c.in + c.n; in++) {
            size_t before = pct_mem_peak(ctx);
            pct_doc *doc = NULL;
            pct_facts *facts = NULL;
            double t0 = bench_wall_s();
            int err = pct_doc_parse(&doc, ctx, in->name, in->data, in->len);
            double t1 = bench_wall_s();
            if (err == 0)
                err = pct_extract(&facts, ctx, doc);
            double t2 = bench_wall_s();
            parse_s += t1 - t0;
            extract_s += t2 - t1;
            if (err < 0) {
                if (r == 0)
                    fprintf(stderr, "bench_extract: %s: %s\n", in->name, pct_errmsg(ctx));
                c.failed++;
                pct_doc_free(doc);
                continue;
            }
            bench_peak_note(&c, before, in);
            t0 = bench_wall_s();
            pct_render_facts_cuad(facts, in->name, bench_discard, &rendered);
            render_s += bench_wall_s() - t0;
            pct_facts_free(facts);
            pct_doc_free(doc);
        }
    }
    double mb = (double)c.total * c.repeat / 1e6;
    bench_print_header(&c);
    printf("parse+extract: %8.1f MB/s  (%.3f s)\n", mb / (parse_s + extract_s),
           parse_s + extract_s);
    printf("  parse:       %8.1f MB/s  (%.3f s)\n", mb / parse_s, parse_s);
    printf("  extract:     %8.1f MB/s  (%.3f s)\n", mb / extract_s, extract_s);
    printf("render cuad:   %8.1f MB/s of input  (%.3f s)\n", mb / render_s, render_s);
    bench_print_memory(&c, BENCH_LABEL_WIDTH, "largest");
    bench_corpus_free(&c);
    return c.failed ? 1 : 0;
}
