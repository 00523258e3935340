#include "ui/history/failureview.h"

#include "render/historyjsonwriter.h"
#include "ui/history/eventicons.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QPalette>
#include <QUrl>

namespace hl {

namespace {

QString esc(const QString& text)
{
    return text.toHtmlEscaped();
}

} // namespace

FailureView::FailureView(QWidget* parent) : QTextBrowser(parent)
{
    setOpenLinks(false);
    setLineWrapMode(QTextEdit::WidgetWidth);
    setTextInteractionFlags(Qt::TextBrowserInteraction);
    connect(this, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        // copy:<what>:<level>
        const QStringList parts = url.toString().split(QLatin1Char(':'));
        if (parts.size() != 3 || parts[0] != QLatin1String("copy"))
            return;
        const int level = parts[2].toInt();
        if (parts[1] == QLatin1String("message"))
            copy(Copy::Message, level);
        else if (parts[1] == QLatin1String("stack"))
            copy(Copy::StackTrace, level);
        else if (parts[1] == QLatin1String("json"))
            copy(Copy::Json, level);
    });
}

void FailureView::setFailure(const temporal::api::failure::v1::Failure& failure, const PayloadContext& context, const QString& path)
{
    m_chain = FailureChain::of(failure, context, path);
    m_context = context;
    render();
}

void FailureView::clearFailure()
{
    m_chain = FailureChain();
    m_context = PayloadContext();
    clear();
}

QString FailureView::copy(Copy what, int level)
{
    if (level < 0 || size_t(level) >= m_chain.levels().size())
        return {};
    const FailureChain::Level& shown = m_chain.levels()[size_t(level)];
    QString text;
    switch (what) {
    case Copy::Message:
        text = shown.message;
        break;
    case Copy::StackTrace:
        text = shown.stackText;
        text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
        break;
    case Copy::Json: {
        HistoryJsonWriter writer(HistoryJsonWriter::Style::Readable);
        writer.setPayloadContext(m_context);
        text = QString::fromStdString(writer.messageJson(*shown.failure));
        break;
    }
    }
    QApplication::clipboard()->setText(text);
    return text;
}

void FailureView::render()
{
    const QPalette palette = QApplication::palette();
    const QString problem = EventIcons::problemColor().name();
    // SDK and runtime frames: between the text and the background, readable but out of the way, in either theme.
    const QColor text = palette.color(QPalette::Text);
    const QColor base = palette.color(QPalette::Base);
    const QString dim = QColor((text.red() * 55 + base.red() * 45) / 100, (text.green() * 55 + base.green() * 45) / 100,
                               (text.blue() * 55 + base.blue() * 45) / 100).name();
    const QString card = palette.color(QPalette::AlternateBase).name();
    const QString link = palette.color(QPalette::Link).name();
    const QString mono = QFontDatabase::systemFont(QFontDatabase::FixedFont).family();

    QString html;
    html += QStringLiteral("<html><body>");
    int index = 0;
    for (const FailureChain::Level& level : m_chain.levels()) {
        QString heading = index == 0 ? tr("Failure") : tr("Cause %1").arg(index);
        QString kind = level.kind.isEmpty() ? QString() : tr("%1 failure").arg(level.kind);
        if (!level.type.isEmpty())
            kind += (kind.isEmpty() ? QString() : QStringLiteral(" · ")) + level.type;
        html += QStringLiteral("<table width='100%' cellspacing='0' cellpadding='6' style='background-color:%1; margin-top:6px'><tr><td>")
                    .arg(card);
        html += QStringLiteral("<div style='color:%1'>%2%3</div>")
                    .arg(dim, esc(heading), kind.isEmpty() ? QString() : QStringLiteral(" · ") + esc(kind));
        html += QStringLiteral("<p style='color:%1; font-weight:bold; white-space:pre-wrap; margin-top:2px'>%2</p>")
                    .arg(problem, esc(level.message.isEmpty() ? tr("(no message)") : level.message));
        QStringList facts;
        if (!level.source.isEmpty())
            facts << QStringLiteral("<b>%1</b> %2").arg(tr("Source"), esc(level.source));
        for (const auto& [name, value] : level.facts) {
            if (!value.isEmpty())
                facts << QStringLiteral("<b>%1</b> %2").arg(esc(name), esc(value));
        }
        if (!facts.isEmpty())
            html += QStringLiteral("<p>%1</p>").arg(facts.join(QStringLiteral(" &nbsp;·&nbsp; ")));
        if (!level.details.isEmpty())
            html += QStringLiteral("<p><b>%1</b> <span style='font-family:\"%2\"; white-space:pre-wrap'>%3</span></p>")
                        .arg(tr("Details"), esc(mono), esc(level.details));
        const auto& frames = level.stack.frames();
        if (!frames.empty()) {
            const auto users = std::count_if(frames.begin(), frames.end(), [](const StackFrame& f) { return f.user; });
            QString about = StackTrace::dialectName(level.stack.dialect());
            if (users > 0)
                about += (about.isEmpty() ? QString() : QStringLiteral(" · ")) + tr("%n in your code", nullptr, int(users));
            html += QStringLiteral("<p style='margin-bottom:2px'><b>%1</b> <span style='color:%2'>%3</span></p>")
                        .arg(tr("Stack trace"), dim, esc(about.isEmpty() ? QString() : QStringLiteral("(%1)").arg(about)));
            const size_t shown = std::min(frames.size(), size_t(kMaxShownFrames));
            for (size_t i = 0; i < shown; ++i) {
                const StackFrame& frame = frames[i];
                const QString style = frame.user ? QStringLiteral("font-weight:bold")
                                                 : QStringLiteral("color:%1").arg(dim);
                html += QStringLiteral("<p style='margin:0; font-family:\"%1\"; white-space:pre-wrap; %2'>%3</p>")
                            .arg(esc(mono), style, esc(frame.text));
            }
            if (shown < frames.size())
                html += QStringLiteral("<p style='color:%1'>%2</p>")
                            .arg(dim, tr("… %1 more frames (Copy stack trace takes them all)").arg(frames.size() - shown));
        }
        QStringList actions;
        actions << QStringLiteral("<a style='color:%1' href='copy:message:%2'>%3</a>").arg(link).arg(index).arg(tr("Copy message"));
        if (!level.stackText.isEmpty())
            actions << QStringLiteral("<a style='color:%1' href='copy:stack:%2'>%3</a>").arg(link).arg(index).arg(tr("Copy stack trace"));
        actions << QStringLiteral("<a style='color:%1' href='copy:json:%2'>%3</a>").arg(link).arg(index).arg(tr("Copy failure as JSON"));
        html += QStringLiteral("<p style='margin-top:6px'>%1</p>").arg(actions.join(QStringLiteral(" &nbsp;·&nbsp; ")));
        html += QStringLiteral("</td></tr></table>");
        ++index;
    }
    if (m_chain.truncated())
        html += QStringLiteral("<p style='color:%1'>%2</p>").arg(dim, tr("Causes deeper than %1 levels are not shown.").arg(FailureChain::kMaxDepth));
    html += QStringLiteral("</body></html>");
    setHtml(html);
}

} // namespace hl
