#pragma once

#include <vector>

namespace hl {

// Aligns two sequences of keys (small integers, equal when the steps they name are the same kind of step) as a
// shortest edit script: matched pairs, and what only one side has, in order.
//
// Myers' O((N+M)·D) algorithm after the common prefix and suffix are set aside, while the edits stay under
// `maxEdits`. Past that (two histories that share little), keys that occur once on each side anchor the alignment
// (patience diff: their longest increasing run), each gap between anchors is aligned again, and a gap that is still
// too different is matched greedily in order, so the work stays near-linear on any input.
class SequenceAlignment {
public:
    struct Pair {
        int a = -1; // index into the first sequence, -1 when only the second has this one
        int b = -1; // index into the second, -1 when only the first has it
    };

    static constexpr int kDefaultMaxEdits = 4000;

    static std::vector<Pair> align(const std::vector<int>& a, const std::vector<int>& b, int maxEdits = kDefaultMaxEdits);
};

} // namespace hl
