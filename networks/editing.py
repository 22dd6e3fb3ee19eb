"""What a member organisation's editor may change, as JSON: snapshots, comparisons, applying.

A proposal (networks.models.Proposal) stores the editable fields of an entry before and after
the editor's change. Values are JSON: a foreign key as its pk, a many-to-many as the sorted
list of pks, a time as "HH:MM:SS". Approving applies only the fields whose value differs
between before and after, so a coordinator's own change in between to another field stays.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from django.db import models
from django.utils.translation import gettext as _

from networks.models import Activity, Facility, Member, Proposal

# The fields an editor changes, per kind of entry (everything else stays with coordinators:
# listing, kind of member, sample flag, dates of sessions, hashtags).
FIELDS: dict[str, list[str]] = {
    Proposal.Kind.MEMBER: [
        "name",
        "name_kana",
        "districts",
        "themes",
        "website",
        "phone",
        "description",
    ],
    Proposal.Kind.FACILITY: [
        "name",
        "name_kana",
        "district",
        "target_groups",
        "address",
        "phone",
        "opening_notes",
        "accessibility_notes",
    ],
    Proposal.Kind.ACTIVITY: [
        "title",
        "kind",
        "theme",
        "description",
        "facility",
        "district",
        "venue",
        "audiences",
        "open_to_all",
        "schedule",
        "weekdays",
        "weeks_of_month",
        "start_time",
        "end_time",
        "schedule_note",
        "fee",
        "how_to_join",
        "contact",
    ],
}
MODELS: dict[str, type[models.Model]] = {
    Proposal.Kind.MEMBER: Member,
    Proposal.Kind.FACILITY: Facility,
    Proposal.Kind.ACTIVITY: Activity,
}


def _field(model: type[models.Model] | models.Model, name: str) -> models.Field:
    """An editable field (never a reverse relation: FIELDS names only concrete fields)."""
    return cast(models.Field, model._meta.get_field(name))


def _json(field: models.Field, value: Any) -> Any:
    if field.many_to_many:
        return sorted(obj.pk if isinstance(obj, models.Model) else int(obj) for obj in value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.time | dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return sorted(value)
    return value


def snapshot(obj: models.Model, kind: str) -> dict[str, Any]:
    """The editable fields of a saved entry, as JSON."""
    values = {}
    for name in FIELDS[kind]:
        field = _field(obj, name)
        if field.many_to_many:
            value = getattr(obj, name).all()
        elif field.is_relation:
            value = getattr(obj, field.attname)
        else:
            value = getattr(obj, name)
        values[name] = _json(field, value)
    return values


def from_form(cleaned_data: dict[str, Any], kind: str) -> dict[str, Any]:
    """The editable fields of a valid form, as JSON."""
    model = MODELS[kind]
    return {name: _json(_field(model, name), cleaned_data.get(name)) for name in FIELDS[kind]}


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return [name for name in after if before.get(name) != after.get(name)]


def apply(obj: models.Model, kind: str, before: dict[str, Any], after: dict[str, Any]) -> None:
    """Set the changed fields on `obj` and save it (many-to-many after the save)."""
    names = changed_fields(before, after) if obj.pk else list(after)
    many = {}
    for name in names:
        field = _field(obj, name)
        value = after[name]
        if field.many_to_many:
            many[name] = value
        elif field.is_relation:
            setattr(obj, field.attname, value)
        elif isinstance(field, models.TimeField) and value:
            setattr(obj, name, dt.time.fromisoformat(value))
        else:
            setattr(obj, name, value)
    obj.full_clean(exclude=list(many))
    obj.save()
    for name, pks in many.items():
        getattr(obj, name).set(pks)


# --- The comparison a coordinator and the editor read ------------------------------------------


@dataclass(frozen=True)
class Row:
    label: str
    before: str
    after: str
    changed: bool
    # The published value now, where it is no longer `before` (changed since the proposal)
    now: str | None = None


def _text(field: models.Field, value: Any, names: dict[str, dict[int, str]]) -> str:
    if value in (None, "", []):
        return ""
    if field.many_to_many or field.is_relation:
        pks = value if isinstance(value, list) else [value]
        return "、".join(names[field.name].get(pk, str(pk)) for pk in pks)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("はい") if value else _("いいえ")
    if field.name == "weekdays":
        from networks.models import WEEKDAYS

        return "・".join(WEEKDAYS[day] for day in value if 0 <= day < len(WEEKDAYS))
    if field.name == "weeks_of_month":
        return "・".join(_("第%(n)s週") % {"n": week} for week in value)
    if isinstance(value, str) and isinstance(field, models.TimeField):
        return value[:5]
    return str(value)


def current(proposal: Proposal) -> dict[str, Any] | None:
    """The published entry's fields now (None for a new entry, or one that is gone)."""
    if proposal.is_new:
        return None
    model = MODELS[proposal.kind]
    manager = model._default_manager
    if proposal.kind == Proposal.Kind.MEMBER:
        entry = manager.filter(pk=proposal.member_id).first()
    else:
        owner = "organiser_id" if proposal.kind == Proposal.Kind.ACTIVITY else "member_id"
        entry = manager.filter(pk=proposal.target_id, **{owner: proposal.member_id}).first()
    return snapshot(entry, proposal.kind) if entry is not None else None


def comparison(proposal: Proposal, now: dict[str, Any] | None = None) -> list[Row]:
    """Every editable field with its value before and after (names of related rows looked up
    once per field); with `now` (a pending proposal's entry as published now), where a
    changed field's published value is no longer the one the editor saw."""
    model = MODELS[proposal.kind]
    names: dict[str, dict[int, str]] = {}
    now = now or {}
    for name in FIELDS[proposal.kind]:
        field = _field(model, name)
        if field.is_relation:
            pks = set()
            for values in (proposal.before, proposal.after, now):
                value = values.get(name)
                pks |= set(value if isinstance(value, list) else [value] if value else [])
            related_model = cast(type[models.Model], field.related_model)
            related = related_model._default_manager.filter(pk__in=pks)
            names[name] = {obj.pk: str(obj) for obj in related}
    rows = []
    for name in FIELDS[proposal.kind]:
        field = _field(model, name)
        before = _text(field, proposal.before.get(name), names) if not proposal.is_new else ""
        after = _text(field, proposal.after.get(name), names)
        changed = proposal.is_new or proposal.before.get(name) != proposal.after.get(name)
        drifted = changed and name in now and now[name] != proposal.before.get(name)
        shown_now = _text(field, now.get(name), names) if drifted else None
        rows.append(Row(str(field.verbose_name), before, after, changed, shown_now))
    return rows
