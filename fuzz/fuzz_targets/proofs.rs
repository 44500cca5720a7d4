//! The `proofs/` record file, through the voter's check and the full audit (see the crate docs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| castcheck_fuzz::fuzz_file("proofs/", data));
