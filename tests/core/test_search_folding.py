"""core.kana.fold: the spellings a resident might type for one word fold to one form, and
fold_with_offsets tells where each folded character came from (for highlighting)."""

from pathlib import Path

import pytest
from django.conf import settings

from core.kana import fold, fold_with_offsets


@pytest.mark.parametrize(
    "spellings",
    [
        ["子ども食堂", "こども食堂", "子供食堂", "コドモ食堂", "ｺﾄﾞﾓ食堂"],  # 子供/こども/子ども
        ["光が丘", "光ヶ丘", "光ケ丘", "光ヵ丘"],  # the connective が/ヶ/ケ between kanji
        ["一か月", "一ヶ月", "一カ月", "一ヵ月"],
        ["サロン", "さろん", "ｻﾛﾝ", "サローン", "サ－ロン"],  # kana, width, long vowels
        ["デイサービス", "ﾃﾞｲｻｰﾋﾞｽ", "でいさーびす", "デイサビス"],
        ["Bloom", "BLOOM", "ｂｌｏｏｍ", "ＢＬＯＯＭ"],  # case and full-width Latin
        ["NPO法人", "ＮＰＯ法人", "npo法人"],
        ["障害者", "障がい者", "障碍者"],
        ["見守り", "みまもり", "ミマモリ"],
        ["居場所", "いばしょ", "イバショ"],
        ["ひとり暮らし", "一人暮らし", "独り暮らし"],
    ],
)
def test_spellings_of_one_word_fold_alike(spellings: list[str]) -> None:
    assert len({fold(spelling) for spelling in spellings}) == 1, [fold(s) for s in spellings]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("さくら", "さらく"),
        ("光が丘", "光丘"),
        ("相談", "相続"),
        ("かき", "がき"),
        ("ぱん", "ばん"),
    ],
)
def test_different_words_stay_apart(one: str, other: str) -> None:
    assert fold(one) != fold(other)


def test_a_folded_word_is_still_found_inside_longer_text() -> None:
    assert fold("子ども") in fold("夕ごはんをみんなで食べる子供食堂です。")
    assert fold("センター") in fold("地域交流センタ")


def test_offsets_point_back_at_the_original_spelling() -> None:
    text = "地域のｺﾄﾞﾓ食堂とサローン"
    folded, offsets = fold_with_offsets(text)

    start = folded.index(fold("こども"))
    end = start + len(fold("こども"))
    assert text[offsets[start][0] : offsets[end - 1][1]] == "ｺﾄﾞﾓ"
    start = folded.index(fold("サロン"))
    end = start + len(fold("サロン"))
    assert text[offsets[start][0] : offsets[end - 1][1]] == "サローン"


def test_with_offsets_folds_exactly_as_fold_does() -> None:
    plan_text = (Path(settings.BASE_DIR) / "pillars/data/plan6.toml").read_text(encoding="utf-8")
    odd = ["ｶﾞｷﾞｸﾞ", "゛゜", "ΑΣ", "㈱ねりま", "ﾍﾟｰｼﾞ", "か\u3099", "ー", "光ヶ", "ヶ丘", "\t改行\n"]
    for text in [*plan_text.splitlines(), *odd]:
        assert fold_with_offsets(text)[0] == fold(text), text
