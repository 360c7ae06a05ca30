"""Typed warnings: each can be silenced with ``suppress_warnings = ["casetools.<subtype>"]``."""

from __future__ import annotations

from enum import StrEnum


class Subtype(StrEnum):
    """The warning subtypes of the extension."""

    #: a directive names an exercise that is not in ``exercises/``
    UNKNOWN_EXERCISE = "unknown_exercise"
    #: a variant code is mistyped, or missing where the exercise needs one
    BAD_CODE = "bad_code"
    #: a data file or template is broken (the message names file, line and key)
    CONTENT = "content"
