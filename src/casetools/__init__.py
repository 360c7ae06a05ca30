"""casetools: case variants, exercises and handouts for the Ansaj course.

The core (data model, loading, generation, rendering to text) imports neither
Sphinx nor a PDF library; ``casetools.sphinxext`` and the CLI are thin
adapters around it.
"""

from __future__ import annotations

__version__ = "0.1.0"
