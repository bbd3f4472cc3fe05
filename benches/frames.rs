//! Frame-time benchmark of the desktop app: the real [`CrosstalkApp`] drawn in an egui_kittest
//! harness (1400×900 points, AccessKit on, no GPU), once with only the bundled sample loaded and
//! once with a large library, and for each view the median CPU time of an idle frame after
//! loading and analysis have finished, measured two ways: as the app draws it when no screen
//! reader runs (a plain egui context, AccessKit off, shapes tessellated as eframe does), and
//! as one `Harness::step` (AccessKit on: egui builds the accessibility tree and the harness
//! updates its copy of it every frame, which costs in proportion to the widgets on screen).
//!
//! The library is the folder named by `CROSSTALK_BENCH_LIBRARY` (bench/compare.sh sets it to its
//! ~100 MB synthetic library); without it only the sample is measured and the ratio is skipped.
//! `CROSSTALK_BENCH_FRAMES` sets the number of frames per view (default 60).
//!
//! Run: `CROSSTALK_BENCH_LIBRARY=target/bench-compare/library cargo bench --bench frames`.
//! Output: two Markdown table rows per view, app frame then harness frame (library frame, sample
//! frame, ratio, target).

use crosstalk::ui::settings::View;
use crosstalk::ui::{Command, CrosstalkApp};
use egui_kittest::Harness;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The views measured, in the order they are visited (Compare last: it sets a theme filter).
const VIEWS: [View; 5] = [
    View::Timelines,
    View::Reader,
    View::Topics,
    View::Terms,
    View::Compare,
];

/// The theme chosen in the filter for the Compare view.
const COMPARE_THEME: &str = "sanctions";

/// The transcript the reader shows: the bundled sample, or its copy in the library.
const READER_TRANSCRIPT: &str = "putin-lukashenko-2025-03-13";

/// CPU time consumed by the calling thread (the UI thread: the analysis worker and loaders run
/// on threads of their own and are not counted).
fn thread_cpu_time() -> Duration {
    let mut spec = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `spec` is a valid, writable timespec and the clock id is a constant the kernel
    // knows; clock_gettime writes nothing else.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &raw mut spec) };
    if status != 0 {
        return Duration::ZERO;
    }
    Duration::new(
        u64::try_from(spec.tv_sec).unwrap_or(0),
        u32::try_from(spec.tv_nsec).unwrap_or(0),
    )
}

/// An app with these files (the bundled sample when empty) fully loaded, drawn in a harness.
fn harness_with(files: Vec<PathBuf>) -> Harness<'static, CrosstalkApp> {
    let mut app = CrosstalkApp::new(None, files, Arc::new(|| {}));
    app.wait_until_loaded();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_max_steps(64)
        .build_ui_state(|ui, app: &mut CrosstalkApp| app.show(ui), app);
    settle(&mut harness);
    harness
}

/// Runs frames until the app asks for no immediate repaint (bounded).
fn settle(harness: &mut Harness<'static, CrosstalkApp>) {
    let _ = harness.run_ok();
}

/// Switches to `view` and waits for whatever it asked the analysis worker for.
fn show(harness: &mut Harness<'static, CrosstalkApp>, view: View) {
    match view {
        View::Reader => {
            let app = harness.state();
            let transcript = app
                .library
                .transcripts()
                .iter()
                .position(|t| t.source_path.to_string_lossy().contains(READER_TRANSCRIPT))
                .unwrap_or(0);
            harness.state_mut().push(Command::JumpToTurn {
                transcript,
                turn: 0,
            });
        }
        View::Compare => {
            harness.state_mut().chosen_filter.themes = vec![COMPARE_THEME.to_owned()];
            harness.state_mut().push(Command::ShowView(View::Compare));
        }
        other => harness.state_mut().push(Command::ShowView(other)),
    }
    harness.run_steps(2);
    match view {
        View::Topics => harness.state_mut().wait_for_topics(),
        View::Terms => harness.state_mut().wait_for_terms(),
        View::Compare => harness.state_mut().wait_for_analysis(),
        View::Timelines | View::Reader => {}
    }
    harness.run_steps(2);
    settle(harness);
    harness.run_steps(3);
}

/// Median CPU time of `frames` calls of `frame` (at least one).
fn median_cpu_time(frames: usize, mut frame: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..frames.max(1))
        .map(|_| {
            let start = thread_cpu_time();
            frame();
            thread_cpu_time().saturating_sub(start)
        })
        .collect();
    times.sort_unstable();
    times[times.len() / 2]
}

/// Median CPU time of `frames` idle frames.
fn median_frame(harness: &mut Harness<'static, CrosstalkApp>, frames: usize) -> Duration {
    median_cpu_time(frames, || harness.step())
}

/// Frames drawn in a fresh context before [`app_median_frame`] starts timing.
const WARM_UP_FRAMES: usize = 10;

/// Median CPU time of `frames` idle frames of the app drawn as eframe draws it when no screen
/// reader is running: in a plain egui context (AccessKit off, so no accessibility tree is built
/// or compared), the shapes then tessellated into meshes, as eframe does before painting.
fn app_median_frame(app: &mut CrosstalkApp, frames: usize) -> Duration {
    let ctx = egui::Context::default();
    ctx.all_styles_mut(|style| style.animation_time = 0.0);
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1400.0, 900.0),
        )),
        ..Default::default()
    };
    let mut frame = || {
        let mut output = ctx.run_ui(input(), |ui| app.show(ui));
        // eframe hands these to the renderer; here there is none.
        output.textures_delta.clear();
        std::hint::black_box(ctx.tessellate(output.shapes, output.pixels_per_point));
    };
    for _ in 0..WARM_UP_FRAMES {
        frame();
    }
    median_cpu_time(frames, frame)
}

/// Which of a view's frame times a table row shows.
type PickFrame = fn(&ViewFrames) -> Duration;

/// A view's median frame times: in the test harness (AccessKit on), and as the app draws it
/// without a screen reader (see [`app_median_frame`]).
#[derive(Debug, Clone, Copy)]
struct ViewFrames {
    harness: Duration,
    app: Duration,
}

/// Median frame times per view for one app; the harness figure without the library panel is
/// printed to standard error, to tell the panel's share from the view's.
fn measure(files: Vec<PathBuf>, frames: usize) -> Vec<ViewFrames> {
    let started = Instant::now();
    let mut harness = harness_with(files);
    eprintln!(
        "loaded {} transcripts in {:.1} s",
        harness.state().library.transcripts().len(),
        started.elapsed().as_secs_f64()
    );
    VIEWS
        .iter()
        .map(|&view| {
            let started = Instant::now();
            show(&mut harness, view);
            let median = median_frame(&mut harness, frames);
            let app = app_median_frame(harness.state_mut(), frames);
            settle(&mut harness);
            harness.state_mut().settings.library_panel_open = false;
            settle(&mut harness);
            let without_panel = median_frame(&mut harness, frames);
            harness.state_mut().settings.library_panel_open = true;
            settle(&mut harness);
            eprintln!(
                "  {:<9} ready in {:.1} s, frame {:.3} ms in the harness ({:.3} ms without the \
                 library panel), {:.3} ms as the app draws it",
                view.label(),
                started.elapsed().as_secs_f64(),
                median.as_secs_f64() * 1e3,
                without_panel.as_secs_f64() * 1e3,
                app.as_secs_f64() * 1e3
            );
            ViewFrames {
                harness: median,
                app,
            }
        })
        .collect()
}

fn milliseconds(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    let frames: usize = std::env::var("CROSSTALK_BENCH_FRAMES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let library = std::env::var_os("CROSSTALK_BENCH_LIBRARY").map(PathBuf::from);
    eprintln!("frames: the bundled sample");
    let sample = measure(Vec::new(), frames);
    let large = match &library {
        Some(path) => {
            eprintln!("frames: the library {}", path.display());
            Some(measure(vec![path.clone()], frames))
        }
        None => {
            eprintln!(
                "frames: CROSSTALK_BENCH_LIBRARY is not set; only the sample is measured \
                 (bench/compare.sh sets it to its 100 MB library)"
            );
            None
        }
    };
    println!(
        "| view: CPU time of an idle frame (median of {frames}) | library | sample | ratio | target |"
    );
    println!("|---|---|---|---|---|");
    let rows: [(&str, PickFrame); 2] = [
        ("frame", |f| f.app),
        ("frame in the test harness, AccessKit on", |f| f.harness),
    ];
    for (kind, pick) in rows {
        for (i, view) in VIEWS.iter().enumerate() {
            let label = match view {
                View::Compare => format!("{kind}: {} (theme {COMPARE_THEME})", view.label()),
                _ => format!("{kind}: {}", view.label()),
            };
            let sample_frame = pick(&sample[i]);
            match &large {
                Some(large) => {
                    let large_frame = pick(&large[i]);
                    println!(
                        "| {label} | {} | {} | {:.2}x sample's | <= 1.5x |",
                        milliseconds(large_frame),
                        milliseconds(sample_frame),
                        large_frame.as_secs_f64() / sample_frame.as_secs_f64().max(1e-9)
                    );
                }
                None => println!(
                    "| {label} | (not measured) | {} | | <= 1.5x |",
                    milliseconds(sample_frame)
                ),
            }
        }
    }
}
