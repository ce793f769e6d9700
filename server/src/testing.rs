//! Test helpers: the whole HTTP service over a fresh, migrated SQLite database, driven in-process.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use tower::ServiceExt;

use plero_core::accounts::{LocalUrls, Registration, register};
use plero_core::config::{Config, Scheme, Secret};
use plero_core::events::{ChangeFeed, FeedSettings};
use plero_core::model::UserAccount;
use plero_core::store::{ConnectOptions, Store};

use crate::app::{AppState, app};

pub struct TestApp {
    pub state: AppState,
    _dir: tempfile::TempDir,
}

impl TestApp {
    /// An instance `social.example` (https) on a new SQLite database.
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = Config::default();
        config.instance.domain = "social.example".into();
        config.http.public_scheme = Scheme::Https;
        config.instance.data_dir = dir.path().join("data");
        config.uploads.local_dir = dir.path().join("uploads");
        config.security.secret_key_base = Secret::new("the test instance's secret key base");
        let url = format!("sqlite://{}", dir.path().join("plero.db").display());
        let store = Store::connect(&url, &ConnectOptions::default()).await.expect("sqlite opens");
        store.migrate(&mut |_| {}).await.expect("migrations apply");
        let feed =
            ChangeFeed::start(store.clone(), FeedSettings::from_config(&config)).await.expect("feed starts");
        Self { state: AppState::new(Arc::new(config), store, Arc::new(feed)), _dir: dir }
    }

    pub async fn user(&self, nickname: &str) -> UserAccount {
        let registration = Registration {
            nickname: nickname.into(),
            email: format!("{nickname}@mail.example"),
            password: "correct horse battery".into(),
            display_name: format!("{nickname} <b>display</b>"),
            confirmed: true,
            approved: true,
            ..Default::default()
        };
        register(&self.state.store, &LocalUrls::from_config(&self.state.config), registration)
            .await
            .expect("registers")
    }

    /// `GET uri`: status, content type and body.
    pub async fn get(&self, uri: &str) -> (StatusCode, String, String) {
        let mut request = Request::get(uri).body(Body::empty()).expect("request");
        // As the daemon serves it: from a loopback peer.
        let peer = std::net::SocketAddr::from(([127, 0, 0, 1], 40000));
        request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
        let response = app(self.state.clone()).oneshot(request).await.expect("infallible");
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap_or_default().to_owned())
            .unwrap_or_default();
        let body = axum::body::to_bytes(response.into_body(), 1 << 20).await.expect("body");
        (status, content_type, String::from_utf8_lossy(&body).into_owned())
    }
}
