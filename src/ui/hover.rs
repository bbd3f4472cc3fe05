//! Tooltips asked for only when one may show: egui's `on_hover_ui` works out every frame, for
//! every widget, whether its tooltip should show (several reads of the context's state), and a
//! list of dozens of rows or bars pays that dozens of times per idle frame for none.

/// Shows `add_contents` as `response`'s tooltip as [`egui::Response::on_hover_ui`] does, asking
/// egui only when a tooltip can show: the widget is hovered, its tooltip is open (egui keeps
/// some open while the pointer moves onto them), or everything is shown (screenshots, tests).
pub fn on_hover_ui(
    response: egui::Response,
    add_contents: impl FnOnce(&mut egui::Ui),
) -> egui::Response {
    let may_show = response.hovered()
        || response.is_tooltip_open()
        || response.ctx.memory(|memory| memory.everything_is_visible());
    if may_show {
        response.on_hover_ui(add_contents)
    } else {
        response
    }
}
