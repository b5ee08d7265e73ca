"""Killable query workers: every query of ``kgbuild serve`` runs in a worker
process that holds its own read-only handle on the store.

A pyoxigraph query cannot be interrupted from another thread (it runs in
Rust without releasing control until it is done), so a query that runs past
its time limit can only be stopped by stopping the process that runs it.
:class:`QueryPool` keeps ``size`` worker processes, each a fresh
``python -m kgbuild.serve.pool`` talking over two pipes (no fork of a
threaded server, and unlike multiprocessing's ``spawn`` no re-import of the
caller's main module); :meth:`QueryPool.run` hands a job to an idle
worker and waits for the answer at most ``timeout`` seconds; past that the
worker is killed (SIGKILL), a fresh one is started in its place, and
:class:`QueryTimeout` is raised. The other workers go on serving.

A job is the name of a function of :mod:`kgbuild.serve.data` and its keyword
arguments; the function is called in the worker as ``fn(view, **kwargs)``
with the worker's :class:`kgbuild.serve.data.StoreView` (the read-only
store and its name and event indexes, built when the worker starts) and
returns plain picklable data.

Memory: the main process never opens the store; each worker holds one
read-only RocksDB handle (its caches are bounded) and the objects of one
job at a time.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
import traceback
from multiprocessing.connection import Connection
from pathlib import Path


class QueryTimeout(Exception):
    """A job that ran past its time limit (its worker was killed)."""


class QueryFailed(Exception):
    """A job that raised in the worker: ``kind`` is ``"syntax"`` for a bad
    SPARQL query, ``"query"`` for a query that failed as it ran
    (:class:`kgbuild.serve.data.QueryError`), ``"value"`` for a bad
    argument, ``"missing"`` for something the store does not hold,
    ``"error"`` otherwise (a store that cannot be read, a bug: the worker
    prints the traceback to its stderr, the server's log); the message is
    the worker's."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class PoolBusy(Exception):
    """No worker became free within the time limit."""


class _Duplex:
    """One end of two one-way pipes, used as a duplex connection."""

    def __init__(self, rfd: int, wfd: int) -> None:
        self.r = Connection(rfd, writable=False)
        self.w = Connection(wfd, readable=False)

    def send(self, obj) -> None:
        self.w.send(obj)

    def recv(self):
        return self.r.recv()

    def poll(self, timeout: float) -> bool:
        return self.r.poll(timeout)

    def close(self) -> None:
        self.r.close()
        self.w.close()


def _worker_main(store_path: str, conn) -> None:
    """Worker loop: open the store read-only and build its indexes, then answer jobs until the
    pipe closes (the server stopped). Each answer is ``("ok", result)`` or
    ``("err", kind, msg)``."""
    from kgbuild.serve import data

    try:
        view = data.StoreView.open(store_path)
        view.warm()
    except OSError as e:
        conn.send(("err", "error", f"{store_path}: cannot open the store read-only: {e}"))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        name, kwargs = job
        try:
            fn = getattr(data, name)
            if name.startswith("_") or not callable(fn):
                raise ValueError(f"no such job {name!r}")
            conn.send(("ok", fn(view, **kwargs)))
        except SyntaxError as e:
            conn.send(("err", "syntax", str(e)))
        except data.QueryError as e:
            conn.send(("err", "query", str(e)))
        except KeyError as e:  # a bug, not a missing page
            _report(name, e)
            conn.send(("err", "error", f"KeyError: {e}"))
        except LookupError as e:
            conn.send(("err", "missing", str(e)))
        except ValueError as e:
            conn.send(("err", "value", str(e)))
        except Exception as e:  # noqa: BLE001 - reported to the caller, the worker goes on
            _report(name, e)
            conn.send(("err", "error", f"{type(e).__name__}: {e}"))


def _report(job: str, e: BaseException) -> None:
    """Print a job's unexpected error with its traceback to the worker's
    stderr (the server's: the log), since the client is told only that the
    store could not answer."""
    print(f"kgbuild serve: job {job} failed:\n{''.join(traceback.format_exception(e, limit=8))}",
          file=sys.stderr, flush=True)


class _Worker:
    def __init__(self, store_path: str) -> None:
        down_r, down_w = os.pipe()  # server → worker
        up_r, up_w = os.pipe()  # worker → server
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "kgbuild.serve.pool", store_path, str(down_r), str(up_w)],
                pass_fds=(down_r, up_w), stdin=subprocess.DEVNULL, close_fds=True)
        except BaseException:
            for fd in (down_r, down_w, up_r, up_w):
                os.close(fd)
            raise
        os.close(down_r)
        os.close(up_w)
        self.conn = _Duplex(up_r, down_w)
        self.ready = False
        self.broken: Exception | None = None  # why it could not start (a replacement)
        self.jobs = 0

    def wait_ready(self, timeout: float) -> None:
        if self.ready:
            return
        if not self.conn.poll(timeout):
            raise QueryTimeout("the query worker did not start in time")
        msg = self.conn.recv()
        if msg[0] != "ready":
            raise QueryFailed(msg[1], msg[2])
        self.ready = True

    def kill(self) -> None:
        try:
            self.proc.kill()
            self.proc.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.conn.close()


class QueryPool:
    """``size`` worker processes over the read-only store at ``store_path``.

    :meth:`run` is thread-safe and blocking (call it from a thread pool in an
    async server). :meth:`close` stops every worker. Use as a context
    manager. Raises :class:`QueryFailed` from the constructor when the
    first worker cannot open the store (the message names the folder).

    Jobs run with ``shared=True`` (the SPARQL endpoint's queries, which may
    run long) take at most ``size - 1`` workers at a time (all of them when
    ``size`` is 1), so one worker is always left for the other jobs (the
    pages): a few slow SPARQL queries never make the pages wait. A worker
    started in place of a killed one takes jobs once it is ready (has
    opened the store and built its indexes)."""

    def __init__(self, store_path: str | Path, size: int = 2, *, timeout: float = 30.0,
                 start_timeout: float = 60.0) -> None:
        if size < 1:
            raise ValueError(f"a query pool needs at least one worker, not {size}")
        self.store_path = str(store_path)
        self.size = size
        self.timeout = timeout
        self.start_timeout = start_timeout
        #: how many workers jobs run with shared=True may hold at once
        self.shared_slots = max(1, size - 1)
        self._shared = threading.BoundedSemaphore(self.shared_slots)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()
        self._starting = 0
        self.killed = 0
        self._closed = False
        workers = [self._spawn() for _ in range(size)]
        try:
            for w in workers:
                w.wait_ready(start_timeout)
        except (QueryFailed, QueryTimeout):
            self.close()
            raise
        for w in workers:
            self._idle.put(w)

    def _spawn(self) -> _Worker:
        w = _Worker(self.store_path)
        with self._lock:
            self._all.add(w)
        return w

    def _discard(self, w: _Worker) -> None:
        with self._lock:
            self._all.discard(w)
        w.kill()

    def _replace(self, w: _Worker) -> None:
        """Kill ``w`` and start a worker in its place, handed to jobs once
        it is ready (or, when it cannot start, with the reason, which the
        job that takes it reports)."""
        self._discard(w)
        if self._closed:
            return
        new = self._spawn()
        with self._lock:
            self._starting += 1

        def ready() -> None:
            try:
                new.wait_ready(self.start_timeout)
            except (QueryFailed, QueryTimeout) as e:
                new.broken = e
            except (EOFError, OSError) as e:
                new.broken = QueryFailed("error", f"the query worker did not start: {type(e).__name__}")
            with self._lock:
                self._starting -= 1
            if not self._closed:
                self._idle.put(new)

        threading.Thread(target=ready, name="kgbuild-worker-start", daemon=True).start()

    def pids(self) -> list[int]:
        """Process ids of the live workers (for memory measurements)."""
        with self._lock:
            return [w.proc.pid for w in self._all]

    def _take(self, limit: float) -> _Worker:
        """An idle worker, waiting at most ``limit`` seconds (longer while a
        worker is starting: up to its start time). Raises PoolBusy."""
        t0 = time.monotonic()
        while True:
            try:
                return self._idle.get(timeout=min(limit, 0.25) if self._starting else limit)
            except queue.Empty:
                waited = time.monotonic() - t0
                if waited >= limit and not (self._starting and waited < self.start_timeout):
                    raise PoolBusy(f"every query worker stayed busy for {limit:g} s") from None

    def run(self, job: str, timeout: float | None = None, *, shared: bool = False, **kwargs):
        """Run ``kgbuild.serve.data.<job>(view, **kwargs)`` in a worker and
        return its result. ``timeout`` (seconds, default the pool's) bounds
        the wait for a free worker and, separately, the job itself.
        ``shared``: a job of the kind that may not take the last worker
        (see the class docstring).
        Raises QueryTimeout (the worker was killed and replaced),
        QueryFailed (the job raised), PoolBusy (no worker free in time)."""
        if self._closed:
            raise RuntimeError("the query pool is closed")
        limit = self.timeout if timeout is None else timeout
        if shared and not self._shared.acquire(timeout=limit):
            n = self.shared_slots
            raise PoolBusy(f"the {n} query worker{'s' if n != 1 else ''} open to SPARQL queries "
                           f"stayed busy for {limit:g} s")
        try:
            return self._run(job, limit, kwargs)
        finally:
            if shared:
                self._shared.release()

    def _run(self, job: str, limit: float, kwargs: dict):
        w = self._take(limit)
        if w.broken is not None:
            self._replace(w)
            raise w.broken
        try:
            w.wait_ready(self.start_timeout)
            w.conn.send((job, kwargs))
            t0 = time.monotonic()
            if not w.conn.poll(limit):
                self.killed += 1
                self._replace(w)
                raise QueryTimeout(f"stopped after {limit:g} s (the time limit, --query-timeout)")
            msg = w.conn.recv()
            w.jobs += 1
            self.last_seconds = time.monotonic() - t0
        except (EOFError, OSError, BrokenPipeError) as e:
            # the worker died (out of memory, a crash): replace it
            self._replace(w)
            raise QueryFailed("error", f"the query worker died: {type(e).__name__}") from e
        except QueryFailed:
            self._replace(w)
            raise
        if not self._closed:
            self._idle.put(w)
        if msg[0] == "ok":
            return msg[1]
        raise QueryFailed(msg[1], msg[2])

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()

    def __enter__(self) -> QueryPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


if __name__ == "__main__":  # a worker: python -m kgbuild.serve.pool STORE READ_FD WRITE_FD
    _worker_main(sys.argv[1], _Duplex(int(sys.argv[2]), int(sys.argv[3])))
