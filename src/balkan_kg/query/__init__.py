"""Answering SPARQL: the canned-query catalogue, parameters, engines, results, and the
one function every query passes through (:func:`balkan_kg.query.execute.execute`)."""
