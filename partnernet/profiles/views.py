"""Profile pages: my profile and ideal clients, member pages, photos, spheres, lead router."""

from pathlib import Path

import sqlalchemy as sa
from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_login import current_user, login_required

from partnernet.errors import DomainError
from partnernet.extensions import db
from partnernet.forms import show_error
from partnernet.groups.access import group_view
from partnernet.htmx import render
from partnernet.models import ContactSphere, Membership, Profile
from partnernet.profiles import bp, queries, services
from partnernet.profiles.forms import (
    IdealClientForm,
    PhotoForm,
    ProfileForm,
    SphereForm,
    SphereMembersForm,
)
from partnernet.profiles.photos import discard


def photos_dir() -> Path:
    return Path(current_app.config["PHOTOS_DIR"])


def _render_profile(status: int = 200, **forms):
    profile = current_user.profile
    forms.setdefault("form", ProfileForm(obj=profile))
    forms.setdefault("photo_form", PhotoForm(formdata=None))
    ideal_clients = queries.list_ideal_clients(current_user.id)
    return render_template(
        "profiles/edit.html", profile=profile, ideal_clients=ideal_clients,
        meter=queries.completeness(profile, ideal_clients), **forms), status


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def edit():
    """My business profile, photo and ideal-client profiles."""
    if request.method == "GET":
        return _render_profile()
    form = ProfileForm()
    if form.validate_on_submit():
        try:
            services.update_profile(user=current_user, data=form.data_object())
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash("Your profile is saved.", "success")
            return redirect(url_for("profiles.edit"), 303)
    return _render_profile(422, form=form)


@bp.route("/profile/photo", methods=["POST"])
@login_required
def upload_photo():
    """Replace my photo with an uploaded PNG or JPEG."""
    form = PhotoForm()
    if form.validate_on_submit():
        try:
            old = services.set_photo(user=current_user, data=form.photo.data.read(),
                                     directory=photos_dir())
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            discard(photos_dir(), old)
            flash("Your photo is updated.", "success")
            return redirect(url_for("profiles.edit"), 303)
    return _render_profile(422, photo_form=form)


@bp.route("/profile/photo/remove", methods=["POST"])
@login_required
def remove_photo():
    """Remove my photo; partners see my initials instead."""
    old = services.remove_photo(user=current_user)
    db.session.commit()
    discard(photos_dir(), old)
    flash("Your photo is removed.", "success")
    return redirect(url_for("profiles.edit"), 303)


@bp.route("/profile/ideal-clients/new", methods=["GET", "POST"])
@login_required
def new_ideal_client():
    """Describe a kind of client I want to be introduced to."""
    form = IdealClientForm()
    if form.validate_on_submit():
        try:
            services.add_ideal_client(user=current_user, data=form.data_object())
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash("Your ideal client is saved. Partners see it on your profile.", "success")
            return redirect(url_for("profiles.edit") + "#ideal-clients", 303)
    return render_template("profiles/ideal_client_form.html", form=form, icp=None), (
        422 if form.errors else 200)


@bp.route("/profile/ideal-clients/<int:icp_id>/edit", methods=["GET", "POST"])
@login_required
def edit_ideal_client(icp_id: int):
    """Change one of my ideal-client profiles."""
    icp = queries.get_ideal_client(current_user.id, icp_id)
    if icp is None:
        abort(404)
    form = IdealClientForm(data={**vars(icp), "criteria": "\n".join(icp.criteria)}
                           if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.update_ideal_client(user=current_user, icp_id=icp_id,
                                         data=form.data_object())
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash("Your ideal client is saved.", "success")
            return redirect(url_for("profiles.edit") + "#ideal-clients", 303)
    return render_template("profiles/ideal_client_form.html", form=form, icp=icp), (
        422 if form.errors else 200)


@bp.route("/profile/ideal-clients/<int:icp_id>/delete", methods=["POST"])
@login_required
def delete_ideal_client(icp_id: int):
    """Delete one of my ideal-client profiles."""
    try:
        services.delete_ideal_client(user=current_user, icp_id=icp_id)
    except DomainError:
        db.session.rollback()
        abort(404)
    db.session.commit()
    flash("The ideal-client profile is deleted.", "success")
    return redirect(url_for("profiles.edit") + "#ideal-clients", 303)


@bp.route("/photos/<name>")
@login_required
def photo(name: str):
    """A member's photo, for people who share a group with them."""
    owner = db.session.scalar(sa.select(Profile.user_id).where(Profile.photo == name))
    if owner is None:
        abort(404)
    if owner != current_user.id:
        mine = sa.select(Membership.group_id).where(Membership.user_id == current_user.id,
                                                    Membership.left_at.is_(None))
        shared = db.session.scalar(
            sa.select(Membership.id).where(Membership.user_id == owner,
                                           Membership.left_at.is_(None),
                                           Membership.group_id.in_(mine)).limit(1))
        if shared is None:
            abort(404)
    response = send_from_directory(photos_dir(), name, mimetype="image/jpeg", max_age=86400)
    response.cache_control.private = True
    response.cache_control.public = False
    return response


@bp.route("/groups/<int:gid>/members/<int:uid>")
@group_view()
def member(gid: int, uid: int):
    """A partner's profile: who they serve and what a good referral for them looks like."""
    profile = queries.get_member_profile(gid, uid)
    if profile is None:
        abort(404)
    return render_template("profiles/member.html", member=profile)


@bp.route("/groups/<int:gid>/match")
@group_view()
def match(gid: int):
    """“Who should get this lead?”: partners ranked by how well their ideal clients fit."""
    q = request.args.get("q", "")[:500]
    matches = queries.match_lead(gid, q, exclude_member_id=current_user.id) if q.strip() else []
    return render("profiles/match.html", "results", q=q, matches=matches)


@bp.route("/groups/<int:gid>/spheres", methods=["GET", "POST"])
@group_view(facilitator=True)
def spheres(gid: int):
    """Contact spheres (power teams): create them, see who is in each."""
    form = SphereForm()
    if form.validate_on_submit():
        try:
            sphere = services.create_sphere(actor=current_user, group=g.group,
                                            name=form.name.data)
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(f"The sphere “{sphere.name}” is created. Choose its members.", "success")
            return redirect(url_for("profiles.edit_sphere", gid=gid, sid=sphere.id), 303)
    cards, all_spheres = queries.list_directory(gid)
    member_names = {s.id: [c.name for c in cards if c.member_id in s.member_ids]
                    for s in all_spheres}
    return render_template("profiles/spheres.html", form=form, spheres=all_spheres,
                           member_names=member_names), 422 if form.errors else 200


def _sphere_or_404(gid: int, sid: int) -> ContactSphere:
    sphere = db.session.get(ContactSphere, sid)
    if sphere is None or sphere.group_id != gid:
        abort(404)
    return sphere


@bp.route("/groups/<int:gid>/spheres/<int:sid>", methods=["GET", "POST"])
@group_view(facilitator=True)
def edit_sphere(gid: int, sid: int):
    """Rename a sphere and choose its members."""
    sphere = _sphere_or_404(gid, sid)
    cards, _ = queries.list_directory(gid)
    form = SphereMembersForm(data={"name": sphere.name,
                                   "members": [m.user_id for m in sphere.members]}
                             if request.method == "GET" else None)
    form.members.choices = [(c.member_id, f"{c.name} — {c.business or c.category}")
                            for c in cards]
    if form.validate_on_submit():
        try:
            services.update_sphere(actor=current_user, sphere=sphere, name=form.name.data,
                                   member_ids=form.members.data or [])
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(f"The sphere “{sphere.name}” is saved.", "success")
            return redirect(url_for("profiles.spheres", gid=gid), 303)
    return render_template("profiles/sphere_form.html", form=form, sphere=sphere), (
        422 if form.errors else 200)


@bp.route("/groups/<int:gid>/spheres/<int:sid>/delete", methods=["POST"])
@group_view(facilitator=True)
def delete_sphere(gid: int, sid: int):
    """Delete a sphere; its members stay in the group."""
    sphere = _sphere_or_404(gid, sid)
    name = sphere.name
    services.delete_sphere(actor=current_user, sphere=sphere)
    db.session.commit()
    flash(f"The sphere “{name}” is deleted.", "success")
    return redirect(url_for("profiles.spheres", gid=gid), 303)
