"""The pages and the workbench in a real headless Chromium (Debian's), driven by Playwright.

`make test` installs Chromium when it is missing and sets KG_REQUIRE_BROWSER=1, so that there
these tests fail rather than skip. Screenshots of every step go to tests/artifacts/browser/.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.config import Settings
from kg.store import Store
from kg.vocab import sparql_prefixes
from tests.conftest import create_test_app, ingested, serving

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
REQUIRED = os.environ.get("KG_REQUIRE_BROWSER") == "1"
SHOTS = Path(__file__).resolve().parent / "artifacts" / "browser"
VENDOR = Path(__file__).resolve().parent.parent / "web" / "static" / "vendor"
# Chromium as root in a container, with no calls home (the machine's network is closed).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _unavailable(reason: str) -> None:
    if REQUIRED:
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        _unavailable(f"no Chromium at {CHROMIUM} (make test installs Debian's)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _serve(settings: Settings, store: Store) -> Iterator[str]:
    with serving(create_test_app(settings, store)) as (host, port):
        yield f"http://{host}:{port}"


@pytest.fixture(scope="module")
def site(settings: Settings, seed_store: Store) -> Iterator[str]:
    yield from _serve(settings, seed_store)


@pytest.fixture
def page(chromium: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    assert not errors, f"the page reported errors: {errors}"


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def values(store: Store, sparql: str) -> list[str]:
    return [r["v"] for r in store.select(sparql_prefixes() + sparql)]


def test_search_a_person_read_statements_and_follow_one_to_the_article(
    page: Any, site: str, seed_store: Store, settings: Settings
) -> None:
    page.goto(site + "/")
    shot(page, "1-home")
    page.fill("header form.search input[name=q]", "Peskov")
    page.press("header form.search input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=Peskov"))
    shot(page, "2-search")
    results = page.locator("main ol li a")
    assert results.count() >= 1
    first = results.first
    name = first.inner_text()
    assert "peskov" in name.lower()
    first.click()
    page.wait_for_url(re.compile(r"/entity/"))
    shot(page, "3-person")
    iri = settings.base_iri + page.url.split("/", 3)[3]
    assert page.locator("h1").inner_text().startswith(name)

    # What the page shows is what the store holds, asked independently of the page's queries.
    said = values(
        seed_store, f"SELECT DISTINCT ?v WHERE {{ ?s nk:speaker <{iri}> ; schema:text ?v }}"
    )
    roles = values(
        seed_store, f"SELECT DISTINCT ?v WHERE {{ ?r nk:roleHolder <{iri}> ; schema:roleName ?v }}"
    )
    assert said and roles
    by = page.locator("section:has(h2:text-matches('^Statements by')) ol.statements > li")
    assert by.count() == len(said)
    shown = " ".join(by.all_inner_texts())
    for text in said:
        assert " ".join(text.split())[:40] in " ".join(shown.split())
    role_section = page.locator("section:has(h2:text-is('Roles'))").inner_text()
    for role in roles:
        assert role in role_section
    # The network picture: this person and everyone they are quoted about or by.
    around = values(
        seed_store,
        f"""SELECT DISTINCT ?v WHERE {{
          {{ ?s nk:speaker <{iri}> ; schema:about ?v }} UNION {{ ?s schema:about <{iri}> ; nk:speaker ?v }}
          FILTER(?v != <{iri}>) }}""",
    )
    page.wait_for_selector("#network canvas")
    assert int(page.locator("#network").get_attribute("data-drawn") or 0) == len(around) + 1

    # A statement, then the article it came from, where it stands highlighted.
    by.first.locator("a.when").click()
    page.wait_for_url(re.compile(r"/statement/"))
    shot(page, "4-statement")
    statement_iri = settings.base_iri + page.url.split("/", 3)[3]
    page.locator("a.in-article").click()
    page.wait_for_url(re.compile(r"/article/[^/]+#statement-"))
    target = page.locator("span.statement:target")
    assert target.count() == 1
    expected = values(seed_store, f"SELECT ?v WHERE {{ <{statement_iri}> schema:text ?v }}")[0]
    assert " ".join(target.inner_text().lstrip("❝").split()) == " ".join(expected.split())
    assert target.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
    assert target.locator("a.mention").count() >= 1  # the mentions inside stay linked
    shot(page, "5-article")


def test_hovering_a_highlight_says_what_it_is(page: Any, site: str, seed_store: Store) -> None:
    article = values(
        seed_store,
        "SELECT ?v WHERE { ?e a nk:Event ; nk:reportedIn ?v } GROUP BY ?v ORDER BY DESC(COUNT(?e)) LIMIT 1",
    )[0]
    page.goto(site + "/" + article.split("/", 3)[3])
    for selector, pattern in (
        ("a.mention.person", r"^Person: \S"),
        ("span.statement", r"^(Direct quote|Reported speech)"),
        ("a.mention.event", r"^Event: \S"),
    ):
        title = page.locator(selector).first.get_attribute("title")
        assert re.match(pattern, title or ""), (selector, title)


needs_workbench = pytest.mark.skipif(
    not (VENDOR / "yasgui.min.js").exists() and not REQUIRED,
    reason="YASGUI is not in web/static/vendor (make assets)",
)


@needs_workbench
def test_workbench_runs_a_typed_query_links_rows_and_switches_views(
    page: Any, site: str, seed_store: Store
) -> None:
    page.goto(site + "/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    assert page.locator("#plain-query").is_hidden()
    query = "SELECT ?person ?name WHERE { ?person a nk:Person ; rdfs:label ?name } ORDER BY ?name"
    page.click(".CodeMirror")
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(sparql_prefixes() + query)
    page.click(".yasqe_queryButton")
    rows = page.locator(".yasr table.dataTable tbody tr")
    rows.first.wait_for()
    page.wait_for_function("document.getElementById('workbench').dataset.drawn")
    expected = seed_store.select(sparql_prefixes() + query)
    assert rows.count() == min(len(expected), 50)
    shot(page, "6-workbench-table")
    csv = page.locator("#workbench-downloads a", has_text="CSV").get_attribute("href") or ""
    assert "format=csv" in csv and "query=" in csv
    answer = page.request.get(csv)
    assert answer.ok and answer.text().count("\n") == len(expected) + 1
    # IRIs of the graph link to the app's own pages, shown by their labels.
    link = rows.first.locator("a.iri").first
    assert link.inner_text() == expected[0]["name"]
    link.click()
    page.wait_for_url(re.compile(r"/entity/"))
    assert page.locator("h1").inner_text().startswith(expected[0]["name"])

    page.goto(site + "/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.click("text=Who talks about whom")
    page.locator(".yasr table.dataTable tbody tr").first.wait_for()
    pairs = page.locator(".yasr table.dataTable tbody tr").count()
    page.click(".yasr .select_chart")
    assert page.locator(".chart .bar").count() == pairs
    page.click(".yasr .select_graph")
    page.wait_for_selector(".network canvas")
    assert int(page.locator(".network").get_attribute("data-edges") or 0) == pairs
    shot(page, "7-workbench-graph")
    # The address restores the query: a shareable link.
    assert "query=" in page.url
    page.goto(page.url)
    page.locator(".yasr table.dataTable tbody tr").first.wait_for()
    assert page.locator(".yasr table.dataTable tbody tr").count() == pairs


@needs_workbench
def test_workbench_completes_terms_and_names(page: Any, site: str) -> None:
    page.goto(site + "/query")
    page.wait_for_selector(".yasqe .CodeMirror")

    def completions(typed: str) -> list[str]:
        page.click(".CodeMirror")
        page.keyboard.press("Control+a")
        page.keyboard.press("Delete")
        page.keyboard.type(typed)
        hints = page.locator(".CodeMirror-hints li")
        hints.first.wait_for(timeout=5000)
        return hints.all_inner_texts()

    nk = f"PREFIX nk: <{sparql_prefixes().split('<', 1)[1].split('>', 1)[0]}>\n"
    assert "nk:Person" in completions(nk + "SELECT * WHERE { ?x a nk:Pe")
    assert "nk:speaker" in completions(nk + "SELECT * WHERE { ?x nk:spea")
    assert '"Dmitry Peskov"' in completions('SELECT * WHERE { ?x ?label "Pesk')


def test_query_page_works_without_javascript(chromium: Any, site: str, seed_store: Store) -> None:
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/query")
    assert page.locator("#plain-query textarea").is_visible()
    page.click("text=Articles by author")
    page.wait_for_url(re.compile(r"query="))
    expected = seed_store.select(
        sparql_prefixes() + "SELECT DISTINCT ?a WHERE { ?x a nk:Article ; schema:author ?a }"
    )
    assert page.locator("#plain-query table.results tr").count() == len(expected) + 1
    shot(page, "8-query-without-javascript")
    context.close()


def test_markup_in_an_article_is_shown_as_text(
    chromium: Any, settings: Settings, tmp_path: Path
) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        "Mayor <script>window.pwned = 1</script> resigns\n\n"
        'Anna Berg said the plan <img src=x onerror="window.pwned = 2"> had failed. '
        "She spoke in Oslo on Monday.\n",
        encoding="utf-8",
    )
    store = Store()
    assert all(r.ok for r in ingested([hostile], store, settings))
    article = values(store, "SELECT ?v WHERE { ?v a nk:Article }")[0]
    for base in _serve(settings, store):
        page = chromium.new_page()
        page.goto(base + "/" + article.split("/", 3)[3])
        assert page.evaluate("window.pwned") is None
        assert page.locator("img").count() == 0
        assert "<script>window.pwned = 1</script>" in page.locator("h1").inner_text()
        shot(page, "9-hostile-article")
        page.close()
    shutil.rmtree(tmp_path, ignore_errors=True)
