#!/bin/sh
# golden_facts.sh - compares `pactum extract` JSON of every
# tests/golden/facts-<case>.txt with tests/golden/facts-<case>.facts.json,
# byte for byte. (tests/golden.sh checks the same files' trees.)
#
# The cases are synthetic contracts written for the project (never real
# contract text). With PCT_REGEN=1 the expected files are rewritten instead:
# review `git diff tests/golden` before committing.
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
for txt in "$dir"/facts-*.txt; do
    [ -e "$txt" ] || continue
    case=$(basename "$txt" .txt)
    want="$dir/$case.facts.json"
    n=$((n + 1))
    # run from the golden folder so the "file" key is the bare case name
    if ! (cd "$dir" && "$PACTUM" extract "$case.txt") > "$tmp/got" 2> "$tmp/err"; then
        echo "FAIL $case: pactum extract failed: $(cat "$tmp/err")"
        fail=1
        continue
    fi
    if [ "${PCT_REGEN:-0}" = 1 ]; then
        cp "$tmp/got" "$want"
        echo "wrote $case.facts.json"
        continue
    fi
    if [ ! -f "$want" ]; then
        echo "FAIL $case: no $case.facts.json (run with PCT_REGEN=1)"
        fail=1
    elif ! cmp -s "$want" "$tmp/got"; then
        echo "FAIL $case: output differs from $case.facts.json"
        diff -u "$want" "$tmp/got" | head -60
        fail=1
    else
        echo "ok   $case"
    fi
done
if [ "$n" -eq 0 ]; then
    echo "FAIL: no facts-*.txt cases in $dir"
    exit 1
fi
exit $fail
