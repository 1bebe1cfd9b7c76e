package io.madoguchi.core.faq;

import java.util.List;
import java.util.Objects;

/**
 * The result of matching a query: a decision, its calibrated confidence and the ranked candidates.
 * Immutable and thread-safe.
 *
 * @param decision   answer, suggest or hand over
 * @param confidence estimated probability in [0,1] that the first candidate answers the query
 * @param candidates ranked candidates, best first (possibly empty); a bot suggesting shows the first three
 * @param features   the calibration features behind the confidence (see {@link FaqCalibration}), for
 *                   diagnostics and for fitting a calibration
 */
public record FaqMatch(FaqDecision decision, double confidence, List<ScoredFaq> candidates,
                       java.util.Map<String, Double> features) {
    /**
     * @param decision   answer, suggest or hand over
     * @param confidence estimated probability in [0,1] that the first candidate answers the query
     * @param candidates ranked candidates, best first (possibly empty); a bot suggesting shows the first three
     * @param features   the calibration features behind the confidence (see {@link FaqCalibration}), for
     *     diagnostics and for fitting a calibration
     * @throws NullPointerException     if a component is null
     * @throws io.madoguchi.core.ValidationException naming {@code confidence} when it is outside [0,1]
     */
    public FaqMatch {
        Objects.requireNonNull(decision, "decision");
        candidates = List.copyOf(candidates);
        features = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(features));
        if (!(confidence >= 0 && confidence <= 1)) {
            throw io.madoguchi.core.ValidationException.of("confidence", "must be in [0,1], was " + confidence);
        }
    }

    /** @return the first three candidates, for {@link FaqDecision#SUGGEST} */
    public List<ScoredFaq> suggestions() {
        return candidates.subList(0, Math.min(3, candidates.size()));
    }
}
