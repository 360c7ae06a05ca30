"""The case world and exercise library as seen by a Sphinx build, loaded once per change.

Directives on many pages need the same data; loading it per directive would
dominate the build. The cache key includes every data file's modification
time, so an edit during ``make serve`` is picked up, and each parallel worker
process keeps its own immutable copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sphinx.application import Sphinx

from casetools.caseworld.views import TEMPLATES
from casetools.caseworld.world import World, load_world
from casetools.library.exercises import Library, load_library
from casetools.paths import world_dir


@dataclass(frozen=True)
class Resources:
    """What the extension reads: the world, the library, and the files behind them."""

    root: Path
    world: World
    library: Library
    files: tuple[Path, ...]


def course_root(app: Sphinx) -> Path:
    """The folder holding ``casebook/`` and ``exercises/`` (``casetools_root``, else the confdir)."""
    configured = app.config.casetools_root
    return Path(app.confdir, configured).resolve() if configured else Path(app.confdir).resolve()


def data_files(root: Path) -> tuple[Path, ...]:
    """Every file whose change must rebuild the pages that use case data."""
    return (
        *sorted(world_dir(root).glob("*.yaml")),
        *sorted((root / "exercises").glob("*.yaml")),
        *sorted(TEMPLATES.rglob("*.*")),
    )


def resources(app: Sphinx) -> Resources:
    """Return the (cached) resources for this build."""
    root = course_root(app)
    files = data_files(root)
    stamp = tuple((str(f), f.stat().st_mtime_ns) for f in files)
    return _load(root, stamp)


@lru_cache(maxsize=4)
def _load(root: Path, stamp: tuple[tuple[str, int], ...]) -> Resources:
    world = load_world(world_dir(root))
    library = load_library(root / "exercises")
    return Resources(root, world, library, tuple(Path(f) for f, _ in stamp))
