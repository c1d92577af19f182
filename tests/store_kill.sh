#!/bin/sh
# store_kill.sh - `kill -9` during a large `pactum add` leaves a store that
# passes PRAGMA integrity_check and holds every file whose add was reported
# finished (the add reports a file only after its transaction committed).
set -u
: "${PACTUM:?PACTUM must name the pactum binary}"
if command -v sqlite3 > /dev/null 2>&1; then
    check() { sqlite3 "$1" "PRAGMA integrity_check;"; }
elif command -v python3 > /dev/null 2>&1; then
    check() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$1"; }
else
    echo "skip: neither sqlite3 nor python3 is available to run PRAGMA integrity_check"; exit 77
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/pct-kill.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

mkdir -p "$T/in"
i=1
while [ $i -le 400 ]; do
    {
        echo "MASTER SERVICES AGREEMENT $i"
        echo
        echo "This Master Services Agreement is entered into as of May 1, 2020 by and between"
        echo "Provider$i Systems, Inc. (\"Provider\") and Client$i Corp. (\"Client\")."
        echo
        s=1
        while [ $s -le 40 ]; do
            echo "$s. Services $s"
            echo
            echo "Provider shall perform the services of statement of work $s for file $i with due care."
            echo "Client shall provide reasonable access and pay the fees set out in Exhibit $s ($i)."
            echo
            s=$(( s + 1 ))
        done
    } > "$T/in/msa-$i.txt"
    i=$(( i + 1 ))
done

# an agreement and its amendment first in walk order: the amendment is
# committed with a durable relink mark that the batch's end (never reached)
# or the next add must honour
cat > "$T/in/aa-supply.txt" <<'DOC'
SUPPLY AGREEMENT

This Supply Agreement (the "Agreement") is made and entered into as of January 1, 2020 by and
between Quillfeather Instruments, Inc., a Delaware corporation ("Supplier"), and Marlowe Orchard
Foods LLC, a Texas limited liability company ("Buyer").

1. Term

The term of this Agreement shall commence on January 1, 2020 and shall expire on December 31, 2030.
DOC
cat > "$T/in/ab-amendment.txt" <<'DOC'
AMENDMENT NO. 1 TO SUPPLY AGREEMENT

This Amendment No. 1 (this "Amendment") is made as of June 1, 2029 by and between Quillfeather
Instruments, Inc., a Delaware corporation ("Supplier"), and Marlowe Orchard Foods LLC, a Texas
limited liability company ("Buyer"), and amends the Supply Agreement dated as of January 1, 2020
between Supplier and Buyer (the "Agreement").

1. Extension of Term. Section 1 of the Agreement is hereby amended by deleting "December 31, 2030"
and inserting "December 31, 2033" in its place, so that the term of the Agreement is extended to
expire on December 31, 2033.
DOC

DB="$T/store.db"
"$PACTUM" add --db "$DB" --jobs 2 --format json "$T/in" > "$T/out" 2> "$T/err" &
P=$!
# wait until some files are committed, then kill in the middle of the batch
n=0
while [ $n -lt 200 ]; do
    c=$(grep -c '"status": "added"' "$T/out" 2> /dev/null || true)
    [ "${c:-0}" -ge 20 ] && break
    sleep 0.05
    n=$(( n + 1 ))
done
kill -9 $P 2> /dev/null
wait $P 2> /dev/null
fail=0
finished=$(grep -c '"status": "added"' "$T/out")
echo "files reported added before kill -9: $finished"
res=$(check "$DB")
[ "$res" = "ok" ] || { echo "FAIL: integrity_check says: $res"; fail=1; }
"$PACTUM" export --db "$DB" --format jsonl > "$T/export" || { echo "FAIL: cannot read the store after kill"; fail=1; }
# every reported id is in the store
for id in $(sed -n 's/.*"status": "added".*"id": \([0-9]*\),.*/\1/p' "$T/out"); do
    grep -q "^{\"id\":$id," "$T/export" || { echo "FAIL: file $id was reported added but is missing"; fail=1; }
done
stored=$(grep -c '"sha256"' "$T/export")
echo "files in the store: $stored"
[ "$stored" -ge "$finished" ] || { echo "FAIL: fewer stored ($stored) than reported ($finished)"; fail=1; }
# the store still takes the rest of the batch; already stored files are skipped
"$PACTUM" add --db "$DB" --format json "$T/in" > "$T/out2" 2>&1 || { echo "FAIL: resuming the add failed"; cat "$T/out2"; fail=1; }
total=$("$PACTUM" export --db "$DB" --format jsonl | grep -c '"sha256"')
[ "$total" -eq 402 ] || { echo "FAIL: $total files after resuming, want 402"; fail=1; }
# the interrupted batch's relinks and full-text rows were finished: one
# family, every document indexed once, nothing waiting
if command -v python3 > /dev/null 2>&1; then
    "$PACTUM" ls --db "$DB" --format json > "$T/ls.json"
    python3 - "$T/ls.json" "$DB" <<'PY' || { echo "FAIL: the agreement and its amendment are not one family after resuming"; fail=1; }
import json, sqlite3, sys
rows = {r["name"]: r for r in json.load(open(sys.argv[1]))}
a, m = rows["aa-supply.txt"], rows["ab-amendment.txt"]
assert a["family"] and a["family"] == m["family"], (a["family"], m["family"])
assert a["family_title"] == "SUPPLY AGREEMENT", a["family_title"]
db = sqlite3.connect(sys.argv[2])
n = db.execute("SELECT count(*) FROM meta WHERE key LIKE 'relink:%'").fetchone()[0]
assert n == 0, n
# full-text rows: the interrupted batch's marked files were indexed, each once
n = db.execute("SELECT count(*) FROM meta WHERE key LIKE 'index:%'").fetchone()[0]
assert n == 0, n
docs = db.execute("SELECT count(*) FROM documents").fetchone()[0]
fts = db.execute("SELECT count(*) FROM documents_fts").fetchone()[0]
both = db.execute("SELECT count(*) FROM documents d JOIN documents_fts t ON t.rowid = d.id").fetchone()[0]
assert docs == fts == both, (docs, fts, both)
PY
fi
exit $fail
