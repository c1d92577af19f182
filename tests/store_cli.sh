#!/bin/sh
# store_cli.sh - the portfolio commands as a user meets them: --help on
# every command, PACTUM_DB, add of folders (hidden files and the store
# itself skipped, duplicates reported, a failing file reported while the
# batch goes on, exit status 1), ls filters, show, search, due, export,
# calendar and rm, with --format json parsed back where python3 exists.
set -u
: "${PACTUM:?PACTUM must name the pactum binary}"
T=$(mktemp -d "${TMPDIR:-/tmp}/pct-cli.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
fail=0
no() { echo "FAIL: $*"; fail=1; }

for c in add ls show search due export calendar rm; do
    "$PACTUM" $c --help > "$T/help" 2>&1 || no "$c --help exited non-zero"
    grep -q "usage: pactum $c" "$T/help" || no "$c --help prints no usage"
done

mkdir -p "$T/in/sub" "$T/in/.hidden"
cat > "$T/in/lease.txt" <<'DOC'
EQUIPMENT LEASE AGREEMENT

This Equipment Lease Agreement (the "Agreement") is made as of February 1, 2021 by and between
Cobalt Crane Rentals, Inc., a Nevada corporation ("Lessor"), and Pinewood Builders LLC, an Oregon
limited liability company ("Lessee").

1. Lease

Lessor leases to Lessee the tower cranes described in Schedule 1.

2. Term

The term of this Agreement begins on February 1, 2021 and expires on January 31, 2041.

This Agreement shall automatically renew for successive one-year periods unless either party
gives written notice of non-renewal at least sixty (60) days prior to the end of the then-current
term.

IN WITNESS WHEREOF, the parties have executed this Agreement.

COBALT CRANE RENTALS, INC.           PINEWOOD BUILDERS LLC

By: /s/ Nora Cobalt                  By:
Name: Nora Cobalt                    Name:
DOC
cat > "$T/in/sub/nda.txt" <<'DOC'
MUTUAL NONDISCLOSURE AGREEMENT

This Mutual Nondisclosure Agreement is entered into as of May 5, 2022 between Heron Biotech Corp.
("Heron") and Lumen Assay Labs Inc. ("Lumen").

1. Confidential Information

Each party shall protect the other's assay protocols with reasonable care.
DOC
cp "$T/in/lease.txt" "$T/in/.hidden/lease-copy.txt"
cp "$T/in/lease.txt" "$T/in/sub/lease-again.txt"
printf '\177ELF\002\001\001\000binary' > "$T/in/sub/program.bin"

export PACTUM_DB="$T/in/portfolio.db"   # the store sits inside the folder being added
"$PACTUM" add "$T/in" > "$T/add.out" 2> "$T/add.err"
rc=$?
[ $rc -eq 1 ] || no "add with a binary file exited $rc, want 1"
grep -q "program.bin" "$T/add.err" || no "the failing file is not reported on stderr"
grep -q "^added .*lease.txt" "$T/add.out" || no "lease.txt not added"
grep -q "^added .*nda.txt" "$T/add.out" || no "nda.txt (after the failure) not added"
grep -q "^skipped .*lease-again.txt: same content" "$T/add.out" || no "duplicate not reported"
grep -q "lease-copy" "$T/add.out" "$T/add.err" && no "a hidden folder was walked"
grep -q "portfolio.db" "$T/add.out" "$T/add.err" && no "the store tried to add itself"
[ -f "$T/in/portfolio.db" ] || no "PACTUM_DB was not used"

"$PACTUM" add "$T/in/lease.txt" > "$T/again" 2>&1 || no "re-adding stored content should succeed"
grep -q "1 already stored" "$T/again" || no "re-add summary: $(cat "$T/again")"

"$PACTUM" ls > "$T/ls" || no "ls failed"
grep -q "EQUIPMENT LEASE" "$T/ls" || no "ls lacks the lease"
"$PACTUM" ls --unsigned --format json > "$T/ls.json" || no "ls --unsigned failed"
grep -q '"name": "lease.txt"' "$T/ls.json" || no "ls --unsigned lacks the lease (blank block)"
grep -q '"name": "nda.txt"' "$T/ls.json" && no "ls --unsigned lists the nda (no blocks)"
"$PACTUM" ls --party heron --format json | grep -q '"name": "nda.txt"' || no "ls --party heron"
"$PACTUM" ls --party heron --format json | grep -q '"name": "lease.txt"' && no "ls --party heron lists the lease"
"$PACTUM" ls --expiring-before 2050-01-01 --format json | grep -q 'lease.txt' || no "ls --expiring-before"
"$PACTUM" ls --expiring-before tomorrow > /dev/null 2>&1; [ $? -eq 2 ] || no "bad date is not a usage error"

"$PACTUM" show lease.txt > "$T/show" || no "show by name failed"
grep -q "2041-01-31" "$T/show" || no "show lacks the expiration"
"$PACTUM" show lease.txt --format json --as-of 2030-01-01 > "$T/show.json" || no "show --format json"
"$PACTUM" show no-such-thing > /dev/null 2>&1; [ $? -eq 1 ] || no "show of an unknown name is not status 1"

"$PACTUM" search cranes > "$T/search" || no "search failed"
grep -qi "\[crane" "$T/search" || no "search shows no snippet: $(cat "$T/search")"
"$PACTUM" search --format json "assay protocols" > "$T/search.json" || no "search json"
grep -q '"snippet"' "$T/search.json" || no "search json lacks snippets"
"$PACTUM" search '!!!' > /dev/null 2>&1; [ $? -eq 2 ] || no "an empty query is not a usage error"

"$PACTUM" due --from 2040-12-01 --within 90d > "$T/due" || no "due failed"
grep -q "2041-01-31" "$T/due" || no "due lacks the expiration: $(cat "$T/due")"
"$PACTUM" due --within soon > /dev/null 2>&1; [ $? -eq 2 ] || no "bad --within is not a usage error"

"$PACTUM" calendar --all -o "$T/cal.ics" || no "calendar failed"
head -1 "$T/cal.ics" | grep -q "^BEGIN:VCALENDAR" || no "calendar does not start with BEGIN:VCALENDAR"
grep -q "^DTSTART;VALUE=DATE:20410131" "$T/cal.ics" || no "calendar lacks the expiration"
[ "$(grep -c '^BEGIN:VEVENT' "$T/cal.ics")" = "$(grep -c '^END:VEVENT' "$T/cal.ics")" ] || no "unbalanced VEVENTs"

"$PACTUM" export --format csv > "$T/x.csv" || no "export csv"
head -1 "$T/x.csv" | grep -q "^id,doc,name," || no "csv header"
"$PACTUM" export --format jsonl > "$T/x.jsonl" || no "export jsonl"
[ "$(wc -l < "$T/x.jsonl")" -eq 2 ] || no "jsonl should have 2 lines, has $(wc -l < "$T/x.jsonl")"
"$PACTUM" export --format xml > /dev/null 2>&1; [ $? -eq 2 ] || no "unknown export format is not a usage error"

if command -v python3 > /dev/null 2>&1; then
    for f in "$T/ls.json" "$T/show.json" "$T/search.json"; do
        python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$f" || no "$f is not JSON"
    done
    python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$T/x.jsonl" || no "jsonl is not JSON lines"
    python3 -c 'import csv,sys; rows=list(csv.reader(open(sys.argv[1]))); assert len(rows)==3, rows' "$T/x.csv" || no "csv does not parse"
fi

# errors name the problem; unknown kinds are usage errors
"$PACTUM" show 99 2> "$T/err" > /dev/null; [ $? -eq 1 ] || no "show 99 is not status 1"
grep -q "no stored file '99'" "$T/err" || no "show 99 says: $(cat "$T/err")"
"$PACTUM" rm 99 2> "$T/err" > /dev/null; [ $? -eq 1 ] || no "rm 99 is not status 1"
grep -q "no stored file '99'" "$T/err" || no "rm 99 says: $(cat "$T/err")"
"$PACTUM" rm --format json 99 > "$T/rm.json" 2> /dev/null
grep -q '"message": "[^"]' "$T/rm.json" || no "rm --format json has no message: $(cat "$T/rm.json")"
"$PACTUM" ls --kind foo > /dev/null 2> "$T/err"; [ $? -eq 2 ] || no "ls --kind foo is not a usage error"
grep -q "agreement, amendment" "$T/err" || no "ls --kind foo does not list the kinds: $(cat "$T/err")"
"$PACTUM" ls --kind agreement > /dev/null || no "ls --kind agreement failed"
# a prefix query on the stemmed index ("reasonable" is indexed as "reason")
"$PACTUM" search 'reasonab*' | grep -q "nda.txt" || no "search reasonab* misses the nda"
# counts are numbers in every JSON listing
"$PACTUM" due --from 2040-10-01 --within 180d --format json > "$T/due.json" || no "due json"
"$PACTUM" ls --format json > "$T/ls-all.json" || no "ls json"
if command -v python3 > /dev/null 2>&1; then
    python3 - "$T/due.json" "$T/ls-all.json" <<'PY' || no "renewal_term/notice_days are not numbers in due and ls"
import json, sys
due = json.load(open(sys.argv[1])); ls = json.load(open(sys.argv[2]))
rows = [r for r in due + ls if r["name"] == "lease.txt"]
assert len(rows) >= 3, rows
assert any(r.get("event") == "renewal_notice" for r in due), due
for r in rows:
    assert r["notice_days"] == 60 and type(r["notice_days"]) is int, r
    assert r["renewal_term"] == 12 and type(r["renewal_term"]) is int, r
PY
fi

"$PACTUM" rm nda.txt > /dev/null || no "rm failed"
"$PACTUM" show nda.txt > /dev/null 2>&1 && no "nda.txt still shown after rm"
"$PACTUM" search assay | grep -q "no matches" || no "rm left index entries"
"$PACTUM" rm nda.txt > /dev/null 2>&1; [ $? -eq 1 ] || no "rm of a removed file is not status 1"
"$PACTUM" ls --db "$T/absent.db" > /dev/null 2>&1; [ $? -eq 1 ] || no "ls of a missing store is not status 1"
[ -e "$T/absent.db" ] && no "ls created a store"
exit $fail
