//! Documents read and skipped; see [`lean_fuzz::json_reader`].

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| lean_fuzz::json_reader(data));
