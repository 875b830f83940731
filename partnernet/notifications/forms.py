"""Which notifications also come by email."""

from flask_wtf import FlaskForm
from wtforms import BooleanField

# Form field → the notification kind it switches (partnernet.notifications.services.KINDS).
LABELS = {
    "referral_received": "A partner passes me a referral",
    "status_changed": "A referral I gave or received moves along, or gets a note",
    "closed_business": "Closed business is recorded on a referral I gave",
    "thanked": "A partner thanks me for a referral",
}


class EmailSettingsForm(FlaskForm):
    referral_received = BooleanField(LABELS["referral_received"])
    status_changed = BooleanField(LABELS["status_changed"])
    closed_business = BooleanField(LABELS["closed_business"])
    thanked = BooleanField(LABELS["thanked"])

    def flags(self) -> dict[str, bool]:
        return {kind: bool(getattr(self, kind).data) for kind in LABELS}
