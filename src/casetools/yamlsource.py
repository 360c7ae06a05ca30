"""Strict YAML loading that remembers where every value came from.

PyYAML's ``safe_load`` forgets line numbers, yet a teacher who breaks a data
file needs to be told *which* line. We compose the node tree once, build the
Python value from it ourselves and record a line for every key path, so a
validator can report ``file:line: key: message``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from casetools.errors import ContentError

KeyPath = tuple[str | int, ...]


def format_path(path: KeyPath) -> str:
    """Render a key path as ``agencies[3].goal``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


@dataclass(frozen=True)
class Source:
    """A loaded YAML file: its value and the line of every key path."""

    path: Path
    data: Any
    lines: Mapping[KeyPath, int]

    def line(self, path: KeyPath) -> int | None:
        """Return the line of ``path``, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None

    def error(self, path: KeyPath, message: str) -> ContentError:
        """Build a :class:`ContentError` located at ``path``."""
        return ContentError(self.path, self.line(path), format_path(path), message)


# libyaml's parser keeps every node's line as the pure-Python one does, at a tenth of the
# cost; the pure-Python loader stands in where PyYAML was built without libyaml.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# One constructor for every scalar: building a loader per value cost a third of the load.
_CONSTRUCTOR = yaml.SafeLoader("")


def load_source(path: Path) -> Source:
    """Load one YAML file strictly, with duplicate keys and non-string keys refused."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(path, None, "", f"cannot read file: {exc}") from None
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ContentError(path, line, "", f"invalid YAML: {exc.problem}") from None
    lines: dict[KeyPath, int] = {}
    try:
        data = _build(node, (), lines, path) if node is not None else None
    finally:
        _CONSTRUCTOR.constructed_objects.clear()  # keep no nodes of earlier files alive
    return Source(path, data, lines)


def _build(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int], file: Path) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            if not isinstance(key, str):
                raise ContentError(
                    file,
                    key_node.start_mark.line + 1,
                    format_path(path),
                    f"key {key!r} must be text",
                )
            if key in result:
                raise ContentError(
                    file, key_node.start_mark.line + 1, format_path((*path, key)), "duplicate key"
                )
            lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = _build(value_node, (*path, key), lines, file)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), lines, file) for i, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    return _CONSTRUCTOR.construct_object(node, deep=True)


def iter_items(value: Any) -> Iterator[tuple[int, Any]]:
    """Enumerate a list value; anything else yields nothing (validators report it)."""
    if isinstance(value, list):
        yield from enumerate(value)
