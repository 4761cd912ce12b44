//! The rules for changing a live survey: a definition may replace the stored one only in ways
//! that keep stored responses meaningful.

use super::*;

impl Survey {
    /// Whether this definition can replace `stored` while responses to it exist: every stored
    /// response must keep its meaning. Questions may be reworded, reordered, translated and
    /// given logic; optional questions and new choices may be added. A question may not be
    /// removed, change its kind or its scale, lose a choice, row or column, or become required
    /// (older responses lack it). The error names the question and what changed; such a change
    /// needs a new survey (a new version).
    pub fn keeps_meaning_of(&self, stored: &Survey) -> Result<(), String> {
        if self.id != stored.id {
            return Err(format!("the survey id cannot change (it is `{}`)", stored.id));
        }
        for old in &stored.questions {
            let id = &old.id;
            let Some(new) = self.question(id.as_str()) else {
                return Err(format!("question `{id}` cannot be removed while it has responses"));
            };
            if new.kind.name() != old.kind.name() || new.kind.scale() != old.kind.scale() {
                return Err(format!(
                    "question `{id}` cannot change from {} to {} while it has responses",
                    old.kind.name(),
                    new.kind.name()
                ));
            }
            if new.required && !old.required {
                return Err(format!("question `{id}` cannot become required: earlier responses may lack it"));
            }
            let kept = |old: &[Choice], new: &[Choice]| old.iter().all(|c| new.iter().any(|n| n.id == c.id));
            let lost = match (&old.kind, &new.kind) {
                (QuestionKind::SingleChoice { choices: o, .. }, QuestionKind::SingleChoice { choices: n, .. })
                | (QuestionKind::MultipleChoice { choices: o, .. }, QuestionKind::MultipleChoice { choices: n, .. }) => {
                    !kept(o, n)
                }
                (QuestionKind::Matrix { rows: or, columns: oc }, QuestionKind::Matrix { rows: nr, columns: nc }) => {
                    !kept(or, nr) || !kept(oc, nc)
                }
                _ => false,
            };
            if lost {
                return Err(format!("question `{id}` cannot lose a choice, row or column while it has responses"));
            }
        }
        for new in &self.questions {
            if new.required && stored.question(new.id.as_str()).is_none() {
                return Err(format!("a question added to a live survey must be optional (`{}` is required)", new.id));
            }
        }
        Ok(())
    }
}
