"""The one error a reader raises: which file, which line, what is wrong."""

from __future__ import annotations


class ArticleError(ValueError):
    """An input that cannot become an article; says where and why."""

    def __init__(self, source: str, reason: str, line: int | None = None) -> None:
        self.source = source
        self.reason = reason
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")
