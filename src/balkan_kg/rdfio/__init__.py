"""Reading and writing RDF: the strict gate, serialisers, atomic writes, the term bridge."""
