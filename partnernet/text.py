"""Cleaning of free text typed by users, shared by every feature's services."""

import unicodedata

from partnernet.errors import DomainError


def clean_line(value: str | None, *, field: str, label: str, max_length: int,
               required: bool = False, error: type[DomainError] = DomainError) -> str:
    """One line of text: runs of whitespace become one space; raises `error` on bad input."""
    return _checked(" ".join((value or "").split()), field=field, label=label,
                    max_length=max_length, required=required, error=error)


def clean_block(value: str | None, *, field: str, label: str, max_length: int,
                required: bool = False, error: type[DomainError] = DomainError) -> str:
    """Several lines of text: line breaks kept (as \\n), trailing spaces and blank runs trimmed."""
    lines = [" ".join(line.split()) for line in (value or "").replace("\r\n", "\n").split("\n")]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return _checked(text.strip(), field=field, label=label, max_length=max_length,
                    required=required, error=error)


def _checked(value: str, *, field: str, label: str, max_length: int, required: bool,
             error: type[DomainError]) -> str:
    # PostgreSQL cannot store NUL, and no one needs a control character in a name or a note.
    if any(unicodedata.category(ch) == "Cc" and ch != "\n" for ch in value):
        raise error(f"Use only printable characters for {label}.", field)
    if required and not value:
        raise error(f"Enter {label}.", field)
    if len(value) > max_length:
        raise error(f"Use at most {max_length} characters for {label}.", field)
    return value
