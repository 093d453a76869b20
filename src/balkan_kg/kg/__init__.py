"""The graph as a product: build it (parse, validate, reason, write), run its quality
checks, and push it into a triple store."""
