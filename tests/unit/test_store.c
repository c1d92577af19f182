/*
 * test_store.c - the store: SHA-256 against the FIPS 180-4 vectors, date
 * arithmetic, and a store in a temporary directory: add, duplicates, list
 * filters, search (with hostile queries), due dates moved by an amendment
 * that arrives before its agreement, removal and re-linking, export,
 * iCalendar shape, and the refusals (newer schema, foreign or corrupt file,
 * read-only) that must leave the file unchanged. Synthetic contracts only.
 */
#define _XOPEN_SOURCE 700 /* mkdtemp */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------- sha256 */

static void sha256_vectors(void)
{
    char hex[65];
    pct_sha256__hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    pct_sha256__hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    pct_sha256__hex(m, strlen(m), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    /* one million 'a', fed in uneven pieces */
    pct_sha256 s;
    unsigned char d[32];
    char a[1000];
    memset(a, 'a', sizeof a);
    pct_sha256__init(&s);
    size_t left = 1000000, step = 1;
    while (left) {
        size_t n = step < left ? step : left;
        if (n > sizeof a)
            n = sizeof a;
        pct_sha256__update(&s, a, n);
        left -= n;
        step = step % 997 + 7;
    }
    pct_sha256__final(&s, d);
    static const unsigned char want[32] = {
        0xcd, 0xc7, 0x6e, 0x5c, 0x99, 0x14, 0xfb, 0x92, 0x81, 0xa1, 0xc7, 0xe2, 0x84, 0xd7, 0x3e, 0x67,
        0xf1, 0x80, 0x9a, 0x48, 0xa4, 0x97, 0x20, 0x0e, 0x04, 0x6d, 0x39, 0xcc, 0xc7, 0x11, 0x2c, 0xd0};
    assert_memory_equal(d, want, 32);
}

/* Lengths around the 55/56/64-byte padding boundaries: one-shot equals piecewise. */
static void sha256_boundaries(void)
{
    char buf[200];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (char)(i * 7 + 3);
    for (size_t n = 50; n < 140; n++) {
        char one[65], two[65];
        pct_sha256__hex(buf, n, one);
        pct_sha256 s;
        unsigned char d[32];
        pct_sha256__init(&s);
        pct_sha256__update(&s, buf, n / 3);
        pct_sha256__update(&s, buf + n / 3, n - n / 3);
        pct_sha256__final(&s, d);
        for (int i = 0; i < 32; i++)
            sprintf(two + 2 * i, "%02x", d[i]);
        assert_string_equal(one, two);
    }
}

/* Both block functions (the SHA instructions when the processor has them,
 * the plain rounds) give the FIPS digests, and the same digest of a long
 * uneven buffer. */
static void test_sha256_vectors(void **state)
{
    (void)state;
    static char big[300007];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)(i * 131 + (i >> 9));
    char fast[65], plain[65];
    int accel = pct_sha256__accel(1);
    sha256_vectors();
    sha256_boundaries();
    pct_sha256__hex(big, sizeof big, fast);
    pct_sha256__accel(0);
    sha256_vectors();
    sha256_boundaries();
    pct_sha256__hex(big, sizeof big, plain);
    pct_sha256__accel(1);
    assert_string_equal(fast, plain);
    printf("sha256: processor SHA instructions %s\n", accel ? "used" : "not available");
}

static void test_dates(void **state)
{
    (void)state;
    char out[11];
    assert_int_equal(pct_store__date_add("2024-02-28", 1, out), 0);
    assert_string_equal(out, "2024-02-29");
    assert_int_equal(pct_store__date_add("2023-02-28", 1, out), 0);
    assert_string_equal(out, "2023-03-01");
    assert_int_equal(pct_store__date_add("2031-01-01", -90, out), 0);
    assert_string_equal(out, "2030-10-03");
    assert_int_equal(pct_store__date_add("2031-02-30", 1, out), PCT_EINVALID);
    assert_int_equal(pct_store__date_add("31-01-2031", 1, out), PCT_EINVALID);
    assert_int_equal(pct_store__date_diff("2000-01-01", "2001-01-01"), 366);
    long days = 0;
    assert_int_equal(pct_duration_days("90d", &days), 0);
    assert_int_equal(days, 90);
    assert_int_equal(pct_duration_days("2w", &days), 0);
    assert_int_equal(days, 14);
    assert_int_equal(pct_duration_days("1y", &days), 0);
    assert_int_equal(days, 365);
    assert_int_equal(pct_duration_days("45", &days), 0);
    assert_int_equal(days, 45);
    assert_int_equal(pct_duration_days("ninety", &days), PCT_EINVALID);
    assert_int_equal(pct_duration_days("9x", &days), PCT_EINVALID);
}

/* ------------------------------------------------------- a store on disk */

static const char AGREEMENT[] =
    "SUPPLY AGREEMENT\n\n"
    "This Supply Agreement (the \"Agreement\") is made and entered into as of January 1, 2020 "
    "(the \"Effective Date\") by and between Quillfeather Instruments, Inc., a Delaware "
    "corporation (\"Supplier\"), and Marlowe Orchard Foods LLC, a Texas limited liability "
    "company (\"Buyer\").\n\n"
    "1. Supply\n\n"
    "Supplier shall sell and Buyer shall purchase the calibrated thermometers listed in "
    "Exhibit A.\n\n"
    "2. Term\n\n"
    "2.1 The term of this Agreement shall commence on the Effective Date and shall expire on "
    "December 31, 2030.\n\n"
    "2.2 This Agreement shall automatically renew for successive one-year periods unless either "
    "party gives written notice of non-renewal at least ninety (90) days prior to the end of the "
    "then-current term.\n\n"
    "3. Governing Law\n\n"
    "This Agreement shall be governed by the laws of the State of Texas.\n\n"
    "IN WITNESS WHEREOF, the parties have executed this Agreement as of the Effective Date.\n\n"
    "QUILLFEATHER INSTRUMENTS, INC.        MARLOWE ORCHARD FOODS LLC\n\n"
    "By: /s/ Ada Quill                     By: /s/ Ben Marlowe\n"
    "Name: Ada Quill                       Name: Ben Marlowe\n"
    "Title: President                      Title: Manager\n";

static const char AMENDMENT[] =
    "AMENDMENT NO. 1 TO SUPPLY AGREEMENT\n\n"
    "This Amendment No. 1 (this \"Amendment\") is made as of June 1, 2029 by and between "
    "Quillfeather Instruments, Inc., a Delaware corporation (\"Supplier\"), and Marlowe Orchard "
    "Foods LLC, a Texas limited liability company (\"Buyer\"), and amends the Supply Agreement "
    "dated as of January 1, 2020 between Supplier and Buyer (the \"Agreement\").\n\n"
    "1. Extension of Term. Section 2.1 of the Agreement is hereby amended by deleting "
    "\"December 31, 2030\" and inserting \"December 31, 2033\" in its place, so that the term of "
    "the Agreement is extended to expire on December 31, 2033.\n\n"
    "2. Effect. Except as amended by this Amendment, the Agreement remains in full force.\n\n"
    "IN WITNESS WHEREOF, the parties have executed this Amendment.\n\n"
    "QUILLFEATHER INSTRUMENTS, INC.        MARLOWE ORCHARD FOODS LLC\n\n"
    "By: /s/ Ada Quill                     By: /s/ Ben Marlowe\n"
    "Name: Ada Quill                       Name: Ben Marlowe\n"
    "Title: President                      Title: Manager\n";

/* A second amendment that changes the notice period of Section 2.2 only by
 * its words: the deadline must follow it. */
static const char AMENDMENT2[] =
    "AMENDMENT NO. 2 TO SUPPLY AGREEMENT\n\n"
    "This Amendment No. 2 (this \"Amendment\") is made as of March 1, 2031 by and between "
    "Quillfeather Instruments, Inc., a Delaware corporation (\"Supplier\"), and Marlowe Orchard "
    "Foods LLC, a Texas limited liability company (\"Buyer\"), and amends the Supply Agreement "
    "dated as of January 1, 2020 between Supplier and Buyer (the \"Agreement\").\n\n"
    "1. In Section 2.2 of the Agreement, \"ninety (90) days\" is replaced with \"one hundred "
    "twenty (120) days\".\n\n"
    "2. Effect. Except as amended by this Amendment, the Agreement remains in full force.\n\n"
    "IN WITNESS WHEREOF, the parties have executed this Amendment.\n\n"
    "QUILLFEATHER INSTRUMENTS, INC.        MARLOWE ORCHARD FOODS LLC\n\n"
    "By: /s/ Ada Quill                     By: /s/ Ben Marlowe\n"
    "Name: Ada Quill                       Name: Ben Marlowe\n";

static const char OTHER[] =
    "CONSULTING AGREEMENT\n\n"
    "This Consulting Agreement is made as of March 3, 2021 by and between Tamsin Reed Advisory "
    "Ltd. (\"Consultant\") and Harbor Glass Works, Inc. (\"Company\").\n\n"
    "1. Services\n\nConsultant shall advise Company on kiln efficiency and furnace safety.\n\n"
    "2. Confidentiality\n\nConsultant shall keep the furnace designs confidential.\n\n"
    "IN WITNESS WHEREOF, the parties have signed.\n\n"
    "TAMSIN REED ADVISORY LTD.             HARBOR GLASS WORKS, INC.\n\n"
    "By: /s/ Tamsin Reed                   By:\n"
    "Name: Tamsin Reed                     Name:\n";

typedef struct fixture {
    char dir[64];
    char path[128];
    pct_ctx *ctx;
    pct_store *st;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/pct-test-store.XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/store.db", f->dir);
    f->ctx = pct_ctx_new(NULL);
    if (pct_store_open(&f->st, f->ctx, f->path, 0) < 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[160];
    pct_store_close(f->st);
    pct_ctx_free(f->ctx);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

static long long add(fixture *f, const char *name, const char *text, int want_dup)
{
    long long id = 0;
    int dup = -1;
    int err = pct_store_add(f->st, name, text, strlen(text), &id, &dup);
    if (err < 0)
        fprintf(stderr, "add %s: %s\n", name, pct_errmsg(f->ctx));
    assert_int_equal(err, 0);
    assert_int_equal(dup, want_dup);
    assert_true(id > 0);
    return id;
}

/* The own text of a passage as pct_doc_text gives its pieces (the node's
 * span less its child sections, exhibits and signatures), joined by a
 * space: what the store must index, however it folds. */
static char *expected_own_text(const pct_doc *doc, const pct_node *n)
{
    size_t cap = 1 << 16, len = 0;
    char *out = calloc(1, cap);
    pct_span s = pct_node_span(n);
    size_t at = s.start;
    for (const pct_node *c = pct_node_first_child(n);; c = pct_node_next(c)) {
        pct_span cs = c ? pct_node_span(c) : (pct_span){s.end, s.end};
        pct_node_type t = c ? pct_node_get_type(c) : PCT_NODE_SECTION;
        if (t != PCT_NODE_SECTION && t != PCT_NODE_EXHIBIT && t != PCT_NODE_SIGNATURES &&
            t != PCT_NODE_SIGNATURE_BLOCK)
            continue;
        if (cs.start > at) {
            const char *piece = pct_doc_text(doc, (pct_span){at, cs.start});
            if (piece && *piece) {
                assert_true(len + strlen(piece) + 2 < cap);
                len += (size_t)sprintf(out + len, "%s%s", len ? " " : "", piece);
            }
        }
        if (cs.end > at)
            at = cs.end;
        if (!c)
            break;
    }
    return out;
}

/* Section texts are folded as pct_doc_text folds them: tabs, runs of
 * spaces, vertical tabs, control bytes, UTF-8, page artefacts, lines of
 * spaces, and text around subsections. */
static void test_section_texts(void **state)
{
    (void)state;
    const char *text =
        "SUPPLY  AGREEMENT\n\n"
        "This Supply Agreement is made between Larch Audio, Inc.\t(\"Seller\")  and\n"
        "   Vesper Retail LLC (\"Buyer\").   \n\n"
        "1.  Definitions.\tIn this Agreement:  words  have\x0b meanings ! as below;\x01 caf\xc3\xa9.\n"
        "          \n"
        "    1.1 \"Goods\" means\t\tthe widgets  described in Exhibit A.  \n"
        "    1.2 \"Term\"   means  the term in Section 2.\n"
        "after the subsections, more words of section 1 with  two  spaces.\n\n"
        "- 1 -\n\f\n"
        "2. Term. This Agreement expires on December 31, 2030, unless renewed  \t  by the parties.\n\n"
        "3. Governing Law.    Delaware.\n";
    char *data = strdup(text);
    pct_store_item *it = pct_store__item_new(NULL, "texts.txt", data, strlen(text));
    assert_non_null(it);
    assert_int_equal(it->err, 0);
    assert_true(it->nsections >= 5);
    pct_iter *iter = NULL;
    assert_int_equal(pct_iter_new(&iter, it->ctx, pct_doc_root(it->doc)), 0);
    size_t k = 0;
    int in_doc = 0;
    pct_event ev;
    while ((ev = pct_iter_next(iter)) != PCT_EVENT_DONE) {
        const pct_node *n = pct_iter_node(iter);
        pct_node_type t = pct_node_get_type(n);
        if (ev != PCT_EVENT_ENTER)
            continue;
        in_doc |= t == PCT_NODE_DOCUMENT;
        if (!in_doc || !(t == PCT_NODE_TITLE || t == PCT_NODE_PREAMBLE || t == PCT_NODE_RECITAL ||
                         t == PCT_NODE_SECTION || t == PCT_NODE_EXHIBIT ||
                         t == PCT_NODE_SIGNATURE_BLOCK))
            continue;
        assert_true(k < it->nsections);
        char *want = expected_own_text(it->doc, n);
        assert_string_equal(it->sections[k].text, want);
        assert_null(strchr(want, '\t'));
        free(want);
        k++;
    }
    assert_int_equal(k, it->nsections);
    pct_iter_free(iter);
    pct_store__item_free(it);
}

static void test_add_and_duplicate(void **state)
{
    fixture *f = *state;
    long long a = add(f, "/x/supply.txt", AGREEMENT, 0);
    long long again = add(f, "/y/copy-of-supply.txt", AGREEMENT, 1);
    assert_int_equal(a, again);
    assert_int_equal(pct_store_schema_version(f->st), PCT_STORE_SCHEMA);
    pct_store_stats s;
    assert_int_equal(pct_store_stats_get(f->st, &s), 0);
    assert_int_equal(s.files, 1);
    assert_int_equal(s.bytes, strlen(AGREEMENT));
    assert_true(s.sections >= 4);
    /* the stored bytes are the original bytes */
    pct_doc *doc = NULL;
    assert_int_equal(pct_store_load(&doc, f->st, a), 0);
    size_t n;
    const char *b = pct_doc_bytes(doc, &n);
    assert_int_equal(n, strlen(AGREEMENT));
    assert_memory_equal(b, AGREEMENT, n);
    pct_doc_free(doc);
    /* not text */
    long long id;
    int dup;
    assert_int_equal(pct_store_add(f->st, "bin", "\x7f" "ELF\0\0\0", 7, &id, &dup), PCT_EINVALID);
}

static void test_resolve(void **state)
{
    fixture *f = *state;
    long long a = add(f, "/x/supply.txt", AGREEMENT, 0);
    long long id = 0;
    char sha[65], ref[32];
    assert_int_equal(pct_store_resolve(f->st, "supply.txt", &id), 0);
    assert_int_equal(id, a);
    snprintf(ref, sizeof ref, "%lld.0", a);
    assert_int_equal(pct_store_resolve(f->st, ref, &id), 0);
    assert_int_equal(id, a);
    pct_sha256__hex(AGREEMENT, strlen(AGREEMENT), sha);
    sha[8] = '\0';
    assert_int_equal(pct_store_resolve(f->st, sha, &id), 0);
    assert_int_equal(id, a);
    assert_int_equal(pct_store_resolve(f->st, "no-such.txt", &id), PCT_ENOTFOUND);
    assert_int_equal(pct_store_resolve(f->st, "999", &id), PCT_ENOTFOUND);
}

static void test_search(void **state)
{
    fixture *f = *state;
    add(f, "/x/supply.txt", AGREEMENT, 0);
    long long c = add(f, "/x/consulting.txt", OTHER, 0);
    pct_store_rows *rows = NULL;
    assert_int_equal(pct_store_search(&rows, f->st, "furnace", 0), 0);
    assert_true(pct_store_rows_count(rows) >= 1);
    const pct_store_row *r = pct_store_rows_at(rows, 0);
    assert_int_equal(r->id, c);
    assert_non_null(strstr(r->snippet, "[furnace]"));
    assert_true(r->span.end > r->span.start && r->span.end <= strlen(OTHER));
    pct_store_rows_free(rows);
    /* stemming: "renewing" finds "renew" */
    assert_int_equal(pct_store_search(&rows, f->st, "renewing", 0), 0);
    assert_true(pct_store_rows_count(rows) >= 1);
    pct_store_rows_free(rows);
    /* hostile queries are words, never FTS5 syntax errors */
    static const char *const odd[] = {"\"unbalanced", "kiln AND", "OR furnace", "body:kiln",
                                      "furn*", "(kiln", "NEAR(kiln furnace)", "a-b-c"};
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        int err = pct_store_search(&rows, f->st, odd[i], 5);
        if (err)
            fprintf(stderr, "query %s: %s\n", odd[i], pct_errmsg(f->ctx));
        assert_int_equal(err, 0);
        pct_store_rows_free(rows);
    }
    assert_int_equal(pct_store_search(&rows, f->st, " -- !! ", 0), PCT_EINVALID);
    assert_null(rows);
}

static const pct_store_row *find_event(const pct_store_rows *rows, const char *event)
{
    for (size_t i = 0; i < pct_store_rows_count(rows); i++)
        if (!strcmp(pct_store_rows_at(rows, i)->event, event))
            return pct_store_rows_at(rows, i);
    return NULL;
}

/* The amendment arrives first; once the agreement is added they form one
 * family, and the expiration (and the notice deadline) follow the amendment. */
static void test_family_any_order(void **state)
{
    fixture *f = *state;
    long long am = add(f, "/x/amendment-1.txt", AMENDMENT, 0);
    long long ag = add(f, "/x/supply.txt", AGREEMENT, 0);
    pct_store_rows *rows = NULL;
    pct_store_filter flt = {.file = am};
    assert_int_equal(pct_store_list(&rows, f->st, &flt), 0);
    assert_int_equal(pct_store_rows_count(rows), 1);
    long long fam = pct_store_rows_at(rows, 0)->family;
    assert_true(fam > 0);
    pct_store_rows_free(rows);
    flt = (pct_store_filter){.file = ag};
    assert_int_equal(pct_store_list(&rows, f->st, &flt), 0);
    assert_int_equal(pct_store_rows_at(rows, 0)->family, fam);
    assert_string_equal(pct_store_rows_at(rows, 0)->expiration_date, "2033-12-31");
    pct_store_rows_free(rows);

    assert_int_equal(pct_store_due(&rows, f->st, "2030-01-01", "2034-12-31"), 0);
    const pct_store_row *e = find_event(rows, "expiration");
    assert_non_null(e);
    assert_string_equal(e->date, "2033-12-31");
    const pct_store_row *n = find_event(rows, "renewal_notice");
    assert_non_null(n);
    assert_string_equal(n->date, "2033-10-02"); /* 90 days before */
    assert_null(find_event(rows, "nothing"));
    pct_store_rows_free(rows);

    /* removing the amendment moves the deadline back */
    assert_int_equal(pct_store_remove(f->st, am), 0);
    assert_int_equal(pct_store_due(&rows, f->st, NULL, NULL), 0);
    e = find_event(rows, "expiration");
    assert_non_null(e);
    assert_string_equal(e->date, "2030-12-31");
    pct_store_rows_free(rows);
    assert_int_equal(pct_store_remove(f->st, am), PCT_ENOTFOUND);
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
    assert_int_equal(fclose(fp), 0);
}

static long long pending_relinks(fixture *f)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM meta WHERE key LIKE 'relink:%'",
                                        -1, &s, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    long long n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return n;
}

static void check_family(fixture *f, long long am, long long ag)
{
    pct_store_rows *rows = NULL;
    pct_store_filter flt = {.file = am};
    assert_int_equal(pct_store_list(&rows, f->st, &flt), 0);
    long long fam = pct_store_rows_at(rows, 0)->family;
    assert_true(fam > 0);
    pct_store_rows_free(rows);
    flt = (pct_store_filter){.file = ag};
    assert_int_equal(pct_store_list(&rows, f->st, &flt), 0);
    assert_int_equal(pct_store_rows_at(rows, 0)->family, fam);
    assert_string_equal(pct_store_rows_at(rows, 0)->expiration_date, "2033-12-31");
    pct_store_rows_free(rows);
}

/* A batch (add_paths) links a family once at its end, whichever file comes
 * first, and leaves no relink waiting; so does a second batch that brings
 * the agreement of an amendment stored by the first. */
static void test_family_batch(void **state)
{
    fixture *f = *state;
    char in[128], p1[192], p2[192];
    snprintf(in, sizeof in, "%s/in", f->dir);
    assert_int_equal(mkdir(in, 0700), 0);
    snprintf(p1, sizeof p1, "%s/a-amendment.txt", in);
    snprintf(p2, sizeof p2, "%s/b-supply.txt", in);
    write_file(p1, AMENDMENT);
    write_file(p2, AGREEMENT);
    pct_add_opts opts = {2, NULL, NULL};
    pct_add_summary sum;
    const char *paths[] = {in};
    assert_int_equal(pct_store_add_paths(f->st, paths, 1, &opts, &sum), 0);
    assert_int_equal(sum.added, 2);
    long long am, ag;
    assert_int_equal(pct_store_resolve(f->st, "a-amendment.txt", &am), 0);
    assert_int_equal(pct_store_resolve(f->st, "b-supply.txt", &ag), 0);
    check_family(f, am, ag);
    assert_int_equal(pending_relinks(f), 0);
    /* the agreement again, alone, in a later batch */
    assert_int_equal(pct_store_remove(f->st, ag), 0);
    const char *one[] = {p2};
    assert_int_equal(pct_store_add_paths(f->st, one, 1, &opts, &sum), 0);
    assert_int_equal(sum.added, 1);
    assert_int_equal(pct_store_resolve(f->st, "b-supply.txt", &ag), 0);
    check_family(f, am, ag);
    assert_int_equal(pending_relinks(f), 0);
}

/* One integer from the store, read by a connection of its own. */
static long long sql_int(fixture *f, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    int rc = sqlite3_step(s);
    assert_true(rc == SQLITE_ROW || rc == SQLITE_DONE);
    long long n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    sqlite3_close(db);
    return n;
}

#define BATCH_TEST_FILES 45 /* more than one group of full-text rows */

/* A batch writes its files' full-text rows in groups, after the files: at
 * its end every document has its row and no file waits. A file whose rows
 * an interrupted add never wrote (its mark left) gets them, the same as
 * before, from the next add. */
static void test_index_batch(void **state)
{
    fixture *f = *state;
    char in[128], p[192], text[1024];
    snprintf(in, sizeof in, "%s/in", f->dir);
    assert_int_equal(mkdir(in, 0700), 0);
    for (int i = 0; i < BATCH_TEST_FILES; i++) {
        snprintf(p, sizeof p, "%s/lease-%02d.txt", in, i);
        snprintf(text, sizeof text,
                 "EQUIPMENT LEASE %d\n\nThis Equipment Lease is made as of May %d, 2021 by and "
                 "between Lessor%d Rentals, Inc. (\"Lessor\") and Lessee%d Farms LLC "
                 "(\"Lessee\").\n\n1. Equipment\n\nLessor leases to Lessee the tractor "
                 "numbered %d.\n\n2. Rent\n\nLessee shall pay rent of $%d per month.\n",
                 i, i % 28 + 1, i, i, i * 7, 100 + i);
        write_file(p, text);
    }
    pct_add_opts opts = {2, NULL, NULL};
    pct_add_summary sum;
    const char *paths[] = {in};
    assert_int_equal(pct_store_add_paths(f->st, paths, 1, &opts, &sum), 0);
    assert_int_equal(sum.added, BATCH_TEST_FILES);
    long long docs = sql_int(f, "SELECT count(*) FROM documents");
    assert_true(docs >= BATCH_TEST_FILES);
    assert_int_equal(sql_int(f, "SELECT count(*) FROM documents d JOIN documents_fts t"
                                " ON t.rowid = d.id AND t.title IS d.title"),
                     docs);
    assert_int_equal(sql_int(f, "SELECT count(*) FROM meta WHERE key LIKE 'index:%'"), 0);
    pct_store_rows *rows = NULL;
    assert_int_equal(pct_store_search(&rows, f->st, "tractor", 100), 0);
    assert_int_equal(pct_store_rows_count(rows), (size_t)docs);
    pct_store_rows_free(rows);
    /* an add killed before the rows of file 7 were written */
    long long body_len = sql_int(f, "SELECT sum(length(t.body)) FROM documents_fts t"
                                    " JOIN documents d ON d.id = t.rowid WHERE d.file_id = 7");
    assert_true(body_len > 100);
    sql_int(f, "DELETE FROM documents_fts WHERE rowid IN"
               " (SELECT id FROM documents WHERE file_id = 7)");
    sql_int(f, "INSERT INTO meta VALUES('index:7', NULL)");
    assert_int_equal(sql_int(f, "SELECT count(*) FROM documents_fts"), docs - 1);
    assert_int_equal(pct_store_add_paths(f->st, paths, 1, &opts, &sum), 0);
    assert_int_equal(sum.duplicates, BATCH_TEST_FILES);
    assert_int_equal(sql_int(f, "SELECT count(*) FROM documents_fts"), docs);
    assert_int_equal(sql_int(f, "SELECT sum(length(t.body)) FROM documents_fts t"
                                " JOIN documents d ON d.id = t.rowid WHERE d.file_id = 7"),
                     body_len);
    assert_int_equal(sql_int(f, "SELECT count(*) FROM meta WHERE key LIKE 'index:%'"), 0);
}

/* The renewal-notice deadline takes its period from the amendments in the
 * order they took effect, with the amendment named as its basis. */
/* Every (term, document, column, offset) of a store's full-text index,
 * one line each, in a malloc'd string. */
static char *fts_instances(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    size_t len = 0, cap = 1 << 16;
    char *out = malloc(cap);
    assert_non_null(out);
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE VIRTUAL TABLE temp.v USING fts5vocab(main,"
                                      " 'documents_fts', 'instance')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT term, doc, col, offset FROM temp.v", -1, &s,
                                        NULL),
                     SQLITE_OK);
    while (sqlite3_step(s) == SQLITE_ROW) {
        char line[256];
        int n = snprintf(line, sizeof line, "%s %lld %s %lld\n", sqlite3_column_text(s, 0),
                         sqlite3_column_int64(s, 1), sqlite3_column_text(s, 2),
                         sqlite3_column_int64(s, 3));
        assert_true(n > 0 && (size_t)n < sizeof line);
        if (len + (size_t)n + 1 > cap) {
            cap *= 2;
            out = realloc(out, cap);
            assert_non_null(out);
        }
        memcpy(out + len, line, (size_t)n);
        len += (size_t)n;
    }
    out[len] = '\0';
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}

/* A batch tokenizes the full-text bodies on its workers and the writer
 * replays their tokens: the index must hold exactly what the writer's own
 * tokenizing gives (a store built file by file, pct_store_add), and what
 * FTS5's integrity-check finds by tokenizing the stored text again. */
static void test_tokens_replayed(void **state)
{
    static const char *const texts[] = {
        ("CAF\xc3\x89 SERVICES AGREEMENT\n\nThis Agreement is made by Soci\xc3\xa9t\xc3\xa9 "
        "G\xc3\xa9n\xc3\xa9rale Caf\xc3\xa9 SARL (\"Provider\") and Na\xc3\xafve Co. "
        "(\"Client\").\n\n1. Term\n\nThe term terminates, terminating all terminated rights, "
        "on 31.12.2030; renewals renew automatically.\n\n2. Fees\n\nFees of $1,250.00 are due "
        "within thirty (30) days.\n"),
        ("LICENSE AGREEMENT\n\nLicensor\xe2\x80\x99s supercalifragilisticexpialidociousness"
        "andthenevenlongerwordsthatgoonandonforeverandeverandever are licensed.\n\n"
        "1. Grant\n\nA non-exclusive, non-transferable grant; \xe2\x80\x9cquoted\xe2\x80\x9d "
        "terms; e-mail: a@b.example; ID#A-77/B.\n"),
        ("SUPPLY AGREEMENT\n\nThe buyer\x92s orders (Windows-1252 quote) and na\xefve "
        "r\xe9sum\xe9 words.\n\n1. Supply\n\nSupplier supplies supplies.\n"),
    };
    fixture *f = *state;
    char in[128], p[192], other[192];
    snprintf(in, sizeof in, "%s/in", f->dir);
    assert_int_equal(mkdir(in, 0700), 0);
    snprintf(other, sizeof other, "%s/each.db", f->dir);
    pct_ctx *ctx = pct_ctx_new(NULL);
    pct_store *each = NULL;
    assert_int_equal(pct_store_open(&each, ctx, other, 0), 0);
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        snprintf(p, sizeof p, "%s/doc-%zu.txt", in, i);
        write_file(p, texts[i]);
        long long id = 0;
        int dup = 0;
        assert_int_equal(pct_store_add(each, p, texts[i], strlen(texts[i]), &id, &dup), 0);
        assert_int_equal(id, (long long)i + 1);
    }
    pct_store_close(each);
    pct_ctx_free(ctx);
    pct_add_opts opts = {2, NULL, NULL};
    pct_add_summary sum;
    const char *paths[] = {in};
    assert_int_equal(pct_store_add_paths(f->st, paths, 1, &opts, &sum), 0);
    assert_int_equal(sum.added, sizeof texts / sizeof texts[0]);
    char *batch = fts_instances(f->path), *one = fts_instances(other);
    assert_true(strlen(batch) > 1000);
    assert_string_equal(batch, one);
    free(batch);
    free(one);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "INSERT INTO documents_fts(documents_fts)"
                                      " VALUES('integrity-check')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    pct_store_rows *rows = NULL;
    assert_int_equal(pct_store_search(&rows, f->st, "terminate", 0), 0);
    assert_int_equal(pct_store_rows_count(rows), 1);
    pct_store_rows_free(rows);
    assert_int_equal(pct_store_search(&rows, f->st, "cafe", 0), 0);
    assert_int_equal(pct_store_rows_count(rows), 1);
    pct_store_rows_free(rows);
}

static void test_notice_amended(void **state)
{
    fixture *f = *state;
    add(f, "/x/amendment-2.txt", AMENDMENT2, 0);
    add(f, "/x/supply.txt", AGREEMENT, 0);
    add(f, "/x/amendment-1.txt", AMENDMENT, 0);
    pct_store_rows *rows = NULL;
    assert_int_equal(pct_store_due(&rows, f->st, "2030-01-01", "2034-12-31"), 0);
    const pct_store_row *e = find_event(rows, "expiration");
    assert_non_null(e);
    assert_string_equal(e->date, "2033-12-31");
    const pct_store_row *n = find_event(rows, "renewal_notice");
    assert_non_null(n);
    if (strcmp(n->date, "2033-09-02")) /* 120 days before */
        fprintf(stderr, "renewal notice %s: %s\n", n->date, n->basis);
    assert_string_equal(n->date, "2033-09-02");
    assert_non_null(strstr(n->basis, "120 days"));
    assert_non_null(strstr(n->basis, "AMENDMENT NO. 2"));
    pct_store_rows_free(rows);
}

static void test_list_filters(void **state)
{
    fixture *f = *state;
    add(f, "/x/supply.txt", AGREEMENT, 0);
    long long c = add(f, "/x/consulting.txt", OTHER, 0);
    pct_store_rows *rows = NULL;
    pct_store_filter flt = {.party = "harbor glass"};
    assert_int_equal(pct_store_list(&rows, f->st, &flt), 0);
    assert_int_equal(pct_store_rows_count(rows), 1);
    assert_int_equal(pct_store_rows_at(rows, 0)->id, c);
    pct_store_rows_free(rows);
    flt = (pct_store_filter){.expiring_before = "2031-01-01"};
    assert_int_equal(pct_store_list(&rows, f->st, &flt), 0);
    assert_int_equal(pct_store_rows_count(rows), 1);
    assert_string_equal(pct_store_rows_at(rows, 0)->expiration_date, "2030-12-31");
    pct_store_rows_free(rows);
    flt = (pct_store_filter){.unsigned_only = 1};
    assert_int_equal(pct_store_list(&rows, f->st, &flt), 0);
    assert_int_equal(pct_store_rows_count(rows), 1);
    assert_int_equal(pct_store_rows_at(rows, 0)->id, c);
    pct_store_rows_free(rows);
    flt = (pct_store_filter){.expiring_before = "soon"};
    assert_int_equal(pct_store_list(&rows, f->st, &flt), PCT_EINVALID);
}

typedef struct capture {
    char *data;
    size_t len;
} capture;

static int cap_sink(const char *d, size_t n, void *ud)
{
    capture *c = ud;
    char *p = realloc(c->data, c->len + n + 1);
    if (!p)
        return -1;
    memcpy(p + c->len, d, n);
    c->data = p;
    c->len += n;
    c->data[c->len] = '\0';
    return 0;
}

static void test_export_and_ical(void **state)
{
    fixture *f = *state;
    add(f, "/x/supply.txt", AGREEMENT, 0);
    add(f, "/x/consulting.txt", OTHER, 0);
    capture c = {0};
    assert_int_equal(pct_store_export(f->st, "csv", cap_sink, &c), 0);
    assert_true(!strncmp(c.data, "id,doc,name,", 12));
    size_t lines = 0;
    for (size_t i = 0; i < c.len; i++)
        lines += c.data[i] == '\n';
    assert_int_equal(lines, 3);
    free(c.data);
    c = (capture){0};
    assert_int_equal(pct_store_export(f->st, "jsonl", cap_sink, &c), 0);
    assert_non_null(strstr(c.data, "\"sha256\""));
    assert_non_null(strstr(c.data, "\"facts\""));
    free(c.data);
    assert_int_equal(pct_store_export(f->st, "xml", cap_sink, &c), PCT_EINVALID);

    pct_store_rows *rows = NULL;
    assert_int_equal(pct_store_due(&rows, f->st, NULL, NULL), 0);
    c = (capture){0};
    assert_int_equal(pct_store_rows_ical(rows, cap_sink, &c), 0);
    assert_true(!strncmp(c.data, "BEGIN:VCALENDAR\r\n", 17));
    assert_non_null(strstr(c.data, "DTSTART;VALUE=DATE:20301231\r\n"));
    assert_non_null(strstr(c.data, "END:VCALENDAR\r\n"));
    /* every line ends in CRLF and is at most 75 octets */
    const char *p = c.data;
    while (*p) {
        const char *e = strstr(p, "\r\n");
        assert_non_null(e);
        assert_true(e - p <= 75);
        p = e + 2;
    }
    free(c.data);
    pct_store_rows_free(rows);
}

static void test_show(void **state)
{
    fixture *f = *state;
    long long a = add(f, "/x/supply.txt", AGREEMENT, 0);
    capture c = {0};
    assert_int_equal(pct_store_show_json(f->st, a, "2025-01-01", cap_sink, &c), 0);
    assert_non_null(strstr(c.data, "\"as_of\": \"2025-01-01\""));
    assert_non_null(strstr(c.data, "\"families\""));
    free(c.data);
    c = (capture){0};
    assert_int_equal(pct_store_show_text(f->st, a, NULL, cap_sink, &c), 0);
    assert_non_null(strstr(c.data, "supply.txt"));
    free(c.data);
    assert_int_equal(pct_store_show_json(f->st, a, "01/01/2025", cap_sink, &c), PCT_EINVALID);
    assert_int_equal(pct_store_show_json(f->st, a + 100, NULL, cap_sink, &c), PCT_ENOTFOUND);
}

/* ---------------------------------------------------------------- refusals */

static char *slurp(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    char *b = malloc(1 << 20);
    *n = fread(b, 1, 1 << 20, fp);
    fclose(fp);
    return b;
}

static void expect_refused(const char *path, int code)
{
    size_t n0, n1;
    char *before = slurp(path, &n0);
    pct_ctx *ctx = pct_ctx_new(NULL);
    pct_store *st = NULL;
    assert_int_equal(pct_store_open(&st, ctx, path, 0), code);
    assert_null(st);
    assert_true(strlen(pct_errmsg(ctx)) > 10);
    assert_int_equal(pct_store_open(&st, ctx, path, PCT_STORE_READONLY), code);
    pct_ctx_free(ctx);
    char *after = slurp(path, &n1);
    assert_int_equal(n0, n1);
    assert_memory_equal(before, after, n0);
    free(before);
    free(after);
}

static void test_newer_schema(void **state)
{
    fixture *f = *state;
    add(f, "/x/supply.txt", AGREEMENT, 0);
    pct_store_close(f->st);
    f->st = NULL;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA user_version = 42;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    expect_refused(f->path, PCT_EVERSION);
}

/* A store of schema 1 (with the facts(field, value) index that schema 2
 * dropped): read-only it is read as it is, opened for writing it is
 * migrated in place, keeping its files, facts and full-text rows. */
static void test_migrate_v1(void **state)
{
    fixture *f = *state;
    long long id = add(f, "/x/supply.txt", AGREEMENT, 0);
    pct_store_close(f->st);
    f->st = NULL;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE INDEX facts_field ON facts(field, value);"
                                  "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA user_version = 1;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    long long nfacts = sql_int(f, "SELECT count(*) FROM facts");
    long long nfts = sql_int(f, "SELECT count(*) FROM documents_fts");
    assert_true(nfacts > 0 && nfts > 0);
    pct_store *ro = NULL; /* read as it is: schema 2 only dropped an index */
    assert_int_equal(pct_store_open(&ro, f->ctx, f->path, PCT_STORE_READONLY), 0);
    assert_int_equal(pct_store_schema_version(ro), 1);
    pct_store_close(ro);
    assert_int_equal(sql_int(f, "PRAGMA user_version"), 1);
    assert_int_equal(pct_store_open(&f->st, f->ctx, f->path, 0), 0);
    assert_int_equal(pct_store_schema_version(f->st), PCT_STORE_SCHEMA);
    assert_int_equal(sql_int(f, "PRAGMA user_version"), PCT_STORE_SCHEMA);
    assert_int_equal(sql_int(f, "SELECT count(*) FROM sqlite_schema WHERE name = 'facts_field'"),
                     0);
    assert_int_equal(sql_int(f, "SELECT count(*) FROM facts"), nfacts);
    assert_int_equal(sql_int(f, "SELECT count(*) FROM documents_fts"), nfts);
    assert_int_equal(add(f, "/y/again.txt", AGREEMENT, 1), id);
    pct_store_rows *rows = NULL;
    assert_int_equal(pct_store_search(&rows, f->st, "thermometers", 0), 0);
    assert_true(pct_store_rows_count(rows) >= 1);
    pct_store_rows_free(rows);
}

static void test_foreign_and_corrupt(void **state)
{
    fixture *f = *state;
    char p[160];
    snprintf(p, sizeof p, "%s/other.db", f->dir);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES(1);", NULL, NULL,
                                  NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    expect_refused(p, PCT_EINVALID);
    snprintf(p, sizeof p, "%s/garbage.db", f->dir);
    FILE *fp = fopen(p, "wb");
    for (int i = 0; i < 8192; i++)
        fputc((i * 131 + 17) & 0xff, fp);
    fclose(fp);
    expect_refused(p, PCT_EINVALID);
}

static void test_readonly(void **state)
{
    fixture *f = *state;
    add(f, "/x/supply.txt", AGREEMENT, 0);
    pct_store *ro = NULL;
    assert_int_equal(pct_store_open(&ro, f->ctx, f->path, PCT_STORE_READONLY), 0);
    long long id;
    int dup;
    assert_int_equal(pct_store_add(ro, "/x/c.txt", OTHER, strlen(OTHER), &id, &dup), PCT_EIO);
    assert_int_equal(pct_store_remove(ro, 1), PCT_EIO);
    pct_store_rows *rows = NULL;
    assert_int_equal(pct_store_list(&rows, ro, NULL), 0);
    assert_int_equal(pct_store_rows_count(rows), 1);
    pct_store_rows_free(rows);
    pct_store_close(ro);
    char p[160];
    snprintf(p, sizeof p, "%s/absent.db", f->dir);
    assert_int_equal(pct_store_open(&ro, f->ctx, p, PCT_STORE_READONLY), PCT_ENOTFOUND);
    assert_int_equal(access(p, F_OK), -1);
}

/* ------------------------------------------------------------------ OOM */

typedef struct failing {
    long countdown; /* allocations left before one fails; < 0: never */
} failing;

static void *f_malloc(size_t n, void *ud)
{
    failing *f = ud;
    if (f->countdown == 0)
        return NULL;
    if (f->countdown > 0)
        f->countdown--;
    return malloc(n);
}

static void *f_realloc(void *p, size_t n, void *ud)
{
    failing *f = ud;
    if (f->countdown == 0)
        return NULL;
    if (f->countdown > 0)
        f->countdown--;
    return realloc(p, n);
}

static void f_free(void *p, void *ud)
{
    (void)ud;
    free(p);
}

/* Failing the Nth allocation of an add gives PCT_ENOMEM (or success once N
 * passes the last allocation), never a crash or a leak, and never a file
 * stored in part: the store holds the file completely or not at all. */
static void test_oom_add(void **state)
{
    (void)state;
    char dir[] = "/tmp/pct-test-oom.XXXXXX", path[64], cmd[96];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/store.db", dir);
    failing f = {-1};
    pct_allocator a = {f_malloc, f_realloc, f_free, &f};
    pct_ctx *ctx = pct_ctx_new(&a);
    pct_store *st = NULL;
    assert_int_equal(pct_store_open(&st, ctx, path, 0), 0);
    int done = 0;
    for (long n = 0; n < 200000 && !done; n += n < 400 ? 1 : 97) {
        long long id = 0;
        int dup = 0;
        f.countdown = n;
        int err = pct_store_add(st, "/x/supply.txt", AGREEMENT, strlen(AGREEMENT), &id, &dup);
        f.countdown = -1;
        pct_store_stats s;
        assert_int_equal(pct_store_stats_get(st, &s), 0);
        if (err == 0) {
            done = 1;
            assert_int_equal(s.files, 1);
            assert_true(s.documents >= 1);
        } else {
            if (err != PCT_ENOMEM)
                fprintf(stderr, "allocation %ld: %s\n", n, pct_errmsg(ctx));
            assert_int_equal(err, PCT_ENOMEM);
            assert_int_equal(s.files, 0);
            assert_int_equal(s.documents, 0);
        }
    }
    assert_true(done);
    pct_store_close(st);
    assert_int_equal(pct_mem_current(ctx), 0);
    pct_ctx_free(ctx);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_vectors),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_section_texts),
        cmocka_unit_test_setup_teardown(test_add_and_duplicate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resolve, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search, setup, teardown),
        cmocka_unit_test_setup_teardown(test_family_any_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_family_batch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index_batch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tokens_replayed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_notice_amended, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_filters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_export_and_ical, setup, teardown),
        cmocka_unit_test_setup_teardown(test_show, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newer_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrate_v1, setup, teardown),
        cmocka_unit_test_setup_teardown(test_foreign_and_corrupt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_readonly, setup, teardown),
        cmocka_unit_test(test_oom_add),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
