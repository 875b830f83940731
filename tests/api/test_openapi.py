"""The OpenAPI description at /api/v1/openapi.json."""

import json

import pytest

API_PATHS = [
    "/api/v1/me",
    "/api/v1/groups",
    "/api/v1/groups/{gid}",
    "/api/v1/groups/{gid}/members",
    "/api/v1/groups/{gid}/invitations",
    "/api/v1/invitations/{token}/accept",
]


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return json.loads(response.get_data(as_text=True))


def test_spec_is_openapi_3(spec):
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] == "PartnerNet API"


def test_spec_describes_the_api_paths_and_methods(spec):
    paths = spec["paths"]
    for path in API_PATHS:
        assert path in paths, path
    assert {"get", "post"} <= set(paths["/api/v1/groups"])
    assert "post" in paths["/api/v1/groups/{gid}/invitations"]
    assert "post" in paths["/api/v1/invitations/{token}/accept"]
    assert "get" in paths["/api/v1/groups/{gid}/members"]


def test_spec_has_a_bearer_security_scheme_used_by_the_endpoints(spec):
    schemes = spec["components"]["securitySchemes"]
    bearer = [name for name, scheme in schemes.items()
              if scheme.get("type") == "http" and scheme.get("scheme", "").lower() == "bearer"]
    assert len(bearer) == 1
    for path in API_PATHS:
        for operation in spec["paths"][path].values():
            assert {bearer[0]: []} in operation["security"], path


def test_spec_lists_no_html_routes(spec):
    paths = spec["paths"]
    assert "/login" not in paths
    assert "/groups/new" not in paths
    assert all(path.startswith("/api/v1/") for path in paths), sorted(paths)


def test_spec_documents_the_group_creation_body(spec):
    operation = spec["paths"]["/api/v1/groups"]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    assert {"name", "cadence", "timezone", "currency"} <= set(schema["properties"])
    assert {"name", "timezone", "currency"} <= set(schema["required"])


def resolve(spec: dict, schema: dict) -> dict:
    ref = schema["$ref"]
    assert ref.startswith("#/components/schemas/")
    return spec["components"]["schemas"][ref.rsplit("/", 1)[-1]]


def test_documented_errors_use_the_partnernet_error_body(spec):
    responses = spec["paths"]["/api/v1/groups/{gid}"]["get"]["responses"]
    error = resolve(spec, responses["404"]["content"]["application/json"]["schema"])
    assert set(error["properties"]) == {"error", "message", "fields"}
    responses = spec["paths"]["/api/v1/invitations/{token}/accept"]["post"]["responses"]
    assert "409" in responses


def test_every_reference_resolves_and_no_schema_is_registered_twice(spec):
    text = json.dumps(spec)
    for name in {part.split('"', 1)[0] for part in text.split('"#/components/schemas/')[1:]}:
        assert name in spec["components"]["schemas"], name
    # apiflask names a schema registered twice "Name1"; none may appear.
    assert [n for n in spec["components"]["schemas"] if n[-1].isdigit()] == []

    created = resolve(spec, spec["paths"]["/api/v1/groups"]["post"]["responses"]["201"][
        "content"]["application/json"]["schema"])
    listed = resolve(spec, spec["paths"]["/api/v1/groups"]["get"]["responses"]["200"][
        "content"]["application/json"]["schema"])
    listed_item = resolve(spec, listed["properties"]["items"]["items"])
    assert listed_item["properties"] == created["properties"]
