"""Under gunicorn with several workers, /metrics adds up every worker's counts (prometheus-
client's multiprocess mode, PROMETHEUS_MULTIPROC_DIR, prepared by gunicorn.conf.py)."""

import re
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

from tests.servers import gunicorn

CONFIG = Path(settings.BASE_DIR) / "gunicorn.conf.py"
TOKEN = "scraper-token-for-tests"
REQUESTS = 40


def fetch(url: str, headers: dict[str, str] | None = None) -> str:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read().decode()


@pytest.mark.django_db(transaction=True)
def test_the_metrics_count_the_requests_of_both_workers(tmp_path: Path) -> None:
    metrics_directory = tmp_path / "metrics"
    metrics_directory.mkdir()
    (metrics_directory / "counter_99999.db").write_bytes(b"")  # left by an earlier run
    env = {"PROMETHEUS_MULTIPROC_DIR": str(metrics_directory), "METRICS_TOKEN": TOKEN}

    with gunicorn(tmp_path, workers=2, config=CONFIG, extra_env=env) as server:
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda _: fetch(f"{server.url}/healthz"), range(REQUESTS)))
        text = fetch(f"{server.url}/metrics", {"Authorization": f"Bearer {TOKEN}"})
        pids = {re.search(r"_(\d+)\.db$", p.name).group(1) for p in metrics_directory.glob("*.db")}

    counted = re.search(
        r'^portal_requests_total\{method="GET",status="200",view="healthz"\} (\S+)$',
        text,
        re.MULTILINE,
    )
    assert counted, text
    # The health checks while gunicorn started are counted too (tests.servers waits on them).
    assert float(counted.group(1)) >= REQUESTS
    assert pids  # written by the workers
    assert "99999" not in pids  # emptied when gunicorn started
