"""Serve stage: ``kgbuild serve``, a local read-only web app over a store.

* :mod:`kgbuild.serve.pool`: the query worker processes (a query past the
  time limit is stopped by killing its worker);
* :mod:`kgbuild.serve.data`: what each page shows, read from the store by
  SPARQL (runs in a worker);
* :mod:`kgbuild.serve.charts`: the events-per-day chart and the offline
  world map as SVG;
* :mod:`kgbuild.serve.app`: the Starlette application (pages, the SPARQL
  1.1 Protocol endpoint, static files) and :func:`~kgbuild.serve.app.serve`.
"""
