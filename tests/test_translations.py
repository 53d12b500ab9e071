"""Every string the pages show exists in Lao: the catalogue holds a translation of each
message the web layer's code and templates ask for."""
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

WEB = Path(__file__).resolve().parents[1] / "collect" / "web"
CATALOGUE = WEB / "translations" / "lo" / "LC_MESSAGES" / "messages.po"
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2")]


def test_every_message_has_a_lao_translation():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="lo")
    asked = {message for _, _, message, _, _ in extract_from_dir(str(WEB), METHODS)}
    untranslated = []
    for message in asked:
        key = message if isinstance(message, str) else message[0]
        found = catalogue.get(key)
        strings = found.string if found else None
        if not strings or (isinstance(strings, tuple) and not all(strings)):
            untranslated.append(key)
    assert sorted(untranslated) == []
