/*
 * fuzz_common.h - what every fuzz target shares: the CHECK macro that
 * aborts with the failed condition (so libFuzzer and the replay driver report
 * it), and a discarding sink that reads every byte and can stop a renderer
 * after a few calls. Define FUZZ_NAME before including.
 */
#ifndef PCT_FUZZ_COMMON_H
#define PCT_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>

#ifndef FUZZ_NAME
#error "define FUZZ_NAME before including fuzz_common.h"
#endif

#define SINK_STOP_AFTER 3 /* sink calls before a stopping sink says stop */

#define CHECK(x)                                                                      \
    do {                                                                              \
        if (!(x)) {                                                                   \
            fprintf(stderr, FUZZ_NAME ": check failed: %s (line %d)\n", #x, __LINE__); \
            abort();                                                                  \
        }                                                                             \
    } while (0)

typedef struct sink_state {
    size_t calls;
    int stop;          /* stop after SINK_STOP_AFTER calls */
    unsigned char acc; /* xor of every byte, so each byte is read */
} sink_state;

static inline int discard_sink(const char *data, size_t len, void *ud)
{
    sink_state *s = ud;
    for (size_t i = 0; i < len; i++)
        s->acc ^= (unsigned char)data[i];
    s->calls++;
    return s->stop && s->calls >= SINK_STOP_AFTER ? 1 : 0;
}

#endif
