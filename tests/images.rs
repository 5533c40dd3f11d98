//! The Images binding (`[images]`) through the real binary: a worker resizes,
//! rotates, draws over and re-encodes the image a client posts, and the
//! client decodes what comes back (tests/workerd/images.js compares the
//! binding's answers with wrangler dev's). Cloudflare's 12,000 pixels a side
//! is checked on both sides of the bound.

mod common;

use std::io::Cursor;

use common::*;
use image::{GenericImageView, ImageFormat, Rgba, RgbaImage};

const WORKER: &str = r#"
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const q = (name) => url.searchParams.has(name) ? Number(url.searchParams.get(name)) : undefined;
    try {
      if (url.pathname === "/info") return Response.json(await env.IMAGES.info(request.body));
      if (url.pathname === "/base64") {
        // Base64 in (input's encoding option) and out (image()'s).
        const bytes = new Uint8Array(await request.arrayBuffer());
        const text = btoa(String.fromCharCode(...bytes));
        const result = await env.IMAGES.input(new Response(text).body, { encoding: "base64" })
          .transform({ width: 10 }).output({ format: "image/png" });
        return new Response(result.image({ encoding: "base64" }));
      }
      let input = env.IMAGES.input(request.body).transform({ width: q("width"), height: q("height"), rotate: q("rotate") });
      if (url.pathname === "/stamp") {
        const red = await env.IMAGES.input(stamp()).transform({ width: 10 }).output({ format: "image/png" });
        input = input.draw(red.image(), { top: 0, left: 0, opacity: q("opacity") });
      }
      const result = await input.output({ format: url.searchParams.get("format") ?? "image/png" });
      return result.response();
    } catch (error) {
      return new Response(`${error.name}: ${error.message}`, { status: 400 });
    }
  },
};

/** A 10x10 red PNG, made by the binding from a 1x1 one. */
function stamp() {
  const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==";
  return new Response(Uint8Array.from(atob(png), (c) => c.charCodeAt(0))).body;
}
"#;

fn png(width: u32, height: u32, color: [u8; 4]) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    RgbaImage::from_pixel(width, height, Rgba(color)).write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

fn post(dev: &Dev, path: &str, body: Vec<u8>) -> (u16, String, Vec<u8>) {
    let response = client().post(format!("{}{path}", dev.url)).body(body).send().unwrap();
    let status = response.status().as_u16();
    let kind = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    (status, kind, response.bytes().unwrap().to_vec())
}

#[test]
fn a_worker_transforms_images_through_the_binding() {
    let toml = "name = \"pictures\"\nmain = \"src/index.js\"\n[images]\nbinding = \"IMAGES\"\n";
    let dir = project(&[("worky.toml", toml), ("src/index.js", WORKER)]);
    let dev = Dev::start(dir.path(), &[]);
    assert!(dev.output().contains("env.IMAGES") && dev.output().contains("Images"), "{}", dev.output());
    let blue = png(300, 200, [0, 0, 255, 255]);

    let info = post(&dev, "/info", blue.clone());
    let info: serde_json::Value = serde_json::from_slice(&info.2).unwrap();
    assert_eq!(info["format"], "image/png");
    assert_eq!((info["width"].as_u64(), info["height"].as_u64()), (Some(300), Some(200)));
    assert_eq!(info["fileSize"].as_u64(), Some(blue.len() as u64));

    let (_, _, text) = post(&dev, "/base64", png(30, 30, [0, 0, 255, 255]));
    use base64::Engine as _;
    let decoded = base64::engine::general_purpose::STANDARD.decode(&text).expect("base64 out");
    assert_eq!(image::load_from_memory(&decoded).unwrap().dimensions(), (10, 10));

    // One side keeps the aspect ratio; a quarter turn swaps the sides.
    let (status, kind, bytes) = post(&dev, "/?width=100&format=image/webp", blue.clone());
    assert_eq!((status, kind.as_str()), (200, "image/webp"));
    let made = image::load_from_memory(&bytes).unwrap();
    assert_eq!(made.dimensions(), (100, 67));
    let (_, kind, bytes) = post(&dev, "/?height=50&rotate=90&format=image/jpeg", blue.clone());
    assert_eq!(kind, "image/jpeg");
    assert_eq!(image::load_from_memory(&bytes).unwrap().dimensions(), (33, 50), "turned first, as sharp does");

    // Both sides: fitted inside, letterboxed on black.
    let (_, _, bytes) = post(&dev, "/?width=100&height=100", blue.clone());
    let boxed = image::load_from_memory(&bytes).unwrap().to_rgba8();
    assert_eq!(boxed.dimensions(), (100, 100));
    assert_eq!(boxed.get_pixel(50, 2).0, [0, 0, 0, 255], "the band above the image");
    assert_eq!(boxed.get_pixel(50, 50).0[2], 255, "the image itself");

    // A red square drawn at the top left, whole or half see-through.
    let (status, _, bytes) = post(&dev, "/stamp?width=50", blue.clone());
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    let stamped = image::load_from_memory(&bytes).unwrap().to_rgba8();
    assert_eq!(stamped.get_pixel(0, 0).0, [255, 0, 0, 255]);
    assert_eq!(stamped.get_pixel(40, 30).0, [0, 0, 255, 255]);
    let (_, _, bytes) = post(&dev, "/stamp?width=50&opacity=0.5", blue.clone());
    let half = image::load_from_memory(&bytes).unwrap().to_rgba8();
    let [r, _, b, _] = half.get_pixel(0, 0).0;
    assert!((120..=135).contains(&r) && (120..=135).contains(&b), "half red over blue: {:?}", half.get_pixel(0, 0));

    // Cloudflare's largest side, and one pixel more.
    let (status, _, bytes) = post(&dev, "/?width=10", png(12_000, 1, [0, 255, 0, 255]));
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    let (status, _, bytes) = post(&dev, "/?width=10", png(12_001, 1, [0, 255, 0, 255]));
    let said = String::from_utf8_lossy(&bytes);
    assert_eq!(status, 400);
    assert!(said.contains("IMAGES_TRANSFORM_ERROR 9413") && said.contains("12000 pixels a side"), "{said}");

    // Not an image; a format it cannot write.
    let (status, _, bytes) = post(&dev, "/", b"not an image".to_vec());
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&bytes).contains("Unsupported image type"));
    let (_, _, bytes) = post(&dev, "/?format=image/avif", blue);
    assert!(String::from_utf8_lossy(&bytes).contains("AVIF output is not supported here"));
}

#[test]
fn a_wrangler_images_binding_is_supported() {
    let config = r#"{ "name": "astro", "main": "src/index.js", "images": { "binding": "IMAGES" } }"#;
    let worker = "export default { async fetch(r, env) { return new Response(typeof env.IMAGES.input); } };";
    let dir = project(&[("wrangler.jsonc", config), ("src/index.js", worker)]);
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/").body, "function");
    assert!(!dev.output().contains("does not support"), "{}", dev.output());
}
