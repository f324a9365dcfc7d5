//! Why a CSV row or file is refused, in the words of every language: each
//! a [`Message`] whose catalogue id (`load-csv-…`) the error's envelope
//! renders after the file and line.

use etalon_core::Message;

/// A row of `found` fields under a header of `expected`.
pub(crate) fn field_count(found: usize, expected: usize) -> Message {
    Message::new(
        "load-csv-fields",
        &[("found", found), ("expected", expected)],
        format!("this row has {found} fields but the header has {expected}"),
    )
}

/// A row that is not UTF-8 text (after the file's encoding was decided).
pub(crate) fn not_utf8() -> Message {
    Message::new::<&str>("load-csv-not-utf8", &[], "the file is not UTF-8 text")
}

/// A row too long to be kept (its fields are counted in `u32` offsets).
pub(crate) fn too_long() -> Message {
    Message::new::<&str>("load-csv-too-long", &[], "this row is longer than 4 GiB")
}

/// The CSV reader's own words, as they come.
pub(crate) fn reader(detail: String) -> Message {
    Message::new("load-csv", &[("detail", &detail)], detail.clone())
}
