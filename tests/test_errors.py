"""Error pages in the layout, JSON errors under /api, and the self-hosted assets."""

import pytest

from partnernet import create_app


def test_404_page_is_in_the_layout(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b'<main id="main"' in response.data
    assert b"Not found" in response.data


def test_api_404_is_json(client):
    response = client.get("/api/v1/no/such/thing")
    assert response.status_code == 404
    assert response.json["error"] == "not_found"
    assert set(response.json) == {"error", "message", "fields"}


@pytest.fixture
def failing_app(tmp_path):
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        "SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path),
    })

    @app.route("/boom")
    def boom():
        raise RuntimeError("boom")

    @app.route("/api/v1/boom")
    def api_boom():
        raise RuntimeError("boom")

    return app


def test_500_page_is_in_the_layout_and_hides_the_error(failing_app, caplog):
    response = failing_app.test_client().get("/boom")
    assert response.status_code == 500
    assert b'<main id="main"' in response.data
    assert b"Something went wrong" in response.data
    assert b"RuntimeError" not in response.data
    assert "Unhandled error on GET /boom" in caplog.text


def test_api_500_is_json(failing_app):
    response = failing_app.test_client().get("/api/v1/boom")
    assert response.status_code == 500
    assert response.json == {"error": "server_error",
                             "message": "Something went wrong on the server.", "fields": {}}


def test_htmx_is_served_from_this_site(client):
    response = client.get("/assets/htmx.min.js")
    assert response.status_code == 200
    assert response.mimetype in {"text/javascript", "application/javascript"}
    assert b"htmx" in response.data[:2000]
    response.close()
    assert client.get("/assets/package.json").status_code == 404


def test_pages_load_scripts_only_from_this_site(client):
    html = client.get("/login").get_data(as_text=True)
    assert 'src="/assets/htmx.min.js"' in html
    assert "http://" not in html.split("<body")[0]
    assert "https://" not in html.split("<body")[0]
