//! How dockgen asks a person something: the one interface the wizard and
//! the workspace member choice ask through, and the terminal implements.
//! Low: knows nothing of plans.

use anyhow::Result;

/// How a wizard talks to a person. Prompts and notes go to stderr.
pub trait Prompter {
    /// Shows information: the detected stack, a diff.
    fn say(&mut self, text: &str);
    /// One of `items`; returns its index.
    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Result<usize>;
    /// A line of text; `check` refuses invalid answers with a reason, and
    /// the question is asked again.
    fn input(&mut self, prompt: &str, default: &str, check: &dyn Fn(&str) -> Result<(), String>) -> Result<String>;
    fn confirm(&mut self, prompt: &str, default: bool) -> Result<bool>;
}

