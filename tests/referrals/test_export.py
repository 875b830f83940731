"""CSV exports: a member's own referrals, a facilitator's whole group, and the round trip."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.models import Referral, Role
from partnernet.referrals import imports, services
from tests import factories
from tests.api import conftest as api_fixtures

api_headers = api_fixtures.api_headers  # the API tests' fixture, used here too

ZONE = "Pacific/Auckland"
GROUP_COLUMNS = [*imports.COLUMNS, "temperature"]
MINE_COLUMNS = [*GROUP_COLUMNS, "prospect_email", "prospect_phone"]


@pytest.fixture
def cast(app):
    cast = factories.make_referral_cast(timezone=ZONE, currency="NZD")
    cast.facilitator = factories.MembershipFactory(
        group=cast.group, role=Role.FACILITATOR, user__name="Fay Facilitator").user
    return cast


def rows_of(text: str) -> tuple[list[str], list[dict]]:
    reader = csv.DictReader(io.StringIO(text))
    return reader.fieldnames, list(reader)


def seed(cast) -> dict[str, Referral]:
    """Referrals passed and worked through the services, at instants that are a different
    date in Auckland than in UTC."""
    g, r, m = cast.giver, cast.receiver, cast.member

    def pass_(giver, receiver, name, at, **prospect):
        slip = services.Slip(receiver_id=receiver.id, temperature=4,
                             prospect=services.Prospect(name=name, company="Acme", **prospect))
        return services.pass_referral(group=cast.group, giver=giver, slip=slip, passed_at=at)

    # 11:30 UTC on 31 March 2025 is 00:30 on 1 April in Auckland.
    won = pass_(g, r, "Won Wes", datetime(2025, 3, 31, 11, 30, tzinfo=UTC),
                email="wes@example.com", phone="+64 21 555 0100")
    services.change_status(referral=won, actor=r, status="accepted")
    services.record_closed_business(referral=won, actor=r, amount="1000", kind="new",
                                    closed_on="2025-04-02")
    services.record_closed_business(referral=won, actor=r, amount="250.50", kind="repeat",
                                    closed_on="2025-04-20")
    mistake = services.record_closed_business(referral=won, actor=r, amount="99",
                                              kind="new", closed_on="2025-04-25")
    services.delete_closed_business(entry=mistake, actor=r)
    declined = pass_(g, r, "Declined Dee", datetime(2025, 4, 3, 1, 0, tzinfo=UTC))
    services.change_status(referral=declined, actor=r, status="declined",
                           reason="Outside my area")
    theirs = pass_(r, m, "Their Tia", datetime(2025, 4, 5, 9, 0, tzinfo=UTC),
                   email="tia@example.com")
    received = pass_(m, g, "=Formula Fred", datetime(2025, 4, 6, 9, 0, tzinfo=UTC),
                     phone="+64 9 555 0199")
    db.session.commit()
    return {"won": won, "declined": declined, "theirs": theirs, "received": received}


def test_the_group_export_for_facilitators(client, auth, cast):
    seed(cast)
    auth.login(cast.facilitator)

    response = client.get(f"/groups/{cast.group.id}/referrals/export-all.csv")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="riverside-partners-referrals-')
    assert "no-store" in response.headers["Cache-Control"]
    header, rows = rows_of(response.get_data(as_text=True))
    assert header == GROUP_COLUMNS
    assert [r["prospect_name"] for r in rows] == ["Won Wes", "Declined Dee", "Their Tia",
                                                  "'=Formula Fred"]
    won, declined = rows[0], rows[1]
    assert won == {
        "passed_on": "2025-04-01", "giver_email": cast.giver.email,
        "receiver_email": cast.receiver.email, "kind": "outside", "relationship": "client",
        "prospect_name": "Won Wes", "prospect_company": "Acme", "status": "won",
        "closed_amount": "1250.50", "closed_on": "2025-04-20", "note": "", "temperature": "4"}
    assert (declined["status"], declined["note"], declined["closed_amount"]) == (
        "declined", "Outside my area", "")


def test_the_group_export_is_for_facilitators(client, auth, cast):
    auth.login(cast.giver)
    assert client.get(f"/groups/{cast.group.id}/referrals/export-all.csv").status_code == 403
    auth.login(cast.outsider)
    assert client.get(f"/groups/{cast.group.id}/referrals/export-all.csv").status_code == 404
    assert client.get(f"/groups/{cast.group.id}/referrals/export.csv").status_code == 404


def test_my_export_has_my_referrals_with_contact_details(client, auth, cast):
    seed(cast)
    auth.login(cast.giver)

    response = client.get(f"/groups/{cast.group.id}/referrals/export.csv?role=mine")

    assert response.status_code == 200
    assert "my-referrals" in response.headers["Content-Disposition"]
    header, rows = rows_of(response.get_data(as_text=True))
    assert header == MINE_COLUMNS
    assert [r["prospect_name"] for r in rows] == ["Won Wes", "Declined Dee", "'=Formula Fred"]
    assert (rows[0]["prospect_email"], rows[0]["prospect_phone"]) == (
        "wes@example.com", "'+64 21 555 0100")


@pytest.mark.parametrize(("role", "names"), [
    ("given", ["Won Wes", "Declined Dee"]),
    ("received", ["'=Formula Fred"]),
    ("everything", ["Won Wes", "Declined Dee", "'=Formula Fred"]),  # unknown: mine
])
def test_my_export_by_role(client, auth, cast, role, names):
    seed(cast)
    auth.login(cast.giver)

    text = client.get(f"/groups/{cast.group.id}/referrals/export.csv?role={role}").get_data(
        as_text=True)

    assert [r["prospect_name"] for r in rows_of(text)[1]] == names


def test_an_empty_export_is_the_header_row(client, auth, cast):
    auth.login(cast.member)

    text = client.get(f"/groups/{cast.group.id}/referrals/export.csv").get_data(as_text=True)

    assert text == ",".join(MINE_COLUMNS) + "\n"


def second_group(cast):
    """Another group with the same people in it, in another time zone and the same currency."""
    group = factories.GroupFactory(name="New Home", timezone="America/Los_Angeles",
                                   currency="NZD")
    for user in (cast.giver, cast.receiver, cast.member):
        factories.MembershipFactory(group=group, user=user)
    factories.MembershipFactory(group=group, user=cast.facilitator, role=Role.FACILITATOR)
    return group


def test_round_trip_of_the_group_export(client, auth, cast, api_headers):
    seed(cast)
    auth.login(cast.facilitator)
    exported = client.get(f"/groups/{cast.group.id}/referrals/export-all.csv").get_data()
    new_home = second_group(cast)
    headers = {**api_headers(cast.facilitator), "Content-Type": "text/csv"}

    imported = client.post(f"/api/v1/groups/{new_home.id}/imports/referrals", data=exported,
                           headers=headers)
    again = client.post(f"/api/v1/groups/{new_home.id}/imports/referrals", data=exported,
                        headers=headers)
    exported_again = client.get(f"/groups/{new_home.id}/referrals/export-all.csv").get_data()

    assert imported.get_json() == {"created": 4, "skipped": 0}
    assert again.get_json() == {"created": 0, "skipped": 4}
    assert exported_again.decode() == exported.decode()
    names = set(db.session.scalars(sa.select(Referral.prospect_name)
                                   .where(Referral.group_id == new_home.id)))
    assert "=Formula Fred" in names  # the spreadsheet guard is not part of the name


def test_round_trip_of_my_export_keeps_contact_details(client, auth, cast, runner, tmp_path):
    seed(cast)
    auth.login(cast.giver)
    exported = client.get(f"/groups/{cast.group.id}/referrals/export.csv").get_data()
    new_home = second_group(cast)
    path = tmp_path / "mine.csv"
    path.write_bytes(exported)

    result = runner.invoke(args=["import-referrals", str(new_home.id), str(path)])

    assert result.exit_code == 0, result.output
    assert "Imported 3 referrals" in result.stdout
    moved = {r.prospect_name: r for r in db.session.scalars(
        sa.select(Referral).where(Referral.group_id == new_home.id))}
    assert (moved["Won Wes"].prospect_email, moved["Won Wes"].prospect_phone) == (
        "wes@example.com", "+64 21 555 0100")
    assert moved["=Formula Fred"].prospect_phone == "+64 9 555 0199"
    assert moved["Won Wes"].temperature == 4
    [entry] = moved["Won Wes"].closed_business
    assert (entry.amount, entry.closed_on) == (125_050, date(2025, 4, 20))
    assert client.get(f"/groups/{new_home.id}/referrals/export.csv").get_data() == exported
