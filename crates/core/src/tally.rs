//! A survey's aggregate as named counters ("cells"), the form results are stored in.
//!
//! Each response adds 1 to a handful of cells: `n` (started), `c` (completed), and per question
//! `Q/a` (answered), `Q/d` (an unfinished response stopped here), `Q=VALUE` (a point of a scale,
//! a choice, `other`, `yes`/`no`), `Q:ROW=COLUMN` (a matrix), `Q~WORD` and `Q~WORD WORD` (the
//! words and phrases of a comment). Ids are slugs (`a-z`, `0-9`, `-`), so these separators never
//! clash. A tally is a sum of cells: tallies of disjoint sets of responses add up, a changed
//! response is its new cells minus its old ones, and a deleted one is subtracted — which is how
//! the server keeps them as responses arrive, in the same transaction, and why a rebuild from
//! the raw responses gives the very same cells. [`crate::Results`] are read off a tally.

use crate::cell::Cell;
use crate::response::{Answer, Chosen, Response};
use crate::survey::Survey;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    cells: BTreeMap<String, i64>,
}

/// The cells one response counts in (each once).
pub fn response_cells(survey: &Survey, response: &Response, complete: bool) -> Vec<String> {
    let mut cells = vec![Cell::Started];
    if complete {
        cells.push(Cell::Completed);
    }
    let mut last_answered = None;
    for question in survey.questions() {
        let q = &question.id;
        let Some(answer) = response.answer(q) else { continue };
        last_answered = Some(q);
        cells.push(Cell::Answered(q.clone()));
        let value = |value: String| Cell::Value(q.clone(), value);
        let chosen = |c: &Chosen| match c {
            Chosen::Listed(id) => value(id.to_string()),
            Chosen::Other(_) => value("other".to_owned()),
        };
        match answer {
            Answer::Scale(n) => cells.push(value(n.to_string())),
            Answer::Choice(c) => cells.push(chosen(c)),
            Answer::Choices(list) => cells.extend(list.iter().map(chosen)),
            Answer::YesNo(yes) => cells.push(value(if *yes { "yes" } else { "no" }.to_owned())),
            Answer::Text(text) => {
                let (words, phrases) = crate::words::terms(text);
                cells.extend(words.into_iter().chain(phrases).map(|term| Cell::Term(q.clone(), term)));
            }
            Answer::Matrix(rows) => {
                cells.extend(rows.iter().map(|(row, column)| Cell::Matrix(q.clone(), row.clone(), column.clone())))
            }
            Answer::Consent => {}
            Answer::Contact(contact) => cells.push(value(contact.reply().to_owned())),
            Answer::Rare(answer) => cells.extend(answer.cells(q)),
        }
    }
    if let (false, Some(q)) = (complete, last_answered) {
        cells.push(Cell::StoppedAt(q.clone()));
    }
    cells.iter().map(Cell::key).collect()
}

/// What changes in a tally when a response goes from `before` to `after` (either may be
/// nothing: a new response, a deleted one): cells and how much each moves, none of them 0.
pub fn change(before: &[String], after: &[String]) -> Vec<(String, i64)> {
    let mut moves: BTreeMap<&str, i64> = BTreeMap::new();
    before.iter().for_each(|cell| *moves.entry(cell).or_default() -= 1);
    after.iter().for_each(|cell| *moves.entry(cell).or_default() += 1);
    moves.into_iter().filter(|(_, by)| *by != 0).map(|(cell, by)| (cell.to_owned(), by)).collect()
}

impl Tally {
    pub fn new() -> Tally {
        Tally::default()
    }

    /// The tally of these responses, each with whether it is finished.
    pub fn of<'a>(survey: &Survey, responses: impl IntoIterator<Item = (&'a Response, bool)>) -> Tally {
        let mut tally = Tally::new();
        for (response, complete) in responses {
            tally.add(survey, response, complete);
        }
        tally
    }

    pub fn add(&mut self, survey: &Survey, response: &Response, complete: bool) {
        for cell in response_cells(survey, response, complete) {
            self.apply(&cell, 1);
        }
    }

    /// Moves one cell; a cell that comes to 0 is gone.
    pub fn apply(&mut self, cell: &str, by: i64) {
        let count = self.cells.entry(cell.to_owned()).or_default();
        *count += by;
        if *count == 0 {
            self.cells.remove(cell);
        }
    }

    pub fn merge(&mut self, other: &Tally) {
        for (cell, by) in &other.cells {
            self.apply(cell, *by);
        }
    }

    /// How many responses a cell counts.
    pub fn count(&self, cell: &Cell) -> u64 {
        self.get(&cell.key())
    }

    pub fn get(&self, cell: &str) -> u64 {
        self.cells.get(cell).copied().unwrap_or(0).max(0) as u64
    }

    /// Every cell that is not 0.
    pub fn cells(&self) -> impl Iterator<Item = (&str, i64)> {
        self.cells.iter().map(|(cell, n)| (cell.as_str(), *n))
    }

    /// The cells under a prefix, with the prefix taken off.
    pub fn under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, u64)> + 'a {
        self.cells
            .range(prefix.to_owned()..)
            .take_while(move |(cell, _)| cell.starts_with(prefix))
            .map(move |(cell, n)| (&cell[prefix.len()..], (*n).max(0) as u64))
    }
}

impl FromIterator<(String, i64)> for Tally {
    fn from_iter<I: IntoIterator<Item = (String, i64)>>(cells: I) -> Tally {
        let mut tally = Tally::new();
        for (cell, by) in cells {
            tally.apply(&cell, by);
        }
        tally
    }
}
