//! The desktop app (egui/eframe): window, views, commands. Reads the core, never the reverse.

use std::path::PathBuf;

/// Opens the desktop window with these files (the bundled sample when empty).
pub fn run(_files: Vec<PathBuf>) -> anyhow::Result<()> {
    anyhow::bail!("the desktop app is being built")
}

pub mod actions;
pub mod compare_columns;
pub mod export_dialog;
pub mod filter_bar;
pub mod kwic_panel;
pub mod themes_panel;
pub mod topic_charts;
