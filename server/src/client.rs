//! Who sent a request: the client's address, from the connection or, through a trusted proxy
//! (`http.trusted_proxies`), from `X-Forwarded-For`. The same rule decides whether the request's
//! own `X-Request-Id` is kept.

use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use plero_core::limits::{self, ClientNet};

use crate::app::{AppState, REQUEST_ID_HEADER};

/// The client's address, set on every request by [`resolve`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl ClientAddr {
    /// What limits count for this client (its IPv4 address, its IPv6 /64).
    pub fn net(&self) -> ClientNet {
        ClientNet::from(self.0)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Infallible> {
        // Only missing when the service runs without `resolve` (never in the daemon).
        Ok(parts.extensions.get::<ClientAddr>().copied().unwrap_or(ClientAddr(Ipv4Addr::UNSPECIFIED.into())))
    }
}

/// The outermost layer: finds the client's address and drops an `X-Request-Id` that did not come
/// from a trusted proxy (a fresh one is made inside), so clients cannot forge the ids logs carry.
pub async fn resolve(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let proxies = &state.config.http.trusted_proxies;
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let client = match peer {
        Some(peer) => {
            let forwarded =
                request.headers().get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
            limits::client_ip(peer, forwarded, proxies)
        }
        None => Ipv4Addr::UNSPECIFIED.into(),
    };
    if !peer.is_some_and(|peer| limits::is_trusted(proxies, peer)) {
        request.headers_mut().remove(REQUEST_ID_HEADER);
    }
    request.extensions_mut().insert(ClientAddr(client));
    next.run(request).await
}
