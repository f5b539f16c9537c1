//! Cancels the deployment of the component named on the command line, with
//! the generated `proton` crate. Region and credentials come from the
//! environment and the shared AWS config files.

#![allow(deprecated)] // AWS Proton no longer takes new customers.

use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let name = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "my-component".to_owned());
    let config = match proton::Config::from_env().await {
        Ok(config) => config,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let client = proton::Client::new(&config);
    match client
        .cancel_component_deployment()
        .component_name(name)
        .send()
        .await
    {
        Ok(output) => {
            println!("{:?}", output.component().deployment_status());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
