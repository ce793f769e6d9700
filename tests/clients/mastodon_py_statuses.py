"""Posts, favourites, reblogs, bookmarks, mutes a thread, reads timelines, threads and notifications on a plero
instance with Mastodon.py, as two users (alice and bob, who follows alice), and prints what it saw.

Usage: python mastodon_py_statuses.py BASE_URL   (the shared password is read from stdin)
Run by tests/statuses_api.rs; everything it prints on stdout is one JSON object.
"""

import json
import sys

from mastodon import Mastodon

base_url = sys.argv[1]
password = sys.stdin.read().strip()


def login(email):
    client_id, client_secret = Mastodon.create_app(
        "Mastodon.py statuses e2e", api_base_url=base_url, scopes=["read", "write", "follow"]
    )
    api = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=base_url)
    api.log_in(username=email, password=password, scopes=["read", "write", "follow"], allow_http=True)
    return api


alice = login("alice@example.com")
bob = login("bob@example.com")
alice_account = alice.account_verify_credentials()
bob.account_follow(alice_account["id"])

# Mastodon.py sends these as a form, as the peer did not accept.
posted = alice.status_post("Hello from Mastodon.py #python @bob", visibility="public", spoiler_text="py", language="en")
reply = bob.status_reply(posted, "a reply from bob")
bob.status_favourite(posted["id"])
reblog = bob.status_reblog(posted["id"])
bob.status_bookmark(posted["id"])

seen_by_bob = bob.status(posted["id"])
home = bob.timeline_home(limit=10)
context = alice.status_context(reply["id"])
favourited_by = alice.status_favourited_by(posted["id"])
notifications = alice.notifications()
bookmarks = bob.bookmarks()
tagged = alice.timeline_hashtag("python")
deleted = bob.status_delete(reply["id"])
after_delete = alice.status(posted["id"])
notifications_before_mute = alice.notifications()
muted = alice.status_mute(posted["id"])
bob.status_post("@alice still talking", in_reply_to_id=posted["id"])
notifications_while_muted = alice.notifications()
unmuted = alice.status_unmute(posted["id"])

print(
    json.dumps(
        {
            "posted_visibility": posted["visibility"],
            "posted_spoiler": posted["spoiler_text"],
            "posted_mentions": [m["acct"] for m in posted["mentions"]],
            "posted_tags": [t["name"] for t in posted["tags"]],
            "reply_to": str(reply["in_reply_to_id"]),
            "posted_id": str(posted["id"]),
            "reblog_of": str(reblog["reblog"]["id"]),
            "bob_favourited": seen_by_bob["favourited"],
            "bob_reblogged": seen_by_bob["reblogged"],
            "bob_bookmarked": seen_by_bob["bookmarked"],
            "counts": [seen_by_bob["favourites_count"], seen_by_bob["reblogs_count"], seen_by_bob["replies_count"]],
            "home": [str(s["id"]) for s in home],
            "context_ancestors": [str(s["id"]) for s in context["ancestors"]],
            "favourited_by": [a["acct"] for a in favourited_by],
            "notification_types": [n["type"] for n in notifications],
            "bookmarks": [str(s["id"]) for s in bookmarks],
            "tagged": [str(s["id"]) for s in tagged],
            "deleted_text": deleted["text"],
            "replies_after_delete": after_delete["replies_count"],
            "muted": [muted["muted"], unmuted["muted"]],
            "notification_types_before_mute": [n["type"] for n in notifications_before_mute],
            "notification_types_while_muted": [n["type"] for n in notifications_while_muted],
        }
    )
)
