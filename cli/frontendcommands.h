#pragma once

#include "cli/connectionoptions.h"
#include "codecserver/codecserversettings.h"
#include "frontend/workflowref.h"
#include "keys/keychainkeystore.h"
#include "keys/keystore.h"
#include "keys/sessionkeystore.h"
#include "session/decoderequest.h"
#include "render/messagetypes.h"
#include "codec/codeccontext.h"
#include "support/readlimits.h"

#include "history/history.h"
#include "render/payloadcontext.h"

#include <QIODevice>
#include <QJsonArray>

#include <functional>

#include <memory>
#include <vector>

namespace hl {

class FrontendClient;
class KeyRing;

// historylens-cli's commands against a Temporal frontend: `show --workflow-id` (with --follow and --reverse),
// `list` and `describe`. Exit codes as the CLI's: 0, 1 (the server or the history failed), 2 (usage), 3 (--strict).
class FrontendCommands {
public:
    struct ShowOptions {
        QString output; // summary, json, readable
        bool quiet = false;
        bool strict = false;
        bool follow = false;
        bool reverse = false;
        qint64 maxEvents = ReadLimits::kDefaultMaxEvents; // PagingGuard's bound on the events of one history
        qint64 maxDecodedBytes = CodecContext::kDefaultMaxDecodedHistoryBytes;
        std::shared_ptr<const MessageTypes> types;
        std::shared_ptr<class CodecServerClient> codecServer; // null: local codecs only
        // Set: the whole history goes here instead of being printed (`timeline`); `live` while the workflow runs.
        std::function<int(const History&, const PayloadContext&, bool live)> sink;
    };

    FrontendCommands(QIODevice& out, QIODevice& err) : m_out(out), m_err(err) {}

    int show(const ConnectionSettings& settings, const WorkflowRef& workflow, const ShowOptions& options,
             const std::vector<KeyStore*>& stores);
    int list(const QStringList& arguments);
    int describe(const QStringList& arguments);
    // `stack -w ID`: the workflow's call stack, as its worker answers the __stack_trace query, decoded.
    int stack(const QStringList& arguments);
    // `trace -w ID`: the workflow's family (root, children to any depth, their runs), the temporal CLI's trace shape
    // with failure messages decoded.
    int trace(const QStringList& arguments);
    // `query -w ID --name NAME [--input JSON]...`: asks the workflow's worker a query, its arguments encoded as the
    // worker's codec expects (a local key, or the Codec Server's /encode), and prints the answer decoded; `--list`
    // lists the queries, signals and updates the worker says it handles.
    int query(const QStringList& arguments);

    // Secrets a user kept in the keychain through the desktop app: the profile's API key (when the file has none)
    // and the client key's passphrase.
    static void addStoredSecrets(ConnectionSettings& settings);
    // The Codec Server's Authorization value and extra headers kept by the desktop app for this endpoint, when the
    // flags, variables and profile gave none.
    static void addStoredSecrets(CodecServerSettings& settings);
    // The Codec Server the flags, variables and profile name for `connection` (null when none), its stored secrets
    // added and its settings checked; an error is a usage error.
    static Result<std::shared_ptr<class CodecServerClient>> codecServerFor(const QCommandLineParser& parser,
                                                                         const class CodecServerOptions& options,
                                                                         const ConnectionSettings& connection);

private:
    // A command about one workflow: which, how to print, and what to reach and decode it with.
    struct Target {
        WorkflowRef workflow;
        QString output;
        std::unique_ptr<FrontendClient> client;
        std::shared_ptr<class CodecServerClient> codecServer;
        SessionKeyStore sessionKeys;
        KeychainKeyStore keychain;
        std::vector<KeyStore*> stores;
        QCommandLineParser parser; // with the command's own options (`extra`), parsed
    };
    int openTarget(const QStringList& arguments, const QString& command, const QString& about, Target* target,
                   const QList<QCommandLineOption>& extra = {});
    Result<PayloadContext> decodeLoose(const Target& target, DecodeRequest request);
    // The target's worker asked a query, the answer's payloads decoded into values.
    Result<QJsonArray> ask(const Target& target, const QString& queryType, const std::vector<temporal::api::common::v1::Payload>& arguments);

    static void readFromKeychain(const std::vector<std::pair<SecretId, SecretPtr*>>& wanted);
    int showReverse(const ConnectionSettings& settings, const WorkflowRef& workflow, const ShowOptions& options,
                    const std::vector<KeyStore*>& stores);
    int fail(const Error& error);
    int usage(const QString& message);
    void print(QIODevice& device, const QString& text);
    // The client the flags and the client configuration describe; null with `exitCode` set when there is none.
    std::unique_ptr<FrontendClient> connect(const QCommandLineParser& parser, const ConnectionOptions& connection, int* exitCode);

    QIODevice& m_out;
    QIODevice& m_err;
};

} // namespace hl
