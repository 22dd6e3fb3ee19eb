# Shared by bench/run.sh and bench/cases.sh (sourced after WORKDIR, GUNICORN_PID and WRK_PID
# are set): on every exit, errors and Ctrl-C included, stop wrk and gunicorn (and its
# workers), show the end of gunicorn's log if something failed, and remove the work folder.
# shellcheck shell=bash

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n $WRK_PID ]]; then
    kill -TERM "$WRK_PID" 2>/dev/null || true
  fi
  if [[ -n $GUNICORN_PID ]] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
    kill -TERM "$GUNICORN_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$GUNICORN_PID" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$GUNICORN_PID" 2>/dev/null; then
      pkill -KILL -P "$GUNICORN_PID" 2>/dev/null || true # its workers
      kill -KILL "$GUNICORN_PID" 2>/dev/null || true
    fi
    wait "$GUNICORN_PID" 2>/dev/null || true
  fi
  if [[ $status -ne 0 && -s $WORKDIR/gunicorn.log ]]; then
    echo "bench: last lines of the gunicorn log:" >&2
    tail -n 30 "$WORKDIR/gunicorn.log" >&2
  fi
  rm -rf "$WORKDIR"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
