"""The installed version of diplograph, in a module of its own so that any layer can name it without importing
the package's API.

>>> __version__.count(".") >= 1
True
"""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("diplograph")
except metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
