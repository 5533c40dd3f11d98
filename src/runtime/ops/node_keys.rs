//! `node:crypto`'s asymmetric keys (runtime_js/node/src/crypto.js): reading PEM
//! and DER keys, signing and verifying, and making key pairs, for RSA
//! (PKCS#1 v1.5 and PSS), ECDSA on P-256 and P-384, and Ed25519, on the RustCrypto
//! crates deno_crypto already links. Keys cross to JS as DER: PKCS#8 for a
//! private key, SPKI for a public one; JS keeps them in its KeyObjects.

use deno_core::{ToJsBuffer, op2};
use deno_error::JsErrorBox;
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use rsa::traits::PublicKeyParts;
use serde::Serialize;

/// What `createPrivateKey`/`createPublicKey` learn from a key.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyInfo {
    /// "rsa", "ec" or "ed25519" (Node.js's `asymmetricKeyType`).
    kind: &'static str,
    /// PKCS#8 of a private key; None for a public one.
    private_der: Option<ToJsBuffer>,
    /// SPKI of the key's public half.
    public_der: ToJsBuffer,
    modulus_length: Option<usize>,
    public_exponent: Option<u64>,
    named_curve: Option<&'static str>,
}

/// A private key of one of the kinds this module knows.
enum Private {
    Rsa(Box<rsa::RsaPrivateKey>),
    P256(p256::SecretKey),
    P384(p384::SecretKey),
    Ed25519(ed25519_dalek::SigningKey),
}

/// A public key of one of the kinds this module knows.
enum Public {
    Rsa(rsa::RsaPublicKey),
    P256(p256::PublicKey),
    P384(p384::PublicKey),
    Ed25519(ed25519_dalek::VerifyingKey),
}

fn invalid(what: &str) -> JsErrorBox {
    JsErrorBox::type_error(format!("Failed to read {what} key"))
}

/// DER and its PEM label ("" for DER given as such).
fn der_of(data: &[u8], format: &str) -> Result<(String, Vec<u8>), JsErrorBox> {
    if format == "der" {
        return Ok((String::new(), data.to_vec()));
    }
    let text = std::str::from_utf8(data).map_err(|_| invalid("asymmetric"))?;
    let begin = text.find("-----BEGIN").ok_or_else(|| invalid("asymmetric"))?;
    let (label, der) =
        pem_rfc7468::decode_vec(text[begin..].trim_end().as_bytes()).map_err(|_| invalid("asymmetric"))?;
    Ok((label.to_string(), der))
}

fn private_from_der(label: &str, der: &[u8], der_type: &str) -> Option<Private> {
    let pkcs8 = label == "PRIVATE KEY" || (label.is_empty() && der_type == "pkcs8");
    let pkcs1 = label == "RSA PRIVATE KEY" || (label.is_empty() && der_type == "pkcs1");
    let sec1 = label == "EC PRIVATE KEY" || (label.is_empty() && der_type == "sec1");
    if pkcs8 {
        if let Ok(key) = rsa::RsaPrivateKey::from_pkcs8_der(der) {
            return Some(Private::Rsa(Box::new(key)));
        }
        if let Ok(key) = p256::SecretKey::from_pkcs8_der(der) {
            return Some(Private::P256(key));
        }
        if let Ok(key) = p384::SecretKey::from_pkcs8_der(der) {
            return Some(Private::P384(key));
        }
        if let Ok(key) = ed25519_dalek::SigningKey::from_pkcs8_der(der) {
            return Some(Private::Ed25519(key));
        }
    }
    if pkcs1 {
        use rsa::pkcs1::DecodeRsaPrivateKey;
        return rsa::RsaPrivateKey::from_pkcs1_der(der).ok().map(|key| Private::Rsa(Box::new(key)));
    }
    if sec1 {
        if let Ok(key) = p256::SecretKey::from_sec1_der(der) {
            return Some(Private::P256(key));
        }
        return p384::SecretKey::from_sec1_der(der).ok().map(Private::P384);
    }
    None
}

fn public_from_der(label: &str, der: &[u8], der_type: &str) -> Option<Public> {
    let spki = label == "PUBLIC KEY" || (label.is_empty() && der_type == "spki");
    let pkcs1 = label == "RSA PUBLIC KEY" || (label.is_empty() && der_type == "pkcs1");
    if spki {
        if let Ok(key) = rsa::RsaPublicKey::from_public_key_der(der) {
            return Some(Public::Rsa(key));
        }
        if let Ok(key) = p256::PublicKey::from_public_key_der(der) {
            return Some(Public::P256(key));
        }
        if let Ok(key) = p384::PublicKey::from_public_key_der(der) {
            return Some(Public::P384(key));
        }
        return ed25519_dalek::VerifyingKey::from_public_key_der(der).ok().map(Public::Ed25519);
    }
    if pkcs1 {
        use rsa::pkcs1::DecodeRsaPublicKey;
        return rsa::RsaPublicKey::from_pkcs1_der(der).ok().map(Public::Rsa);
    }
    None
}

impl Private {
    fn public(&self) -> Public {
        match self {
            Private::Rsa(key) => Public::Rsa(key.to_public_key()),
            Private::P256(key) => Public::P256(key.public_key()),
            Private::P384(key) => Public::P384(key.public_key()),
            Private::Ed25519(key) => Public::Ed25519(key.verifying_key()),
        }
    }

    fn pkcs8(&self) -> Result<Vec<u8>, JsErrorBox> {
        let der = match self {
            Private::Rsa(key) => key.to_pkcs8_der(),
            Private::P256(key) => key.to_pkcs8_der(),
            Private::P384(key) => key.to_pkcs8_der(),
            Private::Ed25519(key) => key.to_pkcs8_der(),
        };
        Ok(der.map_err(|err| JsErrorBox::generic(err.to_string()))?.as_bytes().to_vec())
    }
}

impl Public {
    fn spki(&self) -> Result<Vec<u8>, JsErrorBox> {
        let der = match self {
            Public::Rsa(key) => key.to_public_key_der(),
            Public::P256(key) => key.to_public_key_der(),
            Public::P384(key) => key.to_public_key_der(),
            Public::Ed25519(key) => key.to_public_key_der(),
        };
        Ok(der.map_err(|err| JsErrorBox::generic(err.to_string()))?.as_bytes().to_vec())
    }

    fn info(&self, private_der: Option<Vec<u8>>) -> Result<KeyInfo, JsErrorBox> {
        let (kind, modulus_length, public_exponent, named_curve) = match self {
            Public::Rsa(key) => {
                let exponent = key.e().to_bytes_be().iter().fold(0u64, |acc, byte| acc << 8 | u64::from(*byte));
                ("rsa", Some(key.n().bits()), Some(exponent), None)
            }
            Public::P256(_) => ("ec", None, None, Some("prime256v1")),
            Public::P384(_) => ("ec", None, None, Some("secp384r1")),
            Public::Ed25519(_) => ("ed25519", None, None, None),
        };
        Ok(KeyInfo {
            kind,
            private_der: private_der.map(Into::into),
            public_der: self.spki()?.into(),
            modulus_length,
            public_exponent,
            named_curve,
        })
    }
}

/// Reads a key: PEM or DER (`der_type` spki, pkcs8, pkcs1 or sec1 for DER).
/// `private`: createPrivateKey; otherwise createPublicKey, which also takes a
/// private key and keeps its public half.
#[op2]
#[serde]
pub fn op_worky_node_key_import(
    #[buffer] data: &[u8],
    #[string] format: String,
    #[string] der_type: String,
    private: bool,
) -> Result<KeyInfo, JsErrorBox> {
    let what = if private { "private" } else { "public" };
    let (label, der) = der_of(data, &format).map_err(|_| invalid(what))?;
    if let Some(key) = private_from_der(&label, &der, &der_type) {
        let pkcs8 = private.then(|| key.pkcs8()).transpose()?;
        return key.public().info(pkcs8);
    }
    if private {
        return Err(invalid(what));
    }
    public_from_der(&label, &der, &der_type).ok_or_else(|| invalid(what))?.info(None)
}

/// The digest of `data` with `algorithm` (Node.js's names, also "RSA-SHA256"),
/// and the digest's name as `RsaScheme` takes it.
fn hashed(algorithm: &str, data: &[u8]) -> Result<(String, Vec<u8>), JsErrorBox> {
    let name = algorithm.to_ascii_lowercase();
    let name = name.strip_prefix("rsa-").unwrap_or(&name).replace("sha-", "sha");
    let signing = matches!(name.as_str(), "sha1" | "sha224" | "sha256" | "sha384" | "sha512");
    let mut hash = super::node::hasher(&name)
        .filter(|_| signing)
        .ok_or_else(|| JsErrorBox::type_error(format!("Invalid digest: {algorithm}")))?;
    hash.update(data);
    Ok((name, hash.finalize().to_vec()))
}

/// RSA's two signature paddings; rsa's own trait for them cannot be boxed.
enum RsaScheme {
    Pkcs1(rsa::Pkcs1v15Sign),
    Pss(rsa::Pss),
}

impl RsaScheme {
    /// PKCS#1 v1.5, or PSS with `salt` bytes (None: the digest's length).
    fn new(digest: &str, pss: bool, salt: Option<usize>) -> Result<RsaScheme, JsErrorBox> {
        macro_rules! scheme {
            ($d:ty) => {
                if !pss {
                    RsaScheme::Pkcs1(rsa::Pkcs1v15Sign::new::<$d>())
                } else if let Some(salt) = salt {
                    RsaScheme::Pss(rsa::Pss::new_with_salt::<$d>(salt))
                } else {
                    RsaScheme::Pss(rsa::Pss::new::<$d>())
                }
            };
        }
        Ok(match digest {
            "sha1" => scheme!(sha1::Sha1),
            "sha224" => scheme!(sha2::Sha224),
            "sha256" => scheme!(sha2::Sha256),
            "sha384" => scheme!(sha2::Sha384),
            "sha512" => scheme!(sha2::Sha512),
            _ => return Err(JsErrorBox::type_error(format!("Invalid digest: {digest}"))),
        })
    }

    fn sign(self, key: &rsa::RsaPrivateKey, hash: &[u8]) -> Result<Vec<u8>, JsErrorBox> {
        match self {
            RsaScheme::Pkcs1(scheme) => key.sign(scheme, hash),
            RsaScheme::Pss(scheme) => key.sign_with_rng(&mut rand::rngs::OsRng, scheme, hash),
        }
        .map_err(signing_error)
    }

    fn verify(self, key: &rsa::RsaPublicKey, hash: &[u8], signature: &[u8]) -> bool {
        match self {
            RsaScheme::Pkcs1(scheme) => key.verify(scheme, hash, signature).is_ok(),
            RsaScheme::Pss(scheme) => key.verify(scheme, hash, signature).is_ok(),
        }
    }
}

fn signing_error(err: impl std::fmt::Display) -> JsErrorBox {
    JsErrorBox::generic(err.to_string())
}

/// Signs `data` with a PKCS#8 private key. `algorithm` is the digest ("" for
/// Ed25519); `pss` and `salt_length` (-1: the digest's length) pick RSA-PSS;
/// `p1363` gives ECDSA's r||s instead of DER.
#[op2]
#[buffer]
pub fn op_worky_node_sign(
    #[string] algorithm: String,
    #[buffer] pkcs8: &[u8],
    #[buffer] data: &[u8],
    pss: bool,
    salt_length: i32,
    p1363: bool,
) -> Result<Vec<u8>, JsErrorBox> {
    use p256::ecdsa::signature::hazmat::PrehashSigner;
    let key = private_from_der("PRIVATE KEY", pkcs8, "pkcs8").ok_or_else(|| invalid("private"))?;
    match key {
        Private::Rsa(key) => {
            let (digest, hash) = hashed(&algorithm, data)?;
            let salt = usize::try_from(salt_length).ok();
            RsaScheme::new(&digest, pss, salt)?.sign(&key, &hash)
        }
        Private::P256(key) => {
            let (_, hash) = hashed(&algorithm, data)?;
            let signature: p256::ecdsa::Signature =
                p256::ecdsa::SigningKey::from(key).sign_prehash(&hash).map_err(signing_error)?;
            Ok(if p1363 { signature.to_bytes().to_vec() } else { signature.to_der().as_bytes().to_vec() })
        }
        Private::P384(key) => {
            let (_, hash) = hashed(&algorithm, data)?;
            let signature: p384::ecdsa::Signature =
                p384::ecdsa::SigningKey::from(key).sign_prehash(&hash).map_err(signing_error)?;
            Ok(if p1363 { signature.to_bytes().to_vec() } else { signature.to_der().as_bytes().to_vec() })
        }
        Private::Ed25519(key) => {
            use ed25519_dalek::Signer;
            Ok(key.sign(data).to_bytes().to_vec())
        }
    }
}

/// Whether `signature` is `data`'s under an SPKI public key (see op_worky_node_sign).
#[op2(fast)]
#[allow(clippy::too_many_arguments)]
pub fn op_worky_node_verify(
    #[string] algorithm: String,
    #[buffer] spki: &[u8],
    #[buffer] data: &[u8],
    #[buffer] signature: &[u8],
    pss: bool,
    salt_length: i32,
    p1363: bool,
) -> Result<bool, JsErrorBox> {
    use p256::ecdsa::signature::hazmat::PrehashVerifier;
    let key = public_from_der("PUBLIC KEY", spki, "spki").ok_or_else(|| invalid("public"))?;
    Ok(match key {
        Public::Rsa(key) => {
            let (digest, hash) = hashed(&algorithm, data)?;
            let salt = usize::try_from(salt_length).ok();
            RsaScheme::new(&digest, pss, salt)?.verify(&key, &hash, signature)
        }
        Public::P256(key) => {
            let (_, hash) = hashed(&algorithm, data)?;
            let parsed = if p1363 {
                p256::ecdsa::Signature::from_slice(signature)
            } else {
                p256::ecdsa::Signature::from_der(signature)
            };
            parsed.is_ok_and(|s| p256::ecdsa::VerifyingKey::from(key).verify_prehash(&hash, &s).is_ok())
        }
        Public::P384(key) => {
            let (_, hash) = hashed(&algorithm, data)?;
            let parsed = if p1363 {
                p384::ecdsa::Signature::from_slice(signature)
            } else {
                p384::ecdsa::Signature::from_der(signature)
            };
            parsed.is_ok_and(|s| p384::ecdsa::VerifyingKey::from(key).verify_prehash(&hash, &s).is_ok())
        }
        Public::Ed25519(key) => ed25519_dalek::Signature::from_slice(signature)
            .is_ok_and(|s| ed25519_dalek::Verifier::verify(&key, data, &s).is_ok()),
    })
}

/// A new key pair: "rsa" (`modulus_length` bits, exponent 65537), "ec"
/// (`curve` prime256v1/P-256 or secp384r1/P-384) or "ed25519".
#[op2]
#[serde]
pub fn op_worky_node_generate_key_pair(
    #[string] kind: String,
    modulus_length: u32,
    #[string] curve: String,
) -> Result<KeyInfo, JsErrorBox> {
    let mut rng = rand::rngs::OsRng;
    let key = match (kind.as_str(), curve.as_str()) {
        ("rsa", _) => {
            Private::Rsa(Box::new(rsa::RsaPrivateKey::new(&mut rng, modulus_length as usize).map_err(signing_error)?))
        }
        ("ec", "prime256v1" | "P-256") => Private::P256(p256::SecretKey::random(&mut rng)),
        ("ec", "secp384r1" | "P-384") => Private::P384(p384::SecretKey::random(&mut rng)),
        ("ec", _) => return Err(JsErrorBox::type_error(format!("Invalid EC curve name: {curve}"))),
        ("ed25519", _) => Private::Ed25519(ed25519_dalek::SigningKey::generate(&mut rng)),
        _ => {
            return Err(JsErrorBox::type_error(format!(
                "The argument 'type' must be a supported key type. Received '{kind}'"
            )));
        }
    };
    let pkcs8 = key.pkcs8()?;
    key.public().info(Some(pkcs8))
}

/// An RSA key's PKCS#1 DER (`private`: of the PKCS#8 private key; else of the
/// SPKI public key), for `export({ type: "pkcs1" })`.
#[op2]
#[buffer]
pub fn op_worky_node_key_pkcs1(#[buffer] der: &[u8], private: bool) -> Result<Vec<u8>, JsErrorBox> {
    use rsa::pkcs1::{EncodeRsaPrivateKey, EncodeRsaPublicKey};
    let not_rsa = || JsErrorBox::type_error("The pkcs1 type is only for RSA keys");
    if private {
        let Some(Private::Rsa(key)) = private_from_der("PRIVATE KEY", der, "pkcs8") else { return Err(not_rsa()) };
        Ok(key.to_pkcs1_der().map_err(signing_error)?.as_bytes().to_vec())
    } else {
        let Some(Public::Rsa(key)) = public_from_der("PUBLIC KEY", der, "spki") else { return Err(not_rsa()) };
        Ok(key.to_pkcs1_der().map_err(signing_error)?.as_bytes().to_vec())
    }
}

// --- ECDH (createECDH) ---------------------------------------------------------
// Keys as SEC1 bytes: a private key is the scalar, a public key a point
// (uncompressed, or compressed where asked). 09_node.js's crypto glue turns the
// errors into workerd's words.

use p256::elliptic_curve::sec1::{FromEncodedPoint, ModulusSize, ToEncodedPoint};
use p256::elliptic_curve::{AffinePoint, CurveArithmetic, FieldBytesSize, PublicKey, SecretKey};

/// `f::<Curve>(...)` for the curve Node.js names (createECDH's curves).
macro_rules! on_curve {
    ($curve:expr, $f:ident ( $($arg:expr),* )) => {
        match $curve {
            "prime256v1" => $f::<p256::NistP256>($($arg),*),
            "secp384r1" => $f::<p384::NistP384>($($arg),*),
            other => Err(JsErrorBox::type_error(format!("Invalid curve: {other}"))),
        }
    };
}

fn ecdh_public<C>(private: &[u8], compressed: bool) -> Result<Vec<u8>, JsErrorBox>
where
    C: CurveArithmetic,
    AffinePoint<C>: FromEncodedPoint<C> + ToEncodedPoint<C>,
    FieldBytesSize<C>: ModulusSize,
{
    let secret = SecretKey::<C>::from_slice(private).map_err(|_| JsErrorBox::generic("invalid private key"))?;
    Ok(secret.public_key().to_encoded_point(compressed).as_bytes().to_vec())
}

fn ecdh_generate<C>() -> Result<Vec<u8>, JsErrorBox>
where
    C: CurveArithmetic,
{
    Ok(SecretKey::<C>::random(&mut rand::rngs::OsRng).to_bytes().to_vec())
}

fn ecdh_secret<C>(private: &[u8], public: &[u8]) -> Result<Vec<u8>, JsErrorBox>
where
    C: CurveArithmetic,
    AffinePoint<C>: FromEncodedPoint<C> + ToEncodedPoint<C>,
    FieldBytesSize<C>: ModulusSize,
{
    let secret = SecretKey::<C>::from_slice(private).map_err(|_| JsErrorBox::generic("invalid private key"))?;
    let public = PublicKey::<C>::from_sec1_bytes(public).map_err(|_| JsErrorBox::generic("invalid public key"))?;
    let shared = p256::elliptic_curve::ecdh::diffie_hellman(secret.to_nonzero_scalar(), public.as_affine());
    Ok(shared.raw_secret_bytes().to_vec())
}

fn ecdh_convert<C>(public: &[u8], compressed: bool) -> Result<Vec<u8>, JsErrorBox>
where
    C: CurveArithmetic,
    AffinePoint<C>: FromEncodedPoint<C> + ToEncodedPoint<C>,
    FieldBytesSize<C>: ModulusSize,
{
    let public = PublicKey::<C>::from_sec1_bytes(public).map_err(|_| JsErrorBox::generic("invalid public key"))?;
    Ok(public.to_encoded_point(compressed).as_bytes().to_vec())
}

/// The public key of `private` on `curve`.
#[op2]
#[buffer]
pub fn op_worky_node_ecdh_public(
    #[string] curve: &str,
    #[buffer] private: &[u8],
    compressed: bool,
) -> Result<Vec<u8>, JsErrorBox> {
    on_curve!(curve, ecdh_public(private, compressed))
}

/// A new private key on `curve`.
#[op2]
#[buffer]
pub fn op_worky_node_ecdh_generate(#[string] curve: &str) -> Result<Vec<u8>, JsErrorBox> {
    on_curve!(curve, ecdh_generate())
}

/// The shared secret (the point's x coordinate) of `private` and `public`.
#[op2]
#[buffer]
pub fn op_worky_node_ecdh_secret(
    #[string] curve: &str,
    #[buffer] private: &[u8],
    #[buffer] public: &[u8],
) -> Result<Vec<u8>, JsErrorBox> {
    on_curve!(curve, ecdh_secret(private, public))
}

/// `public` (any SEC1 form) written compressed or uncompressed.
#[op2]
#[buffer]
pub fn op_worky_node_ecdh_convert(
    #[string] curve: &str,
    #[buffer] public: &[u8],
    compressed: bool,
) -> Result<Vec<u8>, JsErrorBox> {
    on_curve!(curve, ecdh_convert(public, compressed))
}
