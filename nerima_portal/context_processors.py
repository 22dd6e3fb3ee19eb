from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from core.easy import EASY_LANGUAGE, ui_languages
from core.links import cached_translate_url


def site(request: HttpRequest) -> dict[str, object]:
    """Site name, the links to this page in the other UI language and in (or out of)
    やさしい日本語, the query without `page`."""
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
