//! `crosstalk themes`: per speaker, how much of what they said falls under each theme.

use crate::cli::index::{load_indexed, load_themes, print_out};
use clap::Args;
use crosstalk::analysis::stats;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `crosstalk themes`.
#[derive(Debug, Args)]
pub struct ThemesArgs {
    /// Transcript files or folders.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Theme file (JSON, as `assets/themes.json`); the built-in themes by default.
    #[arg(long)]
    pub themes: Option<PathBuf>,
    /// Print JSON.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV: one row per speaker and theme.
    #[arg(long)]
    pub csv: bool,
}

/// Runs `crosstalk themes`.
pub fn run(args: &ThemesArgs) -> anyhow::Result<ExitCode> {
    let themes = load_themes(args.themes.as_deref())?;
    let (library, index, _) = load_indexed(&args.files)?;
    let stats = stats::speaker_stats(&library, &index, &themes, None)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    if args.json {
        print_out(&(serde_json::to_string_pretty(&stats)? + "\n"))?;
    } else if args.csv {
        let mut writer = csv::Writer::from_writer(std::io::stdout().lock());
        writer.write_record([
            "speaker",
            "key",
            "role",
            "words",
            "share_of_voice",
            "theme",
            "sentences",
            "theme_words",
            "share_of_words",
        ])?;
        for speaker in &stats {
            for theme in &speaker.themes {
                writer.write_record([
                    speaker.name.as_str(),
                    speaker.key.as_str(),
                    speaker.role.name(),
                    &speaker.words.to_string(),
                    &format!("{:.6}", speaker.share_of_voice),
                    theme.theme.as_str(),
                    &theme.sentences.to_string(),
                    &theme.words.to_string(),
                    &format!("{:.6}", theme.share_of_words),
                ])?;
            }
        }
        writer.flush()?;
    } else {
        let mut report = String::new();
        let _ = write!(report, "{:<28} {:>7} {:>6}", "speaker", "words", "voice");
        for theme in &themes.themes {
            let _ = write!(report, " {:>11}", truncate(&theme.id, 11));
        }
        let _ = writeln!(report);
        for speaker in &stats {
            let _ = write!(
                report,
                "{:<28} {:>7} {:>5.1}%",
                truncate(&speaker.name, 28),
                speaker.words,
                speaker.share_of_voice * 100.0
            );
            for theme in &speaker.themes {
                let _ = write!(
                    report,
                    " {:>4} {:>5.1}%",
                    theme.sentences,
                    theme.share_of_words * 100.0
                );
            }
            let _ = writeln!(report);
        }
        let _ = writeln!(
            report,
            "(per theme: matching sentences, and their share of the speaker's words)"
        );
        print_out(&report)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn truncate(text: &str, width: usize) -> String {
    text.chars().take(width).collect()
}
