//! Lists the DynamoDB tables of the account, with the generated `dynamodb`
//! crate. Region and credentials come from the environment and the shared
//! AWS config files.

use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let config = match dynamodb::Config::from_env().await {
        Ok(config) => config,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let client = dynamodb::Client::new(&config);
    match client.list_tables().send().await {
        Ok(output) => {
            println!("{:?}", output.table_names());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
