#!/usr/bin/env bash
# A fleet on loopback: Debian's nginx balancing two gunicorn app servers (separate processes
# and ports, gunicorn.conf.py, 2 workers each) that share one PostgreSQL database, one Redis
# and one S3-compatible bucket (moto's server). It prints, with figures:
#   1. shared state: a session signed in through A works on B; a login throttle counted on A
#      holds on B; an admin edit through A shows in B's (cached) page; a photo uploaded
#      through A is served by B;
#   2. failover: under a bounded wrk load through nginx, B is stopped (SIGTERM, graceful):
#      requests, non-2xx/3xx, socket errors, and how many failed beyond those in flight;
#   3. only with FLEET_PG_RESTART=1: PostgreSQL restarted under load (the server is shared:
#      every database on it restarts), the errors and the time until the app recovered.
# Everything it starts stops on every exit, and its work folder is removed.
# Usage and knobs: bench/README.md ("Fleet").
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
NGINX=${NGINX:-/usr/sbin/nginx}
BASE_PORT=${FLEET_BASE_PORT:-9500} # nginx; +1, +2 the app servers; +3 S3; +4 Redis
DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/fleet}
LOAD_DURATION=${FLEET_LOAD_DURATION:-12}  # seconds of wrk load in each phase
STOP_AFTER=${FLEET_STOP_AFTER:-4}         # seconds into the load when B (or PostgreSQL) stops
CONNECTIONS=${FLEET_CONNECTIONS:-8}
LOAD_PAGE=${FLEET_PAGE:-/plan/} # the page wrk asks for (a database read on every cache miss)
PG_RESTART=${FLEET_PG_RESTART:-0}
WORKERS=2

die() {
  echo "fleet: $*" >&2
  exit 1
}

command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
[[ -x $NGINX ]] || die "$NGINX not found (apt-get install nginx)"
[[ -n ${FLEET_CACHE_URL:-} ]] || command -v redis-server >/dev/null ||
  die "redis-server is not installed (apt-get install redis-server), or set FLEET_CACHE_URL"
[[ $DATABASE_URL == postgres* ]] || die "DATABASE_URL must be PostgreSQL (the fleet shares it)"
[[ $PG_RESTART == 0 || $PG_RESTART == 1 ]] || die "FLEET_PG_RESTART must be 0 or 1"
if [[ ! -x $PY ]]; then
  echo "fleet: no virtual environment yet: make install" >&2
  make install
fi
DEBUG=true "$PY" manage.py compilemessages --ignore=.venv --verbosity 0

NGINX_PORT=$BASE_PORT
A_PORT=$((BASE_PORT + 1))
B_PORT=$((BASE_PORT + 2))
S3_PORT=$((BASE_PORT + 3))
REDIS_PORT=$((BASE_PORT + 4))
for port in $NGINX_PORT $A_PORT $B_PORT $S3_PORT $REDIS_PORT; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port is in use (FLEET_BASE_PORT moves all five)"
  fi
done

WORKDIR=$(mktemp -d "${TMPDIR:-/tmp}/nerima-fleet.XXXXXX")
declare -A PIDS=() # name → pid of what this script started
WRK_PID=""

stop_process() { # name: SIGTERM, up to 10 s for a graceful stop, then SIGKILL (children too)
  local pid=${PIDS[$1]:-}
  [[ -n $pid ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      pkill -KILL -P "$pid" 2>/dev/null || true
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
  unset "PIDS[$1]"
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  [[ -z $WRK_PID ]] || kill -TERM "$WRK_PID" 2>/dev/null || true
  for name in nginx a b s3 redis; do
    stop_process "$name"
  done
  if [[ $status -ne 0 ]]; then
    for log in a.log b.log nginx/error.log s3.log; do
      if [[ -s $WORKDIR/$log ]]; then
        echo "fleet: last lines of $log:" >&2
        tail -n 15 "$WORKDIR/$log" >&2
      fi
    done
  fi
  rm -rf "$WORKDIR"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wait_for() { # url name: until it answers 200 (60 s at most), while the process lives
  for _ in $(seq 1 600); do
    if curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; then
      return 0
    fi
    if [[ -n ${PIDS[$2]:-} ]] && ! kill -0 "${PIDS[$2]}" 2>/dev/null; then
      echo "fleet: $2 stopped while starting" >&2
      return 1
    fi
    sleep 0.1
  done
  die "$2 did not answer $1"
}

# --- Shared services: Redis and S3 -----------------------------------------------------------
if [[ -n ${FLEET_CACHE_URL:-} ]]; then
  CACHE_URL=$FLEET_CACHE_URL
else
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$WORKDIR" --logfile "$WORKDIR/redis.log" &
  PIDS[redis]=$!
  CACHE_URL=redis://127.0.0.1:$REDIS_PORT/0
fi
"$PY" -m moto.server -H 127.0.0.1 -p "$S3_PORT" >"$WORKDIR/s3.log" 2>&1 &
PIDS[s3]=$!

# --- What both app servers share: one environment ---------------------------------------------
export DJANGO_SETTINGS_MODULE=nerima_portal.settings
export DATABASE_URL CACHE_URL DEBUG=false HTTPS=false ALLOWED_HOSTS=127.0.0.1
# The same secrets on every server: sessions and CSRF tokens signed by one are read by the other
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
CASE_DATA_KEYS=$("$PY" -c 'import base64, secrets; print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())')
AUDIT_CHAIN_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(32))')
METRICS_TOKEN=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(24))')
export SECRET_KEY CASE_DATA_KEYS AUDIT_CHAIN_KEY METRICS_TOKEN
export S3_BUCKET=fleet-uploads S3_ENDPOINT_URL=http://127.0.0.1:$S3_PORT S3_REGION=ap-northeast-1
export S3_ACCESS_KEY_ID=fleet S3_SECRET_ACCESS_KEY=fleet-secret
export STATIC_ROOT=$WORKDIR/static
export TRUSTED_PROXY_COUNT=0 # the checks talk to A and B directly too; nginx adds no hop here
export TASKS_SYNC=true # background tasks (imports, e-mail) run inside the request here
unset USE_X_FORWARDED_PROTO PROMETHEUS_MULTIPROC_DIR

db_shown=$(sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#' <<<"$DATABASE_URL")
echo "fleet: preparing $db_shown, Redis at $CACHE_URL, S3 at $S3_ENDPOINT_URL" >&2
"$PY" -m bench.probe ensure-db
"$PY" manage.py migrate --no-input --verbosity 0
"$PY" manage.py load_plan --verbosity 0
"$PY" manage.py load_sample_data >/dev/null
"$PY" manage.py collectstatic --no-input --verbosity 0
wait_for "$S3_ENDPOINT_URL/moto-api/" s3 || die "the S3 server did not start"
"$PY" -m bench.fleet prepare

start_app() { # name port
  mkdir -p "$WORKDIR/metrics-$1"
  PROMETHEUS_MULTIPROC_DIR=$WORKDIR/metrics-$1 GUNICORN_BIND=127.0.0.1:$2 \
    GUNICORN_WORKERS=$WORKERS GUNICORN_ACCESS_LOG="" GUNICORN_MAX_REQUESTS=0 \
    GUNICORN_GRACEFUL_TIMEOUT=10 \
    "$PY" -m gunicorn --config gunicorn.conf.py nerima_portal.wsgi:application \
    --no-control-socket >>"$WORKDIR/$1.log" 2>&1 &
  PIDS[$1]=$!
}
start_app a "$A_PORT"
start_app b "$B_PORT"
serving() { # name port url: started and answering; a second try when it could not bind
  wait_for "$3/healthz" "$1" && return 0
  if grep -q "Connection in use" "$WORKDIR/$1.log"; then
    echo "fleet: port $2 was taken while $1 started; trying again in 2 s" >&2
    sleep 2
    start_app "$1" "$2"
    wait_for "$3/healthz" "$1" && return 0
  fi
  die "$1 did not start (its log follows)"
}

mkdir -p "$WORKDIR/nginx"
cat >"$WORKDIR/nginx/nginx.conf" <<EOF
# The load balancer: round robin over A and B. A server that refuses a connection, times out
# or answers 502/503 is skipped (max_fails) and the request goes to the other one; nginx never
# repeats a POST there, only requests that did not reach the app.
daemon off;
worker_processes 1;
pid $WORKDIR/nginx/nginx.pid;
error_log $WORKDIR/nginx/error.log warn;
events { worker_connections 1024; }
http {
  client_body_temp_path $WORKDIR/nginx/body;
  proxy_temp_path $WORKDIR/nginx/proxy;
  fastcgi_temp_path $WORKDIR/nginx/fastcgi;
  uwsgi_temp_path $WORKDIR/nginx/uwsgi;
  scgi_temp_path $WORKDIR/nginx/scgi;
  log_format fleet '\$msec \$status "\$upstream_addr" "\$upstream_status" \$request_time';
  access_log $WORKDIR/nginx/access.log fleet;
  client_max_body_size 20m;
  upstream portal {
    server 127.0.0.1:$A_PORT max_fails=1 fail_timeout=5s;
    server 127.0.0.1:$B_PORT max_fails=1 fail_timeout=5s;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://portal;
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 2;
      proxy_connect_timeout 2s;
      proxy_read_timeout 30s;
    }
  }
}
EOF
"$NGINX" -p "$WORKDIR/nginx" -c "$WORKDIR/nginx/nginx.conf" -e "$WORKDIR/nginx/error.log" &
PIDS[nginx]=$!

A=http://127.0.0.1:$A_PORT
B=http://127.0.0.1:$B_PORT
LB=http://127.0.0.1:$NGINX_PORT
serving a "$A_PORT" "$A"
serving b "$B_PORT" "$B"
wait_for "$LB/healthz" nginx || die "nginx did not start"
echo "fleet: nginx $LB → A $A, B $B (gunicorn, $WORKERS workers each); load on the machine:" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" >&2

# --- 1. Shared state ------------------------------------------------------------------------
FLEET_PUBLIC_HOST=127.0.0.1:$NGINX_PORT "$PY" -m bench.fleet checks "$A" "$B"

# wrk in the background, so that a signal to this script stops it at once
run_wrk() { # output-file wrk-args…
  local output=$1
  shift
  wrk "$@" >"$output" 2>&1 &
  WRK_PID=$!
}
finish_wrk() {
  wait "$WRK_PID" || die "wrk failed: $(cat "$1")"
  WRK_PID=""
}

# --- 2. Failover: B stops under load --------------------------------------------------------
: >"$WORKDIR/nginx/access.log"
run_wrk "$WORKDIR/wrk-failover.txt" -t2 -c"$CONNECTIONS" -d"${LOAD_DURATION}s" --timeout 30s \
  "$LB$LOAD_PAGE"
sleep "$STOP_AFTER"
stopped_at=$(date +%s.%N)
kill -TERM "${PIDS[b]}"
stop_begin=$SECONDS
wait "${PIDS[b]}" 2>/dev/null || true
unset "PIDS[b]"
echo "fleet: B stopped gracefully in $((SECONDS - stop_begin)) s" >&2
finish_wrk "$WORKDIR/wrk-failover.txt"
"$PY" -m bench.fleet failover "$WORKDIR/nginx/access.log" "$stopped_at" \
  "127.0.0.1:$B_PORT" "$WORKDIR/wrk-failover.txt"

# --- 3. PostgreSQL restarts under load (shared server: only when asked) ----------------------
if [[ $PG_RESTART == 1 ]]; then
  start_app b "$B_PORT"
  serving b "$B_PORT" "$B"
  sleep 6 # nginx's fail_timeout for B is over: both servers take requests again
  : >"$WORKDIR/nginx/access.log"
  # Pages that read the database on every request (a query string of their own each time,
  # so no page cache answers them)
  run_wrk "$WORKDIR/wrk-pg.txt" -t2 -c"$CONNECTIONS" -d"${LOAD_DURATION}s" --timeout 30s \
    -s bench/fleet.lua "$LB$LOAD_PAGE"
  sleep "$STOP_AFTER"
  pg_began=$(date +%s.%N)
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main restart
  pg_ended=$(date +%s.%N)
  finish_wrk "$WORKDIR/wrk-pg.txt"
  "$PY" -m bench.fleet pg-restart "$WORKDIR/nginx/access.log" "$pg_began" "$pg_ended" \
    "$WORKDIR/wrk-pg.txt"
else
  echo "fleet: PostgreSQL restart skipped (FLEET_PG_RESTART=1 restarts the shared server)"
fi
