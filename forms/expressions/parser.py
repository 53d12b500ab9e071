"""Parse the XPath subset that XLSForm authors write into a JSON-ready syntax tree.

The tree is made only of dicts, lists, strings and numbers so that the very tree parsed
here on the server is sent to the browser and evaluated there by ``expr.js``: one parser,
two small evaluators, no chance of the two sides reading an expression differently.

Node shapes::

    {"type": "number", "value": 3}          {"type": "string", "value": "ລາວ"}
    {"type": "ref", "name": "age"}          ${age}
    {"type": "current"}                     .   (the value of the question being checked)
    {"type": "field", "name": "province"}   a bare name; only in choice filters, where it
                                            names a column of the choice being filtered
    {"type": "op", "op": "+", "args": [left, right]}    also "neg" (unary minus, one arg)
    {"type": "call", "name": "selected", "args": [...]}

``parse`` raises :class:`ExpressionError` and nothing else, whatever text it is given.
"""
from __future__ import annotations

import re
from typing import Any

import regex

from ..schema import NAME_PATTERN

#: Deepest parenthesis/argument nesting accepted while parsing, and deepest tree allowed
#: (a long chain of ``or`` nests to the left); both keep evaluation far from Python's
#: recursion limit.
MAX_NESTING = 40
MAX_TREE_DEPTH = 100

#: Function name -> (least, most) arguments; ``None`` means any number.
FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "selected": (2, 2), "count-selected": (1, 1), "string-length": (1, 1), "regex": (2, 2),
    "if": (3, 3), "coalesce": (2, 2), "concat": (1, None), "substr": (2, 3),
    "number": (1, 1), "int": (1, 1), "round": (1, 2), "today": (0, 0), "now": (0, 0),
    "date": (1, 1), "format-date": (2, 2), "jr:choice-name": (2, 2), "count": (1, 1),
    "sum": (1, 1), "position": (0, 0), "indexed-repeat": (3, 7), "true": (0, 0),
    "false": (0, 0), "boolean": (1, 1), "string": (0, 1), "not": (1, 1),
    "contains": (2, 2), "starts-with": (2, 2), "ends-with": (2, 2), "floor": (1, 1),
    "ceiling": (1, 1), "abs": (1, 1), "min": (1, None), "max": (1, None),
}

#: Binary operators from the loosest to the tightest binding, as XPath 1.0 orders them.
LEVELS: list[tuple[str, ...]] = [
    ("or",), ("and",), ("=", "!="), ("<", "<=", ">", ">="), ("+", "-"), ("*", "div", "mod"),
]

_WORD = r"[A-Za-z_][A-Za-z0-9_]*(?:[.\-][A-Za-z_][A-Za-z0-9_]*)*"
_TOKEN = re.compile(
    rf"""(?P<space>[ \t\r\n]+)
       |(?P<ref>\$\{{(?P<refname>[^}}]*)\}})
       |(?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)
       |(?P<string>'[^']*'|"[^"]*")
       |(?P<dots>\.\.)
       |(?P<dot>\.)
       |(?P<op>!=|<=|>=|[-+*=<>(),])
       |(?P<name>{_WORD}(?::{_WORD})?)""",
    re.VERBOSE,
)


class ExpressionError(Exception):
    """An expression that cannot be parsed or evaluated.

    ``position`` is the 0-based character offset of the problem in the expression text,
    or ``None`` when the problem showed up during evaluation.
    """

    def __init__(self, message: str, position: int | None = None):
        self.message = message
        self.position = position
        super().__init__(message if position is None else f"{message} (at character {position})")


def _tokenize(text: str) -> list[tuple[str, str, int]]:
    tokens = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            char = text[position]
            if text.startswith("${", position):
                raise ExpressionError("'${' without its closing '}'", position)
            if char in "'\"":
                raise ExpressionError("text that is never closed with " + char, position)
            raise ExpressionError(f"unexpected character {char!r}", position)
        kind = match.lastgroup
        if kind == "ref":
            name = match.group("refname")
            if not NAME_PATTERN.match(name):
                raise ExpressionError(f"${{{name}}} is not a valid question name", position)
            tokens.append(("ref", name, position))
        elif kind != "space":
            tokens.append((kind, match.group(), position))
        position = match.end()
    tokens.append(("end", "", len(text)))
    return tokens


class _Parser:
    def __init__(self, text: str, choice_filter: bool):
        self.tokens = _tokenize(text)
        self.index = 0
        self.nesting = 0
        self.choice_filter = choice_filter

    @property
    def token(self) -> tuple[str, str, int]:
        return self.tokens[self.index]

    def advance(self) -> tuple[str, str, int]:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def expect(self, text: str) -> None:
        kind, value, position = self.advance()
        if value != text or kind not in ("op", "dots"):
            found = "the end of the expression" if kind == "end" else repr(value)
            raise ExpressionError(f"expected {text!r} but found {found}", position)

    def whole(self) -> dict:
        tree = self.binary(0)
        kind, value, position = self.token
        if kind != "end":
            raise ExpressionError(f"unexpected {value!r}", position)
        return tree

    def binary(self, level: int) -> dict:
        if level == len(LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while self.token[1] in LEVELS[level] and self.token[0] in ("op", "name"):
            operator = self.advance()[1]
            left = {"type": "op", "op": operator, "args": [left, self.binary(level + 1)]}
        return left

    def unary(self) -> dict:
        if self.token[:2] == ("op", "-"):
            self.advance()
            return {"type": "op", "op": "neg", "args": [self.nested(self.unary)]}
        return self.primary()

    def nested(self, parse) -> Any:
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise ExpressionError("the expression is nested too deeply", self.token[2])
        try:
            return parse()
        finally:
            self.nesting -= 1

    def primary(self) -> dict:
        kind, value, position = self.advance()
        if kind == "number":
            number = float(value)
            return {"type": "number", "value": int(number) if number.is_integer() else number}
        if kind == "string":
            return {"type": "string", "value": value[1:-1]}
        if kind == "ref":
            return {"type": "ref", "name": value}
        if kind == "dot":
            return {"type": "current"}
        if value == "(" and kind == "op":
            inner = self.nested(lambda: self.binary(0))
            self.expect(")")
            return inner
        if kind == "name" and self.token[:2] == ("op", "("):
            return self.call(value, position)
        if kind == "name" and self.choice_filter:
            return {"type": "field", "name": value}
        if kind == "name":
            raise ExpressionError(f"unexpected name {value!r}; write ${{{value}}} for a question", position)
        found = "the end of the expression" if kind == "end" else repr(value)
        raise ExpressionError(f"expected a value but found {found}", position)

    def call(self, name: str, position: int) -> dict:
        if name not in FUNCTIONS:
            raise ExpressionError(f"unknown function {name}()", position)
        self.advance()  # the "("
        args: list[dict] = []
        if name == "position":
            # XLSForm writes position(..): the position of the enclosing repeat instance.
            self.expect("..")
        elif self.token[:2] != ("op", ")"):
            args.append(self.nested(lambda: self.binary(0)))
            while self.token[:2] == ("op", ","):
                self.advance()
                args.append(self.nested(lambda: self.binary(0)))
        self.expect(")")
        least, most = FUNCTIONS[name]
        if len(args) < least or (most is not None and len(args) > most):
            wanted = str(least) if least == most else f"{least} or more" if most is None else f"{least} to {most}"
            raise ExpressionError(f"{name}() takes {wanted} arguments, not {len(args)}", position)
        if name == "indexed-repeat":
            self.check_indexed_repeat(args, position)
        if name == "regex" and args[1]["type"] == "string":
            try:
                regex.compile(args[1]["value"], flags=regex.ASCII)
            except (regex.error, RecursionError, OverflowError) as problem:
                raise ExpressionError(f"regex() pattern is not valid: {problem}", position) from None
        return {"type": "call", "name": name, "args": args}

    @staticmethod
    def check_indexed_repeat(args: list[dict], position: int) -> None:
        if len(args) % 2 == 0:
            raise ExpressionError("indexed-repeat() takes a question, then repeat and position pairs", position)
        for arg in args[0:1] + args[1::2]:
            if arg["type"] != "ref":
                raise ExpressionError("indexed-repeat() needs ${names} for the question and its repeats", position)


def _depth(tree: dict) -> int:
    deepest = 0
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in node.get("args", ()))
    return deepest


def parse(text: str, *, choice_filter: bool = False) -> dict:
    """Parse ``text`` into a syntax tree; raises :class:`ExpressionError` if it is not valid.

    With ``choice_filter`` bare names are allowed and read the columns of the choice being
    filtered, as in XLSForm's choice_filter column.
    """
    if not isinstance(text, str):
        raise ExpressionError("an expression must be text", 0)
    tree = _Parser(text, choice_filter).whole()
    if _depth(tree) > MAX_TREE_DEPTH:
        raise ExpressionError("the expression is too long to evaluate safely", 0)
    return tree


def references(tree: dict) -> set[str]:
    """The question names that ``tree`` refers to with ``${name}``."""
    found = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if node["type"] == "ref":
            found.add(node["name"])
        stack.extend(node.get("args", ()))
    return found
