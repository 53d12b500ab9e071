"""Parse the XPath that XLSForm authors write into a JSON-ready syntax tree.

The tree is made only of dicts, lists, strings and numbers so that the very tree parsed
here on the server is sent to the browser and evaluated there by ``expr.js``: one parser,
two small evaluators, no chance of the two sides reading an expression differently.

Node shapes::

    {"type": "number", "value": 3}          {"type": "string", "value": "ລາວ"}
    {"type": "ref", "name": "age"}          ${age}
    {"type": "current"}                     .   (the value of the question being checked)
    {"type": "field", "name": "province"}   a bare name; only in choice filters and in the
                                            [...] of an instance path, where it names a
                                            column of the choice or item being tried
    {"type": "op", "op": "+", "args": [left, right]}    also "neg" (unary minus, one arg)
    {"type": "call", "name": "selected", "args": [...]}
    {"type": "instance", "id": "list", "args": [filter, ...], "column": "label" or None}
                                            instance('list')/root/item[filter]/label

Tokens are read as XPath reads them: ``1div1`` is ``1 div 1`` (after a value, ``div``,
``mod``, ``and`` and ``or`` are operators), numbers may carry an exponent (``7.9e-12``),
and ``&lt;``/``&gt;`` copied from an XForm stand for ``<`` and ``>``.

``parse`` raises :class:`ExpressionError` and nothing else, whatever text it is given;
the errors the parser finds carry their message in English and in Lao.
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

#: Function name -> (least, most) arguments; ``None`` means any number. Every function of
#: the ODK XForms XPath function library that a web form can compute, plus XPath 1.0's
#: ``substring``.
FUNCTIONS: dict[str, tuple[int, int | None]] = {
    # text
    "string": (0, 1), "concat": (0, None), "join": (1, None), "substr": (2, 3),
    "substring": (2, 3), "substring-before": (2, 2), "substring-after": (2, 2),
    "translate": (3, 3), "string-length": (0, 1), "normalize-space": (0, 1),
    "contains": (2, 2), "starts-with": (2, 2), "ends-with": (2, 2), "uuid": (0, 1),
    "digest": (2, 3), "base64-decode": (1, 1), "pulldata": (4, 4), "regex": (2, 2),
    # truth
    "if": (3, 3), "coalesce": (2, 2), "once": (1, 1), "true": (0, 0), "false": (0, 0),
    "boolean": (1, 1), "boolean-from-string": (1, 1), "not": (1, 1), "checklist": (2, None),
    "weighted-checklist": (2, None),
    # numbers
    "number": (0, 1), "random": (0, 0), "int": (1, 1), "round": (1, 2), "pow": (2, 2),
    "sqrt": (1, 1), "exp": (1, 1), "exp10": (1, 1), "log": (1, 1), "log10": (1, 1),
    "sin": (1, 1), "cos": (1, 1), "tan": (1, 1), "asin": (1, 1), "acos": (1, 1),
    "atan": (1, 1), "atan2": (2, 2), "pi": (0, 0), "abs": (1, 1), "floor": (1, 1),
    "ceiling": (1, 1), "min": (1, None), "max": (1, None), "sum": (1, 1), "count": (1, 1),
    "count-non-empty": (1, 1),
    # repeats and lists of nodes
    "position": (0, 0), "indexed-repeat": (3, 7), "randomize": (1, 2),
    # dates and times
    "today": (0, 0), "now": (0, 0), "date": (1, 1), "date-time": (1, 1),
    "decimal-date-time": (1, 1), "decimal-time": (1, 1), "format-date": (2, 2),
    "format-date-time": (2, 2),
    # choices
    "selected": (2, 2), "selected-at": (2, 2), "count-selected": (1, 1), "jr:choice-name": (2, 2),
    # places
    "area": (1, 1), "distance": (1, 1), "geofence": (2, 2),
}

#: Functions whose first argument must be several values at once (XPath's node-set): a
#: question, the current question, an instance path or randomize() of one.
NODE_ARGUMENT = frozenset({"count", "count-non-empty", "sum", "randomize"})

#: Digest algorithms and encodings, as digest() spells them.
DIGESTS = ("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512")
ENCODINGS = ("hex", "base64")

#: Functions of the ODK specification that collect refuses, with the reason in both languages.
REFUSED: dict[str, tuple[str, str]] = {
    "jr:itext": ("translations come from the label::language columns, not from itext",
                 "ຄຳແປມາຈາກຖັນ label::ພາສາ, ບໍ່ແມ່ນຈາກ itext"),
    "current": ("write ${name} to refer to a question", "ກະລຸນາຂຽນ ${ຊື່} ເພື່ອອ້າງເຖິງຄຳຖາມ"),
}

#: Binary operators from the loosest to the tightest binding, as XPath 1.0 orders them.
LEVELS: list[tuple[str, ...]] = [
    ("or",), ("and",), ("=", "!="), ("<", "<=", ">", ">="), ("+", "-"), ("*", "div", "mod"),
]

#: Parse errors: code -> (English, Lao), filled in with the error's values.
MESSAGES: dict[str, tuple[str, str]] = {
    "not_text": ("an expression must be text", "ສູດຕ້ອງເປັນຂໍ້ຄວາມ"),
    "open_ref": ("'${{' without its closing '}}'", "'${{' ບໍ່ມີ '}}' ປິດ"),
    "open_text": ("text that is never closed with {quote}", "ຂໍ້ຄວາມບໍ່ໄດ້ປິດດ້ວຍ {quote}"),
    "character": ("unexpected character {found}", "ມີຕົວອັກສອນ {found} ທີ່ບໍ່ຄາດຄິດ"),
    "bad_ref": ("${{{name}}} is not a valid question name", "${{{name}}} ບໍ່ແມ່ນຊື່ຄຳຖາມທີ່ຖືກຕ້ອງ"),
    "expected": ("expected {wanted!r} but found {found}", "ຄາດວ່າຈະພົບ {wanted!r} ແຕ່ພົບ {found}"),
    "unexpected": ("unexpected {found}", "ພົບ {found} ທີ່ບໍ່ຄາດຄິດ"),
    "value": ("expected a value but found {found}", "ຄາດວ່າຈະພົບຄ່າ ແຕ່ພົບ {found}"),
    "bare_name": ("unexpected name {name!r}; write ${{{name}}} for a question",
                  "ພົບຊື່ {name!r} ທີ່ບໍ່ຄາດຄິດ; ກະລຸນາຂຽນ ${{{name}}} ສຳລັບຄຳຖາມ"),
    "path": ("paths such as /data/name, .. or | are not read here; write ${{name}} for a "
             "question, or instance('list')/root/item[...]/column",
             "ບໍ່ອ່ານເສັ້ນທາງເຊັ່ນ /data/name, .. ຫຼື | ຢູ່ບ່ອນນີ້; ກະລຸນາຂຽນ ${{ຊື່}} ສຳລັບຄຳຖາມ "
             "ຫຼື instance('ລາຍການ')/root/item[...]/ຖັນ"),
    "big_number": ("the number {found} is too large", "ຕົວເລກ {found} ໃຫຍ່ເກີນໄປ"),
    "nested": ("the expression is nested too deeply", "ສູດຊ້ອນກັນເລິກເກີນໄປ"),
    "too_long": ("the expression is too long to evaluate safely", "ສູດຍາວເກີນໄປທີ່ຈະຄິດໄລ່ຢ່າງປອດໄພ"),
    "unknown_function": ("unknown function {name}()", "ບໍ່ຮູ້ຈັກຟັງຊັນ {name}()"),
    "refused": ("{name}() is not supported by collect: {reason}", "collect ບໍ່ຮອງຮັບ {name}(): {reason}"),
    "arity": ("{name}() takes {wanted} arguments, not {count}",
              "{name}() ຮັບຄ່າ {wanted_lo}, ບໍ່ແມ່ນ {count} ຕົວ"),
    "position": ("position() is written position(..): the position of the enclosing repeat",
                 "position() ຕ້ອງຂຽນເປັນ position(..): ລຳດັບຂອງກຸ່ມຊ້ຳທີ່ຢູ່ອ້ອມຮອບ"),
    "nodes": ("{name}() needs a question (several answers, as in a repeat) or an "
              "instance('list')/root/item path, not a single value",
              "{name}() ຕ້ອງການຄຳຖາມ (ຫຼາຍຄຳຕອບ ເຊັ່ນໃນກຸ່ມຊ້ຳ) ຫຼື instance('ລາຍການ')/root/item, "
              "ບໍ່ແມ່ນຄ່າດຽວ"),
    "weights": ("weighted-checklist() takes a minimum, a maximum, then pairs of a value and its weight",
                "weighted-checklist() ຮັບຄ່າຕ່ຳສຸດ, ຄ່າສູງສຸດ, ແລ້ວຕາມດ້ວຍຄູ່ຂອງຄ່າ ແລະ ນ້ຳໜັກຂອງມັນ"),
    "repeat_pairs": ("indexed-repeat() takes a question, then repeat and position pairs",
                     "indexed-repeat() ຮັບຄຳຖາມ, ແລ້ວຕາມດ້ວຍຄູ່ຂອງກຸ່ມຊ້ຳ ແລະ ລຳດັບ"),
    "repeat_refs": ("indexed-repeat() needs ${{names}} for the question and its repeats",
                    "indexed-repeat() ຕ້ອງການ ${{ຊື່}} ສຳລັບຄຳຖາມ ແລະ ກຸ່ມຊ້ຳຂອງມັນ"),
    "regex": ("regex() pattern is not valid: {problem}", "ຮູບແບບຂອງ regex() ບໍ່ຖືກຕ້ອງ: {problem}"),
    "digest": ("digest() knows the algorithms MD5, SHA-1, SHA-256, SHA-384 and SHA-512, not {found}",
               "digest() ຮູ້ຈັກສະເພາະ MD5, SHA-1, SHA-256, SHA-384 ແລະ SHA-512, ບໍ່ແມ່ນ {found}"),
    "encoding": ("digest() writes its result as 'hex' or 'base64', not {found}",
                 "digest() ຂຽນຜົນເປັນ 'hex' ຫຼື 'base64' ເທົ່ານັ້ນ, ບໍ່ແມ່ນ {found}"),
    "instance": ("write instance('list')/root/item, then [conditions] and /column if needed",
                 "ກະລຸນາຂຽນ instance('ລາຍການ')/root/item, ແລ້ວ [ເງື່ອນໄຂ] ແລະ /ຖັນ ຖ້າຕ້ອງການ"),
}

_WORD = r"[A-Za-z_][A-Za-z0-9_]*(?:[.\-][A-Za-z_][A-Za-z0-9_]*)*"
_TOKEN = re.compile(
    rf"""(?P<space>[ \t\r\n]+)
       |(?P<ref>\$\{{(?P<refname>[^}}]*)\}})
       |(?P<number>(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)
       |(?P<string>'[^']*'|"[^"]*")
       |(?P<entity>&lt;=?|&gt;=?)
       |(?P<dots>\.\.)
       |(?P<dot>\.)
       |(?P<op>!=|<=|>=|//|[-+*=<>(),/\[\]|@])
       |(?P<name>{_WORD}(?::{_WORD})?)""",
    re.VERBOSE,
)
#: After a value these words are operators, even when a value follows at once (``1div1``);
#: anywhere else they are names, as XPath 1.0 reads them.
_OPERATOR_WORD = re.compile(r"(?:and|or|div|mod)(?![A-Za-z_])")
_ENTITIES = {"&lt;": "<", "&lt;=": "<=", "&gt;": ">", "&gt;=": ">="}
#: Tokens a value can end with: after one of them a word is an operator.
_VALUE_ENDS = frozenset({"number", "string", "ref", "dot", "dots", "name"})


class ExpressionError(Exception):
    """An expression that cannot be parsed or evaluated.

    ``position`` is the 0-based character offset of the problem in the expression text,
    or ``None`` when the problem showed up during evaluation. ``code`` names the problem;
    ``lao`` is the message in Lao (parse errors have one; evaluation errors are never shown
    to anyone and have none).
    """

    def __init__(self, message: str, position: int | None = None, *, code: str = "evaluation",
                 lao: str | None = None):
        self.message = message
        self.position = position
        self.code = code
        self.lao = lao
        super().__init__(message if position is None else f"{message} (at character {position})")


def _error(code: str, position: int, **values: Any) -> ExpressionError:
    english, lao = MESSAGES[code]
    return ExpressionError(english.format(**values), position, code=code, lao=lao.format(**values))


def _found(kind: str, value: str) -> str:
    return "the end of the expression" if kind == "end" else repr(value)


def _tokenize(text: str) -> list[tuple[str, str, int]]:
    tokens: list[tuple[str, str, int]] = []
    position = 0
    while position < len(text):
        last = tokens[-1] if tokens else None
        after_value = last is not None and (last[0] in _VALUE_ENDS or last[1] in (")", "]"))
        operator = _OPERATOR_WORD.match(text, position) if after_value else None
        if operator is not None:
            tokens.append(("op", operator.group(), position))
            position = operator.end()
            continue
        match = _TOKEN.match(text, position)
        if match is None:
            char = text[position]
            if text.startswith("${", position):
                raise _error("open_ref", position)
            if char in "'\"":
                raise _error("open_text", position, quote=char)
            raise _error("character", position, found=repr(char))
        kind = match.lastgroup
        if kind == "ref":
            name = match.group("refname")
            if not NAME_PATTERN.match(name):
                raise _error("bad_ref", position, name=name)
            tokens.append(("ref", name, position))
        elif kind == "entity":
            tokens.append(("op", _ENTITIES[match.group()], position))
        elif kind != "space":
            tokens.append((kind, match.group(), position))
        position = match.end()
    tokens.append(("end", "", len(text)))
    return tokens


def _wanted(least: int, most: int | None) -> tuple[str, str]:
    if least == most:
        return str(least), f"{least} ຕົວ"
    if most is None:
        return f"{least} or more", f"{least} ຕົວຂຶ້ນໄປ"
    return f"{least} to {most}", f"{least} ຫາ {most} ຕົວ"


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

    def at(self, text: str) -> bool:
        return self.token[1] == text and self.token[0] in ("op", "dots")

    def expect(self, text: str) -> None:
        kind, value, position = self.advance()
        if value != text or kind not in ("op", "dots"):
            raise _error("expected", position, wanted=text, found=_found(kind, value))

    def whole(self) -> dict:
        tree = self.binary(0)
        kind, value, position = self.token
        if kind != "end":
            if value in ("/", "//", "[", "]", "|", "@"):
                raise _error("path", position)
            raise _error("unexpected", position, found=repr(value))
        return tree

    def binary(self, level: int) -> dict:
        if level == len(LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while self.token[1] in LEVELS[level] and self.token[0] == "op":
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
            raise _error("nested", self.token[2])
        try:
            return parse()
        finally:
            self.nesting -= 1

    def primary(self) -> dict:
        kind, value, position = self.advance()
        if kind == "number":
            number = float(value)
            if number == float("inf"):
                raise _error("big_number", position, found=value)
            return {"type": "number", "value": int(number) if number.is_integer() and abs(number) < 2 ** 53 else number}
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
        if kind == "name" and self.at("("):
            if value == "instance":
                return self.instance(position)
            return self.call(value, position)
        if kind == "name" and self.choice_filter:
            return {"type": "field", "name": value}
        if kind == "name":
            raise _error("bare_name", position, name=value)
        if kind == "dots" or value in ("/", "//", "[", "]", "|", "@"):
            raise _error("path", position)
        raise _error("value", position, found=_found(kind, value))

    def call(self, name: str, position: int) -> dict:
        if name in REFUSED:
            english, lao = REFUSED[name]
            raise ExpressionError(MESSAGES["refused"][0].format(name=name, reason=english), position,
                                  code="refused", lao=MESSAGES["refused"][1].format(name=name, reason=lao))
        if name not in FUNCTIONS:
            raise _error("unknown_function", position, name=name)
        self.advance()  # the "("
        args: list[dict] = []
        if name == "position":
            # XLSForm writes position(..): the position of the enclosing repeat instance.
            if not self.at(".."):
                raise _error("position", position)
            self.advance()
        elif not self.at(")"):
            args.append(self.nested(lambda: self.binary(0)))
            while self.at(","):
                self.advance()
                args.append(self.nested(lambda: self.binary(0)))
        self.expect(")")
        least, most = FUNCTIONS[name]
        if len(args) < least or (most is not None and len(args) > most):
            wanted, wanted_lo = _wanted(least, most)
            raise _error("arity", position, name=name, wanted=wanted, wanted_lo=wanted_lo, count=len(args))
        _check_arguments(name, args, position)
        return {"type": "call", "name": name, "args": args}

    def instance(self, position: int) -> dict:
        """instance('id')/root/item, then [filter]s and an optional /column."""
        self.advance()  # the "("
        kind, source, _ = self.advance()
        self.expect(")")
        for step in ("/", "root", "/", "item"):
            if self.token[1] != step or kind != "string":
                raise _error("instance", position)
            self.advance()
        filters = []
        outer, self.choice_filter = self.choice_filter, True  # bare names: the item's columns
        try:
            while self.at("["):
                self.advance()
                filters.append(self.nested(lambda: self.binary(0)))
                self.expect("]")
        finally:
            self.choice_filter = outer
        column = None
        if self.at("/"):
            self.advance()
            kind, column, _ = self.advance()
            if kind != "name":
                raise _error("instance", position)
        return {"type": "instance", "id": source[1:-1], "args": filters, "column": column}


def _gives_nodes(tree: dict) -> bool:
    return tree["type"] in ("ref", "current", "instance") or (
        tree["type"] == "call" and tree["name"] == "randomize")


def _check_arguments(name: str, args: list[dict], position: int) -> None:
    """What a function's arguments must be beyond their number, where the text shows it."""
    if name in NODE_ARGUMENT and not _gives_nodes(args[0]):
        raise _error("nodes", position, name=name)
    if name == "weighted-checklist" and len(args) % 2:
        raise _error("weights", position)
    if name == "indexed-repeat":
        if len(args) % 2 == 0:
            raise _error("repeat_pairs", position)
        if any(arg["type"] != "ref" for arg in args[0:1] + args[1::2]):
            raise _error("repeat_refs", position)
    literal = [arg["value"] if arg["type"] == "string" else None for arg in args]
    if name == "regex" and literal[1] is not None:
        try:
            regex.compile(literal[1], flags=regex.ASCII)
        except (regex.error, RecursionError, OverflowError) as problem:
            raise _error("regex", position, problem=problem) from None
    if name == "digest":
        if literal[1] is not None and literal[1] not in DIGESTS:
            raise _error("digest", position, found=repr(literal[1]))
        if len(args) == 3 and literal[2] is not None and literal[2] not in ENCODINGS:
            raise _error("encoding", position, found=repr(literal[2]))


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
        raise _error("not_text", 0)
    tree = _Parser(text, choice_filter).whole()
    if _depth(tree) > MAX_TREE_DEPTH:
        raise _error("too_long", 0)
    return tree


def walk(tree: dict):
    """Every node of ``tree``, the tree itself first."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.get("args", ()))


def references(tree: dict) -> set[str]:
    """The question names that ``tree`` refers to with ``${name}``."""
    return {node["name"] for node in walk(tree) if node["type"] == "ref"}


def calls(tree: dict) -> set[str]:
    """The names of the functions ``tree`` calls."""
    return {node["name"] for node in walk(tree) if node["type"] == "call"}
