"""Small helpers shared by the group tests: form data, row counts, reading HTML."""

import html
import re

import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.models import Group, Invitation, Membership, User


def group_form(**overrides) -> dict:
    """Valid data for the group form (create and settings), as a browser posts it."""
    data = {
        "name": "Harbour Partners",
        "cadence": "weekly",
        "nth_weekday": "1",
        "weekday": "2",
        "meeting_time": "07:30",
        "duration_minutes": "90",
        "timezone": "Europe/Paris",
        "currency": "EUR",
        "location": "Quay Street 4",
        "video_url": "",
    }
    data.update(overrides)
    return data


def count(model) -> int:
    """Rows of `model` in the database (the session's pending changes included)."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def totals() -> dict[str, int]:
    return {"groups": count(Group), "memberships": count(Membership),
            "invitations": count(Invitation), "users": count(User)}


def membership_row(group_id: int, user_id: int) -> Membership | None:
    """The membership row, active or not, read fresh from the database."""
    db.session.expire_all()
    return db.session.scalar(sa.select(Membership).where(Membership.group_id == group_id,
                                                         Membership.user_id == user_id))


def text(response) -> str:
    return response.get_data(as_text=True)


def plain(response) -> str:
    """The response body with HTML entities decoded, for checking prose."""
    return html.unescape(text(response))


def field_error(page: str, field_id: str) -> str | None:
    """The error message shown under the form field `field_id`, or None."""
    match = re.search(rf'<p class="error" id="{re.escape(field_id)}-error">(.*?)</p>', page, re.S)
    return html.unescape(match.group(1)).strip() if match else None


def field_tag(page: str, field_id: str) -> str:
    """The opening tag of the form control `field_id`."""
    match = re.search(rf'<(?:input|select|textarea)\b[^>]*\bid="{re.escape(field_id)}"[^>]*>',
                      page)
    assert match, f"no form control {field_id!r}"
    return match.group(0)


def section(page: str, opening: str, closing: str) -> str:
    """The markup from `opening` up to the next `closing` (for a list or a menu)."""
    start = page.index(opening)
    return page[start:page.index(closing, start)]


def switcher(page: str) -> str:
    """The group switcher menu in the page header."""
    return section(page, '<details class="menu group-switcher">', "</details>")


def roster(page: str) -> str:
    return section(page, '<ul class="cards" id="roster">', "</ul>")
