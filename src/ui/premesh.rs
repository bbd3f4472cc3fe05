//! Shapes kept across frames, turned once into meshes so that an idle frame copies vertices
//! instead of tessellating every bar, line, rectangle and piece of text again.
//!
//! Text is tessellated too: its vertices point into the font atlas, so a mesh with text holds
//! only for the [`AtlasKey`] it was made at (scale, atlas size and fill; the atlas grows or is
//! cleared when glyphs are added). [`MeshCache`] keeps the mesh of a picture made every frame
//! and makes it again only when the picture or the atlas changed.

use egui::Shape;
use egui::epaint::{Mesh, Tessellator, TextShape};
use std::sync::Arc;

/// What a mesh with text depends on besides its shapes: the scale, and the font atlas's size
/// and fill (both change when glyphs are added, and the fill falls when the atlas is cleared).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AtlasKey {
    scale: u32,
    size: [usize; 2],
    fill: u32,
}

impl AtlasKey {
    /// The key for the atlas as it is now.
    pub fn of(ctx: &egui::Context) -> AtlasKey {
        let (size, fill) =
            ctx.fonts(|fonts| (fonts.font_image_size(), fonts.font_atlas_fill_ratio()));
        AtlasKey {
            scale: ctx.pixels_per_point().to_bits(),
            size,
            fill: fill.to_bits(),
        }
    }
}

/// How many times this context's font atlas has been cleared or replaced, as far as it has been
/// seen: egui clears the atlas when it is nearly full, and text laid out before that points at
/// glyphs that are gone. Caches of laid-out text ([`egui::Galley`]s) key on it and lay their
/// text out again when it changes. A clear shows as the atlas's fill falling (it only grows
/// between clears) or its size changing.
pub fn atlas_generation(ctx: &egui::Context) -> u64 {
    let (size, fill) = ctx.fonts(|fonts| (fonts.font_image_size(), fonts.font_atlas_fill_ratio()));
    ctx.data_mut(|data| {
        let seen = data.get_temp_mut_or_default::<SeenAtlas>(egui::Id::unique(
            "crosstalk font atlas generation",
        ));
        if seen.size != size || fill < seen.fill {
            seen.generation += 1;
        }
        seen.size = size;
        seen.fill = fill;
        seen.generation
    })
}

/// The font atlas as [`atlas_generation`] last saw it.
#[derive(Debug, Clone, Default)]
struct SeenAtlas {
    size: [usize; 2],
    fill: f32,
    generation: u64,
}

/// Stops egui from working out, every frame, whether each shape is outside its clip rectangle
/// (its "coarse culling"). For a mesh that means a pass over all of its vertices, every frame:
/// with a large library on screen, the premeshed panel rows and charts hold tens of thousands
/// of vertices, and that pass cost more than copying them. Nothing here needs it: the lists,
/// the reader and the timelines draw only the rows and blocks in view, and a [`Premeshed`]
/// picture checks its bounds, found once when it was meshed, before it paints.
pub fn cull_premeshed_only(ctx: &egui::Context) {
    if ctx.tessellation_options(|options| options.coarse_tessellation_culling) {
        ctx.tessellation_options_mut(|options| options.coarse_tessellation_culling = false);
    }
}

/// A picture turned into meshes once ([`premesh`]), with the rectangle it covers.
#[derive(Debug, Clone)]
pub struct Premeshed {
    shapes: Vec<Shape>,
    bounds: egui::Rect,
}

impl Default for Premeshed {
    /// No picture.
    fn default() -> Self {
        Premeshed {
            shapes: Vec::new(),
            bounds: egui::Rect::NOTHING,
        }
    }
}

impl Premeshed {
    /// Paints the picture, unless it lies wholly outside the painter's clip rectangle.
    pub fn paint(&self, painter: &egui::Painter) {
        if painter.clip_rect().intersects(self.bounds) {
            painter.extend(self.shapes.iter().cloned());
        }
    }

    /// The meshes (and paint callbacks), in painting order.
    pub fn shapes(&self) -> &[Shape] {
        &self.shapes
    }

    /// The rectangle the picture covers.
    pub fn bounds(&self) -> egui::Rect {
        self.bounds
    }
}

/// The same picture as `shapes`, with every run of shapes other than paint callbacks
/// tessellated into one mesh (text included: see [`AtlasKey`]). The order, and so what is
/// drawn over what, is kept.
pub fn premesh(ctx: &egui::Context, shapes: Vec<Shape>) -> Premeshed {
    let options = ctx.tessellation_options(|options| *options);
    let font_size = ctx.fonts(|fonts| fonts.font_image_size());
    // Prepared discs only speed up small circles; without them circles are tessellated fully.
    let mut tessellator = Tessellator::new(ctx.pixels_per_point(), options, font_size, Vec::new());
    let mut out = Vec::new();
    let mut bounds = egui::Rect::NOTHING;
    let mut mesh = Mesh::default();
    for shape in shapes {
        match shape {
            Shape::Callback(callback) => {
                if !mesh.is_empty() {
                    bounds = bounds.union(mesh.calc_bounds());
                    out.push(Shape::mesh(std::mem::take(&mut mesh)));
                }
                bounds = bounds.union(callback.rect);
                out.push(Shape::Callback(callback));
            }
            other => tessellator.tessellate_shape(other, &mut mesh),
        }
    }
    if !mesh.is_empty() {
        bounds = bounds.union(mesh.calc_bounds());
        out.push(Shape::mesh(mesh));
    }
    Premeshed {
        shapes: out,
        bounds,
    }
}

/// Whether two lists of shapes paint the same: shapes compare as egui compares them, except
/// that text and meshes compare by what they point to (the same laid-out galley, the same
/// mesh), which is cheap and what a picture made from kept galleys needs.
pub fn same_shapes(a: &[Shape], b: &[Shape]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_shape(a, b))
}

fn same_shape(a: &Shape, b: &Shape) -> bool {
    match (a, b) {
        (Shape::Text(a), Shape::Text(b)) => same_text(a, b),
        (Shape::Mesh(a), Shape::Mesh(b)) => Arc::ptr_eq(a, b),
        (Shape::Vec(a), Shape::Vec(b)) => same_shapes(a, b),
        (Shape::Callback(_), _) | (_, Shape::Callback(_)) => false,
        (a, b) => a == b,
    }
}

fn same_text(a: &TextShape, b: &TextShape) -> bool {
    Arc::ptr_eq(&a.galley, &b.galley)
        && a.pos == b.pos
        && a.underline == b.underline
        && a.fallback_color == b.fallback_color
        && a.override_text_color == b.override_text_color
        && a.opacity_factor == b.opacity_factor
        && a.angle == b.angle
}

/// The mesh of a picture drawn every frame (rows of a list, a chart), made again only when the
/// shapes or the font atlas changed: an idle frame builds the shapes (cheap: the text is laid
/// out already), compares them with the last ones, and copies one mesh.
#[derive(Debug, Default)]
pub struct MeshCache {
    atlas: AtlasKey,
    shapes: Vec<Shape>,
    meshed: Premeshed,
}

impl MeshCache {
    /// Paints `shapes` with `painter`, from the mesh made for them.
    pub fn paint(&mut self, painter: &egui::Painter, shapes: Vec<Shape>) {
        let atlas = AtlasKey::of(painter.ctx());
        if atlas != self.atlas || !same_shapes(&self.shapes, &shapes) {
            self.meshed = premesh(painter.ctx(), shapes.clone());
            self.shapes = shapes;
            self.atlas = atlas;
        }
        self.meshed.paint(painter);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{Color32, Pos2, Rect, Stroke};

    #[test]
    fn a_cleared_font_atlas_is_a_new_generation() {
        let ctx = egui::Context::default();
        let atlas = || ctx.fonts(|fonts| (fonts.font_image_size(), fonts.font_atlas_fill_ratio()));
        let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
        output.textures_delta.clear();
        let (mut seen, mut generation) = (atlas(), atlas_generation(&ctx));
        assert_eq!(
            atlas_generation(&ctx),
            generation,
            "same atlas, same generation"
        );
        // Glyphs of ever larger sizes fill the atlas until egui clears it.
        let mut size = 10.0;
        let mut cleared = false;
        for _ in 0..400 {
            let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
                ui.fonts_mut(|fonts| {
                    fonts.layout_no_wrap(
                        "abcdefghijklmnopqrstuvwxyz0123456789".into(),
                        egui::FontId::proportional(size),
                        Color32::WHITE,
                    )
                });
            });
            // The atlas's new glyphs would go to the screen: there is none here.
            output.textures_delta.clear();
            size += 4.0;
            let (now, now_generation) = (atlas(), atlas_generation(&ctx));
            if now.0 == seen.0 && now.1 < seen.1 {
                assert_ne!(now_generation, generation, "a clear is a new generation");
                cleared = true;
                break;
            }
            if now.0 == seen.0 {
                assert_eq!(now_generation, generation, "glyphs added: same generation");
            }
            (seen, generation) = (now, now_generation);
        }
        assert!(cleared, "egui never cleared the atlas");
    }

    #[test]
    fn shapes_and_text_become_one_mesh_in_order() {
        let ctx = egui::Context::default();
        let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
        output.textures_delta.clear();
        let galley = ctx.fonts_mut(|fonts| {
            fonts.layout_no_wrap("lane".into(), egui::FontId::default(), Color32::WHITE)
        });
        let rect = Rect::from_min_max(Pos2::ZERO, Pos2::new(10.0, 4.0));
        let shapes = vec![
            Shape::rect_filled(rect, 1.0, Color32::RED),
            Shape::line_segment(
                [Pos2::ZERO, Pos2::new(5.0, 5.0)],
                Stroke::new(1.0, Color32::BLUE),
            ),
            Shape::galley(Pos2::ZERO, galley, Color32::WHITE),
            Shape::rect_filled(rect.translate(egui::vec2(0.0, 8.0)), 0.0, Color32::GREEN),
        ];
        let meshed = premesh(&ctx, shapes);
        let meshed = meshed.shapes();
        assert_eq!(meshed.len(), 1);
        let Shape::Mesh(mesh) = &meshed[0] else {
            panic!("expected a mesh, got {:?}", meshed[0]);
        };
        let first = |colour: Color32| mesh.vertices.iter().position(|v| v.color == colour);
        let (red, blue, white, green) = (
            first(Color32::RED),
            first(Color32::BLUE),
            first(Color32::WHITE),
            first(Color32::GREEN),
        );
        assert!(red < blue && blue < white && white < green, "order kept");
        assert!(
            green.is_some(),
            "every shape is in the mesh, the text's glyphs too"
        );
        assert!(
            mesh.vertices
                .iter()
                .any(|v| v.color == Color32::WHITE && v.uv != egui::epaint::WHITE_UV),
            "the text's vertices point into the font atlas"
        );
    }

    #[test]
    fn the_cache_makes_the_mesh_again_only_when_the_picture_changes() {
        let ctx = egui::Context::default();
        let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
        output.textures_delta.clear();
        let mut cache = MeshCache::default();
        let galley = ctx.fonts_mut(|fonts| {
            fonts.layout_no_wrap("row".into(), egui::FontId::default(), Color32::WHITE)
        });
        let picture = |colour: Color32| {
            vec![
                Shape::rect_filled(
                    Rect::from_min_size(Pos2::ZERO, egui::vec2(4.0, 4.0)),
                    1.0,
                    colour,
                ),
                Shape::galley(Pos2::new(1.0, 1.0), Arc::clone(&galley), Color32::WHITE),
            ]
        };
        let mut meshes = Vec::new();
        for colour in [Color32::RED, Color32::RED, Color32::BLUE] {
            let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
                cache.paint(ui.painter(), picture(colour));
            });
            output.textures_delta.clear();
            let Some(Shape::Mesh(mesh)) = cache.meshed.shapes().first() else {
                panic!("expected a mesh");
            };
            meshes.push(Arc::clone(mesh));
        }
        assert!(
            Arc::ptr_eq(&meshes[0], &meshes[1]),
            "same picture, same mesh"
        );
        assert!(
            !Arc::ptr_eq(&meshes[1], &meshes[2]),
            "a new colour, a new mesh"
        );
        assert!(same_shapes(&picture(Color32::RED), &picture(Color32::RED)));
        assert!(!same_shapes(
            &picture(Color32::RED),
            &picture(Color32::BLUE)
        ));
    }

    #[test]
    fn a_premeshed_picture_out_of_the_clip_rectangle_is_not_painted() {
        let ctx = egui::Context::default();
        let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
        output.textures_delta.clear();
        cull_premeshed_only(&ctx);
        assert!(
            !ctx.tessellation_options(|o| o.coarse_tessellation_culling),
            "egui's per-vertex culling is off"
        );
        let rect = Rect::from_min_size(Pos2::new(10.0, 10.0), egui::vec2(20.0, 5.0));
        let picture = premesh(&ctx, vec![Shape::rect_filled(rect, 0.0, Color32::RED)]);
        assert!(
            picture.bounds().contains_rect(rect),
            "bounds cover the picture"
        );
        let painted = |clip: Rect| {
            let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
                picture.paint(&ui.painter().with_clip_rect(clip));
            });
            output.textures_delta.clear();
            output
                .shapes
                .iter()
                .filter(|clipped| matches!(clipped.shape, Shape::Mesh(_)))
                .count()
        };
        let above = Rect::from_min_size(Pos2::ZERO, egui::vec2(100.0, 8.0));
        let over = Rect::from_min_size(Pos2::ZERO, egui::vec2(100.0, 12.0));
        assert_eq!(painted(above), 0, "wholly outside: nothing painted");
        assert_eq!(painted(over), 1, "partly inside: painted");
    }
}
