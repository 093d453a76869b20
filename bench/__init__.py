"""Benchmark of balkan-kg: synthetic graphs (:mod:`bench.generate`), timings (:mod:`bench.run`)."""
