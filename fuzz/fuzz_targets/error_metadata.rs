//! Error code and message extraction; see [`lean_fuzz::error_metadata_of`].

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| lean_fuzz::error_metadata_of(data));
