"""Search words never go into a URL: not the case list's, not the intake page's person search.

A reading in kana or a phone number in a URL lands in every access log on the way (nginx,
gunicorn) and in the browser's history. The search forms POST (with CSRF); the words are kept
in the session under a random token, and the browser is sent (303) to a URL that carries only
the token and the filters that name nobody. Pages, links and redirects never show the words in
a URL; another session holding the token finds nothing; the access log still records them.
"""

import re
from urllib.parse import unquote

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from consultations.models import AccessLog, Case
from tests.conftest import client_for, record_second_factor
from tests.consultations.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db

KANA = "やまだ"
PHONE = "03-5555-0199"


@pytest.fixture
def yamada(staff_a: User) -> Case:
    return CaseFactory(
        primary_staff=staff_a, person=PersonFactory(kana="やまだ たろう", phone=PHONE)
    )


@pytest.fixture
def other(staff_a: User) -> Case:
    return CaseFactory(primary_staff=staff_a, person=PersonFactory(kana="すずき はなこ"))


def urls_in(response: HttpResponse) -> list[str]:
    """Every URL the page holds (href, src, action), decoded, and the Location header."""
    html = response.content.decode()
    urls = [unquote(url) for url in re.findall(r'(?:href|src|action)="([^"]*)"', html)]
    if "Location" in response:
        urls.append(unquote(response["Location"]))
    return urls


def assert_no_words_in_urls(response: HttpResponse, *words: str) -> None:
    for url in urls_in(response):
        for word in words:
            assert word not in url, url
            assert word.replace("-", "") not in url, url


def listed(response: HttpResponse) -> set[str]:
    return {case.number for case in response.context["page"].object_list}


# --- The case list ---------------------------------------------------------------------------


def test_a_search_is_posted_and_redirected_to_a_url_without_the_words(
    staff_a_client: Client, yamada: Case, other: Case
) -> None:
    posted = staff_a_client.post("/staff/cases/", {"q": KANA, "status": "received"})

    assert posted.status_code == 303
    location = posted["Location"]
    assert re.fullmatch(r"/staff/cases/\?status=received&search=[\w-]{16}", location)
    assert_no_words_in_urls(posted, KANA)
    page = staff_a_client.get(location)
    assert page.status_code == 200
    assert listed(page) == {yamada.number}
    assert_no_words_in_urls(page, KANA)
    assert f'value="{KANA}"' in page.content.decode()  # in the search box, where it was typed


def test_a_phone_number_search_keeps_the_number_out_of_urls(
    staff_a_client: Client, yamada: Case, other: Case
) -> None:
    posted = staff_a_client.post("/staff/cases/", {"q": PHONE})
    page = staff_a_client.get(posted["Location"])

    assert listed(page) == {yamada.number}
    assert_no_words_in_urls(posted, PHONE)
    assert_no_words_in_urls(page, PHONE)


def test_the_form_posts_with_csrf_protection(staff_a: User, yamada: Case) -> None:
    client = client_for(staff_a)
    page = client.get("/staff/cases/").content.decode()
    assert re.search(r'<form method="post" action="/staff/cases/" class="filter-form">', page)
    assert 'name="csrfmiddlewaretoken"' in page

    strict = Client(enforce_csrf_checks=True)
    strict.cookies = client.cookies
    assert strict.post("/staff/cases/", {"q": KANA}).status_code == 403


def test_pages_of_a_search_keep_it_without_the_words(staff_a: User, staff_a_client: Client):
    for n in range(55):
        CaseFactory(primary_staff=staff_a, person=PersonFactory(kana=f"やまだ {n}"))
    CaseFactory(primary_staff=staff_a, person=PersonFactory(kana="すずき"))
    first = staff_a_client.get(staff_a_client.post("/staff/cases/", {"q": KANA})["Location"])

    next_link = re.search(r'href="([^"]*page=2)" rel="next"', first.content.decode())[1]
    assert "search=" in next_link
    assert_no_words_in_urls(first, KANA)
    second = staff_a_client.get("/staff/cases/" + next_link.replace("&amp;", "&"))
    assert len(second.context["page"].object_list) == 5
    assert all(case.person.kana.startswith(KANA) for case in second.context["page"].object_list)
    assert_no_words_in_urls(second, KANA)


def test_changing_a_filter_keeps_the_search(staff_a_client: Client, yamada: Case) -> None:
    CaseFactory(
        primary_staff=yamada.primary_staff,
        person=PersonFactory(kana="やまだ じろう"),
        status=Case.Status.SUPPORT,
    )
    searched = staff_a_client.get(staff_a_client.post("/staff/cases/", {"q": KANA})["Location"])
    assert len(listed(searched)) == 2

    # The form shows the words again; sending it with another status keeps them.
    refiltered = staff_a_client.post("/staff/cases/", {"q": KANA, "status": "received"})
    page = staff_a_client.get(refiltered["Location"])

    assert listed(page) == {yamada.number}
    assert_no_words_in_urls(refiltered, KANA)


def test_another_session_cannot_use_the_token(
    staff_a_client: Client, staff_a2_client: Client, yamada: Case, other: Case
) -> None:
    location = staff_a_client.post("/staff/cases/", {"q": KANA})["Location"]

    page = staff_a2_client.get(location)  # a colleague who may see both cases

    assert page.status_code == 200
    assert listed(page) == set()
    assert KANA not in page.content.decode()
    assert "もう一度検索してください" in page.content.decode()


def test_the_token_ends_with_the_session(staff_a: User, staff_a_client: Client, yamada: Case):
    location = staff_a_client.post("/staff/cases/", {"q": KANA})["Location"]
    staff_a_client.logout()
    staff_a_client.force_login(staff_a)
    record_second_factor(staff_a_client, staff_a)  # signed in again, with the code

    assert listed(staff_a_client.get(location)) == set()


def test_words_in_the_url_are_refused_not_searched(staff_a_client: Client, yamada: Case) -> None:
    response = staff_a_client.get("/staff/cases/", {"q": KANA, "status": "received"})

    assert response.status_code == 303
    assert response["Location"] == "/staff/cases/?status=received"
    assert not AccessLog.objects.filter(action=AccessLog.Action.SEARCH).exists()


def test_the_access_log_records_the_words_of_each_result_page(
    staff_a: User, staff_a_client: Client, yamada: Case
) -> None:
    location = staff_a_client.post("/staff/cases/", {"q": KANA, "status": "received"})["Location"]
    staff_a_client.get(location)
    staff_a_client.get(location)

    logs = AccessLog.objects.filter(action=AccessLog.Action.SEARCH, user=staff_a)
    assert logs.count() == 2
    assert all(f"q={KANA}" in log.detail and "status=received" in log.detail for log in logs)


def test_a_search_costs_no_more_queries_than_the_same_filter_without_words(
    staff_a_client: Client, yamada: Case, other: Case
) -> None:
    location = staff_a_client.post("/staff/cases/", {"q": KANA, "status": "received"})["Location"]
    staff_a_client.get("/staff/cases/?status=received")  # the session's first writes, once

    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff_a_client.get(path).status_code == 200
        return len(captured)

    assert queries(location) == queries("/staff/cases/?status=received")


def test_an_invalid_search_is_shown_again_with_its_error(staff_a_client: Client) -> None:
    response = staff_a_client.post("/staff/cases/", {"q": "あ" * 101})

    assert response.status_code == 400
    assert 'id="id_q_error"' in response.content.decode()


# --- The intake page's person search ---------------------------------------------------------


def test_a_person_search_is_posted_and_redirected_without_the_words(
    staff_a_client: Client, yamada: Case
) -> None:
    posted = staff_a_client.post(
        "/staff/cases/new/", {"find_person": "1", "kana": KANA, "birth_date": ""}
    )

    assert posted.status_code == 303
    assert re.fullmatch(r"/staff/cases/new/\?search=[\w-]{16}", posted["Location"])
    page = staff_a_client.get(posted["Location"])
    assert [person.pk for person in page.context["matches"]] == [yamada.person_id]
    assert_no_words_in_urls(posted, KANA)
    assert_no_words_in_urls(page, KANA)
    assert f"?search={posted['Location'].split('=')[1]}&amp;person={yamada.person_id}" in (
        page.content.decode()
    )


def test_a_person_search_by_phone_keeps_the_number_out_of_urls(
    staff_a_client: Client, yamada: Case
) -> None:
    posted = staff_a_client.post("/staff/cases/new/", {"find_person": "1", "phone": PHONE})
    page = staff_a_client.get(posted["Location"])

    assert [person.pk for person in page.context["matches"]] == [yamada.person_id]
    assert_no_words_in_urls(page, PHONE)


def test_another_session_finds_nobody_with_a_person_search_token(
    staff_a_client: Client, staff_a2_client: Client, yamada: Case
) -> None:
    location = staff_a_client.post("/staff/cases/new/", {"find_person": "1", "kana": KANA})[
        "Location"
    ]

    page = staff_a2_client.get(location)

    assert page.context["matches"] is None
    assert "やまだ たろう" not in page.content.decode()


def test_a_token_of_the_case_list_is_not_a_person_search(
    staff_a_client: Client, yamada: Case
) -> None:
    location = staff_a_client.post("/staff/cases/", {"q": KANA})["Location"]
    token = location.split("search=")[1]

    page = staff_a_client.get(f"/staff/cases/new/?search={token}")

    assert page.context["matches"] is None


def test_person_search_words_in_the_url_are_refused(staff_a_client: Client, yamada: Case):
    response = staff_a_client.get("/staff/cases/new/", {"kana": KANA})

    assert response.status_code == 303
    assert response["Location"] == "/staff/cases/new/"
    assert not AccessLog.objects.filter(action=AccessLog.Action.SEARCH).exists()


def test_an_empty_person_search_says_what_to_enter(staff_a_client: Client) -> None:
    response = staff_a_client.post("/staff/cases/new/", {"find_person": "1", "kana": ""})

    assert response.status_code == 400
    assert "よみがな・電話番号・生年月日のどれかを入れて検索してください。" in (
        response.content.decode()
    )
