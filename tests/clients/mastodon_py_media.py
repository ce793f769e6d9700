"""Uploads an image with Mastodon.py, describes it, posts a status with it and reads it back, as
alice on a plero instance; prints what it saw.

Usage: python mastodon_py_media.py BASE_URL IMAGE_PATH   (the shared password is read from stdin)
Run by tests/media.rs; everything it prints on stdout is one JSON object.
"""

import json
import sys
import urllib.request

from mastodon import Mastodon

base_url, image_path = sys.argv[1], sys.argv[2]
password = sys.stdin.read().strip()

client_id, client_secret = Mastodon.create_app(
    "Mastodon.py media e2e", api_base_url=base_url, scopes=["read", "write"]
)
api = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=base_url)
api.log_in(username="alice@example.com", password=password, scopes=["read", "write"], allow_http=True)

uploaded = api.media_post(image_path, mime_type="image/jpeg", description="a cat")
described = api.media_update(uploaded["id"], description="a cat, described later")
posted = api.status_post("my cat", media_ids=[uploaded["id"]])
read = api.status(posted["id"])
with urllib.request.urlopen(read["media_attachments"][0]["url"]) as response:
    served = response.read()

print(
    json.dumps(
        {
            "media_id": str(uploaded["id"]),
            "uploaded_type": uploaded["type"],
            "uploaded_size": [uploaded["meta"]["original"]["width"], uploaded["meta"]["original"]["height"]],
            "described": described["description"],
            "posted_media": [str(m["id"]) for m in posted["media_attachments"]],
            "read_description": read["media_attachments"][0]["description"],
            "served_bytes": len(served),
        }
    )
)
