"""Minimal project for the edition directives.

The casetools extension loads the case world at start-up; the tests point
``casetools_root`` at the repository. No variant gallery is generated.
"""

extensions = ["myst_parser", "casetools.sphinxext"]
myst_enable_extensions = ["colon_fence"]
language = "nl"
casetools_gallery_size = 0
casetools_gallery_dir = "_galerij"
exclude_patterns = ["_build", "_galerij"]
