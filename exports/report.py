"""The SWG report sheet: the one table a Sector Working Group report needs, by form kind.

``FormDefinition.report`` picks it. Each report reads its questions by *name*, so a form
gets the table by following these conventions (a question that is missing just leaves
its column empty):

``satisfaction`` — meeting satisfaction survey (seed 004)
    ``overall``: select_one Likert question (else the form's first Likert question).
    One row per event: Sub-sector meeting (event title) | Theme (event theme) | Overall
    satisfaction (% of the answers on the scale in the top two boxes, e.g. 4 and 5 of
    1..5; "don't know" and the like are off the scale, see ``stats.likert_scores``) | n.

``capacity`` — capacity needs assessment (seed 004: category, finding, recommendation,
proposed action, urgency). Either flat, one group of questions per category ``<cat>``
(the built-in ``capacity_assessment`` template):
    ``<cat>_score`` (select_one with numeric choice names, or a number; a calculate such
    as ``average_score`` is not a category), ``<cat>_finding``, ``<cat>_recommendation``,
    ``<cat>_action`` (text), ``<cat>_urgency`` (select_one); the category's label is
    that of the group named ``<cat>``, else that of ``<cat>_score``;
or a repeat holding ``category`` (select_one or text), ``score``, ``finding``,
``recommendation``, ``action``, ``urgency``. Table: Category | Mean score | n | Findings
| Recommendations | Proposed actions | Urgency (the level chosen most often; a tie goes
to the more urgent, i.e. earlier, choice — lists run Immediate, Short-term,
Medium-term). Distinct texts are listed in one cell each, up to Excel's cell limit.

``sdg_seminar`` — SDG localisation seminar knowledge checks (``sdg_seminar`` template):
    ``pre_score``, ``post_score`` (numbers or calculates), ``level`` (select_one:
    province / district / village staff), ``province``. Tables by province and by
    level: n and mean of pre and post, and the learning gain (mean of post − pre over
    responses that have both) in points and as % of the paired pre mean.

``consultation`` — pre-RTM local consultations (``pre_rtm_consultation`` template):
    ``priorities`` (rank: the first of k choices earns k points, the last 1; or
    select_multiple / select_one: 1 point per mention), ``sector`` (select_one),
    ``province``, ``district``, and ``challenge`` (or ``challenges``: text, top level or
    in a repeat, with ``proposal`` beside it; in a repeat, the instance's
    ``topic_sector`` is its sector when answered). Tables: priorities ranked by province
    and by sector (rank | priority | points | mentions), then every challenge with its
    province, district, sector and proposal.

Province and district are the answers to the ``province`` / ``district`` questions when
the form has them and they were answered, else the event's.

All reports accumulate in the same streaming pass as the rest of the workbook; texts go
to a temporary file (see :class:`exports.aggregate.TextBuffer`).
"""
from __future__ import annotations

from forms.definition import FormDefinition

from .columns import Table
from .reports.base import Report, Scope
from .reports.capacity import CapacityReport
from .reports.consultation import ConsultationReport
from .reports.satisfaction import SatisfactionReport
from .reports.sdg_seminar import SdgSeminarReport


REPORTS = {
    "satisfaction": SatisfactionReport,
    "capacity": CapacityReport,
    "sdg_seminar": SdgSeminarReport,
    "consultation": ConsultationReport,
}


def make_report(form: FormDefinition, tables: list[Table], language: str,
                scope: Scope | None = None) -> Report | None:
    """The report ``form.report`` asks for, or None for a form without one."""
    kind = REPORTS.get(form.report or "")
    return kind(form, tables, language, scope) if kind else None
