"""A link's page: its state and dates, opening and closing (closing asks first), access
codes issued and listed with their use, the QR code as PNG and SVG, and the printable A4
sheets — one with the title in Lao and English, the event, the QR code and the short
address; one of access codes, several to a page, to cut and hand out."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from marshmallow import ValidationError

from forms.definition import text_in

from ...problems import Problem
from ...services.access_codes import codes_of, issue_for, shown
from ...services.links import link_for, qr_svg, state, update_link
from ...services.permissions import Action, may
from ...store.form_versions import definition_of
from ..auth import current_user, login_required
from ..language import select_language
from ..schemas.resources import CodesRequestSchema, LinkUpdateSchema
from . import bp, page

#: Access codes on one printed A4 page.
CODES_PER_PAGE = 12


def _address(link) -> str:
    return url_for("participant.show_form", slug=link.slug, _external=True)


def _title(link, language: str) -> str:
    return text_in(definition_of(link.form.current_version).title, language, ["en", "lo"])


@bp.get("/links/<slug>")
@login_required()
def link(slug: str):
    user = current_user()
    found = link_for(user, slug)
    manage = may(user, Action.MANAGE, found.form.swg)
    return page("workspace/link.html", section="workspace.forms", link=found, state=state(found), manage=manage,
                address=_address(found), title=_title(found, select_language()),
                codes=[(shown(c.code), c) for c in codes_of(found)] if manage else [])


@bp.post("/links/<slug>")
@login_required()
def change_link(slug: str):
    """Change when the link opens and closes, or reopen it."""
    try:
        changes = LinkUpdateSchema().load({key: value for key, value in request.form.items() if key != "csrf"})
        update_link(slug, changes, current_user())
    except (ValidationError, Problem) as problem:
        flash(problem.message(select_language()) if isinstance(problem, Problem)
              else _("Please check: %(fields)s", fields=", ".join(sorted(problem.messages))), "error")
    else:
        flash(_("The link is saved."), "info")
    return redirect(url_for("workspace.link", slug=slug))


@bp.get("/links/<slug>/close")
@login_required()
def confirm_close(slug: str):
    """Closing a link turns participants away: the page asks first."""
    found = link_for(current_user(), slug, Action.MANAGE)
    return page("workspace/close.html", section="workspace.forms", link=found, title=_title(found, select_language()))


@bp.post("/links/<slug>/close")
@login_required()
def close_link(slug: str):
    update_link(slug, {"is_open": False}, current_user())
    flash(_("The link is closed: it no longer takes answers, from the web or from apps."), "info")
    return redirect(url_for("workspace.link", slug=slug))


@bp.post("/links/<slug>/codes")
@login_required()
def add_codes(slug: str):
    found = link_for(current_user(), slug, Action.MANAGE)
    try:
        data = CodesRequestSchema().load(request.form)
        made = issue_for(found, data["count"], data["access"].value if data["access"] else None, current_user())
    except ValidationError:
        flash(_("Ask for between 1 and 10,000 codes."), "error")
    else:
        flash(_("%(n)s access codes issued.", n=len(made)), "info")
    return redirect(url_for("workspace.link", slug=slug))


@bp.get("/links/<slug>/sheet")
@login_required()
def sheet(slug: str):
    """The A4 sheet to print or project: title in Lao and English, event, date, QR, address."""
    found = link_for(current_user(), slug)
    address = _address(found)
    return page("workspace/sheet.html", link=found, address=address, qr=Markup(qr_svg(address).decode()),
                titles={lang: _title(found, lang) for lang in ("lo", "en")})


@bp.get("/links/<slug>/codes/sheet")
@login_required()
def codes_sheet(slug: str):
    """The link's unused access codes, twelve to an A4 page, each with the address."""
    found = link_for(current_user(), slug, Action.MANAGE)
    unused = [shown(c.code) for c in codes_of(found) if not c.response_uuid]
    pages = [unused[i:i + CODES_PER_PAGE] for i in range(0, len(unused), CODES_PER_PAGE)]
    return page("workspace/codes_sheet.html", link=found, pages=pages, address=_address(found),
                titles={lang: _title(found, lang) for lang in ("lo", "en")})
