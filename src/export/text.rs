//! Plain-text export: each excerpt's citation, then its text.

use super::ExcerptSet;

/// Renders the excerpts as plain text, one block per excerpt.
pub fn render(set: &ExcerptSet) -> String {
    let mut out = String::new();
    if let Some(query) = &set.query {
        out.push_str(&format!("Query: {query}\n\n"));
    }
    for excerpt in &set.excerpts {
        out.push_str(&excerpt.citation());
        out.push('\n');
        out.push_str(&excerpt.text);
        out.push_str("\n\n");
    }
    out
}
