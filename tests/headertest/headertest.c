/*
 * headertest.c - pactum.h on its own in strict ISO C17 (-pedantic -Werror,
 * see CMakeLists.txt): it must need no other header and no extension.
 * The program also parses a tiny synthetic contract through the public API
 * only, so a header that compiles but declares the wrong thing fails here.
 */
#include "pactum.h"
#include "pactum.h" /* twice: the include guard must hold */

#include <stdio.h>
#include <string.h>

static int count(const char *data, size_t len, void *ud)
{
    (void)data;
    *(size_t *)ud += len;
    return 0;
}

int main(void)
{
    static const char text[] = "SERVICE AGREEMENT\n\n1. Services.\nThe work.\n2. Fees.\nNone.\n";
    pct_ctx *ctx = pct_ctx_new(NULL);
    pct_doc *doc = NULL;
    size_t out = 0;
    int rc = 1;
    if (!ctx)
        return 1;
    if (pct_doc_parse(&doc, ctx, "headertest", text, sizeof text - 1) != PCT_OK) {
        fprintf(stderr, "headertest: %s\n", pct_errmsg(ctx));
        goto done;
    }
    if (pct_node_get_type(pct_doc_root(doc)) != PCT_NODE_FILE ||
        strcmp(pct_node_type_name(PCT_NODE_SECTION), "section") != 0 ||
        pct_render_tree_json(doc, count, &out) != 0 || out == 0)
        goto done;
    rc = 0;
done:
    pct_doc_free(doc);
    pct_ctx_free(ctx);
    return rc;
}
