//! Who a request comes from: the client's address (behind trusted proxies, from
//! `X-Forwarded-For`) and the part of it one client controls, which limits count.

use std::fmt;
use std::net::IpAddr;

use ipnet::IpNet;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An address or network whose requests are from a reverse proxy (`http.trusted_proxies`):
/// `10.0.0.0/8`, `fd00::/8`, or one address (`192.0.2.10`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrustedProxy(IpNet);

impl TrustedProxy {
    /// Parses `10.0.0.0/8` or a single address; the error says what would be valid.
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        s.parse::<IpNet>()
            .map(|net| Self(net.trunc()))
            .or_else(|_| s.parse::<IpAddr>().map(|ip| Self(IpNet::from(ip))))
            .map_err(|_| {
                format!(
                    "{s:?} is not an IP address or CIDR block: use e.g. 127.0.0.1, 10.0.0.0/8 or fd00::/8"
                )
            })
    }

    /// Whether `ip` is inside this network.
    pub fn contains(&self, ip: IpAddr) -> bool {
        self.0.contains(&ip.to_canonical())
    }
}

impl fmt::Display for TrustedProxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for TrustedProxy {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TrustedProxy {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Whether `ip` is one of `proxies`.
pub fn is_trusted(proxies: &[TrustedProxy], ip: IpAddr) -> bool {
    proxies.iter().any(|p| p.contains(ip))
}

/// The client's address, as Rails' `RemoteIp` finds it: the peer itself, unless the peer is a
/// trusted proxy; then `X-Forwarded-For` (each `values` item one header, in order) is walked from
/// the right, skipping trusted hops, and the first other address is the client's. What a client
/// writes into the header itself sits left of what the proxies appended, so it is never reached
/// while an untrusted hop comes first. An unreadable entry ends the walk at the last hop read.
pub fn client_ip<'a>(
    peer: IpAddr,
    forwarded_for: impl IntoIterator<Item = &'a str>,
    proxies: &[TrustedProxy],
) -> IpAddr {
    let peer = peer.to_canonical();
    if !is_trusted(proxies, peer) {
        return peer;
    }
    let hops: Vec<&str> = forwarded_for.into_iter().flat_map(|v| v.split(',')).collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        let Ok(ip) = hop.trim().parse::<IpAddr>().map(|ip| ip.to_canonical()) else {
            break;
        };
        client = ip;
        if !is_trusted(proxies, ip) {
            break;
        }
    }
    client
}

/// What one client controls of an address, the unit per-address limits count: an IPv4
/// address, or the /64 network of an IPv6 one (one host usually gets a whole /64, as Mastodon
/// assumes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ClientNet {
    /// An IPv4 address (IPv4-mapped IPv6 addresses count as their IPv4 address).
    V4(u32),
    /// The first 64 bits of an IPv6 address.
    V6(u64),
}

impl From<IpAddr> for ClientNet {
    fn from(ip: IpAddr) -> Self {
        match ip.to_canonical() {
            IpAddr::V4(v4) => ClientNet::V4(u32::from(v4)),
            IpAddr::V6(v6) => ClientNet::V6((u128::from(v6) >> 64) as u64),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(list: &[&str]) -> Vec<TrustedProxy> {
        list.iter().map(|p| TrustedProxy::parse(p).unwrap()).collect()
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        let trusted = proxies(&["127.0.0.1"]);
        assert_eq!(client_ip(ip("198.51.100.7"), ["203.0.113.1"], &trusted), ip("198.51.100.7"));
    }

    #[test]
    fn behind_trusted_proxies_the_first_untrusted_hop_from_the_right_is_the_client() {
        let trusted = proxies(&["127.0.0.1", "10.0.0.0/8"]);
        // The client claims 1.2.3.4; the outer proxy appended the address it saw.
        let header = ["1.2.3.4, 203.0.113.9, 10.1.2.3"];
        assert_eq!(client_ip(ip("127.0.0.1"), header, &trusted), ip("203.0.113.9"));
        assert_eq!(client_ip(ip("127.0.0.1"), ["10.0.0.1", "10.0.0.2"], &trusted), ip("10.0.0.1"));
        assert_eq!(client_ip(ip("127.0.0.1"), [], &trusted), ip("127.0.0.1"));
        assert_eq!(client_ip(ip("127.0.0.1"), ["garbage, 10.0.0.5"], &trusted), ip("10.0.0.5"));
    }

    #[test]
    fn ipv4_mapped_addresses_are_ipv4() {
        let trusted = proxies(&["127.0.0.1"]);
        assert_eq!(client_ip(ip("::ffff:127.0.0.1"), ["::ffff:203.0.113.9"], &trusted), ip("203.0.113.9"));
        assert_eq!(ClientNet::from(ip("::ffff:192.0.2.1")), ClientNet::from(ip("192.0.2.1")));
    }

    #[test]
    fn ipv6_clients_are_counted_per_64() {
        assert_eq!(ClientNet::from(ip("2001:db8:1:2::1")), ClientNet::from(ip("2001:db8:1:2:ffff::9")));
        assert_ne!(ClientNet::from(ip("2001:db8:1:2::1")), ClientNet::from(ip("2001:db8:1:3::1")));
        assert_ne!(ClientNet::from(ip("192.0.2.1")), ClientNet::from(ip("192.0.2.2")));
    }

    #[test]
    fn a_proxy_is_an_address_or_a_network_and_anything_else_is_named() {
        assert!(TrustedProxy::parse("10.0.0.0/8").unwrap().contains(ip("10.200.0.1")));
        assert!(TrustedProxy::parse("192.0.2.10").unwrap().contains(ip("192.0.2.10")));
        assert!(!TrustedProxy::parse("192.0.2.10").unwrap().contains(ip("192.0.2.11")));
        assert!(TrustedProxy::parse("fd00::/8").unwrap().contains(ip("fd12::1")));
        let err = TrustedProxy::parse("10.0.0/8").unwrap_err();
        assert!(err.contains("\"10.0.0/8\"") && err.contains("10.0.0.0/8"), "{err}");
    }
}
