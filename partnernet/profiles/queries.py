"""Profile reads: my profile and its completeness, the directory, member pages, the router."""

import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from threading import Lock

import sqlalchemy as sa
from markupsafe import Markup

from partnernet.extensions import db
from partnernet.models import (
    ContactSphere,
    IdealClientProfile,
    Membership,
    Profile,
    SphereMember,
    User,
)
from partnernet.profiles import search


@dataclass(frozen=True)
class IdealClient:
    id: int
    title: str
    industries: str
    company_size: str
    geography: str
    decision_makers: str
    triggers: str
    criteria: tuple[str, ...]
    not_a_fit: str


@dataclass(frozen=True)
class Sphere:
    id: int
    name: str
    member_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Card:
    """One member as the directory shows them."""

    member_id: int
    name: str
    business: str
    category: str
    specific_ask: str
    talkable_difference: str
    photo: str
    role: str
    title: str
    joined_at: datetime
    spheres: tuple[Sphere, ...]
    search_text: str = field(repr=False)  # every word of the profile, case-folded

    @property
    def initials(self) -> str:
        parts = [p for p in self.name.split() if p[:1].isalpha()]
        return "".join(p[0] for p in parts[:2]).upper() or self.name[:1].upper()


@dataclass(frozen=True)
class MemberProfile:
    card: Card
    website: str
    phone: str
    bio: str
    ideal_clients: tuple[IdealClient, ...]


@dataclass(frozen=True)
class Completeness:
    percent: int
    missing: tuple[str, ...]


@dataclass(frozen=True)
class CriterionCheck:
    text: str
    applies: bool


@dataclass(frozen=True)
class Match:
    """A partner whose ideal clients fit a lead, with the reasons."""

    card: Card
    score: float
    ideal_client: IdealClient | None
    reasons: tuple[tuple[str, Markup], ...]  # (field label, highlighted text)
    criteria: tuple[CriterionCheck, ...]
    matched_words: tuple[str, ...]


def _ideal_client(row: IdealClientProfile) -> IdealClient:
    return IdealClient(row.id, row.title, row.industries, row.company_size, row.geography,
                       row.decision_makers, row.triggers, tuple(row.criteria or ()),
                       row.not_a_fit)


def list_ideal_clients(user_id: int) -> list[IdealClient]:
    """The user's ideal-client profiles, in their order."""
    rows = db.session.scalars(sa.select(IdealClientProfile)
                              .where(IdealClientProfile.user_id == user_id)
                              .order_by(IdealClientProfile.position, IdealClientProfile.id))
    return [_ideal_client(r) for r in rows]


def get_ideal_client(user_id: int, icp_id: int) -> IdealClient | None:
    row = db.session.get(IdealClientProfile, icp_id)
    return _ideal_client(row) if row is not None and row.user_id == user_id else None


def completeness(profile: Profile | None, ideal_clients: list[IdealClient]) -> Completeness:
    """How complete a member's profile is, naming what is missing, most useful first."""
    p = profile or Profile()
    checks = [
        (bool(p.business_name), "your business name"),
        (bool(p.category), "your business category"),
        (bool(p.talkable_difference), "your talkable difference"),
        (bool(p.specific_ask), "a specific ask"),
        (bool(ideal_clients), "an ideal-client profile"),
        (any(c.criteria for c in ideal_clients), "referral criteria"),
        (any(c.triggers for c in ideal_clients), "trigger events"),
        (any(c.industries for c in ideal_clients), "the industries you serve"),
        (bool(p.bio), "a short bio"),
        (bool(p.photo), "a photo"),
        (bool(p.website or p.phone), "a website or phone number"),
    ]
    done = sum(ok for ok, _ in checks)
    return Completeness(round(100 * done / len(checks)),
                        tuple(label for ok, label in checks if not ok))


def list_spheres(group_id: int) -> list[Sphere]:
    """The group's contact spheres with their current members' ids, by name (two queries)."""
    spheres = db.session.execute(sa.select(ContactSphere.id, ContactSphere.name)
                                 .where(ContactSphere.group_id == group_id)
                                 .order_by(sa.func.lower(ContactSphere.name))).all()
    members: dict[int, set[int]] = {sid: set() for sid, _ in spheres}
    if spheres:
        # Leaving the group keeps the sphere rows (history); former members are not shown.
        for sid, uid in db.session.execute(
                sa.select(SphereMember.sphere_id, SphereMember.user_id)
                .join(Membership, Membership.user_id == SphereMember.user_id)
                .where(SphereMember.sphere_id.in_(members), Membership.group_id == group_id,
                       Membership.left_at.is_(None))):
            members[sid].add(uid)
    return [Sphere(sid, name, frozenset(members[sid])) for sid, name in spheres]


def _text_of(*parts: str) -> str:
    return " ".join(p for p in parts if p).casefold()


def _load_group(group_id: int, member_id: int | None = None):
    """Members (with profile and membership) and their ideal clients: two queries."""
    stmt = (sa.select(User.id, User.name, Membership.role, Membership.title,
                      Membership.category, Membership.joined_at, Profile)
            .join(Membership, Membership.user_id == User.id)
            .outerjoin(Profile, Profile.user_id == User.id)
            .where(Membership.group_id == group_id, Membership.left_at.is_(None))
            .order_by(sa.func.lower(User.name), User.id))
    if member_id is not None:
        stmt = stmt.where(User.id == member_id)
    members = db.session.execute(stmt).all()
    ids = [m[0] for m in members]
    icps: dict[int, list[IdealClient]] = {uid: [] for uid in ids}
    if ids:
        # Plain columns, not entities: building ORM objects took most of the router's time.
        c = IdealClientProfile
        for (user_id, icp_id, title, industries, size, geography, deciders, triggers, criteria,
             not_a_fit) in db.session.execute(
                sa.select(c.user_id, c.id, c.title, c.industries, c.company_size, c.geography,
                          c.decision_makers, c.triggers, c.criteria, c.not_a_fit)
                .where(c.user_id.in_(ids)).order_by(c.position, c.id)):
            icps[user_id].append(IdealClient(icp_id, title, industries, size, geography,
                                             deciders, triggers, tuple(criteria or ()),
                                             not_a_fit))
    return members, icps


def _cards(members, icps, spheres: list[Sphere]) -> list[Card]:
    cards = []
    for uid, name, role, title, seat, joined_at, profile in members:
        p = profile or Profile(business_name="", category="", specific_ask="",
                               talkable_difference="", bio="", photo="")
        mine = tuple(s for s in spheres if uid in s.member_ids)
        icp_text = " ".join(
            _text_of(c.title, c.industries, c.company_size, c.geography, c.decision_makers,
                     c.triggers, " ".join(c.criteria)) for c in icps[uid])
        cards.append(Card(
            member_id=uid, name=name, business=p.business_name or "",
            category=seat or p.category or "", specific_ask=p.specific_ask or "",
            talkable_difference=p.talkable_difference or "", photo=p.photo or "", role=role,
            title=title, joined_at=joined_at, spheres=mine,
            search_text=_text_of(name, p.business_name, seat, p.category, p.specific_ask,
                                 p.talkable_difference, p.bio, title,
                                 " ".join(s.name for s in mine)) + " " + icp_text))
    return cards


def list_directory(group_id: int) -> tuple[list[Card], list[Sphere]]:
    """The group's current members as cards, and its spheres (four queries whatever the size)."""
    spheres = list_spheres(group_id)
    members, icps = _load_group(group_id)
    return _cards(members, icps, spheres), spheres


def filter_cards(cards: list[Card], *, q: str = "", category: str = "",
                 sphere_id: int | None = None) -> list[Card]:
    """The cards matching every word of `q` (in any profile text), the category and sphere."""
    words = q.casefold().split()
    if words:
        cards = [c for c in cards if all(w in c.search_text for w in words)]
    if category:
        cards = [c for c in cards if c.category.casefold() == category.casefold()]
    if sphere_id is not None:
        cards = [c for c in cards if any(s.id == sphere_id for s in c.spheres)]
    return cards


def list_categories(cards: list[Card]) -> list[str]:
    return sorted({c.category for c in cards if c.category}, key=str.casefold)


def get_member_profile(group_id: int, member_id: int) -> MemberProfile | None:
    """A current member's full profile as their group sees it, or None."""
    spheres = list_spheres(group_id)
    members, icps = _load_group(group_id, member_id)
    if not members:
        return None
    [card] = _cards(members, icps, spheres)
    profile = members[0][-1]
    return MemberProfile(card=card, website=profile.website if profile else "",
                         phone=profile.phone if profile else "",
                         bio=profile.bio if profile else "",
                         ideal_clients=tuple(icps[member_id]))


# The router's index is rebuilt only when the group's profile text changes.
_INDEX_CACHE: "OrderedDict[str, search.Index]" = OrderedDict()
_INDEX_CACHE_SIZE = 64
_INDEX_LOCK = Lock()


def _documents(members, icps) -> list[search.Document]:
    docs = []
    for uid, _name, _role, _title, seat, _joined, profile in members:
        base = {
            "category": " ".join(filter(None, [seat, profile.category if profile else ""])),
            "business_name": profile.business_name if profile else "",
            "talkable_difference": profile.talkable_difference if profile else "",
            "specific_ask": profile.specific_ask if profile else "",
            "bio": profile.bio if profile else "",
        }
        if not icps[uid]:
            docs.append(search.Document(uid, None, base))
        for c in icps[uid]:
            docs.append(search.Document(uid, c.id, {
                **base, "title": c.title, "industries": c.industries,
                "company_size": c.company_size, "geography": c.geography,
                "decision_makers": c.decision_makers, "triggers": c.triggers,
                "criteria": "\n".join(c.criteria)}))
    return docs


def _index_for(documents: list[search.Document]) -> search.Index:
    # Every field, length-prefixed so that no two different texts read the same
    # (five times faster than hashing the repr of the documents).
    parts = []
    for d in documents:
        parts.append(f"{d.member_id}:{d.key}")
        for name in search.FIELD_WEIGHTS:
            value = d.fields.get(name) or ""
            parts.append(f"{len(value)}:{value}")
    digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()
    with _INDEX_LOCK:
        index = _INDEX_CACHE.get(digest)
        if index is not None:
            _INDEX_CACHE.move_to_end(digest)
            return index
    index = search.Index(documents)
    with _INDEX_LOCK:
        _INDEX_CACHE[digest] = index
        while len(_INDEX_CACHE) > _INDEX_CACHE_SIZE:
            _INDEX_CACHE.popitem(last=False)
    return index


REASON_FIELDS = (
    ("criteria", "Criteria"), ("industries", "Industries"), ("triggers", "When they need it"),
    ("title", "Ideal client"), ("decision_makers", "Decision-makers"),
    ("company_size", "Company size"), ("geography", "Where"), ("category", "Category"),
    ("specific_ask", "Specific ask"), ("talkable_difference", "Difference"), ("bio", "Bio"),
)


def match_lead(group_id: int, text: str, *, limit: int = 3,
               exclude_member_id: int | None = None) -> list[Match]:
    """The partners whose ideal clients best fit a lead described in plain words."""
    if not search.terms(text):
        return []
    spheres = list_spheres(group_id)
    members, icps = _load_group(group_id)
    index = _index_for(_documents(members, icps))
    hits = [h for h in index.search(text, limit=limit + 1)
            if h.member_id != exclude_member_id][:limit]
    # Cards for the partners shown only, not for the whole group.
    shown = {h.member_id for h in hits}
    cards = {c.member_id: c for c in _cards([m for m in members if m[0] in shown], icps,
                                             spheres)}
    by_key = {d.key: d for d in index.documents if d.key is not None}
    base_docs = {d.member_id: d for d in index.documents if d.key is None}
    matches = []
    for hit in hits:
        doc = by_key.get(hit.key) if hit.key is not None else base_docs[hit.member_id]
        icp = next((c for c in icps[hit.member_id] if c.id == hit.key), None)
        reasons = tuple(
            (label, search.excerpt(doc.fields[name], hit.matched))
            for name, label in REASON_FIELDS
            if name != "criteria" and doc.fields.get(name)
            and search.mentions(doc.fields[name], hit.matched))
        criteria = tuple(CriterionCheck(c, search.mentions(c, hit.matched))
                         for c in (icp.criteria if icp else ()))
        words = tuple(sorted({w for w in search.words(text)
                              if search.mentions(w, hit.matched)}, key=str.casefold))
        matches.append(Match(cards[hit.member_id], hit.score, icp, reasons, criteria, words))
    return matches
