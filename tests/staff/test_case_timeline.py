"""The case page's timeline is built in Python (staff/timeline.py): the same markup, byte for
byte, as the template loop it replaces (kept beside this file in case_timeline_loop.html), in
both languages, with corrections (one and two earlier versions), kinds, multi-line details, an
empty detail and characters to escape; and the page draws it where the loop was."""

import datetime as dt
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from accounts.models import User
from consultations import services
from consultations.models import Case, Entry
from staff.case_rows import long_date, month_day
from staff.timeline import timeline
from tests.consultations.factories import EntryFactory

pytestmark = pytest.mark.django_db

# The template loop, as it was in templates/staff/case_detail.html.
TEMPLATE_LOOP = (Path(__file__).parent / "case_timeline_loop.html").read_text().rstrip("\n")


@pytest.fixture
def entries(staff_a: User, staff_a2: User, a_case: Case) -> None:
    staff_a2.name = '<b>"相談員"</b> & 仲間'
    staff_a2.save()
    EntryFactory(
        case=a_case,
        staff=staff_a,
        kind=Entry.Kind.PHONE,
        occurred_on=dt.date(2026, 1, 5),
        summary="電話 <script>alert(1)</script> & 'quote'",
        detail="一行目\n二行目\n\n次の段落 <i>&</i>",
    )
    EntryFactory(
        case=a_case, staff=staff_a2, occurred_on=dt.date(2026, 11, 30), summary="訪問", detail=""
    )
    twice = EntryFactory(
        case=a_case, staff=staff_a, kind=Entry.Kind.VISIT, occurred_on=dt.date(2026, 3, 9)
    )
    once = services.entry_correct(entry=twice, user=staff_a, summary="訂正 <1>", detail="直した")
    services.entry_correct(entry=once, user=staff_a2, kind=Entry.Kind.OTHER, detail="もう一度")
    single = EntryFactory(case=a_case, staff=staff_a2, kind=Entry.Kind.AGENCY_CONTACT)
    services.entry_correct(entry=single, user=staff_a, detail="改め & <直し>")


def items(case: Case) -> list[tuple[Entry, list[Entry]]]:
    """The view's (entry, history) pairs."""
    rows = list(
        Entry.objects.filter(case=case).select_related("staff").order_by("occurred_on", "pk")
    )
    by_pk = {entry.pk: entry for entry in rows}
    pairs = []
    for entry in rows:
        if entry.superseded:
            continue
        history, previous = [], entry.version_of_id
        while previous in by_pk:
            history.append(by_pk[previous])
            previous = by_pk[previous].version_of_id
        pairs.append((entry, history))
    return pairs


def loop(case: Case, pairs: list[tuple[Entry, list[Entry]]]) -> str:
    context = {
        "case": case,
        "timeline": [
            {
                "entry": entry,
                "history": history,
                "date": long_date(entry.occurred_on),
                "month_day": month_day(entry.occurred_on),
            }
            for entry, history in pairs
        ],
    }
    return Template(TEMPLATE_LOOP).render(Context(context))


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_timeline_is_the_template_loops_markup(
    entries: None, a_case: Case, language: str
) -> None:
    pairs = items(a_case)
    assert sorted(len(history) for _, history in pairs) == [0, 0, 1, 2]
    with translation.override(language):
        built = timeline(a_case.number, pairs)
        expected = loop(a_case, pairs)
    assert "&lt;script&gt;" in built
    assert "&lt;b&gt;&quot;相談員&quot;&lt;/b&gt; &amp; 仲間" in built
    assert built.count('class="staff-history__version"') == 3
    assert built == expected


def test_the_page_draws_the_timeline_where_the_loop_was(
    entries: None, a_case: Case, staff_a_client: Client
) -> None:
    page = staff_a_client.get(f"/staff/cases/{a_case.number}/").content.decode()
    with translation.override("ja"):
        expected = loop(a_case, items(a_case))
    assert f'<ol class="staff-timeline">\n        {expected}\n      </ol>' in page


def test_no_entries_no_list(a_case: Case, staff_a_client: Client) -> None:
    assert timeline(a_case.number, []) == ""
    page = staff_a_client.get(f"/staff/cases/{a_case.number}/").content.decode()
    assert "staff-timeline" not in page.split('id="timeline-title"')[1].split("</section>")[0]
    assert "まだ経過記録はありません。" in page
