"""Six months of referral history for the demo groups, told through the referral services.

Every referral is passed with pass_referral and moved with change_status,
record_closed_business, rate_quality and thank, so the timeline, the values and
the notifications are exactly what the app would have recorded. Only the clock is
the demo's: rows the services create are dated when the story says they happened
(see _Clock), and a notification counts as read once its recipient has acted on
the referral or it is more than a few days old.

The story is drawn from a seeded random generator, so it is the same on every
load (relative to the day it is loaded), with a few scripted recent stories that
give each demo login something to act on.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from partnernet.demo_profiles import PROFILES, SPHERES
from partnernet.extensions import db
from partnernet.models import (
    ClosedBusiness,
    Group,
    Membership,
    Notification,
    NotificationSettings,
    Referral,
    ReferralEvent,
    Testimonial,
    ThankYou,
    User,
)
from partnernet.models.referrals import Kind, Quality, Relationship, Status
from partnernet.notifications.services import KINDS, update_settings
from partnernet.referrals.services import (
    Prospect,
    Slip,
    change_status,
    pass_referral,
    rate_quality,
    record_closed_business,
    thank,
    write_testimonial,
)

SEED = 20_240_917
WEEKS = 26
# A notification this recent stays unread unless its recipient has acted on the referral since.
UNREAD_FOR = timedelta(days=3)

# How often each member gives and receives, relative to 1.0. Aisha joined three weeks ago and
# only appears in the scripted stories; Ken looks after four groups and is rarely in this one.
ACTIVITY = {
    "maria@example.com": 3.2, "tom@example.com": 3.0, "priya@example.com": 2.0,
    "sofia@example.com": 2.0, "daniel@example.com": 1.7, "raj@example.com": 1.5,
    "james@example.com": 1.5, "grace@example.com": 1.4, "oliver@example.com": 1.3,
    "hannah@example.com": 1.2, "lena@example.com": 1.1, "ken@example.com": 0.3,
    "aisha@example.com": 0.0,
}

# Typical value of one piece of closed business, in major units, by the receiver's seat.
AMOUNTS = {
    "Business coaching": (3_000, 18_000), "Accounting": (1_200, 7_500),
    "Printing": (250, 3_500), "Plumbing": (180, 6_500), "Commercial law": (1_500, 12_000),
    "Regional director": (500, 2_000), "Electrician": (300, 9_000),
    "Residential real estate": (4_500, 16_000), "Mortgages": (1_800, 4_500),
    "Financial planning": (1_500, 6_000), "Commercial insurance": (900, 8_000),
    "Web design": (2_500, 12_000), "IT support": (1_200, 9_000),
    "Interior design": (2_000, 15_000), "Roofing": (4_000, 22_000),
    "HR consulting": (1_500, 9_000), "Catering": (600, 7_000), "Dentistry": (200, 3_500),
    "Landscaping": (400, 9_000), "Photography": (350, 2_800), "Cleaning": (600, 5_000),
    "Physiotherapy": (300, 1_800), "Auto repair": (150, 2_500),
    "Corporate travel": (1_500, 12_000), "Solar installation": (9_000, 28_000),
}
# Seats whose clients come back: more repeat business.
RECURRING = {"Accounting", "Cleaning", "IT support", "Catering", "Printing",
             "Commercial insurance", "Corporate travel", "Landscaping", "HR consulting"}
# Seats whose clients are mostly people, not companies.
PERSONAL = {"Plumbing", "Residential real estate", "Mortgages", "Financial planning",
            "Dentistry", "Physiotherapy", "Auto repair", "Landscaping", "Roofing",
            "Solar installation", "Interior design", "Electrician"}

FIRST_NAMES = [
    "Olivia", "Liam", "Amelia", "Noah", "Sophia", "Elijah", "Isabella", "Mateo", "Mia",
    "Lucas", "Harper", "Levi", "Evelyn", "Asher", "Abigail", "Ethan", "Ella", "Leo",
    "Scarlett", "Jack", "Grace", "Owen", "Chloe", "Daniel", "Riley", "Henry", "Nora",
    "Samuel", "Lily", "Caleb", "Zoe", "Isaac", "Hannah", "Wyatt", "Layla", "Julian",
    "Aria", "Gabriel", "Stella", "Adrian", "Maya", "Miles", "Leah", "Aaron", "Ruby",
    "Dev", "Anika", "Kwame", "Mei", "Tariq", "Ines", "Bogdan", "Ayesha", "Diego",
    "Freya", "Hiro", "Lucia", "Malik", "Rosa", "Viktor",
]
LAST_NAMES = [
    "Anderson", "Brooks", "Castillo", "Dawson", "Ellis", "Foster", "Garcia", "Hughes",
    "Ibrahim", "Jensen", "Keller", "Larsen", "Morales", "Nguyen", "Owens", "Parker",
    "Quinn", "Ramirez", "Sullivan", "Turner", "Underwood", "Vasquez", "Whitaker", "Young",
    "Zimmerman", "Baker", "Chen", "Dubois", "Esposito", "Fraser", "Gupta", "Holm",
    "Iverson", "Jovanovic", "Kowalski", "Lindgren", "Murphy", "Nakamura", "O'Neill",
    "Petrov", "Reyes", "Santos", "Thompson", "Varga", "Wallace", "Yilmaz", "Hart",
    "Moreau", "Bishop", "Coleman",
]
COMPANIES = [
    "Harbor View Dental", "Maple Street Bakery", "Northgate Logistics",
    "Cedar & Pine Architects", "Riverbend Veterinary Clinic", "Summit Fitness Studio",
    "Bluebird Café", "Keystone Property Management", "Oakridge Montessori",
    "Lakeside Auto Body", "Prairie Wind Brewing", "Ironwood Machining", "Copperline Salon",
    "Westfield Orthodontics", "Granite State Movers", "Little Acorns Daycare",
    "Marlow County Credit Union", "Silverleaf Senior Living", "Foundry Coworking",
    "Redtail Engineering", "Brightwater Pools", "Union Square Pharmacy",
    "Hollis & Grant Law", "Evergreen Tree Care", "Millbrook Hardware", "Sparrow Design Co",
    "Tidewater Seafood", "Crescent Physical Therapy", "Beacon Hill Realty Group",
    "Stonebridge Capital", "Juniper Yoga", "Old Mill Antiques", "Pioneer Freight",
    "Kestrel Software", "Magnolia Events", "Quarry Hill Winery", "Sunrise Pediatrics",
    "Harvest Table Restaurant", "Clearview Optometry", "Northstar Staffing",
    "Blue Heron Marina", "Fairway Golf Club", "Anchor Point Storage", "Willow Creek Farms",
    "Civic Print Works", "Larkspur Florist", "Trailhead Outfitters", "Metro Medical Billing",
    "Ridgeline Contractors", "Lantern Bookshop",
]

SLIP_NOTES = [
    "{first} is expecting your call this week — mention my name.",
    "Best to call {first} after 4 pm; mornings are busy for them.",
    "Met {first} at the chamber breakfast. They asked me who I'd trust with this.",
    "{first} has been let down by their last supplier, so follow-up matters here.",
    "Long-time client of mine. Please look after {first}.",
    "{first} wants a quote before the end of the month.",
    "Budget is approved; {first} just needs someone reliable.",
    "",
    "",
    "",
]
NOTES = {
    Status.ACCEPTED: ["", "", "Thanks! I'll call today.", "Got it — calling tomorrow morning."],
    Status.CONTACTED: [
        "Spoke on the phone; site visit booked for next week.",
        "Left a voicemail and an email; {first} called back the same day.",
        "Great first call — thanks for the warm introduction!",
        "Emailed {first}; we're talking Thursday.", "",
    ],
    Status.MEETING: [
        "Met on site Thursday; putting the numbers together.",
        "Coffee meeting went well. They want a proposal.",
        "Walked through everything with {first} and their partner.", "",
    ],
    Status.PROPOSAL: [
        "Quote sent, following up Friday.", "Sent two options; they're comparing.",
        "Proposal is with their board this week.", "",
    ],
    Status.LOST: [
        "They went with a cheaper quote.", "Decided to keep it in-house for now.",
        "Project cancelled after their budget review.",
        "They chose a firm closer to their head office.",
    ],
    Status.WITHDRAWN: [
        "{first} went with their brother-in-law after all.",
        "They've put the project on hold until spring.",
        "Wrong partner — I'm passing this one to someone else.",
    ],
}
DECLINE_REASONS = [
    "Outside my service area, sorry. Try someone in Marlow County.",
    "Too small a job for us; I gave them the number of a good handyman.",
    "They need residential work and we only do commercial.",
    "They're already a client of mine — thanks for thinking of me though!",
    "Conflict of interest: I act for the other party.",
    "Not a fit: they want a one-off and we only do ongoing contracts.",
]
WON_NOTES = ["Signed! Work starts Monday.", "Job done and paid.", "Engagement letter signed.",
             "Deposit received.", "", ""]
REPEAT_NOTES = ["They came back for the second phase.", "Monthly contract renewed.",
                "Another job from the same client.", "Added a second site."]
THANKS = {
    "won": [
        "Thank you, {giver}! {first} was exactly the kind of client I'm looking for.",
        "Thanks for the warm introduction — {first} was expecting my call and we closed quickly.",
        "This one turned into real business. I owe you one, {giver}!",
        "Thank you for trusting me with {first}. They're delighted.",
    ],
    "open": [
        "Thanks for thinking of me, {giver}. I'll keep you posted.",
        "Thank you — a great introduction. Talking to {first} this week.",
        "Really appreciate the referral, {giver}.",
    ],
    "closed": [
        "Thanks, {giver}. It didn't work out this time, but the introduction was spot on.",
        "Thank you for the referral even though it wasn't a fit — keep them coming!",
    ],
}
GIFTS = ["", "", "", "", "Coffee at Tuesday's meeting", "A bottle of wine", "Lunch on me",
         "Gift card for the Bluebird Café"]
TESTIMONIALS = [
    "I referred {prospect} to {first} and heard nothing but praise afterwards: {first} called "
    "the same day, explained the options in plain words and finished on budget. I send people "
    "to {business} with confidence.",
    "{first} kept me informed at every step, which is rare. My client has already booked "
    "{business} again.",
    "Professional, punctual and honest. {first} turned a lukewarm lead of mine into a happy "
    "long-term client.",
    "Several of my clients now work with {first}, and every one of them has thanked me for the "
    "introduction.",
    "{first} treats a referral like gold: a call within a day, a clear proposal, and a "
    "thank-you afterwards. Exactly what you want from a partner.",
    "When {prospect} needed help fast, {first} made the time. I couldn't ask for a better "
    "partner to refer to.",
]


@dataclass
class Step:
    """Something that happens to a referral: a status, business, a rating or a thank-you."""

    at: datetime
    action: str  # a Status value, "business", "repeat", "quality", "thank"
    note: str = ""
    amount: str = ""
    quality: str = ""
    gift: str = ""


@dataclass
class Story:
    giver: str
    receiver: str
    passed_at: datetime
    prospect: Prospect
    kind: str = Kind.OUTSIDE
    relationship: str = Relationship.CLIENT
    temperature: int = 3
    expects_call: bool = True
    criteria: tuple[str, ...] = ()
    note: str = ""
    source: "Story | None" = None
    steps: list[Step] = field(default_factory=list)
    referral_id: int | None = None
    won_at: datetime | None = None


class _Clock:
    """Dates the rows the services create at the story's moment, and tracks notifications.

    Listens to the session's flushes while the history loads: every new referral, event,
    closed-business entry, thank-you, testimonial and notification gets `when`.
    """

    def __init__(self, now: datetime):
        self.now = now
        self.when: datetime | None = None
        self.unseen: dict[tuple[int, int | None], list[Notification]] = defaultdict(list)
        self.count = 0

    def __enter__(self):
        self.session = db.session()
        sa.event.listen(self.session, "before_flush", self._stamp)
        return self

    def __exit__(self, *exc):
        sa.event.remove(self.session, "before_flush", self._stamp)

    def _stamp(self, session, flush_context, instances) -> None:
        if self.when is None:
            return
        for obj in session.new:
            if isinstance(obj, Referral | ReferralEvent | ClosedBusiness | ThankYou |
                          Testimonial | Notification):
                obj.created_at = self.when
            if isinstance(obj, Referral | ClosedBusiness):
                obj.updated_at = self.when
            if isinstance(obj, Notification):
                self.count += 1
                if self.now - self.when > UNREAD_FOR:
                    obj.read_at = self.when + timedelta(hours=2 + self.count % 19)
                else:
                    self.unseen[(obj.user_id, obj.referral_id)].append(obj)

    def seen(self, user_id: int, referral_id: int) -> None:
        """The user acted on the referral now: what they were told about it is read."""
        for notification in self.unseen.pop((user_id, referral_id), []):
            notification.read_at = self.when


def _working_hours(at: datetime, tz: ZoneInfo) -> datetime:
    """Move a moment into the next weekday working hours (8:00–18:00 local)."""
    local = at.astimezone(tz)
    if local.hour >= 18:
        local = (local + timedelta(days=1)).replace(hour=8, minute=(local.minute * 7) % 60)
    elif local.hour < 8:
        local = local.replace(hour=8, minute=(local.minute * 7) % 60)
    while local.weekday() >= 5:
        local += timedelta(days=1)
    return local.astimezone(UTC)


def _money(rng: random.Random, category: str, scale: float = 1.0) -> str:
    low, high = AMOUNTS.get(category, (500, 5_000))
    value = rng.uniform(low, high) * scale
    step = 5 if value < 1_000 else 25 if value < 5_000 else 100
    value = round(value / step) * step
    if rng.random() < 0.2:  # some invoices are not round
        value += rng.choice([0.5, 0.75, 0.99, 0.25]) * step
    return f"{max(value, 50):.2f}"


def _prospect(rng: random.Random, category: str) -> Prospect:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    personal = category in PERSONAL and rng.random() < 0.65
    company = "" if personal else rng.choice(COMPANIES)
    handle = "".join(ch for ch in f"{first}.{last}".lower() if ch.isalnum() or ch == ".")
    domain = "example.com" if personal else \
        "".join(ch for ch in company.lower() if ch.isalnum())[:20] + ".example.com"
    phone = f"+1 555 01{rng.randint(0, 99):02d} {rng.randint(1000, 9999)}" \
        if rng.random() < 0.85 else ""
    return Prospect(name=f"{first} {last}", company=company, email=f"{handle}@{domain}",
                    phone=phone)


def _criteria(rng: random.Random, email: str) -> tuple[str, ...]:
    profiles = PROFILES.get(email, {}).get("ideal_clients", [])
    if not profiles:
        return ()
    pool = list(profiles[0 if rng.random() < 0.7 else rng.randrange(len(profiles))]["criteria"])
    return tuple(rng.sample(pool, k=min(len(pool), rng.randint(1, 3))))


class _Writer:
    """Picks who refers whom and what became of it."""

    def __init__(self, rng: random.Random, now: datetime, tz: ZoneInfo,
                 joined: dict[str, datetime], categories: dict[str, str],
                 users: dict[str, User]):
        self.rng, self.now, self.tz = rng, now, tz
        self.joined, self.categories = joined, categories
        self.names = {e: u.name for e, u in users.items()}
        self.businesses = {e: (u.profile.business_name if u.profile else "") or u.name
                           for e, u in users.items()}
        self.spheres = defaultdict(set)
        for emails in SPHERES.values():
            for email in emails:
                self.spheres[email] |= set(emails) - {email}

    def _pick(self, candidates: list[str], weights: list[float]) -> str:
        return self.rng.choices(candidates, weights=weights, k=1)[0]

    def story(self, passed_at: datetime, done: list[Story]) -> Story | None:
        rng = self.rng
        members = [e for e, j in self.joined.items()
                   if j <= passed_at - timedelta(days=1) and ACTIVITY.get(e, 1.0) > 0]
        if len(members) < 2:
            return None
        giver = self._pick(members, [ACTIVITY.get(e, 1.0) for e in members])
        others = [e for e in members if e != giver]
        receiver = self._pick(others, [ACTIVITY.get(e, 1.0) * (3 if e in self.spheres[giver]
                                                                  else 1) for e in others])
        category = self.categories[receiver]
        inside = rng.random() < 0.12
        source = None
        if not inside and rng.random() < 0.12:
            earlier = [s for s in done if s.receiver == giver and s.won_at is not None
                       and s.won_at < passed_at]
            source = rng.choice(earlier) if earlier else None
        prospect = _prospect(rng, category)
        if inside:  # the giver's own business is the customer; a colleague is the contact
            prospect = Prospect(name=prospect.name, company=self.businesses[giver],
                                email=prospect.email.split("@")[0] + "@" + "".join(
                                    ch for ch in self.businesses[giver].lower()
                                    if ch.isalnum())[:20] + ".example.com",
                                phone=prospect.phone)
        first = prospect.name.split()[0]
        note = rng.choice(SLIP_NOTES).format(first=first)
        if source is not None:
            note = (f"Came out of the {source.prospect.company or source.prospect.name} job: "
                    f"{first} is a friend of theirs and asked who I'd recommend.")
        story = Story(
            giver=giver, receiver=receiver, passed_at=passed_at, prospect=prospect,
            kind=Kind.INSIDE if inside else Kind.OUTSIDE,
            relationship=Relationship.OTHER if inside else rng.choices(
                [Relationship.CLIENT, Relationship.CLIENT_COWORKER, Relationship.FRIEND_FAMILY,
                 Relationship.SUPPLIER, Relationship.OTHER], [40, 12, 25, 10, 13])[0],
            temperature=rng.choices([1, 2, 3, 4, 5], [4, 10, 30, 36, 20])[0],
            expects_call=not inside and rng.random() < 0.7,
            criteria=_criteria(rng, receiver), note="" if inside else note, source=source)
        self.fate(story)
        return story

    def fate(self, story: Story) -> None:
        """What became of the referral, cut off at the present."""
        rng, tz = self.rng, self.tz
        category = self.categories[story.receiver]
        first = story.prospect.name.split()[0]
        outcome = rng.choices(
            ["won", "lost", "declined", "withdrawn", "accepted", "contacted", "meeting",
             "proposal"], [42, 12, 9, 7, 6, 8, 8, 9])[0]
        if story.kind == Kind.INSIDE and outcome in ("declined", "withdrawn"):
            outcome = "won"  # a partner's own business rarely goes elsewhere
        if outcome in ("accepted", "contacted", "meeting", "proposal") and \
                self.now - story.passed_at > timedelta(days=45) and rng.random() < 0.8:
            outcome = "won" if rng.random() < 0.75 else "lost"  # old leads have mostly settled
        t = story.passed_at
        steps: list[Step] = []

        def later(low_hours: float, high_hours: float) -> datetime:
            nonlocal t
            t = _working_hours(t + timedelta(hours=rng.uniform(low_hours, high_hours)), tz)
            return t

        def note(status: str) -> str:
            return rng.choice(NOTES.get(status, [""])).format(first=first)

        if outcome == "declined":
            if rng.random() < 0.25:
                steps.append(Step(later(1, 30), Status.ACCEPTED, note(Status.ACCEPTED)))
            steps.append(Step(later(2, 60), Status.DECLINED, rng.choice(DECLINE_REASONS)))
            if rng.random() < 0.6:
                steps.append(Step(later(0.1, 0.3), "quality", quality=Quality.NOT_A_FIT))
        elif outcome == "withdrawn":
            if rng.random() < 0.4:
                steps.append(Step(later(1, 30), Status.ACCEPTED, note(Status.ACCEPTED)))
            steps.append(Step(later(24, 240), Status.WITHDRAWN, note(Status.WITHDRAWN)))
        else:
            steps.append(Step(later(0.5, 36), Status.ACCEPTED, note(Status.ACCEPTED)))
            if rng.random() < 0.65:
                steps.append(Step(later(0.1, 2), "quality", quality=rng.choices(
                    [Quality.QUALIFIED, Quality.LUKEWARM, Quality.NOT_A_FIT], [70, 25, 5])[0]))
            order = ["contacted", "meeting", "proposal", "final"]
            stop = order.index(outcome) + 1 if outcome in order else len(order)
            skip_meeting = rng.random() < 0.25
            skip_proposal = not skip_meeting and rng.random() < 0.2
            for stage in order[:stop]:
                if stage == "contacted":
                    steps.append(Step(later(4, 96), Status.CONTACTED, note(Status.CONTACTED)))
                elif stage == "meeting" and not skip_meeting:
                    steps.append(Step(later(24, 240), Status.MEETING, note(Status.MEETING)))
                elif stage == "proposal" and not skip_proposal:
                    steps.append(Step(later(24, 200), Status.PROPOSAL, note(Status.PROPOSAL)))
                elif stage == "final":
                    if outcome == "won":
                        steps.append(Step(later(48, 500), "business", rng.choice(WON_NOTES),
                                          amount=_money(rng, category)))
                        chance = 0.45 if category in RECURRING else 0.15
                        repeat_at = t
                        for _ in range(2):
                            if rng.random() >= chance:
                                break
                            repeat_at = _working_hours(
                                repeat_at + timedelta(days=rng.uniform(20, 70)), tz)
                            steps.append(Step(repeat_at, "repeat", rng.choice(REPEAT_NOTES),
                                              amount=_money(rng, category, 0.6)))
                    else:
                        steps.append(Step(later(48, 500), Status.LOST, note(Status.LOST)))
        self._thanks(story, steps, outcome)
        story.steps = sorted((s for s in steps if s.at < self.now - timedelta(minutes=5)),
                             key=lambda s: s.at)
        story.won_at = next((s.at for s in story.steps if s.action == "business"), None)

    def _thanks(self, story: Story, steps: list[Step], outcome: str) -> None:
        rng = self.rng
        if outcome == "withdrawn":
            return
        age = self.now - story.passed_at
        if rng.random() > (0.95 if age > timedelta(days=14) else 0.5):
            return
        business = next((s for s in steps if s.action == "business"), None)
        if business is not None:
            at, tone = business.at + timedelta(hours=rng.uniform(2, 72)), "won"
        elif outcome in ("lost", "declined") and steps:
            at, tone = steps[-1].at + timedelta(hours=rng.uniform(1, 48)), "closed"
        else:
            at, tone = story.passed_at + timedelta(hours=rng.uniform(20, 140)), "open"
        message = rng.choice(THANKS[tone]).format(giver=self.names[story.giver].split()[0],
                                                  first=story.prospect.name.split()[0])
        steps.append(Step(_working_hours(at, self.tz), "thank", message,
                          gift=rng.choice(GIFTS)))


def _ago(now: datetime, days: float, tz: ZoneInfo) -> datetime:
    """`days` before now, squeezed into 7:00–21:00 local so nobody works at 3 a.m.

    The squeeze keeps the order of moments (unlike moving them to working hours), so a
    story's steps stay in sequence; what lands after now is pulled back just before it.
    """
    local = (now - timedelta(days=days)).astimezone(tz)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    fraction = (local - midnight) / timedelta(days=1)
    moment = (midnight + timedelta(hours=7 + 14 * fraction)).astimezone(UTC)
    return min(moment, now - timedelta(minutes=20 + days * 60))


def _scripted(now: datetime, tz: ZoneInfo, rng: random.Random) -> list[Story]:
    """Recent stories that give each demo login something to see and do today."""

    def at(days: float) -> datetime:
        return _ago(now, days, tz)

    def story(giver, receiver, days, name, company, steps, **slip) -> Story:
        first = name.split()[0].lower()
        domain = "".join(ch for ch in company.lower() if ch.isalnum())[:20] or "mail"
        prospect = Prospect(name=name, company=company, email=f"{first}@{domain}.example.com",
                            phone=f"+1 555 01{rng.randint(0, 99):02d} {rng.randint(1000, 9999)}")
        return Story(giver=giver, receiver=receiver, passed_at=at(days), prospect=prospect,
                     criteria=_criteria(rng, receiver), steps=sorted(steps, key=lambda s: s.at),
                     **slip)

    maria, tom, priya, aisha = ("maria@example.com", "tom@example.com", "priya@example.com",
                                "aisha@example.com")
    return [
        # Maria: a new referral to accept, one in progress, news on two she gave, thanks owed.
        story(tom, maria, 0.6, "Helen Brooks", "Harbor View Dental", [], temperature=5,
              note="Burst pipe under the staff kitchen sink; Helen is expecting your call."),
        story("sofia@example.com", maria, 3.2, "Marcus Reyes", "", [
            Step(at(2.9), Status.ACCEPTED, "Thanks Sofia, calling him now."),
            Step(at(1.1), Status.CONTACTED, "Boiler check booked for Friday."),
        ], temperature=4, note="Just bought a 1960s house; wants the plumbing checked."),
        story(maria, "raj@example.com", 15, "Ellen Whitaker", "", [
            Step(at(14.5), Status.ACCEPTED),
            Step(at(12), Status.CONTACTED, "Called Ellen, survey on Monday."),
            Step(at(8), Status.MEETING, "Roof survey done: two slipped sections and flashing."),
            Step(at(0.9), Status.PROPOSAL, "Quote sent: full re-flash plus repairs."),
        ], temperature=4, note="Water coming in around the chimney after the storm."),
        story(maria, "james@example.com", 10, "Tariq Ibrahim", "Bluebird Café", [
            Step(at(9.6), Status.ACCEPTED),
            Step(at(8), Status.CONTACTED),
            Step(at(1.8), "business", "Rewired the kitchen line; paid in full.",
                 amount="2800.00"),
            Step(at(1.2), "thank", "Thanks Maria — Tariq wants us back for the patio lights.",
                 gift="Coffee at Tuesday's meeting"),
        ], temperature=4, note="The café's kitchen keeps tripping the breakers."),
        story(maria, "noah@example.com", 9, "Anika Gupta", "", [
            Step(at(8.5), Status.WITHDRAWN, "Anika's landlord won't allow panels after all."),
        ], temperature=2, note="Asked about solar for her rented house."),
        story("lucas@example.com", maria, 24, "Gabriel Foster", "", [
            Step(at(23), Status.ACCEPTED), Step(at(20), Status.CONTACTED),
            Step(at(12), "business", "New bathroom fitted.", amount="4650.00"),
        ], temperature=3, note="Redoing the garden and the downstairs bathroom."),
        # Aisha: joined three weeks ago, gives first; one referral waiting for her.
        story(aisha, tom, 16, "Ines Moreau", "Moreau Architects", [
            Step(at(15.6), Status.ACCEPTED, "Thank you Aisha, a great first referral!"),
            Step(at(13), Status.CONTACTED),
            Step(at(2), Status.MEETING, "Met Ines and her partner; they want monthly books."),
            Step(at(1.9), "thank", "Welcome to the group, Aisha — and thank you!"),
        ], temperature=4, note="Two-partner practice, their bookkeeper is retiring."),
        story(aisha, "emma@example.com", 9, "Viktor Petrov", "Pioneer Freight", [
            Step(at(8.7), Status.ACCEPTED), Step(at(7), Status.CONTACTED),
            Step(at(6), "thank", "Thank you Aisha, Viktor needs exactly what we do."),
        ], temperature=3, note="Growing fast; 40 staff and no HR policies yet."),
        story(aisha, maria, 4, "Rosa Santos", "Santos Rentals", [
            Step(at(3.4), Status.ACCEPTED, "Thanks Aisha! Calling Rosa tomorrow."),
        ], temperature=3, note="Landlord with six flats; wants one plumber for all of them."),
        story(tom, aisha, 12, "Diego Castillo", "Castillo Imports", [
            Step(at(11.5), Status.ACCEPTED), Step(at(11.4), "quality",
                                                  quality=Quality.QUALIFIED),
            Step(at(9), Status.CONTACTED), Step(at(5), Status.MEETING,
                                                "Reviewing their supplier contracts."),
        ], temperature=5, note="Needs their supplier contracts reviewed before renewal."),
        story(priya, aisha, 0.8, "Freya Lindgren", "Kestrel Software", [], temperature=4,
              note="Shareholder agreement for a new co-founder; Freya expects your call."),
        # Priya and Tom: new referrals waiting, news and thanks on ones they gave.
        story("grace@example.com", priya, 0.3, "Owen Hart", "Redtail Engineering", [],
              temperature=4, note="Owner is the bottleneck, by his own admission."),
        story(priya, "hannah@example.com", 11, "Mei Chen", "Juniper Yoga", [
            Step(at(10.5), Status.ACCEPTED), Step(at(9), Status.CONTACTED),
            Step(at(6), Status.MEETING), Step(at(1.3), Status.PROPOSAL,
                                              "Proposal sent for the new site and booking."),
        ], temperature=4),
        story("grace@example.com", tom, 1.7, "Henry Sullivan", "Sullivan Joinery", [],
              temperature=3, note="Year-end is a mess; they need an accountant before April."),
        story(tom, "oliver@example.com", 38, "Leah Jensen", "Northstar Staffing", [
            Step(at(37), Status.ACCEPTED), Step(at(35), Status.CONTACTED),
            Step(at(30), Status.PROPOSAL),
            Step(at(22), "business", "Liability and property cover placed.", amount="4200.00"),
            Step(at(21), "thank", "Thank you Tom, Leah is a great client."),
            Step(at(0.7), "repeat", "Added cover for their second office.", amount="1150.00"),
        ], temperature=4),
        story("ken@example.com", "samuel@example.com", 2.2, "Bogdan Kowalski",
              "Ironwood Machining", [Step(at(1.6), Status.ACCEPTED)], temperature=3),
    ]


def _joined(group: Group) -> tuple[dict[str, datetime], dict[str, User], dict[str, str]]:
    rows = db.session.execute(
        sa.select(User, Membership.joined_at, Membership.category)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.group_id == group.id, Membership.left_at.is_(None))
        .order_by(Membership.joined_at, User.id)).all()
    return ({u.email: j for u, j, _ in rows}, {u.email: u for u, _, _ in rows},
            {u.email: c or "" for u, _, c in rows})


def _play(story: Story, group: Group, users: dict[str, User], clock: _Clock) -> None:
    """Tell one story through the services."""
    giver, receiver = users[story.giver], users[story.receiver]
    clock.when = story.passed_at
    referral = pass_referral(group=group, giver=giver, passed_at=story.passed_at, slip=Slip(
        receiver_id=receiver.id, prospect=story.prospect, kind=story.kind,
        relationship=story.relationship, temperature=story.temperature,
        expects_call=story.expects_call, criteria_met=story.criteria, note=story.note,
        source_referral_id=story.source.referral_id if story.source else None))
    story.referral_id = referral.id
    tz = ZoneInfo(group.timezone)
    for step in story.steps:
        clock.when = step.at
        actor = giver if step.action == Status.WITHDRAWN else receiver
        if step.action in ("business", "repeat"):
            record_closed_business(referral=referral, actor=receiver, amount=step.amount,
                                   kind="new" if step.action == "business" else "repeat",
                                   closed_on=step.at.astimezone(tz).date(), note=step.note)
        elif step.action == "quality":
            rate_quality(referral=referral, actor=receiver, quality=step.quality)
        elif step.action == "thank":
            thank(referral=referral, actor=receiver, message=step.note, gift=step.gift)
        else:
            change_status(referral=referral, actor=actor, status=step.action,
                          note="" if step.action == Status.DECLINED else step.note,
                          reason=step.note if step.action == Status.DECLINED else "")
        clock.seen(actor.id, referral.id)


def _testimonials(stories: list[Story], group: Group, users: dict[str, User],
                  clock: _Clock, rng: random.Random) -> None:
    """Givers vouch for partners who looked after their clients well."""
    won = sorted((s for s in stories if s.won_at is not None), key=lambda s: s.won_at)
    subjects: set[str] = set()
    for story in rng.sample(won, k=len(won)):
        if story.receiver in subjects:
            continue
        at = _working_hours(story.won_at + timedelta(days=rng.uniform(2, 9)), ZoneInfo(
            group.timezone))
        if at >= clock.now:
            continue
        subject = users[story.receiver]
        clock.when = at
        write_testimonial(group=group, author=users[story.giver], subject_id=subject.id,
                          text=rng.choice(TESTIMONIALS).format(
                              first=subject.name.split()[0], prospect=story.prospect.name,
                              business=subject.profile.business_name if subject.profile
                              else subject.name))
        subjects.add(story.receiver)
        if len(subjects) >= 8:
            break


def _passing_moments(rng: random.Random, now: datetime, tz: ZoneInfo, group: Group,
                     weeks: int, per_week: tuple[int, int]) -> list[datetime]:
    """When referrals were passed: about half at the weekly meeting, the rest in the week."""
    start = (now - timedelta(weeks=weeks)).astimezone(tz)
    monday = start.replace(hour=0, minute=0, second=0, microsecond=0) - \
        timedelta(days=start.weekday())
    meeting_day = group.weekday if group.weekday is not None else 1
    moments = []
    for week in range(weeks + 1):
        week_start = monday + timedelta(weeks=week)
        for _ in range(rng.randint(*per_week)):
            if rng.random() < 0.5:
                day = week_start + timedelta(days=meeting_day)
                local = day.replace(hour=7, minute=10) + timedelta(minutes=rng.randint(0, 75))
            else:
                day = week_start + timedelta(days=rng.randint(0, 4))
                local = day.replace(hour=rng.randint(8, 17), minute=rng.randint(0, 59))
            moment = local.astimezone(UTC)
            if moment < now - timedelta(hours=1):
                moments.append(moment)
    return sorted(moments)


def load_history(group: Group, *, now: datetime, scripted: bool = True,
                 weeks: int = WEEKS, per_week: tuple[int, int] = (5, 9),
                 seed: int = SEED) -> int:
    """Referrals, their pipeline, business, ratings, thanks and testimonials for `group`.

    Flushes, never commits; returns the number of referrals passed.
    """
    rng = random.Random(seed)  # noqa: S311 - a repeatable story, not a secret
    tz = ZoneInfo(group.timezone)
    joined, users, categories = _joined(group)
    writer = _Writer(rng, now, tz, joined, categories, users)
    stories: list[Story] = []
    for moment in _passing_moments(rng, now, tz, group, weeks, per_week):
        story = writer.story(moment, stories)
        if story is not None:
            stories.append(story)
    if scripted:
        for story in _scripted(now, tz, rng):
            if story.giver in users and story.receiver in users:
                story.won_at = next((s.at for s in story.steps if s.action == "business"), None)
                stories.append(story)
    stories.sort(key=lambda s: s.passed_at)
    # Everyone starts with every email on, as a new user would. Stored (and held here, as the
    # session only keeps objects someone references), they are read once, not per notification.
    ids = [u.id for u in users.values()]
    settings = db.session.scalars(sa.select(NotificationSettings)
                                  .where(NotificationSettings.user_id.in_(ids))).all()
    have = {s.user_id for s in settings}
    settings += [update_settings(user=u, **dict.fromkeys(KINDS, True))
                 for u in users.values() if u.id not in have]
    with _Clock(now) as clock:
        for story in stories:
            _play(story, group, users, clock)
        _testimonials(stories, group, users, clock, rng)
        db.session.flush()
    # Each referral was last touched by its latest event (the services stamped the real time).
    latest = (sa.select(sa.func.max(ReferralEvent.created_at))
              .where(ReferralEvent.referral_id == Referral.id).scalar_subquery())
    db.session.execute(sa.update(Referral.__table__).where(Referral.group_id == group.id)
                       .values(updated_at=latest))
    db.session.expire_all()
    # Nobody is emailed about the past.
    db.session().info.pop("outbox", None)
    return len(stories)


def history_missing(group: Group) -> bool:
    """True for a demo group without referrals (loaded before referrals existed)."""
    return db.session.scalar(sa.select(Referral.id).where(Referral.group_id == group.id)
                             .limit(1)) is None
