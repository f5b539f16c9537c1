//! Tests of the request pipeline: transports, retries, timeouts and the
//! orchestrator. No network: servers run on 127.0.0.1 inside the tests.

mod hyper_transport;
mod orchestrator;
mod replay;
mod server;
