//! The kinds of failure dockgen reports, typed where each is raised: the
//! JSON error object's `kind`, and the exit status. Messages stay one
//! printable line; anyhow carries them, with context, everywhere inside.

use std::fmt;

/// What kind of failure an error is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// No folder, or an empty one.
    NoProject,
    /// No preset matches the folder.
    Undetected,
    /// dockgen.toml is wrong.
    Config,
    /// A workspace member (or a project's subfolder) to choose.
    Workspace,
    /// A setting detection could not settle: pass its flag.
    Unresolved,
    /// A project file dockgen cannot use (the default).
    Project,
}

impl Kind {
    /// The `kind` of a JSON error object.
    pub fn name(self) -> &'static str {
        match self {
            Kind::NoProject => "no_project",
            Kind::Undetected => "undetected",
            Kind::Config => "config",
            Kind::Workspace => "workspace",
            Kind::Unresolved => "unresolved",
            Kind::Project => "project",
        }
    }

    /// The exit status: 1 for every kind (`check` reports 2 for a project it
    /// can no longer generate, whatever the kind).
    pub fn exit(self) -> u8 {
        1
    }
}

/// An error that knows its kind.
#[derive(Debug)]
pub struct Failure {
    pub kind: Kind,
    pub message: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// An error of `kind`.
pub fn fail(kind: Kind, message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Failure { kind, message: message.into() })
}

/// The kind an error was raised with (its first typed cause), else
/// [`Kind::Project`].
pub fn kind_of(e: &anyhow::Error) -> Kind {
    // A Failure given as context is found by anyhow's own downcast.
    e.downcast_ref::<Failure>().or_else(|| e.chain().find_map(|c| c.downcast_ref::<Failure>())).map(|f| f.kind).unwrap_or(Kind::Project)
}

/// `e` as one message `reword` makes of its text, its kind kept.
pub fn reworded(e: anyhow::Error, reword: impl FnOnce(String) -> String) -> anyhow::Error {
    let kind = kind_of(&e);
    fail(kind, reword(format!("{e:#}")))
}

/// `e` with `kind` unless it already has one.
pub fn with_default_kind(e: anyhow::Error, kind: Kind) -> anyhow::Error {
    if e.downcast_ref::<Failure>().is_some() || e.chain().any(|c| c.downcast_ref::<Failure>().is_some()) { e } else { fail(kind, format!("{e:#}")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_survives_context_and_rewording() {
        let e = fail(Kind::Workspace, "pass --app <a|b>");
        assert_eq!(kind_of(&e), Kind::Workspace);
        let e = e.context("planning");
        assert_eq!(kind_of(&e), Kind::Workspace);
        let e = reworded(e, |m| m.replace('|', "/"));
        assert_eq!((kind_of(&e), e.to_string().as_str()), (Kind::Workspace, "planning: pass --app <a/b>"));
        assert_eq!(kind_of(&anyhow::anyhow!("plain")), Kind::Project);
        assert_eq!(kind_of(&with_default_kind(anyhow::anyhow!("x"), Kind::Config)), Kind::Config);
        assert_eq!(kind_of(&with_default_kind(fail(Kind::Undetected, "y"), Kind::Config)), Kind::Undetected);
        // As context over an OS error: found, and the cause kept.
        let io: Result<(), std::io::Error> = Err(std::io::Error::other("denied"));
        let e = anyhow::Context::context(io, Failure { kind: Kind::NoProject, message: "cannot read".into() }).unwrap_err();
        assert_eq!((kind_of(&e), format!("{e:#}").as_str()), (Kind::NoProject, "cannot read: denied"));
    }
}
