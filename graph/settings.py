"""Where diplograph finds its inputs and writes its outputs.

Each setting has a default and an environment variable that overrides it; the
CLI's options override both.

| setting | environment variable | default |
|---|---|---|
| corpus folder | ``DIPLOGRAPH_CORPUS`` | ``../shared/seeds`` beside the project (or the working directory) |
| curated data | ``DIPLOGRAPH_DATA`` | the installed ``diplograph.graph`` package |
| build folder | ``DIPLOGRAPH_BUILD`` | ``build`` in the project (or the working directory) |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path


def _package_dir() -> Path:
    # resolved: in a checkout, diplograph/graph is a link to the graph/ folder at the root
    return Path(str(resources.files("diplograph.graph"))).resolve()


def project_root() -> Path | None:
    """The checkout diplograph runs from, when it runs from one (editable install)."""
    candidate = _package_dir().parent
    return candidate if (candidate / "pyproject.toml").is_file() else None


def _base() -> Path:
    return project_root() or Path.cwd()


@dataclass(frozen=True)
class Settings:
    """Paths of one run. ``Settings.default()`` reads the environment."""

    data: Path
    corpus: Path
    build: Path

    @classmethod
    def default(cls) -> Settings:
        base = _base()
        return cls(
            data=Path(os.environ.get("DIPLOGRAPH_DATA", _package_dir())),
            corpus=Path(os.environ.get("DIPLOGRAPH_CORPUS", base.parent / "shared" / "seeds")),
            build=Path(os.environ.get("DIPLOGRAPH_BUILD", base / "build")),
        )

    def with_(self, **changes: Path | None) -> Settings:
        """A copy with the given paths replaced; None leaves a path as it is."""
        return replace(self, **{key: Path(value) for key, value in changes.items() if value is not None})

    @property
    def sources_file(self) -> Path:
        return self.data / "sources.yaml"

    @property
    def entities_dir(self) -> Path:
        return self.data / "entities"

    @property
    def facts_dir(self) -> Path:
        return self.data / "facts"

    @property
    def crosswalk_file(self) -> Path:
        return self.data / "data" / "states.csv"

    @property
    def wikidata_dir(self) -> Path:
        """Reconciliation candidates and decisions, Wikidata answers kept for offline builds, and their cache."""
        return self.data / "data" / "wikidata"

    @property
    def review_file(self) -> Path:
        return self.wikidata_dir / "review.yaml"

    @property
    def enrichment_file(self) -> Path:
        return self.wikidata_dir / "enrichment.json"

    @property
    def wikidata_cache(self) -> Path:
        return self.wikidata_dir / "cache"


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as a user should read it in a message: relative to the project when inside it."""
    root = root or _base()
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
