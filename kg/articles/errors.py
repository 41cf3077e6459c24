"""The one error a reader raises (which file, which line, what is wrong), and the longest
text a reader lets through."""

from __future__ import annotations


class ArticleError(ValueError):
    """An input that cannot become an article; says where and why."""

    def __init__(self, source: str, reason: str, line: int | None = None) -> None:
        self.source = source
        self.reason = reason
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")


# One article's text is at most this long. Extraction holds an article whole, and its memory
# grows faster than the article: ingested alone, an article of 200,000 characters took
# ingestion to 384 MiB, one of 1,000,000 to 1.3 GiB, and one of 1,900,000 to 3.7 GiB, in nine
# minutes. This is eight times the longest of the 2,225 BBC articles, and more than the
# longest long read; a longer text is a book or a dump, to be split into articles.
MAX_ARTICLE_CHARACTERS = 200_000


def check_length(text: str, source: str, line: int | None = None) -> None:
    """Raise ArticleError when the text is too long for one article."""
    if len(text) > MAX_ARTICLE_CHARACTERS:
        raise ArticleError(
            source,
            f"text of {len(text):,} characters is too long for one article "
            f"(limit {MAX_ARTICLE_CHARACTERS:,}): split it into articles",
            line,
        )
