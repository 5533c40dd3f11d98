//! Durable Object ids, made as workerd makes them, so an id is the same for the
//! same name on every host (and equals workerd's for the same namespace key).
//!
//! A namespace's key is the SHA-256 of its unique key (`{worker}-{class}`, as
//! miniflare names it). An id is 32 bytes, written as 64 hex digits: 16 bytes of
//! HMAC-SHA256(key, name) (or random ones for `newUniqueId`), then the first 16
//! bytes of HMAC-SHA256(key, those 16): an id of another namespace does not check.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

const HALF: usize = 16;

/// One class's id space.
pub struct Namespace {
    key: [u8; 32],
}

/// Why a string is not an id of this namespace (workerd's TypeError texts).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("Invalid Durable Object ID: must be 64 hex digits")]
    Malformed,
    #[error("Durable Object ID is not valid for this namespace.")]
    OtherNamespace,
}

impl Namespace {
    pub fn new(worker: &str, class: &str) -> Namespace {
        Namespace { key: Sha256::digest(format!("{worker}-{class}").as_bytes()).into() }
    }

    /// The id `name` always has in this namespace.
    pub fn id_from_name(&self, name: &str) -> String {
        let base = self.hmac(name.as_bytes());
        self.finish(&base[..HALF])
    }

    /// A new, random id.
    pub fn unique_id(&self) -> String {
        let mut base = [0u8; HALF];
        getrandom::fill(&mut base).expect("the system's random source");
        self.finish(&base)
    }

    /// `id` in its canonical (lower-case) form, if it is one of this namespace's.
    pub fn check(&self, id: &str) -> Result<String, IdError> {
        let bytes = hex::decode(id).map_err(|_| IdError::Malformed)?;
        if bytes.len() != 2 * HALF {
            return Err(IdError::Malformed);
        }
        let canonical = self.finish(&bytes[..HALF]);
        if canonical != hex::encode(&bytes) {
            return Err(IdError::OtherNamespace);
        }
        Ok(canonical)
    }

    fn finish(&self, base: &[u8]) -> String {
        let mac = self.hmac(base);
        let mut id = base.to_vec();
        id.extend_from_slice(&mac[..HALF]);
        hex::encode(id)
    }

    fn hmac(&self, data: &[u8]) -> [u8; 32] {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(data);
        mac.finalize().into_bytes().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What workerd answered for `idFromName("lobby")` with uniqueKey "main-ChatRoom"
    /// (tests/workerd/durable_objects.expected.json).
    const WORKERD_LOBBY: &str = "6f987c23786d4cde25fbac7d9526cf805da687a00f7aa41ddc971eb855c6232b";

    #[test]
    fn ids_from_names_are_workerds() {
        let rooms = Namespace::new("main", "ChatRoom");
        assert_eq!(rooms.id_from_name("lobby"), WORKERD_LOBBY);
        assert_eq!(rooms.check(WORKERD_LOBBY).unwrap(), WORKERD_LOBBY);
        assert_eq!(rooms.check(&WORKERD_LOBBY.to_uppercase()).unwrap(), WORKERD_LOBBY);
        assert_ne!(Namespace::new("other", "ChatRoom").id_from_name("lobby"), WORKERD_LOBBY);
    }

    #[test]
    fn unique_ids_check_and_strangers_do_not() {
        let rooms = Namespace::new("main", "ChatRoom");
        let unique = rooms.unique_id();
        assert_eq!(unique.len(), 64);
        assert_eq!(rooms.check(&unique).unwrap(), unique);
        assert_ne!(rooms.unique_id(), unique);
        assert_eq!(Namespace::new("main", "Other").check(&unique), Err(IdError::OtherNamespace));
        assert_eq!(rooms.check(&"0".repeat(64)), Err(IdError::OtherNamespace));
        assert_eq!(rooms.check("abc"), Err(IdError::Malformed));
        assert_eq!(rooms.check(&"z".repeat(64)), Err(IdError::Malformed));
        assert_eq!(rooms.check(&"0".repeat(66)), Err(IdError::Malformed));
    }
}
