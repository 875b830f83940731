"""PartnerNet: a self-hosted platform for strategic-partner groups."""

import logging
from pathlib import Path

from apiflask import APIFlask

from partnernet.config import PROJECT_ROOT, Config


def create_app(config: dict | None = None) -> APIFlask:
    """Build the application; `config` overrides settings read from the environment."""
    app = APIFlask(
        __name__,
        title="PartnerNet API",
        version="1",
        spec_path="/api/v1/openapi.json",
        docs_path=None,
        json_errors=False,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    instance_path = Path((config or {}).get("INSTANCE_PATH", app.instance_path))
    app.instance_path = str(instance_path)
    app.config.from_mapping(Config(instance_path).as_dict())
    if config:
        app.config.from_mapping(config)

    _configure_logging(app)
    if app.config["PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)

    from partnernet import cli, web
    from partnernet.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)

    from htmx_flask import Htmx

    Htmx(app)
    web.init_app(app)

    from partnernet.accounts import bp as accounts_bp
    from partnernet.api import bp as api_bp
    from partnernet.groups import bp as groups_bp
    from partnernet.ledger import bp as ledger_bp
    from partnernet.meetings import bp as meetings_bp
    from partnernet.notifications import bp as notifications_bp
    from partnernet.profiles import bp as profiles_bp
    from partnernet.referrals import bp as referrals_bp

    app.register_blueprint(accounts_bp)
    app.register_blueprint(groups_bp)
    app.register_blueprint(profiles_bp)
    app.register_blueprint(referrals_bp)
    app.register_blueprint(ledger_bp)
    app.register_blueprint(meetings_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(api_bp)
    csrf.exempt(api_bp)  # bearer tokens, never cookies: nothing for a forged request to ride on
    from partnernet.api import core as api_core

    api_core.init_app(app)

    cli.init_app(app)
    return app


def _configure_logging(app: APIFlask) -> None:
    logger = logging.getLogger("partnernet")
    logger.setLevel(logging.INFO)
    if not logging.getLogger().handlers and not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
