"""The inquiry rate limit holds across processes: eight inquiries sent at once from one address
to two gunicorn workers store exactly INQUIRY_RATE_LIMIT (5); the others are refused, nothing
half-stored. One check at a time per sender, through a lock in the shared cache."""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.consultations.conftest import inquiry_data
from tests.servers import Browser, gunicorn

pytestmark = pytest.mark.django_db(transaction=True)


def send(base_url: str, number: int) -> int:
    data = inquiry_data(message=f"同時送信の確認 {number}")
    status, _body = Browser(base_url).post_form("/consult/", data)
    return status


def test_eight_inquiries_at_once_from_one_address_store_exactly_five(
    migration_rows: None, tmp_path: Path
) -> None:
    with gunicorn(tmp_path, workers=2) as server:
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(lambda n: send(server.url, n), range(8)))
        stored = server.manage(
            "shell",
            "-c",
            "from consultations.models import Inquiry; print(Inquiry.objects.count())",
        )

    assert int(stored.split()[-1]) == 5, statuses
    assert statuses.count(302) == 5, statuses
    assert all(status in (302, 429) for status in statuses), statuses
