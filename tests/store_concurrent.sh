#!/bin/sh
# store_concurrent.sh - two `pactum add` processes on one store at the same
# time both finish, and nothing is lost: every file of both batches is stored
# exactly once (the batches overlap, so each content is claimed by one of them
# and reported as already stored by the other).
set -u
: "${PACTUM:?PACTUM must name the pactum binary}"
T=$(mktemp -d "${TMPDIR:-/tmp}/pct-conc.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

# gen DIR FROM TO: synthetic contracts, each with unique content.
gen() {
    mkdir -p "$1"
    i=$2
    while [ "$i" -le "$3" ]; do
        {
            echo "SUPPLY AGREEMENT NO. $i"
            echo
            echo "This Supply Agreement (the \"Agreement\") is made as of March $(( i % 27 + 1 )), 2019 by and"
            echo "between Vendor$i Components, Inc., a Delaware corporation (\"Vendor\"), and Buyer$i"
            echo "Holdings LLC, a Texas limited liability company (\"Buyer\")."
            echo
            s=1
            while [ $s -le 12 ]; do
                echo "$s. Section $s of batch item $i"
                echo
                echo "Vendor shall deliver the goods described in Schedule $s within $(( s * 3 + i )) days of each"
                echo "purchase order. Buyer shall pay each invoice within thirty (30) days. Item $i-$s."
                echo
                s=$(( s + 1 ))
            done
            echo "IN WITNESS WHEREOF, the parties have executed this Agreement."
        } > "$1/contract-$i.txt"
        i=$(( i + 1 ))
    done
}

gen "$T/a" 1 60
gen "$T/b" 41 100   # 41..60 are in both batches
DB="$T/store.db"

"$PACTUM" add --db "$DB" --format json "$T/a" > "$T/out-a" 2> "$T/err-a" &
PA=$!
"$PACTUM" add --db "$DB" --format json "$T/b" > "$T/out-b" 2> "$T/err-b" &
PB=$!
wait $PA; RA=$?
wait $PB; RB=$?
fail=0
if [ $RA -ne 0 ] || [ $RB -ne 0 ]; then
    echo "FAIL: exit statuses $RA and $RB (want 0 and 0)"; cat "$T/err-a" "$T/err-b"; fail=1
fi
added=$(cat "$T/out-a" "$T/out-b" | grep -c '"status": "added"')
dups=$(cat "$T/out-a" "$T/out-b" | grep -c '"status": "duplicate"')
failed=$(cat "$T/out-a" "$T/out-b" | grep -c '"status": "failed"')
stored=$("$PACTUM" export --db "$DB" --format jsonl | grep -c '"sha256"')
echo "added $added, duplicates $dups, failed $failed, stored $stored"
[ "$added" -eq 100 ] || { echo "FAIL: $added files added, want 100 (each content once)"; fail=1; }
[ "$dups" -eq 20 ] || { echo "FAIL: $dups duplicates, want 20 (the overlap)"; fail=1; }
[ "$failed" -eq 0 ] || { echo "FAIL: $failed files failed"; fail=1; }
[ "$stored" -eq 100 ] || { echo "FAIL: $stored files in the store, want 100"; fail=1; }
# every file of both batches is findable by name
for i in 1 40 41 60 61 100; do
    "$PACTUM" show --db "$DB" "contract-$i.txt" > /dev/null || { echo "FAIL: contract-$i.txt missing"; fail=1; }
done
exit $fail
