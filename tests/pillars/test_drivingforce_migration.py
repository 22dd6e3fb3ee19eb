"""A database migrated at the layout where DrivingForce was the networks app's migrates forward
with every driving force, its links to action items, its edited text and its permissions intact
(networks 0005 renames the table, pillars 0002 takes the model, networks 0006 lets go).

Transactional: SQLite's schema editor refuses to run inside the test's transaction.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from pillars.models import ActionItem, DrivingForce

# plan 0001: later plan migrations (its easy versions) add columns the old models do not fill
BEFORE = [("networks", "0004_import_job"), ("pillars", "0001_initial"), ("plan", "0001_initial")]


def migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def old_apps():
    executor = MigrationExecutor(connection)
    return executor.loader.project_state(BEFORE).apps


@pytest.fixture
def before_the_move():
    migrate(BEFORE)
    yield
    migrate(latest())


@pytest.mark.django_db(transaction=True)
def test_driving_forces_their_links_and_edits_survive_the_move(before_the_move) -> None:
    apps = old_apps()
    plan = apps.get_model("plan", "Plan").objects.create(
        number=99,
        name="移行の確認",
        philosophy="理念",
        start_fiscal_year=2025,
        end_fiscal_year=2028,
    )
    OldForce = apps.get_model("networks", "DrivingForce")
    forces = [
        OldForce.objects.create(
            plan=plan, number=n, slug=f"force-{n}", name=f"推進{n}", lead="紹介"
        )
        for n in (1, 2, 3)
    ]
    forces[1].body = "コーディネーターが書き直した本文"
    forces[1].save()
    pillar = apps.get_model("pillars", "Pillar").objects.create(
        plan=plan, number=1, name="認め合う", statement="一人ひとり"
    )
    item = apps.get_model("pillars", "ActionItem").objects.create(
        pillar=pillar, order=1, title="取組"
    )
    item.driving_forces.set(forces[:2])
    ContentType = apps.get_model("contenttypes", "ContentType")
    old_type = ContentType.objects.get_or_create(app_label="networks", model="drivingforce")[0]
    group = Group.objects.create(name="移行確認")
    permission = Permission.objects.get_or_create(
        content_type_id=old_type.pk, codename="change_drivingforce", defaults={"name": "変更"}
    )[0]
    group.permissions.add(permission)

    migrate(latest())

    moved = DrivingForce.objects.filter(plan_id=plan.pk).order_by("number")
    assert [(f.pk, f.slug, f.name) for f in moved] == [(f.pk, f.slug, f.name) for f in forces]
    assert moved[1].body == "コーディネーターが書き直した本文"
    assert set(ActionItem.objects.get(pk=item.pk).driving_forces.all()) == set(moved[:2])
    assert list(moved[0].action_items.all()) == [ActionItem.objects.get(pk=item.pk)]
    new_type = ContentType.objects.get_for_model(DrivingForce)
    assert new_type.pk == old_type.pk
    assert group.permissions.filter(
        content_type_id=new_type.pk, codename="change_drivingforce"
    ).exists()
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    assert "pillars_drivingforce" in tables
    assert "networks_drivingforce" not in tables
