//! Asking a running node whether it is healthy, as Kubernetes and load balancers do: one GET of
//! `/readyz` or `/healthz` (see [`crate::routes::health`]). `pleroctl health` and the image's
//! `HEALTHCHECK` use it, so the image needs no curl.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::{Duration, Instant};

use serde::Serialize;
use url::Url;

use plero_core::config::HttpConfig;

use crate::routes::health::{LIVE_PATH, READY_PATH};

/// Which probe to ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Probe {
    /// `/readyz`: the database answers and no migration is pending.
    Ready,
    /// `/healthz`: the process answers.
    Live,
}

impl Probe {
    /// The path the server answers this probe on.
    pub fn path(self) -> &'static str {
        match self {
            Probe::Ready => READY_PATH,
            Probe::Live => LIVE_PATH,
        }
    }
}

/// Bytes of a probe's answer kept: the server's are a few dozen; anything longer is not ours.
const MAX_BODY: usize = 64 * 1024;

/// What the node answered, or why it did not.
#[derive(Debug, Clone, Serialize)]
pub struct ProbeAnswer {
    pub probe: Probe,
    /// The URL asked.
    pub url: String,
    /// Whether it answered 200.
    pub healthy: bool,
    /// The HTTP status, when it answered at all.
    pub status: Option<u16>,
    /// The answer's body: JSON when it is (`/readyz` names what is not ready), else its text.
    pub body: Option<serde_json::Value>,
    /// Milliseconds from the request to the whole answer (or to the failure).
    pub millis: u64,
    /// Why there is no answer: refused, timed out, not HTTP, …
    pub error: Option<String>,
}

/// Why a probe URL cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ProbeUrlError {
    #[error("{0:?} is not a URL: give the node's address, e.g. http://127.0.0.1:4000")]
    Invalid(String),
    #[error("{0:?} is not http:// or https://: give the node's address, e.g. http://127.0.0.1:4000")]
    Scheme(String),
    #[error(
        "{0:?} has a path, query or fragment: give only the node's address (e.g. http://127.0.0.1:4000); \
         the probe's path (/readyz, /healthz) is added"
    )]
    Path(String),
}

/// The node's own address from its `[http]` settings: a node listening on every address
/// (`0.0.0.0`, `::`, as in containers) is asked on loopback.
pub fn node_url(http: &HttpConfig) -> Url {
    let ip = match http.ip {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    let host = match ip {
        IpAddr::V4(ip) => ip.to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
    };
    Url::parse(&format!("http://{host}:{}", http.port)).expect("an IP and a port make a URL")
}

/// Parses `--url`: a node's address, to which the probe's path is added.
pub fn parse_node_url(raw: &str) -> Result<Url, ProbeUrlError> {
    let url = Url::parse(raw).map_err(|_| ProbeUrlError::Invalid(raw.to_owned()))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(ProbeUrlError::Scheme(raw.to_owned()));
    }
    if !matches!(url.path(), "" | "/") || url.query().is_some() || url.fragment().is_some() {
        return Err(ProbeUrlError::Path(raw.to_owned()));
    }
    Ok(url)
}

/// Asks `node` for `probe`, giving up after `timeout` (connecting and reading the answer).
pub async fn ask(node: &Url, probe: Probe, timeout: Duration) -> ProbeAnswer {
    let url = node.join(probe.path()).expect("a node's URL takes a path");
    let started = Instant::now();
    let answer = get(&url, timeout).await;
    let millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let url = url.to_string();
    match answer {
        Ok((status, body)) => ProbeAnswer {
            probe,
            url,
            healthy: status == 200,
            status: Some(status),
            body: Some(body),
            millis,
            error: None,
        },
        Err(error) => {
            ProbeAnswer { probe, url, healthy: false, status: None, body: None, millis, error: Some(error) }
        }
    }
}

async fn get(url: &Url, timeout: Duration) -> Result<(u16, serde_json::Value), String> {
    // No proxy: HTTP_PROXY in a container's environment is for the way out, not for asking
    // the process next door. No redirects: the probes answer themselves.
    let client = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .build()
        .map_err(|err| format!("cannot make an HTTP client: {err}"))?;
    let mut response = client.get(url.clone()).send().await.map_err(describe)?;
    let status = response.status().as_u16();
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(describe)? {
        bytes.extend_from_slice(&chunk);
        if bytes.len() > MAX_BODY {
            bytes.truncate(MAX_BODY);
            break;
        }
    }
    let body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| serde_json::Value::String(String::from_utf8_lossy(&bytes).trim().to_owned()));
    Ok((status, body))
}

fn describe(err: reqwest::Error) -> String {
    let what = if err.is_timeout() {
        "timed out"
    } else if err.is_connect() {
        "cannot connect"
    } else {
        "no HTTP answer"
    };
    // The innermost cause says it plainly ("Connection refused (os error 111)").
    let mut cause: &dyn std::error::Error = &err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    format!("{what}: {cause}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_node_listening_everywhere_is_asked_on_loopback() {
        let mut http = HttpConfig { port: 8080, ..HttpConfig::default() };
        http.ip = "0.0.0.0".parse().unwrap();
        assert_eq!(node_url(&http).as_str(), "http://127.0.0.1:8080/");
        http.ip = "::".parse().unwrap();
        assert_eq!(node_url(&http).as_str(), "http://[::1]:8080/");
        http.ip = "10.1.2.3".parse().unwrap();
        assert_eq!(node_url(&http).as_str(), "http://10.1.2.3:8080/");
    }

    #[test]
    fn a_node_url_is_an_address_without_a_path() {
        assert_eq!(parse_node_url("http://127.0.0.1:4000").unwrap().as_str(), "http://127.0.0.1:4000/");
        assert!(parse_node_url("https://social.example/").is_ok());
        assert!(parse_node_url("127.0.0.1:4000").is_err(), "no scheme");
        assert!(matches!(parse_node_url("ftp://host"), Err(ProbeUrlError::Scheme(_))));
        assert!(matches!(parse_node_url("http://host/readyz"), Err(ProbeUrlError::Path(_))));
        assert!(matches!(parse_node_url("not a url"), Err(ProbeUrlError::Invalid(_))));
    }
}
