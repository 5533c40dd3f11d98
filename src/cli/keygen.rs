//! `worky keygen`: create the ed25519 key that signs packages.

use std::path::PathBuf;

use anyhow::Result;

use crate::deploy::package::{self, SigningKey};
use crate::ui;

#[derive(clap::Args)]
pub struct Args {
    /// Where to write the key [default: ~/.config/worky/publisher-key.json, or WORKY_KEY]
    #[arg(long)]
    key: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<()> {
    let path = args.key.unwrap_or_else(package::default_key_path);
    let key = SigningKey::generate();
    key.save(&path)?;
    ui::status("Created", format!("signing key {}", path.display()));
    eprintln!("  public key: {}", ui::bold(key.public_key()));
    eprintln!("{}", ui::dim("  register it with a registry: worky registry --publisher TOKEN=<public key>"));
    // The public key alone on stdout, for scripts.
    println!("{}", key.public_key());
    Ok(())
}
