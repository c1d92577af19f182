/*
 * bench_parse.c - parsing throughput and memory on the CUAD contracts.
 *
 * usage: bench_parse [DIR] [REPEAT]
 *   DIR     a folder of .txt contracts (default: $PCT_SHARED/cuad/contracts,
 *           else ../shared/cuad/contracts); exits 77 when it is absent
 *   REPEAT  passes over all files (default 5), for stable numbers
 *
 * Approach: every file is read into memory first, so only pct_doc_parse is
 * timed, in one thread. A second timed loop renders each tree as JSON to a
 * discarding sink. MB/s (1 MB = 10^6 bytes) is computed from the thread's
 * CPU time (CLOCK_THREAD_CPUTIME_ID), which other processes on a busy
 * machine do not inflate; wall-clock MB/s is printed beside it. Also the
 * context's peak bytes (pct_mem_peak: the largest single parse, since each
 * doc is freed before the next) and the process's max RSS (getrusage).
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
#define BENCH_DEFAULT_REPEAT 5
#define BENCH_MAX_FILES 100000     /* a bound on the file table */
#define BENCH_PATH_MAX 4096

typedef struct input {
    char *name;
    char *data;
    size_t len;
} input;

typedef struct stamp {
    double cpu, wall; /* seconds */
} stamp;

static stamp now(void)
{
    struct timespec c, w;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c);
    clock_gettime(CLOCK_MONOTONIC, &w);
    stamp s = {(double)c.tv_sec + (double)c.tv_nsec * 1e-9,
               (double)w.tv_sec + (double)w.tv_nsec * 1e-9};
    return s;
}

/* Adds the time from `t0` to now to `acc`. */
static void add_since(stamp *acc, stamp t0)
{
    stamp t1 = now();
    acc->cpu += t1.cpu - t0.cpu;
    acc->wall += t1.wall - t0.wall;
}

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
            fprintf(stderr, "bench_parse: %s: cannot read\n", path);
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
        printf("bench_parse: %s: no such directory (set PCT_SHARED or pass DIR); skipping\n", dir);
        return BENCH_SKIP;
    }
    input *in = NULL;
    size_t total = 0;
    long n = load_dir(dir, &in, &total);
    if (n <= 0) {
        printf("bench_parse: %s: no readable files; skipping\n", dir);
        free(in);
        return BENCH_SKIP;
    }

    pct_ctx *ctx = pct_ctx_new(NULL);
    if (!ctx)
        return 1;
    long failed = 0;
    size_t peak_file_bytes = 0, rendered = 0;
    const char *peak_file = "";
    stamp parse_t = {0, 0}, render_t = {0, 0};
    for (int r = 0; r < repeat; r++) {
        for (long i = 0; i < n; i++) {
            size_t before = pct_mem_peak(ctx);
            pct_doc *doc = NULL;
            stamp t0 = now();
            int err = pct_doc_parse(&doc, ctx, in[i].name, in[i].data, in[i].len);
            add_since(&parse_t, t0);
            if (err < 0) {
                if (r == 0)
                    fprintf(stderr, "bench_parse: %s\n", pct_errmsg(ctx));
                failed++;
                continue;
            }
            if (pct_mem_peak(ctx) > before) {
                peak_file = in[i].name;
                peak_file_bytes = in[i].len;
            }
            t0 = now();
            pct_render_tree_json(doc, discard, &rendered);
            add_since(&render_t, t0);
            pct_doc_free(doc);
        }
    }
    double mb = (double)total * repeat / 1e6;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("bench_parse: %ld files, %.2f MB, %d passes%s\n", n, (double)total / 1e6, repeat,
           failed ? " (some files failed, see above)" : "");
    printf("parse:       %8.1f MB/s per CPU second (%.3f s CPU; wall %.1f MB/s)\n",
           mb / parse_t.cpu, parse_t.cpu, mb / parse_t.wall);
    printf("render json: %8.1f MB/s of input per CPU second (%.3f s CPU; wall %.1f MB/s; "
           "%.1f MB of JSON)\n",
           mb / render_t.cpu, render_t.cpu, mb / render_t.wall, (double)rendered / 1e6);
    printf("peak bytes:  %zu (pct_mem_peak; largest parse: %s, %zu bytes, %.1fx)\n",
           pct_mem_peak(ctx), peak_file, peak_file_bytes,
           peak_file_bytes ? (double)pct_mem_peak(ctx) / (double)peak_file_bytes : 0.0);
    printf("max rss:     %ld KB (getrusage; includes the %.1f MB of inputs held)\n",
           ru.ru_maxrss, (double)total / 1e6);
    pct_ctx_free(ctx);
    for (long i = 0; i < n; i++) {
        free(in[i].name);
        free(in[i].data);
    }
    free(in);
    return failed ? 1 : 0;
}
