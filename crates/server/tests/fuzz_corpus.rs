//! The fuzz targets' committed corpus (`fuzz/corpus/TARGET/`, seeds and what `make soak` found
//! worth keeping) and every crash they ever found (`fuzz/regressions/TARGET/`), replayed through
//! the same functions the targets run, each input whole and cut short at up to 32 places: none may
//! panic.

use hearback_server::fuzzing::TARGETS;
use std::path::{Path, PathBuf};

fn inputs(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
    files.sort();
    files
}

#[test]
fn every_committed_input_and_its_prefixes_pass_through_every_target_without_a_panic() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    for (target, run) in TARGETS {
        let corpus = inputs(&fuzz.join("corpus").join(target));
        assert!(corpus.len() >= 5, "{target}: a corpus of seeds at least, found {}", corpus.len());
        let regressions = inputs(&fuzz.join("regressions").join(target));
        for file in corpus.iter().chain(&regressions) {
            let data = std::fs::read(file).unwrap();
            let step = data.len() / 32 + 1;
            for end in (0..=data.len()).rev().step_by(step) {
                let input = &data[..end];
                if std::panic::catch_unwind(|| run(input)).is_err() {
                    panic!("{target} panicked on {} cut at {end} bytes", file.display());
                }
            }
        }
    }
}

/// The replay would pass a target that checked nothing: each must refuse what it should.
#[test]
fn the_targets_catch_what_they_check() {
    let run = |name: &str, data: &[u8]| {
        let (_, target) = TARGETS.iter().find(|(n, _)| *n == name).unwrap();
        std::panic::catch_unwind(|| target(data)).is_ok()
    };
    assert!(run("request_headers", b"crash-1"));
    assert!(run("customer_token", b"e30.AAAA"), "a forged token is refused, not a panic");
    assert!(run("survey_definition", include_bytes!("../demo/survey.json")));
}
