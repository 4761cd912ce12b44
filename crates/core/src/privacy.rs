//! Privacy rules every surface that shows results must apply: a group of respondents smaller
//! than k shows no numbers, a breakdown never lets a hidden group be worked out from the total,
//! and comments (with the words read from them) need more respondents still.
//!
//! A *group* is any set of respondents a page puts a number on: everyone a filter keeps, one
//! value of a segment, one time bucket of a trend. [`Privacy::shows`] decides for one group;
//! [`Privacy::breakdown`] for the groups that split a total (complementary suppression: when a
//! group is hidden, the next-smallest is hidden too, until the hidden ones together are 0 or at
//! least k); [`Privacy::redact`] takes the comment words out of results whose group is too small
//! for comments, and any word fewer than k people used.

use crate::results::{QuestionResult, Results};
use serde::Serialize;

/// The smallest k there may be.
pub const MIN_K: u64 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Privacy {
    /// A group needs at least this many respondents to show numbers (5 unless set; never below 3).
    pub k: u64,
    /// A group needs at least this many comments before anything read from them is shown.
    pub comment_k: u64,
}

impl Default for Privacy {
    fn default() -> Privacy {
        Privacy { k: 5, comment_k: 10 }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrivacyError {
    #[error("k must be at least {MIN_K}")]
    TooSmall,
    #[error("the comment threshold must be at least k")]
    CommentsBelowK,
}

impl Privacy {
    pub fn new(k: u64, comment_k: u64) -> Result<Privacy, PrivacyError> {
        if k < MIN_K {
            return Err(PrivacyError::TooSmall);
        }
        if comment_k < k {
            return Err(PrivacyError::CommentsBelowK);
        }
        Ok(Privacy { k, comment_k })
    }

    /// Whether a group of this many respondents may show its numbers.
    pub fn shows(&self, respondents: u64) -> bool {
        respondents >= self.k
    }

    /// Which groups of a breakdown may show their numbers, given their sizes. The groups must
    /// split the total between them (put respondents who are in none in a group of their own),
    /// so that the total minus the shown groups is exactly the hidden ones.
    pub fn breakdown(&self, sizes: &[u64]) -> Vec<bool> {
        let total: u64 = sizes.iter().sum();
        if !self.shows(total) {
            return vec![false; sizes.len()];
        }
        let mut shown: Vec<bool> = sizes.iter().map(|&n| n > 0 && self.shows(n)).collect();
        loop {
            let hidden: u64 = sizes.iter().zip(&shown).filter(|(_, s)| !**s).map(|(n, _)| n).sum();
            if hidden == 0 || hidden >= self.k {
                return shown;
            }
            // The next-smallest shown group goes too.
            let next = (0..sizes.len()).filter(|&i| shown[i]).min_by_key(|&i| (sizes[i], i));
            match next {
                Some(i) => shown[i] = false,
                None => return shown,
            }
        }
    }

    /// Results fit to show for their group: `None` when the group is too small; otherwise the
    /// same numbers with comment words and phrases kept only where the group has enough
    /// comments, and only those at least k respondents used.
    pub fn redact(&self, results: &Results) -> Option<Results> {
        if !self.shows(results.responses) {
            return None;
        }
        let mut results = results.clone();
        for tally in &mut results.questions {
            if let QuestionResult::Text { comments, words, phrases } = &mut tally.result {
                if *comments < self.comment_k {
                    words.clear();
                    phrases.clear();
                } else {
                    words.retain(|(_, n)| self.shows(*n));
                    phrases.retain(|(_, n)| self.shows(*n));
                }
            }
        }
        Some(results)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn k_has_a_floor_and_comments_need_at_least_k() {
        assert_eq!(Privacy::new(2, 10), Err(PrivacyError::TooSmall));
        assert_eq!(Privacy::new(5, 4), Err(PrivacyError::CommentsBelowK));
        assert_eq!(Privacy::new(3, 3).map(|p| p.k), Ok(3));
        assert_eq!(Privacy::default(), Privacy { k: 5, comment_k: 10 });
    }

    #[test]
    fn a_hidden_group_takes_the_next_smallest_with_it() {
        let p = Privacy::default();
        assert_eq!(p.breakdown(&[40, 2, 7, 30]), [true, false, false, true], "2 alone could be derived");
        assert_eq!(p.breakdown(&[40, 2, 3, 30]), [true, false, false, true], "2 + 3 = 5 hidden is enough");
        assert_eq!(p.breakdown(&[40, 6, 30]), [true, true, true]);
        assert_eq!(p.breakdown(&[1, 2, 1]), [false, false, false], "a total under k shows nothing");
        assert_eq!(p.breakdown(&[9, 0, 9]), [true, false, true], "an empty group hides nobody");
        assert_eq!(p.breakdown(&[]), Vec::<bool>::new());
    }

    proptest! {
        /// No shown number, and no difference between shown numbers (the total minus the shown
        /// groups), describes fewer than k respondents.
        #[test]
        fn nothing_shown_or_derived_describes_fewer_than_k(
            sizes in prop::collection::vec(0u64..40, 0..12),
            k in 3u64..12,
        ) {
            let p = Privacy::new(k, k * 2).unwrap();
            let shown = p.breakdown(&sizes);
            let total: u64 = sizes.iter().sum();
            let visible: u64 = sizes.iter().zip(&shown).filter(|(_, s)| **s).map(|(n, _)| n).sum();
            for (n, s) in sizes.iter().zip(&shown) {
                prop_assert!(!s || *n >= k, "a shown group of {} under k {}", n, k);
            }
            if p.shows(total) {
                let derived = total - visible;
                prop_assert!(derived == 0 || derived >= k, "the hidden groups add up to {} under k {}", derived, k);
            } else {
                prop_assert!(shown.iter().all(|s| !s), "a total under k shows no group");
            }
            // Every pair of shown groups differs by whatever it differs; each one alone is ≥ k,
            // and nothing hidden is shown: hiding only ever grows from the smallest.
            let hidden_max = sizes.iter().zip(&shown).filter(|(n, s)| !**s && **n > 0).map(|(n, _)| *n).max();
            let shown_min = sizes.iter().zip(&shown).filter(|(_, s)| **s).map(|(n, _)| *n).min();
            if let (Some(h), Some(s)) = (hidden_max, shown_min) {
                prop_assert!(h <= s, "a larger group hidden ({}) while a smaller one shows ({})", h, s);
            }
        }
    }
}
