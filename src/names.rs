//! Speaker names: normalising labels into comparable keys, proper-cased display names, and the
//! generic labels (`Q`, `REPORTER`, `Speaker 1`, `spk_0`) that stand for roles, not people.

use crate::model::Role;

/// Titles and honorifics dropped when comparing names ("Mr.", "President", "The").
const TITLES: &[&str] = &[
    "the",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "dame",
    "madam",
    "president",
    "vice",
    "senator",
    "sen",
    "governor",
    "gov",
    "secretary",
    "representative",
    "rep",
    "congressman",
    "congresswoman",
    "former",
    "prime",
    "minister",
    "general",
    "gen",
    "admiral",
    "ambassador",
    "mayor",
    "judge",
    "justice",
    "chancellor",
    "chair",
    "chairman",
    "chairwoman",
    "administrator",
    "deputy",
    "chief",
    "press",
    "commissioner",
    "prof",
    "professor",
    "rev",
    "reverend",
    "his",
    "her",
    "excellency",
    "majesty",
    "hon",
    "honourable",
    "honorable",
    "king",
    "queen",
    "prince",
    "princess",
    "lord",
    "lady",
    "sheikh",
    "emir",
    "premier",
    "leader",
    "first",
];

/// Whether a word (any case, punctuation allowed) is a title or honorific.
pub fn is_title_word(word: &str) -> bool {
    let cleaned = clean_word(word);
    !cleaned.is_empty() && TITLES.contains(&cleaned.as_str())
}

/// The leading title words of a label, lower case, without "the": `THE PRESIDENT` and
/// `PRESIDENT BIDEN` both give `["president"]`, `Vice President Joe Biden` gives vice, president.
pub fn title_words(label: &str) -> Vec<String> {
    label
        .split_whitespace()
        .take_while(|w| is_title_word(w))
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| w != "the")
        .collect()
}

fn clean_word(word: &str) -> String {
    word.chars()
        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '\'' || *c == '’')
        .map(|c| if c == '’' { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The name part of a label as written: parenthesised affiliations and leading titles dropped
/// (`President of Russia Vladimir Putin` -> `Vladimir Putin`, `MS. PSAKI` -> `PSAKI`,
/// `Mr. Smith (Papineau, Lib.)` -> `Smith`). A label made only of titles (`THE PRESIDENT`)
/// is returned whole.
pub fn name_part(label: &str) -> String {
    let without_parens = strip_parenthesised(label);
    let words: Vec<&str> = without_parens
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty() && w.chars().any(char::is_alphanumeric))
        .collect();
    let first_name_word = words.iter().position(|w| !is_title_word(w));
    let Some(first) = first_name_word else {
        return words.join(" ");
    };
    let mut rest: Vec<&str> = words[first..].to_vec();
    // "President of Russia Vladimir Putin", "Chief of Staff of the ... Dmitry Peskov": the
    // office runs up to the last "of"-phrase; the name is the final capitalised words.
    if first > 0 && rest.iter().any(|w| clean_word(w) == "of") {
        let keep = if rest.len() >= 3 && is_initial(rest[rest.len() - 2]) {
            3
        } else {
            2
        };
        rest = rest[rest.len().saturating_sub(keep)..].to_vec();
    }
    rest.join(" ")
}

fn is_initial(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() == 1 && word.ends_with('.')
}

/// A comparison key for a person's name: lower case, punctuation and titles removed,
/// parenthesised affiliations dropped. `MS. PSAKI` and `Psaki` give `psaki`.
pub fn person_key(name: &str) -> String {
    name_part(name)
        .split(|c: char| c.is_whitespace() || c == '.')
        .map(clean_word)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn strip_parenthesised(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A proper-cased display form of a label: `VLADIMIR PUTIN` -> `Vladimir Putin`; mixed-case
/// labels are kept as written (after trimming).
pub fn display_name(label: &str) -> String {
    let label = label.trim().trim_end_matches(':').trim();
    let has_lower = label.chars().any(char::is_lowercase);
    if has_lower {
        return label.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    label
        .split_whitespace()
        .map(|word| {
            let mut out = String::with_capacity(word.len());
            let mut start_of_part = true;
            for c in word.chars() {
                if start_of_part {
                    out.extend(c.to_uppercase());
                } else {
                    out.extend(c.to_lowercase());
                }
                start_of_part = matches!(c, '-' | '\'' | '’' | '.' | '(');
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `candidate` is a fuller form of the same name than `current` (more name words).
pub fn fuller_name(candidate: &str, current: &str) -> bool {
    let words = |s: &str| person_key(s).split_whitespace().count();
    words(candidate) > words(current)
}

/// A generic label that stands for a role rather than a named person, with the display name
/// its speaker gets: `Q` -> (Reporter, "Reporter"), `UNKNOWN` -> (Unidentified,
/// "Unidentified Speaker"), `spk_0` -> (Unidentified, "Speaker 0"). `MODERATOR` is a role too.
pub fn generic_role(label: &str) -> Option<(Role, String)> {
    let lowered: String = label
        .trim()
        .trim_end_matches(':')
        .chars()
        .map(|c| match c {
            '_' | '-' => ' ',
            '’' => '\'',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    let words: Vec<&str> = lowered
        .split(|c: char| c.is_whitespace() || c == '.')
        .filter(|w| !w.is_empty())
        .collect();
    let joined = words.join(" ");
    let role_named = |role: Role, name: &str| Some((role, name.to_string()));
    match joined.as_str() {
        "q"
        | "question"
        | "questioner"
        | "reporter"
        | "reporters"
        | "journalist"
        | "press"
        | "audience question"
        | "the press"
        | "unidentified reporter"
        | "member of the press" => {
            return role_named(Role::Reporter, "Reporter");
        }
        "moderator" | "the moderator" | "host" => {
            return role_named(Role::Moderator, &display_name(label));
        }
        "unknown"
        | "unknown speaker"
        | "unidentified"
        | "unidentified speaker"
        | "unidentifiable"
        | "unidentifiable speaker"
        | "speaker"
        | "inaudible" => {
            return role_named(Role::Unidentified, "Unidentified Speaker");
        }
        "audience"
        | "audience member"
        | "audience members"
        | "crowd"
        | "protester"
        | "protesters"
        | "audience members in unison"
        | "participants" => {
            return Some((Role::Audience, display_name(&title_case(&joined))));
        }
        "unidentified male"
        | "unidentified female"
        | "unidentified man"
        | "unidentified woman"
        | "male"
        | "female"
        | "man"
        | "woman"
        | "male speaker"
        | "female speaker"
        | "voice"
        | "voice over"
        | "voiceover"
        | "announcer"
        | "operator"
        | "aide"
        | "white house aide"
        | "staff"
        | "interpreter"
        | "translator"
        | "narrator"
        | "new speaker"
        | "off camera"
        | "multiple speakers"
        | "several speakers"
        | "all" => {
            return Some((Role::Unidentified, title_case(&joined)));
        }
        _ => {}
    }
    // Numbered or lettered diarizer labels: Speaker 1, SPEAKER_00, spk_0, S1, A.
    let numbered = match words.as_slice() {
        ["speaker" | "spk" | "spkr" | "s", id] if is_speaker_id(id) => Some(*id),
        [one] => one
            .strip_prefix("speaker")
            .or_else(|| one.strip_prefix("spk"))
            .or_else(|| one.strip_prefix('s'))
            .filter(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_digit())),
        _ => None,
    };
    if let Some(id) = numbered {
        return Some((Role::Unidentified, format!("Speaker {}", id.to_uppercase())));
    }
    if let [one] = words.as_slice()
        && one.chars().count() == 1
        && one.chars().all(|c| c.is_alphabetic())
        && !label.trim().eq_ignore_ascii_case("q")
    {
        return Some((
            Role::Unidentified,
            format!("Speaker {}", one.to_uppercase()),
        ));
    }
    None
}

fn is_speaker_id(word: &str) -> bool {
    !word.is_empty()
        && (word.chars().all(|c| c.is_ascii_digit())
            || (word.chars().count() == 1 && word.chars().all(|c| c.is_alphabetic())))
}

fn title_case(text: &str) -> String {
    display_name(&text.to_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_drop_titles_case_and_punctuation() {
        assert_eq!(person_key("MS. PSAKI"), "psaki");
        assert_eq!(person_key("President Donald J. Trump"), "donald j trump");
        assert_eq!(person_key("Mr. Smith (Papineau, Lib.)"), "smith");
        assert_eq!(person_key("THE PRESIDENT"), "the president");
        assert_eq!(person_key("Vice President Joe Biden"), "joe biden");
        assert_eq!(person_key("VLADIMIR PUTIN"), "vladimir putin");
        assert_eq!(person_key("Belarus’s leader"), "belarus's leader");
    }

    #[test]
    fn long_first_mention_forms_reduce_to_the_name() {
        assert_eq!(
            name_part("President of Russia Vladimir Putin"),
            "Vladimir Putin"
        );
        assert_eq!(
            person_key("Deputy Chief of Staff of the Presidential Executive Office Dmitry Peskov"),
            "dmitry peskov"
        );
        assert_eq!(name_part("Senator Ted Cruz (TX)"), "Ted Cruz");
        assert_eq!(name_part("PRESIDENT BIDEN"), "BIDEN");
    }

    #[test]
    fn display_names_are_proper_cased() {
        assert_eq!(display_name("VLADIMIR PUTIN"), "Vladimir Putin");
        assert_eq!(display_name("MS. JEAN-PIERRE"), "Ms. Jean-Pierre");
        assert_eq!(display_name("O'REILLY"), "O'Reilly");
        assert_eq!(display_name("Chris Wallace"), "Chris Wallace");
    }

    #[test]
    fn generic_labels_are_roles() {
        assert_eq!(generic_role("Q"), Some((Role::Reporter, "Reporter".into())));
        assert_eq!(
            generic_role("REPORTER"),
            Some((Role::Reporter, "Reporter".into()))
        );
        assert_eq!(
            generic_role("UNKNOWN"),
            Some((Role::Unidentified, "Unidentified Speaker".into()))
        );
        assert_eq!(
            generic_role("UNIDENTIFIED MALE"),
            Some((Role::Unidentified, "Unidentified Male".into()))
        );
        assert_eq!(
            generic_role("Speaker 1"),
            Some((Role::Unidentified, "Speaker 1".into()))
        );
        assert_eq!(
            generic_role("SPEAKER_00"),
            Some((Role::Unidentified, "Speaker 00".into()))
        );
        assert_eq!(
            generic_role("spk_0"),
            Some((Role::Unidentified, "Speaker 0".into()))
        );
        assert_eq!(
            generic_role("AUDIENCE MEMBER"),
            Some((Role::Audience, "Audience Member".into()))
        );
        assert_eq!(
            generic_role("MODERATOR"),
            Some((Role::Moderator, "Moderator".into()))
        );
        assert_eq!(generic_role("Chris Wallace"), None);
        assert_eq!(generic_role("TRUMP"), None);
    }
}
