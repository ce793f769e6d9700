//! The shared state handlers get, and the service every request goes through.

use std::ops::Deref;
use std::sync::Arc;

use axum::extract::Request;
use axum::http::HeaderName;
use axum::{Router, middleware};
use tower::Layer;
use tower_http::cors::CorsLayer;
use tower_http::normalize_path::{NormalizePath, NormalizePathLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnRequest, DefaultOnResponse, TraceLayer};
use tracing::Level;

use plero_core::accounts::LocalUrls;
use plero_core::auth::throttle::{LockoutLimits, LoginThrottle};
use plero_core::config::Config;
use plero_core::events::ChangeFeed;
use plero_core::instance::InstanceInfo;
use plero_core::limits::RateLimits;
use plero_core::model::AccountFilter;
use plero_core::store::Store;
use plero_core::uploads::Uploader;

use crate::error::ApiError;
use crate::instance_docs::{InstanceDocs, Rendered};
use crate::metrics::{Metrics, StateLabels};

/// The header carrying the request id: taken from a trusted proxy (`http.trusted_proxies`) when
/// present, made otherwise, and sent back on the response.
pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// What every handler can reach. Cheap to clone (one `Arc`); extend [`AppInner`] with a field and
/// build it in [`AppState::new`].
#[derive(Clone)]
pub struct AppState(Arc<AppInner>);

pub struct AppInner {
    pub config: Arc<Config>,
    pub store: Store,
    /// Where uploads are written (`uploads.backend`): the one client of the bucket, shared.
    pub uploader: Uploader,
    /// Public URLs of local actors and pages.
    pub urls: LocalUrls,
    pub metrics: Metrics,
    /// The cached instance documents, invalidated by the change feed alone.
    pub instance_docs: Arc<InstanceDocs>,
    /// This node's change feed: every cache of this process subscribes to it in [`AppState::new`],
    /// the one place caches learn that something changed, here or on another node.
    pub feed: Arc<ChangeFeed>,
    /// Failed sign-ins per (account, client address) (password guessing slows to a handful per window).
    pub login_throttle: LoginThrottle,
    /// The `[rate_limits]` counters of this process.
    pub rate_limits: RateLimits,
    /// What this node's job workers did (for `/metrics`).
    pub job_stats: Arc<plero_core::jobs::RuntimeStats>,
}

impl AppState {
    /// The state over `store`; every cache subscribes to `feed` here.
    pub fn new(config: Arc<Config>, store: Store, feed: Arc<ChangeFeed>) -> Self {
        let urls = LocalUrls::from_config(&config);
        let instance_docs = Arc::new(InstanceDocs::default());
        let docs = instance_docs.clone();
        feed.subscribe(move |event| docs.apply(event));
        // Other nodes' and `pleroctl`'s writes; this node's own are applied at commit.
        let caches = store.clone();
        feed.subscribe(move |event| caches.caches().apply_event(event));
        Self(Arc::new(AppInner {
            store,
            uploader: Uploader::from_config(&config),
            urls,
            metrics: Metrics::new(),
            instance_docs,
            feed,
            login_throttle: LoginThrottle::new(LockoutLimits::from(&config.rate_limits)),
            rate_limits: RateLimits::new(&config.rate_limits),
            job_stats: Arc::default(),
            config,
        }))
    }

    /// The instance documents, from the cache or rendered now; they include this process's own
    /// latest changes.
    pub async fn instance_documents(&self) -> Result<Arc<Rendered>, ApiError> {
        self.feed.caught_up().await;
        self.instance_docs
            .get_or_render(|| async {
                let usage = self.store.usage_stats().await.map_err(|err| {
                    tracing::error!(error = %err, "cannot count the instance's usage");
                    ApiError::internal()
                })?;
                Ok((InstanceInfo::new(&self.config, usage), self.contact_account().await?))
            })
            .await
    }

    /// The instance's contact: its first active local admin, as a Mastodon Account.
    async fn contact_account(&self) -> Result<Option<serde_json::Value>, ApiError> {
        let filter = AccountFilter { local: Some(true), admins: true, ..AccountFilter::default() };
        let admins = self.store.list_accounts(&filter).await.map_err(|err| {
            tracing::error!(error = %err, "cannot find the instance's contact account");
            ApiError::internal()
        })?;
        let contact = admins.into_iter().find(|a| {
            a.user.as_ref().is_some_and(|u| !u.is_deactivated()) && a.account.suspended_at.is_none()
        });
        Ok(contact.map(|a| {
            serde_json::to_value(crate::entities::Account::from_core(&a.account, self.urls.base()))
                .expect("accounts serialise")
        }))
    }

    /// Sets the gauges read at scrape time: database pool and job queue.
    pub async fn refresh_gauges(&self) {
        let pool = self.store.pool_stats();
        let metrics = &self.metrics;
        metrics.db_connections.get_or_create(&StateLabels { state: "idle" }).set(i64::from(pool.idle));
        metrics
            .db_connections
            .get_or_create(&StateLabels { state: "in_use" })
            .set(i64::from(pool.open.saturating_sub(pool.idle)));
        metrics.db_max_connections.set(i64::from(pool.max));
        metrics.jobs.refresh(&self.store, &self.job_stats).await;
        metrics.set_change_feed(self.feed.stats());
    }
}

impl Deref for AppState {
    type Target = AppInner;

    fn deref(&self) -> &AppInner {
        &self.0
    }
}

/// The whole HTTP service: routes (with their timeout, API budget and metrics), then request ids, CORS,
/// the client's address, and trailing-slash tolerance
/// (`/api/v1/instance/` is `/api/v1/instance`). The path is normalised before routing, so route
/// templates and metrics never see the slash.
pub fn app(state: AppState) -> NormalizePath<Router> {
    let router = crate::routes::router(state.clone())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                // Both at debug: off by default, `tower_http=debug` shows when each request began
                // and ended (tests wait on the first to know a request is in flight).
                .on_request(DefaultOnRequest::new().level(Level::DEBUG))
                .on_response(DefaultOnResponse::new().level(Level::DEBUG)),
        )
        // Browser clients (Elk, Phanpy, …) call the API from other origins with bearer tokens; no
        // cookies are allowed cross-origin, so this exposes nothing a cookie would authorise.
        .layer(CorsLayer::permissive())
        .layer(PropagateRequestIdLayer::new(REQUEST_ID_HEADER))
        .layer(SetRequestIdLayer::new(REQUEST_ID_HEADER, MakeRequestUuid))
        // Outermost: the client's address, and a client's own request id dropped unless a trusted
        // proxy sent it, before the id is made and logged.
        .layer(middleware::from_fn_with_state(state, crate::client::resolve));
    NormalizePathLayer::trim_trailing_slash().layer(router)
}

/// The span every line logged while serving a request belongs to: its id, method and path. Only the
/// path: query strings can carry secrets (OAuth codes, `access_token=` on streaming URLs).
fn request_span(request: &Request) -> tracing::Span {
    let id = crate::extract::request_id(request.headers().get(REQUEST_ID_HEADER));
    tracing::info_span!("request", id = %id, method = %request.method(), path = %request.uri().path())
}

/// The request type the service takes (for `ServiceExt::into_make_service_with_connect_info` at the
/// call site).
pub type AppRequest = Request;
