#include "diff/sequencealignment.h"

#include <algorithm>
#include <unordered_map>

namespace hl {

namespace {

using Pair = SequenceAlignment::Pair;

struct Aligner {
    const std::vector<int>& a;
    const std::vector<int>& b;
    int maxEdits;
    std::vector<Pair> out;

    void onlyA(int from, int to)
    {
        for (int i = from; i < to; ++i)
            out.push_back({i, -1});
    }
    void onlyB(int from, int to)
    {
        for (int j = from; j < to; ++j)
            out.push_back({-1, j});
    }

    // a[alo, ahi) against b[blo, bhi).
    void align(int alo, int ahi, int blo, int bhi)
    {
        while (alo < ahi && blo < bhi && a[size_t(alo)] == b[size_t(blo)])
            out.push_back({alo++, blo++});
        int tail = 0;
        while (ahi - tail > alo && bhi - tail > blo && a[size_t(ahi - tail - 1)] == b[size_t(bhi - tail - 1)])
            ++tail;
        ahi -= tail;
        bhi -= tail;
        if (alo == ahi) {
            onlyB(blo, bhi);
        } else if (blo == bhi) {
            onlyA(alo, ahi);
        } else if (!myers(alo, ahi, blo, bhi) && !patience(alo, ahi, blo, bhi)) {
            greedy(alo, ahi, blo, bhi);
        }
        for (int t = 0; t < tail; ++t)
            out.push_back({ahi + t, bhi + t});
    }

    // The shortest edit script, when it takes at most maxEdits edits. Each round d keeps its frontier (2d+1
    // values), so memory is O(D²), never O((N+M)·D).
    bool myers(int alo, int ahi, int blo, int bhi)
    {
        const int n = ahi - alo;
        const int m = bhi - blo;
        const int limit = std::min(n + m, maxEdits);
        const int offset = limit + 1;
        std::vector<int> v(size_t(2 * limit + 3), 0);
        std::vector<std::vector<int>> rounds;
        int found = -1;
        for (int d = 0; d <= limit && found < 0; ++d) {
            for (int k = -d; k <= d; k += 2) {
                int x = (k == -d || (k != d && v[size_t(offset + k - 1)] < v[size_t(offset + k + 1)])) ? v[size_t(offset + k + 1)]
                                                                                                        : v[size_t(offset + k - 1)] + 1;
                int y = x - k;
                while (x < n && y < m && a[size_t(alo + x)] == b[size_t(blo + y)])
                    ++x, ++y;
                v[size_t(offset + k)] = x;
                if (x >= n && y >= m) {
                    found = d;
                    break;
                }
            }
            rounds.emplace_back(v.begin() + (offset - d), v.begin() + (offset + d + 1));
        }
        if (found < 0)
            return false;
        // Back from (n, m): each round is one edit and the run of matches after it.
        std::vector<Pair> script;
        int x = n;
        int y = m;
        for (int d = found; d > 0; --d) {
            const std::vector<int>& previous = rounds[size_t(d - 1)]; // k in [-(d-1), d-1] at index k + d - 1
            const int k = x - y;
            auto at = [&previous, d](int kk) { return previous[size_t(kk + d - 1)]; };
            const bool down = k == -d || (k != d && at(k - 1) < at(k + 1));
            const int previousK = down ? k + 1 : k - 1;
            const int px = at(previousK);
            const int py = px - previousK;
            const int midX = down ? px : px + 1;
            const int midY = midX - k;
            while (x > midX && y > midY)
                script.push_back({alo + --x, blo + --y});
            if (down)
                script.push_back({-1, blo + py});
            else
                script.push_back({alo + px, -1});
            x = px;
            y = py;
        }
        while (x > 0 && y > 0)
            script.push_back({alo + --x, blo + --y});
        out.insert(out.end(), script.rbegin(), script.rend());
        return true;
    }

    // Keys that occur once in each range anchor the alignment where their order agrees; the gaps between are
    // aligned again.
    bool patience(int alo, int ahi, int blo, int bhi)
    {
        std::unordered_map<int, std::pair<int, int>> counts; // key -> (count in a, position in a)
        for (int i = alo; i < ahi; ++i) {
            auto& c = counts[a[size_t(i)]];
            ++c.first;
            c.second = i;
        }
        std::unordered_map<int, std::pair<int, int>> inB;
        for (int j = blo; j < bhi; ++j) {
            auto& c = inB[b[size_t(j)]];
            ++c.first;
            c.second = j;
        }
        std::vector<std::pair<int, int>> unique; // (position in a, position in b), in a's order
        for (int i = alo; i < ahi; ++i) {
            const auto& c = counts[a[size_t(i)]];
            const auto found = inB.find(a[size_t(i)]);
            if (c.first == 1 && found != inB.end() && found->second.first == 1)
                unique.push_back({i, found->second.second});
        }
        if (unique.empty())
            return false;
        // Longest increasing run of b positions (patience sorting), O(u log u).
        std::vector<int> tails;                     // index into unique of the smallest tail of each length
        std::vector<int> before(unique.size(), -1); // the previous element of each one's best run
        for (int u = 0; u < int(unique.size()); ++u) {
            const int position = unique[size_t(u)].second;
            const auto slot = std::lower_bound(tails.begin(), tails.end(), position,
                                               [&unique](int t, int p) { return unique[size_t(t)].second < p; });
            before[size_t(u)] = slot == tails.begin() ? -1 : *(slot - 1);
            if (slot == tails.end())
                tails.push_back(u);
            else
                *slot = u;
        }
        std::vector<std::pair<int, int>> anchors;
        for (int u = tails.back(); u >= 0; u = before[size_t(u)])
            anchors.push_back(unique[size_t(u)]);
        std::reverse(anchors.begin(), anchors.end());
        int i = alo;
        int j = blo;
        for (const auto& [ai, bj] : anchors) {
            align(i, ai, j, bj);
            out.push_back({ai, bj});
            i = ai + 1;
            j = bj + 1;
        }
        align(i, ahi, j, bhi);
        return true;
    }

    // In order: each of a's keys matches the next unmatched equal key of b, when there is one.
    void greedy(int alo, int ahi, int blo, int bhi)
    {
        std::unordered_map<int, std::vector<int>> positions; // key -> its positions in b, ascending
        for (int j = blo; j < bhi; ++j)
            positions[b[size_t(j)]].push_back(j);
        std::unordered_map<int, size_t> next;
        int j = blo;
        for (int i = alo; i < ahi; ++i) {
            const auto found = positions.find(a[size_t(i)]);
            if (found == positions.end()) {
                out.push_back({i, -1});
                continue;
            }
            const std::vector<int>& list = found->second;
            size_t& n = next[a[size_t(i)]];
            n = size_t(std::lower_bound(list.begin() + long(n), list.end(), j) - list.begin());
            if (n == list.size()) {
                out.push_back({i, -1});
                continue;
            }
            onlyB(j, list[n]);
            out.push_back({i, list[n]});
            j = list[n] + 1;
            ++n;
        }
        onlyB(j, bhi);
    }
};

} // namespace

std::vector<SequenceAlignment::Pair> SequenceAlignment::align(const std::vector<int>& a, const std::vector<int>& b, int maxEdits)
{
    Aligner aligner{a, b, std::max(1, maxEdits), {}};
    aligner.out.reserve(std::max(a.size(), b.size()) + 16);
    aligner.align(0, int(a.size()), 0, int(b.size()));
    return std::move(aligner.out);
}

} // namespace hl
