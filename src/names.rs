//! Speaker names: normalising labels into comparable keys and proper-cased display names.

/// Titles and honorifics dropped when comparing names ("Mr.", "President", "The").
const TITLES: &[&str] = &[
    "the",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
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
    "admiral",
    "ambassador",
    "mayor",
    "judge",
    "justice",
    "speaker",
];

/// A comparison key for a person's name: lower case, punctuation and titles removed,
/// parenthesised affiliations dropped. `MS. PSAKI` and `Psaki` give `psaki`.
pub fn person_key(name: &str) -> String {
    let without_parens = strip_parenthesised(name);
    let words: Vec<String> = without_parens
        .split(|c: char| c.is_whitespace() || c == '.' || c == ',')
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '\'')
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let kept: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| !TITLES.contains(w))
        .collect();
    if kept.is_empty() {
        words.join(" ")
    } else {
        kept.join(" ")
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_drop_titles_case_and_punctuation() {
        assert_eq!(person_key("MS. PSAKI"), "psaki");
        assert_eq!(person_key("President Donald J. Trump"), "donald j trump");
        assert_eq!(person_key("Mr. Smith (Papineau, Lib.)"), "smith");
        assert_eq!(person_key("THE PRESIDENT"), "the president");
    }

    #[test]
    fn display_names_are_proper_cased() {
        assert_eq!(display_name("VLADIMIR PUTIN"), "Vladimir Putin");
        assert_eq!(display_name("MS. JEAN-PIERRE"), "Ms. Jean-Pierre");
        assert_eq!(display_name("Chris Wallace"), "Chris Wallace");
    }
}
