fn main() -> std::process::ExitCode {
    worky::cli::main()
}
