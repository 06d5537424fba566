//! `dockgen report IMAGE`: what an image is made of, from the engine.
//!
//! The engine is asked through the docker CLI (`docker image inspect` and
//! `docker history`, both JSON), not a client library: the CLI already knows
//! the user's engine (DOCKER_HOST, contexts, TLS, rootless sockets, Podman's
//! docker shim), and dockgen stays a small synchronous binary with no async
//! runtime for one read-only command. `DOCKER` picks the CLI binary.
//!
//! Parsing is separate from asking, so it is tested on captured output.

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use std::process::Command;

/// One image, as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImageReport {
    pub image: String,
    pub id: String,
    pub size: u64,
    pub user: String,
    /// Whether `user` names a non-root user (a numeric uid other than 0, or
    /// a name other than root). Empty means root.
    pub non_root: bool,
    pub ports: Vec<String>,
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
    pub healthcheck: Vec<String>,
    /// Newest first, as `docker history` lists them.
    pub layers: Vec<Layer>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layer {
    pub size: u64,
    pub created_by: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Inspect {
    id: String,
    size: u64,
    config: Option<InspectConfig>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
struct InspectConfig {
    user: String,
    exposed_ports: Option<std::collections::BTreeMap<String, serde_json::Value>>,
    entrypoint: Option<Vec<String>>,
    cmd: Option<Vec<String>>,
    healthcheck: Option<Health>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
struct Health {
    test: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct HistoryLine {
    created_by: String,
    /// Bytes with `--human=false` (a number as a string).
    size: String,
}

/// Parses `docker image inspect IMAGE` and `docker history --no-trunc
/// --human=false --format '{{json .}}' IMAGE` output.
pub fn parse(image: &str, inspect_json: &str, history_lines: &str) -> Result<ImageReport> {
    let inspected: Vec<Inspect> = serde_json::from_str(inspect_json).context("docker image inspect printed something that is not its JSON")?;
    let Some(i) = inspected.into_iter().next() else { bail!("docker image inspect printed no image for {image}") };
    let config = i.config.unwrap_or_default();
    let mut layers = Vec::new();
    for line in history_lines.lines().filter(|l| !l.trim().is_empty()) {
        let h: HistoryLine = serde_json::from_str(line).with_context(|| format!("docker history printed a line that is not JSON: {line}"))?;
        layers.push(Layer { size: h.size.trim().parse().unwrap_or(0), created_by: tidy_instruction(&h.created_by) });
    }
    let user = config.user;
    let who = user.split(':').next().unwrap_or("");
    let non_root = !who.is_empty() && who != "0" && who != "root";
    Ok(ImageReport {
        image: image.to_string(),
        id: i.id,
        size: i.size,
        non_root,
        user,
        ports: config.exposed_ports.map(|p| p.into_keys().collect()).unwrap_or_default(),
        entrypoint: config.entrypoint.unwrap_or_default(),
        cmd: config.cmd.unwrap_or_default(),
        healthcheck: config.healthcheck.map(|h| h.test).unwrap_or_default(),
        layers,
    })
}

/// The instruction as written, not as the engine records it: BuildKit's
/// `RUN /bin/sh -c …` and `|2 ARG=… /bin/sh -c …` prefixes and the classic
/// builder's `/bin/sh -c #(nop) ` go; whitespace folds to one line.
fn tidy_instruction(s: &str) -> String {
    let mut s = s.trim();
    // BuildKit writes `RUN /bin/sh -c …` and `RUN |1 A=b /bin/sh -c …`.
    if let Some(rest) = s.strip_prefix("RUN ")
        && (rest.starts_with("/bin/sh -c ") || rest.starts_with('|'))
    {
        s = rest;
    }
    if let Some(rest) = s.strip_prefix("/bin/sh -c #(nop) ") {
        s = rest.trim();
    } else if let Some(rest) = s.strip_prefix("/bin/sh -c ") {
        return format!("RUN {}", fold(rest.strip_suffix(" # buildkit").unwrap_or(rest)));
    }
    if let Some(rest) = s.strip_prefix('|')
        && let Some((_, cmd)) = rest.split_once(" /bin/sh -c ")
    {
        return format!("RUN {}", fold(cmd.strip_suffix(" # buildkit").unwrap_or(cmd)));
    }
    let s = s.strip_suffix(" # buildkit").unwrap_or(s);
    // The engine prints EXPOSE's ports as a Go map: `EXPOSE map[8080/tcp:{}]`.
    if let Some(ports) = s.strip_prefix("EXPOSE map[").and_then(|p| p.strip_suffix(']')) {
        return format!("EXPOSE {}", ports.split_whitespace().map(|p| p.trim_end_matches(":{}")).collect::<Vec<_>>().join(" "));
    }
    fold(s)
}

fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Asks the engine about one image.
pub fn inspect(image: &str) -> Result<ImageReport> {
    let docker = std::env::var("DOCKER").unwrap_or_else(|_| "docker".to_string());
    let run = |args: &[&str]| -> Result<String> {
        let out = Command::new(&docker).args(args).output().with_context(|| {
            format!("cannot run `{docker}`; install the docker CLI, or point DOCKER at it (e.g. DOCKER=/usr/bin/docker)")
        })?;
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr);
            let err = err.lines().find(|l| !l.trim().is_empty()).unwrap_or("no message").trim();
            if err.contains("No such image") || err.contains("No such object") {
                bail!("no image {image} in the engine; build it first (docker build -t {image} .) or check `docker images`");
            }
            bail!("`{docker} {}` failed: {err}; check that the engine is running", args.join(" "));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let inspect_json = run(&["image", "inspect", image])?;
    let history = run(&["history", "--no-trunc", "--human=false", "--format", "{{json .}}", image])?;
    parse(image, &inspect_json, &history)
}

/// Human size: 6.9 MB (powers of 1000, as `docker images` prints).
pub fn human(bytes: u64) -> String {
    let b = bytes as f64;
    if b >= 1e9 {
        format!("{:.2} GB", b / 1e9)
    } else if b >= 1e6 {
        format!("{:.1} MB", b / 1e6)
    } else if b >= 1e3 {
        format!("{:.1} kB", b / 1e3)
    } else {
        format!("{bytes} B")
    }
}

/// The reduction from `against` to `image`, in percent (negative: larger).
pub fn reduction(image: &ImageReport, against: &ImageReport) -> f64 {
    if against.size == 0 {
        return 0.0;
    }
    100.0 * (1.0 - image.size as f64 / against.size as f64)
}

/// The text report.
pub fn render(r: &ImageReport, against: Option<&ImageReport>) -> String {
    let list = |v: &[String]| if v.is_empty() { "-".to_string() } else { serde_json::to_string(v).unwrap_or_default() };
    let short_id = r.id.trim_start_matches("sha256:").chars().take(12).collect::<String>();
    let mut out = String::new();
    out.push_str(&format!("image       {} ({short_id})\n", r.image));
    out.push_str(&format!("size        {} ({} bytes)\n", human(r.size), r.size));
    let user = if r.user.is_empty() { "root (no USER set)".to_string() } else { r.user.clone() };
    out.push_str(&format!("user        {user}{}\n", if r.non_root { "" } else { "  <- runs as root" }));
    out.push_str(&format!("ports       {}\n", if r.ports.is_empty() { "-".to_string() } else { r.ports.join(", ") }));
    out.push_str(&format!("entrypoint  {}\n", list(&r.entrypoint)));
    out.push_str(&format!("cmd         {}\n", list(&r.cmd)));
    out.push_str(&format!("healthcheck {}\n", list(&r.healthcheck)));
    out.push_str(&format!("layers      {} (newest first)\n", r.layers.len()));
    for l in &r.layers {
        let mut what = l.created_by.clone();
        if what.chars().count() > 100 {
            what = what.chars().take(99).collect::<String>() + "…";
        }
        out.push_str(&format!("  {:>10}  {what}\n", human(l.size)));
    }
    if let Some(a) = against {
        let pct = reduction(r, a);
        let verb = if pct >= 0.0 { "smaller" } else { "larger" };
        out.push_str(&format!(
            "against     {} ({}): {:.1}% {verb} ({} {} bytes)\n",
            a.image,
            human(a.size),
            pct.abs(),
            if r.size <= a.size { "-" } else { "+" },
            r.size.abs_diff(a.size)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const INSPECT: &str = r#"[{"Id":"sha256:0123456789abcdef0123","Size":6912345,
        "Config":{"User":"65532:65532","ExposedPorts":{"8080/tcp":{}},"Entrypoint":["/usr/local/bin/hello"],"Cmd":null,
        "Healthcheck":{"Test":["CMD","wget","-q","--spider","http://127.0.0.1:8080/"]}}}]"#;
    const HISTORY: &str = concat!(
        r#"{"CreatedBy":"ENTRYPOINT [\"/usr/local/bin/hello\"]","Size":"0","Comment":"buildkit.dockerfile.v0"}"#, "\n",
        r#"{"CreatedBy":"COPY /out/hello /usr/local/bin/hello # buildkit","Size":"6500000","Comment":"buildkit.dockerfile.v0"}"#, "\n",
        r#"{"CreatedBy":"|1 GO_VERSION=1.22 /bin/sh -c apk add --no-cache  tzdata","Size":"400000","Comment":""}"#, "\n",
        r#"{"CreatedBy":"/bin/sh -c #(nop)  CMD [\"sh\"]","Size":"0","Comment":""}"#, "\n",
        r#"{"CreatedBy":"RUN |2 A=1 B=2 /bin/sh -c make  all # buildkit","Size":"10","Comment":""}"#, "\n",
        r#"{"CreatedBy":"RUN /bin/sh -c echo hi # buildkit","Size":"1","Comment":""}"#, "\n",
        r#"{"CreatedBy":"EXPOSE map[8080/tcp:{} 9090/udp:{}]","Size":"0","Comment":""}"#, "\n",
    );

    #[test]
    fn parses_inspect_and_history() {
        let r = parse("hello:dev", INSPECT, HISTORY).unwrap();
        assert_eq!(r.size, 6_912_345);
        assert!(r.non_root);
        assert_eq!(r.ports, ["8080/tcp"]);
        assert_eq!(r.entrypoint, ["/usr/local/bin/hello"]);
        assert!(r.cmd.is_empty());
        assert_eq!(r.healthcheck[1], "wget");
        let made: Vec<&str> = r.layers.iter().map(|l| l.created_by.as_str()).collect();
        assert_eq!(made, ["ENTRYPOINT [\"/usr/local/bin/hello\"]", "COPY /out/hello /usr/local/bin/hello", "RUN apk add --no-cache tzdata", "CMD [\"sh\"]", "RUN make all", "RUN echo hi", "EXPOSE 8080/tcp 9090/udp"]);
        assert_eq!(r.layers[1].size, 6_500_000);
    }

    #[test]
    fn root_is_said_plainly() {
        for (user, non_root) in [("", false), ("0", false), ("root", false), ("0:0", false), ("1000", true), ("node", true)] {
            let inspect = INSPECT.replace("65532:65532", user);
            assert_eq!(parse("x", &inspect, "").unwrap().non_root, non_root, "{user:?}");
        }
        let inspect = INSPECT.replace("65532:65532", "");
        assert!(render(&parse("x", &inspect, "").unwrap(), None).contains("root (no USER set)  <- runs as root"));
    }

    #[test]
    fn renders_sizes_and_the_reduction() {
        let small = parse("small", INSPECT, HISTORY).unwrap();
        let big = parse("big", &INSPECT.replace("6912345", "690500000"), "").unwrap();
        let text = render(&small, Some(&big));
        assert!(text.contains("size        6.9 MB (6912345 bytes)"), "{text}");
        assert!(text.contains("against     big (690.5 MB): 99.0% smaller (- 683587655 bytes)"), "{text}");
        assert!(text.contains("     6.5 MB  COPY /out/hello /usr/local/bin/hello"), "{text}");
        let text = render(&big, Some(&small));
        assert!(text.contains("larger"), "{text}");
    }

    #[test]
    fn broken_engine_output_is_an_error_not_a_panic() {
        assert!(parse("x", "not json", "").is_err());
        assert!(parse("x", "[]", "").unwrap_err().to_string().contains("no image"));
        assert!(parse("x", INSPECT, "{oops").unwrap_err().to_string().contains("not JSON"));
    }
}
