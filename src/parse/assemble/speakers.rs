//! Speaker resolution within one transcript: which labels name the same person, which are
//! generic roles, and what each speaker is called.
//!
//! Rules, in order: generic labels (`Q`, `REPORTER`, `Speaker 1`, `UNKNOWN`) become roles;
//! labels with the same name key merge (case, punctuation, titles, affiliations); surnames
//! expand from a participants/moderators list or, failing that, from a name in the title;
//! a surname-only, first-name-only or shortened form merges into exactly one longer label;
//! a title-only label (`THE PRESIDENT`) merges into the one label with that title
//! (`PRESIDENT BIDEN`) or takes the name the document title gives it.

use crate::model::{Role, Speaker};
use crate::names;
use rustc_hash::FxHashMap as HashMap;

/// The outcome: speakers, and for every label the (speaker, alias) it maps to.
#[derive(Debug, Default)]
pub struct Resolved {
    /// Speakers in order of first appearance.
    pub speakers: Vec<Speaker>,
    /// Label as written -> (speaker index, alias index).
    pub by_label: HashMap<String, (usize, usize)>,
}

/// What the resolution works from.
#[derive(Debug, Default)]
pub struct Context<'a> {
    /// Participant names from a header list.
    pub participants: &'a [String],
    /// Moderator names from a header list.
    pub moderators: &'a [String],
    /// The document title.
    pub title: Option<&'a str>,
}

#[derive(Debug, Clone)]
struct Group {
    labels: Vec<String>,
    counts: Vec<usize>,
    first: usize,
    role: Role,
    generic_name: Option<String>,
    full_name: Option<String>,
    key: String,
}

impl Group {
    fn is_person(&self) -> bool {
        self.generic_name.is_none()
    }
    fn key_words(&self) -> Vec<&str> {
        self.key.split_whitespace().collect()
    }
    fn absorb(&mut self, other: Group) {
        for (label, count) in other.labels.into_iter().zip(other.counts) {
            if !self.labels.contains(&label) {
                self.labels.push(label);
                self.counts.push(count);
            }
        }
        self.first = self.first.min(other.first);
        if other.role == Role::Moderator {
            self.role = Role::Moderator;
        }
        if self.full_name.is_none() {
            self.full_name = other.full_name;
        }
    }
}

struct ListEntry {
    name: String,
    key: String,
    moderator: bool,
}

/// Resolves the labels (in order of appearance, with repeats) into speakers.
pub fn resolve<L: AsRef<str>>(labels: &[L], context: &Context<'_>) -> Resolved {
    // Distinct labels with counts and first positions.
    let mut order: Vec<String> = Vec::new();
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::default();
    for (position, label) in labels.iter().enumerate() {
        let label = label.as_ref();
        let entry = counts.entry(label).or_insert((0, position));
        if entry.0 == 0 {
            order.push(label.to_owned());
        }
        entry.0 += 1;
    }

    let entries: Vec<ListEntry> = context
        .participants
        .iter()
        .map(|n| (n, false))
        .chain(context.moderators.iter().map(|n| (n, true)))
        .map(|(name, moderator)| ListEntry {
            name: proper(&names::name_part(name)),
            key: names::person_key(name),
            moderator,
        })
        .filter(|e| !e.key.is_empty())
        .collect();

    // Step 1: one group per key.
    let mut groups: Vec<Group> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::default();
    for label in &order {
        let (count, first) = counts.get(label.as_str()).copied().unwrap_or((0, 0));
        let (role, generic_name, key) = match names::generic_role(label) {
            Some((role, name)) => {
                let key = format!("{}:{}", role.name(), name.to_lowercase());
                (role, Some(name), key)
            }
            None => (Role::Person, None, names::person_key(label)),
        };
        let key = if key.is_empty() {
            label.to_lowercase()
        } else {
            key
        };
        match by_key.get(&key) {
            Some(&index) => {
                let group = &mut groups[index];
                group.labels.push(label.clone());
                group.counts.push(count);
            }
            None => {
                by_key.insert(key.clone(), groups.len());
                groups.push(Group {
                    labels: vec![label.clone()],
                    counts: vec![count],
                    first,
                    role,
                    generic_name,
                    full_name: None,
                    key,
                });
            }
        }
    }

    // Step 2: expand from the header lists, then from names in the title.
    for group in groups.iter_mut().filter(|g| g.is_person()) {
        let words = group.key_words();
        let exact: Vec<&ListEntry> = entries.iter().filter(|e| e.key == group.key).collect();
        let by_surname: Vec<&ListEntry> = if words.len() == 1 {
            entries
                .iter()
                .filter(|e| e.key.split_whitespace().last() == words.first().copied())
                .collect()
        } else {
            Vec::new()
        };
        let matched = match (exact.as_slice(), by_surname.as_slice()) {
            ([one], _) | ([], [one]) => Some(*one),
            _ => None,
        };
        if let Some(entry) = matched {
            if entry.key.split_whitespace().count() > words.len() {
                group.full_name = Some(entry.name.clone());
            }
            if entry.moderator {
                group.role = Role::Moderator;
            }
        } else if words.len() == 1
            && let Some(title) = context.title
            && let Some(word) = words.first()
            && let Some(name) = name_in_title(title, word)
        {
            group.full_name = Some(name);
        }
        if let Some(full) = &group.full_name {
            group.key = names::person_key(full);
        }
    }
    let mut groups = merge_equal_keys(groups);

    // Step 3: shortened forms merge into exactly one longer label.
    let mut indices: Vec<usize> = (0..groups.len()).collect();
    indices.sort_by_key(|&i| groups[i].key_words().len());
    let mut merged_into: Vec<Option<usize>> = vec![None; groups.len()];
    // Index the longer forms each shorter key could be (see `extends`) so that files with
    // thousands of labels stay linear: proper word suffixes, the first word of two-word
    // names, and first-and-last pairs.
    let mut longer_forms: HashMap<String, Vec<usize>> = HashMap::default();
    for (index, group) in groups.iter().enumerate() {
        let words = group.key_words();
        for from in 1..words.len() {
            longer_forms
                .entry(format!("suffix:{}", words[from..].join(" ")))
                .or_default()
                .push(index);
        }
        if let [first, _] = words.as_slice() {
            longer_forms
                .entry(format!("first:{first}"))
                .or_default()
                .push(index);
        }
        if let (true, Some(first), Some(last)) = (words.len() > 2, words.first(), words.last()) {
            longer_forms
                .entry(format!("ends:{first} {last}"))
                .or_default()
                .push(index);
        }
    }
    for &short in &indices {
        if !groups[short].is_person() || is_title_only(&groups[short]) {
            continue;
        }
        let short_words: Vec<String> = groups[short]
            .key_words()
            .iter()
            .map(|w| w.to_string())
            .collect();
        let mut lookups = vec![format!("suffix:{}", short_words.join(" "))];
        if let [only] = short_words.as_slice() {
            lookups.push(format!("first:{only}"));
        }
        if let (true, Some(first), Some(last)) = (
            short_words.len() >= 2,
            short_words.first(),
            short_words.last(),
        ) {
            lookups.push(format!("ends:{first} {last}"));
        }
        let mut nearby: Vec<usize> = lookups
            .iter()
            .filter_map(|k| longer_forms.get(k))
            .flatten()
            .copied()
            .collect();
        nearby.sort_unstable();
        nearby.dedup();
        let candidates: Vec<usize> = nearby
            .into_iter()
            .filter(|&long| {
                long != short
                    && merged_into[long].is_none()
                    && groups[long].is_person()
                    && extends(&groups[long].key_words(), &short_words)
            })
            .collect();
        if let [long] = candidates.as_slice() {
            merged_into[short] = Some(*long);
        }
    }
    // Title-only labels ("THE PRESIDENT").
    for index in 0..groups.len() {
        if !groups[index].is_person() || !is_title_only(&groups[index]) {
            continue;
        }
        let titles = names::title_words(&groups[index].labels[0]);
        let candidates: Vec<usize> = (0..groups.len())
            .filter(|&other| {
                other != index
                    && merged_into[other].is_none()
                    && groups[other].is_person()
                    && !is_title_only(&groups[other])
                    && groups[other]
                        .labels
                        .iter()
                        .any(|l| !titles.is_empty() && names::title_words(l) == titles)
            })
            .collect();
        if let [other] = candidates.as_slice() {
            merged_into[index] = Some(*other);
        } else if candidates.is_empty()
            && let Some(title) = context.title
            && let Some(name) = titled_name_in_title(title, &titles)
        {
            groups[index].key = names::person_key(&name);
            groups[index].full_name = Some(name);
        }
    }
    let mut final_groups: Vec<Option<Group>> = groups.drain(..).map(Some).collect();
    for index in 0..final_groups.len() {
        let mut target = index;
        let mut guard = 0;
        while let Some(next) = merged_into[target] {
            target = next;
            guard += 1;
            if guard > final_groups.len() {
                break;
            }
        }
        if target != index
            && let Some(group) = final_groups[index].take()
            && let Some(Some(into)) = final_groups.get_mut(target)
        {
            into.absorb(group);
        }
    }
    let mut groups = merge_equal_keys(final_groups.into_iter().flatten().collect());
    groups.sort_by_key(|g| g.first);

    let mut resolved = Resolved::default();
    for (speaker_index, group) in groups.into_iter().enumerate() {
        let name = display(&group);
        for (alias_index, label) in group.labels.iter().enumerate() {
            resolved
                .by_label
                .insert(label.clone(), (speaker_index, alias_index));
        }
        resolved.speakers.push(Speaker {
            name,
            aliases: group.labels,
            role: group.role,
        });
    }
    resolved
}

fn merge_equal_keys(groups: Vec<Group>) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::default();
    for group in groups {
        match by_key.get(&group.key) {
            Some(&index) => out[index].absorb(group),
            None => {
                by_key.insert(group.key.clone(), out.len());
                out.push(group);
            }
        }
    }
    out
}

/// Whether `long` is a fuller form of `short`: `short` is a word suffix (`putin` of
/// `vladimir putin`), the first name of a two-word name (`savannah` of `savannah guthrie`),
/// or has the same first and last words (`donald trump` of `donald j trump`).
fn extends(long: &[&str], short: &[String]) -> bool {
    if short.is_empty() || long.len() <= short.len() {
        return false;
    }
    let suffix = long[long.len() - short.len()..]
        .iter()
        .zip(short)
        .all(|(a, b)| *a == b);
    let first_name = short.len() == 1 && long.len() == 2 && long[0] == short[0];
    let same_ends = short.len() >= 2
        && long.first().copied() == short.first().map(String::as_str)
        && long.last().copied() == short.last().map(String::as_str);
    suffix || first_name || same_ends
}

fn is_title_only(group: &Group) -> bool {
    group.full_name.is_none()
        && group.labels.iter().all(|label| {
            let words: Vec<&str> = label.split_whitespace().collect();
            !words.is_empty() && words.iter().all(|w| names::is_title_word(w))
        })
}

/// A two-word name in the title ending with `surname` ("Press Secretary Jen Psaki" gives
/// "Jen Psaki" for `psaki`), when exactly one such name is there.
fn name_in_title(title: &str, surname: &str) -> Option<String> {
    let words: Vec<&str> = title.split_whitespace().collect();
    let mut found: Vec<String> = Vec::new();
    for (index, word) in words.iter().enumerate() {
        let cleaned = word.trim_matches(|c: char| !c.is_alphanumeric());
        if !cleaned.eq_ignore_ascii_case(surname) || index == 0 {
            continue;
        }
        let previous = words[index - 1].trim_matches(|c: char| !c.is_alphanumeric());
        let name_like = previous.chars().next().is_some_and(char::is_uppercase)
            && previous
                .chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            && !names::is_title_word(previous)
            && !previous.chars().all(char::is_uppercase);
        if name_like {
            let name = format!("{previous} {cleaned}");
            if !found.contains(&name) {
                found.push(name);
            }
        }
    }
    match found.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// A "Title Name" in the document title for a title-only label ("Remarks by President Biden"
/// gives "President Biden" for `THE PRESIDENT`), when exactly one is there.
fn titled_name_in_title(title: &str, titles: &[String]) -> Option<String> {
    if titles.is_empty() {
        return None;
    }
    let words: Vec<&str> = title.split_whitespace().collect();
    let mut found: Vec<String> = Vec::new();
    for start in 0..words.len() {
        let end = start + titles.len();
        if end >= words.len() {
            break;
        }
        let matches = words[start..end].iter().zip(titles).all(|(w, t)| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .eq_ignore_ascii_case(t)
        });
        let before_is_title = start > 0 && names::is_title_word(words[start - 1]);
        let name = words[end].trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        if matches
            && !before_is_title
            && name.chars().next().is_some_and(char::is_uppercase)
            && !names::is_title_word(name)
        {
            let text = format!("{} {}", words[start..end].join(" "), name);
            if !found.contains(&text) {
                found.push(text);
            }
        }
    }
    match found.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// Proper case for all-caps text; mixed case kept.
fn proper(text: &str) -> String {
    names::display_name(text)
}

fn display(group: &Group) -> String {
    if let Some(name) = &group.generic_name {
        return name.clone();
    }
    if let Some(name) = &group.full_name {
        return proper(name);
    }
    let best = group
        .labels
        .iter()
        .zip(&group.counts)
        .max_by_key(|(label, count)| {
            (
                names::person_key(label).split_whitespace().count(),
                // Prefer mixed case as written, then the most frequent.
                label.chars().any(char::is_lowercase),
                **count,
            )
        })
        .map(|(label, _)| label.as_str())
        .unwrap_or_default();
    let name = names::name_part(best);
    if name.split_whitespace().count() >= 2 {
        proper(&name)
    } else {
        proper(best)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn summary(resolved: &Resolved) -> Vec<(String, Role, Vec<String>)> {
        resolved
            .speakers
            .iter()
            .map(|s| (s.name.clone(), s.role, s.aliases.clone()))
            .collect()
    }

    #[test]
    fn surname_forms_merge_into_the_one_full_label() {
        let resolved = resolve(
            &labels(&[
                "VLADIMIR PUTIN",
                "ALEXANDER LUKASHENKO",
                "REPORTER",
                "PUTIN",
                "LUKASHENKO",
                "UNIDENTIFIED SPEAKER",
            ]),
            &Context::default(),
        );
        assert_eq!(
            summary(&resolved),
            vec![
                (
                    "Vladimir Putin".into(),
                    Role::Person,
                    labels(&["VLADIMIR PUTIN", "PUTIN"])
                ),
                (
                    "Alexander Lukashenko".into(),
                    Role::Person,
                    labels(&["ALEXANDER LUKASHENKO", "LUKASHENKO"])
                ),
                ("Reporter".into(), Role::Reporter, labels(&["REPORTER"])),
                (
                    "Unidentified Speaker".into(),
                    Role::Unidentified,
                    labels(&["UNIDENTIFIED SPEAKER"])
                ),
            ]
        );
        assert_eq!(resolved.by_label.get("PUTIN"), Some(&(0, 1)));
    }

    #[test]
    fn ambiguous_surnames_stay_apart() {
        let resolved = resolve(
            &labels(&["JOHN SMITH", "JANE SMITH", "SMITH"]),
            &Context::default(),
        );
        assert_eq!(resolved.speakers.len(), 3);
    }

    #[test]
    fn participants_expand_surnames_and_mark_moderators() {
        let participants = labels(&["Senator Ted Cruz (TX)", "Donald Trump"]);
        let moderators = labels(&["Megyn Kelly (Fox News)"]);
        let resolved = resolve(
            &labels(&["KELLY", "CRUZ", "TRUMP", "UNIDENTIFIED MALE"]),
            &Context {
                participants: &participants,
                moderators: &moderators,
                title: None,
            },
        );
        assert_eq!(
            summary(&resolved),
            vec![
                ("Megyn Kelly".into(), Role::Moderator, labels(&["KELLY"])),
                ("Ted Cruz".into(), Role::Person, labels(&["CRUZ"])),
                ("Donald Trump".into(), Role::Person, labels(&["TRUMP"])),
                (
                    "Unidentified Male".into(),
                    Role::Unidentified,
                    labels(&["UNIDENTIFIED MALE"])
                ),
            ]
        );
    }

    #[test]
    fn titles_case_and_affiliations_merge() {
        let resolved = resolve(
            &labels(&[
                "MS. PSAKI",
                "Q",
                "Ms. Psaki",
                "MR. SMITH (Papineau, Lib.)",
                "Mr. Smith",
                "MR KIRBY",
                "MR. KIRBY",
            ]),
            &Context::default(),
        );
        let names: Vec<String> = resolved.speakers.iter().map(|s| s.name.clone()).collect();
        assert_eq!(
            names,
            vec!["Ms. Psaki", "Reporter", "Mr. Smith", "Mr. Kirby"]
        );
        assert_eq!(resolved.speakers[0].aliases.len(), 2);
    }

    #[test]
    fn the_president_takes_the_name_from_the_title_or_the_one_titled_label() {
        let resolved = resolve(
            &labels(&["THE PRESIDENT", "Q"]),
            &Context {
                title: Some("Remarks by President Biden in Press Conference"),
                ..Context::default()
            },
        );
        assert_eq!(resolved.speakers[0].name, "President Biden");
        let resolved = resolve(
            &labels(&["PRESIDENT BIDEN", "THE PRESIDENT", "PRIME MINISTER SUGA"]),
            &Context::default(),
        );
        assert_eq!(resolved.speakers.len(), 2);
        assert_eq!(
            resolved.speakers[0].aliases,
            labels(&["PRESIDENT BIDEN", "THE PRESIDENT"])
        );
        let resolved = resolve(
            &labels(&["PRESIDENT BIDEN", "PRESIDENT MACRON", "THE PRESIDENT"]),
            &Context::default(),
        );
        assert_eq!(resolved.speakers.len(), 3);
    }

    #[test]
    fn surnames_expand_from_names_in_the_title() {
        let resolved = resolve(
            &labels(&["MS. JEAN-PIERRE", "MR. KIRBY", "Q"]),
            &Context {
                title: Some(
                    "Press Briefing by Press Secretary Karine Jean-Pierre and NSC Coordinator for Strategic Communications John Kirby",
                ),
                ..Context::default()
            },
        );
        let names: Vec<String> = resolved.speakers.iter().map(|s| s.name.clone()).collect();
        assert_eq!(names, vec!["Karine Jean-Pierre", "John Kirby", "Reporter"]);
    }

    #[test]
    fn rev_style_variants_of_one_person() {
        let resolved = resolve(
            &labels(&[
                "President Donald J. Trump",
                "Savannah Guthrie",
                "Savannah",
                "President Trump",
                "Speaker 1",
                "Vice President Joe Biden",
                "Joe Biden",
            ]),
            &Context::default(),
        );
        let summary: Vec<(String, usize)> = resolved
            .speakers
            .iter()
            .map(|s| (s.name.clone(), s.aliases.len()))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("Donald J. Trump".into(), 2),
                ("Savannah Guthrie".into(), 2),
                ("Speaker 1".into(), 1),
                ("Joe Biden".into(), 2),
            ]
        );
    }

    #[test]
    fn thousands_of_labels_resolve() {
        let many: Vec<String> = (0..5_000).map(|i| format!("PERSON{i} NAME{i}")).collect();
        let resolved = resolve(&many, &Context::default());
        assert_eq!(resolved.speakers.len(), 5_000);
    }

    #[test]
    fn long_first_mention_form() {
        let resolved = resolve(
            &labels(&[
                "President of Russia Vladimir Putin",
                "Vladimir Putin",
                "Putin",
            ]),
            &Context::default(),
        );
        assert_eq!(resolved.speakers.len(), 1);
        assert_eq!(resolved.speakers[0].name, "Vladimir Putin");
    }
}
