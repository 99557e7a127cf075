"""Work in a child process, under a time limit that really stops it: the child is killed at the limit.

Neither pyoxigraph nor rdflib can cancel a running query from Python, and a
thread cannot be killed, so work that must stop at a time limit runs in a child
process. Everything that does so goes through ``Child``: a process, our end of a
two-way pipe to it, a wait for its next message with a deadline, and a kill that
needs no cooperation from the child. On it:

* ``TimeLimiter``: an embedded store's time-limited queries, in a warm worker: a
  child forked once, which shares the store loaded in the parent (fork is
  copy-on-write, so nothing is reloaded) and answers one call after another. It
  is replaced only when it is killed at a time limit or dies, or when the store
  changes (``changed``, after a load: a generation counter, and a fresh fork at the
  next call). The warm worker has no network (``sandbox.forbid_network``); a
  query that calls an allowed SERVICE runs in a fresh child of its own, with the
  network, because a sandboxed process cannot be un-sandboxed.
* ``run_isolated``: one call in a fresh forked child (a query that needs the network,
  the benchmarks).
* the web server's query workers (``diplograph.web.pool``): spawned children that
  load the graph themselves and live as long as the server.

Messages from a child that runs queries are ``("ok", payload)``,
``("syntax", (message, line, column))`` or ``("error", message)``; ``unwrap`` turns
them back into the payload or the exception.

>>> limiter = TimeLimiter(lambda n: ("ask", b"true" if n > 1 else b"false", False))
>>> limiter.call((2,), timeout=10)
('ask', b'true', False)
>>> limiter.call((0,), timeout=10), limiter.restarts
(('ask', b'false', False), 0)
>>> limiter.stop()
"""

from __future__ import annotations

import inspect
import multiprocessing
import os
import threading
import weakref
from collections.abc import Callable, Sequence
from functools import partial
from multiprocessing.connection import Connection
from typing import Any, Literal, TypeVar

from .errors import QuerySyntaxError, QueryTimeout, StoreError
from .sandbox import forbid_network

#: (kind, payload, truncated): kind is select, ask or graph; payload SPARQL JSON, true/false or N-Triples.
Outcome = tuple[str, bytes, bool]
#: What a child says of one call: ("ok", payload), ("syntax", (message, line, column)) or ("error", message).
Message = tuple[str, Any]
T = TypeVar("T")

#: Our ends of every child's pipe in this process; a forked child closes the copies it inherits (see ``_forked``).
_OPEN: weakref.WeakSet[Child] = weakref.WeakSet()


class ChildLost(StoreError):
    """The child process ended before it answered (killed, out of memory, crashed)."""


def fork_available() -> bool:
    """True where a child can be forked (POSIX): the time limits of embedded stores rely on it."""
    return "fork" in multiprocessing.get_all_start_methods()


class Child:
    """A child process running ``target(connection, *args)``, and our end of the two-way pipe to it.

    ``method`` is ``fork`` (the child shares what the parent holds; ``target`` may be any callable) or ``spawn``
    (a fresh interpreter: safe from a parent that runs threads; ``target`` must be importable).

    >>> child = Child(_echo)
    >>> child.request("hello", timeout=10)
    'hello'
    >>> child.kill(); child.alive
    False
    """

    def __init__(self, target: Callable[..., None], args: Sequence[object] = (), *,
                 method: Literal["fork", "spawn"] = "fork", name: str | None = None):
        # typed as Any: the stubs give the base context no Process, which every real context has
        context: Any = multiprocessing.get_context(method)
        self.connection, theirs = context.Pipe(duplex=True)
        if method == "fork":
            target, args = _forked, (target, *args)
        self.process = context.Process(target=target, args=(theirs, *args), daemon=True, name=name)
        _OPEN.add(self)
        self.process.start()
        theirs.close()  # the child's end is the child's: with ours alone open here, its death reads as EOF

    @property
    def alive(self) -> bool:
        return self.process.is_alive()

    def send(self, message: object) -> None:
        """Send a message; ChildLost when the child is gone."""
        try:
            self.connection.send(message)
        except (BrokenPipeError, ConnectionResetError, OSError):
            raise ChildLost(self._lost()) from None

    def receive(self, timeout: float | None = None) -> Any:
        """The child's next message: QueryTimeout when none comes within ``timeout`` seconds, ChildLost if it died."""
        try:
            if timeout is not None and not self.connection.poll(timeout):
                raise QueryTimeout(timeout)
            return self.connection.recv()
        except (EOFError, ConnectionResetError, OSError):
            raise ChildLost(self._lost()) from None

    def request(self, message: object, timeout: float | None = None) -> Any:
        """Send a message and wait for the answer (see ``receive``)."""
        self.send(message)
        return self.receive(timeout)

    def signal_kill(self) -> None:
        """Stop the child now (SIGKILL: it cannot refuse). Does not wait: see ``reap``."""
        if self.process.is_alive():
            self.process.kill()

    def reap(self, timeout: float | None = 5.0) -> None:
        """Wait for the killed child to be gone and close our end of its pipe (blocks: not on an event loop)."""
        self.process.join(timeout)
        self.connection.close()

    def kill(self) -> None:
        """Kill the child and wait for it (``signal_kill`` then ``reap``)."""
        self.signal_kill()
        self.reap()

    def _lost(self) -> str:
        self.process.join(0.1)  # an exit code, if it has one yet
        code = self.process.exitcode
        return "the query's worker process died without an answer" + (f" (exit code {code})" if code else "")


def _forked(connection: Connection, target: Callable[..., None], *args: object) -> None:
    """A forked child's first steps: close the inherited ends of other children's pipes, run, leave."""
    for child in list(_OPEN):
        child.connection.close()  # our copy only: so that each child sees EOF when its own parent end closes
    try:
        target(connection, *args)
    finally:
        connection.close()
        os._exit(0)  # skip the parent's atexit handlers and finalisers


def _echo(connection: Connection) -> None:
    """A child that answers every message with itself (the doctests' child)."""
    while True:
        try:
            connection.send(connection.recv())
        except EOFError:
            return


def message_of(work: Callable[[], T]) -> Message:
    """Run ``work`` and say how it went, as a message for the pipe: every failure becomes a message."""
    try:
        return "ok", work()
    except QuerySyntaxError as error:
        return "syntax", (error.message, error.line, error.column)
    except BaseException as error:  # noqa: BLE001 - everything must reach the parent as a message
        return "error", f"{type(error).__name__}: {error}"


def unwrap(message: Message) -> Any:
    """The payload of an ``ok`` message; a syntax message raises QuerySyntaxError, an error message StoreError.

    >>> unwrap(("ok", 1))
    1
    >>> try:
    ...     unwrap(("syntax", ("expected }", 2, 5)))
    ... except QuerySyntaxError as error:
    ...     print(error.line, error.column, error)
    2 5 SPARQL syntax error at line 2, column 5: expected }
    """
    status, payload = message
    if status == "syntax":
        raise QuerySyntaxError(*payload)
    if status == "error":
        raise StoreError(payload)
    return payload


def _run_once(connection: Connection, work: Callable[[], object], network: bool) -> None:
    """A one-call child: no network unless asked, then the call's message."""
    if not network:
        forbid_network()
    connection.send(message_of(work))


def run_isolated(work: Callable[[], T], timeout: float, *, network: bool = False) -> T:
    """Run ``work`` in a fresh forked child and return what it returns; kill it after ``timeout`` seconds.

    >>> run_isolated(lambda: 6 * 7, 10)
    42
    """
    child = Child(_run_once, (work, network))
    try:
        return unwrap(child.receive(timeout))
    finally:
        child.kill()


def _serve_calls(connection: Connection, function: Callable[..., object]) -> None:
    """A warm worker's loop: no network, then ``function(*args)`` for each ``args`` received, until EOF."""
    forbid_network()
    while True:
        try:
            args = connection.recv()
        except EOFError:
            return
        connection.send(message_of(partial(function, *args)))


class TimeLimiter:
    """Calls of ``function`` under a time limit, in a warm forked worker that holds what this process holds.

    ``call`` runs ``function(*args)`` directly when there is no limit. With one, it runs in the worker, which is
    forked at the first call (or the first after ``changed``) and killed past the limit. Call ``changed`` when
    what ``function`` reads changes (a store's load): the worker's copy is then stale and is replaced.
    ``args`` and the answer cross a pipe, so they must pickle; ``function`` itself never does.
    """

    def __init__(self, function: Callable[..., T]):
        # A store holds its limiter, and the limiter a store's method: held weakly, so that there is no cycle
        # and a store dropped without ``close`` is freed at once; its worker then reads EOF and ends.
        self._function: Callable[[], Callable[..., T] | None] = (
            weakref.WeakMethod(function) if inspect.ismethod(function) else (lambda: function))
        self._worker: Child | None = None
        self._generation = 0  # bumped by ``changed``
        self._worker_generation = -1  # the generation the worker was forked at
        self._lock = threading.Lock()  # one call at a time in the worker
        self.restarts = 0  # workers forked after the first

    def call(self, args: Sequence[object], timeout: float | None, *, network: bool = False) -> Any:
        """``function(*args)``, stopped after ``timeout`` seconds (QueryTimeout) when that is not None.

        ``network``: the call may open network sockets (a query that calls an allowed SERVICE): it runs in a
        fresh child with the network instead of the warm worker, which has none.
        """
        function = self._function()
        if function is None:
            raise StoreError("the store is closed")
        if timeout is None or not fork_available():
            return function(*args)
        if network or not self._lock.acquire(blocking=False):
            # the network, or another thread holds the warm worker: a child of this call's own
            return run_isolated(partial(function, *args), timeout, network=network)
        try:
            worker = self._warm(function)
            try:
                return unwrap(worker.request(tuple(args), timeout))
            except (QueryTimeout, ChildLost):
                self._discard()  # killed at the limit, or dead: the next call forks another
                raise
        finally:
            self._lock.release()

    def changed(self) -> None:
        """What ``function`` reads has changed: the worker, forked before, must not answer again."""
        self._generation += 1
        if self._lock.acquire(blocking=False):  # free it now (its pages diverge from ours); else at the next call
            try:
                self._discard()
            finally:
                self._lock.release()

    def stop(self) -> None:
        """Kill the worker, if any (a store's close)."""
        with self._lock:
            self._discard()

    def _warm(self, function: Callable[..., object]) -> Child:
        """The worker, forked again if it is gone or older than the last change."""
        if self._worker is not None and (self._worker_generation != self._generation or not self._worker.alive):
            self._discard()
        if self._worker is None:
            if self._worker_generation >= 0:
                self.restarts += 1
            self._worker = Child(_serve_calls, (function,), name="diplograph-query")
            self._worker_generation = self._generation
        return self._worker

    def _discard(self) -> None:
        if self._worker is not None:
            self._worker.kill()
            self._worker = None
