//! What distinguishes a speaker: the log-odds ratio with a Dirichlet prior and its z-score
//! (Monroe, Colaresi and Quinn 2008, "Fightin' Words"), with an uninformative (constant alpha)
//! or an informative (library-frequency) prior; and G2 keyness (log-likelihood, 4-term form as
//! in AntConc) with the Log Ratio effect size (Hardie 2014).

use crate::analysis::filter::Filter;
use crate::analysis::index::{Index, TermId};
use crate::analysis::query::QueryError;
use crate::analysis::themes::ThemeSet;
use crate::analysis::tokenize::for_each_token;
use crate::library::Library;
use fixedbitset::FixedBitSet;
use serde::Serialize;

mod direct;

pub use direct::{speaker_counts_direct, tokenizes_like_sentences};

/// The variance used for the z-scores, named in every output.
pub const VARIANCE: &str = "1/(y_A+a_w) + 1/(y_B+a_w)";

/// The Dirichlet prior of the log-odds ratio.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Prior {
    /// The same pseudo-count `alpha` for every word.
    Uniform {
        /// Pseudo-count per word.
        alpha: f64,
    },
    /// Pseudo-counts proportional to the word's frequency in the whole library:
    /// `a_w = alpha0 * count_w / library_tokens`.
    Informative {
        /// Total pseudo-count spread over the vocabulary.
        alpha0: f64,
    },
}

impl Prior {
    /// Default uniform prior (alpha 0.01, as scattertext's uninformative prior).
    pub const DEFAULT_UNIFORM: Prior = Prior::Uniform { alpha: 0.01 };
    /// Default informative prior (alpha0 1000).
    pub const DEFAULT_INFORMATIVE: Prior = Prior::Informative { alpha0: 1000.0 };
}

/// Word counts of two sides, on a shared vocabulary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TermCounts {
    /// The terms.
    pub terms: Vec<String>,
    /// Occurrences on side A, per term.
    pub a: Vec<u64>,
    /// Occurrences on side B, per term.
    pub b: Vec<u64>,
    /// Occurrences in the background (the library), per term, for the informative prior.
    pub background: Vec<u64>,
}

impl TermCounts {
    /// Counts two lists of tokens (already normalized); the background is both sides together.
    pub fn from_tokens<S: AsRef<str>>(a: &[S], b: &[S]) -> TermCounts {
        let mut ids: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
        let mut counts = TermCounts::default();
        for (side, tokens) in [a, b].into_iter().enumerate() {
            for token in tokens {
                let token = token.as_ref();
                let id = *ids.entry(token).or_insert_with(|| {
                    counts.terms.push(token.to_owned());
                    counts.a.push(0);
                    counts.b.push(0);
                    counts.background.push(0);
                    counts.terms.len() - 1
                });
                if side == 0 {
                    counts.a[id] += 1;
                } else {
                    counts.b[id] += 1;
                }
                counts.background[id] += 1;
            }
        }
        counts
    }
}

/// Options of the comparison.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// The prior.
    pub prior: Prior,
    /// Keep stop words (dropped by default).
    pub keep_stopwords: bool,
    /// Drop terms shorter than this many characters.
    pub min_chars: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            prior: Prior::DEFAULT_INFORMATIVE,
            keep_stopwords: false,
            min_chars: 2,
        }
    }
}

/// One term's scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermScore {
    /// The term.
    pub term: String,
    /// Occurrences on side A.
    pub a: u64,
    /// Occurrences on side B.
    pub b: u64,
    /// z-score of the log-odds ratio (positive: distinctive of A).
    pub z: f64,
    /// The log-odds ratio itself.
    pub delta: f64,
    /// G2 log-likelihood (4-term form).
    pub g2: f64,
    /// Log Ratio effect size: log2 of the ratio of relative frequencies (zeros as 0.5).
    pub log_ratio: f64,
}

/// The result of a comparison, every term scored, most distinctive of A first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Distinctive {
    /// The method, in words.
    pub method: String,
    /// The prior.
    pub prior: Prior,
    /// The variance formula used for z.
    pub variance: &'static str,
    /// Tokens counted on side A.
    pub tokens_a: u64,
    /// Tokens counted on side B.
    pub tokens_b: u64,
    /// Every term of either side, by z descending.
    pub terms: Vec<TermScore>,
}

impl Distinctive {
    /// The `n` terms most distinctive of A and the `n` most distinctive of B (B's last); every
    /// term, in order, when there are no more than `2n`.
    pub fn top(&self, n: usize) -> Vec<&TermScore> {
        if self.terms.len() <= n.saturating_mul(2) {
            return self.terms.iter().collect();
        }
        let mut top: Vec<&TermScore> = self.terms.iter().filter(|t| t.z > 0.0).take(n).collect();
        let mut bottom: Vec<&TermScore> = self
            .terms
            .iter()
            .rev()
            .filter(|t| t.z < 0.0)
            .take(n)
            .collect();
        bottom.reverse();
        top.extend(bottom);
        top
    }
}

/// G2 log-likelihood of a word seen `a` times in `total_a` tokens and `b` times in `total_b`,
/// the 4-term form (AntConc): the occurrence and non-occurrence cells of both corpora.
pub fn g2(a: f64, b: f64, total_a: f64, total_b: f64) -> f64 {
    let total = total_a + total_b;
    if total <= 0.0 {
        return 0.0;
    }
    let expected_a = total_a * (a + b) / total;
    let expected_b = total_b * (a + b) / total;
    let cell = |observed: f64, expected: f64| {
        if observed > 0.0 && expected > 0.0 {
            observed * (observed / expected).ln()
        } else {
            0.0
        }
    };
    2.0 * (cell(a, expected_a)
        + cell(b, expected_b)
        + cell(total_a - a, total_a - expected_a)
        + cell(total_b - b, total_b - expected_b))
}

/// Log Ratio (Hardie 2014): log2 of the ratio of relative frequencies; a zero count counts 0.5.
pub fn log_ratio(a: f64, b: f64, total_a: f64, total_b: f64) -> f64 {
    if total_a <= 0.0 || total_b <= 0.0 {
        return 0.0;
    }
    let a = if a == 0.0 { 0.5 } else { a };
    let b = if b == 0.0 { 0.5 } else { b };
    ((a / total_a) / (b / total_b)).log2()
}

/// Scores every term of two sides.
pub fn compare(counts: &TermCounts, options: &Options) -> Distinctive {
    let keep: Vec<usize> = (0..counts.terms.len())
        .filter(|&i| {
            let term = &counts.terms[i];
            (counts.a[i] > 0 || counts.b[i] > 0)
                && term.chars().count() >= options.min_chars
                && (options.keep_stopwords || !crate::analysis::tokenize::is_stop_word(term))
        })
        .collect();
    let n_a: f64 = keep.iter().map(|&i| counts.a[i] as f64).sum();
    let n_b: f64 = keep.iter().map(|&i| counts.b[i] as f64).sum();
    let background_total: f64 = keep.iter().map(|&i| counts.background[i] as f64).sum();
    let alpha_of = |i: usize| match options.prior {
        Prior::Uniform { alpha } => alpha,
        Prior::Informative { alpha0 } => {
            let share = if background_total > 0.0 {
                counts.background[i].max(1) as f64 / background_total
            } else {
                0.0
            };
            (alpha0 * share).max(f64::MIN_POSITIVE)
        }
    };
    let alpha_0: f64 = keep.iter().map(|&i| alpha_of(i)).sum();
    let mut terms: Vec<TermScore> = keep
        .iter()
        .map(|&i| {
            let (y_a, y_b) = (counts.a[i] as f64, counts.b[i] as f64);
            let alpha = alpha_of(i);
            let delta = ((y_a + alpha) / (n_a + alpha_0 - y_a - alpha)).ln()
                - ((y_b + alpha) / (n_b + alpha_0 - y_b - alpha)).ln();
            let variance = 1.0 / (y_a + alpha) + 1.0 / (y_b + alpha);
            TermScore {
                term: counts.terms[i].clone(),
                a: counts.a[i],
                b: counts.b[i],
                z: delta / variance.sqrt(),
                delta,
                g2: g2(y_a, y_b, n_a, n_b),
                log_ratio: log_ratio(y_a, y_b, n_a, n_b),
            }
        })
        .collect();
    terms.sort_by(|x, y| y.z.total_cmp(&x.z).then_with(|| x.term.cmp(&y.term)));
    let method = match options.prior {
        Prior::Uniform { alpha } => format!(
            "log-odds ratio, uninformative Dirichlet prior (alpha {alpha}), z-score (Monroe et al. 2008)"
        ),
        Prior::Informative { alpha0 } => format!(
            "log-odds ratio, informative Dirichlet prior (alpha0 {alpha0} x library frequency), z-score (Monroe et al. 2008)"
        ),
    };
    Distinctive {
        method,
        prior: options.prior,
        variance: VARIANCE,
        tokens_a: n_a as u64,
        tokens_b: n_b as u64,
        terms,
    }
}

/// The library speakers with these keys, as a set of indices.
fn speaker_set(library: &Library, keys: &[String]) -> FixedBitSet {
    let mut set = FixedBitSet::with_capacity(library.speakers().len());
    for key in keys {
        if let Some(i) = library.speaker_by_key(key) {
            set.insert(i);
        }
    }
    set
}

/// Counts the words of the speakers `a` and of `b` (library speaker keys) within `scope`;
/// `b` empty means everyone else in the scope. The background is the whole library.
///
/// Uses the index's per-speaker counts when the scope restricts only transcripts, dates,
/// roles and speakers; with sections, themes or a query it counts the matching sentences.
/// Without an index at hand, [`speaker_counts_direct`] gives the same counts for the former
/// scopes, reading the turns once.
pub fn speaker_counts(
    library: &Library,
    index: &Index,
    themes: &ThemeSet,
    scope: &Filter,
    a: &[String],
    b: &[String],
) -> Result<TermCounts, QueryError> {
    let vocabulary = index.vocabulary();
    let size = vocabulary.len();
    let (mut counts_a, mut counts_b) = (vec![0u64; size], vec![0u64; size]);
    let (set_a, set_b) = (speaker_set(library, a), speaker_set(library, b));
    let side = |speaker: Option<usize>| -> Option<bool> {
        let speaker = speaker?;
        if set_a.contains(speaker) {
            Some(true)
        } else if b.is_empty() || set_b.contains(speaker) {
            Some(false)
        } else {
            None
        }
    };
    let simple =
        scope.sections.is_empty() && scope.themes.is_empty() && scope.query.trim().is_empty();
    if simple {
        let mut allowed = scope.clone();
        allowed.speakers.clear();
        let transcripts = allowed_transcripts(library, &allowed);
        let role_ok = |speaker: usize| {
            scope.roles.is_empty()
                || library
                    .speakers()
                    .get(speaker)
                    .is_some_and(|s| scope.roles.contains(&s.role))
        };
        let speaker_ok = |speaker: usize| {
            scope.speakers.is_empty()
                || library
                    .speakers()
                    .get(speaker)
                    .is_some_and(|s| scope.speakers.contains(&s.key))
        };
        for (t, segment) in index.segments.iter().enumerate() {
            if !transcripts.contains(t) {
                continue;
            }
            for alias in &segment.alias_counts {
                let speaker = library.speaker_of(t, alias.speaker, alias.alias);
                if speaker.is_some_and(|s| !role_ok(s) || !speaker_ok(s)) {
                    continue;
                }
                let target = match side(speaker) {
                    Some(true) => &mut counts_a,
                    Some(false) => &mut counts_b,
                    None => continue,
                };
                for &(term, count) in &alias.counts {
                    if let Some(slot) = target.get_mut(term as usize) {
                        *slot += u64::from(count);
                    }
                }
            }
        }
    } else {
        let matches = scope.evaluate(library, index, themes)?;
        let mut buffer = String::new();
        for hit in &matches.hits {
            let target = match side(hit.speaker) {
                Some(true) => &mut counts_a,
                Some(false) => &mut counts_b,
                None => continue,
            };
            let text = library
                .transcripts()
                .get(hit.transcript)
                .and_then(|t| t.turns.get(hit.turn))
                .and_then(|turn| turn.text.get(hit.sentence.clone()))
                .unwrap_or("");
            for_each_token(text, &mut buffer, |_, term| {
                if let Some(slot) = vocabulary
                    .id(term)
                    .and_then(|id| target.get_mut(id as usize))
                {
                    *slot += 1;
                }
            });
        }
    }
    let mut counts = TermCounts::default();
    for id in 0..size {
        if counts_a[id] == 0 && counts_b[id] == 0 {
            continue;
        }
        counts.terms.push(vocabulary.term(id as TermId).to_owned());
        counts.a.push(counts_a[id]);
        counts.b.push(counts_b[id]);
        counts.background.push(vocabulary.count(id as TermId));
    }
    Ok(counts)
}

/// Transcripts passing a filter's transcript and date restrictions.
fn allowed_transcripts(library: &Library, filter: &Filter) -> FixedBitSet {
    let mut set = FixedBitSet::with_capacity(library.transcripts().len());
    for (i, transcript) in library.transcripts().iter().enumerate() {
        let listed = filter.transcripts.is_empty() || filter.transcripts.contains(&i);
        let dated = filter
            .dates
            .is_none_or(|range| transcript.date.is_some_and(|d| range.contains(d)));
        set.set(i, listed && dated);
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::tokenize::terms;

    const TEXT_A: &str = "the quick brown fox jumps over the lazy pig";
    const TEXT_B: &str = "the lazy purple pig jumps over the lazier donkey";

    fn z_of(result: &Distinctive, term: &str) -> f64 {
        result
            .terms
            .iter()
            .find(|t| t.term == term)
            .map_or(f64::NAN, |t| t.z)
    }

    #[test]
    fn published_log_odds_values() {
        let counts = TermCounts::from_tokens(&terms(TEXT_A), &terms(TEXT_B));
        let options = Options {
            prior: Prior::Uniform { alpha: 0.05 },
            keep_stopwords: true,
            min_chars: 2,
        };
        let result = compare(&counts, &options);
        for word in ["brown", "fox", "quick"] {
            assert!(
                (z_of(&result, word) - 0.6894227886807968).abs() < 1e-12,
                "{word}"
            );
        }
        assert!((z_of(&result, "purple") + 0.6894227886807968).abs() < 1e-12);
        for shared in ["the", "jumps", "over", "lazy", "pig"] {
            assert!(z_of(&result, shared).abs() < 1e-12, "{shared}");
        }
        assert_eq!(result.variance, VARIANCE);
    }

    #[test]
    fn published_g2_and_log_ratio() {
        assert!((g2(100.0, 50.0, 10000.0, 10000.0) - 17.115848).abs() < 1e-6);
        assert!((log_ratio(100.0, 50.0, 10000.0, 10000.0) - 1.0).abs() < 1e-12);
        assert_eq!(g2(0.0, 0.0, 10.0, 10.0), 0.0);
    }

    #[test]
    fn informative_prior_and_stop_words() {
        let counts = TermCounts::from_tokens(&terms(TEXT_A), &terms(TEXT_B));
        let result = compare(&counts, &Options::default());
        assert!(
            result
                .terms
                .iter()
                .all(|t| t.term != "the" && t.term != "over")
        );
        assert!(z_of(&result, "fox") > 0.0 && z_of(&result, "donkey") < 0.0);
        assert!(result.method.contains("informative"));
        let top = result.top(1);
        assert_eq!(top.len(), 2);
        assert!(top[0].z > 0.0 && top[1].z < 0.0);
    }
}
