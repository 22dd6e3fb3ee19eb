"""Loading the plan's own wording (pillars/data/plan6.toml) into the database.

How re-running decides what to change: every seeded record keeps `seed_digest`, the hash of its
seeded fields as the loader last wrote them (plan.models.SeededContent).
- new record                              → created from the file
- fields still hash to `seed_digest`      → nobody edited it: refreshed from the file
- fields differ from `seed_digest`        → a coordinator edited it: kept as it is
- `force=True`                            → overwritten from the file, edits discarded
Publication state is set on creation only; the loader never publishes or hides anything later.
"""

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from pillars.models import DrivingForce, Pillar
from plan.models import Plan, SeededContent

DEFAULT_SEED_PATH = Path(__file__).resolve().parent / "data" / "plan6.toml"


class SeedFileError(Exception):
    """The seed file cannot be read or lacks a required value; nothing was changed."""


@dataclass
class LoadReport:
    counts: Counter[str] = field(default_factory=Counter)
    kept: list[str] = field(default_factory=list)

    def record(self, outcome: str, obj: SeededContent) -> None:
        self.counts[outcome] += 1
        if outcome == "kept":
            self.kept.append(str(obj))


def _apply(obj: SeededContent, values: dict[str, Any], *, force: bool, report: LoadReport) -> None:
    if obj.pk is not None:
        if obj.is_edited and not force:
            report.record("kept", obj)
            return
        if not obj.is_edited and obj.seed_values() == values:
            report.record("unchanged", obj)
            return
    outcome = "created" if obj.pk is None else "updated"
    for name, value in values.items():
        setattr(obj, name, value)
    obj.seed_digest = obj.digest(obj.seed_values())
    obj.full_clean()
    obj.save()
    report.record(outcome, obj)


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SeedFileError(f"{path}: {exc}") from exc


def _pick(section: dict[str, Any], fields: tuple[str, ...], where: str) -> dict[str, Any]:
    missing = [name for name in fields if name not in section]
    if missing:
        raise SeedFileError(f"{where}: missing {', '.join(missing)}")
    return {name: section[name] for name in fields}


@transaction.atomic
def plan_load_seed(*, path: Path = DEFAULT_SEED_PATH, force: bool = False) -> LoadReport:
    """Create or refresh the plan, its pillars and driving forces from the seed file."""
    data = _read(path)
    report = LoadReport()
    try:
        plan_data = data["plan"]
        number = plan_data["number"]
    except KeyError as exc:
        raise SeedFileError(f"{path}: missing {exc}") from exc

    plan = Plan.objects.filter(number=number).first() or Plan(number=number, is_published=True)
    _apply(plan, _pick(plan_data, Plan.SEED_FIELDS, "plan"), force=force, report=report)

    for section, model, key in (
        (data.get("pillars", []), Pillar, "pillars"),
        (data.get("driving_forces", []), DrivingForce, "driving_forces"),
    ):
        for position, item in enumerate(section, start=1):
            where = f"{key}[{position}]"
            if "number" not in item:
                raise SeedFileError(f"{where}: missing number")
            obj = model.objects.filter(plan=plan, number=item["number"]).first()
            if obj is None:
                obj = model(plan=plan, number=item["number"])
                if isinstance(obj, DrivingForce):
                    obj.slug = _pick(item, ("slug",), where)["slug"]
            _apply(obj, _pick(item, model.SEED_FIELDS, where), force=force, report=report)
    return report
