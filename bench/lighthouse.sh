#!/usr/bin/env bash
# Lighthouse (mobile, its default) on the main public pages, served the production way:
# DEBUG off, gunicorn with gunicorn.conf.py, WhiteNoise's manifest static files, the page
# cache on; plain HTTP on loopback (HTTPS=false: no redirect, no HSTS), a fresh SQLite
# database with the plan and the sample data. Prints each page's four category scores.
#
#   bench/lighthouse.sh                 # the pages below
#   LH_PAGES="/ /contact/" bench/lighthouse.sh
#
# Lighthouse comes from npm, pinned, into bench/.lighthouse/ (git-ignored, never committed);
# Chromium is Debian's (CHROME_PATH). Port: LH_PORT (default 9150).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
LIGHTHOUSE_VERSION=13.5.0
LH_DIR=bench/.lighthouse
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
read -r -a PAGES <<<"${LH_PAGES:-/ /plan/ /pillars/1/ /activities/ /network/ /consult/}"
PORT=${LH_PORT:-9150}
BASE=http://127.0.0.1:$PORT

if [[ ! -x $LH_DIR/node_modules/.bin/lighthouse ]]; then
  mkdir -p "$LH_DIR"
  [[ -f $LH_DIR/package.json ]] || echo '{"private": true}' >"$LH_DIR/package.json"
  npm install --prefix "$LH_DIR" --no-audit --no-fund "lighthouse@$LIGHTHOUSE_VERSION" >&2
fi

WORKDIR=$(mktemp -d "${TMPDIR:-/tmp}/nerima-lighthouse.XXXXXX")
GUNICORN_PID=""
cleanup() {
  if [[ -n $GUNICORN_PID ]]; then
    kill -TERM "$GUNICORN_PID" 2>/dev/null || true
    wait "$GUNICORN_PID" 2>/dev/null || true
  fi
  [[ -n ${TILE_PID:-} ]] && kill "$TILE_PID" 2>/dev/null || true
  rm -rf "$WORKDIR"
}
trap cleanup EXIT

export DJANGO_SETTINGS_MODULE=nerima_portal.settings
export DEBUG=false HTTPS=false ALLOWED_HOSTS=127.0.0.1 SITE_URL=$BASE
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
CASE_DATA_KEYS=$("$PY" -c 'import base64, secrets; print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())')
AUDIT_CHAIN_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(32))')
export SECRET_KEY CASE_DATA_KEYS AUDIT_CHAIN_KEY
export STATIC_ROOT=$WORKDIR/static MEDIA_ROOT=$WORKDIR/media
export DATABASE_URL=sqlite:///$WORKDIR/db.sqlite3
unset CACHE_URL USE_X_FORWARDED_PROTO

# The maps' tiles from a tiny server on loopback (LH_TILE_PORT, default PORT+1), as the browser
# tests do: this machine may not reach 国土地理院, and a tile that cannot load is a console
# error that would cost best practices a point the production site does not lose.
TILE_PORT=${LH_TILE_PORT:-$((PORT + 1))}
"$PY" - "$TILE_PORT" <<'PY' &
import io, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from PIL import Image
buffer = io.BytesIO()
Image.new("RGB", (256, 256), (232, 236, 228)).save(buffer, "PNG")
png = buffer.getvalue()
class Tile(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(png)))
        self.send_header("Cache-Control", "max-age=86400")
        self.end_headers()
        self.wfile.write(png)
    def log_message(self, *args):
        pass
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Tile).serve_forever()
PY
TILE_PID=$!
export MAP_TILE_URL="http://127.0.0.1:$TILE_PORT/{z}/{x}/{y}.png"

echo "lighthouse: preparing a fresh database and the static files" >&2
"$PY" manage.py migrate --no-input --verbosity 0
"$PY" manage.py createcachetable --verbosity 0
"$PY" manage.py load_plan --verbosity 0
"$PY" manage.py load_sample_data >/dev/null
"$PY" manage.py collectstatic --no-input --verbosity 0
DEBUG=true "$PY" manage.py compilemessages -l en --verbosity 0 >/dev/null

"$PY" -m gunicorn --config gunicorn.conf.py nerima_portal.wsgi:application \
  --bind "127.0.0.1:$PORT" --workers 2 --error-logfile "$WORKDIR/gunicorn.log" \
  --access-logfile "$WORKDIR/access.log" &
GUNICORN_PID=$!
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break
  sleep 0.2
done

printf '%-16s %11s %13s %14s %4s\n' page performance accessibility best-practices seo
for page in "${PAGES[@]}"; do
  out=$WORKDIR/report.json
  # Chromium now and then fails to record the trace (NO_NAVSTART): up to three tries
  for try in 1 2 3; do
    "$LH_DIR/node_modules/.bin/lighthouse" "$BASE$page" --quiet --output=json --output-path="$out" \
      --only-categories=performance,accessibility,best-practices,seo \
      --chrome-flags="--headless=new --no-sandbox" >/dev/null 2>"$WORKDIR/lighthouse.log" && break
    if [[ $try == 3 ]]; then
      echo "lighthouse failed on $page:" >&2
      tail -n 20 "$WORKDIR/lighthouse.log" >&2
      exit 1
    fi
  done
  "$PY" - "$out" "$page" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
scores = [round(report["categories"][c]["score"] * 100) for c in
          ("performance", "accessibility", "best-practices", "seo")]
print(f"{sys.argv[2]:<16} {scores[0]:>11} {scores[1]:>13} {scores[2]:>14} {scores[3]:>4}")
# Under 100: the audits that cost points in that category
for name, category in report["categories"].items():
    if category["score"] < 1:
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit.get("score") is not None and audit["score"] < 1:
                print(f"    {name}: {audit['id']} ({audit['score']}): {audit['title']}")
                for item in (audit.get("details") or {}).get("items", [])[:5]:
                    if audit["id"] == "errors-in-console":
                        print(f"        {item.get('source')}: {item.get('description', '')[:200]}")
PY
done
