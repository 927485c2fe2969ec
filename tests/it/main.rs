//! archkb's integration tests: one binary, one harness, fixture sites copied into temp
//! folders and built through the library or the real `archkb` binary.

mod harness;

mod browser;
mod build;
mod cli;
mod hostile;
mod invalid;
mod knowledge_base;
mod publish;
mod serve;
mod serve_browser;
mod serve_load;
mod views;
