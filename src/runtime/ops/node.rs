//! The Rust half of `nodejs_compat`'s `node:crypto` and `node:zlib`
//! (runtime_js/node/src/): one-shot calls on RustCrypto's crates and on flate2 and
//! brotli, the same crates the deno extensions already link. The JS side keeps
//! the Node.js objects (Hash, Cipher, Gzip, ...) and hands each a whole input.

use aes::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit, StreamCipher, block_padding::Pkcs7};
use aes_gcm::aead::{AeadInPlace, KeyInit};
use deno_core::op2;
use deno_error::JsErrorBox;
use digest::{Digest, DynDigest};
use hmac::{Hmac, Mac};
use std::io::{Read, Write};

/// A hash by its Node.js name (as `crypto.getHashes()` lists them).
pub(super) fn hasher(algorithm: &str) -> Option<Box<dyn DynDigest>> {
    Some(match algorithm.to_ascii_lowercase().as_str() {
        "md5" => Box::new(md5::Md5::new()),
        "sha1" | "sha-1" => Box::new(sha1::Sha1::new()),
        "sha224" | "sha-224" => Box::new(sha2::Sha224::new()),
        "sha256" | "sha-256" => Box::new(sha2::Sha256::new()),
        "sha384" | "sha-384" => Box::new(sha2::Sha384::new()),
        "sha512" | "sha-512" => Box::new(sha2::Sha512::new()),
        "sha512-256" => Box::new(sha2::Sha512_256::new()),
        "sha3-256" => Box::new(sha3::Sha3_256::new()),
        "sha3-384" => Box::new(sha3::Sha3_384::new()),
        "sha3-512" => Box::new(sha3::Sha3_512::new()),
        _ => return None,
    })
}

fn digest_error(algorithm: &str) -> JsErrorBox {
    JsErrorBox::new("Error", format!("Digest method not supported: {algorithm}"))
}

/// The digest of `chunks` (written one after another).
#[op2]
#[buffer]
pub fn op_worky_node_hash(
    #[string] algorithm: String,
    #[serde] chunks: Vec<deno_core::JsBuffer>,
) -> Result<Vec<u8>, JsErrorBox> {
    let mut hash = hasher(&algorithm).ok_or_else(|| digest_error(&algorithm))?;
    for chunk in &chunks {
        hash.update(chunk);
    }
    Ok(hash.finalize().to_vec())
}

/// Whether `algorithm` names a hash this module has.
#[op2(fast)]
pub fn op_worky_node_hash_known(#[string] algorithm: String) -> bool {
    hasher(&algorithm).is_some()
}

macro_rules! with_hmac {
    ($algorithm:expr, $mac:ident => $body:expr) => {
        match $algorithm.to_ascii_lowercase().as_str() {
            "md5" => {
                type $mac = Hmac<md5::Md5>;
                $body
            }
            "sha1" | "sha-1" => {
                type $mac = Hmac<sha1::Sha1>;
                $body
            }
            "sha224" | "sha-224" => {
                type $mac = Hmac<sha2::Sha224>;
                $body
            }
            "sha256" | "sha-256" => {
                type $mac = Hmac<sha2::Sha256>;
                $body
            }
            "sha384" | "sha-384" => {
                type $mac = Hmac<sha2::Sha384>;
                $body
            }
            "sha512" | "sha-512" => {
                type $mac = Hmac<sha2::Sha512>;
                $body
            }
            _ => return Err(JsErrorBox::new("Error", format!("Invalid digest: {}", $algorithm))),
        }
    };
}

/// HMAC of `chunks` under `key`.
#[op2]
#[buffer]
pub fn op_worky_node_hmac(
    #[string] algorithm: String,
    #[buffer] key: &[u8],
    #[serde] chunks: Vec<deno_core::JsBuffer>,
) -> Result<Vec<u8>, JsErrorBox> {
    with_hmac!(algorithm, M => {
        let mut mac = <M as Mac>::new_from_slice(key).map_err(|err| JsErrorBox::generic(err.to_string()))?;
        for chunk in &chunks {
            Mac::update(&mut mac, chunk);
        }
        Ok(mac.finalize().into_bytes().to_vec())
    })
}

/// PBKDF2 with HMAC-`algorithm`.
#[op2]
#[buffer]
pub fn op_worky_node_pbkdf2(
    #[string] algorithm: String,
    #[buffer] password: &[u8],
    #[buffer] salt: &[u8],
    iterations: u32,
    length: u32,
) -> Result<Vec<u8>, JsErrorBox> {
    let mut out = vec![0; length as usize];
    with_hmac!(algorithm, M => {
        pbkdf2::pbkdf2::<M>(password, salt, iterations, &mut out).map_err(|err| JsErrorBox::generic(err.to_string()))?;
    });
    Ok(out)
}

/// HKDF (extract and expand) with `algorithm`.
#[op2]
#[buffer]
pub fn op_worky_node_hkdf(
    #[string] algorithm: String,
    #[buffer] key: &[u8],
    #[buffer] salt: &[u8],
    #[buffer] info: &[u8],
    length: u32,
) -> Result<Vec<u8>, JsErrorBox> {
    let mut out = vec![0; length as usize];
    let too_long = |_| JsErrorBox::range_error("Invalid key length");
    match algorithm.to_ascii_lowercase().as_str() {
        "sha1" => hkdf::Hkdf::<sha1::Sha1>::new(Some(salt), key).expand(info, &mut out).map_err(too_long)?,
        "sha256" => hkdf::Hkdf::<sha2::Sha256>::new(Some(salt), key).expand(info, &mut out).map_err(too_long)?,
        "sha384" => hkdf::Hkdf::<sha2::Sha384>::new(Some(salt), key).expand(info, &mut out).map_err(too_long)?,
        "sha512" => hkdf::Hkdf::<sha2::Sha512>::new(Some(salt), key).expand(info, &mut out).map_err(too_long)?,
        _ => return Err(JsErrorBox::type_error(format!("Invalid digest: {algorithm}"))),
    }
    Ok(out)
}

/// scrypt with cost `n` (a power of two), block size `r` and parallelism `p`.
#[op2]
#[buffer]
pub fn op_worky_node_scrypt(
    #[buffer] password: &[u8],
    #[buffer] salt: &[u8],
    n: u32,
    r: u32,
    p: u32,
    length: u32,
) -> Result<Vec<u8>, JsErrorBox> {
    let invalid = || JsErrorBox::range_error("Invalid scrypt params");
    if n < 2 || !n.is_power_of_two() {
        return Err(invalid());
    }
    let params = scrypt::Params::new(n.trailing_zeros() as u8, r, p, length as usize).map_err(|_| invalid())?;
    let mut out = vec![0; length as usize];
    scrypt::scrypt(password, salt, &params, &mut out).map_err(|_| invalid())?;
    Ok(out)
}

/// AES in GCM, CBC (PKCS#7 padding) or CTR mode, either way. GCM's tag is
/// appended to the ciphertext when encrypting and expected after it when
/// decrypting. `key`'s length picks AES-128/192/256.
#[op2]
#[buffer]
pub fn op_worky_node_aes(
    #[string] mode: String,
    encrypt: bool,
    #[buffer] key: &[u8],
    #[buffer] iv: &[u8],
    #[buffer] aad: &[u8],
    #[buffer] data: &[u8],
    padding: bool,
) -> Result<Vec<u8>, JsErrorBox> {
    let bad_decrypt = || JsErrorBox::generic("Authentication failed");
    let invalid_key = || JsErrorBox::generic("Invalid key length");
    let mut buffer = data.to_vec();
    match mode.as_str() {
        "gcm" => {
            macro_rules! gcm {
                ($aes:ty) => {{
                    type Gcm = aes_gcm::AesGcm<$aes, aes_gcm::aead::consts::U12>;
                    if iv.len() != 12 {
                        return Err(JsErrorBox::type_error("Invalid initialization vector"));
                    }
                    let cipher = Gcm::new_from_slice(key).map_err(|_| invalid_key())?;
                    let nonce = aes_gcm::Nonce::from_slice(iv);
                    if encrypt {
                        cipher.encrypt_in_place(nonce, aad, &mut buffer).map_err(|_| bad_decrypt())?;
                    } else {
                        cipher.decrypt_in_place(nonce, aad, &mut buffer).map_err(|_| bad_decrypt())?;
                    }
                }};
            }
            match key.len() {
                16 => gcm!(aes::Aes128),
                24 => gcm!(aes::Aes192),
                32 => gcm!(aes::Aes256),
                _ => return Err(invalid_key()),
            }
            Ok(buffer)
        }
        "cbc" => {
            macro_rules! cbc {
                ($aes:ty) => {{
                    if iv.len() != 16 {
                        return Err(JsErrorBox::type_error("Invalid initialization vector"));
                    }
                    if encrypt {
                        let cipher = cbc::Encryptor::<$aes>::new_from_slices(key, iv).map_err(|_| invalid_key())?;
                        if padding {
                            Ok(cipher.encrypt_padded_vec_mut::<Pkcs7>(&buffer))
                        } else {
                            let len = buffer.len();
                            if len % 16 != 0 {
                                return Err(JsErrorBox::generic("data not multiple of block length"));
                            }
                            cipher
                                .encrypt_padded_mut::<aes::cipher::block_padding::NoPadding>(&mut buffer, len)
                                .map_err(|_| bad_decrypt())?;
                            Ok(buffer)
                        }
                    } else {
                        let cipher = cbc::Decryptor::<$aes>::new_from_slices(key, iv).map_err(|_| invalid_key())?;
                        let bad = || JsErrorBox::generic("Authentication failed");
                        if padding {
                            cipher.decrypt_padded_vec_mut::<Pkcs7>(&buffer).map_err(|_| bad())
                        } else {
                            let out = cipher
                                .decrypt_padded_mut::<aes::cipher::block_padding::NoPadding>(&mut buffer)
                                .map_err(|_| bad())?;
                            Ok(out.to_vec())
                        }
                    }
                }};
            }
            match key.len() {
                16 => cbc!(aes::Aes128),
                24 => cbc!(aes::Aes192),
                32 => cbc!(aes::Aes256),
                _ => Err(invalid_key()),
            }
        }
        "ctr" => {
            macro_rules! ctr {
                ($aes:ty) => {{
                    let mut cipher = ctr::Ctr128BE::<$aes>::new_from_slices(key, iv).map_err(|_| invalid_key())?;
                    cipher.apply_keystream(&mut buffer);
                }};
            }
            match key.len() {
                16 => ctr!(aes::Aes128),
                24 => ctr!(aes::Aes192),
                32 => ctr!(aes::Aes256),
                _ => return Err(invalid_key()),
            }
            Ok(buffer)
        }
        _ => Err(JsErrorBox::generic("Unknown cipher")),
    }
}

/// Input that does not decode, with the message zlib gives for the usual causes
/// (the JS side makes it Node.js's error, `code` Z_DATA_ERROR).
fn zlib_data_error(message: &str) -> JsErrorBox {
    JsErrorBox::generic(message.to_string())
}

/// Compresses (`compress`) or decompresses `data` in `format`: "gzip",
/// "deflate" (zlib-wrapped), "deflate-raw", "unzip" (gzip or deflate, by its
/// header; decompression only), "brotli" or "zstd". `level` is zlib's 0-9,
/// brotli's quality 0-11 or zstd's level (-1: the default).
#[op2]
#[buffer]
pub fn op_worky_node_zlib(
    #[string] format: String,
    compress: bool,
    #[buffer] data: &[u8],
    level: i32,
) -> Result<Vec<u8>, JsErrorBox> {
    zlib(&format, compress, data, level)
}

fn zlib(format: &str, compress: bool, data: &[u8], level: i32) -> Result<Vec<u8>, JsErrorBox> {
    use flate2::Compression;
    let level_of = |default: u32| if level < 0 { Compression::new(default) } else { Compression::new(level as u32) };
    let io = |err: std::io::Error| JsErrorBox::generic(err.to_string());
    let mut out = Vec::new();
    match (format, compress) {
        ("gzip", true) => {
            // Operating system 3 (Unix), as zlib writes it; mtime 0.
            let mut encoder = flate2::GzBuilder::new().operating_system(3).write(Vec::new(), level_of(6));
            encoder.write_all(data).map_err(io)?;
            out = encoder.finish().map_err(io)?;
        }
        ("deflate", true) => {
            let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), level_of(6));
            encoder.write_all(data).map_err(io)?;
            out = encoder.finish().map_err(io)?;
        }
        ("deflate-raw", true) => {
            let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), level_of(6));
            encoder.write_all(data).map_err(io)?;
            out = encoder.finish().map_err(io)?;
        }
        ("brotli", true) => {
            let quality = if level < 0 { 11 } else { level.min(11) as u32 };
            let mut encoder = brotli::CompressorWriter::new(Vec::new(), 4096, quality, 22);
            encoder.write_all(data).map_err(io)?;
            out = encoder.into_inner();
        }
        ("zstd", true) => {
            let level = if level < 0 { zstd::DEFAULT_COMPRESSION_LEVEL } else { level };
            out = zstd::stream::encode_all(data, level).map_err(io)?;
        }
        ("zstd", false) => {
            out = zstd::stream::decode_all(data).map_err(|_| zlib_data_error("Zstd decompression failed"))?;
        }
        ("gzip", false) => {
            if data.len() >= 2 && data[..2] != [0x1f, 0x8b] {
                return Err(zlib_data_error("incorrect header check"));
            }
            flate2::read::MultiGzDecoder::new(data).read_to_end(&mut out).map_err(zlib_error)?;
        }
        ("deflate", false) => {
            if data.len() >= 2 && (u16::from(data[0]) << 8 | u16::from(data[1])) % 31 != 0 {
                return Err(zlib_data_error("incorrect header check"));
            }
            flate2::read::ZlibDecoder::new(data).read_to_end(&mut out).map_err(zlib_error)?;
        }
        ("deflate-raw", false) => {
            flate2::read::DeflateDecoder::new(data).read_to_end(&mut out).map_err(zlib_error)?;
        }
        ("unzip", false) => {
            let gzip = data.len() >= 2 && data[..2] == [0x1f, 0x8b];
            let format = if gzip { "gzip" } else { "deflate" };
            return zlib(format, false, data, level);
        }
        ("brotli", false) => {
            brotli::Decompressor::new(data, 4096)
                .read_to_end(&mut out)
                .map_err(|_| zlib_data_error("Compression failed"))?;
        }
        _ => return Err(JsErrorBox::type_error(format!("unknown zlib format {format}"))),
    }
    Ok(out)
}

/// What zlib says about input that stopped decoding: cut short, or corrupt.
fn zlib_error(error: std::io::Error) -> JsErrorBox {
    match error.kind() {
        std::io::ErrorKind::UnexpectedEof => zlib_data_error("unexpected end of file"),
        _ => zlib_data_error("invalid block type"),
    }
}
