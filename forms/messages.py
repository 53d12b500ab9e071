"""Validation messages in Lao and English.

``forms/`` runs without Flask, so it cannot use Flask-Babel; its few messages live here,
each in every language the project speaks. ``message(code, language, **values)`` picks
the text, falling back to English for a language the catalogue does not have.
"""
from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "required": {
        "lo": "ກະລຸນາຕອບຄຳຖາມນີ້",
        "en": "This question requires an answer.",
    },
    "not_integer": {
        "lo": "ກະລຸນາໃສ່ຕົວເລກຖ້ວນ (ບໍ່ມີຈຸດ)",
        "en": "Please enter a whole number.",
    },
    "not_decimal": {
        "lo": "ກະລຸນາໃສ່ຕົວເລກ",
        "en": "Please enter a number.",
    },
    "not_date": {
        "lo": "ກະລຸນາໃສ່ວັນທີ ໃນຮູບແບບ ປປປປ-ດດ-ວວ",
        "en": "Please enter a date as YYYY-MM-DD.",
    },
    "not_time": {
        "lo": "ກະລຸນາໃສ່ເວລາ ໃນຮູບແບບ ຊຊ:ນນ",
        "en": "Please enter a time as HH:MM.",
    },
    "not_datetime": {
        "lo": "ກະລຸນາໃສ່ວັນທີ ແລະ ເວລາ",
        "en": "Please enter a date and time.",
    },
    "not_text": {
        "lo": "ຄຳຕອບນີ້ຕ້ອງເປັນຂໍ້ຄວາມ",
        "en": "This answer must be text.",
    },
    "text_too_long": {
        "lo": "ຂໍ້ຄວາມຍາວເກີນໄປ (ສູງສຸດ {limit} ຕົວອັກສອນ)",
        "en": "The text is too long (at most {limit} characters).",
    },
    "unknown_choice": {
        "lo": "ຕົວເລືອກ «{value}» ບໍ່ມີໃນລາຍການ",
        "en": "«{value}» is not one of the choices.",
    },
    "duplicate_choice": {
        "lo": "ເລືອກ «{value}» ຊ້ຳກັນ",
        "en": "«{value}» is chosen more than once.",
    },
    "rank_incomplete": {
        "lo": "ກະລຸນາຈັດລຳດັບທຸກຕົວເລືອກ",
        "en": "Please rank every choice.",
    },
    "out_of_range": {
        "lo": "ກະລຸນາເລືອກຄ່າລະຫວ່າງ {start} ຫາ {end}",
        "en": "Please choose a value from {start} to {end}.",
    },
    "not_geopoint": {
        "lo": "ກະລຸນາໃສ່ທີ່ຕັ້ງເປັນ ເສັ້ນຂະໜານ ເສັ້ນແວງ",
        "en": "Please enter a location as latitude longitude.",
    },
    "not_geotrace": {
        "lo": "ກະລຸນາໃສ່ຢ່າງໜ້ອຍ 2 ຈຸດ, ແຕ່ລະຈຸດເປັນ ເສັ້ນຂະໜານ ເສັ້ນແວງ, ແຍກກັນດ້ວຍ ;",
        "en": "Please enter at least 2 points, each as latitude longitude, separated by ;.",
    },
    "not_geoshape": {
        "lo": "ກະລຸນາໃສ່ຢ່າງໜ້ອຍ 3 ຈຸດ, ແຕ່ລະຈຸດເປັນ ເສັ້ນຂະໜານ ເສັ້ນແວງ, ແຍກກັນດ້ວຍ ;",
        "en": "Please enter at least 3 points, each as latitude longitude, separated by ;.",
    },
    "not_acknowledged": {
        "lo": "ກະລຸນາຢືນຢັນ",
        "en": "Please acknowledge.",
    },
    "not_a_list": {
        "lo": "ຄຳຕອບຂອງຄຳຖາມຊ້ຳຕ້ອງເປັນລາຍການ",
        "en": "The answers to a repeated group must be a list.",
    },
    "unknown_question": {
        "lo": "ບໍ່ມີຄຳຖາມນີ້ໃນແບບຟອມ",
        "en": "This form has no such question.",
    },
    "constraint": {
        "lo": "ຄຳຕອບນີ້ບໍ່ຖືກຕ້ອງ",
        "en": "This answer is not valid.",
    },
}

#: Fallback order when a form's text is missing in the requested language.
FALLBACK = ["en", "lo"]


def message(code: str, language: str, **values) -> str:
    """The message ``code`` in ``language`` (English when that language is missing)."""
    texts = MESSAGES[code]
    template = texts.get(language) or texts["en"]
    return template.format(**values)
