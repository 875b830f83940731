"""Group pages: home, create, settings, roster, roles, leaving, invitations."""

from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user

from partnernet.accounts.forms import SignupForm
from partnernet.errors import DomainError
from partnernet.extensions import db
from partnernet.forms import show_error
from partnernet.groups import bp, queries, services
from partnernet.groups.access import group_view
from partnernet.groups.emails import deliver_invitation
from partnernet.groups.forms import WEEKDAYS, GroupForm, InvitationForm, MemberForm
from partnernet.htmx import render
from partnernet.models import Invitation
from partnernet.profiles.queries import filter_cards, list_categories, list_directory


@bp.route("/")
def home():
    """The landing page, or the dashboard of the user's current group."""
    if not current_user.is_authenticated:
        return render_template("home.html")
    groups = queries.list_user_groups(current_user.id)
    if not groups:
        return render_template("groups/welcome.html")
    current = session.get("group_id")
    target = next((grp.id for grp in groups if grp.id == current), groups[0].id)
    return redirect(url_for("referrals.dashboard", gid=target))


@bp.route("/groups/new", methods=["GET", "POST"])
@login_required
def create():
    """Start a new group; its creator becomes a facilitator."""
    form = GroupForm()
    if form.validate_on_submit():
        try:
            group = services.create_group(creator=current_user, settings=form.settings())
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(f"{group.name} is ready. Invite your partners next.", "success")
            return redirect(url_for("groups.invitations", gid=group.id))
    return render_template("groups/form.html", form=form, creating=True), (
        422 if form.errors else 200)


@bp.route("/groups/<int:gid>")
@group_view()
def show(gid: int):
    """The group's home: meeting details and the member directory, searchable as you type."""
    q = request.args.get("q", "")[:200]
    category = request.args.get("category", "")[:100]
    sphere_id = request.args.get("sphere", type=int)
    cards, spheres = list_directory(gid)
    shown = filter_cards(cards, q=q, category=category, sphere_id=sphere_id)
    return render("groups/show.html", "results", group=g.group, cards=shown, total=len(cards),
                  categories=list_categories(cards), spheres=spheres, q=q, category=category,
                  sphere_id=sphere_id, weekdays=WEEKDAYS,
                  is_facilitator=g.membership.is_facilitator)


@bp.route("/groups/<int:gid>/settings", methods=["GET", "POST"])
@group_view(facilitator=True)
def settings(gid: int):
    """Change the group's name, cadence, time zone, currency and place."""
    form = GroupForm(obj=g.group)
    if form.validate_on_submit():
        try:
            services.update_group(actor=current_user, group=g.group, settings=form.settings())
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash("The group's settings are saved.", "success")
            return redirect(url_for("groups.show", gid=gid))
    return render_template("groups/form.html", form=form, creating=False), (
        422 if form.errors else 200)


def _member_or_404(gid: int, uid: int):
    membership = queries.get_active_membership(gid, uid)
    if membership is None:
        abort(404)
    return membership


@bp.route("/groups/<int:gid>/members/<int:uid>/edit", methods=["GET", "POST"])
@group_view(facilitator=True)
def edit_member(gid: int, uid: int):
    """Change a member's role, title and business category."""
    membership = _member_or_404(gid, uid)
    form = MemberForm(obj=membership)
    if form.validate_on_submit():
        try:
            services.update_membership(actor=current_user, membership=membership,
                                       role=form.role.data, title=form.title.data,
                                       category=form.category.data)
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(f"{membership.user.name}'s details are saved.", "success")
            return redirect(url_for("groups.show", gid=gid))
    return render_template("groups/member_form.html", form=form, membership=membership), (
        422 if form.errors else 200)


@bp.route("/groups/<int:gid>/members/<int:uid>/remove", methods=["POST"])
@group_view(facilitator=True)
def remove_member(gid: int, uid: int):
    """Remove someone from the group; their history stays."""
    membership = _member_or_404(gid, uid)
    try:
        services.remove_member(actor=current_user, membership=membership)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(f"{membership.user.name} has been removed from the group. Their history is kept.",
              "success")
    return redirect(url_for("groups.show", gid=gid), 303)


@bp.route("/groups/<int:gid>/leave", methods=["GET", "POST"])
@group_view()
def leave(gid: int):
    """Confirm, then leave the group."""
    if request.method == "GET":
        return render_template("groups/leave.html")
    try:
        services.leave_group(user=current_user, group=g.group)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("groups.show", gid=gid), 303)
    db.session.commit()
    session.pop("group_id", None)
    flash(f"You have left {g.group.name}.", "success")
    return redirect(url_for("groups.home"), 303)


@bp.route("/groups/<int:gid>/invitations", methods=["GET", "POST"])
@group_view(facilitator=True)
def invitations(gid: int):
    """Invite partners by email or with a link to copy."""
    form = InvitationForm()
    link = None
    status = 200
    if form.validate_on_submit():
        try:
            invitation, token = services.create_invitation(
                actor=current_user, group=g.group, email=form.email.data, role=form.role.data,
                ttl=current_app.config["INVITATION_TTL"])
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
            status = 422
        else:
            db.session.commit()
            link, emailed = deliver_invitation(invitation, token, inviter=current_user)
            form = InvitationForm(formdata=None)
            status = 201
    elif form.is_submitted():
        status = 422
    return render("groups/invitations.html", "invite_panel", form=form, link=link,
                  sent_to=link and emailed and invitation.email,
                  not_sent_to=link and not emailed and invitation.email,
                  pending=queries.list_pending_invitations(gid)), status


@bp.route("/groups/<int:gid>/invitations/<int:iid>/revoke", methods=["POST"])
@group_view(facilitator=True)
def revoke_invitation(gid: int, iid: int):
    """Withdraw an invitation that hasn't been used."""
    invitation = db.session.get(Invitation, iid)
    if invitation is None or invitation.group_id != gid:
        abort(404)
    services.revoke_invitation(actor=current_user, invitation=invitation)
    db.session.commit()
    flash("The invitation was withdrawn; its link no longer works.", "success")
    return redirect(url_for("groups.invitations", gid=gid), 303)


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept(token: str):
    """Join a group from an invitation: sign up, sign in, or just accept."""
    invitation = services.find_invitation(token)
    problem = services.invitation_problem(invitation)
    if problem:
        return render_template("groups/invite_invalid.html", problem=problem), 410

    if current_user.is_authenticated:
        if request.method == "POST":
            try:
                services.accept_invitation(user=current_user, token=token)
            except DomainError as exc:
                db.session.rollback()
                flash(exc.message, "error")
                return redirect(url_for("groups.show", gid=invitation.group_id)
                                if queries.get_active_membership(invitation.group_id,
                                                                 current_user.id)
                                else url_for("groups.home"), 303)
            db.session.commit()
            flash(f"Welcome to {invitation.group.name}.", "success")
            return redirect(url_for("groups.show", gid=invitation.group_id), 303)
        return render_template("groups/invite_accept.html", invitation=invitation)

    # Anonymous: sign up here (the invitation admits them even when sign-up is closed).
    form = SignupForm(data={"email": invitation.email} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            user, _ = services.sign_up_with_invitation(
                token=token, email=form.email.data, name=form.name.data,
                password=form.password.data, business_name=form.business_name.data)
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            login_user(user)
            flash(f"Welcome to {invitation.group.name}, {user.name}.", "success")
            return redirect(url_for("groups.show", gid=invitation.group_id), 303)
    return render_template("groups/invite_signup.html", invitation=invitation, form=form), (
        422 if form.errors else 200)
