"""The languages of an imported form: pyxform's language names made language codes.

pyxform names a language as the author wrote it in a header: ``label::Lao (lo)``,
``label::English``, ``label:english`` or ``label::Kiswahili``. collect keys every text by
a BCP 47 code (``lo``, ``en``) so that pages, exports and the browser agree, so a name
becomes a code: the code in brackets when there is one, the name itself when it is a
code, else the language whose name it is in English or in itself, as the Unicode CLDR
data that Babel ships names them. A name CLDR does not know still makes a language, with
a private-use code (``und-x-klingon``), and the name as written is kept for people to
read; every other language's name comes from CLDR where it is shown.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from .definition import Text

_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_CODE_IN_BRACKETS = re.compile(r"\(\s*([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\s*\)\s*$")
_LAO_LETTERS = re.compile("[\u0e80-\u0eff]")


@lru_cache(maxsize=1)
def _english_names() -> dict[str, str]:
    from babel import Locale

    return {name.lower(): code for code, name in Locale("en").languages.items() if _CODE.match(code)}


@lru_cache(maxsize=1)
def _own_names() -> dict[str, str]:
    """Each language's name in itself (ລາວ, français, Kiswahili …); read only when a
    name is not an English one, since it opens every locale's data."""
    from babel import Locale
    from babel.localedata import locale_identifiers

    names = {}
    for code in locale_identifiers():
        if _CODE.match(code):
            own = Locale.parse(code).languages.get(code)
            if own:
                names.setdefault(own.lower(), code)
    return names


def code_for(name: str) -> str | None:
    """The language code ``name`` stands for, or None when CLDR knows no such language."""
    bracketed = _CODE_IN_BRACKETS.search(name)
    if bracketed:
        return bracketed.group(1).lower()
    plain = name.strip()
    if plain in _english_names().values():
        return plain
    for key in (plain.lower(), _without_language_word(plain.lower())):
        found = _english_names().get(key) or _own_names().get(key)
        if found:
            return found
    return plain if _CODE.match(plain) else None


def _without_language_word(name: str) -> str:
    """"ພາສາລາວ" is "Lao language" as Lao speakers write it; CLDR says "ລາວ"."""
    return name.removeprefix("ພາສາ").removesuffix(" language").strip()


class Languages:
    """The languages met while reading one form, in the order they were met."""

    def __init__(self, add: Callable[..., None]):
        self.add = add
        self._codes: dict[str, str] = {}
        self._names: dict[str, str] = {}
        self._order: dict[str, None] = {}
        #: Text written without a language, given one once the default is known.
        self._unnamed: list[Text] = []

    def code(self, key: str) -> str:
        """The code for pyxform's language ``key``; "" for text without a language."""
        if key == "default":
            return ""
        if key not in self._codes:
            code = code_for(key)
            if code is None:
                slug = re.sub(r"[^a-z0-9]", "", key.lower())[:8] or f"l{len(self._codes) + 1}"
                code = f"und-x-{slug}"
            if code.startswith("und-x-"):
                self._names.setdefault(code, key.strip())
            self._codes[key] = code
        return self._codes[key]

    def note(self, code: str) -> None:
        self._order.setdefault(code, None)

    def text(self, value) -> Text:
        """XLSForm text (a string, or language -> string) as canonical Text."""
        if not value:
            return {}
        if isinstance(value, str):
            value = {"default": value}
        text = {self.code(key): str(item) for key, item in value.items() if item}
        for code in text:
            self.note(code)
        if "" in text:
            self._unnamed.append(text)
        return text

    def finish(self, setting: str | None) -> str:
        """Give text written without a language its language; return the default language.

        Text without a language is in default_language when the settings name one (as in
        pyxform); otherwise it is taken as Lao when it is written in Lao script, else English.
        """
        chosen = self.code(setting) if setting else None
        self._order.pop("", None)
        if self._unnamed:
            lao = any(_LAO_LETTERS.search(text[""]) for text in self._unnamed)
            unnamed = chosen or ("lo" if lao else "en")
            for text in self._unnamed:
                items = list(text.items())
                text.clear()
                text.update((key or unnamed, value) for key, value in items)
            self._order = {unnamed: None, **self._order}
        default = chosen or next(iter(self._order), "en")
        if default not in self._order and self._order:
            self.add("default_language_missing", "settings", 2, "default_language",
                     value=setting, detail=", ".join(self._order))
        self._order = {default: None, **self._order}
        return default

    def codes(self) -> list[str]:
        return list(self._order)

    def names(self) -> dict[str, str]:
        """The name an author gave each language CLDR does not know (a private-use code)."""
        return {code: name for code, name in self._names.items() if code in self._order}
