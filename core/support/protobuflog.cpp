#include "support/protobuflog.h"

#include <google/protobuf/stubs/logging.h>

#include <QLoggingCategory>

#include <mutex>
#include <string>

namespace hl {

namespace {

Q_LOGGING_CATEGORY(protobufLog, "historylens.protobuf", QtWarningMsg)

thread_local std::string latestMessage;

void handle(google::protobuf::LogLevel level, const char* file, int line, const std::string& message)
{
    latestMessage = message;
    if (level >= google::protobuf::LOGLEVEL_FATAL)
        qCCritical(protobufLog, "%s:%d: %s", file, line, message.c_str()); // protobuf aborts after a fatal message
    else
        qCDebug(protobufLog, "%s:%d: %s", file, line, message.c_str());
}

} // namespace

void ProtobufLog::install()
{
    static std::once_flag once;
    std::call_once(once, [] { google::protobuf::SetLogHandler(&handle); });
}

void ProtobufLog::clear()
{
    latestMessage.clear();
}

QString ProtobufLog::latest()
{
    return QString::fromStdString(latestMessage);
}

} // namespace hl
