//! cargo fuzz target: [`hearback_server::fuzzing::request_headers`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hearback_server::fuzzing::request_headers(data));
