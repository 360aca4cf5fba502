#include "core/outcome.h"

namespace jx {

const char* to_string(Outcome o) {
  switch (o) {
    case Outcome::Ok:
      return "ok";
    case Outcome::NotFound:
      return "not_found";
    case Outcome::NotPdf:
      return "not_pdf";
    case Outcome::Empty:
      return "empty";
    case Outcome::Damaged:
      return "damaged";
    case Outcome::Encrypted:
      return "encrypted";
    case Outcome::NoTextLayer:
      return "no_text_layer";
    case Outcome::NoTable:
      return "no_table";
    case Outcome::LimitExceeded:
      return "limit_exceeded";
    case Outcome::Timeout:
      return "timeout";
    case Outcome::Crashed:
      return "crashed";
    case Outcome::Internal:
      return "internal";
  }
  return "internal";
}

std::string outcome_label_zh(const std::string& id) {
  static const struct {
    const char* id;
    const char* zh;
  } kLabels[] = {
      {"ok", "审核完成"},
      {"not_found", "文件不存在或无法打开"},
      {"not_pdf", "不是PDF文件"},
      {"empty", "空文件"},
      {"damaged", "文件已损坏，无法打开"},
      {"encrypted", "文件已加密，需要密码"},
      {"no_text_layer", "没有可用的文字层，且无法进行OCR识别"},
      {"no_table", "未找到绩效自评表"},
      {"limit_exceeded", "超出处理上限"},
      {"timeout", "处理超时"},
      {"crashed", "处理进程异常退出"},
      {"internal", "程序内部错误"},
  };
  for (const auto& l : kLabels)
    if (id == l.id) return l.zh;
  return id;
}

}  // namespace jx
