from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from core.easy import EASY_LANGUAGE, ui_languages
from core.links import cached_translate_url


def site(request: HttpRequest) -> dict[str, object]:
    """Site name, the links to this page in the other UI language and in (or out of)
    やさしい日本語, this page's alternates in every language (for search engines), the query
    without `page`."""
    current = get_language()
    easy = current == EASY_LANGUAGE
    # やさしい日本語 is Japanese: its pages offer English as the other language, as Japanese does
    ui_language = settings.LANGUAGE_CODE if easy else current
    other_code, other_name = next(
        (code, name) for code, name in ui_languages() if code != ui_language
    )
    path = request.get_full_path()
    easy_url = cached_translate_url(path, settings.LANGUAGE_CODE if easy else EASY_LANGUAGE)
    return {
        "ALTERNATES": [] if easy else _alternates(request),
        "SITE_NAME": settings.SITE_NAME,
        "OTHER_LANGUAGE": {
            "code": other_code,
            "name": other_name,
            "url": cached_translate_url(path, other_code),
        },
        # The switch (includes/easy_switch.html); none on pages outside the public ones
        "EASY_SWITCH": {"active": easy, "url": easy_url if easy_url != path else ""},
        "QUERY_WITHOUT_PAGE": _query_without_page(request),
    }


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _alternates(request: HttpRequest) -> list[dict[str, str]]:
    """`<link rel="alternate" hreflang>` targets: this page in each language, as absolute URLs
    (search engines ignore relative ones), and x-default, the Japanese page. None for a page
    that exists in one language only (the back office), and none for a やさしい日本語 page: it is
    a page of its own, not a translation of the standard one."""
    path = request.get_full_path()
    urls = {code: cached_translate_url(path, code) for code, _name in ui_languages()}
    if len(set(urls.values())) < len(urls):
        return []
    alternates = [
        {"code": code, "url": request.build_absolute_uri(url)} for code, url in urls.items()
    ]
    default = request.build_absolute_uri(urls[settings.LANGUAGE_CODE])
    return [*alternates, {"code": "x-default", "url": default}]
