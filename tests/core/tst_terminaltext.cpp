#include "support/terminaltext.h"

#include <QProcess>
#include <QtTest>

using namespace hl;

// Text from histories and peers on a terminal: nothing in it may act as a control sequence or start a line.
class TestTerminalText : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cleanEscapesControls_data();
    void cleanEscapesControls();
    void cleanLinesKeepsOneLineEach();
    void shellQuotedRunsWithTheSameText_data();
    void shellQuotedRunsWithTheSameText();
};

void TestTerminalText::cleanEscapesControls_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("shown");
    QTest::newRow("plain") << QStringLiteral("OrderWorkflow") << QStringLiteral("OrderWorkflow");
    QTest::newRow("unicode kept") << QStringLiteral("Bestellung äöü 注文 🚀") << QStringLiteral("Bestellung äöü 注文 🚀");
    QTest::newRow("clear screen") << QStringLiteral("a\x1b[2Jb") << QStringLiteral("a\\e[2Jb");
    QTest::newRow("window title (OSC)") << QStringLiteral("\x1b]0;pwned\x07") << QStringLiteral("\\e]0;pwned\\x07");
    QTest::newRow("line break") << QStringLiteral("type\r\n99  forged") << QStringLiteral("type\\r\\n99  forged");
    QTest::newRow("tab") << QStringLiteral("a\tb") << QStringLiteral("a\\tb");
    QTest::newRow("NUL and DEL") << QStringView(u"a\u0000b\u007f", 4).toString() << QStringLiteral("a\\x00b\\x7f");
    QTest::newRow("C1 CSI") << QString::fromUtf16(u"a\u009b2Jb") << QStringLiteral("a\\x9b2Jb");
    QTest::newRow("bidi override") << QString::fromUtf16(u"evil\u202etxt.exe") << QStringLiteral("evil\\u202etxt.exe");
    QTest::newRow("bidi isolate") << QString::fromUtf16(u"a\u2066b\u2069") << QStringLiteral("a\\u2066b\\u2069");
    QTest::newRow("backslash alone is text") << QStringLiteral("C:\\temp") << QStringLiteral("C:\\temp");
}

void TestTerminalText::cleanEscapesControls()
{
    QFETCH(QString, text);
    QFETCH(QString, shown);
    QCOMPARE(TerminalText::clean(text), shown);
    for (const QChar c : TerminalText::clean(text))
        QVERIFY(!TerminalText::needsEscaping(c));
}

void TestTerminalText::cleanLinesKeepsOneLineEach()
{
    const QString joined = TerminalText::cleanLines({QStringLiteral("1  Started  Evil\nforged"), QStringLiteral("2  Done")});
    QCOMPARE(joined.count(QLatin1Char('\n')), 1);
    QCOMPARE(joined, QStringLiteral("1  Started  Evil\\nforged\n2  Done"));
}

void TestTerminalText::shellQuotedRunsWithTheSameText_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("plain") << QStringLiteral("prod-key=hex:...");
    QTest::newRow("quote") << QStringLiteral("it's=hex:...");
    QTest::newRow("command substitution") << QStringLiteral("$(touch /tmp/pwned)`id`=hex:...");
    QTest::newRow("line break and quote") << QStringLiteral("k'\n; rm -rf ~ #=hex:...");
    QTest::newRow("escape") << QStringLiteral("k\x1b[2J\\x=hex:...");
    QTest::newRow("bidi") << QString::fromUtf16(u"k\u202eab=hex:...");
}

// bash itself reads the quoted word back: the command it runs names exactly this text.
void TestTerminalText::shellQuotedRunsWithTheSameText()
{
    QFETCH(QString, text);
    const QString quoted = TerminalText::shellQuoted(text);
    for (const QChar c : quoted)
        QVERIFY2(!TerminalText::needsEscaping(c), qPrintable(quoted));
    QProcess bash;
    bash.start(QStringLiteral("bash"), {QStringLiteral("-c"), QStringLiteral("printf %s ") + quoted});
    QVERIFY(bash.waitForFinished(10000));
    QCOMPARE(bash.exitCode(), 0);
    QCOMPARE(QString::fromUtf8(bash.readAllStandardOutput()), text);
}

QTEST_GUILESS_MAIN(TestTerminalText)
#include "tst_terminaltext.moc"
