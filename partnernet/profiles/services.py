"""Profile writes: business profile, photo, ideal-client profiles, contact spheres."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import sqlalchemy as sa

from partnernet.errors import DomainError, PermissionDenied
from partnernet.extensions import db
from partnernet.groups.queries import get_active_membership
from partnernet.models import (
    ContactSphere,
    Group,
    IdealClientProfile,
    Membership,
    Profile,
    SphereMember,
    User,
)
from partnernet.models.profiles import (
    ASK_MAX,
    BIO_MAX,
    BUSINESS_MAX,
    CATEGORY_MAX,
    CRITERIA_MAX_COUNT,
    CRITERION_MAX,
    DIFFERENCE_MAX,
    ICP_LONG_MAX,
    ICP_SHORT_MAX,
    ICP_TITLE_MAX,
    NOT_A_FIT_MAX,
    PHONE_MAX,
    SPHERE_NAME_MAX,
    WEBSITE_MAX,
)
from partnernet.profiles import photos
from partnernet.text import clean_block, clean_line

IDEAL_CLIENTS_MAX = 10
_PHONE_CHARS = re.compile(r"^[0-9+()\-. ]+$")


class ProfileError(DomainError):
    pass


@dataclass(frozen=True)
class ProfileData:
    business_name: str = ""
    category: str = ""
    website: str = ""
    phone: str = ""
    bio: str = ""
    talkable_difference: str = ""
    specific_ask: str = ""


@dataclass(frozen=True)
class IdealClientData:
    title: str
    industries: str = ""
    company_size: str = ""
    geography: str = ""
    decision_makers: str = ""
    triggers: str = ""
    criteria: tuple[str, ...] = field(default_factory=tuple)
    not_a_fit: str = ""


def _line(value, name, label, max_length, required=False):
    return clean_line(value, field=name, label=label, max_length=max_length, required=required,
                      error=ProfileError)


def _block(value, name, label, max_length):
    return clean_block(value, field=name, label=label, max_length=max_length, error=ProfileError)


def clean_website(value: str | None) -> str:
    """An http(s) address; a bare domain gets https:// in front."""
    value = (value or "").strip()
    if not value:
        return ""
    if "://" not in value and not value.lower().startswith(("javascript:", "data:")):
        value = "https://" + value
    parts = urlsplit(value)
    if parts.scheme.lower() not in {"http", "https"} or "." not in parts.netloc \
            or any(ch.isspace() or not ch.isprintable() for ch in value):
        raise ProfileError("Enter a web address starting with http:// or https://.", "website")
    if len(value) > WEBSITE_MAX:
        raise ProfileError(f"Use at most {WEBSITE_MAX} characters for the website.", "website")
    return value


def clean_phone(value: str | None) -> str:
    """A phone number as typed, if it looks like one: 7–15 digits, + ( ) - . and spaces."""
    value = " ".join((value or "").split())
    if not value:
        return ""
    digits = sum(ch.isdigit() for ch in value)
    if len(value) > PHONE_MAX or not _PHONE_CHARS.match(value) or not 7 <= digits <= 15 \
            or "+" in value[1:]:
        raise ProfileError("Enter a phone number with 7 to 15 digits, for example "
                           "+1 555 010 2233.", "phone")
    return value


def clean_criteria(values: Iterable[str]) -> tuple[str, ...]:
    """Referral criteria: short one-line statements, empty ones dropped, at most ten."""
    items = [_line(v, "criteria", "each criterion", CRITERION_MAX) for v in values]
    items = [item for item in items if item]
    if len(items) > CRITERIA_MAX_COUNT:
        raise ProfileError(f"List at most {CRITERIA_MAX_COUNT} referral criteria.", "criteria")
    return tuple(items)


def _profile(user: User) -> Profile:
    if user.profile is None:
        user.profile = Profile()
    return user.profile


def update_profile(*, user: User, data: ProfileData) -> Profile:
    """Save the user's business profile."""
    values = {
        "business_name": _line(data.business_name, "business_name", "the business name",
                               BUSINESS_MAX),
        "category": _line(data.category, "category", "the category", CATEGORY_MAX),
        "website": clean_website(data.website),
        "phone": clean_phone(data.phone),
        "bio": _block(data.bio, "bio", "the bio", BIO_MAX),
        "talkable_difference": _line(data.talkable_difference, "talkable_difference",
                                     "the talkable difference", DIFFERENCE_MAX),
        "specific_ask": _line(data.specific_ask, "specific_ask", "the specific ask", ASK_MAX),
    }
    profile = _profile(user)
    for key, value in values.items():
        setattr(profile, key, value)
    db.session.flush()
    return profile


def set_photo(*, user: User, data: bytes, directory: Path) -> str:
    """Replace the user's photo with a re-encoded copy of `data`; returns the old file name.

    Nothing is stored when the upload is refused. The caller removes the old file
    once the change is committed.
    """
    try:
        jpeg = photos.reencode(data)
    except photos.PhotoError as exc:
        raise ProfileError(str(exc), "photo") from exc
    profile = _profile(user)
    old = profile.photo
    profile.photo = photos.store(directory, user.id, jpeg)
    db.session.flush()
    return old


def remove_photo(*, user: User) -> str:
    """Forget the user's photo; returns the file name for the caller to delete after commit."""
    profile = _profile(user)
    old, profile.photo = profile.photo, ""
    db.session.flush()
    return old


def _ideal_client_values(data: IdealClientData) -> dict:
    return {
        "title": _line(data.title, "title", "a title", ICP_TITLE_MAX, required=True),
        "industries": _line(data.industries, "industries", "the industries", ICP_SHORT_MAX),
        "company_size": _line(data.company_size, "company_size", "the company size",
                              ICP_SHORT_MAX),
        "geography": _line(data.geography, "geography", "the geography", ICP_SHORT_MAX),
        "decision_makers": _line(data.decision_makers, "decision_makers",
                                 "the decision-makers", ICP_SHORT_MAX),
        "triggers": _block(data.triggers, "triggers", "the trigger events", ICP_LONG_MAX),
        "criteria": list(clean_criteria(data.criteria)),
        "not_a_fit": _block(data.not_a_fit, "not_a_fit", "the not-a-fit notes", NOT_A_FIT_MAX),
    }


def _own_ideal_client(user: User, icp_id: int) -> IdealClientProfile:
    icp = db.session.get(IdealClientProfile, icp_id)
    if icp is None or icp.user_id != user.id:
        raise ProfileError("No such ideal-client profile.")
    return icp


def add_ideal_client(*, user: User, data: IdealClientData) -> IdealClientProfile:
    """Add an ideal-client profile at the end of the user's list."""
    values = _ideal_client_values(data)
    count, last = db.session.execute(
        sa.select(sa.func.count(), sa.func.max(IdealClientProfile.position))
        .where(IdealClientProfile.user_id == user.id)).one()
    if count >= IDEAL_CLIENTS_MAX:
        raise ProfileError(f"You can have at most {IDEAL_CLIENTS_MAX} ideal-client profiles; "
                           "edit or delete one first.")
    # After the last one, not at `count`: deletions leave gaps in the positions.
    icp = IdealClientProfile(user_id=user.id, position=0 if last is None else last + 1,
                             **values)
    db.session.add(icp)
    db.session.flush()
    return icp


def update_ideal_client(*, user: User, icp_id: int, data: IdealClientData) -> IdealClientProfile:
    """Change one of the user's ideal-client profiles."""
    icp = _own_ideal_client(user, icp_id)
    for key, value in _ideal_client_values(data).items():
        setattr(icp, key, value)
    db.session.flush()
    return icp


def delete_ideal_client(*, user: User, icp_id: int) -> None:
    """Delete one of the user's ideal-client profiles."""
    db.session.delete(_own_ideal_client(user, icp_id))
    db.session.flush()


def _require_facilitator(group: Group, actor: User) -> None:
    membership = get_active_membership(group.id, actor.id)
    if membership is None or not membership.is_facilitator:
        raise PermissionDenied("Only the group's facilitators can manage contact spheres.")


def _sphere_name(name: str, group: Group, exclude_id: int | None = None) -> str:
    name = _line(name, "name", "the sphere's name", SPHERE_NAME_MAX, required=True)
    stmt = sa.select(ContactSphere.name).where(ContactSphere.group_id == group.id)
    if exclude_id is not None:
        stmt = stmt.where(ContactSphere.id != exclude_id)
    # Compared in Python: SQLite's lower() folds only ASCII letters ("SANTÉ" vs "santé").
    if any(other.casefold() == name.casefold() for other in db.session.scalars(stmt)):
        raise ProfileError("The group already has a sphere with this name.", "name")
    return name


def create_sphere(*, actor: User, group: Group, name: str) -> ContactSphere:
    """A new contact sphere in the group (facilitators only)."""
    _require_facilitator(group, actor)
    sphere = ContactSphere(group_id=group.id, name=_sphere_name(name, group))
    db.session.add(sphere)
    db.session.flush()
    return sphere


def update_sphere(*, actor: User, sphere: ContactSphere, name: str,
                  member_ids: Iterable[int]) -> ContactSphere:
    """Rename a sphere and set who is in it (current members of the group only)."""
    group = db.session.get(Group, sphere.group_id)
    _require_facilitator(group, actor)
    sphere.name = _sphere_name(name, group, exclude_id=sphere.id)
    wanted = set(member_ids)
    current = set(db.session.scalars(
        sa.select(Membership.user_id).where(Membership.group_id == group.id,
                                            Membership.left_at.is_(None),
                                            Membership.user_id.in_(wanted))))
    if wanted - current:
        raise ProfileError("Only current members of the group can be in a sphere.", "members")
    sphere.members = [m for m in sphere.members if m.user_id in wanted]
    have = {m.user_id for m in sphere.members}
    sphere.members.extend(SphereMember(user_id=uid) for uid in sorted(wanted - have))
    db.session.flush()
    return sphere


def delete_sphere(*, actor: User, sphere: ContactSphere) -> None:
    """Delete a sphere (facilitators only); its members stay in the group."""
    _require_facilitator(db.session.get(Group, sphere.group_id), actor)
    db.session.delete(sphere)
    db.session.flush()
