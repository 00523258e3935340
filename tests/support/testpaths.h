#pragma once

#include <QDir>
#include <QString>
#include <QStringList>

namespace hl::test {

// The 24 real histories from Temporal's public repositories (shared/fixtures/histories/real).
inline QString realFixture(const QString& name)
{
    return QStringLiteral(HL_REAL_FIXTURES_DIR "/") + name;
}

inline QStringList realFixtureNames()
{
    return QDir(QStringLiteral(HL_REAL_FIXTURES_DIR))
        .entryList({QStringLiteral("*.json"), QStringLiteral("*.bin"), QStringLiteral("*.gz")}, QDir::Files, QDir::Name);
}

// Fixtures written by hl_fixturegen before the tests run.
inline QString generatedFixture(const QString& name)
{
    return QStringLiteral(HL_GENERATED_FIXTURES_DIR "/") + name;
}

// Codec payloads written by tools/make_codec_vectors.py (independent implementations) before the tests run.
inline QString codecVector(const QString& name)
{
    return QStringLiteral(HL_CODEC_VECTORS_DIR "/") + name;
}

inline QString testData(const QString& name)
{
    return QStringLiteral(HL_TEST_DATA_DIR "/") + name;
}

inline QString cliPath()
{
    return QStringLiteral(HL_CLI_PATH);
}

} // namespace hl::test
