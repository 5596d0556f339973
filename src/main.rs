fn main() {
    std::process::exit(baomi::cli::run());
}
