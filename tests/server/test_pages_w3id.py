"""The w3id.org redirect rules (``w3id/.htaccess``) lead every IRI the project mints to
a page or representation the server really answers.

The rules are read with a small interpreter of the part of mod_rewrite they use
(``RewriteCond %{HTTP_ACCEPT}``, ``RewriteRule`` with ``[R=303,L]``); anything else in
the file fails the test, so the interpreter cannot silently skip a rule.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from balkan_kg.kg.build import build
from balkan_kg.layout import Layout, checkout_root
from balkan_kg.server.app import create_app
from balkan_kg.server.config import ServerConfig

RULES = Path(__file__).resolve().parents[2] / "w3id" / ".htaccess"
DEPLOYMENT = "https://balkan-kg.example.org"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@dataclass(frozen=True)
class Rule:
    conditions: tuple[tuple[bool, re.Pattern[str]], ...]
    pattern: re.Pattern[str]
    target: str


def read_rules(text: str) -> list[Rule]:
    rules: list[Rule] = []
    pending: list[tuple[bool, re.Pattern[str]]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        words = line.split()
        if words[0] == "RewriteCond":
            assert words[1] == "%{HTTP_ACCEPT}", line
            negated = words[2].startswith("!")
            pending.append((negated, re.compile(words[2].removeprefix("!"))))
        elif words[0] == "RewriteRule":
            assert words[3] == "[R=303,L]", line
            rules.append(Rule(tuple(pending), re.compile(words[1]), words[2]))
            pending = []
        else:
            assert line in ("Options +FollowSymLinks", "RewriteEngine on"), line
    assert not pending, "a RewriteCond without its rule"
    return rules


def resolve(rules: list[Rule], path: str, accept: str) -> str | None:
    """Where w3id.org sends a request for ``https://w3id.org/balkan-kg/`` + ``path``."""
    for rule in rules:
        match = rule.pattern.search(path)
        if match and all(bool(p.search(accept)) != negated for negated, p in rule.conditions):
            return match.expand(re.sub(r"\$(\d)", r"\\\1", rule.target))
    return None


@pytest.fixture(scope="module")
def rules() -> list[Rule]:
    return read_rules(RULES.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = checkout_root()
    if root is None:
        pytest.skip("no project checkout")
    layout = Layout(root)
    out = tmp_path_factory.getbasetemp() / "pages-build"
    build(out, layout=layout)
    config = ServerConfig(build_dir=out, max_workers=2, spare_workers=0)
    with TestClient(create_app(config, layout)) as test_client:
        yield test_client


CASES = [
    ("id/Albania", BROWSER, "/id/Albania", "text/html"),
    ("id/Albania", "text/turtle", "/id/Albania?format=turtle", "text/turtle"),
    ("id/Albania", "application/n-triples", "/id/Albania?format=nt", "application/n-triples"),
    ("id/Albania", "application/ld+json", "/id/Albania?format=jsonld", "application/ld+json"),
    ("id/Albania", "", "/id/Albania", "text/html"),
    ("id/membership-albania-nato", "text/turtle;q=0.9, */*;q=0.1",
     "/id/membership-albania-nato?format=turtle", "text/turtle"),
    ("id/report-excerpt", "text/turtle", "/id/report-excerpt?format=turtle", "text/turtle"),
    ("id/report-excerpt", BROWSER, "/id/report-excerpt", "text/html"),
    ("ontology", BROWSER, "/ontology", "text/html"),
    ("ontology", "text/turtle", "/ontology?format=turtle", "text/turtle"),
    ("ontology", "application/ld+json", "/ontology?format=jsonld", "application/ld+json"),
    ("ontology/0.1.0", BROWSER, "/ontology", "text/html"),
    ("", BROWSER, "/", "text/html"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "accept", "target", "media"), CASES)
def test_each_iri_is_sent_to_what_the_server_answers(
    rules: list[Rule], client: TestClient, path: str, accept: str, target: str, media: str
) -> None:
    found = resolve(rules, path, accept)
    assert found == DEPLOYMENT + target
    local = urllib.parse.urlsplit(found)
    address = local.path + (f"?{local.query}" if local.query else "")
    response = client.get(address, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200, address
    assert response.headers["content-type"].startswith(media)


def test_the_dataset_iri_is_sent_to_its_description(rules: list[Rule]) -> None:
    for path in ("graph", "graph/asserted"):
        assert resolve(rules, path, BROWSER) == DEPLOYMENT + "/.well-known/void"


def test_nothing_else_is_redirected(rules: list[Rule]) -> None:
    for path in ("id/", "idx/Albania", "ontologyx", "static/site.css"):
        assert resolve(rules, path, BROWSER) is None, path


def test_the_readme_explains_the_rules() -> None:
    readme = (RULES.parents[1] / "README.md").read_text(encoding="utf-8")
    assert "w3id/.htaccess" in readme
    assert "https://balkan-kg.example.org" in readme
