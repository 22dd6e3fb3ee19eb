"""The Python half of bench/fleet.sh: prepare the shared data, check the shared state across
the two app servers, and read the load balancer's log after a failover or a database restart.

python -m bench.fleet prepare                   accounts for the checks (a coordinator, a
                                                resident, a throttled account) and the bucket
python -m bench.fleet checks A B                session, throttle, cache invalidation and a
                                                photo, each done through A and seen through B
python -m bench.fleet failover LOG STOP B WRK   what the requests through nginx met while B
                                                stopped at STOP (epoch seconds)
python -m bench.fleet pg-restart LOG START END WRK
                                                errors and the time to recovery around a
                                                PostgreSQL restart from START to END

The environment is the app servers' own (DATABASE_URL, CACHE_URL, S3_*), so the checks look
into the same database and bucket. Every check goes through the pages, as a browser would
(requests keeps the cookies), and prints its figures; a check that fails exits non-zero.
"""

import io
import os
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass

PASSWORD = "fleet-check-passphrase-2026"  # noqa: S105  # accounts of a throw-away bench database
COORDINATOR = "fleet-coordinator@example.jp"
RESIDENT = "fleet-resident@example.jp"
THROTTLED = "fleet-throttled@example.jp"
THROTTLE_KEY_LIMIT = 5  # ACCOUNT_RATE_LIMITS "5/5m/key"
WRONG = "入力されたメールアドレスもしくはパスワードが正しくありません。"
LOCKED = "ログイン失敗が連続しています。"
HASHTAG_PAGE = "/tags/"


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nerima_portal.settings")
    import django

    django.setup()


def _s3_client():  # boto3's client class is made at run time
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=os.environ["S3_ENDPOINT_URL"],
        region_name=os.environ["S3_REGION"],
        aws_access_key_id=os.environ["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=os.environ["S3_SECRET_ACCESS_KEY"],
    )


# --- prepare --------------------------------------------------------------------------------


def prepare() -> None:
    _django()
    from django.contrib.auth.models import Group

    from accounts.models import User
    from accounts.roles import COORDINATOR as COORDINATOR_GROUP
    from accounts.services import user_email_vouch

    for email, name, staff in (
        (COORDINATOR, "フリート 確認係", True),
        (RESIDENT, "フリート 区民", False),
        (THROTTLED, "フリート 制限", False),
    ):
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email, PASSWORD, name=name, is_staff=staff
        )
        user.set_password(PASSWORD)
        user.save()
        if staff:
            user.groups.add(Group.objects.get(name=COORDINATOR_GROUP))
        user_email_vouch(user=user)
    from nerizu.models import TERMS_VERSION, Nerizu
    from networks.models import District

    Nerizu.objects.get_or_create(
        user=User.objects.get(email=RESIDENT),
        defaults={
            "display_name": "フリート確認",
            "district": District.objects.order_by("order").first(),
            "terms_version": TERMS_VERSION,
        },
    )
    client = _s3_client()
    bucket = os.environ["S3_BUCKET"]
    if bucket not in {b["Name"] for b in client.list_buckets().get("Buckets", [])}:
        client.create_bucket(
            Bucket=bucket,
            CreateBucketConfiguration={"LocationConstraint": os.environ["S3_REGION"]},
        )


# --- checks ---------------------------------------------------------------------------------


class CheckFailed(Exception):
    pass


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


# The address the public uses (the load balancer's), sent to both app servers as nginx does:
# allauth keys a login throttle by the site's host as well as by the account.
PUBLIC_HOST = os.environ.get("FLEET_PUBLIC_HOST", "")


class Browser:
    """One visitor with a cookie jar, who may turn to either app server, with the public
    address in the Host header as the load balancer passes it on."""

    def __init__(self) -> None:
        import requests

        self.session = requests.Session()
        if PUBLIC_HOST:
            self.session.headers["Host"] = PUBLIC_HOST

    def get(self, url: str):
        return self.session.get(url, allow_redirects=False, timeout=30)

    def post_form(self, url: str, data: dict, files: dict | None = None):
        """GET the form for its CSRF token, then POST it as a browser would."""
        page = self.get(url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        fields = {**data, "csrfmiddlewaretoken": token.group(1) if token else ""}
        return self.session.post(
            url,
            data=fields,
            files=files,
            headers={"Referer": url},
            allow_redirects=False,
            timeout=30,
        )

    def sign_in(self, base: str, email: str, password: str):
        return self.post_form(f"{base}/accounts/login/", {"login": email, "password": password})


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def check_session(a: str, b: str) -> None:
    browser = Browser()
    signed_in = browser.sign_in(a, RESIDENT, PASSWORD)
    expect(signed_in.status_code == 302, f"sign-in through A answered {signed_in.status_code}")
    on_b = browser.get(f"{b}/accounts/email/")
    stranger = Browser().get(f"{b}/accounts/email/")
    expect(on_b.status_code == 200 and RESIDENT in on_b.text, "B did not know the session")
    expect(stranger.status_code == 302, "B showed the account page without a session")
    print(
        f"  session      signed in through A ({signed_in.status_code}); B's account page with "
        f"that cookie: {on_b.status_code}, shows {RESIDENT} (without it: "
        f"{stranger.status_code} to the login page)"
    )


def check_throttle(a: str, b: str) -> None:
    outcomes = []
    for _ in range(THROTTLE_KEY_LIMIT):
        page = Browser().sign_in(a, THROTTLED, "wrong-" + PASSWORD)
        outcomes.append(
            "checked" if WRONG in page.text else "locked" if LOCKED in page.text else "?"
        )
    right = Browser().sign_in(b, THROTTLED, PASSWORD)
    on_b = "locked" if LOCKED in right.text else "signed in" if right.status_code == 302 else "?"
    checked = outcomes.count("checked")
    expect(checked == THROTTLE_KEY_LIMIT, f"A: {outcomes}")
    expect(on_b == "locked", f"B let the right password in after {checked} failures on A")
    print(
        f"  throttle     {checked} wrong passwords for one account through A, all checked; "
        f"then the right password through B: {on_b} (limit {THROTTLE_KEY_LIMIT} per account)"
    )


def _timed_get(browser: Browser, url: str) -> tuple[object, float]:
    start = time.perf_counter()
    response = browser.get(url)
    return response, time.perf_counter() - start


def page_cache_lookups(base: str) -> Counter:
    """The app server's page-cache hits and misses so far, from its /metrics (the cache whose
    key prefix is "pages"; none counted without a page cache)."""
    import requests

    text = requests.get(
        f"{base}/metrics",
        headers={"Authorization": f"Bearer {os.environ['METRICS_TOKEN']}"},
        timeout=30,
    ).text
    found: Counter = Counter()
    for result, value in re.findall(
        r'^portal_cache_lookups_total\{cache="pages",result="(\w+)"\} (\S+)$', text, re.M
    ):
        found[result] += int(float(value))
    return found


def check_cache_invalidation(a: str, b: str) -> None:
    _django()
    from pillars.models import Hashtag

    hashtag = Hashtag.objects.filter(is_sample=True).order_by("pk").first()
    expect(hashtag is not None, "no sample hashtag to edit")
    original = hashtag.name
    edited = f"{original}フリート{int(time.time()) % 100000}"
    coordinator = Browser()
    expect(coordinator.sign_in(a, COORDINATOR, PASSWORD).status_code == 302, "coordinator login")
    visitor = Browser()
    before = page_cache_lookups(b)
    first, first_time = _timed_get(visitor, b + HASHTAG_PAGE)
    second, second_time = _timed_get(visitor, b + HASHTAG_PAGE)
    warm = page_cache_lookups(b) - before
    expect(first.status_code == second.status_code == 200, "the public page did not answer 200")
    expect(original in second.text, "the hashtag is not on the page")
    change = f"{a}/admin/pillars/hashtag/{hashtag.pk}/change/"
    saved = coordinator.post_form(change, {"name": edited, "reading": hashtag.reading})
    expect(saved.status_code == 302, f"the admin edit through A answered {saved.status_code}")
    before = page_cache_lookups(b)
    after, after_time = _timed_get(visitor, b + HASHTAG_PAGE)
    third = page_cache_lookups(b) - before
    shown = edited in after.text
    restored = coordinator.post_form(change, {"name": original, "reading": hashtag.reading})
    expect(restored.status_code == 302, "restoring the hashtag's name failed")
    expect(shown, "B still served the page without the edit")
    print(
        f"  cache        B's {HASHTAG_PAGE} twice: {_ms(first_time)}, {_ms(second_time)} "
        f"(B's page cache: {warm['hit']} hit, {warm['miss']} miss); hashtag renamed in A's "
        f"admin ({saved.status_code}); B's next answer ({_ms(after_time)}; page cache "
        f"{third['hit']} hit, {third['miss']} miss) shows the new name: "
        f"{'yes' if shown else 'no'} (name restored)"
    )


def check_photo(a: str, b: str) -> None:
    _django()
    from PIL import Image

    from networks.models import Coordinator, District

    coordinator = Browser()
    expect(coordinator.sign_in(a, COORDINATOR, PASSWORD).status_code == 302, "coordinator login")
    image = io.BytesIO()
    Image.new("RGB", (64, 48), (0, 105, 92)).save(image, "PNG")
    name = f"フリート 写真{int(time.time()) % 100000}"
    added = coordinator.post_form(
        f"{a}/admin/networks/coordinator/add/",
        {
            "name": name,
            "name_kana": "ふりーと しゃしん",
            "districts": [District.objects.order_by("order").first().pk],
            "photo_alt": "フリート確認用の写真",
            "strengths": "確認",
            "message": "フリート確認用のサンプルです。",
            "order": "1",
            "is_listed": "on",
        },
        files={"photo": ("fleet.png", image.getvalue(), "image/png")},
    )
    expect(added.status_code == 302, f"the admin upload through A answered {added.status_code}")
    profile = Coordinator.objects.get(name=name)
    key = f"media/{profile.photo.name}"
    stored = _s3_client().get_object(Bucket=os.environ["S3_BUCKET"], Key=key)["Body"].read()
    served = Browser().get(f"{b}/coordinators/{profile.pk}/photo/")
    same = served.content == stored
    expect(served.status_code == 200 and same, f"B answered {served.status_code}, same={same}")
    profile.delete()  # the profile (the object stays in the throw-away bucket)
    print(
        f"  photo        uploaded in A's admin ({added.status_code}), stored in the bucket as "
        f"{key} ({len(stored)} bytes); B's photo view: {served.status_code}, "
        f"{len(served.content)} bytes, identical: {'yes' if same else 'no'}"
    )


def check_private_photo(a: str, b: str) -> None:
    """A ネリーズ story photo: uploaded through A, private in the bucket, refused by B to the
    public until a coordinator approves the story through A, then served by B."""
    _django()
    from PIL import Image

    from nerizu.models import Story

    resident, coordinator, public = Browser(), Browser(), Browser()
    expect(resident.sign_in(a, RESIDENT, PASSWORD).status_code == 302, "resident login")
    expect(coordinator.sign_in(a, COORDINATOR, PASSWORD).status_code == 302, "coordinator login")
    image = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 0)).save(image, "PNG")
    posted = resident.post_form(
        f"{a}/nerizu/stories/new/",
        {"title": "フリート確認の投稿", "body": "確認用の本文です。", "photo_alt": "確認用の写真"},
        files={"photo": ("story.png", image.getvalue(), "image/png")},
    )
    expect(posted.status_code == 302, f"the story form on A answered {posted.status_code}")
    story = Story.objects.filter(nerizu__user__email=RESIDENT).latest("pk")
    photo_url = f"{b}/nerizu/stories/{story.pk}/photo"
    key = f"private/{story.photo.name}"
    stored = _s3_client().get_object(Bucket=os.environ["S3_BUCKET"], Key=key)["Body"].read()
    pending_public = public.get(photo_url).status_code
    pending_author = resident.get(photo_url).status_code
    approved = coordinator.post_form(
        f"{a}/admin/nerizu/story/",
        {"action": "approve", "_selected_action": [story.pk], "index": "0"},
    )
    served = public.get(photo_url)
    same = served.content == stored
    story.delete()
    expect(pending_public == 404, f"B served a pending photo to the public ({pending_public})")
    expect(pending_author == 200, f"B refused the author ({pending_author})")
    expect(served.status_code == 200 and same, f"B after approval: {served.status_code}")
    print(
        f"  story photo  posted through A ({posted.status_code}), private in the bucket as "
        f"{key}; B while pending: {pending_public} to the public, {pending_author} to the author; "
        f"approved in A's admin ({approved.status_code}); B then: {served.status_code}, "
        f"identical: {'yes' if same else 'no'}"
    )


def checks(a: str, b: str) -> None:
    print(f"fleet: shared state (A = {a}, B = {b})")
    failed = 0
    for check in (
        check_session,
        check_throttle,
        check_cache_invalidation,
        check_photo,
        check_private_photo,
    ):
        try:
            check(a, b)
        except CheckFailed as error:
            failed += 1
            print(f"  FAILED {check.__name__.removeprefix('check_')}: {error}")
    if failed:
        sys.exit(f"fleet: {failed} shared-state check(s) failed")


# --- reading nginx's log ---------------------------------------------------------------------


@dataclass
class Entry:
    end: float  # epoch seconds when nginx finished the response
    status: int
    upstreams: list[str]  # the app servers tried, in order
    upstream_statuses: list[str]
    seconds: float


def read_log(path: str) -> list[Entry]:
    """nginx's `fleet` log format: $msec $status "$upstream_addr" "$upstream_status"
    $request_time."""
    entries = []
    pattern = re.compile(r'(\S+) (\d+) "([^"]*)" "([^"]*)" (\S+)')
    with open(path) as log:
        for line in log:
            match = pattern.match(line)
            if not match:
                continue
            end, status, addresses, statuses, seconds = match.groups()
            entries.append(
                Entry(
                    float(end),
                    int(status),
                    [a.strip() for a in re.split(r"[,:]\s(?=\d)", addresses) if a.strip()]
                    if addresses != "-"
                    else [],
                    [s.strip() for s in re.split(r"[,:] ", statuses) if s.strip()],
                    float(seconds),
                )
            )
    return entries


def read_wrk(path: str) -> dict[str, int]:
    with open(path) as output:
        text = output.read()
    figures = {"requests": 0, "non_2xx_3xx": 0, "socket_errors": 0, "timeouts": 0}
    if match := re.search(r"(\d+) requests in", text):
        figures["requests"] = int(match.group(1))
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", text):
        figures["non_2xx_3xx"] = int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    ):
        figures["socket_errors"] = sum(int(n) for n in match.groups())
        figures["timeouts"] = int(match.group(4))
    return figures


def failover(log_path: str, stop: str, b_address: str, wrk_path: str) -> None:
    stopped_at = float(stop)
    entries = read_log(log_path)
    wrk = read_wrk(wrk_path)
    after = [e for e in entries if e.end >= stopped_at]
    on_b_after = [e for e in after if e.upstreams and e.upstreams[-1] == b_address]
    retried = [e for e in entries if len(e.upstreams) > 1]
    failed = [e for e in entries if e.status >= 500]
    statuses = Counter(e.status for e in entries)
    beyond = len(failed) + wrk["socket_errors"]
    print(
        f"fleet: failover under load through nginx, B stopped (SIGTERM) "
        f"{stopped_at - entries[0].end:.1f} s into the run\n"
        f"  wrk          {wrk['requests']} requests, {wrk['non_2xx_3xx']} non-2xx/3xx, "
        f"{wrk['socket_errors']} socket errors\n"
        f"  nginx log    {len(entries)} requests, statuses {dict(sorted(statuses.items()))} "
        f"(499: still open when wrk's time ran out, closed by wrk); "
        f"after the stop {len(after)}, of which B still answered {len(on_b_after)} "
        f"(in flight, finished gracefully); {len(retried)} retried on the other server "
        f"after B refused\n"
        f"  failed beyond those in flight: {beyond} (target 0)"
    )
    if beyond:
        sys.exit("fleet: requests failed during the failover")


def pg_restart(log_path: str, start: str, end: str, wrk_path: str) -> None:
    began, finished = float(start), float(end)
    entries = read_log(log_path)
    wrk = read_wrk(wrk_path)
    bad = [e for e in entries if e.status >= 500]
    statuses = Counter(e.status for e in entries)
    print(
        f"fleet: PostgreSQL restart under load (pg_ctlcluster restart took "
        f"{finished - began:.1f} s)\n"
        f"  wrk          {wrk['requests']} requests, {wrk['non_2xx_3xx']} non-2xx/3xx, "
        f"{wrk['socket_errors']} socket errors\n"
        f"  nginx log    statuses {dict(sorted(statuses.items()))}; errors (5xx): {len(bad)}"
    )
    if not bad:
        print("  recovery     no request failed: nothing to recover from")
        return
    last_bad = max(e.end for e in bad)
    good_after = [e.end for e in entries if e.end > last_bad and e.status < 400]
    if not good_after:
        sys.exit("fleet: no request succeeded after the errors: the app did not recover")
    print(
        f"  recovery     errors from {min(e.end for e in bad) - began:+.1f} s to "
        f"{last_bad - began:+.1f} s after the restart began; time to recovery (the first good "
        f"answer after the last error): {min(good_after) - began:.1f} s; then "
        f"{len(good_after)} answers, "
        f"{sum(1 for e in entries if e.end > last_bad and e.status >= 400)} of them not 2xx/3xx"
    )


def main() -> None:
    command, *args = sys.argv[1:] or ["help"]
    if command == "prepare":
        prepare()
    elif command == "checks":
        checks(*args)
    elif command == "failover":
        failover(*args)
    elif command == "pg-restart":
        pg_restart(*args)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
