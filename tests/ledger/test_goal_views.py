"""The goals page: members set their own, facilitators the group's; a target typed wrong is a
422 with the error by its field and nothing saved; progress shows here and on the ledger.

The scene is conftest.py's: this month Ann gave 2 referrals, which brought partners £1,250.00.
"""

import re
from calendar import monthrange
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from babel.dates import format_date

from partnernet.extensions import db
from partnernet.ledger.services import set_goal
from partnernet.models import Goal
from partnernet.periods import local_today
from tests.groups.helpers import field_error, field_tag
from tests.ledger.conftest import element, squash, text

COUNT = "referrals_given_month"
VALUE = "value_given_quarter"
RECEIVED = "value_received_quarter"
VALID = {COUNT: "4", VALUE: "1,250.50", RECEIVED: "300"}


def goals(lg) -> dict[tuple[int | None, str], int]:
    """(user_id, metric) → target, as stored; user_id None for the group's goals."""
    db.session.expire_all()
    return {(user_id, metric): target for user_id, metric, target in db.session.execute(
        sa.select(Goal.user_id, Goal.metric, Goal.target).where(Goal.group_id == lg.group.id))}


def csrf_token(client, lg) -> str:
    page = text(client.get(f"{lg.base}/goals"))
    return re.search(r'<input type="hidden" name="csrf_token" value="([^"]+)">', page).group(1)


def post(client, lg, scope: str = "mine", token: str | None = None, **fields):
    data = {"scope": scope, **{m: "" for m in (COUNT, VALUE, RECEIVED)}, **fields}
    if token is not None:
        data["csrf_token"] = token
    return client.post(f"{lg.base}/goals", data=data)


def progress(page: str) -> list[str]:
    return [squash(li) for li in re.findall(r'<li class="goal">.*?</li>', page, re.S)]


def last_day(span_end: date) -> str:
    return format_date(span_end - timedelta(days=1), "d MMM", locale="en")


def quarter(today: date) -> tuple[date, date]:
    first = 3 * ((today.month - 1) // 3) + 1
    start = date(today.year, first, 1)
    end = date(today.year + 1, 1, 1) if first == 10 else date(today.year, first + 3, 1)
    return start, end


# --- Reading the page -------------------------------------------------------------------------


def test_goals_page_for_a_member(lg, client, auth):
    auth.login(lg.ann)

    response = client.get(f"{lg.base}/goals")

    assert response.status_code == 200
    page = text(response)
    assert "Riverside Partners" in page
    assert "No goals are set yet: set your own below." in squash(page)
    for metric in (COUNT, VALUE, RECEIVED):
        assert f'name="{metric}"' in field_tag(page, f"mine-{metric}")
        assert f'id="group-{metric}"' not in page  # only facilitators get the group's form
    assert '<input type="hidden" name="scope" value="mine">' in page
    assert 'value="group"' not in page
    facts = squash(element(page, r'<dl class="facts"'))
    assert facts == ("Referrals given per month None set Business from your referrals per "
                     "quarter None set Closed business received per quarter None set "
                     "One-to-ones per month None set Attendance per quarter None set")


def test_goals_page_for_a_facilitator_has_both_forms(lg, client, auth):
    auth.login(lg.ben)

    page = text(client.get(f"{lg.base}/goals"))

    for metric in (COUNT, VALUE, RECEIVED):
        field_tag(page, f"mine-{metric}")
        field_tag(page, f"group-{metric}")
    assert '<input type="hidden" name="scope" value="group">' in page
    assert "set your own below, or the group's." in squash(page)


# --- A member's own goals ---------------------------------------------------------------------


def test_member_saves_own_goals(lg, client, auth, csrf):
    auth.login(lg.ann)

    response = post(client, lg, token=csrf_token(client, lg), **{COUNT: "4", VALUE: "1,250.50"})

    assert response.status_code == 303
    assert response.headers["Location"] == f"{lg.base}/goals"
    assert goals(lg) == {(lg.ann.id, COUNT): 4, (lg.ann.id, VALUE): 125050}
    page = text(client.get(f"{lg.base}/goals"))
    assert "Your goals are saved." in page
    assert 'value="4"' in field_tag(page, f"mine-{COUNT}")
    assert 'value="1250.50"' in field_tag(page, f"mine-{VALUE}")
    assert 'value=""' in field_tag(page, f"mine-{RECEIVED}")


def test_saving_again_replaces_and_clears(lg, client, auth):
    set_goal(group=lg.group, actor=lg.ann, metric=COUNT, target=3)
    set_goal(group=lg.group, actor=lg.ann, metric=RECEIVED, target=90000)
    set_goal(group=lg.group, actor=lg.ben, metric=COUNT, target=2, for_group=True)
    set_goal(group=lg.group, actor=lg.cat, metric=COUNT, target=7)
    db.session.commit()
    auth.login(lg.ann)

    assert post(client, lg, **{COUNT: "5", VALUE: "", RECEIVED: "  "}).status_code == 303

    # Ann's count replaced, her value goal cleared; the group's and Cat's untouched.
    assert goals(lg) == {(lg.ann.id, COUNT): 5, (None, COUNT): 2, (lg.cat.id, COUNT): 7}

    assert post(client, lg).status_code == 303
    assert goals(lg) == {(None, COUNT): 2, (lg.cat.id, COUNT): 7}


def test_a_post_without_the_csrf_token_saves_nothing(lg, client, auth, csrf):
    auth.login(lg.ann)

    assert post(client, lg, **VALID).status_code == 400
    assert post(client, lg, token="forged", **VALID).status_code == 400
    assert goals(lg) == {}


# --- Targets typed wrong ----------------------------------------------------------------------

INVALID = [
    (COUNT, "abc", "Enter a whole number, or leave it empty for no goal."),
    (COUNT, "-5", "Enter a whole number, or leave it empty for no goal."),
    (COUNT, "2.5", "Enter a whole number, or leave it empty for no goal."),
    (COUNT, "0", "Enter a target above zero, or leave it empty for no goal."),
    (COUNT, "1001", "That target is beyond reach; check the number."),
    (COUNT, "9" * 40, "That target is beyond reach; check the number."),
    (COUNT, "²", "Enter a whole number, or leave it empty for no goal."),
    (VALUE, "abc", "Enter the amount as a number, for example 1250.00."),
    (VALUE, "0", "Enter a positive amount."),
    (VALUE, "-5", "Enter a positive amount."),
    (VALUE, "100000000.01", "That is more than 100,000,000 GBP; check the amount."),
    (VALUE, "9" * 40, "That is more than 100,000,000 GBP; check the amount."),
    (RECEIVED, "1.999", "Use at most 2 decimal places for GBP."),
    (RECEIVED, "1,25", "Enter the amount as a number, for example 1250.00."),
    (RECEIVED, "<script>alert(1)</script>", "Enter the amount as a number, for example 1250.00."),
]


@pytest.mark.parametrize(("metric", "typed", "message"), INVALID,
                         ids=[f"{m}={t[:12]}" for m, t, _ in INVALID])
def test_an_invalid_target_is_422_by_its_field_and_nothing_is_saved(lg, client, auth, metric,
                                                                    typed, message):
    set_goal(group=lg.group, actor=lg.ann, metric=COUNT, target=3)
    db.session.commit()
    auth.login(lg.ann)

    response = post(client, lg, **{**VALID, metric: typed})

    assert response.status_code == 422
    page = text(response)
    assert field_error(page, f"mine-{metric}") == message
    tag = field_tag(page, f"mine-{metric}")
    assert 'aria-invalid="true"' in tag
    assert f"mine-{metric}-error" in tag  # described by its error
    for other in {COUNT, VALUE, RECEIVED} - {metric}:
        assert field_error(page, f"mine-{other}") is None
        assert "aria-invalid" not in field_tag(page, f"mine-{other}")
        # What was typed comes back, to correct rather than type again.
        assert f'value="{VALID[other]}"' in field_tag(page, f"mine-{other}")
    assert "<script>alert" not in page
    assert "Please correct the targets marked below; nothing was saved." in page
    # Nothing saved: not the valid targets beside it, and the old goal stands.
    assert goals(lg) == {(lg.ann.id, COUNT): 3}


def test_every_invalid_field_gets_its_error(lg, client, auth):
    auth.login(lg.ann)

    response = post(client, lg, **{COUNT: "many", VALUE: "lots", RECEIVED: "-1"})

    assert response.status_code == 422
    page = text(response)
    assert field_error(page, f"mine-{COUNT}") == "Enter a whole number, or leave it empty for " \
                                                 "no goal."
    assert field_error(page, f"mine-{VALUE}") == "Enter the amount as a number, for example " \
                                                 "1250.00."
    assert field_error(page, f"mine-{RECEIVED}") == "Enter a positive amount."
    assert goals(lg) == {}


def test_the_largest_targets_are_accepted(lg, client, auth):
    auth.login(lg.ann)

    response = post(client, lg, **{COUNT: "1000", VALUE: "100,000,000", RECEIVED: "0.01"})

    assert response.status_code == 303
    assert goals(lg) == {(lg.ann.id, COUNT): 1000, (lg.ann.id, VALUE): 10_000_000_000,
                         (lg.ann.id, RECEIVED): 1}


# --- The group's goals ------------------------------------------------------------------------


def test_a_member_cannot_set_the_groups_goals(lg, client, auth):
    set_goal(group=lg.group, actor=lg.ben, metric=COUNT, target=2, for_group=True)
    db.session.commit()
    auth.login(lg.ann)

    response = post(client, lg, scope="group", **VALID)

    assert response.status_code == 403
    assert goals(lg) == {(None, COUNT): 2}
    # Clearing the group's goals is refused too.
    assert post(client, lg, scope="group").status_code == 403
    assert goals(lg) == {(None, COUNT): 2}


def test_an_unknown_scope_is_refused(lg, client, auth):
    auth.login(lg.ben)

    assert post(client, lg, scope="everyone", **VALID).status_code == 400
    assert goals(lg) == {}


def test_facilitator_sets_the_groups_goals(lg, client, auth, csrf):
    auth.login(lg.ben)

    response = post(client, lg, scope="group", token=csrf_token(client, lg),
                    **{COUNT: "2", VALUE: "1500"})

    assert response.status_code == 303
    assert response.headers["Location"] == f"{lg.base}/goals"
    assert goals(lg) == {(None, COUNT): 2, (None, VALUE): 150000}
    page = text(client.get(f"{lg.base}/goals"))
    assert "The group&#39;s goals are saved." in page
    assert 'value="2"' in field_tag(page, f"group-{COUNT}")
    assert 'value="1500.00"' in field_tag(page, f"group-{VALUE}")
    assert 'value=""' in field_tag(page, f"mine-{COUNT}")  # Ben's own are still unset

    # Members read them.
    auth.login(lg.ann)
    facts = squash(element(text(client.get(f"{lg.base}/goals")), r'<dl class="facts"'))
    assert facts == ("Referrals given per month 2 Business from your referrals per quarter "
                     "£1,500.00 Closed business received per quarter None set One-to-ones per "
                     "month None set Attendance per quarter None set")


def test_an_invalid_group_target_shows_in_the_groups_form(lg, client, auth):
    auth.login(lg.ben)

    response = post(client, lg, scope="group", **{COUNT: "0", VALUE: "1500"})

    assert response.status_code == 422
    page = text(response)
    assert field_error(page, f"group-{COUNT}") == ("Enter a target above zero, or leave it "
                                                   "empty for no goal.")
    assert field_error(page, f"mine-{COUNT}") is None
    assert 'value="1500"' in field_tag(page, f"group-{VALUE}")
    assert goals(lg) == {}


# --- Progress ---------------------------------------------------------------------------------


def test_progress_on_the_goals_page_and_the_ledger(lg, client, auth):
    set_goal(group=lg.group, actor=lg.ben, metric=COUNT, target=3, for_group=True)
    db.session.commit()
    auth.login(lg.ann)
    assert post(client, lg, **{COUNT: "2", VALUE: "1,250.50"}).status_code == 303

    today = local_today(lg.group.timezone)
    q_start, q_end = quarter(today)
    # A steady pace to £1,250.50 over the quarter: Ann's £1,250.00 is behind it only when the
    # pace asks for more, that is on the quarter's last day.
    elapsed, length = (today - q_start).days + 1, (q_end - q_start).days
    pace = -(-125050 * elapsed // length)
    badge = "On track" if pace <= 125000 else "Behind"

    page = text(client.get(f"{lg.base}/goals"))
    assert progress(page) == [
        "Referrals given per month Met 2 of 2 this month. Your own goal (the group's is 3).",
        f"Business from your referrals per quarter {badge} £1,250.00 of £1,250.50 this quarter "
        f"· £0.50 to go by {last_day(q_end)}. Your own goal.",
    ]
    meters = re.findall(r"<meter [^>]*>", page)
    assert 'max="2" value="2"' in meters[0]
    assert 'max="125050" value="125000"' in meters[1]
    assert f'low="{pace}"' in meters[1]

    ledger = text(client.get(f"{lg.base}/ledger"))
    card = element(ledger, r'<section class="panel" aria-labelledby="goals-title"')
    assert progress(card) == [
        "Referrals given per month Met 2 of 2 this month.",
        f"Business from your referrals per quarter {badge} £1,250.00 of £1,250.50 this quarter "
        f"· £0.50 to go by {last_day(q_end)}.",
    ]


def test_the_groups_goal_is_the_progress_of_members_without_their_own(lg, client, auth):
    set_goal(group=lg.group, actor=lg.ben, metric=COUNT, target=5, for_group=True)
    set_goal(group=lg.group, actor=lg.ben, metric=RECEIVED, target=200000, for_group=True)
    db.session.commit()
    auth.login(lg.cat)

    today = local_today(lg.group.timezone)
    month_end = date(today.year, today.month, monthrange(today.year, today.month)[1])
    # Cat gave 2 of 5 this month; she closed £2,000.00 of £2,000.00 this quarter.
    pace = -(-5 * today.day // month_end.day)
    badge = "On track" if pace <= 2 else "Behind"
    page = text(client.get(f"{lg.base}/goals"))
    assert progress(page) == [
        f"Referrals given per month {badge} 2 of 5 this month · 3 to go by "
        f"{format_date(month_end, 'd MMM', locale='en')}. The group's goal.",
        "Closed business received per quarter Met £2,000.00 of £2,000.00 this quarter. "
        "The group's goal.",
    ]
    ledger = text(client.get(f"{lg.base}/ledger"))
    assert "2 of 5 this month" in squash(ledger)
    assert "No goals yet." not in squash(ledger)


# --- One-to-ones and attendance ---------------------------------------------------------------

ONE_TO_ONES = "one_to_ones_month"
ATTENDANCE = "attendance_quarter"


def test_one_to_ones_and_attendance_goals_with_their_progress(lg, client, auth):
    from partnernet.models import Attendance, Meeting, Membership, OneToOne
    from partnernet.models.base import utcnow

    today = local_today(lg.group.timezone)
    # Ann met Ben and Cat this month (Cat logged that one); she came late to the meeting
    # held a minute ago, the quarter's only one.
    for logged_by, partner in ((lg.ann, lg.ben), (lg.cat, lg.ann)):
        db.session.add(OneToOne(group_id=lg.group.id, logged_by_id=logged_by.id,
                                partner_id=partner.id, met_on=today))
    membership = db.session.scalar(sa.select(Membership).where(
        Membership.user_id == lg.ann.id, Membership.group_id == lg.group.id))
    membership.joined_at = utcnow() - timedelta(days=400)
    held = Meeting(group_id=lg.group.id, kind="extra", starts_at=utcnow() - timedelta(minutes=1),
                   status="closed")
    db.session.add(held)
    db.session.flush()
    db.session.add(Attendance(meeting_id=held.id, user_id=lg.ann.id, status="late"))
    set_goal(group=lg.group, actor=lg.ann, metric=ONE_TO_ONES, target=4)
    set_goal(group=lg.group, actor=lg.ben, metric=ATTENDANCE, target=90, for_group=True)
    db.session.commit()
    auth.login(lg.ann)

    page = text(client.get(f"{lg.base}/goals"))

    days = monthrange(today.year, today.month)[1]
    # A steady pace: 4 × the share of the month gone, rounded up.
    pace = "On track" if -(-4 * today.day // days) <= 2 else "Behind"
    end = format_date(date(today.year, today.month, days), "d MMM", locale="en")
    assert progress(page) == [
        f"One-to-ones per month {pace} 2 of 4 this month · 2 to go by {end}. Your own goal.",
        "Attendance per quarter Met 100% of the meetings this quarter, for a goal of 90%. "
        "The group's goal.",
    ]
    assert '<label for="mine-attendance_quarter">Attendance per quarter (%)</label>' in page
    # The ledger and the dashboard show the same progress.
    ledger = text(client.get(f"{lg.base}/ledger"))
    assert "Attendance per quarter" in ledger and "2 of 4 this month" in squash(ledger)


def test_attendance_before_any_meeting_this_quarter_is_not_behind(lg, client, auth):
    set_goal(group=lg.group, actor=lg.ann, metric=ATTENDANCE, target=75)
    db.session.commit()
    auth.login(lg.ann)

    (line,) = progress(text(client.get(f"{lg.base}/goals")))

    assert line == ("Attendance per quarter On track No meeting held yet this quarter; the "
                    "goal is 75% of them. Your own goal.")


@pytest.mark.parametrize(("typed", "message"), [
    ("101", "Enter a share from 1 to 100 (percent)."),
    ("0", "Enter a target above zero, or leave it empty for no goal."),
    ("90%", "Enter a whole number, or leave it empty for no goal."),
    ("<script>", "Enter a whole number, or leave it empty for no goal."),
])
def test_an_attendance_target_beyond_100_is_refused_by_its_field(lg, client, auth, typed,
                                                                 message):
    auth.login(lg.ann)

    response = post(client, lg, **{ONE_TO_ONES: "3", ATTENDANCE: typed})

    assert response.status_code == 422
    assert field_error(text(response), f"mine-{ATTENDANCE}") == message
    assert goals(lg) == {}
