"""Main-text quality of the HTML reader on ../shared/data/html-en (trafilatura's own eval set).

    .venv/bin/python bench/html_quality.py

For each page, `with` snippets must appear in the extracted text (recall) and `without`
snippets must not (precision); metadata (title, author, date) is compared where the set has it.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from kg.articles import ArticleError, read_article

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "html-en"


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def main() -> int:
    if not DATA.is_dir():
        print(f"data not found: {DATA}", file=sys.stderr)
        return 2
    cases = json.loads((DATA / "evaldata.json").read_text(encoding="utf-8"))
    found = missed = kept_out = leaked = failed = 0
    meta = {"title": [0, 0], "author": [0, 0], "date": [0, 0]}
    for case in cases.values():
        try:
            article = read_article(DATA / "pages" / case["file"])
        except ArticleError:
            failed += 1
            missed += len(case.get("with", []))
            kept_out += len(case.get("without", []))
            continue
        text = norm(article.text)
        for snippet in case.get("with", []):
            found, missed = (found + 1, missed) if norm(snippet) in text else (found, missed + 1)
        for snippet in case.get("without", []):
            leaked, kept_out = (
                (leaked + 1, kept_out) if norm(snippet) in text else (leaked, kept_out + 1)
            )
        checks = {
            "title": (case.get("title"), article.headline or ""),
            "author": (case.get("author"), " ".join(a.name for a in article.authors)),
            "date": (case.get("date"), str(article.published or "")),
        }
        for key, (want, got) in checks.items():
            if want:
                meta[key][1] += 1
                meta[key][0] += (
                    norm(str(want))[:10] in norm(got)
                    if key == "date"
                    else norm(str(want)) in norm(got)
                )
    recall = found / max(1, found + missed)
    precision = kept_out / max(1, kept_out + leaked)
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    print(f"{len(cases)} pages, {failed} without article text")
    print(f"main text: recall {recall:.3f} ({found}/{found + missed} snippets found)")
    kept = f"{kept_out}/{kept_out + leaked} kept out"
    print(f"           precision {precision:.3f} ({kept}), F1 {f1:.3f}")
    for key, (right, total) in meta.items():
        if total:
            print(f"{key}: {right}/{total} = {right / total:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
