//! Response deserialization of every operation; see [`lean_fuzz::response`].

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| lean_fuzz::response(data));
