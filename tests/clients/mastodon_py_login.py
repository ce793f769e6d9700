"""Logs in to a plero instance with Mastodon.py (password grant) and prints what it saw as JSON.

Usage: python mastodon_py_login.py BASE_URL EMAIL   (the password is read from stdin)
Run by tests/oauth_mastodon_py.rs; everything it prints on stdout is one JSON object.
"""

import json
import sys

from mastodon import Mastodon

base_url, email = sys.argv[1], sys.argv[2]
password = sys.stdin.read().strip()

client_id, client_secret = Mastodon.create_app(
    "Mastodon.py e2e", api_base_url=base_url, scopes=["read", "write", "follow", "push"]
)
api = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=base_url)
token = api.log_in(username=email, password=password, allow_http=True)
me = api.account_verify_credentials()
updated = api.account_update_credentials(note="Written by Mastodon.py", display_name="Py Client")
looked_up = api.account_lookup(me["acct"])

print(
    json.dumps(
        {
            "token_length": len(token),
            "username": me["username"],
            "acct": me["acct"],
            "id": str(me["id"]),
            "source_note": updated["source"]["note"],
            "display_name": updated["display_name"],
            "lookup_id": str(looked_up["id"]),
        }
    )
)
