//! Lists the DynamoDB tables of the account, with `aws-sdk-dynamodb` and
//! `aws-config`. Region and credentials come from the environment and the
//! shared AWS config files.

use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let client = aws_sdk_dynamodb::Client::new(&config);
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
