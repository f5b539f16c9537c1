//! Peak memory of a large S3 transfer: uploads a file of `SIZE_MIB`
//! (default 1024) to moto's server with `PutObject` from its path, then
//! downloads it with `GetObject` into another file, and prints this
//! process's peak resident set size (`VmHWM`) before and after.
//!
//! `scripts/s3-memory.sh` runs it in release mode; BENCHMARKS.md has the
//! figures. The goal: under 32 MiB for a 1 GiB object, since neither
//! direction holds the object in memory.

use e2e::Moto;
use lean_runtime::byte_stream::ByteStream;
use lean_runtime::credentials::Credentials;
use std::io::{Read, Write};
use std::time::Instant;

const MIB: u64 = 1024 * 1024;

/// `VmHWM` (peak resident set size) of this process, in KiB.
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Writes `size` bytes of a fixed pattern to `path`, a MiB at a time.
fn write_file(path: &std::path::Path, size: u64) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let chunk: Vec<u8> = (0..MIB).map(|i| (i % 251) as u8).collect();
    let mut left = size;
    while left > 0 {
        let n = left.min(MIB);
        file.write_all(&chunk[..usize::try_from(n).unwrap()])
            .unwrap();
        left -= n;
    }
    file.flush().unwrap();
}

/// Whether two files hold the same bytes, compared a MiB at a time.
fn same_content(a: &std::path::Path, b: &std::path::Path) -> bool {
    let (mut a, mut b) = (
        std::fs::File::open(a).unwrap(),
        std::fs::File::open(b).unwrap(),
    );
    let (mut x, mut y) = (vec![0; MIB as usize], vec![0; MIB as usize]);
    loop {
        let n = a.read(&mut x).unwrap();
        let mut filled = 0;
        while filled < n {
            let m = b.read(&mut y[filled..n]).unwrap();
            if m == 0 {
                return false;
            }
            filled += m;
        }
        if x[..n] != y[..n] {
            return false;
        }
        if n == 0 {
            return b.read(&mut y).unwrap() == 0;
        }
    }
}

#[tokio::main]
async fn main() {
    let size_mib: u64 = std::env::args()
        .nth(1)
        .map_or(1024, |a| a.parse().expect("SIZE_MIB is a number"));
    let size = size_mib * MIB;
    let dir = tempfile::tempdir().unwrap();
    let upload = dir.path().join("upload.bin");
    let download = dir.path().join("download.bin");
    write_file(&upload, size);

    let moto = Moto::start();
    let s3 = e2e_s3::Client::new(
        &e2e_s3::Config::builder()
            .endpoint_url(moto.endpoint())
            .region("us-east-1")
            .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "bench"))
            .build(),
    );
    s3.create_bucket().bucket("memory").send().await.unwrap();
    let before = peak_rss_kib();

    let started = Instant::now();
    s3.put_object()
        .bucket("memory")
        .key("large.bin")
        .body(ByteStream::from_path(&upload).unwrap())
        .send()
        .await
        .unwrap();
    let put = started.elapsed();
    let after_put = peak_rss_kib();

    let started = Instant::now();
    let object = s3
        .get_object()
        .bucket("memory")
        .key("large.bin")
        .send()
        .await
        .unwrap();
    let written = object.body.write_to_file(&download).await.unwrap();
    let get = started.elapsed();
    let after_get = peak_rss_kib();

    assert_eq!(written, size, "the download is the object's size");
    assert!(
        same_content(&upload, &download),
        "the download is the upload"
    );
    println!("object: {size_mib} MiB");
    println!("PutObject from a file: {:.1} s", put.as_secs_f64());
    println!("GetObject to a file: {:.1} s", get.as_secs_f64());
    println!(
        "peak RSS before the transfers: {:.1} MiB",
        before as f64 / 1024.0
    );
    println!(
        "peak RSS after PutObject: {:.1} MiB",
        after_put as f64 / 1024.0
    );
    println!(
        "peak RSS after GetObject: {:.1} MiB",
        after_get as f64 / 1024.0
    );
}
