use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use crate::support::vars::expand;
use dlint_syntax::{Body, InstructionKind};

declare_rule! {
    /// ## What it does
    /// Reports `EXPOSE` ports that are not `port[-port][/protocol]` with ports up to
    /// 65535 and the protocol `tcp`, `udp` or `sctp`. Words with variables are skipped;
    /// IP addresses and host mappings are left to ExposeInvalidFormat.
    ///
    /// ## Why is this bad?
    /// BuildKit fails with `invalid containerPort: …` or `invalid proto: …`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine
    /// EXPOSE 80/http
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine
    /// EXPOSE 80/tcp
    /// ```
    pub static RULE = {
        code: "DF008",
        name: "invalid-expose",
        origin: Origin::Dlint,
        default_severity: Severity::Error,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        let ins = ins.effective();
        if ins.kind != InstructionKind::Expose {
            continue;
        }
        let Body::Words(words) = &ins.body else {
            continue;
        };
        for word in words {
            // EXPOSE words are expanded (quotes and escapes removed) before parsing.
            if word.text.contains('$') {
                continue;
            }
            let Ok(expanded) = expand(&word.text, ctx.dockerfile.escape, &|_| None) else {
                continue;
            };
            if let Some(message) = expanded.value.split_whitespace().find_map(port_problem) {
                out.push(RULE.diag(word.span, message));
            }
        }
    }
}

/// Docker's port-spec parsing (`[ip:][hostPort:]containerPort[/proto]`); only the
/// first `/` counts, as in go-connections' `SplitProtoPort`.
pub fn port_problem(spec: &str) -> Option<String> {
    if spec.is_empty() {
        return None;
    }
    let mut parts = spec.split('/');
    let ports = parts.next().unwrap_or("");
    let proto = parts.next().filter(|p| !p.is_empty()).unwrap_or("tcp");
    if !matches!(proto.to_lowercase().as_str(), "tcp" | "udp" | "sctp") {
        return Some(format!("invalid proto: {proto}"));
    }
    let port = |p: &str| p.parse::<u16>().ok();
    let range_ok = |r: &str| match r.split_once('-') {
        Some((a, b)) => matches!((port(a), port(b)), (Some(a), Some(b)) if a <= b),
        None => port(r).is_some(),
    };
    let fields: Vec<&str> = ports.rsplitn(3, ':').collect();
    let container = fields[0];
    if let Some(host) = fields.get(1).filter(|h| !h.is_empty()) {
        if !range_ok(host) {
            return Some(format!("invalid hostPort: {host}"));
        }
    }
    if let Some(ip) = fields.get(2) {
        let ip = ip.trim_start_matches('[').trim_end_matches(']');
        if !ip.is_empty() && ip.parse::<std::net::IpAddr>().is_err() {
            return Some(format!("invalid IP address: {ip}"));
        }
    }
    (!range_ok(container)).then(|| format!("invalid containerPort: {container}"))
}

#[cfg(test)]
mod tests {
    use super::port_problem;

    #[test]
    fn ports() {
        for ok in [
            "80",
            "80/tcp",
            "80/UDP",
            "1000-2000",
            "8080:80",
            "53/sctp",
            "8080/",
            "80/tcp/x",
            "127.0.0.1:80:80",
        ] {
            assert_eq!(port_problem(ok), None, "{ok}");
        }
        assert_eq!(
            port_problem("99999").unwrap(),
            "invalid containerPort: 99999"
        );
        assert_eq!(
            port_problem("80-70").unwrap(),
            "invalid containerPort: 80-70"
        );
        assert_eq!(port_problem("80/http").unwrap(), "invalid proto: http");
        assert_eq!(port_problem("abc").unwrap(), "invalid containerPort: abc");
        assert_eq!(
            port_problem("8080::8089").unwrap(),
            "invalid IP address: 8080"
        );
    }
}
