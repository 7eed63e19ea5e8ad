import Foundation

// Subcommand hook for the API-client benchmark (bench/alicloud-bench/CloudCallBench.swift).
if CommandLine.arguments.dropFirst().first == "cloud-call" {
  exit(await CloudCallBench.run(Array(CommandLine.arguments.dropFirst(2))))
}

print("alicloud-bench: not built yet")
