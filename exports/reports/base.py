"""What every SWG report shares: its interface text, the base class, small cell helpers."""
from __future__ import annotations

from forms.definition import FormDefinition, text_in

from ..columns import Field, Table
from ..records import ResponseRecord

CELL_LIMIT = 32000

LABELS = {
    "meeting": {"lo": "ກອງປະຊຸມຂອງໜ່ວຍງານຍ່ອຍ", "en": "Sub-sector meeting"},
    "theme": {"lo": "ຫົວຂໍ້", "en": "Theme"},
    "overall": {"lo": "ລະດັບຄວາມເພິ່ງພໍໃຈ", "en": "Overall satisfaction"},
    "satisfaction_title": {"lo": "ການປະເມີນຄວາມເພິ່ງພໍໃຈ", "en": "Satisfaction survey results"},
    "category": {"lo": "ປະເພດ", "en": "Category"},
    "mean_score": {"lo": "ຄະແນນສະເລ່ຍ", "en": "Mean score"},
    "findings": {"lo": "ສິ່ງທີ່ຄົ້ນພົບ", "en": "Findings"},
    "recommendations": {"lo": "ຂໍ້ແນະນຳ", "en": "Recommendations"},
    "actions": {"lo": "ສະເໜີແຜນຕໍ່ໜ້າ", "en": "Proposed actions"},
    "urgency": {"lo": "ຄວາມເລັ່ງດ່ວນ", "en": "Urgency"},
    "capacity_title": {"lo": "ການປະເມີນຄວາມຕ້ອງການດ້ານຄວາມສາມາດ", "en": "Capacity needs assessment"},
    "province": {"lo": "ແຂວງ", "en": "Province"},
    "district": {"lo": "ເມືອງ", "en": "District"},
    "level": {"lo": "ຂັ້ນ", "en": "Level"},
    "sector": {"lo": "ຂະແໜງການ", "en": "Sector"},
    "n_pre": {"lo": "n ກ່ອນ", "en": "n pre"},
    "pre": {"lo": "ຄະແນນກ່ອນ", "en": "Pre score"},
    "n_post": {"lo": "n ຫຼັງ", "en": "n post"},
    "post": {"lo": "ຄະແນນຫຼັງ", "en": "Post score"},
    "n_paired": {"lo": "n ຄູ່", "en": "n paired"},
    "gain": {"lo": "ຄວາມຮູ້ເພີ່ມຂຶ້ນ", "en": "Learning gain"},
    "gain_pct": {"lo": "% ເພີ່ມຂຶ້ນ", "en": "Gain %"},
    "sdg_title": {"lo": "ຜົນການທົດສອບກ່ອນ ແລະ ຫຼັງສຳມະນາ", "en": "Pre- and post-seminar scores"},
    "by_province": {"lo": "ແຍກຕາມແຂວງ", "en": "By province"},
    "by_level": {"lo": "ແຍກຕາມຂັ້ນ", "en": "By level"},
    "by_sector": {"lo": "ແຍກຕາມຂະແໜງການ", "en": "By sector"},
    "rank": {"lo": "ອັນດັບ", "en": "Rank"},
    "priority": {"lo": "ບຸລິມະສິດ", "en": "Priority"},
    "points": {"lo": "ຄະແນນ", "en": "Points"},
    "mentions": {"lo": "ຈຳນວນເທື່ອ", "en": "Mentions"},
    "priorities_title": {"lo": "ບຸລິມະສິດ", "en": "Priorities"},
    "challenges": {"lo": "ສິ່ງທ້າທາຍ", "en": "Challenges"},
    "proposal": {"lo": "ຂໍ້ສະເໜີ", "en": "Proposal"},
    "total": {"lo": "ລວມ", "en": "Total"},
    "none": {"lo": "(ບໍ່ມີ)", "en": "(none)"},
}


def term(key: str, language: str) -> str:
    return text_in(LABELS[key], language, ["en"])


def choice_labels(field: Field | None, language: str) -> dict:
    return {c.name: field.choice_label(c, language) for c in field.choices} if field else {}


def place(record: ResponseRecord, name: str):
    return record.answers.get(name) or getattr(record.event, name) or None


class Report:
    """Accumulates what one report table needs, then writes it on its own sheet."""

    def __init__(self, form: FormDefinition, tables: list[Table], language: str):
        self.form = form
        self.language = language
        self.fields = {f.name: f for t in tables for f in t.fields}
        self.tables = tables

    def add(self, record: ResponseRecord) -> None:
        raise NotImplementedError

    def write(self, ws, formats) -> None:
        """Fill the worksheet ``ws`` (added before the data sheets, so it comes first)."""
        raise NotImplementedError

    def close(self) -> None:
        """Release temporary files."""


def bullets(texts: dict, formats):
    if not texts:
        return None
    return ("\n".join(f"• {t}" for t in texts), formats.wrap)


def mean_cell(total, n, formats):
    return (total / n, formats.decimal) if n else None
