#!/bin/sh
# readers.sh - the HTML, DOCX and PDF readers end to end, on synthetic
# contracts: tests/fixtures/readers/contract.html (committed) and a DOCX and a
# PDF that make_fixtures.py writes here with python3 (zipfile, a hand-made
# PDF with Helvetica Tj text).
#
# Checks, for each format: the detected format in the tree and facts JSON;
# `parse --format text` equal to the committed *.expected.txt; the tree
# (sections, two signature blocks with signers); the facts (parties, dates,
# governing law) with spans that hold the value: HTML spans are offsets into
# the HTML file (its bytes, tags stripped and entities decoded, give the
# value), DOCX and PDF spans offsets into the `--format text` output. Also an
# EDGAR submission wrapping the HTML, nothing on stderr, the store taking
# all three formats from a folder, and `pactum serve` giving each file as
# added (/raw) and its read text with the HTML offset map (/text).
#
# Env: PACTUM (the binary), PCT_SOURCE_DIR, PCT_BUILD_DIR. Exits 77 without
# python3.
set -u

: "${PACTUM:?set PACTUM to the pactum binary}"
src=${PCT_SOURCE_DIR:-$(dirname "$0")/..}
fx=$src/tests/fixtures/readers
command -v python3 >/dev/null 2>&1 || { echo "readers: python3 is missing; skipped"; exit 77; }

tmp=$(mktemp -d "${PCT_BUILD_DIR:-${TMPDIR:-/tmp}}/readers.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
fails=0
fail() {
    echo "FAIL: $*" >&2
    fails=$((fails + 1))
}

python3 "$fx/make_fixtures.py" "$tmp" || { echo "readers: cannot build fixtures" >&2; exit 1; }
cp "$fx/contract.html" "$tmp/contract.html"
{
    printf '<DOCUMENT>\n<TYPE>EX-10.1\n<SEQUENCE>2\n<FILENAME>ex10-1.htm\n<TEXT>\n'
    cat "$fx/contract.html"
    printf '</TEXT>\n</DOCUMENT>\n'
} >"$tmp/edgar.txt"

# check FILE FORMAT SPANS_IN EXPECTED_JSON: runs parse/extract and checks them.
# SPANS_IN is "file" (spans count in FILE, read as HTML) or "text".
check() {
    f=$1 fmt=$2 spans=$3 want=$4
    name=$(basename "$f")
    if ! timeout 60 "$PACTUM" parse --format text "$f" >"$tmp/$name.text" 2>"$tmp/err"; then
        fail "$name: parse --format text failed: $(head -c 300 "$tmp/err")"
        return
    fi
    [ -s "$tmp/err" ] && fail "$name: stderr not empty: $(head -c 300 "$tmp/err")"
    timeout 60 "$PACTUM" parse "$f" >"$tmp/$name.tree" 2>>"$tmp/err" ||
        fail "$name: parse failed"
    timeout 60 "$PACTUM" extract "$f" >"$tmp/$name.facts" 2>>"$tmp/err" ||
        fail "$name: extract failed"
    [ -s "$tmp/err" ] && fail "$name: stderr not empty: $(head -c 300 "$tmp/err")"
    python3 - "$f" "$fmt" "$spans" "$want" "$tmp/$name.text" "$tmp/$name.tree" \
        "$tmp/$name.facts" <<'EOF' || fail "$name: see above"
import html, json, re, sys
path, fmt, spans, want, text_p, tree_p, facts_p = sys.argv[1:]
want = json.loads(want)
text = open(text_p, "rb").read()
orig = open(path, "rb").read()
tree = json.load(open(tree_p))
facts = json.load(open(facts_p))
bad = []

def read(span):
    """What a span holds, as text: HTML bytes lose tags, decode entities."""
    s, e = span["start"], span["end"]
    if spans == "text":
        return text[s:e].decode()
    raw = orig[s:e].decode("utf-8", "replace")
    raw = re.sub(r"<[^>]*>", "", raw)
    return " ".join(html.unescape(raw).split())

if tree.get("format") != fmt:
    bad.append("tree format %r, want %r" % (tree.get("format"), fmt))
if facts.get("format") != fmt:
    bad.append("facts format %r, want %r" % (facts.get("format"), fmt))
nodes, stack = [], [tree["tree"]]
while stack:
    n = stack.pop()
    nodes.append(n)
    stack.extend(n.get("children", []))
secs = sorted(n.get("number") for n in nodes
              if n["type"] == "section" and "." not in n.get("number", "."))
if secs != want["sections"]:
    bad.append("top sections %s, want %s" % (secs, want["sections"]))
sigs = [n for n in nodes if n["type"] == "signature_block"]
signers = sorted(n.get("signer") or "" for n in sigs)
if signers != sorted(want["signers"]):
    bad.append("signers %s, want %s" % (signers, want["signers"]))
for n in sigs:
    sp = n.get("spans", {}).get("signer")
    if sp and n["signer"] not in read(sp):
        bad.append("signer span holds %r, not %r" % (read(sp), n["signer"]))
doc = facts["documents"][0]
names = [p["name"]["text"] for p in doc["parties"] if p["role"] == "party"]
if names != want["parties"]:
    bad.append("parties %s, want %s" % (names, want["parties"]))
for p in doc["parties"]:
    got = read(p["name"]["span"])
    if " ".join(got.split()) != p["name"]["text"]:
        bad.append("party span holds %r, not %r" % (got, p["name"]["text"]))
for key in ("agreement_date", "governing_law"):
    v = doc[key]
    if not v or v["value"] != want[key]:
        bad.append("%s %s, want %s" % (key, v and v["value"], want[key]))
        continue
    got = " ".join(read(v["span"]).split())
    if got != " ".join(v["raw"].split()):
        bad.append("%s span holds %r, not %r" % (key, got, v["raw"]))
if spans == "text" and facts["bytes"] != len(text):
    bad.append("facts bytes %d, text %d" % (facts["bytes"], len(text)))
for b in bad:
    print("  " + path.split("/")[-1] + ": " + b, file=sys.stderr)
sys.exit(1 if bad else 0)
EOF
}

check "$tmp/contract.html" html file '{"sections": ["1", "2", "3", "4"],
  "signers": ["Ines Dalloway", "Oskar Brandt"],
  "parties": ["Quillon Crane Works, Inc.", "Marlow & Tate Logistics LLC"],
  "agreement_date": "2022-06-14", "governing_law": "Ohio"}'
check "$tmp/edgar.txt" html file '{"sections": ["1", "2", "3", "4"],
  "signers": ["Ines Dalloway", "Oskar Brandt"],
  "parties": ["Quillon Crane Works, Inc.", "Marlow & Tate Logistics LLC"],
  "agreement_date": "2022-06-14", "governing_law": "Ohio"}'
check "$tmp/contract.docx" docx text '{"sections": ["1", "2", "3"],
  "signers": ["Wren Halvorsen", "Idris Okafor"],
  "parties": ["Pellam Orchard Supply Co.", "Northgate Cider & Mead LLC"],
  "agreement_date": "2023-09-02", "governing_law": "Oregon"}'
check "$tmp/contract.pdf" pdf text '{"sections": ["1", "2", "3"],
  "signers": ["Maren Ostby", "Colm Feeney"],
  "parties": ["Tessaly Data Systems, Inc.", "Brightwater Mills LLC"],
  "agreement_date": "2020-04-09", "governing_law": "Colorado"}'

# The text each reader makes, byte for byte.
for f in contract.html contract.docx contract.pdf; do
    cmp -s "$tmp/$f.text" "$fx/$f.expected.txt" ||
        fail "$f: --format text differs from $f.expected.txt:" \
            "$(diff "$fx/$f.expected.txt" "$tmp/$f.text" | head -10)"
done
# Word list numbers, as Word shows them.
{
    printf 'ARTICLE I DEFINITIONS\n\n1.1    First\n\n(a)    item\n\n(b)    item\n\n'
    printf '(i)    sub\n\n(ii)    sub\n\n1.2    Second\n\n(a)    item\n\na bullet\n\n'
    printf 'ARTICLE V restarted\n\nARTICLE II TERM\n\nplain\n\n'
} >"$tmp/lists.want"
"$PACTUM" parse --format text "$tmp/lists.docx" >"$tmp/lists.got" 2>&1
cmp -s "$tmp/lists.want" "$tmp/lists.got" ||
    fail "lists.docx: list numbers differ: $(diff "$tmp/lists.want" "$tmp/lists.got" | head -10)"
grep -q "DELETED WORDS\|FIELD CODE" "$tmp/contract.docx.text" &&
    fail "contract.docx: deleted text or a field code was read"
grep -q "script text\|HIDDEN SECTION\|Synthetic fixture" "$tmp/contract.html.text" &&
    fail "contract.html: script, comment or title text was read"
[ "$(tr -cd '\f' <"$tmp/contract.pdf.text" | wc -c)" -eq 1 ] ||
    fail "contract.pdf: expected one form feed between its two pages"
# A text file keeps its tree without a "format" key.
printf 'AGREEMENT\n\n1. Term. One year.\n' >"$tmp/plain.txt"
"$PACTUM" parse "$tmp/plain.txt" | grep -q '"format"' && fail "plain text: tree has a format key"

# The store reads the three formats from a folder (no extension filter).
mkdir "$tmp/folder"
cp "$tmp/contract.html" "$tmp/contract.docx" "$tmp/contract.pdf" "$tmp/folder/"
if timeout 120 "$PACTUM" add --db "$tmp/s.db" --quiet "$tmp/folder" >"$tmp/add.out" 2>&1; then
    n=$("$PACTUM" ls --db "$tmp/s.db" --format json 2>/dev/null |
        python3 -c 'import json,sys; d=json.load(sys.stdin)
print(len(d if isinstance(d, list) else d.get("documents", [])))')
    [ "$n" = 3 ] || fail "store: $n documents after adding the three formats, want 3"
else
    fail "store add of html/docx/pdf failed: $(head -c 300 "$tmp/add.out")"
fi

# pactum serve: /raw gives the file as stored, /text the read text and (HTML)
# the map that turns the facts' original spans into offsets in that text.
if command -v curl >/dev/null 2>&1 && [ -f "$tmp/s.db" ]; then
    : >"$tmp/serve.log" # exists before the server's own redirection runs
    "$PACTUM" serve --db "$tmp/s.db" --port 0 --quiet 2>"$tmp/serve.log" &
    spid=$!
    url=""
    for _ in $(seq 100); do
        url=$(sed -n 's/.* on \(http:[^ ]*\)\/.*/\1/p' "$tmp/serve.log" | head -n 1)
        [ -n "$url" ] && break
        sleep 0.1
    done
    if [ -z "$url" ]; then
        fail "serve did not start: $(head -c 300 "$tmp/serve.log")"
    else
        for id in 1 2 3; do
            curl -s "$url/api/documents/$id" >"$tmp/show.$id" || fail "show $id"
            curl -s "$url/api/documents/$id/text" >"$tmp/text.$id" || fail "text $id"
            curl -s "$url/api/documents/$id/raw" >"$tmp/raw.$id" || fail "raw $id"
        done
        python3 - "$tmp" "$tmp/folder" <<'EOF' || fail "serve: /text or /raw, see above"
import json, os, sys
tmp, folder = sys.argv[1:]
bad = []
seen = set()
for i in (1, 2, 3):
    show = json.load(open("%s/show.%d" % (tmp, i)))["file"]
    t = json.load(open("%s/text.%d" % (tmp, i)))
    raw = open("%s/raw.%d" % (tmp, i), "rb").read()
    name = os.path.basename(show["name"])
    seen.add(t["format"])
    if raw != open(os.path.join(folder, name), "rb").read():
        bad.append("%s: /raw is not the file as added" % name)
    if t["format"] != show["facts"].get("format"):
        bad.append("%s: /text format %s, facts %s"
                   % (name, t["format"], show["facts"].get("format")))
    text = t["text"].encode()
    runs = t["map"]
    if (t["format"] == "html") != bool(runs):
        bad.append("%s: a map for %s: %d runs" % (name, t["format"], len(runs)))
    def to_text(o):
        lo, hi = 0, len(runs)
        while lo < hi:
            mid = (lo + hi) // 2
            if runs[mid][1] <= o:
                lo = mid + 1
            else:
                hi = mid
        if lo == 0:
            return 0
        tt, oo = runs[lo - 1]
        return min(tt + o - oo, runs[lo][0]) if lo < len(runs) else tt + o - oo
    for p in show["facts"]["documents"][0]["parties"]:
        s, e = p["name"]["span"]["start"], p["name"]["span"]["end"]
        if runs:
            s, e = to_text(s), to_text(e)
        got = " ".join(text[s:e].decode().split())
        if got != p["name"]["text"]:
            bad.append("%s: party span shows %r, not %r" % (name, got, p["name"]["text"]))
if seen != {"html", "docx", "pdf"}:
    bad.append("formats served: %s" % sorted(seen))
for b in bad:
    print("  " + b, file=sys.stderr)
sys.exit(1 if bad else 0)
EOF
    fi
    kill "$spid" 2>/dev/null
    wait "$spid" 2>/dev/null
fi

if [ "$fails" -ne 0 ]; then
    echo "readers: $fails failure(s)" >&2
    exit 1
fi
echo "readers: all cases passed"
