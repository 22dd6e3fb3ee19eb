from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from core.links import cached_translate_url


def site(request: HttpRequest) -> dict[str, object]:
    """Site name, the link to this page in the other UI language, the query without `page`."""
    current = get_language()
    other_code, other_name = next(
        (code, name) for code, name in settings.LANGUAGES if code != current
    )
    return {
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
