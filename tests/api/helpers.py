"""Assertions shared by the API tests."""


def assert_error(response, status: int, code: str, fields: set[str] | None = None) -> dict:
    """The response is a JSON error with exactly PartnerNet's shape; returns the body.

    `fields`, when given, is the exact set of field names the error must list,
    each with at least one message.
    """
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error", "message", "fields"}
    assert body["error"] == code
    assert isinstance(body["message"], str) and body["message"].strip()
    assert isinstance(body["fields"], dict)
    if fields is not None:
        assert set(body["fields"]) == fields
        for messages in body["fields"].values():
            assert isinstance(messages, list) and messages
            assert all(isinstance(m, str) and m for m in messages)
    return body
