/*
 * replay.c - runs a fuzz target without libFuzzer: every regular file of the
 * directories (or the files) named on the command line is read and passed
 * to LLVMFuzzerTestOneInput once. CTest uses it to replay the corpus in
 * every build (including ASan), and a crash file found by the fuzzer replays
 * with `replay_<entry> crash-<hash>`.
 *
 * Exits 0 when every input ran (a failing input aborts inside the target),
 * 1 when an argument cannot be read, 2 on usage error. An empty corpus
 * directory is an error: the test must not pass by replaying nothing.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define REPLAY_MAX_FILE (64u << 20) /* bytes: corpus inputs are small; refuse runaway files */
#define REPLAY_PATH_MAX 4096        /* bytes of a joined directory/file path */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads the whole file at `path` and runs the target on it; 0 or -1. */
static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: %s: cannot open\n", path);
        return -1;
    }
    int rc = -1;
    uint8_t *buf = NULL;
    if (fseek(f, 0, SEEK_END) != 0)
        goto done;
    long n = ftell(f);
    if (n < 0 || (unsigned long)n > REPLAY_MAX_FILE || fseek(f, 0, SEEK_SET) != 0)
        goto done;
    buf = malloc(n ? (size_t)n : 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
        goto done;
    fprintf(stderr, "replay: %s\n", path); /* names the culprit when the target aborts */
    LLVMFuzzerTestOneInput(buf, (size_t)n);
    rc = 0;
done:
    if (rc < 0)
        fprintf(stderr, "replay: %s: cannot read\n", path);
    free(buf);
    fclose(f);
    return rc;
}

/* Runs every regular file of `dir` (not recursive); the count, or -1. */
static long run_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "replay: %s: cannot open directory\n", dir);
        return -1;
    }
    long count = 0;
    struct dirent *e;
    char path[REPLAY_PATH_MAX];
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path)
            continue;
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (run_file(path) < 0) {
            count = -1;
            break;
        }
        count++;
    }
    closedir(d);
    return count;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s CORPUS_DIR|FILE...\n", argv[0]);
        return 2;
    }
    long total = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: %s: no such file or directory\n", argv[i]);
            return 1;
        }
        long n = S_ISDIR(st.st_mode) ? run_dir(argv[i]) : (run_file(argv[i]) < 0 ? -1 : 1);
        if (n < 0)
            return 1;
        if (n == 0) {
            fprintf(stderr, "replay: %s: no inputs\n", argv[i]);
            return 1;
        }
        total += n;
    }
    printf("replay: %ld inputs ran\n", total);
    return 0;
}
