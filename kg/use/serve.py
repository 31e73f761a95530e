"""A read-only SPARQL endpoint over a corpus folder's Oxigraph store, for YASGUI or any SPARQL client.

GET or POST /sparql (the SPARQL 1.1 Protocol: ?query=, a form, or an application/sparql-query body).
Every query is read before it runs (kg.use.guard): updates, SERVICE, and queries too long or nested too deep
are refused. Queries run in worker processes, never in the server: one that runs past --timeout, grows past
--max-memory, or whose client hangs up is killed with its process, and a fresh worker takes its place.
Results stream from the worker to the client. Requests wait for a free worker rather than being turned
away. Browsers on other origins may read the answers only with --cors ORIGIN.

The modules: kg.use.endpoint (HTTP requests), kg.use.pool (the workers ready or busy), kg.use.worker (one
worker process), kg.use.negotiate (the format an Accept header gets).
"""
from __future__ import annotations

import os
from http.server import ThreadingHTTPServer
from pathlib import Path

from kg.use.endpoint import Handler
from kg.use.pool import Pool


class Server(ThreadingHTTPServer):
    """The endpoint on host:port, with its pool of workers over the folder."""

    daemon_threads = True
    request_queue_size = 128  # the listen backlog: 50 clients at once queue instead of stalling

    def __init__(self, folder, host: str = "127.0.0.1", port: int = 7879, verbose: bool = False,
                 timeout: float = 30, max_memory_mb: int = 2048, workers: int | None = None,
                 cors: str | None = None, queue_wait: float = 60):
        self.verbose = verbose
        self.query_timeout = timeout
        self.max_memory = max_memory_mb * 2**20 if max_memory_mb else 0
        self.cors = cors
        self.queue_wait = queue_wait
        # more workers than cores: two runaway queries must leave a worker for a cheap one
        self.pool = Pool(Path(folder), workers or (os.cpu_count() or 2) + 2, self.max_memory)
        try:
            super().__init__((host, port), Handler)
        except OSError:
            self.pool.close()
            raise

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()
