//! Questions and answers: in press conferences, briefings and debates, each question (a
//! reporter's turn, or a moderator's or audience member's turn that asks something) linked to
//! the answer turns that follow it.

use crate::library::{Library, LibrarySpeakerIndex, TranscriptIndex};
use crate::model::{Role, TurnIndex};
use serde::Serialize;

/// A question and the turns answering it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QaLink {
    /// The transcript.
    pub transcript: TranscriptIndex,
    /// The question turn.
    pub question: TurnIndex,
    /// Who asked (library speaker).
    pub asker: Option<LibrarySpeakerIndex>,
    /// The answer turns, in order (possibly several speakers).
    pub answers: Vec<TurnIndex>,
}

/// Whether a turn of this role, with this text, asks a question. Reporters' turns always do;
/// moderators' and audience members' turns when they hold a question mark.
fn asks(role: Role, text: &str) -> bool {
    match role {
        Role::Reporter => true,
        Role::Moderator | Role::Audience => text.contains('?') || text.contains('？'),
        Role::Person | Role::Unidentified => false,
    }
}

/// The questions of a transcript with their answers. Answers are the turns after a question up
/// to the next turn by a questioner role (reporter, moderator, audience); turns by named people
/// are kept, and turns by unidentified speakers only when no named person answers.
pub fn question_answers(library: &Library, transcript: TranscriptIndex) -> Vec<QaLink> {
    let Some(entry) = library.transcripts().get(transcript) else {
        return Vec::new();
    };
    let role_of = |turn: TurnIndex| {
        entry
            .turns
            .get(turn)
            .and_then(|t| entry.speakers.get(t.speaker))
            .map_or(Role::Unidentified, |s| s.role)
    };
    let mut links = Vec::new();
    let mut turn = 0;
    while turn < entry.turns.len() {
        let role = role_of(turn);
        if !asks(role, &entry.turns[turn].text) {
            turn += 1;
            continue;
        }
        let question = turn;
        let mut following = Vec::new();
        turn += 1;
        while turn < entry.turns.len()
            && !matches!(
                role_of(turn),
                Role::Reporter | Role::Moderator | Role::Audience
            )
        {
            following.push(turn);
            turn += 1;
        }
        let named: Vec<TurnIndex> = following
            .iter()
            .copied()
            .filter(|&t| role_of(t) == Role::Person)
            .collect();
        links.push(QaLink {
            transcript,
            question,
            asker: library.speaker_of_turn(transcript, question),
            answers: if named.is_empty() { following } else { named },
        });
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::index::tests::transcript;

    #[test]
    fn questions_link_to_following_answers() {
        let library = Library::from_transcripts([transcript(
            "briefing.txt",
            &[
                ("Jen Psaki", Role::Person),
                ("Q", Role::Reporter),
                ("Moderator Max", Role::Moderator),
                ("Speaker 1", Role::Unidentified),
            ],
            &[
                (0, "Good afternoon."),
                (1, "What about gas prices?"),
                (0, "They are high."),
                (3, "Thanks."),
                (0, "And rising."),
                (2, "Thank you all."),
                (2, "Next: what about Iran?"),
                (3, "Unclear."),
                (1, "One more?"),
            ],
        )]);
        let links = question_answers(&library, 0);
        let pairs: Vec<(usize, Vec<usize>)> = links
            .iter()
            .map(|l| (l.question, l.answers.clone()))
            .collect();
        assert_eq!(pairs, vec![(1, vec![2, 4]), (6, vec![7]), (8, vec![])]);
    }
}
