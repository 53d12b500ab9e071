"""``capacity``: seed 004's two tables, the main findings and the action plan.

*Findings* (Category | Explanation | Recommendations, then the mean score and its n): the
distinct texts the assessors wrote per category. *Action plan* (Category | Proposed
actions | Activities | Urgency level): one row per activity, under its proposed action,
each with its own urgency (the level given most often for that activity; a tie goes to
the more urgent, i.e. earlier, choice — lists run Immediate, Short-term, Medium-term).
"""
from __future__ import annotations

from forms.definition import text_in

from ..aggregate import instances
from ..sheet import in_language
from ..values import number_or_none
from .base import CELL_LIMIT, Report, ReportPage, choice_labels, mean_cell

METHOD = {
    "lo": ("ຄຳອະທິບາຍ ແລະ ຂໍ້ແນະນຳ: ຂໍ້ຄວາມທີ່ແຕກຕ່າງກັນ ທີ່ຜູ້ປະເມີນຂຽນໄວ້ ຕໍ່ແຕ່ລະປະເພດ. "
           "ຄະແນນສະເລ່ຍ: ຄ່າສະເລ່ຍຂອງຄະແນນ 1 (ອ່ອນຫຼາຍ) ຫາ 5 (ເຂັ້ມແຂງ); n: ຈຳນວນຜູ້ປະເມີນທີ່ໃຫ້ຄະແນນ. "
           "ແຜນການເຄື່ອນໄຫວ: ໜຶ່ງແຖວຕໍ່ໜຶ່ງກິດຈະກຳ; ຄວາມເລັ່ງດ່ວນແມ່ນລະດັບທີ່ຖືກເລືອກຫຼາຍທີ່ສຸດ "
           "(ຖ້າເທົ່າກັນ ເອົາລະດັບທີ່ເລັ່ງດ່ວນກວ່າ)."),
    "en": ("Explanation and recommendations: the distinct texts the assessors wrote for each category. "
           "Mean score: the mean of the scores from 1 (very weak) to 5 (strong); n: the assessors who "
           "scored the category. Action plan: one row per activity; its urgency is the level given most "
           "often (a tie goes to the more urgent level)."),
}


class CapacityReport(Report):
    sheets = ("report", "action_plan")
    FINDINGS = ("finding", "recommendation")

    def __init__(self, form, tables, language, scope=None):
        super().__init__(form, tables, language, scope)
        #: category key -> {"label", "n", "sum", "finding" / "recommendation" -> {text: None},
        #: "actions" -> {action text -> {activity text -> {urgency -> count}}}}
        self.categories: dict = {}
        self.urgency_order: dict = {}
        self.urgency_labels: dict = {}
        self.flat = []
        group_labels = {q.name: q.label for q, _ in form.walk() if q.is_container}
        for name, f in self.fields.items():
            if name.endswith("_score") and f.kind in ("select_one", "number") and f.question.type != "calculate":
                cat = name[: -len("_score")]
                self.flat.append(cat)
                self._category(cat, in_language(group_labels.get(cat), language) or f.label(language))
        self.repeats = [t for t in tables[1:] if any(f.name == "category" for f in t.fields)]
        for table in self.repeats:
            category = next(f for f in table.fields if f.name == "category")
            for choice, label in choice_labels(category, language).items():
                self._category(choice, label)
        for name, f in self.fields.items():
            if name == "urgency" or name.endswith("_urgency"):
                self.urgency_order.update({c.name: i for i, c in enumerate(f.choices)})
                self.urgency_labels.update(choice_labels(f, language))

    def _category(self, key, label):
        return self.categories.setdefault(key, {"label": label, "n": 0, "sum": 0.0, "actions": {},
                                                **{kind: {} for kind in self.FINDINGS}})

    def _feed(self, cat, answers, prefix):
        entry = self._category(cat, cat)
        score = answers.get(f"{prefix}score")
        score = number_or_none(score) if score is not None else None
        if score is not None:
            entry["n"] += 1
            entry["sum"] += score
        for kind in self.FINDINGS:
            text = answers.get(f"{prefix}{kind}")
            if text:
                _keep(entry[kind], str(text))
        action, activity = answers.get(f"{prefix}action"), answers.get(f"{prefix}activity")
        urgency = answers.get(f"{prefix}urgency")
        if action or activity or urgency is not None:
            activities = entry["actions"].setdefault(str(action or ""), {})
            counts = activities.setdefault(str(activity or ""), {})
            if urgency is not None:
                counts[urgency] = counts.get(urgency, 0) + 1

    def add(self, record):
        answers = record.answers
        for cat in self.flat:
            self._feed(cat, answers, f"{cat}_")
        for table in self.repeats:
            for item in instances(answers, table.path):
                cat = item.get("category")
                if cat is not None:
                    self._feed(str(cat), item, "")

    def _urgency(self, counts: dict) -> str | None:
        if not counts:
            return None
        modal = min(counts, key=lambda u: (-counts[u], self.urgency_order.get(u, 99), str(u)))
        return self.urgency_labels.get(modal, str(modal))

    def write(self, pages: list[ReportPage]):
        findings, plan = pages
        self._findings(findings)
        self._action_plan(plan)

    def _findings(self, page: ReportPage) -> None:
        f = page.formats
        page.columns(30, 60, 60, 12, 6)
        page.title_block(self.term("capacity_title"), self)
        page.header(self.term("category"), self.term("explanation"), self.term("recommendations"),
                    self.term("mean_score"), "n", repeat=True)
        first = page.cursor.row
        for entry in self.categories.values():
            page.line((entry["label"], f.row_label), _cell(entry["finding"], f), _cell(entry["recommendation"], f),
                      mean_cell(entry["sum"], entry["n"], f), entry["n"])
        if any(entry["n"] for entry in self.categories.values()):
            page.bar_chart(self.term("mean_score"), first, page.cursor.row - 1, 0, [3], horizontal=True)
        page.method_note(self.method())
        page.finish()

    def method_lines(self, language: str) -> list[str]:
        return [text_in(METHOD, language, ["en"])]

    def _action_plan(self, page: ReportPage) -> None:
        f = page.formats
        page.columns(30, 50, 62, 16)
        page.title_block(self.term("action_plan_title"), self)
        page.header(self.term("category"), self.term("actions"), self.term("activities"), self.term("urgency"),
                    repeat=True)
        for entry in self.categories.values():
            label = entry["label"]
            for action, activities in entry["actions"].items():
                shown_action = action
                for activity, counts in activities.items():
                    page.line((label, f.row_label) if label else None, (shown_action, f.wrap) if shown_action else None,
                              (activity, f.wrap) if activity else None, self._urgency(counts))
                    label = shown_action = None
        page.finish()


def _keep(texts: dict, text: str) -> None:
    """Add a distinct text, as long as the cell stays within Excel's limit."""
    if text not in texts and sum(len(t) + 3 for t in texts) + len(text) < CELL_LIMIT:
        texts[text] = None


def _cell(texts: dict, formats):
    """One text as it was written; several as a bulleted list."""
    if not texts:
        return None
    if len(texts) == 1:
        return (next(iter(texts)), formats.wrap)
    return ("\n".join(f"• {t}" for t in texts), formats.wrap)
