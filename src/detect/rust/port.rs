//! The framework a binary uses and the port its main file listens on.

use regex_lite::Regex;
use std::sync::LazyLock;

/// Web frameworks by crate, most specific first.
const FRAMEWORKS: &[(&str, &str)] = &[
    ("axum", "axum"),
    ("actix-web", "actix-web"),
    ("rocket", "rocket"),
    ("warp", "warp"),
    ("poem", "poem"),
    ("salvo", "salvo"),
    ("tide", "tide"),
    ("hyper", "hyper"),
    ("tiny_http", "tiny_http"),
];

pub(super) fn framework(dependencies: &[String]) -> Option<&'static str> {
    FRAMEWORKS.iter().find(|(dep, _)| dependencies.iter().any(|d| d == dep)).map(|(_, name)| *name)
}

struct Patterns {
    /// `"0.0.0.0:3000"`, `"127.0.0.1:8080"`, `"[::]:8080"`, `":8080"`.
    addr: Regex,
    /// `("0.0.0.0", 8080)` and `([0, 0, 0, 0], 8080)`.
    tuple: Regex,
    /// The default beside an env lookup: `unwrap_or("8080")`, `unwrap_or(8080)`.
    default: Regex,
}

static RE: LazyLock<Patterns> = LazyLock::new(|| Patterns {
    addr: Regex::new(r#""(0\.0\.0\.0|127\.0\.0\.1|localhost|\[::\]|\[::1\]|::)?:(\d{2,5})""#).expect("static regex"),
    tuple: Regex::new(r#"\(\s*(?:"(0\.0\.0\.0|127\.0\.0\.1|localhost|::)"|\[\s*(\d+)\s*,\s*\d+\s*,\s*\d+\s*,\s*\d+\s*\]|Ipv4Addr::(UNSPECIFIED|LOCALHOST))\s*,\s*(\d{2,5})\s*\)"#).expect("static regex"),
    default: Regex::new(r#"var\(\s*"PORT"\s*\)[^;]{0,120}?unwrap_or(?:_else)?\(\s*(?:\|\|\s*)?"?(\d{2,5})"?"#).expect("static regex"),
});

/// The listening port: (port, what showed it, loopback only). Comments are
/// skipped; an address in a bind/listen call beats the `PORT` default.
pub(super) fn port(text: &str) -> Option<(u16, String, bool)> {
    let code: String = text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
    let num = |s: &str| s.parse::<u16>().ok().filter(|p| *p > 0);
    if let Some(c) = RE.default.captures(&code)
        && let Some(p) = num(&c[1])
    {
        return Some((p, format!("PORT default {p}"), false));
    }
    if let Some(c) = RE.tuple.captures(&code) {
        let loopback = matches!(c.get(1).map(|m| m.as_str()), Some("127.0.0.1" | "localhost"))
            || c.get(2).is_some_and(|m| m.as_str() == "127")
            || c.get(3).is_some_and(|m| m.as_str() == "LOCALHOST");
        if let Some(p) = num(&c[4]) {
            return Some((p, format!("binds {}", c[0].split_whitespace().collect::<String>()), loopback));
        }
    }
    if let Some(c) = RE.addr.captures(&code) {
        let loopback = matches!(c.get(1).map(|m| m.as_str()), Some("127.0.0.1" | "localhost" | "[::1]"));
        if let Some(p) = num(&c[2]) {
            return Some((p, format!("listens on {}", &c[0]), loopback));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_from_the_common_forms() {
        assert_eq!(port(r#"let l = TcpListener::bind("0.0.0.0:7878").unwrap();"#).map(|p| (p.0, p.2)), Some((7878, false)));
        assert_eq!(port(r#"tokio::net::TcpListener::bind("127.0.0.1:3000").await"#).map(|p| (p.0, p.2)), Some((3000, true)));
        assert_eq!(port(r#"HttpServer::new(f).bind(("0.0.0.0", 8080))?"#).map(|p| p.0), Some(8080));
        assert_eq!(port(r#"let addr = SocketAddr::from(([0, 0, 0, 0], 3000));"#).map(|p| (p.0, p.2)), Some((3000, false)));
        assert_eq!(port(r#"SocketAddr::from(([127, 0, 0, 1], 3000))"#).map(|p| p.2), Some(true));
        let env = r#"let port = std::env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(8081);
            let l = TcpListener::bind(("0.0.0.0", port));"#;
        assert_eq!(port(env).map(|p| p.0), Some(8081));
        assert_eq!(port(r#"env::var("PORT").unwrap_or_else(|_| "9000".into())"#).map(|p| p.0), None, "a closure default is not read");
        assert_eq!(port(r#"env::var("PORT").unwrap_or("9000".into())"#).map(|p| p.0), Some(9000));
        assert_eq!(port("// bind(\"0.0.0.0:1234\")\nfn main() {}"), None);
        assert_eq!(framework(&["serde".into(), "axum".into(), "hyper".into()]), Some("axum"));
    }
}
