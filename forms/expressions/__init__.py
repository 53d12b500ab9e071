"""The one expression language of forms: XLSForm's XPath subset for relevance,
constraints, calculations, choice filters and repeat counts.

``parse`` turns text into a JSON-ready tree once; ``evaluate`` computes it here on the
server (``compile_expression`` makes it a function to apply many times), and
``collect/web/static/js/expr.js`` computes the very same tree in the browser.
"""
from .evaluator import Context, compile_expression, evaluate
from .parser import FUNCTIONS, ExpressionError, parse, references
from .values import Nodes, to_boolean, to_number, to_string

__all__ = [
    "Context", "ExpressionError", "FUNCTIONS", "Nodes", "compile_expression", "evaluate", "parse",
    "references", "to_boolean", "to_number", "to_string",
]
