"""Linking an article's entities to Wikidata items, with a score and the reasons for it.

Candidates are the items that bear one of the entity's names (label or alias, normalised).
Each is scored on four things, weighted:

- name: the entity's full name is the item's label (1.0) or one of its aliases (0.75), or a
  person named only by a surname is the one person of that surname the knowledge base knows
  (0.75), or a name in capitals that finds nothing is the initials of an organisation's or a
  place's label (0.75, and only with context: a sparse knowledge base lacks many items that
  news abbreviates, and their namesakes' initials would take their place), or a name that finds
  nothing is another transliteration of the item's ("Arbil", "Erbil": 0.6);
- type: the NER's kind agrees with the item's (person, organisation, place); a person is never
  linked to a non-person, and the other way round, except that a "person" whose every name is a
  country's ("Chile said") is taken for the country;
- prior: how prominent the item is in its source (population, sitelinks, ...) as a percentile;
- context: words of the item's description found in the article ("President of Russia" in an
  article about Moscow), relations (country, party, position) to items the article's other
  entities are linked to, and places the item's description names as a linked place's does
  ("Colorado" for a city beside Denver).

The best candidate is kept when its score reaches the threshold; otherwise the entity stays
unlinked (NIL) with its own `L…` IRI. Relations need the other links, so scoring runs twice.

Metonymy: in a sports report, a country or city that the article never uses as a place ("in
France", a dateline) stands for a team ("France beat Spain 2-1"); it is not the place, and is
left unlinked unless the knowledge base knows an organisation by that name.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from kg.extract.entities import MINOR_WORDS, initials
from kg.link.demonyms import (
    IRREGULAR,
    countries_by_demonym,
    nickname_country,
    party_names,
    singular,
)
from kg.link.kb import ACRONYM_MARK, ITEMS_KEPT, CandidateSource, KbItem, acronym_key, name_key
from kg.model import Entity, EntityKind, EntityLink, Extraction

KB_TYPE_OF_KIND: dict[EntityKind, str] = {
    "Person": "person",
    "Organization": "organization",
    "Place": "place",
}
# How well an item's type fits the NER's kind. Countries act ("Russia said"), buildings stand
# for institutions ("the White House"): organisation and place are near; people are not.
TYPE_FIT = {
    ("person", "person"): 1.0,
    ("organization", "organization"): 1.0,
    ("place", "place"): 1.0,
    ("organization", "place"): 0.6,
    ("place", "organization"): 0.6,
    ("organization", "event"): 0.3,
    ("place", "event"): 0.2,
    ("organization", "other"): 0.4,
    ("place", "other"): 0.3,
}
# How well the entity's name fits the item's: its label (or its label with the business after
# it, as a brand table leaves out), an alias or a nationality word, the surname of its label,
# the initials of its label.
NAME_FIT = {
    "label": 1.0,
    "alias": 0.75,
    "demonym": 0.75,
    "surname": 0.75,
    "brand": 1.0,
    "acronym": 0.75,
    "spelling": 0.6,
    "nickname": 0.75,
}
WEIGHTS = {"name": 0.35, "type": 0.25, "prior": 0.25, "context": 0.15}
DEFAULT_THRESHOLD = 0.62
# A name that this many candidates bear, as an alias, says nothing by itself: eighteen parties
# are "AP" somewhere, and the news means the Associated Press. It takes context to choose.
SHARED_ALIAS = 10
REGION_NAMESAKE = 0.95  # how much of its prior a gazetteer's admin region keeps (see _score)
DATELINE_REGION = 0.7  # ... and when it is named in the dateline
# Words of sport: the names of sports and the words only sport uses count twice ("cricket",
# "innings"); the others ("match", "beat", "team") once, as politics uses them too.
SPORTS_WORDS = frozenset(
    "match game season league cup goal goals tournament championship coach player players team"
    " teams club captain semifinal final quarterfinal medal race stage runs scored beat defeated"
    " draw".split()
)
SPORTS_ONLY_WORDS = frozenset(
    "soccer cricket baseball football rugby tennis golf hockey basketball athletics cycling"
    " boxing skiing swimming olympic innings inning wicket wickets halftime striker pitcher"
    " goalkeeper batting bowling homer homers touchdown playoff playoffs".split()
)
# "the Denver suburb of Aurora": what follows is a place, whatever the NER took it for.
SETTLEMENT_OF = re.compile(
    r"\b(?:city|town|village|suburb|capital|port|province|county|district|region|island)"
    r"\s+of\s+$",
    re.I,
)
LOCATIVE = re.compile(r"\b(?:in|at|from|near|across|around|outside|inside|throughout|of)\s+$", re.I)
# Standings after a side's name in capitals: games won and lost, or the share won; a fixture's
# "AT" between two sides ("**" where the text masks it).
STANDINGS_AFTER = re.compile(r"\s+(?:\*+\s+)?\d{1,3}\s+(?:\d{1,3}|\*+|\.\d{3})(?![\d-])")
FIXTURE_AFTER = re.compile(r" (?:AT|\*\*) [A-Z]{2}")
FIXTURE_BEFORE = re.compile(r"[A-Z]{2} (?:AT|\*\*) $")
PLAYER_BEFORE = re.compile(r"[A-Z][\w'’-]+\s*\(\s*$")  # "Anders Kvist (" Sweden )
REGION_AFTER = re.compile(r" ?, ?")
# A side's own people after its name: "England captain Andrew Strauss", "Italy coach ...".
SQUAD_ROLE_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:(?:former|interim|caretaker|head|assistant)\s+)?"
    r"(?:captain|skipper|coach|manager|striker|goalkeeper|keeper|midfielder|defender|winger"
    r"|batsman|bowler|opener|quarterback|pitcher|fly-half|scrum-half|full-back)s?\b",
    re.I,
)
DATELINE_AFTER = re.compile(r"^,?\s+\(?\d{1,4}(?:[-/ .]|$)")
# A country's short name before an institution's, which the knowledge base spells out.
COUNTRY_PREFIXES = {
    **{"us": "United States", "uk": "United Kingdom", "eu": "European Union"},
    "un": "United Nations",
}
SHORT_COUNTRY = re.compile(r"\b(?:U\.S\.|U\.K\.|U\.N\.)")
COUNTRY_PREFIX = re.compile(r"^(U\.?S\.?|U\.?K\.?|EU|U\.?N\.?)\s+(?=[A-Z])")
# A company's business after its brand, which a brand table leaves out: "Dish Network",
# "Verizon Communications" are "Dish" and "Verizon" there (the knowledge base drops legal forms
# the same way: `kg.link.build.LEGAL_FORM`).
BUSINESS_SUFFIX = re.compile(
    r"(?<=\w) (?:Network|Networks|Communications|Group|Holdings|Company|Corporation|Corp\.?"
    r"|Inc\.?|Co\.)$"
)
# AP style's abbreviations of the US states, as datelines and news prose write them ("BEND,
# Ore."): an article that has one has the state's name and its country's among its words, for
# the descriptions of places ("city in Deschutes County, Oregon, United States").
US_STATE_ABBREVIATIONS = {
    **{"Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California"},
    **{"Colo.": "Colorado", "Conn.": "Connecticut", "Del.": "Delaware", "Fla.": "Florida"},
    **{"Ga.": "Georgia", "Ill.": "Illinois", "Ind.": "Indiana", "Kan.": "Kansas"},
    **{"Ky.": "Kentucky", "La.": "Louisiana", "Md.": "Maryland", "Mass.": "Massachusetts"},
    **{"Mich.": "Michigan", "Minn.": "Minnesota", "Miss.": "Mississippi", "Mo.": "Missouri"},
    **{"Mont.": "Montana", "Neb.": "Nebraska", "Nev.": "Nevada", "N.H.": "New Hampshire"},
    **{"N.J.": "New Jersey", "N.M.": "New Mexico", "N.Y.": "New York", "N.C.": "North Carolina"},
    **{"N.D.": "North Dakota", "Okla.": "Oklahoma", "Ore.": "Oregon", "Pa.": "Pennsylvania"},
    **{"R.I.": "Rhode Island", "S.C.": "South Carolina", "S.D.": "South Dakota"},
    **{"Tenn.": "Tennessee", "Vt.": "Vermont", "Va.": "Virginia", "Wash.": "Washington"},
    **{"W.Va.": "West Virginia", "Wis.": "Wisconsin", "Wyo.": "Wyoming"},
}
# The same with the federal district's ("D.C."), as names of the places themselves.
US_PLACE_ABBREVIATIONS = {**US_STATE_ABBREVIATIONS, "D.C.": "Washington, D.C."}
US_STATE_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(re.escape(a) for a in sorted(US_STATE_ABBREVIATIONS, key=len, reverse=True))
    + ")"
)
# A name in capitals, dotted or not, that may be the initials of a longer one: "FBI", "F.B.I.".
ACRONYM = re.compile(r"(?:[A-Z]\.?){3,6}")
# A company's legal form after its name, which news leaves out: "Apple Inc.", "Next plc" (not
# "Corporation", which is often the name's own word: "National Forest Corporation").
LEGAL_FORM = re.compile(r",? (?:Inc|Ltd|Corp|Co|PLC|plc|LLC|AG|SE|SA|S\.A|N\.V|NV|GmbH|AB|ASA)\.?$")
FOREIGN_CITY = re.compile(r"city, (?!US)[A-Z]{2}")  # a gazetteer's city outside the US
PLACE_CODE = re.compile(r"(?:country|city|admin region), ([A-Z]{2})")  # a place's country
INITIAL_BEFORE = re.compile(r"(?<![\w.])([A-Z])\.? $")  # "B Lund", "J. Smith"
CODE_ALIAS = re.compile(r"([A-Z]{2})(?:-[A-Z0-9]{1,3})? - ")  # "GB-WLS - Wales": ISO 3166
FOREIGN_PARTY_PRIOR = 0.85  # a party less known needs its country in the article, by initials
NAMESAKE_PRIOR = 0.9  # ... as well known as London: taken for itself wherever the article is
TOSS_UP = 0.01  # two candidates this close, with nothing for either, are a guess
LONG_INITIALS = 5  # initials this long that one item alone has need no context ("CNOOC")
INITIALS_SPACE = re.compile(r"(?<=\b[A-Z]\.[A-Z]\.) (?=[A-Z])")  # "L.L. Bean"
# Capitalised words in a row, as a description names a place: "Colorado", "United States".
NAME_IN_DESCRIPTION = re.compile(r"\b[A-Z][^\W\d_A-Z]+(?: [A-Z][^\W\d_A-Z]+)*")
# An organisation's country after its name, and the kind of body before that: "Planned
# Parenthood Federation of America".
OF_COUNTRY = re.compile(r" of (?:the )?([A-Z][\w. ]+)$")
BODY_SUFFIX = re.compile(
    r"(?<=\w) (?:Federation|Association|Foundation|Society|Organization|Organisation|Council"
    r"|League|Union|Institute)$"
)
POSSESSIVE = re.compile(r"\s*['’]s\s+(?=[A-Z])")
PARTY = re.compile(r"\bparty\b", re.I)  # a party's description says it is one
DISSOLVED = re.compile(r"\bdissolved\b", re.I)
PARTY_CODE = re.compile(r"political party, ([A-Z]{2})[A-Z]\b")
PARTY_OF = re.compile(r"party, ([a-z][a-z ]+)$")
WORD_BEFORE = re.compile(r"\b([A-Z][\w'’-]*) $")  # the capitalised word right before a name
STOPWORDS = frozenset(
    "a an and as at by for from in into is it of on or the to with was were be been its his her"
    " their this that which who whom country city state region".split()
    # the words a table writes into every description of a kind ("political party, IRL,
    # founded 1923, dissolved 1933"): any political article has them
    + "political founded dissolved refounded".split()
)


def item_age(qid: str) -> float:
    """How early an item entered Wikidata, from 1.0 (Q10) to 0.0 (Q100000000): the first items
    were made from the most-read Wikipedia articles, so age stands for prominence where the
    source gives none, and evens out sources whose measures do not compare (a party's vote
    share, a brand's entry count)."""
    number = int(qid[1:]) if qid[1:].isdigit() else 10**8
    return min(1.0, max(0.0, 1.0 - (math.log10(max(number, 1)) - 1.0) / 7.0))


@dataclass(frozen=True)
class _Scored:
    item: KbItem
    score: float
    reasons: tuple[str, ...]
    how: str  # how the name matched
    context: float  # what the article says for the item


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]{3,}", text.casefold()) if w not in STOPWORDS}


@lru_cache(maxsize=ITEMS_KEPT)
def _item_words(text: str) -> frozenset[str]:
    """The words of an item's description or label, made once: items recur article after
    article."""
    return frozenset(_words(text))


@lru_cache(maxsize=ITEMS_KEPT)
def _item_places(description: str) -> frozenset[str]:
    """The names an item's description gives ("Colorado", "United States" in "city in Arapahoe
    County, Colorado, United States"; "U.S." spelled out): not the words of its kind ("city",
    "political party"), which items of one kind share, nor a first word alone ("President of
    Russia", "American retailer"), nor codes ("US", "PRT")."""
    text = SHORT_COUNTRY.sub(lambda m: COUNTRY_PREFIXES[name_key(m.group())], description)
    return frozenset(
        m.group() for m in NAME_IN_DESCRIPTION.finditer(text) if m.start() > 0 or " " in m.group()
    )


def _article_words(text: str) -> set[str]:
    """The text's words, with the names of the US states it abbreviates (and their country's)."""
    states = {US_STATE_ABBREVIATIONS[m] for m in US_STATE_ABBREVIATION.findall(text)}
    return _words(text) | _words(" ".join([*states, "United States"] if states else []))


def sports_report(text: str, headline: str = "") -> bool:
    """Whether an article reports sport: a sport named in its headline ("CRICKET - ..."), or
    words of sport in the text (a sport's own words count twice) adding up to four."""
    words = _words(text)
    if _words(headline) & SPORTS_ONLY_WORDS:
        return True
    return len(words & SPORTS_WORDS) + 2 * len(words & SPORTS_ONLY_WORDS) >= 4


# A result names teams, whatever the rest of the article: "Belgium beat Turkey 2-1",
# "AUSTRALIA V SRI LANKA", "Brazil 3 Sweden 1".
_SIDE = r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}"
RESULT = re.compile(
    rf"(?P<a>{_SIDE}) (?i:beat|beats|v|vs\.?|drew with|draw with|lost to|defeated|edged"
    rf"|thrashed|crushed|routed|held|trounced|downed) (?P<b>{_SIDE})"
    rf"|(?P<c>{_SIDE}) \d{{1,3}} (?P<d>{_SIDE}) \d{{1,3}}\b"
)


def team_spans(text: str) -> list[tuple[int, int]]:
    """Where a result names its sides (a side starts after any sentence end it ran over)."""
    spans = []
    for match in RESULT.finditer(text):
        for side in "abcd":
            if match.group(side):
                begin, end = match.span(side)
                cut = text.rfind(". ", begin, end)
                spans.append((cut + 2 if cut >= 0 else begin, end))
    return spans


def plays_in_a_result(entity: Entity, teams: list[tuple[int, int]]) -> bool:
    """A place name that a result uses as a side ("Belgium beat Turkey"): a team."""
    return entity.kind != "Person" and any(
        b <= m.span.begin and m.span.end <= e for m in entity.mentions for b, e in teams
    )


def plays_in_a_table(entity: Entity, text: str) -> bool:
    """A name in capitals that only ever heads a row of standings or a fixture: a team
    ("CHICAGO 65 66 .496", "ATLANTA AT CHICAGO"), whether or not the article reads as sport."""
    return entity.kind != "Person" and all(
        m.text.isupper()
        and (
            STANDINGS_AFTER.match(text, m.span.end)
            or FIXTURE_AFTER.match(text, m.span.end)
            or FIXTURE_BEFORE.search(text, 0, m.span.begin)
        )
        for m in entity.mentions
    )


def stands_for_a_team(entity: Entity, text: str) -> bool:
    """A place name in a sports report that is never used as a place: no "in X", no dateline,
    no "(X)" after a player's name. A nationality word is never a team ("the Swedish
    striker")."""
    if entity.kind == "Person" or entity.demonym:
        return False
    for mention in entity.mentions:
        before = text[max(0, mention.span.begin - 12) : mention.span.begin]
        after = text[mention.span.end : mention.span.end + 8]
        if LOCATIVE.search(before) or DATELINE_AFTER.match(after):
            return False
        if PLAYER_BEFORE.search(before) and after.lstrip().startswith(")"):
            return False
    return True


def leads_a_side(entity: Entity, text: str) -> bool:
    """A name that, wherever it stands, is followed by one of a side's people ("England
    captain", "Italy coach"): the side, not the place, in a sports report or not. Not a
    nationality word ("the Belgian coach" is Belgium's)."""
    return (
        entity.kind != "Person"
        and not entity.demonym
        and all(SQUAD_ROLE_AFTER.match(text, m.span.end) for m in entity.mentions)
    )


def dateline_region(extraction: Extraction) -> int | None:
    """The index of the entity named right after the dateline's place, its state or country
    ("BIRMINGHAM , England", "BEND, Ore."), if any."""
    dateline = extraction.article.dateline
    comma = dateline and REGION_AFTER.match(extraction.article.text, dateline.span.end)
    if not comma:
        return None
    return next(
        (
            i
            for i, entity in enumerate(extraction.entities)
            if any(m.span.begin == comma.end() for m in entity.mentions)
        ),
        None,
    )


def dateline_entity(extraction: Extraction) -> int | None:
    """The index of the entity the article's dateline names, if any."""
    if extraction.article.dateline is None:
        return None
    key = name_key(extraction.article.dateline.name)
    return next(
        (
            i
            for i, entity in enumerate(extraction.entities)
            if not entity.demonym
            and key in {name_key(n) for n in (entity.label, *entity.alt_labels)}
        ),
        None,
    )


def _lone_surname(entity: Entity) -> bool:
    """A person the article names by one word only (not in capitals: a dateline's place)."""
    return entity.kind == "Person" and all(
        len(name.split()) == 1 and name[:1].isupper() and not name.isupper()
        for name in (entity.label, *entity.alt_labels)
    )


def _initials_before(entity: Entity, text: str) -> set[str]:
    """The initials written before the entity's mentions ("B Lund", "J. Smith")."""
    return {
        match.group(1)
        for m in entity.mentions
        if (match := INITIAL_BEFORE.search(text, max(0, m.span.begin - 4), m.span.begin))
    }


def _named_as_a_settlement(entity: Entity, text: str) -> bool:
    """Whether every mention of the entity follows "the town of", "the suburb of"...."""
    return all(
        SETTLEMENT_OF.search(text[max(0, m.span.begin - 20) : m.span.begin])
        for m in entity.mentions
    )


VOWELS = "aeiouy"


def spelling_variants(key: str) -> list[str]:
    """The other spellings of a name key that transliteration gives: one vowel for another, an
    "h" added after a consonant or dropped. None for a key of fewer than five letters, or of
    more than one word (its words are names of their own)."""
    if len(key) < 5 or not key.isalpha():
        return []
    found: dict[str, None] = {}
    for at, letter in enumerate(key):
        if letter in VOWELS:
            found |= dict.fromkeys(key[:at] + v + key[at + 1 :] for v in VOWELS if v != letter)
        elif letter == "h":
            found[key[:at] + key[at + 1 :]] = None
        elif at + 1 < len(key) and key[at + 1] != "h":
            found[key[: at + 1] + "h" + key[at + 1 :]] = None
    found.pop(key, None)
    return list(found)


def _named_alike(name: str, label: str) -> bool:
    """Whether two names share two thirds of their words, minor words aside ("Organisation of
    Islamic Conference", "Organisation of Islamic Cooperation")."""
    words = set(name_key(name).split()) - MINOR_WORDS
    return bool(words) and 3 * len(words & set(name_key(label).split())) >= 2 * len(words)


def _possessive_parts(name: str) -> list[str]:
    """The owner and the owned of a name that runs across a possessive, when the owned has
    more than one word; none otherwise."""
    parts = POSSESSIVE.split(name)
    if len(parts) == 2 and all(parts) and len(parts[1].split()) > 1:
        return parts
    return []


def _names(entity: Entity) -> list[str]:
    """The entity's names worth looking up: its label and the other forms the article used."""
    names = [entity.label, *entity.alt_labels]
    if entity.kind == "Person" and len(entity.label.split()) > 1:
        # "Putin" only ever stands for the full name the article gave.
        names = [n for n in names if len(n.split()) > 1] or names
    else:
        # "U.S. Department of Homeland Security" is the knowledge base's "United States
        # Department of Homeland Security".
        for name in list(names):
            # Initials are written with a space after them or without: "L.L. Bean", "L.L.Bean".
            if (closed := INITIALS_SPACE.sub("", name)) != name:
                names.append(closed)
            if match := COUNTRY_PREFIX.match(name):
                country = COUNTRY_PREFIXES[name_key(match.group(1))]
                names.append(f"{country} {name[match.end() :]}")
    return names


def _initials(name: str) -> bool:
    """Whether a name is written as initials: "MPS", "U.N."."""
    letters = name.replace(".", "")
    return letters.isupper() and letters.isalpha() and 2 <= len(letters) <= 6


def _initials_only(item: KbItem, key: str, entity: Entity) -> bool:
    """Whether the item bears the name only as initials the entity does not write as such:
    "MPs" is not the party "MPS"."""
    matching = [a for a in item.aliases if name_key(a) == key]
    return (
        bool(matching)
        and all(map(_initials, matching))
        and not any(map(_initials, (entity.label, *entity.alt_labels)))
    )


def _label_keys(item: KbItem) -> set[str]:
    """The keys of an item's label, with and without its legal form: "Bed Bath & Beyond" is
    the label of "Bed Bath & Beyond Inc.", as much as another item's that has no "Inc."."""
    return {name_key(item.label), name_key(LEGAL_FORM.sub("", item.label))}


def _wants_context(top: _Scored, candidates: int, entity: Entity) -> bool:
    """Whether the best candidate's name says too little without context: an alias that many
    items share, initials (unless long ones that one item alone has: "CNOOC"), or an
    organisation's name spelled otherwise (brands misspell words on purpose: "Petrel" is no
    "Petrol")."""
    many = top.how == "alias" and candidates >= SHARED_ALIAS
    respelled = top.how == "spelling" and top.item.type == "organization"
    own_initials = candidates == 1 and any(
        ACRONYM.fullmatch(n) and sum(map(str.isalpha, n)) >= LONG_INITIALS
        for n in (entity.label, *entity.alt_labels)
    )
    initials = top.how == "acronym" and not own_initials
    return not top.context and (many or respelled or initials)


def _a_toss_up(top: _Scored, scored: list[_Scored]) -> bool:
    """Whether another organisation fits as well as the best one, and nothing in the article
    tells them apart: organisations of one name a hair apart in popularity ("Daily News", five
    newspapers). Not places: a city and its region of one name are the gazetteer's, whose
    population decides ("Moscow")."""
    return (
        top.item.type == "organization"
        and not top.context
        and any(
            s is not top
            and s.how == top.how
            and s.item.type == top.item.type
            and top.score - s.score < TOSS_UP
            for s in scored
        )
    )


def _american(item: KbItem) -> bool:
    """Whether an item is the United States or in it."""
    return (
        item.qid == "Q30"
        or item.description.endswith(", US")
        or "United States" in item.description
    )


def _place_code(item: KbItem) -> str | None:
    """The country code a gazetteer's place gives ("city, GB"), or a country's ISO code
    alias gives ("GB - United Kingdom", "GB-WLS - Wales"), if any."""
    match = PLACE_CODE.fullmatch(item.description)
    if match:
        return match.group(1)
    coded = (m.group(1) for a in item.aliases if (m := CODE_ALIAS.match(a)))
    return next(coded, None) if item.type == "place" else None


def _party_plural(name: str) -> bool:
    """A party's nickname in the plural ("the Lib Dems", "the Tories"): the party; "a Lib Dem"
    is one of its members."""
    return nickname_country(name) is not None and name_key(name).endswith("s")


def _a_namesake_abroad(top: _Scored) -> bool:
    """A lesser city abroad that nothing in the article speaks for: "Boston" in an article
    about the United States is not Boston in England, nor "Perth" in a report on Australia
    the Scottish city (the gazetteer has no cities of the United States, Australia and ten
    more countries, so a namesake is all it finds). Unless the article names its country or
    links another place in it. On el-aida-dev, applied in every article and not only in those
    about the United States: 11 wrong links fewer, 1 right one."""
    return (
        FOREIGN_CITY.fullmatch(top.item.description) is not None
        and not top.context
        and top.item.prior < NAMESAKE_PRIOR
    )


class Linker:
    """Links the entities of an extraction against a knowledge base."""

    def __init__(self, kb: CandidateSource, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.kb = kb
        self.threshold = threshold
        self._countries: dict[str, KbItem] | None = None
        self._demonyms: dict[str, set[str]] | None = None
        self._country_names: dict[str, str] | None = None
        self._country_codes: dict[str, str] | None = None

    def countries(self) -> dict[str, KbItem]:
        """The knowledge base's countries, read once (each article asks)."""
        if self._countries is None:
            self._countries = self.kb.countries()
        return self._countries

    def _country_of_name(self) -> dict[str, str]:
        """Each name key of a country, with the country's label."""
        if self._country_names is None:
            self._country_names = {
                name_key(n): c.label
                for c in self.countries().values()
                for n in (c.label, *c.aliases)
            }
        return self._country_names

    def _code_of_country(self) -> dict[str, str]:
        """Each country's label, with its two-letter code (the gazetteer's "country, GB")."""
        if self._country_codes is None:
            self._country_codes = {
                c.label: code for c in self.countries().values() if (code := _place_code(c))
            }
        return self._country_codes

    def names_a_country(self, entity: Entity) -> bool:
        """Whether every name of the entity is a country's ("Chile") or its nationality word
        (read back with it: "Tunisia", "Tunisian"), which the NER may take for a person's."""
        names = (entity.label, *entity.alt_labels)
        countries = [n for n in names if name_key(n) in self._country_of_name()]
        return bool(countries) and all(n in countries or self.countries_named_by(n) for n in names)

    def only_nationality_words(self, entity: Entity) -> bool:
        """Whether every name of the entity is a nationality word ("Tajik", "Briton")."""
        return all(self.countries_named_by(n) for n in (entity.label, *entity.alt_labels))

    def countries_in(self, entities: Sequence[Entity]) -> list[str]:
        """The labels of the countries the entities name, by name or nationality word."""
        countries = self.countries()
        labels: dict[str, None] = {}
        for entity in entities:
            for name in (entity.label, *entity.alt_labels):
                if entity.demonym:
                    labels |= {countries[q].label: None for q in self.countries_named_by(name)}
                elif (label := self._country_of_name().get(name_key(name))) is not None:
                    labels[label] = None
        return list(labels)

    def countries_named_by(self, word: str) -> set[str]:
        """The countries a nationality word stands for ("Iraqi", "Israelis")."""
        if self._demonyms is None:
            self._demonyms = countries_by_demonym(self.countries())
        key = name_key(word)
        return self._demonyms.get(key) or self._demonyms.get(singular(key), set())

    def _party_country(self, item: KbItem) -> str | None:
        """The two-letter code of a party's country, from its description: the country's name
        ("party, united kingdom"), or its three-letter code ("political party, GBR") when the
        two begin alike ("GB", "US", "DE"); None for the rest ("CHL" is "CL")."""
        if match := PARTY_CODE.match(item.description):
            return match.group(1)
        match = PARTY_OF.match(item.description)
        label = self._country_of_name().get(name_key(match.group(1))) if match else None
        return self._code_of_country().get(label) if label else None

    def _a_party_abroad(self, top: _Scored, here: set[str | None]) -> bool:
        """A lesser party of a country the article is not about, found by another name than
        its own ("CNU" for a French party in an article on a cable channel), and nothing in
        the article for it."""
        party_of = self._party_country(top.item)
        return (
            not top.context
            and top.how in {"alias", "acronym"}
            and top.item.prior < FOREIGN_PARTY_PRIOR
            and party_of is not None
            and party_of not in here
        )

    def _demonym_candidates(self, entity: Entity, text: str = "") -> dict[str, tuple[KbItem, str]]:
        names = (entity.label, *entity.alt_labels)
        qids = {q for n in names for q in self.countries_named_by(n)}
        if qids:
            return {q: (self.countries()[q], "demonym") for q in qids}
        # "Scottish": a nation that is no country; the places of that name
        places = [
            IRREGULAR[singular(name_key(n))] for n in names if singular(name_key(n)) in IRREGULAR
        ]
        found = self.kb.qids_for(name_key(p) for p in places)
        items = self.kb.items(q for qs in found.values() for q in qs)
        nations = {q: (item, "demonym") for q, item in items.items() if item.type == "place"}
        if nations:
            return nations
        # "a Liberal Democrat mayor": the NER may tag the last word of a party's name only.
        qualified = {
            f"{before.group(1)} {m.text}"
            for m in entity.mentions
            if (before := WORD_BEFORE.search(text, 0, m.span.begin))
        }
        return self._party_candidates(sorted(qualified)) or self._party_candidates(names)

    def _party_candidates(self, names: Sequence[str]) -> dict[str, tuple[KbItem, str]]:
        """The parties a group word names by their label ("Republicans": the items labelled
        "Republican Party"), those that still exist: an alias would let "Islamic" be a
        party's other name, and "Christian" a party dissolved long ago."""
        keys = {k for n in names for k in party_names(n)}
        found = self.kb.qids_for(keys, ask=False)
        items = self.kb.items(q for qs in found.values() for q in qs)
        # A nickname names the party of one country ("Tories"), whatever the article's.
        nicknamed = {code for n in names if (code := nickname_country(n))}
        return {
            q: (item, "nickname" if nicknamed else "label")
            for q, item in items.items()
            if item.type == "organization"
            and name_key(item.label) in keys
            and PARTY.search(item.description)
            and not DISSOLVED.search(item.description)
            and (not nicknamed or self._party_country(item) in nicknamed)
        }

    def candidates(
        self, entities: Sequence[Entity], dateline: int | None = None, text: str = ""
    ) -> list[dict[str, tuple[KbItem, str]]]:
        """For each entity, its candidate items and how the name matched (label, alias, or a
        nationality word's country). A place that is no country, and the dateline's (at index
        `dateline`) whatever the NER took it for, is also looked up as a city: "New York" as
        "New York City", "Gaza" as "Gaza City"."""
        named = [i for i, e in enumerate(entities) if not e.demonym]
        city = named.index(dateline) if dateline in named else None
        countries = self.countries_in(entities)
        by_name = iter(self._name_candidates([entities[i] for i in named], city, countries))
        found = [
            self._demonym_candidates(e, text) if e.demonym else next(by_name) for e in entities
        ]
        # "B Lund" in a team sheet is no Karl Lund, whom the surname alone would find.
        for entity, options in zip(entities, found, strict=True):
            by_surname = [q for q, (_, how) in options.items() if how == "surname"]
            initials = _initials_before(entity, text) if by_surname else set()
            for qid in by_surname:
                if initials and options[qid][0].label[:1].upper() not in initials:
                    del options[qid]
        return found

    def _name_candidates(
        self, entities: Sequence[Entity], city: int | None = None, countries: Sequence[str] = ()
    ) -> list[dict[str, tuple[KbItem, str]]]:
        names_of = [_names(e) for e in entities]
        keys_of = [[name_key(n) for n in names] for names in names_of]
        own = {key for keys in keys_of for key in keys}  # the names the article used
        # The knowledge base may know a city only by "X City", which news calls "X"; a
        # country's name is the country's ("Kuwait", not Kuwait City).
        for i, entity in enumerate(entities):
            if i == city or (entity.kind == "Place" and not self.names_a_country(entity)):
                keys_of[i] += [f"{key} city" for key in keys_of[i]]
        # "Calif." is California, "D.C." Washington, D.C.: the name, dotted as AP writes it.
        for keys, names in zip(keys_of, names_of, strict=True):
            keys += [
                name_key(US_PLACE_ABBREVIATIONS[n]) for n in names if n in US_PLACE_ABBREVIATIONS
            ]
        # An institution of a country the article names, by the name the knowledge base gives
        # it: "the Communist Party" in an article on China is the "Communist Party of China".
        for keys, entity in zip(keys_of, entities, strict=True):
            if entity.kind == "Organization":
                keys += [
                    f"{key} of {the}{name_key(country)}"
                    for key in list(keys)
                    for country in countries
                    for the in ("", "the ")
                ]
        # The forms the rules derive are the knowledge base's to know: Wikidata's API (online
        # mode) is asked only for the names the article used.
        found = self.kb.qids_for(own)
        found |= self.kb.qids_for({k for keys in keys_of for k in keys} - own, ask=False)
        items = self.kb.items({q for qids in found.values() for q in qids})
        result = []
        # An entity's initials stand for its full name ("SEC" after "Securities and Exchange
        # Commission"): what they find must be named much as the full name is ("Food and
        # Agriculture Organization" for "Food & Agriculture Organisation"), not another item of
        # the same initials (an electricity company), nor a country's code ("BA", Bosnia's).
        short_of = [
            {name_key(a) for a in e.alt_labels if a.replace(".", "") == initials(e.label)}
            for e in entities
        ]
        for i, (keys, short) in enumerate(zip(keys_of, short_of, strict=True)):
            options: dict[str, tuple[KbItem, str]] = {}
            for key in keys:
                for qid in found.get(key, ()):
                    item = items.get(qid)
                    if item is None or (
                        key in short
                        and qid not in options
                        and not _named_alike(entities[i].label, item.label)
                    ):
                        continue
                    how = "label" if key in _label_keys(item) else "alias"
                    if how == "alias" and _initials_only(item, key, entities[i]):
                        continue
                    if how == "label" or qid not in options:
                        options[qid] = (item, how)
            # A name that some item bears as its label is that item's before it is anyone's
            # alias (gazetteers list other places' names in translation), unless the alias
            # comes from a hand-checked row.
            if any(how == "label" for _, how in options.values()):
                options = {
                    q: (item, how)
                    for q, (item, how) in options.items()
                    if how == "label" or item.prior >= 1.0
                }
            result.append(options)
        # A lone surname ("Obama" in an article that never gives his first name) is the one
        # person of that surname the knowledge base knows, if it knows only one.
        lone = [
            i
            for i, e in enumerate(entities)
            if _lone_surname(e) and all(item.type != "person" for item, _ in result[i].values())
        ]
        by_surname = self.kb.people_by_surname(name_key(entities[i].label) for i in lone)
        people = self.kb.items(q for qids in by_surname.values() if len(qids) == 1 for q in qids)
        for i in lone:
            qids = by_surname.get(name_key(entities[i].label), set())
            if len(qids) == 1 and (qid := next(iter(qids))) in people:
                result[i][qid] = (people[qid], "surname")
        # A company the article names with its business after the brand ("Dish Network") is
        # the brand's company, when its full name finds nothing: never a place ("Minsk Group").
        brands = {
            i: [BUSINESS_SUFFIX.sub("", n) for n in names_of[i] if BUSINESS_SUFFIX.search(n)]
            for i, e in enumerate(entities)
            if e.kind == "Organization" and not result[i]
        }
        for i, named in self._items_named(brands).items():
            for company, _ in named:
                if company.type == "organization":
                    result[i][company.qid] = (company, "brand")
        # An institution whose name finds nothing may be one of another organisation the
        # article names: "the Security Council" in an article on the United Nations (or the
        # U.N., or datelined there) is the "United Nations Security Council".
        umbrellas = {
            name_key(COUNTRY_PREFIXES.get(name_key(n), n))
            for i, e in enumerate(entities)
            if e.kind == "Organization" or i == city
            for n in (e.label, *e.alt_labels)
        }
        within = {
            i: [
                f"{u} {key}"
                for key in map(name_key, names_of[i])
                for u in umbrellas
                if u not in key
            ]
            for i, e in enumerate(entities)
            if e.kind == "Organization" and not result[i]
        }
        for i, named in self._items_named(within).items():
            for item, how in named:
                result[i].setdefault(item.qid, (item, how))
        # An organisation named with its country after it ("Planned Parenthood Federation of
        # America") may be known by its name without it, and without the kind of body it is,
        # when the item's description gives that country ("... in the United States").
        national = {
            i: self._without_country(names_of[i])
            for i, e in enumerate(entities)
            if e.kind == "Organization" and not result[i]
        }
        shorts = {i: [short for short, _ in pairs] for i, pairs in national.items()}
        for i, named in self._items_named(shorts).items():
            dropped = {country.casefold() for _, country in national[i]}
            for item, how in named:
                if item.type == "organization" and any(
                    c in item.description.casefold() for c in dropped
                ):
                    result[i].setdefault(item.qid, (item, how))
        # A name the NER ran across a possessive ("Hollande 's Socialist Party", "the Bureau
        # of Reclamation 's Great Plains office") names two things: when the whole finds
        # nothing, either part may be the entity's, whichever fits best. One word after the
        # possessive makes a name of its own ("Prince George's County", "Children's Hospital").
        parts = {
            i: [part for n in names_of[i] for part in _possessive_parts(n)]
            for i, e in enumerate(entities)
            if e.kind != "Person" and not result[i]
        }
        for i, named in self._items_named(parts).items():
            for item, how in named:
                result[i].setdefault(item.qid, (item, how))
        # A name that finds nothing may be another transliteration of one that does: a vowel
        # for another, an "h" more or less ("Arbil", "Erbil"; "Hizbollah", "Hezbollah";
        # "Kazakstan", "Kazakhstan"). Only for names of five letters or more.
        spellings = {
            i: [v for n in names_of[i] for v in spelling_variants(name_key(n))]
            for i, e in enumerate(entities)
            if e.kind != "Person" and not result[i]
        }
        for i, named in self._items_named(spellings).items():
            for item, _ in named:
                if item.type in ("organization", "place"):
                    result[i].setdefault(item.qid, (item, "spelling"))
        # An acronym that names nothing ("FBI", "CNOOC") may be the initials of the name of an
        # organisation or a place that the knowledge base knows.
        acronyms = {
            i: [acronym_key(n) for n in names_of[i] if ACRONYM.fullmatch(n)]
            for i, e in enumerate(entities)
            if e.kind != "Person" and not result[i]
        }
        found = self.kb.qids_for((k for keys in acronyms.values() for k in keys), ask=False)
        items = self.kb.items(q for qids in found.values() for q in qids)
        for i, keys in acronyms.items():
            for key in keys:
                for qid in (q for q in found.get(key, ()) if q in items):
                    initialism = key[len(ACRONYM_MARK) :] in short_of[i]  # its own initials
                    if items[qid].type in ("organization", "place") and (
                        not initialism or _named_alike(entities[i].label, items[qid].label)
                    ):
                        result[i][qid] = (items[qid], "acronym")
        return result

    def _without_country(self, names: list[str]) -> list[tuple[str, str]]:
        """The names without the country they end in, and the country's label: "Planned
        Parenthood Federation" and "Planned Parenthood", "United States"."""
        found: dict[tuple[str, str], None] = {}
        for name in names:
            match = OF_COUNTRY.search(name)
            country = self._country_of_name().get(name_key(match.group(1))) if match else None
            if match and country:
                short = name[: match.start()]
                found |= {(short, country): None, (BODY_SUFFIX.sub("", short), country): None}
        return list(found)

    def _items_named(self, names: Mapping[int, list[str]]) -> dict[int, list[tuple[KbItem, str]]]:
        """For each entity, the items that bear the names a rule derived for it, and whether
        as their label or an alias; looked up in the knowledge base only (see
        `_name_candidates`)."""
        # Each name's and each label's key made once: in a long article the items met are
        # more than name_key's cache holds (250,000 calls, 2.5 s, at 200,000 characters).
        keys = {n: name_key(n) for ns in names.values() for n in ns}
        found = self.kb.qids_for(keys.values(), ask=False)
        items = self.kb.items(q for qids in found.values() for q in qids)
        labels = {q: name_key(item.label) for q, item in items.items()}
        return {
            i: [
                (items[q], "label" if labels[q] == keys[n] else "alias")
                for n in ns
                for q in found.get(keys[n], ())
                if q in items
            ]
            for i, ns in names.items()
        }

    def _score(
        self,
        entity: Entity,
        item: KbItem,
        how: str,
        article_words: set[str],
        linked: set[str],
        dateline: bool = False,
        linked_names: Mapping[str, set[str]] | None = None,
        own: str | None = None,
    ) -> _Scored | None:
        """The item's score as the entity's link. `linked` are the items the article's entities
        were linked to in the first pass, `linked_names` which of them name each place in their
        description, and `own` the entity's own link then: another item's places count, the
        item's own or its rival's do not."""
        kind = KB_TYPE_OF_KIND[entity.kind]
        fit = TYPE_FIT.get((kind, item.type), 0.0)
        if fit == 0.0 and "person" in (kind, item.type):
            return None  # a person is never something else
        age = item_age(item.qid)
        prior = (item.prior + age) / 2
        if (
            how != "demonym"
            and item.type == "place"
            and item.description.startswith("admin region")
        ):
            # A city and the region named after it: news means the city (London, not
            # Greater London), unless the article's context says otherwise; a dateline always
            # names a city.
            prior *= DATELINE_REGION if dateline else REGION_NAMESAKE
        shared = sorted(_item_words(item.description) & article_words)
        # A name that the item's description shares with another link's ("Colorado") is as
        # good as a relation: both are in the same place.
        near = sorted(
            n
            for n in _item_places(item.description)
            if (linked_names or {}).get(n, set()) - {item.qid, own}
        )
        related = sorted(item.related() & linked - {item.qid})
        context = min(1.0, 0.25 * len(shared) + 0.5 * len(related) + 0.5 * len(near))
        name = NAME_FIT[how]
        score = (
            WEIGHTS["name"] * name
            + WEIGHTS["type"] * fit
            + WEIGHTS["prior"] * prior
            + WEIGHTS["context"] * context
        )
        matched = f"{how} match"
        if how == "label" and name_key(item.label) not in {
            name_key(n) for n in (entity.label, *entity.alt_labels)
        }:  # a form a rule derived: say which ("Communist Party of China" for "Communist Party")
            matched += f' ("{item.label}" for "{entity.label}")'
        reasons = [matched, f"type {item.type}" + ("" if fit == 1.0 else f" (NER: {kind})")]
        reasons.append(f"prior {item.prior:.2f} ({', '.join(item.sources)}), item age {age:.2f}")
        if shared:
            reasons.append("description words in the article: " + ", ".join(shared[:5]))
        if related:
            reasons.append("related to " + ", ".join(related[:5]) + " in this article")
        if near:
            reasons.append("where other links are: " + ", ".join(near[:5]))
        return _Scored(item, round(score, 4), tuple(reasons), how, context)

    def link(self, extraction: Extraction) -> tuple[EntityLink, ...]:
        """The article's links: at most one item per entity, none below the threshold."""
        # A "person" named only by a country's name is the country ("Chile said"); one named
        # only by a nationality word (or a party's nickname: "the Lib Dems") is that word
        # ("an elderly Tajik"); one whose every name
        # ends in a company's business is the company ("Dish Network").
        entities = tuple(
            replace(e, kind="Place")
            if e.kind == "Person" and self.names_a_country(e)
            else replace(e, kind="Place", demonym=True)
            if e.kind == "Person"
            and (self.only_nationality_words(e) or all(map(_party_plural, _names(e))))
            else replace(e, kind="Organization")
            if e.kind == "Person" and all(map(BUSINESS_SUFFIX.search, (e.label, *e.alt_labels)))
            else replace(e, kind="Place")
            if e.kind == "Person" and _named_as_a_settlement(e, extraction.article.text)
            else e
            for e in extraction.entities
        )
        text = extraction.article.text
        sports = sports_report(text, extraction.article.headline or "")
        teams = team_spans(text)
        dateline = dateline_entity(extraction)
        region = dateline_region(extraction)
        options = self.candidates(entities, dateline, text)
        # A group word that names a party ("the Republicans") is the party: an organisation,
        # and one of a country the article is about (most party names are many countries').
        parties = {
            i
            for i, (e, found) in enumerate(zip(entities, options, strict=True))
            if e.demonym and found and all(it.type == "organization" for it, _ in found.values())
        }
        entities = tuple(
            replace(e, kind="Organization") if i in parties else e for i, e in enumerate(entities)
        )
        codes_of = self._code_of_country()
        named_codes = {codes_of[c] for c in self.countries_in(entities) if c in codes_of}
        # The entities that stand for teams: no place is theirs. A node read back by `kg link
        # --relink` may hold a country's name and its nationality word together ("Russia",
        # "Russian"): the word makes it a place.
        teams_here = {
            i
            for i, entity in enumerate(entities)
            if (
                sports
                and i not in (dateline, region)  # a dateline names places, masked date or not
                and stands_for_a_team(entity, text)
                and not any(self.countries_named_by(m.text) for m in entity.mentions)
            )
            or (i not in (dateline, region) and leads_a_side(entity, text))
            or plays_in_a_result(entity, teams)
            or plays_in_a_table(entity, text)
        }
        text_words = _article_words(text)
        article_words = text_words
        linked: set[str] = set()
        linked_names: dict[str, set[str]] = {}
        best: dict[int, _Scored] = {}
        for _ in range(2):  # the second pass sees what the first linked
            first, best = best, {}
            american = any(_american(s.item) for s in first.values())
            # The countries the article's places are in, by the code a gazetteer gives them.
            codes = Counter(_place_code(s.item) for s in first.values())
            # The countries the article is about: those it names, those of the places and the
            # parties linked ("Labour" in an article on the Tories).
            here = named_codes | set(codes) | ({"US"} if american else set())
            here = (here | {self._party_country(s.item) for s in first.values()}) - {None}
            for i, (entity, candidates) in enumerate(zip(entities, options, strict=True)):
                if i in teams_here:
                    candidates = {q: c for q, c in candidates.items() if c[0].type != "place"}
                if i in parties:
                    candidates = {
                        q: (item, how)
                        for q, (item, how) in candidates.items()
                        if how == "nickname" or self._party_country(item) in here
                    }
                scored = [
                    s
                    for item, how in candidates.values()
                    if (
                        s := self._score(
                            entity,
                            item,
                            how,
                            article_words,
                            linked,
                            dateline=i == dateline,
                            linked_names=linked_names,
                            own=first[i].item.qid if i in first else None,
                        )
                    )
                    is not None
                ]
                if scored:
                    # Ties go to the older item (the lower QID): usually the better known.
                    top = max(scored, key=lambda s: (s.score, -int(s.item.qid[1:])))
                    if (
                        top.score >= self.threshold
                        and not _wants_context(top, len(scored), entity)
                        and not _a_toss_up(top, scored)
                        and not (
                            _a_namesake_abroad(top)
                            # ... unless the article names its country ("Swiss"), or another
                            # place of its country is linked
                            and _place_code(top.item) not in named_codes
                            and codes[_place_code(top.item)] <= (i in first)
                        )
                        and not self._a_party_abroad(top, here)
                    ):
                        best[i] = top
            linked = {s.item.qid for s in best.values()}
            # "capital city of the United States" fits an article where "US" was linked.
            article_words = text_words.union(*(_item_words(s.item.label) for s in best.values()))
            # "city in ... Colorado" fits one where Denver ("capital of the U.S. state of
            # Colorado") was. Only a place's description says where it is; an organisation's
            # may name its seat ("HQ: Geneva, Switzerland").
            for s in best.values():
                for name in _item_places(s.item.description) if s.item.type == "place" else ():
                    linked_names.setdefault(name, set()).add(s.item.qid)
        # Two entities may win one item ("US" and "America"): they are then one node.
        return tuple(
            EntityLink(
                entity=i,
                qid=scored.item.qid,
                label=scored.item.label,
                description=scored.item.description,
                type=scored.item.type,
                confidence=scored.score,
                reasons=scored.reasons,
            )
            for i, scored in sorted(best.items())
        )
