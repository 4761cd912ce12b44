//! cargo fuzz target: [`hearback_server::fuzzing::survey_definition`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hearback_server::fuzzing::survey_definition(data));
