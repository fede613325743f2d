"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint with limits.

>>> from kg.serve import ServeConfig, make_server, serve_in_thread
"""

from __future__ import annotations

from kg.serve.server import ServeConfig, SparqlServer, make_server, serve_in_thread

__all__ = ["ServeConfig", "SparqlServer", "make_server", "serve_in_thread"]
