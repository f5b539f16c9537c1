//! Cancels the deployment of the component named on the command line, with
//! the official AWS SDK for Rust. Region and credentials come from the
//! environment and the shared AWS config files.

#![allow(deprecated)] // AWS Proton no longer takes new customers.

use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let name = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "my-component".to_owned());
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let client = aws_sdk_proton::Client::new(&config);
    match client
        .cancel_component_deployment()
        .component_name(name)
        .send()
        .await
    {
        Ok(output) => {
            let status = output.component().map(|c| c.deployment_status());
            println!("{status:?}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}", aws_sdk_proton::error::DisplayErrorContext(&e));
            ExitCode::FAILURE
        }
    }
}
