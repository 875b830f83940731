"""Invitation links and the email that carries them."""

from partnernet.mail import render_mail, send_mail
from partnernet.models import Invitation, User
from partnernet.web import external_url


def deliver_invitation(invitation: Invitation, token: str, *, inviter: User) -> tuple[str, bool]:
    """The invitation's link, and whether it was emailed (to the invitee, when there is one)."""
    url = external_url("groups.accept", token=token)
    if not invitation.email:
        return url, False
    group = invitation.group
    sent = send_mail(render_mail(
        "invitation", to=invitation.email,
        subject=f"{inviter.name} invites you to {group.name} on PartnerNet",
        inviter=inviter, group=group, url=url, expires_at=invitation.expires_at))
    return url, sent
