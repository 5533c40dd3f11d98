//! Each request's span to an OpenTelemetry collector (`otlp_endpoint` in
//! serve.toml), over OTLP/HTTP (protobuf, or JSON with `otlp_protocol =
//! "http/json"`), through the opentelemetry SDK's batch processor, which
//! exports from a thread of its own and drops spans past its queue rather than
//! slow a request. The span carries the ids the request's trace context already
//! has (http/trace.rs); each outbound `fetch()` is a client span under it,
//! whose id is the parent its `traceparent` names.

use std::sync::OnceLock;
use std::time::SystemTime;

use opentelemetry::trace::{SpanContext, SpanId, SpanKind, Status, TraceFlags, TraceId, TraceState};
use opentelemetry::{InstrumentationScope, KeyValue};
use opentelemetry_otlp::{Protocol, WithExportConfig};
use opentelemetry_sdk::trace::{BatchSpanProcessor, SpanData, SpanEvents, SpanLinks, SpanProcessor};

use crate::http::Completed;
use crate::runtime::events::{CallKind, ChildSpan};

static PROCESSOR: OnceLock<BatchSpanProcessor> = OnceLock::new();
/// Every span's scope: one value, so the exporter groups all spans under it.
static SCOPE: OnceLock<InstrumentationScope> = OnceLock::new();

/// Starts exporting to `endpoint` (the collector's base URL) the spans of
/// `sample_ratio` of the new traces (and of the continued ones their callers sampled).
pub fn start(endpoint: &str, json: bool, sample_ratio: f64) -> anyhow::Result<()> {
    let protocol = if json { Protocol::HttpJson } else { Protocol::HttpBinary };
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .with_protocol(protocol)
        .with_endpoint(format!("{endpoint}/v1/traces"))
        .build()?;
    let mut processor = BatchSpanProcessor::builder(exporter).build();
    let resource = opentelemetry_sdk::Resource::builder_empty().with_service_name("worky").build();
    processor.set_resource(&resource);
    let _ = PROCESSOR.set(processor);
    crate::http::trace::set_sample_ratio(sample_ratio);
    crate::runtime::events::want_spans();
    tracing::info!(endpoint, "spans go to {endpoint} (OTLP/HTTP, {})", if json { "JSON" } else { "protobuf" });
    Ok(())
}

/// Sends what is queued; for the end of the process.
pub fn shutdown() {
    if let Some(processor) = PROCESSOR.get() {
        let _ = processor.force_flush();
        let _ = processor.shutdown();
    }
}

/// What differs between the spans worky sends; the rest is the same for all.
struct Finished {
    trace_id: [u8; 16],
    span_id: [u8; 8],
    sampled: bool,
    /// The parent span, and whether it lives in another process.
    parent: Option<([u8; 8], bool)>,
    kind: SpanKind,
    name: String,
    start: SystemTime,
    end: SystemTime,
    attributes: Vec<KeyValue>,
    status: Status,
}

/// Hands a finished span to the batch processor (nothing when no collector is set).
fn send(span: Finished) {
    let Some(processor) = PROCESSOR.get() else { return };
    let flags = if span.sampled { TraceFlags::SAMPLED } else { TraceFlags::default() };
    let context = SpanContext::new(
        TraceId::from_bytes(span.trace_id),
        SpanId::from_bytes(span.span_id),
        flags,
        false,
        TraceState::default(),
    );
    processor.on_end(SpanData {
        span_context: context,
        parent_span_id: span.parent.map_or(SpanId::INVALID, |(id, _)| SpanId::from_bytes(id)),
        parent_span_is_remote: span.parent.is_some_and(|(_, remote)| remote),
        span_kind: span.kind,
        name: span.name.into(),
        start_time: span.start,
        end_time: span.end,
        attributes: span.attributes,
        dropped_attributes_count: 0,
        events: SpanEvents::default(),
        links: SpanLinks::default(),
        status: span.status,
        instrumentation_scope: SCOPE.get_or_init(|| InstrumentationScope::builder("worky").build()).clone(),
    });
}

/// The span of one answered request (a sampled one: the others are not recorded).
pub fn export(request: &Completed<'_>, deployment: &str, version: &str) {
    if PROCESSOR.get().is_none() || !request.trace.sampled {
        return;
    }
    let trace = request.trace;
    let end = SystemTime::now();
    let mut attributes = vec![
        KeyValue::new("worky.deployment", deployment.to_string()),
        KeyValue::new("worky.version", version.to_string()),
        KeyValue::new("http.request.method", request.method.to_string()),
        KeyValue::new("http.response.status_code", i64::from(request.status)),
        // The path's length, not the path: no client-chosen text in every span.
        KeyValue::new("worky.path_length", request.path.len() as i64),
    ];
    if let Some(cpu) = request.cpu {
        attributes.push(KeyValue::new("worky.cpu_time_ms", cpu.as_secs_f64() * 1e3));
    }
    if let Some(isolate) = request.isolate {
        attributes.push(KeyValue::new("worky.isolate", isolate as i64));
    }
    let status =
        if request.status >= 500 { Status::error(format!("status {}", request.status)) } else { Status::Unset };
    send(Finished {
        trace_id: trace.trace_id,
        span_id: trace.span_id,
        sampled: trace.sampled,
        parent: trace.parent_id.map(|id| (id, true)),
        kind: SpanKind::Server,
        name: request.method.to_string(),
        start: end - request.duration,
        end,
        attributes,
        status,
    });
}

/// A call a request made (fetch, KV, Durable Object) as a client span under the request's.
pub fn export_call(span: &ChildSpan) {
    if PROCESSOR.get().is_none() || !span.sampled {
        return;
    }
    let deployment = span.worker.split('@').next().unwrap_or(&span.worker).to_string();
    let mut attributes = vec![KeyValue::new("worky.deployment", deployment)];
    let (name, status) = match span.kind {
        CallKind::Fetch => {
            attributes.push(KeyValue::new("http.request.method", span.name.clone()));
            if span.status > 0 {
                attributes.push(KeyValue::new("http.response.status_code", i64::from(span.status)));
            }
            let status = match span.status {
                0 => Status::error("no answer"),
                500.. => Status::error(format!("status {}", span.status)),
                _ => Status::Unset,
            };
            ("fetch".to_string(), status)
        }
        CallKind::Kv => {
            attributes.push(KeyValue::new("worky.kv.operation", span.name.clone()));
            attributes.push(KeyValue::new("worky.kv.binding", span.target.clone()));
            (format!("kv {}", span.name), failed_if(!span.ok))
        }
        CallKind::Object => {
            attributes.push(KeyValue::new("worky.object.class", span.target.clone()));
            attributes.push(KeyValue::new("worky.object.call", span.name.clone()));
            (format!("{}.{}", span.target, span.name), failed_if(!span.ok))
        }
    };
    send(Finished {
        trace_id: span.trace_id,
        span_id: span.span_id,
        sampled: span.sampled,
        parent: Some((span.parent_id, false)),
        kind: SpanKind::Client,
        name,
        start: span.start,
        end: span.end,
        attributes,
        status,
    });
}

fn failed_if(failed: bool) -> Status {
    if failed { Status::error("threw") } else { Status::Unset }
}
