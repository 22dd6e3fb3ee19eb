from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from core.links import cached_translate_url


def site(request: HttpRequest) -> dict[str, object]:
    """Site name, the link to this page in the other UI language, this page's alternates in
    every language (for search engines), the query without `page`."""
    current = get_language()
    other_code, other_name = next(
        (code, name) for code, name in settings.LANGUAGES if code != current
    )
    return {
        "ALTERNATES": _alternates(request),
        "SITE_NAME": settings.SITE_NAME,
        "OTHER_LANGUAGE": {
            "code": other_code,
            "name": other_name,
            "url": cached_translate_url(request.get_full_path(), other_code),
        },
        "QUERY_WITHOUT_PAGE": _query_without_page(request),
    }


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _alternates(request: HttpRequest) -> list[dict[str, str]]:
    """`<link rel="alternate" hreflang>` targets: this page in each language, as absolute URLs
    (search engines ignore relative ones), and x-default, the Japanese page. None for a page
    that exists in one language only (the back office)."""
    path = request.get_full_path()
    urls = {code: cached_translate_url(path, code) for code, _name in settings.LANGUAGES}
    if len(set(urls.values())) < len(urls):
        return []
    alternates = [
        {"code": code, "url": request.build_absolute_uri(url)} for code, url in urls.items()
    ]
    default = request.build_absolute_uri(urls[settings.LANGUAGE_CODE])
    return [*alternates, {"code": "x-default", "url": default}]
