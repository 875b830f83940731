"""Sign-up, sign-in, password reset and account settings pages."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from partnernet.accounts import bp, queries, services
from partnernet.accounts.forms import (
    AccountForm,
    ApiTokenForm,
    ChangeEmailForm,
    ChangePasswordForm,
    LoginForm,
    ResetForm,
    ResetRequestForm,
    SignupForm,
)
from partnernet.errors import DomainError
from partnernet.extensions import db, limiter
from partnernet.forms import show_error
from partnernet.mail import render_mail, send_mail
from partnernet.security import safe_next
from partnernet.web import external_url


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _after_login_url() -> str:
    return safe_next(request.args.get("next")) or url_for("groups.home")


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    """Open sign-up (when the site allows it)."""
    if current_user.is_authenticated:
        return redirect(url_for("groups.home"))
    if current_app.config["SIGNUP"] != "open":
        return render_template("accounts/signup_closed.html"), 403
    form = SignupForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(email=form.email.data, name=form.name.data,
                                        password=form.password.data,
                                        business_name=form.business_name.data)
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            login_user(user)
            flash(f"Welcome to PartnerNet, {user.name}.", "success")
            return redirect(_after_login_url())
    return render_template("accounts/signup.html", form=form), 422 if form.errors else 200


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(_after_login_url())
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(email=form.email.data, password=form.password.data)
        if user is None:
            form.form_errors.append("That email and password don't match an account.")
        else:
            login_user(user, remember=form.remember.data)
            return redirect(_after_login_url())
    status = 422 if form.errors or form.form_errors else 200
    return render_template("accounts/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out of this browser."""
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("accounts.login"))


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def reset_request():
    """Ask for a password-reset link by email."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        found = services.request_password_reset(
            email=form.email.data, ttl=current_app.config["PASSWORD_RESET_TTL"])
        db.session.commit()
        if found:
            user, token = found
            send_mail(render_mail(
                "password_reset", to=user.email, subject="Reset your PartnerNet password",
                user=user, url=external_url("accounts.reset", token=token),
                hours=int(current_app.config["PASSWORD_RESET_TTL"].total_seconds() // 3600)))
        # The same answer whether or not the address has an account.
        flash("If an account uses that address, we have sent it a link to choose a new "
              "password. Check your inbox.", "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_request.html", form=form), (
        422 if form.errors else 200)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    """Choose a new password with an emailed single-use link."""
    if services.find_password_reset(token) is None:
        return render_template("accounts/reset_invalid.html"), 410
    form = ResetForm()
    if form.validate_on_submit():
        try:
            user = services.reset_password(token=token, new_password=form.password.data)
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            login_user(user)
            flash("Your password has been changed.", "success")
            return redirect(url_for("groups.home"))
    return render_template("accounts/reset.html", form=form), 422 if form.errors else 200


def _render_account(status: int = 200, **forms):
    forms.setdefault("account_form", AccountForm(
        prefix="account", data={"name": current_user.name,
                                "business_name": current_user.profile.business_name
                                if current_user.profile else ""}))
    forms.setdefault("email_form", ChangeEmailForm(prefix="email", formdata=None))
    forms.setdefault("password_form", ChangePasswordForm(prefix="password", formdata=None))
    forms.setdefault("token_form", ApiTokenForm(prefix="token", formdata=None))
    return render_template("accounts/settings.html",
                           tokens=queries.list_api_tokens(current_user.id), **forms), status


@bp.route("/account")
@login_required
def settings():
    """Account settings: name, email, password, API tokens."""
    return _render_account()


@bp.route("/account", methods=["POST"])
@login_required
def update():
    """Change name and business name."""
    form = AccountForm(prefix="account")
    if form.validate_on_submit():
        try:
            services.update_account(user=current_user, name=form.name.data,
                                    business_name=form.business_name.data)
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash("Your details are saved.", "success")
            return redirect(url_for("accounts.settings"))
    return _render_account(422, account_form=form)


@bp.route("/account/email", methods=["POST"])
@login_required
def change_email():
    """Change the sign-in email; the old address is told."""
    form = ChangeEmailForm(prefix="email")
    if form.validate_on_submit():
        try:
            old = services.change_email(user=current_user, password=form.password.data,
                                        new_email=form.email.data)
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            send_mail(render_mail("email_changed", to=old,
                                  subject="Your PartnerNet email address was changed",
                                  user=current_user, new_email=current_user.email))
            flash(f"You now sign in with {current_user.email}.", "success")
            return redirect(url_for("accounts.settings"))
    return _render_account(422, email_form=form)


@bp.route("/account/password", methods=["POST"])
@login_required
def change_password():
    """Change the password; other browsers are signed out."""
    form = ChangePasswordForm(prefix="password")
    if form.validate_on_submit():
        try:
            services.change_password(user=current_user,
                                     current_password=form.current_password.data,
                                     new_password=form.new_password.data)
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            # Keep this browser signed in, renewing its remember-me cookie if it had one.
            remember = current_app.config["REMEMBER_COOKIE_NAME"] in request.cookies
            login_user(current_user._get_current_object(), remember=remember)
            flash("Your password has been changed. Other devices have been signed out.",
                  "success")
            return redirect(url_for("accounts.settings"))
    return _render_account(422, password_form=form)


@bp.route("/account/tokens", methods=["POST"])
@login_required
def create_token():
    """Create an API token; it is shown once."""
    form = ApiTokenForm(prefix="token")
    if form.validate_on_submit():
        try:
            token, raw = services.create_api_token(user=current_user, name=form.name.data)
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            return _render_account(201, new_token=raw, new_token_name=token.name)
    return _render_account(422, token_form=form)


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int):
    """Revoke an API token at once."""
    try:
        token = services.revoke_api_token(user=current_user, token_id=token_id)
    except DomainError:
        db.session.rollback()
        abort(404)
    db.session.commit()
    flash(f"The token “{token.name}” no longer works.", "success")
    return redirect(url_for("accounts.settings"))
