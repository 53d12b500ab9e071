"""The form as the browser needs it: compact, with every expression already parsed.

The participant page embeds this next to the HTML it renders, so that ``form.js`` can
switch languages without a round trip and evaluate relevance, constraints, calculations,
choice filters and repeat counts with ``expr.js`` — on the very syntax trees the server's
evaluator reads, never on text the browser would have to parse its own way.

Keys are short because the structure travels with every page on slow networks; empty
values are left out. One question is ``{"n": name, "t": type, ...}`` with ``k`` its key
where that is not its name (``group/name``, see ``forms.definition``), ``l`` label,
``h`` hint, ``gh`` guidance hint, ``req`` required (true, or an expression), ``rm`` required message, ``rel`` relevant, ``con``
constraint, ``cm`` constraint message, ``calc`` calculation, ``cf`` choice filter,
``rc`` repeat count, ``dd`` dynamic default, ``tr`` the question whose change recomputes
the calculation (trigger), ``list`` choice list, ``ap`` appearance, ``p`` parameters and
``ch`` children. Choices are ``{"n", "l", "x": extra columns}``; form.js gives the choice
lists to expressions as secondary instances (``instance('list')/root/item...``), in the
page's language, and so does ``instances`` (name -> items) for a form's attached files
(csv-external, xml-external).

``expr.js`` holds the functions every form may call; the rarer ones (transcendental
arithmetic, digests, areas and distances) are in ``expr-more.js``, which the page includes
only when :func:`needs_more_functions` says the form calls one.
"""
from __future__ import annotations

from typing import Any

from .definition import Choice, FormDefinition, Question
from .expressions import ExpressionError, calls, parse
from .memo import per_form
from .messages import MESSAGES

#: Validation messages the browser shows itself, in every language of the project.
BROWSER_MESSAGES = ("required", "constraint", "not_integer", "not_decimal", "out_of_range",
                    "not_geopoint", "not_geotrace", "not_geoshape", "rank_incomplete")


#: The functions expr-more.js adds to expr.js.
MORE_FUNCTIONS = frozenset({
    "pow", "exp", "exp10", "log", "log10", "sin", "cos", "tan", "asin", "acos", "atan", "atan2",
    "digest", "area", "distance", "geofence",
})
#: The expression columns of a question, and whether each is a choice filter.
_EXPRESSIONS = (("relevant", False), ("constraint", False), ("calculation", False),
                ("required", False), ("repeat_count", False), ("choice_filter", True))


@per_form
def needs_more_functions(form: FormDefinition) -> bool:
    """Whether an expression of ``form`` calls a function of expr-more.js."""
    for question, _ in form.walk():
        for column, choice_filter in _EXPRESSIONS:
            text = getattr(question, column)
            tree = _tree(text, choice_filter=choice_filter) if isinstance(text, str) else None
            if tree is not None and calls(tree) & MORE_FUNCTIONS:
                return True
    return False


def _tree(text: str | None, *, choice_filter: bool = False) -> dict | None:
    """The parsed expression, or None when there is none or it cannot be parsed.

    An expression the parser refuses is dropped rather than breaking the page: the
    server, which evaluates the same trees, ignores it the same way.
    """
    if not text:
        return None
    try:
        return parse(text, choice_filter=choice_filter)
    except ExpressionError:
        return None


def _question(question: Question) -> dict[str, Any]:
    node = {
        "n": question.name, "k": question.key if question.key != question.name else None,
        "t": question.type, "l": question.label, "h": question.hint, "gh": question.guidance_hint,
        "req": _tree(question.required) if isinstance(question.required, str) else question.required,
        "rm": question.required_message,
        "rel": _tree(question.relevant), "con": _tree(question.constraint),
        "cm": question.constraint_message, "calc": _tree(question.calculation),
        "cf": _tree(question.choice_filter, choice_filter=True),
        "rc": _tree(question.repeat_count), "dd": _tree(question.dynamic_default),
        "tr": question.trigger, "list": question.choice_list,
        "ap": question.appearance, "p": question.parameters,
        "ch": [_question(child) for child in question.children],
    }
    return {key: value for key, value in node.items() if value}


def _choice(choice: Choice) -> dict[str, Any]:
    node = {"n": choice.name, "l": choice.label, "x": choice.extra}
    return {key: value for key, value in node.items() if value}


def browser_definition(form: FormDefinition) -> dict[str, Any]:
    """The compact, JSON-ready form that ``collect/web/static/js/form.js`` reads."""
    return {
        "id": form.form_id,
        "version": form.version,
        "title": form.title,
        "languages": form.languages,
        "default": form.default_language,
        "style": form.style,
        "questions": [_question(question) for question in form.questions],
        "choices": {name: [_choice(choice) for choice in choices]
                    for name, choices in form.choices.items()},
        "messages": {code: MESSAGES[code] for code in BROWSER_MESSAGES},
        **({"instances": form.instances} if form.instances else {}),
    }
