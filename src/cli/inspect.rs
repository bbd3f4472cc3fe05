//! `crosstalk inspect`: what each file holds (format, title, date, sections, speakers), and
//! the speakers merged across all the files — as text, or as one JSON object with `--json`.

use anyhow::Context;
use clap::Args;
use crosstalk::{Library, Transcript};
use rayon::prelude::*;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `crosstalk inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Transcript files (or folders).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// The whole `--json` report.
#[derive(Debug, Serialize)]
struct Report {
    transcripts: Vec<TranscriptReport>,
    library: LibraryReport,
    errors: Vec<ErrorReport>,
}

#[derive(Debug, Serialize)]
struct TranscriptReport {
    path: String,
    format: String,
    title: String,
    date: Option<String>,
    timed: bool,
    sections: Vec<String>,
    speakers: Vec<SpeakerReport>,
    turns: usize,
    words: usize,
}

#[derive(Debug, Serialize)]
struct SpeakerReport {
    name: String,
    aliases: Vec<String>,
    role: String,
    turns: usize,
    words: usize,
}

#[derive(Debug, Serialize)]
struct LibraryReport {
    speakers: Vec<LibrarySpeakerReport>,
}

#[derive(Debug, Serialize)]
struct LibrarySpeakerReport {
    name: String,
    aliases: Vec<String>,
    role: String,
    turns: usize,
    words: usize,
    transcripts: usize,
}

#[derive(Debug, Serialize)]
struct ErrorReport {
    path: String,
    error: String,
}

fn transcript_report(transcript: &Transcript) -> TranscriptReport {
    let totals = transcript.speaker_totals();
    TranscriptReport {
        path: transcript.source_path.display().to_string(),
        format: transcript.format.name().to_string(),
        title: transcript.title.clone(),
        date: transcript.date.map(|d| d.to_string()),
        timed: transcript.timed,
        sections: transcript
            .sections
            .iter()
            .map(|s| s.title.clone())
            .collect(),
        speakers: transcript
            .speakers
            .iter()
            .zip(totals)
            .map(|(speaker, (turns, words))| SpeakerReport {
                name: speaker.name.clone(),
                aliases: speaker.aliases.clone(),
                role: speaker.role.name().to_string(),
                turns,
                words,
            })
            .collect(),
        turns: transcript.turns.len(),
        words: transcript.word_count(),
    }
}

fn library_report(library: &Library) -> LibraryReport {
    LibraryReport {
        speakers: library
            .speakers()
            .iter()
            .map(|speaker| LibrarySpeakerReport {
                name: speaker.name.clone(),
                aliases: speaker.aliases.clone(),
                role: speaker.role.name().to_string(),
                turns: speaker.turns,
                words: speaker.words,
                transcripts: speaker.transcript_count,
            })
            .collect(),
    }
}

/// Runs `crosstalk inspect`. The exit code is non-zero only when every file failed.
pub fn run(args: &InspectArgs) -> anyhow::Result<ExitCode> {
    let files = crosstalk::parse::collect_files(&args.files);
    let results: Vec<_> = files
        .par_iter()
        .map(|file| (file, crosstalk::load_path(file)))
        .collect();
    let mut transcripts = Vec::new();
    let mut errors = Vec::new();
    for (file, result) in results {
        match result {
            Ok(transcript) => transcripts.push(transcript),
            Err(error) => errors.push(ErrorReport {
                path: file.display().to_string(),
                error: error.to_string(),
            }),
        }
    }
    let loaded = transcripts.len();
    let library = Library::from_transcripts(transcripts);
    let report = Report {
        transcripts: library
            .transcripts()
            .iter()
            .map(|t| transcript_report(t))
            .collect(),
        library: library_report(&library),
        errors,
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report).context("writing the JSON report")?;
        writeln!(out)?;
    } else {
        write_text(&mut out, &report).context("writing the report")?;
    }
    Ok(if loaded == 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn write_text(out: &mut impl Write, report: &Report) -> std::io::Result<()> {
    for transcript in &report.transcripts {
        writeln!(out, "{}", transcript.path)?;
        writeln!(out, "  format:   {}", transcript.format)?;
        writeln!(out, "  title:    {}", transcript.title)?;
        writeln!(
            out,
            "  date:     {}",
            transcript.date.as_deref().unwrap_or("unknown")
        )?;
        writeln!(
            out,
            "  times:    {}",
            if transcript.timed {
                "from the source"
            } else {
                "estimated"
            }
        )?;
        writeln!(
            out,
            "  turns:    {}   words: {}",
            transcript.turns, transcript.words
        )?;
        if transcript.sections.is_empty() {
            writeln!(out, "  sections: none")?;
        } else {
            writeln!(out, "  sections: {}", transcript.sections.len())?;
            for section in &transcript.sections {
                writeln!(out, "    - {section}")?;
            }
        }
        writeln!(out, "  speakers: {}", transcript.speakers.len())?;
        for speaker in &transcript.speakers {
            writeln!(
                out,
                "    {:<32} {:<12} {:>5} turns {:>7} words   aliases: {}",
                speaker.name,
                speaker.role,
                speaker.turns,
                speaker.words,
                speaker.aliases.join(" | ")
            )?;
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "Speakers across {} file(s): {}",
        report.transcripts.len(),
        report.library.speakers.len()
    )?;
    for speaker in &report.library.speakers {
        writeln!(
            out,
            "  {:<32} {:<12} {:>5} turns {:>7} words {:>4} file(s)   aliases: {}",
            speaker.name,
            speaker.role,
            speaker.turns,
            speaker.words,
            speaker.transcripts,
            speaker.aliases.join(" | ")
        )?;
    }
    if !report.errors.is_empty() {
        writeln!(out)?;
        writeln!(out, "Errors: {}", report.errors.len())?;
        for error in &report.errors {
            writeln!(out, "  {}: {}", error.path, error.error)?;
        }
    }
    Ok(())
}
