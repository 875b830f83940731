"""Referral pages: the slip, lists, the referral page and its actions, thanks owed, testimonials."""

from datetime import date
from functools import wraps
from zoneinfo import ZoneInfo

from babel.dates import format_date
from flask import abort, flash, g, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from jinja2_fragments.flask import render_block
from wtforms import SelectChoice

from partnernet.errors import Conflict, DomainError, PermissionDenied
from partnernet.extensions import db
from partnernet.forms import show_error
from partnernet.groups.access import group_view
from partnernet.groups.queries import get_active_membership, list_members
from partnernet.htmx import is_htmx, render
from partnernet.models import ClosedBusiness, Referral
from partnernet.models.referrals import NOTE_MAX, Status
from partnernet.money import format_money, to_decimal_string
from partnernet.periods import NAMED, local_today, named_period
from partnernet.profiles.queries import get_member_profile
from partnernet.referrals import bp, queries, services
from partnernet.referrals.forms import (
    BUSINESS_KINDS,
    KINDS,
    QUALITIES,
    RELATIONSHIPS,
    ROLES,
    TEMPERATURES,
    ClosedBusinessForm,
    MoveForm,
    NoteForm,
    QualityForm,
    RecordForm,
    SlipForm,
    TestimonialForm,
    ThanksForm,
)
from partnernet.referrals.services import OPEN, STATUS_LABELS

# The stages a referral moves through, in order; won and lost close it.
PIPELINE = (Status.PASSED, Status.ACCEPTED, Status.CONTACTED, Status.MEETING, Status.PROPOSAL,
            Status.WON)
MOVE_LABELS = {
    Status.ACCEPTED: "Accept", Status.CONTACTED: "Contacted", Status.MEETING: "Meeting booked",
    Status.PROPOSAL: "Proposal sent", Status.WON: "Won", Status.LOST: "Lost",
}
STATUS_FILTERS = ("", "open", *(s.value for s in Status))


def _labels() -> dict:
    """The words templates show for stored values."""
    return {"status_labels": STATUS_LABELS, "kinds": KINDS, "relationships": RELATIONSHIPS,
            "temperatures": TEMPERATURES, "qualities": QUALITIES,
            "business_kinds": BUSINESS_KINDS, "move_labels": MOVE_LABELS, "pipeline": PIPELINE}


@bp.app_template_filter("money")
def money(minor: int | None, currency: str) -> str:
    """Minor units as the group's money: “£1,250.00”."""
    return format_money(int(minor or 0), currency)


@bp.app_template_filter("day")
def day(value: date | str | None, fmt: str = "d MMM y") -> str:
    """A local date (or its ISO form, as the timeline stores it) for people."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return format_date(value, fmt, locale="en")


@bp.app_template_global()
def member_testimonials(group_id: int, member_id: int):
    """Testimonials written for a member in a group, for the member page."""
    return queries.list_testimonials(group_id=group_id, subject_id=member_id)


@bp.app_template_global()
def new_testimonial_form() -> TestimonialForm:
    return TestimonialForm(formdata=None)


# The slip --------------------------------------------------------------------------------


def _partners(gid: int) -> list:
    """Everyone the user can pass a referral to: the group's other current members."""
    return [m for m in list_members(gid) if m.member_id != current_user.id]


def _fill_choices(form: SlipForm, gid: int, partners: list) -> int | None:
    """Fill the slip's lists; returns the chosen receiver if they are a partner in the group."""
    form.receiver_id.choices = [SelectChoice("", "Choose a partner…")] + [
        _partner_choice(m) for m in partners]
    sources = queries.list_source_candidates(group_id=gid, user_id=current_user.id)
    zone = ZoneInfo(g.group.timezone)
    form.source_referral_id.choices = [SelectChoice("", "No, it's a new lead")] + [
        SelectChoice(r.id, f"{r.prospect_name}"
                     + (f" ({r.prospect_company})" if r.prospect_company else "")
                     + (f" — to {r.receiver_name}" if r.giver_id == current_user.id
                        else f" — from {r.giver_name}")
                     + f", {r.passed_at.astimezone(zone).date().isoformat()}")
        for r in sources]
    receiver = form.receiver_id.data if isinstance(form.receiver_id.data, int) else None
    if receiver not in {m.member_id for m in partners}:
        receiver = None
    form.criteria_met.choices = ([SelectChoice(c, c) for c in services.receiver_criteria(receiver)]
                                 if receiver else [])
    return receiver


def _partner_choice(m) -> SelectChoice:
    label = m.name + (f" — {m.business}" if m.business else "")
    return SelectChoice(m.member_id, label,
                        render_kw={"data-search": m.category} if m.category else {})


def _prefill() -> dict:
    """A slip opened from a member page or the lead router arrives with its receiver or note."""
    data = {}
    to = request.args.get("to", type=int)
    if to is not None:
        data["receiver_id"] = to
    note = request.args.get("note", "")
    if note.strip():
        data["note"] = note[:NOTE_MAX]
    return data


@bp.route("/groups/<int:gid>/referrals/new", methods=["GET", "POST"])
@group_view()
def new(gid: int):
    """The referral slip: pass a lead to a partner, warned first about a recent duplicate."""
    form = SlipForm(formdata=None, data=_prefill()) if request.method == "GET" else SlipForm()
    partners = _partners(gid)
    receiver = _fill_choices(form, gid, partners)
    duplicates = []
    if form.validate_on_submit():
        if not form.confirm_duplicate.data:
            duplicates = services.find_duplicates(
                group_id=gid, receiver_id=form.receiver_id.data,
                prospect_name=form.prospect_name.data,
                prospect_email=form.prospect_email.data or "")
        if not duplicates:
            try:
                referral = services.pass_referral(group=g.group, giver=current_user,
                                                  slip=form.slip())
            except DomainError as exc:
                db.session.rollback()
                show_error(form, exc)
            else:
                name = referral.receiver.name
                db.session.commit()
                flash(f"Referral passed to {name}. You'll see every step they take here.",
                      "success")
                return redirect(url_for("referrals.show", rid=referral.id), 303)
    return render_template(
        "referrals/new.html", form=form, partners=partners, receiver=receiver,
        receiver_name=_name_of(partners, receiver), duplicates=duplicates,
        confirm=bool(duplicates), **_labels()), 422 if form.errors else 200


def _name_of(partners: list, member_id: int | None) -> str:
    return next((m.name for m in partners if m.member_id == member_id), "")


@bp.route("/groups/<int:gid>/referrals/criteria")
@group_view()
def criteria(gid: int):
    """The slip's criteria checkboxes for the chosen receiver (an htmx fragment)."""
    form = SlipForm(formdata=None, data={"receiver_id": request.args.get("receiver_id",
                                                                         type=int)})
    partners = _partners(gid)
    receiver = _fill_choices(form, gid, partners)
    return render_block("referrals/new.html", "criteria", form=form, receiver=receiver,
                        receiver_name=_name_of(partners, receiver))


@bp.route("/groups/<int:gid>/referrals/duplicates")
@group_view()
def duplicates(gid: int):
    """A live warning on the slip when this prospect was passed to this partner lately."""
    receiver = request.args.get("receiver_id", type=int)
    name = request.args.get("prospect_name", "")[:200]
    email = request.args.get("prospect_email", "")[:254]
    found = []
    if receiver and receiver != current_user.id and get_active_membership(gid, receiver) \
            and (name.strip() or email.strip()):
        found = services.find_duplicates(group_id=gid, receiver_id=receiver,
                                         prospect_name=name, prospect_email=email)
    return render_block("referrals/new.html", "duplicates", duplicates=found, confirm=False,
                        **_labels())


# Lists -----------------------------------------------------------------------------------


@bp.route("/groups/<int:gid>/referrals")
@group_view()
def index(gid: int):
    """My received or given referrals, filtered by status and period, with counts."""
    role = request.args.get("role", "received")
    role = role if role in ROLES else "received"
    status = request.args.get("status", "")
    status = status if status in STATUS_FILTERS else ""
    period_name = request.args.get("period", "all")
    period_name = period_name if period_name in NAMED else "all"
    period = named_period(period_name, local_today(g.group.timezone))
    rows, counts = queries.list_referrals(group=g.group, viewer_id=current_user.id, role=role,
                                          status=status or None, period=period)
    owed = len(queries.list_thanks_owed(group_id=gid, user_id=current_user.id))
    return render("referrals/index.html", "results", group=g.group, rows=rows, counts=counts,
                  total=sum(counts.values()), open_count=sum(counts[s] for s in OPEN),
                  role=role, status=status, period=period_name, periods=NAMED, owed=owed,
                  **_labels())


@bp.route("/groups/<int:gid>/thanks-owed")
@group_view()
def thanks_owed(gid: int):
    """Referrals I received and haven't thanked for yet, oldest first."""
    rows = queries.list_thanks_owed(group_id=gid, user_id=current_user.id)
    return render_template("referrals/thanks_owed.html", group=g.group, rows=rows, **_labels())


# The referral page -----------------------------------------------------------------------


def referral_view(view):
    """Decorate a view taking `rid`: sign-in required; members of the referral's group only
    (everyone else gets 404, as for a group); the view receives the Referral."""

    @wraps(view)
    @login_required
    def wrapper(rid: int, **kwargs):
        referral = db.session.get(Referral, rid)
        membership = get_active_membership(referral.group_id, current_user.id) \
            if referral is not None else None
        if membership is None:
            abort(404)
        g.group = membership.group
        g.membership = membership
        return view(referral, **kwargs)

    return wrapper


def _moves(detail) -> dict:
    """The viewer's buttons, from the moves the service allows, in pipeline order: the steps
    ahead, the steps back (to correct a mistake), decline and withdraw. A closed referral
    offers its receiver one way back: reopen it where it was."""
    if detail.reopen_to:
        return {"forward": [], "back": [], "reopen_to": detail.reopen_to,
                "can_decline": False, "can_withdraw": False}
    current = detail.row.status
    here = PIPELINE.index(current) if current in PIPELINE else len(PIPELINE)
    return {"forward": [s for s in (*PIPELINE[here + 1:], Status.LOST) if s in detail.moves],
            "back": [s for s in PIPELINE[:here] if s in detail.moves], "reopen_to": None,
            "can_decline": Status.DECLINED in detail.moves,
            "can_withdraw": Status.WITHDRAWN in detail.moves}


def _render_show(referral: Referral, status: int = 200, conflict: str | None = None,
                 kept: str = "", **forms):
    """The referral page, or its main panel for htmx; `forms` keep what was typed."""
    detail = queries.get_referral_detail(referral, current_user.id)
    today = local_today(g.group.timezone)
    forms.setdefault("move_form", MoveForm(formdata=None))
    forms.setdefault("note_form", NoteForm(prefix="timeline", formdata=None))
    forms.setdefault("record_form", RecordForm(prefix="closed", formdata=None,
                                               data={"closed_on": today.isoformat()}))
    forms.setdefault("quality_form", QualityForm(formdata=None))
    forms.setdefault("thanks_form", ThanksForm(prefix="thanks", formdata=None))
    entry_forms = forms.pop("entry_forms", {})
    if detail.is_receiver:
        for entry in detail.entries:
            if not entry.deleted and entry.id not in entry_forms:
                entry_forms[entry.id] = ClosedBusinessForm(
                    prefix=f"entry{entry.id}", formdata=None,
                    data={"amount": to_decimal_string(entry.amount, g.group.currency),
                          "kind": entry.kind, "closed_on": entry.closed_on.isoformat(),
                          "note": entry.note})
    fragment = is_htmx()
    context = {"d": detail, "group": g.group, "today": today, "conflict": conflict,
               "kept": kept, "entry_forms": entry_forms, "fragment": fragment,
               "buttons": _moves(detail), **forms, **_labels()}
    response = make_response(render("referrals/show.html", "panel", **context), status)
    if fragment and (status == 200 or conflict):
        response.headers["HX-Reswap"] = "innerHTML show:window:top"
    return response


def _done(referral: Referral, message: str):
    """After an action: htmx gets the refreshed panel in place, a plain post a redirect."""
    flash(message, "success")
    if is_htmx():
        return _render_show(referral)
    return redirect(url_for("referrals.show", rid=referral.id), 303)


def _act(referral: Referral, form, action, message, *, kept: str = "", **shown):
    """Run `action` (a service call) when the form is well formed and commit; otherwise show
    the page again with `shown` (the submitted form, under its name) and why: 422 for a
    refused value, 409 for a stale page, with `kept` (what was typed) repeated."""
    if form.validate_on_submit():
        try:
            result = action()
        except PermissionDenied:
            db.session.rollback()
            abort(403)
        except Conflict as exc:
            db.session.rollback()
            db.session.expire_all()
            return _render_show(referral, 409, conflict=exc.message, kept=kept, **shown)
        except DomainError as exc:
            db.session.rollback()
            db.session.expire_all()
            show_error(form, exc)
        else:
            text = message(result) if callable(message) else message
            db.session.commit()
            return _done(referral, text)
    return _render_show(referral, 422, **shown)


@bp.route("/referrals/<int:rid>")
@referral_view
def show(referral: Referral):
    """One referral: where it stands, its timeline, and what the viewer may do next."""
    return _render_show(referral)


@bp.route("/referrals/<int:rid>/status", methods=["POST"])
@referral_view
def move(referral: Referral):
    """Move the referral along the pipeline (accept, decline, withdraw, reopen…)."""
    form = MoveForm()
    before = referral.status
    target = form.status.data or ""

    def message(_):
        if target == Status.DECLINED:
            return f"You declined the referral. {referral.giver.name} sees your reason."
        if target == Status.WITHDRAWN:
            return f"You withdrew the referral. {referral.receiver.name} has been told."
        if before in (Status.WON, Status.LOST, Status.DECLINED):
            return f"Reopened: back to “{STATUS_LABELS[target]}”."
        other = referral.giver if current_user.id == referral.receiver_id else referral.receiver
        return f"Moved to “{STATUS_LABELS[target]}”. {other.name} sees it on the timeline."

    return _act(referral, form, lambda: services.change_status(
        referral=referral, actor=current_user, status=target, note=form.note.data or "",
        reason=form.reason.data or "", version=form.version.data), message,
        kept=form.note.data or form.reason.data or "", move_form=form)


@bp.route("/referrals/<int:rid>/notes", methods=["POST"])
@referral_view
def note(referral: Referral):
    """Add a note to the timeline, for the other party to read."""
    form = NoteForm(prefix="timeline")
    return _act(referral, form, lambda: services.add_note(
        referral=referral, actor=current_user, note=form.note.data),
        "Your note is on the timeline.", kept=form.note.data or "", note_form=form)


@bp.route("/referrals/<int:rid>/closed-business", methods=["POST"])
@referral_view
def record(referral: Referral):
    """Record business that came of the referral; it becomes won, and thanks are prompted."""
    form = RecordForm(prefix="closed")

    def message(entry: ClosedBusiness) -> str:
        text = f"Closed business of {money(entry.amount, g.group.currency)} recorded."
        if referral.thank_you is None:
            text += f" Now say thank you to {referral.giver.name}: they sent you this business."
        return text

    return _act(referral, form, lambda: services.record_closed_business(
        referral=referral, actor=current_user, amount=form.amount.data, kind=form.kind.data,
        closed_on=form.closed_on.data, note=form.note.data or "", version=form.version.data),
        message, kept=form.amount.data or "", record_form=form)


def _entry_or_404(referral: Referral, eid: int) -> ClosedBusiness:
    entry = db.session.get(ClosedBusiness, eid)
    if entry is None or entry.referral_id != referral.id:
        abort(404)
    return entry


@bp.route("/referrals/<int:rid>/closed-business/<int:eid>", methods=["POST"])
@referral_view
def correct(referral: Referral, eid: int):
    """Correct a closed-business entry; the timeline keeps what it was."""
    entry = _entry_or_404(referral, eid)
    form = ClosedBusinessForm(prefix=f"entry{eid}")
    return _act(referral, form, lambda: services.correct_closed_business(
        entry=entry, actor=current_user, amount=form.amount.data, kind=form.kind.data,
        closed_on=form.closed_on.data, note=form.note.data or "",
        version=request.form.get("version", type=int)),
        "The entry is corrected. The timeline shows what it was.", entry_forms={eid: form})


@bp.route("/referrals/<int:rid>/closed-business/<int:eid>/delete", methods=["POST"])
@referral_view
def delete_entry(referral: Referral, eid: int):
    """Delete a mistaken closed-business entry; the timeline keeps it."""
    entry = _entry_or_404(referral, eid)
    try:
        services.delete_closed_business(entry=entry, actor=current_user,
                                        version=request.form.get("version", type=int))
    except PermissionDenied:
        db.session.rollback()
        abort(403)
    except Conflict as exc:
        db.session.rollback()
        db.session.expire_all()
        return _render_show(referral, 409, conflict=exc.message)
    db.session.commit()
    return _done(referral, "The entry is deleted. The timeline still shows what it was.")


@bp.route("/referrals/<int:rid>/quality", methods=["POST"])
@referral_view
def rate(referral: Referral):
    """Rate how good the referral was: qualified, lukewarm or not a fit."""
    form = QualityForm()
    return _act(referral, form, lambda: services.rate_quality(
        referral=referral, actor=current_user, quality=form.quality.data),
        lambda _: f"Rated “{QUALITIES.get(form.quality.data, '')}”. Thank you: "
                  f"{referral.giver.name} learns what suits you.", quality_form=form)


@bp.route("/referrals/<int:rid>/thanks", methods=["POST"])
@referral_view
def thank(referral: Referral):
    """Thank the giver, with a message and an optional gift."""
    form = ThanksForm(prefix="thanks")
    return _act(referral, form, lambda: services.thank(
        referral=referral, actor=current_user, message=form.message.data,
        gift=form.gift.data or ""),
        f"Your thank-you is sent to {referral.giver.name}.", kept=form.message.data or "",
        thanks_form=form)


# Testimonials ----------------------------------------------------------------------------


@bp.route("/groups/<int:gid>/members/<int:uid>/testimonials", methods=["POST"])
@group_view()
def testimonial(gid: int, uid: int):
    """Write a testimonial for a partner; it shows on their member page."""
    member = get_member_profile(gid, uid)
    if member is None:
        abort(404)
    form = TestimonialForm()
    if form.validate_on_submit():
        try:
            services.write_testimonial(group=g.group, author=current_user, subject_id=uid,
                                       text=form.text.data)
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(f"Your testimonial for {member.card.name} is on their page.", "success")
            return redirect(url_for("profiles.member", gid=gid, uid=uid) + "#testimonials", 303)
    return render_template("profiles/member.html", member=member, testimonial_form=form), 422
