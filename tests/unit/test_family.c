/*
 * test_family.c - families (family.c), the state as of a date (state.c),
 * the audit (findings.c) and the renderers (render_family.c), on a
 * synthetic agreement with two amendments written for these tests, plus an
 * orphan amendment whose agreement is not on file, and an out-of-memory loop.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "amend.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *const base_text =
    "SOFTWARE LICENSE AGREEMENT\n"
    "\n"
    "This Software License Agreement (the \"Agreement\") is made as of January 1, 2018 by and "
    "between Ostrander Systems, Inc., a Delaware corporation (\"Licensor\"), and Pellucid "
    "Analytics LLC, a New York limited liability company (\"Licensee\").\n"
    "\n"
    "1. Definitions.\n"
    "\n"
    "1.1 \"Territory\" means the United States.\n"
    "\n"
    "2. License. Licensor grants Licensee a non-exclusive license to use the Software in the "
    "Territory.\n"
    "\n"
    "3. Fees. Licensee shall pay a fee of ten thousand dollars each quarter.\n"
    "\n"
    "4. Term. This Agreement begins on the date above and continues for three (3) years.\n"
    "\n"
    "5. Notices. Notices shall be given in writing.\n"
    "\n"
    "IN WITNESS WHEREOF, the parties have executed this Agreement.\n"
    "\n"
    "OSTRANDER SYSTEMS, INC.               PELLUCID ANALYTICS LLC\n"
    "\n"
    "By: /s/ Ruth Ostrander                By: /s/ Omar Pell\n"
    "Name: Ruth Ostrander                  Name: Omar Pell\n"
    "Title: CEO                            Title: Manager\n"
    "Date: 12/20/2017                      Date: 12/21/2017\n";

static const char *const first_text =
    "FIRST AMENDMENT TO SOFTWARE LICENSE AGREEMENT\n"
    "\n"
    "This First Amendment is made effective as of March 1, 2019 by and between Ostrander "
    "Systems, Inc. (\"Licensor\") and Pellucid Analytics LLC (\"Licensee\"), the parties to the "
    "Software License Agreement dated as of January 1, 2018.\n"
    "\n"
    "1. Section 3 of the Agreement is hereby deleted in its entirety and replaced with the "
    "following: \"3. Fees. Licensee shall pay a fee of twelve thousand dollars each quarter.\"\n"
    "\n"
    "2. The definition of \"Licensee\" is hereby amended to additionally include Pellucid Labs "
    "LLC, a Delaware limited liability company.\n"
    "\n"
    "3. Section 9.9 of the Agreement is hereby deleted.\n"
    "\n"
    "IN WITNESS WHEREOF, the parties have executed this First Amendment.\n"
    "\n"
    "OSTRANDER SYSTEMS, INC.               PELLUCID ANALYTICS LLC\n"
    "\n"
    "By: /s/ Ruth Ostrander                By: /s/ Omar Pell\n"
    "Name: Ruth Ostrander                  Name: Omar Pell\n"
    "Date: 2/25/2019                       Date: 2/26/2019\n"
    "\n"
    "PELLUCID LABS LLC\n"
    "\n"
    "By:\n"
    "Name:\n"
    "Date:\n";

static const char *const second_text =
    "SECOND AMENDMENT TO SOFTWARE LICENSE AGREEMENT\n"
    "\n"
    "This Second Amendment is made effective as of June 1, 2020 by and between Ostrander Sistems, "
    "Inc. (\"Licensor\") and Pellucid Analytics LLC (\"Licensee\"), the parties to the Software "
    "License Agreement dated as of January 1, 2018.\n"
    "\n"
    "1. The term of the Agreement is hereby extended from December 31, 2020 to December 31, 2022.\n"
    "\n"
    "2. The word \"non-exclusive\" is replaced by \"exclusive\" wherever it appears in the "
    "Agreement.\n"
    "\n"
    "IN WITNESS WHEREOF, the parties have executed this Second Amendment.\n"
    "\n"
    "OSTRANDER SYSTEMS, INC.               PELLUCID ANALYTICS LIMITED\n"
    "\n"
    "By: /s/ Ruth Ostrander                By: /s/ Omar Pell\n"
    "Name: Ruth Ostrander                  Name: Omar Pell\n"
    "Date: 5/20/2020                       Date: 5/28/2020\n";

typedef struct fx {
    pct_ctx *ctx;
    pct_doc *docs[3];
    size_t n;
    pct_family *fam;
} fx;

/* Links the texts in the order given. */
static void link_texts(fx *f, const char *const *texts, size_t n)
{
    f->ctx = pct_ctx_new(NULL);
    f->n = n;
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(pct_doc_parse(&f->docs[i], f->ctx, "t.txt", texts[i], strlen(texts[i])),
                         0);
        assert_int_equal(pct_doc_check(f->docs[i]), 0);
    }
    assert_int_equal(pct_family_link(&f->fam, f->ctx, (const pct_doc *const *)f->docs, n), 0);
}

static void unlink_texts(fx *f)
{
    pct_family_free(f->fam);
    for (size_t i = 0; i < f->n; i++)
        pct_doc_free(f->docs[i]);
    pct_ctx_free(f->ctx);
}

static const pct_state_section *section(const pct_state_view *v, const char *num)
{
    for (size_t i = 0; i < v->nsections; i++)
        if (!strcmp(v->sections[i].number, num))
            return &v->sections[i];
    return NULL;
}

static const pct_state_term *term(const pct_state_view *v, const char *name)
{
    for (size_t i = 0; i < v->nterms; i++)
        if (!strcmp(v->terms[i].term, name))
            return &v->terms[i];
    return NULL;
}

static void test_link_and_order(void **state)
{
    (void)state;
    fx f = {0};
    const char *texts[3] = {second_text, base_text, first_text}; /* out of order on purpose */
    link_texts(&f, texts, 3);
    assert_int_equal(pct_family_groups(f.fam), 1);
    assert_int_equal(pct_family_count(f.fam), 3); /* all on file: no placeholder */
    const pct_family_doc *b = pct_family_doc_at(f.fam, 0), *a1 = pct_family_doc_at(f.fam, 1),
                         *a2 = pct_family_doc_at(f.fam, 2);
    assert_string_equal(b->kind, "agreement");
    assert_string_equal(b->order_date, "2018-01-01");
    assert_int_equal(a1->ordinal, 1);
    assert_string_equal(a1->order_date, "2019-03-01");
    assert_string_equal(a1->order_basis, "effective_date");
    assert_int_equal(a2->ordinal, 2);
    assert_int_equal(a1->amends, 0);
    assert_int_equal(a2->amends, 0);
    assert_null(pct_family_doc_at(f.fam, 3));
    unlink_texts(&f);
}

/* A document's own dates come from the facts layer: a date labelled (the
 * "Effective Date") is its effective date, an agreement dated only "effective
 * as of" states no separate date of agreement, and an unsigned block's date
 * is no execution. */
static void test_dates_from_facts(void **state)
{
    (void)state;
    static const char *const text =
        "SUPPLY AGREEMENT\n"
        "\n"
        "This Supply Agreement is entered into as of April 2, 2021 (the \"Effective Date\") by and "
        "between Quillfeather Paper Co., Inc. (\"Supplier\") and Marlow Print LLC (\"Buyer\").\n"
        "\n"
        "1. Supply. Supplier shall supply paper to Buyer.\n"
        "\n"
        "IN WITNESS WHEREOF, the parties have signed this Agreement.\n"
        "\n"
        "QUILLFEATHER PAPER CO., INC.          MARLOW PRINT LLC\n"
        "\n"
        "By: /s/ Ann Quill                     By:\n"
        "Date: 4/5/2021                        Date: 4/9/2021\n";
    static const char *const amend =
        "FIRST AMENDMENT TO SUPPLY AGREEMENT\n"
        "\n"
        "This First Amendment is made effective as of May 1, 2022 by Quillfeather Paper Co., Inc. "
        "and Marlow Print LLC, the parties to the Supply Agreement dated as of April 2, 2021.\n"
        "\n"
        "1. Section 1 of the Agreement is hereby deleted.\n"
        "\n"
        "IN WITNESS WHEREOF, the parties have signed this First Amendment.\n"
        "\n"
        "QUILLFEATHER PAPER CO., INC.          MARLOW PRINT LLC\n"
        "\n"
        "By: /s/ Ann Quill                     By: /s/ Max Marlow\n"
        "Date: 5/3/2022                        Date: 5/4/2022\n";
    fx f = {0};
    const char *texts[2] = {amend, text};
    link_texts(&f, texts, 2);
    assert_int_equal(pct_family_count(f.fam), 2);
    const pct_family_doc *b = pct_family_doc_at(f.fam, 0), *a1 = pct_family_doc_at(f.fam, 1);
    assert_string_equal(b->kind, "agreement");
    assert_string_equal(b->effective_date, "2021-04-02");
    assert_string_equal(b->order_basis, "effective_date");
    assert_string_equal(b->execution_date, "2021-04-05"); /* the unsigned block's date is none */
    assert_string_equal(a1->kind, "amendment");
    assert_string_equal(a1->effective_date, "2022-05-01");
    assert_null(a1->agreement_date); /* "effective as of" states no date of agreement */
    assert_string_equal(a1->execution_date, "2022-05-04");
    assert_int_equal(a1->amends, 0);
    unlink_texts(&f);
}

static void test_state(void **state)
{
    (void)state;
    fx f = {0};
    const char *texts[3] = {base_text, first_text, second_text};
    link_texts(&f, texts, 3);
    pct_state *st = NULL;
    /* before any amendment */
    assert_int_equal(pct_state_at(&st, f.fam, 0, "2018-06-01"), 0);
    const pct_state_view *v = pct_state_get(st);
    assert_true(v->complete);
    assert_string_equal(v->term_start, "2018-01-01");
    /* computed by the facts layer: the start plus three years, to the anniversary
     * (the convention of most computed expirations in CUAD's gold, 85 of 100) */
    assert_string_equal(v->expiration, "2021-01-01");
    assert_non_null(strstr(section(v, "3")->text, "ten thousand"));
    assert_string_equal(section(v, "3")->status, "original");
    assert_int_equal(term(v, "Licensee")->nmembers, 1);
    assert_int_equal(v->nchanges, 0);
    assert_true(v->npending > 0);
    pct_state_free(st);

    /* after the first amendment */
    assert_int_equal(pct_state_at(&st, f.fam, 0, "2019-12-31"), 0);
    v = pct_state_get(st);
    const pct_state_section *s3 = section(v, "3");
    assert_string_equal(s3->status, "replaced");
    assert_non_null(strstr(s3->text, "twelve thousand"));
    assert_string_equal(s3->from.doc_id, pct_family_doc_at(f.fam, 1)->id);
    assert_string_equal(s3->from.provision, "1");
    const pct_state_term *lic = term(v, "Licensee");
    assert_int_equal(lic->nmembers, 2);
    assert_string_equal(lic->members[1].name, "Pellucid Labs LLC");
    assert_string_equal(v->expiration, "2021-01-01");
    pct_state_free(st);

    /* after the second */
    assert_int_equal(pct_state_at(&st, f.fam, 0, "2021-01-01"), 0);
    v = pct_state_get(st);
    assert_string_equal(v->expiration, "2022-12-31");
    assert_string_equal(v->expiration_from.provision, "1");
    const pct_state_section *s2 = section(v, "2");
    assert_string_equal(s2->status, "amended");
    assert_non_null(strstr(s2->text, "a exclusive license"));
    assert_null(strstr(s2->text, "non-exclusive"));
    assert_int_equal(v->npending, 0);
    pct_state_free(st);

    assert_int_equal(pct_state_at(&st, f.fam, 0, "2021-13-45x"), PCT_EINVALID);
    assert_int_equal(pct_state_at(&st, f.fam, 0, "2021-13-01"), PCT_EINVALID);
    assert_int_equal(pct_state_at(&st, f.fam, 0, "2021-02-00"), PCT_EINVALID);
    assert_int_equal(pct_state_at(&st, f.fam, 5, "2021-01-01"), PCT_EINVALID);
    unlink_texts(&f);
}

static int has_code(const pct_findings *fi, const char *code, const char *needle)
{
    for (size_t i = 0; i < pct_finding_count(fi); i++) {
        const pct_finding *x = pct_finding_at(fi, i);
        if (!strcmp(x->code, code) && (!needle || strstr(x->message, needle)))
            return 1;
    }
    return 0;
}

static void test_findings(void **state)
{
    (void)state;
    fx f = {0};
    const char *texts[3] = {base_text, first_text, second_text};
    link_texts(&f, texts, 3);
    pct_findings *fi = NULL;
    assert_int_equal(pct_finding_check(&fi, f.fam), 0);
    assert_true(has_code(fi, "sig.blank", "PELLUCID LABS LLC"));
    assert_true(has_code(fi, "op.target_not_found", "9.9"));
    assert_true(has_code(fi, "party.name_variant", "Ostrander Sistems"));
    assert_true(has_code(fi, "sig.unknown_entity", "PELLUCID ANALYTICS LIMITED"));
    assert_true(has_code(fi, "party.no_signature", "Pellucid Analytics LLC"));
    assert_false(has_code(fi, "date.before_base", NULL));
    assert_false(has_code(fi, "date.out_of_order", NULL));
    assert_false(has_code(fi, "ref.not_on_file", NULL));
    assert_int_equal(pct_finding_max(fi), PCT_SEV_ERROR);
    /* every span lies inside its file */
    for (size_t i = 0; i < pct_finding_count(fi); i++) {
        const pct_finding *x = pct_finding_at(fi, i);
        for (size_t k = 0; k < x->nspans; k++)
            assert_true(x->spans[k].start < x->spans[k].end && x->spans[k].end <= 4096);
    }
    pct_finding_free(fi);
    unlink_texts(&f);
}

/* A defined term that an amendment changes is looked for in the agreement's
 * text as read, not in its file bytes: in HTML an entity ("&amp;") or a tag
 * may sit inside the term, and in plain text a line break. */
static void test_target_in_read_text(void **state)
{
    (void)state;
    static const char *const html_base =
        "<html><body><p align=center><b>RESEARCH AGREEMENT</b></p>\n"
        "<p>This Research Agreement (the &quot;Agreement&quot;) is made as of May 1, 2019 by "
        "and between Quillfeather Biologics, Inc., a Delaware corporation (&quot;Quillfeather"
        "&quot;), and Marrowby Labs LLC, a Texas limited liability company "
        "(&quot;Marrowby&quot;).</p>\n"
        "<p>1. Definitions.</p>\n"
        "<p>1.1 &quot;Research &amp; Development <i>Plan</i>&quot; means the plan in Exhibit "
        "A.</p>\n"
        "<p>1.2 &quot;Service\nLevels&quot; means the levels in Exhibit B.</p>\n"
        "<p>2. Research. Marrowby shall perform the Research &amp; Development Plan.</p>\n"
        "</body></html>\n";
    static const char *const amendment =
        "FIRST AMENDMENT TO RESEARCH AGREEMENT\n"
        "\n"
        "This First Amendment is made effective as of March 1, 2020 by and between Quillfeather "
        "Biologics, Inc. (\"Quillfeather\") and Marrowby Labs LLC (\"Marrowby\"), the parties to "
        "the Research Agreement dated as of May 1, 2019.\n"
        "\n"
        "1. The definition of \"Research & Development Plan\" is hereby amended to include the "
        "plan in Exhibit C.\n"
        "\n"
        "2. The definition of \"Service Levels\" is hereby amended to include Exhibit D.\n"
        "\n"
        "3. The definition of \"Milestone Payment\" is hereby amended to read \"$10,000\".\n";
    pct_ctx *ctx = pct_ctx_new(NULL);
    pct_doc *docs[2] = {NULL, NULL};
    assert_int_equal(pct_doc_parse(&docs[0], ctx, "base.html", html_base, strlen(html_base)), 0);
    assert_string_equal(pct_doc_format(docs[0]), "html");
    assert_int_equal(pct_doc_parse(&docs[1], ctx, "a1.txt", amendment, strlen(amendment)), 0);
    pct_family *fam = NULL;
    assert_int_equal(pct_family_link(&fam, ctx, (const pct_doc *const *)docs, 2), 0);
    pct_findings *fi = NULL;
    assert_int_equal(pct_finding_check(&fi, fam), 0);
    /* the term the agreement never defines is reported, the two it does are not */
    assert_true(has_code(fi, "op.target_not_found", "Milestone Payment"));
    assert_false(has_code(fi, "op.target_not_found", "Research & Development Plan"));
    assert_false(has_code(fi, "op.target_not_found", "Service Levels"));
    pct_finding_free(fi);
    pct_family_free(fam);
    pct_doc_free(docs[0]);
    pct_doc_free(docs[1]);
    pct_ctx_free(ctx);
}

static void test_orphan(void **state)
{
    (void)state;
    const char *orphan =
        "AMENDMENT NO. 3 TO SUPPLY AGREEMENT\n"
        "\n"
        "This Amendment No. 3 is entered into by Cobalt Mills, Inc. (\"Supplier\") and Fern "
        "Bakeries LLC (\"Buyer\"), parties to the Supply Agreement No. SA-0042 dated May 5, 2005, "
        "as amended by Amendment No. 2 effective as of July 7, 2007.\n"
        "\n"
        "1. The definition of \"Buyer\" is hereby amended to additionally include Fern Cafes LLC.\n"
        "\n"
        "2. The expiration date of the Supply Agreement is extended from May 4, 2010 to May 4, "
        "2012.\n"
        "\n"
        "IN WITNESS WHEREOF, the parties have signed this Amendment No. 3.\n"
        "\n"
        "COBALT MILLS, INC.                  FERN BAKERIES LLC\n"
        "\n"
        "By: /s/ Al Cobalt                   By: /s/ Bea Fern\n"
        "Date: 3/1/2010                      Date: 3/2/2010\n";
    fx f = {0};
    const char *texts[1] = {orphan};
    link_texts(&f, texts, 1);
    /* the agreement and amendment 2 are cited, not on file; amendment 1 is implied */
    assert_int_equal(pct_family_count(f.fam), 4);
    const pct_family_doc *b = pct_family_doc_at(f.fam, 0), *a1 = pct_family_doc_at(f.fam, 1),
                         *a2 = pct_family_doc_at(f.fam, 2);
    assert_false(a1->on_file);
    assert_int_equal(a1->ordinal, 1);
    assert_null(a1->order_date);
    assert_string_equal(a1->order_basis, "ordinal");
    assert_false(b->on_file);
    assert_string_equal(b->identifier, "SA-0042");
    assert_string_equal(b->order_date, "2005-05-05");
    assert_string_equal(b->order_basis, "recited_date");
    assert_false(a2->on_file);
    assert_int_equal(a2->ordinal, 2);
    assert_string_equal(a2->order_date, "2007-07-07");
    const pct_family_doc *a3 = pct_family_doc_at(f.fam, 3);
    assert_string_equal(a3->order_basis, "execution_date");
    assert_string_equal(a3->order_date, "2010-03-02");

    pct_state *st = NULL;
    assert_int_equal(pct_state_at(&st, f.fam, 0, "2009-01-01"), 0);
    const pct_state_view *v = pct_state_get(st);
    assert_false(v->complete);
    assert_string_equal(v->expiration, "2010-05-04"); /* as amendment 3 states it */
    assert_int_equal(term(v, "Buyer")->nmembers, 1);
    assert_false(term(v, "Buyer")->complete);
    assert_null(v->term_start); /* never invented */
    assert_int_equal(v->nsections, 0);
    pct_state_free(st);
    assert_int_equal(pct_state_at(&st, f.fam, 0, "2011-01-01"), 0);
    v = pct_state_get(st);
    assert_string_equal(v->expiration, "2012-05-04");
    assert_int_equal(term(v, "Buyer")->nmembers, 2);
    assert_string_equal(term(v, "Buyer")->members[1].from.provision, "1");
    pct_state_free(st);

    pct_findings *fi = NULL;
    assert_int_equal(pct_finding_check(&fi, f.fam), 0);
    assert_true(has_code(fi, "ref.not_on_file", "SA-0042"));
    assert_true(has_code(fi, "ref.not_on_file", "Amendment No. 2"));
    assert_true(has_code(fi, "ref.not_on_file", "Amendment No. 1 (implied"));
    assert_true(has_code(fi, "date.none", "execution"));
    assert_true(has_code(fi, "party.no_signature", "Fern Cafes LLC"));
    assert_int_equal(pct_finding_max(fi), PCT_SEV_WARNING);
    pct_finding_free(fi);
    unlink_texts(&f);
}

/* ------------------------------------------------------------- render */

typedef struct sbuf {
    char *p;
    size_t n;
} sbuf;

static int to_buf(const char *data, size_t len, void *ud)
{
    sbuf *b = ud;
    char *p = realloc(b->p, b->n + len + 1);
    if (!p)
        return -1;
    memcpy(p + b->n, data, len);
    b->p = p;
    b->n += len;
    b->p[b->n] = 0;
    return 0;
}

static void test_render(void **state)
{
    (void)state;
    fx f = {0};
    const char *texts[3] = {base_text, first_text, second_text};
    link_texts(&f, texts, 3);
    pct_findings *fi = NULL;
    assert_int_equal(pct_finding_check(&fi, f.fam), 0);
    sbuf b = {0};
    assert_int_equal(pct_render_family_json(f.fam, "2019-12-31", fi, to_buf, &b), 0);
    json_error_t err;
    json_t *j = json_loads(b.p, 0, &err);
    assert_non_null(j);
    json_t *fam0 = json_array_get(json_object_get(j, "families"), 0);
    assert_int_equal(json_array_size(json_object_get(fam0, "documents")), 3);
    json_t *st = json_object_get(fam0, "state");
    assert_string_equal(json_string_value(json_object_get(st, "as_of")), "2019-12-31");
    assert_true(json_array_size(json_object_get(j, "findings")) > 0);
    json_decref(j);
    free(b.p);
    b.p = NULL, b.n = 0;
    assert_int_equal(pct_render_family_memo(f.fam, NULL, fi, to_buf, &b), 0);
    assert_non_null(strstr(b.p, "MEMORANDUM"));
    assert_non_null(strstr(b.p, "THE AGREEMENT AS AMENDED ON 2020-06-01"));
    assert_non_null(strstr(b.p, "sig.blank"));
    free(b.p);
    b.p = NULL, b.n = 0;
    assert_int_equal(pct_render_findings_json(f.fam, fi, to_buf, &b), 0);
    j = json_loads(b.p, 0, &err);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "max_severity")), "error");
    json_decref(j);
    free(b.p);
    b.p = NULL, b.n = 0;
    assert_int_equal(pct_render_findings_memo(f.fam, fi, to_buf, &b), 0);
    assert_non_null(strstr(b.p, "VERDICT"));
    free(b.p);
    pct_finding_free(fi);
    unlink_texts(&f);
}

/* ---------------------------------------------------------------- OOM */

typedef struct failing {
    long budget; /* allocations left before failing; < 0 never fails */
} failing;

static void *f_malloc(size_t size, void *ud)
{
    failing *f = ud;
    if (f->budget == 0)
        return NULL;
    if (f->budget > 0)
        f->budget--;
    return malloc(size);
}

static void *f_realloc(void *ptr, size_t size, void *ud)
{
    failing *f = ud;
    if (f->budget == 0)
        return NULL;
    if (f->budget > 0)
        f->budget--;
    return realloc(ptr, size);
}

static void f_free(void *ptr, void *ud)
{
    (void)ud;
    free(ptr);
}

static void test_oom(void **state)
{
    (void)state;
    const char *texts[3] = {base_text, first_text, second_text};
    int succeeded = 0;
    for (long n = 0; n < 20000 && !succeeded; n += (n < 400 ? 1 : 37)) {
        failing fl = {-1};
        pct_allocator al = {f_malloc, f_realloc, f_free, &fl};
        pct_ctx *ctx = pct_ctx_new(&al);
        assert_non_null(ctx);
        pct_doc *docs[3];
        for (int i = 0; i < 3; i++)
            assert_int_equal(pct_doc_parse(&docs[i], ctx, "t.txt", texts[i], strlen(texts[i])), 0);
        size_t before = pct_mem_current(ctx);
        fl.budget = n;
        pct_family *fam = NULL;
        pct_findings *fi = NULL;
        pct_state *st = NULL;
        int err = pct_family_link(&fam, ctx, (const pct_doc *const *)docs, 3);
        if (!err)
            err = pct_finding_check(&fi, fam);
        if (!err)
            err = pct_state_at(&st, fam, 0, "2021-01-01");
        assert_true(err == 0 || err == PCT_ENOMEM);
        succeeded = err == 0;
        pct_state_free(st);
        pct_finding_free(fi);
        pct_family_free(fam);
        fl.budget = -1;
        /* the docs' arenas may have grown (folded text); nothing else stays */
        if (!succeeded)
            assert_true(pct_mem_current(ctx) >= before);
        for (int i = 0; i < 3; i++)
            pct_doc_free(docs[i]);
        assert_int_equal(pct_mem_current(ctx), 0);
        pct_ctx_free(ctx);
    }
    assert_true(succeeded);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_link_and_order), cmocka_unit_test(test_dates_from_facts),
        cmocka_unit_test(test_state),
        cmocka_unit_test(test_findings),       cmocka_unit_test(test_orphan),
        cmocka_unit_test(test_target_in_read_text),
        cmocka_unit_test(test_render),         cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
