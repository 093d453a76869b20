"""The pages in a real browser: headless Debian chromium driven by Playwright.

The server runs as ``balkan-kg serve`` on a free port of 127.0.0.1 and is stopped by
its process id. Chromium is Debian's (``/usr/bin/chromium``, found by
``executable_path``; ``playwright install`` is never run) with the flags that keep it
offline, a fresh profile and a fresh context per test (YASGUI keeps its tabs in
localStorage). Every request of every page goes through a route guard that lets
loopback and ``data:`` through and records and aborts anything else: a test fails if
anything was recorded, so the pages, YASGUI included, ask nothing of any other server.

Each step writes a screenshot to ``docs/screenshots/`` (atomically), which the README
shows. Without chromium (or without the query editor, for the editor's tests) the
tests skip with the reason, except under CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from balkan_kg.kg.build import build
from balkan_kg.layout import Layout, checkout_root
from balkan_kg.rdfio.atomic import write_bytes_atomic
from balkan_kg.server.home import find_editor
from servers import free_port, in_ci, stop_process

try:
    import playwright.sync_api as playwright_api
except ImportError:  # the test extra installs it
    if in_ci():
        raise
    pytest.skip(
        "playwright is not installed (pip install 'balkan-kg[test]')", allow_module_level=True
    )

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT = 60.0
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}


def skip_or_fail(message: str) -> None:
    if in_ci():
        pytest.fail(f"{message}; CI must provide it (.ci/run)", pytrace=False)
    pytest.skip(message)


def chromium_binary() -> str:
    for candidate in (
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    skip_or_fail("Debian's chromium is not installed (apt-get install chromium)")
    raise AssertionError("unreachable")


def needs_editor() -> None:
    if find_editor() is None:
        skip_or_fail("the query editor is not installed (npm ci in src/balkan_kg/server/static)")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``balkan-kg serve`` on a free port of 127.0.0.1, stopped by its pid."""
    root = checkout_root()
    if root is None:
        pytest.skip("no project checkout")
    build_dir = tmp_path_factory.getbasetemp() / "pages-build"  # shared with test_pages
    build(build_dir, layout=Layout(root))
    port = free_port()
    log = (tmp_path_factory.getbasetemp() / "browser-server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "balkan_kg", "serve", "--host", "127.0.0.1", "--port",
         str(port), "--build-dir", str(build_dir), "--workers", "3"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                with urllib.request.urlopen(base + "/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the server did not start (log: {log.name})")
            time.sleep(0.1)
        yield base
    finally:
        stop_process(process)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = chromium_binary()
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=executable, args=FLAGS, headless=True)
        yield launched
        launched.close()


class Visit:
    """A fresh browser context on the test server, with the route guard and a log of
    the page's errors."""

    def __init__(self, browser: object, base: str) -> None:
        self.base = base
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport=VIEWPORT, base_url=base)  # type: ignore[attr-defined]
        self.context.route("**/*", self.guard)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )

    def guard(self, route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        host = urllib.parse.urlsplit(url).hostname
        if url.startswith("data:") or host in ("127.0.0.1", "localhost", "::1"):
            route.continue_()  # type: ignore[attr-defined]
        else:
            self.outside.append(url)
            route.abort()  # type: ignore[attr-defined]

    def shot(self, name: str, volatile: tuple[str, ...] = (), **options: object) -> None:
        """Write a screenshot to docs/screenshots/<name>.png, atomically, if it changed.

        ``volatile`` are selectors of what differs from run to run (the test server's
        port, a query's time), painted over in white so that the picture does not.
        """
        self.page.mouse.move(0, 0)  # no hover effect where the last click left the mouse
        masks = [self.page.locator(selector) for selector in volatile]
        image = self.page.screenshot(mask=masks, mask_color="#ffffff", **options)
        path = SCREENSHOTS / f"{name}.png"
        if not path.is_file() or path.read_bytes() != image:
            write_bytes_atomic(path, image)


@pytest.fixture
def visit(browser: object, server: str) -> Iterator[Visit]:
    session = Visit(browser, server)
    try:
        yield session
    finally:
        session.context.close()
    assert not session.outside, f"requests left the test server: {session.outside}"
    assert not session.errors, f"the page reported errors: {session.errors}"


def test_a_canned_query_runs_in_the_editor_and_leads_to_its_facts_and_sentence(
    visit: Visit,
) -> None:
    needs_editor()
    page = visit.page
    page.goto("/")
    page.wait_for_selector(".tabPanel.active .yasqe .CodeMirror")
    # The canned query, loaded from its example into a tab of its own.
    page.click("#q-members-since summary")
    page.click('a.load-query[data-name="members-since"]')
    page.wait_for_selector('.tabsList .tab.active:has-text("members-since")')
    query = page.evaluate("window.balkanKg.yasgui.getTab().getQuery()")
    assert "VALUES (?org) { (<https://w3id.org/balkan-kg/id/NATO>) }" in query
    page.click(".tabPanel.active .yasqe_queryButton")
    rows = page.locator(".tabPanel.active .yasr table tbody tr")
    rows.first.wait_for()
    # S3 and S4: five states became full NATO allies; the four members that do not
    # recognise Kosovo (S14) are external facts, with their accession years.
    assert rows.count() == 9
    cells = [[c.strip() for c in text.split("\t")] for text in rows.all_inner_texts()]
    years = {row[2]: row[5] for row in cells}  # #, state, stateLabel, org, orgLabel, year
    assert years == {
        "Albania": '"2009"^^xsd:integer',
        "Croatia": '"2009"^^xsd:integer',
        "Montenegro": '"2017"^^xsd:integer',
        "North Macedonia": '"2020"^^xsd:integer',
        "Slovenia": '"2004"^^xsd:integer',
        "Greece": '"1952"^^xsd:integer',
        "Spain": '"1982"^^xsd:integer',
        "Romania": '"2004"^^xsd:integer',
        "Slovakia": '"2004"^^xsd:integer',
    }
    page.evaluate("window.scrollTo(0, 0)")  # so that the box is in page coordinates
    editor = page.locator("#editor").bounding_box()
    assert editor is not None
    visit.shot("editor", (".tabPanel.active .yasr_response_chip",), full_page=True, clip=editor)

    # A result IRI opens this server's page for it.
    page.click('.tabPanel.active .yasr a[href="/id/Albania"]')
    page.wait_for_url("**/id/Albania")
    assert page.inner_text("h1") == "Albania"
    visit.shot("entity")

    # A fact's quote opens the source text at its span, with the facts resting on it.
    # S3: the membership rests on "3 out of the 6 Western Balkan countries managed to
    # become full NATO allies" (characters 248-322) and "Albania (2009)".
    page.click('tr:has(a[href="/id/membership-albania-nato"]) a.quote[href$="char=248,322"]')
    page.wait_for_url("**/source#char=248,322")
    page.wait_for_selector(".seg.selected")
    selected = "".join(page.locator(".seg.selected").all_inner_texts())
    assert selected == "3 out of the 6 Western Balkan countries managed to become full NATO allies"
    panel = page.inner_text("aside.panel")
    assert "Albania is a full NATO ally since 2009" in panel
    visit.shot("source")


def test_a_permalink_fills_the_editor_without_running_it(visit: Visit) -> None:
    needs_editor()
    page = visit.page
    asked: list[str] = []
    page.on(
        "request", lambda request: asked.append(request.url) if "/sparql" in request.url else None
    )
    text = "SELECT ?name WHERE { bk:Kosovo rdfs:label ?name } # && + %41 é"
    page.goto("/?" + urllib.parse.urlencode({"query": text}))
    page.wait_for_selector(".tabPanel.active .yasqe .CodeMirror")
    assert page.evaluate("window.balkanKg.yasgui.getTab().getQuery()") == text
    # The editor knows the project prefixes as the endpoint does: bk: is no error.
    assert page.evaluate("window.balkanKg.yasgui.getTab().getYasqe().queryValid") is True
    link = page.evaluate("window.balkanKg.yasgui.getTab().getShareableLink()")
    assert link == visit.base + "/?" + urllib.parse.urlencode(
        {"query": text}, quote_via=urllib.parse.quote
    )
    page.wait_for_timeout(300)
    assert asked == []  # filled, not run


def test_clicking_the_source_text_lists_the_facts_resting_on_it(visit: Visit) -> None:
    page = visit.page
    page.goto("/source")
    # S7 "It has adopted a Partnership for Peace programme ... with the latter two":
    # both participations rest on the sentence's span, which names the programme.
    page.locator('.seg:has-text("Partnership for Peace")').first.click()
    panel = page.locator("aside.panel")
    panel.locator(".span-item").first.wait_for()
    shown = panel.inner_text()
    assert "Bosnia and Herzegovina takes part in the Partnership for Peace" in shown
    assert "Serbia takes part in the Partnership for Peace" in shown
    assert panel.locator('a[href="/id/PartnershipForPeace"]').count() == 1
    assert re.search(r"#char=\d+,\d+$", page.url)


def test_the_ontology_documentation_opens_at_a_term(visit: Visit) -> None:
    page = visit.page
    page.goto("/ontology")
    assert page.inner_text("h1") == "balkan-kg ontology"
    visit.shot("ontology")
    # A term's IRI (.../ontology#NATOMemberState) lands on its section.
    page.goto("/ontology#NATOMemberState")
    term = page.locator("article#NATOMemberState")
    assert term.is_visible()
    assert "NATO member state" in term.inner_text()
    assert term.locator('a[href="/id/NATO"]').count() == 1  # its class expression
    visit.shot("ontology-term")


def test_the_timeline_shows_on_the_home_page_and_as_a_file(visit: Visit) -> None:
    page = visit.page
    page.goto("/")
    figure = page.locator("#timeline")
    figure.scroll_into_view_if_needed()
    labels = figure.locator("svg text").all_text_contents()
    for label in ("Albania", "Bosnia and Herzegovina", "Serbia", "2010", "2017", "2020"):
        assert label in labels
    visit.shot("timeline", clip=figure.bounding_box())
    response = page.goto("/timeline.svg")
    assert response is not None and response.ok
    assert response.headers["content-type"].startswith("image/svg+xml")
