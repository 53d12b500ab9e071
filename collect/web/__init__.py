"""The web layer: HTTP in, HTTP out. One blueprint per audience, each with its own way of
telling who is calling:

- ``participant``: form pages and submissions, no sign-in;
- ``workspace``: the signed-in pages of organisers, analysts and admins;
- ``api``: the JSON API (``/api/v1``, bearer tokens or a session);
- ``odata``: each form's OData feed (``/api/v1/forms/<id>.svc``, Basic with an API token);
- ``openrosa``: ODK Collect and KoboCollect (``/formList``, ``/submission``), signed in
  as an app user (token, Digest or Basic) or with a participant's access code;
- ``health``: ``/healthz`` for load balancers.

Views parse a request (``schemas.py``, ``form_posts.py``), call one service and render.
``boundary.py`` runs every view in one transaction and maps errors; ``errors.py`` puts a
Problem on the wire; ``security.py`` gives each request its id and sets the headers every
response carries.
"""
from __future__ import annotations

from flask import Flask

from ..extensions import api as openapi
from .assets import cache_and_compress
from .boundary import register_boundary
from .errors import register_error_handlers
from .language import select_language
from .security import register_security
from . import sign_in_limits


def register_web(app: Flask) -> None:
    from . import api as api_blueprint
    from . import health, odata, openrosa, participant, workspace

    for blueprint in (participant.bp, workspace.bp, openrosa.bp, health.bp, odata.bp):
        app.register_blueprint(blueprint)
    openapi.init_app(app)
    openapi.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    openapi.register_blueprint(api_blueprint.bp)
    register_error_handlers(app)
    register_security(app)
    register_boundary(app)
    sign_in_limits.init_app(app)
    # The one hook every response passes (each hook Flask runs costs a submission some
    # microseconds before the hook does anything): the request id and the security headers
    # are added below Flask (security.Edge), the workspace's language cookie by its blueprint.
    app.after_request(cache_and_compress)

    @app.context_processor
    def _template_helpers():
        return {"current_language": select_language}
