"""Invitation links and the email that carries them."""

from partnernet.mail import render_mail, send_mail
from partnernet.models import Invitation, User
from partnernet.web import external_url


def deliver_invitation(invitation: Invitation, token: str, *, inviter: User) -> str:
    """The invitation's link; emailed to the invitee when the invitation names one."""
    url = external_url("groups.accept", token=token)
    if invitation.email:
        group = invitation.group
        send_mail(render_mail(
            "invitation", to=invitation.email,
            subject=f"{inviter.name} invites you to {group.name} on PartnerNet",
            inviter=inviter, group=group, url=url, expires_at=invitation.expires_at))
    return url
