"""E-mails as template sets, built by one helper.

A message named `name` is `templates/emails/<name>_subject.txt` (one line), `<name>_body.txt`
and, when it exists, `<name>_body.html`. Everything is rendered in the site's language
(Japanese): e-mails go to staff, whatever language the page that caused them was in.
"""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

# Seconds to wait for the mail server; a request that sends mail never hangs on it.
SEND_TIMEOUT = 10


def build(name: str, context: dict[str, Any], *, to: Sequence[str]) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{name}_subject.txt", context)
        body = render_to_string(f"emails/{name}_body.txt", context)
        try:
            html = render_to_string(f"emails/{name}_body.html", context)
        except TemplateDoesNotExist:
            html = None
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),  # a header: one line, whatever the template did
        body=body,
        to=list(to),
        connection=get_connection(timeout=SEND_TIMEOUT),
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message


def send(name: str, context: dict[str, Any], *, to: Sequence[str]) -> None:
    """Render and send; raises what the backend raises (the caller decides what that means)."""
    build(name, context, to=to).send()
