"""App-wide web plumbing: sign-in loading, headers, error pages, template helpers, assets."""

from babel.dates import format_datetime
from flask import (
    abort,
    current_app,
    g,
    jsonify,
    render_template,
    request,
    send_from_directory,
)
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from partnernet.extensions import db, login_manager
from partnernet.htmx import add_vary
from partnernet.models import User
from partnernet.security import set_security_headers

# Front-end files served from the npm install; nothing is loaded from elsewhere.
ASSETS = {"htmx.min.js": "htmx.org/dist/htmx.min.js"}

ERROR_TEXT = {
    400: ("Bad request", "The request could not be understood."),
    403: ("Not allowed", "You don't have permission to do that. A facilitator of the group can."),
    404: ("Not found", "There is nothing here. The link may be wrong, or you may not be a member "
                       "of this group."),
    405: ("Not allowed", "That action isn't available here."),
    413: ("Too large", "That upload is too large."),
    429: ("Too many attempts", "Please wait a minute and try again."),
    500: ("Something went wrong", "The error has been logged. Please try again in a moment."),
}

API_ERROR_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "too_large", 422: "validation_error",
    429: "rate_limited", 500: "server_error",
}


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def api_error(status: int, message: str, fields: dict | None = None, headers=None):
    body = {"error": API_ERROR_CODES.get(status, "error"), "message": message,
            "fields": fields or {}}
    return jsonify(body), status, headers or {}


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    uid, _, stamp = user_id.partition(":")
    if not uid.isdigit():
        return None
    user = db.session.get(User, int(uid))
    if user is None or user.auth_stamp != stamp:
        return None
    return user


def init_app(app) -> None:
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"

    @app.after_request
    def _headers(response):
        add_vary(response)
        return set_security_headers(response, production=app.config["PRODUCTION"])

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        status = exc.code or 500
        if is_api_request():
            # Keep the exception's own headers (Allow on a 405 is required by HTTP).
            headers = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]
            return api_error(status, exc.description or exc.name, headers=headers)
        title, text = ERROR_TEXT.get(status, (exc.name, exc.description))
        return render_template("errors/error.html", status=status, title=title, text=text), status

    @app.errorhandler(CSRFError)
    def _csrf_error(exc: CSRFError):
        return render_template(
            "errors/error.html", status=400, title="This form has expired",
            text="Reload the page and try again. (The security token was missing or did not "
                 "match.)"), 400

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        if isinstance(exc, HTTPException):
            return _http_error(exc)
        current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        if is_api_request():
            return api_error(500, "Something went wrong on the server.")
        title, text = ERROR_TEXT[500]
        return render_template("errors/error.html", status=500, title=title, text=text), 500

    @app.route("/assets/<path:name>")
    @app.doc(hide=True)  # a front-end file, not part of the API description
    def assets(name: str):
        """Front-end libraries installed by npm ci, served from this site."""
        if name not in ASSETS:
            abort(404)
        response = send_from_directory(app.config["ASSETS_DIR"], ASSETS[name], max_age=86400)
        return response

    @app.context_processor
    def _template_helpers():
        from partnernet.groups.queries import list_user_groups

        groups = list_user_groups(current_user.id) if _signed_in() else []
        return {"my_groups": groups, "signup_open": app.config["SIGNUP"] == "open",
                "unread_notifications": _unread_notifications}

    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["localtime"] = _localtime


def _signed_in() -> bool:
    """Whether a user is signed in; templates rendered outside a request (emails sent after a
    commit in a CLI command) have no current user at all."""
    return current_user is not None and bool(current_user) and current_user.is_authenticated


def _unread_notifications() -> int:
    """The bell's count: one query, run only when a page shows the bell, once per request."""
    from partnernet.referrals.queries import count_unread

    if not _signed_in():
        return 0
    if "unread_notifications" not in g:
        g.unread_notifications = count_unread(current_user.id)
    return g.unread_notifications


def _localtime(value, tz: str = "UTC", fmt: str = "d MMM y, HH:mm") -> str:
    if value is None:
        return ""
    return format_datetime(value, fmt, tzinfo=tz, locale="en")


def external_url(endpoint: str, **values) -> str:
    """An absolute link for emails: PARTNERNET_BASE_URL when set, else this request's host."""
    from flask import url_for

    base = current_app.config.get("BASE_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)
