"""The pages for people, one module each (their routes are gathered here):

* ``/`` (:mod:`.home`): the query editor (YASGUI, served from this server only), every
  canned query as an example, the timeline; ``/timeline.svg``; ``/static/...``.
* ``/id/...`` and ``/search`` (:mod:`.entities`): a page (or the triples) for every IRI
  the project mints, by content negotiation.
* ``/source`` (:mod:`.source`): the source text, its sentences and spans, and the facts
  resting on them.
* ``/ontology`` (:mod:`.ontology_page`): the ontology's documentation or its triples.

Every query they make goes through the funnel, off the event loop (:mod:`.web`).
"""

from __future__ import annotations

from starlette.routing import BaseRoute

from . import home
from .entities import EntityPages
from .ontology_page import OntologyPage
from .site import Site
from .source import SourcePage
from .state import ServerState


def routes(state: ServerState) -> list[BaseRoute]:
    """The pages' routes, sharing one :class:`~.site.Site`."""
    site = Site(state)
    return [
        *home.HomePage(site, home.find_editor()).routes(),
        *EntityPages(site).routes(),
        *SourcePage(site).routes(),
        *OntologyPage(site).routes(),
    ]
