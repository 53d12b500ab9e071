"""Command-line tools: ``flask --app wsgi users|tokens|demo ...``. Each command commits once."""
from __future__ import annotations

import click
from flask import Flask
from sqlalchemy import select

from .auth import create_user, issue_token
from .demo import MEETINGS, load_demo
from .extensions import db
from .models import Role, User

users = click.Group("users", help="Manage organiser, analyst and admin accounts.")
tokens = click.Group("tokens", help="Manage API tokens.")
demo = click.Group("demo", help="Demo data.")


@users.command("create")
@click.option("--email", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--name", default="")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Prompted for when not given.")
def create_user_command(email: str, role: str, name: str, password: str) -> None:
    """Create an account that can sign in with EMAIL and PASSWORD."""
    if db.session.scalar(select(User).where(User.email == email.strip().lower())):
        raise click.ClickException(f"A user with e-mail {email} already exists.")
    create_user(email, Role(role), password, name=name)
    db.session.commit()
    click.echo(f"Created {role} {email}.")


@tokens.command("create")
@click.argument("email")
@click.option("--name", default="", help="What the token is for.")
def create_token_command(email: str, name: str) -> None:
    """Print a new API token for EMAIL (shown once; only its hash is kept)."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No user with e-mail {email}.")
    token = issue_token(user, name)
    db.session.commit()
    click.echo(token)


@demo.command("load")
@click.option("--responses/--no-responses", default=True, help="Also load demo responses.")
def load_demo_command(responses: bool) -> None:
    """Load the demo survey, its three meetings and their responses (idempotent)."""
    added = load_demo(with_responses=responses)
    db.session.commit()
    click.echo("Demo data: " + ", ".join(f"{n} {what} added" for what, n in added.items()))
    click.echo("Forms: " + ", ".join(f"/f/{meeting.slug}" for meeting in MEETINGS))


def register_commands(app: Flask) -> None:
    for group in (users, tokens, demo):
        app.cli.add_command(group)
