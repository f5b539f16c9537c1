//! Command-line entry point of the generator.

fn main() {
    eprintln!("generator: not wired yet");
    std::process::exit(2);
}
