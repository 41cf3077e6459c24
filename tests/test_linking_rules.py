"""Rules that bring news names to the right item: nationality words, a gazetteer's namesake
regions, types and names a knowledge-base row corrects, wire datelines, spans that must break."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import spacy
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from kg.articles.plaintext import parse_generic, parse_plain_text
from kg.extract.nlp import _pieces
from kg.link.build import Row, alias_names, build, corrected, table_rows
from kg.link.demonyms import countries_by_demonym, demonym_forms
from kg.link.kb import KbItem, KnowledgeBase, acronym_key
from kg.link.linker import (
    Linker,
    _item_places,
    item_age,
    plays_in_a_table,
    spelling_variants,
    sports_report,
    stands_for_a_team,
)
from kg.model import Article, Entity, Extraction, Mention, Span

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

    def qids_for(self, keys: object, ask: bool = True) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for key in keys:  # type: ignore[attr-defined]
            found[key] = {q for q, i in self.records.items() if i.label.lower() == key}
        return found

    def items(self, qids: object) -> dict[str, KbItem]:
        return {q: self.records[q] for q in qids if q in self.records}  # type: ignore[attr-defined]

    def countries(self) -> dict[str, KbItem]:
        return dict(COUNTRIES)

    def people_by_surname(self, surnames: object) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for key in surnames:  # type: ignore[attr-defined]
            found[key] = {
                q
                for q, i in self.records.items()
                if i.type == "person" and i.label.lower().split()[-1] == key
            }
        return found


def _entity(label: str, demonym: bool = False) -> Entity:
    return Entity("Place", label, (Mention(Span(0, len(label)), label, Span(0, 40)),), (), demonym)


def _org(name: str) -> Entity:
    return Entity("Organization", name, (Mention(Span(0, len(name)), name, Span(0, 40)),))


def _linker(*items: KbItem) -> Linker:
    """A linker over the test countries and these items."""
    kb = Countries()
    kb.records |= {item.qid: item for item in items}
    return Linker(kb)  # type: ignore[arg-type]


def _in_article(article: Article, kind: str, name: str) -> Entity:
    """An entity of one mention, the name's first in the article's text."""
    at = article.text.index(name)
    mention = Mention(Span(at, at + len(name)), name, Span(0, len(article.text)))
    return Entity(kind, name, (mention,))  # type: ignore[arg-type]


TABLE_HEADER = "qid\tlabel\taliases\tdescription\ttype\tpopularity\tsource\n"


def _built_kb(tmp_path: Path, rows: list[str], name: str = "kb") -> KnowledgeBase:
    """A knowledge base built from one table of these rows (in the starter format)."""
    folder = tmp_path / f"{name}-table"
    folder.mkdir()
    (folder / "entities.tsv").write_text(TABLE_HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    build([folder], tmp_path / f"{name}.sqlite")
    return KnowledgeBase(tmp_path / f"{name}.sqlite")


def _linked(linker: Linker, text: str, kind: str, *names: str) -> list[str]:
    """The QIDs the linker gives the named entities of a one-paragraph article."""
    article = parse_plain_text("News\n\n" + text + "\n", "a.txt")
    entities = tuple(_in_article(article, kind, name) for name in names)
    return [link.qid for link in linker.link(Extraction(article, entities))]


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


def test_a_tables_slashes_join_alternative_names() -> None:
    assert alias_names("Free Trade Party / Anti-Socialist Party") == [
        "Free Trade Party / Anti-Socialist Party",
        "Free Trade Party",
        "Anti-Socialist Party",
    ]
    # Between bare slashes only the acronyms are names: not "Grand", "Old" or "Party".
    assert alias_names("GOP/Grand/Old/Party") == ["GOP/Grand/Old/Party", "GOP"]
    assert alias_names("PC/PCA") == ["PC/PCA", "PC", "PCA"]
    assert alias_names("Rep") == ["Rep"] and alias_names("") == []


def test_an_abbreviated_us_state_is_among_the_articles_words() -> None:
    kb = Countries()
    # (as well known as a city abroad must be to be taken with nothing in the article for it)
    kb.records["Q100"] = KbItem("Q100", "Lakewood", "city, CA", "place", 0.9, ("t",))
    kb.records["Q200"] = KbItem(
        "Q200", "Lakewood", "city in Jefferson County, Colorado", "place", 0.7, ("t",)
    )
    text = "Fire\n\nLAKEWOOD, Colo. -- Two people were hurt in a fire in Lakewood.\n"
    article = parse_generic(text, "a.txt")
    at = text.index("Lakewood")
    lakewood = Entity("Place", "Lakewood", (Mention(Span(at, at + 8), "Lakewood", Span(0, 70)),))
    linker = Linker(kb)  # type: ignore[arg-type]
    (link,) = linker.link(Extraction(article, (lakewood,)))
    assert link.qid == "Q200" and "colorado" in " ".join(link.reasons)
    elsewhere = parse_generic(text.replace("Colo.", "Ont."), "b.txt")
    (link,) = linker.link(Extraction(elsewhere, (lakewood,)))
    assert link.qid == "Q100"


def test_an_institution_is_looked_up_with_the_articles_country() -> None:
    kb = Countries()
    kb.records["Q17427"] = KbItem(
        "Q17427", "Communist Party of China", "political party, CHN", "organization", 0.9, ("t",)
    )
    party = Entity("Organization", "Communist Party", (Mention(Span(0, 15), "", Span(0, 40)),))
    linker = Linker(kb)  # type: ignore[arg-type]
    for country in (_entity("Chinese", True), _entity("China")):
        (found, _) = linker.candidates([party, country])
        assert set(found) == {"Q17427"} and found["Q17427"][1] == "label"
    (found, _) = linker.candidates([party, _entity("French", True)])
    assert found == {}
    # The reason names the form that matched.
    article = parse_generic("Talks\nChinese officials said the Communist Party met.\n", "a.txt")
    text = article.text

    def named(kind: str, name: str, demonym: bool = False) -> Entity:
        at = text.index(name)
        mention = Mention(Span(at, at + len(name)), name, Span(6, len(text)))
        return Entity(kind, name, (mention,), (), demonym)  # type: ignore[arg-type]

    entities = (named("Organization", "Communist Party"), named("Place", "Chinese", True))
    (link, _) = linker.link(Extraction(article, entities))
    assert link.reasons[0] == 'label match ("Communist Party of China" for "Communist Party")'


def _group_words(text: str, *words: str, kind: str = "Place") -> list[tuple[str, str]]:
    """The links of the group words (NORP; or what the NER took for a person's name) of a
    one-paragraph article, each its first mention, over a knowledge base of made-up parties."""
    linker = _linker(
        KbItem(
            "Q901",
            "Federalist Party",
            "political party, FRA, founded 1950",
            "organization",
            0.6,
            ("t",),
        ),
        KbItem(
            "Q902",
            "Federalist Party",
            "political party, BEL, founded 1960",
            "organization",
            0.9,
            ("t",),
        ),
        KbItem(
            "Q903",
            "Guild Party",
            "political party, FRA, founded 1880, dissolved 1920",
            "organization",
            0.9,
            ("t",),
        ),
        KbItem(
            "Q904",
            "Moderate Alliance",
            "political party, FRA",
            "organization",
            0.9,
            ("t",),
            ("Moderate Party",),
        ),
        KbItem("Q905", "Liberal Democrats", "political party, GBR", "organization", 0.7, ("t",)),
        KbItem("Q906", "Liberal Democrats", "political party, FRA", "organization", 0.8, ("t",)),
        KbItem("Q907", "Democratic Party", "political party, FRA", "organization", 0.8, ("t",)),
    )
    article = parse_plain_text("News\n\n" + text + "\n", "a.txt")
    entities = []
    for word in words:
        at = article.text.index(word)
        mention = Mention(Span(at, at + len(word)), word, Span(0, len(article.text)))
        entities.append(Entity(kind, word, (mention,), (), kind == "Place"))  # type: ignore[arg-type]
    links = linker.link(Extraction(article, tuple(entities)))
    return [(entities[link.entity].label, link.qid) for link in links]


def test_a_group_word_that_names_no_country_may_name_a_party_of_the_articles_country() -> None:
    # The party of the country the article names, by its label; an organisation.
    assert _group_words("French Federalists met.", "Federalists", "French") == [
        ("Federalists", "Q901"),
        ("French", "Q142"),
    ]
    # Most party names are many countries': an article that names none links none.
    assert _group_words("The Federalists met.", "Federalists") == []
    # Not a party dissolved long ago, nor one that bears the name only as an alias.
    assert _group_words("French Guilds and Moderates met.", "Guilds", "Moderates", "French") == [
        ("French", "Q142")
    ]
    # "a Democrat" of the Democratic Party; a nickname names one country's party, wherever
    # the article is; the NER's last word of a party's name is read with the word before it.
    assert _group_words("A French Democrat met.", "Democrat", "French")[0] == ("Democrat", "Q907")
    assert _group_words("The Lib Dems met.", "Lib Dems") == [("Lib Dems", "Q905")]
    assert _group_words("The Lib Dems met.", "Lib Dems", kind="Person") == [("Lib Dems", "Q905")]
    assert _group_words("A Lib Dem met.", "Lib Dem", kind="Person") == []  # one member
    assert _group_words("French Liberal Democrat said.", "Democrat", "French")[0] == (
        "Democrat",
        "Q906",
    )


def test_a_company_named_with_its_business_is_its_brand_never_a_place() -> None:
    linker = _linker(
        KbItem("Q1", "Dish", "satellite TV company", "organization", 0.2, ("t",)),
        KbItem("Q2", "Minsk", "city, BY", "place", 0.9, ("t",)),
        KbItem("Q3", "Dish Network", "a namesake", "organization", 0.2, ("t",)),
    )

    (dish, minsk, verizon) = linker.candidates(
        [_org("Dish Corp."), _org("Minsk Group"), _org("Verizon Communications")]
    )
    assert {q: how for q, (_, how) in dish.items()} == {"Q1": "brand"}
    assert minsk == {} and verizon == {}
    (full,) = linker.candidates([_org("Dish Network")])
    assert set(full) == {"Q3"}  # the full name first


def test_generic_text_reads_a_wire_dateline() -> None:
    article = parse_plain_text("SOCCER - LATE GOAL . MADRID 1996-08-30 Real won 2-1 .\n", "a.txt")
    assert article.dateline is not None and article.dateline.name == "MADRID"
    assert str(article.published) == "1996-08-30"
    wire = parse_plain_text("Stocks fall\n\nNEW YORK (Reuters) - Shares fell.\n", "b.txt")
    assert wire.dateline is not None and wire.dateline.name == "NEW YORK"
    country = parse_plain_text("Cricket\n\nBIRMINGHAM , England 1996-08-22 Rain.\n", "d.txt")
    assert country.dateline is not None and country.dateline.name == "BIRMINGHAM"
    assert str(country.published) == "1996-08-22"
    byline = parse_generic("GOLF - LATE PUTT WINS . Jane Doe NEW YORK ********** Smith won\n", "e")
    assert byline.dateline is not None and byline.dateline.name == "NEW YORK"
    tokenised = parse_generic("AURORA , Colo. -LRB- AP -RRB- - A fire .\n", "h")
    assert tokenised.dateline is not None and tokenised.dateline.name == "AURORA"
    dash = parse_generic("Arrests\nBEND , Ore. -- Police arrested two men.\n", "f")
    assert dash.dateline is not None and dash.dateline.name == "BEND"
    assert dash.published is None
    aside = parse_generic("Talks\nThey met. NATO -- the alliance -- agreed.\n", "g")
    assert aside.dateline is None  # a dash dateline opens a line
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
        pieces = [doc[s:e].text for s, e, _ in _pieces(span, doc.text)]
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


def test_a_gazetteer_qid_carried_down_to_other_names_is_left_out(tmp_path: Path) -> None:
    table = tmp_path / "entities.tsv"
    header = "qid\tlabel\taliases\tdescription\ttype\tpopularity\tsource\n"
    rows = [
        "Q4532299\tAr Rumaythah\t\tcity, IQ\tplace\t47248\tcsc",
        "Q4532299\tArbil\tErbil\tcity, IQ\tplace\t1612700\tcsc",  # the row above's QID
        "Q64\tBerlin\t\tadmin region, DE\tplace\t3600000\tcsc",
        "Q64\tBerlin\t\tcity, DE\tplace\t3600000\tcsc",  # the same item in another role
    ]
    table.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    assert [(r.qid, r.label) for r in table_rows(table)] == [
        ("Q4532299", "Ar Rumaythah"),
        ("Q64", "Berlin"),
        ("Q64", "Berlin"),
    ]


def test_an_older_item_is_the_better_known_where_the_source_cannot_tell() -> None:
    assert item_age("Q10") == 1.0 and item_age("Q100000000") == 0.0
    assert item_age("Q61") > item_age("Q37230") > item_age("Q121435838")
    linker = _linker(
        KbItem("Q61", "Lakeside", "city, US", "place", 0.5, ("test",)),
        KbItem("Q1018448", "Lakeside", "city, GB", "place", 0.5, ("test",)),
    )
    (lakeside,) = linker.candidates([_entity("Lakeside")])
    scores = {
        q: linker._score(_entity("Lakeside"), i, h, set(), set()) for q, (i, h) in lakeside.items()
    }
    assert scores["Q61"].score > scores["Q1018448"].score  # type: ignore[union-attr]


def test_a_dateline_and_a_place_in_prose_name_the_city() -> None:
    kb = Countries()
    kb.records["Q1384"] = KbItem("Q1384", "New York", "admin region, US", "place", 0.6, ("t",))
    kb.records["Q60"] = KbItem("Q60", "New York City", "city in the US", "place", 0.6, ("t",))
    text = "NEW YORK (Reuters) - Shares in New York fell."
    article = parse_plain_text("Stocks\n\n" + text + "\n", "a.txt")
    at = article.text.index("NEW YORK")
    mentions = (Mention(Span(at, at + 8), "NEW YORK", Span(at, len(article.text))),)
    entity = Entity("Place", "New York", mentions, ("NEW YORK",))
    linker = Linker(kb)  # type: ignore[arg-type]
    (link,) = linker.link(Extraction(article, (entity,)))
    assert link.qid == "Q60"
    # In prose too, "New York" is the city the knowledge base knows as "New York City"; a
    # place that no item names so stays the region's.
    undated = replace(article, dateline=None)
    (link,) = linker.link(Extraction(undated, (entity,)))
    assert link.qid == "Q60"
    del kb.records["Q60"]
    (link,) = linker.link(Extraction(undated, (entity,)))
    assert link.qid == "Q1384"
    # A country's name stays the country's, whatever city bears it.
    kb.records["Q9"] = KbItem("Q9", "France City", "city, US", "place", 0.99, ("t",))
    (france,) = linker.candidates([_entity("France")])
    assert set(france) == {"Q142"}


def test_a_sports_reports_dateline_names_the_place_though_its_date_is_masked() -> None:
    kb = Countries()
    kb.records["Q2807"] = KbItem("Q2807", "Madrid", "city, ES", "place", 0.9, ("t",))
    text = "SOCCER - LEAGUE RESULTS .\nMADRID ********** Madrid won the match , the coach said .\n"
    article = parse_generic(text, "a.txt")
    assert article.dateline is not None and article.dateline.name == "MADRID"
    assert article.published is None
    mentions = tuple(
        Mention(Span(at, at + 6), text[at : at + 6], Span(0, len(text)))
        for at in (text.index("MADRID"), text.index("Madrid"))
    )
    madrid = Entity("Place", "Madrid", mentions, ("MADRID",))
    linker = Linker(kb)  # type: ignore[arg-type]
    (link,) = linker.link(Extraction(article, (madrid,)))
    assert link.qid == "Q2807"
    # Without the dateline, "Madrid won" stands for the team.
    assert linker.link(Extraction(replace(article, dateline=None), (madrid,))) == ()


def test_the_region_after_a_sports_reports_dateline_is_a_place() -> None:
    kb = Countries()
    kb.records["Q21"] = KbItem("Q21", "Westmark", "country, WM", "place", 0.9, ("t",))
    text = "CRICKET - TOUR .\nMILLBROOK , Westmark ********** Westmark won the match .\n"
    article = parse_generic(text, "a.txt")
    assert article.dateline is not None and article.dateline.name == "MILLBROOK"
    at = text.index("Westmark")
    westmark = Entity("Place", "Westmark", (Mention(Span(at, at + 8), "Westmark", Span(0, 70)),))
    linker = Linker(kb)  # type: ignore[arg-type]
    assert [link.qid for link in linker.link(Extraction(article, (westmark,)))] == ["Q21"]
    # Named only where it plays, it stands for the team.
    at = text.index("Westmark won")
    team = Entity("Place", "Westmark", (Mention(Span(at, at + 8), "Westmark", Span(0, 70)),))
    assert linker.link(Extraction(article, (team,))) == ()


def test_sport_in_the_headline_and_players_countries() -> None:
    assert sports_report("Australia will tour England in May.", "CRICKET - ASHES ITINERARY")
    assert not sports_report("The party's team met the coach.", "Election news")
    text = "Anders Kvist ( Sweden ) beat Pavel Rudko ( USA ) 6-1 . Sweden won the cup ."
    at = text.index("Sweden")
    sweden = Entity("Place", "Sweden", (Mention(Span(at, at + 6), "Sweden", Span(0, len(text))),))
    assert not stands_for_a_team(sweden, text)  # a player's country
    at = text.index("Sweden won")
    team = Entity("Place", "Sweden", (Mention(Span(at, at + 6), "Sweden", Span(0, len(text))),))
    assert stands_for_a_team(team, text)
    swedish = replace(team, demonym=True)
    assert not stands_for_a_team(swedish, text)  # "the Swedish striker" is Sweden's


def test_a_side_in_a_table_of_standings_or_fixtures_is_a_team() -> None:
    def mention(text: str, name: str, nth: int = 0) -> Entity:
        at = -1
        for _ in range(nth + 1):
            at = text.index(name, at + 1)
        found = Mention(Span(at, at + len(name)), name, Span(0, len(text)))
        return Entity("Place", name, (found,))

    table = "EASTERN DIVISION W L PCT GB NORDVIK 65 66 .496 5 OSTBY ** 59 .556 -"
    assert plays_in_a_table(mention(table, "NORDVIK"), table)
    assert plays_in_a_table(mention(table, "OSTBY"), table)
    fixtures = "SATURDAY'S GAMES NORDVIK AT OSTBY BERGEN ** LYNGBY"
    assert all(plays_in_a_table(mention(fixtures, n), fixtures) for n in ("NORDVIK", "OSTBY"))
    assert plays_in_a_table(mention(fixtures, "LYNGBY"), fixtures)  # "AT" masked
    # A dateline's place in capitals, and a name in lower case before numbers, are no sides.
    dateline = "NORDVIK 1996-08-30 Ostby beat the hosts . Nordvik 2 Ostby 1 ."
    assert not plays_in_a_table(mention(dateline, "NORDVIK"), dateline)
    assert not plays_in_a_table(mention(dateline, "Nordvik"), dateline)
    # One mention elsewhere as a place keeps the name a place.
    page = dateline + " " + table
    place, side = mention(page, "NORDVIK").mentions, mention(page, "NORDVIK", 1).mentions
    assert plays_in_a_table(Entity("Place", "NORDVIK", side), page)
    assert not plays_in_a_table(Entity("Place", "NORDVIK", place + side), page)


def test_a_continents_people_name_the_continent() -> None:
    kb = Countries()
    kb.records["Q46"] = KbItem("Q46", "Europe", "continent", "place", 0.5, ("test",))
    (european,) = Linker(kb).candidates([_entity("European", True)])  # type: ignore[arg-type]
    assert set(european) == {"Q46"}


def test_a_countrys_short_name_before_an_institution_is_spelled_out() -> None:
    from kg.link.linker import _names

    agency = Entity("Organization", "U.S. Department of Homeland Security", ())
    assert "United States Department of Homeland Security" in _names(agency)
    assert _names(Entity("Organization", "UK Treasury", ()))[-1] == "United Kingdom Treasury"
    assert _names(Entity("Place", "US", ())) == ["US"]  # the country itself stays as it is
    council = Entity("Organization", "U.N. Security Council", ())
    assert _names(council)[-1] == "United Nations Security Council"


def test_an_institution_is_looked_up_within_another_the_article_names() -> None:
    kb = Countries()
    kb.records["Q7"] = KbItem(
        "Q7", "United Nations Security Council", "UN organ", "organization", 0.9, ("t",)
    )
    kb.records["Q8"] = KbItem("Q8", "Bank Council", "a namesake", "organization", 0.9, ("t",))
    linker = Linker(kb)  # type: ignore[arg-type]

    for umbrella in ("U.N.", "United Nations"):
        (council, _) = linker.candidates([_org("Security Council"), _org(umbrella)])
        assert {q: how for q, (_, how) in council.items()} == {"Q7": "label"}
    (council,) = linker.candidates([_org("Security Council")])
    assert council == {}  # no United Nations in the article
    (bank, _) = linker.candidates([_org("Bank Council"), _org("United Nations")])
    assert set(bank) == {"Q8"}  # a name that finds its own item keeps it


def _person(label: str) -> Entity:
    return Entity("Person", label, (Mention(Span(0, len(label)), label, Span(0, 40)),))


def test_a_lone_surname_is_the_one_person_of_that_name() -> None:
    kb = Countries()
    kb.records |= {
        "Q76": KbItem("Q76", "Barack Hussein Obama", "US president", "person", 0.5, ("test",)),
        "Q9": KbItem("Q9", "Obama", "city, JP", "place", 0.5, ("test",)),
        "Q1": KbItem("Q1", "Boris Johnson", "politician", "person", 0.5, ("test",)),
        "Q2": KbItem("Q2", "Daniel Johnson", "politician", "person", 0.5, ("test",)),
        "Q3": KbItem("Q3", "John McCain", "politician", "person", 0.5, ("test",)),
    }
    linker = Linker(kb)  # type: ignore[arg-type]
    obama, johnson, capitals, place, mccain = linker.candidates(
        [
            _person("Obama"),
            _person("Johnson"),
            _person("OBAMA"),
            _entity("Obama"),
            _person("McCain"),
        ]
    )
    assert set(mccain) == {"Q3"}
    assert {q: how for q, (_, how) in obama.items()} == {"Q9": "label", "Q76": "surname"}
    assert johnson == {}  # two people of that name: neither
    assert "Q76" not in capitals  # a dateline's or a headline's capitals: not a surname
    assert set(place) == {"Q9"}  # a place's name is not looked up among surnames
    scored = linker._score(_person("Obama"), *obama["Q76"], set(), set())
    assert scored is not None and scored.score >= linker.threshold
    assert scored.reasons[0] == "surname match"
    # An initial before it that is not the person's: someone else of that surname.
    for text, found in [("Team: B McCain, R Obama.", {}), ("Team: J. McCain.", {"Q3"})]:
        at = text.index("McCain")
        mention = Mention(Span(at, at + 6), "McCain", Span(0, len(text)))
        (options,) = linker.candidates([Entity("Person", "McCain", (mention,))], text=text)
        assert set(options) == set(found)


def test_a_country_the_ner_took_for_a_person_is_the_country() -> None:
    linker = _linker(KbItem("Q9", "Lakeside", "city, US", "place", 0.9, ("test",)))
    text = "France said the talks would go on. Lakeside agreed."
    article = parse_plain_text("Talks\n\n" + text + "\n", "a.txt")
    france, lakeside = (_in_article(article, "Person", n) for n in ("France", "Lakeside"))
    links = linker.link(Extraction(article, (france, lakeside)))
    assert [(link.entity, link.qid) for link in links] == [(0, "Q142")]  # not the town
    # One the NER took for a person by a nationality word is that word's country.
    text = "An elderly Iraqi said the talks would go on."
    article = parse_plain_text("Talks\n\n" + text + "\n", "b.txt")
    (link,) = linker.link(Extraction(article, (_in_article(article, "Person", "Iraqi"),)))
    assert link.qid == "Q796" and "demonym match" in link.reasons


def test_a_person_named_with_a_business_is_the_company() -> None:
    linker = _linker(KbItem("Q1", "Dish", "satellite TV company", "organization", 0.9, ("t",)))
    text = "A spokesman for Dish Network said the deal was done."
    article = parse_plain_text("Deal\n\n" + text + "\n", "a.txt")
    person = _in_article(article, "Person", "Dish Network")
    (link,) = linker.link(Extraction(article, (person,)))
    assert link.qid == "Q1" and "brand match" in link.reasons[0]
    # The rule reads the business, not the brand: "Dish Smith" stays a person, unlinked.
    named = replace(person, label="Dish Smith")
    assert linker.link(Extraction(article, (named,))) == ()


def test_a_name_across_a_possessive_is_one_of_its_parts() -> None:
    linker = _linker(
        KbItem("Q5", "Socialist Party", "party, FR", "organization", 0.9, ("t",)),
        KbItem("Q6", "Prince Albert", "city, CA", "place", 0.9, ("t",)),
    )

    (party, county, whole) = linker.candidates(
        [
            _org("Hollande 's Socialist Party"),
            _org("Prince Albert's County"),
            _org("Socialist Party"),
        ]
    )
    assert set(party) == {"Q5"}
    assert county == {}  # one word after the possessive: a name of its own
    assert set(whole) == {"Q5"}


def test_an_alias_many_items_share_needs_context() -> None:
    kb = Countries()
    for n in range(12):  # twelve parties somewhere go by "AP", the first the best known
        prior = 0.9 if n == 0 else 0.5
        kb.records[f"Q{100 + n}"] = KbItem(
            f"Q{100 + n}", f"Party {n}", "political party", "organization", prior, ("t",), ("AP",)
        )
    kb.qids_for = lambda keys, ask=True: {  # type: ignore[method-assign]
        k: {q for q, i in kb.records.items() if k in {a.lower() for a in (i.label, *i.aliases)}}
        for k in keys
    }
    linker = Linker(kb)  # type: ignore[arg-type]
    text = "The mayor told the AP that the vote would go on."
    article = parse_plain_text("Vote\n\n" + text + "\n", "a.txt")
    ap = _in_article(article, "Organization", "AP")
    assert linker.link(Extraction(article, (ap,))) == ()
    # With three such parties, the likeliest is taken, as before (one clearly ahead: of three
    # alike, none would be, as a toss-up).
    for n in range(3, 12):
        del kb.records[f"Q{100 + n}"]
    assert [link.qid for link in linker.link(Extraction(article, (ap,)))] == ["Q100"]


def test_a_person_after_the_town_of_is_the_town() -> None:
    linker = _linker(KbItem("Q9", "Lakeside", "city, US", "place", 0.9, ("test",)))

    def link(text: str) -> list[str]:
        article = parse_plain_text("News\n\n" + text + "\n", "a.txt")
        person = _in_article(article, "Person", "Lakeside")
        return [link.qid for link in linker.link(Extraction(article, (person,)))]

    assert link("Fire broke out in the quiet suburb of Lakeside on Sunday.") == ["Q9"]
    assert link("The wife of Lakeside said so on Sunday.") == []  # "of" alone proves nothing


def test_an_acronym_that_names_nothing_is_an_items_initials_given_context(
    tmp_path: Path,
) -> None:
    rows = [
        "Q10\tNordic Bureau of Investigation\t\tpolice agency of Nordland\torganization\t5\tt",
        "Q11\tNorth Bay Inn\t\thotel in Bergen\torganization\t9\tt",
        "Q12\tBank of Oslo\t\tcentral bank of Norway\torganization\t5\tt",
        "Q13\tNorth Bay Island\t\tisland of Norway\tperson\t5\tt",  # a person: no initials
    ]
    kb = _built_kb(tmp_path, rows)
    # Both initials: with the minor words left out and kept ("Bank of Oslo": BOO, not BO).
    assert kb.qids_for([acronym_key("NBI"), acronym_key("N.B.O.I."), acronym_key("BOO")]) == {
        "=nbi": {"Q10", "Q11"},
        "=nboi": {"Q10"},
        "=boo": {"Q12"},
    }
    assert kb.qids_for(["nbi"])["nbi"] == set()  # initials are no name
    linker = Linker(kb)
    text = "The NBI, the police agency, said officers in Nordland had arrested two men."
    article = parse_plain_text("Arrests\n\n" + text + "\n", "a.txt")
    (link,) = linker.link(Extraction(article, (_in_article(article, "Organization", "NBI"),)))
    assert (link.qid, link.reasons[0]) == ("Q10", "acronym match")
    # Without a word of the item's description in the article, an acronym is not enough.
    article = parse_plain_text("Arrests\n\nThe NBI said two men were held.\n", "b.txt")
    assert linker.link(Extraction(article, (_in_article(article, "Organization", "NBI"),))) == ()
    # A name the knowledge base knows is not read as initials, nor is a person's.
    assert linker.candidates([_org("Bank of Oslo")]) == [
        {"Q12": (kb.items(["Q12"])["Q12"], "label")}
    ]
    person = Entity("Person", "NBI", (Mention(Span(0, 3), "NBI", Span(0, 40)),))
    assert linker.candidates([person]) == [{}]


def test_initials_are_found_with_or_without_a_space_after_them(tmp_path: Path) -> None:
    linker = Linker(
        _built_kb(tmp_path, ["Q20\tK.T.Rowe\t\toutdoor clothing retailer\torganization\t5\tt"])
    )
    (found,) = linker.candidates([_org("K.T. Rowe")])
    assert list(found) == ["Q20"]
    assert linker.candidates([_org("K. Rowe")]) == [{}]


def test_a_place_in_the_description_that_another_link_names_is_context() -> None:
    linker = _linker(
        KbItem("Q601", "Millbrook", "city, CA", "place", 0.92, ("t",)),
        KbItem(
            "Q602", "Millbrook", "city in Harlan County, Westmark, Canada", "place", 0.5, ("t",)
        ),
        KbItem("Q603", "Brandon", "capital of the state of Westmark", "place", 0.5, ("t",)),
    )
    text = "A fire broke out in the Brandon suburb of Millbrook."
    article = parse_plain_text("Fire\n\n" + text + "\n", "a.txt")
    places = tuple(_in_article(article, "Place", name) for name in ("Brandon", "Millbrook"))
    brandon, millbrook = linker.link(Extraction(article, places))
    assert (brandon.qid, millbrook.qid) == ("Q603", "Q602")
    assert "where other links are: Westmark" in millbrook.reasons
    # An organisation's description may name its seat: that says nothing of where it is named.
    linker = _linker(
        KbItem("Q601", "Millbrook", "city, CA", "place", 0.92, ("t",)),
        KbItem(
            "Q602", "Millbrook", "city in Harlan County, Westmark, Canada", "place", 0.5, ("t",)
        ),
        KbItem("Q603", "Brandon", "bank, HQ: Lowtown, Westmark", "organization", 0.5, ("t",)),
    )
    places = (_in_article(article, "Organization", "Brandon"), places[1])
    assert [link.qid for link in linker.link(Extraction(article, places))] == ["Q603", "Q601"]
    # Alone, the better-known Millbrook; the entity's own first link lends its rival nothing.
    linker = _linker(
        KbItem("Q601", "Millbrook", "town in Westmark", "place", 0.6, ("t",)),
        KbItem("Q602", "Millbrook", "city in Westmark", "place", 0.5, ("t",)),
    )
    (millbrook,) = linker.link(Extraction(article, places[1:]))
    assert millbrook.qid == "Q601" and not any("other links" in r for r in millbrook.reasons)
    # Places, not the words of a kind; "U.S." is the United States.
    assert _item_places("U.S. federal police agency in Westmark") == {"United States", "Westmark"}
    assert _item_places("President of Westmark") == {"Westmark"}
    assert _item_places("Westmark Falls, a town") == {"Westmark Falls"}


def test_an_organisation_named_with_its_country_is_known_without_it() -> None:
    linker = _linker(
        KbItem(
            "Q701", "Civic Harvest", "charity in France and abroad", "organization", 0.5, ("t",)
        ),
        KbItem("Q702", "Grain Bank", "commercial bank in China", "organization", 0.9, ("t",)),
    )
    (found,) = linker.candidates([_org("Civic Harvest Federation of France")])
    assert list(found) == ["Q701"]
    # Not when the item is another country's: the Grain Bank of Belgium is not China's.
    assert linker.candidates([_org("Grain Bank of Belgium")]) == [{}]


def test_a_name_that_finds_nothing_may_be_another_transliteration() -> None:
    assert "erbil" in spelling_variants("arbil") and "hezbollah" in spelling_variants("hizbollah")
    assert "kazakhstan" in spelling_variants("kazakstan")
    assert "kazakstan" in spelling_variants("kazakhstan")
    assert spelling_variants("arbi") == [] and spelling_variants("new york") == []
    linker = _linker(
        KbItem("Q801", "Kordestan", "city, WM", "place", 0.9, ("t",)),
        KbItem("Q802", "Tavakhstan", "province, WM", "place", 0.9, ("t",)),
    )
    ((kordestan,), (tavakstan,), (kord,)) = (
        linker.candidates([_entity(name)]) for name in ("Kurdestan", "Tavakstan", "Kurd")
    )
    assert (kordestan, tavakstan, kord) == (
        {"Q801": (linker.kb.items(["Q801"])["Q801"], "spelling")},
        {"Q802": (linker.kb.items(["Q802"])["Q802"], "spelling")},
        {},
    )
    assert linker.candidates([_person("Kurdestan")]) == [{}]  # never a person's name
    # An organisation's name spelled otherwise needs context: brands misspell words on purpose.
    linker = _linker(
        KbItem("Q803", "Vostok", "oil company in Westmark", "organization", 0.9, ("t",))
    )
    for text, linked in [
        ("Vastok said profits rose.", []),
        ("Vastok, the oil firm, grew.", ["Q803"]),
    ]:
        article = parse_plain_text("News\n\n" + text + "\n", "a.txt")
        vastok = _in_article(article, "Organization", "Vastok")
        assert [link.qid for link in linker.link(Extraction(article, (vastok,)))] == linked


def test_an_entitys_own_initials_find_only_what_is_named_alike(tmp_path: Path) -> None:
    rows = [
        "Q30\tHighland Electric Company\tHEC\tpower company\torganization\t5\tt",
        "Q31\tFood and Farming Organization of Westmark\tFFO\tUN agency\torganization\t5\tt",
        "Q32\tWestmark\tHE\tcountry\tplace\t5\tt",
    ]
    linker = Linker(_built_kb(tmp_path, rows))

    def org(label: str, short: str) -> Entity:
        return Entity("Organization", label, (Mention(Span(0, 3), short, Span(0, 40)),), (short,))

    # "HEC" stands for the Harbour Exchange Commission here, whatever else bears the letters.
    assert linker.candidates([org("Harbour Exchange Commission", "HEC")]) == [{}]
    assert linker.candidates([org("Hamburg Energy", "HE")]) == [{}]  # nor a country's code
    # Named much as the full name is, the item is the entity's.
    (found,) = linker.candidates([org("Food & Farming Organisation", "FFO")])
    assert list(found) == ["Q31"]
    # Initials that are no initials of the entity's name are looked up as before.
    (found,) = linker.candidates([org("Harbour Board", "HEC")])
    assert list(found) == ["Q30"]


def test_long_initials_that_one_item_alone_has_need_no_context(tmp_path: Path) -> None:
    rows = [
        "Q30\tNordland Offshore Gas Export Corporation\t\tstate gas company\torganization\t5\tt",
        "Q31\tNorth Bay Inn\t\thotel in Bergen\torganization\t9\tt",
        "Q32\tNordic Bay Institute\t\tresearch institute\torganization\t9\tt",
    ]
    linker = Linker(_built_kb(tmp_path, rows))

    def linked(name: str) -> list[str]:
        return _linked(linker, f"{name} chairman Ola Berg spoke.", "Organization", name)

    # Five letters that only one item's initials give name it; three letters that two items
    # share, or that one item has, still want a word of its description in the article.
    assert linked("NOGEC") == ["Q30"]
    assert linked("NBI") == []
    rows.pop()
    linker = Linker(_built_kb(tmp_path, rows, "kb2"))
    assert linked("NBI") == []


def test_a_states_abbreviation_is_the_state(tmp_path: Path) -> None:
    rows = [
        "Q824\tOregon\t\tadmin region, US\tplace\t4000000\tt",
        "Q61\tWashington, D.C.\t\tcapital city\tplace\t700000\tt",
    ]
    linker = Linker(_built_kb(tmp_path, rows))
    text = "BEND, Ore. - Police in D.C. and in Ore. said so."
    article = parse_plain_text("Police\n\n" + text + "\n", "a.txt")
    entities = (_in_article(article, "Place", "Ore."), _in_article(article, "Place", "D.C."))
    links = linker.link(Extraction(article, entities))
    assert [(link.qid, link.reasons[0]) for link in links] == [
        ("Q824", 'label match ("Oregon" for "Ore.")'),
        ("Q61", 'label match ("Washington, D.C." for "D.C.")'),
    ]
    # Undotted, the abbreviation is a word like any other ("Ore", "DC").
    article = parse_plain_text("Police\n\nThe Ore said DC was near.\n", "b.txt")
    entities = (_in_article(article, "Place", "Ore"), _in_article(article, "Place", "DC"))
    assert linker.link(Extraction(article, entities)) == ()


def test_a_companys_label_without_its_legal_form_is_a_label(tmp_path: Path) -> None:
    rows = [
        "Q40\tHolm & Sons Inc.\tHolm & Sons\tNorwegian retail chain\torganization\t5\tt",
        "Q41\tHolm & Sons\t\tNew Zealand chain of stores\torganization\t5\tt",
        "Q42\tNordland Forest Corporation\tNordland Forest\tstate forestry company\torganization\t5\tt",
        "Q43\tNordland Forest\t\tforest in Norway\tplace\t5\tt",
    ]
    linker = Linker(_built_kb(tmp_path, rows))
    (holm, forest) = linker.candidates([_org("Holm & Sons"), _org("Nordland Forest")])
    # "Inc." is no part of the name, so the alias is as good as the other's label...
    assert {q: how for q, (_, how) in holm.items()} == {"Q40": "label", "Q41": "label"}
    # ... but "Corporation" is, and an alias loses to another item's label.
    assert {q: how for q, (_, how) in forest.items()} == {"Q43": "label"}


def test_organisations_of_one_name_that_nothing_tells_apart_are_left_unlinked(
    tmp_path: Path,
) -> None:
    rows = [
        "Q50\tThe Evening Star\t\tnewspaper, US (Ohio)\torganization\t5\tt",
        "Q51\tThe Evening Star\t\tnewspaper, US (Idaho)\torganization\t5\tt",
        "Q52\tNordvik Ferries\t\tferry operator\torganization\t5\tt",
    ]
    linker = Linker(_built_kb(tmp_path, rows))

    def linked(text: str, name: str) -> list[str]:
        return _linked(linker, text, "Organization", name)

    # Two papers of one name: a guess, unless the article names where one is.
    assert linked("She told the Evening Star so.", "Evening Star") == []
    assert linked("She told the Evening Star in Idaho so.", "Evening Star") == ["Q51"]
    assert linked("She sailed with Nordvik Ferries.", "Nordvik Ferries") == ["Q52"]


def test_a_lesser_city_abroad_is_no_american_citys_namesake() -> None:
    us = KbItem("Q30", "United States", "country in North America", "place", 0.95, ("test",))
    lakeside = KbItem("Q9", "Lakeside", "city, GB", "place", 0.7, ("test",))
    shire = KbItem("Q8", "Westshire", "admin region, GB", "place", 0.8, ("test",))
    linker = _linker(us, lakeside, shire)

    def linked(text: str, *names: str) -> list[str]:
        return _linked(linker, text, "Place", *names)

    # An article on the United States: "Lakeside" is not the English town of that name...
    assert linked("In the United States, Lakeside was calm.", "United States", "Lakeside") == [
        "Q30"
    ]
    # ... unless another place of its country is in the article; nor is it anywhere else.
    two = "In the United States and in Westshire, Lakeside was calm."
    assert linked(two, "United States", "Westshire", "Lakeside") == ["Q30", "Q8", "Q9"]
    assert linked("Lakeside was calm.", "Lakeside") == []
    # A city as well known as London is itself wherever the article is.
    assert linked("London was calm.", "London") == ["Q84"]


def test_a_country_named_in_the_article_speaks_for_its_lesser_city() -> None:
    kb = Countries()
    britain = KbItem(
        "Q145", "United Kingdom", "country in north-western Europe", "place", 0.95, ("test",),
        ("GB - United Kingdom", "Britain"),
    )  # fmt: skip
    kb.records |= {
        "Q145": britain,
        "Q9": KbItem("Q9", "Lakeside", "city, GB", "place", 0.7, ("test",)),
    }
    kb.countries = lambda: {**COUNTRIES, "Q145": britain}  # type: ignore[method-assign]
    linker = Linker(kb)  # type: ignore[arg-type]
    # its country's code is read from the ISO alias ("GB - United Kingdom")
    text = "Lakeside, in the United Kingdom, was calm."
    assert _linked(linker, text, "Place", "Lakeside", "United Kingdom") == ["Q9", "Q145"]


class WithAliases(Countries):
    """The test countries, and items found by their aliases too."""

    def qids_for(self, keys: object, ask: bool = True) -> dict[str, set[str]]:
        return {
            key: {
                q
                for q, i in self.records.items()
                if key in {name.lower() for name in (i.label, *i.aliases)}
            }
            for key in keys  # type: ignore[attr-defined]
        }


def test_a_lesser_foreign_party_by_its_initials_is_not_a_news_networks_namesake() -> None:
    kb = WithAliases()
    kb.records["Q77"] = KbItem(
        "Q77", "Coastal National Union", "political party, FRA, founded 1923, dissolved 1933",
        "organization", 0.8, ("test",), ("CNU",),
    )  # fmt: skip
    linker = Linker(kb)  # type: ignore[arg-type]
    # "political" and "founded" are words of every party's description: no context
    text = "Political reporters at CNU, founded as a cable channel, covered the vote."
    assert _linked(linker, text, "Organization", "CNU") == []
    # the article is about the party's country: the initials may be the party's
    in_france = "In France, the party CNU won the vote."
    assert _linked(linker, in_france, "Organization", "CNU", "France") == ["Q77", "Q142"]


def test_initials_are_found_only_by_a_name_written_as_initials() -> None:
    kb = WithAliases()
    kb.records["Q78"] = KbItem(
        "Q78", "Movement of Patriots", "political party, FRA", "organization", 0.9, ("test",),
        ("MPS",),
    )  # fmt: skip
    linker = Linker(kb)  # type: ignore[arg-type]
    assert _linked(linker, "In France, the MPs of the party met.", "Organization", "MPs") == []
    assert _linked(linker, "In France, the MPS party met.", "Organization", "MPS") == ["Q78"]


def test_a_name_before_a_sides_captain_or_coach_is_the_side_not_the_place() -> None:
    linker = Linker(Countries())  # type: ignore[arg-type]
    said = '"It was unfair," France coach Luc Martin said.'
    assert _linked(linker, said, "Place", "France") == []
    assert _linked(linker, "Belgium's captain was injured.", "Place", "Belgium") == []
    # the place where it is one, and a nationality word is the country's
    assert _linked(linker, "Luc Martin lives in France.", "Place", "France") == ["Q142"]
    article = parse_plain_text("News\n\nThe French coach was calm.\n", "a.txt")
    french = replace(_in_article(article, "Place", "French"), demonym=True)
    assert [link.qid for link in linker.link(Extraction(article, (french,)))] == ["Q142"]
