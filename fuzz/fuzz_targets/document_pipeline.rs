#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| bantin::fuzzing::document_pipeline(data));
