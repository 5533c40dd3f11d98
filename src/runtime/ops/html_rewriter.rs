//! HTMLRewriter: Cloudflare's streaming HTML rewriter (lol_html) driven from a
//! worker's handlers (runtime_js/11_html.js).
//!
//! lol_html calls its handlers synchronously, in the middle of `write()`, with
//! the element borrowed from its parser; a worker's handlers are JavaScript and
//! may be async. As workerd does, each transform runs the rewriter on a stack of
//! its own (a corosensei coroutine) that is suspended inside the handler: the op
//! returns the event to JavaScript, the worker's handler runs (and awaits what it
//! likes), each element method it calls resumes the coroutine to act on the live
//! element, and `done` lets lol_html go on. No thread switch and no copy of the
//! element: a method call is one op call and two stack switches.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use corosensei::{Coroutine, CoroutineResult, Yielder};
use deno_core::{OpState, op2};
use deno_error::JsErrorBox;
use lol_html::html_content::{Comment, ContentType, Doctype, DocumentEnd, Element, EndTag, TextChunk};
use lol_html::{
    AsciiCompatibleEncoding, DocumentContentHandlers, ElementContentHandlers, HandlerResult, HtmlRewriter,
    MemorySettings, Selector, Settings,
};
use serde::{Deserialize, Serialize};

/// One `.on(selector, handlers)`: which of its handlers exist.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ElementSpec {
    selector: String,
    element: bool,
    comments: bool,
    text: bool,
}

/// One `.onDocument(handlers)`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentSpec {
    doctype: bool,
    comments: bool,
    text: bool,
    end: bool,
}

/// What JavaScript is to do next.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Step {
    /// The chunk is rewritten: take the output, feed the next one.
    Need,
    /// The document is rewritten (or rewriting failed: `error`).
    Finished { error: Option<String> },
    /// Run handler `handler` of `.on()` (or `.onDocument()`) registration
    /// `index` on a new content token; then call `done`.
    #[serde(rename_all = "camelCase")]
    Element { index: u32 },
    #[serde(rename_all = "camelCase")]
    Comment { index: u32, document: bool, text: String },
    #[serde(rename_all = "camelCase")]
    Text { index: u32, document: bool, text: String, last_in_text_node: bool },
    #[serde(rename_all = "camelCase")]
    Doctype { index: u32, name: Option<String>, public_id: Option<String>, system_id: Option<String> },
    #[serde(rename_all = "camelCase")]
    End { index: u32 },
    /// An `element.onEndTag(callback)` callback's turn.
    #[serde(rename_all = "camelCase")]
    EndTag { callback: u32, name: String },
    /// The answer to a method call on the current token.
    Answer { value: Answer },
}

#[derive(Serialize)]
#[serde(untagged)]
pub enum Answer {
    Nothing,
    Flag(bool),
    Text(Option<String>),
    Attributes(Vec<(String, String)>),
    Error { error: String },
}

/// A method call on the current token, from JavaScript.
#[derive(Deserialize)]
#[serde(tag = "method", rename_all = "camelCase")]
pub enum Call {
    TagName,
    SetTagName { value: String },
    NamespaceUri,
    Attributes,
    GetAttribute { name: String },
    HasAttribute { name: String },
    SetAttribute { name: String, value: String },
    RemoveAttribute { name: String },
    Removed,
    SelfClosing,
    CanHaveContent,
    Before { content: String, html: bool },
    After { content: String, html: bool },
    Prepend { content: String, html: bool },
    Append { content: String, html: bool },
    SetInnerContent { content: String, html: bool },
    Replace { content: String, html: bool },
    Remove,
    RemoveAndKeepContent,
    OnEndTag { callback: u32 },
    SetText { value: String },
    SetName { value: String },
}

/// What JavaScript hands the coroutine.
enum Input {
    Write(Vec<u8>),
    End,
    Call(Call),
    /// The handler returned (or its promise settled); `Some` when it threw.
    Done(Option<String>),
}

type Task = Coroutine<Input, Step, Result<(), String>>;
type Suspender = Yielder<Input, Step>;

/// The transforms in progress in this isolate.
#[derive(Default)]
pub struct HtmlRewriters {
    next: u32,
    tasks: HashMap<u32, Running>,
}

struct Running {
    task: Task,
    output: Rc<RefCell<Vec<u8>>>,
}

/// Checks a selector when `.on()` is called, as workerd does (whose message
/// does not say which selector: ours adds it).
#[op2(fast)]
pub fn op_worky_html_selector(#[string] selector: &str) -> Result<(), JsErrorBox> {
    parse_selector(selector).map(drop).map_err(JsErrorBox::type_error)
}

fn parse_selector(selector: &str) -> Result<Selector, String> {
    selector.parse::<Selector>().map_err(|err| format!("Parser error: {err} (in the selector \"{selector}\")"))
}

/// Starts a transform; nothing runs until the first `write`.
#[op2]
#[smi]
pub fn op_worky_html_start(
    state: &mut OpState,
    #[serde] elements: Vec<ElementSpec>,
    #[serde] documents: Vec<DocumentSpec>,
    #[string] charset: &str,
) -> Result<u32, JsErrorBox> {
    // workerd's messages.
    let encoding = encoding_rs::Encoding::for_label(charset.as_bytes())
        .ok_or_else(|| JsErrorBox::type_error("Parser error: Unknown character encoding has been provided."))?;
    let encoding = AsciiCompatibleEncoding::new(encoding)
        .ok_or_else(|| JsErrorBox::type_error("Parser error: Expected ASCII-compatible encoding."))?;
    let selectors = elements
        .iter()
        .map(|spec| parse_selector(&spec.selector))
        .collect::<Result<Vec<_>, _>>()
        .map_err(JsErrorBox::type_error)?;
    let output = Rc::new(RefCell::new(Vec::new()));
    let sink = output.clone();
    let task = Coroutine::new(move |suspender: &Suspender, first: Input| {
        rewrite(suspender, first, &elements, selectors, &documents, encoding, &sink)
    });
    let rewriters = state.borrow_mut::<HtmlRewriters>();
    let id = rewriters.next;
    rewriters.next = rewriters.next.wrapping_add(1);
    rewriters.tasks.insert(id, Running { task, output });
    Ok(id)
}

/// Feeds a chunk of the document.
#[op2]
#[serde]
pub fn op_worky_html_write(state: &mut OpState, #[smi] id: u32, #[buffer] chunk: &[u8]) -> Result<Step, JsErrorBox> {
    resume(state, id, Input::Write(chunk.to_vec()))
}

/// Ends the document.
#[op2]
#[serde]
pub fn op_worky_html_end(state: &mut OpState, #[smi] id: u32) -> Result<Step, JsErrorBox> {
    resume(state, id, Input::End)
}

/// A method call on the token the current handler holds.
#[op2]
#[serde]
pub fn op_worky_html_call(state: &mut OpState, #[smi] id: u32, #[serde] call: Call) -> Result<Step, JsErrorBox> {
    resume(state, id, Input::Call(call))
}

/// The current handler is done (`error`: it threw, which stops the rewriting).
#[op2]
#[serde]
pub fn op_worky_html_done(
    state: &mut OpState,
    #[smi] id: u32,
    #[string] error: Option<String>,
) -> Result<Step, JsErrorBox> {
    resume(state, id, Input::Done(error))
}

/// The rewritten bytes so far.
#[op2]
#[buffer]
pub fn op_worky_html_output(state: &mut OpState, #[smi] id: u32) -> Vec<u8> {
    let rewriters = state.borrow_mut::<HtmlRewriters>();
    rewriters.tasks.get(&id).map(|running| std::mem::take(&mut *running.output.borrow_mut())).unwrap_or_default()
}

/// Drops a transform (finished, failed or cancelled); a suspended rewriter's
/// stack is unwound.
#[op2(fast)]
pub fn op_worky_html_close(state: &mut OpState, #[smi] id: u32) {
    let running = state.borrow_mut::<HtmlRewriters>().tasks.remove(&id);
    drop(running);
}

fn resume(state: &mut OpState, id: u32, input: Input) -> Result<Step, JsErrorBox> {
    let rewriters = state.borrow_mut::<HtmlRewriters>();
    let running =
        rewriters.tasks.get_mut(&id).ok_or_else(|| JsErrorBox::type_error("This HTMLRewriter transform has ended."))?;
    if running.task.done() {
        return Err(JsErrorBox::type_error("This HTMLRewriter transform has ended."));
    }
    Ok(match running.task.resume(input) {
        CoroutineResult::Yield(step) => step,
        CoroutineResult::Return(outcome) => Step::Finished { error: outcome.err() },
    })
}

/// The coroutine: builds the rewriter with a handler per registration and
/// feeds it what JavaScript writes.
fn rewrite(
    suspender: &Suspender,
    first: Input,
    elements: &[ElementSpec],
    selectors: Vec<Selector>,
    documents: &[DocumentSpec],
    encoding: AsciiCompatibleEncoding,
    sink: &RefCell<Vec<u8>>,
) -> Result<(), String> {
    // The memory bound is on what lol_html buffers for one token (a huge
    // attribute or comment); the document itself streams.
    let mut settings = Settings::new()
        .with_encoding(encoding)
        .with_memory_settings(MemorySettings::new().with_max_allowed_memory_usage(64 << 20));
    for ((index, spec), selector) in (0u32..).zip(elements).zip(selectors) {
        let mut handlers = ElementContentHandlers::default();
        if spec.element {
            handlers = handlers
                .element(move |element: &mut Element| serve(suspender, Step::Element { index }, element, element_call));
        }
        if spec.comments {
            handlers = handlers.comments(move |comment: &mut Comment| {
                let step = Step::Comment { index, document: false, text: comment.text() };
                serve(suspender, step, comment, comment_call)
            });
        }
        if spec.text {
            handlers = handlers
                .text(move |chunk: &mut TextChunk| serve(suspender, text_step(index, false, chunk), chunk, text_call));
        }
        settings = settings.append_element_content_handler((Cow::Owned(selector), handlers));
    }
    for (index, spec) in (0u32..).zip(documents) {
        let mut handlers = DocumentContentHandlers::default();
        if spec.doctype {
            handlers = handlers.doctype(move |doctype: &mut Doctype| {
                let step = Step::Doctype {
                    index,
                    name: doctype.name(),
                    public_id: doctype.public_id(),
                    system_id: doctype.system_id(),
                };
                serve(suspender, step, doctype, doctype_call)
            });
        }
        if spec.comments {
            handlers = handlers.comments(move |comment: &mut Comment| {
                let step = Step::Comment { index, document: true, text: comment.text() };
                serve(suspender, step, comment, comment_call)
            });
        }
        if spec.text {
            handlers = handlers
                .text(move |chunk: &mut TextChunk| serve(suspender, text_step(index, true, chunk), chunk, text_call));
        }
        if spec.end {
            handlers = handlers.end(move |end: &mut DocumentEnd| serve(suspender, Step::End { index }, end, end_call));
        }
        settings = settings.append_document_content_handler(handlers);
    }
    let mut rewriter = HtmlRewriter::new(settings, |bytes: &[u8]| sink.borrow_mut().extend_from_slice(bytes));
    let mut input = first;
    loop {
        match input {
            Input::Write(chunk) => rewriter.write(&chunk).map_err(|err| err.to_string())?,
            Input::End => return rewriter.end().map_err(|err| err.to_string()),
            Input::Call(_) | Input::Done(_) => return Err("HTMLRewriter: no handler is running".into()),
        }
        input = suspender.suspend(Step::Need);
    }
}

fn text_step(index: u32, document: bool, chunk: &TextChunk) -> Step {
    Step::Text { index, document, text: chunk.as_str().to_owned(), last_in_text_node: chunk.last_in_text_node() }
}

/// Hands `step` to JavaScript and answers the handler's method calls on
/// `token` until it is done.
fn serve<T: ?Sized>(
    suspender: &Suspender,
    step: Step,
    token: &mut T,
    call: fn(&Suspender, &mut T, Call) -> Answer,
) -> HandlerResult {
    let mut input = suspender.suspend(step);
    loop {
        match input {
            Input::Call(method) => {
                let value = call(suspender, token, method);
                input = suspender.suspend(Step::Answer { value });
            }
            Input::Done(None) => return Ok(()),
            Input::Done(Some(error)) => return Err(error.into()),
            Input::Write(_) | Input::End => return Err("HTMLRewriter: input while a handler runs".into()),
        }
    }
}

fn content_type(html: bool) -> ContentType {
    if html { ContentType::Html } else { ContentType::Text }
}

fn unsupported() -> Answer {
    Answer::Error { error: "This method is not available on this content token.".into() }
}

fn element_call(suspender: &Suspender, element: &mut Element, call: Call) -> Answer {
    match call {
        Call::TagName => Answer::Text(Some(element.tag_name())),
        Call::SetTagName { value } => match element.set_tag_name(&value) {
            Ok(()) => Answer::Nothing,
            Err(err) => Answer::Error { error: err.to_string() },
        },
        Call::NamespaceUri => Answer::Text(Some(element.namespace_uri().to_owned())),
        Call::Attributes => Answer::Attributes(
            element.attributes().iter().map(|attribute| (attribute.name(), attribute.value())).collect(),
        ),
        Call::GetAttribute { name } => Answer::Text(element.get_attribute(&name)),
        Call::HasAttribute { name } => Answer::Flag(element.has_attribute(&name)),
        Call::SetAttribute { name, value } => match element.set_attribute(&name, &value) {
            Ok(()) => Answer::Nothing,
            Err(err) => Answer::Error { error: err.to_string() },
        },
        Call::RemoveAttribute { name } => {
            element.remove_attribute(&name);
            Answer::Nothing
        }
        Call::Removed => Answer::Flag(element.removed()),
        Call::SelfClosing => Answer::Flag(element.is_self_closing()),
        Call::CanHaveContent => Answer::Flag(element.can_have_content()),
        Call::Before { content, html } => {
            element.before(&content, content_type(html));
            Answer::Nothing
        }
        Call::After { content, html } => {
            element.after(&content, content_type(html));
            Answer::Nothing
        }
        Call::Prepend { content, html } => {
            element.prepend(&content, content_type(html));
            Answer::Nothing
        }
        Call::Append { content, html } => {
            element.append(&content, content_type(html));
            Answer::Nothing
        }
        Call::SetInnerContent { content, html } => {
            element.set_inner_content(&content, content_type(html));
            Answer::Nothing
        }
        Call::Replace { content, html } => {
            element.replace(&content, content_type(html));
            Answer::Nothing
        }
        Call::Remove => {
            element.remove();
            Answer::Nothing
        }
        Call::RemoveAndKeepContent => {
            element.remove_and_keep_content();
            Answer::Nothing
        }
        Call::OnEndTag { callback } => on_end_tag(suspender, element, callback),
        _ => unsupported(),
    }
}

/// Sets the end tag callback (a second call replaces the first, as on
/// workerd). lol_html wants it `'static`; it reaches the coroutine's suspender
/// through a pointer.
fn on_end_tag(suspender: &Suspender, element: &mut Element, callback: u32) -> Answer {
    let suspender: *const Suspender = suspender;
    let handler = Box::new(move |end: &mut EndTag| {
        // SAFETY: end tag handlers are owned by the rewriter, which lives on
        // the coroutine's stack inside `rewrite`, as does the suspender: a
        // handler only ever runs while both exist.
        let suspender = unsafe { &*suspender };
        serve(suspender, Step::EndTag { callback, name: end.name() }, end, end_tag_call)
    });
    match element.end_tag_handlers() {
        Some(handlers) => {
            handlers.clear();
            handlers.push(handler);
            Answer::Nothing
        }
        None => Answer::Error { error: "No end tag.".into() },
    }
}

fn end_tag_call(_: &Suspender, end: &mut EndTag, call: Call) -> Answer {
    match call {
        Call::SetName { value } => end.set_name(value),
        Call::Before { content, html } => end.before(&content, content_type(html)),
        Call::After { content, html } => end.after(&content, content_type(html)),
        Call::Replace { content, html } => end.replace(&content, content_type(html)),
        Call::Remove => end.remove(),
        Call::Removed => return Answer::Flag(end.removed()),
        _ => return unsupported(),
    }
    Answer::Nothing
}

fn comment_call(_: &Suspender, comment: &mut Comment, call: Call) -> Answer {
    match call {
        Call::SetText { value } => {
            if let Err(err) = comment.set_text(&value) {
                return Answer::Error { error: err.to_string() };
            }
        }
        Call::Before { content, html } => comment.before(&content, content_type(html)),
        Call::After { content, html } => comment.after(&content, content_type(html)),
        Call::Replace { content, html } => comment.replace(&content, content_type(html)),
        Call::Remove => comment.remove(),
        Call::Removed => return Answer::Flag(comment.removed()),
        _ => return unsupported(),
    }
    Answer::Nothing
}

fn text_call(_: &Suspender, chunk: &mut TextChunk, call: Call) -> Answer {
    match call {
        Call::Before { content, html } => chunk.before(&content, content_type(html)),
        Call::After { content, html } => chunk.after(&content, content_type(html)),
        Call::Replace { content, html } => chunk.replace(&content, content_type(html)),
        Call::Remove => chunk.remove(),
        Call::Removed => return Answer::Flag(chunk.removed()),
        _ => return unsupported(),
    }
    Answer::Nothing
}

fn doctype_call(_: &Suspender, doctype: &mut Doctype, call: Call) -> Answer {
    match call {
        Call::Remove => doctype.remove(),
        Call::Removed => return Answer::Flag(doctype.removed()),
        _ => return unsupported(),
    }
    Answer::Nothing
}

fn end_call(_: &Suspender, end: &mut DocumentEnd, call: Call) -> Answer {
    match call {
        Call::Append { content, html } => end.append(&content, content_type(html)),
        _ => return unsupported(),
    }
    Answer::Nothing
}
