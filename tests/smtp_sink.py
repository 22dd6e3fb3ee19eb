"""A local SMTP server for tests (aiosmtpd, on a free port of 9800–9899), whose handler the
test controls: refuse the next messages (451, "try later"), hold a connection at RCPT, and
record what it accepted (Message-IDs, recipients and the messages themselves)."""

import asyncio
import email
import logging
import socket
import threading
from collections.abc import Iterator
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller

PORTS = range(9800, 9900)  # this project's test ports (shared machine)


class Sink:
    """An SMTP server's handler: refuses the next `refuse` messages (451, "try later"),
    holds the next connection at RCPT when `stall` is set, and records what it accepted."""

    def __init__(self) -> None:
        self.refuse = 0
        self.refused = 0
        self.stall = False
        self.stalled = threading.Event()
        self.received: list[str] = []  # Message-IDs, in arrival order
        self.recipients: list[str] = []
        self.messages: list[Message] = []

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list
    ) -> str:
        if self.stall:
            self.stall = False
            self.stalled.set()
            await asyncio.sleep(8)  # the sender is killed meanwhile
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse > 0:
            self.refuse -= 1
            self.refused += 1
            return "451 4.3.0 Try again later"
        message = email.message_from_bytes(envelope.content)
        self.received.append(message["Message-ID"])
        self.messages.append(message)
        self.recipients.extend(envelope.rcpt_tos)
        return "250 OK"


def _port() -> int:
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 9800-9899")


@pytest.fixture
def sink() -> Iterator[tuple[Sink, int]]:
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd: every SMTP line
    handler = Sink()
    port = _port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()
