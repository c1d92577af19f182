/*
 * amend.h - internal interface of the amendment layer: recognising
 * amendments and their operations (amend.c), linking documents into
 * families (family.c), the state as of a date (state.c), findings
 * (findings.c) and the renderers (render_family.c).
 *
 * A pct_family owns one arena; every string, array and placeholder of the
 * family lives there. Documents are borrowed from the caller's pct_doc
 * objects. Internally, text is scanned as a folded copy (artefact lines
 * dropped, white space runs folded to one space) with a position map back
 * to TEXT offsets, so every span can be given in original bytes.
 */
#ifndef PCT_AMEND_H
#define PCT_AMEND_H

#include "internal.h"
#include "scan.h"

#define PCT_ISO_LEN 11 /* "YYYY-MM-DD" plus NUL */

/* Folded text with a map from each folded byte to its TEXT offset. */
typedef struct pct_ftext {
    const char *s;     /* folded text, NUL-terminated */
    const size_t *pos; /* pos[i] = TEXT offset of s[i]; pos[n] = TEXT end */
    size_t n;
} pct_ftext;

/* Extra, internal facts about a family document. */
typedef struct pct_fdoc_ext {
    const pct_signature *const *sigs; /* signature records of the document */
    size_t nsigs;
    const char *const *sig_dates;     /* ISO date of each signature record, or NULL */
    const char *const *body_names;    /* normalised keys of every entity the body names */
    size_t nbody_names;
    pct_span title_span;              /* original bytes */
    int recited;                      /* its dates come from an amendment citing it */
    const pct_docfacts *facts;        /* its facts (pct_extract, owned by the family), or NULL */
} pct_fdoc_ext;

struct pct_family {
    pct_ctx *ctx;
    pct_arena *arena;
    pct_family_doc *docs; /* sorted by group then order */
    pct_fdoc_ext *ext;    /* parallel to docs */
    size_t n;
    size_t ngroups;
    pct_facts **facts; /* the facts of each file given (NULL where extraction failed) */
    unsigned char *owned; /* parallel to facts: 1 when the family extracted (and frees) them */
    size_t nfacts;
};

/* Folds TEXT [start, end) of `doc`; allocated in `a`. Returns 0 or PCT_ENOMEM. */
int pct_amend__fold(pct_ftext *out, pct_arena *a, const pct_doc *doc, size_t start, size_t end);
/* Original byte span of folded bytes [a, b) of `ft`. */
pct_span pct_amend__span(const pct_doc *doc, const pct_ftext *ft, size_t a, size_t b);

/* Dates come from the date scanner (src/scan.h, every form it reads, two-digit
 * years included); only complete dates (day, month and year) are kept.
 * date_here: a date starting exactly at s[at] (at a word start) within
 * s[0, to): writes ISO and returns its length, or 0. find_date: the first
 * date starting in s[from, to) and ending by `to`: its offset or -1, with
 * its length. iso_read: parses "YYYY-MM-DD" into d; 1 when complete. */
size_t pct_amend__date_here(const char *s, size_t to, size_t at, char iso[PCT_ISO_LEN]);
long pct_amend__find_date(const char *s, size_t from, size_t to, char iso[PCT_ISO_LEN],
                          size_t *len_out);
int pct_amend__iso_read(const char *iso, pct_date *d);

/* Normalised key of an entity name: lower case, punctuation dropped, entity
 * suffixes canonical ("KMC TELECOM, INC." -> "kmc telecom inc"). */
char *pct_amend__name_key(pct_arena *a, const char *s, size_t n);
/* 1 when two name keys are spellings of one name: same words but one, which
 * differs by at most two edits in a word of five or more letters. */
int pct_amend__name_variant(const char *k1, const char *k2);
/* A person-readable form of an all-capitals entity name ("KMC TELECOM, INC."
 * -> "KMC Telecom, Inc."); other names are copied. */
char *pct_amend__name_display(pct_arena *a, const char *s, size_t n);

/* Entity names (ending in Inc., LLC, Corporation, ...) in folded text
 * [from, to): calls cb for each with folded offsets. Returns cb's first
 * non-zero result, else 0. */
typedef int (*pct_amend_name_cb)(size_t start, size_t end, void *ud);
int pct_amend__entity_names(const pct_ftext *ft, size_t from, size_t to, pct_amend_name_cb cb,
                            void *ud);

/* Reads one DOCUMENT node: kind, title, ordinal, identifier, dates, parties,
 * references, operations. Fills `fd` and `ext` (allocated in fam->arena).
 * `df` is the node's facts (pct_extract), which give its own dates and the
 * dates of its signature blocks; NULL when none were extracted. */
int pct_amend__read(pct_family *fam, pct_family_doc *fd, pct_fdoc_ext *ext, const pct_doc *doc,
                    const pct_node *node, const pct_docfacts *df);

/* pct_state_at without the base agreement's section texts (its sections'
 * text is NULL unless an amendment replaces it, and the caveats that
 * compare an amendment's words with that text are not made): for callers
 * that read only the parties, terms and expiration, which never depend on
 * the texts. Folding every section's text is most of the work of a state. */
int pct_state__at_terms(pct_state **out, const pct_family *fam, size_t group, const char *as_of);

/* ISO date comparison helpers (NULL sorts first). */
int pct_amend__datecmp(const char *a, const char *b);

#endif
