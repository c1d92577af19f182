#!/bin/sh
# pactum serve: HTTP behaviour (limits, errors, token, traversal) with curl,
# then the browser tests (tests/web/e2e.mjs) in Debian's headless Chromium.
# Screenshots land in $PCT_BUILD_DIR/screenshots/. Skips (77) only when
# curl, node, Chromium or playwright-core are missing, saying which.
set -u
: "${PACTUM:?}" "${PCT_SOURCE_DIR:?}" "${PCT_BUILD_DIR:?}"
for tool in curl node; do
    command -v "$tool" >/dev/null || { echo "skip: $tool is not installed (scripts/install-deps)"; exit 77; }
done
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || { echo "skip: $CHROMIUM is not installed (scripts/install-deps)"; exit 77; }
[ -d "$PCT_SOURCE_DIR/tests/web/node_modules/playwright-core" ] ||
    { echo "skip: playwright-core not installed in tests/web (scripts/install-deps)"; exit 77; }

work=$(mktemp -d)
pids=""
cleanup() { for p in $pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$work"; }
trap cleanup EXIT INT TERM
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }

# start_server LOG ARGS...: starts pactum serve on a free port; sets $url
start_server() {
    log=$1; shift
    "$PACTUM" serve --port 0 --quiet "$@" 2>"$log" &
    pids="$pids $!"
    i=0
    while [ $i -lt 100 ]; do
        url=$(sed -n 's/.* on \(http:[^ ]*\)\/.*/\1/p' "$log" | head -n 1)
        [ -n "$url" ] && return 0
        sleep 0.1; i=$((i + 1))
    done
    echo "server did not start:"; cat "$log"; return 1
}

db="$work/store.db"
seed=0
if [ -f "${PCT_SHARED:-/nonexistent}/seed/kmc-lucent-amendment-2.txt" ]; then
    "$PACTUM" add --db "$db" "$PCT_SHARED/seed/kmc-lucent-amendment-2.txt" >/dev/null && seed=1
else
    echo "note: ../shared is absent: the seed family test is skipped"
fi
"$PACTUM" add --db "$db" "$PCT_SOURCE_DIR/examples" >/dev/null || { echo "cannot add examples"; exit 1; }
start_server "$work/serve.log" --db "$db" || exit 1

code() { curl -s -o "$work/body" -w '%{http_code}' "$@"; }

[ "$(code "$url/")" = 200 ] && grep -q '<script src="/app.js">' "$work/body" && ok "index page" || bad "index page"
[ "$(code "$url/api/documents")" = 200 ] && ok "document list" || bad "document list"
[ "$(code "$url/api/nowhere")" = 404 ] && grep -q '"status": 404' "$work/body" && ok "unknown API route: JSON 404" || bad "unknown API route"
[ "$(code "$url/api/documents/999999")" = 404 ] && grep -q '"error"' "$work/body" && ok "missing document: JSON 404" || bad "missing document"
[ "$(code "$url/api/families/1?as_of=yesterday")" = 400 ] && ok "bad date: 400" || bad "bad date"
for p in '/../../etc/passwd' '/%2e%2e/%2e%2e/etc/passwd' '/..%2fapp.js' '/web/app.js' '//etc/passwd'; do
    c=$(code --path-as-is "$url$p")
    [ "$c" = 404 ] && ! grep -q 'root:' "$work/body" && ok "no traversal: $p" || bad "traversal $p gave $c"
done
head -c $((33 * 1024 * 1024)) /dev/zero | tr '\0' 'a' > "$work/big.txt"
c=$(code -X POST --data-binary @"$work/big.txt" -H 'Content-Type: application/octet-stream' "$url/api/documents?name=big.txt")
[ "$c" = 413 ] && grep -q 'too large' "$work/body" && ok "upload over the limit: 413" || bad "big upload gave $c"
c=$(code -H "X-Big: $(head -c 100000 /dev/zero | tr '\0' 'h')" "$url/api/stats")
[ "$c" != 200 ] && [ "$c" != 000 ] && ok "oversized headers refused ($c)" || { [ "$c" = 000 ] && ok "oversized headers: connection closed" || bad "oversized headers accepted"; }
printf '<script>alert(1)</script>\n' > "$work/xss.txt"
c=$(code -X POST --data-binary @"$work/xss.txt" "$url/api/documents?name=%3Cb%3Ex.txt")
[ "$c" = 201 ] || [ "$c" = 200 ] && ok "upload: $c" || bad "upload gave $c"
c=$(code "$url/api/documents")
grep -q 'text/html' "$work/body" && bad "list served as HTML" || ok "list is JSON"
curl -s -D "$work/h" -o /dev/null "$url/api/documents"
grep -qi '^content-type: application/json' "$work/h" && grep -qi '^x-content-type-options: nosniff' "$work/h" &&
    ok "JSON content type with nosniff" || bad "headers"

# --bind beyond loopback needs a token; with a token every request must carry it
"$PACTUM" serve --db "$db" --bind 0.0.0.0 --port 0 2>"$work/e" && bad "bind 0.0.0.0 without token accepted" ||
    { grep -q 'token' "$work/e" && ok "bind beyond loopback requires --token"; }
start_server "$work/serve2.log" --db "$db" --token s3cret-token || exit 1
[ "$(code "$url/api/stats")" = 401 ] && ok "no token: 401" || bad "no token"
[ "$(code -H 'Authorization: Bearer wrong' "$url/api/stats")" = 401 ] && ok "wrong token: 401" || bad "wrong token"
[ "$(code -H 'Authorization: Bearer s3cret-token' "$url/api/stats")" = 200 ] && ok "bearer token: 200" || bad "bearer token"
curl -s -D "$work/h" -o /dev/null "$url/?token=s3cret-token"
grep -qi 'set-cookie: pactum_token=s3cret-token; .*HttpOnly' "$work/h" && ok "?token sets the cookie" || bad "token cookie"
[ "$(code -b pactum_token=s3cret-token "$url/api/stats")" = 200 ] && ok "cookie token: 200" || bad "cookie token"

# the browser
start_server "$work/serve3.log" --db "$db" || exit 1
shots="$PCT_BUILD_DIR/screenshots"
CHROMIUM="$CHROMIUM" node "$PCT_SOURCE_DIR/tests/web/e2e.mjs" "$url" "$shots" "$seed" || fail=1
echo "screenshots: $shots"
exit $fail
