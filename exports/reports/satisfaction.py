"""``satisfaction``: overall satisfaction per meeting and theme (seed 004's table)."""
from __future__ import annotations

from forms.definition import text_in

from ..stats import SMALL_N, likert_scores, top_two, wilson_interval
from .base import Report, ReportPage, choice_labels, small_n_note

METHOD = {
    "lo": ("ລະດັບຄວາມເພິ່ງພໍໃຈ: ສ່ວນຮ້ອຍຂອງຄຳຕອບຕໍ່ຄຳຖາມ \"{question}\" ທີ່ເລືອກ {top} "
           "(ສອງລະດັບສູງສຸດ), ຈາກຄຳຕອບທັງໝົດທີ່ຢູ່ໃນລະດັບ (n). {off}"
           "95 % CI: ຊ່ວງຄວາມເຊື່ອໝັ້ນ Wilson."),
    "en": ("Overall satisfaction: the share of answers to \"{question}\" that are {top} (the top two "
           "boxes), out of the answers on the scale (n). {off}"
           "95 % CI: the Wilson score interval."),
}
OFF_SCALE = {"lo": "ຄຳຕອບ {off} ບໍ່ໄດ້ນັບໃນ n. ", "en": "Answers {off} are off the scale and not in n. "}


class SatisfactionReport(Report):
    def __init__(self, form, tables, language, scope=None):
        super().__init__(form, tables, language, scope)
        overall = self.fields.get("overall")
        if overall is None:
            overall = next((f for f in tables[0].fields if f.is_likert), None)
        self.question = overall
        self.top = top_two(overall) if overall else set()
        #: Answers that count: those on the scale ("don't know" is not satisfied nor unsatisfied).
        self.scale = set(likert_scores(overall)) if overall else set()
        #: event key -> [EventInfo, answered on the scale, top two, order of first appearance]
        self.events: dict = {}

    def add(self, record):
        event = record.event
        key = event.id if event.id is not None else event.title
        entry = self.events.get(key)
        if entry is None:
            entry = self.events[key] = [event, 0, 0, len(self.events)]
        value = record.answers.get(self.question.name) if self.question else None
        if value is not None and str(value) in self.scale:
            entry[1] += 1
            entry[2] += str(value) in self.top

    def write(self, pages: list[ReportPage]):
        page, f = pages[0], pages[0].formats
        page.columns(38, 44, 17, 7, 14, 14, 10)
        page.title_block(self.term("satisfaction_title"), self)
        page.header(self.term("meeting"), self.term("theme"), self.term("overall"), "n", self.term("ci_low"),
                    self.term("ci_high"), self.term("note"), repeat=True)
        ordered = sorted(self.events.values(), key=lambda e: (e[0].date is None, e[0].date or 0, e[3]))
        first = page.cursor.row
        for event, answered, top, _ in ordered:
            interval = wilson_interval(top, answered)
            bounds = [(value, f.percent_whole) for value in interval] if interval else [None, None]
            page.line((event.title, f.row_label), (event.theme, f.wrap) if event.theme else None,
                      (top / answered, f.percent_whole) if answered else None, answered, *bounds,
                      self.term("small_n") if 0 < answered < SMALL_N else None)
        last = page.cursor.row - 1
        page.bar_chart(self.term("overall"), first, last, 0, [2], percent_axis=True)
        page.method_note(self.method())
        page.finish()

    def method_lines(self, language: str) -> list[str]:
        if self.question is None:
            return []
        labels = choice_labels(self.question, language)
        scores = likert_scores(self.question)
        top = " / ".join(labels[c.name] for c in self.question.choices if c.name in self.top)
        off = [labels[c.name] for c in self.question.choices if c.name not in scores]
        off_text = text_in(OFF_SCALE, language, ["en"]).format(off=", ".join(off)) if off else ""
        ordered = sorted(self.events.values(), key=lambda e: (e[0].date is None, e[0].date or 0, e[3]))
        return [text_in(METHOD, language, ["en"]).format(question=self.question.label(language), top=top,
                                                         off=off_text),
                small_n_note([(e.title, top, answered) for e, answered, top, _ in ordered], language)]
