/*
 * bench_store.c - end-to-end throughput of `add` and latency of search/due.
 *
 * usage: bench_store [DIR] [REPEAT]
 *   DIR     a folder of contracts (default: $PCT_SHARED/cuad/contracts, else
 *           ../shared/cuad/contracts); exits 77 when it is absent
 *   REPEAT  timed runs of each query (default 5)
 *   env PCT_BENCH_STORE_DOCS=N  also build a store of N documents (the corpus
 *           repeated under new names, each copy made unique by a trailing
 *           line so that no content is skipped as a duplicate) and time the
 *           queries on it; N = 10000 is the target size of the issue
 *   env PCT_BENCH_STORE_DIR=DIR  where the stores go (default $TMPDIR or /tmp)
 *
 * Approach: pct_store_add_paths() on a new store with one worker per core,
 * exactly as `pactum add` does: reading, hashing, parsing, extracting,
 * writing, indexing and family linking are all timed. Prints documents/s,
 * MB/s (1 MB = 10^6 bytes) and peak memory (getrusage max RSS, which
 * includes SQLite's page cache), the CPU time of the whole process and of
 * the calling thread alone (the single writer: the add can never take less
 * wall time than that, whatever the cores) with the kernel's part of it.
 * Query latency is measured per call, each call opening the store
 * read-only as the CLI does; median and worst.
 */
#define _GNU_SOURCE /* RUSAGE_THREAD; also clock_gettime, mkdtemp */

#include "pactum.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BENCH_SKIP 77
#define BENCH_DEFAULT_REPEAT 5
#define BENCH_MAX_REPEAT 100
#define BENCH_PATH_MAX 4096

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long max_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static double tv_s(struct timeval tv) { return (double)tv.tv_sec + (double)tv.tv_usec * 1e-6; }

static double cpu_s(int who)
{
    struct rusage ru;
    getrusage(who, &ru);
    return tv_s(ru.ru_utime) + tv_s(ru.ru_stime);
}

/* The kernel's part of cpu_s (for the writer: mostly writing the WAL). */
static double sys_s(int who)
{
    struct rusage ru;
    getrusage(who, &ru);
    return tv_s(ru.ru_stime);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int add_dir(const char *db, const char *dir, const char *label)
{
    pct_ctx *ctx = pct_ctx_new(NULL);
    pct_store *st = NULL;
    if (pct_store_open(&st, ctx, db, 0) < 0) {
        fprintf(stderr, "bench_store: %s\n", pct_errmsg(ctx));
        pct_ctx_free(ctx);
        return 1;
    }
    pct_add_opts opts = {0, NULL, NULL};
    pct_add_summary sum;
    const char *paths[] = {dir};
    double c0 = cpu_s(RUSAGE_SELF), w0 = cpu_s(RUSAGE_THREAD), k0 = sys_s(RUSAGE_THREAD);
    double t0 = now_s();
    int err = pct_store_add_paths(st, paths, 1, &opts, &sum);
    double t = now_s() - t0;
    double cpu = cpu_s(RUSAGE_SELF) - c0, wcpu = cpu_s(RUSAGE_THREAD) - w0;
    double wsys = sys_s(RUSAGE_THREAD) - k0;
    if (err < 0)
        fprintf(stderr, "bench_store: %s\n", pct_errmsg(ctx));
    pct_store_stats stats;
    pct_store_stats_get(st, &stats);
    pct_store_close(st);
    pct_ctx_free(ctx);
    struct stat sb;
    long long dbsize = stat(db, &sb) == 0 ? (long long)sb.st_size : -1;
    printf("%s: %zu files (%zu added, %zu failed), %.1f MB in %.2f s: %.1f documents/s, "
           "%.2f MB/s; store %.1f MB, %zu documents, %zu sections; max RSS %.1f MB\n"
           "  CPU %.2f s (%.2f MB per CPU-second: the MB/s two idle cores would give is at "
           "most twice that); writer thread %.2f s (%.2f s in the kernel; %.2f MB per writer "
           "CPU-second: the MB/s is at most that)\n",
           label, sum.total, sum.added, sum.failed, sum.bytes / 1e6, t, sum.total / t,
           sum.bytes / 1e6 / t, dbsize / 1e6, stats.documents, stats.sections,
           max_rss_kb() / 1024.0, cpu, cpu > 0 ? sum.bytes / 1e6 / cpu : 0, wcpu, wsys,
           wcpu > 0 ? sum.bytes / 1e6 / wcpu : 0);
    return err < 0;
}

typedef enum qkind { Q_SEARCH, Q_DUE } qkind;

/* Opens the store, runs one query, closes: what one CLI call does. */
static double time_query(const char *db, qkind k, const char *arg, size_t *nrows)
{
    double t0 = now_s();
    pct_ctx *ctx = pct_ctx_new(NULL);
    pct_store *st = NULL;
    pct_store_rows *rows = NULL;
    *nrows = 0;
    if (pct_store_open(&st, ctx, db, PCT_STORE_READONLY) == 0) {
        int err = k == Q_SEARCH ? pct_store_search(&rows, st, arg, 20)
                                : pct_store_due(&rows, st, arg, "2099-12-31");
        if (err == 0)
            *nrows = pct_store_rows_count(rows);
        else
            fprintf(stderr, "bench_store: %s\n", pct_errmsg(ctx));
    }
    pct_store_rows_free(rows);
    pct_store_close(st);
    pct_ctx_free(ctx);
    return (now_s() - t0) * 1e3;
}

static void queries(const char *db, int repeat)
{
    static const struct {
        qkind k;
        const char *arg;
    } qs[] = {
        {Q_SEARCH, "termination for convenience"}, {Q_SEARCH, "governing law"},
        {Q_SEARCH, "indemnif*"},                   {Q_SEARCH, "\"most favored\""},
        {Q_SEARCH, "exclusive OR nonexclusive"},   {Q_SEARCH, "agreement"},
        {Q_DUE, "2000-01-01"},                     {Q_DUE, "2020-01-01"},
    };
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
        double ms[BENCH_MAX_REPEAT];
        size_t n = 0;
        for (int r = 0; r < repeat; r++)
            ms[r] = time_query(db, qs[i].k, qs[i].arg, &n);
        qsort(ms, (size_t)repeat, sizeof ms[0], cmp_double);
        printf("  %-6s %-30s %4zu rows  median %7.2f ms  worst %7.2f ms\n",
               qs[i].k == Q_SEARCH ? "search" : "due", qs[i].arg, n, ms[repeat / 2],
               ms[repeat - 1]);
    }
}

/* Copies every file of `src` into `dst` under new names, `copies` times,
 * appending a line that makes each copy's content unique. */
static size_t replicate(const char *src, const char *dst, size_t want)
{
    size_t made = 0;
    for (int round = 0; made < want; round++) {
        DIR *d = opendir(src);
        if (!d)
            return made;
        struct dirent *e;
        size_t before = made;
        while ((e = readdir(d)) && made < want) {
            if (e->d_name[0] == '.')
                continue;
            char in[2 * BENCH_PATH_MAX], out[2 * BENCH_PATH_MAX];
            snprintf(in, sizeof in, "%s/%s", src, e->d_name);
            snprintf(out, sizeof out, "%s/copy%03d-%s", dst, round, e->d_name);
            FILE *fi = fopen(in, "rb"), *fo = fi ? fopen(out, "wb") : NULL;
            if (fi && fo) {
                char buf[65536];
                size_t n;
                while ((n = fread(buf, 1, sizeof buf, fi)) > 0)
                    fwrite(buf, 1, n, fo);
                fprintf(fo, "\n[bench copy %d]\n", round);
                made++;
            }
            if (fi)
                fclose(fi);
            if (fo)
                fclose(fo);
        }
        closedir(d);
        if (made == before)
            break;
    }
    return made;
}

int main(int argc, char **argv)
{
    char def[BENCH_PATH_MAX];
    const char *shared = getenv("PCT_SHARED");
    snprintf(def, sizeof def, "%s/cuad/contracts", shared ? shared : "../shared");
    const char *dir = argc > 1 ? argv[1] : def;
    int repeat = argc > 2 ? atoi(argv[2]) : BENCH_DEFAULT_REPEAT;
    if (repeat < 1 || repeat > BENCH_MAX_REPEAT)
        repeat = BENCH_DEFAULT_REPEAT;
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        printf("bench_store: %s not found, skipping\n", dir);
        return BENCH_SKIP;
    }
    const char *tmp = getenv("PCT_BENCH_STORE_DIR");
    if (!tmp)
        tmp = getenv("TMPDIR");
    char work[BENCH_PATH_MAX / 2], db[BENCH_PATH_MAX], cmd[BENCH_PATH_MAX];
    snprintf(work, sizeof work, "%s/pct-bench-store.XXXXXX", tmp ? tmp : "/tmp");
    if (!mkdtemp(work)) {
        perror("bench_store: mkdtemp");
        return 1;
    }
    int rc = 0;
    snprintf(db, sizeof db, "%s/corpus.db", work);
    rc |= add_dir(db, dir, "add corpus");
    printf("queries on the corpus store (%d runs each, open + query + close):\n", repeat);
    queries(db, repeat);
    const char *scale = getenv("PCT_BENCH_STORE_DOCS");
    long want = scale ? atol(scale) : 0;
    if (want > 0) {
        char copies[BENCH_PATH_MAX];
        snprintf(copies, sizeof copies, "%s/copies", work);
        mkdir(copies, 0700);
        size_t made = replicate(dir, copies, (size_t)want);
        snprintf(db, sizeof db, "%s/scaled.db", work);
        char label[64];
        snprintf(label, sizeof label, "add %zu copies", made);
        rc |= add_dir(db, copies, label);
        printf("queries on the %zu-document store (%d runs each):\n", made, repeat);
        queries(db, repeat);
    }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", work);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_store: could not remove %s\n", work);
    return rc;
}
