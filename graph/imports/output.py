"""Where an import is kept, and writing it so that no reader ever sees half a file.

An import is one N-Quads file, ``<build>/imports/<name>.nq``. The store loaders read every such file
after the build's own dataset (``graph.built.dataset_files``), and a rebuild carries the folder over.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..outputs import IMPORTS_DIR


def import_file(build_dir: Path, name: str) -> Path:
    """The file an import called ``name`` is kept in."""
    return build_dir / IMPORTS_DIR / f"{name}.nq"


def write_atomically(data: bytes, target: Path) -> None:
    """Write to a temporary file beside ``target``, then rename it over ``target``: all or nothing.

    The temporary name does not end in ``.nq``, so a loader reading ``imports/*.nq`` meanwhile never picks it up.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it private; an import is meant to be read and served
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
