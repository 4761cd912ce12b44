//! Responses as a CSV file for spreadsheets.

use crate::store::StoredResponse;
use hearback_core::{RawAnswer, Survey};
use std::collections::HashMap;

/// One row per response: id, time (RFC 3339, UTC), finished, customer id, verified, customer
/// attributes (JSON), the members' tags (`; `-separated), then each question's answer and, where
/// it offers "Other", its text.
pub fn csv(survey: &Survey, rows: &[StoredResponse], tags: &HashMap<String, Vec<String>>) -> anyhow::Result<Vec<u8>> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["id", "created_at", "complete", "customer_id", "verified", "customer_attributes", "tags"]
        .into_iter()
        .map(str::to_owned)
        .collect::<Vec<_>>();
    for question in survey.questions() {
        header.push(question.id.to_string());
        if question.kind.has_choice(hearback_core::survey::OTHER) {
            header.push(format!("{} (other)", question.id));
        }
    }
    out.write_record(&header)?;
    for row in rows {
        let created = std::time::UNIX_EPOCH + std::time::Duration::from_millis(row.created_at.max(0) as u64);
        let attributes = if row.customer.attributes.is_empty() {
            String::new()
        } else {
            serde_json::to_string(&row.customer.attributes)?
        };
        let mut record = vec![
            row.id.clone(),
            humantime::format_rfc3339_millis(created).to_string(),
            row.complete.to_string(),
            row.customer.id.clone().unwrap_or_default(),
            row.customer.verified.to_string(),
            attributes,
            tags.get(&row.id).map(|t| t.join("; ")).unwrap_or_default(),
        ];
        for question in survey.questions() {
            let id = question.id.as_str();
            record.push(row.raw.answers.get(id).map(cell).unwrap_or_default());
            if question.kind.has_choice(hearback_core::survey::OTHER) {
                record.push(row.raw.other.get(id).cloned().unwrap_or_default());
            }
        }
        out.write_record(record.iter().map(|c| neutralise(c)))?;
    }
    Ok(out.into_inner()?)
}

fn cell(answer: &RawAnswer) -> String {
    match answer {
        RawAnswer::Number(n) => n.to_string(),
        RawAnswer::Bool(b) => b.to_string(),
        RawAnswer::Text(text) => text.clone(),
        RawAnswer::List(items) => items.join("; "),
        RawAnswer::Map(rows) => {
            rows.iter().map(|(row, column)| format!("{row}={column}")).collect::<Vec<_>>().join("; ")
        }
    }
}

/// A cell a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return) gets a leading apostrophe, so it is shown as text. Numbers stay numbers.
pub fn neutralise(cell: &str) -> String {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err();
    if formula {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formulas_are_neutralised_and_numbers_are_not() {
        for formula in ["=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"] {
            assert_eq!(neutralise(formula), format!("'{formula}"));
        }
        for plain in ["-5", "7", "hello", "a=b", ""] {
            assert_eq!(neutralise(plain), plain);
        }
    }
}
