//! What a detector hands to planning: the facts every language shares,
//! and the language's own, as one closed enum the compiler checks (no
//! `dyn Any`, no downcast).

use anyhow::{Result, bail};
use std::sync::Arc;

use crate::model::Sourced;

/// What a detector learned from the project's files.
#[derive(Debug, Clone, Default)]
pub struct ProjectFacts {
    pub package_manager: Option<String>,
    pub version: Option<Sourced<String>>,
    pub framework: Option<String>,
    pub port: Option<Sourced<u16>>,
    /// Where the app reports its health, when it says (Spring Boot's
    /// actuator: /actuator/health). `--health-path` wins; else `/`.
    pub health_path: Option<Sourced<String>>,
    /// In a workspace: the member folders this one uses, relative to the
    /// root, a dependency before what uses it.
    pub local_deps: Vec<String>,
    pub warnings: Vec<String>,
    /// The language's own facts, which only that language reads back
    /// (through [`ProjectFacts::own`]): the common plan names no language.
    pub own: LanguageFacts,
}

/// Each language's own facts, one variant per language.
#[derive(Debug, Clone, Default)]
pub enum LanguageFacts {
    #[default]
    None,
    Go(Arc<super::go::GoFacts>),
    Node(Arc<super::node::NodeFacts>),
    Python(Arc<super::python::PythonFacts>),
    Java(Arc<super::java::JavaFacts>),
    Rust(Arc<super::rust::RustFacts>),
    Php(Arc<super::php::PhpFacts>),
    Dotnet(Arc<super::dotnet::DotnetFacts>),
}

/// A language's facts type, and its variant of [`LanguageFacts`].
pub trait OwnFacts: Sized {
    fn of(facts: &LanguageFacts) -> Option<&Self>;
    fn into_facts(self) -> LanguageFacts;
}

macro_rules! own_facts {
    ($($variant:ident => $ty:ty),* $(,)?) => {$(
        impl OwnFacts for $ty {
            fn of(facts: &LanguageFacts) -> Option<&Self> {
                match facts {
                    LanguageFacts::$variant(f) => Some(f),
                    _ => None,
                }
            }
            fn into_facts(self) -> LanguageFacts {
                LanguageFacts::$variant(Arc::new(self))
            }
        }
    )*};
}

own_facts! {
    Go => super::go::GoFacts,
    Node => super::node::NodeFacts,
    Python => super::python::PythonFacts,
    Java => super::java::JavaFacts,
    Rust => super::rust::RustFacts,
    Php => super::php::PhpFacts,
    Dotnet => super::dotnet::DotnetFacts,
}

impl ProjectFacts {
    /// The language's facts, if they are `T`'s.
    pub fn own<T: OwnFacts>(&self) -> Option<&T> {
        T::of(&self.own)
    }

    /// The language's own facts, or a dockgen bug message when detect did
    /// not store them (plan is only ever called after the same detect).
    pub fn own_or_bug<T: OwnFacts>(&self, language: &str) -> Result<&T> {
        match self.own::<T>() {
            Some(f) => Ok(f),
            None => bail!("dockgen bug: the {language} plan got no {language} facts"),
        }
    }
}
