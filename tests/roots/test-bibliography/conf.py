"""Minimal project for the reference list and the in-text citations.

The test passes ``bibtex_bibfiles`` (the course's own ``references.bib`` plus
``extra.bib`` here) through ``confoverrides``. Importing the casetools
extension's citation module registers both Dutch styles.
"""

from casetools.sphinxext import citation_style

citation_style.register()

extensions = ["myst_parser", "sphinxcontrib.bibtex", "casetools.sphinxext.reference_list"]
language = "nl"
exclude_patterns = ["_build"]
bibtex_bibfiles = ["extra.bib"]
bibtex_reference_style = "author_year_nl"
bibtex_default_style = "apa_nl"
