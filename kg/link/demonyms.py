"""Nationality words and the countries they name: "Iraqi" officials are Iraq's, "French"
troops France's. News links them so (AIDA does), and an article that quotes "Iraqi officials"
mentions Iraq.

Regular English demonyms are made from the country's name by a few suffixes (Iraq → Iraqi,
Russia → Russian, China → Chinese, Belgium → Belgian); the irregular ones are listed. The
knowledge base's countries are the candidates; a word no country yields stays unlinked (and
the pipeline then drops it: a nationality word is not itself a place).
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
