//! The public HTML profile page of a local account, `/@nick`, pointing ActivityPub software at the
//! actor with `<link rel="alternate" type="application/activity+json">`.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use maud::{DOCTYPE, html};

use crate::app::AppState;
use crate::entities::webfinger::ACTIVITY_JSON;

pub fn routes() -> Router<AppState> {
    Router::new().route("/@{nickname}", get(profile))
}

async fn profile(State(state): State<AppState>, Path(nickname): Path<String>) -> Response {
    let account = match state.store.find_account_by_nickname(&nickname, None).await {
        Ok(Some(account)) if account.suspended_at.is_none() => account,
        Ok(_) => return (StatusCode::NOT_FOUND, Html(not_found_page(&nickname))).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "profile lookup failed");
            return crate::error::ApiError::internal().into_response();
        }
    };
    let acct = format!("@{}@{}", account.nickname, state.config.instance.domain);
    let name = if account.display_name.is_empty() { &account.nickname } else { &account.display_name };
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (name) " (" (acct) ")" }
                link rel="alternate" type=(ACTIVITY_JSON) href=(account.endpoints.actor_url);
                link rel="canonical" href=(account.endpoints.url);
                @if !state.config.instance.indexable || !account.discoverable {
                    meta name="robots" content="noindex, noarchive";
                }
                style { "body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}" }
            }
            body {
                main class="h-card" {
                    h1 class="p-name" { (name) }
                    p class="acct" { (acct) }
                    div class="p-note" { (account.note) }
                    p { (account.statuses_count) " posts · " (account.following_count) " following · "
                        (account.followers_count) " followers" }
                }
            }
        }
    };
    Html(page.into_string()).into_response()
}

fn not_found_page(nickname: &str) -> String {
    html! {
        (DOCTYPE)
        html lang="en" { head { meta charset="utf-8"; title { "Not found" } }
            body { p { "There is no account @" (nickname) " here." } } }
    }
    .into_string()
}

#[cfg(test)]
mod tests {
    use crate::testing::TestApp;
    use axum::http::StatusCode;

    #[tokio::test]
    async fn the_profile_page_links_to_the_actor_for_activitypub() {
        let app = TestApp::new().await;
        app.user("alice").await;
        let (status, content_type, html) = app.get("/@alice").await;
        assert_eq!(status, StatusCode::OK);
        assert!(content_type.starts_with("text/html"), "{content_type}");
        assert!(
            html.contains(r#"<link rel="alternate" type="application/activity+json" href="https://social.example/users/alice">"#),
            "{html}"
        );
        assert!(html.contains("@alice@social.example"), "{html}");
    }

    #[tokio::test]
    async fn the_profile_page_escapes_what_the_user_wrote() {
        let app = TestApp::new().await;
        app.user("alice").await;
        let (_, _, html) = app.get("/@alice").await;
        assert!(html.contains("alice &lt;b&gt;display&lt;/b&gt;"), "{html}");
        assert!(!html.contains("<b>display</b>"), "{html}");
    }

    #[tokio::test]
    async fn an_unknown_profile_is_404() {
        let app = TestApp::new().await;
        let (status, _, _) = app.get("/@nobody").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}
