"""The workspace: the signed-in pages of organisers, analysts and admins.

Each SWG works in its own space: a page shows only what the signed-in user may see, and
offers only what they may do (the services decide, and refuse anything else). Every page
is server-rendered, works without JavaScript (a little script refreshes the monitoring
page and the exports' progress), speaks Lao or English as chosen, and asks a signed-out
visitor to sign in first. One module per part of the work:

- ``accounts``: sign-in, sign-out, language, one's account and API tokens, users (admin);
- ``forms``: the forms of each SWG, one form's page and versions, publishing, preview;
- ``events`` and ``links``: events, links, access codes, QR codes and printed sheets;
- ``devices``: the app users of ODK Collect and KoboCollect phones, and their QR codes;
- ``data``: monitoring, submissions and reviews, exports, the audit log.
"""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l

from ..auth import current_user
from ..language import remember, select_language
from ..security import csrf_token

bp = Blueprint("workspace", __name__)
bp.after_request(remember)

#: The sections of the top bar: (endpoint, label, admin only).
SECTIONS = (("workspace.forms", _l("Forms"), False), ("workspace.events", _l("Events"), False),
            ("workspace.devices", _l("Devices"), False), ("workspace.audit", _l("Activity"), False),
            ("workspace.users", _l("Users"), True))


def page(template: str, section: str | None = None, status: int = 200, **values):
    """A workspace page with the frame's values: the user, the language, the sections."""
    user = current_user()
    sections = [(endpoint, label) for endpoint, label, admin in SECTIONS if user and (user.is_admin or not admin)]
    return render_template(template, user=user, language=select_language(), csrf=csrf_token(), section=section,
                           sections=sections, **values), status


from . import accounts, data, devices, events, forms, links  # noqa: E402,F401  (their routes join bp)
