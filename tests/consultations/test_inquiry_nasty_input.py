"""No input makes the form fail: whatever arrives, the answer is a page, never a 500.

The test client re-raises any exception a view lets escape, so a 500 fails these tests loudly.
"""

import pytest
from django.test import Client, RequestFactory
from django.views.debug import SafeExceptionReporterFilter

from consultations.inquiry_views import inquiry_create
from consultations.models import Inquiry
from tests.consultations.conftest import inquiry_data

NUL = "\x00"

NASTY_FORMS = {
    "nothing at all": {},
    "only the trap": {"homepage": "x"},
    "long text everywhere": dict.fromkeys(inquiry_data(), "長" * 20000),
    "unknown choices": inquiry_data(contact_method="fax", topic="<script>", district="../../"),
    "a district by number": inquiry_data(district="1"),
    "a consent that is not a box": inquiry_data(consent="false"),
    "markup in the text": inquiry_data(
        name="<script>alert(1)</script>", message="<img src=x onerror=alert(1)>"
    ),
    "right-to-left overrides and emoji": inquiry_data(name="\u202eいちろう😀", message="🙂" * 100),
    "control characters": inquiry_data(message="".join(chr(c) for c in range(1, 32))),
    "e-mail address too long": inquiry_data(
        contact_method="email", email="a" * 300 + "@example.jp"
    ),
    "phone made of spaces": inquiry_data(phone=" " * 20),
    "unknown extra fields": inquiry_data(admin="1", status="closed", reference="AAAA-AAAA"),
}


@pytest.mark.parametrize("name", NASTY_FORMS)
@pytest.mark.django_db
def test_nasty_forms_never_fail(client: Client, name: str) -> None:
    response = client.post("/consult/", NASTY_FORMS[name])

    assert response.status_code in (200, 302), name
    if response.status_code == 302:
        inquiry = Inquiry.objects.get()
        assert inquiry.status == Inquiry.Status.NEW  # extra fields change nothing
        assert inquiry.reference != "AAAA-AAAA"


# A NUL never reaches the form: core.middleware answers 400 (PostgreSQL cannot store it).
@pytest.mark.parametrize(
    "data",
    [dict.fromkeys(inquiry_data(), f"a{NUL}b"), inquiry_data(district=NUL)],
    ids=["in every field", "alone in the district"],
)
@pytest.mark.django_db
def test_nul_characters_are_refused_as_a_bad_request(client: Client, data: dict) -> None:
    response = client.post("/consult/", data)

    assert response.status_code == 400
    assert not Inquiry.objects.exists()


@pytest.mark.django_db
def test_markup_is_stored_as_typed_and_shown_escaped(client: Client) -> None:
    data = inquiry_data(name="<b>太郎</b>", message="")
    response = client.post("/consult/", data)

    html = response.content.decode()
    assert "&lt;b&gt;太郎&lt;/b&gt;" in html
    assert "<b>太郎</b>" not in html


@pytest.mark.django_db
def test_repeated_values_use_the_last_one(client: Client) -> None:
    body = "&".join(
        f"{key}={value}" for key, value in inquiry_data(district="nerima").items() if value
    )
    response = client.post(
        "/consult/",
        body + "&district=oizumi&topic=care",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 302
    assert Inquiry.objects.get().district.slug == "oizumi"


@pytest.mark.django_db
def test_invalid_utf8_is_read_as_replacement_characters(client: Client) -> None:
    body = (
        b"name=%FF%FE%FD&contact_method=none&topic=other&consent=on"
        b"&message=\xff\xfe\xc3\x28\xed\xa0\x80&district=\xe3\x81"  # \xed\xa0\x80: a surrogate
    )
    response = client.post("/consult/", body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200  # the district is no district; the text is kept
    assert "\ufffd" in response.content.decode()


@pytest.mark.django_db
def test_invalid_utf8_in_a_multipart_form(client: Client) -> None:
    boundary = "BoUnDaRy"
    parts = b"".join(
        b"--" + boundary.encode() + b'\r\nContent-Disposition: form-data; name="' + key + b'"'
        b"\r\n\r\n" + value + b"\r\n"
        for key, value in [
            (b"name", b"\xff\xfe"),
            (b"message", b"\xc3\x28"),
            (b"topic", b"other"),
            (b"contact_method", b"none"),
            (b"consent", b"on"),
            (b"photo\xff", b"x"),
        ]
    )
    body = parts + b"--" + boundary.encode() + b"--\r\n"

    response = client.post(
        "/consult/", body, content_type=f"multipart/form-data; boundary={boundary}"
    )

    assert response.status_code in (200, 302)


@pytest.mark.django_db
def test_a_broken_multipart_form_is_a_bad_request(client: Client) -> None:
    response = client.post(
        "/consult/", b"--nope\r\n\r\n", content_type="multipart/form-data; boundary="
    )

    assert response.status_code in (200, 400)


@pytest.mark.django_db
def test_a_huge_post_is_refused_as_a_bad_request(client: Client) -> None:
    response = client.post(
        "/consult/", inquiry_data(message="あ" * 3_000_000), REMOTE_ADDR="192.0.2.1"
    )

    assert response.status_code == 400
    assert not Inquiry.objects.exists()


@pytest.mark.django_db
def test_too_many_fields_is_refused_as_a_bad_request(client: Client) -> None:
    data = inquiry_data() | {f"extra{n}": "x" for n in range(2000)}

    assert client.post("/consult/", data).status_code == 400
    assert not Inquiry.objects.exists()


@pytest.mark.parametrize(
    "query",
    ["district=" + "x" * 10_000, "district=%FF%FE", "district=nerima&district=1"],
)
@pytest.mark.django_db
def test_nasty_query_strings_on_the_form_page(client: Client, query: str) -> None:
    assert client.get(f"/consult/?{query}").status_code == 200


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
@pytest.mark.django_db
def test_other_methods_are_not_allowed(client: Client, method: str) -> None:
    assert getattr(client, method)("/consult/").status_code == 405


@pytest.mark.django_db
def test_error_reports_would_hide_everything_posted(rf: RequestFactory) -> None:
    request = rf.post("/consult/", inquiry_data(message=""))

    inquiry_create(request)

    assert request.sensitive_post_parameters == "__ALL__"
    hidden = SafeExceptionReporterFilter().get_post_parameters(request)
    assert set(hidden.values()) == {"********************"}
