"""A database migrated before Organisation became ReferralDestination (consultations 0011)
migrates forward with every destination, the referrals and consents that name it, and the
role groups' permissions on it.

Forward through the `migrate` command, as a deployment runs it: the command lets the
contenttypes app rename the model's content type alongside RenameModel. Transactional:
SQLite's schema editor refuses to run inside the test's transaction.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import User
from consultations.models import Consent, Referral, ReferralDestination

BEFORE = [("consultations", "0010_encrypt_inquiries")]


def migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def before_the_rename():
    migrate(BEFORE)
    # The content type and permissions as the code before the rename created them.
    ContentType.objects.filter(app_label="consultations", model="referraldestination").update(
        model="organisation"
    )
    for action in ("add", "change", "delete", "view"):
        Permission.objects.filter(codename=f"{action}_referraldestination").update(
            codename=f"{action}_organisation"
        )
    ContentType.objects.clear_cache()
    yield MigrationExecutor(connection).loader.project_state(BEFORE).apps
    migrate(latest())


@pytest.mark.django_db(transaction=True)
def test_destinations_their_referrals_consents_and_permissions_survive_the_rename(
    before_the_rename,
) -> None:
    apps = before_the_rename
    user = User.objects.create_user("migration@example.jp", name="移行 確認")
    Organisation = apps.get_model("consultations", "Organisation")
    kept, other = (
        Organisation.objects.create(name="ねりま就労支援センター", kana="ねりましゅうろう"),
        Organisation.objects.create(name="地域包括支援センター", is_active=False),
    )
    team = apps.get_model("consultations", "Team").objects.create(name="移行", slug="migration")
    person = apps.get_model("consultations", "Person").objects.create(kana="いこう")
    case = apps.get_model("consultations", "Case").objects.create(
        number="2025-999999", channel="phone", came_from="self", team=team, person=person
    )
    consent = apps.get_model("consultations", "Consent").objects.create(
        person=person,
        scope="named_organisations",
        method="written",
        recorded_by_id=user.pk,
        given_on=dt.date(2025, 6, 1),
    )
    consent.organisations.set([kept, other])
    referral = apps.get_model("consultations", "Referral").objects.create(
        case=case, organisation=kept, reason="就労", basis="consent", created_by_id=user.pk
    )
    old_type = ContentType.objects.get(app_label="consultations", model="organisation")
    group = Group.objects.create(name="移行確認")
    group.permissions.add(
        Permission.objects.get(content_type_id=old_type.pk, codename="change_organisation")
    )

    call_command("migrate", verbosity=0)

    ContentType.objects.clear_cache()
    destinations = ReferralDestination.objects.order_by("pk")
    assert [(d.pk, d.name, d.kana, d.is_active) for d in destinations] == [
        (kept.pk, "ねりま就労支援センター", "ねりましゅうろう", True),
        (other.pk, "地域包括支援センター", "", False),
    ]
    assert Referral.objects.get(pk=referral.pk).destination_id == kept.pk
    assert set(Consent.objects.get(pk=consent.pk).destinations.all()) == set(destinations)
    new_type = ContentType.objects.get_for_model(ReferralDestination)
    assert new_type.pk == old_type.pk
    assert list(group.permissions.values_list("content_type_id", "codename")) == [
        (new_type.pk, "change_referraldestination")
    ]
    assert not Permission.objects.filter(codename__endswith="_organisation").exists()
