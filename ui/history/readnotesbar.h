#pragma once

#ifndef Q_MOC_RUN
#include "history/history.h"
#endif

#include <QWidget>

class QLabel;
class QListWidget;
class QToolButton;

namespace hl {

// What the reader kept aside, repaired or could not read in a history (unknown fields, enum values this build does
// not know, damaged events, an error the source reported), shown above the tree rather than dropped: one line that
// says how many and what; "Show" lists them. Notes that say the same of several events (an unknown field on every
// event of an old file) are one row. Activating a row selects its (first) event. Hidden when there is nothing to say.
class ReadNotesBar : public QWidget {
    Q_OBJECT

public:
    explicit ReadNotesBar(const History& history, QWidget* parent = nullptr);

    int noteCount() const { return m_noteCount; }
    // The rows of the list, as shown.
    QStringList rows() const;
    void setListVisible(bool visible);

Q_SIGNALS:
    void eventActivated(int eventIndex);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void elideSummary();

    QString m_summaryText;
    QLabel* m_summary;
    QToolButton* m_toggle;
    QListWidget* m_list;
    int m_noteCount = 0;
};

} // namespace hl
