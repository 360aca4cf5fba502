// jxaudit: the command line. The text path's commands (audit without -o, tables, rules check) run here, in a binary
// that links only what reading a PDF's text layer needs (Poppler shared; ICU, RE2, Nettle and libdeflate linked in
// from their static archives, toml++ header-only): a one-file audit starts as fast as the floor allows. Every other
// command (a batch, merge, history, review, letters, serve) is handed to jxaudit-full, the same command line with the
// batch's outputs, the register, the letters and the server, by exec with the same arguments.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "core/companion.h"
#include "extract/ocr/ocr_env.h"

namespace {

// Runs jxaudit-full with `argv` in place of this process; returns only when none could be run (said on `err`).
jx::cli::ExitCode exec_full(char** argv, std::ostream& err) {
  std::string tried;
  for (const auto& path : jx::companion_candidates("jxaudit-full", "JXAUDIT_FULL", JX_FULL_PATH)) {
    ::execv(path.c_str(), argv);
    tried += (tried.empty() ? "" : "; ") + path + ": " + std::strerror(errno);
  }
  err << "jxaudit: this command is run by jxaudit-full, which cannot be started (" << tried << "); reinstall jxaudit\n";
  return jx::cli::ExitCode::InputsFailed;
}

}  // namespace

int main(int argc, char** argv) {
  const int code = static_cast<int>(jx::cli::run_guarded(
      [&] {
        auto line = jx::cli::parse_command_line(argc, argv);
        if (!line.command) return line.code;
        if (!jx::cli::runs_in_text_binary(*line.command, line.options)) {
          // A batch keeps Tesseract to one thread; set here, jxaudit-full need not start a second time to set it.
          if (*line.command == jx::cli::Command::Audit) jx::extract::limit_openmp_for_next_program();
          return exec_full(argv, std::cerr);
        }
        return jx::cli::run_text_command(*line.command, line.options, std::cout, std::cerr);
      },
      std::cerr));
#if !defined(__SANITIZE_ADDRESS__)
  // The command is done and its objects are gone; what is left is the libraries' exit handlers and static
  // destructors (Poppler's, ICU's, the allocator's), which free memory the kernel is about to take back whole. Exit
  // without them, once the streams are written out. A build with a sanitizer exits normally, so that its leak check
  // still runs.
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  std::_Exit(code);
#else
  return code;
#endif
}
