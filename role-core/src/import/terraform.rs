//! Reads terraform into what an import found (being written).

use super::{Found, Input, ReadError};

/// What `input` declares.
pub fn read(input: &Input) -> Result<Found, ReadError> {
    let _ = input;
    Ok(Found::default())
}
