"""The case page and what is posted from it: entries and their corrections, referrals (refused
without a basis, accepted with consent), consent, tasks, flags and status changes. A form
with a mistake comes back with the message beside the field and everything typed kept."""

import pytest
from django.test import Client

from accounts.models import User
from consultations.models import Case, Consent, Entry, Flag, Referral, ReferralDestination, Task
from tests.consultations.factories import EntryFactory
from tests.html import visible_text

pytestmark = pytest.mark.django_db


def page(client: Client, case: Case) -> str:
    return visible_text(client.get(f"/staff/cases/{case.number}/"))


def test_it_shows_the_summary_flags_and_timeline(
    staff_a: User, staff_a_client: Client, a_case: Case
) -> None:
    EntryFactory(case=a_case, staff=staff_a, summary="初回面談", detail="家計を聞き取った")
    Flag.objects.create(
        case=a_case,
        kind=Flag.Kind.ADDRESS_SECRET,
        instructions="住所を誰にも教えない",
        created_by=staff_a,
    )

    text = page(staff_a_client, a_case)

    assert "対応上の注意" in text
    assert "住所を誰にも教えない" in text
    assert "初回面談" in text
    assert "家計を聞き取った" in text
    assert "しゃくじいはなこ" in text


def test_adding_an_entry(staff_a: User, staff_a_client: Client, a_case: Case) -> None:
    response = staff_a_client.post(
        f"/staff/cases/{a_case.number}/entries/",
        {
            "entry-kind": Entry.Kind.PHONE,
            "entry-occurred_on": "2025-06-03",
            "entry-summary": "大家さんと電話",
            "entry-detail": "支払いを待ってもらえる。",
        },
    )

    assert response.status_code == 302
    entry = Entry.objects.get(case=a_case)
    assert (entry.summary, entry.detail, entry.staff) == (
        "大家さんと電話",
        "支払いを待ってもらえる。",
        staff_a,
    )


def test_an_entry_with_a_mistake_comes_back_with_the_input(
    staff_a_client: Client, a_case: Case
) -> None:
    response = staff_a_client.post(
        f"/staff/cases/{a_case.number}/entries/",
        {"entry-kind": "", "entry-summary": "大家さんと電話", "entry-detail": "書きかけの詳細"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_entry-kind_error"' in html
    assert 'value="大家さんと電話"' in html
    assert "書きかけの詳細" in html
    assert not Entry.objects.exists()


def test_a_correction_keeps_the_old_version(
    staff_a: User, staff_a_client: Client, a_case: Case
) -> None:
    old = EntryFactory(case=a_case, staff=staff_a, summary="面談", detail="誤って書いた内容")
    form = staff_a_client.get(f"/staff/cases/{a_case.number}/entries/{old.pk}/correct/")
    assert "誤って書いた内容" in form.content.decode()

    staff_a_client.post(
        f"/staff/cases/{a_case.number}/entries/{old.pk}/correct/",
        {
            "entry-kind": Entry.Kind.MEETING,
            "entry-occurred_on": old.occurred_on.isoformat(),
            "entry-summary": "面談",
            "entry-detail": "正しい内容",
        },
    )

    old.refresh_from_db()
    assert old.superseded
    assert Entry.objects.get(version_of=old).detail == "正しい内容"
    text = page(staff_a_client, a_case)
    assert "正しい内容" in text
    assert "訂正前の記録" in text
    assert "誤って書いた内容" in text


def referral_data(destination: ReferralDestination, **changes: object) -> dict[str, object]:
    data = {
        "referral-destination": destination.pk,
        "referral-reason": "就労の相談先として",
        "referral-shared_information": "氏名・連絡先・相談の概要",
        "referral-basis": Referral.Basis.NONE,
        "referral-consent": "",
        "referral-statutory_ground": "",
        "referral-follow_up_on": "",
    }
    data.update(changes)
    return data


def test_a_referral_sharing_information_without_a_basis_is_refused(
    staff_a_client: Client, a_case: Case
) -> None:
    destination = ReferralDestination.objects.create(name="ねりま就労支援センター")

    response = staff_a_client.post(
        f"/staff/cases/{a_case.number}/referrals/", referral_data(destination)
    )

    assert response.status_code == 400
    assert "根拠" in visible_text(response)
    assert 'id="id_referral-basis_error"' in response.content.decode()
    assert "就労の相談先として" in response.content.decode()
    assert not Referral.objects.exists()


def test_a_referral_is_accepted_once_consent_is_recorded(
    staff_a_client: Client, a_case: Case
) -> None:
    destination = ReferralDestination.objects.create(name="ねりま就労支援センター")
    staff_a_client.post(
        f"/staff/cases/{a_case.number}/consents/",
        {
            "consent-scope": Consent.Scope.NAMED_ORGANISATIONS,
            "consent-destinations": [destination.pk],
            "consent-method": Consent.Method.ORAL,
            "consent-given_on": "2025-06-03",
        },
    )
    consent = Consent.objects.get(person=a_case.person)

    response = staff_a_client.post(
        f"/staff/cases/{a_case.number}/referrals/",
        referral_data(
            destination,
            **{"referral-basis": Referral.Basis.CONSENT, "referral-consent": consent.pk},
        ),
    )

    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.destination, referral.consent) == (destination, consent)
    assert "ねりま就労支援センター" in page(staff_a_client, a_case)


def test_tasks_are_added_and_completed(staff_a: User, staff_a_client: Client, a_case: Case):
    staff_a_client.post(
        f"/staff/cases/{a_case.number}/tasks/",
        {
            "task-title": "家計表を受け取る",
            "task-due_on": "2025-06-10",
            "task-assignee": staff_a.pk,
        },
    )
    task = Task.objects.get(case=a_case)
    assert task.assignee == staff_a

    staff_a_client.post(f"/staff/cases/{a_case.number}/tasks/{task.pk}/done/")

    task.refresh_from_db()
    assert task.done_on is not None


def test_a_flag_is_shown_as_a_banner(staff_a_client: Client, a_case: Case) -> None:
    staff_a_client.post(
        f"/staff/cases/{a_case.number}/flags/",
        {"flag-kind": Flag.Kind.CONTACT_CAUTION, "flag-instructions": "電話は午後だけ"},
    )
    assert "電話は午後だけ" in page(staff_a_client, a_case)


def test_the_status_moves_along_its_path_only(staff_a_client: Client, a_case: Case) -> None:
    form = staff_a_client.get(f"/staff/cases/{a_case.number}/").context["status_form"]
    assert [value for value, _label in form.fields["status"].choices] == [
        "assessment",
        "info_only",
        "referred_out",
        "suspended",
    ]

    refused = staff_a_client.post(
        f"/staff/cases/{a_case.number}/status/", {"status-status": Case.Status.CLOSED}
    )
    assert refused.status_code == 400
    staff_a_client.post(
        f"/staff/cases/{a_case.number}/status/",
        {"status-status": Case.Status.ASSESSMENT, "status-note": "面談の日程を決めた"},
    )

    a_case.refresh_from_db()
    assert a_case.status == Case.Status.ASSESSMENT
    assert "面談の日程を決めた" in page(staff_a_client, a_case)


def a_referral(case: Case, user: User) -> Referral:
    return Referral.objects.create(
        case=case,
        destination=ReferralDestination.objects.create(name="ねりま居住支援法人"),
        reason="住まいの相談",
        basis=Referral.Basis.NONE,
        created_by=user,
    )


def test_a_referral_is_followed_up(staff_a: User, staff_a_client: Client, a_case: Case) -> None:
    referral = a_referral(a_case, staff_a)
    prefix = f"referral{referral.pk}"

    response = staff_a_client.post(
        f"/staff/cases/{a_case.number}/referrals/{referral.pk}/",
        {
            f"{prefix}-status": Referral.Status.ACCEPTED,
            f"{prefix}-outcome": "面談の日程が決まった",
            f"{prefix}-follow_up_on": "2025-07-01",
        },
    )

    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    assert referral.outcome == "面談の日程が決まった"
    assert "面談の日程が決まった" in page(staff_a_client, a_case)


def test_a_referral_cannot_skip_its_path(staff_a: User, staff_a_client: Client, a_case: Case):
    referral = a_referral(a_case, staff_a)
    prefix = f"referral{referral.pk}"

    response = staff_a_client.post(
        f"/staff/cases/{a_case.number}/referrals/{referral.pk}/",
        {f"{prefix}-status": Referral.Status.COMPLETED, f"{prefix}-outcome": "書きかけの結果"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{prefix}-status_error"' in html
    assert "書きかけの結果" in html
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT


def test_a_flag_can_be_taken_off(staff_a: User, staff_a_client: Client, a_case: Case) -> None:
    flag = Flag.objects.create(
        case=a_case,
        kind=Flag.Kind.CONTACT_CAUTION,
        instructions="電話は午後だけ",
        created_by=staff_a,
    )

    staff_a_client.post(f"/staff/cases/{a_case.number}/flags/{flag.pk}/off/")

    flag.refresh_from_db()
    assert not flag.active
    assert "電話は午後だけ" not in page(staff_a_client, a_case)


def test_it_names_the_primary_and_secondary_staff_or_says_there_are_none(
    staff_a: User, staff_a2: User, staff_a_client: Client, a_case: Case
) -> None:
    staff_a2.name = '<b>"副担当"</b> & 仲間'
    staff_a2.save()
    page_html = staff_a_client.get(f"/staff/cases/{a_case.number}/").content.decode()
    assert f"<dt>主担当</dt><dd>{staff_a.name}</dd>" in page_html
    assert "<dt>副担当</dt><dd>なし</dd>" in page_html

    a_case.primary_staff, a_case.secondary_staff = None, staff_a2  # still team A's
    a_case.save()
    page_html = staff_a_client.get(f"/staff/cases/{a_case.number}/").content.decode()
    assert "<dt>主担当</dt><dd>未定</dd>" in page_html
    assert "<dt>副担当</dt><dd>&lt;b&gt;&quot;副担当&quot;&lt;/b&gt; &amp; 仲間</dd>" in page_html
