#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| bantin::fuzzing::front_matter(data));
