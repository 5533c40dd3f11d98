//! The Images binding's work (`images = { binding = "IMAGES" }`,
//! runtime_js/29_images.js): what `info()` tells of an image, and what
//! `input().transform().draw().output()` makes of it, done here with the
//! `image` crate as `wrangler dev` does it with sharp (tests/workerd/images.js):
//! resizing to fit (`width`, `height`, letterboxed when both are given),
//! rotating by quarter turns, drawing images over it, and encoding PNG, JPEG,
//! GIF or WebP. Errors carry Cloudflare's `IMAGES_..._ERROR code: ...` words.

use std::io::Cursor;

use deno_core::{JsBuffer, ToJsBuffer, op2};
use deno_error::JsErrorBox;
use image::{DynamicImage, GenericImageView, ImageFormat, ImageReader, Limits, Rgba, RgbaImage, imageops};
use serde::{Deserialize, Serialize};

/// At most this many images are worked on at once in the process (one a
/// core): the work runs outside the isolate, where the worker's CPU limit does
/// not reach, so one tenant's burst of large images waits its turn rather
/// than taking every core from the others.
fn workers() -> &'static tokio::sync::Semaphore {
    static WORKERS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    WORKERS.get_or_init(|| tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())))
}

/// Runs `job` on a blocking thread once a worker slot is free.
async fn in_turn<T: Send + 'static>(
    job: impl FnOnce() -> Result<T, JsErrorBox> + Send + 'static,
) -> Result<T, JsErrorBox> {
    let _slot = workers().acquire().await.map_err(|err| JsErrorBox::generic(err.to_string()))?;
    tokio::task::spawn_blocking(job).await.map_err(|err| JsErrorBox::generic(err.to_string()))?
}

/// Cloudflare Images' largest side; a larger image is refused before it is decoded.
const MAX_SIDE: u32 = 12_000;
/// The most memory one decode may take (a 100-megapixel RGBA image, and room).
const MAX_ALLOC: u64 = 512 * 1024 * 1024;

/// What `info()` answers: `fileSize`, `width` and `height` are absent for SVG.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageInfo {
    format: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    file_size: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    height: Option<u32>,
}

/// One step of a transformation, in the order the worker asked for them:
/// `kind` "transform" (`transform({ width, height, rotate })` of the image
/// being made) or "draw" (`draw(image, { top, left, bottom, right, opacity })`:
/// image `index` of the buffers, with its own `steps` done, drawn over it).
/// One struct, not a tagged enum: serde reads a tagged enum's numbers through
/// a buffer that the tree's serde_json (arbitrary_precision) turns into maps.
#[derive(Deserialize)]
pub struct Step {
    kind: String,
    width: Option<f64>,
    height: Option<f64>,
    rotate: Option<f64>,
    index: Option<usize>,
    #[serde(default)]
    steps: Vec<Step>,
    top: Option<f64>,
    left: Option<f64>,
    bottom: Option<f64>,
    right: Option<f64>,
    opacity: Option<f64>,
}

fn info_error(message: impl std::fmt::Display) -> JsErrorBox {
    JsErrorBox::generic(format!("IMAGES_INFO_ERROR 9520: ERROR: {message}"))
}

fn transform_error(code: u32, message: impl std::fmt::Display) -> JsErrorBox {
    JsErrorBox::generic(format!("IMAGES_TRANSFORM_ERROR {code}: ERROR: {message}"))
}

fn is_svg(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    head.trim_start().starts_with('<') && head.contains("<svg")
}

fn mime_of(format: ImageFormat) -> Option<&'static str> {
    match format {
        ImageFormat::Png => Some("image/png"),
        ImageFormat::Jpeg => Some("image/jpeg"),
        ImageFormat::Gif => Some("image/gif"),
        ImageFormat::WebP => Some("image/webp"),
        _ => None,
    }
}

fn reader(bytes: &[u8]) -> Option<ImageReader<Cursor<&[u8]>>> {
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().ok()?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    Some(reader)
}

/// The image's format and size, read from its header.
fn info(bytes: &[u8]) -> Result<ImageInfo, JsErrorBox> {
    if is_svg(bytes) {
        return Ok(ImageInfo { format: "image/svg+xml", file_size: None, width: None, height: None });
    }
    let unsupported = || info_error("Unsupported image type, expected one of: JPEG, SVG, PNG, WebP, GIF");
    let reader = reader(bytes).ok_or_else(unsupported)?;
    let format = reader.format().and_then(mime_of).ok_or_else(unsupported)?;
    let (width, height) = reader.into_dimensions().map_err(info_error)?;
    Ok(ImageInfo { format, file_size: Some(bytes.len()), width: Some(width), height: Some(height) })
}

fn decode(bytes: &[u8]) -> Result<DynamicImage, JsErrorBox> {
    if is_svg(bytes) {
        return Err(transform_error(9520, "SVG input is not supported here: give a PNG, JPEG, GIF or WebP image"));
    }
    let unsupported = || transform_error(9520, "Unsupported image type, expected one of: JPEG, PNG, WebP, GIF");
    let reader = reader(bytes).ok_or_else(unsupported)?;
    if reader.format().and_then(mime_of).is_none() {
        return Err(unsupported());
    }
    reader.decode().map_err(|err| match err {
        image::ImageError::Limits(_) => {
            transform_error(9413, format!("the image is too large: at most {MAX_SIDE} pixels a side"))
        }
        err => transform_error(9523, format!("cannot decode the image: {err}")),
    })
}

/// A side given as a number: none for absent, 0 or less (sharp's `width || null`).
fn side(value: Option<f64>) -> Option<u32> {
    value.filter(|v| *v >= 1.0).map(|v| v.round().min(f64::from(MAX_SIDE)) as u32)
}

/// Resizes as sharp's `fit: "contain"` does: one side given keeps the aspect
/// ratio; both given fit the image inside them, centred on black.
fn resize(image: DynamicImage, width: Option<u32>, height: Option<u32>) -> DynamicImage {
    let (w, h) = image.dimensions();
    let scaled = |target: u32, of: u32, other: u32| {
        ((f64::from(other) * f64::from(target) / f64::from(of)).round() as u32).max(1)
    };
    match (width, height) {
        (None, None) => image,
        (Some(width), None) => image.resize_exact(width, scaled(width, w, h), imageops::FilterType::Lanczos3),
        (None, Some(height)) => image.resize_exact(scaled(height, h, w), height, imageops::FilterType::Lanczos3),
        (Some(width), Some(height)) => {
            let fitted = image.resize(width, height, imageops::FilterType::Lanczos3);
            let mut canvas = RgbaImage::from_pixel(width, height, Rgba([0, 0, 0, 255]));
            let (fw, fh) = fitted.dimensions();
            imageops::overlay(
                &mut canvas,
                &fitted.to_rgba8(),
                i64::from((width - fw) / 2),
                i64::from((height - fh) / 2),
            );
            DynamicImage::ImageRgba8(canvas)
        }
    }
}

fn rotate(image: DynamicImage, degrees: f64) -> Result<DynamicImage, JsErrorBox> {
    let quarter_turn = (degrees.fract() == 0.0).then(|| degrees.rem_euclid(360.0) as u32);
    match quarter_turn {
        Some(0) => Ok(image),
        Some(90) => Ok(image.rotate90()),
        Some(180) => Ok(image.rotate180()),
        Some(270) => Ok(image.rotate270()),
        _ => Err(transform_error(9523, "rotate must be 0, 90, 180 or 270")),
    }
}

/// Draws `top_image` over `image`: at `left`/`top`, or from the right and
/// bottom edges, or centred; with `opacity` (0 to 1) if given.
fn draw(image: DynamicImage, top_image: DynamicImage, place: [Option<f64>; 4], opacity: Option<f64>) -> DynamicImage {
    let [top, left, bottom, right] = place.map(|value| value.map(|v| v.round() as i64));
    let mut base = image.to_rgba8();
    let mut layer = top_image.to_rgba8();
    if let Some(opacity) = opacity.map(|o| o.clamp(0.0, 1.0)) {
        for pixel in layer.pixels_mut() {
            pixel[3] = (f64::from(pixel[3]) * opacity).round() as u8;
        }
    }
    let (bw, bh) = (i64::from(base.width()), i64::from(base.height()));
    let (lw, lh) = (i64::from(layer.width()), i64::from(layer.height()));
    let x = left.or(right.map(|r| bw - lw - r)).unwrap_or((bw - lw) / 2);
    let y = top.or(bottom.map(|b| bh - lh - b)).unwrap_or((bh - lh) / 2);
    imageops::overlay(&mut base, &layer, x, y);
    DynamicImage::ImageRgba8(base)
}

fn apply(mut image: DynamicImage, steps: &[Step], images: &[&[u8]]) -> Result<DynamicImage, JsErrorBox> {
    for step in steps {
        image = match step.kind.as_str() {
            "transform" => {
                let rotated = match step.rotate {
                    Some(degrees) => rotate(image, degrees)?,
                    None => image,
                };
                resize(rotated, side(step.width), side(step.height))
            }
            "draw" => {
                let bytes = step.index.and_then(|index| images.get(index));
                let bytes = bytes.ok_or_else(|| transform_error(9523, "no such image to draw"))?;
                let layer = apply(decode(bytes)?, &step.steps, images)?;
                draw(image, layer, [step.top, step.left, step.bottom, step.right], step.opacity)
            }
            other => return Err(transform_error(9523, format!("no such step: {other}"))),
        };
    }
    Ok(image)
}

/// Encodes in `format` (a MIME type; JPEG when none is given, as wrangler dev
/// labels it) at `quality` (JPEG's, 1 to 100); answers the content type too.
fn encode(image: DynamicImage, format: &str, quality: Option<f64>) -> Result<(String, Vec<u8>), JsErrorBox> {
    let mut out = Cursor::new(Vec::new());
    let (content_type, written) = match format {
        "image/png" => ("image/png", image.write_to(&mut out, ImageFormat::Png)),
        "image/gif" => ("image/gif", image.to_rgba8().write_to(&mut out, ImageFormat::Gif)),
        "image/webp" => ("image/webp", image.to_rgba8().write_to(&mut out, ImageFormat::WebP)),
        "image/avif" => {
            return Err(transform_error(9520, "AVIF output is not supported here: choose PNG, JPEG, GIF or WebP"));
        }
        "rgb" | "rgba" => return Err(transform_error(9520, "RGB/RGBA output is not supported in local mode")),
        _ => {
            let quality = quality.map_or(80, |q| q.clamp(1.0, 100.0) as u8);
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
            ("image/jpeg", image.to_rgb8().write_with_encoder(encoder))
        }
    };
    written.map_err(|err| transform_error(9523, format!("cannot encode the image: {err}")))?;
    Ok((content_type.to_string(), out.into_inner()))
}

/// `info()` of an image's bytes.
#[op2]
#[serde]
pub async fn op_worky_images_info(#[buffer] image: JsBuffer) -> Result<ImageInfo, JsErrorBox> {
    let bytes = image.to_vec();
    in_turn(move || info(&bytes)).await
}

/// Makes an image: `images` holds every image one after another (`lengths`
/// each), the first the one transformed; `steps` (JSON) says what to do;
/// answers `[content type, bytes]`.
#[op2]
#[serde]
pub async fn op_worky_images_transform(
    #[buffer] images: JsBuffer,
    #[serde] lengths: Vec<usize>,
    #[string] steps: String,
    #[string] format: String,
    quality: Option<f64>,
) -> Result<(String, ToJsBuffer), JsErrorBox> {
    let steps: Vec<Step> = serde_json::from_str(&steps).map_err(|_| {
        transform_error(
            9523,
            "Internal Images binding error: Expected JSON array of valid transforms in transforms field",
        )
    })?;
    let bytes = images.to_vec();
    let made = in_turn(move || {
        let mut parts = Vec::with_capacity(lengths.len());
        let mut rest = bytes.as_slice();
        for length in lengths {
            let (part, after) = rest.split_at(length.min(rest.len()));
            parts.push(part);
            rest = after;
        }
        let first = parts.first().copied().unwrap_or_default();
        let image = apply(decode(first)?, &steps, &parts)?;
        encode(image, &format, quality)
    })
    .await?;
    Ok((made.0, ToJsBuffer::from(made.1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_read_as_the_glue_writes_them() {
        let json =
            r#"[{"kind":"transform","width":50},{"kind":"draw","index":1,"steps":[],"top":0,"left":0,"opacity":0.5}]"#;
        let steps: Vec<Step> = serde_json::from_str(json).unwrap();
        assert_eq!(steps.len(), 2);
    }
}
