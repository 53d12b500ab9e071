"""The one expression language of forms: XLSForm's XPath subset for relevance,
constraints, calculations, choice filters and repeat counts.

``parse`` turns text into a JSON-ready tree once; ``evaluate`` computes it here on the
server (``compile_expression`` makes it a function to apply many times), and
``collect/web/static/js/expr.js`` computes the very same tree in the browser. ``parser.py``
reads the text, ``evaluator.py`` holds the context (answers, secondary instances, clock,
chance) and the functions that need it, ``functions.py`` the rest of the function library,
``values.py`` XPath's conversions and ``numeric.py`` the arithmetic both sides share.
"""
from .evaluator import Context, compile_expression, evaluate, nondeterminism
from .parser import FUNCTIONS, ExpressionError, calls, parse, references
from .values import Nodes, to_boolean, to_number, to_string

__all__ = [
    "Context", "ExpressionError", "FUNCTIONS", "Nodes", "calls", "compile_expression", "evaluate",
    "nondeterminism", "parse", "references", "to_boolean", "to_number", "to_string",
]
