//! The JSON form of an evaluation, written as it is made. A region's
//! indicator values are nearly all of its bytes (tens of megabytes): they
//! are serialised in parts on several threads, each part laid out at the
//! depth where it goes, and written in order, so that the bytes are those
//! of `serde_json::to_writer_pretty` of the whole.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, Serializer};

use super::result::{Evaluation, IndicatorValue};

/// Values serialised by one thread at least: fewer go on the calling
/// thread alone.
const PER_THREAD: usize = 512;

/// serde_json's pretty layout (two spaces an indent, `": "` after a key)
/// starting at `depth`, so that a part of a document serialised alone fits
/// where it goes.
struct Pretty {
    depth: usize,
    /// Whether the array or object being written has an element yet.
    has_value: bool,
}

fn indent<W: ?Sized + Write>(out: &mut W, depth: usize) -> io::Result<()> {
    (0..depth).try_for_each(|_| out.write_all(b"  "))
}

/// An element or a key at `depth` starts a line of its own, after a comma
/// unless it is the `first`.
fn line<W: ?Sized + Write>(out: &mut W, first: bool, depth: usize) -> io::Result<()> {
    out.write_all(if first { b"\n" } else { b",\n" })?;
    indent(out, depth)
}

impl Pretty {
    /// An array or object opens with `bracket`, one level deeper.
    fn open<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(bracket)
    }

    /// It closes with `bracket`, on a line of its own if it holds anything.
    fn close<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            out.write_all(b"\n")?;
            indent(out, self.depth)?;
        }
        out.write_all(bracket)
    }
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        line(out, first, self.depth)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        line(out, first, self.depth)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// `value` laid out at `depth`.
fn write_at<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T, depth: usize) -> io::Result<()> {
    let mut serializer = Serializer::with_formatter(
        out,
        Pretty {
            depth,
            has_value: false,
        },
    );
    value.serialize(&mut serializer).map_err(io::Error::from)
}

/// A key of the top-level object.
fn key(out: &mut dyn Write, name: &str, first: bool) -> io::Result<()> {
    line(out, first, 1)?;
    write_at(out, name, 1)?;
    out.write_all(b": ")
}

/// A key of the top-level object and its value.
fn field<T: Serialize + ?Sized>(
    out: &mut dyn Write,
    name: &str,
    value: &T,
    first: bool,
) -> io::Result<()> {
    key(out, name, first)?;
    write_at(out, value, 1)
}

/// Elements of the `values` array (depth 2), each after its separator;
/// `first` when the part starts the array.
fn values_part(out: &mut dyn Write, part: &[IndicatorValue], first: bool) -> io::Result<()> {
    for (k, value) in part.iter().enumerate() {
        line(out, first && k == 0, 2)?;
        write_at(out, value, 2)?;
    }
    Ok(())
}

/// The `values` array: the first part written here into `out`, the others
/// serialised meanwhile on threads of their own into buffers, then written
/// in order.
fn values(out: &mut dyn Write, values: &[IndicatorValue], parts: usize) -> io::Result<()> {
    if values.is_empty() {
        return out.write_all(b"[]");
    }
    out.write_all(b"[")?;
    let size = values.len().div_ceil(parts);
    let mut chunks = values.chunks(size);
    let head = chunks.next().unwrap_or_default();
    std::thread::scope(|scope| {
        let others: Vec<_> = chunks
            .map(|part| {
                crate::parallel::start(scope, "etalon-json", move || {
                    let mut buffer = Vec::new();
                    values_part(&mut buffer, part, false).map(|()| buffer)
                })
            })
            .collect();
        values_part(out, head, true)?;
        others
            .into_iter()
            .try_for_each(|part| out.write_all(&part.result()?))
    })?;
    out.write_all(b"\n  ]")
}

/// The bytes of `serde_json::to_writer_pretty(out, e)`, the values
/// serialised on up to `threads` threads.
pub(super) fn write(e: &Evaluation, out: &mut dyn Write, threads: usize) -> io::Result<()> {
    let parts = crate::parallel::parts(threads, e.values.len(), PER_THREAD);
    write_in_parts(e, out, parts)
}

/// [`write`] with the values in `parts` parts.
fn write_in_parts(e: &Evaluation, out: &mut dyn Write, parts: usize) -> io::Result<()> {
    out.write_all(b"{")?;
    field(out, "methodology", &e.methodology, true)?;
    field(out, "region", &e.region, false)?;
    field(out, "period", &e.period, false)?;
    field(out, "periods", &e.periods, false)?;
    key(out, "values", false)?;
    values(out, &e.values, parts)?;
    field(out, "deviations", &e.deviations, false)?;
    field(out, "summary", &e.summary, false)?;
    // As the derived form: `notes` is left out when empty.
    if !e.notes.is_empty() {
        field(out, "notes", &e.notes, false)?;
    }
    out.write_all(b"\n}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sample's evaluation as the command wrote it before this module.
    fn sample() -> Evaluation {
        serde_json::from_str(include_str!(
            "../../../tests/fixtures/golden/sample-evaluation.json"
        ))
        .unwrap()
    }

    fn written(e: &Evaluation, parts: usize) -> String {
        let mut out = Vec::new();
        write_in_parts(e, &mut out, parts).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_bytes_are_serde_jsons_pretty_form_in_any_number_of_parts() {
        let e = sample();
        assert!(e.values.len() > 5 && !e.notes.is_empty() && !e.deviations.is_empty());
        let expected = serde_json::to_string_pretty(&e).unwrap();
        assert_eq!(
            expected,
            include_str!("../../../tests/fixtures/golden/sample-evaluation.json").trim_end()
        );
        for parts in [1, 2, 3, 5, e.values.len(), e.values.len() + 4] {
            assert_eq!(written(&e, parts), expected, "{parts} parts");
        }
    }

    #[test]
    fn empty_values_and_no_notes_are_written_as_the_derived_form_writes_them() {
        let mut e = sample();
        e.notes.clear();
        e.values.truncate(1);
        assert_eq!(written(&e, 2), serde_json::to_string_pretty(&e).unwrap());
        e.values.clear();
        e.deviations.clear();
        assert_eq!(written(&e, 2), serde_json::to_string_pretty(&e).unwrap());
    }
}
