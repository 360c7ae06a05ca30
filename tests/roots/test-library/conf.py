"""Project for the library extension: its own small exercise library, the real case world.

``casetools_root`` is ``data/``: two exercises written for these tests in
``data/exercises/`` (so the tests do not change when the course library grows)
and ``data/casebook/world``, a symlink to the course's case world (the
extension reads both from one root). sphinx.testing copies this folder, so the
generated gallery never lands in the repository.
"""

from pathlib import Path

extensions = ["myst_parser", "sphinx_exercise", "casetools.sphinxext"]
myst_enable_extensions = ["colon_fence", "attrs_block", "attrs_inline"]
language = "nl"
casetools_root = str(Path(__file__).resolve().parent / "data")
casetools_gallery_size = 2
casetools_gallery_dir = "galerij"
exclude_patterns = ["_build"]
