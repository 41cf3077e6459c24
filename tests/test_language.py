"""The language an article is read in: the pipeline's, unless the identifier is sure of another
(or the input declares another that the text bears out); another language's article keeps its
text and metadata only."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.articles import read_article
from kg.cli import main
from kg.config import Settings
from kg.extract.language import language_of, primary_subtag
from kg.store import Store
from kg.vocab import NIF
from tests.conftest import ingested

ENGLISH = (
    "The harbour authority announced on Tuesday that the new ferry terminal would open in spring, "
    "after two years of delays caused by a dispute over the cost of dredging the channel."
)
GERMAN = (
    "Die Hafenbehörde teilte am Dienstag mit, dass das neue Fährterminal im Frühjahr eröffnet "
    "werde, nach zwei Jahren Verzögerung wegen eines Streits über die Kosten der Ausbaggerung."
)
ITALIAN = (
    "L'autorità portuale ha annunciato martedì che il nuovo terminal dei traghetti aprirà in "
    "primavera, dopo due anni di ritardi dovuti a una disputa sui costi del dragaggio."
)


@pytest.mark.parametrize(
    ("text", "declared", "read_as"),
    [
        (ENGLISH, None, "en"),
        (GERMAN, None, "de"),
        (ITALIAN, None, "it"),
        (GERMAN, "en-US", "de"),  # a template's lang="en" does not make German English
        (ENGLISH, "de", "en"),  # nor does lang="de" make English German
        # a sentence of foreign names is English still; too short to tell, the pipeline's
        ("Jürgen Müller was born in Neunkirchen and moved to Düsseldorf.", None, "en"),
        ("Guten Tag, Frau Schmidt.", None, "en"),
    ],
)
def test_the_language_an_article_is_read_in(text: str, declared: str | None, read_as: str) -> None:
    assert language_of(text, "en", declared) == read_as


def test_a_multilingual_pipeline_reads_every_language_and_says_which_when_it_can_tell() -> None:
    assert language_of(GERMAN, "xx") == "de"
    assert language_of("Guten Tag, Frau Schmidt.", "xx", "de-AT") == "de"
    assert language_of("Guten Tag, Frau Schmidt.", "xx") == "xx"


@pytest.mark.parametrize(
    ("tag", "subtag"),
    [("en-GB", "en"), ("de_DE", "de"), ("EN", "en"), ("zh-Hant-TW", "zh"), ("", None),
     ("english", None), ("x", None)],
)  # fmt: skip
def test_a_declared_tag_gives_its_language(tag: str, subtag: str | None) -> None:
    assert primary_subtag(tag) == subtag


def test_html_and_json_inputs_declare_their_language(tmp_path: Path) -> None:
    body = "".join(f"<p>{ENGLISH}</p>" for _ in range(3))
    page = tmp_path / "page.html"
    page.write_text(f'<html lang="en-GB"><head><title>Ferry</title></head><body><article>{body}')
    assert read_article(page).language == "en-GB"
    ld = {"@type": "NewsArticle", "headline": "Fähre", "inLanguage": "de"}
    script = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    page.write_text(f'<html lang="en"><head>{script}</head><body><article>{body}')
    assert read_article(page).language == "de"  # the article's own, before the page's
    record = tmp_path / "a.json"
    record.write_text(json.dumps({"id": "a", "text": GERMAN, "language": "de"}))
    assert read_article(record).language == "de"


LANGUAGE = """
SELECT ?id ?language (COUNT(DISTINCT ?thing) AS ?things) WHERE {
  GRAPH ?g {
    ?article <http://schema.org/identifier> ?id ;
             <http://schema.org/inLanguage> ?language .
    OPTIONAL { { ?article <http://schema.org/mentions> ?thing }
               UNION { ?thing <https://w3id.org/newskg/ns#reportedIn> ?article } }
  }
} GROUP BY ?id ?language ORDER BY ?id"""


@pytest.mark.parametrize("workers", [1, 2])
def test_an_article_in_another_language_keeps_its_text_and_metadata_only(
    settings: Settings, tmp_path: Path, workers: int
) -> None:
    quote = '"We will open in spring," said Anna Berg, the director of the port of Valmont.'
    for name, body in [("a_en", ENGLISH), ("b_de", GERMAN), ("c_it", ITALIAN)]:
        said = quote if name == "a_en" else ""
        (tmp_path / f"{name}.txt").write_text(f"Headline\n\n{body} {said} {body}\n")
    store = Store()
    results = ingested([tmp_path], store, replace(settings, workers=workers))
    notes = [r.message for r in results]
    assert notes[0] == "ingested (no publication date: times are not resolved)"
    assert notes[1].startswith("ingested (in another language (de): text and metadata only")
    assert notes[2].startswith("ingested (in another language (it)")
    rows = [(r["id"], r["language"], int(r["things"])) for r in store.select(LANGUAGE)]
    assert [row[:2] for row in rows] == [("a_en.txt", "en"), ("b_de.txt", "de"), ("c_it.txt", "it")]
    assert rows[0][2] >= 3 and rows[1][2] == rows[2][2] == 0
    texts = f"SELECT ?s WHERE {{ ?t <{NIF}isString> ?s }}"
    assert sum(GERMAN in r["s"] for r in store.select(texts)) == 1


def test_the_summary_counts_the_articles_in_another_language(tmp_path: Path) -> None:
    (tmp_path / "a_en.txt").write_text(f"Headline\n\n{ENGLISH}\n")
    (tmp_path / "b_de.txt").write_text(f"Schlagzeile\n\n{GERMAN}\n")
    store = str(tmp_path / "store")
    result = CliRunner().invoke(
        main,
        ["ingest", "-q", str(tmp_path / "a_en.txt"), str(tmp_path / "b_de.txt"), "--store", store],
    )
    assert result.exit_code == 0, result.output
    assert "2 ingested (1 in another language: text and metadata only), 0 unchanged" in (
        result.output
    )
