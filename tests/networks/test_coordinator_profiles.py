"""Public profiles of the community welfare coordinators, their photos and the way to consult."""

import io

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from PIL import Image

from networks.models import Coordinator, District
from tests.html import parse, visible_text


def png() -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 105, 92)).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="face.png")


def make_coordinator(name: str, districts: list[str], **fields: object) -> Coordinator:
    coordinator = Coordinator.objects.create(name=name, **fields)
    coordinator.districts.set(District.objects.filter(slug__in=districts))
    return coordinator


@pytest.fixture
def media(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def hanako(db: None, media: None) -> Coordinator:
    return make_coordinator(
        "大泉 花子",
        ["oizumi", "shakujii"],
        name_kana="おおいずみ はなこ",
        photo=png(),
        photo_alt="笑顔で手を振る大泉さん",
        strengths="子育ての相談、居場所づくり",
        message="気軽に声をかけてください。\n\n一緒に考えます。",
        order=1,
    )


@pytest.fixture
def taro(db: None) -> Coordinator:
    return make_coordinator("光が丘 太郎", ["hikarigaoka"], strengths="高齢の方の見守り", order=2)


@pytest.mark.django_db
def test_it_shows_each_listed_coordinator(
    client: Client, hanako: Coordinator, taro: Coordinator
) -> None:
    make_coordinator("非公開 次郎", ["nerima"], is_listed=False)

    response = client.get("/coordinators/")

    assert response.status_code == 200
    text = visible_text(response)
    html = response.content.decode()
    assert "コーディネーター（2人）" in text
    assert "大泉花子" in text
    assert "おおいずみはなこ" in text
    assert "担当地区石神井、大泉" in text or "担当地区大泉、石神井" in text
    assert "子育ての相談、居場所づくり" in text
    assert "<p>気軽に声をかけてください。</p>" in html
    assert "光が丘太郎" in text
    assert "非公開" not in text
    assert text.index("大泉花子") < text.index("光が丘太郎")  # in the coordinators' order
    assert f'src="/coordinators/{hanako.pk}/photo/" alt="笑顔で手を振る大泉さん"' in html


@pytest.mark.django_db
def test_a_photo_without_a_description_is_decorative(client: Client, hanako: Coordinator) -> None:
    hanako.photo_alt = ""
    hanako.save()

    html = client.get("/coordinators/").content.decode()

    assert f'src="/coordinators/{hanako.pk}/photo/" alt=""' in html


@pytest.mark.django_db
def test_a_coordinator_without_a_photo_has_no_image(client: Client, taro: Coordinator) -> None:
    assert "<img" not in client.get("/coordinators/").content.decode()


@pytest.mark.django_db
def test_it_filters_by_district_with_a_plain_get_form(
    client: Client, hanako: Coordinator, taro: Coordinator
) -> None:
    response = client.get("/coordinators/", {"district": "hikarigaoka"})

    text = visible_text(response)
    assert "光が丘地区を担当するコーディネーター（1人）" in text
    assert "光が丘太郎" in text
    assert "大泉花子" not in text
    html = response.content.decode()
    assert '<form class="coordinator-filter" method="get"' in html
    assert '<option value="hikarigaoka" selected>' in html


@pytest.mark.django_db
def test_a_district_without_coordinators_says_so(client: Client, taro: Coordinator) -> None:
    text = visible_text(client.get("/coordinators/", {"district": "nerima"}))

    assert "この地区を担当するコーディネーターの紹介は準備中です。" in text


# (A real NUL never reaches the page: core.middleware answers 400; tests/test_bad_bytes.py.)
@pytest.mark.parametrize("value", ["tokyo", "%00", "1", "x" * 5000])
@pytest.mark.django_db
def test_an_unknown_district_shows_everyone_and_says_why(
    client: Client, taro: Coordinator, value: str
) -> None:
    response = client.get("/coordinators/", {"district": value})

    assert response.status_code == 200
    assert "その地区は見つかりません" in visible_text(response)
    assert "光が丘太郎" in visible_text(response)


@pytest.mark.django_db
def test_the_page_invites_residents_to_consult(client: Client, taro: Coordinator) -> None:
    links = parse(client.get("/coordinators/")).links

    assert "/consult/" in links


@pytest.mark.django_db
def test_the_coordinators_driving_force_page_links_to_profiles_and_the_form(
    plan: object, client: Client
) -> None:
    response = client.get("/forces/coordinators/")

    assert "コーディネーターに相談する" in visible_text(response)
    assert {"/coordinators/", "/consult/"} <= set(parse(response).links)


@pytest.mark.django_db
def test_the_other_driving_forces_do_not_carry_the_invitation(plan: object, client: Client) -> None:
    # (The site's menu links the form from every page; the invitation is the page's own.)
    assert "consult-callout" in client.get("/forces/coordinators/").content.decode()
    assert "consult-callout" not in client.get("/forces/network/").content.decode()


# --- Photos -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_listed_coordinators_photo_is_served_as_an_image(
    client: Client, hanako: Coordinator
) -> None:
    response = client.get(f"/coordinators/{hanako.pk}/photo/")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "public" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_known_photo_is_not_sent_twice(client: Client, hanako: Coordinator) -> None:
    etag = client.get(f"/coordinators/{hanako.pk}/photo/")["ETag"]

    response = client.get(f"/coordinators/{hanako.pk}/photo/", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304


@pytest.mark.django_db
def test_an_unlisted_coordinators_photo_is_not_found(client: Client, hanako: Coordinator) -> None:
    hanako.is_listed = False
    hanako.save()

    assert client.get(f"/coordinators/{hanako.pk}/photo/").status_code == 404


@pytest.mark.django_db
def test_missing_photos_and_odd_files_are_not_found(
    client: Client, taro: Coordinator, hanako: Coordinator, media: None
) -> None:
    assert client.get(f"/coordinators/{taro.pk}/photo/").status_code == 404  # none uploaded
    assert client.get("/coordinators/999999/photo/").status_code == 404

    hanako.photo.storage.delete(hanako.photo.name)
    assert client.get(f"/coordinators/{hanako.pk}/photo/").status_code == 404

    hanako.photo.save("page.html", ContentFile(b"<script>alert(1)</script>"))
    assert client.get(f"/coordinators/{hanako.pk}/photo/").status_code == 404


# --- Query budget -----------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "?district=oizumi", "?district=nowhere"])
@pytest.mark.django_db
def test_the_page_stays_within_twelve_queries_however_many_coordinators(
    client: Client, django_assert_max_num_queries: object, query: str
) -> None:
    for n in range(60):
        make_coordinator(f"コーディネーター{n}", ["oizumi", "nerima"], strengths="見守り")

    with django_assert_max_num_queries(12):
        response = client.get(f"/coordinators/{query}")

    assert response.status_code == 200
    assert "次のページ" in visible_text(response)
