"""Command-line tools: ``flask --app wsgi users|tokens|demo|forms|links|export|worker``.

Commands call the same services as the web pages; each commits once, or rolls back and
changes nothing when it fails.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from exports.raw import HEADER_MODES

from .problems import Problem
from .services.access_codes import issue_for, shown
from .services.accounts import create_user, find_user, issue_token
from .services.demo import MEETINGS, SAMPLED, load_demo
from .services.export_jobs import JobSettings, work
from .services.exporting import EXPORT_LANGUAGES, count_responses, describe, write_export
from .services.links import find_link
from .services.publishing import UploadedFile, publish_upload
from .services.reference import load_reference
from .store import commit, rollback
from .store.form_versions import form_named, get_form
from .store.models import LinkAccess, Role
from .store.responses import ResponseFilter

users = AppGroup("users", help="Manage organiser, analyst and admin accounts.")
tokens = AppGroup("tokens", help="Manage API tokens.")
demo = AppGroup("demo", help="Demo data.")
forms_group = AppGroup("forms", help="Import and list forms.")
links = AppGroup("links", help="Collection links and their access codes.")
reference_group = AppGroup("reference", help="Provinces, districts and Sector Working Groups.")


@reference_group.command("load")
def load_reference_command() -> None:
    """Add the provinces, districts and SWGs of forms/reference.py that the database lacks."""
    added = load_reference()
    commit()
    click.echo("Reference data: " + ", ".join(f"{n} {what} added" for what, n in added.items()))


@users.command("create")
@click.option("--email", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--swg", "swgs", multiple=True,
              help="An SWG (code, e.g. governance) the organiser or analyst works in (repeatable).")
@click.option("--name", default="")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Prompted for when not given.")
def create_user_command(email: str, role: str, swgs: tuple[str, ...], name: str, password: str) -> None:
    """Create an account that can sign in with EMAIL and PASSWORD; an admin works in every
    SWG, an organiser or analyst in the --swg given."""
    try:
        create_user(email, Role(role), password, name=name, swgs=tuple((code, Role(role)) for code in swgs
                                                                       if role != Role.ADMIN.value))
    except Problem as problem:
        rollback()
        raise click.ClickException(problem.message("en")) from None
    commit()
    click.echo(f"Created {role} {email}" + (f" in {', '.join(swgs)}." if swgs else "."))


@tokens.command("create")
@click.argument("email")
@click.option("--name", default="", help="What the token is for.")
def create_token_command(email: str, name: str) -> None:
    """Print a new API token for EMAIL (shown once; only its hash is kept)."""
    user = find_user(email)
    if user is None:
        raise click.ClickException(f"No user with e-mail {email}.")
    token = issue_token(user, name)
    commit()
    click.echo(token)


@demo.command("load")
@click.option("--responses/--no-responses", default=True, help="Also load demo responses.")
def load_demo_command(responses: bool) -> None:
    """Load the demo survey, its three meetings and their responses (idempotent)."""
    added = load_demo(with_responses=responses)
    commit()
    click.echo("Demo data: " + ", ".join(f"{n} {what} added" for what, n in added.items()))
    slugs = [meeting.slug for meeting in MEETINGS] + [e.slug for events in SAMPLED.values() for e in events]
    click.echo("Forms: " + ", ".join(f"/f/{slug}" for slug in slugs))


@forms_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--swg", default=None, help="The SWG (code) a new form goes into, e.g. governance.")
@click.option("--media", "media_paths", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A file the form uses (CSV/XML/GeoJSON data, label images …); repeatable.")
@click.option("--language", type=click.Choice(["lo", "en"]), default="en", show_default=True,
              help="Language of the error messages.")
def import_form_command(path: Path, swg: str | None, media_paths: tuple[Path, ...], language: str) -> None:
    """Publish the XLSForm (or JSON definition) at PATH as a new form version."""
    source = UploadedFile(path.name, path.read_bytes())
    media = [UploadedFile(item.name, item.read_bytes()) for item in media_paths]
    warnings: list[dict] = []
    try:
        version, created = publish_upload(source, None, swg, media, warnings, via="cli")
    except Problem as problem:
        rollback()
        for issue in problem.details.get("issues", []):
            click.echo(_issue_line(issue, language), err=True)
        raise click.ClickException(problem.message(language)) from None
    for issue in warnings:
        click.echo("warning: " + _issue_line(issue, language), err=True)
    commit()
    state = "published" if created else "already published, unchanged"
    click.echo(f"Form {version.form.form_id} version {version.version}: {state} (id {version.form_id}).")


def _issue_line(issue: dict, language: str) -> str:
    where = ", ".join(str(p) for p in (issue["sheet"], issue["row"] and f"row {issue['row']}",
                                       issue["column"]) if p)
    return f"[{where}] {issue['message_' + language]}" if where else issue["message_" + language]


@click.command("export")
@with_appcontext
@click.argument("form")
@click.option("--out", "out", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True,
              help="The file to write; .csv writes CSV, anything else an Excel workbook.")
@click.option("--raw", is_flag=True, help="Only the data sheets, not the analyst workbook.")
@click.option("--group-by", "group_by", multiple=True,
              help="Crosstab grouping: event, province, district or a question name (repeatable).")
@click.option("--include-sensitive/--omit-sensitive", default=False, show_default=True,
              help="Include the answers to questions marked sensitive (names, phone numbers); left out "
                   "unless asked, as the API leaves them out for analysts.")
@click.option("--language", type=click.Choice(EXPORT_LANGUAGES), default="lo", show_default=True)
@click.option("--headers", type=click.Choice(HEADER_MODES), default="labels", show_default=True,
              help="Column headers: labels, names, both (two rows) or paths (group/name, unique).")
@click.option("--base-url", default="", help="The service's address (https://collect.example): the data "
                                             "then give each attached file's download address.")
@click.option("--choices", type=click.Choice(["labels", "codes"]), default="labels", show_default=True)
@click.option("--event", "events", type=int, multiple=True, help="Only this event id (repeatable).")
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="Submitted on or after.")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="Submitted on or before.")
@click.option("--status", "statuses", type=click.Choice(["submitted", "approved", "rejected"]), multiple=True)
@click.option("--province", "provinces", multiple=True, help="ISO 3166-2:LA code (repeatable).")
@click.option("--district", "districts", multiple=True)
@click.option("--version", "versions", multiple=True, help="Only this form version (repeatable).")
def export_command(form: str, out: Path, raw: bool, group_by, include_sensitive: bool, language, headers, base_url,
                   choices, events, date_from, date_to, statuses, provinces, districts, versions) -> None:
    """Export the responses of FORM (its form_id or number) to a workbook or CSV; the
    answers to questions marked sensitive only with --include-sensitive."""
    found = form_named(form) or (get_form(int(form)) if form.isdigit() else None)
    if found is None:
        raise click.ClickException(f"No form {form}.")
    filters = ResponseFilter(events=events, statuses=statuses, provinces=provinces, districts=districts,
                             versions=versions, date_from=date_from.date() if date_from else None,
                             date_to=date_to.date() if date_to else None)
    try:
        export = describe(found, "csv" if out.suffix.lower() == ".csv" else "raw" if raw else "workbook",
                          language=language, headers=headers, choices=choices, group_by=group_by,
                          omit_sensitive=not include_sensitive, filters=filters,
                          attachment_base=f"{base_url.rstrip('/')}/api/v1/forms/{found.id}/responses" if base_url else "",
                          time_zone=current_app.config["TIME_ZONE"])
    except Problem as problem:
        raise click.ClickException("; ".join(m for messages in problem.details["fields"].values()
                                             for m in messages)) from None
    total = count_responses(export)
    with click.progressbar(length=total, label=f"Exporting {total} responses", file=sys.stderr) as bar:
        write_export(export, out, progress=bar.update, via="cli", file=str(out))
    commit()
    click.echo(f"Wrote {total} responses to {out}.")


@links.command("codes")
@click.argument("slug")
@click.option("--count", type=click.IntRange(1, 10_000), default=1, show_default=True)
@click.option("--access", type=click.Choice([LinkAccess.CODE_ONCE.value, LinkAccess.CODE_EDITABLE.value]),
              default=None, help="Also set the link's access (a link that is open becomes code_once).")
def link_codes_command(slug: str, count: int, access: str | None) -> None:
    """Print COUNT new access codes for the link SLUG, one a line, to hand to participants."""
    try:
        link = find_link(slug)
    except Problem:
        raise click.ClickException(f"No link {slug}.") from None
    codes = issue_for(link, count, access, None)
    commit()
    click.echo(f"# {slug}: {link.access.value}", err=True)
    for code in codes:
        click.echo(shown(code.code))


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run the background export worker (RQ on Redis at REDIS_URL)."""
    work(JobSettings.from_config(current_app.config), burst=burst)


def register_commands(app: Flask) -> None:
    for group in (users, tokens, demo, forms_group, links, reference_group):
        app.cli.add_command(group)
    app.cli.add_command(export_command)
    app.cli.add_command(worker_command)
