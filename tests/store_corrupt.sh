#!/bin/sh
# store_corrupt.sh - files that are not (usable) pactum stores give a clear
# message, exit status 1, and are left byte for byte as they were: a file of
# garbage, a truncated store, an SQLite database of another program, and a
# store written by a newer pactum (a higher schema version).
set -u
: "${PACTUM:?PACTUM must name the pactum binary}"
T=$(mktemp -d "${TMPDIR:-/tmp}/pct-bad.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
printf 'DISTRIBUTION AGREEMENT\n\nThis Distribution Agreement is made as of April 2, 2017 between Maker Co.\n("Maker") and Seller Inc. ("Distributor").\n\n1. Appointment\n\nMaker appoints Distributor for the territory.\n' > "$T/c.txt"
fail=0

# expect_refused DB WORDS: add and ls both exit 1 with a message matching WORDS; file unchanged
expect_refused() {
    before=$(cksum < "$1")
    for cmd in "add --db $1 $T/c.txt" "ls --db $1"; do
        # shellcheck disable=SC2086
        "$PACTUM" $cmd > "$T/out" 2> "$T/err"
        rc=$?
        [ $rc -eq 1 ] || { echo "FAIL: '$cmd' exited $rc, want 1"; fail=1; }
        grep -qi "$2" "$T/err" || { echo "FAIL: '$cmd': unclear message: $(cat "$T/err")"; fail=1; }
        echo "  $cmd -> $(cat "$T/err")"
    done
    [ "$(cksum < "$1")" = "$before" ] || { echo "FAIL: $1 was changed"; fail=1; }
}

echo "garbage:"
head -c 20000 /dev/urandom > "$T/garbage.db" 2> /dev/null || dd if=/dev/urandom of="$T/garbage.db" bs=1k count=20 2> /dev/null
expect_refused "$T/garbage.db" "not a pactum store\|corrupt"

echo "text file:"
cp "$T/c.txt" "$T/text.db"
expect_refused "$T/text.db" "not a pactum store\|corrupt"

"$PACTUM" add --db "$T/good.db" "$T/c.txt" > /dev/null || { echo "FAIL: add to a new store"; exit 1; }
if command -v sqlite3 > /dev/null 2>&1; then
    echo "truncated store:"
    sqlite3 "$T/good.db" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
    head -c 3000 "$T/good.db" > "$T/trunc.db"
    before=$(cksum < "$T/trunc.db")
    "$PACTUM" ls --db "$T/trunc.db" > /dev/null 2> "$T/err"
    rc=$?
    [ $rc -eq 1 ] || { echo "FAIL: ls on a truncated store exited $rc"; fail=1; }
    echo "  ls -> $(cat "$T/err")"
    [ "$(cksum < "$T/trunc.db")" = "$before" ] || { echo "FAIL: truncated store changed"; fail=1; }

    echo "another program's database:"
    sqlite3 "$T/other.db" "CREATE TABLE customers(id INTEGER, name TEXT); INSERT INTO customers VALUES (1, 'x');"
    expect_refused "$T/other.db" "not a pactum store"

    echo "newer schema:"
    cp "$T/good.db" "$T/newer.db"
    sqlite3 "$T/newer.db" "PRAGMA user_version = 999;"
    expect_refused "$T/newer.db" "newer pactum"
else
    echo "note: sqlite3 not installed: truncated, foreign and newer-schema cases not run"
fi
exit $fail
