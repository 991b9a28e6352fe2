//! The `siemulator` command.
fn main() {
    let events = siemulator::Generator::new(&siemulator::GenerateRequest::new("linux_auth", 10)).expect("valid request");
    for event in events {
        println!("{}", event.raw);
    }
}
