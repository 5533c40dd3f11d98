//! How the servers' log records are written: one line per record, as text
//! (`2026-11-26T19:20:01.123456Z  INFO worky::access: GET / 200 deployment="shop" ...`)
//! or as a JSON object (`timestamp`, `level`, `message`, the fields, `target`),
//! the same lines tracing-subscriber's own formats write.
//!
//! Why not those formats: serve writes an access record per request, and they
//! cost ~14k instructions a record (every value through `Debug` and
//! `fmt::write`, the timestamp formatted from scratch, styles applied even
//! with colors off): 5.6% of a hello-world request. This one writes strings,
//! numbers and the timestamp (formatted once a second per thread) directly.
//! Records are flat: worky opens no `tracing` spans, so none are written.

use std::cell::RefCell;
use std::fmt::{self, Write as _};

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;

/// A line per record, as text or JSON.
pub struct LineFormat {
    pub json: bool,
}

impl<S, N> FormatEvent<S, N> for LineFormat
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(&self, _: &FmtContext<'_, S, N>, mut writer: Writer<'_>, event: &Event<'_>) -> fmt::Result {
        FIELDS.with(|kept| {
            // A record written while one is being written (a field's `Debug`
            // that logs) gets buffers of its own.
            let mut own = Fields { json: self.json, message: String::new(), rest: String::new() };
            let mut kept = kept.try_borrow_mut();
            let fields = match kept.as_deref_mut() {
                Ok(fields) => fields,
                Err(_) => &mut own,
            };
            fields.json = self.json;
            fields.message.clear();
            fields.rest.clear();
            event.record(fields);
            self.write_line(&mut writer, event, fields)
        })
    }
}

thread_local! {
    /// A record's fields as they are written; kept per thread, so a record
    /// allocates nothing once the buffers have grown to an access record's size.
    static FIELDS: RefCell<Fields> = const { RefCell::new(Fields { json: false, message: String::new(), rest: String::new() }) };
}

impl LineFormat {
    fn write_line(&self, writer: &mut Writer<'_>, event: &Event<'_>, fields: &Fields) -> fmt::Result {
        let metadata = event.metadata();
        let level = metadata.level();
        if self.json {
            writer.write_str("{\"timestamp\":\"")?;
            write_timestamp(writer)?;
            writer.write_str("\",\"level\":\"")?;
            writer.write_str(level_name(level))?;
            writer.write_char('"')?;
            if !fields.message.is_empty() {
                writer.write_str(",\"message\":")?;
                writer.write_str(&fields.message)?;
            }
            writer.write_str(&fields.rest)?;
            writer.write_str(",\"target\":")?;
            write_json_string(writer, metadata.target())?;
            writer.write_str("}\n")
        } else {
            write_timestamp(writer)?;
            let ansi = writer.has_ansi_escapes();
            writer.write_str(if ansi { level_color(level) } else { " " })?;
            writer.write_str(level_label(level))?;
            writer.write_str(if ansi { "\x1b[0m \x1b[2m" } else { " " })?;
            writer.write_str(metadata.target())?;
            writer.write_str(if ansi { ":\x1b[0m " } else { ": " })?;
            writer.write_str(&fields.message)?;
            writer.write_str(&fields.rest)?;
            writer.write_char('\n')
        }
    }
}

fn level_name(level: &Level) -> &'static str {
    match *level {
        Level::ERROR => "ERROR",
        Level::WARN => "WARN",
        Level::INFO => "INFO",
        Level::DEBUG => "DEBUG",
        Level::TRACE => "TRACE",
    }
}

/// The level right-aligned in five columns, as text lines show it.
fn level_label(level: &Level) -> &'static str {
    match *level {
        Level::ERROR => "ERROR",
        Level::WARN => " WARN",
        Level::INFO => " INFO",
        Level::DEBUG => "DEBUG",
        Level::TRACE => "TRACE",
    }
}

/// A space, then the level's color.
fn level_color(level: &Level) -> &'static str {
    match *level {
        Level::ERROR => " \x1b[31m",
        Level::WARN => " \x1b[33m",
        Level::INFO => " \x1b[32m",
        Level::DEBUG => " \x1b[34m",
        Level::TRACE => " \x1b[35m",
    }
}

thread_local! {
    /// The second last formatted on this thread, and its `YYYY-MM-DDTHH:MM:SS`.
    static SECOND: RefCell<(i64, String)> = const { RefCell::new((i64::MIN, String::new())) };
}

/// `2026-11-26T19:20:01.123456Z`: RFC 3339 in UTC, to the microsecond.
fn write_timestamp(writer: &mut impl fmt::Write) -> fmt::Result {
    let now = chrono::Utc::now();
    let seconds = now.timestamp();
    SECOND.with_borrow_mut(|(second, text)| {
        if *second != seconds {
            *second = seconds;
            text.clear();
            let _ = write!(text, "{}", now.format("%Y-%m-%dT%H:%M:%S"));
        }
        writer.write_str(text)
    })?;
    let micros = now.timestamp_subsec_micros();
    let mut digits = [b'0'; 6];
    let mut rest = micros;
    for digit in digits.iter_mut().rev() {
        *digit = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    writer.write_char('.')?;
    writer.write_str(std::str::from_utf8(&digits).expect("ASCII digits"))?;
    writer.write_char('Z')
}

/// The record's message, and its other fields as ` key=value` (text) or
/// `,"key":value` (JSON).
struct Fields {
    json: bool,
    message: String,
    rest: String,
}

impl Fields {
    fn key(&mut self, field: &Field) {
        if self.json {
            self.rest.push(',');
            let _ = write_json_string(&mut self.rest, field.name());
            self.rest.push(':');
        } else {
            self.rest.push(' ');
            self.rest.push_str(field.name());
            self.rest.push('=');
        }
    }
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.record_message(value);
            return;
        }
        self.key(field);
        // Quoted in both formats, as tracing-subscriber writes strings.
        let _ = if self.json { write_json_string(&mut self.rest, value) } else { write_quoted(&mut self.rest, value) };
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.key(field);
        self.rest.push_str(itoa::Buffer::new().format(value));
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.key(field);
        self.rest.push_str(itoa::Buffer::new().format(value));
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.key(field);
        self.rest.push_str(if value { "true" } else { "false" });
    }

    fn record_f64(&mut self, field: &Field, value: f64) {
        if value.is_finite() {
            self.key(field);
            self.rest.push_str(ryu::Buffer::new().format_finite(value));
        } else {
            self.record_debug(field, &value);
        }
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.record_debug(field, &format_args!("{value}"));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if self.json {
            // Escaped as a whole, so formatted first.
            let text = format!("{value:?}");
            if field.name() == "message" {
                let _ = write_json_string(&mut self.message, &text);
            } else {
                self.key(field);
                let _ = write_json_string(&mut self.rest, &text);
            }
        } else if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        } else {
            // `%value` and `?value` fields as they print, unquoted (as tracing-subscriber does).
            self.key(field);
            let _ = write!(self.rest, "{value:?}");
        }
    }
}

impl Fields {
    fn record_message(&mut self, text: &str) {
        if self.json {
            let _ = write_json_string(&mut self.message, text);
        } else {
            self.message.push_str(text);
        }
    }
}

/// Whether `text` needs no escaping in a JSON or Rust-debug string.
fn is_plain(text: &str) -> bool {
    text.bytes().all(|byte| (0x20..0x7f).contains(&byte) && byte != b'"' && byte != b'\\')
}

fn write_json_string(writer: &mut impl fmt::Write, text: &str) -> fmt::Result {
    if is_plain(text) {
        writer.write_char('"')?;
        writer.write_str(text)?;
        return writer.write_char('"');
    }
    writer.write_str(&serde_json::to_string(text).map_err(|_| fmt::Error)?)
}

fn write_quoted(writer: &mut impl fmt::Write, text: &str) -> fmt::Result {
    if is_plain(text) {
        writer.write_char('"')?;
        writer.write_str(text)?;
        return writer.write_char('"');
    }
    write!(writer, "{text:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_quoted_and_escaped_as_json_and_debug_would() {
        for text in ["plain /path", "a \"quote\"", "back\\slash", "new\nline", "\u{1b}[31mred", "é ünïcode"] {
            let mut json = String::new();
            write_json_string(&mut json, text).unwrap();
            assert_eq!(serde_json::from_str::<String>(&json).unwrap(), text);
            let mut quoted = String::new();
            write_quoted(&mut quoted, text).unwrap();
            assert_eq!(quoted, format!("{text:?}"));
        }
    }

    /// The lines one access record makes, as text and as JSON.
    fn lines(json: bool) -> String {
        let buffer = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(move || Sink(sink.clone()))
            .event_format(LineFormat { json })
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            let (cpu, isolate) = (Some(0.25), None::<u64>);
            tracing::info!(
                target: "worky::access",
                deployment = "shop",
                path = "/a \"b\"",
                status = 200u16,
                duration_ms = 1.5,
                cpu_ms = cpu,
                isolate,
                ok = true,
                "{} {} {}",
                "GET",
                "/a",
                200
            );
        });
        String::from_utf8(buffer.lock().unwrap().clone()).unwrap()
    }

    struct Sink(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl std::io::Write for Sink {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_record_is_one_line_of_text_or_json() {
        let text = lines(false);
        let (time, rest) = text.split_once(' ').unwrap();
        assert!(chrono::DateTime::parse_from_rfc3339(time).is_ok(), "{text}");
        assert_eq!(
            rest,
            " INFO worky::access: GET /a 200 deployment=\"shop\" path=\"/a \\\"b\\\"\" status=200 duration_ms=1.5 cpu_ms=0.25 ok=true\n"
        );
        let json: serde_json::Value = serde_json::from_str(&lines(true)).unwrap();
        assert_eq!(json["level"], "INFO");
        assert_eq!(json["target"], "worky::access");
        assert_eq!(json["message"], "GET /a 200");
        assert_eq!(json["path"], "/a \"b\"");
        assert_eq!(
            (&json["status"], &json["duration_ms"], &json["cpu_ms"], &json["ok"]),
            (&200.into(), &1.5.into(), &0.25.into(), &true.into())
        );
        assert!(json.get("isolate").is_none(), "{json}");
        assert!(chrono::DateTime::parse_from_rfc3339(json["timestamp"].as_str().unwrap()).is_ok());
    }

    #[test]
    fn timestamps_are_rfc3339_to_the_microsecond() {
        let mut text = String::new();
        write_timestamp(&mut text).unwrap();
        let parsed = chrono::DateTime::parse_from_rfc3339(&text).unwrap();
        assert_eq!(text.len(), "2026-11-26T19:20:01.123456Z".len(), "{text}");
        assert!((chrono::Utc::now() - parsed.with_timezone(&chrono::Utc)).num_seconds().abs() < 5);
    }
}
