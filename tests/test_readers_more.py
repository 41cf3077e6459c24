"""HTML pages and JSON records: metadata in place, main text without boilerplate, errors per
record that name file and line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from kg.articles import (
    ArticleError,
    RecordFields,
    count_json_records,
    read_article,
    read_inputs,
)
from kg.articles.errors import MAX_ARTICLE_CHARACTERS
from kg.articles.files import JSON_PIECE_BYTES, _cut, _json_pieces
from kg.articles.html import _byline_names
from kg.articles.records import read_json_records
from kg.model import Article
from tests.conftest import FIXTURES


def test_html_page_with_news_jsonld() -> None:
    article = read_article(FIXTURES / "page.html")
    assert article.source_format == "text/html" and article.identifier == "page.html"
    assert article.headline == "Harbour workers in Valmont end strike"
    assert article.published == datetime(2022, 3, 3, 9, 15)
    assert [a.name for a in article.authors] == ["Helen Marsh"]
    assert (
        article.url == "https://eastport.example/strike" and article.publisher == "Eastport Press"
    )
    body = " ".join(
        article.text[s.span.begin : s.span.end] for s in article.sections if s.kind == "body"
    )
    assert "voted to end a nine-day strike" in body and "fair result for families" in body
    assert "Sign up" not in article.text and "Cookie" not in article.text
    for author in article.authors:
        assert article.text[author.span.begin : author.span.end] == author.name


def _page(head: str, body_words: str) -> str:
    paragraphs = "".join(f"<p>{body_words} Paragraph {i} goes on a while.</p>" for i in range(4))
    return f"<html><head>{head}</head><body><article>{paragraphs}</article></body></html>"


def _ferry_page(tmp_path: Path, head: str, before: str = "", after: str = "") -> Path:
    """A page of four paragraphs of article text, with what comes `before` and `after` them."""
    words = "The ferry company raised its fares for the winter timetable on the island."
    paragraphs = "".join(f"<p>{words} Paragraph {i} goes on a while.</p>" for i in range(4))
    page = tmp_path / "ferry.html"
    page.write_text(
        f"<html><head>{head}</head><body><article>{before}{paragraphs}{after}</article></body></html>"
    )
    return page


def test_html_metadata_escaped_twice_is_read_as_text(tmp_path: Path) -> None:
    ld = {
        "@type": "NewsArticle",
        "headline": "Ferry fares rise &#8211; the island&#8217;s council objects",
        "author": {"name": "Ana L&#246;fgren"},
    }
    page = tmp_path / "ferry.html"
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    page.write_text(_page(head, "The ferry company raised its fares for the winter timetable."))
    article = read_article(page)
    assert article.headline == "Ferry fares rise \u2013 the island\u2019s council objects"
    assert [a.name for a in article.authors] == ["Ana L\u00f6fgren"]


def test_html_author_initials_keep_their_stops(tmp_path: Path) -> None:
    # trafilatura strips the stops from names; the page's spelling brings them back
    page = tmp_path / "ferry.html"
    head = '<meta name="author" content="J.R. Osei"><title>Ferry fares rise</title>'
    page.write_text(_page(head, "The ferry company raised its fares for the winter timetable."))
    assert [a.name for a in read_article(page).authors] == ["J.R. Osei"]


def test_html_placeholder_author_is_nobody(tmp_path: Path) -> None:
    page = tmp_path / "ferry.html"
    ld = {"@type": "NewsArticle", "headline": "Ferry fares rise", "author": {"name": "No Author"}}
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    page.write_text(_page(head, "The ferry company raised its fares for the winter timetable."))
    assert read_article(page).authors == ()


@pytest.mark.parametrize(
    ("headings", "headline"),
    [
        ("<h1>Ferry fares rise for the winter</h1>", "Ferry fares rise for the winter"),
        # a kicker before the declared headline, a heading of sections, a label: the declared
        (
            "<h1>Transport: Ferry fares rise - Eastport Press</h1>",
            "Ferry fares rise - Eastport Press",
        ),
        ("<h1>Local News | Entry</h1>", "Ferry fares rise - Eastport Press"),
        ("<h1>Transport</h1>", "Ferry fares rise - Eastport Press"),
        (
            "<h1>Ferry fares rise again</h1><h1>Island news today</h1>",
            "Ferry fares rise - Eastport Press",
        ),
    ],
)
def test_html_headline_is_the_one_the_page_shows(
    tmp_path: Path, headings: str, headline: str
) -> None:
    declared = {"@type": "NewsArticle", "headline": "Ferry fares rise - Eastport Press"}
    head = (
        "<title>Ferry fares rise - Eastport Press</title>"
        f'<script type="application/ld+json">{json.dumps(declared)}</script>'
    )
    article = read_article(_ferry_page(tmp_path, head, before=headings))
    assert article.headline == headline
    assert article.text.startswith(headline + "\n\n")


def test_html_site_notices_are_not_the_articles_words(tmp_path: Path) -> None:
    notices = (
        "<p>Subscribe now to our print edition for the full story.</p>"
        "<p>Follow the Eastport Press on Twitter and Instagram.</p>"
        "<p>© 2022 Eastport Press. All rights reserved.</p>"
    )
    kept = "<p>Subscribers to the winter pass will pay the old fares until March, the company said.</p>"
    head, title = "<title>Ferry fares rise</title>", "<h1>Ferry fares rise for the winter</h1>"
    text = read_article(_ferry_page(tmp_path, head, before=title, after=kept + notices)).text
    assert "Subscribers to the winter pass" in text and "Paragraph 3" in text
    assert "Subscribe now" not in text and "Twitter" not in text and "rights" not in text


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        (  # a template's byline, the name and the time stamp in elements of their own
            '<div data-testid="card-byline"><span>By</span><a href="/lo">Lena Ortiz</a>'
            "<span>Thursday, March 3, 2022 9:15AM</span></div>",
            ["Lena Ortiz"],
        ),
        (
            '<p class="byline">By Lena Ortiz, J.R. Osei and Tomas Berg</p>',
            ["Lena Ortiz", "J.R. Osei", "Tomas Berg"],
        ),
        ('<span class="author-name">Lena Ortiz</span>', ["Lena Ortiz"]),
        ('<div id="comments"><span class="byline">By Bo Ray</span></div>', []),  # a reader's
    ],
)
def test_html_byline_element_names_the_authors_metadata_does_not(
    tmp_path: Path, byline: str, authors: list[str]
) -> None:
    head, title = "<title>Ferry fares rise</title>", "<h1>Ferry fares rise</h1>"
    article = read_article(_ferry_page(tmp_path, head, before=title + byline))
    assert [a.name for a in article.authors] == authors
    for author in article.authors:
        assert article.text[author.span.begin : author.span.end] == author.name


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Posted on March 3, 2022 by Lena Ortiz", ["Lena Ortiz"]),
        ("By Lena Ortiz and Tomas Berg | Updated 9:15 AM", ["Lena Ortiz", "Tomas Berg"]),
        ("BY ANA DE LA CRUZ Staff Writer", ["ANA DE LA CRUZ"]),
        ("Lena Ortiz", ["Lena Ortiz"]),
        ("Lena Ortiz is our transport reporter", []),  # a note about her, not a byline
        ("Share this story", []),
        ("Ortiz", []),
    ],
)
def test_byline_text_gives_the_names_it_begins_with(text: str, names: list[str]) -> None:
    assert _byline_names(text) == names


def test_html_dateline_opens_the_body(tmp_path: Path) -> None:
    page = tmp_path / "ferry.html"
    body = "The ferry company raised its fares for the winter timetable on all routes."
    page.write_text(
        "<html><head><title>Ferry fares rise</title></head><body><article>"
        f"<p>PORT ELLEN, ISLAY (VNS) — {body}</p>"
        + "".join(f"<p>{body} Paragraph {i} goes on.</p>" for i in range(3))
        + "</article></body></html>"
    )
    article = read_article(page)
    assert article.dateline is not None and article.dateline.name == "PORT ELLEN"
    span = article.dateline.span
    assert article.text[span.begin : span.end] == "PORT ELLEN"


def test_html_without_an_article_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><nav>Home | About</nav></body></html>")
    (error,) = list(read_inputs(empty))
    assert isinstance(error, ArticleError) and "no article text" in error.reason


def test_json_lines_one_article_per_record_and_errors_by_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        '{"id": "a1", "title": "Port reopens", "text": "Ships sailed again.\\n\\nCranes moved.", "date": "2022-03-04"}\n'
        "not json\n"
        '{"id": "a3", "title": "No body"}\n'
        '{"title": "Fourth", "body": "Text in another field.", "author": "Ann Lee; Bo Ray"}\n'
    )
    items = list(read_inputs(path))
    assert [type(i).__name__ for i in items] == [
        "Article",
        "ArticleError",
        "ArticleError",
        "Article",
    ]
    first, bad_json, no_text, fourth = items
    assert first.identifier == "a1" and first.headline == "Port reopens"  # type: ignore[union-attr]
    assert first.text == "Port reopens\n\nShips sailed again.\n\nCranes moved."  # type: ignore[union-attr]
    assert str(bad_json).startswith(f"{path}:2: not JSON")
    assert str(no_text).startswith(f"{path}:3: no text")
    assert fourth.identifier == "feed.jsonl#4"  # type: ignore[union-attr]
    assert [a.name for a in fourth.authors] == ["Ann Lee", "Bo Ray"]  # type: ignore[union-attr]


def test_json_lines_are_read_a_line_at_a_time_each_in_its_encoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Never read whole (a feed may be larger than memory), so a line that is not UTF-8 is
    # decoded on its own, and one that no encoding takes fails alone.
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read whole"))
    path = tmp_path / "feed.jsonl"
    path.write_bytes(
        '{"id": "u", "text": "Caf\u00e9 in UTF-8."}\r\n'.encode()
        + b'{"id": "w", "text": "Caf\xe9 in Windows-1252."}\n'
        + b'{"id": "x", "text": "Control \x81 byte."}\r'
        + b'{"id": "y", "text": "After it."}'
    )
    utf8, windows, undecodable, after = read_inputs(path)
    assert utf8.text == "Caf\u00e9 in UTF-8."  # type: ignore[union-attr]
    assert windows.text == "Caf\u00e9 in Windows-1252."  # type: ignore[union-attr]
    assert str(undecodable).startswith(f"{path}:3: not valid UTF-8 (byte 0x81)")
    assert after.identifier == "y"  # type: ignore[union-attr]
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"\n  \n")
    assert [str(e) for e in read_inputs(empty)] == [f"{empty}: empty file"]
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b'{"id": "b"}\n\x1f\x8b\x00\x00')
    assert [str(e) for e in read_inputs(binary)] == [
        f"{binary}:2: binary file (NUL bytes), not text"
    ]


def test_a_text_too_long_for_one_article_is_refused_by_name_and_line_and_the_rest_go_on(
    tmp_path: Path,
) -> None:
    # Extraction's memory follows an article's length: past the limit a text is refused, in
    # every format, before any of it is parsed; a record at the limit goes through.
    words = "Ships sailed again. " * (MAX_ARTICLE_CHARACTERS // 20)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "at", "text": words[: MAX_ARTICLE_CHARACTERS - 1] + "!"})
        + "\n"
        + json.dumps({"id": "over", "text": words + "More."})
        + "\n"
        + json.dumps({"id": "after", "text": "Cranes moved."})
        + "\n"
    )
    at, over, after = read_inputs(feed)
    assert isinstance(at, Article) and len(at.text) == MAX_ARTICLE_CHARACTERS
    assert str(over) == (
        f"{feed}:2: text of {MAX_ARTICLE_CHARACTERS + 5:,} characters is too long for one "
        f"article (limit {MAX_ARTICLE_CHARACTERS:,}): split it into articles"
    )
    assert isinstance(after, Article) and after.identifier == "after"
    plain = tmp_path / "book.txt"
    plain.write_text("A headline\n\n" + words.replace(". ", ".\n\n") + "\n")
    html = tmp_path / "book.html"
    html.write_text(
        f"<html><body><article><h1>A headline</h1><p>{words}</p></article></body></html>"
    )
    for path in (plain, html):
        (error,) = read_inputs(path)
        assert isinstance(error, ArticleError) and str(error).startswith(f"{path}: text of ")
        assert error.reason.endswith(f"(limit {MAX_ARTICLE_CHARACTERS:,}): split it into articles")


def test_a_json_list_is_read_a_record_at_a_time_with_errors_by_record_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Never read whole (an export may be larger than memory): parsed as it is read, in pieces,
    # each in its encoding; a record without text fails alone, and a parse error
    # stops the file at its line, after the records before it.
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read whole"))
    path = tmp_path / "export.json"
    path.write_bytes(
        b'\xef\xbb\xbf[\r\n  {"id": 7, "title": "Caf\xc3\xa9 opens", "text": "It opened."},\n'
        + b'  {"title": "No text"},\n'
        + b'  {"text": "Caf\xe9 in Windows-1252.", "date": "2022-03-04", "score": 0.5},\n'
        + b'  {"text": "Cut short." ]\n'
    )
    first, no_text, third, broken = read_inputs(path)
    assert isinstance(first, Article) and (first.identifier, first.headline) == (
        "7",
        "Caf\u00e9 opens",
    )
    assert (
        str(no_text)
        == f"{path}: record 2: no text in any of the fields {', '.join(RecordFields().text)}"
    )
    assert isinstance(third, Article) and third.identifier == "export.json#3"
    assert third.text == "Caf\u00e9 in Windows-1252." and third.published == datetime(2022, 3, 4)
    assert isinstance(broken, ArticleError) and str(broken).startswith(f"{path}:5: not JSON: ")
    one = tmp_path / "one.json"
    for text in ('[{"text": "Alone."}]', '\n\n  {"text": "Alone."}\n'):
        one.write_text(text)
        (alone,) = read_inputs(one)
        assert isinstance(alone, Article) and alone.identifier == "one.json"
    for text, error in (
        ("[]", []),
        (" \n", [f"{one}: empty file"]),
        ('[{"text": "A."}] [', [f"{one}:1: not JSON: "]),
        ("\x00\x01", [f"{one}:1: binary file (NUL bytes), not text"]),
    ):
        one.write_text(text)
        items = list(read_inputs(one))
        assert [str(e)[: len(error[0])] for e in items if isinstance(e, ArticleError)] == [
            e for e in error
        ], text


def test_a_json_list_on_one_line_is_read_in_pieces_never_cut_inside_a_character(
    tmp_path: Path,
) -> None:
    texts = [f"Caf\u00e9 n\u00b0{n} costs 3\u20ac, " * (40 + n % 7) for n in range(400)]
    path = tmp_path / "minified.json"
    path.write_text(json.dumps([{"text": t} for t in texts], ensure_ascii=False), "utf-8")
    with path.open("rb") as stream:
        pieces = list(_json_pieces(_cut(stream), str(path)))
    assert len(pieces) > path.stat().st_size // JSON_PIECE_BYTES > 4
    assert all(isinstance(p, tuple) for p in pieces)
    assert max(len(p[1]) for p in pieces) <= JSON_PIECE_BYTES + 3  # type: ignore[index]
    assert b"".join(p[1] for p in pieces) == path.read_bytes()  # type: ignore[index]
    assert [a.text for a in read_inputs(path)] == [t.strip() for t in texts]  # type: ignore[union-attr]


def test_a_json_record_comes_before_the_lines_after_the_next_are_read() -> None:
    def pieces() -> Iterator[tuple[int, bytes]]:
        yield from [(1, b"[\n"), (2, b'{"text": "One."},\n'), (3, b'{"text": "Two."},\n')]
        pytest.fail("read past the record after the first")

    records = read_json_records(pieces(), "feed.json", "feed.json", RecordFields())
    first = next(records)
    assert isinstance(first, Article) and first.text == "One."


def test_a_json_file_counts_its_records_for_the_progress_bar(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    for text, records in (
        ('[{"text": "A", "authors": ["x", "y"]}, {"text": "B", "n": {"k": [1, 2]}}, "c"]', 3),
        ('\n{"text": "A", "list": [1, 2, 3]}', 1),
        ("[]", 0),
        ('[{"text": "A"}, {"text": "B"}, {"te', 3),
    ):
        path.write_text(text)
        with path.open("rb") as stream:
            assert count_json_records(stream) == records, text


def test_json_fields_can_be_named(tmp_path: Path) -> None:
    path = tmp_path / "items.json"
    path.write_text('[{"key": "x9", "heading": "Named fields", "story": "The story itself."}]')
    fields = RecordFields(text=("story",), title=("heading",), id=("key",))
    (article,) = list(read_inputs(path, fields))
    assert not isinstance(article, ArticleError)
    assert (article.identifier, article.headline) == ("x9", "Named fields")
