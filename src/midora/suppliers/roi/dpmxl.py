"""A DPM-XL evaluator for the subset the EBA DORA 4.0 business rules use (EBA DPM-XL 1.0).

An expression such as ``with {tB_02.01, default: null, interval: false}: if ( {c0020} =
[eba_CO:x3] ) then ( not ( isnull ({c0030}) ) ) endif`` is parsed once into a predicate that is
evaluated on every row of its table. Supported: ``with {tB_xx.yy, ...}:`` preambles and
``{tB_xx.yy, cNNNN}`` selections; cells ``{cNNNN}``, ``{c*}``, ``{cNNNN-NNNN}`` and
``{(cA, cB, ...)}`` (a rule over several cells is checked cell by cell); ``isnull``, ``match``,
``not``, ``and``, ``or``, ``if ... then ... [else ...] endif``, ``= != < <= > >=``, ``in {...}``,
members ``[eba_XX:yyy]``, strings and numbers. Logic is three-valued: a comparison with an
unreported cell is null, and a rule fails only when it evaluates to false. ``default`` is read
but not substituted: an unreported cell stays null (so ``isnull`` keeps its meaning).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

Row = dict[str, Any]
Evaluator = Callable[[Row], Any]

_TOKEN = re.compile(
    r"""\s*(?:
    (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<brace>\{[^{}]*\})
  | (?P<member>\[[^\]]+\])
  | (?P<number>-?\d+(?:\.\d+)?)
  | (?P<op>>=|<=|!=|=|>|<|\(|\)|,|:)
  | (?P<word>[A-Za-z_][\w.]*)
    )""",
    re.VERBOSE,
)
_TABLE = re.compile(r"^tB_(\d{2}\.\d{2})$")
_CELL = re.compile(r"^c(\d{4})$")
_RANGE = re.compile(r"^c(\d{4})-(\d{4})$")


class DpmXlError(ValueError):
    """An expression outside the supported subset (says what and where)."""


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


def tokenize(text: str) -> list[Token]:
    """Split an expression into tokens; DpmXlError at the first character not understood."""
    tokens, position = [], 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            raise DpmXlError(f"cannot read {text[position : position + 20]!r}")
        kind = match.lastgroup or ""
        tokens.append(Token(kind, match.group(kind)))
        position = match.end()
    return tokens


# AST nodes are tuples: ("cell", name) ("cells", names) ("const", value) ("set", values)
# ("not", a) ("and", a, b) ("or", a, b) ("cmp", op, a, b) ("in", a, set) ("isnull", a)
# ("match", a, pattern) ("if", cond, then, else|None)
Node = tuple[Any, ...]


class _Parser:
    def __init__(self, tokens: list[Token], columns: Sequence[str]) -> None:
        self.tokens, self.position = tokens, 0
        self.columns = list(columns)  # of the table, in order (for c* and ranges)
        self.table: str | None = None

    def peek(self, text: str | None = None) -> Token | None:
        token = self.tokens[self.position] if self.position < len(self.tokens) else None
        if text is not None and (token is None or token.text != text):
            return None
        return token

    def take(self, text: str | None = None) -> Token:
        token = self.peek()
        if token is None or (text is not None and token.text != text):
            found = token.text if token else "end of expression"
            raise DpmXlError(f"expected {text or 'a token'}, found {found!r}")
        self.position += 1
        return token

    def rule(self) -> Node:
        if self.peek("with"):
            self.take("with")
            self._preamble(self.take().text)
            self.take(":")
        node = self.expression()
        if self.peek() is not None:
            raise DpmXlError(f"unexpected {self.peek().text!r}")  # type: ignore[union-attr]
        if self.table is None:
            raise DpmXlError("no table: add a with {tB_xx.yy, ...} preamble")
        return node

    def _preamble(self, brace: str) -> None:
        parts = [p.strip() for p in brace.strip("{}").split(",")]
        match = _TABLE.match(parts[0])
        if not match:
            raise DpmXlError(f"preamble must name a table tB_xx.yy, not {parts[0]!r}")
        self.table = f"B_{match[1]}"

    def expression(self) -> Node:
        node = self._and()
        while self.peek("or"):
            self.take()
            node = ("or", node, self._and())
        return node

    def _and(self) -> Node:
        node = self._unary()
        while self.peek("and"):
            self.take()
            node = ("and", node, self._unary())
        return node

    def _unary(self) -> Node:
        if self.peek("not"):
            self.take()
            return ("not", self._unary())
        return self._comparison()

    def _comparison(self) -> Node:
        left = self._primary()
        token = self.peek()
        if (
            token is not None
            and token.kind == "op"
            and token.text in ("=", "!=", "<", "<=", ">", ">=")
        ):
            self.take()
            return ("cmp", token.text, left, self._primary())
        if self.peek("in"):
            self.take()
            members = self._primary()
            if members[0] != "set":
                raise DpmXlError("'in' needs a set {[...], [...]}")
            return ("in", left, members)
        return left

    def _primary(self) -> Node:
        token = self.take()
        if token.text == "(":
            node = self.expression()
            self.take(")")
            return node
        if token.text == "if":
            condition = self.expression()
            self.take("then")
            then = self.expression()
            other = None
            if self.peek("else"):
                self.take()
                other = self.expression()
            self.take("endif")
            return ("if", condition, then, other)
        if token.text == "isnull":
            self.take("(")
            node = self.expression()
            self.take(")")
            return ("isnull", node)
        if token.text == "match":
            self.take("(")
            node = self.expression()
            self.take(",")
            pattern = self.take()
            if pattern.kind != "string":
                raise DpmXlError("match needs a regular expression in quotes")
            self.take(")")
            return ("match", node, re.compile(pattern.text[1:-1]))
        if token.kind == "brace":
            return self._brace(token.text[1:-1].strip())
        if token.kind == "member":
            return ("const", token.text[1:-1])
        if token.kind == "string":
            return ("const", token.text[1:-1])
        if token.kind == "number":
            return ("const", Decimal(token.text))
        raise DpmXlError(f"unexpected {token.text!r}")

    def _brace(self, inner: str) -> Node:
        if inner.startswith("["):
            return ("set", frozenset(m.strip()[1:-1] for m in inner.split(",")))
        parts = [p.strip() for p in inner.split(",")]
        if len(parts) == 2 and _TABLE.match(parts[0]):  # {tB_01.02, c0060}
            self._preamble(parts[0])
            inner = parts[1]
        if inner.startswith("("):
            names = [p.strip() for p in inner.strip("()").split(",")]
            for name in names:
                self._column(name)
            return ("cells", tuple(names))
        if inner == "c*":
            return ("cells", tuple(self.columns))
        if match := _RANGE.match(inner):
            low, high = int(match[1]), int(match[2])
            names = [c for c in self.columns if low <= int(c[1:]) <= high]
            return ("cells", tuple(names))
        return ("cell", self._column(inner))

    def _column(self, name: str) -> str:
        if not _CELL.match(name):
            raise DpmXlError(f"{name!r} is not a column cNNNN")
        return name


def _cells(node: Node) -> list[str]:
    """Every column an expression reads, in order of appearance."""
    if node[0] == "cell":
        return [node[1]]
    if node[0] == "cells":
        return list(node[1])
    found: list[str] = []
    for part in node[1:]:
        if isinstance(part, tuple):
            found.extend(c for c in _cells(part) if c not in found)
    return found


def _bind(node: Node, column: str) -> Node:
    """The expression with its cell-set selection replaced by one cell."""
    if node[0] == "cells":
        return ("cell", column)
    return tuple(_bind(p, column) if isinstance(p, tuple) else p for p in node)


def _cell_sets(node: Node) -> list[tuple[str, ...]]:
    if node[0] == "cells":
        return [node[1]]
    return [s for p in node[1:] if isinstance(p, tuple) for s in _cell_sets(p)]


def _number(value: Any) -> Any:
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            return value
    return value


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


_NULLS = (None, "")


def _filled_cell(node: Node) -> str | None:
    """The column of a ``not isnull({cNNNN})`` node (the commonest test), else None."""
    if node[0] == "not" and node[1][0] == "isnull" and node[1][1][0] == "cell":
        return node[1][1][1]
    return None


def _flatten(node: Node, kind: str) -> list[Node]:
    if node[0] == kind:
        return _flatten(node[1], kind) + _flatten(node[2], kind)
    return [node]


def compile_node(node: Node) -> Evaluator:
    """A function of a row giving the value of the expression (None for null)."""
    kind = node[0]
    if (column := _filled_cell(node)) is not None:
        return lambda row: row.get(column) not in _NULLS
    if kind in ("and", "or"):
        parts = _flatten(node, kind)
        filled = [_filled_cell(p) for p in parts]
        if all(c is not None for c in filled):  # two-valued: a fast any/all over the cells
            columns = tuple(filled)
            if kind == "or":
                return lambda row: any(row.get(c) not in _NULLS for c in columns)
            return lambda row: all(row.get(c) not in _NULLS for c in columns)
    if kind == "cell":
        column = node[1]
        return lambda row: None if row.get(column) in (None, "") else row.get(column)
    if kind == "const":
        value = node[1]
        return lambda row: value
    if kind == "isnull":
        inner = compile_node(node[1])
        return lambda row: inner(row) is None
    if kind == "not":
        inner = compile_node(node[1])
        return lambda row: None if (v := inner(row)) is None else not v
    if kind in ("and", "or"):
        left, right = compile_node(node[1]), compile_node(node[2])
        return _and(left, right) if kind == "and" else _or(left, right)
    if kind == "cmp":
        op, left, right = _COMPARE[node[1]], compile_node(node[2]), compile_node(node[3])
        return lambda row: _compare(op, left(row), right(row))
    if kind == "in":
        left, members = compile_node(node[1]), node[2][1]
        return lambda row: None if (v := left(row)) is None else v in members
    if kind == "match":
        inner, pattern = compile_node(node[1]), node[2]
        return lambda row: None if (v := inner(row)) is None else bool(pattern.search(str(v)))
    if kind == "if":
        condition, then = compile_node(node[1]), compile_node(node[2])
        if node[3] is None:
            return lambda row: then(row) if condition(row) is True else None
        other = compile_node(node[3])
        return lambda row: _if(condition(row), then, other, row)
    raise DpmXlError(f"cannot evaluate {kind}")


def _compare(op: Callable[[Any, Any], bool], a: Any, b: Any) -> bool | None:
    if a is None or b is None:
        return None
    a, b = _number(a), _number(b)
    try:
        return op(a, b)
    except TypeError:
        return op(str(a), str(b)) if op in (_COMPARE["="], _COMPARE["!="]) else None


def _and(left: Evaluator, right: Evaluator) -> Evaluator:
    def evaluate(row: Row) -> bool | None:
        a = left(row)
        if a is False:
            return False
        b = right(row)
        if b is False:
            return False
        return None if a is None or b is None else True

    return evaluate


def _or(left: Evaluator, right: Evaluator) -> Evaluator:
    def evaluate(row: Row) -> bool | None:
        a = left(row)
        if a is True:
            return True
        b = right(row)
        if b is True:
            return True
        return None if a is None or b is None else False

    return evaluate


def _if(condition: Any, then: Evaluator, other: Evaluator | None, row: Row) -> Any:
    if condition is True:
        return then(row)
    if condition is False and other is not None:
        return other(row)
    return None


@dataclass(frozen=True)
class Check:
    """One cell-level check of a rule: fails on a row when ``test(row)`` is False."""

    column: str
    test: Evaluator


@dataclass(frozen=True)
class Rule:
    """One DPM-XL rule compiled for a table: its checks (one per cell of a cell set)."""

    rule_id: str
    table: str
    expression: str
    checks: tuple[Check, ...]
    unconditional: bool
    """True when the rule is ``not isnull(...)`` with no premise (the cells are mandatory)."""

    def failures(self, row: Row) -> list[str]:
        """The columns whose check evaluates to false on this row."""
        return [c.column for c in self.checks if c.test(row) is False]


def compile_rule(rule_id: str, expression: str, columns_of: Callable[[str], Sequence[str]]) -> Rule:
    """Parse and compile a rule; ``columns_of(table)`` gives a table's columns in order."""
    tokens = tokenize(expression)
    table = _first_table(tokens)
    parser = _Parser(tokens, columns_of(table) if table else ())
    tree = parser.rule()
    table = parser.table or ""
    sets = _cell_sets(tree)
    if len(set(sets)) > 1:
        raise DpmXlError("more than one cell set in one rule")
    if sets:
        variants = [(c, _bind(tree, c)) for c in sets[0]]
    else:
        target = tree[2] if tree[0] == "if" else tree
        variants = [(",".join(_cells(target)), tree)]
    checks = tuple(Check(column, compile_node(node)) for column, node in variants)
    unconditional = tree[0] == "not" and tree[1][0] == "isnull"
    return Rule(rule_id, table, expression, checks, unconditional)


def _first_table(tokens: list[Token]) -> str | None:
    for token in tokens:
        if token.kind == "brace":
            head = token.text[1:-1].split(",")[0].strip()
            if match := _TABLE.match(head):
                return f"B_{match[1]}"
    return None


def rule_columns(rule: Rule) -> list[str]:
    """The cells a rule checks (one per check)."""
    return [c.column for c in rule.checks]
