//! The base images a plan names, settled against the image catalog: the
//! Debian release is the newest one on which every templated image of the
//! plan was published (the builder and the runtime share it, so what the
//! builder compiles links against the runtime's C library), and no image the
//! catalog does not hold is ever written.

use serde::Serialize;

use crate::images::{Catalog, catalog};

/// The placeholders a preset's image template may hold for the Debian
/// release, filled here rather than when the preset is read.
pub const SUITE: &str = "{debian}";
pub const SUITE_NUMBER: &str = "{debian_number}";

#[derive(Debug, Clone, Serialize)]
pub struct Images {
    /// The builder image as written in FROM, with `${VERSION_ARG}` in place
    /// of the version so `--build-arg` can change it.
    pub builder_ref: String,
    /// The builder image with the version filled in.
    pub builder: String,
    /// The runtime image as written in FROM (may use the version argument).
    pub runtime_ref: String,
    pub runtime: String,
}

/// Images no Debian release had together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unpublished {
    /// This image was never published, on any Debian release (shown on
    /// the preferred one when its name depends on the release).
    Never(String),
    /// Each was published, but never on the same Debian release.
    Apart(String, String),
}

/// Fills `{debian}`/`{debian_number}` with a Debian release.
pub fn fill(template: &str, suite: (&str, &str)) -> String {
    template.replace(SUITE_NUMBER, suite.1).replace(SUITE, suite.0)
}

/// The Debian release number an image's name states (`…-debian12…`).
fn states_release(image: &str) -> Option<&str> {
    let at = image.find("-debian")? + "-debian".len();
    let digits = image[at..].find(|c: char| !c.is_ascii_digit()).map_or(&image[at..], |end| &image[at..at + end]);
    (!digits.is_empty()).then_some(digits)
}

/// The newest Debian release, from `preferred` down, on which every one of
/// `templates` was published; None when no release had them all. An image
/// whose name states its release (`python3-debian12`) allows only that one.
pub fn suite_for<'c>(cat: &'c Catalog, templates: &[&str], preferred: &str) -> Option<(&'c str, &'c str)> {
    cat.suites_from(preferred).iter().copied().find(|s| {
        templates.iter().all(|t| {
            let image = fill(t, *s);
            cat.published(&image) && states_release(&image).is_none_or(|n| n == s.1)
        })
    })
}

/// An extra image's template (`node:26-{debian}-slim`) on the newest Debian
/// release it was published for; refused when it never was.
pub fn newest_published(template: &str) -> anyhow::Result<String> {
    let cat = catalog();
    match suite_for(cat, &[template], &crate::preset::defaults().debian.codename) {
        Some(suite) => Ok(fill(template, suite)),
        None => anyhow::bail!("dockgen bug: the image {template} was never published (image catalog of {})", cat.snapshot),
    }
}

/// Settles the plan's images: the Debian release filled in, and every image
/// checked against the catalog.
pub fn settle(images: &mut Images, preferred: &str) -> Result<(), Unpublished> {
    let cat = catalog();
    let templates = [images.builder.as_str(), images.runtime.as_str()];
    let Some(suite) = suite_for(cat, &templates, preferred) else {
        let first = cat.suites_from(preferred).first().copied().unwrap_or((preferred, ""));
        return Err(match templates.iter().find(|t| suite_for(cat, &[t], preferred).is_none()) {
            Some(never) => Unpublished::Never(fill(never, first)),
            None => Unpublished::Apart(fill(templates[0], first), fill(templates[1], first)),
        });
    };
    for image in [&mut images.builder_ref, &mut images.builder, &mut images.runtime_ref, &mut images.runtime] {
        *image = fill(image, suite);
    }
    Ok(())
}

/// A language version past its end of support: what `detect --json`
/// carries, the warning says and README.Docker.md repeats.
#[derive(Debug, Clone, Serialize)]
pub struct EndOfLife {
    /// `Node.js 18`.
    pub version: String,
    /// The day support ended, when the source gives one.
    pub ended: Option<String>,
    /// The last image published for it, which the Dockerfile uses so the
    /// build still works.
    pub last_image: String,
    /// The oldest version still supported, when one is published.
    pub oldest_supported: Option<String>,
    /// Where the project states its version (`.nvmrc or package.json engines.node`).
    pub set_in: String,
}

impl EndOfLife {
    /// One line: the version, its end date, the image, and how to move.
    pub fn warning(&self) -> String {
        let when = self.ended.as_deref().map(|d| format!(" on {d}")).unwrap_or_default();
        let to = match &self.oldest_supported {
            Some(v) => format!("; the oldest supported is {v}: set it in {}", self.set_in),
            None => String::new(),
        };
        format!("{} reached its end of life{when}; building on {}, the last image published for it{to}", self.version, self.last_image)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builder_and_the_runtime_share_the_newest_release_both_had() {
        let mut images = Images {
            builder_ref: "node:${NODE_VERSION}-{debian}-slim".into(),
            builder: "node:18-{debian}-slim".into(),
            runtime_ref: "gcr.io/distroless/nodejs${NODE_VERSION}-debian{debian_number}:nonroot".into(),
            runtime: "gcr.io/distroless/nodejs18-debian{debian_number}:nonroot".into(),
        };
        settle(&mut images, "trixie").unwrap();
        assert_eq!(images.builder, "node:18-bookworm-slim");
        assert_eq!(images.runtime, "gcr.io/distroless/nodejs18-debian12:nonroot");
        assert_eq!(images.runtime_ref, "gcr.io/distroless/nodejs${NODE_VERSION}-debian12:nonroot");
    }

    #[test]
    fn an_image_no_release_had_is_refused() {
        let mut images = Images { builder_ref: String::new(), builder: "node:99-{debian}-slim".into(), runtime_ref: String::new(), runtime: "scratch".into() };
        assert_eq!(settle(&mut images, "trixie").unwrap_err(), Unpublished::Never("node:99-trixie-slim".into()));
        // node 23 had bookworm images, distroless never had a nodejs23.
        let mut images = Images { builder_ref: String::new(), builder: "node:23-{debian}-slim".into(), runtime_ref: String::new(), runtime: "gcr.io/distroless/nodejs23-debian{debian_number}:nonroot".into() };
        assert_eq!(settle(&mut images, "trixie").unwrap_err(), Unpublished::Never("gcr.io/distroless/nodejs23-debian13:nonroot".into()));
        // Python 3.8 never had trixie images, distroless python3-debian13 is
        // trixie's: never on the same release.
        let mut images = Images { builder_ref: String::new(), builder: "python:3.8-slim-{debian}".into(), runtime_ref: String::new(), runtime: "gcr.io/distroless/python3-debian13:nonroot".into() };
        assert!(matches!(settle(&mut images, "trixie").unwrap_err(), Unpublished::Apart(..)));
    }

    #[test]
    fn an_image_that_names_its_release_decides_the_release() {
        // Debian 12's Python (3.11) makes the venv distroless python3-debian12 runs.
        let mut images = Images { builder_ref: "debian:{debian}-slim".into(), builder: "debian:{debian}-slim".into(), runtime_ref: String::new(), runtime: "gcr.io/distroless/python3-debian12:nonroot".into() };
        settle(&mut images, "trixie").unwrap();
        assert_eq!(images.builder, "debian:bookworm-slim");
        assert_eq!(states_release("gcr.io/distroless/java21-debian13:nonroot"), Some("13"));
        assert_eq!(states_release("node:22-trixie-slim"), None);
    }
}
