"""Reading rendered pages the way a person does: visible text, links, headings."""

import re
from html.parser import HTMLParser

from django.http import HttpResponse


class _TextAndStructure(HTMLParser):
    SKIP = {"script", "style", "title", "head"}

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self.headings: list[int] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skipping += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.text.append(data)


def parse(response: HttpResponse) -> _TextAndStructure:
    parser = _TextAndStructure()
    parser.feed(response.content.decode())
    return parser


def visible_text(response: HttpResponse) -> str:
    """The page's text with all whitespace removed (Japanese has no spaces to keep)."""
    return re.sub(r"\s+", "", "".join(parse(response).text))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)
