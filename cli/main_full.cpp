// jxaudit-full: the whole command line, every command run in this process (cli/commands.h). The jxaudit binary
// hands it the commands that are not the text path's (see cli/main.cpp); run directly, it does all of them.
#include <iostream>

#include "cli/command_line.h"
#include "cli/commands.h"

int main(int argc, char** argv) {
  return static_cast<int>(jx::cli::run_guarded(
      [&] {
        auto line = jx::cli::parse_command_line(argc, argv);
        if (!line.command) return line.code;
        return jx::cli::run_command(*line.command, line.options, argv, std::cout, std::cerr);
      },
      std::cerr));
}
