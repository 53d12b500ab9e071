"""A small bilingual form with every question type, a field-list page and a repeat."""
from __future__ import annotations

SLUG = "every-type"

DEFINITION = {
    "form_id": "every_type", "version": "1", "languages": ["lo", "en"], "default_language": "lo",
    "title": {"lo": "ທຸກປະເພດຄຳຖາມ", "en": "Every question type"},
    "questions": [
        {"name": "where", "type": "group", "appearance": "field-list",
         "label": {"lo": "ສະຖານທີ່", "en": "Place"}, "children": [
             {"name": "province", "type": "select_one", "choice_list": "province", "required": True,
              "label": {"lo": "ແຂວງ", "en": "Province"}},
             {"name": "district", "type": "select_one", "choice_list": "district", "appearance": "minimal",
              "choice_filter": "province = ${province}", "label": {"lo": "ເມືອງ", "en": "District"}},
             {"name": "location", "type": "geopoint", "label": {"lo": "ທີ່ຕັ້ງ", "en": "Location"}},
         ]},
        {"name": "visit_date", "type": "date", "label": {"lo": "ວັນທີ", "en": "Date"}},
        {"name": "visit_time", "type": "time", "label": {"lo": "ເວລາ", "en": "Time"}},
        {"name": "budget", "type": "decimal", "label": {"lo": "ງົບປະມານ", "en": "Budget"}},
        {"name": "score", "type": "range", "parameters": {"start": "0", "end": "10", "step": "1"},
         "label": {"lo": "ຄະແນນ", "en": "Score"}},
        {"name": "priorities", "type": "rank", "choice_list": "priority",
         "label": {"lo": "ບູລິມະສິດ", "en": "Priorities"}},
        {"name": "photo", "type": "image", "label": {"lo": "ຮູບ", "en": "Photo"}},
        {"name": "agree", "type": "acknowledge", "label": {"lo": "ຂ້ອຍຍອມຮັບ", "en": "I agree"}},
        {"name": "people", "type": "repeat", "label": {"lo": "ຜູ້ເຂົ້າຮ່ວມ", "en": "Participants"}, "children": [
            {"name": "person", "type": "text", "required": True, "label": {"lo": "ຊື່", "en": "Name"}},
            {"name": "age", "type": "integer", "label": {"lo": "ອາຍຸ", "en": "Age"}},
        ]},
        {"name": "headcount", "type": "calculate", "calculation": "count(${person})"},
        {"name": "note_end", "type": "note", "label": {"lo": "ຈົບແລ້ວ", "en": "The end"}},
    ],
    "choices": {
        "province": [{"name": "LA-VT", "label": {"lo": "ນະຄອນຫຼວງວຽງຈັນ", "en": "Vientiane Capital"}},
                     {"name": "LA-LP", "label": {"lo": "ຫຼວງພະບາງ", "en": "Luang Prabang"}}],
        "district": [{"name": "chanthabuly", "label": {"lo": "ຈັນທະບູລີ", "en": "Chanthabuly"},
                      "extra": {"province": "LA-VT"}},
                     {"name": "luangprabang", "label": {"lo": "ຫຼວງພະບາງ", "en": "Luang Prabang"},
                      "extra": {"province": "LA-LP"}}],
        "priority": [{"name": "health", "label": {"lo": "ສາທາລະນະສຸກ", "en": "Health"}},
                     {"name": "education", "label": {"lo": "ສຶກສາ", "en": "Education"}},
                     {"name": "roads", "label": {"lo": "ເສັ້ນທາງ", "en": "Roads"}}],
    },
}


def publish_every_type() -> None:
    """Publish the form and open a link to it (inside an app context; does not commit)."""
    from collect.services.publishing import publish
    from collect.services.links import create_link
    from forms.schema import load_definition

    version, _ = publish(load_definition(DEFINITION))
    create_link(version.form, None, slug=SLUG)
