"""Replacing a build folder as a whole, so that no moment shows half of one.

A build is written into a hidden sibling of the build folder, named
``.<name>.staging-XXXXXXXX`` (``.build.staging-k2x9w1qa`` beside ``build``),
and swapped in for the previous build in one step:

* on Linux with ``renameat2(RENAME_EXCHANGE)``, which exchanges the two folders
  atomically: ``build`` always names a complete build, the old one or the new;
* elsewhere with two renames, with an instant in between where ``build`` is absent.

The sibling then holds the previous build and is removed. A process killed
while staging, or before that removal ends, leaves the sibling behind; its
owner held a lock on it (``flock``), which the kernel releases when the owner
dies, so the next build knows it for debris and removes it before it starts.
A staging folder whose owner is alive (a concurrent build) is left alone.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock, every leftover counts as stale
    fcntl = None  # type: ignore[assignment]

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def staging_prefix(target: Path) -> str:
    """The name every staging folder of ``target`` starts with.

    >>> staging_prefix(Path("/srv/diplograph/build"))
    '.build.staging-'
    """
    return f".{target.name}.staging-"


def _is_staging_name(target: Path, name: str) -> bool:
    """True for our staging folders, and for the ``.build-XXXXXXXX`` and ``.build-previous`` of earlier versions.

    >>> [_is_staging_name(Path("build"), n)
    ...  for n in (".build.staging-ab12cd_3", ".build-previous", ".build-k2x9w1qa", "build", ".buildx")]
    [True, True, True, False, False]
    """
    legacy = re.fullmatch(rf"\.{re.escape(target.name)}-(previous|[a-z0-9_]{{8}})", name)
    return name.startswith(staging_prefix(target)) or legacy is not None


def remove_stale(target: Path) -> list[Path]:
    """Remove the staging folders of ``target`` that no living process holds; return what was removed."""
    target = target.resolve()  # a symlinked build folder is staged beside the folder it points to
    if not target.parent.is_dir():
        return []
    removed = []
    for path in sorted(target.parent.iterdir()):
        if not _is_staging_name(target, path.name) or path.is_symlink() or not path.is_dir():
            continue
        lock = _try_lock(path)
        if lock is None:
            continue  # a build in progress
        try:
            shutil.rmtree(path, ignore_errors=True)
        finally:
            _unlock(lock)
        removed.append(path)
    return removed


def _try_lock(path: Path) -> int | None:
    """An open descriptor locking ``path``, -1 where locks are unavailable, None when another process holds it."""
    if fcntl is None:
        return -1
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return None  # gone already, or not ours to open
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        return None
    return descriptor


def _unlock(lock: int | None) -> None:
    if lock is not None and lock >= 0:
        os.close(lock)


@contextmanager
def staged(target: Path) -> Iterator[Path]:
    """A fresh, locked staging folder; swapped in for ``target`` when the block ends normally, removed otherwise."""
    target = target.resolve()  # a symlinked build folder is staged beside the folder it points to
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(target)
    staging = Path(tempfile.mkdtemp(prefix=staging_prefix(target), dir=target.parent))
    lock = _try_lock(staging)  # held until the folder is swapped in or removed
    try:
        staging.chmod(0o755)  # mkdtemp makes it private; a build is meant to be read and served
        yield staging
        retired = swap_in(staging, target)
        if retired is not None:
            _discard(retired)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        _unlock(lock)


def swap_in(staging: Path, target: Path) -> Path | None:
    """Put ``staging`` in the place of ``target``; return where the previous build now is, if there was one."""
    if not target.exists():
        staging.rename(target)
        return None
    if _exchange(staging, target):
        return staging
    # No atomic exchange here: two renames, with the previous build kept under a staging name until the end.
    retired = staging.with_name(f"{staging.name}-previous")
    target.rename(retired)
    try:
        staging.rename(target)
    except BaseException:
        retired.rename(target)
        raise
    return retired


def _exchange(first: Path, second: Path) -> bool:
    """Exchange two paths atomically (Linux ``renameat2``); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)  # glibc 2.28 and later
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):  # kernel or file system without RENAME_EXCHANGE
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def _discard(path: Path) -> None:
    """Remove a previous build once it has been replaced."""
    shutil.rmtree(path, ignore_errors=True)
