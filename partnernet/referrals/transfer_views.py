"""Moving referral history in and out: CSV import (facilitators) and exports."""

import re

from flask import Response, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from partnernet.extensions import db
from partnernet.groups.access import group_view
from partnernet.periods import local_today
from partnernet.referrals import bp, imports, queries

EXPORT_ROLES = ("mine", "given", "received")

# What each column holds, for the import page (the order is the file's).
COLUMN_HELP = {
    "passed_on": "The date the referral was passed, YYYY-MM-DD, in the group's time zone.",
    "giver_email": "The email address the giver signs in with; they must be or have been a "
                   "member of this group.",
    "receiver_email": "The receiver's email address, likewise.",
    "kind": "outside (a third party) or inside (the giver or their own company).",
    "relationship": "client, client_coworker, friend_family, supplier or other.",
    "prospect_name": "The person or business referred. Required.",
    "prospect_company": "Their company; may be empty.",
    "status": "passed, accepted, contacted, meeting, proposal, won, lost, declined or withdrawn.",
    "closed_amount": "Business closed, like 1250.00 in the group's currency; only on won rows. "
                     "Leave empty when there was none.",
    "closed_on": "The date the business closed, YYYY-MM-DD; required with closed_amount.",
    "note": "Any note. A declined row must give its reason here.",
}
OPTIONAL_HELP = {
    "temperature": "1 to 5; 3 when left out.",
    "prospect_email": "Only the giver and the receiver will see it.",
    "prospect_phone": "Only the giver and the receiver will see it.",
}


class ImportForm(FlaskForm):
    file = FileField("CSV file", [FileRequired("Choose the CSV file to import.")],
                     description="UTF-8 text (in a spreadsheet: Save as “CSV UTF-8”), at most "
                                 f"{imports.MAX_BYTES // (1024 * 1024)} MB.")


def csv_response(text: str, name: str) -> Response:
    slug = re.sub(r"[^a-z0-9]+", "-", g.group.name.lower()).strip("-") or "group"
    filename = f"{slug}-{name}-{local_today(g.group.timezone).isoformat()}.csv"
    response = Response(text, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Exports can hold prospects' contact details: keep them out of shared caches.
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/groups/<int:gid>/referrals/import", methods=["GET", "POST"])
@group_view(facilitator=True)
def import_csv(gid: int):
    """Import the group's referral history from a CSV file: every row checked, all or none."""
    form = ImportForm()
    errors: list[tuple[int, str]] = []
    if form.validate_on_submit():
        data = form.file.data.read(imports.MAX_BYTES + 1)  # enough to refuse a big file
        try:
            result = imports.import_referrals(group=g.group, actor=current_user, data=data)
        except imports.ImportFailed as exc:
            db.session.rollback()
            errors = exc.errors
        else:
            db.session.commit()
            flash(f"Imported {result.created} referrals ({result.skipped} skipped as already "
                  "imported).", "success")
            return redirect(url_for("referrals.import_csv", gid=gid), 303)
    failed = bool(errors or form.errors)
    return render_template("referrals/import.html", form=form, errors=errors,
                           filename=form.file.data.filename if errors else "",
                           columns=COLUMN_HELP, optional=OPTIONAL_HELP,
                           max_mb=imports.MAX_BYTES // (1024 * 1024)), 422 if failed else 200


@bp.route("/groups/<int:gid>/referrals/import/template.csv")
@group_view(facilitator=True)
def import_template(gid: int):
    """An empty import file: the header row, ready to fill in a spreadsheet."""
    return csv_response(",".join(imports.COLUMNS) + "\n", "referrals-template")


@bp.route("/groups/<int:gid>/referrals/export.csv")
@group_view()
def export_mine(gid: int):
    """My referrals (given, received, or both) as CSV, with the prospects' contact details."""
    role = request.args.get("role", "mine")
    if role not in EXPORT_ROLES:
        role = "mine"
    rows, closed_on = queries.list_for_export(group=g.group, viewer_id=current_user.id,
                                              role=role)
    # Safe to include contacts: every row is one the viewer gave or received.
    text = imports.export_referrals(rows, group=g.group, closed_on=closed_on,
                                    with_contacts=True)
    return csv_response(text, "my-referrals" if role == "mine" else f"referrals-{role}")


@bp.route("/groups/<int:gid>/referrals/export-all.csv")
@group_view(facilitator=True)
def export_all(gid: int):
    """All the group's referrals as CSV, without prospects' contact details (facilitators)."""
    rows, closed_on = queries.list_for_export(group=g.group, viewer_id=current_user.id,
                                              role=None)
    text = imports.export_referrals(rows, group=g.group, closed_on=closed_on,
                                    with_contacts=False)
    return csv_response(text, "referrals")
