//! The last step of planning: the Debian release filled into the plan's
//! images, every image checked against the catalog (refused in one line,
//! naming what was published), and a version past its end of support said.

use anyhow::{Result, bail};

use crate::bases::{self, EndOfLife, Unpublished};
use crate::images::{self, catalog, line_key};
use crate::model::Plan;
use crate::preset::{Preset, RuntimeSpec};

/// Settles the images and the end-of-life note.
pub fn settle(preset: &Preset, plan: &mut Plan) -> Result<()> {
    let preferred = plan.defaults.debian.codename.clone();
    // An overlay's own language may use images dockgen's catalog does not
    // cover: they are the user's to vouch for, and said so.
    if let Some(file) = &preset.overlay_only {
        let mut uncovered: Vec<String> = [&plan.images.builder, &plan.images.runtime].iter().map(|i| bases::fill(i, (&preferred, &plan.defaults.debian.number))).filter(|i| !catalog().covers(i)).collect();
        uncovered.dedup();
        if !uncovered.is_empty() {
            for image in [&mut plan.images.builder_ref, &mut plan.images.builder, &mut plan.images.runtime_ref, &mut plan.images.runtime] {
                *image = bases::fill(image, (&preferred, &plan.defaults.debian.number));
            }
            plan.warnings.push(format!("{file}: dockgen's catalog of published tags (official images and distroless) does not cover {}: their tags are not checked", uncovered.join(", ")));
            return Ok(());
        }
    }
    if let Err(e) = bases::settle(&mut plan.images, &preferred) {
        let (kind, message) = unpublished(plan, &e);
        return Err(crate::error::fail(kind, message));
    }
    plan.end_of_life = end_of_life(preset, plan);
    if let Some(eol) = &plan.end_of_life {
        plan.warnings.push(eol.warning());
    }
    Ok(())
}

/// Whether the plan's images exist for version `line` on some Debian
/// release (the `_ref` images carry `${VERSION_ARG}` where the version goes).
pub fn line_published(plan: &Plan, line: &str) -> bool {
    let arg = format!("${{{}}}", plan.version_arg);
    let builder = plan.images.builder_ref.replace(&arg, line);
    let runtime = plan.images.runtime_ref.replace(&arg, line);
    bases::suite_for(catalog(), &[&builder, &runtime], &plan.defaults.debian.codename).is_some()
}

/// The release cycle a version belongs to (`1.22.3` → `1.22`), as the
/// support table keys it.
fn cycle_of(plan: &Plan) -> Option<(String, &'static images::Cycle)> {
    let mut v = plan.version.value.as_str();
    loop {
        if let Some(c) = catalog().cycle(&plan.version_of, v) {
            return Some((v.to_string(), c));
        }
        v = v.rsplit_once('.')?.0;
    }
}

fn end_of_life(preset: &Preset, plan: &Plan) -> Option<EndOfLife> {
    let today = images::today();
    let (line, cycle) = cycle_of(plan)?;
    if !cycle.ended_by(&today) {
        return None;
    }
    let published = |l: &str| line_published(plan, l);
    let name = if plan.version_of == plan.language { plan.language_name.as_str() } else { plan.version_of.as_str() };
    Some(EndOfLife {
        version: format!("{} {line}", if name == "bun" { "Bun" } else { name }),
        ended: cycle.eol.map(str::to_string),
        // The image that carries the version (PHP's is the runtime; its
        // builder is composer's).
        last_image: [&plan.images.builder, &plan.images.runtime].into_iter().find(|i| i.contains(&line)).unwrap_or(&plan.images.builder).clone(),
        oldest_supported: catalog().oldest_supported(&plan.version_of, &published, &today),
        set_in: preset.version_files.clone(),
    })
}

/// One line: the image never published, the version and where it came
/// from, the nearest published lines and the flags that move on.
/// The message, and its kind: a setting to pass when a published line is near.
fn unpublished(plan: &Plan, e: &Unpublished) -> (crate::error::Kind, String) {
    let today = images::today();
    let mut lines: Vec<String> = catalog()
        .released_lines(&plan.version_of, &today)
        .into_iter()
        .filter(|l| line_published(plan, l))
        .map(str::to_string)
        .collect();
    let asked = line_key(&plan.version.value);
    let distance = |l: &String| {
        let k = line_key(l);
        k.iter().zip(asked.iter().chain(std::iter::repeat(&0))).map(|(a, b)| a.abs_diff(*b)).collect::<Vec<_>>()
    };
    lines.sort_by_key(distance);
    lines.truncate(4);
    lines.sort_by_key(|l| std::cmp::Reverse(line_key(l)));
    let other_runtimes: Vec<&str> = plan.runtimes.iter().filter(|k| **k != plan.runtime).map(|k| k.as_str()).collect();
    let runtime_hint = if other_runtimes.is_empty() { String::new() } else { format!(", or --runtime {}", other_runtimes.join("|")) };
    let what = match e {
        Unpublished::Never(image) => format!("{image} was never published"),
        Unpublished::Apart(a, b) => format!("{a} and {b} were never published for the same Debian release"),
    };
    let kind = if lines.is_empty() { crate::error::Kind::Project } else { crate::error::Kind::Unresolved };
    let fix = if lines.is_empty() {
        format!("no {} version has images for the {} runtime; try --runtime {}", plan.language_name, plan.runtime, other_runtimes.join("|"))
    } else {
        format!("the nearest published: {}; pass --lang-version <{}>{runtime_hint}", lines.join(", "), lines.join("|"))
    };
    (kind, format!(
        "{what} (image catalog of {}): {} {} ({}) has no {} image; {fix}",
        catalog().snapshot,
        plan.language_name,
        plan.version.value,
        plan.version.source,
        plan.runtime,
    ))
}

/// The runtime image for the plan's version: the spec's one image, or its
/// image for that version (distroless Python exists for some only).
pub fn runtime_image(spec: &RuntimeSpec, plan: &Plan) -> Result<String> {
    if spec.images.is_empty() {
        return Ok(spec.image.clone());
    }
    if let Some(image) = spec.images.get(&plan.version.value) {
        return Ok(image.clone());
    }
    let has: Vec<String> = spec
        .images
        .iter()
        .map(|(v, image)| format!("{v} ({})", crate::images::split_reference(image).0.rsplit('/').next().unwrap_or(image)))
        .collect();
    let others: Vec<&str> = plan.runtimes.iter().filter(|k| **k != plan.runtime).map(|k| k.as_str()).collect();
    bail!(
        "{} has {} {}; this project needs {} ({}): use --runtime {}, or --lang-version {}",
        plan.runtime,
        plan.language_name,
        has.join(" and "),
        plan.version.value,
        plan.version.source,
        others.join("|"),
        spec.images.keys().cloned().collect::<Vec<_>>().join("|"),
    )
}
