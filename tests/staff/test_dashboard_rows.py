"""The dashboard's rows are built in Python (staff/templatetags/dashboard_rows.py): the same
markup, byte for byte, as the template loops they replace (kept beside this file in
dashboard_loops.html), in both languages, with the dashboard's own rows: overdue and today's
follow-ups, cases with a reading, without one and anonymous, an inquiry and entries, with
characters to escape."""

import datetime as dt
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import timezone, translation

from accounts.models import User
from consultations.models import Case, Inquiry, Task
from tests.consultations.factories import CaseFactory, EntryFactory, PersonFactory

pytestmark = pytest.mark.django_db

LOOPS = (Path(__file__).parent / "dashboard_loops.html").read_text()
TAGS = (
    '{% load dashboard_rows %}{% url "staff:cases" as cases_url %}'
    "<ul>{% task_rows overdue_tasks cases_url overdue=True %}</ul>"
    "<ul>{% task_rows today_tasks cases_url %}</ul>"
    "<ul>{% case_rows my_cases cases_url %}</ul>"
    "<ul>{% inquiry_rows inquiries %}</ul>"
    "<ul>{% entry_rows activity cases_url %}</ul>\n"
)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_rows_are_the_template_loops_markup(
    staff_a: User, staff_a_client: Client, an_inquiry: Inquiry, language: str
) -> None:
    today = timezone.localdate()
    cases = [
        CaseFactory(primary_staff=staff_a, person=PersonFactory(kana="<やまだ> & はなこ")),
        CaseFactory(primary_staff=staff_a, person=PersonFactory(kana="")),
        CaseFactory(primary_staff=staff_a, person=None),
    ]
    for title, due in [("家計表 <b>&", today - dt.timedelta(days=3)), ("電話する", today)]:
        Task.objects.create(
            case=cases[0], title=title, due_on=due, assignee=staff_a, created_by=staff_a
        )
    EntryFactory(case=cases[1], staff=staff_a)
    staff_a.name = "相談 <一郎>"
    staff_a.save()

    response = staff_a_client.get("/staff/", HTTP_ACCEPT_LANGUAGE=language)
    context = {
        name: response.context[name]
        for name in ("overdue_tasks", "today_tasks", "my_cases", "inquiries", "activity")
    }
    assert all(context.values())
    with translation.override(language):
        loops = Template(LOOPS).render(Context(context))
        rows = Template(TAGS).render(Context(context))

    assert "&lt;やまだ&gt; &amp; はなこ" in rows
    assert "家計表 &lt;b&gt;&amp;" in rows
    assert rows == loops
    assert Case.objects.filter(person=None).exists()
