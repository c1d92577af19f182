/*
 * bench_util.c - the corpus benchmarks' shared part (see bench_util.h):
 * argument handling, loading the corpus folder, clocks, the discarding
 * sink, peak bookkeeping and the common summary lines.
 *
 * Approach: every file is read whole into memory before any timing, so the
 * benchmarks time only the library; files are sorted by path so that every
 * run visits them in the same order.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, strdup under -std=c17 */

#include "bench_util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#define BENCH_FIRST_CAP 64 /* first size of the file table; it doubles */

double bench_wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

bench_stamp bench_now(void)
{
    struct timespec c, w;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c);
    clock_gettime(CLOCK_MONOTONIC, &w);
    bench_stamp s = {(double)c.tv_sec + (double)c.tv_nsec * 1e-9,
                     (double)w.tv_sec + (double)w.tv_nsec * 1e-9};
    return s;
}

void bench_add_since(bench_stamp *acc, bench_stamp t0)
{
    bench_stamp t1 = bench_now();
    acc->cpu += t1.cpu - t0.cpu;
    acc->wall += t1.wall - t0.wall;
}

int bench_discard(const char *data, size_t len, void *ud)
{
    (void)data;
    *(size_t *)ud += len;
    return 0;
}

void bench_peak_note(bench_corpus *c, size_t before, const bench_input *in)
{
    if (pct_mem_peak(c->ctx) > before) {
        c->peak.file = in->name;
        c->peak.bytes = in->len;
    }
}

/* The whole file, malloc'd, with its length in *len_out; NULL when it cannot be read. */
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
    return strcmp(((const bench_input *)a)->name, ((const bench_input *)b)->name);
}

/* Loads every regular file of c->dir into c->in; the count, or -1. */
static long load_dir(bench_corpus *c)
{
    DIR *d = opendir(c->dir);
    if (!d)
        return -1;
    bench_input *v = NULL;
    size_t n = 0, cap = 0, total = 0;
    struct dirent *e;
    char path[BENCH_PATH_MAX];
    while ((e = readdir(d)) != NULL && n < BENCH_MAX_FILES) {
        struct stat st;
        if (e->d_name[0] == '.' ||
            snprintf(path, sizeof path, "%s/%s", c->dir, e->d_name) >= (int)sizeof path ||
            stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : BENCH_FIRST_CAP;
            bench_input *nv = realloc(v, cap * sizeof *v);
            if (!nv)
                break;
            v = nv;
        }
        v[n].data = read_all(path, &v[n].len);
        v[n].name = strdup(path);
        if (!v[n].data || !v[n].name) {
            fprintf(stderr, "%s: %s: cannot read\n", c->prog, path);
            free(v[n].data);
            free(v[n].name);
            continue;
        }
        total += v[n].len;
        n++;
    }
    closedir(d);
    if (n > 1) /* qsort wants a non-null array even for no elements */
        qsort(v, n, sizeof *v, by_name);
    c->in = v;
    c->total = total;
    return (long)n;
}

int bench_corpus_load(bench_corpus *c, const char *prog, int argc, char **argv, int default_repeat)
{
    memset(c, 0, sizeof *c);
    c->prog = prog;
    c->peak.file = "";
    c->dir = argc > 1 ? argv[1] : NULL;
    if (!c->dir) {
        const char *shared = getenv("PCT_SHARED");
        snprintf(c->dir_buf, sizeof c->dir_buf, "%s/cuad/contracts",
                 shared && *shared ? shared : "../shared");
        c->dir = c->dir_buf;
    }
    c->repeat = argc > 2 ? atoi(argv[2]) : default_repeat;
    if (c->repeat < 1)
        c->repeat = 1;
    struct stat st;
    if (stat(c->dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        printf("%s: %s: no such directory (set PCT_SHARED or pass DIR); skipping\n", prog, c->dir);
        return BENCH_SKIP;
    }
    c->n = load_dir(c);
    if (c->n <= 0) {
        printf("%s: %s: no readable files; skipping\n", prog, c->dir);
        bench_corpus_free(c);
        return BENCH_SKIP;
    }
    if ((c->ctx = pct_ctx_new(NULL)) == NULL) {
        bench_corpus_free(c);
        return 1;
    }
    return 0;
}

void bench_corpus_free(bench_corpus *c)
{
    for (long i = 0; i < c->n; i++) {
        free(c->in[i].name);
        free(c->in[i].data);
    }
    free(c->in);
    c->in = NULL;
    c->n = 0;
    pct_ctx_free(c->ctx);
    c->ctx = NULL;
}

void bench_print_header(const bench_corpus *c)
{
    printf("%s: %ld files, %.2f MB, %d passes%s\n", c->prog, c->n, (double)c->total / 1e6,
           c->repeat, c->failed ? " (some files failed, see above)" : "");
}

void bench_print_memory(const bench_corpus *c, int width, const char *largest)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    size_t peak = pct_mem_peak(c->ctx);
    const bench_peak *p = &c->peak;
    printf("%-*s%zu (pct_mem_peak; %s: %s, %zu bytes, %.1fx)\n", width, "peak bytes:", peak,
           largest, p->file, p->bytes, p->bytes ? (double)peak / (double)p->bytes : 0.0);
    printf("%-*s%ld KB (getrusage; includes the %.1f MB of inputs held)\n", width,
           "max rss:", ru.ru_maxrss, (double)c->total / 1e6);
}
