/*
 * test_extract.c - facts extraction (extract.c, extract_name.c,
 * extract_parties.c, extract_terms.c, render_facts.c) on synthetic
 * contracts written for these tests: document name, kind and amendment
 * ordinals; parties with entity forms, types, jurisdictions, addresses and
 * aliases (collective aliases left out; a cover page's parties completed
 * by the preamble after it; a body company's alias); capitals/mixed-case linking and
 * spelling variants; affiliates named in the body; defined terms; the
 * documents an amendment cites (details after a defined name, earlier
 * amendments cited in the body); every
 * span pointing at its raw text; the CUAD and CSV renderers; allocation
 * failure. The seed acceptance test reads ../shared (PCT_SHARED) and is
 * skipped when it is absent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pactum.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pct_ctx *g_ctx;

typedef struct run {
    pct_doc *doc;
    pct_facts *facts;
} run;

static run extract(const char *text)
{
    run r = {NULL, NULL};
    if (pct_doc_parse(&r.doc, g_ctx, "test", text, strlen(text)) < 0)
        fail_msg("parse failed: %s", pct_errmsg(g_ctx));
    if (pct_extract(&r.facts, g_ctx, r.doc) < 0)
        fail_msg("extract failed: %s", pct_errmsg(g_ctx));
    return r;
}

static void done(run *r)
{
    pct_facts_free(r->facts);
    pct_doc_free(r->doc);
}

static const pct_party *party(const pct_docfacts *d, const char *name)
{
    for (size_t i = 0; i < d->nparties; i++)
        if (!strcmp(d->parties[i].name.text, name))
            return &d->parties[i];
    return NULL;
}

static int has_alias(const pct_party *p, const char *a)
{
    for (size_t i = 0; i < p->naliases; i++)
        if (!strcmp(p->aliases[i].text, a))
            return 1;
    return 0;
}

static int has_variant(const pct_party *p, const char *v)
{
    for (size_t i = 0; i < p->nvariants; i++)
        if (!strcmp(p->variants[i].text, v))
            return 1;
    return 0;
}

static size_t count_role(const pct_docfacts *d, const char *role)
{
    size_t n = 0;
    for (size_t i = 0; i < d->nparties; i++)
        n += !strcmp(d->parties[i].role, role);
    return n;
}

/* The original bytes of a span, white space folded, equal `want`. */
static void expect_span_text(const pct_doc *doc, pct_span sp, const char *want)
{
    size_t len;
    const char *b = pct_doc_bytes(doc, &len);
    assert_true(sp.start < sp.end && sp.end <= len);
    char buf[512];
    size_t o = 0;
    int space = 0;
    for (size_t i = sp.start; i < sp.end && o + 2 < sizeof buf; i++) {
        if (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
            space = o > 0;
            continue;
        }
        if (space)
            buf[o++] = ' ';
        space = 0;
        buf[o++] = b[i];
    }
    buf[o] = '\0';
    assert_string_equal(buf, want);
}

/* ------------------------------------------------------------ cases */

static const char services[] =
    "MASTER SERVICES AGREEMENT\n"
    "\n"
    "This Master Services Agreement (this \"Agreement\") is entered into as of March 3, 2015\n"
    "by and between NORTHWIND TRADING COMPANY, LLC, a limited liability company organized\n"
    "under the laws of the State of New York, with offices at 12 Harbor Street, Albany,\n"
    "New York 12207 (\"Northwind\"), and Blue Heron Analytics, Inc., a Colorado corporation\n"
    "(hereinafter \"Provider\") (each a \"Party\" and together the \"Parties\").\n"
    "\n"
    "1. DEFINITIONS\n"
    "\n"
    "1.1 \"Services\" means the analytics services described in Exhibit A.\n"
    "\n"
    "1.2 \xe2\x80\x9c" "Deliverables\xe2\x80\x9d shall mean the reports Provider delivers.\n"
    "\n"
    "2. TERM\n"
    "\n"
    "This Agreement shall remain in force for two (2) years.\n"
    "\n"
    "IN WITNESS WHEREOF, the Parties have signed this Agreement.\n"
    "\n"
    "NORTHWIND TRADING COMPANY, LLC\n"
    "\n"
    "By: /s/ Jane Roe\n"
    "Name: Jane Roe\n"
    "Title: Manager\n"
    "\n"
    "BLUE HERON ANALYTICS, INC.\n"
    "\n"
    "By: /s/ John Doe\n"
    "Name: John Doe\n"
    "Title: President\n";

static void test_services_name_and_parties(void **state)
{
    (void)state;
    run r = extract(services);
    assert_int_equal(pct_facts_count(r.facts), 1);
    const pct_docfacts *d = pct_facts_doc(r.facts, 0);
    assert_string_equal(d->kind, "agreement");
    assert_int_equal(d->ordinal, 0);
    assert_string_equal(d->document_name.value, "MASTER SERVICES AGREEMENT");
    expect_span_text(r.doc, d->document_name.span, "MASTER SERVICES AGREEMENT");
    assert_non_null(d->document_name.rule);

    const pct_party *n = party(d, "NORTHWIND TRADING COMPANY, LLC");
    assert_non_null(n);
    assert_string_equal(n->role, "party");
    assert_string_equal(n->entity_form, "LLC");
    assert_string_equal(n->entity_type.value, "limited liability company");
    assert_string_equal(n->jurisdiction.value, "New York");
    assert_string_equal(n->address.value, "12 Harbor Street, Albany, New York 12207");
    expect_span_text(r.doc, n->address.span, "12 Harbor Street, Albany, New York 12207");
    assert_true(has_alias(n, "Northwind"));
    assert_false(has_alias(n, "Party"));

    const pct_party *b = party(d, "Blue Heron Analytics, Inc.");
    assert_non_null(b);
    assert_string_equal(b->entity_form, "Inc.");
    assert_string_equal(b->entity_type.value, "corporation");
    assert_string_equal(b->jurisdiction.value, "Colorado");
    assert_true(has_alias(b, "Provider"));
    /* collective names are nobody's alias */
    assert_false(has_alias(b, "Party"));
    assert_false(has_alias(b, "Parties"));
    /* the signature blocks in capitals are the same two parties */
    assert_int_equal(count_role(d, "party"), 2);
    assert_int_equal(count_role(d, "signatory"), 0);
    assert_int_equal(b->nvariants, 0);
    expect_span_text(r.doc, b->name.span, "Blue Heron Analytics, Inc.");
    done(&r);
}

static void test_services_terms(void **state)
{
    (void)state;
    run r = extract(services);
    const pct_docfacts *d = pct_facts_doc(r.facts, 0);
    const char *want[] = {"Agreement", "Northwind", "Provider", "Party", "Parties", "Services",
                          "Deliverables"};
    for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
        const pct_defterm *t = NULL;
        for (size_t i = 0; i < d->nterms; i++)
            if (!strcmp(d->terms[i].term.text, want[k]))
                t = &d->terms[i];
        if (!t)
            fail_msg("term %s not found", want[k]);
        expect_span_text(r.doc, t->term.span, want[k]);
        assert_true(t->definition.start <= t->term.span.start);
        assert_true(t->definition.end >= t->term.span.end);
    }
    /* "Services" means ...: the definition is the sentence */
    for (size_t i = 0; i < d->nterms; i++)
        if (!strcmp(d->terms[i].term.text, "Services"))
            expect_span_text(r.doc, d->terms[i].definition,
                             "\"Services\" means the analytics services described in Exhibit A.");
    done(&r);
}

static const char amendment[] =
    "SECOND AMENDMENT TO SUPPLY AGREEMENT\n"
    "\n"
    "This Second Amendment (this \"Amendment\") is made as of June 1, 2017 between Acme\n"
    "Widgets Corporation, a Delaware corporation (\"Acme\"), and Harbor Parts Ltd., a company\n"
    "incorporated in England and Wales (\"Supplier\").\n"
    "\n"
    "WHEREAS, Acme and Supplier entered into a Supply Agreement Number SA-2015-07 dated\n"
    "March 3, 2015, as amended by the First Amendment, effective as of January 1, 2016 (the\n"
    "\"Agreement\"); and\n"
    "\n"
    "WHEREAS, the parties wish to amend the Agreement.\n"
    "\n"
    "1. Section 4 of the Agreement is amended to add Orchard Supply II, LLC, a Texas limited\n"
    "liability company, as a buyer.\n"
    "\n"
    "ACME WIDGETS CORPORATION          HARBOR PARTS LIMITED\n"
    "\n"
    "By: /s/ A. Smith                 By: /s/ B. Jones\n"
    "Name: A. Smith                   Name: B. Jones\n";

static void test_amendment(void **state)
{
    (void)state;
    run r = extract(amendment);
    const pct_docfacts *d = pct_facts_doc(r.facts, 0);
    assert_string_equal(d->kind, "amendment");
    assert_int_equal(d->ordinal, 2);
    assert_string_equal(d->document_name.value, "SECOND AMENDMENT TO SUPPLY AGREEMENT");
    const pct_reference *amends = NULL, *earlier = NULL;
    for (size_t i = 0; i < d->nrefs; i++) {
        if (!strcmp(d->refs[i].relation, "amends"))
            amends = &d->refs[i];
        if (!strcmp(d->refs[i].relation, "earlier_amendment"))
            earlier = &d->refs[i];
    }
    assert_non_null(amends);
    assert_string_equal(amends->title.text, "SUPPLY AGREEMENT");
    assert_non_null(amends->identifier.value);
    assert_string_equal(amends->identifier.value, "SA-2015-07");
    assert_string_equal(amends->date.value, "2015-03-03");
    assert_non_null(earlier);
    assert_int_equal(earlier->ordinal, 1);
    assert_string_equal(earlier->effective_date.value, "2016-01-01");

    const pct_party *a = party(d, "Acme Widgets Corporation");
    assert_non_null(a);
    assert_string_equal(a->jurisdiction.value, "Delaware");
    assert_true(has_alias(a, "Acme"));
    const pct_party *h = party(d, "Harbor Parts Ltd.");
    assert_non_null(h);
    assert_string_equal(h->entity_type.value, "company");
    assert_string_equal(h->jurisdiction.value, "England and Wales");
    /* "HARBOR PARTS LIMITED" signs: the same party ("Ltd." = "Limited") */
    assert_int_equal(count_role(d, "signatory"), 0);
    const pct_party *o = party(d, "Orchard Supply II, LLC");
    assert_non_null(o);
    assert_string_equal(o->role, "affiliate");
    assert_string_equal(o->entity_type.value, "limited liability company");
    assert_string_equal(o->jurisdiction.value, "Texas");
    done(&r);
}

static const char amendment3[] =
    "AMENDMENT NO. 3\n"
    "\n"
    "This Amendment is made as of May 2, 2019 by and between Cobalt Freight, Inc., an Iowa\n"
    "corporation (\"Cobalt\"), and Dune Logistics LLC, a Utah limited liability company\n"
    "(\"Dune\").\n"
    "\n"
    "Cobalt and Dune are parties to a Carrier Services Agreement (\"Agreement\") with an\n"
    "Effective Date of March 1, 2010, and now agree to amend the Agreement as follows:\n"
    "\n"
    "1. Rates. The Fuel Surcharge (as defined in Amendment No. 1) is reduced to two percent.\n"
    "\n"
    "2. Term. Section 4 of the Agreement is deleted.\n";

static void test_amendment_citations(void **state)
{
    (void)state;
    run r = extract(amendment3);
    const pct_docfacts *d = pct_facts_doc(r.facts, 0);
    assert_string_equal(d->kind, "amendment");
    assert_int_equal(d->ordinal, 3);
    const pct_reference *amends = NULL, *earlier = NULL;
    for (size_t i = 0; i < d->nrefs; i++) {
        if (!strcmp(d->refs[i].relation, "amends"))
            amends = &d->refs[i];
        if (!strcmp(d->refs[i].relation, "earlier_amendment"))
            earlier = &d->refs[i];
    }
    /* the defined name in parentheses does not end the citation, and an
     * "Effective Date of" is the cited agreement's effective date */
    assert_non_null(amends);
    assert_string_equal(amends->title.text, "Carrier Services Agreement");
    assert_null(amends->date.value);
    assert_non_null(amends->effective_date.value);
    assert_string_equal(amends->effective_date.value, "2010-03-01");
    /* the body cites an earlier amendment the head does not */
    assert_non_null(earlier);
    assert_int_equal(earlier->ordinal, 1);
    assert_string_equal(earlier->title.text, "Amendment No. 1");
    assert_string_equal(earlier->title.rule, "ref.amendment.ordinal.body");
    assert_null(earlier->effective_date.value);
    done(&r);
}

static const char cover[] =
    "RESELLER AGREEMENT\n"
    "\n"
    "by and between\n"
    "\n"
    "MAPLE ROW SOFTWARE CORPORATION\n"
    "\n"
    "and\n"
    "\n"
    "TIDEWATER SYSTEMS, INC.\n"
    "\n"
    "TABLE OF CONTENTS\n"
    "\n"
    "Article 1 Definitions . . . . . . 1\n"
    "Article 2 Appointment . . . . . . 2\n"
    "\n"
    "RESELLER AGREEMENT (the \"Agreement\") is made as of March 3, 2001 by and between\n"
    "Maple Row Software Corporation (the \"Vendor\") and Tidewater Systems, Inc. (the\n"
    "\"Reseller\").\n"
    "\n"
    "Article 1 Definitions\n"
    "\n"
    "1.1 Product means the software of Vendor. Disputes between Vendor and Reseller are\n"
    "settled by Quarry Lane Holdings, Inc., a Nevada corporation and the sole stockholder\n"
    "of Vendor (\"Quarry\"), which joins this Agreement for this Section.\n";

static void test_cover_page_parties(void **state)
{
    (void)state;
    run r = extract(cover);
    const pct_docfacts *d = pct_facts_doc(r.facts, 0);
    /* the cover page names the parties; the preamble after the contents
     * restates them with their aliases, which join the same two parties */
    assert_int_equal(count_role(d, "party"), 2);
    const pct_party *v = NULL, *s = NULL, *q = NULL;
    for (size_t i = 0; i < d->nparties; i++) {
        if (has_alias(&d->parties[i], "Vendor"))
            v = &d->parties[i];
        if (has_alias(&d->parties[i], "Reseller"))
            s = &d->parties[i];
        if (has_alias(&d->parties[i], "Quarry"))
            q = &d->parties[i];
    }
    assert_non_null(v);
    assert_non_null(s);
    assert_true(v != s);
    assert_int_equal(v->naliases, 1);
    /* a company the body describes has the alias of its clause */
    assert_non_null(q);
    assert_string_equal(q->name.text, "Quarry Lane Holdings, Inc.");
    assert_string_equal(q->role, "affiliate");
    done(&r);
}

static const char variant[] =
    "CONSULTING AGREEMENT\n"
    "\n"
    "This Consulting Agreement is made by and between Granite Telcom, Inc., a Nevada\n"
    "corporation (\"Granite\"), and Willow Street Partners, L.P., a Delaware limited\n"
    "partnership (\"Consultant\").\n"
    "\n"
    "1. Services. Consultant shall advise Granite.\n"
    "\n"
    "GRANITE TELECOM, INC.                 WILLOW STREET PARTNERS, L.P.\n"
    "\n"
    "By: /s/ C. Gray                       By: /s/ D. Green\n"
    "Name: C. Gray                         Name: D. Green\n"
    "\n"
    "GRANITE TELECOM II, INC.\n"
    "\n"
    "By: /s/ C. Gray\n"
    "Name: C. Gray\n";

static void test_spelling_variant(void **state)
{
    (void)state;
    run r = extract(variant);
    const pct_docfacts *d = pct_facts_doc(r.facts, 0);
    /* Telcom (once) vs TELECOM (signature): one party, the preamble's case,
     * the majority spelling; "II" is another company, never a variant */
    const pct_party *g = NULL;
    for (size_t i = 0; i < d->nparties; i++)
        if (has_alias(&d->parties[i], "Granite"))
            g = &d->parties[i];
    assert_non_null(g);
    assert_true(!strcmp(g->name.text, "Granite Telcom, Inc.") ||
                !strcmp(g->name.text, "Granite Telecom, Inc."));
    assert_int_equal(g->nvariants, 1);
    assert_true(has_variant(g, "Granite Telcom, Inc.") || has_variant(g, "GRANITE TELECOM, INC."));
    const pct_party *w = party(d, "Willow Street Partners, L.P.");
    assert_non_null(w);
    assert_string_equal(w->entity_form, "L.P.");
    assert_string_equal(w->entity_type.value, "limited partnership");
    assert_int_equal(count_role(d, "party"), 2);
    done(&r);
}

static void test_ordinals(void **state)
{
    (void)state;
    static const struct {
        const char *title;
        int ordinal;
    } cases[] = {
        {"AMENDMENT NO. 3 TO LICENSE AGREEMENT", 3},
        {"Amendment #4 to the Reseller Agreement", 4},
        {"AMEND NO. 2 TO MASTER LEASE AGREEMENT", 2},
        {"Third Amendment to Office Lease Agreement", 3},
        {"AMENDMENT NUMBER 5 TO THE DISTRIBUTION AGREEMENT", 5},
        {"JOINDER AGREEMENT", 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char text[1024];
        snprintf(text, sizeof text,
                 "%s\n\nThis agreement is made between Alpha Corp., a Delaware corporation "
                 "(\"Alpha\"), and Beta LLC, an Ohio limited liability company (\"Beta\").\n\n"
                 "1. Changes. The parties agree to the changes below.\n",
                 cases[k].title);
        run r = extract(text);
        const pct_docfacts *d = pct_facts_doc(r.facts, 0);
        if (d->ordinal != cases[k].ordinal)
            fail_msg("%s: ordinal %d, want %d", cases[k].title, d->ordinal, cases[k].ordinal);
        assert_string_equal(d->kind, cases[k].ordinal ? "amendment" : "joinder");
        assert_non_null(party(d, "Alpha Corp."));
        assert_non_null(party(d, "Beta LLC"));
        done(&r);
    }
}

static void test_among_three(void **state)
{
    (void)state;
    run r = extract("JOINT VENTURE AGREEMENT\n\n"
                    "This Joint Venture Agreement is entered into by and among Red Oak "
                    "Holdings Corp., Silver Lake Trading GmbH and Tidewater Capital S.A. "
                    "(collectively, the \"Venturers\").\n\n1. Purpose. To trade.\n");
    const pct_docfacts *d = pct_facts_doc(r.facts, 0);
    assert_non_null(party(d, "Red Oak Holdings Corp."));
    assert_non_null(party(d, "Silver Lake Trading GmbH"));
    const pct_party *t = party(d, "Tidewater Capital S.A.");
    assert_non_null(t);
    assert_string_equal(t->entity_form, "S.A.");
    assert_false(has_alias(t, "Venturers"));
    done(&r);
}

static int buf_sink(const char *data, size_t len, void *ud)
{
    char **p = ud;
    size_t have = *p ? strlen(*p) : 0;
    char *n = realloc(*p, have + len + 1);
    if (!n)
        return -1;
    memcpy(n + have, data, len);
    n[have + len] = '\0';
    *p = n;
    return 0;
}

static void test_renderers(void **state)
{
    (void)state;
    run r = extract(services);
    char *out = NULL;
    assert_int_equal(pct_render_facts_cuad(r.facts, "contracts/x.txt", buf_sink, &out), 0);
    assert_non_null(out);
    assert_non_null(strstr(out, "\"source\":\"contracts/x.txt\""));
    assert_non_null(strstr(out, "\"document_name\":\"MASTER SERVICES AGREEMENT\""));
    assert_non_null(
        strstr(out, "{\"name\":\"Blue Heron Analytics, Inc.\",\"aliases\":[\"Provider\"]}"));
    assert_int_equal(out[strlen(out) - 1], '\n');
    assert_ptr_equal(strchr(out, '\n'), out + strlen(out) - 1); /* one line */
    free(out);
    out = NULL;
    assert_int_equal(pct_render_facts_json(r.facts, buf_sink, &out), 0);
    assert_non_null(strstr(out, "\"rule\": \"party.alias.paren\""));
    assert_non_null(strstr(out, "\"defined_terms\""));
    free(out);
    out = NULL;
    assert_int_equal(pct_render_facts_csv_header(buf_sink, &out), 0);
    assert_int_equal(pct_render_facts_csv(r.facts, buf_sink, &out), 0);
    /* the parties cell holds commas and quotes: quoted, quotes doubled */
    assert_non_null(strstr(out, "\"NORTHWIND TRADING COMPANY, LLC (\"\"Northwind\"\")"));
    free(out);
    done(&r);
}

/* ------------------------------------------------------------ OOM */

typedef struct failalloc {
    long countdown; /* allocations before the failing one; < 0 never */
    int failed;
} failalloc;

static void *fa_malloc(size_t n, void *ud)
{
    failalloc *fa = ud;
    if (fa->countdown == 0) {
        fa->failed = 1;
        fa->countdown = -1;
        return NULL;
    }
    if (fa->countdown > 0)
        fa->countdown--;
    return malloc(n);
}

static void *fa_realloc(void *p, size_t n, void *ud)
{
    failalloc *fa = ud;
    if (fa->countdown == 0) {
        fa->failed = 1;
        fa->countdown = -1;
        return NULL;
    }
    if (fa->countdown > 0)
        fa->countdown--;
    return realloc(p, n);
}

static void fa_free(void *p, void *ud)
{
    (void)ud;
    free(p);
}

static void test_oom(void **state)
{
    (void)state;
    failalloc fa = {-1, 0};
    pct_allocator al = {fa_malloc, fa_realloc, fa_free, &fa};
    pct_ctx *ctx = pct_ctx_new(&al);
    assert_non_null(ctx);
    pct_doc *doc = NULL;
    assert_int_equal(pct_doc_parse(&doc, ctx, "t", amendment, strlen(amendment)), 0);
    size_t base = pct_mem_current(ctx);
    int saw_fail = 0;
    for (long n = 0; n < 100000; n++) {
        fa.countdown = n;
        fa.failed = 0;
        pct_facts *facts = NULL;
        int err = pct_extract(&facts, ctx, doc);
        fa.countdown = -1;
        if (!fa.failed) {
            assert_int_equal(err, 0);
            pct_facts_free(facts);
            break;
        }
        saw_fail = 1;
        assert_int_equal(err, PCT_ENOMEM);
        assert_null(facts);
        assert_int_equal(pct_mem_current(ctx), base);
    }
    assert_true(saw_fail);
    pct_doc_free(doc);
    pct_ctx_free(ctx);
}

/* ------------------------------------------------------------ seed */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    *len = b ? (size_t)n : 0;
    return b;
}

static void test_seed(void **state)
{
    (void)state;
    const char *shared = getenv("PCT_SHARED");
    char path[4096];
    snprintf(path, sizeof path, "%s/seed/kmc-lucent-amendment-2.txt", shared ? shared : "");
    size_t len = 0;
    char *data = shared ? read_file(path, &len) : NULL;
    if (!data) {
        printf("skip: %s not readable (set PCT_SHARED)\n", path);
        skip();
    }
    pct_doc *doc = NULL;
    pct_facts *facts = NULL;
    assert_int_equal(pct_doc_parse(&doc, g_ctx, "seed", data, len), 0);
    assert_int_equal(pct_extract(&facts, g_ctx, doc), 0);
    const pct_docfacts *d = pct_facts_doc(facts, 0);
    assert_string_equal(d->kind, "amendment");
    assert_int_equal(d->ordinal, 2);
    assert_string_equal(d->identifier.value, "LNS970602JC");
    const pct_reference *amends = NULL, *earlier = NULL;
    for (size_t i = 0; i < d->nrefs; i++) {
        if (!strcmp(d->refs[i].relation, "amends"))
            amends = &d->refs[i];
        if (!strcmp(d->refs[i].relation, "earlier_amendment"))
            earlier = &d->refs[i];
    }
    assert_non_null(amends);
    assert_int_equal(strlen(amends->title.text), strlen("Professional Services Agreement"));
    assert_string_equal(amends->identifier.value, "LNS970602JC");
    assert_string_equal(amends->date.value, "1997-09-04");
    assert_non_null(earlier);
    assert_int_equal(earlier->ordinal, 1);
    assert_string_equal(earlier->effective_date.value, "1998-10-01");

    const pct_party *k = party(d, "KMC Telecom, Inc.");
    assert_non_null(k);
    assert_string_equal(k->role, "party");
    assert_true(has_alias(k, "Customer"));
    assert_true(has_variant(k, "KMC Telcom, Inc."));
    assert_string_equal(k->entity_type.value, "corporation");
    assert_string_equal(k->jurisdiction.value, "Delaware");
    assert_string_equal(k->address.value,
                        "1545 Route 206, Suite 300, Bedminister, New Jersey 07921");
    const pct_party *l = party(d, "Lucent Technologies Inc.");
    assert_non_null(l);
    assert_true(has_alias(l, "Lucent"));
    assert_string_equal(l->entity_type.value, "corporation");
    assert_string_equal(l->jurisdiction.value, "Delaware");
    assert_string_equal(l->address.value, "283 King George Road, Warren, New Jersey 07059");
    assert_int_equal(count_role(d, "party"), 2);

    static const struct {
        const char *name, *type, *jur;
    } aff[] = {
        {"KMC Telecom II, Inc.", "corporation", "Delaware"},
        {"KMC Telecom Leasing I LLC", "limited liability company", "Delaware"},
        {"KMC Telecom Leasing II LLC", "limited liability company", "Delaware"},
        {"KMC Telecom of Virginia, Inc.", "public service company", "Virginia"},
        {"KMC Telecom III, Inc.", "corporation", "Delaware"},
        {"KMC Telecom Leasing III LLC", "limited liability company", "Delaware"},
        {"KMC Telecom IV, Inc.", "corporation", "Delaware"},
        {"KMC Telecom Leasing IV LLC", "limited liability company", "Delaware"},
    };
    for (size_t i = 0; i < sizeof aff / sizeof *aff; i++) {
        const pct_party *p = party(d, aff[i].name);
        if (!p)
            fail_msg("affiliate %s not found", aff[i].name);
        assert_string_equal(p->role, "affiliate");
        assert_string_equal(p->entity_type.value, aff[i].type);
        assert_string_equal(p->jurisdiction.value, aff[i].jur);
    }
    assert_true(d->nsignature_dates >= 1);
    for (size_t i = 0; i < d->nsignature_dates; i++)
        assert_string_equal(d->signature_dates[i].value, "2000-09-29");
    pct_facts_free(facts);
    pct_doc_free(doc);
    free(data);
}

static int setup(void **state)
{
    (void)state;
    g_ctx = pct_ctx_new(NULL);
    return g_ctx ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    pct_ctx_free(g_ctx);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_services_name_and_parties),
        cmocka_unit_test(test_services_terms),
        cmocka_unit_test(test_amendment),
        cmocka_unit_test(test_amendment_citations),
        cmocka_unit_test(test_cover_page_parties),
        cmocka_unit_test(test_spelling_variant),
        cmocka_unit_test(test_ordinals),
        cmocka_unit_test(test_among_three),
        cmocka_unit_test(test_renderers),
        cmocka_unit_test(test_oom),
        cmocka_unit_test(test_seed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
