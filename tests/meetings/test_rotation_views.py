"""The speaker rotation page and its forms: what each person sees, the facilitator's changes
through the HTML forms (with CSRF), input typed or crafted wrong, htmx fragments, the
"Featured:" line on the schedule, and the query budget.

Riverside Partners (the `stored_club` fixture) meets weekly, its first meeting three days from
today; Ann, Ben and Cat join it, and the rotation is Ann, Ben, Cat unless a test says not.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.meetings.rotation import assign_presenters, get_rotation, set_rotation
from partnernet.meetings.services import cancel_meeting, ensure_schedule
from partnernet.models import Meeting, User
from tests.factories import GroupFactory, MembershipFactory
from tests.groups.helpers import text
from tests.ledger.conftest import counting, element, squash
from tests.meetings.conftest import Club, csrf_token, meeting, midnight

HTMX = {"HX-Request": "true"}


@dataclass
class Scene:
    club: Club
    ann: User
    ben: User
    cat: User

    @property
    def page(self) -> str:
        return f"/groups/{self.club.group.id}/rotation"

    def presenter(self, n: int) -> int | None:
        db.session.expire_all()
        return meeting(self.club.group, self.club.days[n]).presenter_id

    def initials(self) -> str:
        db.session.expire_all()
        names = {u.id: u.name[0] for u in (self.ann, self.ben, self.cat)}
        return "".join(names.get(meeting(self.club.group, d).presenter_id, "-")
                       for d in self.club.days)


@pytest.fixture
def scene(stored_club) -> Scene:
    group = stored_club.group
    ann, ben, cat = (MembershipFactory(group=group, user__name=name).user
                     for name in ("Ann Archer", "Ben Baker", "Cat Cooper"))
    db.session.commit()
    return Scene(stored_club, ann, ben, cat)


@pytest.fixture
def dealt(scene) -> Scene:
    set_rotation(group=scene.club.group, actor=scene.club.facilitator,
                 member_ids=[scene.ann.id, scene.ben.id, scene.cat.id])
    assign_presenters(group=scene.club.group,
                      now=midnight(scene.club.group, scene.club.today))
    db.session.commit()
    return scene


def presenters_section(page: str) -> str:
    return element(page, r'<section class="panel" aria-labelledby="presenters-title"')


def rotation_section(page: str) -> str:
    return element(page, r'<section class="panel" aria-labelledby="rotation-title"')


def featured(section: str) -> list[str]:
    return [squash(p) for p in re.findall(r'<p class="presenter-name">.*?</p>', section, re.S)]


def post(client, scene: Scene, path: str, data: dict):
    token = csrf_token(text(client.get(scene.page)))
    return client.post(path, data={"csrf_token": token, **data})


# --- Reading ---------------------------------------------------------------------------------


def test_a_member_sees_the_order_and_the_next_six_weeks_without_controls(dealt, client, auth):
    auth.login(dealt.club.member)

    response = client.get(dealt.page)

    assert response.status_code == 200
    page = text(response)
    assert featured(presenters_section(page)) == [
        "Featured: Ann Archer", "Featured: Ben Baker", "Featured: Cat Cooper",
        "Featured: Ann Archer", "Featured: Ben Baker", "Featured: Cat Cooper"]
    assert [squash(li) for li in re.findall(r'<span class="rotation-name">.*?</span>\s*</li>',
                                            rotation_section(page), re.S)] == \
        ["Ann Archer", "Ben Baker", "Cat Cooper"]
    assert "only affects meetings that don't have a presenter yet" in squash(page)
    for control in ("/presenter", "/rotation/swap", 'value="redeal"', 'value="up"',
                    "Add to the rotation"):
        assert control not in page


def test_a_presenter_sees_their_own_turn_marked(dealt, client, auth):
    auth.login(dealt.ben)
    section = presenters_section(text(client.get(dealt.page)))
    assert featured(section)[1] == "Featured: Ben Baker You"


def test_the_first_visit_deals_the_stored_meetings(scene, client, auth):
    set_rotation(group=scene.club.group, actor=scene.club.facilitator,
                 member_ids=[scene.cat.id, scene.ann.id])
    db.session.commit()
    assert scene.initials() == "-" * 12
    auth.login(scene.club.member)

    client.get(scene.page)

    assert scene.initials() == "CA" * 6


def test_without_a_rotation_the_page_says_what_to_do(scene, client, auth):
    auth.login(scene.club.facilitator)
    page = squash(text(client.get(scene.page)))
    assert "No one is in the rotation yet. Add members below, or everyone at once." in page
    assert page.count("No presenter yet") == 6
    auth.login(scene.club.member)
    assert "The facilitators set it up." in squash(text(client.get(scene.page)))


def test_the_schedule_shows_each_meetings_featured_presenter(dealt, client, auth):
    cancel_meeting(meeting=meeting(dealt.club.group, dealt.club.days[1]),
                   actor=dealt.club.facilitator)
    db.session.commit()
    auth.login(dealt.club.member)

    page = text(client.get(f"/groups/{dealt.club.group.id}/meetings"))

    lines = [squash(p) for p in re.findall(r'<p class="meeting-presenter">.*?</p>', page, re.S)]
    # The cancelled meeting shows no presenter; the other eleven keep theirs.
    assert lines == ["Featured: " + n for n in ["Ann Archer"] + [
        "Cat Cooper", "Ann Archer", "Ben Baker"] * 3 + ["Cat Cooper"]]
    assert f'href="/groups/{dealt.club.group.id}/rotation"' in page


def test_an_htmx_request_gets_the_body_only(dealt, client, auth):
    auth.login(dealt.club.member)
    response = client.get(dealt.page, headers=HTMX)
    body = text(response)
    assert response.status_code == 200
    assert "<html" not in body
    assert "Featured:" in body
    assert "HX-Request" in response.headers["Vary"]


def test_the_page_costs_the_same_whatever_the_number_of_members_and_meetings(dealt, client,
                                                                             auth):
    def cost(user) -> int:
        auth.login(user)
        client.get(dealt.page)  # warm up
        db.session.expire_all()
        with counting() as statements:
            assert client.get(dealt.page).status_code == 200
        return len(statements)

    small = (cost(dealt.club.member), cost(dealt.club.facilitator))
    group = dealt.club.group
    more = [MembershipFactory(group=group).user for _ in range(15)]
    set_rotation(group=group, actor=dealt.club.facilitator,
                 member_ids=[dealt.ann.id, dealt.ben.id, dealt.cat.id, *(u.id for u in more)])
    first = meeting(group, dealt.club.days[0])
    for n in range(10):
        db.session.add(Meeting(group_id=group.id, kind="extra",
                               starts_at=first.starts_at + timedelta(days=n, hours=5)))
    db.session.commit()
    assign_presenters(group=group, now=midnight(group, dealt.club.today))
    db.session.commit()

    assert (cost(dealt.club.member), cost(dealt.club.facilitator)) == small
    assert max(small) <= 14


# --- Changing the rotation -------------------------------------------------------------------


def test_a_facilitator_fills_the_rotation_then_moves_and_removes(scene, client, auth):
    scene.club.facilitator.name, scene.club.member.name = "Zoe Zhang", "Yusuf Young"
    db.session.commit()
    auth.login(scene.club.facilitator)
    group = scene.club.group

    response = post(client, scene, scene.page, {"action": "fill"})
    assert response.status_code == 303
    assert response.headers["Location"] == scene.page
    # Everyone, by name (the facilitator and the plain member too).
    names = [m.name for m in get_rotation(group_id=group.id)]
    assert names == ["Ann Archer", "Ben Baker", "Cat Cooper", "Yusuf Young", "Zoe Zhang"]
    assert scene.presenter(0) == scene.ann.id  # dealt at once

    post(client, scene, scene.page, {"action": "down", "member_id": str(scene.ann.id)})
    post(client, scene, scene.page, {"action": "up", "member_id": str(scene.cat.id)})
    response = post(client, scene, scene.page,
                    {"action": "remove", "member_id": str(scene.ben.id)})

    assert response.status_code == 303
    # Ann went down one, past Ben; Cat up one, past Ann; then Ben was taken out.
    assert [m.name for m in get_rotation(group_id=group.id)] == [
        "Cat Cooper", "Ann Archer", "Yusuf Young", "Zoe Zhang"]
    # Meetings already dealt keep their presenters, Ben's too.
    assert scene.presenter(1) == scene.ben.id
    page = text(client.get(scene.page))
    assert "Ben Baker is out of the rotation" in squash(page)


def test_moving_the_first_up_changes_nothing(dealt, client, auth):
    auth.login(dealt.club.facilitator)
    response = post(client, dealt, dealt.page, {"action": "up", "member_id": str(dealt.ann.id)})
    assert response.status_code == 303
    assert [m.name for m in get_rotation(group_id=dealt.club.group.id)] == \
        ["Ann Archer", "Ben Baker", "Cat Cooper"]


def test_a_facilitator_adds_one_member_at_the_end(dealt, client, auth):
    auth.login(dealt.club.facilitator)
    response = post(client, dealt, dealt.page,
                    {"action": "add", "member_id": str(dealt.club.member.id)})
    assert response.status_code == 303
    assert get_rotation(group_id=dealt.club.group.id)[-1].user_id == dealt.club.member.id


def test_redealing_replaces_the_coming_presenters(dealt, client, auth):
    auth.login(dealt.club.facilitator)
    set_rotation(group=dealt.club.group, actor=dealt.club.facilitator,
                 member_ids=[dealt.cat.id, dealt.ben.id, dealt.ann.id])
    db.session.commit()
    assert dealt.initials() == "ABC" * 4

    response = post(client, dealt, dealt.page, {"action": "redeal"})

    assert response.status_code == 303
    assert dealt.initials() == "CBA" * 4


@pytest.mark.parametrize("data, message", [
    ({"action": "add"}, "Choose a member to add."),
    ({"action": "add", "member_id": "<script>alert(1)</script>"}, "Choose one from the list."),
    ({"action": "add", "member_id": "987654"}, "Choose current members of the group."),
    ({"action": "add", "member_id": "{outsider}"}, "Choose current members of the group."),
    ({"action": "add", "member_id": "{ann}"}, "That member is already in the rotation."),
    ({"action": "remove", "member_id": "{member}"}, "That member is not in the rotation."),
    ({"action": "down", "member_id": "9" * 40}, "That member is not in the rotation."),
])
def test_bad_changes_are_refused_with_a_message_and_nothing_saved(dealt, client, auth, data,
                                                                  message):
    auth.login(dealt.club.facilitator)
    ids = {"outsider": dealt.club.outsider.id, "ann": dealt.ann.id,
           "member": dealt.club.member.id}
    data = {k: v.format(**ids) for k, v in data.items()}
    before = [m.user_id for m in get_rotation(group_id=dealt.club.group.id)]

    response = post(client, dealt, dealt.page, data)

    assert response.status_code == 422
    assert message in squash(text(response))
    assert [m.user_id for m in get_rotation(group_id=dealt.club.group.id)] == before


def test_an_unknown_action_is_a_bad_request(dealt, client, auth):
    auth.login(dealt.club.facilitator)
    assert post(client, dealt, dealt.page, {"action": "shuffle"}).status_code == 400


def test_a_post_without_its_csrf_token_is_refused(dealt, csrf, client, auth):
    auth.login(dealt.club.facilitator)
    response = client.post(dealt.page, data={"action": "remove",
                                             "member_id": str(dealt.ann.id)})
    assert response.status_code in (400, 422)
    assert len(get_rotation(group_id=dealt.club.group.id)) == 3


# --- Swaps and choosing by hand ----------------------------------------------------------------


def swap_path(scene: Scene) -> str:
    return f"/groups/{scene.club.group.id}/rotation/swap"


def test_a_facilitator_swaps_two_presenters(dealt, client, auth):
    auth.login(dealt.club.facilitator)
    first, third = (meeting(dealt.club.group, dealt.club.days[n]) for n in (0, 2))

    response = post(client, dealt, swap_path(dealt),
                    {"first_meeting_id": str(first.id), "second_meeting_id": str(third.id)})

    assert response.status_code == 303
    assert dealt.initials() == "CBA" + "ABC" * 3
    assert "The two meetings swapped presenters." in text(client.get(dealt.page))


def test_another_groups_meeting_cannot_be_swapped(dealt, client, auth):
    auth.login(dealt.club.facilitator)
    other = GroupFactory(name="Hillside")
    ensure_schedule(group=other, now=midnight(other, dealt.club.today))
    theirs = db.session.scalar(sa.select(Meeting).where(Meeting.group_id == other.id).limit(1))
    theirs_id = theirs.id
    db.session.commit()
    first = meeting(dealt.club.group, dealt.club.days[0])

    response = post(client, dealt, swap_path(dealt),
                    {"first_meeting_id": str(first.id), "second_meeting_id": str(theirs_id)})

    assert response.status_code == 422
    swap = element(text(response), r'<form method="post" action="[^"]*/rotation/swap')
    assert re.search(r'id="second_meeting_id-error">\s*Choose a meeting of this group.',
                     swap)
    assert "Hillside" not in text(response)
    assert dealt.initials() == "ABC" * 4


@pytest.mark.parametrize("data, field, message", [
    ({}, "first_meeting_id", "Choose a meeting."),
    ({"first_meeting_id": "{first}"}, "second_meeting_id", "Choose the other meeting."),
    ({"first_meeting_id": "{first}", "second_meeting_id": "{first}"}, "second_meeting_id",
     "Choose two different meetings."),
    ({"first_meeting_id": "ünïcode", "second_meeting_id": "{first}"}, "first_meeting_id",
     "Choose one from the list."),
    ({"first_meeting_id": "987654", "second_meeting_id": "{first}"}, "first_meeting_id",
     "Choose a meeting of this group."),
])
def test_bad_swaps_say_what_is_wrong_next_to_the_field(dealt, client, auth, data, field,
                                                       message):
    auth.login(dealt.club.facilitator)
    first = meeting(dealt.club.group, dealt.club.days[0]).id
    data = {k: v.format(first=first) for k, v in data.items()}

    response = post(client, dealt, swap_path(dealt), data)

    assert response.status_code == 422
    assert re.search(rf'id="{field}-error">\s*{re.escape(message)}', text(response))
    assert dealt.initials() == "ABC" * 4


def test_a_facilitator_chooses_a_presenter_by_hand_and_gives_it_back(dealt, client, auth):
    auth.login(dealt.club.facilitator)
    second = meeting(dealt.club.group, dealt.club.days[1])
    path = f"/meetings/{second.id}/presenter"

    response = post(client, dealt, path, {"presenter_id": str(dealt.club.member.id)})
    assert response.status_code == 303
    assert response.headers["Location"] == dealt.page
    assert dealt.presenter(1) == dealt.club.member.id
    # On the page: the member's name, and the select shows them chosen.
    page = text(client.get(dealt.page))
    assert featured(presenters_section(page))[1] == f"Featured: {dealt.club.member.name}"

    response = post(client, dealt, path, {"presenter_id": ""})
    assert response.status_code == 303
    assert dealt.presenter(1) == dealt.ben.id  # after Ann, in turn


@pytest.mark.parametrize("value", ["{outsider}", "987654", "<b>x</b>", "9" * 40])
def test_choosing_a_non_member_shows_the_error_by_that_meeting(dealt, client, auth, value):
    auth.login(dealt.club.facilitator)
    second = meeting(dealt.club.group, dealt.club.days[1])

    response = post(client, dealt, f"/meetings/{second.id}/presenter",
                    {"presenter_id": value.format(outsider=dealt.club.outsider.id)})

    assert response.status_code == 422
    row = element(text(response), rf'<li class="presenter-row[^"]*" id="meeting-{second.id}"')
    assert "<details class=\"presenter-change\" open>" in row
    assert "Choose a current member of the group" in squash(row)
    assert dealt.presenter(1) == dealt.ben.id


def test_a_cancelled_meetings_presenter_cannot_be_chosen(dealt, client, auth):
    auth.login(dealt.club.facilitator)
    second = meeting(dealt.club.group, dealt.club.days[1])
    cancel_meeting(meeting=second, actor=dealt.club.facilitator)
    db.session.commit()

    response = post(client, dealt, f"/meetings/{second.id}/presenter",
                    {"presenter_id": str(dealt.ann.id)})

    assert response.status_code == 422
    assert "Only a coming meeting's presenter can change; this one is cancelled." in \
        squash(text(response))
    assert dealt.presenter(1) == dealt.ben.id
