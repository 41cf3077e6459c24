"""Rules that bring news names to the right item: nationality words, a gazetteer's namesake
regions, types and names a knowledge-base row corrects, wire datelines, spans that must break."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from kg.articles.plaintext import parse_plain_text
from kg.extract.nlp import _pieces
from kg.link.build import Row, corrected
from kg.link.demonyms import countries_by_demonym, demonym_forms
from kg.link.kb import KbItem
from kg.link.linker import Linker
from kg.model import Entity, Mention, Span

COUNTRIES = {
    q: KbItem(q, label, f"country, {code}", "place", 0.95, ("test",))
    for q, label, code in [
        ("Q796", "Iraq", "IQ"),
        ("Q1033", "Nigeria", "NG"),
        ("Q1032", "Niger", "NE"),
        ("Q142", "France", "FR"),
        ("Q148", "China", "CN"),
        ("Q31", "Belgium", "BE"),
        ("Q884", "South Korea", "KR"),
    ]
}


def test_nationality_words_name_their_country() -> None:
    index = countries_by_demonym(COUNTRIES)
    assert index["iraqi"] == {"Q796"}
    assert index["chinese"] == {"Q148"}
    assert index["belgian"] == {"Q31"}
    assert index["south korean"] == {"Q884"}
    assert index["french"] == {"Q142"}  # irregular, from the list
    assert index["nigerian"] == {"Q1033"}  # the longer name wins over Niger's
    assert "iraq" not in index  # a country's own name is no demonym of it
    assert "Iraqi" in demonym_forms("Iraq") and "Russian" in demonym_forms("Russia")


class Countries:
    """A knowledge base of a few countries and two Londons."""

    def __init__(self) -> None:
        self.records = {
            **COUNTRIES,
            "Q84": KbItem("Q84", "London", "city, GB", "place", 0.94, ("test",)),
            "Q23311": KbItem("Q23311", "London", "admin region, GB", "place", 0.945, ("test",)),
        }

    def qids_for(self, keys: object) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for key in keys:  # type: ignore[attr-defined]
            found[key] = {q for q, i in self.records.items() if i.label.lower() == key}
        return found

    def items(self, qids: object) -> dict[str, KbItem]:
        return {q: self.records[q] for q in qids if q in self.records}  # type: ignore[attr-defined]

    def countries(self) -> dict[str, KbItem]:
        return dict(COUNTRIES)


def _entity(label: str, demonym: bool = False) -> Entity:
    return Entity("Place", label, (Mention(Span(0, len(label)), label, Span(0, 40)),), (), demonym)


def test_the_linker_reads_nationality_words_and_prefers_a_city_to_its_region() -> None:
    linker = Linker(Countries())  # type: ignore[arg-type]
    (iraqi, london, unknown) = linker.candidates(
        [_entity("Israelis", True), _entity("London"), _entity("Martians", True)]
    )
    assert iraqi == {}  # no Israel in this knowledge base
    (iraqi,) = linker.candidates([_entity("Iraqis", True)])
    assert set(iraqi) == {"Q796"} and iraqi["Q796"][1] == "demonym"
    assert unknown == {}
    scores = {
        q: s.score
        for q, (item, how) in london.items()
        if (s := linker._score(_entity("London"), item, how, set(), set()))
    }
    assert scores["Q84"] > scores["Q23311"]  # the city, though its region is more populous


def test_a_row_is_corrected_by_its_description_and_legal_form() -> None:
    city = Row("Q1297", "Chicago", (), "city and county seat of Cook County", "organization", 1)
    assert corrected(city).type == "place"
    council = Row("Q1", "Leeds City Council", (), "city council of Leeds", "organization", 1)
    assert corrected(council).type == "organization"
    company = Row("Q312", "Apple Inc.", (), "technology company", "organization", 1)
    assert corrected(company).aliases == ("Apple",)
    person = Row("Q2", "Jane Corp.", (), "writer", "person", None)
    assert corrected(person) == person


def test_generic_text_reads_a_wire_dateline() -> None:
    article = parse_plain_text("SOCCER - LATE GOAL . MADRID 1996-08-30 Real won 2-1 .\n", "a.txt")
    assert article.dateline is not None and article.dateline.name == "MADRID"
    assert str(article.published) == "1996-08-30"
    wire = parse_plain_text("Stocks fall\n\nNEW YORK (Reuters) - Shares fell.\n", "b.txt")
    assert wire.dateline is not None and wire.dateline.name == "NEW YORK"
    plain = parse_plain_text("Talks\n\nThe EU 2020-01-01 deal was signed.\n", "c.txt")
    assert plain.dateline is None  # capitals mid-sentence are no dateline


def test_names_break_where_tokenised_text_joins_them() -> None:
    nlp = spacy.blank("en")
    for text, expected in [
        ("Davidson Ezinwa * Nigeria", ["Davidson Ezinwa", "Nigeria"]),
        ("Oval , London", ["Oval", "London"]),
        ("SEOUL 1996-08-30", ["SEOUL"]),
        ("Adrian Warner BERLIN", ["Adrian Warner", "BERLIN"]),
        ("Olabisi Afolabi ( Nigeria", ["Olabisi Afolabi", "Nigeria"]),
        ("Washington, D.C.", ["Washington, D.C."]),
        ("NEW YORK", ["NEW YORK"]),
    ]:
        doc: Doc = nlp(text)
        span = SpacySpan(doc, 0, len(doc), label="GPE")
        pieces = [doc[s:e].text for s, e, _ in _pieces(span)]
        assert pieces == expected, (text, pieces)


def test_a_result_names_teams_not_places() -> None:
    from kg.link.linker import plays_in_a_result, team_spans

    text = "Belgium beat Turkey 2-1 in Brussels. AUSTRALIA V SRI LANKA . Brazil 3 Sweden 1 ."
    teams = team_spans(text)

    def entity(name: str, kind: str = "Place") -> Entity:
        at = text.index(name)
        return Entity(kind, name, (Mention(Span(at, at + len(name)), name, Span(0, len(text))),))  # type: ignore[arg-type]

    for side in ("Belgium", "Turkey", "AUSTRALIA", "SRI LANKA", "Brazil", "Sweden"):
        assert plays_in_a_result(entity(side), teams), side
    assert not plays_in_a_result(entity("Brussels"), teams)
