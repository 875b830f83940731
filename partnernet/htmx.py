"""htmx helpers: detect htmx requests and render a page or one of its blocks."""

from flask import render_template
from htmx_flask import request
from jinja2_fragments.flask import render_block


def is_htmx() -> bool:
    """An htmx request for a fragment (a history restore wants the whole page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def render(template: str, block: str | None = None, **context) -> str:
    """The whole page, or only `block` of it when htmx asked for a fragment."""
    if block and is_htmx():
        return render_block(template, block, **context)
    return render_template(template, **context)


def add_vary(response):
    """Pages and fragments share URLs, so caches must key on HX-Request."""
    if response.mimetype == "text/html":
        response.vary.add("HX-Request")
    return response
