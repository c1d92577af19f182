#!/bin/sh
# store_readonly.sh - a store that cannot be written (read-only file system,
# or a file without write permission): `add` fails with a clear message and
# an exit status of 1, the store is unchanged, and the read commands still
# work. As root (who ignores file permissions) the store sits on a tmpfs that
# is remounted read-only; without mount, the test uses file permissions.
set -u
: "${PACTUM:?PACTUM must name the pactum binary}"
T=$(mktemp -d "${TMPDIR:-/tmp}/pct-ro.XXXXXX") || exit 1
M="$T/mnt"
mkdir -p "$M"
MOUNTED=0
cleanup() {
    [ $MOUNTED -eq 1 ] && umount "$M" 2> /dev/null
    chmod -R u+w "$T" 2> /dev/null
    rm -rf "$T"
}
trap cleanup EXIT INT TERM

contract() {
    printf 'CONSULTING AGREEMENT %s\n\nThis Consulting Agreement is made as of January 5, 2021 between\nAdvisor %s LLC ("Consultant") and Client %s Inc. ("Company").\n\n1. Services\n\nConsultant shall advise Company on matter %s.\n\n2. Term\n\nThis Agreement expires on December 31, 2031.\n' "$1" "$1" "$1" "$1" > "$2"
}

if [ "$(id -u)" = 0 ]; then
    if mount -t tmpfs -o size=8m tmpfs "$M" 2> /dev/null; then
        MOUNTED=1
    else
        echo "skip: running as root (permissions do not apply) and cannot mount a tmpfs"; exit 77
    fi
fi
DB="$M/store.db"
contract 1 "$T/one.txt"
contract 2 "$T/two.txt"
"$PACTUM" add --db "$DB" "$T/one.txt" > /dev/null || { echo "FAIL: first add"; exit 1; }
before=$(cksum < "$DB")
if [ $MOUNTED -eq 1 ]; then
    mount -o remount,ro "$M" || { echo "skip: cannot remount read-only"; exit 77; }
else
    chmod a-w "$DB" "$M"
fi
fail=0
"$PACTUM" add --db "$DB" "$T/two.txt" > "$T/out" 2> "$T/err"
rc=$?
[ $rc -eq 1 ] || { echo "FAIL: add on a read-only store exited $rc, want 1"; fail=1; }
grep -qi "read-only\|readonly\|cannot" "$T/err" || { echo "FAIL: no clear message:"; cat "$T/err"; fail=1; }
echo "message: $(cat "$T/err")"
[ "$(cksum < "$DB")" = "$before" ] || { echo "FAIL: the store file changed"; fail=1; }
"$PACTUM" ls --db "$DB" --format json > "$T/ls" || { echo "FAIL: ls on a read-only store"; cat "$T/ls"; fail=1; }
grep -q '"name": "one.txt"' "$T/ls" || { echo "FAIL: ls does not list the stored file"; fail=1; }
"$PACTUM" search --db "$DB" advise > "$T/search" || { echo "FAIL: search on a read-only store"; fail=1; }
"$PACTUM" rm --db "$DB" 1 > /dev/null 2>&1 && { echo "FAIL: rm on a read-only store succeeded"; fail=1; }
[ "$(cksum < "$DB")" = "$before" ] || { echo "FAIL: the store file changed"; fail=1; }
exit $fail
