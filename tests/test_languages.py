"""The chapter in five languages: per-language text, translations and their staleness."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ethos import build, compose
from ethos.chapter.outline import github_slug
from ethos.errors import InvalidInputError
from ethos.values.loading import check
from ethos.wording.catalog import fingerprint, load_catalog
from ethos.wording.languages import LANGUAGES
from ethos.wording.localization import Locale, typesetting
from ethos.wording.messages import message_template
from ethos.wording.translation_check import translation_problems

from conftest import EXAMPLES, GOLDEN, REPOSITORY
from helpers import values_data, write_values

NAMES = {"en": "English", "it": "Italian", "tl": "Tagalog", "ur": "Urdu", "zh": "Chinese"}
TRANSLATED = [language for language in LANGUAGES if language != "en"]


def test_the_five_languages() -> None:
    assert LANGUAGES == ("en", "it", "tl", "ur", "zh")
    # English also in its two varieties, each with every setting of `en` it does not change.
    assert set(typesetting()) == {*LANGUAGES, "en-GB", "en-US"}
    assert typesetting()["en-GB"].fonts == typesetting()["en"].fonts


# --- ethos's own words: language names and lists, not Babel's locale data ----------------


def test_every_language_names_every_language() -> None:
    for language, setup in typesetting().items():
        assert set(LANGUAGES) <= set(setup.names), language
        assert len({setup.names[code] for code in LANGUAGES}) == len(LANGUAGES), language
    assert {code: typesetting()["en"].names[code] for code in LANGUAGES} == NAMES


@pytest.mark.parametrize(
    ("language", "two", "four"),
    [
        ("en", "a and b", "a, b, c and d"),
        ("en-US", "a and b", "a, b, c, and d"),
        ("it", "a e b", "a, b, c e d"),
        ("tl", "a at b", "a, b, c at d"),
        ("ur", "a اور b", "a، b، c اور d"),
        ("zh", "a和b", "a、b、c和d"),
    ],
)
def test_lists_are_joined_in_the_language(language: str, two: str, four: str) -> None:
    join_list = Locale(language).join_list
    assert (join_list([]), join_list(["a"])) == ("", "a")
    assert (join_list(["a", "b"]), join_list("abcd")) == (two, four)


def test_list_items_are_text_not_patterns() -> None:
    assert Locale("en").join_list(["{0}", "{1}", "{x}"]) == "{0}, {1} and {x}"


def test_no_wording_comes_from_babels_locale_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Babel 2.19 names English "English" in Tagalog (2.16-2.18: "Ingles"): a Babel release
    # must not change a word of the chapter. With its language names and list patterns
    # replaced by nonsense, every chapter still says exactly what its golden file says.
    from babel.core import Locale as BabelLocale

    nonsense = dict.fromkeys(["start", "middle", "end", "2"], "{0} NOT OURS {1}")
    monkeypatch.setattr(BabelLocale, "languages", property(lambda _: {"en": "NOT OURS"}))
    monkeypatch.setattr(BabelLocale, "list_patterns", property(lambda _: {"standard": nonsense}))
    for example in EXAMPLES:
        result = build(example, formats=["md"], languages=list(LANGUAGES), out_dir=tmp_path)
        assert len(result.outputs) == len(LANGUAGES)
        for output in result.outputs:
            golden = GOLDEN / output.parent.name / output.name
            assert output.read_text(encoding="utf-8") == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_translation_is_complete_and_current(language: str) -> None:
    assert translation_problems(language) == []


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@pytest.mark.parametrize("language", TRANSLATED)
def test_template_sentences_are_translated_not_copied(language: str) -> None:
    translations = Locale(language).translations
    # A sentence has words outside its placeholders ("%(title)s: %(old)s → %(new)s" has none).
    sentences = [
        m.id
        for m in message_template()
        if isinstance(m.id, str) and " " in m.id and re.search(r"[a-z]", PLACEHOLDER.sub("", m.id))
    ]
    assert len(sentences) > 30
    for sentence in sentences:
        assert translations.gettext(sentence) != sentence, (language, sentence)


# --- The company's own text, per language ------------------------------------------------


def own_text_values(**document: object) -> dict[str, object]:
    return values_data(
        document={"version": "1", "effective_date": "2026-02-01", **document},
        company={
            "name": "Test Co",
            "industry": {"en": "bicycle repair", "it": "riparazione di biciclette"},
            "ethics_contact": {"email": "ethics@test.example"},
        },
        values=[
            "honesty",
            {"id": "craft", "title": "Craft", "statement": "We repair what we sell."},
        ],
    )


def test_free_text_missing_in_a_requested_language_is_a_located_error(tmp_path: Path) -> None:
    path = write_values(tmp_path, own_text_values(translations=["it"]))
    with pytest.raises(InvalidInputError) as caught:
        check([path], strict=True)
    assert [str(problem).split(": ", 1)[1] for problem in caught.value.problems] == [
        "values[1].title: is written only in English, the file's language; the Italian "
        "chapter needs it in Italian too — write it as {en: ..., it: ...}",
        "values[1].statement: is written only in English, the file's language; the Italian "
        "chapter needs it in Italian too — write it as {en: ..., it: ...}",
    ]
    assert all(problem.line > 1 for problem in caught.value.problems)


def test_a_language_missing_from_a_per_language_text_is_named(tmp_path: Path) -> None:
    path = write_values(tmp_path, own_text_values())
    with pytest.raises(InvalidInputError) as caught:
        check([path], ["ur"], strict=True)
    messages = [f"{problem.path}: {problem.message}" for problem in caught.value.problems]
    assert (
        "company.industry: has no Urdu text (it has en, it) — add `ur: ...`, the Urdu "
        "chapter prints it"
    ) in messages
    assert check([path], ["en"]).files  # English alone is complete


def test_each_language_chapter_prints_its_own_text(tmp_path: Path) -> None:
    data = own_text_values()
    data["values"] = [
        "honesty",
        {
            "id": "craft",
            "title": {"en": "Craft", "it": "Mestiere"},
            "statement": {"en": "We repair what we sell.", "it": "Ripariamo ciò che vendiamo."},
        },
    ]
    path = write_values(tmp_path, data)
    english, italian = compose(path, language="en"), compose(path, language="it")
    assert "### Craft" in english.markdown and "We repair what we sell." in english.markdown
    assert "### Mestiere" in italian.markdown
    assert "Ripariamo ciò che vendiamo." in italian.markdown
    assert "We repair" not in italian.markdown


def test_translations_list_cannot_repeat_the_document_language(tmp_path: Path) -> None:
    document = {"version": "1", "effective_date": "2026-02-01", "translations": ["it", "en"]}
    path = write_values(tmp_path, values_data(document=document))
    with pytest.raises(InvalidInputError) as caught:
        check([path])
    assert "translations lists en, the document's own language — remove it" in str(caught.value)


# --- Which version is authoritative ------------------------------------------------------


def test_translations_name_the_authoritative_version(tmp_path: Path) -> None:
    path = write_values(tmp_path, values_data())
    assert "translation" not in compose(path, language="en").markdown
    for language in TRANSLATED:
        chapter = compose(path, language=language)
        assert chapter.authoritative == Locale(language).language_name("en")
        title_block = chapter.markdown.split("\n## ")[0]
        assert chapter.authoritative in title_block, language


def test_authoritative_language_can_be_another_one(tmp_path: Path) -> None:
    document = {"version": "1", "effective_date": "2026-02-01", "language": "en",
                "translations": ["it"], "authoritative_language": "it"}  # fmt: skip
    path = write_values(tmp_path, values_data(document=document))
    assert compose(path, language="it").authoritative is None
    assert compose(path, language="en").authoritative == "Italian"
    assert "The Italian version is the authoritative text" in compose(path, language="en").markdown


# --- HTML: language, direction, fonts, anchors ------------------------------------------


@pytest.fixture(scope="module")
def html_chapters(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], str]:
    out = tmp_path_factory.mktemp("html")
    chapters = {}
    for example in EXAMPLES:
        for output in build(example, languages=LANGUAGES, formats=["html"], out_dir=out).outputs:
            language = output.suffixes[-2].lstrip(".")
            chapters[example.stem, language] = output.read_text(encoding="utf-8")
    return chapters


@pytest.mark.parametrize(
    ("language", "attributes"),
    [
        ("en", 'lang="en" dir="ltr"'),
        ("it", 'lang="it" dir="ltr"'),
        ("tl", 'lang="tl" dir="ltr"'),
        ("ur", 'lang="ur" dir="rtl"'),
        ("zh", 'lang="zh-CN" dir="ltr"'),
    ],
)
def test_html_has_the_language_direction_and_named_fonts(
    language: str, attributes: str, html_chapters: dict[tuple[str, str], str]
) -> None:
    html = html_chapters["acme-outfitters", language]
    assert f"<html {attributes}>" in html
    fonts = typesetting()[language].fonts
    assert f'--body-font: "{fonts.body[0]}"' in html
    assert f'--heading-font: "{fonts.heading[0]}"' in html


def test_urdu_running_header_and_page_numbers_swap_sides(
    html_chapters: dict[tuple[str, str], str],
) -> None:
    def header_sides(html: str) -> tuple[str, str]:
        company = re.search(r"@top-(left|right) \{\s*content: string\(company\)", html)
        version = re.search(r"@top-(left|right) \{\s*content: string\(version-label\)", html)
        assert company and version
        return company[1], version[1]

    assert header_sides(html_chapters["acme-outfitters", "en"]) == ("left", "right")
    assert header_sides(html_chapters["acme-outfitters", "ur"]) == ("right", "left")


@pytest.mark.parametrize("language", LANGUAGES)
def test_contents_links_reach_readable_heading_anchors(
    language: str, html_chapters: dict[tuple[str, str], str]
) -> None:
    html = html_chapters["acme-outfitters", language]
    anchors = set(re.findall(r'<h[23] id="([^"]+)"', html))
    links = re.findall(r'<li><a href="#([^"]+)"', html)
    assert links and set(links) <= anchors
    title = load_catalog(language).values["honesty"].title
    anchor = github_slug(title)
    assert anchor in anchors
    if language in ("ur", "zh"):  # the heading's own script, not a transliteration
        assert anchor and not anchor.isascii(), anchor


# --- Staleness: the English changes, the translation does not ---------------------------


def test_changed_english_wording_makes_every_translation_stale(templates_copy: Path) -> None:
    english = templates_copy / "catalog" / "en" / "values.yaml"
    text = english.read_text(encoding="utf-8")
    english.write_text(
        text.replace("We tell the truth,", "We always tell the truth,", 1), encoding="utf-8"
    )
    new = fingerprint(load_catalog("en").values["honesty"])
    for language in TRANSLATED:
        problems = translation_problems(language)
        assert [(p.severity, p.path) for p in problems] == [("warning", "honesty")], language
        problem = problems[0]
        assert problem.file == str(templates_copy / "catalog" / language / "values.yaml")
        assert f"stale {NAMES[language]} translation" in problem.message
        assert f"the English is now {new}" in problem.message
        assert f"then set source: {new}" in problem.message
        with pytest.raises(InvalidInputError):
            check([EXAMPLES[0]], [language], strict=True)
        assert check([EXAMPLES[0]], [language]).warnings == problems


def test_a_missing_translation_is_an_error_naming_the_entry(templates_copy: Path) -> None:
    tagalog = templates_copy / "catalog" / "tl" / "terms.yaml"
    text = tagalog.read_text(encoding="utf-8")
    start = text.index("\nfrequency:") + 1
    end = start + text[start:].index("\n\n") + 2  # to the next vocabulary
    tagalog.write_text(text[:start] + text[end:], encoding="utf-8")
    problems = translation_problems("tl")
    assert [(p.severity, p.path) for p in problems] == [("error", "frequency")]
    assert problems[0].file.endswith("catalog/en/terms.yaml")
    assert "no Tagalog translation — translate this entry into catalog/tl/terms.yaml" in (
        problems[0].message
    )
    # Not inside the copy: the build reads it as its built-in templates, and never writes there.
    out = templates_copy.parent / "out"
    with pytest.raises(InvalidInputError):
        build(EXAMPLES[0], languages=["tl"], formats=["md"], out_dir=out)
    assert not out.exists()


def test_fuzzy_and_untranslated_template_strings(templates_copy: Path) -> None:
    po = templates_copy / "locale" / "zh" / "LC_MESSAGES" / "ethos.po"
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgid "Contents"', '#, fuzzy\nmsgid "Contents"', 1)
    text = re.sub(r'(msgid "Training"\nmsgstr )"[^"]*"', r'\1""', text)
    po.write_text(text, encoding="utf-8")
    problems = {(p.severity, p.message.split(":")[0]) for p in translation_problems("zh")}
    assert problems == {
        ("warning", 'stale Chinese translation of "Contents"'),
        ("error", 'no Chinese translation of "Training" — translate it in zh/LC_MESSAGES/ethos.po (run `make messages` to add the entry)'),
    }  # fmt: skip


def test_message_template_is_in_sync_with_the_templates() -> None:
    """`make messages` was run after the last change to a translatable string."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (REPOSITORY / "babel.cfg").open(encoding="utf-8") as stream:
        method_map, options_map = parse_mapping_cfg(stream)
    extracted = {
        message[2] if isinstance(message[2], str) else message[2][0]
        for message in extract_from_dir(REPOSITORY, method_map, options_map)
    }
    committed = {
        message.id if isinstance(message.id, str) else message.id[0]  # plurals: (one, many)
        for message in message_template()
        if message.id
    }
    assert extracted == committed, "run `make messages`, then translate what it added"


def test_keywords_are_comma_separated_in_every_language(
    built_all: dict[tuple[str, str], Path],
) -> None:
    """HTML's keywords are comma-separated tokens (Word's too): a translation's "،" or
    "、" would make the whole list one keyword."""
    for (example, language), pdf in built_all.items():
        html = pdf.with_suffix(".html").read_text(encoding="utf-8")
        [content] = re.findall(r'<meta name="keywords" content="([^"]*)">', html)
        keywords = [keyword.strip() for keyword in content.split(",")]
        assert len(keywords) == 4 and all(keywords), (example, language, content)
        assert not set(content) & set("،、，;؛"), (example, language, content)
