//! Shapes kept across frames, turned once into meshes so that an idle frame copies vertices
//! instead of tessellating every bar, line and rectangle again.

use egui::Shape;
use egui::epaint::{Mesh, Tessellator};

/// The same picture as `shapes`, with every run of shapes other than text tessellated into one
/// mesh (text stays as it is: it is drawn from the font atlas, which may change). The order,
/// and so what is drawn over what, is kept.
pub fn premesh(ctx: &egui::Context, shapes: Vec<Shape>) -> Vec<Shape> {
    let options = ctx.tessellation_options(|options| *options);
    // Only text needs the font texture's size or the prepared discs, and text is left out.
    let mut tessellator = Tessellator::new(ctx.pixels_per_point(), options, [1, 1], Vec::new());
    let mut out = Vec::new();
    let mut mesh = Mesh::default();
    for shape in shapes {
        match shape {
            Shape::Text(_) | Shape::Callback(_) => {
                if !mesh.is_empty() {
                    out.push(Shape::mesh(std::mem::take(&mut mesh)));
                }
                out.push(shape);
            }
            other => tessellator.tessellate_shape(other, &mut mesh),
        }
    }
    if !mesh.is_empty() {
        out.push(Shape::mesh(mesh));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{Color32, Pos2, Rect, Stroke};

    #[test]
    fn runs_between_texts_become_one_mesh_each_in_order() {
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
        assert_eq!(meshed.len(), 3);
        let Shape::Mesh(first) = &meshed[0] else {
            panic!("expected a mesh first, got {:?}", meshed[0]);
        };
        assert!(first.vertices.iter().any(|v| v.color == Color32::RED));
        assert!(first.vertices.iter().any(|v| v.color == Color32::BLUE));
        assert!(matches!(meshed[1], Shape::Text(_)));
        let Shape::Mesh(last) = &meshed[2] else {
            panic!("expected a mesh last, got {:?}", meshed[2]);
        };
        assert!(
            last.vertices
                .iter()
                .all(|v| v.color.a() == 0 || v.color == Color32::GREEN)
        );
        assert!(last.calc_bounds().min.y >= 7.0);
    }
}
