// The command line of jxaudit and jxaudit-full, one definition for both: every command, its options and their
// checks (CLI11), a mistyped command named with the nearest one.
#pragma once

#include <optional>

#include "cli/commands.h"

namespace jx::cli {

struct CommandLine {
  std::optional<Command> command;  // nullopt: nothing to run, the process ends with `code`
  CommandOptions options;
  ExitCode code = ExitCode::Ran;  // --help and --version: Ran (they were printed); bad usage: Usage (said on stderr)

  CommandLine& exit(ExitCode c) {
    command.reset();
    code = c;
    return *this;
  }
};

// Parses `argv`. --help, --version and bad usage are printed here and give no command.
CommandLine parse_command_line(int argc, char** argv);

}  // namespace jx::cli
