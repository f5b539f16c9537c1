//! Scenarios users run, against moto's server: STS, SNS, IAM and S3
//! clients generated from the official models, over real HTTP (awsQuery
//! for the first three, restXml for S3). Each test starts its own server
//! (see `e2e::Moto`).

use e2e::{Moto, run_tool};
use lean_runtime::credentials::Credentials;
use lean_runtime::error::ProvideErrorMetadata;

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

#[tokio::test]
async fn sts_caller_identity_and_assumed_role() {
    let moto = Moto::start();
    let sts = client!(e2e_sts, moto);

    let identity = sts.get_caller_identity().send().await.unwrap();
    assert_eq!(identity.account(), Some("123456789012"));
    assert!(
        identity
            .arn()
            .is_some_and(|arn| arn.starts_with("arn:aws:"))
    );

    let role = "arn:aws:iam::123456789012:role/lean-e2e";
    let assumed = sts
        .assume_role()
        .role_arn(role)
        .role_session_name("lean-session")
        .duration_seconds(900)
        .send()
        .await
        .unwrap();
    let credentials = assumed.credentials().expect("credentials");
    assert!(!credentials.access_key_id().is_empty());
    assert!(!credentials.secret_access_key().is_empty());
    assert!(!credentials.session_token().is_empty());
    let user = assumed.assumed_role_user().expect("assumed role user");
    assert!(
        user.arn().ends_with("role/lean-e2e/lean-session"),
        "{}",
        user.arn()
    );

    // A missing required member is refused before anything is sent.
    let err = sts.assume_role().role_arn(role).send().await.unwrap_err();
    assert!(err.to_string().contains("role_session_name"), "{err}");
}

#[tokio::test]
async fn sns_topics_publish_and_errors() {
    let moto = Moto::start();
    let sns = client!(e2e_sns, moto);

    let created = sns
        .create_topic()
        .name("lean-e2e")
        .attributes("DisplayName", "Lean & <friends>")
        .send()
        .await
        .unwrap();
    let arn = created.topic_arn().expect("topic arn").to_owned();
    assert!(arn.ends_with(":lean-e2e"), "{arn}");

    let topics = sns.list_topics().send().await.unwrap();
    assert!(
        topics
            .topics()
            .iter()
            .any(|t| t.topic_arn() == Some(arn.as_str())),
        "{topics:?}"
    );

    let attributes = sns
        .get_topic_attributes()
        .topic_arn(&arn)
        .send()
        .await
        .unwrap();
    let attributes = attributes.attributes().expect("attributes");
    assert_eq!(attributes.get("TopicArn"), Some(&arn));
    assert_eq!(
        attributes.get("DisplayName").map(String::as_str),
        Some("Lean & <friends>")
    );

    let published = sns
        .publish()
        .topic_arn(&arn)
        .message("hello from lean: ünïcödé & <xml>")
        .subject("greetings")
        .send()
        .await
        .unwrap();
    assert!(published.message_id().is_some_and(|id| !id.is_empty()));

    sns.delete_topic().topic_arn(&arn).send().await.unwrap();
    let err = sns
        .get_topic_attributes()
        .topic_arn(&arn)
        .send()
        .await
        .unwrap_err();
    let service = err.into_service_error();
    assert!(service.is_not_found_exception(), "{service:?}");
    assert_eq!(service.code(), Some("NotFound"));
}

#[tokio::test]
async fn iam_users_roles_policies_and_pagination() {
    let moto = Moto::start();
    let iam = client!(e2e_iam, moto);

    let names: Vec<String> = (0..3).map(|i| format!("lean-user-{i}")).collect();
    for name in &names {
        let created = iam.create_user().user_name(name).send().await.unwrap();
        assert_eq!(created.user().expect("user").user_name(), name);
    }
    let users = iam.list_users().send().await.unwrap();
    let mut listed: Vec<&str> = users.users().iter().map(|u| u.user_name()).collect();
    listed.sort_unstable();
    assert_eq!(listed, names);

    let err = iam.get_user().user_name("nobody").send().await.unwrap_err();
    let service = err.into_service_error();
    assert!(service.is_no_such_entity_exception(), "{service:?}");

    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    let roles: Vec<String> = (0..5).map(|i| format!("lean-role-{i}")).collect();
    for name in roles.iter().chain(std::iter::once(&"lean-role".to_owned())) {
        let role = iam
            .create_role()
            .role_name(name)
            .assume_role_policy_document(trust)
            .send()
            .await
            .unwrap();
        assert_eq!(role.role().role_name(), name);
    }

    // Two roles a page: the paginator follows the markers to the end.
    let pages = iam
        .list_roles()
        .max_items(2)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 3, "{pages:?}");
    assert!(pages.iter().all(|page| page.roles().len() == 2));
    let mut listed: Vec<&str> = pages
        .iter()
        .flat_map(|page| page.roles().iter().map(|r| r.role_name()))
        .collect();
    listed.sort_unstable();
    let mut expected: Vec<&str> = roles.iter().map(String::as_str).collect();
    expected.push("lean-role");
    expected.sort_unstable();
    assert_eq!(listed, expected);
    let fetched = iam.get_role().role_name("lean-role").send().await.unwrap();
    assert!(fetched.role().arn().ends_with(":role/lean-role"));

    let document = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;
    let policy = iam
        .create_policy()
        .policy_name("lean-read")
        .policy_document(document)
        .send()
        .await
        .unwrap();
    let policy_arn = policy
        .policy()
        .and_then(|p| p.arn())
        .expect("policy arn")
        .to_owned();
    iam.attach_role_policy()
        .role_name("lean-role")
        .policy_arn(&policy_arn)
        .send()
        .await
        .unwrap();
    let attached = iam
        .list_attached_role_policies()
        .role_name("lean-role")
        .send()
        .await
        .unwrap();
    assert!(
        attached
            .attached_policies()
            .iter()
            .any(|p| p.policy_arn() == Some(policy_arn.as_str())),
        "{attached:?}"
    );

    iam.delete_user().user_name(&names[0]).send().await.unwrap();
    let remaining = iam.list_users().send().await.unwrap();
    assert_eq!(remaining.users().len(), 2);
}

#[tokio::test]
async fn s3_objects_from_memory_and_files() {
    let moto = Moto::start();
    let s3 = client!(e2e_s3, moto);
    let bucket = "lean-e2e-bucket";

    s3.create_bucket().bucket(bucket).send().await.unwrap();
    let buckets = s3.list_buckets().send().await.unwrap();
    assert!(
        buckets.buckets().iter().any(|b| b.name() == Some(bucket)),
        "{buckets:?}"
    );

    // A key that needs encoding in the path, from memory.
    let key = "docs/a key+with ~odd=chars.txt";
    s3.put_object()
        .bucket(bucket)
        .key(key)
        .content_type("text/plain")
        .body(lean_runtime::byte_stream::ByteStream::from("hello, S3"))
        .send()
        .await
        .unwrap();
    let object = s3
        .get_object()
        .bucket(bucket)
        .key(key)
        .send()
        .await
        .unwrap();
    assert_eq!(object.content_type(), Some("text/plain"));
    assert_eq!(object.content_length(), Some(9));
    let body = object.body.collect().await.unwrap();
    assert_eq!(&body[..], b"hello, S3");

    // A file streamed up and down, never held whole by the client.
    let dir = tempfile::tempdir().unwrap();
    let upload = dir.path().join("upload.bin");
    let data: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&upload, &data).unwrap();
    s3.put_object()
        .bucket(bucket)
        .key("data/upload.bin")
        .body(lean_runtime::byte_stream::ByteStream::from_path(&upload).unwrap())
        .send()
        .await
        .unwrap();
    let head = s3
        .head_object()
        .bucket(bucket)
        .key("data/upload.bin")
        .send()
        .await
        .unwrap();
    assert_eq!(head.content_length(), Some(3_000_000));
    let download = dir.path().join("download.bin");
    let object = s3
        .get_object()
        .bucket(bucket)
        .key("data/upload.bin")
        .send()
        .await
        .unwrap();
    let written = object.body.write_to_file(&download).await.unwrap();
    assert_eq!(written, 3_000_000);
    assert!(std::fs::read(&download).unwrap() == data);

    let listed = s3
        .list_objects_v2()
        .bucket(bucket)
        .prefix("docs/")
        .send()
        .await
        .unwrap();
    let keys: Vec<&str> = listed.contents().iter().filter_map(|o| o.key()).collect();
    assert_eq!(keys, [key]);

    let err = s3
        .get_object()
        .bucket(bucket)
        .key("missing")
        .send()
        .await
        .unwrap_err();
    let service = err.into_service_error();
    assert!(service.is_no_such_key(), "{service:?}");

    for key in [key, "data/upload.bin"] {
        s3.delete_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .unwrap();
    }
    s3.delete_bucket().bucket(bucket).send().await.unwrap();
    let buckets = s3.list_buckets().send().await.unwrap();
    assert!(buckets.buckets().iter().all(|b| b.name() != Some(bucket)));
}

/// Sends a request with nothing but the standard library, as a holder of
/// a presigned URL without any AWS SDK would: status and body back.
fn plain_http(method: &str, url: &str, headers: &http::HeaderMap, body: &[u8]) -> (u16, Vec<u8>) {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").expect("moto speaks plain HTTP");
    let (authority, path) = rest.split_at(rest.find('/').expect("a path"));
    let mut stream = std::net::TcpStream::connect(authority).unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {}\r\n", value.to_str().unwrap()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response");
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let mut body = response[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = unchunk(&body);
    }
    (status, body)
}

/// A chunked body's data.
fn unchunk(mut chunked: &[u8]) -> Vec<u8> {
    let mut data = Vec::new();
    loop {
        let line_end = chunked.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(String::from_utf8_lossy(&chunked[..line_end]).trim(), 16)
            .unwrap();
        if size == 0 {
            return data;
        }
        let start = line_end + 2;
        data.extend_from_slice(&chunked[start..start + size]);
        chunked = &chunked[start + size + 2..];
    }
}

#[tokio::test]
async fn s3_presigned_put_and_get() {
    use lean_runtime::presign::PresigningConfig;
    use std::time::Duration;
    let moto = Moto::start();
    let s3 = client!(e2e_s3, moto);
    let bucket = "lean-presigned";
    s3.create_bucket().bucket(bucket).send().await.unwrap();
    let config = PresigningConfig::expires_in(Duration::from_secs(900)).unwrap();

    let put = s3
        .put_object()
        .bucket(bucket)
        .key("shared/note.txt")
        .content_type("text/plain")
        .presigned(config)
        .await
        .unwrap();
    assert_eq!(put.method(), "PUT");
    assert!(put.uri().contains("X-Amz-Signature="), "{}", put.uri());
    assert!(put.uri().contains("X-Amz-Expires=900"), "{}", put.uri());
    assert_eq!(put.headers()["content-type"], "text/plain");
    let (status, _) = tokio::task::spawn_blocking({
        let put = put.clone();
        move || {
            plain_http(
                "PUT",
                put.uri(),
                put.headers(),
                b"uploaded without credentials",
            )
        }
    })
    .await
    .unwrap();
    assert_eq!(status, 200);

    let get = s3
        .get_object()
        .bucket(bucket)
        .key("shared/note.txt")
        .presigned(config)
        .await
        .unwrap();
    let (status, body) =
        tokio::task::spawn_blocking(move || plain_http("GET", get.uri(), get.headers(), b""))
            .await
            .unwrap();
    assert_eq!(status, 200);
    assert_eq!(body, b"uploaded without credentials");

    // The same object, read back by the client itself.
    let object = s3
        .get_object()
        .bucket(bucket)
        .key("shared/note.txt")
        .send()
        .await
        .unwrap();
    assert_eq!(object.content_type(), Some("text/plain"));
}

/// [`run_tool`] for the S3 tool.
fn run_cli(moto: &Moto, args: &[&str]) -> (i32, String, String) {
    run_tool("e2e-s3", moto, args)
}

#[tokio::test]
async fn s3api_shaped_cli_streams_files_both_ways() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let upload = dir.path().join("in.bin");
    let data: Vec<u8> = (0..1_500_000u32).map(|i| (i % 253) as u8).collect();
    std::fs::write(&upload, &data).unwrap();
    let download = dir.path().join("out.bin");
    let (upload_arg, download_arg) = (
        upload.to_str().unwrap().to_owned(),
        download.to_str().unwrap().to_owned(),
    );
    tokio::task::spawn_blocking(move || {
        let (code, _, err) = run_cli(&moto, &["create-bucket", "--bucket", "cli-bucket"]);
        assert_eq!(code, 0, "{err}");
        let (code, out, err) = run_cli(
            &moto,
            &[
                "put-object",
                "--bucket",
                "cli-bucket",
                "--key",
                "in.bin",
                "--body",
                &upload_arg,
            ],
        );
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("\"ETag\""), "{out}");
        let (code, out, err) = run_cli(
            &moto,
            &[
                "get-object",
                "--bucket",
                "cli-bucket",
                "--key",
                "in.bin",
                &download_arg,
            ],
        );
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("\"ContentLength\": 1500000"), "{out}");
        assert!(std::fs::read(&download_arg).unwrap() == data);
        // A missing key is the service's error, exit 254 as in the AWS CLI.
        let (code, _, err) = run_cli(
            &moto,
            &[
                "get-object",
                "--bucket",
                "cli-bucket",
                "--key",
                "missing",
                &download_arg,
            ],
        );
        assert_eq!(code, 254, "{err}");
        assert!(err.contains("NoSuchKey"), "{err}");
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn s3_path_style_for_an_s3_compatible_server_by_name() {
    use lean_runtime::config::S3Settings;
    let moto = Moto::start();
    // By host name, as an S3-compatible server (MinIO, LocalStack) is
    // usually reached: virtual-hosted style would ask for
    // `bucket.localhost`; path style keeps the bucket in the path.
    let endpoint = format!("http://localhost:{}", moto.port());
    let config = e2e_s3::Config::builder()
        .endpoint_url(&endpoint)
        .region("us-east-1")
        .credentials_provider(credentials())
        .s3(S3Settings::new().force_path_style(true))
        .build();
    let s3 = e2e_s3::Client::new(&config);
    s3.create_bucket().bucket("by-name").send().await.unwrap();
    s3.put_object()
        .bucket("by-name")
        .key("k")
        .body(lean_runtime::byte_stream::ByteStream::from("path style"))
        .send()
        .await
        .unwrap();
    let object = s3
        .get_object()
        .bucket("by-name")
        .key("k")
        .send()
        .await
        .unwrap();
    assert_eq!(&object.body.collect().await.unwrap()[..], b"path style");
    let presigned = s3
        .get_object()
        .bucket("by-name")
        .key("k")
        .presigned(
            lean_runtime::presign::PresigningConfig::expires_in(std::time::Duration::from_secs(60))
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(
        presigned
            .uri()
            .starts_with(&format!("{endpoint}/by-name/k?")),
        "{}",
        presigned.uri()
    );
}

#[tokio::test]
async fn s3_flexible_checksums_sent_and_checked() {
    use e2e_s3::types::{ChecksumAlgorithm, ChecksumMode};
    use lean_runtime::byte_stream::ByteStream;
    let moto = Moto::start();
    let s3 = client!(e2e_s3, moto);
    s3.create_bucket().bucket("sums").send().await.unwrap();

    // From memory with CRC32, from a file with SHA-256 and CRC64/NVME:
    // the checksum goes in its header, and the service stores it.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("data.bin");
    std::fs::write(&file, vec![7u8; 300_000]).unwrap();
    let uploads = [
        (
            "memory",
            ChecksumAlgorithm::Crc32,
            ByteStream::from("Hello world"),
        ),
        (
            "file-sha",
            ChecksumAlgorithm::Sha256,
            ByteStream::from_path(&file).unwrap(),
        ),
        (
            "file-crc64",
            ChecksumAlgorithm::Crc64Nvme,
            ByteStream::from_path(&file).unwrap(),
        ),
    ];
    for (key, algorithm, body) in uploads {
        s3.put_object()
            .bucket("sums")
            .key(key)
            .checksum_algorithm(algorithm)
            .body(body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{key}: {e}"));
    }
    let object = s3
        .get_object()
        .bucket("sums")
        .key("memory")
        .checksum_mode(ChecksumMode::Enabled)
        .send()
        .await
        .unwrap();
    // S3's documented CRC32 of "Hello world".
    assert_eq!(object.checksum_crc32(), Some("i9aeUg=="));
    assert_eq!(&object.body.collect().await.unwrap()[..], b"Hello world");
    let object = s3
        .get_object()
        .bucket("sums")
        .key("file-sha")
        .checksum_mode(ChecksumMode::Enabled)
        .send()
        .await
        .unwrap();
    let expected = lean_runtime::checksum::Algorithm::Sha256.checksum(&vec![7u8; 300_000]);
    assert_eq!(object.checksum_sha256(), Some(expected.as_str()));
    assert_eq!(object.body.collect().await.unwrap().len(), 300_000);
}

#[tokio::test]
async fn s3_a_body_that_does_not_match_its_checksum_fails_when_read() {
    use e2e_s3::types::ChecksumMode;
    let response = http::Response::builder()
        .status(200)
        .header("x-amz-checksum-crc32", "i9aeUg==")
        .body(bytes::Bytes::from_static(b"Hello world, altered"))
        .unwrap();
    let transport = lean_runtime::transport::ReplayTransport::from_responses([response]);
    let config = e2e_s3::Config::builder()
        .region("us-east-1")
        .credentials_provider(credentials())
        .http_transport(transport)
        .build();
    let object = e2e_s3::Client::new(&config)
        .get_object()
        .bucket("sums")
        .key("memory")
        .checksum_mode(ChecksumMode::Enabled)
        .send()
        .await
        .unwrap();
    let err = object.body.collect().await.unwrap_err();
    assert!(
        err.to_string().contains("CRC32 checksum is")
            && err.to_string().contains("the response says i9aeUg=="),
        "{err}"
    );
}

#[tokio::test]
async fn s3_ranges_pages_multipart_and_copy() {
    use e2e_s3::types::{CompletedMultipartUpload, CompletedPart};
    use lean_runtime::byte_stream::ByteStream;
    let moto = Moto::start();
    let s3 = client!(e2e_s3, moto);
    let bucket = "lean-more";
    s3.create_bucket().bucket(bucket).send().await.unwrap();

    // A ranged get: bytes 10 to 19 of the object.
    let digits: String = (0..100)
        .map(|i| char::from(b'0' + (i % 10) as u8))
        .collect();
    s3.put_object()
        .bucket(bucket)
        .key("digits")
        .body(ByteStream::from(digits.clone()))
        .send()
        .await
        .unwrap();
    let part = s3
        .get_object()
        .bucket(bucket)
        .key("digits")
        .range("bytes=10-19")
        .send()
        .await
        .unwrap();
    assert_eq!(part.content_range(), Some("bytes 10-19/100"));
    assert_eq!(
        &part.body.collect().await.unwrap()[..],
        &digits.as_bytes()[10..20]
    );

    // Listing with pagination: 7 keys, 3 a page, continuation tokens
    // followed to the end.
    for i in 0..7 {
        s3.put_object()
            .bucket(bucket)
            .key(format!("list/{i}"))
            .body(ByteStream::from("x"))
            .send()
            .await
            .unwrap();
    }
    let pages = s3
        .list_objects_v2()
        .bucket(bucket)
        .prefix("list/")
        .max_keys(3)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 3, "{pages:?}");
    let keys: Vec<&str> = pages
        .iter()
        .flat_map(|p| p.contents().iter().filter_map(|o| o.key()))
        .collect();
    assert_eq!(
        keys,
        [
            "list/0", "list/1", "list/2", "list/3", "list/4", "list/5", "list/6"
        ]
    );

    // A multipart upload of two parts (the first at S3's 5 MiB minimum),
    // the second from a file.
    let upload = s3
        .create_multipart_upload()
        .bucket(bucket)
        .key("multi")
        .send()
        .await
        .unwrap();
    let upload_id = upload.upload_id().expect("an upload id").to_owned();
    let first = vec![b'a'; 5 * 1024 * 1024];
    let dir = tempfile::tempdir().unwrap();
    let second_file = dir.path().join("part2");
    std::fs::write(&second_file, b"the last part").unwrap();
    let mut completed = CompletedMultipartUpload::builder();
    for (number, body) in [
        (1, ByteStream::from(first.clone())),
        (2, ByteStream::from_path(&second_file).unwrap()),
    ] {
        let part = s3
            .upload_part()
            .bucket(bucket)
            .key("multi")
            .upload_id(&upload_id)
            .part_number(number)
            .body(body)
            .send()
            .await
            .unwrap();
        completed = completed.parts(
            CompletedPart::builder()
                .part_number(number)
                .e_tag(part.e_tag().expect("an ETag"))
                .build(),
        );
    }
    let done = s3
        .complete_multipart_upload()
        .bucket(bucket)
        .key("multi")
        .upload_id(&upload_id)
        .multipart_upload(completed.build())
        .send()
        .await
        .unwrap();
    assert!(
        done.e_tag().is_some_and(|tag| tag.ends_with("-2\"")),
        "{done:?}"
    );
    let whole = s3
        .get_object()
        .bucket(bucket)
        .key("multi")
        .send()
        .await
        .unwrap();
    let bytes = whole.body.collect().await.unwrap();
    assert_eq!(bytes.len(), first.len() + 13);
    assert!(bytes.ends_with(b"the last part"));

    // An abandoned upload is aborted.
    let abandoned = s3
        .create_multipart_upload()
        .bucket(bucket)
        .key("abandoned")
        .send()
        .await
        .unwrap();
    s3.abort_multipart_upload()
        .bucket(bucket)
        .key("abandoned")
        .upload_id(abandoned.upload_id().unwrap())
        .send()
        .await
        .unwrap();

    // Copy, with a source key that needs encoding.
    s3.put_object()
        .bucket(bucket)
        .key("src dir/a+b.txt")
        .body(ByteStream::from("copied"))
        .send()
        .await
        .unwrap();
    let copied = s3
        .copy_object()
        .bucket(bucket)
        .key("copy.txt")
        .copy_source(format!("{bucket}/src%20dir/a%2Bb.txt"))
        .send()
        .await
        .unwrap();
    assert!(
        copied
            .copy_object_result()
            .and_then(|r| r.e_tag())
            .is_some()
    );
    let copy = s3
        .get_object()
        .bucket(bucket)
        .key("copy.txt")
        .send()
        .await
        .unwrap();
    assert_eq!(&copy.body.collect().await.unwrap()[..], b"copied");
}

#[test]
fn sts_cli_get_caller_identity() {
    let moto = Moto::start();
    let (code, stdout, stderr) = run_tool("e2e-sts", &moto, &["get-caller-identity"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("\"Account\": \"123456789012\""), "{stdout}");
    assert!(stdout.contains("\"Arn\": \"arn:aws:"), "{stdout}");
}

/// A hostile or truncated XML response is an error naming the operation,
/// never a panic.
#[tokio::test]
async fn bad_xml_responses_are_errors_naming_the_operation() {
    let bodies: [&'static [u8]; 4] = [
        b"<GetCallerIdentityResponse><GetCallerIdentityResult><Account>1234",
        b"<!DOCTYPE x [<!ENTITY a \"aaaa\">]><GetCallerIdentityResponse>&a;</GetCallerIdentityResponse>",
        b"<GetCallerIdentityResponse><GetCallerIdentityResult><Account>&unknown;</Account></GetCallerIdentityResult></GetCallerIdentityResponse>",
        b"not xml at all",
    ];
    for body in bodies {
        let response = http::Response::builder()
            .status(200)
            .body(bytes::Bytes::from_static(body))
            .unwrap();
        let transport = lean_runtime::transport::ReplayTransport::from_responses([response]);
        let config = e2e_sts::Config::builder()
            .region("us-east-1")
            .credentials_provider(credentials())
            .http_transport(transport)
            .build();
        let err = e2e_sts::Client::new(&config)
            .get_caller_identity()
            .send()
            .await
            .unwrap_err();
        let text = format!("{err}");
        assert!(text.contains("GetCallerIdentity"), "{text}");
    }
}

/// The CLI's printed JSON, parsed.
fn printed(stdout: &str) -> lean_runtime::Document {
    let mut reader = lean_runtime::json::JsonReader::new(stdout.trim().as_bytes());
    reader.read_document().expect("the CLI prints JSON")
}

fn role_names(output: &lean_runtime::Document) -> Vec<String> {
    let lean_runtime::Document::Object(members) = output else {
        panic!("not an object: {output:?}")
    };
    let Some(lean_runtime::Document::Array(roles)) = members.get("Roles") else {
        return Vec::new();
    };
    roles
        .iter()
        .map(|role| match role {
            lean_runtime::Document::Object(r) => match r.get("RoleName") {
                Some(lean_runtime::Document::String(name)) => name.clone(),
                other => panic!("RoleName: {other:?}"),
            },
            other => panic!("role: {other:?}"),
        })
        .collect()
}

fn member<'a>(
    output: &'a lean_runtime::Document,
    name: &str,
) -> Option<&'a lean_runtime::Document> {
    match output {
        lean_runtime::Document::Object(members) => members.get(name),
        _ => None,
    }
}

#[tokio::test]
async fn iam_cli_pages_like_the_aws_cli() {
    let moto = Moto::start();
    let iam = client!(e2e_iam, moto);
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    let mut expected: Vec<String> = (0..7).map(|i| format!("paged-role-{i}")).collect();
    for name in &expected {
        iam.create_role()
            .role_name(name)
            .assume_role_policy_document(trust)
            .send()
            .await
            .unwrap();
    }
    expected.sort();
    let run = |args: &[&str]| {
        let (code, stdout, stderr) = run_tool("e2e-iam", &moto, args);
        assert_eq!(code, 0, "{args:?}: {stdout}{stderr}");
        printed(&stdout)
    };

    // Every page, two roles a request, merged into one list without the
    // service's marker.
    let all = run(&["list-roles", "--page-size", "2"]);
    let mut names = role_names(&all);
    names.sort();
    assert_eq!(names, expected);
    assert!(member(&all, "Marker").is_none(), "{all:?}");
    assert!(member(&all, "NextToken").is_none(), "{all:?}");

    // --max-items stops early and prints a token; --starting-token resumes
    // exactly where it stopped, even mid-page.
    let first = run(&["list-roles", "--page-size", "2", "--max-items", "3"]);
    assert_eq!(role_names(&first).len(), 3);
    let Some(lean_runtime::Document::String(token)) = member(&first, "NextToken") else {
        panic!("no NextToken: {first:?}")
    };
    let rest = run(&["list-roles", "--page-size", "2", "--starting-token", token]);
    assert!(member(&rest, "NextToken").is_none(), "{rest:?}");
    let mut resumed = role_names(&first);
    resumed.extend(role_names(&rest));
    resumed.sort();
    assert_eq!(resumed, expected);

    // --no-paginate: the first page as the service sent it.
    let page = run(&["list-roles", "--page-size", "2", "--no-paginate"]);
    assert_eq!(role_names(&page).len(), 2);
    assert_eq!(
        member(&page, "IsTruncated"),
        Some(&lean_runtime::Document::Bool(true))
    );
    assert!(member(&page, "Marker").is_some(), "{page:?}");

    let (code, _, stderr) = run_tool(
        "e2e-iam",
        &moto,
        &["list-roles", "--starting-token", "bogus!"],
    );
    assert_eq!(code, 252, "{stderr}");
    assert!(stderr.contains("invalid token"), "{stderr}");
}

#[tokio::test]
async fn iam_cli_waits_like_the_aws_cli() {
    let moto = Moto::start();
    let iam = client!(e2e_iam, moto);
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    iam.create_role()
        .role_name("waited-for")
        .assume_role_policy_document(trust)
        .send()
        .await
        .unwrap();

    // The role exists: the first poll succeeds, nothing is printed, exit 0.
    let (code, stdout, stderr) = run_tool(
        "e2e-iam",
        &moto,
        &["wait", "role-exists", "--role-name", "waited-for"],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.is_empty(), "{stdout}");

    // It never will: NoSuchEntity is retried until --max-wait runs out, then
    // exit 255 as the AWS CLI's waiters do.
    let started = std::time::Instant::now();
    let (code, _, stderr) = run_tool(
        "e2e-iam",
        &moto,
        &[
            "wait",
            "role-exists",
            "--role-name",
            "missing",
            "--max-wait",
            "2",
        ],
    );
    assert_eq!(code, 255, "{stderr}");
    assert!(stderr.contains("Waiter RoleExists failed"), "{stderr}");
    assert!(started.elapsed() >= std::time::Duration::from_secs(2));

    let (code, _, stderr) = run_tool("e2e-iam", &moto, &["wait", "role-gone"]);
    assert_eq!(code, 252, "{stderr}");
    assert!(stderr.contains("invalid choice: 'role-gone'"), "{stderr}");
    assert!(stderr.contains("role-exists"), "{stderr}");
}

#[tokio::test]
async fn iam_cli_query_and_output_formats() {
    let moto = Moto::start();
    let iam = client!(e2e_iam, moto);
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    for name in ["query-a", "query-b", "query-c"] {
        iam.create_role()
            .role_name(name)
            .path("/team/")
            .assume_role_policy_document(trust)
            .send()
            .await
            .unwrap();
    }
    let run = |args: &[&str]| {
        let (code, stdout, stderr) = run_tool("e2e-iam", &moto, args);
        assert_eq!(code, 0, "{args:?}: {stdout}{stderr}");
        stdout
    };

    // A list of names is one tab-separated line, as `aws ... --output text`
    // prints it; the query runs over every page merged.
    let names = run(&[
        "list-roles",
        "--page-size",
        "1",
        "--query",
        "sort(Roles[].RoleName)",
        "--output",
        "text",
    ]);
    assert_eq!(names, "query-a\tquery-b\tquery-c\n");

    let arn = run(&[
        "list-roles",
        "--query",
        "Roles[?RoleName=='query-b'].Arn | [0]",
        "--output",
        "text",
    ]);
    assert!(arn.trim_end().ends_with(":role/team/query-b"), "{arn}");

    let json = run(&[
        "list-roles",
        "--query",
        "Roles[].{Name: RoleName, Path: Path} | sort_by(@, &Name) | [0]",
    ]);
    assert_eq!(
        json.trim(),
        "{\n    \"Name\": \"query-a\",\n    \"Path\": \"/team/\"\n}"
    );

    let table = run(&[
        "list-roles",
        "--query",
        "Roles[].[RoleName]",
        "--output",
        "table",
    ]);
    assert!(
        table.lines().nth(1).unwrap().contains("ListRoles"),
        "{table}"
    );
    assert!(table.contains("| query-b"), "{table}");

    // A query that does not parse is an invalid parameter: nothing is sent.
    let (code, _, stderr) = run_tool("e2e-iam", &moto, &["list-roles", "--query", "Roles[?"]);
    assert_eq!(code, 252, "{stderr}");
    assert!(stderr.contains("Bad value for --query"), "{stderr}");
    let (code, _, stderr) = run_tool("e2e-iam", &moto, &["list-roles", "--output", "yaml"]);
    assert_eq!(code, 252, "{stderr}");
}

/// The blocking client, from a plain `fn` with no async runtime: the same
/// fluent builders, `send()` returning the output.
#[test]
fn blocking_client_from_plain_threads() {
    let moto = Moto::start();
    let config = e2e_iam::Config::builder()
        .endpoint_url(moto.endpoint())
        .region("us-east-1")
        .credentials_provider(credentials())
        .build();
    let iam = e2e_iam::blocking::Client::new(&config);
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    let created = iam
        .create_role()
        .role_name("blocking-role")
        .assume_role_policy_document(trust)
        .send()
        .unwrap();
    assert_eq!(created.role().role_name(), "blocking-role");

    // Clones share the client and may be used from other threads.
    let threads: Vec<_> = (0..3)
        .map(|_| {
            let iam = iam.clone();
            std::thread::spawn(move || {
                let output = iam.get_role().role_name("blocking-role").send();
                output
                    .map(|o| o.role().arn().to_owned())
                    .map_err(|e| e.to_string())
            })
        })
        .collect();
    for thread in threads {
        let arn = thread.join().unwrap().unwrap();
        assert!(arn.ends_with(":role/blocking-role"), "{arn}");
    }

    // A service error is the same typed error as the async client's.
    let err = iam.get_role().role_name("absent").send().unwrap_err();
    assert!(err.into_service_error().is_no_such_entity_exception());

    // Loading the configuration needs no runtime either.
    assert!(e2e_iam::Config::from_env_blocking().is_ok());

    // Inside an async runtime it refuses to block, without a panic or a
    // request.
    let inside = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(async { iam.get_role().role_name("blocking-role").send() });
    let message = inside.unwrap_err().to_string();
    assert!(message.contains("inside an async runtime"), "{message}");
}
