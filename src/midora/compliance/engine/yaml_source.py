"""Read YAML data files as node trees so that every refusal names its file and line."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# libyaml's parser when PyYAML was built with it (the wheels are): seven times faster than the
# pure-Python one, with the same nodes and the same line marks.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Problem:
    """One reason a data file is refused, with the file name and 1-based line number."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


class FileFormatError(ValueError):
    """A data file was refused; `problems` lists every reason found, first one first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def line_of(node: yaml.Node) -> int:
    """The 1-based line where `node` starts."""
    return node.start_mark.line + 1


def compose(text: str, file: str) -> yaml.Node:
    """Compose `text` into a YAML node tree; a syntax error becomes a FileFormatError."""
    try:
        node = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise FileFormatError([Problem(file, line, f"not valid YAML: {exc.problem}")]) from exc
    if node is None:
        raise FileFormatError([Problem(file, 1, "the file is empty")])
    return node


def read_text(path: Path | str) -> tuple[str, str]:
    """The text of `path` and the name used in error messages."""
    path = Path(path)
    return path.read_text(encoding="utf-8"), path.name


def to_python(node: yaml.Node) -> Any:
    """The plain Python value of a node (safe types only)."""
    constructor = yaml.constructor.SafeConstructor()
    return constructor.construct_object(node, deep=True)


class Fields:
    """Typed access to the keys of one mapping node; every misuse is recorded as a Problem."""

    def __init__(
        self, node: yaml.Node, file: str, what: str, problems: list[Problem], allowed: Iterable[str]
    ) -> None:
        self.node, self.file, self.what, self.problems = node, file, what, problems
        self.items: dict[str, yaml.Node] = {}
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{what} must be a mapping")
            return
        allowed = set(allowed)
        for key_node, value_node in node.value:
            key = key_node.value
            if key in self.items:
                self.fail(key_node, f"{what}: key {key!r} appears twice")
            elif key not in allowed:
                self.fail(key_node, f"{what}: unknown field {key!r}")
            self.items[key] = value_node

    def fail(self, node: yaml.Node | None, reason: str) -> None:
        self.problems.append(Problem(self.file, line_of(node or self.node), reason))

    def line(self, key: str) -> int:
        return line_of(self.items.get(key, self.node))

    def node_of(self, key: str) -> yaml.Node | None:
        return self.items.get(key)

    def _missing(self, key: str, required: bool) -> bool:
        if key not in self.items:
            if required:
                self.fail(self.node, f"{self.what}: missing field {key!r}")
            return True
        return False

    def text(self, key: str, required: bool = True, nullable: bool = False) -> str | None:
        """A non-empty string (numbers are accepted and turned into strings)."""
        if self._missing(key, required):
            return None
        value = to_python(self.items[key])
        if value is None and nullable:
            return None
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, bool) or not isinstance(value, str | int) or str(value).strip() == "":
            self.fail(self.items[key], f"{self.what}: {key!r} must be a non-empty string")
            return None
        return str(value)

    def flag(self, key: str) -> bool:
        if self._missing(key, False):
            return False
        value = to_python(self.items[key])
        if not isinstance(value, bool):
            self.fail(self.items[key], f"{self.what}: {key!r} must be true or false")
            return False
        return value

    def texts(self, key: str, required: bool = True, allow_empty: bool = True) -> tuple[str, ...]:
        """A list of non-empty strings."""
        if self._missing(key, required):
            return ()
        value = to_python(self.items[key])
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.fail(self.items[key], f"{self.what}: {key!r} must be a list of strings")
            return ()
        if not value and not allow_empty:
            self.fail(self.items[key], f"{self.what}: {key!r} must not be empty")
        return tuple(value)

    def mapping(self, key: str, what: str, allowed: Iterable[str]) -> Fields | None:
        if self._missing(key, True):
            return None
        return Fields(self.items[key], self.file, what, self.problems, allowed)

    def sequence(self, key: str) -> list[yaml.Node]:
        if self._missing(key, True):
            return []
        node = self.items[key]
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f"{self.what}: {key!r} must be a list")
            return []
        return list(node.value)
