//! castcheck election record v1: types, canonical bytes, receipt codes, the Merkle ballot board,
//! signed heads, encrypted ballots, trustees' decryption, tallies, results and verification.
//!
//! No I/O: callers hand in the bytes of record files and get typed reports back.

pub mod ballot;
pub mod board;
pub mod canonical;
pub mod caucus;
pub mod digest;
pub mod elgamal;
pub mod files;
pub mod manifest;
pub mod merkle;
pub mod receipt;
pub mod report;
pub mod results;
pub mod trustees;
pub mod verify;
