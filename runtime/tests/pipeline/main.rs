//! Tests of the request pipeline: transports, retries, timeouts, the
//! orchestrator and the paginators built on it. No network: servers run on
//! 127.0.0.1 inside the tests.

#[cfg(feature = "http2")]
mod http2;
mod hyper_transport;
mod orchestrator;
mod paginator;
mod replay;
mod server;
