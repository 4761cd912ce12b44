//! A survey's look: brand colour, text and background colours, corner radius, font, light or dark.
//!
//! The widget's stylesheet reads CSS custom properties; the server writes a survey's theme into
//! them. Colours are checked for contrast when the survey is created (WCAG AA, 4.5:1 for text), so
//! a company cannot make its survey unreadable by accident.

use serde::{Deserialize, Serialize};

/// WCAG 2.1 AA contrast for normal text.
pub const MIN_CONTRAST: f64 = 4.5;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Theme {
    /// Buttons, focus rings, chosen options; white text sits on it.
    pub brand: Option<Colour>,
    pub text: Option<Colour>,
    pub background: Option<Colour>,
    /// Corner radius in CSS pixels.
    pub radius: Option<u8>,
    pub font: Option<String>,
    pub mode: Mode,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Light or dark, as the respondent's system prefers.
    #[default]
    Auto,
    Light,
    Dark,
}

/// An sRGB colour, written `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour([u8; 3]);

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTheme {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub radius: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub font: Option<String>,
    #[serde(default)]
    pub mode: Mode,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ThemeError {
    #[error("{field}: `{value}` is not a colour written #rrggbb")]
    Colour { field: &'static str, value: String },
    #[error("radius must be 0 to 24 pixels")]
    Radius,
    #[error("font must be a font-family list of letters, digits, spaces, commas, quotes and dashes (up to 100)")]
    Font,
    #[error("{what} contrast is {ratio:.2}:1; at least 4.5:1 is needed to be readable")]
    Contrast { what: &'static str, ratio: f64 },
}

// `ratio` is a diagnostic; errors compare by what they say.
impl Eq for ThemeError {}

impl Colour {
    pub fn parse(field: &'static str, raw: &str) -> Result<Colour, ThemeError> {
        let bad = || ThemeError::Colour { field, value: raw.to_owned() };
        let hex = raw.strip_prefix('#').filter(|h| h.len() == 6 && h.chars().all(|c| c.is_ascii_hexdigit()));
        let hex = hex.ok_or_else(bad)?;
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| bad());
        Ok(Colour([byte(0)?, byte(2)?, byte(4)?]))
    }

    pub fn css(self) -> String {
        let [r, g, b] = self.0;
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// Relative luminance as WCAG defines it.
    fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let [r, g, b] = self.0;
        0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }

    /// The WCAG contrast ratio between two colours, 1 to 21.
    pub fn contrast(self, other: Colour) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

const WHITE: Colour = Colour([255, 255, 255]);
/// The default theme's text and background in light mode (see style/widget.css).
pub const DEFAULT_TEXT: Colour = Colour([0x1f, 0x23, 0x28]);
pub const DEFAULT_BACKGROUND: Colour = WHITE;

impl Theme {
    pub fn parse(raw: RawTheme) -> Result<Theme, ThemeError> {
        let colour = |field, raw: &Option<String>| raw.as_deref().map(|c| Colour::parse(field, c)).transpose();
        let theme = Theme {
            brand: colour("brand", &raw.brand)?,
            text: colour("text", &raw.text)?,
            background: colour("background", &raw.background)?,
            radius: raw.radius,
            font: raw.font,
            mode: raw.mode,
        };
        if theme.radius.is_some_and(|r| r > 24) {
            return Err(ThemeError::Radius);
        }
        if let Some(font) = &theme.font {
            let ok = |c: char| c.is_ascii_alphanumeric() || " ,'\"-".contains(c);
            if font.trim().is_empty() || font.len() > 100 || !font.chars().all(ok) {
                return Err(ThemeError::Font);
            }
        }
        if theme.text.is_some() || theme.background.is_some() {
            let text = theme.text.unwrap_or(DEFAULT_TEXT);
            let background = theme.background.unwrap_or(DEFAULT_BACKGROUND);
            let ratio = text.contrast(background);
            if ratio < MIN_CONTRAST {
                return Err(ThemeError::Contrast { what: "text on background", ratio });
            }
        }
        if let Some(brand) = theme.brand {
            let ratio = brand.contrast(WHITE);
            if ratio < MIN_CONTRAST {
                return Err(ThemeError::Contrast { what: "white button text on the brand colour", ratio });
            }
        }
        Ok(theme)
    }

    pub fn to_raw(&self) -> RawTheme {
        RawTheme {
            brand: self.brand.map(Colour::css),
            text: self.text.map(Colour::css),
            background: self.background.map(Colour::css),
            radius: self.radius,
            font: self.font.clone(),
            mode: self.mode,
        }
    }

    /// CSS declarations setting the widget's custom properties this theme changes.
    pub fn css_properties(&self) -> String {
        let mut css = String::new();
        let mut set = |name: &str, value: Option<String>| {
            if let Some(value) = value {
                css.push_str(&format!("--hb-{name}:{value};"));
            }
        };
        set("brand", self.brand.map(Colour::css));
        set("text", self.text.map(Colour::css));
        set("background", self.background.map(Colour::css));
        set("radius", self.radius.map(|r| format!("{r}px")));
        set("font", self.font.clone());
        css
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(json: &str) -> Result<Theme, ThemeError> {
        Theme::parse(serde_json::from_str(json).unwrap())
    }

    #[test]
    fn contrast_is_computed_as_wcag_defines_it() {
        let black = Colour([0, 0, 0]);
        assert!((black.contrast(WHITE) - 21.0).abs() < 1e-9);
        assert!(DEFAULT_TEXT.contrast(DEFAULT_BACKGROUND) >= MIN_CONTRAST);
    }

    #[test]
    fn a_theme_sets_the_custom_properties_it_names() {
        let t = theme(r##"{"brand": "#0B5FFF", "radius": 4, "font": "Inter, sans-serif", "mode": "dark"}"##).unwrap();
        assert_eq!(t.css_properties(), "--hb-brand:#0b5fff;--hb-radius:4px;--hb-font:Inter, sans-serif;");
        assert_eq!(t.mode, Mode::Dark);
    }

    #[test]
    fn unreadable_or_malformed_themes_are_refused() {
        assert!(matches!(theme(r##"{"brand": "#ffee00"}"##), Err(ThemeError::Contrast { .. })));
        assert!(matches!(theme(r##"{"text": "#777777", "background": "#888888"}"##), Err(ThemeError::Contrast { .. })));
        assert!(matches!(theme(r##"{"brand": "red"}"##), Err(ThemeError::Colour { .. })));
        assert_eq!(theme(r#"{"radius": 99}"#), Err(ThemeError::Radius));
        assert_eq!(theme(r#"{"font": "x;}body{color:red"}"#), Err(ThemeError::Font));
    }
}
