"""Notification pages: the list, marking read, email settings."""

from datetime import UTC, datetime

from babel.dates import format_timedelta
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from jinja2_fragments.flask import render_block

from partnernet.extensions import db
from partnernet.htmx import is_htmx, render
from partnernet.notifications import bp
from partnernet.notifications.forms import EmailSettingsForm
from partnernet.notifications.queries import get_own_notification, list_notifications
from partnernet.notifications.services import KINDS, mark_read, settings_for, update_settings

PER_PAGE = 30

KIND_LABELS = {
    "referral_received": "New referral",
    "status_changed": "Update",
    "closed_business": "Closed business",
    "thanked": "Thank-you",
}


def _page() -> int:
    return max(1, min(request.values.get("page", 1, type=int) or 1, 10_000))


def _list_context(page: int) -> dict:
    # Imported here: referral services import this package (to notify), so at import time
    # the referral queries may not be loaded yet.
    from partnernet.referrals.queries import count_unread

    rows = list_notifications(user_id=current_user.id, limit=PER_PAGE + 1,
                              offset=(page - 1) * PER_PAGE)
    return {"rows": rows[:PER_PAGE], "more": len(rows) > PER_PAGE, "page": page,
            "unread": count_unread(current_user.id), "kind_labels": KIND_LABELS}


@bp.route("/notifications")
@login_required
def index():
    """Everything that happened to my referrals, newest first, unread ones marked."""
    return render("notifications/index.html", "list", **_list_context(_page()))


def _after_marking(message: str):
    """htmx gets the list and the bell, updated in place; a plain form post is redirected."""
    page = _page()
    if is_htmx():
        context = _list_context(page)
        return (render_block("notifications/index.html", "list", **context)
                + render_template("notifications/_bell.html", oob=True,
                                                 bell_unread=context["unread"]))
    flash(message, "success")
    return redirect(url_for("notifications.index", page=page if page > 1 else None), 303)


@bp.route("/notifications/<int:nid>/read", methods=["POST"])
@login_required
def read(nid: int):
    """Mark one of my notifications read."""
    if get_own_notification(nid, current_user.id) is None:
        abort(404)
    mark_read(user=current_user, notification_id=nid)
    db.session.commit()
    return _after_marking("Marked as read.")


@bp.route("/notifications/read-all", methods=["POST"])
@login_required
def read_all():
    """Mark all my notifications read."""
    changed = mark_read(user=current_user)
    db.session.commit()
    return _after_marking(f"Marked {changed} notification{'' if changed == 1 else 's'} as read."
                          if changed else "You're all caught up.")


@bp.route("/notifications/<int:nid>")
@login_required
def follow(nid: int):
    """Follow a notification to its referral; opening it marks it read."""
    notification = get_own_notification(nid, current_user.id)
    if notification is None:
        abort(404)
    referral_id = notification.referral_id
    mark_read(user=current_user, notification_id=nid)
    db.session.commit()
    if referral_id is not None and "referrals.show" in current_app.view_functions:
        return redirect(url_for("referrals.show", rid=referral_id), 303)
    return redirect(url_for("notifications.index"), 303)


@bp.route("/account/notifications", methods=["POST"])
@login_required
def update_email_settings():
    """Choose which notifications also come by email."""
    form = EmailSettingsForm(prefix="notify")
    if form.validate_on_submit():
        update_settings(user=current_user, **form.flags())
        db.session.commit()
        chosen = sum(form.flags().values())
        flash("Your email settings are saved: "
              + ("you'll get every notification by email." if chosen == len(KINDS)
                 else "notifications stay in PartnerNet only." if not chosen
                 else f"{chosen} of {len(KINDS)} kinds come by email."), "success")
    else:
        flash("Your email settings were not saved. Reload the page and try again.", "error")
    return redirect(url_for("accounts.settings") + "#notifications", 303)


@bp.app_template_global()
def email_settings_form() -> EmailSettingsForm:
    """The email-settings form for account settings, filled with the user's choices."""
    settings = settings_for(current_user.id)
    return EmailSettingsForm(prefix="notify", formdata=None,
                             data={kind: getattr(settings, column)
                                   for kind, column in KINDS.items()})


@bp.app_template_global()
def has_endpoint(name: str) -> bool:
    """Whether a page exists, for links to features that may not be installed."""
    return name in current_app.view_functions


@bp.app_template_filter("ago")
def ago(value: datetime | None) -> str:
    """“3 hours ago”, for recent moments."""
    if value is None:
        return ""
    return format_timedelta(value - datetime.now(UTC), add_direction=True, locale="en")
