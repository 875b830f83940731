"""Outgoing mail: SMTP when PARTNERNET_MAIL_SERVER is set, otherwise the log."""

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from flask import current_app, render_template

log = logging.getLogger("partnernet.mail")


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def render_mail(template: str, *, to: str, subject: str, **context) -> Mail:
    """A plain-text message from templates/email/<template>.txt."""
    return Mail(to=to, subject=subject, body=render_template(f"email/{template}.txt", **context))


def send_mail(mail: Mail) -> bool:
    """Send now; False if the mail server failed (logged, never raised to the user).

    Without a mail server the message is logged so a local user still sees its link.
    """
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message.set_content(mail.body)

    if not config.get("MAIL_SERVER"):
        log.warning("Mail not sent (no PARTNERNET_MAIL_SERVER). To: %s\nSubject: %s\n\n%s",
                    mail.to, mail.subject, mail.body)
        return True

    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    try:
        with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        log.exception("Could not send mail to %s (%s)", mail.to, mail.subject)
        return False
    return True
