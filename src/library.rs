//! The library: several transcripts, their speakers merged across files, and the user's
//! speaker overrides (rename, merge, split an alias back out, hide).

use crate::model::{Role, SpeakerIndex, Transcript, TurnIndex};
use crate::names;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Index of a speaker in [`Library::speakers`].
pub type LibrarySpeakerIndex = usize;

/// Index of a transcript in [`Library::transcripts`].
pub type TranscriptIndex = usize;

/// One (transcript, local speaker, alias) that belongs to a library speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SpeakerMember {
    /// The transcript.
    pub transcript: TranscriptIndex,
    /// The speaker in that transcript.
    pub speaker: SpeakerIndex,
    /// The alias of that speaker (index into its aliases).
    pub alias: usize,
}

/// A speaker of the whole library: one person across transcripts, or a role local to one file.
#[derive(Debug, Clone, PartialEq)]
pub struct LibrarySpeaker {
    /// Stable key used by overrides and colours (survives reloads and restarts).
    pub key: String,
    /// Display name (after the user's rename, if any).
    pub name: String,
    /// Every label seen for this speaker, across files.
    pub aliases: Vec<String>,
    /// Role.
    pub role: Role,
    /// Where the speaker speaks.
    pub members: Vec<SpeakerMember>,
    /// Hidden by the user.
    pub hidden: bool,
    /// Turns across the library.
    pub turns: usize,
    /// Words across the library.
    pub words: usize,
    /// Number of distinct transcripts the speaker speaks in.
    pub transcript_count: usize,
}

/// The user's corrections to speaker identities. Plain data, persisted by the app.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SpeakerOverrides {
    /// Speaker key -> display name chosen by the user.
    pub renames: BTreeMap<String, String>,
    /// Speaker key -> key of the speaker it is merged into.
    pub merges: BTreeMap<String, String>,
    /// Aliases (labels as written, compared case-insensitively) split back out of the speaker
    /// the rules merged them into; each becomes a speaker of its own.
    pub splits: BTreeSet<String>,
    /// Keys of hidden speakers.
    pub hidden: BTreeSet<String>,
}

/// Several transcripts and their speakers merged across files.
#[derive(Debug, Clone, Default)]
pub struct Library {
    transcripts: Vec<Arc<Transcript>>,
    speakers: Vec<LibrarySpeaker>,
    /// [transcript][local speaker][alias] -> library speaker.
    member_table: Vec<Vec<Vec<LibrarySpeakerIndex>>>,
    overrides: SpeakerOverrides,
    /// Each speaker's place among the speakers sorted by key (so that lists of speakers are
    /// put in key order by comparing numbers).
    key_ranks: Vec<u32>,
    revision: u64,
    /// Turns and words per (local speaker, alias) of each transcript, counted once per
    /// transcript (they do not depend on the overrides), by the transcript's address.
    totals: HashMap<usize, CountedTotals>,
}

/// Turns and words per (local speaker, alias) of a transcript.
type AliasTotals = HashMap<(SpeakerIndex, usize), (usize, usize)>;

/// [`AliasTotals`] of the transcript the weak reference points to (which keeps its address from
/// being taken by another transcript while the entry lives).
#[derive(Debug, Clone)]
struct CountedTotals {
    transcript: std::sync::Weak<Transcript>,
    totals: Arc<AliasTotals>,
    words: usize,
}

impl Library {
    /// An empty library.
    pub fn new() -> Library {
        Library::default()
    }

    /// A library of these transcripts.
    pub fn from_transcripts(transcripts: impl IntoIterator<Item = Transcript>) -> Library {
        Library::from_shared(transcripts.into_iter().map(Arc::new).collect())
    }

    /// A library of these shared transcripts (which an [`Index`](crate::analysis::Index) may be
    /// built over at the same time).
    pub fn from_shared(transcripts: Vec<Arc<Transcript>>) -> Library {
        let mut library = Library::new();
        library.transcripts = transcripts;
        library.rebuild();
        library
    }

    /// Increases whenever transcripts, speakers or overrides change; caches key on it.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The transcripts in the order they were added.
    pub fn transcripts(&self) -> &[Arc<Transcript>] {
        &self.transcripts
    }

    /// The merged speakers.
    pub fn speakers(&self) -> &[LibrarySpeaker] {
        &self.speakers
    }

    /// The overrides in force.
    pub fn overrides(&self) -> &SpeakerOverrides {
        &self.overrides
    }

    /// Adds a transcript; returns its index.
    pub fn add(&mut self, transcript: Arc<Transcript>) -> TranscriptIndex {
        self.transcripts.push(transcript);
        self.rebuild();
        self.transcripts.len() - 1
    }

    /// Adds several transcripts at once (one rebuild).
    pub fn extend(&mut self, transcripts: impl IntoIterator<Item = Arc<Transcript>>) {
        self.transcripts.extend(transcripts);
        self.rebuild();
    }

    /// Removes a transcript (indices of later transcripts shift down by one).
    pub fn remove(&mut self, index: TranscriptIndex) -> Option<Arc<Transcript>> {
        if index >= self.transcripts.len() {
            return None;
        }
        let removed = self.transcripts.remove(index);
        self.rebuild();
        Some(removed)
    }

    /// Removes the transcripts at these indices (in any order; indices past the end are
    /// ignored) with one rebuild, not one per transcript; returns how many were removed.
    pub fn remove_many(&mut self, indices: &[TranscriptIndex]) -> usize {
        let doomed: std::collections::HashSet<TranscriptIndex> = indices.iter().copied().collect();
        let before = self.transcripts.len();
        let mut index = 0;
        self.transcripts.retain(|_| {
            let keep = !doomed.contains(&index);
            index += 1;
            keep
        });
        let removed = before - self.transcripts.len();
        if removed > 0 {
            self.rebuild();
        }
        removed
    }

    /// Replaces the overrides and re-merges.
    pub fn set_overrides(&mut self, overrides: SpeakerOverrides) {
        self.overrides = overrides;
        self.rebuild();
    }

    /// The library speaker of a transcript's turn.
    pub fn speaker_of_turn(
        &self,
        transcript: TranscriptIndex,
        turn: TurnIndex,
    ) -> Option<LibrarySpeakerIndex> {
        let turn = self.transcripts.get(transcript)?.turns.get(turn)?;
        self.speaker_of(transcript, turn.speaker, turn.alias)
    }

    /// The library speaker of a transcript's local speaker and alias.
    pub fn speaker_of(
        &self,
        transcript: TranscriptIndex,
        speaker: SpeakerIndex,
        alias: usize,
    ) -> Option<LibrarySpeakerIndex> {
        let aliases = self.member_table.get(transcript)?.get(speaker)?;
        aliases.get(alias).or_else(|| aliases.first()).copied()
    }

    /// A speaker's place among the library's speakers sorted by key (0 first; `None` for an
    /// index the library does not have).
    pub fn speaker_key_rank(&self, speaker: LibrarySpeakerIndex) -> Option<usize> {
        self.key_ranks.get(speaker).map(|&rank| rank as usize)
    }

    /// Finds a library speaker by key.
    pub fn speaker_by_key(&self, key: &str) -> Option<LibrarySpeakerIndex> {
        self.speakers.iter().position(|s| s.key == key)
    }

    /// Words spoken in a transcript (as [`Transcript::word_count`] counts them), counted once
    /// when the transcript was added.
    pub fn transcript_words(&self, transcript: TranscriptIndex) -> usize {
        self.transcripts
            .get(transcript)
            .and_then(|t| self.totals.get(&(Arc::as_ptr(t) as usize)))
            .map_or(0, |counted| counted.words)
    }

    /// Counts the turns and words of the transcripts not counted yet (in parallel: it reads
    /// every turn's text) and forgets those of transcripts no longer in the library. Overrides
    /// change nothing here, so a merge or a rename counts nothing again.
    fn count_new_transcripts(&mut self) {
        use rayon::prelude::*;
        let mut kept: HashMap<usize, CountedTotals> =
            HashMap::with_capacity_and_hasher(self.transcripts.len(), Default::default());
        let mut missing: Vec<&Arc<Transcript>> = Vec::new();
        for transcript in &self.transcripts {
            let address = Arc::as_ptr(transcript) as usize;
            match self.totals.remove(&address) {
                Some(counted) if counted.transcript.as_ptr() == Arc::as_ptr(transcript) => {
                    kept.insert(address, counted);
                }
                _ => missing.push(transcript),
            }
        }
        let counted: Vec<(usize, CountedTotals)> = missing
            .par_iter()
            .map(|transcript| {
                let totals = alias_totals(transcript);
                let words = totals.values().map(|&(_, words)| words).sum();
                (
                    Arc::as_ptr(transcript) as usize,
                    CountedTotals {
                        transcript: Arc::downgrade(transcript),
                        totals: Arc::new(totals),
                        words,
                    },
                )
            })
            .collect();
        kept.extend(counted);
        self.totals = kept;
    }

    /// Recomputes the merged speakers from the transcripts and overrides.
    fn rebuild(&mut self) {
        self.revision += 1;
        self.count_new_transcripts();
        let overrides = &self.overrides;
        let keys = transcript_speaker_keys(&self.transcripts);
        let canonical = canonical_person_keys(&self.transcripts, &keys);
        let mut speakers: Vec<LibrarySpeaker> = Vec::new();
        let mut by_key: HashMap<String, LibrarySpeakerIndex> = HashMap::default();
        let mut table = Vec::with_capacity(self.transcripts.len());
        let empty = AliasTotals::default();
        for (transcript_index, (transcript, keys)) in self.transcripts.iter().zip(&keys).enumerate()
        {
            let totals = self
                .totals
                .get(&(Arc::as_ptr(transcript) as usize))
                .map_or(&empty, |counted| counted.totals.as_ref());
            let mut transcript_table = Vec::with_capacity(transcript.speakers.len());
            for (speaker_index, speaker) in transcript.speakers.iter().enumerate() {
                let alias_count = speaker.aliases.len().max(1);
                let mut alias_table = Vec::with_capacity(alias_count);
                for alias_index in 0..alias_count {
                    let alias = speaker.aliases.get(alias_index);
                    let split = alias.filter(|a| {
                        speaker.aliases.len() > 1
                            && overrides.splits.iter().any(|s| s.eq_ignore_ascii_case(a))
                    });
                    let (mut key, name) = match split {
                        Some(alias) => (split_key(transcript, alias), names::display_name(alias)),
                        None => {
                            let key = keys.get(speaker_index).map_or("", String::as_str);
                            (
                                canonical
                                    .get(key)
                                    .cloned()
                                    .unwrap_or_else(|| key.to_owned()),
                                speaker.name.clone(),
                            )
                        }
                    };
                    let mut seen = BTreeSet::new();
                    while let Some(into) = overrides.merges.get(&key) {
                        if !seen.insert(key.clone()) {
                            break;
                        }
                        key = into.clone();
                    }
                    let index = *by_key.entry(key.clone()).or_insert_with(|| {
                        speakers.push(LibrarySpeaker {
                            key: key.clone(),
                            name: name.clone(),
                            aliases: Vec::new(),
                            role: speaker.role,
                            members: Vec::new(),
                            hidden: false,
                            turns: 0,
                            words: 0,
                            transcript_count: 0,
                        });
                        speakers.len() - 1
                    });
                    let merged = &mut speakers[index];
                    // (A name is never fuller than itself: the same name needs no comparing.)
                    if split.is_none()
                        && name != merged.name
                        && names::fuller_name(&name, &merged.name)
                    {
                        merged.name = name;
                    }
                    match alias {
                        Some(alias) if !merged.aliases.contains(alias) => {
                            merged.aliases.push(alias.clone())
                        }
                        _ => {}
                    }
                    merged.members.push(SpeakerMember {
                        transcript: transcript_index,
                        speaker: speaker_index,
                        alias: alias_index,
                    });
                    let (turns, words) = totals
                        .get(&(speaker_index, alias_index))
                        .copied()
                        .unwrap_or_default();
                    merged.turns += turns;
                    merged.words += words;
                    alias_table.push(index);
                }
                transcript_table.push(alias_table);
            }
            table.push(transcript_table);
        }
        for speaker in &mut speakers {
            if let Some(name) = overrides.renames.get(&speaker.key) {
                speaker.name = name.clone();
            }
            speaker.hidden = overrides.hidden.contains(&speaker.key);
            let transcripts: BTreeSet<_> = speaker.members.iter().map(|m| m.transcript).collect();
            speaker.transcript_count = transcripts.len();
        }
        let mut by_key: Vec<u32> = (0..speakers.len() as u32).collect();
        by_key.sort_unstable_by(|&a, &b| {
            let key = |i: u32| speakers.get(i as usize).map_or("", |s| s.key.as_str());
            key(a).cmp(key(b))
        });
        let mut key_ranks = vec![0u32; speakers.len()];
        for (rank, &speaker) in by_key.iter().enumerate() {
            if let Some(slot) = key_ranks.get_mut(speaker as usize) {
                *slot = rank as u32;
            }
        }
        self.key_ranks = key_ranks;
        self.speakers = speakers;
        self.member_table = table;
    }
}

/// Turns and words per (local speaker, alias) of a transcript.
fn alias_totals(transcript: &Transcript) -> AliasTotals {
    // The loader counted each turn's words (a transcript built otherwise is counted here).
    let words = transcript.words_per_turn();
    // Counted in a table by speaker and alias (a transcript has few), not a hash per turn; a
    // turn with an index the speaker list does not have goes to the map directly.
    let mut table: Vec<Vec<(usize, usize)>> = transcript
        .speakers
        .iter()
        .map(|speaker| vec![(0, 0); speaker.aliases.len().max(1)])
        .collect();
    let mut totals: AliasTotals = HashMap::default();
    for (turn, &words) in transcript.turns.iter().zip(words.iter()) {
        let entry = match table
            .get_mut(turn.speaker)
            .and_then(|aliases| aliases.get_mut(turn.alias))
        {
            Some(entry) => entry,
            None => totals.entry((turn.speaker, turn.alias)).or_default(),
        };
        entry.0 += 1;
        entry.1 += words as usize;
    }
    for (speaker, aliases) in table.into_iter().enumerate() {
        for (alias, (turns, words)) in aliases.into_iter().enumerate() {
            if turns > 0 {
                totals.insert((speaker, alias), (turns, words));
            }
        }
    }
    totals
}

/// Maps person keys that name the same person across the library onto one key: a name with
/// middle names or initials (`donald j trump`) onto the first-and-last form (`donald trump`)
/// when no other name shortens to that form; and a surname-only key (`biden`, from
/// "President Biden") onto the one longer name that ends with it (`joe biden`).
fn canonical_person_keys(
    transcripts: &[Arc<Transcript>],
    speaker_keys: &[Vec<String>],
) -> HashMap<String, String> {
    const PREFIX: &str = "person:";
    let keys: BTreeSet<String> = speaker_keys
        .iter()
        .flatten()
        .filter_map(|k| k.strip_prefix(PREFIX).map(str::to_string))
        .collect();
    let mut canonical: HashMap<String, String> = HashMap::default();
    // Middle parts dropped, when unambiguous.
    let mut by_short: HashMap<String, Vec<&String>> = HashMap::default();
    for key in &keys {
        let words: Vec<&str> = key.split_whitespace().collect();
        if let (true, Some(first), Some(last)) = (words.len() > 2, words.first(), words.last()) {
            by_short
                .entry(format!("{first} {last}"))
                .or_default()
                .push(key);
        }
    }
    for (short, longs) in &by_short {
        if let [long] = longs.as_slice() {
            canonical.insert((*long).clone(), short.clone());
        }
    }
    let resolved = |key: &String| canonical.get(key).cloned().unwrap_or_else(|| key.clone());
    // Titles each (resolved) key is seen with: a surname joins a full name only when both
    // carry a common title ("President Biden" and "Vice President Joe Biden"), so that a
    // questioner "Kelly Lee" never absorbs "Prime Minister Lee".
    let mut titles: HashMap<String, BTreeSet<String>> = HashMap::default();
    for (transcript, transcript_keys) in transcripts.iter().zip(speaker_keys) {
        for (speaker, key) in transcript.speakers.iter().zip(transcript_keys) {
            let Some(key) = key.strip_prefix(PREFIX).map(str::to_string) else {
                continue;
            };
            let entry = titles.entry(resolved(&key)).or_default();
            for label in speaker.aliases.iter().chain(std::iter::once(&speaker.name)) {
                entry.extend(names::title_words(label));
            }
        }
    }
    let full: BTreeSet<String> = keys
        .iter()
        .filter(|k| k.split_whitespace().count() >= 2)
        .map(resolved)
        .collect();
    for key in keys.iter().filter(|k| k.split_whitespace().count() == 1) {
        let Some(short_titles) = titles.get(key).filter(|t| !t.is_empty()) else {
            continue;
        };
        let longer: Vec<&String> = full
            .iter()
            .filter(|f| f.split_whitespace().last() == Some(key.as_str()))
            .collect();
        if let [one] = longer.as_slice()
            && titles
                .get(*one)
                .is_some_and(|t| !t.is_disjoint(short_titles))
        {
            canonical.insert(key.clone(), (*one).clone());
        }
    }
    canonical
        .into_iter()
        .map(|(from, to)| (format!("{PREFIX}{from}"), format!("{PREFIX}{to}")))
        .collect()
}

/// The [`speaker_key`] of every speaker of every transcript (in parallel), by transcript and
/// speaker index.
fn transcript_speaker_keys(transcripts: &[Arc<Transcript>]) -> Vec<Vec<String>> {
    use rayon::prelude::*;
    transcripts
        .par_iter()
        .map(|transcript| {
            transcript
                .speakers
                .iter()
                .map(|speaker| speaker_key(transcript, speaker))
                .collect()
        })
        .collect()
}

/// The stable key of a transcript's speaker: named people share a key across files; roles are
/// local to their transcript.
pub fn speaker_key(transcript: &Transcript, speaker: &crate::model::Speaker) -> String {
    // A generic label ("Moderator") names a role, not a person, whatever the role says.
    if speaker.role.is_named_person() && names::generic_role(&speaker.name).is_none() {
        format!("person:{}", names::person_key(&speaker.name))
    } else {
        format!(
            "{}:{}#{}",
            speaker.role.name(),
            transcript.source_path.display(),
            names::person_key(&speaker.name)
        )
    }
}

fn split_key(transcript: &Transcript, alias: &str) -> String {
    format!(
        "split:{}#{}",
        transcript.source_path.display(),
        alias.to_lowercase()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Format, Speaker, Turn};
    use std::path::PathBuf;

    /// A transcript with one turn per (name, aliases, role).
    fn transcript(path: &str, speakers: &[(&str, &[&str], Role)]) -> Transcript {
        Transcript {
            source_path: PathBuf::from(path),
            format: Format::UpperLabels,
            title: path.to_string(),
            date: None,
            source_url: None,
            speakers: speakers
                .iter()
                .map(|(name, aliases, role)| Speaker {
                    name: name.to_string(),
                    aliases: aliases.iter().map(|a| a.to_string()).collect(),
                    role: *role,
                })
                .collect(),
            turns: (0..speakers.len())
                .map(|speaker| Turn {
                    speaker,
                    alias: 0,
                    text: "a few words".to_string(),
                    source_range: 0..1,
                    start: 0.0,
                    end: 1.0,
                    section: None,
                    stage_directions: Vec::new(),
                })
                .collect(),
            sections: Vec::new(),
            timed: false,
            source_len: 1,
            notices: Vec::new(),
            turn_word_counts: Default::default(),
        }
    }

    fn names(library: &Library) -> Vec<(String, usize)> {
        library
            .speakers()
            .iter()
            .map(|s| (s.name.clone(), s.transcript_count))
            .collect()
    }

    /// Several transcripts leave in one rebuild, in any order, indices past the end ignored.
    #[test]
    fn remove_many_removes_those_named_in_one_rebuild() {
        let mut library = Library::from_transcripts(
            ["a.txt", "b.txt", "c.txt", "d.txt"]
                .map(|path| transcript(path, &[(path, &[], Role::Person)])),
        );
        let revision = library.revision();
        assert_eq!(library.remove_many(&[2, 0, 9, 2]), 2);
        assert_eq!(library.revision(), revision + 1, "one rebuild");
        let paths: Vec<String> = library
            .transcripts()
            .iter()
            .map(|t| t.source_path.display().to_string())
            .collect();
        assert_eq!(paths, ["b.txt", "d.txt"]);
        let mut names: Vec<String> = library.speakers().iter().map(|s| s.name.clone()).collect();
        names.sort();
        assert_eq!(names, ["b.txt", "d.txt"], "the speakers of the rest only");
        assert_eq!(library.remove_many(&[5]), 0);
        assert_eq!(
            library.revision(),
            revision + 1,
            "nothing removed: no rebuild"
        );
    }

    /// Turns and words per (speaker, alias) are those of counting turn by turn, for aliases
    /// the speaker lists, a speaker without aliases, and indices beyond the lists.
    #[test]
    fn alias_totals_count_every_turn() {
        let mut t = transcript(
            "a.txt",
            &[
                ("Ann Lee", &["LEE", "ANN LEE"], Role::Person),
                ("Bob Day", &[], Role::Person),
            ],
        );
        let template = t.turns[0].clone();
        let turn = |speaker: usize, alias: usize, text: &str| Turn {
            speaker,
            alias,
            text: text.to_string(),
            ..template.clone()
        };
        t.turns = vec![
            turn(0, 1, "one two"),
            turn(1, 0, "three"),
            turn(0, 1, "four five six"),
            turn(0, 0, "seven"),
            turn(0, 7, "an alias the speaker does not list"),
            turn(9, 0, "a speaker the list does not have"),
        ];
        let mut expected: AliasTotals = HashMap::default();
        for (turn, words) in t.turns.iter().zip(t.words_per_turn().iter()) {
            let entry = expected.entry((turn.speaker, turn.alias)).or_default();
            entry.0 += 1;
            entry.1 += *words as usize;
        }
        assert_eq!(expected.get(&(0, 1)), Some(&(2, 5)));
        assert_eq!(alias_totals(&t), expected);
    }

    #[test]
    fn word_totals_are_counted_once_per_transcript() {
        let mut library = Library::from_transcripts([
            transcript("a.txt", &[("Ann Lee", &["LEE"], Role::Person)]),
            transcript(
                "b.txt",
                &[
                    ("Bob Day", &["DAY"], Role::Person),
                    ("Cy Fox", &["FOX"], Role::Person),
                ],
            ),
        ]);
        for (index, transcript) in library.transcripts().iter().enumerate() {
            assert_eq!(library.transcript_words(index), transcript.word_count());
        }
        assert_eq!(library.transcript_words(1), 6);
        assert_eq!(library.transcript_words(2), 0);
        let counted = |library: &Library| -> Vec<Arc<AliasTotals>> {
            library
                .transcripts()
                .iter()
                .filter_map(|t| library.totals.get(&(Arc::as_ptr(t) as usize)))
                .map(|c| Arc::clone(&c.totals))
                .collect()
        };
        let before = counted(&library);
        // A merge rebuilds the speakers without counting any transcript again.
        let mut overrides = SpeakerOverrides::default();
        let key = library.speakers()[1].key.clone();
        let into = library.speakers()[2].key.clone();
        overrides.merges.insert(key, into);
        library.set_overrides(overrides);
        let after = counted(&library);
        assert_eq!(before.len(), 2);
        assert!(before.iter().zip(&after).all(|(b, a)| Arc::ptr_eq(b, a)));
        assert_eq!(library.speakers().iter().map(|s| s.words).sum::<usize>(), 9);
        // A removed transcript's counts go; the others stay.
        library.remove(0);
        assert_eq!(library.totals.len(), 1);
        assert_eq!(library.transcript_words(0), 6);
    }

    /// The key ranks put the speakers in key order, after loading and after a merge.
    #[test]
    fn key_ranks_follow_the_keys() {
        fn check(library: &Library) {
            let speakers = library.speakers();
            let mut by_rank: Vec<(usize, &str)> = (0..speakers.len())
                .map(|s| {
                    (
                        library.speaker_key_rank(s).unwrap_or(usize::MAX),
                        speakers[s].key.as_str(),
                    )
                })
                .collect();
            by_rank.sort_unstable();
            let ranks: Vec<usize> = by_rank.iter().map(|&(rank, _)| rank).collect();
            assert_eq!(ranks, (0..speakers.len()).collect::<Vec<_>>());
            assert!(by_rank.windows(2).all(|w| w[0].1 < w[1].1), "{by_rank:?}");
            assert_eq!(library.speaker_key_rank(speakers.len()), None);
        }
        let mut library = Library::from_transcripts([
            transcript("a.txt", &[("Zoe Park", &["PARK"], Role::Person)]),
            transcript(
                "b.txt",
                &[
                    ("Bob Day", &["DAY"], Role::Person),
                    ("Ann Lee", &["LEE"], Role::Person),
                ],
            ),
        ]);
        assert_eq!(library.speakers().len(), 3);
        check(&library);
        let mut overrides = SpeakerOverrides::default();
        let key = library.speakers()[0].key.clone();
        let into = library.speakers()[2].key.clone();
        overrides.merges.insert(key, into);
        library.set_overrides(overrides);
        assert_eq!(library.speakers().len(), 2);
        check(&library);
    }

    #[test]
    fn titled_surnames_and_middle_initials_join_the_full_name() {
        let library = Library::from_transcripts([
            transcript(
                "a.txt",
                &[("President Biden", &["THE PRESIDENT"], Role::Person)],
            ),
            transcript(
                "b.txt",
                &[
                    ("Joe Biden", &["Vice President Joe Biden"], Role::Person),
                    (
                        "Donald J. Trump",
                        &["President Donald J. Trump"],
                        Role::Person,
                    ),
                ],
            ),
            transcript("c.txt", &[("Donald Trump", &["TRUMP"], Role::Person)]),
        ]);
        assert_eq!(
            names(&library),
            vec![
                ("Joe Biden".to_string(), 2),
                ("Donald J. Trump".to_string(), 2)
            ]
        );
    }

    #[test]
    fn surnames_without_a_shared_title_and_roles_stay_apart() {
        let library = Library::from_transcripts([
            transcript(
                "a.txt",
                &[
                    ("Prime Minister Lee", &["PRIME MINISTER LEE"], Role::Person),
                    ("Moderator", &["MODERATOR"], Role::Moderator),
                    ("Reporter", &["Q"], Role::Reporter),
                ],
            ),
            transcript(
                "b.txt",
                &[
                    ("Kelly Lee", &["Kelly Lee"], Role::Person),
                    ("Moderator", &["MODERATOR"], Role::Moderator),
                    ("Reporter", &["Q"], Role::Reporter),
                ],
            ),
        ]);
        assert_eq!(library.speakers().len(), 6);
        assert!(library.speakers().iter().all(|s| s.transcript_count == 1));
    }

    #[test]
    fn ambiguous_middle_names_are_not_merged() {
        let library = Library::from_transcripts([
            transcript("a.txt", &[("George H. W. Bush", &["BUSH"], Role::Person)]),
            transcript("b.txt", &[("George W. Bush", &["BUSH"], Role::Person)]),
        ]);
        assert_eq!(library.speakers().len(), 2);
    }
}
