//! `crosstalk terms`: the words that distinguish a speaker from another (or from everyone
//! else): log-odds ratio with a Dirichlet prior and z-scores, G2 and Log Ratio alongside.

use crate::cli::index::{free_at_exit, load_library, print_out};
use clap::{Args, ValueEnum};
use crosstalk::Library;
use crosstalk::analysis::Filter;
use crosstalk::analysis::distinctive::{self, Options, Prior};
use serde_json::json;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// The prior of the log-odds ratio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PriorKind {
    /// Alpha from the library's own word frequencies (alpha0 = --alpha, default 1000).
    Informative,
    /// The same alpha for every word (--alpha, default 0.01).
    Uniform,
}

/// Arguments of `crosstalk terms`.
#[derive(Debug, Args)]
pub struct TermsArgs {
    /// Transcript files or folders.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The speaker (name, label or key; case-insensitive; every speaker it names counts).
    #[arg(long)]
    pub speaker: String,
    /// The speaker to compare with; everyone else when absent.
    #[arg(long)]
    pub vs: Option<String>,
    /// The prior.
    #[arg(long, value_enum, default_value_t = PriorKind::Informative)]
    pub prior: PriorKind,
    /// Alpha (uniform prior) or alpha0 (informative prior).
    #[arg(long)]
    pub alpha: Option<f64>,
    /// Keep stop words.
    #[arg(long)]
    pub keep_stopwords: bool,
    /// How many terms per side.
    #[arg(long, default_value_t = 20)]
    pub top: usize,
    /// Print JSON: `{"method", "variance", "terms": [{"term", "a", "b", "z", ...}]}`.
    #[arg(long)]
    pub json: bool,
}

/// Keys of the speakers a name designates: exact name, label or key first, else containment.
fn speaker_keys(library: &Library, name: &str) -> anyhow::Result<Vec<String>> {
    let needle = name.trim().to_lowercase();
    let exact: Vec<String> = library
        .speakers()
        .iter()
        .filter(|s| {
            s.key.to_lowercase() == needle
                || s.name.to_lowercase() == needle
                || s.aliases.iter().any(|a| a.to_lowercase() == needle)
        })
        .map(|s| s.key.clone())
        .collect();
    if !exact.is_empty() {
        return Ok(exact);
    }
    let partial: Vec<String> = library
        .speakers()
        .iter()
        .filter(|s| {
            s.name.to_lowercase().contains(&needle)
                || s.aliases.iter().any(|a| a.to_lowercase().contains(&needle))
        })
        .map(|s| s.key.clone())
        .collect();
    if partial.is_empty() {
        anyhow::bail!(
            "no speaker {name:?} (speakers: {})",
            known_speakers(library, KNOWN_SPEAKERS_SHOWN)
        );
    }
    Ok(partial)
}

/// How many speaker names an unknown `--speaker` lists.
const KNOWN_SPEAKERS_SHOWN: usize = 20;

/// The library's distinct speaker names, those who speak most first, at most `shown` of them
/// (a library of many briefings has hundreds of "Reporter"s).
fn known_speakers(library: &Library, shown: usize) -> String {
    let mut speakers: Vec<_> = library.speakers().iter().collect();
    speakers.sort_by(|a, b| b.words.cmp(&a.words).then_with(|| a.name.cmp(&b.name)));
    let mut names: Vec<&str> = Vec::new();
    for speaker in speakers {
        if !names.contains(&speaker.name.as_str()) {
            names.push(&speaker.name);
        }
    }
    let more = names.len().saturating_sub(shown);
    names.truncate(shown);
    let mut list = names.join(", ");
    if more > 0 {
        let _ = write!(list, " and {more} more");
    }
    list
}

/// Runs `crosstalk terms`.
pub fn run(args: &TermsArgs) -> anyhow::Result<ExitCode> {
    if let Some(alpha) = args.alpha
        && !(alpha.is_finite() && alpha > 0.0)
    {
        anyhow::bail!("--alpha must be a positive number, not {alpha}");
    }
    let library = load_library(&args.files)?;
    let a = speaker_keys(&library, &args.speaker)?;
    let b = match &args.vs {
        Some(name) => speaker_keys(&library, name)?,
        None => Vec::new(),
    };
    if b.iter().any(|k| a.contains(k)) {
        anyhow::bail!("--speaker and --vs name the same speaker");
    }
    let prior = match args.prior {
        PriorKind::Uniform => Prior::Uniform {
            alpha: args.alpha.unwrap_or(0.01),
        },
        PriorKind::Informative => Prior::Informative {
            alpha0: args.alpha.unwrap_or(1000.0),
        },
    };
    // Only per-speaker counts are needed: the turns are counted directly, without building the
    // positional index (sentences, postings) that the same counts would come from.
    let counts = distinctive::speaker_counts_direct(&library, &Filter::default(), &a, &b)
        .ok_or_else(|| anyhow::anyhow!("the whole library could not be counted directly"))?;
    let options = Options {
        prior,
        keep_stopwords: args.keep_stopwords,
        ..Options::default()
    };
    let result = distinctive::compare(&counts, &options);
    let top = result.top(args.top);
    let names = |keys: &[String]| -> String {
        keys.iter()
            .filter_map(|k| library.speaker_by_key(k))
            .filter_map(|i| library.speakers().get(i))
            .map(|s| s.name.clone())
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let side_b = if b.is_empty() {
        "everyone else".to_owned()
    } else {
        names(&b)
    };
    if args.json {
        let out = json!({
            "method": result.method,
            "variance": result.variance,
            "prior": result.prior,
            "a": names(&a),
            "b": side_b,
            "tokens_a": result.tokens_a,
            "tokens_b": result.tokens_b,
            "terms": top.iter().map(|t| json!({
                "term": t.term, "a": t.a, "b": t.b, "z": t.z,
                "delta": t.delta, "g2": t.g2, "log_ratio": t.log_ratio,
            })).collect::<Vec<_>>(),
        });
        print_out(&(serde_json::to_string_pretty(&out)? + "\n"))?;
    } else {
        let mut report = String::new();
        let _ = writeln!(report, "{} vs {}", names(&a), side_b);
        let _ = writeln!(report, "{}; variance {}", result.method, result.variance);
        let _ = writeln!(
            report,
            "{:<24} {:>8} {:>8} {:>9} {:>9} {:>7}",
            "term", "a", "b", "z", "G2", "LogR"
        );
        for t in top {
            let _ = writeln!(
                report,
                "{:<24} {:>8} {:>8} {:>9.3} {:>9.2} {:>7.2}",
                t.term, t.a, t.b, t.z, t.g2, t.log_ratio
            );
        }
        print_out(&report)?;
    }
    free_at_exit((library, counts, result));
    Ok(ExitCode::SUCCESS)
}
