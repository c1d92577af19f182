/*
 * bench_extract.c - parse + extract throughput and memory on the CUAD
 * contracts.
 *
 * usage: bench_extract [DIR] [REPEAT]
 *   DIR     a folder of .txt contracts (default: $PCT_SHARED/cuad/contracts,
 *           else ../shared/cuad/contracts); exits 77 when it is absent
 *   REPEAT  passes over all files (default 3), for stable numbers
 *
 * Approach: every file is read into memory first; then each pass times
 * pct_doc_parse followed by pct_extract (CLOCK_MONOTONIC, one thread), and
 * separately the extraction alone, and the CUAD line renderer. Prints MB/s
 * (1 MB = 10^6 bytes of input), the context's peak bytes (pct_mem_peak: the
 * largest single file, since each doc and its facts are freed before the
 * next) and the process's max RSS (getrusage).
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, strdup under -std=c17 */

#include "pactum.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#define BENCH_SKIP 77              /* CTest's skip code */
#define BENCH_DEFAULT_REPEAT 3
#define BENCH_MAX_FILES 100000     /* a bound on the file table */
#define BENCH_PATH_MAX 4096

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct input {
    char *name;
    char *data;
    size_t len;
} input;

static char *read_all(const char *path, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    long n;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
        goto done;
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    *len_out = (size_t)n;
done:
    fclose(f);
    return buf;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const input *)a)->name, ((const input *)b)->name);
}

/* Loads every regular file of `dir`; the count, or -1. */
static long load_dir(const char *dir, input **out, size_t *total_out)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    input *v = NULL;
    size_t n = 0, cap = 0, total = 0;
    struct dirent *e;
    char path[BENCH_PATH_MAX];
    while ((e = readdir(d)) != NULL && n < BENCH_MAX_FILES) {
        struct stat st;
        if (e->d_name[0] == '.' ||
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path ||
            stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            input *nv = realloc(v, cap * sizeof *v);
            if (!nv)
                break;
            v = nv;
        }
        v[n].data = read_all(path, &v[n].len);
        v[n].name = strdup(path);
        if (!v[n].data || !v[n].name) {
            fprintf(stderr, "bench_extract: %s: cannot read\n", path);
            free(v[n].data);
            free(v[n].name);
            continue;
        }
        total += v[n].len;
        n++;
    }
    closedir(d);
    qsort(v, n, sizeof *v, by_name);
    *out = v;
    *total_out = total;
    return (long)n;
}

static int discard(const char *data, size_t len, void *ud)
{
    (void)data;
    *(size_t *)ud += len;
    return 0;
}

int main(int argc, char **argv)
{
    char def[BENCH_PATH_MAX];
    const char *dir = argc > 1 ? argv[1] : NULL;
    if (!dir) {
        const char *shared = getenv("PCT_SHARED");
        snprintf(def, sizeof def, "%s/cuad/contracts", shared && *shared ? shared : "../shared");
        dir = def;
    }
    int repeat = argc > 2 ? atoi(argv[2]) : BENCH_DEFAULT_REPEAT;
    if (repeat < 1)
        repeat = 1;
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        printf("bench_extract: %s: no such directory (set PCT_SHARED or pass DIR); skipping\n", dir);
        return BENCH_SKIP;
    }
    input *in = NULL;
    size_t total = 0;
    long n = load_dir(dir, &in, &total);
    if (n <= 0) {
        printf("bench_extract: %s: no readable files; skipping\n", dir);
        free(in);
        return BENCH_SKIP;
    }
    pct_ctx *ctx = pct_ctx_new(NULL);
    if (!ctx)
        return 1;
    long failed = 0;
    size_t rendered = 0, peak_file_bytes = 0;
    const char *peak_file = "";
    double parse_s = 0, extract_s = 0, render_s = 0;
    for (int r = 0; r < repeat; r++) {
        for (long i = 0; i < n; i++) {
            size_t before = pct_mem_peak(ctx);
            pct_doc *doc = NULL;
            pct_facts *facts = NULL;
            double t0 = now_s();
            int err = pct_doc_parse(&doc, ctx, in[i].name, in[i].data, in[i].len);
            double t1 = now_s();
            if (err == 0)
                err = pct_extract(&facts, ctx, doc);
            double t2 = now_s();
            parse_s += t1 - t0;
            extract_s += t2 - t1;
            if (err < 0) {
                if (r == 0)
                    fprintf(stderr, "bench_extract: %s: %s\n", in[i].name, pct_errmsg(ctx));
                failed++;
                pct_doc_free(doc);
                continue;
            }
            if (pct_mem_peak(ctx) > before) {
                peak_file = in[i].name;
                peak_file_bytes = in[i].len;
            }
            t0 = now_s();
            pct_render_facts_cuad(facts, in[i].name, discard, &rendered);
            render_s += now_s() - t0;
            pct_facts_free(facts);
            pct_doc_free(doc);
        }
    }
    double mb = (double)total * repeat / 1e6;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("bench_extract: %ld files, %.2f MB, %d passes%s\n", n, (double)total / 1e6, repeat,
           failed ? " (some files failed, see above)" : "");
    printf("parse+extract: %8.1f MB/s  (%.3f s)\n", mb / (parse_s + extract_s),
           parse_s + extract_s);
    printf("  parse:       %8.1f MB/s  (%.3f s)\n", mb / parse_s, parse_s);
    printf("  extract:     %8.1f MB/s  (%.3f s)\n", mb / extract_s, extract_s);
    printf("render cuad:   %8.1f MB/s of input  (%.3f s)\n", mb / render_s, render_s);
    printf("peak bytes:    %zu (pct_mem_peak; largest: %s, %zu bytes, %.1fx)\n", pct_mem_peak(ctx),
           peak_file, peak_file_bytes,
           peak_file_bytes ? (double)pct_mem_peak(ctx) / (double)peak_file_bytes : 0.0);
    printf("max rss:       %ld KB (getrusage; includes the %.1f MB of inputs held)\n", ru.ru_maxrss,
           (double)total / 1e6);
    pct_ctx_free(ctx);
    for (long i = 0; i < n; i++) {
        free(in[i].name);
        free(in[i].data);
    }
    free(in);
    return failed ? 1 : 0;
}
