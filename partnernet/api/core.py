"""API plumbing: bearer-token auth, the error shape, commit at the boundary."""

from apiflask import HTTPTokenAuth
from apiflask.exceptions import HTTPError

from partnernet.accounts.services import user_for_api_token
from partnernet.api import bp
from partnernet.errors import Conflict, DomainError, PermissionDenied
from partnernet.extensions import db
from partnernet.groups.queries import get_active_membership
from partnernet.web import API_ERROR_CODES, api_error

auth = HTTPTokenAuth(scheme="Bearer", description="An API token from your account settings.")


@auth.verify_token
def _verify(token: str):
    return user_for_api_token(token or "")


@auth.error_processor
def _auth_error(error: HTTPError):
    message = ("Send a valid API token: Authorization: Bearer TOKEN."
               if error.status_code == 401 else "You may not do this.")
    return api_error(error.status_code, message, headers=error.headers)


def _messages(value) -> list[str]:
    """A field's messages as a flat list; a list's items' errors come nested by index."""
    if isinstance(value, dict):
        return [f"Item {int(key) + 1}: {m}" if str(key).isdigit() else f"{key}: {m}"
                for key, inner in value.items() for m in _messages(inner)]
    if isinstance(value, list | tuple):
        return [m for item in value for m in _messages(item)]
    return [str(value)]


def error_body(error: HTTPError):
    """apiflask's errors (validation, abort) in PartnerNet's documented shape."""
    fields = {}
    if error.status_code == 422 and isinstance(error.detail, dict):
        for location in error.detail.values():
            if isinstance(location, dict):
                fields.update({name: _messages(value) for name, value in location.items()})
    message = error.message or API_ERROR_CODES.get(error.status_code, "error")
    if error.status_code == 422 and fields:
        message = "Some fields are not valid; see `fields`."
    return api_error(error.status_code, message, fields, error.headers)


@bp.errorhandler(DomainError)
def _domain_error(exc: DomainError):
    db.session.rollback()
    status = 403 if isinstance(exc, PermissionDenied) else 409 if isinstance(exc, Conflict) \
        else 422
    fields = {exc.field: [exc.message]} if exc.field else {}
    return api_error(status, exc.message, fields)


@bp.after_request
def _commit(response):
    """One commit per request: on success; anything else is rolled back."""
    if response.status_code < 400:
        db.session.commit()
    else:
        db.session.rollback()
    return response


def member_of(gid: int, *, facilitator: bool = False):
    """The caller's membership of the group: 404 for outsiders, 403 for non-facilitators."""
    membership = get_active_membership(gid, auth.current_user.id)
    if membership is None:
        raise HTTPError(404, "No such group.")
    if facilitator and not membership.is_facilitator:
        raise HTTPError(403, "Only the group's facilitators can do that.")
    return membership


def init_app(app) -> None:
    # Not app.error_processor(): that would also turn the HTML site's 404 pages into JSON.
    app.register_error_handler(HTTPError, error_body)
