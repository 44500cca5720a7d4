//! Receipt and election codes and receipt links as typed or scanned: any text parses or is refused, never panics,
//! and whatever parses prints back to itself.
#![no_main]

use castcheck_record::{ElectionCode, ReceiptCode, ReceiptLink};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(code) = ReceiptCode::parse(text) {
        assert_eq!(ReceiptCode::parse(&code.to_string()), Ok(code));
        assert_eq!(code.compact().len(), 24);
    }
    if let Ok(link) = ReceiptLink::parse(text) {
        assert_eq!(ReceiptLink::parse(&link.payload()), Ok(link));
    }
    if let Some(code) = ElectionCode::parse(text) {
        assert_eq!(ElectionCode::parse(&code.to_string()), Some(code));
    }
});
