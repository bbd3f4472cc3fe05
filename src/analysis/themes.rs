//! Themes: named sets of terms, phrases and stems (`economy`, `energy`, `defense`, ...), the
//! default set shipped in `assets/themes.json`, loading and saving JSON, and per-entry match
//! counts for the theme editor.

use crate::analysis::filter::Filter;
use crate::analysis::index::Index;
use crate::library::Library;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The default theme set (political talk), compiled into the program.
pub const DEFAULT_THEMES_JSON: &str = include_str!("../../assets/themes.json");

/// A theme: a short id used by queries (`theme:defense`) and the command line, a display name,
/// and what matches it. A sentence matches a theme when it holds any of its terms, phrases or
/// words with the same stem as one of its stems.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Theme {
    /// Short id (`defense`), lower case.
    pub id: String,
    /// Display name (`Defense and security`).
    pub name: String,
    /// Single words, matched exactly (case-folded); a trailing `*` makes one a prefix.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Multi-word phrases, matched as consecutive words.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Words matched by Snowball stem (`sanction` matches `sanctions`, `sanctioned`).
    #[serde(default)]
    pub stems: Vec<String>,
}

/// The kind of a theme entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// From [`Theme::terms`].
    Term,
    /// From [`Theme::phrases`].
    Phrase,
    /// From [`Theme::stems`].
    Stem,
}

/// How often one entry of a theme matches (for the theme editor).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryCount {
    /// The entry as written in the theme.
    pub entry: String,
    /// Which list it is in.
    pub kind: EntryKind,
    /// Sentences it matches.
    pub sentences: usize,
}

impl Theme {
    /// The theme as a query string in the query language (entries joined by OR).
    pub fn to_query(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        parts.extend(self.terms.iter().map(|t| quote_entry(t, "")));
        parts.extend(
            self.phrases
                .iter()
                .map(|p| format!("\"{}\"", p.replace('"', ""))),
        );
        parts.extend(self.stems.iter().map(|s| quote_entry(s, "~")));
        parts.retain(|p| !p.is_empty() && p != "\"\"");
        parts.join(" OR ")
    }

    /// Each entry's count of matching sentences within `filter` (the filter's query and themes
    /// are ignored; its speakers, transcripts, sections, dates and roles apply).
    pub fn entry_counts(
        &self,
        library: &Library,
        index: &Index,
        filter: &Filter,
    ) -> Vec<EntryCount> {
        let mut scope = filter.clone();
        scope.themes.clear();
        let entries = self
            .terms
            .iter()
            .map(|t| (t, EntryKind::Term, quote_entry(t, "")))
            .chain(
                self.phrases
                    .iter()
                    .map(|p| (p, EntryKind::Phrase, format!("\"{}\"", p.replace('"', "")))),
            )
            .chain(
                self.stems
                    .iter()
                    .map(|s| (s, EntryKind::Stem, quote_entry(s, "~"))),
            );
        entries
            .map(|(entry, kind, query)| {
                scope.query = query;
                let sentences = scope
                    .evaluate(library, index, &ThemeSet::default())
                    .map_or(0, |m| m.hits.len());
                EntryCount {
                    entry: entry.clone(),
                    kind,
                    sentences,
                }
            })
            .collect()
    }
}

/// A term as a query word: quoted when it holds more than one word.
fn quote_entry(term: &str, marker: &str) -> String {
    let term = term.trim();
    if term.split_whitespace().count() > 1 || term.contains('"') {
        format!("\"{}\"", term.replace('"', ""))
    } else if term.is_empty() {
        String::new()
    } else {
        format!("{marker}{term}")
    }
}

/// Errors reading or writing a theme file.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not a valid theme set.
    #[error("{path}: not a theme file: {source}")]
    Json {
        /// The file.
        path: String,
        /// The cause.
        source: serde_json::Error,
    },
    /// Two themes share an id, or an id is empty.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// A set of themes, as stored in JSON: `{"themes": [{"id", "name", "terms", "phrases",
/// "stems"}]}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ThemeSet {
    /// The themes, in display order.
    pub themes: Vec<Theme>,
}

impl ThemeSet {
    /// The default set from `assets/themes.json`.
    pub fn builtin() -> ThemeSet {
        ThemeSet::from_json(DEFAULT_THEMES_JSON, "assets/themes.json").unwrap_or_default()
    }

    /// Parses a theme set from JSON text; `origin` names it in errors.
    pub fn from_json(text: &str, origin: &str) -> Result<ThemeSet, ThemeError> {
        let mut set: ThemeSet = serde_json::from_str(text).map_err(|source| ThemeError::Json {
            path: origin.to_owned(),
            source,
        })?;
        let mut seen = std::collections::HashSet::new();
        for theme in &mut set.themes {
            theme.id = theme.id.trim().to_lowercase();
            if theme.id.is_empty() || theme.id.contains(char::is_whitespace) {
                return Err(ThemeError::Invalid {
                    path: origin.to_owned(),
                    message: format!("theme {:?} needs a one-word id", theme.name),
                });
            }
            if !seen.insert(theme.id.clone()) {
                return Err(ThemeError::Invalid {
                    path: origin.to_owned(),
                    message: format!("two themes have the id {:?}", theme.id),
                });
            }
        }
        Ok(set)
    }

    /// Loads a theme set from a JSON file.
    pub fn load(path: &Path) -> Result<ThemeSet, ThemeError> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ThemeError::Io {
            path: origin.clone(),
            source,
        })?;
        ThemeSet::from_json(&text, &origin)
    }

    /// Saves the set as pretty JSON.
    pub fn save(&self, path: &Path) -> Result<(), ThemeError> {
        let origin = path.display().to_string();
        let text = serde_json::to_string_pretty(self).map_err(|source| ThemeError::Json {
            path: origin.clone(),
            source,
        })?;
        std::fs::write(path, text).map_err(|source| ThemeError::Io {
            path: origin,
            source,
        })
    }

    /// The theme with this id (case-insensitive).
    pub fn get(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id.eq_ignore_ascii_case(id))
    }
}
