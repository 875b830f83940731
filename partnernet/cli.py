"""Command-line interface: `flask --app partnernet demo | users create | users token |
import-referrals`."""

from pathlib import Path

import click
from flask.cli import AppGroup

from partnernet import demo as demo_data
from partnernet.accounts import services as accounts
from partnernet.accounts.queries import get_user_by_email
from partnernet.errors import DomainError
from partnernet.extensions import db
from partnernet.models import Group
from partnernet.referrals import imports

users = AppGroup("users", help="Create users and API tokens.")


@click.command("demo")
@click.option("--if-empty", is_flag=True,
              help="Load the demo only when the database has no users yet.")
def demo(if_empty: bool) -> None:
    """Load the demo groups (idempotent) and print the demo logins."""
    if demo_data.demo_exists():
        if demo_data.demo_profiles_missing():
            demo_data.load_demo_profiles(demo_data.demo_group())
            db.session.commit()
            click.echo("Added the demo members' profiles, ideal clients and contact spheres.")
        if demo_data.demo_history_missing():
            try:
                passed = demo_data.load_demo_history()
            except Exception:
                db.session.rollback()
                raise
            db.session.commit()
            click.echo(f"Added six months of referral history ({passed} referrals).")
        if demo_data.demo_goals_missing():
            demo_data.load_demo_goals(demo_data.demo_group())
            db.session.commit()
            click.echo("Added the demo group's goals.")
        if demo_data.demo_meetings_missing():
            held = demo_data.load_demo_meetings()
            db.session.commit()
            click.echo(f"Added six months of meetings ({held} held) and the schedule ahead.")
        if demo_data.demo_meeting_runs_missing():
            runs = demo_data.load_demo_meeting_runs()
            db.session.commit()
            click.echo(f"Added attendance and visitors at {runs} meetings, the speaker "
                       "rotation, one-to-ones, and the next meeting's agenda.")
        click.echo(f"The demo group “{demo_data.DEMO_GROUP}” is already loaded.")
    elif if_empty and not demo_data.database_is_empty():
        click.echo("The database already has users; not loading the demo.")
        return
    else:
        try:
            demo_data.load_demo()
        except Exception:
            db.session.rollback()
            raise
        db.session.commit()
        click.echo(f"Loaded the demo group “{demo_data.DEMO_GROUP}” with "
                   f"{len(demo_data.MEMBERS)} members, six months of referral history "
                   f"({demo_data.count_demo_referrals()} referrals) and of meetings, and the "
                   "schedule ahead.")
    click.echo(f"\nDemo logins (password for every account: {demo_data.DEMO_PASSWORD}):")
    for email, description in demo_data.demo_logins():
        click.echo(f"  {email:<22} {description}")
    click.echo("Every other member of the demo group signs in the same way.")


@users.command("create")
@click.argument("email")
@click.option("--name", required=True, help="The person's full name.")
@click.option("--password", required=True, help="At least 8 characters.")
@click.option("--business", default="", help="Business name (optional).")
def create_user(email: str, name: str, password: str, business: str) -> None:
    """Create an account."""
    try:
        user = accounts.create_user(email=email, name=name, password=password,
                                    business_name=business)
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    click.echo(f"Created user {user.id} <{user.email}>.")


@users.command("token")
@click.argument("email")
@click.option("--name", default="Command line", show_default=True,
              help="A name to tell the token apart in account settings.")
def create_token(email: str, name: str) -> None:
    """Print a new API token for the user (and nothing else)."""
    user = get_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No user with the email {email}.")
    try:
        _, raw = accounts.create_api_token(user=user, name=name)
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    click.echo(raw)


@click.command("import-referrals")
@click.argument("group_id", type=int)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_referrals(group_id: int, file: Path) -> None:
    """Import a group's referral history from a CSV file: all rows or none."""
    group = db.session.get(Group, group_id)
    if group is None:
        raise click.ClickException(f"No group with id {group_id}.")
    with file.open("rb") as fh:
        data = fh.read(imports.MAX_BYTES + 1)  # one byte more is enough to refuse a big file
    try:
        result = imports.import_referrals(group=group, actor=None, data=data)
    except imports.ImportFailed as exc:
        db.session.rollback()
        click.echo(f"Nothing was imported into “{group.name}”. Fix the file and run the "
                   "command again:", err=True)
        for line, message in exc.errors:
            click.echo(f"  line {line}: {message}" if line else f"  {message}", err=True)
        raise SystemExit(1) from None
    db.session.commit()
    click.echo(f"Imported {result.created} referrals ({result.skipped} skipped as already "
               "imported).")


def init_app(app) -> None:
    app.cli.add_command(demo)
    app.cli.add_command(users)
    app.cli.add_command(import_referrals)
