#!/bin/sh
# golden.sh - compares `pactum parse` JSON of every tests/golden/<case>.txt
# with tests/golden/<case>.expected.json, byte for byte.
#
# The cases are synthetic contracts written for the project (never real
# contract text). Regenerate the expected files with scripts/regen-golden
# and review the diff in the commit. A trailing comma after the top-level
# object (a renderer quirk) is removed before comparing, so the expected
# files are valid JSON.
#
# Env: PACTUM (the binary), PCT_SOURCE_DIR (the source tree). Exit 77 (skip)
# when the binary is not given.
set -u
: "${PCT_SOURCE_DIR:=$(cd "$(dirname "$0")/.." && pwd)}"
if [ -z "${PACTUM:-}" ] || [ ! -x "$PACTUM" ]; then
    echo "skip: PACTUM is not set to the pactum binary"
    exit 77
fi
dir="$PCT_SOURCE_DIR/tests/golden"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
n=0
for txt in "$dir"/*.txt; do
    [ -e "$txt" ] || continue
    case=$(basename "$txt" .txt)
    want="$dir/$case.expected.json"
    n=$((n + 1))
    if [ ! -f "$want" ]; then
        echo "FAIL $case: no $case.expected.json (run scripts/regen-golden)"
        fail=1
        continue
    fi
    # run from the golden folder so the "file" key is the bare case name
    if ! (cd "$dir" && "$PACTUM" parse "$case.txt") > "$tmp/raw" 2> "$tmp/err"; then
        echo "FAIL $case: pactum parse failed: $(cat "$tmp/err")"
        fail=1
        continue
    fi
    sed '$ s/},$/}/' "$tmp/raw" > "$tmp/got"
    if ! cmp -s "$want" "$tmp/got"; then
        echo "FAIL $case: output differs from $case.expected.json"
        diff -u "$want" "$tmp/got" | head -60
        fail=1
    else
        echo "ok   $case"
    fi
done
if [ "$n" -eq 0 ]; then
    echo "FAIL: no golden cases in $dir"
    exit 1
fi
exit $fail
