//! cargo fuzz target: [`hearback_server::fuzzing::results_filter`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hearback_server::fuzzing::results_filter(data));
