"""Serving the portal over HTTP with waitress, a pure-Python WSGI server."""

from __future__ import annotations

import logging

from waitress import serve

logger = logging.getLogger(__name__)


def serve_portal(host: str, port: int, threads: int) -> None:
    """Serve until interrupted; static files come through WhiteNoise."""
    from dpaportal.wsgi import application

    logger.info("server.started", extra={"host": host, "port": port})
    serve(application, host=host, port=port, threads=threads, ident="dpaportal")
