#!/usr/bin/env bash
# Load benchmark: serve the app with gunicorn on loopback, load a few pages with wrk, and
# print requests/s and p50/p95/p99 latency beside a bare Django view measured in the same run:
# each page from the page cache (anonymous visitors' case) and, in a second gunicorn run with
# PAGE_CACHE=off, rendered every time (the cache misses).
# BENCH_DATASET=directory measures the directory, activities and search on a generated
# 1,000 members / 5,000 facilities / 20,000 activities (the directory data set).
# Usage: bench/run.sh (or `make bench`); knobs and how to read the figures: bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-2s}
CONNECTIONS=${BENCH_CONNECTIONS:-8}
THREADS=${BENCH_THREADS:-2}
WORKERS=${BENCH_WORKERS:-2}
WORKER_CLASS=${BENCH_WORKER_CLASS:-sync}
GTHREADS=${BENCH_GTHREADS:-4}
COPIES=${BENCH_COPIES:-10}
DATASET=${BENCH_DATASET:-sample}
UNCACHED=${BENCH_UNCACHED:-1} # 0: skip the second run (PAGE_CACHE=off)
BARE=/bench/bare/
# The directory data set: generate_bench_data's counts, and the p95 site search must meet.
DIRECTORY_SIZE=(1000 5000 20000) # members, facilities, activities
SEARCH_TARGET_MS=200
# A page "/search/?q=@FILE" is measured with one request per query of FILE, in turn.
SEARCH_QUERIES=bench/search_queries.txt

die() {
  echo "bench: $*" >&2
  exit 1
}

command -v wrk >/dev/null || die "wrk is not installed (Debian/Ubuntu: apt-get install wrk)"
[[ -x $PY ]] || die "$PY not found; run \`make install\` first (or set PY=/path/to/python)"
[[ $WORKER_CLASS == sync || $WORKER_CLASS == gthread ]] ||
  die "BENCH_WORKER_CLASS must be sync or gthread, not '$WORKER_CLASS'"

case $DATASET in
sample)
  # Home, plan, a pillar, a driving force, a hashtag (one of the sample's), progress, ネリーズ,
  # open data
  default_pages="/ /plan/ /pillars/1/ /forces/nerizu/ /tags/居場所/ /progress/ /nerizu/"
  default_pages+=" /open-data/"
  ;;
directory)
  # Filter values the generator uses (networks/services.py, reference_data.py); the date is
  # today in the portal's time zone, so the list asks for upcoming dates.
  today=$(TZ=Asia/Tokyo date +%F)
  default_pages="/network/ /network/?district=nerima&kind=corporation"
  default_pages+=" /network/facilities/?target_group=children&district=hikarigaoka"
  default_pages+=" /activities/"
  default_pages+=" /activities/?district=shakujii&theme=places-to-belong&date_from=$today"
  # Site search: each request the next of the queries in bench/search_queries.txt
  # (bench/search_queries.lua), so every request is distinct and uncached
  default_pages+=" /search/?q=@$SEARCH_QUERIES"
  ;;
*) die "BENCH_DATASET must be sample or directory, not '$DATASET'" ;;
esac
read -r -a SHOWN <<<"${BENCH_PAGES:-$default_pages}"
((${#SHOWN[@]})) || die "no pages to measure (BENCH_PAGES is empty)"
# wrk and urllib send the URL as given: percent-encode what is not ASCII.
mapfile -t PAGES < <("$PY" -m bench.probe quote "${SHOWN[@]}")
((${#PAGES[@]} == ${#SHOWN[@]})) || die "could not percent-encode the pages"
SHOWN=("$BARE" "${SHOWN[@]}")

# Other processes on the machine skew every figure; the report shows the load at the start.
LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || true)
WORKDIR=$(mktemp -d "${TMPDIR:-/tmp}/nerima-bench.XXXXXX")
GUNICORN_PID=""
WRK_PID=""

# shellcheck source=bench/lib.sh
source bench/lib.sh

# Production settings (DEBUG off, cached templates, manifest static files) with the bench
# URLconf, which adds the bare view. Plain HTTP on loopback, so no HTTPS redirect or HSTS.
export DJANGO_SETTINGS_MODULE=bench.settings
export DEBUG=false HTTPS=false ALLOWED_HOSTS=127.0.0.1
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY
# Required when DEBUG is off; the public pages never decrypt case data, so any key will do.
CASE_DATA_KEYS=$("$PY" -c 'import base64, secrets; print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())')
export CASE_DATA_KEYS
AUDIT_CHAIN_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(32))')
export AUDIT_CHAIN_KEY
export STATIC_ROOT=$WORKDIR/static MEDIA_ROOT=$WORKDIR/media
unset USE_X_FORWARDED_PROTO

if [[ -n ${DATABASE_URL:-} ]]; then
  # The caller's database (e.g. PostgreSQL); it is migrated and gets the sample data.
  db_shown=$(sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#' <<<"$DATABASE_URL")
  "$PY" -m bench.probe ensure-db
else
  export DATABASE_URL=sqlite:///$WORKDIR/db.sqlite3
  db_shown="fresh SQLite file in $WORKDIR"
fi

echo "bench: preparing the database ($db_shown)" >&2
"$PY" manage.py migrate --no-input --verbosity 0
"$PY" manage.py load_plan --verbosity 0
"$PY" manage.py load_sample_data --copies "$COPIES" >/dev/null
if [[ $DATASET == directory ]]; then
  # Generated in one transaction (~30 s or more); a PostgreSQL database that already holds
  # it from an earlier run is reused as it is.
  echo "bench: generate_bench_data --members ${DIRECTORY_SIZE[0]} --facilities" \
    "${DIRECTORY_SIZE[1]} --activities ${DIRECTORY_SIZE[2]}" >&2
  "$PY" -m bench.probe directory "${DIRECTORY_SIZE[@]}"
fi
"$PY" -m bench.probe analyze
"$PY" manage.py collectstatic --no-input --verbosity 0

echo "bench: counting queries per page (rendered: PAGE_CACHE=off)" >&2
PAGE_CACHE=off ALLOWED_HOSTS=testserver "$PY" -m bench.probe pages "$BARE" "${PAGES[@]}" \
  >"$WORKDIR/probe.json"
if [[ -n ${CACHE_URL:-} ]]; then
  cache_shown="pages and content generation in Redis ($(sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#' <<<"$CACHE_URL"))"
else
  cache_shown="pages in each worker's memory, content generation in the database cache table"
fi

PORT=${BENCH_PORT:-$("$PY" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')}
BASE=http://127.0.0.1:$PORT

gunicorn_args=(--workers "$WORKERS" --worker-class "$WORKER_CLASS")
worker_text="$WORKERS $WORKER_CLASS workers"
if [[ $WORKER_CLASS == gthread ]]; then
  gunicorn_args+=(--threads "$GTHREADS")
  worker_text+=" × $GTHREADS threads"
fi

start_gunicorn() { # $1: on or off (PAGE_CACHE)
  echo "bench: starting gunicorn on $BASE ($worker_text, PAGE_CACHE=$1)" >&2
  # The production configuration (gunicorn.conf.py) with this bench's workers and port, no
  # access log, and no worker recycling (max_requests) in the middle of a measurement.
  PAGE_CACHE=$1 GUNICORN_ACCESS_LOG="" GUNICORN_MAX_REQUESTS=0 \
    "$PY" -m gunicorn --config gunicorn.conf.py nerima_portal.wsgi:application \
    --bind "127.0.0.1:$PORT" "${gunicorn_args[@]}" \
    --no-control-socket --graceful-timeout 5 \
    --error-logfile "$WORKDIR/gunicorn.log" &
  GUNICORN_PID=$!
  "$PY" -m bench.probe serve-check "$BASE" "$GUNICORN_PID" "$BARE" "${PAGES[@]}"
}

stop_gunicorn() {
  kill -TERM "$GUNICORN_PID" 2>/dev/null || true
  wait "$GUNICORN_PID" 2>/dev/null || true
  GUNICORN_PID=""
}

# wrk runs in the background so that a signal to this script stops it at once.
run_wrk() {
  wrk "$@" &
  WRK_PID=$!
  wait "$WRK_PID"
  WRK_PID=""
}

measure() { # $1: a label for the output files; then the URLs
  local label=$1 url i=0
  shift
  for url in "$@"; do
    i=$((i + 1))
    echo "bench: $(urldecode "$url") $label (warm-up $WARMUP, then $DURATION)" >&2
    # /search/?q=@FILE: the path, with bench/search_queries.lua choosing each request's query
    # (a number of its own in each, so every request is distinct: a cache miss)
    local target=("$BASE$url") script=(-s bench/percentiles.lua)
    if [[ $url == *"?q=@"* ]]; then
      target=("$BASE${url%%\?*}" -- "${url#*\?q=@}")
      script=(-s bench/search_queries.lua)
    fi
    if [[ $WARMUP != 0 && $WARMUP != 0s ]]; then
      run_wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "${script[@]}" "${target[@]}" >/dev/null
    fi
    run_wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "${script[@]}" "${target[@]}" \
      >"$WORKDIR/wrk-$label-$i.txt"
    runs+=("$url=$WORKDIR/wrk-$label-$i.txt")
  done
}

urldecode() { "$PY" -c 'import sys, urllib.parse; print(urllib.parse.unquote(sys.argv[1]))' "$1"; }

# 1. The page cache on (as production): the bare view, then each page (the warm-up and the
#    serve check fill the cache, so the measured requests are hits).
runs=()
start_gunicorn on
measure cached "$BARE" "${PAGES[@]}"
stop_gunicorn
# 2. The page cache off: every request renders its page (what a miss costs).
uncached=()
if [[ $UNCACHED != 0 ]]; then
  start_gunicorn off
  cached_runs=("${runs[@]}")
  runs=()
  measure uncached "${PAGES[@]}"
  stop_gunicorn
  for run in "${runs[@]}"; do uncached+=(--uncached "$run"); done
  runs=("${cached_runs[@]}")
fi

report_args=()
if [[ $DATASET == directory ]]; then
  report_args+=(--search-target-ms "$SEARCH_TARGET_MS")
fi

echo >&2
"$PY" bench/report.py --probe "$WORKDIR/probe.json" \
  --setting "Data set=$DATASET" \
  --setting "gunicorn=$worker_text on 127.0.0.1 (DEBUG=false, no access log)" \
  --setting "wrk=-t$THREADS -c$CONNECTIONS -d$DURATION -s bench/percentiles.lua, $WARMUP warm-up" \
  --setting "DATABASE_URL=$db_shown" \
  --setting "Page cache=$cache_shown" \
  --load-at-start "$LOAD_AT_START" \
  "${report_args[@]}" "${uncached[@]}" "${runs[@]}"
