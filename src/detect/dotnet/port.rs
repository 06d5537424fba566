//! Where an ASP.NET Core app listens, when the project says so itself:
//! a URL or port in `Program.cs` (`UseUrls`, `app.Run`, `app.Urls.Add`,
//! Kestrel's `ListenAnyIP`), or in `appsettings.json` (`Urls`, Kestrel
//! endpoints). Otherwise the image's `ASPNETCORE_HTTP_PORTS` decides. Also
//! the health endpoint `MapHealthChecks` maps.

use serde_json::Value;

use super::msbuild::join_file;
use crate::scan::DirIndex;

/// The port a project in `dir` binds, and what says so: its code, then
/// appsettings.Production.json (containers run as Production), then
/// appsettings.json (comments allowed, as .NET's reader allows them).
pub(super) fn of_project(index: &DirIndex, dir: &str, code: &str) -> Option<Bound> {
    if let Some(b) = from_code(code) {
        return Some(Bound { what: format!("Program.cs {}", b.what), ..b });
    }
    ["appsettings.Production.json", "appsettings.json"].into_iter().find_map(|file| {
        let json: Value = json5::from_str(&index.read(&join_file(dir, file)).ok()?).ok()?;
        from_settings(&json, file)
    })
}

/// A port the app binds: the port, what said so, and whether only on loopback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Bound {
    pub port: u16,
    pub what: String,
    pub loopback: bool,
}

/// From C# (or F#) source: the first listening call with a literal URL or port.
pub(super) fn from_code(text: &str) -> Option<Bound> {
    for call in ["UseUrls(", "app.Run(", ".Urls.Add(", "RunAsync("] {
        for (at, _) in text.match_indices(call) {
            let args = &text[at + call.len()..];
            let literal = args.trim_start().strip_prefix('"').and_then(|s| s.split('"').next());
            if let Some(b) = literal.and_then(from_url) {
                return Some(Bound { what: format!("{}\"…\")", call), ..b });
            }
        }
    }
    for (call, loopback) in [("ListenAnyIP(", false), ("ListenLocalhost(", true), ("Listen(IPAddress.Any,", false), ("Listen(IPAddress.Loopback,", true)] {
        if let Some(at) = text.find(call) {
            let digits: String = text[at + call.len()..].trim_start().chars().take_while(char::is_ascii_digit).collect();
            if let Ok(port) = digits.parse::<u16>()
                && port > 0
            {
                return Some(Bound { port, what: format!("{call}{port})"), loopback });
            }
        }
    }
    None
}

/// `http://0.0.0.0:5000;https://…` → the first http URL's port.
fn from_url(urls: &str) -> Option<Bound> {
    let url = urls.split(';').map(str::trim).find(|u| u.starts_with("http://"))?;
    let hostport = url.trim_start_matches("http://").split('/').next()?;
    let (host, port) = hostport.rsplit_once(':')?;
    let port: u16 = port.parse().ok().filter(|p| *p > 0)?;
    let loopback = matches!(host, "localhost" | "127.0.0.1" | "[::1]");
    Some(Bound { port, what: String::new(), loopback })
}

/// From appsettings.json: `Urls`, or the first Kestrel endpoint's `Url`.
pub(super) fn from_settings(json: &Value, file: &str) -> Option<Bound> {
    let get = |v: &Value, k: &str| v.as_object().and_then(|o| o.iter().find(|(key, _)| key.eq_ignore_ascii_case(k)).map(|(_, v)| v.clone()));
    if let Some(b) = get(json, "Urls").as_ref().and_then(Value::as_str).and_then(from_url) {
        return Some(Bound { what: format!("{file} Urls"), ..b });
    }
    let endpoints = get(json, "Kestrel").and_then(|k| get(&k, "Endpoints"))?;
    endpoints.as_object()?.iter().find_map(|(name, e)| {
        let url = get(e, "Url")?;
        let b = from_url(url.as_str()?)?;
        Some(Bound { what: format!("{file} Kestrel:Endpoints:{name}:Url"), ..b })
    })
}

/// `app.MapHealthChecks("/healthz")` → `/healthz`.
pub(super) fn health_path(text: &str) -> Option<String> {
    let at = text.find("MapHealthChecks(")?;
    let arg = text[at + "MapHealthChecks(".len()..].trim_start().strip_prefix('"')?;
    let path = arg.split('"').next()?;
    path.starts_with('/').then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_come_from_code_and_settings() {
        let b = from_code("var app = builder.Build();\napp.Run(\"http://0.0.0.0:5005\");").unwrap();
        assert_eq!((b.port, b.loopback), (5005, false));
        assert!(from_code("builder.WebHost.UseUrls(\"http://localhost:5001\");").unwrap().loopback);
        assert_eq!(from_code("o.ListenAnyIP(7000);").unwrap().port, 7000);
        assert_eq!(from_code("app.Run();"), None);
        assert_eq!(from_code("app.Run(\"https://x:1\")"), None);
        let json: Value = serde_json::from_str(r#"{"Kestrel":{"Endpoints":{"Http":{"Url":"http://*:6000"}}}}"#).unwrap();
        assert_eq!(from_settings(&json, "appsettings.json").unwrap().port, 6000);
        let json: Value = serde_json::from_str(r#"{"urls":"http://+:5100;https://+:5101"}"#).unwrap();
        assert_eq!(from_settings(&json, "appsettings.json").unwrap().port, 5100);
        assert_eq!(health_path("app.MapHealthChecks(\"/healthz\");"), Some("/healthz".into()));
    }
}
