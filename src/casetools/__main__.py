"""Allow ``python -m casetools``."""

from __future__ import annotations

import sys

from casetools.cli import main

sys.exit(main())
