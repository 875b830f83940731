"""The dashboard a member lands on after signing in."""

from flask import abort, flash, g, redirect, request, url_for
from flask_login import current_user, login_required

from partnernet.errors import DomainError, PermissionDenied
from partnernet.extensions import db
from partnernet.groups.access import group_view
from partnernet.groups.queries import get_active_membership
from partnernet.htmx import is_htmx, render
from partnernet.ledger.queries import list_goal_progress
from partnernet.models import Referral
from partnernet.models.referrals import Quality, Status
from partnernet.money import format_money
from partnernet.periods import local_today
from partnernet.referrals import bp
from partnernet.referrals.queries import get_dashboard
from partnernet.referrals.services import STATUS_LABELS, change_status

# How many thanks owed the dashboard lists before pointing to the rest.
THANKS_SHOWN = 5
QUALITY_LABELS = {Quality.QUALIFIED: "qualified", Quality.LUKEWARM: "lukewarm",
                  Quality.NOT_A_FIT: "not a fit"}


def _context(**extra) -> dict:
    dash = get_dashboard(group=g.group, user_id=current_user.id)
    currency = g.group.currency
    goals = list_goal_progress(group=g.group, member_id=current_user.id,
                               today=local_today(g.group.timezone))
    return {"group": g.group, "dash": dash, "bell_unread": dash.unread, "goals": goals,
            "status_labels": STATUS_LABELS, "quality_labels": QUALITY_LABELS,
            "thanks_shown": THANKS_SHOWN, "money": lambda minor: format_money(minor, currency),
            **extra}


@bp.route("/groups/<int:gid>/dashboard")
@group_view()
def dashboard(gid: int):
    """Referrals waiting for me, news of the ones I gave, thanks I owe, and the slip."""
    return render("referrals/dashboard.html", **_context())


@bp.route("/dashboard/accept/<int:rid>", methods=["POST"])
@login_required
def dashboard_accept(rid: int):
    """Accept a new referral in one tap; htmx swaps the list, a plain post comes back here."""
    referral = db.session.get(Referral, rid)
    # Only its receiver, while still a member of its group; anyone else learns nothing.
    membership = get_active_membership(referral.group_id, current_user.id) \
        if referral is not None and referral.receiver_id == current_user.id else None
    if membership is None:
        abort(404)
    g.group, g.membership = membership.group, membership
    try:
        change_status(referral=referral, actor=current_user, status=Status.ACCEPTED,
                      version=request.form.get("version", type=int))
    except PermissionDenied:
        db.session.rollback()
        abort(403)
    except DomainError as exc:
        db.session.rollback()
        message, category = exc.message, "error"
    else:
        db.session.commit()
        message = (f"You accepted {referral.prospect_name}. {referral.giver.name} can see it; "
                   "get in touch with the prospect next.")
        category = "success"
    if is_htmx():
        # A refusal (someone changed it first) comes back as the fresh list with the reason, so
        # the page shows where the referral really is (base.html lets htmx swap a 409).
        return render("referrals/dashboard.html", "needs_action",
                      **_context(message=message, message_category=category)), (
            200 if category == "success" else 409)
    flash(message, category)
    return redirect(url_for("referrals.dashboard", gid=referral.group_id), 303)
