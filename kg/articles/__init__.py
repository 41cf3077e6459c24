"""Readers that turn input files into `Article`s."""

from kg.articles.errors import ArticleError
from kg.articles.files import (
    JSON_SUFFIXES,
    JSONL_SUFFIXES,
    article_identifier,
    decode_text,
    find_inputs,
    read_article,
    read_inputs,
)
from kg.articles.plaintext import parse_plain_text
from kg.articles.records import RecordFields, count_json_records

__all__ = [
    "JSONL_SUFFIXES",
    "JSON_SUFFIXES",
    "ArticleError",
    "RecordFields",
    "article_identifier",
    "count_json_records",
    "decode_text",
    "find_inputs",
    "parse_plain_text",
    "read_article",
    "read_inputs",
]
