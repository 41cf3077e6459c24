"""Nationality words and the countries they name: "Iraqi" officials are Iraq's, "French"
troops France's. News links them so (AIDA does), and an article that quotes "Iraqi officials"
mentions Iraq.

Regular English demonyms are made from the country's name by a few suffixes (Iraq → Iraqi,
Russia → Russian, China → Chinese, Belgium → Belgian); the irregular ones are listed. The
knowledge base's countries are the candidates; a word no country yields stays unlinked (and
the pipeline then drops it: a nationality word is not itself a place).

The NER gives a party's members the same tag ("the Republicans", "a Democrat", "Tory
plans"): a group word that names no country may name a party, by the party's name.
"""

from __future__ import annotations

from collections.abc import Mapping

from kg.link.kb import KbItem, name_key

# Irregular demonyms (lower case) and the English name of their country (or continent).
IRREGULAR: dict[str, str] = {
    "afghan": "Afghanistan",
    "african": "Africa",
    "american": "United States",
    "argentine": "Argentina",
    "asian": "Asia",
    "briton": "United Kingdom",
    "british": "United Kingdom",
    "burmese": "Myanmar",
    "croat": "Croatia",
    "cypriot": "Cyprus",
    "czech": "Czech Republic",
    "danish": "Denmark",
    "dutch": "Netherlands",
    "emirati": "United Arab Emirates",
    "english": "England",
    "european": "Europe",
    "filipino": "Philippines",
    "finnish": "Finland",
    "french": "France",
    "greek": "Greece",
    "icelandic": "Iceland",
    "irish": "Ireland",
    "kazakh": "Kazakhstan",
    "kyrgyz": "Kyrgyzstan",
    "laotian": "Laos",
    "new zealander": "New Zealand",
    "norwegian": "Norway",
    "peruvian": "Peru",
    "philippine": "Philippines",
    "polish": "Poland",
    "portuguese": "Portugal",
    "saudi": "Saudi Arabia",
    "scottish": "Scotland",
    "serb": "Serbia",
    "slovak": "Slovakia",
    "spanish": "Spain",
    "swiss": "Switzerland",
    "tajik": "Tajikistan",
    "thai": "Thailand",
    "turkmen": "Turkmenistan",
    "uzbek": "Uzbekistan",
    "welsh": "Wales",
}
SUFFIXES = ("n", "an", "ian", "i", "ese", "ish")
# Parties whose members go by a nickname, not by the party's first word (lower case): the
# party's name and its country's code, which the nickname alone says.
PARTY_NICKNAMES: dict[str, tuple[str, str]] = {
    "tory": ("Conservative Party", "GB"),
    "tories": ("Conservative Party", "GB"),
    "lib dem": ("Liberal Democrats", "GB"),
    "lib dems": ("Liberal Democrats", "GB"),
}


def demonym_forms(name: str) -> set[str]:
    """The regular demonyms a country's name makes (most are not words; only those that are
    will ever be looked up)."""
    forms = {name + s for s in SUFFIXES}
    if len(name) > 4:
        forms |= {name[:-1] + s for s in ("", *SUFFIXES)} if name[-1] in "aeiouy" else set()
        forms |= {name[:-2] + s for s in ("an", "ian", "ese", "ish")}
    return forms


def countries_by_demonym(countries: Mapping[str, KbItem]) -> dict[str, set[str]]:
    """Each demonym's name key, and the countries it may stand for (the longest names first
    win: "Nigerian" is Nigeria's before it is Niger's)."""
    index: dict[str, tuple[int, set[str]]] = {}

    def add(key: str, qid: str, strength: int) -> None:
        best, qids = index.get(key, (-1, set()))
        if strength > best:
            index[key] = (strength, {qid})
        elif strength == best:
            qids.add(qid)

    by_label: dict[str, set[str]] = {}
    for qid, item in countries.items():
        for name in (item.label, *item.aliases):
            by_label.setdefault(name_key(name), set()).add(qid)
            for form in demonym_forms(name):
                add(name_key(form), qid, len(name))
    for word, country in IRREGULAR.items():
        for qid in by_label.get(name_key(country), ()):
            add(name_key(word), qid, 1000)
    return {key: qids for key, (_, qids) in index.items()}


def singular(key: str) -> str:
    """ "israelis" → "israeli": plural nationality nouns name the same country."""
    return key[:-1] if key.endswith("s") and not key.endswith("ss") else key


def party_names(word: str) -> list[str]:
    """The name keys of the party whose members or line a group word names: "Republicans"
    and "Republican" → "republican party", "Democrats" → "democratic party", "Tories" →
    "conservative party"; a name of two words or more is the party's own ("Liberal
    Democrats")."""
    key = name_key(word)
    if key in PARTY_NICKNAMES:
        return [name_key(PARTY_NICKNAMES[key][0])]
    if " " in key:
        return [key, f"{key}s"]  # "a Liberal Democrat" of the "Liberal Democrats"
    names = []
    for stem in dict.fromkeys((key, singular(key))):
        names.append(f"{stem} party")
        if stem.endswith("crat"):  # a Democrat of the Democratic Party
            names.append(f"{stem}ic party")
    return names


def nickname_country(word: str) -> str | None:
    """The country code of the party a nickname names ("Tories": GB), if the word is one."""
    found = PARTY_NICKNAMES.get(name_key(word))
    return found[1] if found else None
