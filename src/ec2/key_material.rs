//! Simulated key material in the formats AWS hands out: a PKCS#1 RSA private
//! key or an OpenSSH ed25519 key (or PuTTY's .ppk), the OpenSSH public key
//! line, and the fingerprint. The bytes are random, not a usable key; the
//! sandbox only ever compares them.

use crate::kernel::{hash, SeededRng};
use base64::{engine::general_purpose::STANDARD, Engine};

/// A freshly generated key pair.
pub struct GeneratedKey {
    /// What CreateKeyPair returns as `KeyMaterial`.
    pub private_key: String,
    /// `ssh-rsa AAAAB3NzaC1yc2E... name`, as `--include-public-key` shows.
    pub public_key: String,
    /// What AWS shows as `KeyFingerprint`.
    pub fingerprint: String,
}

/// Length of a 2048-bit PKCS#1 private key in DER.
const RSA_DER_LENGTH: usize = 1190;
/// Start of that DER: SEQUENCE of 1186 bytes, version 0, then the modulus
/// as a 257-byte INTEGER (so base64 bodies start `MIIEogIBAAKCAQEA`).
const RSA_DER_HEADER: [u8; 12] = [
    0x30, 0x82, 0x04, 0xa2, 0x02, 0x01, 0x00, 0x02, 0x82, 0x01, 0x01, 0x00,
];

/// An SSH wire-format string: a 4-byte big-endian length, then the bytes.
fn ssh_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&u32::try_from(bytes.len()).unwrap_or(0).to_be_bytes());
    out.extend_from_slice(bytes);
}

/// Colon-separated lowercase hex, as AWS prints SHA-1 and MD5 fingerprints.
pub fn colon_hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

fn wrap_lines(text: &str, width: usize) -> String {
    text.as_bytes()
        .chunks(width)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Generates a key of `key_type` (`rsa` or `ed25519`) in `format` (`pem` or
/// `ppk`), named `name` in the public key's comment.
pub fn generate(rng: &mut SeededRng, key_type: &str, format: &str, name: &str) -> GeneratedKey {
    let rsa = key_type == "rsa";
    let (algorithm, private_der, public_blob) = if rsa {
        let mut der = RSA_DER_HEADER.to_vec();
        der.extend(rng.bytes(RSA_DER_LENGTH - RSA_DER_HEADER.len()));
        let modulus = &der[RSA_DER_HEADER.len() - 1..RSA_DER_HEADER.len() + 256];
        let mut blob = Vec::new();
        ssh_string(&mut blob, b"ssh-rsa");
        ssh_string(&mut blob, &[0x01, 0x00, 0x01]);
        ssh_string(&mut blob, modulus);
        ("ssh-rsa", der, blob)
    } else {
        let public = rng.bytes(32);
        let mut blob = Vec::new();
        ssh_string(&mut blob, b"ssh-ed25519");
        ssh_string(&mut blob, &public);
        let mut key = b"openssh-key-v1\0".to_vec();
        key.extend(rng.bytes(220));
        ("ssh-ed25519", key, blob)
    };
    // AWS fingerprints EC2-made RSA keys with SHA-1 of the private key and
    // ed25519 keys with SHA-256 (base64); a stable digest stands in for both.
    let fingerprint = if rsa {
        colon_hex(&hash::digest(&private_der, 20))
    } else {
        STANDARD.encode(hash::digest(&public_blob, 32))
    };
    let body = wrap_lines(&STANDARD.encode(&private_der), if rsa { 64 } else { 70 });
    let public_base64 = STANDARD.encode(&public_blob);
    let private_key = match (format, rsa) {
        ("ppk", _) => {
            let public_lines = wrap_lines(&public_base64, 64);
            format!(
                "PuTTY-User-Key-File-2: {algorithm}\nEncryption: none\nComment: {name}\nPublic-Lines: {}\n{public_lines}\nPrivate-Lines: {}\n{body}\nPrivate-MAC: {}",
                public_lines.lines().count(),
                body.lines().count(),
                colon_hex(&hash::digest(&private_der, 20)).replace(':', "")
            )
        }
        (_, true) => {
            format!("-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----")
        }
        (_, false) => format!(
            "-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----"
        ),
    };
    GeneratedKey {
        private_key,
        public_key: format!("{algorithm} {public_base64} {name}"),
        fingerprint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_look_like_the_real_formats() {
        let mut rng = SeededRng::new(3);
        let rsa = generate(&mut rng, "rsa", "pem", "my-key");
        assert!(rsa
            .private_key
            .starts_with("-----BEGIN RSA PRIVATE KEY-----\nMIIEogIBAAKCAQEA"));
        assert!(rsa
            .public_key
            .starts_with("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ"));
        assert!(rsa.public_key.ends_with(" my-key"));
        assert_eq!(rsa.fingerprint.len(), 59);
        let ed = generate(&mut rng, "ed25519", "pem", "k");
        assert!(ed
            .private_key
            .starts_with("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA"));
        assert!(ed
            .public_key
            .starts_with("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI"));
        assert_eq!(ed.fingerprint.len(), 44);
        let ppk = generate(&mut rng, "rsa", "ppk", "k");
        assert!(ppk
            .private_key
            .starts_with("PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: k\n"));
    }
}
