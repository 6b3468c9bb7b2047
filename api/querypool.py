"""Killable SPARQL execution: read-only snapshots served by a pool of worker processes.

Why: pyoxigraph cannot cancel a running query, and a query thread that cannot be stopped
keeps burning a core after its client has been told "timeout". So user queries run in
worker processes that the server kills when they overrun, then replaces.

Workers must not open the live store: the server process holds it read-write (RocksDB
lock) and Oxigraph documents a read-only open beside a writer as undefined behaviour.
Instead the server makes a *snapshot* (``Store.backup``: a RocksDB checkpoint of hard
links, ~5 ms) after every write; workers open the newest snapshot read-only, which no
one ever writes. Old snapshots are deleted once no worker has them open. While it waits, the server also
watches the worker's resident memory (2 GiB by default) and kills a worker whose query
would eat the host's memory. (An address-space rlimit was tried first: RocksDB then
fails to start its threads.)

The web app hands a job to an idle worker and awaits the worker's pipe on its event loop
(:meth:`QueryPool.run_async`); only a busy pool or a worker still starting costs a thread.
An in-memory store (tests, embedding) has no snapshots: queries then run inline in a
thread with the row limit but without a hard time limit.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from api.query_worker import Answer, QueryJob, execute, worker_main
from kg.errors import QueryError, QueryTimeoutError, StoreError
from kg.store import OxigraphStore


def _rss(pid: int | None) -> int:
    """Resident memory of a process in bytes (0 where /proc is unavailable)."""
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


class QueryAbortedError(QueryError):
    status = 503
    title = "Query aborted"


class Snapshots:
    """Numbered read-only checkpoints of a live on-disk store, reference counted."""

    def __init__(self, store: OxigraphStore) -> None:
        assert store.path is not None
        self.store = store
        self.root = store.path.parent / f".{store.path.name}.snapshots"
        shutil.rmtree(self.root, ignore_errors=True)  # leftovers of a crashed server
        self.root.mkdir(parents=True)
        self._lock = threading.Lock()
        self._generation = 0
        self._refs: dict[str, int] = {}
        self.current = self._make()

    def _make(self) -> str:
        self._generation += 1
        path = self.root / f"gen-{self._generation}"
        try:
            self.store.raw.backup(str(path))
        except OSError as exc:
            raise StoreError(f"cannot snapshot the store: {exc}") from exc
        return str(path)

    def refresh(self) -> None:
        """Take a new snapshot after a write; later queries see it."""
        with self._lock:
            self.current = self._make()
            self._collect()

    def swap(self, held: str | None) -> str:
        """Take a reference to the newest snapshot and drop the one on ``held`` (read and
        counted under one lock, so a refresh in between cannot delete it first)."""
        with self._lock:
            newest = self.current
            if newest != held:
                self._refs[newest] = self._refs.get(newest, 0) + 1
                if held is not None:
                    self._refs[held] = self._refs.get(held, 1) - 1
                    self._collect()
            return newest

    def release(self, path: str | None) -> None:
        if path is None:
            return
        with self._lock:
            self._refs[path] = self._refs.get(path, 1) - 1
            self._collect()

    def _collect(self) -> None:
        for child in self.root.iterdir():
            key = str(child)
            if key != self.current and self._refs.get(key, 0) <= 0:
                shutil.rmtree(child, ignore_errors=True)
                self._refs.pop(key, None)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    sandboxed: bool
    snapshot: str | None = None
    started: float = field(default_factory=time.monotonic)


class QueryPool:
    """Runs :class:`QueryJob` s with a hard time limit.

    >>> # pool = QueryPool(store, timeout=10, max_workers=2); pool.run(QueryJob("ASK {}"))
    """

    def __init__(
        self,
        store: OxigraphStore,
        timeout: float,
        max_workers: int = 2,
        sandbox: bool = True,
        memory_limit: int = 2 << 30,
    ) -> None:
        self.store = store
        self.timeout = timeout
        self.max_workers = max(1, max_workers)
        self.sandbox = sandbox
        self.memory_limit = memory_limit
        self.snapshots = Snapshots(store) if store.path is not None else None
        self._ctx = mp.get_context("spawn")
        self._idle: list[_Worker] = []
        self._busy = 0
        self._waiting = 0  # threads blocked in _acquire
        self._cond = threading.Condition()
        self._closed = False
        self.killed = 0  # workers killed: overrun, broken pipe, caller gone (for /stats)

    # --- public ------------------------------------------------------------------

    def warm_up(self) -> None:
        """Start one worker in the background so the first query does not wait for it."""
        if self.snapshots is not None:
            threading.Thread(target=self._prestart, daemon=True).start()

    def refresh(self) -> None:
        """Call after every write to the live store."""
        if self.snapshots is not None:
            self.snapshots.refresh()

    def run(self, job: QueryJob) -> Answer:
        """Answer ``job``, or raise its error: the query's own (QuerySyntaxError,
        QueryFailed, SnapshotError), or QueryTimeoutError when it overruns (the worker
        is killed)."""
        answer = self._answer(job)
        if answer.error is not None:
            raise answer.error
        return answer

    async def run_async(self, job: QueryJob) -> Answer:
        """:meth:`run` for the event loop: with an idle worker at hand, the job goes down
        its pipe and the loop waits for the pipe to become readable, so no thread is
        handed the request. Waiting for a busy pool, starting a worker, or running
        inline (no snapshots) take the threaded :meth:`run`."""
        worker = self._try_acquire() if self.snapshots is not None else None
        if worker is None:
            from starlette.concurrency import run_in_threadpool

            return await run_in_threadpool(self.run, job)
        with self._lease(worker):
            self._send(worker, job)
            overrun = await self._wait_async(worker)
            if overrun is not None:
                raise overrun
            answer: Answer = worker.conn.recv()
        if answer.error is not None:
            raise answer.error
        return answer

    def _answer(self, job: QueryJob) -> Answer:
        if self.snapshots is None:
            return execute(self.store.raw, job)
        worker = self._acquire()
        with self._lease(worker):
            self._send(worker, job)
            overrun = self._wait(worker)
            if overrun is not None:
                raise overrun
            answer: Answer = worker.conn.recv()
        return answer

    @contextmanager
    def _lease(self, worker: _Worker) -> Iterator[_Worker]:
        """Give ``worker`` back to the pool after a job; kill it instead when the job did
        not end with an answer read (overrun, a broken pipe, a caller that gave up): its
        answer would otherwise reach the next job."""
        try:
            yield worker
        except BaseException as exc:
            self._kill(worker)
            self._release(None)
            if isinstance(exc, (EOFError, OSError)):
                raise QueryAbortedError(f"the query worker process died: {exc!r}") from exc
            raise
        self._release(worker)

    def _send(self, worker: _Worker, job: QueryJob) -> None:
        """Hand ``worker`` the newest snapshot (reference counted) and the job."""
        assert self.snapshots is not None
        worker.snapshot = self.snapshots.swap(worker.snapshot)
        worker.conn.send((worker.snapshot, job))

    def _overrun(self, worker: _Worker, deadline: float) -> QueryError | None:
        """The error to raise when the job is out of time or memory, else None."""
        if deadline - time.monotonic() <= 0:
            return QueryTimeoutError(
                f"the query ran longer than {self.timeout:g} s and was stopped")
        if self.memory_limit and _rss(worker.process.pid) > self.memory_limit:
            return QueryAbortedError(
                f"the query needed more than {self.memory_limit >> 20} MB and was "
                "stopped; narrow it or add a LIMIT")
        return None

    def _wait(self, worker: _Worker) -> QueryError | None:
        """Wait for the answer; the error to raise if the job ran out of time or memory."""
        deadline = time.monotonic() + self.timeout
        while True:
            left = deadline - time.monotonic()
            if left > 0 and worker.conn.poll(min(left, 0.1)):
                return None
            overrun = self._overrun(worker, deadline)
            if overrun is not None:
                return overrun

    async def _wait_async(self, worker: _Worker) -> QueryError | None:
        """:meth:`_wait` on the event loop: the pipe becoming readable wakes it."""
        loop = asyncio.get_running_loop()
        ready = asyncio.Event()
        fd = worker.conn.fileno()
        loop.add_reader(fd, ready.set)
        deadline = time.monotonic() + self.timeout
        try:
            while True:
                left = deadline - time.monotonic()
                if left > 0:
                    try:
                        await asyncio.wait_for(ready.wait(), min(left, 0.1))
                        return None
                    except TimeoutError:
                        pass
                overrun = self._overrun(worker, deadline)
                if overrun is not None:
                    return overrun
        finally:
            loop.remove_reader(fd)
            os.set_blocking(fd, True)  # uvloop made it non-blocking; recv() needs blocking

    def close(self) -> None:
        with self._cond:
            self._closed = True
            workers, self._idle = self._idle, []
        for w in workers:
            try:
                w.conn.send(None)
            except OSError:
                pass
            w.process.join(timeout=1)
            if w.process.is_alive():
                w.process.kill()
        if self.snapshots is not None:
            self.snapshots.close()

    def stats(self) -> dict[str, object]:
        with self._cond:
            return {
                "workers_idle": len(self._idle),
                "workers_busy": self._busy,
                "requests_waiting": self._waiting,
                "killed": self.killed,
                "sandboxed": all(w.sandboxed for w in self._idle) if self._idle else None,
            }

    # --- workers -----------------------------------------------------------------

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(
            target=worker_main, args=(child, self.sandbox), daemon=True, name="kg-sparql"
        )
        proc.start()
        child.close()
        try:
            if not parent.poll(30):
                raise EOFError("no answer in 30 s")
            _, sandboxed = parent.recv()
        except (EOFError, OSError) as exc:
            proc.kill()
            raise StoreError(f"a SPARQL worker process did not start: {exc}") from exc
        return _Worker(proc, parent, bool(sandboxed))

    def _prestart(self) -> None:
        with self._cond:
            if self._idle or self._busy or self._closed:
                return
            self._busy += 1
        try:
            worker = self._spawn()
        except StoreError:
            with self._cond:
                self._busy -= 1
                self._cond.notify()
            return
        self._release(worker)

    def _acquire(self) -> _Worker:
        with self._cond:
            self._waiting += 1
            try:
                while not self._idle and self._busy >= self.max_workers:
                    self._cond.wait()
            finally:
                self._waiting -= 1
            self._busy += 1
            if self._idle:
                return self._idle.pop()
        try:
            return self._spawn()
        except BaseException:
            with self._cond:
                self._busy -= 1
                self._cond.notify()
            raise

    def _try_acquire(self) -> _Worker | None:
        """An idle worker, or None (never waits, never starts one). None too while a
        thread waits for a worker: it came first (else a stream of event-loop requests
        could keep it waiting for ever)."""
        with self._cond:
            if self._closed or not self._idle or self._waiting:
                return None
            self._busy += 1
            return self._idle.pop()

    def _release(self, worker: _Worker | None) -> None:
        with self._cond:
            self._busy -= 1
            if worker is not None:
                if self._closed:
                    worker.process.kill()
                else:
                    self._idle.append(worker)
            self._cond.notify()

    def _kill(self, worker: _Worker) -> None:
        self.killed += 1
        worker.process.kill()
        worker.process.join(timeout=2)
        worker.conn.close()
        if self.snapshots is not None:
            self.snapshots.release(worker.snapshot)
