//! Getting a bundle from a developer to a host: signed packages, the registry
//! that stores them, and the one client that publish, serve and deploy use.

pub mod package;
pub mod registry;
