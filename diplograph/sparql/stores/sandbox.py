"""The second barrier: processes that run queries with no network of their own.

The SERVICE allow-list is decided on the query's parse (``diplograph.sparql.guard``). This
barrier does not read queries at all: a process that runs queries while no
SERVICE is allowed is denied new IPv4 and IPv6 sockets by the kernel (a seccomp
filter, through libseccomp), for every thread and for native code alike, so even
a query that slipped past the parse cannot make the engine's own HTTP client
reach anywhere. Local sockets (the pipes to the server) keep working.

The filter cannot be lifted once set, so it goes only into processes made to run
queries: the web server's query workers and the child a time-limited query runs in.

>>> import multiprocessing, socket
>>> def attempt(queue):
...     queue.put(forbid_network())
...     try:
...         socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
...         queue.put("opened")
...     except PermissionError:
...         queue.put("refused")
>>> queue = multiprocessing.get_context("fork").Queue()
>>> child = multiprocessing.get_context("fork").Process(target=attempt, args=(queue,))
>>> child.start(); child.join()
>>> queue.get(), queue.get()
(True, 'refused')
"""

from __future__ import annotations

import errno
import socket
import sys
from functools import lru_cache

#: Address families a query process may not open sockets in: every network one that reaches another host.
_NETWORK_FAMILIES = (socket.AF_INET, socket.AF_INET6)


@lru_cache(maxsize=1)
def network_barrier_available() -> bool:
    """True where the kernel and libseccomp can set the barrier (Linux with libseccomp installed)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import pyseccomp  # noqa: F401 - loads libseccomp, and fails where it is missing
    except (ImportError, OSError, RuntimeError):
        return False
    return True


def forbid_network() -> bool:
    """Deny this process, every thread of it now and later, new IPv4 and IPv6 sockets; True when in force.

    The refused call fails with EACCES, which Python raises as PermissionError and native code reports as a
    connection error. False where the barrier cannot be set (not Linux, no libseccomp).
    """
    if not network_barrier_available():
        return False
    import pyseccomp as seccomp

    rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    rules.set_attr(seccomp.Attr.CTL_TSYNC, 1)  # every thread, not only the calling one
    for family in _NETWORK_FAMILIES:
        rules.add_rule(seccomp.ERRNO(errno.EACCES), "socket", seccomp.Arg(0, seccomp.EQ, family))
    # io_uring can open sockets without the socket system call; a query process has no use for it
    rules.add_rule(seccomp.ERRNO(errno.EACCES), "io_uring_setup")
    rules.load()
    return True
