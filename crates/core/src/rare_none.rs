//! In the widget's wasm: the rare kinds exist in name only, and no value of them ever does, so
//! every match arm on them compiles to nothing.

use crate::cell::Cell;
use crate::kind::Kind;
use crate::response::{RawAnswer, ResponseError};
use crate::slug::Slug;
use crate::survey::{Choice, RawQuestion};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rare {}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RareAnswer {}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RareError {}

impl std::error::Error for RareError {}

impl Rare {
    pub fn kind(&self) -> Kind {
        match *self {}
    }
    pub fn choices(&self) -> &[Choice] {
        match *self {}
    }
    pub fn can_say_back(&self) -> bool {
        match *self {}
    }
    pub fn image_origins(&self) -> Vec<String> {
        match *self {}
    }
    pub(crate) fn only(&self, _: usize) -> Rare {
        match *self {}
    }
    pub(crate) fn write(&self, _: &mut RawQuestion, _: &[String]) {
        match *self {}
    }
    pub(crate) fn answer(&self, _: &RawAnswer) -> Result<Option<RareAnswer>, ResponseError> {
        match *self {}
    }
}

impl RareAnswer {
    pub fn to_raw(&self) -> RawAnswer {
        match *self {}
    }
    pub fn cells(&self, _: &Slug) -> Vec<Cell> {
        match *self {}
    }
    pub fn shown(&self, _: &Rare) -> String {
        match *self {}
    }
}

impl std::fmt::Display for RareError {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {}
    }
}
