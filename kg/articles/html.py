"""HTML pages: the main text and metadata by trafilatura (the only module that imports it),
with the page's schema.org NewsArticle JSON-LD preferred for metadata when present, and the
byline element the template marks read for authors when neither names one.

The stored text is built from the pieces, each a section: the headline, the description (as a
standfirst), a byline ("By A and B") when the page names authors, then the body paragraphs.
"""

from __future__ import annotations

import html
import itertools
import json
import re
from datetime import date, datetime
from typing import Any

import trafilatura
from lxml import html as lxml_html  # type: ignore[import-untyped]

from kg.articles.errors import ArticleError
from kg.articles.plaintext import paragraph_dateline
from kg.model import Article, NamedSpan, Section, Span

MIN_ARTICLE_WORDS = 20
NEWS_TYPES = {
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "BlogPosting",
    "OpinionNewsArticle",
    "ReviewNewsArticle",
    "BackgroundNewsArticle",
}


def _tree(page: str) -> Any | None:
    """The page's element tree; None when lxml finds no document in it."""
    try:
        return lxml_html.fromstring(page)
    except (ValueError, lxml_html.etree.ParserError):
        return None


def _jsonld_objects(tree: Any) -> list[dict[str, Any]]:
    """Every JSON-LD object of the page, @graph members included."""
    found: list[dict[str, Any]] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except json.JSONDecodeError:
            continue
        items = data if isinstance(data, list) else [data]
        for item in items:
            if isinstance(item, dict):
                found += [g for g in item.get("@graph", []) if isinstance(g, dict)] or [item]
    return found


def news_jsonld(tree: Any) -> dict[str, Any] | None:
    """The page's schema.org NewsArticle (or Article) description, if it has one."""
    for item in _jsonld_objects(tree):
        types = item.get("@type")
        types = set(types) if isinstance(types, list) else {types}
        if types & NEWS_TYPES:
            return item
    return None


def _plain(value: object) -> str:
    """A metadata string as text: many sites escape their JSON-LD and meta tags twice
    ("Arrest&#8217;s"), which leaves character references after parsing."""
    if not isinstance(value, str):
        return ""
    return " ".join(html.unescape(value).split())


def _names(value: object) -> list[str]:
    """Author names from JSON-LD or trafilatura ("A; B", {"name": ...}, [...])."""
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, str):
        names = [n.strip() for n in re.split(r";|,| and ", _plain(value)) if n.strip()]
        return [n for n in names if n.casefold() not in PLACEHOLDER_NAMES]
    return []


# What a page's template puts where it has no author's name ("No Author" is nobody's; a
# site's "Unknown" or "Admin" is left as it signs).
PLACEHOLDER_NAMES = frozenset({"no author", "n/a", "none", "null", "undefined"})


def _as_on_page(name: str, page: str) -> str:
    """trafilatura's name with the page's own stops back ("J.R. Stone", not "J R Stone"):
    it strips them from every name. The letters stay trafilatura's (it fixes capitals)."""
    words = name.split()
    if not any(len(w) == 1 for w in words):
        return name
    pattern = r"(?<!\w)" + r"\.?\s*".join(re.escape(w) for w in words) + r"\.?(?!\w)"
    found = re.search(pattern, page, re.IGNORECASE)
    if found is None:
        return name
    letters = iter(name.replace(" ", ""))
    spelled = "".join(next(letters, c) if c.isalnum() else c for c in found.group())
    return " ".join(spelled.split())


def _lower(attribute: str) -> str:
    """XPath 1.0 for the attribute's value in lower case (it has no lower-case())."""
    return f'translate(@{attribute}, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")'


# Elements a template marks as the byline or the author's name, outside the comments and the
# links to other articles (whose authors are not this article's).
BYLINE_ELEMENTS = (
    "//*[("
    + " or ".join(f'contains({_lower(a)}, "byline")' for a in ("class", "id", "data-testid"))
    + ' or @rel="author" or @itemprop="author"'
    + " or ".join(["", *(f'contains({_lower(a)}, "author")' for a in ("class", "id"))])
    + ") and not(ancestor-or-self::*[self::aside or self::footer or "
    + " or ".join(
        f'contains({_lower(a)}, "{part}")'
        for a in ("class", "id")
        for part in ("comment", "related")
    )
    + "])]"
)
BYLINE_CUE = re.compile(r"(?:^|(?<=\s))(?:[Bb]y|BY|Posted by|Written by)\s*:?\s*(?=[A-Z])")
NAME_WORD = r"(?:[A-Z][\w'’.-]*|de|da|van|von|der|la|le|del|di)"
BYLINE_NAME = re.compile(rf"{NAME_WORD}(?: {NAME_WORD}){{0,4}}")
NAME_SEPARATOR = re.compile(r"\s*(?:,|and|&)\s+")
# Words a byline goes on with after the names: a date, a time stamp, links.
NOT_NAMES = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May"
    " June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep"
    " Sept Oct Nov Dec Updated Published Posted Last Staff Share View Email Follow".split()
)


def _byline_names(text: str) -> list[str]:
    """The names a byline's text gives: "By A and B, Thursday ..." or "Posted on ... by A"; an
    element without "By" must hold a name of two words or more and nothing else."""
    text = " ".join(text.split())
    cue = BYLINE_CUE.search(text[:80])
    rest, names = (text[cue.end() :] if cue else text), []
    while (found := BYLINE_NAME.match(rest)) is not None:
        words = found.group().split()
        kept = list(itertools.takewhile(lambda w: w.strip(".,") not in NOT_NAMES, words))
        if len(kept) < (1 if cue else 2):
            break
        names.append(" ".join(kept).rstrip(","))
        if len(kept) < len(words):
            break
        rest = rest[found.end() :]
        if (joint := NAME_SEPARATOR.match(rest)) is None:
            break
        rest = rest[joint.end() :]
    if not cue and " ".join(names) != text:
        return []
    return names


def byline_authors(tree: Any) -> list[str]:
    """The authors the page's byline element names, where its metadata names none."""
    for element in tree.xpath(BYLINE_ELEMENTS):
        names = _byline_names(" ".join(element.itertext()))
        if names:
            return [n for n in names if n.casefold() not in PLACEHOLDER_NAMES]
    return []


def _visible_headline(tree: Any, declared: str | None) -> str | None:
    """The page's one <h1>, the headline its readers see: the declared one (JSON-LD, meta
    tags) often carries the site's name ("... - The Observer") or an earlier wording. Not an
    <h1> that holds the declared headline and more (a kicker: "Politics: ..."), a heading of
    sections ("News | Entry"), nor a label of a word or two."""
    headings = tree.xpath("//h1")
    if len(headings) != 1:
        return None
    text = " ".join(" ".join(headings[0].itertext()).split())
    if len(text.split()) < 3 or "|" in text:
        return None
    if declared and declared.casefold() in text.casefold():
        return None
    return text


# What a site says to its readers around an article, in a paragraph of its own: calls to
# subscribe, sign up, follow or download, and the rights notice. Not the article's words.
SITE_NOTICE = re.compile(
    r"^(?:subscribe|sign up|follow us|never miss|submit your|click here|to (?:view|read) the full"
    r"|for the latest (?:stories|news))\b|^follow .{0,40} on (?:twitter|facebook|instagram)"
    r"|all rights reserved|copyrighted property of|written permission must be obtained",
    re.IGNORECASE,
)
SITE_NOTICE_WORDS = 40


def _site_notice(paragraph: str) -> bool:
    """Whether a paragraph is the site's notice to its readers (a short one: an article's
    paragraph may begin "Subscribe ..." in a story about subscriptions, at length)."""
    text = paragraph.strip()
    return len(text.split()) <= SITE_NOTICE_WORDS and SITE_NOTICE.search(text) is not None


def _published(value: object) -> datetime | date | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return None
    return moment.replace(tzinfo=None) if moment.tzinfo else moment


def parse_html(page: str, identifier: str, source: str) -> Article:
    """An Article from an HTML page; ArticleError when the page holds no article text."""
    extracted = trafilatura.bare_extraction(
        page, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    document: dict[str, Any] = {}
    if extracted is not None:
        document = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    body = (document.get("text") or "").strip()
    if len(body.split()) < MIN_ARTICLE_WORDS:  # navigation or a stub, not an article
        raise ArticleError(source, "no article text found in the HTML page")
    tree = _tree(page)
    ld = (news_jsonld(tree) if tree is not None else None) or {}
    # the language the page says it is in: its article's, else the page's own
    language = ld.get("inLanguage") or (tree.get("lang") if tree is not None else None)
    headline = _plain(ld.get("headline")) or _plain(document.get("title")) or None
    headline = (_visible_headline(tree, headline) if tree is not None else None) or headline
    description = _plain(ld.get("description")) or _plain(document.get("description")) or None
    authors = _names(ld.get("author")) or [
        _as_on_page(name, page) for name in _names(document.get("author"))
    ]
    if not authors and tree is not None:
        authors = byline_authors(tree)
    published = _published(ld.get("datePublished")) or _published(document.get("date"))
    url = ld.get("url") or ld.get("mainEntityOfPage") or document.get("url")

    pieces: list[tuple[str, str]] = []
    if headline:
        pieces.append(("headline", headline))
    if description and description not in body[: len(description) + 50]:
        pieces.append(("standfirst", description))
    if authors:
        pieces.append(("byline", "By " + " and ".join(authors)))
    pieces += [("body", p.strip()) for p in body.split("\n") if p.strip() and not _site_notice(p)]
    text, sections = "", []
    for kind, words in pieces:
        if text:
            text += "\n\n"
        begin = len(text)
        text += words
        sections.append(Section(kind, Span(begin, len(text))))  # type: ignore[arg-type]
    # a dateline opens the first or second paragraph (after a lead set in bold, say)
    opening = [s.span.begin for s in sections if s.kind == "body"][:2]
    dateline = next(filter(None, (paragraph_dateline(text, at) for at in opening)), None)
    named = []
    byline = next((s for s in sections if s.kind == "byline"), None)
    if byline is not None:
        offset = byline.span.begin
        for name in authors:
            at = text.find(name, offset, byline.span.end)
            if at >= 0:
                named.append(NamedSpan(name, Span(at, at + len(name))))
                offset = at + len(name)
    return Article(
        identifier=identifier,
        text=text,
        headline=headline,
        description=description,
        published=published,
        authors=tuple(named),
        dateline=dateline,
        sections=tuple(sections),
        source_format="text/html",
        language=language if isinstance(language, str) else None,
        url=url if isinstance(url, str) else None,
        publisher=_names(ld.get("publisher"))[0]
        if _names(ld.get("publisher"))
        else document.get("sitename"),
    )
