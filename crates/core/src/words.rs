//! The words and two-word phrases of free-text answers, for "what people talk about".
//!
//! Text is lower-cased and split at anything that is not a letter or a digit; words shorter than
//! two letters, numbers, and stop words are dropped — those of every language the widget speaks
//! with spaces (en, de, fr, es), whatever the survey's languages, so that the words counted for
//! a comment never change when a survey gains a language. A phrase is
//! two words that stood next to each other, with only spaces between them (no stop word, no
//! punctuation). Each response counts
//! a word or phrase once, however often it repeats it, so counts are "mentioned by N people".
//! Languages written without spaces (Japanese) are not split into words here.

/// Stop words: the most frequent function words of each language the widget speaks.
fn stop_words(language: &str) -> &'static [&'static str] {
    match language.split('-').next().unwrap_or_default() {
        "en" => &[
            "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been",
            "but", "by", "can", "could", "did", "do", "does", "for", "from", "get", "got", "had", "has", "have", "he",
            "her", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "me", "more", "my", "no", "not",
            "of", "on", "one", "or", "our", "out", "really", "she", "so", "some", "than", "that", "the", "their",
            "them", "then", "there", "they", "this", "to", "too", "up", "us", "very", "was", "we", "were", "what",
            "when", "which", "who", "will", "with", "would", "you", "your",
        ],
        "de" => &[
            "aber", "als", "am", "an", "auch", "auf", "aus", "bei", "bin", "bis", "da", "das", "dass", "dem", "den",
            "der", "des", "die", "doch", "du", "ein", "eine", "einem", "einen", "einer", "er", "es", "für", "hat",
            "habe", "haben", "ich", "ihr", "im", "in", "ist", "ja", "mit", "man", "mehr", "mich", "mir", "nicht",
            "noch", "nur", "oder", "sehr", "sich", "sie", "sind", "so", "und", "uns", "von", "war", "was", "wenn",
            "wie", "wir", "wird", "zu", "zum", "zur",
        ],
        "fr" => &[
            "au", "aux", "avec", "ce", "ces", "c'est", "dans", "de", "des", "du", "elle", "en", "est", "et", "il",
            "je", "la", "le", "les", "leur", "lui", "ma", "mais", "me", "mes", "mon", "ne", "nous", "on", "ou", "par",
            "pas", "pour", "plus", "qu", "que", "qui", "sa", "se", "ses", "son", "sur", "ta", "te", "tes", "toi",
            "ton", "tu", "un", "une", "vos", "votre", "vous", "très", "été", "être", "avoir", "fait",
        ],
        "es" => &[
            "al", "como", "con", "de", "del", "el", "en", "es", "esta", "este", "ha", "la", "las", "le", "lo", "los",
            "mas", "me", "mi", "muy", "más", "no", "nos", "o", "para", "pero", "por", "que", "se", "si", "sin", "su",
            "sus", "te", "tu", "un", "una", "uno", "y", "ya", "yo", "sí", "está", "son", "hay",
        ],
        _ => &[],
    }
}

/// The languages whose stop words are dropped.
pub const LANGUAGES: [&str; 4] = ["en", "de", "fr", "es"];

/// The distinct words and phrases of one comment.
pub fn terms(text: &str) -> (Vec<String>, Vec<String>) {
    let is_stop = |word: &str| LANGUAGES.iter().any(|l| stop_words(l).contains(&word));
    let mut words: Vec<String> = Vec::new();
    let mut phrases: Vec<String> = Vec::new();
    let mut previous: Option<String> = None;
    let lower = text.to_lowercase();
    let mut rest = lower.as_str();
    while !rest.is_empty() {
        let is_part = |c: char| c.is_alphanumeric() || c == '\'';
        let gap = rest.find(is_part).unwrap_or(rest.len());
        if !rest[..gap].chars().all(char::is_whitespace) {
            previous = None; // punctuation ends a phrase
        }
        rest = &rest[gap..];
        let end = rest.find(|c: char| !is_part(c)).unwrap_or(rest.len());
        let token = rest[..end].trim_matches('\'');
        rest = &rest[end..];
        if token.is_empty() {
            continue;
        }
        let kept = token.chars().count() >= 2 && !token.chars().all(|c| c.is_ascii_digit()) && !is_stop(token);
        if !kept {
            previous = None;
            continue;
        }
        if let Some(before) = previous.take() {
            let phrase = format!("{before} {token}");
            if !phrases.contains(&phrase) {
                phrases.push(phrase);
            }
        }
        if !words.iter().any(|w| w == token) {
            words.push(token.to_owned());
        }
        previous = Some(token.to_owned());
    }
    (words, phrases)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_and_numbers_go_and_each_term_counts_once() {
        let (words, phrases) = terms("The export is SLOW, slow slow; and the 2 exports fail at 10pm.");
        assert_eq!(words, ["export", "slow", "exports", "fail", "10pm"]);
        assert_eq!(phrases, ["slow slow", "exports fail"], "in “SLOW, slow slow;” only the last two stand together");
    }

    #[test]
    fn a_phrase_never_spans_a_stop_word_or_punctuation_is_kept_out() {
        let (_, phrases) = terms("Customer support, quick answers but slow refunds");
        assert_eq!(phrases, ["customer support", "quick answers", "slow refunds"]);
        assert!(terms("support, quick").1.is_empty(), "punctuation ends a phrase");
        assert_eq!(terms("support  quick").1, ["support quick"]);
    }

    #[test]
    fn each_language_has_its_stop_words_and_letters_beyond_ascii_stay() {
        assert_eq!(terms("Die Rückerstattung ist sehr langsam").0, ["rückerstattung", "langsam"]);
        assert_eq!(terms("le prix and the délai").0, ["prix", "délai"]);
        assert_eq!(terms("El envío es muy lento").0, ["envío", "lento"]);
        assert_eq!(terms("これはテストです").0, ["これはテストです"], "no spaces: one term");
    }
}
