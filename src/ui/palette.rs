//! Speaker colours: Okabe–Ito for people (then evenly spaced hues), neutral greys for roles.

use crate::{Library, Role};
use egui::Color32;

/// The Okabe–Ito colour-blind-safe palette without its black (invisible on a dark background).
const OKABE_ITO: [Color32; 7] = [
    Color32::from_rgb(0xE6, 0x9F, 0x00), // orange
    Color32::from_rgb(0x56, 0xB4, 0xE9), // sky blue
    Color32::from_rgb(0x00, 0x9E, 0x73), // bluish green
    Color32::from_rgb(0xD5, 0x5E, 0x00), // vermillion
    Color32::from_rgb(0x00, 0x72, 0xB2), // blue
    Color32::from_rgb(0xCC, 0x79, 0xA7), // reddish purple
    Color32::from_rgb(0xF0, 0xE4, 0x42), // yellow
];

/// Greys for roles, one per role so that a reporter and the audience still differ.
fn role_grey(role: Role) -> Color32 {
    match role {
        Role::Person => Color32::from_gray(150),
        Role::Reporter => Color32::from_gray(140),
        Role::Moderator => Color32::from_gray(120),
        Role::Audience => Color32::from_gray(165),
        Role::Unidentified => Color32::from_gray(105),
    }
}

/// The colour of the `n`th person: Okabe–Ito first, then hues spaced by the golden angle.
pub fn person_colour(n: usize) -> Color32 {
    if let Some(colour) = OKABE_ITO.get(n) {
        return *colour;
    }
    let hue = ((n - OKABE_ITO.len()) as f32 * 0.381_966).fract();
    egui::ecolor::Hsva::new(hue, 0.65, 0.85, 1.0).into()
}

/// One colour per library speaker, by index in [`Library::speakers`]. People are numbered in
/// library order (the order files were opened), so a speaker keeps its colour across views and
/// runs; roles are grey.
pub fn speaker_colours(library: &Library) -> Vec<Color32> {
    let mut people = 0;
    library
        .speakers()
        .iter()
        .map(|speaker| {
            if speaker.role == Role::Person {
                people += 1;
                person_colour(people - 1)
            } else {
                role_grey(speaker.role)
            }
        })
        .collect()
}

/// A speaker's name with its role where that adds something: `Jen Psaki`, `Q (reporter)`,
/// `Reporter` (not `Reporter (reporter)`).
pub fn speaker_label(name: &str, role: Role) -> String {
    if role == Role::Person || name.eq_ignore_ascii_case(role.name()) {
        name.to_owned()
    } else {
        format!("{name} ({role})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_people_get_distinct_okabe_ito_colours_and_later_ones_still_differ() {
        let colours: Vec<Color32> = (0..20).map(person_colour).collect();
        for (i, a) in colours.iter().enumerate() {
            for b in colours.iter().skip(i + 1) {
                assert_ne!(a, b);
            }
        }
        assert_eq!(colours[0], OKABE_ITO[0]);
    }
}
