//! Heights of a virtualised list's rows and where each row starts, summed again only from the
//! first row whose height changed, so that an idle frame of a list of thousands of rows (the
//! library panel, the timelines of a large library) does not add up every height again.

/// Row heights (points) and their running sums.
#[derive(Debug, Clone)]
pub struct RowHeights {
    heights: Vec<f32>,
    /// `tops[i]` is where row `i` starts; one more entry than rows: the total height.
    tops: Vec<f32>,
    /// The first row whose top is out of date, if any.
    stale_from: Option<usize>,
}

impl Default for RowHeights {
    fn default() -> RowHeights {
        RowHeights::new(Vec::new())
    }
}

impl RowHeights {
    /// Rows of these heights.
    pub fn new(heights: Vec<f32>) -> RowHeights {
        RowHeights {
            heights,
            tops: Vec::new(),
            stale_from: Some(0),
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.heights.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.heights.is_empty()
    }

    /// Where each row starts, then the total height (one more entry than rows).
    pub fn tops(&mut self) -> &[f32] {
        if let Some(from) = self.stale_from.take() {
            let from = from.min(self.heights.len());
            self.tops.truncate(from);
            let mut y = match from {
                0 => 0.0,
                _ => self.tops[from - 1] + self.heights[from - 1],
            };
            self.tops.reserve(self.heights.len() + 1 - from);
            for height in &self.heights[from..] {
                self.tops.push(y);
                y += height;
            }
            self.tops.push(y);
        }
        &self.tops
    }

    /// Records the height a row was drawn at when it differs by more than half a point from
    /// the one recorded; returns whether it did (the rows after it move).
    pub fn set(&mut self, row: usize, height: f32) -> bool {
        let Some(recorded) = self.heights.get_mut(row) else {
            return false;
        };
        if (*recorded - height).abs() <= 0.5 {
            return false;
        }
        *recorded = height;
        self.stale_from = Some(self.stale_from.map_or(row, |from| from.min(row)));
        true
    }

    /// Records the heights the rows were drawn at ([`Self::set`] for each) and asks for another
    /// frame when one changed, so that the rows after it are drawn where they now stand.
    pub fn set_drawn(&mut self, ctx: &egui::Context, drawn: Vec<(usize, f32)>) {
        let mut moved = false;
        for (row, height) in drawn {
            moved |= self.set(row, height);
        }
        if moved {
            ctx.request_repaint();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RowHeights;

    #[test]
    fn tops_follow_every_change_from_the_row_that_changed() {
        let mut rows = RowHeights::new(vec![10.0, 20.0, 30.0]);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows.tops(), &[0.0, 10.0, 30.0, 60.0]);
        assert!(!rows.set(1, 20.4), "a change under half a point is ignored");
        assert!(rows.set(2, 5.0));
        assert!(rows.set(1, 25.0));
        assert_eq!(rows.tops(), &[0.0, 10.0, 35.0, 40.0]);
        assert!(
            !rows.set(7, 1.0),
            "a row that does not exist changes nothing"
        );
        assert!(rows.set(0, 0.0));
        assert_eq!(rows.tops(), &[0.0, 0.0, 25.0, 30.0]);
        assert!(RowHeights::new(Vec::new()).is_empty());
        assert_eq!(RowHeights::default().tops(), &[0.0]);
    }
}
