"""やさしい日本語 (easy Japanese): a third language variant with its own URL prefix.

Residents who read little kanji choose it with a link on every page (includes/easy_switch.html).
It is a language as Django sees it (settings.LANGUAGES), so everything that follows the
language follows it: `reverse()` and `{% url %}` keep the visitor in it while they browse, the
UI strings come from its own catalogue (locale/ja_X-easy/; a string it lacks shows the standard
Japanese source string), the page cache keys on it, and a page in it is an ordinary URL that can
be shared and indexed.

- Its code is `ja-x-easy`: a valid BCP 47 tag (Japanese with a private-use subtag), so
  `<html lang>` and Content-Language stay valid and mean Japanese to browsers and screen
  readers. It is never offered as an `hreflang` alternate (search engines know no such variant).
- Its URL prefix is `/easy/` rather than the code: EasyLocalePrefixPattern (through this
  module's i18n_patterns, used by the URLconf) gives reverse() the prefix, EasyLocaleMiddleware
  reads the language from it (Django's own reading of the path only knows prefixes that are
  language codes). `/ja-x-easy/…` is not a page (404): one URL per page.
- Content: models list their texts that have an easy version (core/easy_text.py); templates
  show `obj.shown.<field>`, the easy version in this language when there is one.
"""

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.urls import LocalePrefixPattern, URLPattern, URLResolver
from django.utils import translation

EASY_LANGUAGE = "ja-x-easy"
EASY_URL_PREFIX = "easy"


def is_easy(language: str | None = None) -> bool:
    """The active language (or `language`) is やさしい日本語."""
    return (language or translation.get_language()) == EASY_LANGUAGE


def ui_languages() -> list[tuple[str, str]]:
    """settings.LANGUAGES without やさしい日本語: the languages to offer as `hreflang`
    alternates and as "the other language" (an easy page's alternates are its standard ones)."""
    return [(code, name) for code, name in settings.LANGUAGES if code != EASY_LANGUAGE]


def url_prefix(language: str) -> str:
    """The path prefix of public pages in `language`, with its slash: "", "en/", "easy/"."""
    if language == EASY_LANGUAGE:
        return f"{EASY_URL_PREFIX}/"
    if language == settings.LANGUAGE_CODE:
        return ""
    return f"{language}/"


def language_from_path(path: str) -> str | None:
    """The language a public path's prefix selects (None: no prefix, the default language)."""
    for code, _name in settings.LANGUAGES:
        prefix = url_prefix(code)
        if prefix and (path.startswith(f"/{prefix}") or path == f"/{prefix[:-1]}"):
            return code
    return None


def without_language_prefix(path: str) -> str:
    """`path` as it reads in the default language ("/easy/plan/" → "/plan/")."""
    language = language_from_path(path)
    if language is None:
        return path
    return path[len(url_prefix(language)) :] or "/"


class EasyLocalePrefixPattern(LocalePrefixPattern):
    """i18n_patterns' prefix, with `easy/` for やさしい日本語 instead of its code."""

    @property
    def language_prefix(self) -> str:
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language == settings.LANGUAGE_CODE and not self.prefix_default_language:
            return ""
        return url_prefix(language)


def i18n_patterns(
    *urls: URLPattern | URLResolver, prefix_default_language: bool = True
) -> list[URLPattern | URLResolver]:
    """django.conf.urls.i18n.i18n_patterns, with EasyLocalePrefixPattern."""
    if not settings.USE_I18N:
        return list(urls)
    pattern = EasyLocalePrefixPattern(prefix_default_language=prefix_default_language)
    return [URLResolver(pattern, list(urls))]


class EasyLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, reading /easy/ as やさしい日本語. Every other path is left to
    Django (a /en/ prefix, else the default language: the public pages never guess from
    Accept-Language, as prefix_default_language=False makes them)."""

    def process_request(self, request: HttpRequest) -> None:
        if language_from_path(request.path_info) == EASY_LANGUAGE:
            translation.activate(EASY_LANGUAGE)
            request.LANGUAGE_CODE = EASY_LANGUAGE
            return
        super().process_request(request)
