"""Business profiles, ideal-client profiles, member profiles and the lead router."""

from apiflask.exceptions import HTTPError

from partnernet.api import bp
from partnernet.api.core import auth, member_of
from partnernet.api.schemas import (
    IdealClient,
    IdealClientIn,
    IdealClientList,
    MatchList,
    MatchQuery,
    MemberProfileOut,
    ProfileIn,
    ProfileOut,
    error_response,
)
from partnernet.extensions import db
from partnernet.profiles import queries, services


def _profile_out(user) -> dict:
    ideal_clients = queries.list_ideal_clients(user.id)
    profile = user.profile
    fields = {name: getattr(profile, name, "") or ""
              for name in services.ProfileData.__dataclass_fields__}
    meter = queries.completeness(profile, ideal_clients)
    return {**fields, "has_photo": bool(profile and profile.photo),
            "ideal_clients": [vars(c) for c in ideal_clients],
            "completeness": {"percent": meter.percent, "missing": list(meter.missing)}}


@bp.get("/me/profile")
@bp.auth_required(auth)
@bp.output(ProfileOut)
@bp.doc(summary="My business profile, ideal clients and how complete it is")
def get_my_profile():
    return _profile_out(auth.current_user)


@bp.put("/me/profile")
@bp.auth_required(auth)
@bp.input(ProfileIn, arg_name="data")
@bp.output(ProfileOut)
@bp.doc(summary="Replace my business profile (fields left out become empty)",
        responses={422: error_response("Invalid field")})
def put_my_profile(data: dict):
    services.update_profile(user=auth.current_user, data=services.ProfileData(**data))
    return _profile_out(auth.current_user)


@bp.get("/me/ideal-clients")
@bp.auth_required(auth)
@bp.output(IdealClientList)
@bp.doc(summary="My ideal-client profiles, in order")
def list_my_ideal_clients():
    return {"items": [vars(c) for c in queries.list_ideal_clients(auth.current_user.id)]}


def _icp_data(data: dict) -> services.IdealClientData:
    return services.IdealClientData(**{**data, "criteria": tuple(data.get("criteria", ()))})


def _own_icp(icp_id: int):
    icp = queries.get_ideal_client(auth.current_user.id, icp_id)
    if icp is None:
        raise HTTPError(404, "No such ideal-client profile.")
    return icp


@bp.post("/me/ideal-clients")
@bp.auth_required(auth)
@bp.input(IdealClientIn, arg_name="data")
@bp.output(IdealClient, status_code=201)
@bp.doc(summary="Add an ideal-client profile", responses={422: error_response("Invalid field")})
def create_my_ideal_client(data: dict):
    icp = services.add_ideal_client(user=auth.current_user, data=_icp_data(data))
    db.session.flush()
    return vars(_own_icp(icp.id))


@bp.get("/me/ideal-clients/<int:icp_id>")
@bp.auth_required(auth)
@bp.output(IdealClient)
@bp.doc(summary="One of my ideal-client profiles", responses={404: error_response("Not yours")})
def get_my_ideal_client(icp_id: int):
    return vars(_own_icp(icp_id))


@bp.put("/me/ideal-clients/<int:icp_id>")
@bp.auth_required(auth)
@bp.input(IdealClientIn, arg_name="data")
@bp.output(IdealClient)
@bp.doc(summary="Replace one of my ideal-client profiles",
        responses={404: error_response("Not yours"), 422: error_response("Invalid field")})
def put_my_ideal_client(icp_id: int, data: dict):
    _own_icp(icp_id)
    services.update_ideal_client(user=auth.current_user, icp_id=icp_id, data=_icp_data(data))
    return vars(_own_icp(icp_id))


@bp.delete("/me/ideal-clients/<int:icp_id>")
@bp.auth_required(auth)
@bp.output({}, status_code=204)
@bp.doc(summary="Delete one of my ideal-client profiles",
        responses={404: error_response("Not yours")})
def delete_my_ideal_client(icp_id: int):
    _own_icp(icp_id)
    services.delete_ideal_client(user=auth.current_user, icp_id=icp_id)
    return ""


def _card_out(card: queries.Card) -> dict:
    return {"member_id": card.member_id, "name": card.name, "business": card.business,
            "category": card.category, "role": card.role, "title": card.title,
            "specific_ask": card.specific_ask, "talkable_difference": card.talkable_difference,
            "spheres": [s.name for s in card.spheres], "has_photo": bool(card.photo)}


@bp.get("/groups/<int:gid>/members/<int:uid>/profile")
@bp.auth_required(auth)
@bp.output(MemberProfileOut)
@bp.doc(summary="A member's profile as their group sees it",
        responses={404: error_response("Not a member of the group")})
def get_member_profile(gid: int, uid: int):
    member_of(gid)
    profile = queries.get_member_profile(gid, uid)
    if profile is None:
        raise HTTPError(404, "No such member in this group.")
    return {**_card_out(profile.card), "website": profile.website, "phone": profile.phone,
            "bio": profile.bio, "ideal_clients": [vars(c) for c in profile.ideal_clients]}


@bp.get("/groups/<int:gid>/match")
@bp.auth_required(auth)
@bp.input(MatchQuery, location="query", arg_name="query")
@bp.output(MatchList)
@bp.doc(summary="Partners ranked for a lead described in plain words",
        responses={404: error_response("Not a member of the group")})
def match(gid: int, query: dict):
    member_of(gid)
    matches = queries.match_lead(gid, query["q"], limit=query["limit"],
                                 exclude_member_id=auth.current_user.id)
    return {"q": query["q"], "items": [{
        **_card_out(m.card), "score": round(m.score, 4),
        "ideal_client": vars(m.ideal_client) if m.ideal_client else None,
        "matched_words": list(m.matched_words),
        "reasons": [{"field": label, "html": str(text)} for label, text in m.reasons],
        "criteria": [{"text": c.text, "applies": c.applies} for c in m.criteria],
    } for m in matches]}
