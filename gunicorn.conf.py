"""gunicorn's configuration for the portal: `gunicorn -c gunicorn.conf.py nerima_portal.wsgi`.

Every value can be changed from the environment (README "Settings"); options given on the
command line win over this file. `kill -HUP <master pid>` reloads gracefully: new workers
start with the new code, old ones finish their requests (up to graceful_timeout) and stop.
"""

import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the CPUs this process may use (containers)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# All addresses: the load balancer is on another host. GUNICORN_BIND=127.0.0.1:8000 for one.
bind = [os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")]
# Sync workers: the usual (2 × CPUs) + 1.
workers = _int("GUNICORN_WORKERS", 2 * _cpu_count() + 1)
# A request that takes longer is killed (imports run in the task worker, never in a request).
timeout = _int("GUNICORN_TIMEOUT", 30)
# On a reload or stop, what a worker is serving gets this long to finish.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Longer than the load balancer's idle timeout is not needed: it opens new connections.
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Each worker is replaced after this many requests (jitter: not all at once), so a slow leak
# never grows for long. 0: never.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)

# Access log to standard output (GUNICORN_ACCESS_LOG: a file, or empty for none). The
# request's path without its query string and no Referer: a search on /staff/ (?q=name)
# or a token in a link under /accounts/ must never reach the log.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")

# Metrics from every worker (core/metrics.py): with PROMETHEUS_MULTIPROC_DIR set, each worker
# writes its counters to files there and /metrics adds them up. The directory belongs to this
# gunicorn alone (one per app server): it is emptied at start, so counts begin at zero.
_metrics_directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


def on_starting(server: object) -> None:
    if _metrics_directory:
        os.makedirs(_metrics_directory, exist_ok=True)
        for name in os.listdir(_metrics_directory):
            if name.endswith(".db"):
                os.remove(os.path.join(_metrics_directory, name))


def child_exit(server: object, worker: object) -> None:
    if _metrics_directory:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[attr-defined]


def post_worker_init(worker: object) -> None:
    # The app is loaded: what it loaded (modules, settings, URL patterns, templates) lives as
    # long as the worker. Frozen, it is left out of the collector's full passes, which walked
    # it all (some 170,000 objects, 50-70 ms on the bench's machine) every few hundred
    # requests, holding up every request queued behind that worker.
    import gc

    gc.collect()
    gc.freeze()
