"""Workflows of the consultations app: receiving an inquiry from the public form."""

import datetime as dt
import ipaddress
import logging
import math
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from consultations.models import Inquiry, new_reference
from nerima_portal import emails
from networks.models import District

logger = logging.getLogger(__name__)

_REFERENCE_ATTEMPTS = 5


class InquiryRateLimitedError(Exception):
    """Too many inquiries from one sender lately; nothing was stored."""

    def __init__(self, *, retry_after: int) -> None:
        super().__init__(f"rate limited, retry after {retry_after}s")
        self.retry_after = retry_after


def sender_key_for(ip: str) -> str:
    """A keyed hash of the sender's address: counts repeat senders without storing addresses.

    An IPv6 host usually holds a whole /64, so IPv6 senders are counted per /64.
    """
    value = ip
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        address = None
    if address is not None and address.version == 6:
        value = str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return salted_hmac("consultations.inquiry.sender", value, algorithm="sha256").hexdigest()


def inquiry_submit(
    *,
    name: str,
    contact_method: str,
    phone: str,
    email: str,
    district: District | None,
    topic: str,
    message: str,
    sender_ip: str,
) -> Inquiry:
    """Store an inquiry from the public form and, once it is committed, tell the staff.

    Raises InquiryRateLimitedError (storing nothing) when the sender has already sent
    INQUIRY_RATE_LIMIT inquiries within INQUIRY_RATE_WINDOW. A failing e-mail never undoes
    or hides the stored inquiry: it is logged, and the inquiry waits in the admin.
    """
    now = timezone.now()
    sender_key = sender_key_for(sender_ip)
    with transaction.atomic():
        _check_rate(sender_key=sender_key, now=now)
        inquiry = _create_with_unique_reference(
            name=name,
            contact_method=contact_method,
            phone=phone,
            email=email,
            district=district,
            topic=topic,
            message=message,
            consented_at=now,
            sender_key=sender_key,
        )
        transaction.on_commit(partial(inquiry_notify_staff, inquiry=inquiry))
    return inquiry


def _check_rate(*, sender_key: str, now: dt.datetime) -> None:
    limit, window = settings.INQUIRY_RATE_LIMIT, settings.INQUIRY_RATE_WINDOW
    sent = list(
        Inquiry.objects.sent_since(now - window, sender_key=sender_key)
        .order_by("received_at")
        .values_list("received_at", flat=True)
    )
    if len(sent) >= limit:
        # The sender may send again once enough of these have left the window.
        frees_at = sent[len(sent) - limit] + window
        raise InquiryRateLimitedError(
            retry_after=max(1, math.ceil((frees_at - now).total_seconds()))
        )


def _create_with_unique_reference(**fields: object) -> Inquiry:
    for _attempt in range(_REFERENCE_ATTEMPTS):
        inquiry = Inquiry(reference=new_reference(), **fields)
        try:
            with transaction.atomic():  # a savepoint: a clash must not spoil the outer block
                inquiry.save(force_insert=True)
        except IntegrityError:
            if not Inquiry.objects.filter(reference=inquiry.reference).exists():
                raise
            continue
        return inquiry
    raise IntegrityError("no free inquiry reference after several attempts")


def inquiry_notify_staff(*, inquiry: Inquiry) -> bool:
    """E-mail INQUIRY_NOTIFY_EMAILS that an inquiry arrived; True when the mail went out.

    The mail says only that an inquiry arrived, its reference and where to read it. No name,
    contact, district, topic or message: e-mail passes through servers outside the council's
    control and sits in inboxes and phones; the topic alone (障害, 子ども…) is sensitive too,
    and staff must sign in to act anyway. Failures are logged (with the reference only).
    """
    recipients = settings.INQUIRY_NOTIFY_EMAILS
    if not recipients:
        logger.warning("Inquiry %s arrived; INQUIRY_NOTIFY_EMAILS is empty", inquiry.reference)
        return False
    admin_path = reverse("admin:consultations_inquiry_change", args=[inquiry.pk])
    context = {
        "reference": inquiry.reference,
        "received_at": inquiry.received_at,
        "admin_url": settings.SITE_URL.rstrip("/") + admin_path,
        "waiting": Inquiry.objects.filter(status=Inquiry.Status.NEW).count(),
    }
    try:
        emails.send("inquiry_received", context, to=recipients)
    except Exception:
        logger.exception("Could not e-mail staff about inquiry %s", inquiry.reference)
        return False
    return True
