"""Running a query where it can be stopped: a forked child process, killed past its time limit.

Neither pyoxigraph nor rdflib can cancel a running query from Python, and a
thread cannot be killed, so a time limit that must really stop the work runs the
query in a child process. The child shares the parent's loaded store (fork is
copy-on-write), so nothing is reloaded. Unless the query may call a SERVICE, the
child has no network (``sandbox.forbid_network``).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable

from .errors import QuerySyntaxError, QueryTimeout, StoreError
from .sandbox import forbid_network

#: (kind, payload, truncated): kind is select, ask or graph; payload SPARQL JSON, true/false or N-Triples.
Outcome = tuple[str, bytes, bool]


def fork_available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def run_with_limit(work: Callable[[], Outcome], timeout: float | None, *, network: bool = False) -> Outcome:
    """Run ``work`` directly, or, when there is a time limit, in a child process killed at the limit.

    ``network`` lets the child open network sockets: only a query that calls an allowed SERVICE needs them.
    """
    if timeout is not None and fork_available():
        return run_isolated(work, timeout, network=network)
    return work()


def run_isolated(work: Callable[[], Outcome], timeout: float, *, network: bool = False) -> Outcome:
    """Run ``work`` in a forked child and return what it returns; kill it after ``timeout`` seconds."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        try:
            if not network:
                forbid_network()
            sender.send(("ok", work()))
        except QuerySyntaxError as error:
            sender.send(("syntax", (error.message, error.line, error.column)))
        except BaseException as error:  # noqa: BLE001 - everything must reach the parent as a message
            sender.send(("error", f"{type(error).__name__}: {error}"))
        finally:
            sender.close()
            os._exit(0)  # skip the parent's atexit handlers and finalisers

    process = context.Process(target=child, daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise QueryTimeout(timeout)
        try:
            status, payload = receiver.recv()
        except EOFError:
            raise StoreError("the query's worker process died without an answer") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
    if status == "syntax":
        raise QuerySyntaxError(*payload)
    if status == "error":
        raise StoreError(payload)
    return payload
