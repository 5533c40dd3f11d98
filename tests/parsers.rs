//! Property tests of the parsers that read what others wrote: packages (from a
//! registry or a publisher), serve.toml and worky.toml (from an operator or a
//! cloned project), .dev.vars. Whatever the input, they return a value or an
//! error; they never panic, and a damaged package never verifies as different
//! content.

use proptest::prelude::*;
use std::path::Path;
use worky::bundle::{Bundle, Metadata};
use worky::deploy::package::{self, SigningKey};

fn signed_package(key: &SigningKey) -> (Vec<u8>, Bundle) {
    let metadata =
        Metadata { version: Some("1.0.0".into()), ..Metadata::new("app", worky::runtime::Limits::default().into()) };
    let bundle =
        Bundle::new(metadata, "export default { fetch: () => new Response('x') };\n".into(), "{}".into(), vec![]);
    (package::pack(&bundle, key, None).unwrap(), bundle)
}

/// A tar.zst of the given raw entries, names and types as a hostile tool would write them.
fn archive(entries: &[(String, u8, Vec<u8>, u64)]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (name, kind, bytes, claimed) in entries {
        let mut header = tar::Header::new_gnu();
        header.set_size(*claimed);
        header.set_entry_type(tar::EntryType::new(*kind));
        header.set_mode(0o644);
        let raw = &mut header.as_old_mut().name;
        let len = name.len().min(raw.len() - 1);
        raw[..len].copy_from_slice(&name.as_bytes()[..len]);
        header.set_cksum();
        let mut data = bytes.clone();
        data.resize(*claimed as usize, 0);
        let _ = builder.append(&header, data.as_slice());
    }
    zstd::encode_all(builder.into_inner().unwrap().as_slice(), 1).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn unpack_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = package::unpack(&bytes, &[SigningKey::generate().public_key()]);
    }

    #[test]
    fn a_damaged_package_never_verifies_as_other_content(at in any::<prop::sample::Index>(), flip in 1u8..=255) {
        let key = SigningKey::generate();
        let (mut bytes, bundle) = signed_package(&key);
        let i = at.index(bytes.len());
        bytes[i] ^= flip;
        if let Ok(verified) = package::unpack(&bytes, &[key.public_key()]) {
            prop_assert_eq!(verified.bundle.code.as_ref(), bundle.code.as_ref());
            prop_assert_eq!(verified.bundle.manifest, bundle.manifest);
        }
    }

    #[test]
    fn unpack_never_panics_on_hostile_archives(
        entries in proptest::collection::vec(
            (
                prop_oneof![
                    Just("manifest.json".to_string()), Just("worker.js".to_string()),
                    Just("worker.js.map".to_string()), Just("signature.json".to_string()),
                    "[a-z./]{0,20}".prop_map(String::from),
                ],
                prop_oneof![Just(b'0'), Just(b'2'), Just(b'5'), any::<u8>()],
                proptest::collection::vec(any::<u8>(), 0..256),
                0u64..2048,
            ),
            0..6,
        )
    ) {
        let bytes = archive(&entries);
        let trusted = [SigningKey::generate().public_key()];
        let _ = package::unpack(&bytes, &trusted);
        let _ = package::unpack_from(bytes.as_slice(), &trusted, package::Layout::SignedFirst);
    }

    #[test]
    fn serve_toml_errors_never_panic(text in "[\\[\\]a-z_=\"0-9./:\\n ]{0,300}") {
        if let Err(err) = worky::config::serve::ServeConfig::parse(&text, Path::new("/srv/serve.toml")) {
            prop_assert!(err.to_string().contains("serve.toml"), "{}", err);
        }
    }

    #[test]
    fn serve_toml_values_never_panic(
        listen in ".{0,30}",
        prefix in ".{0,20}",
        version in ".{0,12}",
        entry in ".{0,30}",
        memory in any::<u64>(),
        timeout in any::<u64>(),
    ) {
        let text = format!(
            "listen = {listen:?}\npackages_dir = \"p\"\ntrusted_keys = []\n[host]\nmemory_mb = {}\n[http]\nheader_timeout_s = {}\n\
             [egress]\ndeny = [{entry:?}]\nallow_internal = [{entry:?}]\n\
             [[deployments]]\nname = {entry:?}\nversion = {version:?}\npath_prefix = {prefix:?}\n[deployments.limits]\nmemory_mb = {}\n",
            memory % (i64::MAX as u64), timeout % (i64::MAX as u64), memory % (i64::MAX as u64),
        );
        let _ = worky::config::serve::ServeConfig::parse(&text, Path::new("/srv/serve.toml"));
    }

    #[test]
    fn worky_toml_never_panics(text in "[\\[\\]a-z_=\"0-9./:*\\n ]{0,300}", cpu in any::<u64>(), cron in ".{0,30}") {
        let path = Path::new("/p/worky.toml");
        let _ = worky::config::project::Config::parse(&text, path);
        let structured = format!(
            "name = \"a\"\n[limits]\ncpu_ms = {}\n[triggers]\ncrons = [{cron:?}]\n[vars]\nX = 1\n",
            cpu % (i64::MAX as u64)
        );
        let _ = worky::config::project::Config::parse(&structured, path);
    }

    #[test]
    fn dev_vars_never_panic(text in "(.|\\n){0,400}") {
        let _ = worky::config::dotenv::parse(&text);
    }

    #[test]
    fn dev_vars_read_back_what_was_written(
        pairs in proptest::collection::vec(("[A-Z_][A-Z0-9_]{0,10}", "[a-zA-Z0-9 ._/:@-]{0,30}"), 1..8)
    ) {
        let text: String = pairs.iter().map(|(k, v)| format!("{k}='{v}'\n")).collect();
        let parsed = worky::config::dotenv::parse(&text).unwrap();
        prop_assert_eq!(parsed.len(), pairs.len());
        for ((key, value), (k, v)) in parsed.iter().zip(&pairs) {
            prop_assert_eq!(key, k);
            prop_assert_eq!(value, v);
        }
    }
}
