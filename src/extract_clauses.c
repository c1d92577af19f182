/*
 * extract_clauses.c - clause types: for each of CUAD's 33 yes/no categories
 * (Anti-Assignment, License Grant, Cap on Liability, ...) whether the
 * document has such a clause, with the span of the best evidence (a
 * sentence, or a section heading) and the id of the rule that found it.
 *
 * Approach: one pass over the document's flat text (x->flat). A 256-entry
 * byte class table lets the pass jump from word start to word start and stop
 * only at bytes that may end a sentence ('.', '?', '!', a space) or are a
 * cue by themselves ('%'). At every word start the cue phrases ("assign*",
 * "prior written consent", "in no event", "right of first refusal") are
 * found by one walk down a trie of all cue patterns (lowercase), built once
 * per process (pthread_once) from the cue table; every trie node that ends
 * cues checks what must follow the match (the end of a word) and records
 * each hit as the cue's bit in the current sentence's mask. When the
 * sentence ends, only the rules indexed under one of its cues are evaluated
 * against that mask: a rule names the cues that must all be in the sentence,
 * cues of which one must be, cues that must be absent, and optionally a cue
 * that must be in the heading of an enclosing section ("Insurance",
 * "Non-Competition"). Section headings are matched against the same trie
 * once, when the walk over the tree (driven by the sentence positions,
 * pre-order, with a bounded stack) enters the section; a rule with only a
 * heading cue fires on the heading itself. Rules are listed strongest first
 * per category; a category keeps the lowest-numbered rule that fired, with
 * the evidence where it first fired.
 *
 * Invariants: linear in the flat text (each word start walks the trie for
 * at most the longest cue's bytes, each sentence is evaluated once against
 * the rules of its cues, each tree node is entered once); nothing is
 * allocated per document except the result (NCAT entries in the facts'
 * arena); the shared tables are written only inside pthread_once, so
 * extraction may run on several threads. Cue masks are 128 bits.
 */
#include "extract.h"
#include "extract_text.h"

#include <pthread.h>
#include <string.h>

#define SENT_MAX 1200   /* bytes: a longer run without a sentence end is cut at a space, so
                           cues of unrelated provisions in run-on text do not combine */
#define STACK_MAX 32    /* nesting depth of sections followed for heading context */
#define TRIE_MAX 8192   /* trie nodes: the cue table has about 5,600 distinct prefixes */
#define NCLASS 32       /* byte classes in the trie: 0 (no cue goes on with this byte), the 26
                           letters either case, and the other bytes of the cue patterns (four
                           today); 32 keeps a node's row at 64 bytes */

/* ---------------------------------------------------------------- categories */

enum {
    CAT_MFN, CAT_NONCOMPETE, CAT_EXCLUSIVITY, CAT_NOSOL_CUST, CAT_CRE, CAT_NOSOL_EMP,
    CAT_NONDISP, CAT_TFC, CAT_ROFR, CAT_COC, CAT_ANTIASSIGN, CAT_REVSHARE, CAT_PRICE,
    CAT_MINCOMMIT, CAT_VOLUME, CAT_IPASSIGN, CAT_JOINTIP, CAT_LICENSE, CAT_NONTRANS,
    CAT_AFF_LICENSOR, CAT_AFF_LICENSEE, CAT_UNLIMITED, CAT_IRREVOCABLE, CAT_ESCROW,
    CAT_POSTTERM, CAT_AUDIT, CAT_UNCAPPED, CAT_CAP, CAT_LIQUIDATED, CAT_WARRANTY,
    CAT_INSURANCE, CAT_CNS, CAT_TPB, NCAT
};

/* CUAD's names, in CUAD's order (the order of the enum above) */
static const char *const cat_names[NCAT] = {
    "Most Favored Nation", "Non-Compete", "Exclusivity", "No-Solicit of Customers",
    "Competitive Restriction Exception", "No-Solicit of Employees", "Non-Disparagement",
    "Termination for Convenience", "ROFR/ROFO/ROFN", "Change of Control", "Anti-Assignment",
    "Revenue/Profit Sharing", "Price Restrictions", "Minimum Commitment", "Volume Restriction",
    "IP Ownership Assignment", "Joint IP Ownership", "License Grant", "Non-Transferable License",
    "Affiliate License-Licensor", "Affiliate License-Licensee",
    "Unlimited/All-You-Can-Eat License", "Irrevocable or Perpetual License",
    "Source Code Escrow", "Post-Termination Services", "Audit Rights", "Uncapped Liability",
    "Cap on Liability", "Liquidated Damages", "Warranty Duration", "Insurance",
    "Covenant Not to Sue", "Third Party Beneficiary"};

/* ---------------------------------------------------------------- cues */

enum {
    K_NONE, /* 0: unused slot in a rule */
    K_NEG, K_NOTWORD, K_MFN, K_MOREFAV, K_ANYOTHER, K_COMPETE, K_NONCOMP, K_ENGAGE, K_EXCL,
    K_EXCLOBJ, K_EXCLBAD, K_EXCLH, K_REQUIRE, K_SOLICIT, K_HIRE, K_CUSTOMER, K_EMPLOYEE, K_GENSOL,
    K_NOTHINGIN, K_EXCEPT, K_DISPARAGE, K_TERMINATE, K_CONVEN, K_NOTICE, K_ROFR, K_COC, K_COCWEAK,
    K_ASSIGN, K_TRANSFER, K_CONSENT, K_ROYALTY, K_REVSHARE, K_PCT, K_REVBASE, K_COMMISSION,
    K_PRICE, K_INCREASE, K_PRICELIM, K_MINIMUM, K_MINOBJ, K_VOLLIM, K_VOLOBJ, K_HEREBYASSIGN,
    K_IPOBJ, K_OWNBY, K_CREATED, K_JOINT, K_GRANT, K_LICENSE, K_LICNEG, K_NONTRANS, K_AFFIL,
    K_IRREV, K_UNLIM, K_UNLIMOBJ, K_ESCROW, K_SOURCE, K_POST, K_POSTOBJ, K_AUDIT, K_BOOKS,
    K_AUDITH, K_LIAB, K_CAP, K_CONSEQ, K_UNCAPEXC, K_UNCAPOBJ, K_LIQ, K_WARR, K_WPERIOD, K_DURUNIT,
    K_WEVENT, K_INSURE, K_INSOBJ, K_CNS, K_CHALLENGE, K_VALID, K_TPB, K_TPBEXC, K_SUBLIC,
    K_CONVWEAK, K_MAYTERM, K_BREACH, K_IFCOND, K_SURVIVE, K_DEEMED, K_MEANS, K_UNLIMNUM,
    K_NEGOTIATE, K_HEREBYGRANT, K_AFFOWN, K_TPBAFF, K_MAYCUE, K_UNCAPEXC2, K_ASSIGNH, K_LIMLIABH,
    K_TERMH, K_WARRH, K_NONSOLH, K_FROMSPAN,
    NCUE
};

#define F_NOTNON 1 /* not when "non-"/"non " comes just before ("non-exclusive") */

typedef struct cue {
    const char *pat; /* ASCII case-insensitive; starts with a letter or digit. Without quotes:
                        compared byte for byte (a space is one space: the flat text and the
                        headings have single spaces), a trailing '*' makes it a word prefix,
                        and a match may not go on into a word (one word: no letter or digit
                        follows; several: no letter). With quotes: pct_xt__match_word. */
    unsigned char id;
    unsigned char flags;
} cue;

static const cue cues[] = {
    /* negation of an obligation */
    {"shall not", K_NEG, 0}, {"will not", K_NEG, 0}, {"may not", K_NEG, 0},
    {"must not", K_NEG, 0}, {"not to", K_NEG, 0}, {"agrees not", K_NEG, 0},
    {"refrain*", K_NEG, 0}, {"prohibit*", K_NEG, 0}, {"nor shall", K_NEG, 0},
    {"nor will", K_NEG, 0}, {"cannot", K_NEG, 0}, {"shall neither", K_NEG, 0},
    {"shall in no event", K_NEG, 0}, {"not, directly", K_NEG, 0},
    {"no", K_NOTWORD, 0}, {"not", K_NOTWORD, 0}, {"nothing", K_NOTWORD, 0},
    {"none", K_NOTWORD, 0}, {"neither", K_NOTWORD, 0}, {"nor", K_NOTWORD, 0},
    /* most favoured nation */
    {"most favored", K_MFN, 0}, {"most favoured", K_MFN, 0}, {"most-favored", K_MFN, 0},
    {"most-favoured", K_MFN, 0}, {"MFN", K_MFN, 0},
    {"no less favorable", K_MOREFAV, 0}, {"no less favourable", K_MOREFAV, 0},
    {"not less favorable", K_MOREFAV, 0}, {"not less favourable", K_MOREFAV, 0},
    {"at least as favorable", K_MOREFAV, 0}, {"at least as favourable", K_MOREFAV, 0},
    {"more favorable", K_MOREFAV, 0}, {"more favourable", K_MOREFAV, 0},
    {"lowest price*", K_MOREFAV, 0}, {"best price*", K_MOREFAV, 0},
    {"lower price*", K_MOREFAV, 0}, {"better terms", K_MOREFAV, 0},
    {"no less favorably", K_MOREFAV, 0}, {"less favorable than", K_MOREFAV, 0},
    {"less favourable than", K_MOREFAV, 0}, {"most favorable", K_MOREFAV, 0},
    {"most favourable", K_MOREFAV, 0}, {"better price*", K_MOREFAV, 0},
    {"negotiat*", K_NEGOTIATE, 0},
    {"any other customer*", K_ANYOTHER, 0}, {"other customers", K_ANYOTHER, 0},
    {"any third part*", K_ANYOTHER, 0}, {"any other licensee*", K_ANYOTHER, 0},
    {"any other distributor*", K_ANYOTHER, 0}, {"similarly situated", K_ANYOTHER, 0},
    {"any other purchaser*", K_ANYOTHER, 0}, {"any other party", K_ANYOTHER, 0},
    {"other distributors", K_ANYOTHER, 0}, {"any customer*", K_ANYOTHER, 0},
    {"charged to", K_ANYOTHER, 0}, {"offered to", K_ANYOTHER, 0},
    {"similarly-situated", K_ANYOTHER, 0}, {"similar products", K_ANYOTHER, 0},
    {"subsequent purchaser*", K_ANYOTHER, 0}, {"any other", K_ANYOTHER, 0},
    /* competition */
    {"compete", K_COMPETE, 0}, {"competes", K_COMPETE, 0}, {"competing", K_COMPETE, 0},
    {"competitive with", K_COMPETE, 0},
    {"competitive product*", K_COMPETE, 0}, {"competitor*", K_COMPETE, 0},
    {"competitive business*", K_COMPETE, 0}, {"competition with", K_COMPETE, 0},
    {"non-compet*", K_NONCOMP, 0}, {"noncompet*", K_NONCOMP, 0}, {"non compet*", K_NONCOMP, 0},
    {"not to compete", K_NONCOMP, 0}, {"restrictive covenant*", K_NONCOMP, 0},
    {"engage in", K_ENGAGE, 0}, {"engaged in", K_ENGAGE, 0}, {"engage, directly", K_ENGAGE, 0},
    {"directly or indirectly", K_ENGAGE, 0}, {"similar product*", K_ENGAGE, 0},
    {"similar to", K_ENGAGE, 0},
    /* exclusivity */
    {"exclusive", K_EXCL, F_NOTNON},
    {"exclusivity", K_EXCLH, F_NOTNON}, {"exclusive dealing", K_EXCLH, 0},
    {"distribut*", K_EXCLOBJ, 0}, {"right", K_EXCLOBJ, 0}, {"rights", K_EXCLOBJ, 0},
    {"license", K_EXCLOBJ, 0}, {"licence", K_EXCLOBJ, 0}, {"supplier", K_EXCLOBJ, 0},
    {"provider", K_EXCLOBJ, 0}, {"basis", K_EXCLOBJ, 0}, {"agent", K_EXCLOBJ, 0},
    {"reseller", K_EXCLOBJ, 0}, {"territory", K_EXCLOBJ, 0}, {"sell*", K_EXCLOBJ, 0},
    {"purchase*", K_EXCLOBJ, 0}, {"representative", K_EXCLOBJ, 0}, {"dealer", K_EXCLOBJ, 0},
    {"partner", K_EXCLOBJ, 0}, {"market*", K_EXCLOBJ, 0}, {"source", K_EXCLOBJ, 0},
    {"remedy", K_EXCLBAD, 0}, {"remedies", K_EXCLBAD, 0}, {"jurisdiction", K_EXCLBAD, 0},
    {"venue", K_EXCLBAD, 0}, {"exclusive of", K_EXCLBAD, 0}, {"courts", K_EXCLBAD, 0},
    {"exclusive property", K_EXCLBAD, 0}, {"exclusive owner*", K_EXCLBAD, 0},
    {"exclusive responsibility", K_EXCLBAD, 0}, {"sole and exclusive property", K_EXCLBAD, 0},
    {"all of its requirements", K_REQUIRE, 0}, {"all of their requirements", K_REQUIRE, 0},
    {"its entire requirements", K_REQUIRE, 0}, {"all of its needs", K_REQUIRE, 0},
    {"exclusively from", K_REQUIRE, 0}, {"exclusively to", K_REQUIRE, 0},
    {"exclusively through", K_REQUIRE, 0}, {"exclusively with", K_REQUIRE, 0},
    {"exclusively for", K_REQUIRE, 0}, {"sole source", K_REQUIRE, 0},
    {"sole supplier", K_REQUIRE, 0}, {"sole distributor", K_REQUIRE, 0},
    {"sole provider", K_REQUIRE, 0},
    /* solicitation */
    {"solicit*", K_SOLICIT, 0}, {"induce*", K_SOLICIT, 0}, {"entice*", K_SOLICIT, 0},
    {"recruit*", K_SOLICIT, 0}, {"hire", K_HIRE, 0}, {"hiring", K_HIRE, 0},
    {"employ", K_HIRE, 0}, {"offer employment", K_HIRE, 0},
    {"customer*", K_CUSTOMER, 0}, {"client*", K_CUSTOMER, 0},
    {"employee*", K_EMPLOYEE, 0}, {"personnel", K_EMPLOYEE, 0}, {"staff", K_EMPLOYEE, 0},
    {"general solicitation*", K_GENSOL, 0}, {"general advertis*", K_GENSOL, 0},
    {"public advertis*", K_GENSOL, 0}, {"not targeted", K_GENSOL, 0},
    {"not specifically directed", K_GENSOL, 0}, {"not directed", K_GENSOL, 0},
    {"nothing in this", K_NOTHINGIN, 0}, {"nothing herein", K_NOTHINGIN, 0},
    {"nothing contained", K_NOTHINGIN, 0}, {"shall not prevent", K_NOTHINGIN, 0},
    {"shall not restrict", K_NOTHINGIN, 0}, {"shall not preclude", K_NOTHINGIN, 0},
    {"shall not prohibit", K_NOTHINGIN, 0}, {"shall not limit", K_NOTHINGIN, 0},
    {"not be deemed to restrict", K_NOTHINGIN, 0}, {"shall not apply to", K_NOTHINGIN, 0},
    {"shall be free to", K_NOTHINGIN, 0}, {"shall not be restricted", K_NOTHINGIN, 0},
    {"shall not be prohibited", K_NOTHINGIN, 0},
    {"shall not be deemed a violation", K_NOTHINGIN, 0},
    {"notwithstanding", K_EXCEPT, 0}, {"except*", K_EXCEPT, 0}, {"provided, however", K_EXCEPT, 0},
    {"provided that", K_EXCEPT, 0}, {"other than", K_EXCEPT, 0},
    {"disparag*", K_DISPARAGE, 0},
    {"may", K_MAYCUE, 0}, {"shall be free", K_MAYCUE, 0}, {"shall have the right", K_MAYCUE, 0},
    {"is permitted", K_MAYCUE, 0}, {"shall be permitted", K_MAYCUE, 0},
    {"shall not be prevented", K_MAYCUE, 0}, {"retains the right", K_MAYCUE, 0},
    /* termination */
    {"terminat*", K_TERMINATE, 0},
    {"convenience", K_CONVEN, 0}, {"for no reason", K_CONVEN, 0},
    {"any or no reason", K_CONVEN, 0}, {"without cause", K_CONVEN, 0},
    {"with or without cause", K_CONVEN, 0}, {"without reason", K_CONVEN, 0},
    {"without any reason", K_CONVEN, 0}, {"without assigning any reason", K_CONVEN, 0},
    {"without giving any reason", K_CONVEN, 0}, {"for any reason or no reason", K_CONVEN, 0},
    {"for any or no reason", K_CONVEN, 0}, {"without the need to", K_CONVEN, 0},
    {"for any reason", K_CONVWEAK, 0}, {"for whatever reason", K_CONVWEAK, 0},
    {"in its sole discretion", K_CONVWEAK, 0}, {"at its sole discretion", K_CONVWEAK, 0},
    {"at any time", K_CONVWEAK, 0}, {"without penalty", K_CONVWEAK, 0},
    {"at will", K_CONVWEAK, 0}, {"at its option", K_CONVWEAK, 0},
    {"at its sole option", K_CONVWEAK, 0},
    {"may terminate", K_MAYTERM, 0}, {"may at any time terminate", K_MAYTERM, 0},
    {"may, at any time", K_MAYTERM, 0}, {"right to terminate", K_MAYTERM, 0},
    {"entitled to terminate", K_MAYTERM, 0}, {"elect to terminate", K_MAYTERM, 0},
    {"option to terminate", K_MAYTERM, 0}, {"may be terminated", K_MAYTERM, 0},
    {"can terminate", K_MAYTERM, 0}, {"may cancel", K_MAYTERM, 0},
    {"right to cancel", K_MAYTERM, 0}, {"may immediately terminate", K_MAYTERM, 0},
    {"may, at its", K_MAYTERM, 0}, {"may, in its", K_MAYTERM, 0}, {"may, upon", K_MAYTERM, 0},
    {"may, by", K_MAYTERM, 0}, {"may, without", K_MAYTERM, 0}, {"may, with", K_MAYTERM, 0},
    {"may by", K_MAYTERM, 0}, {"may upon", K_MAYTERM, 0}, {"may without", K_MAYTERM, 0},
    {"may elect", K_MAYTERM, 0}, {"terminable", K_MAYTERM, 0},
    {"breach*", K_BREACH, 0}, {"default*", K_BREACH, 0}, {"insolven*", K_BREACH, 0},
    {"bankrupt*", K_BREACH, 0}, {"fail*", K_BREACH, 0}, {"force majeure", K_BREACH, 0},
    {"violat*", K_BREACH, 0}, {"receiver*", K_BREACH, 0}, {"liquidat*", K_BREACH, 0},
    {"cease*", K_BREACH, 0},
    {"if", K_IFCOND, 0}, {"in the event", K_IFCOND, 0}, {"in case", K_IFCOND, 0},
    {"upon the occurrence", K_IFCOND, 0}, {"unless", K_IFCOND, 0}, {"should", K_IFCOND, 0},
    {"survive*", K_SURVIVE, 0},
    {"notice", K_NOTICE, 0},
    {"terminated", K_TERMH, 0}, {"termination", K_TERMH, 0},
    /* rights of first refusal / offer / negotiation */
    {"first refusal", K_ROFR, 0}, {"right of first", K_ROFR, 0}, {"first right to", K_ROFR, 0},
    {"first right of", K_ROFR, 0}, {"first option", K_ROFR, 0}, {"first negotiation", K_ROFR, 0},
    {"right to first", K_ROFR, 0}, {"ROFR", K_ROFR, 0}, {"ROFO", K_ROFR, 0},
    {"first offer", K_ROFR, 0}, {"right to match", K_ROFR, 0}, {"last look", K_ROFR, 0},
    /* change of control */
    {"change of control", K_COC, 0}, {"change in control", K_COC, 0},
    {"change of ownership", K_COC, 0}, {"change in ownership", K_COC, 0},
    {"change in the control", K_COC, 0}, {"change in the ownership", K_COC, 0},
    {"changes of control", K_COC, 0}, {"changes in control", K_COC, 0},
    {"change of the control", K_COC, 0}, {"controlling interest", K_COC, 0},
    {"merger", K_COCWEAK, 0}, {"merges", K_COCWEAK, 0}, {"merge with", K_COCWEAK, 0},
    {"merged with", K_COCWEAK, 0}, {"acquired by", K_COCWEAK, 0}, {"is acquired", K_COCWEAK, 0},
    {"acquisition of", K_COCWEAK, 0}, {"sale of all or substantially all", K_COCWEAK, 0},
    {"deemed an assignment", K_DEEMED, 0}, {"deemed to be an assignment", K_DEEMED, 0},
    {"deemed a transfer", K_DEEMED, 0}, {"deemed to be a transfer", K_DEEMED, 0},
    {"deemed an assignment", K_DEEMED, 0}, {"considered an assignment", K_DEEMED, 0},
    {"constitute an assignment", K_DEEMED, 0},
    /* assignment */
    {"assign", K_ASSIGN, 0}, {"assigned", K_ASSIGN, 0}, {"assignment", K_ASSIGN, 0},
    {"assigns", K_ASSIGN, 0}, {"assignable", K_ASSIGN, 0},
    {"transfer*", K_TRANSFER, 0}, {"delegat*", K_TRANSFER, 0},
    {"consent", K_CONSENT, 0}, {"approval", K_CONSENT, 0}, {"prior written", K_CONSENT, 0},
    {"void", K_CONSENT, 0},
    {"assignment", K_ASSIGNH, 0}, {"assignability", K_ASSIGNH, 0},
    /* revenue and profit sharing */
    {"royalt*", K_ROYALTY, 0},
    {"revenue shar*", K_REVSHARE, 0}, {"revenue-shar*", K_REVSHARE, 0},
    {"profit shar*", K_REVSHARE, 0}, {"profit-shar*", K_REVSHARE, 0},
    {"share of the profit*", K_REVSHARE, 0}, {"share of the revenue*", K_REVSHARE, 0},
    {"share of profit*", K_REVSHARE, 0}, {"share of revenue*", K_REVSHARE, 0},
    {"split the", K_REVSHARE, 0},
    {"percent*", K_PCT, 0}, {"per cent", K_PCT, 0},
    {"net sales", K_REVBASE, 0}, {"gross sales", K_REVBASE, 0}, {"net revenue*", K_REVBASE, 0},
    {"gross revenue*", K_REVBASE, 0}, {"revenue*", K_REVBASE, 0}, {"profits", K_REVBASE, 0},
    {"net profit*", K_REVBASE, 0}, {"gross profit*", K_REVBASE, 0},
    {"receipts", K_REVBASE, 0}, {"proceeds", K_REVBASE, 0}, {"net income", K_REVBASE, 0},
    {"gross margin*", K_REVBASE, 0}, {"sales price", K_REVBASE, 0},
    {"commission*", K_COMMISSION, 0},
    /* prices */
    {"price*", K_PRICE, 0}, {"pricing", K_PRICE, 0},
    {"increase*", K_INCREASE, 0}, {"raise*", K_INCREASE, 0}, {"decrease*", K_INCREASE, 0},
    {"not exceed", K_PRICELIM, 0}, {"no more than", K_PRICELIM, 0},
    {"not more than", K_PRICELIM, 0}, {"more than once", K_PRICELIM, 0},
    {"remain fixed", K_PRICELIM, 0}, {"remain firm", K_PRICELIM, 0},
    {"shall not be increased", K_PRICELIM, 0}, {"not be increased", K_PRICELIM, 0},
    {"no increase*", K_PRICELIM, 0}, {"not increase", K_PRICELIM, 0},
    {"price protection", K_PRICELIM, 0}, {"will not raise", K_PRICELIM, 0},
    /* minimum commitments and volume limits */
    {"minimum", K_MINIMUM, 0}, {"minimums", K_MINIMUM, 0},
    {"purchase*", K_MINOBJ, 0}, {"order*", K_MINOBJ, 0}, {"quantit*", K_MINOBJ, 0},
    {"volume*", K_MINOBJ, 0}, {"commitment*", K_MINOBJ, 0}, {"royalt*", K_MINOBJ, 0},
    {"units", K_MINOBJ, 0}, {"sales", K_MINOBJ, 0}, {"annual", K_MINOBJ, 0},
    {"payment*", K_MINOBJ, 0}, {"fee*", K_MINOBJ, 0}, {"target*", K_MINOBJ, 0},
    {"maximum", K_VOLLIM, 0}, {"in excess of", K_VOLLIM, 0}, {"exceed*", K_VOLLIM, 0},
    {"no more than", K_VOLLIM, 0}, {"not more than", K_VOLLIM, 0},
    {"greater than", K_VOLLIM, 0},
    {"units", K_VOLOBJ, 0}, {"quantit*", K_VOLOBJ, 0}, {"volume*", K_VOLOBJ, 0},
    {"forecast*", K_VOLOBJ, 0}, {"users", K_VOLOBJ, 0}, {"copies", K_VOLOBJ, 0},
    {"seats", K_VOLOBJ, 0}, {"installations", K_VOLOBJ, 0},
    {"means", K_MEANS, 0}, {"shall mean", K_MEANS, 0}, {"not limited to", K_MEANS, 0},
    /* intellectual property ownership */
    {"hereby assign*", K_HEREBYASSIGN, 0}, {"hereby irrevocably assign*", K_HEREBYASSIGN, 0},
    {"hereby transfer*", K_HEREBYASSIGN, 0}, {"shall assign", K_HEREBYASSIGN, 0},
    {"agrees to assign", K_HEREBYASSIGN, 0}, {"will assign", K_HEREBYASSIGN, 0},
    {"hereby convey*", K_HEREBYASSIGN, 0}, {"work made for hire", K_HEREBYASSIGN, 0},
    {"works made for hire", K_HEREBYASSIGN, 0}, {"work for hire", K_HEREBYASSIGN, 0},
    {"work-for-hire", K_HEREBYASSIGN, 0}, {"works for hire", K_HEREBYASSIGN, 0},
    {"made-for-hire", K_HEREBYASSIGN, 0}, {"shall be deemed assigned", K_HEREBYASSIGN, 0},
    {"intellectual property", K_IPOBJ, 0}, {"right, title and interest", K_IPOBJ, 0},
    {"invention*", K_IPOBJ, 0}, {"patent*", K_IPOBJ, 0}, {"copyright*", K_IPOBJ, 0},
    {"work product", K_IPOBJ, 0}, {"deliverable*", K_IPOBJ, 0}, {"improvement*", K_IPOBJ, 0},
    {"developments", K_IPOBJ, 0}, {"derivative work*", K_IPOBJ, 0},
    {"modification*", K_IPOBJ, 0}, {"enhancement*", K_IPOBJ, 0}, {"know-how", K_IPOBJ, 0},
    {"shall be the sole", K_OWNBY, 0}, {"shall be the exclusive", K_OWNBY, 0},
    {"shall own", K_OWNBY, 0}, {"shall be owned", K_OWNBY, 0}, {"shall vest", K_OWNBY, 0},
    {"vest in", K_OWNBY, 0}, {"shall belong", K_OWNBY, 0}, {"will be owned", K_OWNBY, 0},
    {"will own", K_OWNBY, 0}, {"will be the sole", K_OWNBY, 0},
    {"will be the exclusive", K_OWNBY, 0}, {"shall become the", K_OWNBY, 0},
    {"will become the", K_OWNBY, 0}, {"shall be the property", K_OWNBY, 0},
    {"develop*", K_CREATED, 0}, {"creat*", K_CREATED, 0}, {"conceiv*", K_CREATED, 0},
    {"invent*", K_CREATED, 0}, {"made by", K_CREATED, 0}, {"generated", K_CREATED, 0},
    {"produced", K_CREATED, 0}, {"prepared", K_CREATED, 0}, {"arising from", K_CREATED, 0},
    {"jointly own*", K_JOINT, 0}, {"joint own*", K_JOINT, 0}, {"jointly-own*", K_JOINT, 0},
    {"co-own*", K_JOINT, 0}, {"owned jointly", K_JOINT, 0}, {"joint property", K_JOINT, 0},
    {"undivided", K_JOINT, 0}, {"jointly held", K_JOINT, 0}, {"owned in common", K_JOINT, 0},
    /* licences */
    {"grant*", K_GRANT, 0},
    {"hereby grant*", K_HEREBYGRANT, 0}, {"grants to", K_HEREBYGRANT, 0},
    {"grant to", K_HEREBYGRANT, 0}, {"shall grant", K_HEREBYGRANT, 0},
    {"agrees to grant", K_HEREBYGRANT, 0}, {"will grant", K_HEREBYGRANT, 0},
    {"hereby agrees to grant", K_HEREBYGRANT, 0}, {"is granted", K_HEREBYGRANT, 0},
    {"are granted", K_HEREBYGRANT, 0},
    {"license", K_LICENSE, 0}, {"licence", K_LICENSE, 0}, {"licenses", K_LICENSE, 0},
    {"licences", K_LICENSE, 0}, {"sublicense", K_LICENSE, 0}, {"sub-license", K_LICENSE, 0},
    {"right to use", K_LICENSE, 0}, {"right to reproduce", K_LICENSE, 0},
    {"right to distribute", K_LICENSE, 0}, {"right to make", K_LICENSE, 0},
    {"right to sell", K_LICENSE, 0}, {"right to market", K_LICENSE, 0},
    {"right to manufacture", K_LICENSE, 0}, {"right to resell", K_LICENSE, 0},
    {"no right or licen*", K_LICNEG, 0}, {"no license", K_LICNEG, 0}, {"no licence", K_LICNEG, 0},
    {"no other licen*", K_LICNEG, 0}, {"no rights or licen*", K_LICNEG, 0},
    {"not be construed", K_LICNEG, 0}, {"nothing in this", K_LICNEG, 0},
    {"nothing herein", K_LICNEG, 0}, {"nothing contained", K_LICNEG, 0},
    {"by implication", K_LICNEG, 0}, {"implied licen*", K_LICNEG, 0},
    {"not be deemed to grant", K_LICNEG, 0}, {"no implied", K_LICNEG, 0},
    {"non-transfer*", K_NONTRANS, 0}, {"nontransfer*", K_NONTRANS, 0},
    {"non transfer*", K_NONTRANS, 0}, {"not transferable", K_NONTRANS, 0},
    {"not transferrable", K_NONTRANS, 0}, {"non-assignable", K_NONTRANS, 0},
    {"nonassignable", K_NONTRANS, 0}, {"non assignable", K_NONTRANS, 0},
    {"not assignable", K_NONTRANS, 0}, {"non-sublicens*", K_NONTRANS, 0},
    {"nonsublicens*", K_NONTRANS, 0},
    {"sublicens*", K_SUBLIC, 0}, {"sub-licens*", K_SUBLIC, 0},
    {"affiliate*", K_AFFIL, 0}, {"subsidiar*", K_AFFIL, 0},
    {"owned or controlled", K_AFFOWN, 0}, {"own or control", K_AFFOWN, 0},
    {"owns or controls", K_AFFOWN, 0}, {"controlled by", K_AFFOWN, 0},
    {"on behalf of itself and", K_AFFOWN, 0}, {"for itself and", K_AFFOWN, 0},
    {"and its affiliates hereby", K_AFFOWN, 0}, {"affiliates' ", K_AFFOWN, 0},
    {"irrevocabl*", K_IRREV, 0}, {"perpetual*", K_IRREV, 0}, {"perpetuity", K_IRREV, 0},
    {"unlimited", K_UNLIM, 0}, {"enterprise-wide", K_UNLIM, 0}, {"enterprise wide", K_UNLIM, 0},
    {"all-you-can-eat", K_UNLIM, 0},
    {"unlimited number of", K_UNLIMNUM, 0}, {"any number of", K_UNLIMNUM, 0},
    {"users", K_UNLIMOBJ, 0}, {"copies", K_UNLIMOBJ, 0}, {"sites", K_UNLIMOBJ, 0},
    {"devices", K_UNLIMOBJ, 0}, {"installations", K_UNLIMOBJ, 0}, {"locations", K_UNLIMOBJ, 0},
    /* escrow */
    {"escrow*", K_ESCROW, 0}, {"source code", K_SOURCE, 0}, {"source materials", K_SOURCE, 0},
    /* after termination */
    {"after termination", K_POST, 0}, {"after expiration", K_POST, 0},
    {"after the termination", K_POST, 0}, {"after the expiration", K_POST, 0},
    {"after any termination", K_POST, 0}, {"following termination", K_POST, 0},
    {"following the termination", K_POST, 0}, {"following expiration", K_POST, 0},
    {"following the expiration", K_POST, 0}, {"following any termination", K_POST, 0},
    {"upon termination", K_POST, 0}, {"upon expiration", K_POST, 0},
    {"upon the termination", K_POST, 0}, {"upon the expiration", K_POST, 0},
    {"upon any termination", K_POST, 0}, {"upon expiry", K_POST, 0},
    {"after expiry", K_POST, 0}, {"post-termination", K_POST, 0},
    {"post termination", K_POST, 0}, {"in the event of termination", K_POST, 0},
    {"in the event of any termination", K_POST, 0}, {"on termination", K_POST, 0},
    {"on expiration", K_POST, 0}, {"termination or expiration", K_POST, 0},
    {"expiration or termination", K_POST, 0}, {"termination and expiration", K_POST, 0},
    {"expiration and termination", K_POST, 0}, {"effective date of termination", K_POST, 0},
    {"transition*", K_POSTOBJ, 0}, {"wind down", K_POSTOBJ, 0}, {"wind-down", K_POSTOBJ, 0},
    {"sell-off", K_POSTOBJ, 0}, {"sell off", K_POSTOBJ, 0}, {"sell its remaining", K_POSTOBJ, 0},
    {"sell their remaining", K_POSTOBJ, 0}, {"remaining inventory", K_POSTOBJ, 0},
    {"existing inventory", K_POSTOBJ, 0}, {"inventory on hand", K_POSTOBJ, 0},
    {"remaining stock", K_POSTOBJ, 0}, {"dispose of", K_POSTOBJ, 0},
    {"continue to provide", K_POSTOBJ, 0}, {"continue to supply", K_POSTOBJ, 0},
    {"continue to sell", K_POSTOBJ, 0}, {"continue to distribute", K_POSTOBJ, 0},
    {"continue to perform", K_POSTOBJ, 0}, {"continue to support", K_POSTOBJ, 0},
    {"continue to service", K_POSTOBJ, 0}, {"continue to use", K_POSTOBJ, 0},
    {"continue to honor", K_POSTOBJ, 0}, {"continue to make", K_POSTOBJ, 0},
    {"outstanding orders", K_POSTOBJ, 0}, {"pending orders", K_POSTOBJ, 0},
    {"orders accepted", K_POSTOBJ, 0}, {"purchase orders", K_POSTOBJ, 0},
    {"last buy", K_POSTOBJ, 0}, {"last-time buy", K_POSTOBJ, 0}, {"final order", K_POSTOBJ, 0},
    {"support", K_POSTOBJ, 0}, {"maintenance", K_POSTOBJ, 0}, {"fulfill", K_POSTOBJ, 0},
    {"shall pay", K_POSTOBJ, 0}, {"amounts due", K_POSTOBJ, 0}, {"amounts owed", K_POSTOBJ, 0},
    {"all sums", K_POSTOBJ, 0}, {"accrued", K_POSTOBJ, 0}, {"return", K_POSTOBJ, 0},
    {"deliver to", K_POSTOBJ, 0}, {"purchase", K_POSTOBJ, 0}, {"repurchase", K_POSTOBJ, 0},
    {"invoice", K_POSTOBJ, 0}, {"records", K_POSTOBJ, 0}, {"destroy", K_POSTOBJ, 0},
    /* audits */
    {"audit*", K_AUDIT, 0}, {"inspect*", K_AUDIT, 0}, {"examin*", K_AUDIT, 0},
    {"books", K_BOOKS, 0}, {"records", K_BOOKS, 0}, {"accounts", K_BOOKS, 0},
    {"premises", K_BOOKS, 0}, {"facilities", K_BOOKS, 0}, {"facility", K_BOOKS, 0},
    {"audit*", K_AUDITH, 0}, {"inspection*", K_AUDITH, 0}, {"books and records", K_AUDITH, 0},
    /* liability */
    {"liabil*", K_LIAB, 0}, {"liable", K_LIAB, 0},
    {"exceed*", K_CAP, 0}, {"in no event", K_CAP, 0}, {"limited to", K_CAP, 0},
    {"aggregate", K_CAP, 0}, {"maximum", K_CAP, 0}, {"cap", K_CAP, 0},
    {"in excess of", K_CAP, 0},
    {"consequential", K_CONSEQ, 0}, {"incidental", K_CONSEQ, 0}, {"punitive", K_CONSEQ, 0},
    {"lost profits", K_CONSEQ, 0}, {"loss of profits", K_CONSEQ, 0},
    {"indirect", K_CONSEQ, 0}, {"exemplary", K_CONSEQ, 0},
    {"shall not apply", K_UNCAPEXC, 0}, {"does not apply", K_UNCAPEXC, 0},
    {"will not apply", K_UNCAPEXC, 0}, {"shall not limit", K_UNCAPEXC, 0},
    {"not be limited", K_UNCAPEXC, 0}, {"excluding", K_UNCAPEXC, 0},
    {"except for", K_UNCAPEXC, 0}, {"except to the extent", K_UNCAPEXC, 0},
    {"except in the case", K_UNCAPEXC, 0}, {"except with respect to", K_UNCAPEXC, 0},
    {"except in connection with", K_UNCAPEXC, 0}, {"except as a result of", K_UNCAPEXC, 0},
    {"except arising", K_UNCAPEXC, 0}, {"except in respect of", K_UNCAPEXC, 0},
    {"except*", K_UNCAPEXC2, 0}, {"other than", K_UNCAPEXC, 0}, {"exclusion*", K_UNCAPEXC, 0},
    {"indemnif*", K_UNCAPOBJ, 0}, {"gross negligence", K_UNCAPOBJ, 0}, {"willful", K_UNCAPOBJ, 0},
    {"wilful", K_UNCAPOBJ, 0}, {"intentional misconduct", K_UNCAPOBJ, 0}, {"fraud*", K_UNCAPOBJ, 0},
    {"confidentiality", K_UNCAPOBJ, 0}, {"death", K_UNCAPOBJ, 0},
    {"bodily injury", K_UNCAPOBJ, 0}, {"personal injury", K_UNCAPOBJ, 0},
    {"limitation of liability", K_LIMLIABH, 0}, {"limitations of liability", K_LIMLIABH, 0},
    {"limitation on liability", K_LIMLIABH, 0}, {"limitations on liability", K_LIMLIABH, 0},
    {"limited liability", K_LIMLIABH, 0}, {"liability limitation*", K_LIMLIABH, 0},
    {"limitation of damages", K_LIMLIABH, 0}, {"consequential damages", K_LIMLIABH, 0},
    /* liquidated damages */
    {"liquidated damage*", K_LIQ, 0}, {"as a penalty", K_LIQ, 0},
    {"early termination fee*", K_LIQ, 0}, {"termination fee*", K_LIQ, 0},
    {"break-up fee*", K_LIQ, 0}, {"termination charge*", K_LIQ, 0},
    {"cancellation fee*", K_LIQ, 0}, {"cancellation charge*", K_LIQ, 0},
    /* warranties */
    {"warrant*", K_WARR, 0}, {"guarantee*", K_WARR, 0},
    {"warranty period", K_WPERIOD, 0}, {"warranty term", K_WPERIOD, 0},
    {"period of warranty", K_WPERIOD, 0},
    {"month*", K_DURUNIT, 0}, {"days", K_DURUNIT, 0}, {"year*", K_DURUNIT, 0},
    {"delivery", K_WEVENT, 0}, {"shipment", K_WEVENT, 0}, {"acceptance", K_WEVENT, 0},
    {"installation", K_WEVENT, 0}, {"date of purchase", K_WEVENT, 0},
    {"date of sale", K_WEVENT, 0}, {"manufacture", K_WEVENT, 0}, {"completion", K_WEVENT, 0},
    {"shipped", K_WEVENT, 0}, {"delivered", K_WEVENT, 0}, {"date of invoice", K_WEVENT, 0},
    {"warrant*", K_WARRH, 0},
    {"for a period of", K_FROMSPAN, 0}, {"months from", K_FROMSPAN, 0},
    {"months after", K_FROMSPAN, 0}, {"months following", K_FROMSPAN, 0},
    {"days from", K_FROMSPAN, 0}, {"days after", K_FROMSPAN, 0},
    {"days following", K_FROMSPAN, 0}, {"year from", K_FROMSPAN, 0},
    {"years from", K_FROMSPAN, 0}, {"year after", K_FROMSPAN, 0},
    {"years after", K_FROMSPAN, 0}, {"year following", K_FROMSPAN, 0},
    {"years following", K_FROMSPAN, 0}, {"months of", K_FROMSPAN, 0},
    {"days of", K_FROMSPAN, 0}, {"month period", K_FROMSPAN, 0}, {"day period", K_FROMSPAN, 0},
    /* insurance */
    {"insurance", K_INSURE, 0}, {"insured", K_INSURE, 0}, {"insurer*", K_INSURE, 0},
    {"maintain*", K_INSOBJ, 0}, {"carry", K_INSOBJ, 0}, {"obtain", K_INSOBJ, 0},
    {"procure", K_INSOBJ, 0}, {"policy", K_INSOBJ, 0}, {"policies", K_INSOBJ, 0},
    {"coverage", K_INSOBJ, 0}, {"certificate*", K_INSOBJ, 0}, {"additional insured", K_INSOBJ, 0},
    /* covenant not to sue */
    {"not to sue", K_CNS, 0}, {"covenant* not to", K_CNS, 0}, {"not sue", K_CNS, 0},
    {"not assert", K_CNS, 0}, {"not to assert", K_CNS, 0}, {"never sue", K_CNS, 0},
    {"challeng*", K_CHALLENGE, 0}, {"contest*", K_CHALLENGE, 0}, {"attack", K_CHALLENGE, 0},
    {"oppose", K_CHALLENGE, 0},
    {"validity", K_VALID, 0}, {"ownership", K_VALID, 0}, {"enforceab*", K_VALID, 0},
    {"title", K_VALID, 0}, {"registration*", K_VALID, 0},
    /* third party beneficiaries */
    {"third party beneficiar*", K_TPB, 0}, {"third-party beneficiar*", K_TPB, 0},
    {"third parties beneficiar*", K_TPB, 0}, {"intended beneficiar*", K_TPB, 0},
    {"express beneficiar*", K_TPB, 0}, {"third party beneficiary rights", K_TPB, 0},
    {"except that", K_TPBEXC, 0}, {"except for", K_TPBEXC, 0}, {"provided, however", K_TPBEXC, 0},
    {"save that", K_TPBEXC, 0}, {"excepting", K_TPBEXC, 0}, {"except with respect", K_TPBEXC, 0},
    {"except as provided in", K_TPBEXC, 0}, {"except as set forth in", K_TPBEXC, 0},
    {"are intended third", K_TPBAFF, 0}, {"is an intended third", K_TPBAFF, 0},
    {"are express third", K_TPBAFF, 0}, {"are expressly intended", K_TPBAFF, 0},
    {"are third party beneficiar*", K_TPBAFF, 0}, {"are third-party beneficiar*", K_TPBAFF, 0},
    {"is a third party beneficiar*", K_TPBAFF, 0}, {"is a third-party beneficiar*", K_TPBAFF, 0},
    {"shall be a third party", K_TPBAFF, 0}, {"shall be a third-party", K_TPBAFF, 0},
    {"shall be third party", K_TPBAFF, 0}, {"shall be third-party", K_TPBAFF, 0},
    {"shall be an intended", K_TPBAFF, 0}, {"shall be intended third", K_TPBAFF, 0},
    {"are intended to be third", K_TPBAFF, 0}, {"is intended to be a third", K_TPBAFF, 0},
    {"will be third party", K_TPBAFF, 0}, {"will be a third party", K_TPBAFF, 0},
    {"non-solicit*", K_NONSOLH, 0}, {"nonsolicit*", K_NONSOLH, 0},
    {"non solicit*", K_NONSOLH, 0}, {"no solicit*", K_NONSOLH, 0}, {"no-solicit*", K_NONSOLH, 0},
};
#define NCUES (sizeof cues / sizeof cues[0])

/* ---------------------------------------------------------------- rules */

typedef struct rule {
    unsigned char cat;
    const char *id;
    unsigned char all[3];  /* all must be in the sentence */
    unsigned char any[4];  /* one of them must be (when any[0]) */
    unsigned char none[3]; /* none may be */
    unsigned char head;    /* a cue of an enclosing heading (K_NONE: no condition); a rule
                              with a heading cue and no sentence cue fires on the heading */
    unsigned char order;   /* 1: all[0] first occurs before the last all[1] */
} rule;

/* strongest first within a category */
static const rule rules[] = {
    {CAT_MFN, "clause.mfn.phrase", {K_MFN}, {0}, {0}, 0, 0},
    {CAT_MFN, "clause.mfn.no_less_favorable", {K_MOREFAV, K_ANYOTHER}, {0},
     {K_NEGOTIATE, K_ROFR}, 0, 0},

    {CAT_NONCOMPETE, "clause.non_compete.heading", {0}, {0}, {0}, K_NONCOMP, 0},
    {CAT_NONCOMPETE, "clause.non_compete.phrase", {K_NONCOMP}, {0}, {0}, 0, 0},
    {CAT_NONCOMPETE, "clause.non_compete.shall_not_compete", {K_NEG, K_COMPETE}, {0},
     {K_SOLICIT, K_DISPARAGE}, 0, 0},

    {CAT_EXCLUSIVITY, "clause.exclusivity.heading", {0}, {0}, {0}, K_EXCLH, 0},
    {CAT_EXCLUSIVITY, "clause.exclusivity.requirements", {K_REQUIRE}, {0},
     {K_EXCLBAD}, 0, 0},
    {CAT_EXCLUSIVITY, "clause.exclusivity.exclusive_right", {K_EXCL, K_EXCLOBJ}, {0},
     {K_EXCLBAD, K_MEANS}, 0, 0},

    {CAT_NOSOL_CUST, "clause.no_solicit_customers.solicit",
     {K_SOLICIT, K_CUSTOMER}, {K_NEG, K_NONSOLH}, {K_GENSOL}, 0, 0},
    {CAT_NOSOL_CUST, "clause.no_solicit_customers.heading", {K_CUSTOMER},
     {K_SOLICIT, K_NEG}, {0}, K_NONSOLH, 0},

    {CAT_CRE, "clause.competitive_exception.general_solicitation", {K_GENSOL}, {0}, {0}, 0, 0},
    {CAT_CRE, "clause.competitive_exception.nothing_prevents", {K_NOTHINGIN},
     {K_COMPETE, K_EXCL}, {0}, 0, 0},
    {CAT_CRE, "clause.competitive_exception.notwithstanding_may", {K_EXCEPT, K_MAYCUE},
     {K_COMPETE, K_NONCOMP}, {K_BREACH}, 0, 0},
    {CAT_CRE, "clause.competitive_exception.except_non_compete", {K_EXCEPT, K_NEG},
     {K_COMPETE, K_NONCOMP}, {0}, K_NONCOMP, 0},
    {CAT_CRE, "clause.competitive_exception.except_exclusivity", {K_EXCEPT}, {K_EXCL}, {0},
     K_EXCLH, 0},

    {CAT_NOSOL_EMP, "clause.no_solicit_employees.solicit", {K_SOLICIT, K_EMPLOYEE, K_NEG}, {0},
     {0}, 0, 1},
    {CAT_NOSOL_EMP, "clause.no_solicit_employees.hire", {K_HIRE, K_EMPLOYEE, K_NEG}, {0}, {0}, 0,
     1},
    {CAT_NOSOL_EMP, "clause.no_solicit_employees.heading", {K_EMPLOYEE}, {K_SOLICIT, K_HIRE},
     {0}, K_NONSOLH, 0},

    {CAT_NONDISP, "clause.non_disparagement.disparage", {K_DISPARAGE}, {0}, {0}, 0, 0},

    {CAT_TFC, "clause.termination_convenience.phrase", {K_TERMINATE, K_CONVEN}, {0}, {0}, 0, 0},
    {CAT_TFC, "clause.termination_convenience.may_at_any_time",
     {K_MAYTERM, K_CONVWEAK, K_TERMINATE}, {0}, {K_BREACH, K_POST, K_IFCOND}, 0, 0},
    {CAT_TFC, "clause.termination_convenience.may_on_notice", {K_MAYTERM, K_NOTICE, K_TERMINATE},
     {0}, {K_BREACH, K_IFCOND, K_POST}, 0, 0},

    {CAT_ROFR, "clause.rofr.phrase", {K_ROFR}, {0}, {0}, 0, 0},

    {CAT_COC, "clause.change_of_control.phrase", {K_COC}, {0}, {0}, 0, 0},
    {CAT_COC, "clause.change_of_control.deemed_assignment", {K_COCWEAK, K_DEEMED}, {0}, {0}, 0,
     0},
    {CAT_COC, "clause.change_of_control.terminate_on_merger", {K_COCWEAK, K_MAYTERM}, {0},
     {K_BREACH}, 0, 0},

    {CAT_ANTIASSIGN, "clause.anti_assignment.consent", {K_CONSENT}, {K_ASSIGN, K_TRANSFER},
     {0}, 0, 0},
    {CAT_ANTIASSIGN, "clause.anti_assignment.shall_not_assign", {K_NEG}, {K_ASSIGN}, {0}, 0, 0},
    {CAT_ANTIASSIGN, "clause.anti_assignment.heading", {K_NEG}, {K_TRANSFER}, {0}, K_ASSIGNH, 0},

    {CAT_REVSHARE, "clause.revenue_sharing.phrase", {K_REVSHARE}, {0}, {0}, 0, 0},
    {CAT_REVSHARE, "clause.revenue_sharing.percent_of_revenue", {K_PCT, K_REVBASE}, {0},
     {K_AUDIT, K_LIAB}, 0, 0},
    {CAT_REVSHARE, "clause.revenue_sharing.royalty_percent", {K_ROYALTY, K_PCT}, {0},
     {K_AUDIT, K_LIAB}, 0, 0},
    {CAT_REVSHARE, "clause.revenue_sharing.commission", {K_COMMISSION},
     {K_PCT, K_REVBASE}, {0}, 0, 0},

    {CAT_PRICE, "clause.price_restriction.no_increase", {K_PRICE, K_INCREASE, K_PRICELIM}, {0},
     {K_LIAB}, 0, 0},

    {CAT_MINCOMMIT, "clause.minimum_commitment.minimum", {K_MINIMUM, K_MINOBJ}, {0},
     {K_INSURE}, 0, 0},

    {CAT_VOLUME, "clause.volume_restriction.limit", {K_VOLLIM, K_VOLOBJ}, {0}, {K_MEANS}, 0,
     0},

    {CAT_IPASSIGN, "clause.ip_assignment.hereby_assigns", {K_HEREBYASSIGN, K_IPOBJ}, {0}, {0}, 0,
     0},
    {CAT_IPASSIGN, "clause.ip_assignment.owned_by", {K_OWNBY, K_IPOBJ, K_CREATED}, {0}, {0}, 0,
     0},

    {CAT_JOINTIP, "clause.joint_ip.jointly_owned", {K_JOINT}, {0}, {0}, 0, 0},

    {CAT_LICENSE, "clause.license_grant.grants_license", {K_GRANT, K_LICENSE}, {0}, {K_LICNEG},
     0, 0},

    {CAT_NONTRANS, "clause.non_transferable_license.phrase", {K_NONTRANS},
     {K_LICENSE, K_GRANT}, {0}, 0, 0},
    {CAT_NONTRANS, "clause.non_transferable_license.may_not_assign", {K_LICENSE, K_NEG},
     {K_ASSIGN, K_TRANSFER, K_SUBLIC}, {0}, 0, 0},

    {CAT_AFF_LICENSOR, "clause.affiliate_license_licensor.affiliates_grant",
     {K_AFFIL, K_GRANT, K_LICENSE}, {0}, {K_LICNEG, K_MEANS}, 0, 1},
    {CAT_AFF_LICENSOR, "clause.affiliate_license_licensor.affiliates_ip",
     {K_AFFOWN, K_HEREBYGRANT, K_LICENSE}, {0}, {K_LICNEG, K_MEANS}, 0, 0},
    {CAT_AFF_LICENSEE, "clause.affiliate_license_licensee.grant_to_affiliates",
     {K_HEREBYGRANT, K_AFFIL, K_LICENSE}, {0}, {K_LICNEG, K_MEANS}, 0, 1},
    {CAT_AFF_LICENSEE, "clause.affiliate_license_licensee.sublicense_affiliates",
     {K_SUBLIC, K_AFFIL}, {0}, {K_NEG}, 0, 1},

    {CAT_UNLIMITED, "clause.unlimited_license.unlimited", {K_UNLIM, K_LICENSE}, {0},
     {K_LIAB}, 0, 0},
    {CAT_UNLIMITED, "clause.unlimited_license.any_number", {K_UNLIMNUM, K_UNLIMOBJ}, {0},
     {K_LIAB}, 0, 0},

    {CAT_IRREVOCABLE, "clause.irrevocable_license.phrase", {K_IRREV, K_LICENSE}, {0}, {0}, 0, 0},

    {CAT_ESCROW, "clause.source_code_escrow.escrow", {K_ESCROW, K_SOURCE}, {0}, {0}, 0, 0},

    {CAT_POSTTERM, "clause.post_termination.obligation", {K_POST, K_POSTOBJ}, {0}, {0}, 0, 0},

    {CAT_AUDIT, "clause.audit.heading", {0}, {0}, {0}, K_AUDITH, 0},
    {CAT_AUDIT, "clause.audit.books_records", {K_AUDIT, K_BOOKS}, {0}, {0}, 0, 0},

    {CAT_UNCAPPED, "clause.uncapped_liability.carve_out", {K_LIAB, K_UNCAPEXC, K_UNCAPOBJ},
     {K_CAP, K_CONSEQ}, {K_INSURE}, 0, 0},
    {CAT_UNCAPPED, "clause.uncapped_liability.except_under_heading", {K_UNCAPEXC2, K_UNCAPOBJ},
     {K_CAP, K_CONSEQ}, {K_INSURE}, K_LIMLIABH, 0},

    {CAT_CAP, "clause.cap_on_liability.heading", {0}, {0}, {0}, K_LIMLIABH, 0},
    {CAT_CAP, "clause.cap_on_liability.limit", {K_LIAB, K_CAP}, {0}, {K_INSURE}, 0, 0},
    {CAT_CAP, "clause.cap_on_liability.consequential", {K_LIAB, K_CONSEQ}, {0}, {0}, 0, 0},

    {CAT_LIQUIDATED, "clause.liquidated_damages.phrase", {K_LIQ}, {0}, {0}, 0, 0},

    {CAT_WARRANTY, "clause.warranty_duration.period", {K_WPERIOD}, {0}, {0}, 0, 0},
    {CAT_WARRANTY, "clause.warranty_duration.from_event", {K_WARR, K_FROMSPAN, K_WEVENT}, {0},
     {K_NOTICE, K_SURVIVE}, 0, 0},

    {CAT_INSURANCE, "clause.insurance.maintain", {K_INSURE, K_INSOBJ}, {0}, {0}, 0, 0},

    {CAT_CNS, "clause.covenant_not_to_sue.phrase", {K_CNS}, {0}, {K_EXCLBAD}, 0, 0},
    {CAT_CNS, "clause.covenant_not_to_sue.no_challenge", {K_NEG, K_CHALLENGE, K_VALID}, {0},
     {0}, 0, 0},

    {CAT_TPB, "clause.third_party_beneficiary.affirmative", {K_TPBAFF}, {0}, {0}, 0, 0},
    {CAT_TPB, "clause.third_party_beneficiary.exception", {K_TPB, K_TPBEXC}, {0}, {0}, 0, 0},
};
#define NRULES (sizeof rules / sizeof rules[0])

/* ---------------------------------------------------------------- tables */

typedef struct mask {
    uint64_t w[2];
} mask;

static int has(const mask *m, unsigned k) { return (int)((m->w[k >> 6] >> (k & 63)) & 1u); }
static void set(mask *m, unsigned k) { m->w[k >> 6] |= (uint64_t)1 << (k & 63); }

static int is_word(unsigned char c) { return pct__is_alpha(c) || pct__is_digit(c); }

/* Byte classes of the main loop. */
enum {
    SC_OTHER, /* nothing to do */
    SC_WORD,  /* a letter or digit: a word starts here (the loop skips the rest of the word) */
    SC_PCT,   /* '%': the cue K_PCT by itself */
    SC_STOP,  /* '.', '?', '!': may end a sentence */
    SC_SPACE  /* may cut a run-on sentence (SENT_MAX) */
};

/* What must follow a cue's bytes where they end in the trie. */
enum {
    END_WORD,   /* one plain word ("assign"): no letter or digit */
    END_ALPHA,  /* plain words ending in a letter or digit ("engage in"): no letter */
    END_OPEN,   /* a prefix ("assign*"), or a last byte that is no letter or digit: anything */
    END_QUOTED, /* a pattern with quotes, whose first word is in the trie: that word ends
                   there, and pct_xt__match_word matches the whole pattern */
    END_QUOTED_OPEN /* the same when a '*' follows the first word (no end of word needed) */
};

typedef struct term {
    unsigned short cue;  /* index in cues[] */
    unsigned char id;    /* cues[cue].id */
    unsigned char end;   /* END_* */
    unsigned char flags; /* cues[cue].flags */
} term;

/* Built once per process by tables_build (pthread_once), read-only afterwards. */
typedef struct tables {
    unsigned short next[TRIE_MAX][NCLASS]; /* child of a node by class; 0: none (the root,
                                              node 0, is nobody's child); first in the
                                              struct, so a row's address is one shift */
    unsigned char scan[256];               /* SC_* of a byte */
    unsigned char tcls[256];               /* trie class of a byte; 0: in no cue pattern */
    uint32_t ends[NCUES + 1];              /* the cues ending at node v (1 .. NCUES: see
                                              trie_build): terms[first .. first + count), as
                                              first << 16 | count */
    unsigned char inword[TRIE_MAX];        /* 1 when a node's bytes are all letters or digits */
    term terms[NCUES];                     /* by node, in cue order within a node */
    unsigned short rlo[NCUE + 1];          /* rules keyed on cue k: rl[rlo[k] .. rlo[k + 1]) */
    unsigned char rl[NRULES * 4];          /* rule indexes, ascending for each cue */
    unsigned char headonly[NRULES];        /* rules with a heading cue and no sentence cue */
    size_t nheadonly;
} tables;

_Static_assert(NCUES < 65536, "tables.ends keeps term indexes and counts in 16 bits");
_Static_assert(NRULES < 256, "tables.rl keeps rule indexes in bytes");
_Static_assert(NCUE <= 128, "cue masks are 128 bits");

static tables tab;
static pthread_once_t tab_once = PTHREAD_ONCE_INIT;

/* The trie node spelled by p[0..n) (ASCII case folded), added as needed; 0 when the trie
 * or its byte classes are full (a cue table grown past TRIE_MAX or NCLASS: asserted). A
 * node made for the last byte gets the next id of *nend (1 .. NCUES), one made on the way
 * the next of *ninner (NCUES + 1 ..): see trie_build. */
static unsigned trie_add(tables *T, const char *p, size_t n, unsigned *nend, unsigned *ninner,
                         unsigned *nclass)
{
    unsigned v = 0;
    for (size_t k = 0; k < n; k++) {
        unsigned char b = pct__lower((unsigned char)p[k]);
        if (!T->tcls[b]) {
            if (PCT_NEVER(*nclass == NCLASS))
                return 0;
            T->tcls[b] = (unsigned char)(*nclass)++;
        }
        unsigned cl = T->tcls[b];
        if (!T->next[v][cl]) {
            int last = k + 1 == n;
            unsigned *id = last ? nend : ninner;
            if (PCT_NEVER(*id == (last ? NCUES : TRIE_MAX - 1)))
                return 0;
            unsigned u = ++*id;
            T->inword[u] = (unsigned char)((v == 0 || T->inword[v]) && is_word(b));
            T->next[v][cl] = (unsigned short)u;
        }
        v = T->next[v][cl];
    }
    return v;
}

/* The bytes of cue c that go into the trie, and (in *end) what must follow them. */
static size_t cue_path(size_t c, unsigned char *end)
{
    const char *p = cues[c].pat;
    size_t n = strlen(p);
    int prefix = n && p[n - 1] == '*';
    size_t len = n - (size_t)prefix, fw = 0;
    while (fw < n && is_word((unsigned char)p[fw]))
        fw++;
    if (strpbrk(p, "\"'")) {
        *end = fw < n && p[fw] == '*' ? END_QUOTED_OPEN : END_QUOTED;
        return fw;
    }
    if (prefix || !is_word((unsigned char)p[len - 1]))
        *end = END_OPEN;
    else
        *end = fw == len ? END_WORD : END_ALPHA;
    return len;
}

/* The cues go in by increasing path length, so a node where some cue ends is first made
 * as the last node of such a cue (a shorter cue ending on a longer one's path went in
 * before it): the nodes that end cues have the ids 1 .. NCUES, all others higher, and
 * the walk needs one compare per byte to see both its end (0) and a node ending cues. */
static void trie_build(tables *T)
{
    unsigned short at[NCUES];  /* end node of each cue */
    unsigned char end[NCUES];  /* END_* of each cue */
    size_t plen[NCUES];        /* bytes of each cue in the trie */
    unsigned nend = 0, ninner = NCUES, nclass = 1;
    size_t maxlen = 0;
    for (unsigned char b = 'a'; b <= 'z'; b++)
        T->tcls[b] = T->tcls[b - 'a' + 'A'] = (unsigned char)nclass++;
    for (size_t c = 0; c < NCUES; c++) {
        plen[c] = cue_path(c, &end[c]);
        maxlen = plen[c] > maxlen ? plen[c] : maxlen;
    }
    for (size_t len = 1; len <= maxlen; len++)
        for (size_t c = 0; c < NCUES; c++)
            if (plen[c] == len) {
                at[c] = (unsigned short)trie_add(T, cues[c].pat, len, &nend, &ninner, &nclass);
                assert(at[c] <= NCUES);
                T->ends[at[c]]++; /* counts first (node 0 collects the cues left out) */
            }
    uint32_t first = 0;
    for (unsigned v = 0; v <= NCUES; v++) {
        uint32_t count = T->ends[v];
        T->ends[v] = first << 16;
        first += count;
    }
    for (size_t c = 0; c < NCUES; c++) {
        uint32_t *e = &T->ends[at[c]];
        term *m = &T->terms[(*e >> 16) + (*e & 0xffff)];
        m->cue = (unsigned short)c;
        m->id = cues[c].id;
        m->end = end[c];
        m->flags = cues[c].flags;
        (*e)++;
    }
    T->ends[0] = 0; /* the root ends no cue */
}

/* The rules a sentence may satisfy are found through one cue each of them needs: all[0],
 * or each of any[] when there is no all[]. */
static void rules_build(tables *T)
{
    unsigned count[NCUE + 1] = {0};
    for (int pass = 0; pass < 2; pass++) {
        for (size_t ri = 0; ri < NRULES; ri++) {
            const rule *r = &rules[ri];
            const unsigned char *key = r->all[0] ? r->all : r->any;
            size_t nkey = r->all[0] ? 1 : 4;
            if (!key[0]) {
                if (pass)
                    T->headonly[T->nheadonly++] = (unsigned char)ri;
                continue;
            }
            for (size_t k = 0; k < nkey && key[k]; k++) {
                if (pass)
                    T->rl[T->rlo[key[k]] + count[key[k]]] = (unsigned char)ri;
                count[key[k]]++;
            }
        }
        if (pass)
            break;
        for (unsigned k = 0; k < NCUE; k++) {
            T->rlo[k + 1] = (unsigned short)(T->rlo[k] + count[k]);
            count[k] = 0;
        }
    }
}

static void tables_build(void)
{
    tables *T = &tab;
    for (unsigned b = 0; b < 256; b++) {
        unsigned char c = (unsigned char)b;
        T->scan[b] = is_word(c)                        ? SC_WORD
                     : c == '%'                        ? SC_PCT
                     : c == '.' || c == '?' || c == '!' ? SC_STOP
                     : c == ' '                        ? SC_SPACE
                                                       : SC_OTHER;
    }
    trie_build(T);
    rules_build(T);
}

/* ---------------------------------------------------------------- matching */

/* Sentence state: the cues seen and where each was first and last seen (first[k] and
 * last[k] are meaningful only while k is in m). */
typedef struct sent {
    mask m;
    size_t first[NCUE], last[NCUE];
} sent;

static int preceded_by_non(const char *t, size_t lo, size_t i)
{
    if (i >= lo + 3 && (t[i - 1] == '-' || t[i - 1] == ' '))
        i--;
    return i >= lo + 3 && pct__lower((unsigned char)t[i - 3]) == 'n' &&
           pct__lower((unsigned char)t[i - 2]) == 'o' &&
           pct__lower((unsigned char)t[i - 1]) == 'n' &&
           (i == lo + 3 || !is_word((unsigned char)t[i - 4]));
}

static void hit(sent *s, unsigned id, size_t i)
{
    if (!has(&s->m, id))
        s->first[id] = i;
    s->last[id] = i;
    set(&s->m, id);
}

/* Whether the cue of `m`, whose trie bytes matched t[i..j), matches there (END_*). */
static int term_ends(const term *m, const char *t, size_t lo, size_t i, size_t j, size_t hi)
{
    int word_ends = j == hi || !is_word((unsigned char)t[j]);
    switch (m->end) {
    case END_WORD:
        return word_ends;
    case END_ALPHA:
        return j == hi || !pct__is_alpha((unsigned char)t[j]);
    case END_QUOTED:
        return word_ends && pct_xt__match_word(t, lo, i, hi, cues[m->cue].pat) != 0;
    case END_QUOTED_OPEN:
        return pct_xt__match_word(t, lo, i, hi, cues[m->cue].pat) != 0;
    default:
        return 1;
    }
}

/* Records in `s` the cues of the trie node whose ends are `e` (tables.ends, not 0), reached
 * from the word start t[i] with the bytes t[i..j). Rare: most nodes of a walk end no cue. */
static void ends_at(const tables *T, uint32_t e, const char *t, size_t lo, size_t i, size_t j,
                    size_t hi, sent *s)
{
    for (uint32_t k = e >> 16, ke = k + (e & 0xffff); k < ke; k++) {
        const term *m = &T->terms[k];
        if (!term_ends(m, t, lo, i, j, hi))
            continue;
        if ((m->flags & F_NOTNON) && preceded_by_non(t, lo, i))
            continue;
        hit(s, m->id, i);
    }
}

/* Records in `s` every cue that matches at t[i] (a word start): one walk down the trie,
 * checking the cues that end at each node on the way. t[hi] must be NUL (the flat text
 * and the headings are NUL-terminated): its class 0 has no child, which ends the walk
 * without a bounds check per byte. Returns an offset in (i, end of the word], so that
 * the caller's scan to the end of the word need not read again the bytes the walk read. */
static inline size_t match_at(const tables *T, const char *t, size_t lo, size_t i, size_t hi,
                              sent *s)
{
    const unsigned char *p = (const unsigned char *)t + i; /* the next byte to read */
    const unsigned short *row = T->next[0];                /* children of the current node */
    for (;;) {
        unsigned u = row[T->tcls[*p++]];
        if (__builtin_expect(u > NCUES, 1)) { /* most nodes end no cue: keep this path
                                                  straight (gcc and clang move it aside) */
            row = T->next[u];
            continue;
        }
        if (!u)
            break;
        ends_at(T, T->ends[u], t, lo, i, (size_t)(p - (const unsigned char *)t), hi, s);
        row = T->next[u];
    }
    size_t j = (size_t)(p - (const unsigned char *)t) - 1; /* t[j] has no child */
    size_t v = (size_t)(row - T->next[0]) / NCLASS;         /* the last node reached */
    return j > i && T->inword[v] ? j : i + 1;
}

/* The cues of a heading string. */
static mask heading_mask(const tables *T, const char *h)
{
    sent s;
    memset(&s.m, 0, sizeof s.m);
    size_t n = strlen(h);
    for (size_t i = 0; i < n; i++)
        if (is_word((unsigned char)h[i]) && (i == 0 || !is_word((unsigned char)h[i - 1])))
            (void)match_at(T, h, 0, i, n, &s);
    return s.m;
}

/* ---------------------------------------------------------------- walk */

typedef struct frame {
    const pct_node *node;
    size_t end;    /* TEXT offset */
    mask own, ctx; /* cues of this heading; of this and the enclosing headings */
} frame;

typedef struct walk {
    pct_xdoc *x;
    const tables *T;
    const pct_node *cur; /* next node in pre-order not yet entered */
    frame st[STACK_MAX];
    size_t depth;
    int best[NCAT];      /* rule index, or -1 */
    pct_span span[NCAT]; /* ORIGINAL offsets */
} walk;

static const pct_node *after_subtree(const pct_node *n, const pct_node *root)
{
    while (n && n != root && !n->next)
        n = n->parent;
    return (!n || n == root) ? NULL : n->next;
}

/* Rule ri holds on `span`: its category keeps the lowest rule index seen (with the span
 * where that rule first held), so the order in which the rules are tried does not matter. */
static void fire(walk *w, size_t ri, pct_span span)
{
    int c = rules[ri].cat;
    if (w->best[c] >= 0 && (size_t)w->best[c] <= ri)
        return;
    w->best[c] = (int)ri;
    w->span[c] = span;
}

static void enter(walk *w, const pct_node *n)
{
    frame *f = &w->st[w->depth];
    f->node = n;
    f->end = n->span.end;
    memset(&f->own, 0, sizeof f->own);
    if (n->heading && n->type != PCT_NODE_TITLE)
        f->own = heading_mask(w->T, n->heading);
    f->ctx = f->own;
    if (w->depth) {
        f->ctx.w[0] |= w->st[w->depth - 1].ctx.w[0];
        f->ctx.w[1] |= w->st[w->depth - 1].ctx.w[1];
    }
    w->depth++;
    if (!(f->own.w[0] | f->own.w[1]))
        return;
    pct_span hs = {pct_source__to_orig(&w->x->doc->src, n->heading_span.start),
                   pct_source__to_orig(&w->x->doc->src, n->heading_span.end)};
    for (size_t k = 0; k < w->T->nheadonly; k++) {
        size_t ri = w->T->headonly[k];
        if (has(&f->own, rules[ri].head))
            fire(w, ri, hs);
    }
}

/* Moves the section stack to TEXT offset t (offsets only grow). */
static void walk_to(walk *w, size_t t)
{
    while (w->depth && w->st[w->depth - 1].end <= t)
        w->depth--;
    while (w->cur && w->cur->span.start <= t) {
        const pct_node *n = w->cur;
        if (n->span.end <= t) {
            w->cur = after_subtree(n, w->x->node);
            continue;
        }
        while (w->depth && w->st[w->depth - 1].end <= n->span.start)
            w->depth--;
        if (w->depth < STACK_MAX)
            enter(w, n);
        w->cur = n->first ? n->first : after_subtree(n, w->x->node);
    }
}

static int rule_holds(const rule *r, const sent *s, const mask *ctx)
{
    for (int k = 0; k < 3 && r->all[k]; k++)
        if (!has(&s->m, r->all[k]))
            return 0;
    if (r->any[0]) {
        int ok = 0;
        for (int k = 0; k < 4 && r->any[k] && !ok; k++)
            ok = has(&s->m, r->any[k]);
        if (!ok)
            return 0;
    }
    for (int k = 0; k < 3 && r->none[k]; k++)
        if (has(&s->m, r->none[k]))
            return 0;
    if (r->head && !has(ctx, r->head))
        return 0;
    if (r->order && !(s->first[r->all[0]] < s->last[r->all[1]]))
        return 0;
    return 1;
}

/* Evaluates the sentence flat[fs..fe) with cues s->m: only the rules keyed on one of its
 * cues can hold (tables.rl), each is tried unless its category already has a rule as
 * strong; then the sentence state is cleared. */
static void end_sentence(walk *w, sent *s, size_t fs, size_t fe)
{
    if (!(s->m.w[0] | s->m.w[1]))
        return;
    walk_to(w, w->x->fmap[fs]);
    mask ctx = {{0, 0}};
    if (w->depth)
        ctx = w->st[w->depth - 1].ctx;
    const tables *T = w->T;
    int have_span = 0;
    pct_span span = {0, 0};
    for (unsigned h = 0; h < 2; h++) {
        for (uint64_t bits = s->m.w[h]; bits; bits &= bits - 1) {
            unsigned k = h * 64 + (unsigned)__builtin_ctzll(bits);
            for (unsigned j = T->rlo[k]; j < T->rlo[k + 1]; j++) {
                size_t ri = T->rl[j];
                int c = rules[ri].cat;
                if (w->best[c] >= 0 && (size_t)w->best[c] <= ri)
                    continue;
                if (!rule_holds(&rules[ri], s, &ctx))
                    continue;
                if (!have_span) {
                    span = pct_xdoc__fspan(w->x, fs, fe);
                    have_span = 1;
                }
                fire(w, ri, span);
            }
        }
    }
    memset(&s->m, 0, sizeof s->m);
}

static int abbrev_before(const char *t, size_t lo, size_t dot)
{
    size_t b = dot;
    while (b > lo && pct__is_alpha((unsigned char)t[b - 1]))
        b--;
    size_t n = dot - b;
    if (n == 1)
        return 1; /* "U.S.", "a." */
    static const char *const ab[] = {"inc", "co", "no", "ltd", "corp", "sec", "mr", "ms", "dr",
                                     "jr", "vs", "st", "nos", "art", "para"};
    for (size_t k = 0; k < sizeof ab / sizeof ab[0]; k++)
        if (strlen(ab[k]) == n && pct_xt__match(t + b, n, ab[k]) == n)
            return 1;
    return 0;
}

/* Whether the '.', '?' or '!' at t[i] ends the sentence that began at `start`. */
static int stop_ends(const char *t, size_t start, size_t i, size_t n)
{
    if (i + 2 >= n || t[i + 1] != ' ')
        return 0;
    unsigned char d = (unsigned char)t[i + 2];
    return (pct__is_upper(d) || pct__is_digit(d) || d == '(' || d == '"') &&
           !abbrev_before(t, start, i);
}

int pct_extract__clauses(pct_xdoc *x)
{
    sent s;
    walk w;
    const char *t = x->flat;
    size_t n = x->flat_len, start = 0;
    pthread_once(&tab_once, tables_build);
    const tables *T = &tab;
    memset(&s.m, 0, sizeof s.m);
    memset(&w, 0, sizeof w);
    w.x = x;
    w.T = T;
    w.cur = x->node->first;
    for (size_t c = 0; c < NCAT; c++)
        w.best[c] = -1;
    assert(t[n] == '\0');
    /* the common bytes first: letters (a word start: the loop never stops inside a word,
     * and the NUL at t[n] ends a word), then spaces */
    for (size_t i = 0; i < n;) {
        unsigned char sc = T->scan[(unsigned char)t[i]];
        if (sc == SC_WORD) {
            i = match_at(T, t, 0, i, n, &s);
            while (T->scan[(unsigned char)t[i]] == SC_WORD)
                i++;
            continue;
        }
        int end = 0;
        if (sc == SC_SPACE)
            end = i - start > SENT_MAX;
        else if (sc == SC_STOP)
            end = stop_ends(t, start, i, n);
        else if (sc == SC_PCT)
            hit(&s, K_PCT, i);
        i++;
        if (end) {
            end_sentence(&w, &s, start, i);
            start = i;
        }
    }
    end_sentence(&w, &s, start, n);
    /* headings the sentences never reached (a trailing empty section) */
    walk_to(&w, x->node->span.end > 0 ? x->node->span.end - 1 : 0);

    pct_clause *out = pct_arena__alloc(x->arena, NCAT * sizeof *out);
    if (!out)
        return pct__err(x->ctx, PCT_ENOMEM, "out of memory");
    for (size_t c = 0; c < NCAT; c++) {
        out[c].category = cat_names[c];
        if (w.best[c] >= 0) {
            out[c].present = 1;
            out[c].span = w.span[c];
            out[c].rule = rules[w.best[c]].id;
        }
    }
    x->out->clauses = out;
    x->out->nclauses = NCAT;
    return 0;
}
