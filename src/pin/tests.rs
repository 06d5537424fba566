use super::*;

struct Fake(Vec<(&'static str, Result<Resolved, &'static str>)>);

impl Resolver for Fake {
    fn resolve(&self, image: &str) -> Result<Resolved> {
        match self.0.iter().find(|(i, _)| *i == image) {
            Some((_, Ok(r))) => Ok(r.clone()),
            Some((_, Err(e))) => bail!("{e}"),
            None => bail!("cannot resolve a digest for {image}"),
        }
    }
}

const A: &str = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const B: &str = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

fn fake() -> Fake {
    Fake(vec![
        ("golang:1.24-trixie", Ok(Resolved { digest: A.into(), via: Via::Registry })),
        ("gcr.io/distroless/static-debian13:nonroot", Ok(Resolved { digest: B.into(), via: Via::Local })),
    ])
}

const DF: &str = "# syntax=docker/dockerfile:1\nARG GO_VERSION=1.24\nFROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-trixie AS build\nRUN go build\nFROM build AS test\nFROM gcr.io/distroless/static-debian13:nonroot AS runtime\nCOPY --from=build /x /x\nFROM scratch\n";

#[test]
fn every_image_base_is_pinned_with_its_tag_and_a_dated_comment() {
    let (out, changes) = pin(DF, &fake(), "2026-12-03").unwrap();
    assert!(out.contains(&format!("\n# dockgen pin: golang:1.24-trixie resolved 2026-12-03 from the registry; the digest is for golang:1.24-trixie: change both together; `dockgen pin` re-resolves\nFROM --platform=$BUILDPLATFORM golang:${{GO_VERSION}}-trixie@{A} AS build\n")), "{out}");
    assert!(out.contains(&format!("resolved 2026-12-03 from the local image (no registry answered); `dockgen pin` re-resolves\nFROM gcr.io/distroless/static-debian13:nonroot@{B} AS runtime\n")), "{out}");
    assert!(out.contains("\nFROM build AS test\n") && out.ends_with("\nFROM scratch\n"), "stages and scratch untouched: {out}");
    assert_eq!(changes.len(), 2);
    assert_eq!((changes[0].line, changes[0].old.as_deref()), (3, None));
    // Again: the comment is replaced, not stacked, and nothing is stale.
    let (again, changes) = pin(&out, &fake(), "2026-12-04").unwrap();
    assert_eq!(again.matches("# dockgen pin:").count(), 2);
    assert!(changes.iter().all(|c| c.old.as_deref() == Some(c.new.as_str())), "{changes:?}");
    assert_eq!(unpinned(&again), DF, "unpinned gives back the unpinned file");
    // It still parses, and lint sees the digest.
    assert!(crate::dockerfile::parse(&again).is_ok());
}

#[test]
fn a_stale_pin_is_replaced_and_an_unresolvable_image_is_an_error() {
    let old = format!("FROM golang:1.24-trixie@{B}\n");
    let (out, changes) = pin(&old, &fake(), "2026-12-03").unwrap();
    assert!(out.contains(&format!("golang:1.24-trixie@{A}")));
    assert_eq!(changes[0].old.as_deref(), Some(B));
    let e = pin("FROM nope:1\n", &fake(), "x").unwrap_err().to_string();
    assert!(e.contains("nope:1"), "{e}");
}

#[test]
fn days_become_dates() {
    assert_eq!(civil(0), "1970-01-01");
    assert_eq!(civil(20_790), "2026-12-03");
    assert_eq!(civil(11_016), "2000-02-29");
}

#[test]
fn today_is_a_calendar_date() {
    let t = today();
    assert_eq!(t.len(), 10);
    assert!(t.starts_with("20") && &t[4..5] == "-" && &t[7..8] == "-", "{t}");
    let m: u32 = t[5..7].parse().unwrap();
    let d: u32 = t[8..10].parse().unwrap();
    assert!((1..=12).contains(&m) && (1..=31).contains(&d));
}
