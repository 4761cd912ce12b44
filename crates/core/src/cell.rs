//! The cells of a tally, typed: what each counter counts, with one encoding (the name it is
//! stored under) and its parser, so that the code that counts and the code that reads never spell
//! a cell twice. Question, row and column ids are slugs (`a-z`, `0-9`, `-`), so the first
//! character after the question's id that a slug cannot hold says which kind of cell it is.

use crate::Slug;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cell {
    /// `n`: responses started.
    Started,
    /// `c`: responses finished.
    Completed,
    /// `Q/a`: responses that answered question Q.
    Answered(Slug),
    /// `Q/d`: unfinished responses whose last answer was Q.
    StoppedAt(Slug),
    /// `Q=VALUE`: a point of Q's scale, one of its choices, `other`, `yes` or `no`.
    Value(Slug, String),
    /// `Q:ROW=COLUMN`: the column a matrix row was given.
    Matrix(Slug, Slug, Slug),
    /// `Q~TERM`: a word or a phrase of two words in Q's comments.
    Term(Slug, String),
    /// `s:NAME`: responses whose customer has the attribute NAME (the server's segments).
    HasAttribute(String),
}

impl Cell {
    /// The name the cell is stored under.
    pub fn key(&self) -> String {
        self.to_string()
    }

    /// The common start of the names of question `q`'s term cells (for reading them in order).
    pub fn terms_of(q: &Slug) -> String {
        format!("{q}~")
    }

    /// The cell stored under `key`; `None` for a name no cell has.
    pub fn parse(key: &str) -> Option<Cell> {
        match key {
            "n" => return Some(Cell::Started),
            "c" => return Some(Cell::Completed),
            _ => {}
        }
        let end = key.find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))?;
        let (id, rest) = key.split_at(end);
        if id == "s" && rest.starts_with(':') && !rest.contains('=') {
            return Some(Cell::HasAttribute(rest[1..].to_owned()));
        }
        let question = Slug::parse(id).ok()?;
        let mut chars = rest.chars();
        let separator = chars.next()?;
        let rest = chars.as_str();
        match separator {
            '/' if rest == "a" => Some(Cell::Answered(question)),
            '/' if rest == "d" => Some(Cell::StoppedAt(question)),
            '=' if !rest.is_empty() => Some(Cell::Value(question, rest.to_owned())),
            ':' => {
                let (row, column) = rest.split_once('=')?;
                Some(Cell::Matrix(question, Slug::parse(row).ok()?, Slug::parse(column).ok()?))
            }
            '~' if !rest.is_empty() => Some(Cell::Term(question, rest.to_owned())),
            _ => None,
        }
    }
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Started => f.write_str("n"),
            Cell::Completed => f.write_str("c"),
            Cell::Answered(q) => write!(f, "{q}/a"),
            Cell::StoppedAt(q) => write!(f, "{q}/d"),
            Cell::Value(q, value) => write!(f, "{q}={value}"),
            Cell::Matrix(q, row, column) => write!(f, "{q}:{row}={column}"),
            Cell::Term(q, term) => write!(f, "{q}~{term}"),
            Cell::HasAttribute(name) => write!(f, "s:{name}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn slug() -> impl Strategy<Value = Slug> {
        "[a-z0-9][a-z0-9-]{0,12}".prop_filter_map("not a slug", |s| Slug::parse(s).ok())
    }

    fn cell() -> impl Strategy<Value = Cell> {
        prop_oneof![
            Just(Cell::Started),
            Just(Cell::Completed),
            slug().prop_map(Cell::Answered),
            slug().prop_map(Cell::StoppedAt),
            (slug(), "[a-z0-9-]{1,12}").prop_map(|(q, v)| Cell::Value(q, v)),
            (slug(), slug(), slug()).prop_map(|(q, r, c)| Cell::Matrix(q, r, c)),
            // Terms are what `words::terms` keeps: letters and digits of any script, an
            // apostrophe inside, one space between the two words of a phrase.
            (slug(), "[\\p{L}\\p{N}][\\p{L}\\p{N}']{1,10}( [\\p{L}\\p{N}]{2,10})?").prop_map(|(q, t)| Cell::Term(q, t)),
            "[a-z_][a-z0-9_]{0,12}".prop_map(Cell::HasAttribute),
        ]
    }

    proptest! {
        /// Every cell is read back from its name as itself.
        #[test]
        fn a_cell_is_read_back_from_its_name(cell in cell()) {
            prop_assert_eq!(Cell::parse(&cell.key()), Some(cell));
        }
    }

    #[test]
    fn names_no_cell_has_are_refused() {
        for key in ["", "x", "q", "q/", "q/x", "q=", "q~", "q:row", "q:row=", "Q/a", "q;a", "-"] {
            assert_eq!(Cell::parse(key), None, "{key}");
        }
    }

    #[test]
    fn the_names_are_the_stored_ones() {
        let q = Slug::parse("recommend").unwrap();
        assert_eq!(Cell::Answered(q.clone()).key(), "recommend/a");
        assert_eq!(Cell::Value(q.clone(), "9".into()).key(), "recommend=9");
        assert_eq!(Cell::Term(q, "slow replies".into()).key(), "recommend~slow replies");
        assert_eq!(Cell::HasAttribute("plan".into()).key(), "s:plan");
    }
}
