/*
 * parse.h - internal interface between the document parser (parse_doc.c)
 * and the signature-page parser (parse_sig.c).
 */
#ifndef PCT_PARSE_H
#define PCT_PARSE_H

#include "internal.h"

/* Reads the signature page in lines [l0, l1) of doc->lines and appends one
 * SIGNATURE_BLOCK child to `sigs` per signing entity, in reading order
 * (row by row, left column first). Handles one, two and three columns and
 * flattened text. Returns 0 or PCT_ENOMEM. */
int pct_parse__signatures(pct_doc *doc, pct_node *sigs, size_t l0, size_t l1);

/* Is line `i` the start of a signature block cue: "By:", "/s/", "Name:",
 * "Signature:"? Used by the document parser to find signature pages. */
int pct_parse__is_sig_line(const pct_doc *doc, size_t i);

#endif
