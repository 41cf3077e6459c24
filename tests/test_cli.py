"""The `kg` command through click's runner, on a store on disk."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import _expected_articles, main
from tests.conftest import FIXTURES, SEED

pytestmark = pytest.mark.model

PEOPLE = (
    "PREFIX nk: <https://w3id.org/newskg/ns#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"
    " SELECT ?name WHERE { ?p a nk:Person ; rdfs:label ?name } ORDER BY ?name"
)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("cli") / "store")
    result = CliRunner().invoke(
        main, ["ingest", str(SEED), str(FIXTURES / "generic.txt"), "--store", path]
    )
    assert result.exit_code == 0, result.output
    assert "2 ingested, 0 unchanged, 0 failed" in result.output
    assert "ok    " in result.output and "000_0001cfc20b1d3929.txt" in result.output
    return path


def test_query_json_is_sparql_results_json(runner: CliRunner, store_dir: str) -> None:
    result = runner.invoke(main, ["query", "--store", store_dir, "--format", "json", PEOPLE])
    assert result.exit_code == 0, result.output
    names = [b["name"]["value"] for b in json.loads(result.output)["results"]["bindings"]]
    assert "Dmitry Peskov" in names and "Jane Doe" in names


@pytest.mark.parametrize("fmt", ["csv", "tsv", "xml", "table"])
def test_query_other_formats(runner: CliRunner, store_dir: str, fmt: str) -> None:
    result = runner.invoke(main, ["query", "--store", store_dir, "--format", fmt, PEOPLE])
    assert result.exit_code == 0 and "Dmitry Peskov" in result.output
    if fmt == "csv":
        assert next(csv.reader(io.StringIO(result.output))) == ["name"]
    if fmt == "table":
        assert result.output.splitlines()[0].strip() == "name"
        assert result.output.rstrip().endswith("rows)")


def test_query_graph_and_stdin(runner: CliRunner, store_dir: str) -> None:
    construct = "CONSTRUCT WHERE { ?s a <https://w3id.org/newskg/ns#Article> }"
    result = runner.invoke(
        main, ["query", "--store", store_dir, "--format", "nt", "-"], input=construct
    )
    assert result.exit_code == 0 and result.output.count("newskg/ns#Article>") == 2
    refused = runner.invoke(main, ["query", "--store", store_dir, "--format", "csv", construct])
    assert refused.exit_code == 2 and "for SELECT" in refused.output


def test_bad_query_exits_non_zero(runner: CliRunner, store_dir: str) -> None:
    result = runner.invoke(main, ["query", "--store", store_dir, "SELECT ?x {"])
    assert result.exit_code == 1 and "bad query" in result.output


def test_validate(runner: CliRunner, store_dir: str) -> None:
    result = runner.invoke(main, ["validate", "--store", store_dir])
    assert result.exit_code == 0, result.output
    assert "2 of 2 article graphs conform" in result.output


def test_ingest_reports_failures_by_name_and_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"Title\n\n\xc3\x28\x81\n")
    (tmp_path / "good.txt").write_text("Title\n\nAnna Berg went to Oslo.\n")
    result = runner.invoke(main, ["ingest", str(tmp_path), "--store", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert "FAIL  " in result.output and "bad.txt:3: not valid UTF-8" in result.output
    assert "1 ingested, 0 unchanged, 1 failed" in result.output


def test_bad_setting_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "ASK {}"], env={"KG_BASE_IRI": "not-an-iri"})
    assert result.exit_code == 2 and "KG_BASE_IRI" in result.output


def test_unchanged_articles_are_skipped_and_force_redoes_them(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text("Title\n\nAnna Berg went to Oslo.\n")
    store = str(tmp_path / "s")
    first = runner.invoke(main, ["ingest", str(tmp_path / "a.txt"), "--store", store])
    again = runner.invoke(main, ["ingest", str(tmp_path / "a.txt"), "--store", store])
    forced = runner.invoke(main, ["ingest", str(tmp_path / "a.txt"), "--store", store, "--force"])
    assert "1 ingested, 0 unchanged" in first.output
    assert "no publication date: times are not resolved" in first.output
    assert "0 ingested, 1 unchanged" in again.output
    assert "1 ingested, 0 unchanged" in forced.output
    (tmp_path / "a.txt").write_text("Title\n\nAnna Berg went to Bergen.\n")
    changed = runner.invoke(main, ["ingest", str(tmp_path / "a.txt"), "--store", store])
    assert "1 ingested, 0 unchanged" in changed.output


def test_remove(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Title\n\nAnna Berg went to Oslo.\n")
    (tmp_path / "b.txt").write_text("Other\n\nJonas Dahl went to Bergen.\n")
    store = str(tmp_path / "s")
    runner.invoke(main, ["ingest", str(tmp_path), "--store", store])
    result = runner.invoke(main, ["remove", "a.txt", "nope.txt", "--store", store])
    assert result.exit_code == 1 and "1 removed" in result.output and "nope.txt" in result.output
    assert _stored_identifiers(runner, store) == ["id", "b.txt"]


def _stored_identifiers(runner: CliRunner, store: str) -> list[str]:
    """The stored articles' identifiers as `kg query --format csv` gives them: a header, then each."""
    query = "SELECT ?id WHERE { ?a <http://schema.org/identifier> ?id }"
    return runner.invoke(main, ["query", "--store", store, "--format", "csv", query]).output.split()


def test_standard_input_holds_json_lines_a_json_list_or_one_article(
    runner: CliRunner, tmp_path: Path
) -> None:
    store = str(tmp_path / "s")
    feed = '\n{"id": "r1", "text": "Anna Berg went to Oslo."}\n{"id": "r2"}\n{"id": "r3", "text": "Jonas Dahl left."}\n'
    result = runner.invoke(main, ["ingest", "-", "--store", store], input=feed.encode())
    assert result.exit_code == 1
    assert "2 ingested, 0 unchanged, 1 failed" in result.output
    assert "<stdin>:3: no text in any of the fields" in result.output
    story = "Harbour reopens\n\nAnna Berg said on Monday that the harbour would reopen.\n"
    result = runner.invoke(main, ["ingest", "-", "--store", store], input=story.encode())
    assert result.exit_code == 0, result.output
    assert "1 ingested, 0 unchanged, 0 failed" in result.output
    listed = '\n [{"id": "j1", "text": "Jonas Dahl met Anna Berg in Oslo."}, {"id": "j2"}]'
    result = runner.invoke(main, ["ingest", "-", "--store", store], input=listed.encode())
    assert result.exit_code == 1
    assert "1 ingested, 0 unchanged, 1 failed" in result.output
    assert "<stdin>: record 2: no text in any of the fields" in result.output
    assert sorted(_stored_identifiers(runner, store)) == ["id", "j1", "r1", "r3", "stdin"]


def test_json_lines_through_the_cli(runner: CliRunner, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"key": "r1", "story": "Anna Berg went to Oslo on Monday."}\n{"key": "r2"}\n')
    result = runner.invoke(
        main,
        [
            "ingest",
            str(feed),
            "--store",
            str(tmp_path / "s"),
            "--text-field",
            "story",
            "--id-field",
            "key",
        ],
    )
    assert result.exit_code == 1
    assert "1 ingested, 0 unchanged, 1 failed" in result.output
    assert f"{feed}:2: no text in any of the fields story" in result.output


def test_the_progress_bar_expects_a_json_list_item_by_item(tmp_path: Path) -> None:
    (tmp_path / "export.json").write_text('[{"text": "A."}, {"text": "B."}, {"text": "C."}]')
    (tmp_path / "feed.jsonl").write_text('{"text": "D."}\n\n{"text": "E."}\n')
    (tmp_path / "story.txt").write_text("Headline\n\nF.\n")
    assert _expected_articles([tmp_path]) == 6
