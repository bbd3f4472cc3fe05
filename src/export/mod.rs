//! Export of excerpts: Markdown, CSV, JSON, text, HTML.
