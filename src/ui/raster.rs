//! Lines denser than the screen's pixels, drawn once into a texture (anti-aliased, by
//! tiny-skia): a frame then paints one image instead of copying the thousands of vertices of a
//! line with a point every fraction of a pixel (a line chart across a library's hundreds of
//! dated briefings).

use egui::{Color32, Pos2, Rect, TextureHandle, TextureOptions, Vec2, pos2};

/// A line: its points (in points, relative to the top-left corner of its area) and colour.
pub type Line = (Vec<Pos2>, Color32);

/// Lines drawn into a texture, for an area of a given size.
pub struct RasterLines {
    texture: TextureHandle,
    /// The picture's size in points (its pixels over the scale it was drawn at).
    size: Vec2,
    /// How far, in points, the picture reaches out of the area on every side (half a line's
    /// width, and a pixel for the anti-aliasing).
    margin: f32,
}

impl std::fmt::Debug for RasterLines {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RasterLines")
            .field("size", &self.size)
            .field("margin", &self.margin)
            .finish_non_exhaustive()
    }
}

/// A picture of lines: its pixels, and its margin in points around the area.
struct Picture {
    pixmap: tiny_skia::Pixmap,
    margin: f32,
}

/// Draws `lines`, `width` points wide with round joins and caps, for an area of `size` points
/// at `scale` pixels per point. `None` when no line has a point, or the picture would be wider
/// or taller than `largest` pixels.
fn draw(scale: f32, size: Vec2, lines: &[Line], width: f32, largest: usize) -> Option<Picture> {
    let margin = width * 0.5 + 1.0 / scale;
    let pixels = |points: f32| ((points + 2.0 * margin) * scale).ceil();
    let (columns, rows) = (pixels(size.x), pixels(size.y));
    let fits = |count: f32| count >= 1.0 && count <= largest as f32;
    if !(fits(columns) && fits(rows)) {
        return None;
    }
    let mut pixmap = tiny_skia::Pixmap::new(columns as u32, rows as u32)?;
    let stroke = tiny_skia::Stroke {
        width: width * scale,
        line_join: tiny_skia::LineJoin::Round,
        line_cap: tiny_skia::LineCap::Round,
        ..tiny_skia::Stroke::default()
    };
    let mut drawn = false;
    for (points, colour) in lines {
        let mut path = tiny_skia::PathBuilder::with_capacity(points.len(), points.len());
        for (i, point) in points.iter().enumerate() {
            let (x, y) = ((point.x + margin) * scale, (point.y + margin) * scale);
            if i == 0 {
                path.move_to(x, y);
            } else {
                path.line_to(x, y);
            }
        }
        let Some(path) = path.finish() else {
            continue;
        };
        let [r, g, b, a] = colour.to_srgba_unmultiplied();
        let mut paint = tiny_skia::Paint::default();
        paint.set_color_rgba8(r, g, b, a);
        paint.anti_alias = true;
        pixmap.stroke_path(
            &path,
            &paint,
            &stroke,
            tiny_skia::Transform::identity(),
            None,
        );
        drawn = true;
    }
    drawn.then_some(Picture { pixmap, margin })
}

impl RasterLines {
    /// Draws `lines`, `width` points wide, into a texture for an area of `size` points at the
    /// context's scale. `None` when no line has a point or the picture would be larger than a
    /// texture can be (then draw the lines as shapes).
    pub fn new(
        ctx: &egui::Context,
        name: &str,
        size: Vec2,
        lines: &[Line],
        width: f32,
    ) -> Option<RasterLines> {
        let scale = ctx.pixels_per_point();
        let largest = ctx.input(|input| input.max_texture_side);
        let Picture { pixmap, margin } = draw(scale, size, lines, width, largest)?;
        let pixels = [pixmap.width() as usize, pixmap.height() as usize];
        // tiny-skia's pixels are premultiplied RGBA, as egui's are.
        let image = egui::ColorImage::from_rgba_premultiplied(pixels, pixmap.data());
        Some(RasterLines {
            texture: ctx.load_texture(name, image, TextureOptions::NEAREST),
            size: Vec2::new(pixels[0] as f32, pixels[1] as f32) / scale,
            margin,
        })
    }

    /// Paints the lines over the area whose top-left corner is `origin`, placed on whole pixels
    /// (the texture's pixels fall on the screen's, unblurred), unless the picture lies wholly
    /// outside the painter's clip rectangle.
    pub fn paint(&self, painter: &egui::Painter, origin: Pos2) {
        let scale = painter.pixels_per_point();
        let corner = origin - Vec2::splat(self.margin);
        let corner = pos2(
            (corner.x * scale).round() / scale,
            (corner.y * scale).round() / scale,
        );
        let rect = Rect::from_min_size(corner, self.size);
        if painter.clip_rect().intersects(rect) {
            painter.image(
                self.texture.id(),
                rect,
                Rect::from_min_max(Pos2::ZERO, pos2(1.0, 1.0)),
                Color32::WHITE,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The premultiplied RGBA of pixel (x, y).
    fn pixel(picture: &Picture, x: u32, y: u32) -> [u8; 4] {
        let at = (y * picture.pixmap.width() + x) as usize * 4;
        let data = picture.pixmap.data();
        [data[at], data[at + 1], data[at + 2], data[at + 3]]
    }

    /// A line is drawn where its points are, in its colour, and nowhere else; at twice the
    /// scale the picture has twice the pixels.
    #[test]
    fn a_line_is_drawn_where_its_points_are() {
        let colour = Color32::from_rgb(200, 40, 40);
        let size = egui::vec2(100.0, 50.0);
        let line = (vec![pos2(0.0, 25.0), pos2(100.0, 25.0)], colour);
        for scale in [1.0, 2.0] {
            let Some(picture) = draw(scale, size, std::slice::from_ref(&line), 2.0, 4096) else {
                panic!("the line should be drawn");
            };
            let (columns, rows) = (picture.pixmap.width(), picture.pixmap.height());
            let margin = (picture.margin * scale).round() as u32;
            assert_eq!(
                columns,
                ((100.0 + 2.0 * picture.margin) * scale).ceil() as u32
            );
            let row = ((25.0 + picture.margin) * scale) as u32;
            // On the line: its colour, opaque.
            assert_eq!(pixel(&picture, columns / 2, row), [200, 40, 40, 255]);
            // Away from it: nothing.
            assert_eq!(pixel(&picture, columns / 2, margin + 2), [0; 4]);
            assert_eq!(pixel(&picture, columns / 2, rows - margin - 2), [0; 4]);
        }
    }

    /// Nothing to draw, or a picture larger than a texture can be: no picture.
    #[test]
    fn nothing_or_too_much_gives_no_picture() {
        let colour = Color32::WHITE;
        let size = egui::vec2(100.0, 50.0);
        assert!(draw(1.0, size, &[], 2.0, 4096).is_none());
        assert!(draw(1.0, size, &[(Vec::new(), colour)], 2.0, 4096).is_none());
        let line = (vec![pos2(0.0, 0.0), pos2(10.0, 10.0)], colour);
        assert!(draw(1.0, size, std::slice::from_ref(&line), 2.0, 64).is_none());
        assert!(draw(1.0, size, &[line], 2.0, 4096).is_some());
    }
}
