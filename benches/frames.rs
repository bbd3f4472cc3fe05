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
//! Both apps are loaded first; then, view by view, their frames are timed in turns of ten
//! (sample, library, sample, library...), so that a shared machine slowing down or speeding up
//! meanwhile moves both alike and the ratio holds.
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

/// CPU time of one call of `frame`.
fn cpu_time_of(mut frame: impl FnMut()) -> Duration {
    let start = thread_cpu_time();
    frame();
    thread_cpu_time().saturating_sub(start)
}

/// The median of some times.
fn median(mut times: Vec<Duration>) -> Duration {
    times.sort_unstable();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

/// Frames of one app timed in a row before the other app's turn; the first of each turn is
/// not counted (the other app's frames have just filled the caches with their own data).
const TURN_FRAMES: usize = 10;

/// Median CPU times of about `frames` calls of each of `frames_of`, called in turns of
/// [`TURN_FRAMES`]: the first's turn, the second's, ..., the first's again.
fn alternated_medians(frames: usize, mut frames_of: Vec<Box<dyn FnMut() + '_>>) -> Vec<Duration> {
    let mut times: Vec<Vec<Duration>> = frames_of.iter().map(|_| Vec::new()).collect();
    let turns = frames.max(1).div_ceil(TURN_FRAMES - 1);
    for _ in 0..turns {
        for (frame, times) in frames_of.iter_mut().zip(&mut times) {
            frame();
            for _ in 1..TURN_FRAMES {
                times.push(cpu_time_of(&mut *frame));
            }
        }
    }
    times.into_iter().map(median).collect()
}

/// Frames drawn in a fresh context before [`app_frame`] is timed.
const WARM_UP_FRAMES: usize = 10;

/// One idle frame of the app drawn as eframe draws it when no screen reader is running: in a
/// plain egui context (AccessKit off, so no accessibility tree is built or compared), the
/// shapes then tessellated into meshes, as eframe does before painting.
fn app_frame(ctx: &egui::Context, app: &mut CrosstalkApp) {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1400.0, 900.0),
        )),
        ..Default::default()
    };
    let mut output = ctx.run_ui(input, |ui| app.show(ui));
    // eframe hands these to the renderer; here there is none.
    output.textures_delta.clear();
    std::hint::black_box(ctx.tessellate(output.shapes, output.pixels_per_point));
}

/// A fresh context for [`app_frame`], its first frames drawn.
fn warmed_context(app: &mut CrosstalkApp) -> egui::Context {
    let ctx = egui::Context::default();
    ctx.all_styles_mut(|style| style.animation_time = 0.0);
    for _ in 0..WARM_UP_FRAMES {
        app_frame(&ctx, app);
    }
    ctx
}

/// Which of a view's frame times a table row shows.
type PickFrame = fn(&ViewFrames) -> Duration;

/// A view's median frame times: in the test harness (AccessKit on), and as the app draws it
/// without a screen reader (see [`app_frame`]).
#[derive(Debug, Clone, Copy)]
struct ViewFrames {
    harness: Duration,
    app: Duration,
}

/// An app with these files loaded, in a harness.
fn loaded(files: Vec<PathBuf>) -> Harness<'static, CrosstalkApp> {
    let started = Instant::now();
    let harness = harness_with(files);
    eprintln!(
        "loaded {} transcripts in {:.1} s",
        harness.state().library.transcripts().len(),
        started.elapsed().as_secs_f64()
    );
    harness
}

/// Median frame times per view of each app (the bundled sample's first), their frames timed in
/// turn; the harness figure without the library panel is printed to standard error, to tell
/// the panel's share from the view's.
fn measure(apps: &mut [Harness<'static, CrosstalkApp>], frames: usize) -> Vec<Vec<ViewFrames>> {
    let mut figures: Vec<Vec<ViewFrames>> = apps.iter().map(|_| Vec::new()).collect();
    for view in VIEWS {
        let started = Instant::now();
        for harness in apps.iter_mut() {
            show(harness, view);
        }
        let ready = started.elapsed().as_secs_f64();
        let harness_frames = {
            let steps = apps
                .iter_mut()
                .map(|harness| Box::new(move || harness.step()) as Box<dyn FnMut()>)
                .collect();
            alternated_medians(frames, steps)
        };
        let app_frames = {
            let drawn = apps
                .iter_mut()
                .map(|harness| {
                    let app = harness.state_mut();
                    let ctx = warmed_context(app);
                    Box::new(move || app_frame(&ctx, app)) as Box<dyn FnMut()>
                })
                .collect();
            alternated_medians(frames, drawn)
        };
        for (i, harness) in apps.iter_mut().enumerate() {
            settle(harness);
            harness.state_mut().settings.library_panel_open = false;
            settle(harness);
            let without_panel = median(
                (0..frames)
                    .map(|_| cpu_time_of(|| harness.step()))
                    .collect(),
            );
            harness.state_mut().settings.library_panel_open = true;
            settle(harness);
            eprintln!(
                "  {:<9} {} ready in {:.1} s, frame {:.3} ms in the harness ({:.3} ms without \
                 the library panel), {:.3} ms as the app draws it",
                view.label(),
                if i == 0 { "sample " } else { "library" },
                ready,
                harness_frames[i].as_secs_f64() * 1e3,
                without_panel.as_secs_f64() * 1e3,
                app_frames[i].as_secs_f64() * 1e3
            );
            figures[i].push(ViewFrames {
                harness: harness_frames[i],
                app: app_frames[i],
            });
        }
    }
    figures
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
    let mut apps = vec![loaded(Vec::new())];
    match &library {
        Some(path) => {
            eprintln!("frames: the library {}", path.display());
            apps.push(loaded(vec![path.clone()]));
        }
        None => eprintln!(
            "frames: CROSSTALK_BENCH_LIBRARY is not set; only the sample is measured \
             (bench/compare.sh sets it to its 100 MB library)"
        ),
    }
    let mut figures = measure(&mut apps, frames).into_iter();
    let sample = figures.next().unwrap_or_default();
    let large = figures.next();
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
