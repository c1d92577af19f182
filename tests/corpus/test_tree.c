/*
 * test_tree.c - parses every contract of the shared corpus (CUAD dev
 * contracts and the family texts), checks each tree's invariants with
 * pct_doc_check and prints totals of what the tree holds.
 *
 * Usage: corpus_test_tree SHARED_DIR [-v]
 * With -v, the files that got no section at all are listed. Exits 77 (CTest
 * skip) with a message when SHARED_DIR or its corpora are absent; 1 when a
 * file fails to parse or a tree breaks its invariants.
 */
#define _POSIX_C_SOURCE 200809L
#include "pactum.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PATH_MAX_LEN 4096 /* bytes of a file path */

typedef struct totals {
    size_t files, bytes, documents, sections, recitals, sig_blocks, exhibits, artifacts,
        redactions, titles, preambles, zero_sections, failed;
    double seconds;
} totals;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int count_tree(const pct_doc *doc, pct_ctx *ctx, totals *t, size_t *sections_out)
{
    pct_iter *it;
    if (pct_iter_new(&it, ctx, pct_doc_root(doc)) < 0)
        return -1;
    size_t sections = 0;
    pct_event ev;
    while ((ev = pct_iter_next(it)) != PCT_EVENT_DONE) {
        if (ev != PCT_EVENT_ENTER)
            continue;
        switch (pct_node_get_type(pct_iter_node(it))) {
        case PCT_NODE_DOCUMENT: t->documents++; break;
        case PCT_NODE_TITLE: t->titles++; break;
        case PCT_NODE_PREAMBLE: t->preambles++; break;
        case PCT_NODE_SECTION: sections++; break;
        case PCT_NODE_RECITAL: t->recitals++; break;
        case PCT_NODE_SIGNATURE_BLOCK: t->sig_blocks++; break;
        case PCT_NODE_EXHIBIT: t->exhibits++; break;
        case PCT_NODE_ARTIFACT: t->artifacts++; break;
        case PCT_NODE_REDACTION: t->redactions++; break;
        default: break;
        }
    }
    pct_iter_free(it);
    t->sections += sections;
    *sections_out = sections;
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Parses every regular file of `dir` (sorted by name). Returns -1 when the
 * directory cannot be opened. */
static int run_dir(const char *dir, pct_ctx *ctx, totals *t, int verbose)
{
    DIR *dh = opendir(dir);
    if (!dh)
        return -1;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(dh)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *names);
            if (!nn)
                break;
            names = nn;
        }
        names[n] = strdup(e->d_name);
        if (names[n])
            n++;
    }
    closedir(dh);
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        char path[PATH_MAX_LEN];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        pct_doc *doc = NULL;
        double t0 = now();
        int err = pct_doc_parse_file(&doc, ctx, path);
        t->seconds += now() - t0;
        if (err < 0) {
            fprintf(stderr, "FAIL parse %s: %s\n", path, pct_errmsg(ctx));
            t->failed++;
            free(names[i]);
            continue;
        }
        size_t len, sections = 0;
        pct_doc_bytes(doc, &len);
        t->files++;
        t->bytes += len;
        if (pct_doc_check(doc) < 0) {
            fprintf(stderr, "FAIL check %s: %s\n", path, pct_errmsg(ctx));
            t->failed++;
        }
        if (count_tree(doc, ctx, t, &sections) < 0)
            t->failed++;
        if (sections == 0) {
            t->zero_sections++;
            if (verbose)
                printf("no sections: %s\n", names[i]);
        }
        pct_doc_free(doc);
        free(names[i]);
    }
    free(names);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        printf("skip: no shared directory given (usage: %s SHARED_DIR [-v])\n", argv[0]);
        return 77;
    }
    int verbose = argc > 2 && !strcmp(argv[2], "-v");
    char cuad[PATH_MAX_LEN], fam[PATH_MAX_LEN];
    snprintf(cuad, sizeof cuad, "%s/cuad/contracts", argv[1]);
    snprintf(fam, sizeof fam, "%s/families/texts", argv[1]);
    pct_ctx *ctx = pct_ctx_new(NULL);
    if (!ctx)
        return 1;
    totals t;
    memset(&t, 0, sizeof t);
    int have = 0;
    if (run_dir(cuad, ctx, &t, verbose) == 0)
        have++;
    else
        printf("note: %s not found\n", cuad);
    if (run_dir(fam, ctx, &t, verbose) == 0)
        have++;
    else
        printf("note: %s not found\n", fam);
    pct_ctx_free(ctx);
    if (!have) {
        printf("skip: no corpus under %s (cuad/contracts, families/texts)\n", argv[1]);
        return 77;
    }
    printf("files %zu (%.1f MB), documents %zu, titles %zu, preambles %zu\n", t.files,
           (double)t.bytes / 1e6, t.documents, t.titles, t.preambles);
    printf("sections %zu, recitals %zu, signature blocks %zu, exhibits %zu\n", t.sections,
           t.recitals, t.sig_blocks, t.exhibits);
    printf("artifacts %zu, redactions %zu, files with zero sections %zu, failures %zu\n",
           t.artifacts, t.redactions, t.zero_sections, t.failed);
    if (t.seconds > 0)
        printf("parse time %.3f s (%.1f MB/s, this build)\n", t.seconds,
               (double)t.bytes / 1e6 / t.seconds);
    if (t.files == 0) {
        printf("FAIL: the corpus directories hold no files\n");
        return 1;
    }
    return t.failed ? 1 : 0;
}
