"""The knowledge base: building it from tables and from a real Wikidata dump sample, and
linking against it."""

from __future__ import annotations

import bz2
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import kg.link.kb as kb_module
from kg.link.build import build, dump_entities, entity_row, open_dump
from kg.link.kb import KnowledgeBase, KnowledgeBaseError, kb_qids, name_key
from kg.link.linker import Linker
from kg.model import Article, Entity, Extraction, Mention, Span
from tests.conftest import FIXTURES, ROOT

SAMPLES = ROOT.parent / "shared" / "data" / "wikidata-samples"
needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared Wikidata samples absent")


@pytest.fixture(scope="module")
def small_kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    path = tmp_path_factory.mktemp("kb") / "kb.sqlite"
    built = build([FIXTURES / "kb"], path)
    assert built == [("people", 2), ("places", 7)]
    return KnowledgeBase(path)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("U.S.", "US"),
        ("the White House", "White House"),
        ("Biden’s", "Biden"),
        ("São Paulo", "são paulo"),
        ("World Trade Organisation", "World Trade Organization"),
        ("Ministry of Defence", "Ministry of Defense"),
        ("Centre Party", "Center Party"),
    ],
)
def test_name_keys(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_spellings_change_whole_words_only() -> None:
    assert name_key("Centrepoint") == "centrepoint" and name_key("Isaac") == "isaac"


def test_tables_keep_sources_apart_and_merge_on_read(small_kb: KnowledgeBase) -> None:
    assert sorted(small_kb.sources) == ["people", "places"]
    licences = {name: licence for name, licence, _ in small_kb.stats()}
    assert licences["places"] == "CC0 (written for the tests)"
    items = small_kb.items(["Q159", "Q61", "Q404"])
    assert set(items) == {"Q159", "Q61"}
    assert items["Q61"].prior == 1.0  # hand-checked
    assert items["Q159"].sources == ("places",) and items["Q159"].type == "place"


def test_priors_are_percentiles_within_a_source(small_kb: KnowledgeBase) -> None:
    items = small_kb.items(["Q30", "Q159", "Q2608636"])
    assert items["Q30"].prior > items["Q159"].prior > items["Q2608636"].prior
    assert all(0.0 < i.prior <= 0.95 for i in items.values())


def test_items_of_equal_popularity_share_the_lowest_of_their_ranks(tmp_path: Path) -> None:
    folder = tmp_path / "brands"
    folder.mkdir()
    header = "qid\tlabel\taliases\tdescription\ttype\tpopularity\tsource\n"
    counts = {"Q5": 1, "Q1": 1, "Q4": 1, "Q2": 3, "Q3": 9}  # read in this order
    rows = [f"{q}\tBrand {q}\t\tshop\torganization\t{n}\tt\n" for q, n in counts.items()]
    (folder / "entities.tsv").write_text(header + "".join(rows), encoding="utf-8")
    build([folder], tmp_path / "kb.sqlite")
    priors = {
        q: item.prior for q, item in KnowledgeBase(tmp_path / "kb.sqlite").items(counts).items()
    }
    assert priors["Q5"] == priors["Q1"] == priors["Q4"] == 0.1 + 0.85 / 5
    assert priors["Q4"] < priors["Q2"] < priors["Q3"] == 0.95


def test_names_in_latin_script_only_and_no_country_codes(small_kb: KnowledgeBase) -> None:
    # A gazetteer's "country, US" gives no name "US": two letters are too many other things
    # ("BT", "GE", "MW"); news's short names of countries come from a hand-checked table.
    assert small_kb.items(["Q30"])["Q30"].description == "country, US"
    found = small_kb.qids_for([name_key("US"), name_key("Россия"), name_key("Putin")])
    assert found == {"us": set(), "россия": set(), "putin": {"Q7747"}}


def test_people_by_surname(small_kb: KnowledgeBase) -> None:
    found = small_kb.people_by_surname(["putin", "washington", "two words", "obama"])
    assert found == {"putin": {"Q7747"}, "washington": set(), "two words": set(), "obama": set()}
    assert small_kb.people_by_surname(["vladimir"]) == {"vladimir": set()}  # a first name


def test_kept_answers_are_the_first_answers(
    small_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Answers are kept, a bounded number of them: asked again, a name, an item or a surname
    gives what the file gave, whatever the caller did with the first answer."""
    kb = KnowledgeBase(small_kb.path)
    monkeypatch.setattr(kb_module, "NAMES_KEPT", 2)
    monkeypatch.setattr(kb_module, "ITEMS_KEPT", 2)
    keys = ["russia", "россия", "putin", "moscow"]
    kb.qids_for(keys)
    items = kb.items(["Q159", "Q404", "Q61"])
    surnames = kb.people_by_surname(["putin", "vladimir"])
    asked: list[str] = []
    each_source = kb._each_source

    def counted(select: str, values: list[str]) -> Iterator[tuple[Any, ...]]:
        asked.extend(values)
        return each_source(select, values)

    monkeypatch.setattr(kb, "_each_source", counted)
    again = kb.qids_for(["putin", "moscow"])
    assert again == small_kb.qids_for(["putin", "moscow"])
    again["putin"].add("Q1")  # the caller's set, not the kept answer
    assert kb.qids_for(["putin"]) == {"putin": {"Q7747"}}
    assert kb.items(["Q61", "Q404"]) == {"Q61": items["Q61"]}
    assert asked == []  # the latest answers are kept, unknown items too
    assert kb.qids_for(keys) == small_kb.qids_for(keys)
    assert kb.qids_for(["russia"])["russia"] == {"Q159"}
    assert "russia" in asked  # the oldest forgotten
    assert kb.items(["Q61", "Q159", "Q404"]) == items == small_kb.items(["Q159", "Q61"])
    assert kb.people_by_surname(["putin", "vladimir"]) == surnames
    assert len(kb._qids_named) <= 2 and len(kb._items) <= 2


def test_a_few_shapes_of_statement_answer_any_number_of_names(small_kb: KnowledgeBase) -> None:
    """Asked for 1 to 40 names at a time, the file is asked in seven shapes of statement (SQLite
    keeps each prepared, as large as its values), and every answer is as if asked alone."""
    kb = KnowledgeBase(small_kb.path)
    names = ["putin", "moscow", "russia", "россия"] + [f"nobody {n}" for n in range(36)]
    alone = {name: small_kb.qids_for([name])[name] for name in names}
    for count in range(1, len(names) + 1):
        kb._qids_named.clear()
        assert kb.qids_for(names[:count]) == {name: alone[name] for name in names[:count]}
    assert len(kb._statements) == 7  # 1, 2, 4, ... 64 values, not 40 shapes
    assert alone["putin"] == {"Q7747"}


def test_search(small_kb: KnowledgeBase) -> None:
    assert [i.qid for i in small_kb.search("washing")][:2] == ["Q61", "Q1223"]


def test_a_failed_build_leaves_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "dump.json"
    broken.write_text('[\n{"type": "item", "id": "Q1", "labels": {}},\nnot json\n]\n')
    with pytest.raises(ValueError):
        build([broken], tmp_path / "kb.sqlite")
    assert list(tmp_path.iterdir()) == [broken]
    with pytest.raises(KnowledgeBaseError, match="kg kb build"):
        KnowledgeBase(tmp_path / "kb.sqlite")


@needs_samples
def test_dump_sample_items(tmp_path: Path) -> None:
    """The real dump format: `[`, one entity per line ending in `,`, `]`, bz2-compressed."""
    path = tmp_path / "kb.sqlite"
    built = build([SAMPLES / "sample_wikidata_items.json.bz2"], path)
    assert built[0][0] == "wikidata" and 50 <= built[0][1] <= 100
    kb = KnowledgeBase(path)
    belgium = kb.items(["Q31"])["Q31"]
    assert belgium.label == "Belgium" and belgium.type == "place"
    assert "Kingdom of Belgium" in belgium.aliases
    assert ("P31", "Q3624078") in belgium.claims
    assert {"Q31"} <= kb.qids_for([name_key("Kingdom of Belgium")])["kingdom of belgium"]
    assert "Q31" in kb_qids(path)


@needs_samples
def test_dump_rows_popularity_is_sitelinks() -> None:
    with open_dump(SAMPLES / "sample_wikidata_items.json.bz2") as lines:
        rows = {r.qid: r for r in map(entity_row, dump_entities(lines)) if r}
    assert rows["Q31"].popularity == 319.0
    assert rows["Q31"].description
    with bz2.open(SAMPLES / "short_stream.json.bz2", "rt", encoding="utf-8") as handle:
        stream = [entity_row(e) for e in dump_entities(handle)]
    assert any(r is None for r in stream)  # no English label: not an item we can name
    assert all(r.label for r in stream if r is not None)


def _extraction(text: str, *entities: tuple[str, str]) -> Extraction:
    made = []
    for label, kind in entities:
        begin = text.index(label)
        span = Span(begin, begin + len(label))
        made.append(Entity(kind, label, (Mention(span, label, Span(0, len(text))),)))  # type: ignore[arg-type]
    return Extraction(Article("t.txt", text), tuple(made))


def linked(kb: KnowledgeBase, extraction: Extraction) -> dict[str, str]:
    return {extraction.entities[x.entity].label: x.qid for x in Linker(kb).link(extraction)}


def test_linker_types_priors_and_context(small_kb: KnowledgeBase) -> None:
    text = "Vladimir Putin spoke in Russia. The United States answered from Washington."
    result = linked(
        small_kb,
        _extraction(
            text,
            ("Vladimir Putin", "Person"),
            ("Russia", "Place"),
            ("United States", "Place"),
            ("Washington", "Place"),
        ),
    )
    assert result == {
        "Vladimir Putin": "Q7747",
        "Russia": "Q159",
        "United States": "Q30",
        "Washington": "Q61",
    }


def test_a_person_is_never_linked_to_a_place(small_kb: KnowledgeBase) -> None:
    text = "Washington said so."  # a person: not the city (a country's name would be the country)
    assert linked(small_kb, _extraction(text, ("Washington", "Person"))) == {}
    assert linked(small_kb, _extraction(text, ("Washington", "Place"))) == {"Washington": "Q61"}


def test_a_label_beats_a_strangers_alias(small_kb: KnowledgeBase) -> None:
    text = "Trains to Chicago were late."
    assert linked(small_kb, _extraction(text, ("Chicago", "Place"))) == {"Chicago": "Q1297"}


def test_in_sports_a_country_that_is_never_a_place_is_a_team(small_kb: KnowledgeBase) -> None:
    sports = "France beat Paris 2-1 in the league match. The coach praised the team and the goals."
    assert linked(small_kb, _extraction(sports, ("France", "Place"))) == {}
    travel = "The league match was played in France. The coach praised the team and the goals."
    assert linked(small_kb, _extraction(travel, ("France", "Place"))) == {"France": "Q142"}


def test_reasons_say_why(small_kb: KnowledgeBase) -> None:
    text = "Vladimir Putin met officials in Russia."
    extraction = _extraction(text, ("Vladimir Putin", "Person"), ("Russia", "Place"))
    (putin, _) = Linker(small_kb).link(extraction)
    assert putin.reasons[:2] == ("label match", "type person")
    assert any(r.startswith("description words in the article: russia") for r in putin.reasons)
    assert 0.62 <= putin.confidence <= 1.0
