"""Signs up on a plero instance with Mastodon.py's create_account, twice with one username, and
prints what it saw as JSON.

Usage: python mastodon_py_signup.py BASE_URL USERNAME   (the password is read from stdin)
Run by tests/oauth_clients.rs; everything it prints on stdout is one JSON object.
"""

import json
import sys

from mastodon import Mastodon

base_url, username = sys.argv[1], sys.argv[2]
password = sys.stdin.read().strip()

client_id, client_secret = Mastodon.create_app("Mastodon.py signup e2e", api_base_url=base_url)
api = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=base_url)
token = api.create_account(username, password, f"{username}@example.com", agreement=True)
me = api.account_verify_credentials()

again = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=base_url)
no_token, error = again.create_account(
    username, password, f"other-{username}@example.com", agreement=True, return_detailed_error=True
)

print(
    json.dumps(
        {
            "token_length": len(token or ""),
            "username": me["username"],
            "second_token": no_token,
            "second_error": error["details"]["username"][0]["error"],
        }
    )
)
