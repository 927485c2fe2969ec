//! archkb's integration tests: one binary, one harness, fixture sites copied into temp
//! folders and built through the library or the real `archkb` binary.

mod harness;

mod bench_browser;
mod browser;
mod build;
mod build_cache;
mod cli;
mod estimate;
mod estimate_browser;
mod facts;
mod hostile;
mod invalid;
mod knowledge_base;
mod languages;
mod module_graph;
mod phone;
mod publish;
mod scenarios;
mod serve;
mod serve_browser;
mod serve_load;
mod views;
