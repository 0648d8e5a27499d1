"""The invite page's search box refuses control characters (issue 10, "NUL bytes")."""

from django.urls import reverse


def test_inviting_with_a_control_character_in_the_search_invites_nobody(client, vera, training, pak):
    client.force_login(vera)
    url = reverse("training:invite", args=[training.pk])
    # "Invite all found" with a search the form refuses: it must not fall back to "everyone".
    response = client.post(url, {"q": "x\x01", "action": "semua"})
    assert response.status_code == 400
    assert "Kata pencarian berisi karakter kontrol" in response.content.decode()
    assert training.participants.count() == 0
