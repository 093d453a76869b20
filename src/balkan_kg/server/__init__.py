"""The read-only SPARQL endpoint and the pages for people, one Starlette application.

``balkan-kg serve`` runs :func:`balkan_kg.server.app.create_app` with uvicorn. Every
query the server answers goes through :func:`balkan_kg.query.execute.execute`, on
engines whose workers a time limit really stops (:mod:`balkan_kg.query.isolation`),
called from a thread pool so that no query runs on the event loop.
"""
