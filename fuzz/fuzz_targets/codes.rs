//! Receipt and election codes as typed or scanned: any text parses or is refused, never panics,
//! and whatever parses prints back to itself.
#![no_main]

use castcheck_record::{ElectionCode, ReceiptCode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(code) = ReceiptCode::parse(text) {
        assert_eq!(ReceiptCode::parse(&code.to_string()), Ok(code));
        assert_eq!(code.compact().len(), 24);
    }
    if let Some(code) = ElectionCode::parse(text) {
        assert_eq!(ElectionCode::parse(&code.to_string()), Some(code));
    }
});
