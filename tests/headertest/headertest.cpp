/*
 * headertest.cpp - pactum.h from C++ (-pedantic -Werror): the declarations
 * must be valid C++ with C linkage. Linking proves the extern "C" block;
 * running proves the calls work from C++ code.
 */
#include "pactum.h"

#include <cstdio>
#include <string>

static int append(const char *data, size_t len, void *ud)
{
    static_cast<std::string *>(ud)->append(data, len);
    return 0;
}

int main()
{
    const std::string text = "SUPPLY AGREEMENT\n\n1. Supply.\nGoods.\n";
    pct_ctx *ctx = pct_ctx_new(nullptr);
    if (!ctx)
        return 1;
    pct_doc *doc = nullptr;
    std::string out;
    int rc = 1;
    if (pct_doc_parse(&doc, ctx, "headertest.cpp", text.data(), text.size()) == PCT_OK &&
        pct_render_tree_outline(doc, append, &out) == 0 && !out.empty()) {
        pct_span s = pct_node_span(pct_doc_root(doc));
        rc = (s.start == 0 && s.end == text.size()) ? 0 : 1;
    } else {
        std::fprintf(stderr, "headertest.cpp: %s\n", pct_errmsg(ctx));
    }
    pct_doc_free(doc);
    pct_ctx_free(ctx);
    return rc;
}
