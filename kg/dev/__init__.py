"""Development helpers: synthetic graphs and the endpoint load test.

Tests, doctests and benchmarks use them; nothing that ``kg build``,
``kg query`` or ``kg serve`` runs imports this package, so they stay out of
the runtime import path.

* :mod:`kg.dev.synthetic`: a small hand-made graph and random graphs of any
  size in kg's data model.
* :mod:`kg.dev.loadtest`: concurrent SPARQL clients against ``kg serve``
  (``python -m kg.dev.loadtest BUILD``).
"""
