#include "frontend/frontendclient.h"

#include "frontend/frontenderror.h"
#include "frontend/historyresponseparser.h"
#include "frontend/tlsprobe.h"
#include "frontend/workflowlisting.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/support/proto_buffer_reader.h>

#include <google/protobuf/any.pb.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>
#include <temporal/api/errordetails/v1/message.pb.h>

#include <QFile>
#include <QSslCertificate>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include <cstring>
#include <QSslConfiguration>

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace hl {

namespace {

namespace wf = temporal::api::workflowservice::v1;

const char* const kService = "/temporal.api.workflowservice.v1.WorkflowService/";
constexpr qint64 kMaxPemFileBytes = 1024 * 1024;
constexpr int kCancelPollMs = 50;
constexpr size_t kMaxErrorDetailsBytes = 4 * 1024 * 1024;

// The failure a worker gave for a query, from a failed call's status details: google.rpc.Status's `details`
// (field 3, each an Any) holding a temporal.api.errordetails.v1.QueryFailedFailure. Read with the wire format, since
// google.rpc.Status is not among the generated messages.
std::shared_ptr<const temporal::api::failure::v1::Failure> queryFailureIn(const std::string& details)
{
    google::protobuf::io::CodedInputStream input(reinterpret_cast<const uint8_t*>(details.data()), int(details.size()));
    while (const uint32_t tag = input.ReadTag()) {
        if (google::protobuf::internal::WireFormatLite::GetTagFieldNumber(tag) != 3
            || google::protobuf::internal::WireFormatLite::GetTagWireType(tag) != google::protobuf::internal::WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
            if (!google::protobuf::internal::WireFormatLite::SkipField(&input, tag))
                return nullptr;
            continue;
        }
        std::string bytes;
        uint32_t length = 0;
        if (!input.ReadVarint32(&length) || !input.ReadString(&bytes, int(length)))
            return nullptr;
        google::protobuf::Any any;
        temporal::api::errordetails::v1::QueryFailedFailure failed;
        // A worker's failure without a reason the server passed on (an unknown query name, for some SDKs) is an
        // empty one: still the worker's, not the server's.
        if (any.ParseFromString(bytes) && any.UnpackTo(&failed))
            return std::make_shared<const temporal::api::failure::v1::Failure>(failed.failure());
    }
    return nullptr;
}

Result<QByteArray> readPem(const QString& path, const char* what, const char* marker)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{ErrorCode::ReadFailed, QStringLiteral("cannot read the %1: %2").arg(QLatin1String(what), file.errorString()), path};
    const QByteArray bytes = file.read(kMaxPemFileBytes + 1);
    if (bytes.size() > kMaxPemFileBytes)
        return Error{ErrorCode::TooLarge, QStringLiteral("the %1 is over 1 MiB; is it the right file?").arg(QLatin1String(what)), path};
    if (!bytes.contains(marker))
        return Error{ErrorCode::InvalidStructure,
                     QStringLiteral("the %1 is not in PEM format (no \"-----BEGIN ...\" block)").arg(QLatin1String(what)), path};
    return bytes;
}

// The OS's trusted roots, as PEM, for TLS without a CA of the user's own (gRPC's own default is a bundle file that
// packagers place differently).
std::string systemRootsPem()
{
    std::string pem;
    for (const QSslCertificate& certificate : QSslConfiguration::systemCaCertificates())
        pem += certificate.toPem().toStdString();
    return pem;
}

// gRPC takes a client key only as plain PEM: an encrypted one is opened with its passphrase (OpenSSL) into a buffer
// the caller wipes.
Result<std::string> openClientKey(const std::string& pem, const SecretPtr& passphrase, const QString& where)
{
    if (pem.find("ENCRYPTED") == std::string::npos)
        return pem;
    if (!passphrase)
        return Error{ErrorCode::UsageError,
                     QStringLiteral("the client key is encrypted: give its passphrase (File › Connect keeps it in the OS keychain)"),
                     where};
    BIO* in = BIO_new_mem_buf(pem.data(), int(pem.size()));
    struct Passphrase {
        const SecretBytes* secret;
    } context{passphrase.get()};
    auto callback = [](char* buffer, int size, int, void* user) -> int {
        const SecretBytes* secret = static_cast<Passphrase*>(user)->secret;
        if (int(secret->size()) > size)
            return -1;
        std::memcpy(buffer, secret->data(), secret->size());
        return int(secret->size());
    };
    EVP_PKEY* key = PEM_read_bio_PrivateKey(in, nullptr, callback, &context);
    BIO_free(in);
    ERR_clear_error();
    if (!key)
        return Error{ErrorCode::InvalidKey, QStringLiteral("the passphrase does not open the client key"), where};
    BIO* out = BIO_new(BIO_s_secmem());
    const bool written = PEM_write_bio_PrivateKey(out, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
    EVP_PKEY_free(key);
    std::string plain;
    if (written) {
        char* data = nullptr;
        const long size = BIO_get_mem_data(out, &data);
        plain.assign(data, size_t(size));
    }
    BIO_free(out); // secure-heap memory is cleared when freed
    if (!written)
        return Error{ErrorCode::InvalidKey, QStringLiteral("the client key could not be read"), where};
    return plain;
}

grpc::ByteBuffer serialize(const google::protobuf::Message& message)
{
    const std::string bytes = message.SerializeAsString();
    grpc::Slice slice(bytes);
    return grpc::ByteBuffer(&slice, 1);
}

QByteArray bytesOf(const grpc::ByteBuffer& buffer)
{
    std::vector<grpc::Slice> slices;
    QByteArray bytes;
    if (!buffer.Dump(&slices).ok())
        return bytes;
    bytes.reserve(qsizetype(buffer.Length()));
    for (const grpc::Slice& slice : slices)
        bytes.append(reinterpret_cast<const char*>(slice.begin()), qsizetype(slice.size()));
    return bytes;
}

} // namespace

class FrontendClient::Channel {
public:
    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<grpc::GenericStub> stub;

    struct Call {
        QString method;
        WorkflowRef workflow;
        bool namespaced = true;
        int deadlineMs = kDefaultDeadlineMs;
    };

    // `errorDetails`, when given, receives a failed call's status details (a serialized google.rpc.Status).
    Result<QByteArray> call(const FrontendClient& client, const Call& call, const google::protobuf::Message& request,
                            std::string* errorDetails = nullptr)
    {
        const ConnectionSettings& settings = client.m_settings;
        if (client.isCancelled())
            return Error{ErrorCode::Cancelled, QStringLiteral("cancelled")};
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(call.deadlineMs));
        context.set_compression_algorithm(GRPC_COMPRESS_GZIP);
        bool hasAuthorization = false;
        for (const auto& [key, value] : settings.grpcMeta) {
            hasAuthorization |= key == QLatin1String("authorization");
            context.AddMetadata(key.toStdString(), value.toStdString());
        }
        if (settings.apiKey && !hasAuthorization) {
            std::string bearer = "Bearer ";
            bearer.append(reinterpret_cast<const char*>(settings.apiKey->data()), settings.apiKey->size());
            context.AddMetadata("authorization", bearer);
            std::fill(bearer.begin(), bearer.end(), '\0');
        }
        // Temporal Cloud routes API-key calls by this header; the SDKs send it on every namespaced call.
        if (call.namespaced)
            context.AddMetadata("temporal-namespace", settings.temporalNamespace.toStdString());

        const grpc::ByteBuffer requestBytes = serialize(request);
        grpc::ByteBuffer response;
        std::mutex mutex;
        std::condition_variable done;
        bool finished = false;
        grpc::Status status;
        const std::string method = std::string(kService) + call.method.toStdString();
        stub->UnaryCall(&context, method, grpc::StubOptions(), &requestBytes, &response, [&](grpc::Status result) {
            std::lock_guard<std::mutex> lock(mutex);
            status = std::move(result);
            finished = true;
            done.notify_all();
        });
        {
            std::unique_lock<std::mutex> lock(mutex);
            bool cancelSent = false;
            while (!finished) {
                done.wait_for(lock, std::chrono::milliseconds(kCancelPollMs));
                if (!finished && !cancelSent && client.isCancelled()) {
                    context.TryCancel();
                    cancelSent = true;
                }
            }
        }
        if (!status.ok()) {
            if (errorDetails && status.error_details().size() <= kMaxErrorDetailsBytes)
                *errorDetails = status.error_details();
            FrontendError::Context where{settings.address, settings.temporalNamespace, call.workflow, call.method,
                                         settings.tlsEnabled(), bool(settings.apiKey),
                                         !settings.clientCertPath.isEmpty() || !settings.clientCertData.isEmpty()};
            Error error = FrontendError::fromStatus(int(status.error_code()), QString::fromStdString(status.error_message()), where);
            if (error.code == ErrorCode::TlsFailed || (settings.tlsEnabled() && error.code == ErrorCode::Unavailable)) {
                // gRPC's message rarely names the certificate problem; a handshake of our own does.
                if (const QString problem = TlsProbe::diagnose(settings); !problem.isEmpty())
                    error = Error{ErrorCode::TlsFailed, QStringLiteral("TLS with %1 failed: %2").arg(settings.address, problem)};
            }
            return error;
        }
        return bytesOf(response);
    }
};

FrontendClient::FrontendClient(ConnectionSettings settings) : m_settings(std::move(settings)) {}

FrontendClient::~FrontendClient() = default;

Result<std::unique_ptr<FrontendClient>> FrontendClient::create(ConnectionSettings settings)
{
    if (settings.address.trimmed().isEmpty())
        return Error{ErrorCode::UsageError, QStringLiteral("no frontend address given")};
    settings.address.replace(QLatin1String("${namespace}"), settings.temporalNamespace);
    if (settings.disableHostVerification)
        return Error{ErrorCode::UsageError,
                     QStringLiteral("HistoryLens always verifies the server's certificate; instead of disabling host "
                                    "verification, name the host the certificate is for (--tls-server-name) or give its CA "
                                    "(--tls-ca-path)")};
    grpc::ChannelArguments arguments;
    arguments.SetMaxReceiveMessageSize(kMaxReceiveBytes);
    arguments.SetMaxSendMessageSize(kMaxReceiveBytes);
    arguments.SetCompressionAlgorithm(GRPC_COMPRESS_GZIP);
    arguments.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 30'000);
    arguments.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 15'000);
    // A failed call is reported to the user, who reloads; gRPC does not repeat it behind our back.
    arguments.SetInt(GRPC_ARG_ENABLE_RETRIES, 0);

    std::shared_ptr<grpc::ChannelCredentials> credentials;
    if (settings.tlsEnabled()) {
        grpc::SslCredentialsOptions tls;
        if (!settings.serverCaCertPath.isEmpty()) {
            auto pem = readPem(settings.serverCaCertPath, "server CA certificate", "-----BEGIN");
            if (!pem)
                return pem.error();
            tls.pem_root_certs = pem->toStdString();
        } else if (!settings.serverCaCertData.isEmpty()) {
            tls.pem_root_certs = settings.serverCaCertData.toStdString();
        } else {
            tls.pem_root_certs = systemRootsPem();
        }
        if (!settings.clientCertPath.isEmpty()) {
            auto pem = readPem(settings.clientCertPath, "client certificate", "-----BEGIN");
            if (!pem)
                return pem.error();
            tls.pem_cert_chain = pem->toStdString();
        } else if (!settings.clientCertData.isEmpty()) {
            tls.pem_cert_chain = settings.clientCertData.toStdString();
        }
        if (!settings.clientKeyPath.isEmpty()) {
            auto pem = readPem(settings.clientKeyPath, "client key", "PRIVATE KEY");
            if (!pem)
                return pem.error();
            tls.pem_private_key = pem->toStdString();
            pem->fill('\0');
        } else if (settings.clientKeyData) {
            tls.pem_private_key.assign(reinterpret_cast<const char*>(settings.clientKeyData->data()), settings.clientKeyData->size());
        }
        if (!tls.pem_private_key.empty()) {
            auto opened = openClientKey(tls.pem_private_key, settings.clientKeyPassphrase,
                                        settings.clientKeyPath.isEmpty() ? QStringLiteral("client key data") : settings.clientKeyPath);
            std::fill(tls.pem_private_key.begin(), tls.pem_private_key.end(), '\0');
            if (!opened)
                return opened.error();
            tls.pem_private_key = std::move(opened.value());
        }
        if (tls.pem_cert_chain.empty() != tls.pem_private_key.empty())
            return Error{ErrorCode::UsageError, QStringLiteral("a client certificate needs its key, and a key its certificate "
                                                               "(--tls-cert-path with --tls-key-path)")};
        credentials = grpc::SslCredentials(tls);
        std::fill(tls.pem_private_key.begin(), tls.pem_private_key.end(), '\0');
        if (!settings.serverName.isEmpty())
            arguments.SetSslTargetNameOverride(settings.serverName.toStdString());
    } else {
        credentials = grpc::InsecureChannelCredentials();
    }
    if (!settings.authority.isEmpty())
        arguments.SetString(GRPC_ARG_DEFAULT_AUTHORITY, settings.authority.toStdString());

    std::unique_ptr<FrontendClient> client(new FrontendClient(std::move(settings)));
    if (client->m_settings.callTimeoutMs > 0)
        client->m_deadlineMs = client->m_settings.callTimeoutMs;
    client->m_channel = std::make_unique<Channel>();
    client->m_channel->channel = grpc::CreateCustomChannel(client->m_settings.address.toStdString(), credentials, arguments);
    client->m_channel->stub = std::make_unique<grpc::GenericStub>(client->m_channel->channel);
    return client;
}

void FrontendClient::cancel()
{
    m_cancelled->store(true);
}

void FrontendClient::resetCancel()
{
    m_cancelled->store(false);
}

template <typename Response>
Result<Response> FrontendClient::unary(const QString& method, const WorkflowRef& workflow, bool namespaced,
                                       const google::protobuf::Message& request)
{
    auto bytes = m_channel->call(*this, {method, workflow, namespaced, m_deadlineMs}, request);
    if (!bytes)
        return bytes.error();
    Response response;
    if (!response.ParseFromArray(bytes->constData(), int(bytes->size())))
        return Error{ErrorCode::InvalidStructure, QStringLiteral("%1: the answer does not parse").arg(method), m_settings.address};
    return response;
}

Result<FrontendClient::SystemInfoResponse> FrontendClient::systemInfo()
{
    return unary<SystemInfoResponse>(QStringLiteral("GetSystemInfo"), {}, false, wf::GetSystemInfoRequest());
}

Result<HistoryPageAnswer> FrontendClient::historyPage(const WorkflowRef& workflow, const QByteArray& pageToken, int pageNumber,
                                                      bool waitNewEvent, bool reverse, int maximumPageSize)
{
    // Both requests share their first fields; only the forward one can long-poll.
    auto fill = [&](auto& request) {
        request.set_namespace_(m_settings.temporalNamespace.toStdString());
        request.mutable_execution()->set_workflow_id(workflow.workflowId.toStdString());
        request.mutable_execution()->set_run_id(workflow.runId.toStdString());
        request.set_maximum_page_size(maximumPageSize);
        request.set_next_page_token(pageToken.toStdString());
    };
    Result<QByteArray> bytes = QByteArray();
    if (reverse) {
        wf::GetWorkflowExecutionHistoryReverseRequest request;
        fill(request);
        bytes = m_channel->call(*this, {QStringLiteral("GetWorkflowExecutionHistoryReverse"), workflow, true, m_deadlineMs}, request);
    } else {
        wf::GetWorkflowExecutionHistoryRequest request;
        fill(request);
        request.set_wait_new_event(waitNewEvent);
        request.set_skip_archival(waitNewEvent);
        bytes = m_channel->call(*this, {QStringLiteral("GetWorkflowExecutionHistory"), workflow, true,
                                        waitNewEvent ? kLongPollDeadlineMs : m_deadlineMs},
                                request);
    }
    if (!bytes)
        return bytes.error();
    return HistoryResponseParser::parse(bytes.value(), pageNumber);
}

Result<FrontendClient::DescribeResponse> FrontendClient::describe(const WorkflowRef& workflow)
{
    wf::DescribeWorkflowExecutionRequest request;
    request.set_namespace_(m_settings.temporalNamespace.toStdString());
    request.mutable_execution()->set_workflow_id(workflow.workflowId.toStdString());
    request.mutable_execution()->set_run_id(workflow.runId.toStdString());
    return unary<DescribeResponse>(QStringLiteral("DescribeWorkflowExecution"), workflow, true, request);
}

Result<FrontendClient::ListResponse> FrontendClient::list(const QString& query, int pageSize, const QByteArray& pageToken)
{
    wf::ListWorkflowExecutionsRequest request;
    request.set_namespace_(m_settings.temporalNamespace.toStdString());
    request.set_page_size(pageSize);
    request.set_next_page_token(pageToken.toStdString());
    request.set_query(query.toStdString());
    return unary<ListResponse>(QStringLiteral("ListWorkflowExecutions"), {}, true, request);
}

Result<FrontendClient::TaskQueueResponse> FrontendClient::describeTaskQueue(const QString& name, bool activities)
{
    wf::DescribeTaskQueueRequest request;
    request.set_namespace_(m_settings.temporalNamespace.toStdString());
    request.mutable_task_queue()->set_name(name.toStdString());
    request.mutable_task_queue()->set_kind(temporal::api::enums::v1::TASK_QUEUE_KIND_NORMAL);
    request.set_task_queue_type(activities ? temporal::api::enums::v1::TASK_QUEUE_TYPE_ACTIVITY
                                           : temporal::api::enums::v1::TASK_QUEUE_TYPE_WORKFLOW);
    return unary<TaskQueueResponse>(QStringLiteral("DescribeTaskQueue"), {}, true, request);
}

Result<FrontendClient::QueryResponse> FrontendClient::query(const WorkflowRef& workflow, const QString& queryType,
                                                            const std::vector<temporal::api::common::v1::Payload>& arguments,
                                                            std::shared_ptr<const temporal::api::failure::v1::Failure>* workerFailure)
{
    wf::QueryWorkflowRequest request;
    request.set_namespace_(m_settings.temporalNamespace.toStdString());
    request.mutable_execution()->set_workflow_id(workflow.workflowId.toStdString());
    request.mutable_execution()->set_run_id(workflow.runId.toStdString());
    request.mutable_query()->set_query_type(queryType.toStdString());
    for (const auto& argument : arguments)
        *request.mutable_query()->mutable_query_args()->add_payloads() = argument;
    std::string details;
    auto bytes = m_channel->call(*this, {QStringLiteral("QueryWorkflow"), workflow, true, m_deadlineMs}, request, &details);
    if (!bytes) {
        if (workerFailure)
            *workerFailure = queryFailureIn(details);
        return bytes.error();
    }
    QueryResponse response;
    if (!response.ParseFromArray(bytes->constData(), int(bytes->size())))
        return Error{ErrorCode::InvalidStructure, QStringLiteral("QueryWorkflow: the answer does not parse"), m_settings.address};
    // The workflow closed in a way its worker does not answer for: no answer, said as every caller says it.
    if (response.has_query_rejected())
        return Error{ErrorCode::Unavailable, QStringLiteral("the workflow did not answer: it is %1")
                                                 .arg(WorkflowListing::statusName(response.query_rejected().status()).toLower())};
    return response;
}

Result<qint64> FrontendClient::count(const QString& query)
{
    wf::CountWorkflowExecutionsRequest request;
    request.set_namespace_(m_settings.temporalNamespace.toStdString());
    request.set_query(query.toStdString());
    auto response = unary<wf::CountWorkflowExecutionsResponse>(QStringLiteral("CountWorkflowExecutions"), {}, true, request);
    if (!response)
        return response.error();
    return qint64(response->count());
}

} // namespace hl
