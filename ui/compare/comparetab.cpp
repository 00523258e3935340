#include "ui/compare/comparetab.h"

#include "session/comparisontask.h"
#include "session/workthreads.h"
#include "ui/compare/comparisondetailview.h"
#include "ui/compare/comparisonmodel.h"
#include "ui/history/historytab.h"
#include "ui/history/historytreemodel.h"
#include "ui/history/historyview.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace hl {

namespace {

// How long a source must stay still before it is compared again: a frontend's pages and a re-decode come in bursts.
constexpr int kSettleMs = 250;

QString sideName(int side)
{
    return side == 0 ? QStringLiteral("A") : QStringLiteral("B");
}

} // namespace

CompareTab::CompareTab(HistoryTab* a, HistoryTab* b, QWidget* parent)
    : QWidget(parent), m_model(new ComparisonModel(this)), m_table(new QTableView(this)), m_detail(new ComparisonDetailView(this)),
      m_summary(new QLabel(this)), m_ignoreTiming(new QCheckBox(tr("Ignore timing"), this)),
      m_showUnchanged(new QCheckBox(tr("Show unchanged steps"), this)), m_progress(new QProgressBar(this)),
      m_cancel(new QPushButton(tr("Cancel"), this)), m_delay(new QTimer(this))
{
    m_sources[0].tab = a;
    m_sources[1].tab = b;

    // What A and B are, one line each, with a button that swaps them.
    auto* sides = new QWidget(this);
    auto* sidesLayout = new QHBoxLayout(sides);
    sidesLayout->setContentsMargins(6, 4, 6, 0);
    auto* labels = new QVBoxLayout;
    for (int side = 0; side < 2; ++side) {
        m_sideLabels[side] = new QLabel(sides);
        m_sideLabels[side]->setTextFormat(Qt::RichText);
        m_sideLabels[side]->setTextInteractionFlags(Qt::TextSelectableByMouse);
        labels->addWidget(m_sideLabels[side]);
    }
    sidesLayout->addLayout(labels, 1);
    auto* swap = new QToolButton(sides);
    swap->setText(tr("Swap A and B"));
    swap->setToolTip(tr("B becomes A and A becomes B"));
    connect(swap, &QToolButton::clicked, this, &CompareTab::swapSides);
    sidesLayout->addWidget(swap);

    // The summary line, then the tools.
    QFont bold = m_summary->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.1);
    m_summary->setFont(bold);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setTextFormat(Qt::RichText); // what it quotes (a load's error) is escaped
    m_summary->setContentsMargins(6, 4, 6, 2);
    auto* bar = new QWidget(this);
    auto* barLayout = new QHBoxLayout(bar);
    barLayout->setContentsMargins(6, 0, 6, 2);
    auto* previous = new QToolButton(bar);
    previous->setText(tr("Previous Difference"));
    previous->setToolTip(tr("The step that differs before this one (Shift+F7)"));
    connect(previous, &QToolButton::clicked, this, [this] { selectNextDifference(true); });
    auto* next = new QToolButton(bar);
    next->setText(tr("Next Difference"));
    next->setToolTip(tr("The step that differs after this one (F7)"));
    connect(next, &QToolButton::clicked, this, [this] { selectNextDifference(false); });
    barLayout->addWidget(previous);
    barLayout->addWidget(next);
    barLayout->addSpacing(12);
    m_ignoreTiming->setObjectName(QStringLiteral("ignoreTiming"));
    m_showUnchanged->setObjectName(QStringLiteral("showUnchanged"));
    m_ignoreTiming->setToolTip(tr("Do not compare when steps started and how long they took"));
    m_showUnchanged->setToolTip(tr("Show every step, not only those around a difference"));
    barLayout->addWidget(m_ignoreTiming);
    barLayout->addWidget(m_showUnchanged);
    connect(m_ignoreTiming, &QCheckBox::toggled, this, &CompareTab::setIgnoreTiming);
    connect(m_showUnchanged, &QCheckBox::toggled, this, &CompareTab::setShowUnchanged);
    barLayout->addStretch(1);
    m_progress->setRange(0, 0);
    m_progress->setMaximumWidth(120);
    m_progress->setTextVisible(false);
    barLayout->addWidget(m_progress);
    barLayout->addWidget(m_cancel);
    connect(m_cancel, &QPushButton::clicked, this, &CompareTab::cancel);

    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setShowGrid(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setHighlightSections(false);
    const int digit = m_table->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    // The steps and the difference share what the outcomes and times leave.
    for (const int column : {ComparisonModel::OutcomeA, ComparisonModel::OutcomeB})
        m_table->setColumnWidth(column, digit * 19);
    for (const int column : {ComparisonModel::TimeA, ComparisonModel::TimeB})
        m_table->setColumnWidth(column, digit * 14);
    for (const int column : {ComparisonModel::StepA, ComparisonModel::Difference, ComparisonModel::StepB})
        m_table->horizontalHeader()->setSectionResizeMode(column, QHeaderView::Stretch);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &CompareTab::showSelected);
    auto unfold = [this](const QModelIndex& index) {
        if (m_model->isFold(index.row())) {
            const int row = index.row();
            m_model->unfold(row);
            selectTableRow(row);
        }
    };
    connect(m_table, &QTableView::activated, this, unfold);
    connect(m_table, &QTableView::doubleClicked, this, unfold);
    connect(m_model, &QAbstractItemModel::modelReset, this, &CompareTab::updateSpans);
    connect(m_model, &ComparisonModel::unfolded, this, &CompareTab::updateSpans);

    // The table takes the whole width, so both sides' steps have room; the detail pane sits below it.
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(sides);
    layout->addWidget(m_summary);
    layout->addWidget(bar);
    layout->addWidget(splitter, 1);

    m_delay->setSingleShot(true);
    m_delay->setInterval(kSettleMs);
    connect(m_delay, &QTimer::timeout, this, &CompareTab::compareNow);
    for (int side = 0; side < 2; ++side)
        watch(side);
    compareNow();
}

CompareTab::~CompareTab()
{
    if (m_task)
        m_task->cancel();
    // Both sides' steps may be held only here: freed on the pool, not on the GUI thread.
    m_detail->showRow(nullptr, nullptr);
    m_model->setComparison(nullptr);
    WorkThreads::instance().release(std::move(m_comparison));
}

HistoryTab* CompareTab::source(int side) const
{
    return m_sources[side].tab;
}

const std::shared_ptr<const HistoryComparison>& CompareTab::comparison() const
{
    return m_comparison;
}

bool CompareTab::isComparing() const
{
    return m_task && m_task->isRunning();
}

// A side follows its tab: loaded again, decoded again, grown.
void CompareTab::watch(int side)
{
    Source& source = m_sources[side];
    if (!source.tab)
        return;
    connect(source.tab, &HistoryTab::changed, this, [this, side] { readSource(side); });
    connect(source.tab, &HistoryTab::loadFinished, this, [this, side] { readSource(side); });
    connect(source.tab, &QObject::destroyed, this, [this, side] {
        m_sources[side].sourceText += tr(" (tab closed)");
        // Said later: a window closing destroys its tabs one by one, and none of them is to be told of it.
        QTimer::singleShot(0, this, [this] {
            QString why;
            if (!m_comparison && !m_task && waiting(&why))
                m_summary->setText(why.toHtmlEscaped());
            updateHeader();
            Q_EMIT changed();
        });
    });
    readSource(side);
}

void CompareTab::readSource(int side)
{
    Source& source = m_sources[side];
    if (!source.tab)
        return;
    source.title = source.tab->title();
    source.sourceText = source.tab->sourceText();
    HistoryView* view = source.tab->historyView();
    if (view != source.view) {
        if (source.view)
            source.view->disconnect(this);
        source.view = view;
        if (view) {
            connect(view, &HistoryView::redecoded, this, [this, side] { readSource(side); });
            connect(view, &HistoryView::historyGrown, this, [this, side] { readSource(side); });
        }
    }
    // A snapshot being loaded or decoded again is compared when it is whole.
    if (view && !source.tab->isLoading() && !view->isDecoding()) {
        const History& history = view->model()->history();
        const PayloadContext& context = view->model()->payloadContext();
        const bool same = history.eventCount() == source.history.eventCount() && history.pages() == source.history.pages()
                          && context.decoded == source.context.decoded;
        if (!same) {
            source.history = history;
            source.context = context;
            source.steps.reset();
            ++source.generation;
            scheduleComparison();
        }
    }
    // Still waiting for a side: say what for (it may have failed to load meanwhile).
    QString why;
    if (!m_comparison && !m_task && !m_delay->isActive() && waiting(&why))
        m_summary->setText(why.toHtmlEscaped());
    updateHeader();
    Q_EMIT changed();
}

void CompareTab::scheduleComparison()
{
    m_delay->start();
}

bool CompareTab::waiting(QString* why) const
{
    for (int side = 0; side < 2; ++side) {
        const Source& source = m_sources[side];
        if (!source.history.isEmpty())
            continue;
        if (!source.tab)
            *why = tr("%1's tab was closed before it loaded").arg(sideName(side));
        else if (!source.tab->errorText().isEmpty() && !source.tab->isLoading())
            *why = tr("%1 could not be loaded: %2").arg(sideName(side), source.tab->errorText());
        else
            *why = tr("Waiting for %1 to load…").arg(sideName(side));
        return true;
    }
    return false;
}

void CompareTab::compareNow()
{
    m_delay->stop();
    dropTask();
    QString why;
    if (waiting(&why)) {
        m_summary->setText(why.toHtmlEscaped());
        m_progress->hide();
        m_cancel->hide();
        Q_EMIT changed();
        return;
    }
    HistoryComparison::Options options;
    options.ignoreTiming = m_ignoreTiming->isChecked();
    ComparisonTask::Side sides[2];
    for (int side = 0; side < 2; ++side) {
        sides[side] = {m_sources[side].history, m_sources[side].context, m_sources[side].steps};
        m_taskGenerations[side] = m_sources[side].generation;
    }
    m_task = new ComparisonTask(sides[0], sides[1], options, this);
    connect(m_task, &ComparisonTask::finished, this, [this] {
        ComparisonTask* task = m_task;
        m_task = nullptr;
        task->deleteLater();
        std::shared_ptr<const HistoryComparison> comparison = task->comparison();
        // A side that changed meanwhile makes this comparison out of date: it is dropped, and the one scheduled for
        // the new snapshot shows instead.
        for (int side = 0; side < 2; ++side) {
            if (m_sources[side].generation != m_taskGenerations[side]) {
                WorkThreads::instance().release(std::move(comparison));
                if (!m_delay->isActive())
                    compareNow();
                return;
            }
        }
        // The steps are kept for the next comparison of the same snapshots (an option changed).
        m_sources[0].steps = comparison->sideA();
        m_sources[1].steps = comparison->sideB();
        showComparison(std::move(comparison));
    });
    m_task->start();
    m_summary->setText(m_comparison ? tr("Comparing again…") : tr("Comparing…"));
    m_progress->show();
    m_cancel->show();
    Q_EMIT changed();
}

// The comparison in progress, cancelled and let go: what it would report is dropped.
void CompareTab::dropTask()
{
    if (!m_task)
        return;
    m_task->disconnect(this);
    m_task->cancel();
    m_task->deleteLater();
    m_task = nullptr;
}

void CompareTab::showComparison(std::shared_ptr<const HistoryComparison> comparison)
{
    // The selection stays on the same step where it can: the one with the same place in A and B, or in B, or in A.
    const QModelIndex current = m_table->currentIndex();
    const HistoryComparison::Row* selected = current.isValid() ? m_model->comparisonRow(current.row()) : nullptr;
    const bool workflowSelected = selected && m_comparison && selected == &m_comparison->workflow();
    int selectedA = selected && !workflowSelected ? selected->a : -1;
    int selectedB = selected && !workflowSelected ? selected->b : -1;
    if (m_swapped)
        std::swap(selectedA, selectedB);
    m_swapped = false;

    std::shared_ptr<const HistoryComparison> old = std::move(m_comparison);
    m_comparison = std::move(comparison);
    m_detail->showRow(nullptr, nullptr);
    m_model->setComparison(m_comparison);
    // The last share of the comparison before (both sides' steps) is freed on the pool, not here.
    WorkThreads::instance().release(std::move(old));
    m_progress->hide();
    m_cancel->hide();

    const HistoryComparison& result = *m_comparison;
    const QString summary = result.summary();
    QString colour = palette().color(QPalette::Text).name();
    if (!result.equal())
        colour = palette().color(QPalette::Base).lightness() < 128 ? QStringLiteral("#f0c65a") : QStringLiteral("#8a5a00");
    m_summary->setText(QStringLiteral("<span style='color:%1'>%2</span> <span style='color:gray;font-weight:normal'>· %3 steps in A, %4 in B</span>")
                           .arg(colour, summary.toHtmlEscaped())
                           .arg(result.a().steps().size())
                           .arg(result.b().steps().size()));
    m_summary->setToolTip(summary.toHtmlEscaped());

    int row = workflowSelected ? 0 : -1;
    if (selectedA >= 0 || selectedB >= 0) {
        int byB = -1, byA = -1;
        for (size_t i = 0; i < result.rows().size(); ++i) {
            const HistoryComparison::Row& each = result.rows()[i];
            if (each.a == selectedA && each.b == selectedB) {
                byB = byA = int(i);
                break;
            }
            if (byB < 0 && selectedB >= 0 && each.b == selectedB)
                byB = int(i);
            if (byA < 0 && selectedA >= 0 && each.a == selectedA)
                byA = int(i);
        }
        const int found = byB >= 0 ? byB : byA;
        if (found >= 0)
            row = m_model->tableRowOf(found);
    }
    if (row < 0) // the first difference, the workflow's own row included
        row = !result.workflow().differences.empty() ? 0 : std::max(0, m_model->nextDifference(0, false));
    selectTableRow(row);
    updateHeader();
    Q_EMIT changed();
    Q_EMIT compared();
}

void CompareTab::selectTableRow(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    const QModelIndex index = m_model->index(row, ComparisonModel::StepA);
    m_table->setCurrentIndex(index); // currentRowChanged shows it in the detail pane
    m_table->scrollTo(index, QAbstractItemView::PositionAtCenter);
    if (m_detail->row() != m_model->comparisonRow(row))
        showSelected();
}

void CompareTab::showSelected()
{
    const QModelIndex current = m_table->currentIndex();
    m_detail->showRow(m_comparison, current.isValid() ? m_model->comparisonRow(current.row()) : nullptr);
}

bool CompareTab::selectNextDifference(bool backwards)
{
    if (!m_comparison)
        return false;
    const QModelIndex current = m_table->currentIndex();
    const int from = current.isValid() ? current.row() : (backwards ? m_model->rowCount() : -1);
    const int row = m_model->nextDifference(from, backwards);
    if (row < 0)
        return false;
    selectTableRow(row);
    return true;
}

void CompareTab::swapSides()
{
    std::swap(m_sources[0], m_sources[1]);
    m_swapped = true; // the selection's place in A is its place in B now
    // The snapshots (and their steps) go with their sides; the tabs are watched again under their new names.
    for (Source& source : m_sources) {
        if (source.tab)
            source.tab->disconnect(this);
        if (source.view)
            source.view->disconnect(this);
        source.view = nullptr;
    }
    for (int side = 0; side < 2; ++side)
        watch(side);
    compareNow();
}

void CompareTab::setIgnoreTiming(bool ignore)
{
    if (m_ignoreTiming->isChecked() != ignore)
        m_ignoreTiming->setChecked(ignore); // comes back here through toggled
    else
        compareNow();
}

void CompareTab::setShowUnchanged(bool show)
{
    if (m_showUnchanged->isChecked() != show) {
        m_showUnchanged->setChecked(show);
        return;
    }
    const QModelIndex current = m_table->currentIndex();
    const HistoryComparison::Row* selected = current.isValid() ? m_model->comparisonRow(current.row()) : nullptr;
    m_model->setShowUnchanged(show);
    if (selected && m_comparison)
        selectTableRow(selected == &m_comparison->workflow() ? 0 : m_model->tableRowOf(int(selected - m_comparison->rows().data())));
}

void CompareTab::reload()
{
    for (const Source& source : m_sources) {
        if (source.tab && source.tab->canReload())
            source.tab->reload();
    }
}

void CompareTab::cancel()
{
    if (!m_task)
        return;
    dropTask();
    m_progress->hide();
    m_cancel->hide();
    m_summary->setText((m_comparison ? m_comparison->summary() + tr(" (comparing again was cancelled)") : tr("Comparison cancelled")).toHtmlEscaped());
    Q_EMIT changed();
}

void CompareTab::refreshColours()
{
    m_detail->refresh();
    m_table->viewport()->update();
    if (m_comparison && !m_task)
        showComparison(m_comparison);
}

void CompareTab::updateSpans()
{
    m_table->clearSpans();
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->isFold(row))
            m_table->setSpan(row, 0, 1, ComparisonModel::ColumnCount);
    }
}

void CompareTab::updateHeader()
{
    for (int side = 0; side < 2; ++side) {
        const Source& source = m_sources[side];
        QString text = QStringLiteral("<b>%1</b>&nbsp;&nbsp;").arg(sideName(side));
        if (!source.history.isEmpty())
            text += QStringLiteral("%1 · %2 · %3 events&nbsp;&nbsp;<span style='color:gray'>%4</span>")
                        .arg(source.history.workflowType().toHtmlEscaped(), source.history.workflowId().toHtmlEscaped())
                        .arg(source.history.eventCount())
                        .arg(source.sourceText.toHtmlEscaped());
        else
            text += source.sourceText.toHtmlEscaped();
        m_sideLabels[side]->setText(text);
    }
}

QString CompareTab::title() const
{
    // Two runs of one workflow are told apart by their tabs' titles (a frontend's names the run, a file's the file).
    const bool sameId = m_sources[0].history.workflowId() == m_sources[1].history.workflowId();
    auto name = [sameId](const Source& source) {
        return source.history.isEmpty() || sameId || source.history.workflowId().isEmpty() ? source.title : source.history.workflowId();
    };
    return tr("Compare: %1 ⇄ %2").arg(name(m_sources[0]), name(m_sources[1]));
}

QString CompareTab::sourceText() const
{
    return tr("A: %1\nB: %2").arg(m_sources[0].sourceText, m_sources[1].sourceText);
}

QString CompareTab::summaryText() const
{
    QString why;
    if (!m_comparison && waiting(&why))
        return why;
    if (isComparing())
        return tr("Comparing…");
    return m_comparison ? m_comparison->summary() : QString();
}

} // namespace hl
