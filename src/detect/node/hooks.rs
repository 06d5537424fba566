//! What package.json's own scripts need: its install hooks (`postinstall:
//! prisma generate`) read the project's files, which the dependency stages
//! lack; and next.config.ts needs a declared `typescript`.

use super::package::{Pkg, read_package_json};
use super::{AppKind, NodeFacts, NodePlan};
use super::manager::prune_command;
use crate::scan::DirIndex;

/// The root package's scripts `npm install` and `pnpm install` run, in
/// their order. The first three are install hooks; `prepare` is mostly Git
/// hooks (husky), which an image has no use for.
pub(super) const INSTALL_SCRIPTS: &[&str] = &["preinstall", "install", "postinstall", "preprepare", "prepare", "postprepare"];
const HOOKS: &[&str] = &["preinstall", "install", "postinstall"];

/// `next build` loads next.config.ts with the `typescript` package; one
/// neither this package.json nor a workspace root declares is there only
/// when another package happens to bring it, and Next then tries to
/// install it with npm in the build (offline, or in a workspace, it fails).
pub(super) fn undeclared_typescript(index: &DirIndex, pkg: &Pkg, kind: AppKind) -> Option<String> {
    if kind != AppKind::Next || !index.has_file("next.config.ts") || pkg.has("typescript") {
        return None;
    }
    let ws = index.workspace.as_deref().filter(|w| w.decl.language == "node");
    if ws.is_some_and(|w| read_package_json(&w.root).is_ok_and(|root| root.has("typescript"))) {
        return None;
    }
    Some("next.config.ts needs the typescript package, which package.json does not declare (nor a workspace root): next build will try to install it; add typescript to devDependencies".to_string())
}

/// package.json's own install scripts read the project's files (`prisma
/// generate` its schema), which the dependency stages do not have: those
/// stages drop them, the build stage runs the install hooks once the
/// source is in, and production's node_modules is then the build's, pruned
/// of dev tools, since a hook may write there (Prisma's client). `prepare`
/// (Git hooks) is only dropped. Not in workspaces, nor on Bun's image.
pub(super) fn with_root_scripts(f: &NodeFacts, mut section: NodePlan) -> NodePlan {
    if f.install_scripts.is_empty() || section.ws.is_some() || f.kind == AppKind::Bun {
        return section;
    }
    section.drop_scripts = f.install_scripts.iter().map(|s| format!("scripts.{s}")).collect();
    section.hooks = f.install_scripts.iter().filter(|s| HOOKS.contains(s)).map(|s| format!("{} run {s}", f.manager)).collect();
    if !section.hooks.is_empty() {
        section.prune = Some(prune_command(f));
    }
    section
}

