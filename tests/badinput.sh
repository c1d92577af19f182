#!/bin/sh
# badinput.sh - the CLI on input that is not a contract: empty, binary
# (ELF, gzip, UTF-16, NUL bytes), broken documents (corrupt, encrypted and
# text-less PDF, a ZIP that is no Word file, truncated and ill-formed DOCX,
# HTML without text), invalid UTF-8, malformed and huge HTML, one 10 MB line,
# a 200 MB file, a directory, a missing path, and a mix of good and bad files.
#
# Expected: for what cannot be read, a non-zero exit and "pactum: <file>: ..."
# on stderr naming the file; for any text, exit 0 and a tree; never a crash
# (exit >= 128), never a hang (every run is under `timeout`). The 200 MB run
# must keep its peak RSS under MAX_RSS_FACTOR x the input. All inputs are
# generated here, in a temporary folder that is removed on exit.
#
# Env: PACTUM (the binary), PCT_BUILD_DIR (where to put the big files);
# PCT_SANITIZED=1 (ASan build) shrinks the big file to 20 MB and skips the
# memory ratio, which ASan's shadow memory and redzones make meaningless.
set -u

: "${PACTUM:?set PACTUM to the pactum binary}"
MAX_RSS_FACTOR=8        # peak RSS allowed per byte of the big input
BIG_MB=200
TIMEOUT=300             # seconds for the big runs: a hang guard, not a speed test
SMALL_TIMEOUT=60
if [ "${PCT_SANITIZED:-0}" = 1 ]; then BIG_MB=20; fi

tmp=$(mktemp -d "${PCT_BUILD_DIR:-${TMPDIR:-/tmp}}/badinput.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
fails=0

fail() {
    echo "FAIL: $*" >&2
    fails=$((fails + 1))
}

# run NAME TIMEOUT ARGS...: runs pactum; sets $rc; stdout/stderr in $tmp/out, $tmp/err.
run() {
    _t=$1
    shift
    timeout "$_t" "$PACTUM" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -eq 124 ]; then
        fail "pactum $*: hung (killed after ${_t}s)"
    elif [ "$rc" -ge 128 ]; then
        fail "pactum $*: crashed (status $rc)"
        sed 's/^/    /' "$tmp/err" | head -20 >&2
    fi
}

# expect_refused FILE PATTERN: non-zero exit, "pactum: FILE: ..." matching PATTERN.
expect_refused() {
    run "$SMALL_TIMEOUT" parse "$1"
    [ "$rc" -ge 128 ] && return
    if [ "$rc" -eq 0 ]; then
        fail "$1: accepted (exit 0), expected a refusal"
    fi
    if ! grep -q "^pactum: $1: " "$tmp/err"; then
        fail "$1: stderr does not say 'pactum: $1: <problem>': $(head -c 300 "$tmp/err")"
    elif ! grep -qi "$2" "$tmp/err"; then
        fail "$1: message does not mention '$2': $(head -c 300 "$tmp/err")"
    fi
    if [ -s "$tmp/out" ] && grep -q '"tree"' "$tmp/out"; then
        fail "$1: refused input printed a tree"
    fi
    # one line: the message, no library warnings (poppler, glib, libxml2)
    [ "$(wc -l <"$tmp/err")" -le 1 ] || fail "$1: more than the message on stderr: $(head -c 300 "$tmp/err")"
}

# expect_tree FILE ENCODING [TIMEOUT]: exit 0 and a JSON tree with that encoding.
expect_tree() {
    run "${3:-$SMALL_TIMEOUT}" parse "$1"
    [ "$rc" -ge 128 ] || [ "$rc" -eq 124 ] && return
    if [ "$rc" -ne 0 ]; then
        fail "$1: exit $rc for text input: $(head -c 300 "$tmp/err")"
        return
    fi
    grep -q '"type": "file"' "$tmp/out" || fail "$1: no file node in the output"
    grep -q "\"encoding\": \"$2\"" "$tmp/out" || fail "$1: encoding is not $2"
}

# ---------------------------------------------------------------- unreadable
: >"$tmp/empty.txt"
expect_refused "$tmp/empty.txt" "empty"

printf '%%PDF-1.4\n%%\342\343\317\323\n1 0 obj\n<< /Type /Catalog >>\nendobj\n' >"$tmp/contract.pdf"
expect_refused "$tmp/contract.pdf" "PDF"

printf 'PK\003\004\024\000\006\000\010\000\000\000!\000word/document.xml' >"$tmp/contract.docx"
expect_refused "$tmp/contract.docx" "truncated Word file"

# Broken documents, built by the readers' fixture script (python3).
if command -v python3 >/dev/null 2>&1 && [ -n "${PCT_SOURCE_DIR:-}" ]; then
    mkdir "$tmp/docs"
    python3 "$PCT_SOURCE_DIR/tests/fixtures/readers/make_fixtures.py" "$tmp/docs"
    expect_refused "$tmp/docs/corrupt.pdf" "damaged PDF"
    expect_refused "$tmp/docs/encrypted.pdf" "encrypted PDF"
    expect_refused "$tmp/docs/scanned.pdf" "without a text layer"
    expect_refused "$tmp/docs/notword.zip" "without word/document.xml"
    expect_refused "$tmp/docs/truncated.docx" "truncated Word file"
    expect_refused "$tmp/docs/badxml.docx" "not well-formed XML"
    # a PDF cut short: poppler repairs what it can, or it is refused; never a crash
    head -c 500 "$tmp/docs/contract.pdf" >"$tmp/docs/cut.pdf"
    run "$SMALL_TIMEOUT" parse "$tmp/docs/cut.pdf"
    [ "$rc" -eq 0 ] || grep -q "^pactum: $tmp/docs/cut.pdf: " "$tmp/err" || fail "cut.pdf: no message"
else
    echo "note: python3 or PCT_SOURCE_DIR missing; broken DOCX/PDF cases skipped"
fi

printf '<!DOCTYPE html><html><head><script>var a = 1;</script></head><body> </body></html>' \
    >"$tmp/empty.html"
expect_refused "$tmp/empty.html" "HTML file without any text"

printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000\003\000>\000' >"$tmp/a.out"
expect_refused "$tmp/a.out" "ELF"

printf '\037\213\010\000\000\000\000\000\000\003' >"$tmp/contract.txt.gz"
expect_refused "$tmp/contract.txt.gz" "gzip"

printf '\377\376A\000G\000R\000E\000E\000M\000E\000N\000T\000\n\000' >"$tmp/utf16.txt"
expect_refused "$tmp/utf16.txt" "UTF-16"

printf '1. Scope.\n\000\000\000\001\002binary tail' >"$tmp/nul.txt"
expect_refused "$tmp/nul.txt" "NUL"

mkdir "$tmp/folder.txt"
expect_refused "$tmp/folder.txt" "directory"

expect_refused "$tmp/missing.txt" "no such file"

# ---------------------------------------------------------------- odd text
# Invalid UTF-8 (Windows-1252 quotes and dashes, a stray continuation byte,
# a truncated sequence at the end): still text, decoded as cp1252.
{
    printf 'SERVICES AGREEMENT\n\n1. \223Services\224 \226 the work.\n'
    printf '2. Fees \200 100.\n\2013. Caf\351\n\342\202'
} >"$tmp/cp1252.txt"
expect_tree "$tmp/cp1252.txt" "windows-1252"

printf 'AGREEMENT\r\n\r\n1. Term.\r\nOne year.\r\n2. Law.\r\nOhio.\r\n' >"$tmp/crlf.txt"
expect_tree "$tmp/crlf.txt" "utf-8"

printf '\357\273\277AGREEMENT\n1. Term.\n' >"$tmp/bom.txt"
expect_tree "$tmp/bom.txt" "utf-8-bom"

printf '\n\n   \n\t\n' >"$tmp/blank.txt"
expect_tree "$tmp/blank.txt" "utf-8"

# Malformed HTML is read as a browser reads it: unclosed quotes, tags and
# comments, stray end tags, bad references.
printf '<html><body><p class="x>1. Term.</p></td></tr><p>One &bogus; &#xZZ; year <b\n<!-- open' \
    >"$tmp/malformed.html"
expect_tree "$tmp/malformed.html" "utf-8"
grep -q '"format": "html"' "$tmp/out" || fail "malformed.html: not read as HTML"

# One 10 MB line with no newline: words, spaces, section-like tokens.
awk 'BEGIN { s = "1.1 The Supplier shall deliver the goods.     "
             while (length(s) < 10485760) s = s s; printf "%s", substr(s, 1, 10485760) }' \
    >"$tmp/oneline.txt"
expect_tree "$tmp/oneline.txt" "utf-8" "$TIMEOUT"

# Text with no spaces at all, 2 MB, and a file of 1M empty lines.
awk 'BEGIN { s = "x"; while (length(s) < 2097152) s = s s; print s }' >"$tmp/nospace.txt"
expect_tree "$tmp/nospace.txt" "utf-8" "$TIMEOUT"
awk 'BEGIN { for (i = 0; i < 1000000; i++) print "" }' >"$tmp/newlines.txt"
expect_tree "$tmp/newlines.txt" "utf-8" "$TIMEOUT"

# ---------------------------------------------------------------- big file
# BIG_MB of a synthetic contract's sections repeated, with page marks.
awk -v mb="$BIG_MB" 'BEGIN {
    target = mb * 1048576
    for (n = 1; size < target; n++) {
        block = sprintf("%d. OBLIGATIONS %d\n" \
                        "%d.1 The Vendor shall perform the services described in Schedule %d.\n" \
                        "    (a) on time;\n    (b) with due care.\n\n" \
                        "                 -%d-\n<PAGE>\n", n, n, n, n, n)
        printf "%s", block
        size += length(block)
    }
}' >"$tmp/big.txt"
big_bytes=$(wc -c <"$tmp/big.txt")
if [ -x /usr/bin/time ]; then
    timeout "$TIMEOUT" /usr/bin/time -v "$PACTUM" parse --format outline "$tmp/big.txt" \
        >/dev/null 2>"$tmp/time"
    rc=$?
    if [ "$rc" -ne 0 ]; then
        fail "big file ($big_bytes bytes): exit $rc: $(grep -v '^	' "$tmp/time" | head -c 300)"
    elif [ "${PCT_SANITIZED:-0}" != 1 ]; then
        rss_kb=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$tmp/time")
        ratio=$(awk -v r="$rss_kb" -v b="$big_bytes" 'BEGIN { printf "%.2f", r * 1024 / b }')
        echo "big file: $big_bytes bytes, peak RSS ${rss_kb} KB (${ratio}x input)"
        if awk -v x="$ratio" -v m="$MAX_RSS_FACTOR" 'BEGIN { exit !(x >= m) }'; then
            fail "big file: peak RSS ${ratio}x the input (limit ${MAX_RSS_FACTOR}x)"
        fi
    fi
else
    echo "note: /usr/bin/time is missing (Debian package 'time'); peak memory not checked"
    run "$TIMEOUT" parse --format outline "$tmp/big.txt"
    [ "$rc" -eq 0 ] || [ "$rc" -ge 124 ] || fail "big file: exit $rc"
fi
rm -f "$tmp/big.txt" "$tmp/oneline.txt" "$tmp/nospace.txt" "$tmp/newlines.txt"

# Huge HTML: BIG_MB / 2 of nested blocks, entities, tables and an unclosed
# quote (each '<', '&' and quote search must move forward: linear time).
awk -v mb="$BIG_MB" 'BEGIN {
    target = mb * 1048576 / 2
    print "<!DOCTYPE html><html><body><p title=\"never closed>"
    for (n = 1; size < target; n++) {
        block = sprintf("<div><div><p>%d. OBLIGATIONS&nbsp;%d</p><p>%d.1 The Vendor &amp; " \
                        "the Client&#146;s <b>duties</b> in Schedule %d.<br>(a) on time;</p>" \
                        "<table><tr><td>By: __</td><td>By: __</td></tr></table></div></div>\n",
                        n, n, n, n)
        printf "%s", block
        size += length(block)
    }
}' >"$tmp/big.html"
big_bytes=$(wc -c <"$tmp/big.html")
if [ -x /usr/bin/time ]; then
    timeout "$TIMEOUT" /usr/bin/time -v "$PACTUM" parse --format outline "$tmp/big.html" \
        >/dev/null 2>"$tmp/time"
    rc=$?
    if [ "$rc" -ne 0 ]; then
        fail "big HTML ($big_bytes bytes): exit $rc: $(grep -v '^	' "$tmp/time" | head -c 300)"
    elif [ "${PCT_SANITIZED:-0}" != 1 ]; then
        rss_kb=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$tmp/time")
        ratio=$(awk -v r="$rss_kb" -v b="$big_bytes" 'BEGIN { printf "%.2f", r * 1024 / b }')
        echo "big HTML: $big_bytes bytes, peak RSS ${rss_kb} KB (${ratio}x input)"
        if awk -v x="$ratio" -v m="$MAX_RSS_FACTOR" 'BEGIN { exit !(x >= m) }'; then
            fail "big HTML: peak RSS ${ratio}x the input (limit ${MAX_RSS_FACTOR}x)"
        fi
    fi
else
    run "$TIMEOUT" parse --format outline "$tmp/big.html"
    [ "$rc" -eq 0 ] || [ "$rc" -ge 124 ] || fail "big HTML: exit $rc"
fi
rm -f "$tmp/big.html"

# ---------------------------------------------------------------- mixtures
# Good and bad files together: the good ones are printed, the bad ones
# named on stderr, and the exit status says something failed.
run "$SMALL_TIMEOUT" parse "$tmp/crlf.txt" "$tmp/missing.txt" "$tmp/bom.txt"
if [ "$rc" -lt 128 ]; then
    [ "$rc" -ne 0 ] || fail "mixed files: exit 0 although one file is missing"
    grep -q "^pactum: $tmp/missing.txt: " "$tmp/err" || fail "mixed files: missing file not named"
    [ "$(grep -c '"type": "file"' "$tmp/out")" -eq 2 ] || fail "mixed files: expected 2 trees"
    python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out" 2>/dev/null ||
        fail "mixed files: output is not valid JSON"
fi

# Usage errors exit 2.
run "$SMALL_TIMEOUT" parse
[ "$rc" -eq 2 ] || fail "parse with no files: exit $rc, expected 2"
run "$SMALL_TIMEOUT" parse --format yaml "$tmp/crlf.txt"
[ "$rc" -eq 2 ] || fail "unknown format: exit $rc, expected 2"

if [ "$fails" -ne 0 ]; then
    echo "badinput: $fails failure(s)" >&2
    exit 1
fi
echo "badinput: all cases passed"
