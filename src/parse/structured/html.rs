//! HTML transcript pages. Pages in the Buzzsprout/podcast style (`<cite>Name:</cite>`,
//! `<time>0:30</time>`, `<p>text</p>`) give labelled, timed blocks directly; other pages are
//! reduced to their paragraphs and read by the text rules, with byte ranges mapped back to the
//! HTML source.

use super::{TurnBuilder, head, parse_clock};
use crate::model::Format;
use crate::parse::LoadErrorKind;
use crate::parse::raw::{RawBlockKind, RawDocument};
use quick_xml::escape::{resolve_html5_entity, resolve_predefined_entity};
use quick_xml::events::Event;
use quick_xml::reader::Reader;
use std::ops::Range;

/// Whether text starts like an HTML document or fragment.
pub fn looks_like_html(head_text: &str) -> bool {
    if !head_text.starts_with('<') {
        return false;
    }
    let lower = head(head_text, 2048).to_ascii_lowercase();
    lower.starts_with("<!doctype html")
        || [
            "<html", "<body", "<p>", "<p ", "<div", "<cite", "<br", "<h1", "<h2", "<span",
        ]
        .iter()
        .any(|tag| lower.contains(tag))
}

/// Elements whose start or end breaks a paragraph.
const BLOCK_ELEMENTS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "cite",
    "time",
    "tr",
    "td",
    "th",
    "table",
    "section",
    "article",
    "blockquote",
    "dt",
    "dd",
    "dl",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "hr",
    "pre",
    "body",
    "html",
    "figure",
    "figcaption",
    "address",
];

/// Elements whose content is not shown, or is site furniture rather than the transcript.
const HIDDEN_ELEMENTS: &[&str] = &[
    "script", "style", "head", "noscript", "template", "svg", "nav", "form", "button", "select",
];

/// Heading elements: their paragraphs become section headings.
const HEADING_ELEMENTS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

/// A paragraph of the page: the element that held it, its text, and its source range.
#[derive(Debug, Clone, PartialEq)]
struct Paragraph {
    element: String,
    text: String,
    range: Range<usize>,
}

/// Reads an HTML page.
pub fn read(text: &str) -> Result<RawDocument, LoadErrorKind> {
    let (paragraphs, title, mut notices) = paragraphs(text);
    if paragraphs.is_empty() {
        return Err(LoadErrorKind::NoText("the HTML page has no text".into()));
    }
    let mut raw = if paragraphs.iter().any(|p| p.element == "cite") {
        read_cited(&paragraphs)
    } else {
        read_as_text(&paragraphs)
    };
    raw.format = Some(Format::Html);
    raw.title = title.or(raw.title);
    raw.source_len = text.len();
    raw.notices.append(&mut notices);
    Ok(raw)
}

/// `<cite>Name:</cite> <time>m:ss</time> <p>text</p>...`: the cite names the speaker of the
/// paragraphs that follow, the time gives their start.
fn read_cited(paragraphs: &[Paragraph]) -> RawDocument {
    let mut builder = TurnBuilder::new();
    let mut label: Option<String> = None;
    let mut label_used = true;
    let mut time: Option<f64> = None;
    for paragraph in paragraphs {
        match paragraph.element.as_str() {
            "cite" => {
                label = Some(
                    paragraph
                        .text
                        .trim()
                        .trim_end_matches(':')
                        .trim()
                        .to_string(),
                );
                label_used = false;
            }
            "time" => time = parse_clock(&paragraph.text),
            _ => {
                // A new cite starts a new block even when it repeats the previous name.
                let start = time.take();
                let range = paragraph.range.clone();
                if label_used {
                    builder.push(None, &paragraph.text, range, start, None);
                } else {
                    builder.push_new_block(label.as_deref(), &paragraph.text, range, start, None);
                }
                label_used = true;
            }
        }
    }
    RawDocument {
        blocks: builder.finish(),
        ..RawDocument::default()
    }
}

/// Other pages: the paragraphs joined by blank lines are read by the text rules; the blocks'
/// ranges in that text are mapped back to the HTML source.
fn read_as_text(paragraphs: &[Paragraph]) -> RawDocument {
    let mut extracted = String::new();
    // (offset in extracted text, paragraph)
    let mut starts: Vec<(usize, &Paragraph)> = Vec::new();
    for paragraph in paragraphs {
        if !extracted.is_empty() {
            extracted.push_str("\n\n");
        }
        starts.push((extracted.len(), paragraph));
        extracted.push_str(&paragraph.text);
    }
    let map = |offset: usize| -> usize {
        let index = starts.partition_point(|(start, _)| *start <= offset);
        let Some((start, paragraph)) = index.checked_sub(1).and_then(|i| starts.get(i)) else {
            return paragraphs.first().map_or(0, |p| p.range.start);
        };
        let within = offset - start;
        if within >= paragraph.text.len() {
            paragraph.range.end
        } else {
            (paragraph.range.start + within).min(paragraph.range.end)
        }
    };
    let mut raw = crate::parse::text::read(&extracted);
    for block in &mut raw.blocks {
        let start = map(block.source_range.start);
        let end = map(block.source_range.end).max(start);
        block.source_range = start..end;
        // A block that is exactly one heading element's text is a section heading.
        let heading = paragraphs.iter().any(|p| {
            HEADING_ELEMENTS.contains(&p.element.as_str())
                && p.range.start <= start
                && end <= p.range.end
                && p.text.trim() == block.text.trim()
        });
        if heading && !matches!(block.kind, RawBlockKind::Speech { label: Some(_) }) {
            block.kind = RawBlockKind::Heading;
        }
    }
    raw
}

/// Elements whose content is raw text, not markup (`if (a < b)` in a script).
const RAW_TEXT_ELEMENTS: &[&str] = &["script", "style"];

/// The text with the content of raw-text elements replaced by spaces (offsets unchanged), so
/// that the markup reader does not trip over `<` in scripts.
fn blank_raw_text(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut bytes = text.as_bytes().to_vec();
    for element in RAW_TEXT_ELEMENTS {
        let open = format!("<{element}");
        let close = format!("</{element}");
        let mut from = 0;
        while let Some(at) = lower.get(from..).and_then(|rest| rest.find(&open)) {
            let Some(content_start) = lower[from + at..].find('>').map(|i| from + at + i + 1)
            else {
                break;
            };
            let content_end = lower[content_start..]
                .find(&close)
                .map_or(lower.len(), |i| content_start + i);
            for byte in bytes
                .get_mut(content_start..content_end)
                .into_iter()
                .flatten()
            {
                *byte = b' ';
            }
            from = content_end;
        }
    }
    // Whole multi-byte characters were replaced, so the bytes are still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
}

/// The page's paragraphs, its `<title>`, and notices (a parse that stopped early).
fn paragraphs(text: &str) -> (Vec<Paragraph>, Option<String>, Vec<String>) {
    let blanked = blank_raw_text(text);
    let mut reader = Reader::from_str(&blanked);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.check_comments = false;

    let mut out: Vec<Paragraph> = Vec::new();
    let mut notices = Vec::new();
    let mut title: Option<String> = None;
    let mut in_title = false;
    let mut hidden_depth = 0usize;
    let mut element = String::from("p");
    let mut current = String::new();
    let mut current_range: Option<Range<usize>> = None;

    let flush = |out: &mut Vec<Paragraph>,
                 current: &mut String,
                 range: &mut Option<Range<usize>>,
                 element: &str| {
        let collapsed = current
            .split_ascii_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(range) = range.take()
            && !collapsed.is_empty()
        {
            out.push(Paragraph {
                element: element.to_string(),
                text: collapsed,
                range,
            });
        }
        current.clear();
    };

    loop {
        let before = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(error) => {
                notices.push(format!(
                    "the HTML could not be read past byte {}: {error}",
                    reader.error_position()
                ));
                break;
            }
        };
        let after = (reader.buffer_position() as usize).min(text.len());
        let mut add_text = |piece: &str, current: &mut String| {
            if in_title {
                title.get_or_insert_with(String::new).push_str(piece);
                return;
            }
            if hidden_depth > 0 {
                return;
            }
            current.push_str(piece);
            match &mut current_range {
                Some(range) => range.end = after,
                None => current_range = Some(before..after),
            }
        };
        match event {
            Event::Eof => break,
            Event::Start(start) | Event::Empty(start) => {
                let name = start.local_name().as_ref().to_ascii_lowercase();
                let is_empty = matches!(
                    name.as_str(),
                    "br" | "hr" | "img" | "meta" | "link" | "input" | "wbr" | "source" | "col"
                );
                if HIDDEN_ELEMENTS.contains(&name.as_str()) && name != "head" && !is_empty {
                    hidden_depth += 1;
                } else if name == "title" {
                    in_title = true;
                } else if BLOCK_ELEMENTS.contains(&name.as_str()) {
                    flush(&mut out, &mut current, &mut current_range, &element);
                    element = name;
                }
            }
            Event::End(end) => {
                let name = end.local_name().as_ref().to_ascii_lowercase();
                if HIDDEN_ELEMENTS.contains(&name.as_str()) && name != "head" {
                    hidden_depth = hidden_depth.saturating_sub(1);
                } else if name == "title" {
                    in_title = false;
                } else if BLOCK_ELEMENTS.contains(&name.as_str()) {
                    flush(&mut out, &mut current, &mut current_range, &element);
                    element = String::from("p");
                }
            }
            Event::Text(content) => add_text(&content, &mut current),
            Event::CData(content) => add_text(&content, &mut current),
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => resolve_predefined_entity(&reference)
                        .or_else(|| resolve_html5_entity(&reference))
                        .map_or_else(|| format!("&{};", &*reference), str::to_string),
                };
                add_text(&resolved, &mut current);
            }
            _ => {}
        }
    }
    flush(&mut out, &mut current, &mut current_range, &element);
    let title = title
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty());
    (out, title, notices)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cite_time_paragraphs() {
        let text = "<html><head><meta charset=utf-8><title>Ep 1</title></head><body>\
                    <time>0:00</time><p>Intro it&#39;s.</p>\
                    <cite>Alban:</cite><time>0:30</time><p>It is so nice &amp; fun.</p><p>More.</p>\
                    <cite>Kevin:</cite><time>1:02:03</time><p>True.</p>\
                    <cite>Kevin:</cite><time>1:02:10</time><p>Again.</p></body></html>";
        let raw = read(text).expect("reads");
        assert_eq!(raw.title.as_deref(), Some("Ep 1"));
        let labels: Vec<Option<String>> = raw
            .blocks
            .iter()
            .map(|b| match &b.kind {
                RawBlockKind::Speech { label } => label.clone(),
                _ => None,
            })
            .collect();
        assert_eq!(
            labels,
            vec![
                None,
                Some("Alban".into()),
                Some("Kevin".into()),
                Some("Kevin".into())
            ]
        );
        assert_eq!(raw.blocks[0].text, "Intro it's.");
        assert_eq!(raw.blocks[1].text, "It is so nice & fun. More.");
        assert_eq!(raw.blocks[1].start, Some(30.0));
        assert_eq!(raw.blocks[2].start, Some(3723.0));
        assert!(text[raw.blocks[2].source_range.clone()].contains("True."));
    }

    #[test]
    fn labelled_page_with_title_heading_and_navigation() {
        let text = "<!DOCTYPE html><html><head><title>Joint press conference</title>\
            <style>p { color: red }</style></head><body><nav>Home | News</nav>\
            <h2>Opening statements</h2>\
            <p><b>VLADIMIR PUTIN:</b> Good afternoon, colleagues.</p>\
            <p>We discussed the economy &amp; energy.</p>\
            <p><b>ALEXANDER LUKASHENKO:</b> Thank you.</p></body></html>";
        let raw = read(text).expect("reads");
        assert_eq!(raw.title.as_deref(), Some("Joint press conference"));
        assert!(raw.blocks.iter().all(|b| !b.text.contains("Home")));
        let heading = raw
            .blocks
            .iter()
            .find(|b| b.kind == RawBlockKind::Heading)
            .expect("a heading");
        assert_eq!(heading.text, "Opening statements");
        assert_eq!(&text[heading.source_range.clone()], "Opening statements");
        let labels: Vec<&str> = raw
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                RawBlockKind::Speech { label } => label.as_deref(),
                _ => None,
            })
            .collect();
        assert_eq!(labels, ["VLADIMIR PUTIN", "ALEXANDER LUKASHENKO"]);
    }

    #[test]
    fn other_pages_go_through_the_text_rules() {
        let text = "<!DOCTYPE html><html><body><script>var a = 1 < 2;</script>\
                    <p>First&nbsp;paragraph.</p><div>Second one.</div></body></html>";
        let raw = read(text).expect("reads");
        let texts: Vec<&str> = raw.blocks.iter().map(|b| b.text.as_str()).collect();
        assert!(texts.iter().any(|t| t.contains("First\u{a0}paragraph.")));
        assert!(texts.iter().any(|t| t.contains("Second one.")));
        assert!(texts.iter().all(|t| !t.contains("var a")));
        for block in &raw.blocks {
            assert!(block.source_range.end <= text.len());
        }
    }
}
