//! Self-contained HTML report: a bar chart (inline SVG) of excerpts per speaker, then the
//! excerpts side by side in one column per speaker (CSS grid). No scripts, no external assets;
//! every piece of transcript text is escaped.

use super::ExcerptSet;

/// Colours of the speaker columns and bars, in order (cycled).
const PALETTE: [&str; 8] = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
];

/// Renders the report.
pub fn render(set: &ExcerptSet) -> String {
    let groups = set.by_speaker();
    let title = match &set.query {
        Some(query) => format!("Crosstalk excerpts: {query}"),
        None => "Crosstalk excerpts".to_string(),
    };
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(&format!("<title>{}</title>\n", escape(&title)));
    out.push_str(
        "<style>\n\
         body{font-family:system-ui,sans-serif;margin:2rem;color:#222;background:#fff}\n\
         h1{font-size:1.5rem}\n\
         .columns{display:grid;gap:1rem;grid-template-columns:repeat(var(--columns),minmax(16rem,1fr));align-items:start}\n\
         .column h2{font-size:1.1rem;border-bottom:4px solid var(--colour);padding-bottom:.3rem}\n\
         .excerpt{margin:0 0 1rem;padding:.5rem .75rem;border-left:3px solid var(--colour);background:#f7f7f7}\n\
         .excerpt p{margin:0 0 .4rem;white-space:pre-wrap}\n\
         .excerpt footer{font-size:.8rem;color:#555}\n\
         mark{background:#ffe066;padding:0 .1em}\n\
         svg text{font-size:12px;fill:#222}\n\
         @media print{.columns{grid-template-columns:1fr}}\n\
         </style>\n</head>\n<body>\n",
    );
    out.push_str(&format!("<h1>{}</h1>\n", escape(&title)));
    out.push_str(&format!(
        "<p>{} excerpts from {} speakers.</p>\n",
        set.excerpts.len(),
        groups.len()
    ));
    out.push_str(&chart(&groups, set.excerpts.len()));
    out.push_str(&format!(
        "<div class=\"columns\" style=\"--columns:{}\">\n",
        groups.len().max(1)
    ));
    for (index, (speaker, role, indices)) in groups.iter().enumerate() {
        let colour = PALETTE[index % PALETTE.len()];
        out.push_str(&format!(
            "<section class=\"column\" style=\"--colour:{colour}\">\n<h2>{} <small>({}, {})</small></h2>\n",
            escape(speaker),
            role,
            indices.len()
        ));
        for excerpt in indices.iter().filter_map(|&i| set.excerpts.get(i)) {
            out.push_str("<article class=\"excerpt\">\n<p>");
            out.push_str(&excerpt.marked_text(escape, "<mark>", "</mark>"));
            out.push_str("</p>\n<footer>");
            out.push_str(&escape(&excerpt.citation()));
            if let Some(url) = excerpt.source_url.as_ref().filter(|u| is_web_address(u)) {
                out.push_str(&format!(" · <a href=\"{}\">source</a>", escape(url)));
            }
            out.push_str("</footer>\n</article>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</div>\n</body>\n</html>\n");
    out
}

/// A horizontal bar chart of excerpt counts and shares per speaker.
fn chart(groups: &[(&str, crate::model::Role, Vec<usize>)], total: usize) -> String {
    const ROW: usize = 24;
    const LABEL: usize = 200;
    const BAR: f64 = 400.0;
    let max = groups.iter().map(|g| g.2.len()).max().unwrap_or(0).max(1);
    let height = groups.len() * ROW + 8;
    let mut svg = format!(
        "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{}\" height=\"{height}\" viewBox=\"0 0 {} {height}\">\n<title>Excerpts per speaker</title>\n",
        LABEL + BAR as usize + 120,
        LABEL + BAR as usize + 120
    );
    for (index, (speaker, _, indices)) in groups.iter().enumerate() {
        let y = index * ROW + 4;
        let width = BAR * indices.len() as f64 / max as f64;
        let share = 100.0 * indices.len() as f64 / total.max(1) as f64;
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n<rect x=\"{LABEL}\" y=\"{y}\" width=\"{width:.1}\" height=\"{}\" fill=\"{}\"/>\n<text x=\"{:.1}\" y=\"{}\">{} ({share:.0}%)</text>\n",
            LABEL - 6,
            y + 15,
            escape(speaker),
            ROW - 6,
            PALETTE[index % PALETTE.len()],
            LABEL as f64 + width + 6.0,
            y + 15,
            indices.len()
        ));
    }
    svg.push_str(
        "</svg>\n<figcaption>Excerpts per speaker (count and share)</figcaption>\n</figure>\n",
    );
    svg
}

/// Whether a URL is an `http`/`https` address (anything else, such as `javascript:`, is not
/// made into a link).
fn is_web_address(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
