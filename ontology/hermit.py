"""Running HermiT, the reasoner of record, as a child process that cannot outlive its caller.

owlready2 bundles HermiT and starts it as ``java -Xmx2000M -cp ... CommandLine``.
Started as a plain child, java would keep running after a killed build, until
its work was done. This module runs the command line owlready2 builds, with HermiT
as bundled, and ties the java process to the caller:

* java gets a process group of its own (``start_new_session``), which is stopped
  as a whole when the caller stops waiting for it: on an exception, on Ctrl-C
  (KeyboardInterrupt), on SIGTERM where the caller turns it into an exception
  (the ``build`` command does);
* on Linux, the kernel sends java SIGKILL when the process that started it dies
  (``prctl(PR_SET_PDEATHSIG)``), however it dies: a SIGKILL of the build runs no
  Python code at all, so only the kernel can stop java then;
* java reads its input from an unnamed temporary file (through ``/dev/fd``), so a
  killed run leaves no file behind either.
"""

from __future__ import annotations

import ctypes
import os
import re
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_NOTHING = "http://www.w3.org/2002/07/owl#Nothing"
_EQUIVALENT_CLASSES = re.compile(r"^EquivalentClasses\( ((?:<[^>]+>\s*)+) \)$", re.MULTILINE)


class HermitError(RuntimeError):
    """HermiT (or java) failed for a reason other than an inconsistent ontology."""


@dataclass
class HermitResult:
    """What HermiT found: whether ontology plus data are consistent, and the classes that can have no member."""

    consistent: bool
    unsatisfiable: list[str]


def command(input_iri: str) -> list[str]:
    """The command line owlready2's ``sync_reasoner_hermit`` runs, for classification of ``input_iri``.

    >>> command("file:///tmp/data.nt")[-3:]
    ['-I', 'file:///tmp/data.nt', '--ignoreUnsupportedDatatypes']
    """
    import owlready2
    import owlready2.reasoning

    hermit = Path(owlready2.__file__).parent / "hermit"
    classpath = os.pathsep.join([str(hermit), str(hermit / "HermiT.jar")])
    return [owlready2.JAVA_EXE, f"-Xmx{owlready2.reasoning.JAVA_MEMORY}M", "-cp", classpath,
            "org.semanticweb.HermiT.cli.CommandLine", "-c", "-O", "-D", "-I", input_iri, "--ignoreUnsupportedDatatypes"]


def classify(ntriples: bytes) -> HermitResult:
    """Run HermiT on an N-Triples document; raise HermitError when it fails."""
    with _input_file(ntriples) as (iri, pass_fds):
        returncode, output = run_tied(command(iri), pass_fds=pass_fds)
    text = output.decode("utf-8", errors="replace")
    if returncode == 1 and "Inconsistent ontology" in text:
        return HermitResult(False, [])
    if returncode != 0:
        raise HermitError(f"HermiT exited with status {returncode}:\n{text}")
    return HermitResult(True, unsatisfiable_classes(text))


def unsatisfiable_classes(output: str) -> list[str]:
    """The classes HermiT's classification makes equivalent to owl:Nothing.

    >>> unsatisfiable_classes("EquivalentClasses( <http://www.w3.org/2002/07/owl#Nothing> <urn:Chimera> )\\n"
    ...                       "SubClassOf( <urn:A> <urn:B> )\\n")
    ['urn:Chimera']
    """
    found: list[str] = []
    for members in _EQUIVALENT_CLASSES.findall(output):
        iris = re.findall(r"<([^>]+)>", members)
        if _NOTHING in iris:
            found.extend(iri for iri in iris if not iri.startswith("http://www.w3.org/2002/07/owl#"))
    return sorted(found)


@contextmanager
def _input_file(payload: bytes) -> Iterator[tuple[str, tuple[int, ...]]]:
    """The payload in a temporary file: its IRI for java, and the descriptors java must inherit."""
    if sys.platform.startswith("linux"):
        # TemporaryFile has no name (O_TMPFILE, or unlinked at once); java opens it again through /dev/fd.
        with tempfile.TemporaryFile() as handle:
            handle.write(payload)
            handle.flush()
            yield f"file:///dev/fd/{handle.fileno()}", (handle.fileno(),)
        return
    with tempfile.TemporaryDirectory(prefix="diplograph-hermit-") as folder:
        path = Path(folder) / "input.nt"
        path.write_bytes(payload)
        yield path.as_uri(), ()


def run_tied(arguments: list[str], *, pass_fds: tuple[int, ...] = ()) -> tuple[int, bytes]:
    """Run a command in its own process group, tied to this process; return its exit status and output.

    The group is killed when waiting ends early (exception, KeyboardInterrupt,
    SystemExit); on Linux the child is also killed by the kernel when this
    process dies.

    >>> run_tied([sys.executable, "-c", "print('hi')"])
    (0, b'hi\\n')
    """
    # preexec_fn can deadlock a child forked while another thread holds a lock the function needs; ours takes
    # none (a prctl call and getppid, both looked up before the fork).
    process = subprocess.Popen(arguments, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               pass_fds=pass_fds, start_new_session=True,
                               preexec_fn=_die_with_parent())  # noqa: PLW1509
    try:
        output, _ = process.communicate()
    finally:
        if process.returncode is None:  # still running: the group id is still java's, safe to signal
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return process.returncode, output


def _die_with_parent() -> Callable[[], None] | None:
    """What the child runs between fork and exec to be killed with its parent; None where the system has no way.

    Everything is looked up here, in the parent: between fork and exec the child
    should do as little as it can.
    """
    if not sys.platform.startswith("linux"):
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    parent = os.getpid()
    kill = int(signal.SIGKILL)

    def arm() -> None:
        prctl(_PR_SET_PDEATHSIG, kill, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the line above took effect: nobody would kill us
            os._exit(1)

    return arm
