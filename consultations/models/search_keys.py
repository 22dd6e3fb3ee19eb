"""How a person is found: by the reading of their name and by their phone number.

The reading and the phone number's digits are kept as plain, indexed search keys beside the
encrypted values (Person.kana_key, Person.phone_index); the case list searches them too.
"""

import unicodedata

from core.crypto import blind_index


def normalise_kana(text: str) -> str:
    """Hiragana without spaces, for search (ヤマダ タロウ, やまだ　たろう → やまだたろう)."""
    from core.kana import to_hiragana

    return "".join(to_hiragana(text).split())


def search_reading(text: str) -> str:
    """What a search term is matched as: its reading (やまだ, ヤマダ and 山田 alike)."""
    from core.kana import reading_for

    return normalise_kana(reading_for(text)) if text.strip() else ""


def phone_digits(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isdigit())


def phone_index(text: str) -> str:
    return blind_index(phone_digits(text), purpose="phone")
