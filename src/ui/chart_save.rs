//! Saving a chart: its data as CSV, or itself as a PNG image cropped from the window's
//! screenshot, to the file typed or picked in a [`PathRow`]; written atomically off the UI
//! thread (never replacing a file without the row's Replace), with a notice either way.

use super::app::{Command, Notice, NoticeKind};
use super::save_row::{PathRow, PathRowEvent};
use crate::storage::{Overwrite, write_atomic};
use egui::Rect;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};

/// The file types a chart saves as.
pub const CHART_FILES: &[(&str, &[&str])] = &[("CSV data", &["csv"]), ("PNG image", &["png"])];

/// Crops a screenshot to `rect` (in points; clamped to the image) and encodes it as PNG.
pub fn crop_to_png(
    image: &egui::ColorImage,
    rect: Rect,
    pixels_per_point: f32,
) -> anyhow::Result<Vec<u8>> {
    let [width, height] = image.size;
    let clamp = |v: f32, max: usize| ((v * pixels_per_point).round().max(0.0) as usize).min(max);
    let (x0, x1) = (clamp(rect.min.x, width), clamp(rect.max.x, width));
    let (y0, y1) = (clamp(rect.min.y, height), clamp(rect.max.y, height));
    if x1 <= x0 || y1 <= y0 {
        anyhow::bail!("the chart is not on screen");
    }
    let mut bytes = Vec::with_capacity((x1 - x0) * (y1 - y0) * 4);
    for y in y0..y1 {
        let row = image
            .pixels
            .get(y * width + x0..y * width + x1)
            .ok_or_else(|| anyhow::anyhow!("the screenshot is smaller than it says"))?;
        for pixel in row {
            bytes.extend_from_slice(&pixel.to_srgba_unmultiplied());
        }
    }
    let mut png = Vec::new();
    image::ImageEncoder::write_image(
        image::codecs::png::PngEncoder::new(&mut png),
        &bytes,
        u32::try_from(x1 - x0)?,
        u32::try_from(y1 - y0)?,
        image::ExtendedColorType::Rgba8,
    )?;
    Ok(png)
}

/// The notice of a finished save of `what` to `path`: where it went, or why it failed.
pub(crate) fn saved_notice(what: &str, path: &Path, result: anyhow::Result<()>) -> Notice {
    match result {
        Ok(()) => Notice {
            kind: NoticeKind::Info,
            text: format!("Saved the {what} to {}", path.display()),
        },
        Err(error) => Notice {
            kind: NoticeKind::Error,
            text: format!("Could not save the {what} to {}: {error:#}", path.display()),
        },
    }
}

/// A PNG of a chart waiting for its screenshot.
#[derive(Debug, Clone)]
struct Capture<K> {
    chart: K,
    what: String,
    path: PathBuf,
    overwrite: Overwrite,
}

/// The saves of a view's charts (`K` names a chart): where each was drawn, the PNGs waiting
/// for their screenshot and the writes under way.
pub struct ChartSaves<K> {
    /// Where each chart was drawn in the last frame (for image saves and tests).
    pub drawn: Vec<(K, Rect)>,
    captures: Vec<Capture<K>>,
    saved: (Sender<Notice>, Receiver<Notice>),
    saving: usize,
}

impl<K> Default for ChartSaves<K> {
    fn default() -> ChartSaves<K> {
        ChartSaves {
            drawn: Vec::new(),
            captures: Vec::new(),
            saved: channel(),
            saving: 0,
        }
    }
}

impl<K> std::fmt::Debug for ChartSaves<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChartSaves")
            .field("charts drawn", &self.drawn.len())
            .field("images waiting", &self.captures.len())
            .field("saving", &self.saving)
            .finish()
    }
}

impl<K: Copy + PartialEq + Send + 'static> ChartSaves<K> {
    /// Forgets where charts were drawn; call before drawing them again.
    pub fn new_frame(&mut self) {
        self.drawn.clear();
    }

    /// Draws the save row of `chart` ("Save as CSV or PNG: …"); on Save writes the data
    /// (`csv`, asked for only then) or asks for the image, which [`ChartSaves::drawn_at`]
    /// takes once the chart is drawn. `what` names the chart ("themes chart"), `file_stem` its
    /// default file name.
    #[allow(clippy::too_many_arguments)]
    pub fn row(
        &mut self,
        ui: &mut egui::Ui,
        row: &mut PathRow,
        chart: K,
        what: &str,
        file_stem: &str,
        csv: impl FnOnce() -> anyhow::Result<Vec<u8>>,
        commands: &mut Vec<Command>,
    ) {
        let event = row.ui(
            ui,
            "Save as CSV or PNG:",
            &format!("the {what}"),
            &format!("{file_stem}.csv or {file_stem}.png"),
            CHART_FILES,
            &format!("{file_stem}.csv"),
        );
        match event {
            Some(PathRowEvent::Save(path, overwrite)) => {
                let extension = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase);
                match extension.as_deref() {
                    Some("png") => self.captures.push(Capture {
                        chart,
                        what: what.to_owned(),
                        path,
                        overwrite,
                    }),
                    Some("csv") => {
                        let result = csv().and_then(|bytes| {
                            write_atomic(&path, &bytes, overwrite).map_err(anyhow::Error::from)
                        });
                        let notice = saved_notice(&format!("{what} data"), &path, result);
                        commands.push(Command::Notify(notice));
                    }
                    _ => commands.push(Command::Notify(Notice {
                        kind: NoticeKind::Error,
                        text: format!(
                            "Could not save the {what} to {}: end the name with .csv (data) or .png (image)",
                            path.display()
                        ),
                    })),
                }
            }
            Some(PathRowEvent::NoDialog) => commands.push(Command::Notify(Notice {
                kind: NoticeKind::Error,
                text: "No file dialog available on this desktop; type the path and press Save."
                    .to_owned(),
            })),
            None => {}
        }
    }

    /// After `chart` is drawn in `rect`: records where, and asks for the screenshot of a PNG
    /// save waiting for it (cropped to the visible part, encoded and written on a thread).
    pub fn drawn_at(&mut self, ui: &egui::Ui, chart: K, rect: Rect) {
        let visible = rect.intersect(ui.clip_rect());
        self.drawn.push((chart, visible));
        let (now, later): (Vec<Capture<K>>, Vec<Capture<K>>) = std::mem::take(&mut self.captures)
            .into_iter()
            .partition(|c| c.chart == chart);
        self.captures = later;
        for capture in now {
            self.saving += 1;
            let sender = self.saved.0.clone();
            let ctx = ui.ctx().clone();
            let pixels_per_point = ctx.pixels_per_point();
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::Screenshot(
                    egui::ScreenshotCallback::new(move |image| {
                        std::thread::spawn(move || {
                            let result =
                                crop_to_png(&image, visible, pixels_per_point).and_then(|png| {
                                    write_atomic(&capture.path, &png, capture.overwrite)
                                        .map_err(anyhow::Error::from)
                                });
                            let what = format!("{} image", capture.what);
                            let _ = sender.send(saved_notice(&what, &capture.path, result));
                            ctx.request_repaint();
                        });
                    }),
                ));
        }
    }

    /// Hands finished image saves to the app as notices. Called every frame.
    pub fn poll(&mut self, commands: &mut Vec<Command>) {
        while let Ok(notice) = self.saved.1.try_recv() {
            self.saving = self.saving.saturating_sub(1);
            commands.push(Command::Notify(notice));
        }
    }

    /// Blocks until every image save asked for has been written or has failed, handing the
    /// notices to `commands`. For scripts and tests (the screenshot must have been taken).
    pub fn wait(&mut self, commands: &mut Vec<Command>) {
        while self.saving > 0 {
            match self.saved.1.recv() {
                Ok(notice) => {
                    self.saving -= 1;
                    commands.push(Command::Notify(notice));
                }
                Err(_) => return,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{Color32, pos2};

    #[test]
    fn a_crop_of_a_screenshot_encodes_the_chart_pixels_as_png() {
        // A 20×10 pixel screenshot at 2 pixels per point: left half red, right half blue.
        let pixels = (0..10)
            .flat_map(|_| (0..20).map(|x| if x < 10 { Color32::RED } else { Color32::BLUE }))
            .collect();
        let image = egui::ColorImage::new([20, 10], pixels);
        // Points (5, 1)–(9, 4) are pixels (10, 2)–(18, 8): all blue.
        let png = crop_to_png(
            &image,
            Rect::from_min_max(pos2(5.0, 1.0), pos2(9.0, 4.0)),
            2.0,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let decoded = image::load_from_memory_with_format(&png, image::ImageFormat::Png)
            .unwrap_or_else(|e| panic!("{e}"))
            .to_rgba8();
        assert_eq!(decoded.dimensions(), (8, 6));
        assert!(decoded.pixels().all(|p| p.0 == [0, 0, 255, 255]));
        // A rectangle reaching past the image is clamped to it.
        let png = crop_to_png(
            &image,
            Rect::from_min_max(pos2(-3.0, -3.0), pos2(50.0, 50.0)),
            2.0,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let decoded = image::load_from_memory(&png).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((decoded.width(), decoded.height()), (20, 10));
        // Nothing on screen is an error, not an empty file.
        assert!(
            crop_to_png(
                &image,
                Rect::from_min_max(pos2(30.0, 0.0), pos2(40.0, 5.0)),
                2.0
            )
            .is_err()
        );
    }
}
