"""Helpers for the tests of staff invitations and off-boarding."""

import re

from django.core import mail
from django.test import Client

from consultations.models import Team

INVITATIONS = "/admin/consultations/staffinvitation/"
LINK = re.compile(r"https?://[^/\s]+(/invitation/[^/\s]+/)")


def invite(client: Client, *, email: str, name: str, team: str, role: str = "相談員") -> Client:
    """A 管理者's post of the admin's 「職員の招待」 form; returns the response."""
    return client.post(
        f"{INVITATIONS}add/",
        {
            "email": email,
            "name": name,
            "team": Team.objects.get(slug=team).pk,
            "role": role,
            "_save": "保存",
        },
    )


def link_in_last_mail(to: str) -> str:
    """The path of the invitation link in the latest e-mail to `to`."""
    message = [m for m in mail.outbox if to in m.to][-1]
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def admin_form_data(response: object, **changes: object) -> dict[str, object]:
    """What the admin's change form would post back unchanged (then `changes`)."""
    form = response.context["adminform"].form  # type: ignore[attr-defined]
    data: dict[str, object] = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        widget = form[name].field.widget
        if hasattr(widget, "widgets") and value is not None:
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for index, part in enumerate(parts):
                data[f"{name}_{index}"] = part
        elif value is None:
            continue
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
