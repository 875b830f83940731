"""Referral pages: the slip, the lists, the referral page and each action on it, thanks owed,
testimonials, and the query budget of the lists and the page."""

import html
import re
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.models import (
    ClosedBusiness,
    Referral,
    ReferralEvent,
    Role,
    ThankYou,
)
from partnernet.models import Testimonial as StoredTestimonial  # pytest would collect Test*
from partnernet.models.base import utcnow
from partnernet.models.referrals import Status
from partnernet.periods import local_today
from tests import factories
from tests.factories import IdealClientFactory, MembershipFactory, UserFactory
from tests.groups.helpers import field_error, plain, text

DAY = timedelta(days=1)
CRITERIA = ["Owner-managed business", "Ten or more staff", "Ready to move this quarter"]


@pytest.fixture
def cast(app):
    """Gina gives, Rafael receives, Mo is another member; Otto leads another group."""
    cast = factories.make_referral_cast()
    IdealClientFactory(user=cast.receiver, criteria=CRITERIA)
    return cast


def words(response_or_page) -> str:
    """The text a reader sees: tags dropped, entities decoded, runs of spaces made one."""
    page = response_or_page if isinstance(response_or_page, str) else text(response_or_page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split()).replace(" ,", ",")


def count(model, **where) -> int:
    stmt = sa.select(sa.func.count()).select_from(model)
    for name, value in where.items():
        stmt = stmt.where(getattr(model, name) == value)
    return db.session.scalar(stmt)


def fresh(referral_id: int) -> Referral:
    db.session.expire_all()
    return db.session.get(Referral, referral_id)


def slip(cast, **overrides) -> dict:
    """A complete slip as the browser posts it."""
    data = {"receiver_id": str(cast.receiver.id), "prospect_name": "Jane Doe",
            "prospect_company": "Doe Dental", "prospect_email": "jane@doedental.example",
            "prospect_phone": "+44 20 7946 0001", "criteria_met": [CRITERIA[0], CRITERIA[1]],
            "temperature": "4", "kind": "outside", "relationship": "client",
            "expects_call": "y", "note": "Opening a second practice in May.",
            "source_referral_id": ""}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def new_url(cast) -> str:
    return f"/groups/{cast.group.id}/referrals/new"


def htmx(**headers) -> dict:
    return {"HX-Request": "true", **headers}


# The slip ---------------------------------------------------------------------------------


def test_the_slip_lists_the_partners_and_prefills_from_a_link(cast, client, auth):
    auth.login(cast.giver)
    response = client.get(new_url(cast) + f"?to={cast.receiver.id}&note=Dentist+opening+a+"
                                           "second+site")
    page = text(response)

    assert response.status_code == 200
    receiver = re.search(r'<select[^>]*id="receiver_id".*?</select>', page, re.S).group(0)
    assert f'<option selected value="{cast.receiver.id}">Rafael Receiver — Rafael Receiver Ltd' \
        in receiver
    assert "Mo Member" in receiver
    assert "Gina Giver" not in receiver  # not to yourself
    assert "Otto Outsider" not in receiver  # only this group's members
    assert "Dentist opening a second site</textarea>" in page
    for criterion in CRITERIA:  # the chosen receiver's criteria, ready to tick
        assert f'value="{criterion}"' in page
    assert "I vouched for you; they are ready to talk business." in page  # temperature explained


def test_a_prefilled_receiver_from_another_group_is_ignored(cast, client, auth):
    auth.login(cast.giver)
    page = text(client.get(new_url(cast) + f"?to={cast.outsider.id}"))
    assert "selected" not in re.search(r'id="receiver_id".*?</select>', page, re.S).group(0)
    assert "Choose a partner to see" in page


def test_passing_a_referral_saves_it_and_opens_its_page(cast, client, auth):
    auth.login(cast.giver)
    response = client.post(new_url(cast), data=slip(cast))

    assert response.status_code == 303
    referral = db.session.scalar(sa.select(Referral))
    assert response.headers["Location"] == f"/referrals/{referral.id}"
    assert (referral.giver_id, referral.receiver_id, referral.status) == (
        cast.giver.id, cast.receiver.id, Status.PASSED)
    assert (referral.prospect_name, referral.prospect_company, referral.prospect_email) == (
        "Jane Doe", "Doe Dental", "jane@doedental.example")
    assert referral.criteria_met == CRITERIA[:2]
    assert (referral.temperature, referral.kind, referral.expects_call) == (4, "outside", True)
    assert referral.note == "Opening a second practice in May."

    page = plain(client.get(response.headers["Location"]))
    assert "Referral passed to Rafael Receiver" in page
    assert "Jane Doe" in page and "+44 20 7946 0001" in page


def test_an_inside_referral_never_expects_a_call(cast, client, auth):
    auth.login(cast.giver)
    client.post(new_url(cast), data=slip(cast, kind="inside", expects_call="y"))
    assert db.session.scalar(sa.select(Referral.expects_call)) is False


def test_a_referral_can_come_from_an_earlier_one(cast, client, auth):
    earlier = factories.referral(cast.group, cast.member, cast.giver, prospect_name="First Lead")
    auth.login(cast.giver)
    page = text(client.get(new_url(cast)))
    assert f'<option value="{earlier.id}">First Lead — from Mo Member' in page

    client.post(new_url(cast), data=slip(cast, source_referral_id=str(earlier.id)))
    later = db.session.scalar(sa.select(Referral).where(Referral.id != earlier.id))
    assert later.source_referral_id == earlier.id


def test_the_criteria_fragment_follows_the_chosen_receiver(cast, client, auth):
    auth.login(cast.giver)
    url = f"/groups/{cast.group.id}/referrals/criteria"

    response = client.get(f"{url}?receiver_id={cast.receiver.id}", headers=htmx())
    body = text(response)
    assert response.status_code == 200
    assert "<html" not in body
    assert body.count('type="checkbox"') == 3
    assert "Rafael's referral criteria" in body

    member = text(client.get(f"{url}?receiver_id={cast.member.id}", headers=htmx()))
    assert "Mo Member hasn't listed referral criteria yet" in member

    # No one outside the group, and not yourself: nothing is shown.
    IdealClientFactory(user=cast.outsider, criteria=["Secret criterion"])
    for who in (cast.outsider.id, cast.giver.id, 0):
        body = text(client.get(f"{url}?receiver_id={who}", headers=htmx()))
        assert 'type="checkbox"' not in body and "Secret criterion" not in body
        assert "Choose a partner to see" in body


def test_a_recent_duplicate_is_shown_before_saving_then_passed_on_confirmation(cast, client,
                                                                               auth):
    factories.referral(cast.group, cast.member, cast.receiver, prospect_name="Jane Doe",
                       passed_at=datetime(2025, 3, 4, 9, tzinfo=UTC))
    cast.group.timezone = "Europe/London"
    db.session.commit()
    auth.login(cast.giver)
    first = db.session.scalar(sa.select(Referral.id))
    before = count(Referral)

    # Same prospect (other case and accents) to the same partner, 20 days later.
    with _now(datetime(2025, 3, 24, 12, tzinfo=UTC)):
        response = client.post(new_url(cast), data=slip(cast, prospect_name="  jané DOE "))
    page = plain(response)
    assert response.status_code == 200
    assert count(Referral) == before  # nothing saved yet
    assert "Already passed: Jane Doe went to Rafael Receiver on 4 March 2025, from Mo Member " \
           "— now “Passed”" in words(page)
    assert 'name="confirm_duplicate" value="y"' in page
    assert f'href="/referrals/{first}"' in page
    assert 'value="  jané DOE "' in page or 'value="jané DOE"' in page  # what was typed is kept

    response = client.post(new_url(cast), data=slip(cast, prospect_name="jané DOE",
                                                     confirm_duplicate="y"))
    assert response.status_code == 303
    assert count(Referral) == before + 1


@contextmanager
def _now(moment: datetime):
    """Run the block as if it were `moment` for find_duplicates (its window is 90 days)."""
    from partnernet.referrals import services

    original = services.find_duplicates

    def at_moment(**kwargs):
        return original(now=moment, **kwargs)

    services.find_duplicates = at_moment
    try:
        yield
    finally:
        services.find_duplicates = original


def test_the_live_duplicate_warning(cast, client, auth):
    factories.referral(cast.group, cast.member, cast.receiver, prospect_name="Jane Doe",
                       passed_at=utcnow() - 10 * DAY)
    factories.referral(cast.group, cast.member, cast.receiver, prospect_name="Old Lead",
                       passed_at=utcnow() - 100 * DAY)
    auth.login(cast.giver)
    url = f"/groups/{cast.group.id}/referrals/duplicates"

    def warning(receiver, name, email=""):
        response = client.get(url, query_string={"receiver_id": receiver, "prospect_name": name,
                                                 "prospect_email": email}, headers=htmx())
        assert response.status_code == 200
        assert "<html" not in text(response)
        return plain(response)

    assert "Already passed" in warning(cast.receiver.id, "JANE doe")
    assert "Already passed" not in warning(cast.member.id, "Jane Doe")  # another partner
    assert "Already passed" not in warning(cast.receiver.id, "Old Lead")  # over 90 days ago
    assert "Already passed" not in warning(cast.receiver.id, "Someone Else")
    assert "Already passed" not in warning(cast.outsider.id, "Jane Doe")


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"receiver_id": "OUTSIDER"}, "receiver_id", "not a member of this group"),
    ({"receiver_id": "GIVER"}, "receiver_id", "can't pass a referral to yourself"),
    ({"receiver_id": ""}, "receiver_id", "Choose the partner"),
    ({"prospect_name": "   "}, "prospect_name", "Enter the prospect's name"),
    ({"prospect_email": "not-an-email"}, "prospect_email", "not a valid email"),
    ({"prospect_phone": "12"}, "prospect_phone", "7 to 15 digits"),
    ({"temperature": "9"}, "temperature", "from 1 to 5"),
    ({"kind": "sideways"}, "kind", "outside or inside"),
    ({"relationship": "enemy"}, "relationship", "how you know"),
    ({"criteria_met": ["Loves golf"]}, "criteria_met", "doesn't list these criteria"),
    ({"source_referral_id": "FOREIGN"}, "source_referral_id", "source referral"),
    ({"note": "x" * 2001}, "note", "2000"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_a_bad_slip_says_what_to_fix_beside_the_field_and_saves_nothing(
        cast, client, auth, overrides, field, message):
    foreign = factories.referral(cast.other_group, cast.outsider,
                                 MembershipFactory(group=cast.other_group).user)
    stand_ins = {"OUTSIDER": str(cast.outsider.id), "GIVER": str(cast.giver.id),
                 "FOREIGN": str(foreign.id)}
    overrides = {k: stand_ins.get(v, v) if isinstance(v, str) else v
                 for k, v in overrides.items()}
    auth.login(cast.giver)
    before = count(Referral)

    response = client.post(new_url(cast), data=slip(cast, **overrides))

    assert response.status_code == 422
    error = field_error(text(response), field)
    assert error is not None and message.lower() in error.lower(), error
    assert count(Referral) == before


# Lists ------------------------------------------------------------------------------------


@pytest.fixture
def traffic(cast):
    """Rafael received three from Gina (one won and thanked) and one from Mo; gave one."""
    group, g, r, m = cast.group, cast.giver, cast.receiver, cast.member
    now = utcnow()
    won = factories.referral(group, g, r, prospect_name="Won Lead", status=Status.WON,
                             prospect_company="Winners Ltd", temperature=5,
                             passed_at=now - 40 * DAY)
    factories.closed_business(won, 125000, closed_on=local_today(group.timezone))
    factories.thank_you(won)
    factories.referral(group, g, r, prospect_name="Fresh Lead", passed_at=now - 2 * DAY)
    factories.referral(group, g, r, prospect_name="Busy Lead", status=Status.CONTACTED,
                       passed_at=now - 5 * DAY)
    factories.referral(group, m, r, prospect_name="Mo's Lead", status=Status.LOST,
                       passed_at=now - 200 * DAY)
    factories.referral(group, r, g, prospect_name="Given Lead", passed_at=now - DAY)
    factories.referral(group, g, m, prospect_name="Not Rafael's", passed_at=now - DAY)
    return cast


def rows(page: str) -> list[str]:
    """The prospects listed, in order."""
    found = re.findall(
        r'<th scope="row" class="rt-prospect">\s*<a href="/referrals/\d+">([^<]+)</a>', page)
    return [html.unescape(name) for name in found]


def chip(page: str, label: str) -> int | None:
    found = re.search(rf'class="chip"[^>]*>{re.escape(label)} <span class="chip-count">(\d+)<',
                      page)
    return int(found.group(1)) if found else None


def test_the_received_list_shows_each_referral_and_the_counts(traffic, client, auth):
    auth.login(traffic.receiver)
    response = client.get(f"/groups/{traffic.group.id}/referrals")
    page = plain(response)

    assert response.status_code == 200
    assert rows(page) == ["Fresh Lead", "Busy Lead", "Won Lead", "Mo's Lead"]  # newest first
    assert "Given Lead" not in page and "Not Rafael's" not in page
    assert (chip(page, "All"), chip(page, "Open"), chip(page, "Won"), chip(page, "Lost"),
            chip(page, "Contacted"), chip(page, "Passed")) == (4, 2, 1, 1, 1, 1)
    assert chip(page, "Declined") is None  # statuses with nothing in them stay out of the way
    won = page[page.index("Won Lead"):page.index("</tr>", page.index("Won Lead"))]
    for part in ("Winners Ltd", "Gina Giver", "Won", "5/5", "£1,250.00", "Thanked"):
        assert part in won
    fresh_row = page[page.index("Fresh Lead"):page.index("</tr>", page.index("Fresh Lead"))]
    assert "Say thank you" in fresh_row
    assert 'aria-current="page">Received' in page


def test_the_given_list(traffic, client, auth):
    auth.login(traffic.receiver)
    page = plain(client.get(f"/groups/{traffic.group.id}/referrals?role=given"))
    assert rows(page) == ["Given Lead"]
    assert "Gina Giver" in page  # the other party
    assert chip(page, "All") == 1
    assert 'aria-current="page">Given' in page


@pytest.mark.parametrize(("query", "expected"), [
    ("status=open", ["Fresh Lead", "Busy Lead"]),
    ("status=won", ["Won Lead"]),
    ("status=declined", []),
    ("period=month", ["Fresh Lead", "Busy Lead"]),
    ("period=quarter", ["Fresh Lead", "Busy Lead", "Won Lead"]),
    ("period=quarter&status=won", ["Won Lead"]),
    ("period=12m", ["Fresh Lead", "Busy Lead", "Won Lead", "Mo's Lead"]),
    ("status=bogus&period=forever&role=nobody", ["Fresh Lead", "Busy Lead", "Won Lead",
                                                 "Mo's Lead"]),
])
def test_filters(traffic, client, auth, query, expected):
    auth.login(traffic.receiver)
    response = client.get(f"/groups/{traffic.group.id}/referrals?{query}")
    assert response.status_code == 200
    assert rows(text(response)) == expected


def test_counts_follow_the_period_whatever_the_status(traffic, client, auth):
    auth.login(traffic.receiver)
    page = text(client.get(f"/groups/{traffic.group.id}/referrals?period=month&status=won"))
    assert (chip(page, "All"), chip(page, "Open"), chip(page, "Won")) == (2, 2, 0)
    assert chip(page, "Lost") is None
    assert "No referral received matches these filters" in words(page)


def test_htmx_gets_the_list_alone(traffic, client, auth):
    auth.login(traffic.receiver)
    response = client.get(f"/groups/{traffic.group.id}/referrals?status=open", headers=htmx())
    body = text(response)
    assert response.status_code == 200
    assert "<html" not in body and "site-header" not in body
    assert rows(body) == ["Fresh Lead", "Busy Lead"]
    assert "HX-Request" in response.headers["Vary"]
    full = client.get(f"/groups/{traffic.group.id}/referrals?status=open")
    assert "<html" in text(full) and "HX-Request" in full.headers["Vary"]


def test_passed_dates_are_in_the_groups_time_zone(cast, client, auth):
    cast.group.timezone = "Pacific/Auckland"
    db.session.commit()
    factories.referral(cast.group, cast.giver, cast.receiver,
                       passed_at=datetime(2025, 3, 1, 23, 30, tzinfo=UTC))
    auth.login(cast.receiver)
    page = text(client.get(f"/groups/{cast.group.id}/referrals"))
    assert "2 Mar 2025" in page and "1 Mar 2025" not in page


def test_empty_lists_say_what_to_do_next(cast, client, auth):
    auth.login(cast.member)
    received = plain(client.get(f"/groups/{cast.group.id}/referrals"))
    assert "No referrals received yet" in received
    assert "Describe your ideal clients" in received
    given = plain(client.get(f"/groups/{cast.group.id}/referrals?role=given"))
    assert "You haven't passed a referral yet" in given
    assert f'href="/groups/{cast.group.id}/referrals/new"' in given


def test_thanks_owed_lists_unthanked_referrals_oldest_first(traffic, client, auth):
    withdrawn = factories.referral(traffic.group, traffic.member, traffic.receiver,
                                   prospect_name="Withdrawn Lead", status=Status.WITHDRAWN)
    auth.login(traffic.receiver)
    response = client.get(f"/groups/{traffic.group.id}/thanks-owed")
    page = plain(response)

    assert response.status_code == 200
    listed = re.findall(r'<a href="/referrals/\d+">([^<]+)</a>', page)
    assert listed == ["Mo's Lead", "Busy Lead", "Fresh Lead"]  # Won Lead is thanked
    assert "Withdrawn Lead" not in page
    assert page.count(">Say thank you</a>") == 3
    assert f"/referrals/{withdrawn.id}" not in page

    auth.login(MembershipFactory(group=traffic.group).user)
    empty = plain(client.get(f"/groups/{traffic.group.id}/thanks-owed"))
    assert "You're up to date" in empty


# The referral page ------------------------------------------------------------------------


@pytest.fixture
def referral(cast):
    """Jane Doe, passed by Gina to Rafael with contact details and criteria."""
    return factories.referral(
        cast.group, cast.giver, cast.receiver, prospect_name="Jane Doe",
        prospect_company="Doe Dental", prospect_email="jane@doedental.example",
        prospect_phone="+44 20 7946 0001", criteria_met=[CRITERIA[0]], note="Call after 5pm.",
        temperature=4, passed_at=utcnow() - 3 * DAY)


def show(client, referral_id: int, **kwargs):
    return client.get(f"/referrals/{referral_id}", **kwargs)


@pytest.mark.parametrize("who", ["giver", "receiver"])
def test_giver_and_receiver_see_the_prospects_contact_details(cast, referral, client, auth, who):
    auth.login(getattr(cast, who))
    response = show(client, referral.id)
    page = plain(response)
    assert response.status_code == 200
    assert "jane@doedental.example" in page and "+44 20 7946 0001" in page
    assert "Owner-managed business" in page and "Call after 5pm." in page
    assert "4/5 Hot" in page
    assert "Gina Giver" in page or who == "giver"


def test_the_receiver_gets_the_moves_the_giver_the_withdrawal(cast, referral, client, auth):
    auth.login(cast.receiver)
    page = plain(show(client, referral.id))
    assert 'name="status" value="accepted"' in page
    assert "Decline the referral" in page
    assert 'name="status" value="withdrawn"' not in page
    assert "Record the business" in page and "Say thank you to Gina" in page

    auth.login(cast.giver)
    page = plain(show(client, referral.id))
    assert 'name="status" value="withdrawn"' in page
    assert 'name="status" value="accepted"' not in page
    assert "Record the business" not in page
    assert "Rafael hasn't said thank you yet" in page


@pytest.mark.parametrize("who", ["member", "facilitator"])
def test_another_member_sees_the_referral_without_contact_details_or_actions(
        cast, referral, client, auth, who):
    viewer = cast.member if who == "member" else MembershipFactory(
        group=cast.group, role=Role.FACILITATOR).user
    auth.login(viewer)
    response = show(client, referral.id)
    page = plain(response)
    assert response.status_code == 200
    assert "Jane Doe" in page and "Doe Dental" in page
    assert "jane@doedental" not in page and "7946" not in page
    assert "<form" not in page[page.index('id="referral-panel"'):]


def test_an_outsider_gets_404(cast, referral, client, auth):
    auth.login(cast.outsider)
    response = show(client, referral.id)
    assert response.status_code == 404
    assert "Jane Doe" not in text(response)
    assert show(client, 987654).status_code == 404


def post(client, referral_id: int, action: str, data: dict, **kwargs):
    return client.post(f"/referrals/{referral_id}/{action}", data=data, **kwargs)


def test_the_receiver_accepts_with_a_note(cast, referral, client, auth):
    auth.login(cast.receiver)
    response = post(client, referral.id, "status",
                    {"status": "accepted", "note": "Calling her tomorrow.", "version": "1"})

    assert response.status_code == 303
    assert response.headers["Location"] == f"/referrals/{referral.id}"
    assert fresh(referral.id).status == Status.ACCEPTED
    page = plain(show(client, referral.id))
    assert "Moved to “Accepted”" in page
    assert "moved it from “Passed” to" in page and "Calling her tomorrow." in page


def test_with_htmx_a_move_swaps_the_panel_in_place(cast, referral, client, auth):
    auth.login(cast.receiver)
    response = post(client, referral.id, "status", {"status": "accepted", "version": "1"},
                    headers=htmx())
    body = text(response)
    assert response.status_code == 200
    assert "<html" not in body and 'id="referral-panel"' not in body
    assert 'id="flashes" hx-swap-oob="innerHTML"' in body and "Moved to" in plain(response)
    assert 'name="status" value="contacted"' in body  # the next moves
    assert response.headers["HX-Reswap"] == "innerHTML show:window:top"
    assert "HX-Request" in response.headers["Vary"]


def test_declining_needs_a_reason(cast, referral, client, auth):
    auth.login(cast.receiver)
    response = post(client, referral.id, "status", {"status": "declined", "reason": " ",
                                                     "version": "1"})
    assert response.status_code == 422
    assert "Say why you're declining" in field_error(text(response), "reason")
    assert fresh(referral.id).status == Status.PASSED

    response = post(client, referral.id, "status", {"status": "declined", "version": "1",
                                                     "reason": "We don't do residential."})
    assert response.status_code == 303
    assert fresh(referral.id).status == Status.DECLINED
    auth.login(cast.giver)
    assert "We don't do residential." in plain(show(client, referral.id))


def test_a_stale_page_gets_the_conflict_and_nothing_is_lost(cast, referral, client, auth):
    auth.login(cast.receiver)
    post(client, referral.id, "status", {"status": "accepted", "version": "1"})

    # The giver's page still says version 1; meanwhile the receiver accepted it.
    auth.login(cast.giver)
    response = post(client, referral.id, "status", {"status": "withdrawn", "version": "1",
                                                     "note": "Found someone closer."})
    page = plain(response)
    assert response.status_code == 409
    assert "This referral changed since you opened it (it is now “Accepted”)" in page
    assert "What you typed is kept: “Found someone closer.”" in page
    assert fresh(referral.id).status == Status.ACCEPTED
    assert 'name="version" value="2"' in page  # the page now shows the latest: retry works

    response = post(client, referral.id, "status", {"status": "withdrawn", "version": "2",
                                                     "note": "Found someone closer."})
    assert response.status_code == 303
    assert fresh(referral.id).status == Status.WITHDRAWN


def test_a_conflict_with_htmx_is_swapped_in_too(cast, referral, client, auth):
    auth.login(cast.receiver)
    response = post(client, referral.id, "status", {"status": "accepted", "version": "7"},
                    headers=htmx())
    assert response.status_code == 409
    assert 'role="alert" id="conflict"' in text(response)
    assert "<html" not in text(response)


def test_a_move_the_table_forbids_is_refused(cast, referral, client, auth):
    auth.login(cast.receiver)
    response = post(client, referral.id, "status", {"status": "won", "version": "1"})
    assert response.status_code == 422
    assert "can't move this referral from “Passed” to “Won”" in plain(response)
    assert fresh(referral.id).status == Status.PASSED


def test_a_withdrawn_referral_takes_no_more_moves_or_business(cast, referral, client, auth):
    auth.login(cast.giver)
    post(client, referral.id, "status", {"status": "withdrawn", "version": "1"})
    auth.login(cast.receiver)

    page = plain(show(client, referral.id))
    assert 'name="status"' not in page and "Record the business" not in page
    assert "Gina withdrew this referral" in page

    response = post(client, referral.id, "status", {"status": "accepted"})
    assert response.status_code == 422
    response = post(client, referral.id, "closed-business", {
        "closed-amount": "100", "closed-kind": "new",
        "closed-closed_on": local_today(cast.group.timezone).isoformat()})
    assert response.status_code == 422
    assert "reopen it before recording business" in plain(response)
    assert count(ClosedBusiness) == 0


@pytest.mark.parametrize("who", ["member", "giver"])
def test_only_the_receiver_records_business_rates_and_thanks(cast, referral, client, auth, who):
    auth.login(getattr(cast, who))
    today = local_today(cast.group.timezone).isoformat()
    assert post(client, referral.id, "closed-business", {
        "closed-amount": "100", "closed-kind": "new", "closed-closed_on": today}
    ).status_code == 403
    assert post(client, referral.id, "quality", {"quality": "qualified"}).status_code == 403
    assert post(client, referral.id, "thanks", {"thanks-message": "Thanks!"}).status_code == 403
    if who == "member":
        assert post(client, referral.id, "status", {"status": "accepted"}).status_code == 403
        assert post(client, referral.id, "notes", {"timeline-note": "Hi"}).status_code == 403
    assert (count(ClosedBusiness), count(ThankYou)) == (0, 0)
    assert fresh(referral.id).quality is None and fresh(referral.id).status == Status.PASSED


def test_an_outsider_cannot_act_on_the_referral(cast, referral, client, auth):
    auth.login(cast.outsider)
    for action, data in [("status", {"status": "accepted"}), ("notes", {"timeline-note": "x"}),
                         ("quality", {"quality": "qualified"}),
                         ("thanks", {"thanks-message": "x"})]:
        response = post(client, referral.id, action, data)
        assert response.status_code == 404
        assert "Jane Doe" not in text(response)
    assert count(ReferralEvent) == 1


def test_the_receiver_reopens_a_closed_referral(cast, referral, client, auth):
    auth.login(cast.receiver)
    post(client, referral.id, "status", {"status": "accepted"})
    post(client, referral.id, "status", {"status": "proposal"})
    post(client, referral.id, "status", {"status": "lost", "note": "Went with a cheaper quote."})
    page = plain(show(client, referral.id))
    assert "back to “Proposal sent”" in page

    response = post(client, referral.id, "status", {"status": "proposal", "version": "4"})
    assert response.status_code == 303
    assert fresh(referral.id).status == Status.PROPOSAL
    assert "Reopened: back to “Proposal sent”" in plain(show(client, referral.id))


def test_both_parties_add_notes_to_the_timeline(cast, referral, client, auth):
    auth.login(cast.giver)
    response = post(client, referral.id, "notes", {"timeline-note": "She prefers email."})
    assert response.status_code == 303
    auth.login(cast.receiver)
    post(client, referral.id, "notes", {"timeline-note": "Noted, thanks."})
    page = plain(show(client, referral.id))
    assert page.index("She prefers email.") < page.index("Noted, thanks.")
    assert "Gina Giver added a note" in words(page)

    response = post(client, referral.id, "notes", {"timeline-note": "  "})
    assert response.status_code == 422
    assert field_error(text(response), "timeline-note") is not None
    assert count(ReferralEvent, kind="note") == 2


def record(client, referral_id, amount="1,250.00", closed_on=None, version=None, **kw):
    data = {"closed-amount": amount, "closed-kind": kw.pop("kind", "new"),
            "closed-closed_on": closed_on, "closed-note": kw.pop("note", "")}
    if version is not None:
        data["closed-version"] = str(version)
    return post(client, referral_id, "closed-business", data, **kw)


def test_recording_closed_business_wins_it_and_prompts_the_thank_you(cast, referral, client,
                                                                     auth):
    auth.login(cast.receiver)
    today = local_today(cast.group.timezone)
    post(client, referral.id, "status", {"status": "accepted"})

    response = record(client, referral.id, closed_on=today.isoformat(), version=2,
                      note="First phase.")
    assert response.status_code == 303
    entry = db.session.scalar(sa.select(ClosedBusiness))
    assert (entry.amount, entry.kind, entry.closed_on, entry.note) == (
        125000, "new", today, "First phase.")
    assert fresh(referral.id).status == Status.WON

    page = plain(show(client, referral.id))
    assert "Closed business of £1,250.00 recorded. Now say thank you to Gina Giver" in page
    assert 'id="thank-prompt"' in page and 'href="#thank"' in page
    assert "Rafael Receiver recorded closed business: £1,250.00, new business, closed " \
           f"{today.day} " in words(page)

    auth.login(cast.giver)
    page = plain(show(client, referral.id))
    assert "£1,250.00" in page and "Won" in page
    assert "thank-prompt" not in page


@pytest.mark.parametrize(("amount", "closed_on", "field", "message"), [
    ("-5", "TODAY", "closed-amount", "positive amount"),
    ("0", "TODAY", "closed-amount", "positive amount"),
    ("250000000", "TODAY", "closed-amount", "check the amount"),
    ("12.345", "TODAY", "closed-amount", "decimal places"),
    ("lots", "TODAY", "closed-amount", "as a number"),
    ("", "TODAY", "closed-amount", "Enter the amount"),
    ("100", "TOMORROW", "closed-closed_on", "can't be in the future"),
    ("100", "LONG AGO", "closed-closed_on", "before the referral was passed"),
    ("100", "31/12/2024", "closed-closed_on", "YYYY-MM-DD"),
])
def test_bad_closed_business_is_refused_beside_its_field(cast, referral, client, auth, amount,
                                                         closed_on, field, message):
    today = local_today(cast.group.timezone)
    closed_on = {"TODAY": today.isoformat(), "TOMORROW": (today + DAY).isoformat(),
                 "LONG AGO": (today - 30 * DAY).isoformat()}.get(closed_on, closed_on)
    auth.login(cast.receiver)

    response = record(client, referral.id, amount=amount, closed_on=closed_on)

    assert response.status_code == 422
    error = field_error(text(response), field)
    assert error is not None and message.lower() in error.lower(), error
    assert count(ClosedBusiness) == 0
    assert fresh(referral.id).status == Status.PASSED
    assert f'value="{amount}"' in text(response) or not amount  # what was typed is kept


def test_recording_on_a_stale_page_is_a_conflict(cast, referral, client, auth):
    auth.login(cast.giver)
    post(client, referral.id, "notes", {"timeline-note": "FYI"})  # notes don't change the version
    auth.login(cast.receiver)
    post(client, referral.id, "status", {"status": "accepted", "version": "1"})

    response = record(client, referral.id, version=1,
                      closed_on=local_today(cast.group.timezone).isoformat())
    assert response.status_code == 409
    assert "changed since you opened it" in plain(response)
    assert "What you typed is kept: “1,250.00”" in plain(response)
    assert count(ClosedBusiness) == 0


def test_the_receiver_corrects_and_deletes_an_entry_and_the_timeline_keeps_both(
        cast, referral, client, auth):
    today = local_today(cast.group.timezone)
    auth.login(cast.receiver)
    record(client, referral.id, amount="1000", closed_on=today.isoformat())
    entry = db.session.scalar(sa.select(ClosedBusiness))

    page = text(show(client, referral.id))
    assert f'id="entry{entry.id}-amount"' in page and 'value="1000.00"' in page

    url = f"/referrals/{referral.id}/closed-business/{entry.id}"
    bad = client.post(url, data={f"entry{entry.id}-amount": "-1", f"entry{entry.id}-kind": "new",
                                 f"entry{entry.id}-closed_on": today.isoformat()})
    assert bad.status_code == 422
    assert "positive" in field_error(text(bad), f"entry{entry.id}-amount")

    response = client.post(url, data={f"entry{entry.id}-amount": "1250",
                                      f"entry{entry.id}-kind": "repeat",
                                      f"entry{entry.id}-closed_on": today.isoformat()})
    assert response.status_code == 303
    db.session.expire_all()
    assert (entry.amount, entry.kind) == (125000, "repeat")
    page = words(show(client, referral.id))
    assert "corrected an entry: it was £1,000.00, new business" in page
    assert "now £1,250.00, repeat business" in page

    response = client.post(url + "/delete")
    assert response.status_code == 303
    db.session.expire_all()
    assert entry.deleted_at is not None
    page = plain(show(client, referral.id))
    assert "deleted an entry: £1,250.00, repeat business" in words(page)
    assert "<del>£1,250.00</del>" in page
    assert 'class="business-total"' not in page  # nothing left to count

    auth.login(cast.giver)  # the giver sees the history, and can't change it
    assert "corrected an entry" in plain(show(client, referral.id))
    assert client.post(url + "/delete").status_code == 403


def test_an_entry_of_another_referral_is_404(cast, referral, client, auth):
    other = factories.referral(cast.group, cast.giver, cast.receiver, prospect_name="Other")
    entry = factories.closed_business(other, 5000)
    auth.login(cast.receiver)
    assert client.post(f"/referrals/{referral.id}/closed-business/{entry.id}/delete") \
        .status_code == 404
    db.session.expire_all()
    assert entry.deleted_at is None


def test_the_receiver_rates_the_referral(cast, referral, client, auth):
    auth.login(cast.receiver)
    response = post(client, referral.id, "quality", {"quality": "lukewarm"})
    assert response.status_code == 303
    assert fresh(referral.id).quality == "lukewarm"
    page = text(show(client, referral.id))
    assert 'value="lukewarm" class="button button-secondary is-chosen" aria-pressed="true"' in page

    response = post(client, referral.id, "quality", {"quality": "superb"})
    assert response.status_code == 422
    assert "qualified, lukewarm or not a fit" in field_error(text(response), "quality")
    assert fresh(referral.id).quality == "lukewarm"


def test_the_receiver_thanks_the_giver_once(cast, referral, client, auth):
    auth.login(cast.receiver)
    response = post(client, referral.id, "thanks", {"thanks-message": "  "})
    assert response.status_code == 422
    assert "Write a few words of thanks" in field_error(text(response), "thanks-message")

    response = post(client, referral.id, "thanks", {"thanks-message": "Thank you, Gina!",
                                                    "thanks-gift": "Lunch at Rosa's"})
    assert response.status_code == 303
    thanks = db.session.scalar(sa.select(ThankYou))
    assert (thanks.message, thanks.gift) == ("Thank you, Gina!", "Lunch at Rosa's")

    again = post(client, referral.id, "thanks", {"thanks-message": "Thanks again"})
    assert again.status_code == 409
    assert "You already thanked the giver" in plain(again)
    assert count(ThankYou) == 1

    auth.login(cast.giver)
    page = plain(show(client, referral.id))
    assert "Thank you, Gina!" in page and "with a gift: Lunch at Rosa's" in page


def test_the_source_referral_and_the_chain_value(cast, client, auth):
    first = factories.referral(cast.group, cast.giver, cast.receiver, prospect_name="First")
    factories.closed_business(first, 100000)
    second = factories.referral(cast.group, cast.receiver, cast.member, prospect_name="Second",
                                source_referral_id=first.id)
    factories.closed_business(second, 50000)
    auth.login(cast.member)
    page = plain(show(client, second.id))
    assert f'<a href="/referrals/{first.id}">First</a>' in page
    page = plain(show(client, first.id))
    assert "Chain value" in page and "£1,500.00" in page


# Testimonials -----------------------------------------------------------------------------


def member_url(cast, who) -> str:
    return f"/groups/{cast.group.id}/members/{who.id}"


def test_a_member_writes_a_testimonial_shown_on_the_partners_page(cast, client, auth):
    auth.login(cast.giver)
    page = plain(client.get(member_url(cast, cast.receiver)))
    assert "No one has written a testimonial for Rafael yet." in page
    assert f'href="/groups/{cast.group.id}/referrals/new?to={cast.receiver.id}"' in page

    response = client.post(member_url(cast, cast.receiver) + "/testimonials",
                           data={"text": "Rafael rewired our office in a weekend."})
    assert response.status_code == 303
    assert response.headers["Location"] == member_url(cast, cast.receiver) + "#testimonials"
    page = words(client.get(member_url(cast, cast.receiver)))
    assert "Rafael rewired our office in a weekend. — Gina Giver" in page


def test_a_testimonial_needs_text_and_a_partner(cast, client, auth):
    auth.login(cast.giver)
    response = client.post(member_url(cast, cast.receiver) + "/testimonials", data={"text": " "})
    assert response.status_code == 422
    assert "Write the testimonial first" in field_error(text(response), "text")

    own = client.post(member_url(cast, cast.giver) + "/testimonials", data={"text": "I'm great"})
    assert own.status_code == 422
    assert "not yourself" in plain(own)
    assert "Publish the testimonial" not in plain(client.get(member_url(cast, cast.giver)))

    stranger = client.post(member_url(cast, cast.outsider) + "/testimonials",
                           data={"text": "Hello"})
    assert stranger.status_code == 404
    assert count(StoredTestimonial) == 0


def test_the_lead_router_passes_the_lead_on_with_its_words(cast, client, auth):
    IdealClientFactory(user=cast.member, title="Dental practices", industries="dentistry")
    auth.login(cast.giver)
    page = text(client.get(f"/groups/{cast.group.id}/match?q=dentistry+second+site"))
    link = (f"/groups/{cast.group.id}/referrals/new?to={cast.member.id}"
            "&amp;note=dentistry+second+site")
    assert f'href="{link}">Pass this lead to Mo</a>' in page


def test_every_group_page_has_the_slip_one_tap_away(cast, client, auth):
    auth.login(cast.member)
    for path in (f"/groups/{cast.group.id}", f"/groups/{cast.group.id}/referrals",
                 member_url(cast, cast.receiver)):
        page = text(client.get(path))
        assert page.count(f'href="/groups/{cast.group.id}/referrals/new"') >= 2  # bar and header
        assert '<div class="action-bar">' in page
    assert '<div class="action-bar">' not in text(client.get(new_url(cast)))


# Query budget -----------------------------------------------------------------------------


@contextmanager
def counting():
    statements: list[str] = []

    def record_statement(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record_statement)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record_statement)


def grow(cast, size: int) -> Referral:
    """`size` referrals each way between Gina and Rafael, in every state, with business,
    thanks, notes and a chain; returns one with a long history."""
    group, g, r = cast.group, cast.giver, cast.receiver
    have = count(Referral) // 2
    statuses = list(Status)
    last = None
    for n in range(have, size):
        status = statuses[n % len(statuses)]
        a = factories.referral(group, g, r, prospect_name=f"Lead {n}", status=status,
                               passed_at=utcnow() - n * DAY, source_referral_id=last and last.id)
        factories.referral(group, r, g, prospect_name=f"Back {n}", status=status,
                           passed_at=utcnow() - n * DAY)
        if status == Status.WON:
            factories.closed_business(a, 1000 * (n + 1))
            factories.closed_business(a, 500, deleted=True)
        if n % 3 == 0:
            factories.thank_you(a)
        db.session.add(ReferralEvent(referral_id=a.id, actor_id=r.id, kind="note", note="Hi"))
        db.session.commit()
        last = a
    return db.session.scalar(sa.select(Referral).where(Referral.prospect_name == "Lead 0"))


def cost(client, path: str) -> int:
    db.session.commit()
    db.session.expire_all()
    client.get(path)  # warm up: template compilation is not what we measure
    with counting() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len(statements)


@pytest.mark.parametrize("page", ["received", "given", "referral"])
def test_lists_and_the_referral_page_cost_the_same_for_3_and_40_referrals(cast, client, auth,
                                                                          page):
    auth.login(cast.receiver)
    first = grow(cast, 3)
    path = {"received": f"/groups/{cast.group.id}/referrals",
            "given": f"/groups/{cast.group.id}/referrals?role=given",
            "referral": f"/referrals/{first.id}"}[page]
    small = cost(client, path)
    grow(cast, 40)
    large = cost(client, path)

    assert small == large, (small, large)
    if page != "referral":
        assert len(rows(text(client.get(path)))) == 40


def test_the_slip_costs_the_same_however_many_members_and_referrals(cast, client, auth):
    auth.login(cast.giver)
    small = cost(client, new_url(cast) + f"?to={cast.receiver.id}")
    for _ in range(20):
        MembershipFactory(group=cast.group, user=UserFactory())
    grow(cast, 20)
    assert cost(client, new_url(cast) + f"?to={cast.receiver.id}") == small


def test_today_default_for_closing_date_is_the_groups_today(cast, referral, client, auth):
    cast.group.timezone = "Pacific/Kiritimati"  # UTC+14: often a day ahead of UTC
    db.session.commit()
    auth.login(cast.receiver)
    page = text(show(client, referral.id))
    today = local_today("Pacific/Kiritimati").isoformat()
    assert f'id="closed-closed_on" max="{today}" name="closed-closed_on" required type="date" ' \
           f'value="{today}"' in page
    assert isinstance(date.fromisoformat(today), date)
