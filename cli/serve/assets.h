/* assets.h - the web UI files compiled into the binary (cmake/embed.cmake). */
#ifndef PCT_SERVE_ASSETS_H
#define PCT_SERVE_ASSETS_H

#include <stddef.h>

typedef struct pct_asset {
    const char *path; /* "/index.html" */
    const char *mime;
    const unsigned char *data;
    size_t len;
} pct_asset;

/* Terminated by an entry whose path is NULL. */
extern const pct_asset pct_assets[];

#endif
