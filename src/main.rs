use clap::Parser;
use std::io::{ErrorKind, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = dockgen::cli::Cli::parse();
    match dockgen::run(&cli) {
        Ok(report) => {
            // Messages may quote project files: shown, never obeyed.
            for line in &report.stderr {
                eprintln!("{}", dockgen::text::printable_lines(line));
            }
            let mut out = std::io::stdout().lock();
            match out.write_all(report.stdout.as_bytes()).and_then(|_| out.flush()) {
                Ok(()) => ExitCode::from(report.exit),
                // `dockgen ... | head` closing the pipe early is not an error.
                Err(e) if e.kind() == ErrorKind::BrokenPipe => ExitCode::from(report.exit),
                Err(e) => {
                    eprintln!("error: cannot write to standard output: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Err(err) if err.downcast_ref::<dockgen::terminal::Interrupted>().is_some() => {
            dockgen::terminal::report_interrupt();
            ExitCode::from(130)
        }
        Err(err) => {
            // One line: the sentence that says what to do, then the
            // underlying cause (an OS error, a parser's words) in brackets.
            // Anything quoted from a project file is escaped, never obeyed.
            let p = dockgen::text::printable;
            let causes: Vec<String> = err.chain().skip(1).map(|c| p(&c.to_string())).collect();
            if causes.is_empty() {
                eprintln!("error: {}", p(&err.to_string()));
            } else {
                eprintln!("error: {} (because: {})", p(&err.to_string()), causes.join(": "));
            }
            ExitCode::FAILURE
        }
    }
}
