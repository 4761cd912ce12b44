//! cargo fuzz target: [`hearback_server::fuzzing::compact_reader`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hearback_server::fuzzing::compact_reader(data));
