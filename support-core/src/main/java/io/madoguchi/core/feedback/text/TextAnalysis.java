package io.madoguchi.core.feedback.text;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The result of analysing one text.
 *
 * @param language {@code "ja"} or {@code "en"}
 * @param keyPhrases key phrases in order of first occurrence, without duplicates
 * @param sentiment the polarity
 * @param themes the themes the key phrases map to
 * @param complaint the complaint signal, when the text reads as a complaint
 */
public record TextAnalysis(String language, List<String> keyPhrases, Sentiment sentiment, Set<String> themes,
                           @Nullable ComplaintSignal complaint) {

    /**
     * Copies the collections.
     *
     * @param language {@code "ja"} or {@code "en"}
     * @param keyPhrases key phrases in order of first occurrence, without duplicates
     * @param sentiment the polarity
     * @param themes the themes the key phrases map to
     * @param complaint the complaint signal, when the text reads as a complaint
     */
    public TextAnalysis {
        keyPhrases = List.copyOf(keyPhrases);
        themes = Set.copyOf(themes);
    }

    /** @return the complaint signal, if the text reads as a complaint */
    public Optional<ComplaintSignal> complaintSignal() {
        return Optional.ofNullable(complaint);
    }

    /** @return whether the text reads as a complaint */
    public boolean isComplaint() {
        return complaint != null;
    }

    /** @return a description without the key phrases (taken from the customer's own words), for logs */
    @Override
    public String toString() {
        return "TextAnalysis[" + language + ", keyPhrases=" + keyPhrases.size() + ", " + sentiment + ", themes="
            + themes + (complaint == null ? "" : ", " + complaint) + "]";
    }
}
