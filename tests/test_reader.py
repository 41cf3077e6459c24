"""The plain-text readers: every piece of the news layout in its place, errors that say where."""

from __future__ import annotations

from datetime import date, datetime
from itertools import pairwise
from pathlib import Path

import pytest

from kg.articles import ArticleError, decode_text, find_inputs, parse_plain_text, read_article
from kg.articles.plaintext import parse_date_line
from kg.model import Article
from tests.conftest import FIXTURES, SEED


def section_texts(article: Article, kind: str) -> list[str]:
    return [article.text[s.span.begin : s.span.end] for s in article.sections if s.kind == kind]


@pytest.fixture(scope="module")
def seed() -> Article:
    return read_article(SEED)


@pytest.fixture(scope="module")
def variant() -> Article:
    return read_article(FIXTURES / "layout_variant.txt")


def test_seed_metadata(seed: Article) -> None:
    assert seed.identifier == "000_0001cfc20b1d3929.txt"
    assert seed.headline and seed.headline.startswith("The Kremlin says Putin")
    assert seed.description and seed.description.startswith("Vladimir Putin is still hoping")
    assert seed.published == datetime(2021, 3, 19, 13, 46)
    assert [a.name for a in seed.authors] == ["Andrey Biryukov"]
    assert seed.dateline is not None and seed.dateline.name == "Moscow"
    assert seed.image is not None and seed.image.credit == "REUTERS/SPUTNIK/VYACHESLAV PROKOFYEV"
    assert seed.image.caption.endswith("March 18 2021.")


def test_named_spans_point_at_their_text(seed: Article, variant: Article) -> None:
    for article in (seed, variant):
        named = [*article.authors, *([article.dateline] if article.dateline else [])]
        for item in named:
            assert article.text[item.span.begin : item.span.end] == item.name


def test_seed_related_articles(seed: Article) -> None:
    assert [r.age for r in seed.related] == [
        "21 hours ago",
        "2 days ago",
        "1 month ago",
        "2 months ago",
    ]
    assert (
        seed.related[0].headline == "Diplomatic spat intensifies after Biden calls Putin a killer"
    )
    assert seed.related[3].headline.startswith("IAN BREMMER:")
    assert all(r.summary for r in seed.related)


def test_body_holds_only_the_body(seed: Article) -> None:
    body = "\n".join(section_texts(seed, "body"))
    assert body.startswith("Moscow — Russian President")
    assert body.endswith("earlier this year.")
    for stray in ("Picture:", "13:46", "21 hours ago", "Diplomatic spat", "Andrey Biryukov"):
        assert stray not in body
    assert len(section_texts(seed, "body")) == 6


def test_sections_do_not_overlap(seed: Article, variant: Article) -> None:
    for article in (seed, variant):
        spans = sorted((s.span.begin, s.span.end) for s in article.sections)
        assert all(a[1] <= b[0] for a, b in pairwise(spans))


def test_stored_text_is_the_input_verbatim(seed: Article) -> None:
    assert seed.text == SEED.read_text(encoding="utf-8")


def test_other_article_in_the_same_layout(variant: Article) -> None:
    """Another date style, two authors, a 'Photo:' credit, an agency dateline, mixed related."""
    assert (
        variant.headline
        == "Harbour workers in Valmont end strike after pay deal with port authority"
    )
    assert variant.published == datetime(2022, 3, 3, 9, 15)
    assert [a.name for a in variant.authors] == ["Tomasz Wierzbicki", "Helen Marsh"]
    assert variant.image is not None and variant.image.credit == "EASTPORT PRESS/JONAS LEE"
    assert variant.dateline is not None and variant.dateline.name == "VALMONT"
    assert [(r.headline[:20], r.summary is not None, r.age) for r in variant.related] == [
        ("Storm closes Valmont", False, "3 days ago"),
        ("Northern Ports Autho", True, "2 weeks ago"),
    ]
    body = section_texts(variant, "body")
    assert len(body) == 4 and body[-1].startswith("Port director")


def test_a_body_that_opens_with_a_date_is_not_a_byline() -> None:
    text = "Campaign turns\n\nMarch 3, 2016 was the day it changed.\n\nMore text here."
    article = parse_plain_text(text, "x.txt")
    assert article.source_format == "text/plain" and article.published is None
    assert [s.kind for s in article.sections] == ["headline", "body", "body"]


def test_minimal_news_layout_without_standfirst_caption_or_related() -> None:
    text = "Short headline\n\n2 June 2020 Jo Bloggs\nLONDON — It rained.\n\nIt stopped.\n"
    article = parse_plain_text(text, "x.txt")
    assert article.source_format == "text/news"
    assert article.description is None and article.image is None and not article.related
    assert [a.name for a in article.authors] == ["Jo Bloggs"]
    assert [s.kind for s in article.sections] == ["headline", "byline", "body", "body"]


def test_generic_text_first_line_is_the_headline() -> None:
    article = read_article(FIXTURES / "generic.txt")
    assert article.headline == "City council approves new cycling lanes"
    assert article.published is None and not article.authors and not article.related
    assert [s.kind for s in article.sections] == ["headline", "body", "body"]


def test_a_one_line_documents_headline_is_its_first_sentence() -> None:
    body = " ".join(["The council met on Tuesday and voted on the plan ."] * 5)
    text = f"Harbour plan approved after long row . VALMONT 1996-08-30 {body}\n"
    article = parse_plain_text(text, "x.txt")
    assert article.headline == "Harbour plan approved after long row"
    headline, rest = article.sections
    assert (headline.kind, rest.kind) == ("headline", "body")
    assert text[headline.span.begin : headline.span.end] == article.headline
    assert text[rest.span.begin : rest.span.end] == text[39:].rstrip()
    assert article.dateline is not None and article.dateline.name == "VALMONT"
    # A stop after initials ends no sentence; a short first line stays whole.
    text = f"The U.S. Senate and the U.N. Security Council met on {body}\n"
    assert parse_plain_text(text, "y.txt").headline.startswith("The U.S. Senate and the U.N.")
    assert parse_plain_text("Port reopens . Ships sail .\n", "z.txt").headline == (
        "Port reopens . Ships sail ."
    )


def test_generic_text_keeps_offsets_of_the_gold_layout() -> None:
    text = "Title line\n\nFirst paragraph.\nSecond line of it.\n\nLast one."
    article = parse_plain_text(text, "x.txt")
    assert article.text == text
    body = [text[s.span.begin : s.span.end] for s in article.sections if s.kind == "body"]
    assert body == ["First paragraph.\nSecond line of it.", "Last one."]


@pytest.mark.parametrize(
    ("line", "expected", "rest"),
    [
        (
            "19 March 2021 - 13:46 Andrey Biryukov",
            datetime(2021, 3, 19, 13, 46),
            " Andrey Biryukov",
        ),
        ("March 19, 2021 | 1:46 pm | By A Lee", datetime(2021, 3, 19, 13, 46), " | By A Lee"),
        ("2021-03-19 08:00 GMT John Smith", datetime(2021, 3, 19, 8, 0), " John Smith"),
        ("5 May 2020 Ann Jones", date(2020, 5, 5), " Ann Jones"),
        ("19 March 2021 - 13:46 Amanda Smith", datetime(2021, 3, 19, 13, 46), " Amanda Smith"),
        ("Published: 1 Sept 2023", date(2023, 9, 1), ""),
        ("1 May 2023 By Ursula von der Leyen", date(2023, 5, 1), " By Ursula von der Leyen"),
    ],
)
def test_date_lines(line: str, expected: date, rest: str) -> None:
    assert parse_date_line(line) == (expected, rest)


@pytest.mark.parametrize(
    "line",
    [
        "Moscow — Russian President",
        "31 February 2021 Ann",
        "2021",
        "March 3, 2016 was the day the campaign changed course",
        "On 5 May 2020 Ann Jones resigned",
    ],
)
def test_not_date_lines(line: str) -> None:
    assert parse_date_line(line) is None


def test_errors_name_the_file_and_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n")
    with pytest.raises(ArticleError, match=r"empty\.txt: empty file"):
        read_article(empty)
    bad = tmp_path / "undecodable.txt"
    bad.write_bytes(b"Headline\n\nCaf\xe9 \x81 society\n")  # 0x81 is in no 8-bit text here
    with pytest.raises(ArticleError, match=r"undecodable\.txt:3: not valid UTF-8") as caught:
        read_article(bad)
    assert caught.value.line == 3
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(ArticleError, match="binary"):
        read_article(binary)


def test_decode_normalises_newlines_and_bom() -> None:
    assert decode_text("\ufeffA\r\nB\rC".encode(), "x") == ("A\nB\nC", "utf-8")


def test_windows_1252_is_the_fallback(tmp_path: Path) -> None:
    path = tmp_path / "pounds.txt"
    path.write_bytes("Prices\n\nIt cost £5 – “cheap”.\n".encode("windows-1252"))
    article = read_article(path)
    assert article.encoding == "windows-1252"
    assert "It cost £5 – “cheap”." in article.text


def test_find_inputs_walks_folders_in_order_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    for name in ("b/2.txt", "a.txt", ".hidden.txt", "notes.md", "CURRENT"):
        (tmp_path / name).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in find_inputs([tmp_path])]
    assert found == ["a.txt", "b/2.txt"]
    assert list(find_inputs([tmp_path / "CURRENT"])) == [tmp_path / "CURRENT"]


def test_find_inputs_takes_files_in_the_order_of_their_sorted_paths(tmp_path: Path) -> None:
    # A folder's files come where its name sorts, before a file whose name it begins; and a
    # link to a folder is not followed.
    names = ("a b.txt", "a.txt", "a/b/1.txt", "a/2.txt", "a b/3.txt", "A.txt", "a-c.txt")
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / "link").symlink_to(tmp_path / "a", target_is_directory=True)
    found = [p.relative_to(tmp_path).as_posix() for p in find_inputs([tmp_path])]
    assert found == [
        p.relative_to(tmp_path).as_posix() for p in sorted(map(tmp_path.joinpath, names))
    ]
    assert found[:3] == ["A.txt", "a/2.txt", "a/b/1.txt"]


def test_a_huge_file_is_refused_by_name(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Headline\n\n" + ("All work and no play. " * 40 + "\n") * 60_000)
    with pytest.raises(ArticleError, match=r"big\.txt: 5\d\.\d MB is too large for one article"):
        read_article(big)
