"""The SWG report sheets: the tables a Sector Working Group report needs, by form kind.

``FormDefinition.report`` picks them. Each report reads its questions by *name*, so a form
gets the tables by following these conventions (a question that is missing just leaves
its column empty). Every report sheet opens with a title block (form, SWG, sub-groups,
events, period, date produced), ends with a method note (what each figure is, how many
responses, what was left out), shows its headline figure as a native chart and prints
landscape, one page wide (see :mod:`exports.reports.base`).

``satisfaction`` — meeting satisfaction survey (seed 004)
    ``overall``: select_one Likert question (else the form's first Likert question).
    One row per event: Sub-sector meeting (event title) | Theme (event theme) | Overall
    satisfaction (% of the answers on the scale in the top two boxes, e.g. 4 and 5 of
    1..5; "don't know" and the like are off the scale, see ``stats.likert_scores``) | n |
    95 % Wilson interval | a note where n < 30.

``capacity`` — capacity needs assessment (seed 004). Findings per category: either one
group of questions per category ``<cat>`` (the built-in ``capacity_assessment``
template): ``<cat>_score`` (select_one with numeric choice names, or a number; a
calculate such as ``average_score`` is not a category), ``<cat>_finding``,
``<cat>_recommendation``, the category's label being that of the group named ``<cat>``,
else that of ``<cat>_score``; or a repeat holding ``category`` (select_one or text) with
``score``, ``finding``, ``recommendation``. The action plan: a repeat holding
``category``, ``action``, ``activity``, ``urgency`` (the template's ``activities``; a
form of the older shape with ``<cat>_action`` / ``<cat>_urgency`` gives one row per
category). Sheets "Report" (Category | Explanation | Recommendations | Mean score | n)
and "Action plan" (Category | Proposed actions | Activities | Urgency level, one row per
activity; its urgency the level given most often, a tie going to the more urgent,
i.e. earlier, choice). Distinct texts are listed in one cell each, up to Excel's limit.

``sdg_seminar`` — SDG localisation seminar knowledge checks (``sdg_seminar`` template):
    ``pre_score``, ``post_score`` (numbers or calculates), ``level`` (select_one:
    province / district / village staff), ``province``, and the knowledge questions
    ``pre_<q>`` / ``post_<q>`` whose right choice has ``correct`` = yes. Tables by
    province and by level: n and mean of pre and post (on the scale 0 to the number of
    questions), the learning gain (mean of post − pre over responses that have both) in
    points and as % of the paired pre mean; by question: % correct before and after.

``consultation`` — pre-RTM local consultations (``pre_rtm_consultation`` template):
    ``priorities`` (rank: the first of k choices earns k points, the last 1; or
    select_multiple / select_one: 1 point per mention), ``sector`` (select_one),
    ``province``, ``district``, and ``challenge`` (or ``challenges``: text, top level or
    in a repeat, with ``proposal`` beside it; in a repeat, the instance's
    ``topic_sector`` is its sector when answered). Sheet "Report": priorities ranked over
    all responses, by province and by sector (rank, equal points sharing one: 1, 1, 3 |
    priority | points | mentions | % first choice); sheet "Challenges": every challenge
    with its province, district, sector and proposal.

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
