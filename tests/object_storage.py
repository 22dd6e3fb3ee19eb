"""A real S3-compatible server for the tests of uploads in object storage.

moto's server (the `moto[server]` package, a Flask app speaking the S3 HTTP API) runs in a
thread of the test process on a loopback port; the storages talk to it over HTTP with boto3,
signatures and all, exactly as they would to a bucket elsewhere. Each test gets a bucket of
its own and the settings a production server would have with S3_BUCKET set.
"""

import socket
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from django.conf import settings
from django.test import override_settings
from werkzeug.serving import BaseWSGIServer, make_server

from nerima_portal.settings import s3_storages

# Ports tried for the server, first free one wins (kept inside a range the machine can spare).
PORTS = range(9500, 9600)
ACCESS_KEY = "portal-test-key"
SECRET_KEY = "portal-test-secret"  # moto accepts any pair
REGION = "ap-northeast-1"


def _serve_s3() -> BaseWSGIServer:
    """moto's S3 app on the first free port of PORTS, bound here (so a port taken meanwhile,
    by another xdist worker, means trying the next one) and served from a thread."""
    from moto.moto_server.threaded_moto_server import MotoRequestHandler
    from moto.server import DomainDispatcherApplication, create_backend_app

    app = DomainDispatcherApplication(create_backend_app)
    for port in PORTS:
        sock = socket.socket()
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:  # in use
            sock.close()
            continue
        sock.listen()
        server = make_server(
            "127.0.0.1",
            port,
            app,
            threaded=True,
            request_handler=MotoRequestHandler,
            fd=sock.detach(),  # the socket bound above, handed over
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server
    raise RuntimeError(f"no free port in {PORTS}")


@dataclass
class Bucket:
    """A bucket on the test server, and a client of its own to look inside it."""

    name: str
    endpoint: str
    client: Any

    def keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def grants(self, key: str) -> list[dict]:
        return self.client.get_object_acl(Bucket=self.name, Key=key)["Grants"]


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    server = _serve_s3()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()


@pytest.fixture
def s3_bucket(s3_endpoint: str) -> Iterator[Bucket]:
    """An empty bucket, and every upload of the test going to it."""
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    name = f"portal-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    storages = s3_storages(
        bucket=name, endpoint_url=s3_endpoint, region=REGION, key_id=ACCESS_KEY, secret=SECRET_KEY
    )
    with override_settings(STORAGES={**settings.STORAGES, **storages}):
        yield Bucket(name=name, endpoint=s3_endpoint, client=client)
