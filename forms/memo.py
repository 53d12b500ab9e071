"""What depends on a form definition alone, worked out once per definition object.

A FormDefinition is a mutable dataclass, so it cannot key an ``lru_cache``; collect never
changes one once it is in use (each immutable form version is parsed once and cached), so
``per_form`` keeps a function's result for as long as the definition object lives.
"""
from __future__ import annotations

import functools
import weakref
from typing import Callable, TypeVar

T = TypeVar("T")


def per_form(function: Callable[[object], T]) -> Callable[[object], T]:
    #: id(form) -> (weak reference to the form, the result); an entry goes with its form.
    results: dict[int, tuple[weakref.ref, T]] = {}

    @functools.wraps(function)
    def cached(form) -> T:
        key = id(form)
        entry = results.get(key)
        if entry is not None and entry[0]() is form:
            return entry[1]

        def forget(reference: weakref.ref) -> None:
            if results.get(key, (None,))[0] is reference:
                del results[key]

        value = function(form)
        results[key] = (weakref.ref(form, forget), value)
        return value

    return cached
