//! Shell completions (clap_complete) and the man page (clap_mangen), both
//! generated from the same clap definition as `--help`, so they never
//! disagree with it.

use anyhow::Result;
use clap::CommandFactory;

use super::Report;
use crate::cli::Cli;

/// `dockgen completions <shell>`: the script on stdout.
pub fn completions(shell: clap_complete::Shell) -> Report {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "dockgen", &mut out);
    Report { stdout: String::from_utf8_lossy(&out).into_owned(), ..Default::default() }
}

/// `dockgen man`: dockgen(1) in roff, every subcommand included.
pub fn man() -> Result<Report> {
    let cmd = Cli::command();
    let mut out = Vec::new();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    man.render_subcommands_section(&mut out)?;
    // Each subcommand's own options, so `man dockgen` documents every flag.
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("dockgen {}", sub.get_name());
        let sub = sub.clone().name(name.clone()).bin_name(name);
        let page = clap_mangen::Man::new(sub).title("dockgen").section("1");
        page.render_name_section(&mut out)?;
        page.render_synopsis_section(&mut out)?;
        page.render_options_section(&mut out)?;
    }
    man.render_extra_section(&mut out)?;
    man.render_version_section(&mut out)?;
    Ok(Report { stdout: String::from_utf8_lossy(&out).into_owned(), ..Default::default() })
}
