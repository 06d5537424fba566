use clap::Parser;
use std::io::{ErrorKind, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = dockgen::cli::Cli::parse();
    match dockgen::run(&cli) {
        Ok(report) => {
            for line in &report.stderr {
                eprintln!("{line}");
            }
            let mut out = std::io::stdout().lock();
            match out.write_all(report.stdout.as_bytes()).and_then(|_| out.flush()) {
                Ok(()) => ExitCode::SUCCESS,
                // `dockgen ... | head` closing the pipe early is not an error.
                Err(e) if e.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
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
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  because: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}
