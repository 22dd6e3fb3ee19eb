"""Readings are added to a page's text only: tags, attributes, scripts, styles, form values and
the title stay byte for byte as they were."""

from core.furigana import Fixes, add_ruby, annotate, reading_of

RT = '<rt aria-hidden="true">'


def ruby(base: str, reading: str) -> str:
    return f"<ruby>{base}{RT}{reading}</rt></ruby>"


def run(*parts: str) -> str:
    """A run of text with readings, as add_ruby wraps it."""
    return "<span>" + "".join(parts) + "</span>"


def test_kanji_get_readings_and_kana_stay_outside() -> None:
    assert (
        add_ruby("<p>受け止める</p>")
        == "<p>" + run(ruby("受", "う"), "け", ruby("止", "と"), "める") + "</p>"
    )


def test_a_compound_is_read_as_a_word_and_shown_in_short_words() -> None:
    html = add_ruby("<p>社会福祉協議会</p>")

    assert (
        html
        == "<p>"
        + run(
            *(
                ruby(b, r)
                for b, r in [
                    ("社会", "しゃかい"),
                    ("福祉", "ふくし"),
                    ("協議", "きょうぎ"),
                    ("会", "かい"),
                ]
            )
        )
        + "</p>"
    )


def test_place_names_are_read_as_place_names() -> None:
    assert reading_of("光が丘") == "ひかりがおか"
    assert reading_of("石神井") == "しゃくじい"
    assert (
        add_ruby("<b>光が丘</b>")
        == "<b>" + run(ruby("光", "ひかり"), "が", ruby("丘", "おか")) + "</b>"
    )


def test_text_without_kanji_is_untouched() -> None:
    page = "<p>ひらがな と カタカナ と ABC</p>"

    assert add_ruby(page) == page


def test_markup_attributes_and_references_are_copied_exactly() -> None:
    page = (
        '<!DOCTYPE html>\n<html lang="ja"><head><title>地域</title>'
        '<meta name="description" content="地域福祉"></head>\n<body>'
        '<a href="/tags/地域/" title="地域" data-x=\'計画\'>&lt;地域&gt; &amp; 計画</a>'
        '<!-- 地域 --><img alt="地域" src=x.png><br/></body></html>'
    )

    result = add_ruby(page)

    assert result == page.replace(
        ">&lt;地域&gt; &amp; 計画<",
        ">&lt;"
        + run(ruby("地域", "ちいき"))
        + "&gt; &amp;"
        + run(" ", ruby("計画", "けいかく"))
        + "<",
    )


def test_scripts_styles_form_values_and_code_are_left_alone() -> None:
    page = (
        "<body><script>const s = '地域';</script><style>/* 地域 */</style>"
        "<textarea name=t>地域</textarea><select><option>地域</option><option selected>計画"
        "</select><code>地域</code><ruby>地域<rt>ちいき</rt></ruby></body>"
    )

    assert add_ruby(page) == page


def test_an_element_can_opt_out() -> None:
    page = (
        '<body><p translate="no">地域<span>計画</span></p>'
        '<div data-furigana="off"><div>地域</div></div>計画</body>'
    )

    assert add_ruby(page) == page[: -len("計画</body>")] + run(ruby("計画", "けいかく")) + "</body>"


def test_preformatted_text_keeps_its_lines() -> None:
    assert (
        add_ruby("<pre>地域\n計画</pre>")
        == "<pre>" + run(ruby("地域", "ちいき"), "\n", ruby("計画", "けいかく")) + "</pre>"
    )


def test_broken_html_is_not_made_worse() -> None:
    page = '<div><p>地域<span>計画</div></p><p class="x>地域'

    result = add_ruby(page)

    plain = result.replace(run(ruby("地域", "ちいき")), "地域")
    assert plain.replace(run(ruby("計画", "けいかく")), "計画") == page


def test_a_word_the_dictionary_cannot_read_gets_no_guess() -> None:
    assert all(s.reading is None for s in annotate("𠮷"))


def test_a_fix_applies_on_word_boundaries_only() -> None:
    fixes = Fixes({"方": "かた"}, "test")

    assert reading_of("多くの方から", fixes) == "おおくのかたから"
    assert reading_of("方法", fixes) == "ほうほう"


def test_the_longest_fix_wins() -> None:
    fixes = Fixes({"練馬": "ねりま", "練馬区": "ねりまく"}, "test2")

    assert annotate("練馬区役所", fixes)[0].text in ("練馬区", "練馬")
    assert reading_of("練馬区役所", fixes) == "ねりまくやくしょ"
