"""E-mails as template sets, built by one helper, and delivered through the outbox.

A message named `name` is `templates/emails/<name>_subject.txt` (one line), `<name>_body.txt`
and, when it exists, `<name>_body.html`. Everything is rendered in the site's language
(Japanese): e-mails go to staff, whatever language the page that caused them was in.

`send` never talks to the mail server: it stores one OutboxEmail row per recipient in the
caller's transaction and queues its delivery in the same transaction (core/tasks.py), so a
mail exists exactly when the change that caused it is committed. `email_deliver` (a task)
claims the row, sends it and marks it sent; when the server refuses, it tries again later with
a growing wait (EMAIL_RETRY_BASE_SECONDS, doubled each time, EMAIL_MAX_ATTEMPTS tries). A row
already sent, or being sent by another worker, is skipped: the queue may run a task twice,
the mail goes out once. A worker killed while sending leaves its row "sending" until its lease
(EMAIL_LEASE_SECONDS) runs out; then the queue takes the task again (TASK_RETRY), or
`emails_deliver_overdue` (scheduled every minute) queues it again. The one window left is a
worker killed after the server accepted the mail and before the row was marked sent: that
mail is sent again, with the same Message-ID, which mail programs use to show it once.
"""

import logging
import secrets
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db.models import F
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.models import OutboxEmail
from core.tasks import enqueue

logger = logging.getLogger(__name__)

# Seconds to wait for the mail server; a request that sends mail never hangs on it.
SEND_TIMEOUT = 10


def render(name: str, context: dict[str, Any]) -> tuple[str, str, str | None]:
    """(subject, text body, HTML body or None) of the template set `name`."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{name}_subject.txt", context)
        body = render_to_string(f"emails/{name}_body.txt", context)
        try:
            html = render_to_string(f"emails/{name}_body.html", context)
        except TemplateDoesNotExist:
            html = None
    return " ".join(subject.split()), body, html  # a header: one line, whatever the template did


def build(name: str, context: dict[str, Any], *, to: Sequence[str]) -> EmailMultiAlternatives:
    """The message itself (a preview, or a test send): not stored, not queued."""
    subject, body, html = render(name, context)
    return _message(subject=subject, body=body, html=html, to=list(to), headers={})


def _message(
    *, subject: str, body: str, html: str | None, to: list[str], headers: dict[str, str]
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        to=to,
        headers=headers,
        connection=get_connection(timeout=SEND_TIMEOUT),
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message


def send(
    name: str,
    context: dict[str, Any],
    *,
    to: Sequence[str],
    headers: dict[str, str] | None = None,
) -> list[OutboxEmail]:
    """Store the message for each recipient (each gets their own: no address is shown to
    another) and queue its delivery; the mail server is never contacted here."""
    subject, body, html = render(name, context)
    return _store(kind=name, subject=subject, body=body, html=html, to=to, headers=headers or {})


def send_message(*, kind: str, message: EmailMessage) -> list[OutboxEmail]:
    """The same for a message rendered elsewhere (allauth's: accounts/adapters.py)."""
    html = next(
        (
            str(content)
            for content, mimetype in getattr(message, "alternatives", [])
            if mimetype == "text/html"
        ),
        None,
    )
    return _store(
        kind=kind,
        subject=str(message.subject),
        body=str(message.body),
        html=html,
        to=list(message.to),
        headers={str(key): str(value) for key, value in message.extra_headers.items()},
    )


def _store(
    *,
    kind: str,
    subject: str,
    body: str,
    html: str | None,
    to: Sequence[str],
    headers: dict[str, str],
) -> list[OutboxEmail]:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    rows = [
        OutboxEmail.objects.create(
            kind=kind[:100],
            to=address,
            subject=subject[:300],
            body_text=body,
            body_html=html or "",
            headers=headers,
            message_id=f"<{secrets.token_hex(16)}@{domain}>",
        )
        for address in dict.fromkeys(to)  # once per address, in order
    ]
    for row in rows:
        enqueue("core.emails.email_deliver", row.pk)
    return rows


def emails_retry(*, emails: Iterable[OutboxEmail]) -> int:
    """An operator's 「再送する」: failed e-mails get a fresh round of attempts."""
    count = 0
    for email in emails:
        if email.status != OutboxEmail.Status.FAILED:
            continue
        email.retry(now=timezone.now())
        enqueue("core.emails.email_deliver", email.pk)
        count += 1
    return count


# --- The tasks ------------------------------------------------------------------------------


def email_deliver(email_id: int) -> str:
    """Send one stored e-mail unless it is sent (or being sent) already; returns what
    happened: "sent", "retrying", "failed" or "skipped"."""
    now = timezone.now()
    lease = timedelta(seconds=settings.EMAIL_LEASE_SECONDS)
    claimed = (
        OutboxEmail.objects.filter(pk=email_id)
        .claimable(now)
        .update(
            status=OutboxEmail.Status.SENDING,
            claimed_until=now + lease,
            attempts=F("attempts") + 1,
        )
    )
    if not claimed:
        return "skipped"
    email = OutboxEmail.objects.get(pk=email_id)
    message = _message(
        subject=email.subject,
        body=email.body_text,
        html=email.body_html or None,
        to=[email.to],
        headers={**email.headers, "Message-ID": email.message_id},
    )
    try:
        message.send()
    except Exception as error:  # smtplib's errors, refused connections, timeouts, anything
        logger.warning("E-mail %s (%s) refused: %r", email.pk, email.kind, error)
        email.mark_refused(
            error=repr(error),
            now=timezone.now(),
            max_attempts=settings.EMAIL_MAX_ATTEMPTS,
            base=settings.EMAIL_RETRY_BASE_SECONDS,
        )
        return str(email.status)
    email.mark_sent(now=timezone.now())
    return "sent"


def emails_deliver_overdue() -> int:
    """Queue every e-mail whose retry is due or whose worker died (scheduled each minute)."""
    now = timezone.now()
    grace = timedelta(seconds=settings.EMAIL_LEASE_SECONDS)
    ids = list(OutboxEmail.objects.overdue(now, grace=grace).values_list("pk", flat=True)[:1000])
    for email_id in ids:
        enqueue("core.emails.email_deliver", email_id)
    return len(ids)
