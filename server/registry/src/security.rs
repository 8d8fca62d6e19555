//! Host policy: which hosts may be spoken to over plain http (loopback and registries
//! the user lists as insecure), which addresses are private (a token realm there is an
//! SSRF risk), and whether two URLs share an origin (credentials never cross origins).

use std::net::IpAddr;

/// Splits `host[:port]` (or `[v6]:port`) into host and port.
pub fn split_host_port(authority: &str) -> (&str, Option<u16>) {
    if let Some(rest) = authority.strip_prefix('[') {
        if let Some(close) = rest.find(']') {
            let port = rest[close + 1..]
                .strip_prefix(':')
                .and_then(|p| p.parse().ok());
            return (&rest[..close], port);
        }
    }
    match authority.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') => (host, port.parse().ok()),
        _ => (authority, None),
    }
}

/// `localhost`, 127.0.0.0/8 and `::1` (Docker treats these as insecure by default).
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// IP literals that must not receive requests chosen by a registry: loopback, private
/// (RFC 1918, unique local), link-local (cloud metadata), unspecified.
pub fn is_internal_ip_literal(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match host.parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => {
            v4.is_loopback() || v4.is_private() || v4.is_link_local() || v4.is_unspecified()
        }
        Ok(IpAddr::V6(v6)) => {
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || v6
                    .to_ipv4_mapped()
                    .is_some_and(|v4| v4.is_loopback() || v4.is_private() || v4.is_link_local())
        }
        Err(_) => false,
    }
}

/// True when `domain` (a reference domain, `host[:port]`) may be used over plain http.
pub fn allows_plain_http(domain: &str, insecure: &[String]) -> bool {
    let (host, _) = split_host_port(domain);
    is_loopback_host(host)
        || insecure
            .iter()
            .any(|entry| entry.eq_ignore_ascii_case(domain) || entry.eq_ignore_ascii_case(host))
}

/// True when the registry was listed as insecure by the user (not merely loopback).
pub fn listed_insecure(domain: &str, insecure: &[String]) -> bool {
    let (host, _) = split_host_port(domain);
    insecure
        .iter()
        .any(|entry| entry.eq_ignore_ascii_case(domain) || entry.eq_ignore_ascii_case(host))
}

/// Host allow/deny lists. Entries are `host`, `host:port` or `*.suffix`; an empty allow
/// list allows every host; deny wins.
pub fn host_permitted(domain: &str, allow: &[String], deny: &[String]) -> bool {
    let matches = |entry: &String| {
        let (host, _) = split_host_port(domain);
        if let Some(suffix) = entry.strip_prefix("*.") {
            let host = host.to_ascii_lowercase();
            host.ends_with(&format!(".{}", suffix.to_ascii_lowercase()))
        } else {
            entry.eq_ignore_ascii_case(domain) || entry.eq_ignore_ascii_case(host)
        }
    };
    if deny.iter().any(matches) {
        return false;
    }
    allow.is_empty() || allow.iter().any(matches)
}

/// Same scheme, host and port.
pub fn same_origin(a: &reqwest::Url, b: &reqwest::Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str().map(str::to_ascii_lowercase) == b.host_str().map(str::to_ascii_lowercase)
        && a.port_or_known_default() == b.port_or_known_default()
}

/// Whether a redirect from `from` to `to` may be followed: never from https to anything
/// else, never from a public host into an internal address (SSRF), and only within the
/// origin when `same_origin_only` (token endpoints).
pub fn check_redirect(
    from: &reqwest::Url,
    to: &reqwest::Url,
    same_origin_only: bool,
) -> Result<(), &'static str> {
    if from.scheme() == "https" && to.scheme() != "https" {
        return Err("https to http downgrade");
    }
    if same_origin_only && !same_origin(from, to) {
        return Err("a token service may not redirect to another host");
    }
    let from_internal = from.host_str().is_some_and(is_internal_ip_literal);
    let to_internal = to.host_str().is_some_and(is_internal_ip_literal);
    if to_internal && !from_internal {
        return Err("a public host may not redirect to an internal address");
    }
    Ok(())
}
