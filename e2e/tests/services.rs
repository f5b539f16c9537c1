//! Scenarios against moto with clients generated from the official models
//! of DynamoDB, SQS, Secrets Manager, KMS, CloudWatch Logs and SSM: each
//! through the library and through its command-line tool. Where moto
//! departs from AWS, the test says so and asserts what AWS does.

use e2e::{Moto, run_tool};
use lean_runtime::credentials::Credentials;
use lean_runtime::{Blob, Document};
use std::collections::HashMap;
use std::time::Duration;

/// Static credentials, which moto accepts as any.
fn credentials() -> Credentials {
    Credentials::new("AKIDLEANE2E", "lean-e2e-secret", None, None, "e2e")
}

macro_rules! client {
    ($krate:ident, $moto:expr) => {
        $krate::Client::new(
            &$krate::Config::builder()
                .endpoint_url($moto.endpoint())
                .region("us-east-1")
                .credentials_provider(credentials())
                .build(),
        )
    };
}

/// Runs a tool, expecting success; its standard output.
fn cli(package: &str, moto: &Moto, args: &[&str]) -> String {
    let (code, stdout, stderr) = run_tool(package, moto, args);
    assert_eq!(code, 0, "{package} {args:?}: {stdout}{stderr}");
    stdout
}

/// A tool's JSON output, parsed.
fn parsed(stdout: &str) -> Document {
    let mut reader = lean_runtime::json::JsonReader::new(stdout.trim().as_bytes());
    reader.read_document().expect("the CLI prints JSON")
}

fn at<'a>(doc: &'a Document, path: &[&str]) -> &'a Document {
    path.iter().fold(doc, |doc, key| match doc {
        Document::Object(members) => members
            .get(*key)
            .unwrap_or_else(|| panic!("no {key} in {doc:?}")),
        other => panic!("{key}: not an object: {other:?}"),
    })
}

mod dynamodb {
    use super::*;
    use e2e_dynamodb::types::{
        AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType,
        ScalarAttributeType,
    };

    fn item(pk: &str, sk: u32, note: &str) -> HashMap<String, AttributeValue> {
        HashMap::from([
            ("pk".to_owned(), AttributeValue::S(pk.to_owned())),
            ("sk".to_owned(), AttributeValue::N(sk.to_string())),
            ("note".to_owned(), AttributeValue::S(note.to_owned())),
        ])
    }

    #[tokio::test]
    async fn tables_items_queries_scans_and_conditions() {
        let moto = Moto::start();
        let db = client!(e2e_dynamodb, moto);
        db.create_table()
            .table_name("orders")
            .attribute_definitions(
                AttributeDefinition::builder()
                    .attribute_name("pk")
                    .attribute_type(ScalarAttributeType::S)
                    .build()
                    .unwrap(),
            )
            .attribute_definitions(
                AttributeDefinition::builder()
                    .attribute_name("sk")
                    .attribute_type(ScalarAttributeType::N)
                    .build()
                    .unwrap(),
            )
            .key_schema(
                KeySchemaElement::builder()
                    .attribute_name("pk")
                    .key_type(KeyType::Hash)
                    .build()
                    .unwrap(),
            )
            .key_schema(
                KeySchemaElement::builder()
                    .attribute_name("sk")
                    .key_type(KeyType::Range)
                    .build()
                    .unwrap(),
            )
            .billing_mode(BillingMode::PayPerRequest)
            .send()
            .await
            .unwrap();
        db.wait_until_table_exists()
            .table_name("orders")
            .wait(Duration::from_secs(30))
            .await
            .unwrap();

        for (pk, sk) in [
            ("alice", 1),
            ("alice", 2),
            ("alice", 3),
            ("bob", 1),
            ("carol", 1),
        ] {
            db.put_item()
                .table_name("orders")
                .set_item(Some(item(pk, sk, &format!("{pk}-{sk}"))))
                .send()
                .await
                .unwrap();
        }

        // A condition that fails is the modelled error, not a generic one.
        let err = db
            .put_item()
            .table_name("orders")
            .set_item(Some(item("alice", 1, "again")))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await
            .unwrap_err();
        let service = err.into_service_error();
        assert!(
            service.is_conditional_check_failed_exception(),
            "{service:?}"
        );

        let got = db
            .get_item()
            .table_name("orders")
            .key("pk", AttributeValue::S("alice".into()))
            .key("sk", AttributeValue::N("2".into()))
            .send()
            .await
            .unwrap();
        assert_eq!(
            got.item().and_then(|i| i.get("note")),
            Some(&AttributeValue::S("alice-2".into()))
        );

        let query = db
            .query()
            .table_name("orders")
            .key_condition_expression("pk = :pk AND sk > :min")
            .expression_attribute_values(":pk", AttributeValue::S("alice".into()))
            .expression_attribute_values(":min", AttributeValue::N("1".into()))
            .send()
            .await
            .unwrap();
        assert_eq!(query.count(), 2);
        let notes: Vec<&AttributeValue> =
            query.items().iter().filter_map(|i| i.get("note")).collect();
        assert_eq!(
            notes,
            [
                &AttributeValue::S("alice-2".into()),
                &AttributeValue::S("alice-3".into())
            ]
        );

        // Two items a page: the paginator follows LastEvaluatedKey (a map).
        let pages = db
            .scan()
            .table_name("orders")
            .limit(2)
            .into_paginator()
            .send()
            .try_collect()
            .await
            .unwrap();
        let scanned: usize = pages.iter().map(|p| p.items().len()).sum();
        assert_eq!(scanned, 5);
        assert!(pages.len() >= 3, "{} pages", pages.len());

        // The CLI merges the pages the same way, its map token included.
        let stdout = cli(
            "e2e-dynamodb",
            &moto,
            &[
                "scan",
                "--table-name",
                "orders",
                "--page-size",
                "2",
                "--query",
                "length(Items)",
            ],
        );
        assert_eq!(stdout.trim(), "5");
        let stdout = cli(
            "e2e-dynamodb",
            &moto,
            &[
                "query",
                "--table-name",
                "orders",
                "--key-condition-expression",
                "pk = :pk",
                "--expression-attribute-values",
                r#"{":pk": {"S": "bob"}}"#,
                "--query",
                "Items[0].note.S",
                "--output",
                "text",
            ],
        );
        assert_eq!(stdout, "bob-1\n");

        db.delete_table().table_name("orders").send().await.unwrap();
        db.wait_until_table_not_exists()
            .table_name("orders")
            .wait(Duration::from_secs(30))
            .await
            .unwrap();
    }
}

mod sqs {
    use super::*;
    use e2e_sqs::types::MessageAttributeValue;

    #[tokio::test]
    async fn queues_and_messages_with_attributes() {
        let moto = Moto::start();
        let sqs = client!(e2e_sqs, moto);
        let created = sqs.create_queue().queue_name("jobs").send().await.unwrap();
        let url = created.queue_url().expect("queue url").to_owned();
        let looked_up = sqs.get_queue_url().queue_name("jobs").send().await.unwrap();
        assert_eq!(looked_up.queue_url(), Some(url.as_str()));

        let sent = sqs
            .send_message()
            .queue_url(&url)
            .message_body("build #42")
            .message_attributes(
                "priority",
                MessageAttributeValue::builder()
                    .data_type("Number")
                    .string_value("7")
                    .build()
                    .unwrap(),
            )
            .message_attributes(
                "payload",
                MessageAttributeValue::builder()
                    .data_type("Binary")
                    .binary_value(Blob::new(vec![0, 159, 255]))
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .unwrap();
        assert!(sent.message_id().is_some());

        let received = sqs
            .receive_message()
            .queue_url(&url)
            .message_attribute_names("All")
            .max_number_of_messages(10)
            .send()
            .await
            .unwrap();
        let [message] = received.messages() else {
            panic!("one message: {received:?}")
        };
        assert_eq!(message.body(), Some("build #42"));
        let attributes = message.message_attributes().expect("attributes");
        assert_eq!(attributes["priority"].string_value(), Some("7"));
        assert_eq!(
            attributes["payload"]
                .binary_value()
                .map(|b| b.as_ref().to_vec()),
            Some(vec![0, 159, 255])
        );
        sqs.delete_message()
            .queue_url(&url)
            .receipt_handle(message.receipt_handle().expect("receipt handle"))
            .send()
            .await
            .unwrap();

        // An unknown queue is the modelled error.
        let err = sqs
            .get_queue_url()
            .queue_name("missing")
            .send()
            .await
            .unwrap_err();
        assert!(
            err.into_service_error().is_queue_does_not_exist(),
            "missing queue"
        );

        // The CLI: send, then read the attributes back with --query.
        cli(
            "e2e-sqs",
            &moto,
            &[
                "send-message",
                "--queue-url",
                &url,
                "--message-body",
                "from the CLI",
            ],
        );
        let stdout = cli(
            "e2e-sqs",
            &moto,
            &[
                "receive-message",
                "--queue-url",
                &url,
                "--query",
                "Messages[0].Body",
                "--output",
                "text",
            ],
        );
        assert_eq!(stdout, "from the CLI\n");
    }
}

mod secrets_manager {
    use super::*;

    #[tokio::test]
    async fn string_and_binary_secrets() {
        let moto = Moto::start();
        let secrets = client!(e2e_secrets_manager, moto);
        secrets
            .create_secret()
            .name("db/password")
            .secret_string("s3cr3t")
            .send()
            .await
            .unwrap();
        secrets
            .create_secret()
            .name("tls/key")
            .secret_binary(Blob::new(vec![1, 2, 3, 250]))
            .send()
            .await
            .unwrap();

        let value = secrets
            .get_secret_value()
            .secret_id("db/password")
            .send()
            .await
            .unwrap();
        assert_eq!(value.secret_string(), Some("s3cr3t"));
        // The secret never shows in Debug output.
        assert!(!format!("{value:?}").contains("s3cr3t"));
        let binary = secrets
            .get_secret_value()
            .secret_id("tls/key")
            .send()
            .await
            .unwrap();
        assert_eq!(
            binary.secret_binary().map(|b| b.as_ref().to_vec()),
            Some(vec![1, 2, 3, 250])
        );

        secrets
            .put_secret_value()
            .secret_id("db/password")
            .secret_string("rotated")
            .send()
            .await
            .unwrap();
        let rotated = secrets
            .get_secret_value()
            .secret_id("db/password")
            .send()
            .await
            .unwrap();
        assert_eq!(rotated.secret_string(), Some("rotated"));
        assert_ne!(rotated.version_id(), value.version_id());

        let err = secrets
            .get_secret_value()
            .secret_id("nope")
            .send()
            .await
            .unwrap_err();
        assert!(err.into_service_error().is_resource_not_found_exception());

        let stdout = cli(
            "e2e-secrets-manager",
            &moto,
            &[
                "list-secrets",
                "--query",
                "sort(SecretList[].Name)",
                "--output",
                "text",
            ],
        );
        assert_eq!(stdout, "db/password\ttls/key\n");
        let stdout = cli(
            "e2e-secrets-manager",
            &moto,
            &[
                "get-secret-value",
                "--secret-id",
                "tls/key",
                "--query",
                "SecretBinary",
                "--output",
                "text",
            ],
        );
        // Blobs print as base64, as the AWS CLI prints them.
        assert_eq!(stdout, "AQID+g==\n");
    }
}

mod kms {
    use super::*;

    #[tokio::test]
    async fn keys_encrypt_and_decrypt() {
        let moto = Moto::start();
        let kms = client!(e2e_kms, moto);
        let key = kms
            .create_key()
            .description("e2e key")
            .send()
            .await
            .unwrap();
        let key_id = key
            .key_metadata()
            .map(|m| m.key_id().to_owned())
            .expect("key id");

        let encrypted = kms
            .encrypt()
            .key_id(&key_id)
            .plaintext(Blob::new(b"attack at dawn".to_vec()))
            .encryption_context("purpose", "e2e")
            .send()
            .await
            .unwrap();
        let ciphertext = encrypted.ciphertext_blob().expect("ciphertext").clone();
        assert_ne!(ciphertext.as_ref(), b"attack at dawn");

        let decrypted = kms
            .decrypt()
            .ciphertext_blob(ciphertext.clone())
            .encryption_context("purpose", "e2e")
            .send()
            .await
            .unwrap();
        assert_eq!(
            decrypted.plaintext().map(|b| b.as_ref()),
            Some(&b"attack at dawn"[..])
        );
        assert_eq!(decrypted.key_id().map(|k| k.ends_with(&key_id)), Some(true));

        let err = kms
            .encrypt()
            .key_id("alias/none")
            .plaintext(Blob::new(b"x".to_vec()))
            .send()
            .await
            .unwrap_err();
        assert!(err.into_service_error().is_not_found_exception());

        // The CLI takes the plaintext as fileb://, as the AWS CLI does.
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain.bin");
        std::fs::write(&plain, b"from a file").unwrap();
        let stdout = cli(
            "e2e-kms",
            &moto,
            &[
                "encrypt",
                "--key-id",
                &key_id,
                "--plaintext",
                &format!("fileb://{}", plain.display()),
                "--query",
                "CiphertextBlob",
                "--output",
                "text",
            ],
        );
        let blob = lean_runtime::blob::decode(stdout.trim()).unwrap();
        let decrypted = kms
            .decrypt()
            .ciphertext_blob(Blob::new(blob))
            .send()
            .await
            .unwrap();
        assert_eq!(
            decrypted.plaintext().map(|b| b.as_ref()),
            Some(&b"from a file"[..])
        );
    }
}

mod logs {
    use super::*;
    use e2e_logs::types::InputLogEvent;

    #[tokio::test]
    async fn groups_streams_and_events_with_timestamps() {
        let moto = Moto::start();
        let logs = client!(e2e_logs, moto);
        logs.create_log_group()
            .log_group_name("/app/web")
            .send()
            .await
            .unwrap();
        logs.create_log_stream()
            .log_group_name("/app/web")
            .log_stream_name("host-1")
            .send()
            .await
            .unwrap();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64;
        for (i, message) in ["started", "listening", "stopped"].into_iter().enumerate() {
            logs.put_log_events()
                .log_group_name("/app/web")
                .log_stream_name("host-1")
                .log_events(
                    InputLogEvent::builder()
                        .timestamp(now + i as i64)
                        .message(message)
                        .build()
                        .unwrap(),
                )
                .send()
                .await
                .unwrap();
        }
        let events = logs
            .get_log_events()
            .log_group_name("/app/web")
            .log_stream_name("host-1")
            .start_from_head(true)
            .send()
            .await
            .unwrap();
        let messages: Vec<&str> = events.events().iter().filter_map(|e| e.message()).collect();
        assert_eq!(messages, ["started", "listening", "stopped"]);
        assert_eq!(events.events()[0].timestamp(), Some(now));

        let err = logs
            .create_log_group()
            .log_group_name("/app/web")
            .send()
            .await
            .unwrap_err();
        assert!(
            err.into_service_error()
                .is_resource_already_exists_exception()
        );

        let stdout = cli(
            "e2e-logs",
            &moto,
            &[
                "describe-log-groups",
                "--log-group-name-prefix",
                "/app",
                "--query",
                "logGroups[].logGroupName",
                "--output",
                "text",
            ],
        );
        assert_eq!(stdout, "/app/web\n");
    }
}

mod ssm {
    use super::*;
    use e2e_ssm::types::ParameterType;

    #[tokio::test]
    async fn parameters_secure_strings_and_paths() {
        let moto = Moto::start();
        let ssm = client!(e2e_ssm, moto);
        for i in 0..5 {
            ssm.put_parameter()
                .name(format!("/app/config/key{i}"))
                .value(format!("value{i}"))
                .r#type(ParameterType::String)
                .send()
                .await
                .unwrap();
        }
        ssm.put_parameter()
            .name("/app/secret/token")
            .value("t0ken")
            .r#type(ParameterType::SecureString)
            .send()
            .await
            .unwrap();

        let secret = ssm
            .get_parameter()
            .name("/app/secret/token")
            .with_decryption(true)
            .send()
            .await
            .unwrap();
        let parameter = secret.parameter().expect("parameter");
        assert_eq!(parameter.value(), Some("t0ken"));
        assert_eq!(parameter.r#type(), Some(&ParameterType::SecureString));
        // Without decryption AWS returns the ciphertext, never the value.
        let hidden = ssm
            .get_parameter()
            .name("/app/secret/token")
            .send()
            .await
            .unwrap();
        assert_ne!(hidden.parameter().and_then(|p| p.value()), Some("t0ken"));

        let pages = ssm
            .get_parameters_by_path()
            .path("/app/config")
            .max_results(2)
            .into_paginator()
            .send()
            .try_collect()
            .await
            .unwrap();
        let mut names: Vec<&str> = pages
            .iter()
            .flat_map(|p| p.parameters().iter().filter_map(|p| p.name()))
            .collect();
        names.sort_unstable();
        assert_eq!(names.len(), 5, "{names:?}");
        assert!(pages.len() >= 3);

        let err = ssm
            .put_parameter()
            .name("/app/config/key0")
            .value("again")
            .r#type(ParameterType::String)
            .send()
            .await
            .unwrap_err();
        assert!(err.into_service_error().is_parameter_already_exists());

        let listed = parsed(&cli(
            "e2e-ssm",
            &moto,
            &[
                "get-parameters-by-path",
                "--path",
                "/app",
                "--recursive",
                "--page-size",
                "2",
                "--max-items",
                "4",
            ],
        ));
        let Document::Array(parameters) = at(&listed, &["Parameters"]) else {
            panic!("{listed:?}")
        };
        assert_eq!(parameters.len(), 4);
        assert!(matches!(at(&listed, &["NextToken"]), Document::String(_)));
    }
}
