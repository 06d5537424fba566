//! The real [`Prompter`]: dialoguer prompts drawn on stderr, so `--stdout`
//! output stays clean. Ctrl-C at a prompt writes nothing and exits 130.

use anyhow::Result;
use dialoguer::console::Term;
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Confirm, Input, Select};
use std::io::IsTerminal;
use std::sync::Mutex;

use crate::text::{printable, printable_lines};
use crate::prompt::Prompter;

/// Prompts only when a person can answer: stdin and stderr are terminals.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Ctrl-C at a prompt. `main` exits 130 on it; nothing has been written.
#[derive(Debug)]
pub struct Interrupted;

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("interrupted: nothing was written")
    }
}

impl std::error::Error for Interrupted {}

/// Restores the cursor and says so once, whichever of the signal handler
/// and the prompt's error gets there first. The lock makes the second caller
/// wait until the line is out, so neither can exit half-way through it.
pub fn report_interrupt() {
    static SAID: Mutex<bool> = Mutex::new(false);
    let mut said = SAID.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if !*said {
        *said = true;
        let term = Term::stderr();
        let _ = term.show_cursor();
        let _ = term.write_line(&format!("\n{Interrupted}"));
    }
}

/// dialoguer reports Ctrl-C in raw mode as an interrupted read.
fn interrupted(e: dialoguer::Error) -> anyhow::Error {
    let dialoguer::Error::IO(io) = &e;
    if io.kind() == std::io::ErrorKind::Interrupted {
        anyhow::Error::new(Interrupted)
    } else {
        anyhow::Error::new(e)
    }
}

pub struct TermPrompter {
    term: Term,
    theme: ColorfulTheme,
}

impl TermPrompter {
    /// Also installs the Ctrl-C handler: dialoguer reads keys in raw mode and
    /// re-raises SIGINT, which lands here; nothing has been written yet.
    pub fn new() -> Self {
        let _ = ctrlc::set_handler(|| {
            report_interrupt();
            std::process::exit(130);
        });
        TermPrompter { term: Term::stderr(), theme: ColorfulTheme::default() }
    }
}

impl Default for TermPrompter {
    fn default() -> Self {
        Self::new()
    }
}

impl Prompter for TermPrompter {
    fn say(&mut self, text: &str) {
        let _ = self.term.write_line(&printable_lines(text.trim_end()));
    }

    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Result<usize> {
        Select::with_theme(&self.theme)
            .with_prompt(printable(prompt))
            .items(items.iter().map(|i| printable(i)).collect::<Vec<_>>())
            .default(default)
            .interact_on(&self.term)
            .map_err(interrupted)
    }

    fn input(&mut self, prompt: &str, default: &str, check: &dyn Fn(&str) -> Result<(), String>) -> Result<String> {
        let mut input = Input::<String>::with_theme(&self.theme).with_prompt(printable(prompt)).validate_with(|s: &String| check(s));
        if !default.is_empty() {
            input = input.default(printable(default));
        }
        input.interact_text_on(&self.term).map_err(interrupted)
    }

    fn confirm(&mut self, prompt: &str, default: bool) -> Result<bool> {
        Confirm::with_theme(&self.theme).with_prompt(printable(prompt)).default(default).interact_on(&self.term).map_err(interrupted)
    }
}
