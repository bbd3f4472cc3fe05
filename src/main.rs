//! The `crosstalk` binary: with no subcommand it opens the desktop app; subcommands are the
//! scriptable twins of the app's views.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
