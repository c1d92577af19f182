/*
 * parse_sig.c - signature pages (placeholder being replaced by the column reader).
 */
#include "parse.h"

int pct_parse__is_sig_line(const pct_doc *d, size_t i)
{
    const pct_line *l = &d->lines.v[i];
    const char *s = d->src.text + l->cstart;
    size_t n = l->cend - l->cstart;
    return pct__prefix_ci(s, n, "by:") || pct__prefix_ci(s, n, "/s/") ||
           pct__prefix_ci(s, n, "by /s/") || pct__prefix_ci(s, n, "signature:");
}

int pct_parse__signatures(pct_doc *doc, pct_node *sigs, size_t l0, size_t l1)
{
    (void)doc, (void)sigs, (void)l0, (void)l1;
    return 0;
}
