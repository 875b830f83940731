"""Importing referral history from CSV: the CLI, the API and the facilitator's page.

The group is in Pacific/Auckland, far from UTC, so a date read as UTC would land on
the wrong day.
"""

import csv
import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from partnernet.extensions import db
from partnernet.models import ClosedBusiness, Referral, ReferralEvent, Role
from partnernet.periods import local_today
from partnernet.referrals import imports
from tests import factories
from tests.api import conftest as api_fixtures
from tests.api.helpers import assert_error

api_headers = api_fixtures.api_headers  # the API tests' fixture, used here too

ZONE = "Pacific/Auckland"


@pytest.fixture
def cast(app):
    cast = factories.make_referral_cast(timezone=ZONE, currency="NZD")
    cast.facilitator = factories.MembershipFactory(
        group=cast.group, role=Role.FACILITATOR, user__name="Fay Facilitator").user
    return cast


def csv_bytes(rows: list[dict], header: list[str] | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header or imports.COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def row(cast, **values) -> dict:
    return {"passed_on": "2025-01-15", "giver_email": cast.giver.email,
            "receiver_email": cast.receiver.email, "kind": "outside",
            "relationship": "client", "prospect_name": "Dana Prospect",
            "prospect_company": "Harbour Dental", "status": "passed", "closed_amount": "",
            "closed_on": "", "note": "", **values}


def history(cast) -> list[dict]:
    """Nine referrals, one in each status; two won ones with closed business."""
    return [
        row(cast, prospect_name="Passed Pat"),
        row(cast, prospect_name="Accepted Ann", status="accepted", passed_on="2025-02-01"),
        row(cast, prospect_name="Contacted Cy", status="contacted", kind="inside",
            relationship="supplier"),
        row(cast, prospect_name="Meeting Mel", status="meeting",
            giver_email=cast.receiver.email, receiver_email=cast.member.email),
        row(cast, prospect_name="Proposal Pia", status="proposal", relationship="friend_family"),
        row(cast, prospect_name="Won Wes", status="won", closed_amount="1250.00",
            closed_on="2025-03-01", note="Full refit"),
        row(cast, prospect_name="Lost Lou", status="lost", relationship="other"),
        row(cast, prospect_name="Declined Dee", status="declined", note="Outside my area"),
        row(cast, prospect_name="Withdrawn Wyn", status="withdrawn",
            relationship="client_coworker"),
        row(cast, prospect_name="Won Again", status="won", closed_amount="1,980.5",
            closed_on="2025-01-15", passed_on="2025-01-15", giver_email=cast.member.email),
    ]


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def by_prospect() -> dict[str, Referral]:
    db.session.expire_all()
    return {r.prospect_name: r for r in db.session.scalars(sa.select(Referral))}


def assert_history_imported(cast, actor=None) -> None:
    referrals = by_prospect()
    assert len(referrals) == 10
    assert {r.status for r in referrals.values()} == {
        "passed", "accepted", "contacted", "meeting", "proposal", "won", "lost", "declined",
        "withdrawn"}

    won = referrals["Won Wes"]
    # Noon on 15 January in Auckland (NZDT, UTC+13) is 23:00 UTC the day before.
    assert won.passed_at == datetime(2025, 1, 14, 23, 0, tzinfo=UTC)
    assert won.passed_at.astimezone(ZoneInfo(ZONE)).date() == date(2025, 1, 15)
    assert (won.giver_id, won.receiver_id) == (cast.giver.id, cast.receiver.id)
    assert won.note == "Full refit" and won.group_id == cast.group.id
    [entry] = won.closed_business
    assert (entry.amount, entry.closed_on, entry.kind) == (125_000, date(2025, 3, 1), "new")
    again = referrals["Won Again"]
    assert [(e.amount, e.closed_on) for e in again.closed_business] == [
        (198_050, date(2025, 1, 15))]
    assert count(ClosedBusiness) == 2

    declined = referrals["Declined Dee"]
    assert (declined.declined_reason, declined.note) == ("Outside my area", "")
    meeting = referrals["Meeting Mel"]
    assert (meeting.giver_id, meeting.receiver_id) == (cast.receiver.id, cast.member.id)
    contacted = referrals["Contacted Cy"]
    assert (contacted.kind, contacted.relationship, contacted.temperature) == (
        "inside", "supplier", 3)
    assert referrals["Accepted Ann"].passed_at.astimezone(ZoneInfo(ZONE)).date() == \
        date(2025, 2, 1)

    events = db.session.scalars(sa.select(ReferralEvent)).all()
    assert len(events) == 10 and {e.kind for e in events} == {"imported"}
    assert {e.actor_id for e in events} == {actor.id if actor else None}


def bad_history(cast) -> list[dict]:
    """Line 4 (the third referral) and line 6 are wrong; the others are fine."""
    rows = history(cast)[:6]
    rows[2] = {**rows[2], "passed_on": "15/01/2025"}
    rows[4] = {**rows[4], "giver_email": "nobody@example.com"}
    return rows


# The command line


def write(tmp_path, data: bytes, name="history.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_cli_imports_every_status_with_closed_business(runner, cast, tmp_path):
    path = write(tmp_path, csv_bytes(history(cast)))

    result = runner.invoke(args=["import-referrals", str(cast.group.id), path])

    assert result.exit_code == 0, result.output
    assert result.stdout == "Imported 10 referrals (0 skipped as already imported).\n"
    assert_history_imported(cast)


def test_cli_importing_the_same_file_twice_adds_nothing(runner, cast, tmp_path):
    path = write(tmp_path, csv_bytes(history(cast)))
    runner.invoke(args=["import-referrals", str(cast.group.id), path])

    result = runner.invoke(args=["import-referrals", str(cast.group.id), path])

    assert result.exit_code == 0, result.output
    assert result.stdout == "Imported 0 referrals (10 skipped as already imported).\n"
    assert count(Referral) == 10 and count(ClosedBusiness) == 2


def test_cli_reports_every_bad_line_and_imports_nothing(runner, cast, tmp_path):
    path = write(tmp_path, csv_bytes(bad_history(cast)))

    result = runner.invoke(args=["import-referrals", str(cast.group.id), path])

    assert result.exit_code != 0
    assert result.stdout == ""
    assert "line 4: passed_on “15/01/2025” is not a date like 2025-03-31" in result.stderr
    assert "line 6: giver_email “nobody@example.com” is not a member of this group" in \
        result.stderr
    assert "line 2" not in result.stderr and "Traceback" not in result.output
    assert count(Referral) == count(ReferralEvent) == count(ClosedBusiness) == 0


def test_cli_refuses_an_unknown_group_and_a_missing_file(runner, cast, tmp_path):
    path = write(tmp_path, csv_bytes(history(cast)))

    unknown = runner.invoke(args=["import-referrals", "999999", path])
    missing = runner.invoke(args=["import-referrals", str(cast.group.id),
                                  str(tmp_path / "nope.csv")])

    assert unknown.exit_code != 0 and "No group with id 999999" in unknown.stderr
    assert missing.exit_code != 0 and "nope.csv" in missing.stderr
    assert count(Referral) == 0


def test_cli_refuses_a_file_over_the_import_limit_without_reading_it_all(runner, cast,
                                                                          tmp_path):
    path = write(tmp_path, csv_bytes([row(cast)]) + b"#" * imports.MAX_BYTES)

    result = runner.invoke(args=["import-referrals", str(cast.group.id), path])

    assert result.exit_code != 0
    assert "larger than 5 MB" in result.stderr
    assert count(Referral) == 0


# The API


def api_import(client, cast, headers, data: bytes):
    return client.post(f"/api/v1/groups/{cast.group.id}/imports/referrals", data=data,
                       headers={**headers, "Content-Type": "text/csv"})


def test_api_import_then_again(client, cast, api_headers):
    headers = api_headers(cast.facilitator)
    data = csv_bytes(history(cast))

    first = api_import(client, cast, headers, data)
    second = api_import(client, cast, headers, data)

    assert first.status_code == 201
    assert first.get_json() == {"created": 10, "skipped": 0}
    assert second.status_code == 200
    assert second.get_json() == {"created": 0, "skipped": 10}
    assert_history_imported(cast, actor=cast.facilitator)


def test_api_import_adds_only_the_new_rows_of_a_longer_file(client, cast, api_headers):
    headers = api_headers(cast.facilitator)
    rows = history(cast)
    api_import(client, cast, headers, csv_bytes(rows[:4]))

    response = api_import(client, cast, headers, csv_bytes(rows))

    assert response.get_json() == {"created": 6, "skipped": 4}
    assert count(Referral) == 10


def test_api_import_takes_a_form_upload_too(client, cast, api_headers):
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(csv_bytes(history(cast))),
                                                           "history.csv")})

    response = client.post(f"/api/v1/groups/{cast.group.id}/imports/referrals", data=body,
                           headers={**api_headers(cast.facilitator),
                                    "Content-Type": f"multipart/form-data; boundary={boundary}"})

    assert response.status_code == 201
    assert response.get_json() == {"created": 10, "skipped": 0}


def test_api_import_is_for_facilitators(client, cast, api_headers):
    data = csv_bytes(history(cast))

    assert_error(api_import(client, cast, api_headers(cast.giver), data), 403, "forbidden")
    assert_error(api_import(client, cast, api_headers(cast.outsider), data), 404, "not_found")
    assert count(Referral) == 0


def test_api_import_reports_every_bad_line_and_imports_nothing(client, cast, api_headers):
    response = api_import(client, cast, api_headers(cast.facilitator),
                          csv_bytes(bad_history(cast)))

    body = assert_error(response, 422, "validation_error", {"line 4", "line 6"})
    assert body["fields"]["line 4"] == ["passed_on “15/01/2025” is not a date like 2025-03-31"]
    assert body["message"].startswith("Nothing was imported.")
    assert count(Referral) == count(ReferralEvent) == count(ClosedBusiness) == 0


def tomorrow() -> str:
    return (local_today(ZONE) + timedelta(days=1)).isoformat()


BAD_FILES = {
    "wrong header": (lambda c: b"date,from,to,who\n2025-01-15,a,b,c\n",
                     "line 1", "The header row is wrong: missing column(s) passed_on"),
    "latin-1": (lambda c: csv_bytes([row(c, prospect_name="Zoë Müller")]).decode()
                .encode("latin-1"), "file", "not UTF-8"),
    "empty": (lambda c: b"", "line 1", "The file is empty"),
    "malformed date": (lambda c: csv_bytes([row(c, passed_on="2025-02-30")]), "line 2",
                       "passed_on “2025-02-30” is not a date"),
    "future passed_on": (lambda c: csv_bytes([row(c, passed_on=tomorrow())]), "line 2",
                         "is in the future"),
    "future closed_on": (lambda c: csv_bytes([row(c, status="won", closed_amount="10",
                                                  closed_on=tomorrow())]), "line 2",
                         "closed_on " + "{tomorrow} is in the future"),
    "closed before passed": (lambda c: csv_bytes([row(c, status="won", closed_amount="10",
                                                      closed_on="2025-01-14")]), "line 2",
                             "closed_on is before passed_on"),
    "unknown member": (lambda c: csv_bytes([row(c, receiver_email="who@example.com")]),
                       "line 2", "receiver_email “who@example.com” is not a member"),
    "member of another group": (lambda c: csv_bytes([row(c, giver_email=c.outsider.email)]),
                                "line 2", "is not a member of this group"),
    "to oneself": (lambda c: csv_bytes([row(c, receiver_email=c.giver.email)]), "line 2",
                   "the giver and the receiver are the same person"),
    "negative amount": (lambda c: csv_bytes([row(c, status="won", closed_amount="-50",
                                                 closed_on="2025-01-20")]), "line 2",
                        "Enter a positive amount"),
    "absurd amount": (lambda c: csv_bytes([row(c, status="won", closed_amount="1e9",
                                               closed_on="2025-01-20")]), "line 2",
                      "closed_amount “1e9”"),
    "huge amount": (lambda c: csv_bytes([row(c, status="won", closed_amount="500000000",
                                             closed_on="2025-01-20")]), "line 2",
                    "check the amount"),
    "closed_amount without won": (lambda c: csv_bytes([row(c, status="proposal",
                                                           closed_amount="100",
                                                           closed_on="2025-01-20")]),
                                  "line 2", "closed_amount is given but status is not won"),
    "closed_amount without closed_on": (lambda c: csv_bytes([row(c, status="won",
                                                                 closed_amount="100")]),
                                        "line 2", "closed_amount is given without closed_on"),
    "declined without a reason": (lambda c: csv_bytes([row(c, status="declined")]), "line 2",
                                  "a declined referral needs its reason in note"),
    "unknown status": (lambda c: csv_bytes([row(c, status="pending")]), "line 2",
                       "status “pending” must be one of"),
    "too many fields": (lambda c: csv_bytes([row(c)]) + b"2025-01-15,a,b,c,d,e,f,g,h,i,j,k,l\n",
                        "line 3", "more fields than the header"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_api_import_refuses_bad_files_clearly(client, cast, api_headers, case):
    make, key, text = BAD_FILES[case]
    good = [row(cast, prospect_name="Fine Row")]
    data = make(cast)
    if key == "line 2" and case != "empty":  # a good row first: it must not be imported either
        data = data.replace(b"\n", b"\n" + csv_bytes(good).split(b"\n", 1)[1], 1)
        key = "line 3"

    response = api_import(client, cast, api_headers(cast.facilitator), data)

    body = assert_error(response, 422, "validation_error", {key})
    assert text.format(tomorrow=tomorrow()) in body["fields"][key][0]
    assert count(Referral) == 0


def test_api_import_over_the_import_limit(client, cast, api_headers):
    data = csv_bytes([row(cast)]) + b"#" * imports.MAX_BYTES

    body = assert_error(api_import(client, cast, api_headers(cast.facilitator), data), 422,
                        "validation_error", {"file"})
    assert "larger than 5 MB" in body["fields"]["file"][0]


def test_api_import_of_50_mb_is_too_large(client, cast, api_headers):
    data = b"x" * (50 * 1024 * 1024)

    assert_error(api_import(client, cast, api_headers(cast.facilitator), data), 413,
                 "too_large")
    assert count(Referral) == 0


def test_today_in_the_groups_zone_is_not_the_future(client, cast, api_headers):
    today = local_today(ZONE).isoformat()
    rows = [row(cast, passed_on=today, status="won", closed_amount="5", closed_on=today)]

    response = api_import(client, cast, api_headers(cast.facilitator), csv_bytes(rows))

    assert response.status_code == 201, response.get_json()
    [referral] = by_prospect().values()
    assert referral.passed_at.astimezone(ZoneInfo(ZONE)).date().isoformat() == today


def test_imported_referrals_are_in_the_api_on_their_local_dates(client, cast, api_headers):
    api_import(client, cast, api_headers(cast.facilitator), csv_bytes(history(cast)))

    response = client.get(f"/api/v1/groups/{cast.group.id}/referrals"
                          "?start=2025-01-15&end=2025-01-16", headers=api_headers(cast.giver))

    names = {r["prospect"]["name"] for r in response.get_json()["items"]}
    assert "Accepted Ann" not in names
    assert {"Won Wes", "Won Again", "Passed Pat"} <= names
    won = next(r for r in response.get_json()["items"] if r["prospect"]["name"] == "Won Wes")
    assert (won["closed_value"], won["currency"], won["status"]) == ("1250.00", "NZD", "won")


def test_the_cli_and_the_api_recognise_each_others_rows(runner, client, cast, api_headers,
                                                        tmp_path):
    data = csv_bytes(history(cast))
    runner.invoke(args=["import-referrals", str(cast.group.id), write(tmp_path, data)])

    response = api_import(client, cast, api_headers(cast.facilitator), data)

    assert response.get_json() == {"created": 0, "skipped": 10}


# The facilitator's page


def upload(client, cast, data: bytes, name="history.csv"):
    # Encoded in memory: the test client would spool a big body to a temporary file and
    # leave it open when the app refuses the request unread.
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), name)})
    return client.post(f"/groups/{cast.group.id}/referrals/import", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def test_import_page_explains_the_format(client, auth, cast):
    auth.login(cast.facilitator)

    response = client.get(f"/groups/{cast.group.id}/referrals/import")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for column in imports.COLUMNS:
        assert f"<code>{column}</code>" in page
    assert f"/groups/{cast.group.id}/referrals/import/template.csv" in page
    assert 'enctype="multipart/form-data"' in page


def test_import_page_imports_and_says_how_many(client, auth, cast):
    auth.login(cast.facilitator)

    response = upload(client, cast, csv_bytes(history(cast)))

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/groups/{cast.group.id}/referrals/import")
    assert_history_imported(cast, actor=cast.facilitator)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Imported 10 referrals (0 skipped as already imported)." in page

    again = upload(client, cast, csv_bytes(history(cast)))
    assert "Imported 0 referrals (10 skipped as already imported)." in \
        client.get(again.headers["Location"]).get_data(as_text=True)
    assert count(Referral) == 10


def test_import_page_lists_every_bad_line_and_imports_nothing(client, auth, cast):
    auth.login(cast.facilitator)

    response = upload(client, cast, csv_bytes(bad_history(cast)), name="old-portal.csv")

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nothing was imported from old-portal.csv" in page
    assert "<strong>Line 4:</strong> passed_on “15/01/2025” is not a date" in page
    assert "<strong>Line 6:</strong> giver_email “nobody@example.com”" in page
    assert count(Referral) == 0


def test_import_page_without_a_file(client, auth, cast):
    auth.login(cast.facilitator)

    response = client.post(f"/groups/{cast.group.id}/referrals/import", data={},
                           content_type="multipart/form-data")

    assert response.status_code == 422
    assert "Choose the CSV file to import." in response.get_data(as_text=True)


@pytest.mark.parametrize(("data", "text"), [
    (b"", "The file is empty"),
    ("passed_on,giver_email\n".encode("utf-16"), "not UTF-8"),
])
def test_import_page_refuses_bad_files(client, auth, cast, data, text):
    auth.login(cast.facilitator)

    response = upload(client, cast, data)

    assert response.status_code == 422
    assert text in response.get_data(as_text=True)
    assert count(Referral) == 0


def test_import_page_refuses_a_50_mb_upload(client, auth, cast):
    auth.login(cast.facilitator)

    response = upload(client, cast, b"x" * (50 * 1024 * 1024))

    assert response.status_code == 413
    assert count(Referral) == 0


@pytest.mark.parametrize("path", ["/referrals/import", "/referrals/import/template.csv"])
def test_import_pages_are_for_facilitators(client, auth, cast, path):
    auth.login(cast.giver)
    assert client.get(f"/groups/{cast.group.id}{path}").status_code == 403
    assert upload(client, cast, csv_bytes(history(cast))).status_code == 403

    auth.login(cast.outsider)
    assert client.get(f"/groups/{cast.group.id}{path}").status_code == 404
    assert count(Referral) == 0


def test_import_needs_sign_in(client, cast):
    response = client.get(f"/groups/{cast.group.id}/referrals/import")

    assert response.status_code in (302, 303)
    assert "/login" in response.headers["Location"]


def test_the_template_is_the_header_row(client, auth, cast):
    auth.login(cast.facilitator)

    response = client.get(f"/groups/{cast.group.id}/referrals/import/template.csv")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.get_data(as_text=True) == ",".join(imports.COLUMNS) + "\n"
