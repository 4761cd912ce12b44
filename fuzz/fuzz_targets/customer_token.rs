//! cargo fuzz target: [`hearback_server::fuzzing::customer_token`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hearback_server::fuzzing::customer_token(data));
