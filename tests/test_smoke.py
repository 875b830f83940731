def test_home_page_for_visitors(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Sign in" in response.data


def test_world_fixture(world, client, auth):
    auth.login(world.member)
    response = client.get(f"/groups/{world.group.id}")
    assert response.status_code == 200
    assert world.facilitator.name.encode() in response.data
