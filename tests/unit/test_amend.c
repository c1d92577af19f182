/*
 * test_amend.c - the amendment layer (amend.c): dates, entity names and
 * their variants, recognising amendments and the operations grammar, on
 * synthetic text written for these tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "amend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- helpers */

typedef struct fixture {
    pct_ctx *ctx;
    pct_doc *doc;
    pct_family *fam;
} fixture;

static const pct_family_doc *read_text(fixture *f, const char *text)
{
    f->ctx = pct_ctx_new(NULL);
    assert_non_null(f->ctx);
    assert_int_equal(pct_doc_parse(&f->doc, f->ctx, "test.txt", text, strlen(text)), 0);
    assert_int_equal(pct_doc_check(f->doc), 0);
    const pct_doc *docs[1] = {f->doc};
    assert_int_equal(pct_family_link(&f->fam, f->ctx, docs, 1), 0);
    for (size_t i = 0; i < pct_family_count(f->fam); i++)
        if (pct_family_doc_at(f->fam, i)->on_file)
            return pct_family_doc_at(f->fam, i);
    fail_msg("no document on file");
    return NULL;
}

static void done(fixture *f)
{
    pct_family_free(f->fam);
    pct_doc_free(f->doc);
    pct_ctx_free(f->ctx);
}

static const pct_amend_op *op_of(const pct_family_doc *d, pct_op_kind kind, const char *target)
{
    for (size_t i = 0; i < d->nops; i++)
        if (d->ops[i].kind == kind &&
            (!target || (d->ops[i].target && !strcmp(d->ops[i].target, target))))
            return &d->ops[i];
    return NULL;
}

/* --------------------------------------------------------------- dates */

static void test_dates(void **state)
{
    (void)state;
    char iso[PCT_ISO_LEN];
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"September 4, 1997", "1997-09-04"}, {"Sept. 30, 2005", "2005-09-30"},
        {"4th day of January, 1999", "1999-01-04"}, {"22 day of June 2018", "2018-06-22"},
        {"9-29-00", "2000-09-29"},           {"9/29/2000", "2000-09-29"},
        {"2000-09-29", "2000-09-29"},        {"1 March 2024", "2024-03-01"},
        {"December 31 2019", "2019-12-31"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t n = strlen(cases[i].in);
        assert_int_equal(pct_amend__date_here(cases[i].in, n, 0, iso), n);
        assert_string_equal(iso, cases[i].out);
    }
    /* not dates */
    static const char *const bad[] = {"Section 3.1", "13-45-99", "May the parties", "2.3.4",
                                      "Amendment 2"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(pct_amend__date_here(bad[i], strlen(bad[i]), 0, iso), 0);
    size_t len = 0;
    const char *s = "effective as of October 1, 1998 (the date)";
    assert_int_equal(pct_amend__find_date(s, 0, strlen(s), iso, &len), 16);
    assert_int_equal(len, 15);
    assert_string_equal(iso, "1998-10-01");
    /* a partial or blank date is skipped for the next complete one; a date
     * inside a word is none */
    s = "dated September 1997 and January __, 2004, effective 5 March 1998";
    assert_int_equal(pct_amend__find_date(s, 0, strlen(s), iso, &len), 53);
    assert_string_equal(iso, "1998-03-05");
    assert_int_equal(pct_amend__date_here("x9-29-00", 8, 1, iso), 0);
    /* a date must end by `to` */
    s = "as of October 1, 1998";
    assert_int_equal(pct_amend__find_date(s, 0, strlen(s) - 2, iso, &len), -1);
    pct_date d;
    assert_true(pct_amend__iso_read("2000-02-29", &d));
    assert_int_equal(d.y * 10000 + d.m * 100 + d.d, 20000229);
    assert_false(pct_amend__iso_read("2000-02", &d));
    assert_false(pct_amend__iso_read(NULL, &d));
    assert_true(pct_amend__datecmp("1998-10-01", "2000-01-01") < 0);
    assert_true(pct_amend__datecmp(NULL, "2000-01-01") < 0);
}

/* --------------------------------------------------------------- names */

static void test_names(void **state)
{
    (void)state;
    pct_ctx *ctx = pct_ctx_new(NULL);
    pct_arena *a = pct_arena__new(ctx);
    char *k1 = pct_amend__name_key(a, "KMC TELECOM, INC.", 17);
    char *k2 = pct_amend__name_key(a, "KMC Telcom, Inc.", 16);
    char *k3 = pct_amend__name_key(a, "KMC Telecom Leasing I LLC", 25);
    char *k4 = pct_amend__name_key(a, "KMC TELECOM LEASING LLC", 23);
    char *k5 = pct_amend__name_key(a, "Acme Widgets Corporation", 24);
    char *k6 = pct_amend__name_key(a, "ACME WIDGETS CORP.", 18);
    assert_string_equal(k1, "kmc telecom inc");
    assert_string_equal(k5, k6);
    assert_true(pct_amend__name_variant(k1, k2));  /* Telcom / Telecom */
    assert_false(pct_amend__name_variant(k3, k4)); /* "Leasing I LLC" is another entity */
    assert_false(pct_amend__name_variant(k1, k1)); /* the same name is no variant */
    assert_string_equal(pct_amend__name_display(a, "KMC TELECOM OF VIRGINIA, INC.", 29),
                        "KMC Telecom of Virginia, Inc.");
    assert_string_equal(pct_amend__name_display(a, "KMC TELECOM LEASING IV LLC", 26),
                        "KMC Telecom Leasing IV LLC");
    assert_string_equal(pct_amend__name_display(a, "Lucent Technologies Inc.", 24),
                        "Lucent Technologies Inc.");
    pct_arena__free(a);
    pct_ctx_free(ctx);
}

typedef struct names_seen {
    const pct_ftext *ft;
    char buf[8][64];
    size_t n;
} names_seen;

static int on_name(size_t start, size_t end, void *ud)
{
    names_seen *s = ud;
    if (s->n < 8 && end - start < 64) {
        memcpy(s->buf[s->n], s->ft->s + start, end - start);
        s->buf[s->n][end - start] = 0;
        s->n++;
    }
    return 0;
}

static void test_entity_names(void **state)
{
    (void)state;
    const char *text =
        "This Agreement is made by and between Orchid Valley Farms, Inc., a Delaware "
        "Corporation, and Blue Heron Shipping of Maine LLC, a Maine limited liability "
        "company, and its Limited Warranty applies to Tern Ltd.\n";
    pct_ctx *ctx = pct_ctx_new(NULL);
    pct_doc *doc = NULL;
    assert_int_equal(pct_doc_parse(&doc, ctx, "names.txt", text, strlen(text)), 0);
    pct_arena *a = pct_arena__new(ctx);
    pct_ftext ft;
    assert_int_equal(pct_amend__fold(&ft, a, doc, 0, strlen(text)), 0);
    names_seen seen = {&ft, {{0}}, 0};
    assert_int_equal(pct_amend__entity_names(&ft, 0, ft.n, on_name, &seen), 0);
    assert_int_equal(seen.n, 3);
    assert_string_equal(seen.buf[0], "Orchid Valley Farms, Inc.");
    assert_string_equal(seen.buf[1], "Blue Heron Shipping of Maine LLC");
    assert_string_equal(seen.buf[2], "Tern Ltd.");
    /* the folded text maps back to the original bytes */
    pct_span sp = pct_amend__span(doc, &ft, 38, 63);
    assert_int_equal(sp.start, 38);
    assert_int_equal(sp.end, 63);
    pct_arena__free(a);
    pct_doc_free(doc);
    pct_ctx_free(ctx);
}

/* The fold byte by byte, as its contract says: artefact and blank lines
 * dropped, white space runs one space placed at the next word's position,
 * none leading; pos[n] is the end of the last word. */
static size_t ref_fold(const pct_doc *doc, size_t start, size_t end, char *s, size_t *pos)
{
    const char *t = doc->src.text;
    size_t o = 0, last = start;
    int sp = 0;
    for (size_t li = 0; li < doc->lines.n; li++) {
        const pct_line *l = &doc->lines.v[li];
        if (l->end < start)
            continue;
        if (l->start >= end)
            break;
        if (l->flags & (PCT_LINE_ARTIFACT | PCT_LINE_BLANK)) {
            sp = o > 0;
            continue;
        }
        size_t b1 = l->end < end ? l->end : end;
        for (size_t i = l->start > start ? l->start : start; i < b1; i++) {
            if (pct__is_space((unsigned char)t[i])) {
                sp = o > 0;
                continue;
            }
            if (sp) {
                pos[o] = i;
                s[o++] = ' ';
                sp = 0;
            }
            pos[o] = i;
            s[o++] = t[i];
            last = i + 1;
        }
        sp = o > 0;
    }
    s[o] = 0;
    pos[o] = last;
    return o;
}

/* pct_amend__fold (which copies clean runs of 8 bytes at once) gives the
 * text and positions of the byte-by-byte fold over every range of a text
 * with tabs, runs of spaces, control bytes, UTF-8 and a page artefact. */
static void test_fold_positions(void **state)
{
    (void)state;
    const char *text =
        "AMENDMENT NO. 2 TO SUPPLY AGREEMENT\n\n"
        "This Amendment  is made by Larch Audio, Inc.\t(\"Seller\") and Vesper Retail LLC.\n"
        "   1.  Section 4.2 is\x0b amended:  \"ninety (90) days\" becomes \"sixty (60) days\".   \n"
        "          \n"
        "2. caf\xc3\xa9 \x01 and ! words, a b c d e f g h i j k l m n o p q r s t u v w x y z.\n"
        "- 2 -\n\f\n"
        "3.\tThe term is extended to December 31, 2031.abcdefghijklmnop qrstuvwx  yz\n";
    size_t len = strlen(text);
    pct_ctx *ctx = pct_ctx_new(NULL);
    pct_doc *doc = NULL;
    assert_int_equal(pct_doc_parse(&doc, ctx, "fold.txt", text, len), 0);
    pct_arena *a = pct_arena__new(ctx);
    char *rs = malloc(len + 1);
    size_t *rp = malloc((len + 2) * sizeof *rp);
    for (size_t start = 0; start < len; start += 3)
        for (size_t end = start; end <= len; end += 5) {
            pct_ftext ft;
            assert_int_equal(pct_amend__fold(&ft, a, doc, start, end), 0);
            size_t n = ref_fold(doc, start, end, rs, rp);
            assert_int_equal(ft.n, n);
            assert_memory_equal(ft.s, rs, n + 1);
            assert_memory_equal(ft.pos, rp, (n + 1) * sizeof *rp);
        }
    free(rs);
    free(rp);
    pct_arena__free(a);
    pct_doc_free(doc);
    pct_ctx_free(ctx);
}

/* Every entity suffix ends a name, whatever its case and full stops; a
 * capitalised word that is no suffix does not. */
static void test_entity_suffixes(void **state)
{
    (void)state;
    static const char *const sfx[] = {
        "Inc.", "Incorporated", "Corporation", "Corp.", "LLC", "L.L.C.", "Ltd.", "Limited", "LP",
        "L.P.", "LLP", "Company", "Co.", "PLC", "GmbH", "AG", "S.A.", "SA", "N.V.", "B.V.",
        "S.p.A.", "Pty", "Pte", "S.A.S.", "Holdings", "INC.", "Llc", "Widgets", "Agreement"};
    for (size_t i = 0; i < sizeof sfx / sizeof *sfx; i++) {
        char text[128];
        snprintf(text, sizeof text, "This Agreement is made by Quill Harbor %s and the Buyer.\n",
                 sfx[i]);
        pct_ctx *ctx = pct_ctx_new(NULL);
        pct_doc *doc = NULL;
        assert_int_equal(pct_doc_parse(&doc, ctx, "sfx.txt", text, strlen(text)), 0);
        pct_arena *a = pct_arena__new(ctx);
        pct_ftext ft;
        assert_int_equal(pct_amend__fold(&ft, a, doc, 0, strlen(text)), 0);
        names_seen seen = {&ft, {{0}}, 0};
        assert_int_equal(pct_amend__entity_names(&ft, 0, ft.n, on_name, &seen), 0);
        int is_suffix = i < sizeof sfx / sizeof *sfx - 2;
        if (seen.n != (is_suffix ? 1 : 0))
            fprintf(stderr, "names found in: %s", text);
        assert_int_equal(seen.n, is_suffix ? 1 : 0);
        if (is_suffix) {
            assert_true(!strncmp(seen.buf[0], "Quill Harbor ", 13));
            assert_true(!strncmp(seen.buf[0] + 13, sfx[i], strlen(seen.buf[0] + 13)));
        }
        pct_arena__free(a);
        pct_doc_free(doc);
        pct_ctx_free(ctx);
    }
}

/* ---------------------------------------------------------- recognition */

static void test_recognise(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *kind;
        int ordinal;
    } cases[] = {
        {"AMENDMENT NO. 2 TO SUPPLY AGREEMENT\n\nThis Amendment No. 2 is made as of May 1, 2020 "
         "between Reed Mills, Inc. and Garnet Foods LLC.\n\n1. Section 4 of the Supply Agreement "
         "is hereby deleted.\n",
         "amendment", 2},
        {"THIRD AMENDMENT TO LEASE AGREEMENT\n\nThe Lease Agreement dated June 1, 2010 is hereby "
         "amended as follows.\n\n1. Section 2 is hereby deleted.\n",
         "amendment", 3},
        {"Amendment #4 to the License Agreement\n\n1. Section 9 is hereby deleted.\n", "amendment",
         4},
        {"AMEND NO. 5 TO THE SERVICES AGREEMENT\n\n1. Section 9 is hereby deleted.\n", "amendment",
         5},
        {"JOINDER\n\nSable Robotics, Inc. hereby joins in the Services Agreement dated as of "
         "March 3, 2019 as a party.\n",
         "joinder", 0},
        {"CONSULTING AGREEMENT\n\nThis Consulting Agreement is made as of January 2, 2015 "
         "between Fennel Labs, Inc. and Iris Moss.\n\n1. Services. Consultant shall advise.\n",
         "agreement", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fixture f = {0};
        const pct_family_doc *d = read_text(&f, cases[i].text);
        assert_string_equal(d->kind, cases[i].kind);
        assert_int_equal(d->ordinal, cases[i].ordinal);
        done(&f);
    }
}

static const char *const amendment_text =
    "AMENDMENT NUMBER 3 TO THE MASTER PURCHASE AGREEMENT\n"
    "\n"
    "This Amendment Number 3 (the \"Amendment\") is made by and between Harrow Instruments, Inc., "
    "a Delaware corporation (\"Buyer\"), and Quillon Parts LLC, an Ohio limited liability company "
    "(\"Seller\").\n"
    "\n"
    "WHEREAS, Buyer and Seller are parties to the Master Purchase Agreement Number MPA-2231 dated "
    "March 1, 2015, as amended by Amendment No. 1 effective as of July 1, 2016 and Amendment No. 2 "
    "dated as of August 15, 2017 (the \"Agreement\");\n"
    "\n"
    "NOW, THEREFORE, the parties agree as follows:\n"
    "\n"
    "1. The definition of \"Affiliate\" in the Agreement is hereby amended to additionally include "
    "Harrow Medical, Inc., a Texas corporation, and Harrow Optics LLC, a Delaware limited "
    "liability company.\n"
    "\n"
    "2. Section 5.2 of the Agreement is hereby deleted in its entirety and replaced with the "
    "following: \"5.2 Payment. Buyer shall pay each invoice within thirty (30) days.\"\n"
    "\n"
    "3. The term of the Agreement is hereby extended from March 1, 2020 to March 1, 2023.\n"
    "\n"
    "4. Section 7.4 of the Agreement is hereby deleted.\n"
    "\n"
    "5. The Agreement is hereby amended by adding a new Section 12.9 as follows: \"12.9 Audit. "
    "Seller shall keep records for three years.\"\n"
    "\n"
    "6. The word \"quarterly\" is replaced by \"monthly\" wherever it appears in the Agreement.\n"
    "\n"
    "7. Exhibit B to the Agreement is hereby deleted and replaced with Exhibit B attached hereto, "
    "solely with respect to purchases made in Canada.\n"
    "\n"
    "8. A new Exhibit F, in the form attached hereto, is hereby added to the Agreement.\n"
    "\n"
    "9. Section 3.1 of the Agreement is hereby amended by deleting \"ten (10)\" and inserting "
    "\"fifteen (15)\".\n"
    "\n"
    "10. Seller shall give Buyer a rebate on parts shipped late, which is hereby amended from "
    "time to time by mutual agreement of the parties.\n"
    "\n"
    "11. Counterparts. This Amendment may be executed in counterparts.\n"
    "\n"
    "IN WITNESS WHEREOF, the parties have executed this Amendment.\n"
    "\n"
    "HARROW INSTRUMENTS, INC.                QUILLON PARTS LLC\n"
    "\n"
    "By: /s/ Dana Harrow                     By: /s/ Milo Quillon\n"
    "Name: Dana Harrow                       Name: Milo Quillon\n"
    "Title: President                        Title: Manager\n"
    "Date: 4/2/2019                          Date: 4/3/2019\n";

static void test_citations(void **state)
{
    (void)state;
    fixture f = {0};
    const pct_family_doc *d = read_text(&f, amendment_text);
    assert_string_equal(d->kind, "amendment");
    assert_int_equal(d->ordinal, 3);
    assert_string_equal(d->execution_date, "2019-04-03");
    assert_string_equal(d->order_basis, "execution_date");
    const pct_amend_ref *base = NULL, *a1 = NULL, *a2 = NULL;
    for (size_t i = 0; i < d->nrefs; i++) {
        if (!strcmp(d->refs[i].relation, "amends"))
            base = &d->refs[i];
        if (d->refs[i].ordinal == 1)
            a1 = &d->refs[i];
        if (d->refs[i].ordinal == 2)
            a2 = &d->refs[i];
    }
    assert_non_null(base);
    assert_string_equal(base->identifier, "MPA-2231");
    assert_string_equal(base->date, "2015-03-01");
    assert_non_null(a1);
    assert_string_equal(a1->effective_date, "2016-07-01");
    assert_non_null(a2);
    assert_string_equal(a2->date, "2017-08-15");
    /* placeholders for all three, ordered by their dates, before the amendment */
    assert_int_equal(pct_family_count(f.fam), 4);
    assert_false(pct_family_doc_at(f.fam, 0)->on_file);
    assert_string_equal(pct_family_doc_at(f.fam, 0)->order_date, "2015-03-01");
    assert_string_equal(pct_family_doc_at(f.fam, 1)->order_date, "2016-07-01");
    assert_string_equal(pct_family_doc_at(f.fam, 2)->order_date, "2017-08-15");
    assert_true(pct_family_doc_at(f.fam, 3)->on_file);
    /* parties with their defined names */
    int buyer = 0, seller = 0;
    for (size_t i = 0; i < d->nparties; i++) {
        if (d->parties[i].alias && !strcmp(d->parties[i].alias, "Buyer"))
            buyer = !strcmp(d->parties[i].name.text, "Harrow Instruments, Inc.");
        if (d->parties[i].alias && !strcmp(d->parties[i].alias, "Seller"))
            seller = !strcmp(d->parties[i].name.text, "Quillon Parts LLC");
    }
    assert_true(buyer && seller);
    done(&f);
}

static void test_operations(void **state)
{
    (void)state;
    fixture f = {0};
    const pct_family_doc *d = read_text(&f, amendment_text);
    const pct_amend_op *op;

    assert_non_null(op = op_of(d, PCT_OP_ADD_TO_DEFINITION, "Affiliate"));
    assert_string_equal(op->provision, "1");
    assert_int_equal(op->nmembers, 2);
    assert_string_equal(op->members[0].text, "Harrow Medical, Inc.");
    assert_string_equal(op->members[1].text, "Harrow Optics LLC");
    size_t len;
    const char *bytes = pct_doc_bytes(f.doc, &len);
    assert_memory_equal(bytes + op->members[0].span.start, "Harrow Medical, Inc.", 20);

    assert_non_null(op = op_of(d, PCT_OP_REPLACE_SECTION, "5.2"));
    assert_string_equal(op->after,
                        "5.2 Payment. Buyer shall pay each invoice within thirty (30) days.");
    assert_memory_equal(bytes + op->after_span.start, "5.2 Payment.", 12);

    assert_non_null(op = op_of(d, PCT_OP_EXTEND_TERM, NULL));
    assert_string_equal(op->before, "2020-03-01");
    assert_string_equal(op->after, "2023-03-01");
    assert_int_equal(op->target_kind, PCT_TARGET_TERM);

    assert_non_null(op_of(d, PCT_OP_DELETE_SECTION, "7.4"));
    assert_non_null(op = op_of(d, PCT_OP_INSERT_SECTION, "12.9"));
    assert_non_null(strstr(op->after, "Seller shall keep records"));

    assert_non_null(op = op_of(d, PCT_OP_AMEND_SECTION_TEXT, "agreement text"));
    assert_string_equal(op->before, "quarterly");
    assert_string_equal(op->after, "monthly");

    assert_non_null(op = op_of(d, PCT_OP_REPLACE_EXHIBIT, "Exhibit B"));
    assert_non_null(op->limit);
    assert_non_null(strstr(op->limit, "solely with respect to purchases made in Canada"));
    assert_memory_equal(bytes + op->limit_span.start, "solely", 6);

    assert_non_null(op_of(d, PCT_OP_ADD_EXHIBIT, "Exhibit F"));

    assert_non_null(op = op_of(d, PCT_OP_AMEND_SECTION_TEXT, "3.1"));
    assert_string_equal(op->before, "ten (10)");
    assert_string_equal(op->after, "fifteen (15)");

    /* provision 10 is kept as it is, never dropped nor guessed */
    assert_non_null(op = op_of(d, PCT_OP_OTHER, NULL));
    assert_string_equal(op->provision, "10");
    assert_null(op->target);
    assert_non_null(strstr(op->text, "rebate"));

    /* boilerplate is not an operation */
    for (size_t i = 0; i < d->nops; i++)
        assert_true(d->ops[i].provision == NULL || strcmp(d->ops[i].provision, "11"));
    assert_int_equal(d->nops, 10);
    done(&f);
}

static void test_term_duration_and_party(void **state)
{
    (void)state;
    const char *text =
        "FIRST AMENDMENT TO DISTRIBUTION AGREEMENT\n"
        "\n"
        "This First Amendment is entered into as of June 1, 2021 by and between Larch Audio, Inc. "
        "(\"Supplier\") and Vesper Retail LLC (\"Distributor\").\n"
        "\n"
        "1. The term of the Distribution Agreement is hereby extended for two (2) years.\n"
        "\n"
        "2. Vesper Online LLC hereby joins the Distribution Agreement and shall become a party "
        "to it for purposes of Section 4 only.\n"
        "\n"
        "LARCH AUDIO, INC.                 VESPER RETAIL LLC\n"
        "\n"
        "By: /s/ Ann Larch                 By: /s/ Paul Vesper\n"
        "Name: Ann Larch                   Name: Paul Vesper\n";
    fixture f = {0};
    const pct_family_doc *d = read_text(&f, text);
    assert_int_equal(d->ordinal, 1);
    assert_string_equal(d->agreement_date, "2021-06-01");
    const pct_amend_op *op = op_of(d, PCT_OP_EXTEND_TERM, NULL);
    assert_non_null(op);
    assert_string_equal(op->after, "+24 months");
    assert_non_null(op = op_of(d, PCT_OP_ADD_PARTY, NULL));
    assert_int_equal(op->nmembers, 1);
    assert_string_equal(op->members[0].text, "Vesper Online LLC");
    assert_non_null(op->limit);
    assert_non_null(strstr(op->limit, "for purposes of Section 4"));
    done(&f);
}

/* Spans are original bytes whatever the encoding: Windows-1252 text (one byte
 * per accented letter, two in the decoded UTF-8) before the names. */
static void test_spans_cp1252(void **state)
{
    (void)state;
    const char *text = "AMENDMENT NO. 2 TO CAF\xC9 SUPPLY AGREEMENT\n\n"
                       "This Amendment No. 2 is made by Caf\xE9 R\xE9seau, Inc. (\"Buyer\") and "
                       "Bean Co\xF6p LLC (\"Seller\").\n\n"
                       "1. The definition of \"Buyer\" is hereby amended to additionally include "
                       "Caf\xE9 Annex LLC.\n";
    fixture f = {0};
    const pct_family_doc *d = read_text(&f, text);
    assert_int_equal(pct_doc_encoding(f.doc), PCT_ENC_CP1252);
    const pct_amend_op *op = op_of(d, PCT_OP_ADD_TO_DEFINITION, "Buyer");
    assert_non_null(op);
    assert_int_equal(op->nmembers, 1);
    assert_string_equal(op->members[0].text, "Caf\xC3\xA9 Annex LLC"); /* UTF-8 out */
    size_t len;
    const char *bytes = pct_doc_bytes(f.doc, &len);
    assert_int_equal(op->members[0].span.end - op->members[0].span.start, 14);
    assert_memory_equal(bytes + op->members[0].span.start, "Caf\xE9 Annex LLC", 14);
    assert_memory_equal(bytes + op->span.start, "The definition", 14);
    assert_true(op->span.end <= len);
    done(&f);
}

/* Generated, not stored: a definition adding 100,000 entities, and 20,000
 * provisions. The work stays bounded and the output is still right. */
static void test_pathological(void **state)
{
    (void)state;
    size_t cap = 4u << 20, n = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    n += (size_t)snprintf(
        text + n, cap - n,
        "AMENDMENT NO. 1 TO HOSTING AGREEMENT\n\n1. The definition of \"Customer\" "
        "is hereby amended to additionally include ");
    for (int i = 0; i < 100000 && n + 64 < cap; i++)
        n += (size_t)snprintf(text + n, cap - n, "%sNorth Entity Number%d Inc.", i ? ", " : "", i);
    n += (size_t)snprintf(text + n, cap - n, ".\n\n");
    for (int i = 2; i < 20000 && n + 80 < cap; i++)
        n += (size_t)snprintf(text + n, cap - n,
                              "%d. Section %d.1 of the Agreement is hereby deleted.\n\n", i, i);
    fixture f = {0};
    const pct_family_doc *d = read_text(&f, text);
    const pct_amend_op *op = op_of(d, PCT_OP_ADD_TO_DEFINITION, "Customer");
    assert_non_null(op);
    assert_true(op->nmembers > 100 && op->nmembers <= 1000);
    assert_string_equal(op->members[0].text, "North Entity Number0 Inc.");
    assert_true(d->nops > 100 && d->nops <= 1000);
    assert_non_null(op_of(d, PCT_OP_DELETE_SECTION, "2.1"));
    assert_true(pct_mem_peak(f.ctx) < 40 * n);
    done(&f);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_entity_names),
        cmocka_unit_test(test_entity_suffixes),
        cmocka_unit_test(test_fold_positions),
        cmocka_unit_test(test_recognise),
        cmocka_unit_test(test_citations),
        cmocka_unit_test(test_operations),
        cmocka_unit_test(test_term_duration_and_party),
        cmocka_unit_test(test_pathological),
        cmocka_unit_test(test_spans_cp1252),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
