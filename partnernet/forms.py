"""Form helpers shared by every feature."""

from wtforms import Form

from partnernet.errors import DomainError


def show_error(form: Form, error: DomainError) -> None:
    """Put a service's error next to its field, or at the top of the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)
