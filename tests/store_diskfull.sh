#!/bin/sh
# store_diskfull.sh - the disk fills up during `pactum add`: the add stops
# with a clear message and exit status 1, the store passes integrity_check,
# and every file reported added is still there. Uses a small tmpfs, else a
# loop-mounted ext2 image; skips (77) when neither can be mounted.
set -u
: "${PACTUM:?PACTUM must name the pactum binary}"
T=$(mktemp -d "${TMPDIR:-/tmp}/pct-full.XXXXXX") || exit 1
M="$T/mnt"
mkdir -p "$M" "$T/in"
MOUNTED=0
cleanup() {
    [ $MOUNTED -eq 1 ] && umount "$M" 2> /dev/null
    rm -rf "$T"
}
trap cleanup EXIT INT TERM
if mount -t tmpfs -o size=1200k tmpfs "$M" 2> /dev/null; then
    MOUNTED=1
elif command -v mkfs.ext2 > /dev/null 2>&1 && dd if=/dev/zero of="$T/img" bs=1k count=1200 2> /dev/null &&
    mkfs.ext2 -q -F "$T/img" > /dev/null 2>&1 && mount -o loop "$T/img" "$M" 2> /dev/null; then
    MOUNTED=1
else
    echo "skip: cannot mount a small file system (tmpfs or loop) to fill; needs root"; exit 77
fi
i=1
while [ $i -le 80 ]; do
    {
        echo "LICENSE AGREEMENT $i"
        echo
        echo "This License Agreement is made as of July 1, 2018 by and between Licensor$i Ltd."
        echo "(\"Licensor\") and Licensee$i Inc. (\"Licensee\")."
        s=1
        while [ $s -le 25 ]; do
            echo
            echo "$s. Grant $s"
            echo
            echo "Licensor grants Licensee a non-exclusive license to field $s of file $i, subject to the"
            echo "royalties of Schedule $s; Licensee shall report sales quarterly (record $i.$s)."
            s=$(( s + 1 ))
        done
    } > "$T/in/lic-$i.txt"
    i=$(( i + 1 ))
done
DB="$M/store.db"
"$PACTUM" add --db "$DB" --jobs 1 --format json "$T/in" > "$T/out" 2> "$T/err"
rc=$?
fail=0
echo "exit $rc; $(grep -c '"status": "added"' "$T/out") added; message: $(head -c 300 "$T/err")"
[ $rc -eq 1 ] || { echo "FAIL: add on a full disk exited $rc, want 1"; fail=1; }
grep -qi "disk full\|full\|no space" "$T/err" || { echo "FAIL: no clear message about the full disk"; fail=1; }
if command -v sqlite3 > /dev/null 2>&1; then
    res=$(sqlite3 "$DB" "PRAGMA integrity_check;" 2>&1)
    [ "$res" = "ok" ] || { echo "FAIL: integrity_check: $res"; fail=1; }
fi
"$PACTUM" export --db "$DB" --format jsonl > "$T/export" 2> "$T/xerr" || { echo "FAIL: cannot read the store"; cat "$T/xerr"; fail=1; }
for id in $(sed -n 's/.*"status": "added".*"id": \([0-9]*\),.*/\1/p' "$T/out"); do
    grep -q "^{\"id\":$id," "$T/export" || { echo "FAIL: file $id reported added is missing"; fail=1; }
done
exit $fail
