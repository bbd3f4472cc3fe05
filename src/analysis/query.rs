//! The query language (see the README, "Query language"): words, `"phrases"`, `prefix*`,
//! `~stem`, `a OR b`, `-exclude`, `( )`, `NEAR/n(a, b)`, and field filters `speaker:`,
//! `transcript:`, `section:`, `date:`, `role:`, `theme:`. Parsing gives a [`Query`]; evaluation
//! (through [`Filter`](crate::analysis::Filter)) runs it against the [`Index`](crate::analysis::Index).

use crate::analysis::tokenize::terms;
use crate::model::{Date, Role};
use std::fmt;

/// A query that failed to parse (or names an unknown theme): where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("query error at character {position}: {message}")]
pub struct QueryError {
    /// Character offset (0-based, in `char`s) in the query text where the problem is.
    pub position: usize,
    /// What is wrong.
    pub message: String,
}

/// An inclusive date range; either end may be open. Partial dates widen to their period:
/// `2025-03..2025-06` runs from 1 March to 30 June 2025.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateRange {
    /// First day, if bounded.
    pub from: Option<Date>,
    /// Last day, if bounded.
    pub to: Option<Date>,
}

impl DateRange {
    /// Whether a date falls inside the range.
    pub fn contains(&self, date: Date) -> bool {
        self.from.is_none_or(|from| date >= from) && self.to.is_none_or(|to| date <= to)
    }

    /// Parses `YYYY[-MM[-DD]]`, `A..B`, `A..` or `..B`.
    pub fn parse(text: &str) -> Result<DateRange, String> {
        let text = text.trim();
        let (from, to) = match text.split_once("..") {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (text, text),
        };
        if from.is_empty() && to.is_empty() {
            return Err(format!("empty date range {text:?}"));
        }
        let from = (!from.is_empty())
            .then(|| partial_date(from, false))
            .transpose()?;
        let to = (!to.is_empty())
            .then(|| partial_date(to, true))
            .transpose()?;
        if let (Some(a), Some(b)) = (from, to)
            && a > b
        {
            return Err(format!("the range {text:?} ends before it starts"));
        }
        Ok(DateRange { from, to })
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `end` picks the last day of a year or month.
fn partial_date(text: &str, end: bool) -> Result<Date, String> {
    let parts: Vec<&str> = text.split('-').collect();
    let bad = || format!("not a date {text:?} (expected YYYY, YYYY-MM or YYYY-MM-DD)");
    let number = |s: &str| s.parse::<u32>().map_err(|_| bad());
    let year = number(parts.first().copied().unwrap_or(""))? as i32;
    let (month, day) = match parts.len() {
        1 => (if end { 12 } else { 1 }, None),
        2 => (number(parts[1])? as u8, None),
        3 => (number(parts[1])? as u8, Some(number(parts[2])? as u8)),
        _ => return Err(bad()),
    };
    let day = match day {
        Some(day) => day,
        None if end => (28..=31)
            .rev()
            .find(|&d| Date::new(year, month, d).is_some())
            .ok_or_else(bad)?,
        None => 1,
    };
    Date::new(year, month, day).ok_or_else(bad)
}

/// A field filter of the query language.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    /// `speaker:putin` — speakers whose key, name or a label contains the value.
    Speaker(String),
    /// `transcript:briefing` — transcripts whose title or file path contains the value.
    Transcript(String),
    /// `section:"Energy Cooperation"` — sentences in sections whose heading contains the value.
    Section(String),
    /// `date:2025-03..2025-06` — transcripts dated in the range.
    Date(DateRange),
    /// `role:person` — speakers of a role.
    Role(Role),
    /// `theme:defense` — sentences matching a theme of the theme set.
    Theme(String),
}

/// A node of a parsed query.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryNode {
    /// A word (normalized). `prefix`: `word*`; `stem`: `~word` (same Snowball stem).
    Word {
        /// The normalized term.
        term: String,
        /// Match every term starting with `term`.
        prefix: bool,
        /// Match every term with the same stem.
        stem: bool,
    },
    /// Consecutive words, in order, within one sentence.
    Phrase(Vec<String>),
    /// Both operands in one sentence, at most `distance` words apart.
    Near {
        /// Maximum distance in words (1 = adjacent).
        distance: usize,
        /// First operand (a word or a phrase).
        left: Box<QueryNode>,
        /// Second operand (a word or a phrase).
        right: Box<QueryNode>,
    },
    /// All of these.
    And(Vec<QueryNode>),
    /// Any of these.
    Or(Vec<QueryNode>),
    /// Not this.
    Not(Box<QueryNode>),
    /// A field filter; `position` is where it stands in the query (for error messages).
    Field {
        /// The filter.
        field: Field,
        /// Character offset in the query.
        position: usize,
    },
}

/// A parsed query. Sentences are the unit of matching: words joined by nothing must all occur
/// in one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// The query as typed.
    pub text: String,
    /// The parsed tree.
    pub root: QueryNode,
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Query {
    /// Parses the query language. An empty query is an error.
    pub fn parse(text: &str) -> Result<Query, QueryError> {
        let mut parser = Parser {
            chars: text.chars().collect(),
            at: 0,
        };
        parser.skip_space();
        if parser.at >= parser.chars.len() {
            return Err(QueryError {
                position: 0,
                message: "the query is empty".into(),
            });
        }
        let root = parser.or_expr()?;
        parser.skip_space();
        if parser.at < parser.chars.len() {
            let message = if parser.peek() == Some(')') {
                "unmatched closing parenthesis".into()
            } else {
                format!("unexpected {:?}", parser.peek().unwrap_or(' '))
            };
            return Err(parser.error_here(message));
        }
        Ok(Query {
            text: text.to_owned(),
            root,
        })
    }
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn error_here(&self, message: impl Into<String>) -> QueryError {
        QueryError {
            position: self.at,
            message: message.into(),
        }
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    /// Whether the upcoming bare word is exactly `keyword` (followed by a delimiter).
    fn at_keyword(&self, keyword: &str) -> bool {
        let n = keyword.chars().count();
        let matches = self.chars[self.at..]
            .iter()
            .take(n)
            .copied()
            .eq(keyword.chars());
        matches
            && self
                .chars
                .get(self.at + n)
                .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '"'))
    }

    fn or_expr(&mut self) -> Result<QueryNode, QueryError> {
        let mut alternatives = vec![self.and_expr()?];
        loop {
            self.skip_space();
            if self.at_keyword("OR") {
                self.at += 2;
                self.skip_space();
                if self.peek().is_none() || self.peek() == Some(')') {
                    return Err(self.error_here("OR needs something after it"));
                }
                alternatives.push(self.and_expr()?);
            } else {
                break;
            }
        }
        Ok(if alternatives.len() == 1 {
            alternatives.remove(0)
        } else {
            QueryNode::Or(alternatives)
        })
    }

    fn and_expr(&mut self) -> Result<QueryNode, QueryError> {
        let mut parts = Vec::new();
        loop {
            self.skip_space();
            match self.peek() {
                None | Some(')') | Some(',') => break,
                _ if self.at_keyword("OR") => {
                    if parts.is_empty() {
                        return Err(self.error_here("OR needs something before it"));
                    }
                    break;
                }
                _ if self.at_keyword("AND") => {
                    self.at += 3;
                    continue;
                }
                _ => parts.push(self.unary()?),
            }
        }
        match parts.len() {
            0 => Err(self.error_here("expected a word, a phrase or a filter")),
            1 => Ok(parts.remove(0)),
            _ => Ok(QueryNode::And(parts)),
        }
    }

    fn unary(&mut self) -> Result<QueryNode, QueryError> {
        if self.peek() == Some('-') || self.at_keyword("NOT") {
            self.at += if self.peek() == Some('-') { 1 } else { 3 };
            self.skip_space();
            if matches!(self.peek(), None | Some(')')) {
                return Err(self.error_here("nothing to exclude after '-'"));
            }
            return Ok(QueryNode::Not(Box::new(self.unary()?)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<QueryNode, QueryError> {
        let start = self.at;
        match self.peek() {
            Some('(') => {
                self.at += 1;
                let inner = self.or_expr()?;
                self.skip_space();
                if self.peek() != Some(')') {
                    return Err(QueryError {
                        position: start,
                        message: "this parenthesis is never closed".into(),
                    });
                }
                self.at += 1;
                Ok(inner)
            }
            Some('"') => {
                let text = self.quoted()?;
                phrase_node(&text, start)
            }
            _ => {
                let word = self.bare_word();
                if let Some(rest) = word.strip_prefix("NEAR/") {
                    return self.near(rest, start);
                }
                if let Some((name, value)) = word.split_once(':')
                    && !name.is_empty()
                    && name.chars().all(char::is_alphabetic)
                {
                    let value = if value.is_empty() && self.peek() == Some('"') {
                        self.quoted()?
                    } else {
                        value.to_owned()
                    };
                    return field_node(name, &value, start);
                }
                word_node(&word, start)
            }
        }
    }

    /// A `"quoted"` string; the cursor is on the opening quote.
    fn quoted(&mut self) -> Result<String, QueryError> {
        let start = self.at;
        self.at += 1;
        let mut text = String::new();
        loop {
            match self.peek() {
                None => {
                    return Err(QueryError {
                        position: start,
                        message: "this quote is never closed".into(),
                    });
                }
                Some('"') => {
                    self.at += 1;
                    return Ok(text);
                }
                Some(c) => {
                    text.push(c);
                    self.at += 1;
                }
            }
        }
    }

    /// Characters up to white space, a parenthesis, a comma or a quote (a quote right after
    /// `field:` starts the field's value).
    fn bare_word(&mut self) -> String {
        let mut word = String::new();
        while let Some(c) = self.peek() {
            if c.is_whitespace() || matches!(c, '(' | ')' | ',' | '"') {
                break;
            }
            word.push(c);
            self.at += 1;
        }
        word
    }

    fn near(&mut self, distance: &str, start: usize) -> Result<QueryNode, QueryError> {
        let distance: usize = distance.parse().map_err(|_| QueryError {
            position: start,
            message: format!("NEAR needs a distance in words, like NEAR/5, not NEAR/{distance}"),
        })?;
        if distance == 0 {
            return Err(QueryError {
                position: start,
                message: "NEAR distance must be at least 1".into(),
            });
        }
        if self.peek() != Some('(') {
            return Err(self.error_here("NEAR/n must be followed by (a, b)"));
        }
        self.at += 1;
        let left = self.near_operand()?;
        self.skip_space();
        if self.peek() != Some(',') {
            return Err(self.error_here("expected ',' between the two NEAR operands"));
        }
        self.at += 1;
        let right = self.near_operand()?;
        self.skip_space();
        if self.peek() != Some(')') {
            return Err(self.error_here("expected ')' to close NEAR"));
        }
        self.at += 1;
        Ok(QueryNode::Near {
            distance,
            left: Box::new(left),
            right: Box::new(right),
        })
    }

    fn near_operand(&mut self) -> Result<QueryNode, QueryError> {
        self.skip_space();
        let start = self.at;
        let node = match self.peek() {
            Some('"') => {
                let text = self.quoted()?;
                phrase_node(&text, start)?
            }
            Some(c) if c != ',' && c != ')' => {
                let word = self.bare_word();
                word_node(&word, start)?
            }
            _ => return Err(self.error_here("NEAR needs a word or a phrase here")),
        };
        match node {
            QueryNode::Word { .. } | QueryNode::Phrase(_) => Ok(node),
            _ => Err(QueryError {
                position: start,
                message: "NEAR takes words or phrases".into(),
            }),
        }
    }
}

fn word_node(word: &str, position: usize) -> Result<QueryNode, QueryError> {
    let (word, stem) = match word.strip_prefix('~') {
        Some(rest) => (rest, true),
        None => (word, false),
    };
    let (word, prefix) = match word.strip_suffix('*') {
        Some(rest) => (rest, true),
        None => (word, false),
    };
    let mut words = terms(word);
    match words.len() {
        0 => Err(QueryError {
            position,
            message: format!("{word:?} has no letters or digits to search for"),
        }),
        1 => Ok(QueryNode::Word {
            term: words.remove(0),
            prefix,
            stem,
        }),
        // `well-known`, `U.S.-Russia`: the words in order.
        _ => Ok(QueryNode::Phrase(words)),
    }
}

fn phrase_node(text: &str, position: usize) -> Result<QueryNode, QueryError> {
    let mut words = terms(text);
    match words.len() {
        0 => Err(QueryError {
            position,
            message: "the phrase has no words".into(),
        }),
        1 => Ok(QueryNode::Word {
            term: words.remove(0),
            prefix: false,
            stem: false,
        }),
        _ => Ok(QueryNode::Phrase(words)),
    }
}

fn field_node(name: &str, value: &str, position: usize) -> Result<QueryNode, QueryError> {
    let error = |message: String| QueryError { position, message };
    let value = value.trim();
    if value.is_empty() {
        return Err(error(format!("{name}: needs a value")));
    }
    let field = match name.to_lowercase().as_str() {
        "speaker" => Field::Speaker(value.to_owned()),
        "transcript" => Field::Transcript(value.to_owned()),
        "section" => Field::Section(value.to_owned()),
        "date" => Field::Date(DateRange::parse(value).map_err(error)?),
        "role" => Field::Role(value.parse().map_err(error)?),
        "theme" => Field::Theme(value.to_lowercase()),
        other => {
            return Err(error(format!(
                "unknown field {other:?} (fields: speaker, transcript, section, date, role, theme)"
            )));
        }
    };
    Ok(QueryNode::Field { field, position })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(term: &str) -> QueryNode {
        QueryNode::Word {
            term: term.into(),
            prefix: false,
            stem: false,
        }
    }

    #[test]
    fn every_form_parses() {
        let query = Query::parse(
            r#"Sanction* "nuclear weapons" -Kursk (gas OR oil) NEAR/5(ceasefire, "Kursk region") ~talks speaker:putin section:"Energy Cooperation" date:2025-03..2025-06 role:person theme:defense transcript:seed"#,
        );
        let Ok(Query {
            root: QueryNode::And(parts),
            ..
        }) = query
        else {
            panic!("not an AND: {query:?}");
        };
        assert_eq!(
            parts[0],
            QueryNode::Word {
                term: "sanction".into(),
                prefix: true,
                stem: false
            }
        );
        assert_eq!(
            parts[1],
            QueryNode::Phrase(vec!["nuclear".into(), "weapons".into()])
        );
        assert_eq!(parts[2], QueryNode::Not(Box::new(word("kursk"))));
        assert_eq!(parts[3], QueryNode::Or(vec![word("gas"), word("oil")]));
        assert_eq!(
            parts[4],
            QueryNode::Near {
                distance: 5,
                left: Box::new(word("ceasefire")),
                right: Box::new(QueryNode::Phrase(vec!["kursk".into(), "region".into()]))
            }
        );
        assert_eq!(
            parts[5],
            QueryNode::Word {
                term: "talks".into(),
                prefix: false,
                stem: true
            }
        );
        let fields: Vec<&Field> = parts[6..]
            .iter()
            .filter_map(|p| match p {
                QueryNode::Field { field, .. } => Some(field),
                _ => None,
            })
            .collect();
        assert_eq!(
            fields,
            vec![
                &Field::Speaker("putin".into()),
                &Field::Section("Energy Cooperation".into()),
                &Field::Date(DateRange {
                    from: Date::new(2025, 3, 1),
                    to: Date::new(2025, 6, 30)
                }),
                &Field::Role(Role::Person),
                &Field::Theme("defense".into()),
                &Field::Transcript("seed".into()),
            ]
        );
    }

    #[test]
    fn or_binds_looser_than_and() {
        let query = Query::parse("a b OR c").map(|q| q.root);
        assert_eq!(
            query,
            Ok(QueryNode::Or(vec![
                QueryNode::And(vec![word("a"), word("b")]),
                word("c")
            ]))
        );
        // Curly apostrophes in the query match straight ones in the text and vice versa.
        assert_eq!(
            Query::parse("Belarus’s").map(|q| q.root),
            Ok(word("belarus's"))
        );
    }

    #[test]
    fn errors_say_where_and_why() {
        let cases = [
            ("", 0, "empty"),
            ("\"nuclear weapons", 0, "never closed"),
            ("(gas OR oil", 0, "never closed"),
            ("gas)", 3, "unmatched"),
            ("OR gas", 0, "before"),
            ("gas OR", 6, "after"),
            ("gas -", 5, "nothing to exclude"),
            ("NEAR/x(a, b)", 0, "distance"),
            ("NEAR/0(a, b)", 0, "at least 1"),
            ("NEAR/3(a b)", 9, "','"),
            ("NEAR/3 a", 6, "followed by"),
            ("colour:red", 0, "unknown field"),
            ("x date:2025-13", 2, "not a date"),
            ("date:2025-06..2025-03", 0, "ends before"),
            ("role:king", 0, "unknown role"),
            ("speaker:", 0, "needs a value"),
            ("—", 0, "no letters"),
        ];
        for (text, position, message) in cases {
            match Query::parse(text) {
                Err(error) => {
                    assert_eq!(error.position, position, "{text}: {error}");
                    assert!(error.message.contains(message), "{text}: {error}");
                }
                Ok(query) => panic!("{text} parsed: {query:?}"),
            }
        }
    }
}
