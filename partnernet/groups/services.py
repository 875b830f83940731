"""Group writes: groups, settings, roles, leaving, invitations. Services flush, never commit."""

from dataclasses import dataclass
from datetime import time, timedelta
from functools import cache
from urllib.parse import urlsplit
from zoneinfo import available_timezones

import sqlalchemy as sa
from babel.numbers import list_currencies

from partnernet.accounts.services import create_user, normalize_email
from partnernet.errors import Conflict, DomainError, PermissionDenied
from partnernet.extensions import db
from partnernet.meetings.services import apply_cadence
from partnernet.models import Cadence, Group, Invitation, Membership, Role, User
from partnernet.models.base import utcnow
from partnernet.models.groups import CATEGORY_MAX, GROUP_NAME_MAX, LOCATION_MAX, TITLE_MAX, URL_MAX
from partnernet.security import hash_token, new_token
from partnernet.text import clean_line


class GroupError(DomainError):
    pass


@cache
def timezones() -> tuple[str, ...]:
    """IANA time-zone names, sorted."""
    return tuple(sorted(tz for tz in available_timezones() if "/" in tz or tz == "UTC"))


@cache
def currencies() -> tuple[str, ...]:
    """ISO 4217 currency codes known to CLDR, sorted."""
    return tuple(sorted(code for code in list_currencies() if len(code) == 3 and code.isalpha()))


@dataclass(frozen=True)
class GroupSettings:
    """Everything a facilitator can set on a group."""

    name: str
    cadence: str
    weekday: int
    meeting_time: time
    timezone: str
    currency: str
    nth_weekday: int | None = None
    duration_minutes: int = 90
    location: str = ""
    video_url: str = ""


def _text(value: str | None, *, field: str, label: str, max_length: int,
          required: bool = False) -> str:
    return clean_line(value, field=field, label=label, max_length=max_length,
                      required=required, error=GroupError)


def _checked(settings: GroupSettings) -> GroupSettings:
    """The settings with text cleaned, or GroupError naming the first bad field."""
    name = _text(settings.name, field="name", label="the group's name",
                 max_length=GROUP_NAME_MAX, required=True)
    if settings.cadence not in {c.value for c in Cadence}:
        raise GroupError("Choose weekly or monthly.", "cadence")
    if settings.weekday not in range(7):
        raise GroupError("Choose the day of the week the group meets.", "weekday")
    nth = settings.nth_weekday
    if settings.cadence == Cadence.MONTHLY:
        if nth not in (1, 2, 3, 4, -1):
            raise GroupError("Choose which week of the month the group meets.", "nth_weekday")
    else:
        nth = None
    if not 15 <= settings.duration_minutes <= 480:
        raise GroupError("A meeting lasts between 15 and 480 minutes.", "duration_minutes")
    if settings.timezone not in timezones():
        raise GroupError("Choose a time zone from the list (for example Europe/London).",
                         "timezone")
    currency = (settings.currency or "").upper()
    if currency not in currencies():
        raise GroupError("Choose an ISO 4217 currency code (for example EUR or USD).", "currency")
    location = _text(settings.location, field="location", label="the location",
                     max_length=LOCATION_MAX)
    video_url = (settings.video_url or "").strip()
    if video_url:
        parts = urlsplit(video_url)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise GroupError("Enter a video link starting with https://.", "video_url")
        if len(video_url) > URL_MAX:
            raise GroupError(f"Use at most {URL_MAX} characters for the video link.", "video_url")
    return GroupSettings(name=name, cadence=settings.cadence, weekday=settings.weekday,
                         nth_weekday=nth, meeting_time=settings.meeting_time.replace(
                             second=0, microsecond=0, tzinfo=None),
                         duration_minutes=settings.duration_minutes, timezone=settings.timezone,
                         currency=currency, location=location, video_url=video_url)


def create_group(*, creator: User, settings: GroupSettings) -> Group:
    """A new group whose creator is its first facilitator."""
    s = _checked(settings)
    group = Group(created_by_id=creator.id, **vars(s))
    db.session.add(group)
    db.session.flush()
    db.session.add(Membership(group_id=group.id, user_id=creator.id, role=Role.FACILITATOR))
    db.session.flush()
    return group


def _membership(group: Group, user: User) -> Membership | None:
    return db.session.scalar(
        sa.select(Membership).where(Membership.group_id == group.id,
                                    Membership.user_id == user.id,
                                    Membership.left_at.is_(None))
    )


def _require_facilitator(group: Group, actor: User) -> Membership:
    membership = _membership(group, actor)
    if membership is None or not membership.is_facilitator:
        raise PermissionDenied("Only the group's facilitators can do that.")
    return membership


def _facilitator_count(group_id: int) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Membership).where(
            Membership.group_id == group_id, Membership.left_at.is_(None),
            Membership.role == Role.FACILITATOR)
    )


def update_group(*, actor: User, group: Group, settings: GroupSettings) -> Group:
    """Change a group's settings (facilitators only)."""
    _require_facilitator(group, actor)
    timing = ("cadence", "weekday", "nth_weekday", "meeting_time", "duration_minutes",
              "timezone")
    before = [getattr(group, key) for key in timing]
    for key, value in vars(_checked(settings)).items():
        setattr(group, key, value)
    db.session.flush()
    if [getattr(group, key) for key in timing] != before:
        # Future meetings nobody has touched follow the new cadence.
        apply_cadence(group=group, now=utcnow())
    return group


def update_membership(*, actor: User, membership: Membership, role: str, title: str,
                      category: str) -> Membership:
    """Change a member's role, title and seat (facilitators only; one facilitator must remain)."""
    _require_facilitator(membership.group, actor)
    if membership.left_at is not None:
        raise GroupError("This person has left the group.")
    if role not in {r.value for r in Role}:
        raise GroupError("Choose facilitator or member.", "role")
    if (membership.is_facilitator and role != Role.FACILITATOR
            and _facilitator_count(membership.group_id) == 1):
        raise GroupError("A group needs at least one facilitator: make someone else a "
                         "facilitator first.", "role")
    membership.role = role
    membership.title = _text(title, field="title", label="the title", max_length=TITLE_MAX)
    membership.category = _text(category, field="category", label="the business category",
                                max_length=CATEGORY_MAX)
    db.session.flush()
    return membership


def remove_member(*, actor: User, membership: Membership) -> Membership:
    """A facilitator removes someone; their history stays."""
    _require_facilitator(membership.group, actor)
    if membership.user_id == actor.id:
        raise GroupError("To leave the group yourself, use “Leave group”.")
    if membership.left_at is not None:
        raise GroupError("This person has already left the group.")
    if membership.is_facilitator and _facilitator_count(membership.group_id) == 1:
        raise GroupError("A group needs at least one facilitator.")
    membership.left_at = utcnow()
    membership.removed_by_id = actor.id
    db.session.flush()
    return membership


def leave_group(*, user: User, group: Group) -> Membership:
    """The user leaves the group; their history stays."""
    membership = _membership(group, user)
    if membership is None:
        raise GroupError("You are not a member of this group.")
    others = db.session.scalar(
        sa.select(sa.func.count()).select_from(Membership).where(
            Membership.group_id == group.id, Membership.left_at.is_(None),
            Membership.user_id != user.id)
    )
    if membership.is_facilitator and others and _facilitator_count(group.id) == 1:
        raise GroupError("You are the group's only facilitator: make another member a "
                         "facilitator before you leave.")
    membership.left_at = utcnow()
    db.session.flush()
    return membership


def create_invitation(*, actor: User, group: Group, email: str = "", role: str = Role.MEMBER,
                      ttl: timedelta) -> tuple[Invitation, str]:
    """A single-use invitation (facilitators only); returns it with its raw token."""
    _require_facilitator(group, actor)
    if role not in {r.value for r in Role}:
        raise GroupError("Choose facilitator or member.", "role")
    email = normalize_email(email) if (email or "").strip() else ""
    if email:
        already = db.session.scalar(
            sa.select(Membership.id).join(User, User.id == Membership.user_id).where(
                Membership.group_id == group.id, Membership.left_at.is_(None),
                User.email == email)
        )
        if already:
            raise Conflict("This person is already a member of the group.", "email")
    raw = new_token()
    invitation = Invitation(group_id=group.id, email=email, role=role,
                            token_hash=hash_token(raw), created_by_id=actor.id,
                            expires_at=utcnow() + ttl)
    db.session.add(invitation)
    db.session.flush()
    return invitation, raw


def revoke_invitation(*, actor: User, invitation: Invitation) -> Invitation:
    """Withdraw an unused invitation (facilitators only)."""
    _require_facilitator(invitation.group, actor)
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        db.session.flush()
    return invitation


def find_invitation(raw: str) -> Invitation | None:
    """The invitation for this token, whatever its state."""
    return db.session.scalar(
        sa.select(Invitation).where(Invitation.token_hash == hash_token(raw or ""))
    )


def invitation_problem(invitation: Invitation | None) -> str | None:
    """Why this invitation can't be used, or None if it can."""
    if invitation is None:
        return "This invitation link is not valid. Ask the group's facilitator for a new one."
    if invitation.revoked_at is not None:
        return "This invitation was withdrawn. Ask the group's facilitator for a new one."
    if invitation.accepted_at is not None:
        return "This invitation was already used. Ask the group's facilitator for a new one."
    if invitation.expires_at <= utcnow():
        return "This invitation has expired. Ask the group's facilitator for a new one."
    return None


def accept_invitation(*, user: User, token: str) -> Membership:
    """Join the invitation's group (rejoining keeps the earlier history); the token is spent."""
    invitation = find_invitation(token)
    problem = invitation_problem(invitation)
    if problem:
        raise Conflict(problem)
    existing = db.session.scalar(
        sa.select(Membership).where(Membership.group_id == invitation.group_id,
                                    Membership.user_id == user.id)
    )
    if existing is not None and existing.left_at is None:
        raise Conflict("You are already a member of this group.")
    now = utcnow()
    if existing is None:
        membership = Membership(group_id=invitation.group_id, user_id=user.id,
                                role=invitation.role, joined_at=now)
        db.session.add(membership)
    else:
        membership = existing
        membership.left_at = None
        membership.removed_by_id = None
        membership.role = invitation.role
        membership.joined_at = now
    invitation.accepted_at = now
    invitation.accepted_by_id = user.id
    db.session.flush()
    return membership


def sign_up_with_invitation(*, token: str, email: str, name: str, password: str,
                            business_name: str = "") -> tuple[User, Membership]:
    """Create an account and join the invitation's group in one step."""
    problem = invitation_problem(find_invitation(token))
    if problem:
        raise Conflict(problem)
    user = create_user(email=email, name=name, password=password, business_name=business_name)
    return user, accept_invitation(user=user, token=token)
