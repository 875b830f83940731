"""Referrals: pass, list, detail, the pipeline, notes, closed business, quality, thanks, import.

Every change goes through partnernet.referrals.services, every read through its queries,
as the pages do. Prospect email and phone reach only the referral's giver and receiver.
"""

from apiflask.exceptions import HTTPError
from flask import request

from partnernet.api import bp
from partnernet.api import referral_schemas as rs
from partnernet.api.core import auth, member_of
from partnernet.api.schemas import error_response
from partnernet.errors import DomainError
from partnernet.extensions import db
from partnernet.groups.queries import get_active_membership
from partnernet.models import ClosedBusiness, Group, Referral
from partnernet.money import to_decimal_string
from partnernet.periods import Period, local_today, named_period
from partnernet.referrals import imports, queries, services
from partnernet.referrals.queries import ReferralRow
from partnernet.web import api_error

NOT_A_MEMBER = error_response("Not a member of the group, or no such referral")
INVALID = error_response("Invalid field; `fields` says which")
NOT_A_PARTY = error_response("The caller is not allowed to do this to the referral")
STALE = error_response("The referral changed since the version sent")

# The services name prospect fields flat; the API's body nests them under `prospect`.
_API_FIELDS = {"prospect_name": "prospect.name", "prospect_company": "prospect.company",
               "prospect_email": "prospect.email", "prospect_phone": "prospect.phone"}


def _money(minor: int, currency: str) -> str:
    return to_decimal_string(minor, currency)


def _referral_out(row: ReferralRow, currency: str) -> dict:
    """A referral as JSON: contact details are already None unless the viewer is a party."""
    return {
        "id": row.id, "group_id": row.group_id, "giver_id": row.giver_id,
        "giver_name": row.giver_name, "receiver_id": row.receiver_id,
        "receiver_name": row.receiver_name, "kind": row.kind,
        "relationship": row.relationship, "temperature": row.temperature,
        "status": row.status, "status_label": row.status_label, "version": row.version,
        "passed_at": row.passed_at, "updated_at": row.updated_at,
        "source_referral_id": row.source_referral_id,
        "prospect": {"name": row.prospect_name, "company": row.prospect_company,
                     "email": row.prospect_email, "phone": row.prospect_phone},
        "closed_value": _money(row.closed_value, currency), "currency": currency,
        "quality": row.quality, "thanked": row.thanked, "meeting_id": row.meeting_id,
    }


def _event_data(data, currency: str):
    """Event details with amounts (minor units in the database) as decimal strings."""
    if isinstance(data, dict):
        currency = data.get("currency", currency)
        return {key: _money(value, currency) if key == "amount" and isinstance(value, int)
                else _event_data(value, currency) for key, value in data.items()}
    return data


def _entry_out(entry, referral_id: int, currency: str) -> dict:
    deleted = entry.deleted if isinstance(entry, queries.Entry) else entry.deleted_at is not None
    return {"id": entry.id, "referral_id": referral_id, "amount": _money(entry.amount, currency),
            "currency": currency, "kind": entry.kind, "closed_on": entry.closed_on,
            "note": entry.note, "deleted": deleted}


def _detail_out(referral: Referral) -> dict:
    currency = db.session.get(Group, referral.group_id).currency
    detail = queries.get_referral_detail(referral, auth.current_user.id)
    thanks = detail.thank_you
    return {
        **_referral_out(detail.row, currency),
        "expects_call": detail.expects_call, "criteria_met": list(detail.criteria_met),
        "note": detail.note, "declined_reason": detail.declined_reason,
        "chain_value": _money(detail.chain_value, currency),
        "moves": sorted(detail.moves, key=rs.STATUSES.index),
        "closed_business": [_entry_out(e, referral.id, currency) for e in detail.entries],
        "events": [{"id": e.id, "kind": e.kind, "actor_name": e.actor_name,
                    "from_status": e.from_status, "to_status": e.to_status, "note": e.note,
                    "data": _event_data(e.data, currency), "created_at": e.created_at}
                   for e in detail.events],
        "thank_you": {"referral_id": referral.id, "message": thanks[0], "gift": thanks[1]}
        if thanks else None,
    }


def _referral(rid: int) -> Referral:
    """The referral, if the caller is a current member of its group; else 404."""
    referral = db.session.get(Referral, rid)
    if referral is None or get_active_membership(referral.group_id,
                                                 auth.current_user.id) is None:
        raise HTTPError(404, "No such referral.")
    return referral


def _entry(cid: int) -> ClosedBusiness:
    entry = db.session.get(ClosedBusiness, cid)
    if entry is None:
        raise HTTPError(404, "No such closed-business entry.")
    _referral(entry.referral_id)
    return entry


def _period(group: Group, query: dict) -> Period | None:
    start, end, period = query.get("start"), query.get("end"), query.get("period")
    if period and (start or end):
        raise HTTPError(422, "Send either period or start/end, not both.",
                        detail={"query": {"period": ["Send either period or start/end."]}})
    if start and end and end <= start:
        raise HTTPError(422, "end must be after start.",
                        detail={"query": {"end": ["end must be after start."]}})
    if period:
        return named_period(period, local_today(group.timezone))
    if start or end:
        return Period(start, end)
    return None


@bp.post("/groups/<int:gid>/referrals")
@bp.auth_required(auth)
@bp.input(rs.ReferralIn, arg_name="data")
@bp.output(rs.ReferralDetail, status_code=201)
@bp.doc(summary="Pass a referral to a partner in the group; the receiver is notified",
        responses={404: NOT_A_MEMBER, 422: INVALID})
def create_referral(gid: int, data: dict):
    group = member_of(gid).group
    slip = services.Slip(
        receiver_id=data["receiver_id"], prospect=services.Prospect(**data["prospect"]),
        kind=data["kind"], relationship=data["relationship"], temperature=data["temperature"],
        expects_call=data["expects_call"], criteria_met=tuple(data["criteria_met"]),
        note=data["note"], source_referral_id=data["source_referral_id"])
    try:
        referral = services.pass_referral(group=group, giver=auth.current_user, slip=slip)
    except DomainError as exc:
        exc.field = _API_FIELDS.get(exc.field, exc.field)
        raise
    return _detail_out(referral)


@bp.get("/groups/<int:gid>/referrals")
@bp.auth_required(auth)
@bp.input(rs.ReferralQuery, location="query", arg_name="query")
@bp.output(rs.ReferralList)
@bp.doc(summary="The caller's given or received referrals, or the group's; newest first",
        description="Prospect email and phone are null except on referrals the caller gave or "
                    "received. `counts` has every status, for the same role and period.",
        responses={404: NOT_A_MEMBER, 422: INVALID})
def list_referrals(gid: int, query: dict):
    group = member_of(gid).group
    rows, counts = queries.list_referrals(
        group=group, viewer_id=auth.current_user.id, role=query.get("role"),
        status=query.get("status"), period=_period(group, query))
    return {"items": [_referral_out(r, group.currency) for r in rows], "counts": counts}


@bp.get("/referrals/<int:rid>")
@bp.auth_required(auth)
@bp.output(rs.ReferralDetail)
@bp.doc(summary="One referral with its timeline, closed business and thank-you",
        responses={404: NOT_A_MEMBER})
def get_referral(rid: int):
    return _detail_out(_referral(rid))


@bp.post("/referrals/<int:rid>/status")
@bp.auth_required(auth)
@bp.input(rs.StatusIn, arg_name="data")
@bp.output(rs.ReferralDetail)
@bp.doc(summary="Move the referral along the pipeline (declining needs a reason)",
        description="The receiver works the referral and can reopen a won, lost or declined "
                    "one; the giver can withdraw an open one. Send `version` to be told (409) "
                    "when someone changed it meanwhile.",
        responses={403: NOT_A_PARTY, 404: NOT_A_MEMBER, 409: STALE, 422: INVALID})
def change_status(rid: int, data: dict):
    referral = _referral(rid)
    services.change_status(referral=referral, actor=auth.current_user, status=data["status"],
                           note=data["note"], reason=data["reason"], version=data["version"])
    return _detail_out(referral)


@bp.post("/referrals/<int:rid>/notes")
@bp.auth_required(auth)
@bp.input(rs.NoteIn, arg_name="data")
@bp.output(rs.ReferralEvent, status_code=201)
@bp.doc(summary="Add a note to the referral's timeline (giver or receiver)",
        responses={403: NOT_A_PARTY, 404: NOT_A_MEMBER, 422: INVALID})
def add_note(rid: int, data: dict):
    referral = _referral(rid)
    event = services.add_note(referral=referral, actor=auth.current_user, note=data["note"])
    return {"id": event.id, "kind": event.kind, "actor_name": auth.current_user.name,
            "from_status": None, "to_status": None, "note": event.note, "data": {},
            "created_at": event.created_at}


@bp.post("/referrals/<int:rid>/closed-business")
@bp.auth_required(auth)
@bp.input(rs.NewClosedBusinessIn, arg_name="data")
@bp.output(rs.ClosedBusinessEntry, status_code=201)
@bp.doc(summary="Record business that came of the referral (receiver); it becomes won",
        responses={403: NOT_A_PARTY, 404: NOT_A_MEMBER, 409: STALE, 422: INVALID})
def record_closed_business(rid: int, data: dict):
    referral = _referral(rid)
    entry = services.record_closed_business(
        referral=referral, actor=auth.current_user, amount=data["amount"], kind=data["kind"],
        closed_on=data["closed_on"], note=data["note"], version=data["version"])
    return _entry_out(entry, referral.id, db.session.get(Group, referral.group_id).currency)


@bp.put("/closed-business/<int:cid>")
@bp.auth_required(auth)
@bp.input(rs.ClosedBusinessIn, arg_name="data")
@bp.output(rs.ClosedBusinessEntry)
@bp.doc(summary="Correct a closed-business entry (receiver); the timeline keeps what it was",
        responses={403: NOT_A_PARTY, 404: NOT_A_MEMBER, 422: INVALID})
def correct_closed_business(cid: int, data: dict):
    entry = _entry(cid)
    services.correct_closed_business(entry=entry, actor=auth.current_user, **data)
    referral = entry.referral
    return _entry_out(entry, referral.id, db.session.get(Group, referral.group_id).currency)


@bp.delete("/closed-business/<int:cid>")
@bp.auth_required(auth)
@bp.output({}, status_code=204)
@bp.doc(summary="Delete a mistaken closed-business entry (receiver); the timeline keeps it",
        responses={403: NOT_A_PARTY, 404: NOT_A_MEMBER})
def delete_closed_business(cid: int):
    services.delete_closed_business(entry=_entry(cid), actor=auth.current_user)
    return ""


@bp.post("/referrals/<int:rid>/quality")
@bp.auth_required(auth)
@bp.input(rs.QualityIn, arg_name="data")
@bp.output(rs.ReferralDetail)
@bp.doc(summary="Rate the referral: qualified, lukewarm or not_a_fit (receiver)",
        responses={403: NOT_A_PARTY, 404: NOT_A_MEMBER, 422: INVALID})
def rate_quality(rid: int, data: dict):
    referral = _referral(rid)
    services.rate_quality(referral=referral, actor=auth.current_user, quality=data["quality"])
    return _detail_out(referral)


@bp.post("/referrals/<int:rid>/thanks")
@bp.auth_required(auth)
@bp.input(rs.ThanksIn, arg_name="data")
@bp.output(rs.ThankYou, status_code=201)
@bp.doc(summary="Thank the giver, whatever became of the referral (receiver, once)",
        responses={403: NOT_A_PARTY, 404: NOT_A_MEMBER, 409: error_response("Already thanked"),
                   422: INVALID})
def thank(rid: int, data: dict):
    referral = _referral(rid)
    thanks = services.thank(referral=referral, actor=auth.current_user,
                            message=data["message"], gift=data["gift"])
    return {"referral_id": referral.id, "message": thanks.message, "gift": thanks.gift}


def _csv_body(f):
    """Document a text/csv request body (apiflask's input() knows only form and JSON)."""
    spec = f.__dict__.setdefault("_spec", {})
    spec["body"] = {"type": "string", "description": "The CSV file, UTF-8, header row first: "
                    + ", ".join(imports.COLUMNS) + " (optional: "
                    + ", ".join(imports.OPTIONAL_COLUMNS) + ")"}
    spec["content_type"] = "text/csv"
    return f


@bp.post("/groups/<int:gid>/imports/referrals")
@bp.auth_required(auth)
@_csv_body
@bp.output(rs.ImportResult, status_code=201, description="Imported")
@bp.doc(summary="Import referral history from CSV (facilitators); all or nothing",
        description="Every row is checked first. If any row is wrong nothing is imported and "
                    "the 422 lists every problem in `fields`, keyed by line (`line 3`; "
                    "`file` for the whole file). Rows imported before are skipped, so sending "
                    "the same file again adds nothing (200, created 0). A multipart/form-data "
                    "upload of one file is accepted too.",
        responses={200: {"description": "Nothing new: every row was imported before",
                         "content": {"application/json": {"schema": rs.ImportResult}}},
                   403: error_response("Not a facilitator"), 404: NOT_A_MEMBER,
                   413: error_response("Larger than the upload limit"),
                   422: error_response("The file was refused; nothing was imported")})
def import_referrals(gid: int):
    group = member_of(gid, facilitator=True).group
    # `curl -F file=@history.csv` sends a form upload; take its file rather than the form.
    upload = next(iter(request.files.values()), None) \
        if request.mimetype == "multipart/form-data" else None
    data = upload.read(imports.MAX_BYTES + 1) if upload else request.get_data(cache=False)
    try:
        result = imports.import_referrals(group=group, actor=auth.current_user, data=data)
    except imports.ImportFailed as exc:
        db.session.rollback()
        fields: dict[str, list[str]] = {}
        for line, message in exc.errors:
            fields.setdefault(f"line {line}" if line else "file", []).append(message)
        # Built here rather than raised: the message says what happened to the file.
        response, status, _ = api_error(422, exc.message, fields)
        response.status_code = status
        return response
    body = {"created": result.created, "skipped": result.skipped}
    return (body, 201) if result.created else (body, 200)
