//! Markdown export: a heading per speaker, each excerpt as a block quote with its citation.

use super::ExcerptSet;

/// Renders the excerpts as Markdown grouped by speaker (in order of first appearance).
pub fn render(set: &ExcerptSet) -> String {
    let mut out = String::from("# Excerpts\n\n");
    if let Some(query) = &set.query {
        out.push_str(&format!("Query: `{}`\n\n", query.replace('`', "'")));
    }
    out.push_str(&format!(
        "{} excerpt{}.\n",
        set.excerpts.len(),
        if set.excerpts.len() == 1 { "" } else { "s" }
    ));
    for (speaker, role, indices) in set.by_speaker() {
        out.push_str(&format!("\n## {}", escape(speaker)));
        if role != crate::model::Role::Person {
            out.push_str(&format!(" ({role})"));
        }
        out.push_str("\n\n");
        for excerpt in indices.iter().filter_map(|&i| set.excerpts.get(i)) {
            let marked = excerpt.marked_text(escape, "**", "**");
            for line in marked.lines() {
                out.push_str("> ");
                out.push_str(line);
                out.push('\n');
            }
            out.push_str(&format!("\n— {}\n\n", escape(&excerpt.citation())));
        }
    }
    out
}

/// Escapes the characters Markdown would read as markup.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
