//! When each token was last used (`last_used_at`, what a list of authorized apps shows), recorded
//! without making every API request write: the token's row, read anyway to authenticate, tells
//! whether the recorded use is older than [`RECORD_EVERY_SECS`]; only then is one conditional
//! UPDATE sent, in a task of its own, off the request's path.

use chrono::Duration;
use tokio::task::JoinHandle;

use super::service::Authenticated;
use crate::model::time::now;
use crate::model::{Timestamp, TokenId};
use crate::store::{Store, StoreError};

/// A use is written when the one recorded is at least this old (seconds): at most one write per
/// token per five minutes, however busy the token. Finer than any "last used" display needs.
pub const RECORD_EVERY_SECS: i64 = 5 * 60;

fn record_every() -> Duration {
    Duration::seconds(RECORD_EVERY_SECS)
}

/// Whether a use at `now` is worth writing, given the use last recorded.
pub fn is_due(last_used_at: Option<Timestamp>, now: Timestamp) -> bool {
    last_used_at.is_none_or(|at| at <= now - record_every())
}

/// Records a use of `token` at `at`, unless one recorded since [`RECORD_EVERY_SECS`] before it
/// already is (another request, or another node, got there first). `Ok(true)` when it wrote.
pub async fn record(store: &Store, token: TokenId, at: Timestamp) -> Result<bool, StoreError> {
    store.touch_token(token, at, at - record_every()).await
}

/// For the bearer check of a request: when the use is due, records it in a task of its own, so the
/// request neither waits for the write nor fails with it (a failure is logged). Returns that task,
/// for whoever wants to wait on it; `None` when nothing needed writing.
pub fn record_in_background(store: &Store, auth: &Authenticated) -> Option<JoinHandle<()>> {
    let at = now();
    if !is_due(auth.last_used_at, at) {
        return None;
    }
    let (store, token) = (store.clone(), auth.token_id);
    Some(tokio::spawn(async move {
        if let Err(err) = record(&store, token, at).await {
            tracing::warn!(error = %err, "recording when a token was last used failed");
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::service::{authenticate_bearer, issue_token};
    use crate::auth::{NewApp, Scopes};
    use crate::store::testing::{store_tests, user};

    /// A user token of a new app, in clear, and the id of its row.
    async fn token(store: &Store) -> (String, TokenId) {
        let alice = user(store, "alice").await;
        let new = NewApp::validate(Some("app"), ["urn:ietf:wg:oauth:2.0:oob"], Some("read"), None).unwrap();
        let app = crate::auth::service::register_app(store, new).await.unwrap().app;
        let issued =
            issue_token(store, app.id, Some(alice.account.id), Scopes::parse("read").unwrap()).await.unwrap();
        (issued.access_token.expose().to_string(), issued.token.id)
    }

    async fn last_used_at(store: &Store, presented: &str) -> Option<Timestamp> {
        authenticate_bearer(store, presented).await.unwrap().expect("a usable token").last_used_at
    }

    #[test]
    fn a_use_is_due_when_none_or_only_an_old_one_is_recorded() {
        let t = now();
        assert!(is_due(None, t));
        assert!(!is_due(Some(t - Duration::seconds(RECORD_EVERY_SECS - 1)), t));
        assert!(is_due(Some(t - Duration::seconds(RECORD_EVERY_SECS)), t));
    }

    store_tests! {
        async fn a_use_is_written_at_most_once_per_interval(store: &Store) {
            let (presented, id) = token(store).await;
            assert_eq!(last_used_at(store, &presented).await, None, "a new token was never used");
            let first = now();
            assert!(record(store, id, first).await.unwrap());
            assert_eq!(last_used_at(store, &presented).await, Some(first));
            let soon = first + Duration::seconds(RECORD_EVERY_SECS - 1);
            assert!(!record(store, id, soon).await.unwrap(), "within the interval nothing is written");
            assert_eq!(last_used_at(store, &presented).await, Some(first));
            let later = first + Duration::seconds(RECORD_EVERY_SECS);
            assert!(record(store, id, later).await.unwrap());
            assert_eq!(last_used_at(store, &presented).await, Some(later));
        }

        async fn authenticating_records_the_first_use_and_then_not_every_use(store: &Store) {
            let (presented, _) = token(store).await;
            let auth = authenticate_bearer(store, &presented).await.unwrap().unwrap();
            let write = record_in_background(store, &auth).expect("the first use is due");
            write.await.unwrap();
            let recorded = last_used_at(store, &presented).await.expect("the use is recorded");
            assert!(recorded <= now());
            let again = authenticate_bearer(store, &presented).await.unwrap().unwrap();
            assert!(record_in_background(store, &again).is_none(), "a use just recorded is not written again");
        }
    }
}
